/* growth.c - per-process growth rates; see growth.h.
 *
 * A least-squares fit over the samples of the last window seconds, not the
 * difference of the last two: at a 0.1 s interval one page-fault burst would
 * otherwise read as gigabytes per second. A pid whose comm changes is a new
 * process (pid reuse) and starts a new history. */
#include "analysis/growth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define HIST 16

struct track {
	pid_t pid;                 /* 0 = empty slot */
	unsigned gen;              /* last update generation this pid was seen in */
	char comm[SNAP_COMM_MAX];
	int n, head;               /* ring of the last HIST samples */
	double t[HIST], v[HIST];
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
 * grows it to keep it under half full. Linear probing needs no tombstones
 * this way. */
static void rebuild(struct growth *g, size_t need, unsigned keep_from)
{
	size_t cap = g->cap;
	while (need * 2 > cap)
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
	/* worst case every process is new: keep the load factor under 1/2 */
	if ((g->used + s->nprocs) * 2 > g->cap)
		rebuild(g, g->used + s->nprocs, g->gen - 1);
	for (size_t i = 0; i < s->nprocs; i++) {
		struct snap_proc *p = &s->procs[i];
		struct track *t = lookup(g, p->pid, true);
		if (strncmp(t->comm, p->comm, sizeof t->comm) != 0 || t->gen + 1 != g->gen) {
			/* new, reused or returning pid: a fresh history */
			t->n = t->head = 0;
			snprintf(t->comm, sizeof t->comm, "%s", p->comm);
		}
		t->gen = g->gen;
		p->growth = NAN;
		if (!snap_known(p->rss))
			continue;
		double v = (double)p->rss + (snap_known(p->swap) ? (double)p->swap : 0);
		t->t[t->head] = s->mono;
		t->v[t->head] = v;
		t->head = (t->head + 1) % HIST;
		if (t->n < HIST)
			t->n++;
		/* gather the samples inside the window, oldest first */
		double tt[HIST], vv[HIST];
		int m = 0;
		for (int k = t->n; k >= 1; k--) {
			int j = (t->head - k + HIST) % HIST;
			if (s->mono - t->t[j] <= g->window + 1e-9)
				tt[m] = t->t[j] - s->mono, vv[m] = t->v[j], m++;
		}
		p->growth = growth_slope(tt, vv, m);
	}
	/* forget vanished pids now and then: when they make up half the table */
	if (g->used > 2 * s->nprocs + 64)
		rebuild(g, s->nprocs + 1, g->gen);
}
