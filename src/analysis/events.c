/* events.c - the one event log, see events.h. */
#include "analysis/events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fmt.h"
#include "util/xalloc.h"

/* This sample's events: a kill storm (a fork bomb in a small cgroup) can
 * make many at once; all are kept for this sample's streams. */
struct evlog {
	struct event ring[EV_LOG_MAX];
	size_t head, n;
	struct event *fresh;
	size_t nfresh, fresh_cap;
	uint64_t kills;
};

struct evlog *evlog_new(void)
{
	return xcalloc(1, sizeof(struct evlog));
}

void evlog_free(struct evlog *l)
{
	if (!l)
		return;
	free(l->fresh);
	free(l);
}

void evlog_tick(struct evlog *l)
{
	l->nfresh = 0;
}

void evlog_append(struct evlog *l, const struct event *e)
{
	xgrow((void **)&l->fresh, &l->fresh_cap, l->nfresh + 1, sizeof *l->fresh);
	l->fresh[l->nfresh++] = *e;
	l->ring[l->head] = *e;
	l->head = (l->head + 1) % EV_LOG_MAX;
	if (l->n < EV_LOG_MAX)
		l->n++;
	if (e->type == EV_OOM_KILL)
		l->kills++;
}

const struct event *evlog_fresh(const struct evlog *l, size_t i, size_t *n)
{
	*n = l->nfresh;
	return i < l->nfresh ? &l->fresh[i] : NULL;
}

const struct event *evlog_at(const struct evlog *l, size_t i, size_t *n)
{
	*n = l->n;
	if (i >= l->n)
		return NULL;
	return &l->ring[(l->head + EV_LOG_MAX - l->n + i) % EV_LOG_MAX];
}

uint64_t evlog_kills(const struct evlog *l)
{
	return l->kills;
}

const char *event_type_name(enum ev_type t)
{
	return t == EV_LOG_ERROR ? "log_error" : "oom_kill";
}

const char *event_source_name(enum ev_source s)
{
	static const char *const names[] = {
		[EVS_KERNEL_LOG] = "kernel_log", [EVS_COUNTER] = "counter",
		[EVS_WATCHED_LOG] = "watched_log",
	};
	return s <= EVS_WATCHED_LOG ? names[s] : "?";
}

/* "in the memory cgroup /x (its limit)", "machine-wide", "scope unknown" */
static void scope_text(const struct event *e, char *buf, size_t len)
{
	if (!e->scope[0])
		snprintf(buf, len, "(scope unknown)");
	else if (strcmp(e->scope, "system") == 0)
		snprintf(buf, len, "machine-wide%s", e->constraint == OOMC_CPUSET ? " (cpuset nodes)"
			 : e->constraint == OOMC_MEMORY_POLICY ? " (memory policy nodes)" : "");
	else
		snprintf(buf, len, "in cgroup %s", e->scope);
}

void event_describe(const struct event *e, char *buf, size_t len)
{
	if (e->type == EV_LOG_ERROR) {
		snprintf(buf, len, "known error [%s] in %s: %s", e->kb, e->scope, e->line);
		return;
	}
	char scope[EV_SCOPE_MAX + 48], rss[16];
	scope_text(e, scope, sizeof scope);
	const char *how = e->source == EVS_KERNEL_LOG ? "kernel log" : "counter";
	if (e->pid)
		snprintf(buf, len, "OOM kill %s: pid %d %s, %s (%s)", scope, (int)e->pid,
			 e->comm[0] ? e->comm : "?", fmt_bytes_iec(e->rss, rss, sizeof rss), how);
	else
		snprintf(buf, len, "OOM kill %s: victim unknown (%s)", scope, how);
}

const struct event *evlog_last_kill(const struct evlog *l)
{
	size_t n;
	evlog_at(l, 0, &n);
	for (size_t i = n; i-- > 0;) {
		const struct event *e = evlog_at(l, i, &n);
		if (e->type == EV_OOM_KILL)
			return e;
	}
	return NULL;
}
