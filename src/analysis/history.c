/* history.c - ring of recent samples for the chart; see history.h. */
#include "analysis/history.h"

#include <string.h>

void history_init(struct history *h)
{
	memset(h, 0, sizeof *h);
}

void history_add(struct history *h, const struct snapshot *s)
{
	h->avail[h->head] = s->mem.available;
	h->swap_used[h->head] = snap_known(s->swap.total) && snap_known(s->swap.free) &&
		s->swap.total >= s->swap.free ? s->swap.total - s->swap.free : SNAP_NA;
	h->head = (h->head + 1) % HISTORY_MAX;
	if (h->n < HISTORY_MAX)
		h->n++;
}

static size_t at(const struct history *h, size_t i)
{
	return (h->head + HISTORY_MAX - 1 - i) % HISTORY_MAX;
}

uint64_t history_avail(const struct history *h, size_t i)
{
	return h->avail[at(h, i)];
}

uint64_t history_swap(const struct history *h, size_t i)
{
	return h->swap_used[at(h, i)];
}
