/* history.c - ring of recent samples for the chart; see history.h. */
#include "analysis/history.h"

#include <stdio.h>
#include <string.h>

void history_init(struct history *h)
{
	memset(h, 0, sizeof *h);
}

static size_t at(const struct history *h, size_t i)
{
	return (h->head + HISTORY_MAX - 1 - i) % HISTORY_MAX;
}

/* The slot for name: its own, else a free one, else the one longest out of
 * the urgent, the least urgent of those (its past is dropped). */
static struct history_series *slot(struct history *h, const char *name)
{
	struct history_series *victim = NULL;
	for (int i = 0; i < HISTORY_SERIES; i++) {
		struct history_series *se = &h->ser[i];
		if (se->used && strcmp(se->name, name) == 0)
			return se;
		if (!victim || (victim->used && (!se->used || se->seen < victim->seen ||
						 (se->seen == victim->seen && se->rank > victim->rank))))
			victim = se;
	}
	if (victim->used && victim->seen == h->count)
		return NULL;   /* all taken this sample */
	victim->used = true;
	snprintf(victim->name, sizeof victim->name, "%s", name);
	for (size_t k = 0; k < HISTORY_MAX; k++)
		victim->v[k] = SNAP_NA;
	return victim;
}

void history_add(struct history *h, const struct snapshot *s, const struct fc_item *items,
                 size_t n, int (*cmp)(const struct fc_item *, const struct fc_item *))
{
	h->count++;
	h->avail[h->head] = s->mem.available;
	h->swap_used[h->head] = snap_known(s->swap.total) && snap_known(s->swap.free) &&
		s->swap.total >= s->swap.free ? s->swap.total - s->swap.free : SNAP_NA;
	h->t[h->head] = s->mono;
	for (int i = 0; i < HISTORY_SERIES; i++)
		h->ser[i].v[h->head] = SNAP_NA;
	/* the HISTORY_SERIES most urgent, picked by selection: n is small and
	 * the few winners are all that is needed */
	const struct fc_item *top[HISTORY_SERIES];
	size_t ntop = 0;
	for (size_t i = 0; i < n; i++) {
		size_t j = ntop < HISTORY_SERIES ? ntop++ : HISTORY_SERIES;
		while (j > 0 && cmp(&items[i], top[j - 1]) < 0) {
			if (j < HISTORY_SERIES)
				top[j] = top[j - 1];
			j--;
		}
		if (j < HISTORY_SERIES)
			top[j] = &items[i];
	}
	for (size_t i = 0; i < ntop; i++) {
		struct history_series *se = slot(h, top[i]->resource);
		if (!se)
			continue;
		se->seen = h->count;
		se->rank = (int)i;
		se->v[h->head] = top[i]->headroom;
	}
	h->head = (h->head + 1) % HISTORY_MAX;
	if (h->n < HISTORY_MAX)
		h->n++;
}

uint64_t history_avail(const struct history *h, size_t i)
{
	return h->avail[at(h, i)];
}

uint64_t history_swap(const struct history *h, size_t i)
{
	return h->swap_used[at(h, i)];
}

double history_age(const struct history *h, size_t i)
{
	if (h->n == 0 || i >= h->n)
		return 0;
	double d = h->t[at(h, 0)] - h->t[at(h, i)];
	return d > 0 ? d : 0;
}

int history_find(const struct history *h, const char *name)
{
	for (int i = 0; i < HISTORY_SERIES; i++)
		if (h->ser[i].used && strcmp(h->ser[i].name, name) == 0)
			return i;
	return -1;
}

uint64_t history_headroom(const struct history *h, int series, size_t i)
{
	return h->ser[series].v[at(h, i)];
}
