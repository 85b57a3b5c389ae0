/* growth.c - per-process growth rates; see growth.h.
 *
 * A least-squares fit over the samples of the last window seconds, not the
 * difference of the last two: at a 0.1 s interval one page-fault burst would
 * otherwise read as gigabytes per second. A pid whose comm changes is a new
 * process (pid reuse) and starts a new history. */
#include "analysis/growth.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define HIST 8

/* One slot per process; kept small because a busy machine has thousands. */
struct track {
	pid_t pid;                 /* 0 = empty slot */
	unsigned gen;              /* last update generation this pid was seen in */
	char comm[16];             /* the kernel's comm is at most 15 bytes */
	uint8_t n, head;           /* ring of the last HIST samples */
	uint32_t changed;          /* ms of the last sample that differed */
	uint32_t t[HIST];          /* milliseconds, modulo 2^32: differences are exact */
	uint64_t v[HIST];          /* rss + swap, bytes */
};

struct growth {
	double window;
	unsigned gen;
	struct track *slots;
	size_t cap, used;          /* cap is a power of two */
};

struct growth *growth_new(double window_s)
{
	struct growth *g = xcalloc(1, sizeof *g);
	g->window = window_s;
	g->cap = 256;
	g->slots = xcalloc(g->cap, sizeof *g->slots);
	return g;
}

void growth_free(struct growth *g)
{
	if (!g)
		return;
	free(g->slots);
	free(g);
}

double growth_slope(const double *t, const double *v, int n)
{
	if (n < 2)
		return NAN;
	double mt = 0, mv = 0;
	for (int i = 0; i < n; i++)
		mt += t[i], mv += v[i];
	mt /= n, mv /= n;
	double sxx = 0, sxy = 0;
	for (int i = 0; i < n; i++) {
		sxx += (t[i] - mt) * (t[i] - mt);
		sxy += (t[i] - mt) * (v[i] - mv);
	}
	return sxx > 0 ? sxy / sxx : NAN;
}

static size_t hash(pid_t pid, size_t cap)
{
	return ((size_t)(unsigned)pid * 2654435761u) & (cap - 1);
}

static struct track *lookup(struct growth *g, pid_t pid, bool insert)
{
	size_t i = hash(pid, g->cap);
	for (;;) {
		struct track *t = &g->slots[i];
		if (t->pid == pid)
			return t;
		if (t->pid == 0) {
			if (!insert)
				return NULL;
			memset(t, 0, sizeof *t);
			t->pid = pid;
			g->used++;
			return t;
		}
		i = (i + 1) & (g->cap - 1);
	}
}

/* Rebuild the table keeping only pids seen in generation keep_from or later;
 * grows it to keep it under 3/4 full. Linear probing needs no tombstones
 * this way. */
static void rebuild(struct growth *g, size_t need, unsigned keep_from)
{
	size_t cap = g->cap;
	while (need * 4 > cap * 3)
		cap *= 2;
	struct track *old = g->slots;
	size_t oldcap = g->cap;
	g->slots = xcalloc(cap, sizeof *g->slots);
	g->cap = cap;
	g->used = 0;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].pid && old[i].gen >= keep_from) {
			struct track *t = lookup(g, old[i].pid, true);
			*t = old[i];
		}
	free(old);
}

void growth_update(struct growth *g, struct snapshot *s)
{
	g->gen++;
	uint32_t now_ms = (uint32_t)(uint64_t)(s->mono * 1000);
	uint32_t window_ms = (uint32_t)(g->window * 1000 + 0.5);
	/* even if every process were new the table stays under 3/4 full */
	if ((g->used + s->nprocs) * 4 > g->cap * 3)
		rebuild(g, g->used + s->nprocs, g->gen - 1);
	for (size_t i = 0; i < s->nprocs; i++) {
		struct snap_proc *p = &s->procs[i];
		struct track *t = lookup(g, p->pid, true);
		if (strncmp(t->comm, p->comm, sizeof t->comm - 1) != 0 || t->gen + 1 != g->gen) {
			/* new, reused or returning pid: a fresh history */
			t->n = t->head = 0;
			memcpy(t->comm, p->comm, sizeof t->comm - 1);   /* p->comm is longer */
			t->comm[sizeof t->comm - 1] = '\0';
		}
		t->gen = g->gen;
		p->growth = NAN;
		if (!snap_known(p->rss))
			continue;
		uint64_t v = p->rss + (snap_known(p->swap) ? p->swap : 0);
		if (t->n == 0 || v != t->v[(t->head + HIST - 1) % HIST])
			t->changed = now_ms;
		t->t[t->head] = now_ms;
		t->v[t->head] = v;
		t->head = (uint8_t)((t->head + 1) % HIST);
		if (t->n < HIST)
			t->n++;
		/* the fit uses the samples inside the window, and at least the
		 * last two: at a delay longer than the window the rate still comes
		 * from consecutive samples */
		int m = 0;
		while (m < t->n) {
			int j = (t->head + HIST - 1 - m) % HIST;
			if (now_ms - t->t[j] > window_ms && m >= 2)
				break;
			m++;
		}
		int oldest = (t->head + HIST - m) % HIST;
		/* most processes sit still: all those samples equal, slope 0 */
		if (m >= 2 && now_ms - t->t[oldest] <= now_ms - t->changed) {
			p->growth = 0;
			continue;
		}
		/* relative to the newest sample, so the fit works on small numbers */
		double tt[HIST], vv[HIST];
		uint64_t vnew = t->v[(t->head + HIST - 1) % HIST];
		for (int k = 0; k < m; k++) {
			int j = (oldest + k) % HIST;
			tt[k] = -(double)(uint32_t)(now_ms - t->t[j]) / 1000;
			vv[k] = (double)t->v[j] - (double)vnew;
		}
		p->growth = growth_slope(tt, vv, m);
	}
	/* forget vanished pids now and then: when they make up half the table */
	if (g->used > 2 * s->nprocs + 64)
		rebuild(g, s->nprocs + 1, g->gen);
}
