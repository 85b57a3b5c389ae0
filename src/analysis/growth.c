/* growth.c - per-process growth rates; see growth.h.
 *
 * A least-squares fit over the samples of the last window seconds, not the
 * difference of the last two: at a 0.1 s interval one page-fault burst would
 * otherwise read as gigabytes per second. A pid whose start time or comm
 * changes is a new process (pid reuse) and starts a new history. */
#include "analysis/growth.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/pidmap.h"
#include "util/xalloc.h"

#define HIST 8

/* One slot per process; kept small because a busy machine has thousands. */
struct track {
	struct pidmap_hdr h;
	char comm[16];             /* the kernel's comm is at most 15 bytes */
	uint64_t start;            /* the process's start time (snap_proc) */
	uint8_t n, head;           /* ring of the last HIST samples */
	uint32_t changed;          /* ms of the last sample that differed */
	uint32_t t[HIST];          /* milliseconds, modulo 2^32: differences are exact */
	uint64_t v[HIST];          /* rss + swap, bytes */
};

struct growth {
	double window;
	struct pidmap map;         /* of struct track */
};

struct growth *growth_new(double window_s)
{
	struct growth *g = xcalloc(1, sizeof *g);
	g->window = window_s;
	pidmap_init(&g->map, sizeof(struct track));
	return g;
}

void growth_free(struct growth *g)
{
	if (!g)
		return;
	pidmap_free(&g->map);
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

void growth_update(struct growth *g, struct snapshot *s)
{
	pidmap_begin(&g->map, s->nprocs);
	uint32_t now_ms = (uint32_t)(uint64_t)(snap_when(s->procs_mono, s->mono) * 1000);
	uint32_t window_ms = (uint32_t)(g->window * 1000 + 0.5);
	for (size_t i = 0; i < s->nprocs; i++) {
		struct snap_proc *p = &s->procs[i];
		bool fresh;
		struct track *t = pidmap_get(&g->map, p->pid, &fresh);
		if (fresh || t->start != p->start ||
		    strncmp(t->comm, p->comm, sizeof t->comm - 1) != 0) {
			/* new, reused or returning pid: a fresh history */
			t->n = t->head = 0;
			t->start = p->start;
			memcpy(t->comm, p->comm, sizeof t->comm - 1);   /* p->comm is longer */
			t->comm[sizeof t->comm - 1] = '\0';
		}
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
	pidmap_end(&g->map, s->nprocs);
}
