/* rsshist.c - per-process RSS over minutes; see rsshist.h.
 *
 * Most processes sit still: their RSS is the same at every step. So a
 * process has a small entry (its first step and its value) and gets a ring
 * of RSSHIST_SLOTS values only while its RSS has changed within the span
 * kept; a ring whose process is gone, or has been still for the whole span,
 * goes back to a free list.
 *
 * Cost, measured with 2,000 processes of which 100 change at every step
 * (a throwaway -O2 loop over rsshist_update on this 2-core VM): 50-65 us a
 * step, one step every 4 s, so under 0.002% of a core; under 0.01 us a
 * sample between steps (only the step check); peak RSS up 268 KiB: 32 bytes
 * a process in a table kept 3/8 to 3/4 full (128 KiB for 2,000, twice that
 * for a moment while it grows) and 248 bytes a changing process (25 KiB).
 * Small enough to keep every process, which is what lets a process opened
 * for the first time show its past. */
#include "analysis/rsshist.h"

#include <stdlib.h>
#include <string.h>

#include "util/pidmap.h"
#include "util/xalloc.h"

#define NA_KIB UINT32_MAX
#define NO_RING UINT32_MAX

struct rtrack {
	struct pidmap_hdr h;
	uint64_t start;                  /* the process's start time (snap_proc) */
	uint32_t first;                  /* the step it was first kept at */
	uint32_t changed;                /* the last step its RSS differed */
	uint32_t kib;                    /* its RSS at the last step, KiB */
	uint32_t ring;                   /* its ring in the pool, NO_RING: none */
};

struct ring {
	pid_t pid;                       /* 0: free */
	uint32_t written;                /* the last step it was written at */
	uint32_t kib[RSSHIST_SLOTS];     /* RSS in KiB, by step modulo the slots */
};

struct rsshist {
	double step;
	uint32_t count;                  /* steps kept (2^32 steps of 4 s: centuries) */
	double t[RSSHIST_SLOTS];         /* each step's time: monotonic seconds */
	struct pidmap map;               /* of struct rtrack */
	struct ring *pool;
	size_t npool, cap;
	uint32_t *free;                  /* free rings' indices, a stack */
	size_t nfree, free_cap;
};

struct rsshist *rsshist_new(double step_s)
{
	struct rsshist *h = xcalloc(1, sizeof *h);
	h->step = step_s;
	pidmap_init(&h->map, sizeof(struct rtrack));
	return h;
}

void rsshist_free(struct rsshist *h)
{
	if (!h)
		return;
	pidmap_free(&h->map);
	free(h->pool);
	free(h->free);
	free(h);
}

static double scan_time(const struct snapshot *s)
{
	return snap_when(s->procs_mono, s->mono);
}

static uint32_t to_kib(uint64_t rss)
{
	if (!snap_known(rss))
		return NA_KIB;
	uint64_t k = rss / 1024;
	return k >= NA_KIB ? NA_KIB - 1 : (uint32_t)k;
}

/* A ring for r, its past steps holding the value it kept until now. */
static void ring_take(struct rsshist *h, struct rtrack *r)
{
	uint32_t i;
	if (h->nfree) {
		i = h->free[--h->nfree];
	} else {
		xgrow((void **)&h->pool, &h->cap, h->npool + 1, sizeof *h->pool);
		i = (uint32_t)h->npool++;
	}
	struct ring *g = &h->pool[i];
	g->pid = r->h.pid;
	for (size_t k = 0; k < RSSHIST_SLOTS; k++)
		g->kib[k] = r->kib;
	r->ring = i;
}

static void ring_give(struct rsshist *h, uint32_t i)
{
	h->pool[i].pid = 0;
	xgrow((void **)&h->free, &h->free_cap, h->nfree + 1, sizeof *h->free);
	h->free[h->nfree++] = i;
}

void rsshist_update(struct rsshist *h, const struct snapshot *s)
{
	double now = scan_time(s);
	if (h->count) {
		double last = h->t[(h->count - 1) % RSSHIST_SLOTS];
		/* a step is due a little early rather than one sample late: at a
		 * 1 s interval samples come at 3.99 s as often as at 4.01 s */
		if (now - last < h->step * 0.95 && now >= last)
			return;
	}
	uint32_t step = h->count, slot = step % RSSHIST_SLOTS;
	h->t[slot] = now;
	/* told as many as it will hold: the kernel threads left out (sized
	 * for them at the start and shrunk at the end, it was rebuilt twice
	 * a step on a machine of many cores; a review's find) */
	size_t expect = 0;
	for (size_t i = 0; i < s->nprocs; i++)
		expect += !s->procs[i].kthread;
	pidmap_begin(&h->map, expect);
	size_t kept = 0;
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		if (p->kthread)
			continue;
		bool fresh;
		struct rtrack *r = pidmap_get(&h->map, p->pid, &fresh);
		uint32_t v = to_kib(p->rss);
		kept++;
		if (fresh || r->start != p->start) {
			/* a ring it had is not written this step: swept below */
			r->start = p->start;
			r->first = r->changed = step;
			r->kib = v;
			r->ring = NO_RING;
			continue;
		}
		if (v != r->kib) {
			r->changed = step;
			if (r->ring == NO_RING)
				ring_take(h, r);
		}
		r->kib = v;
		if (r->ring == NO_RING)
			continue;
		struct ring *g = &h->pool[r->ring];
		g->kib[slot] = v;
		g->written = step;
		/* still for the whole span: its one value says it all again */
		if (step - r->changed >= RSSHIST_SLOTS) {
			ring_give(h, r->ring);
			r->ring = NO_RING;
		}
	}
	pidmap_end(&h->map, kept);
	/* rings of processes gone (or another process's now) */
	for (uint32_t i = 0; i < h->npool; i++)
		if (h->pool[i].pid && h->pool[i].written != step)
			ring_give(h, i);
	h->count++;
}

size_t rsshist_get(const struct rsshist *h, const struct snapshot *s, const struct snap_proc *p,
                   uint64_t *rss, double *age, size_t max)
{
	if (max == 0)
		return 0;
	double now = scan_time(s);
	const struct rtrack *r = h->count ? pidmap_find(&h->map, p->pid) : NULL;
	uint32_t from = h->count, to = h->count;
	if (r && r->start == p->start) {
		from = r->first;
		if (to - from > RSSHIST_SLOTS)
			from = to - RSSHIST_SLOTS;
	}
	bool live = from == to || now > h->t[(to - 1) % RSSHIST_SLOTS];
	size_t want = (size_t)(to - from) + live;
	if (want > max)
		from += (uint32_t)(want - max), want = max;
	const uint32_t *ring = r && r->ring != NO_RING ? h->pool[r->ring].kib : NULL;
	size_t n = 0;
	for (uint32_t k = from; k != to && n < want; k++) {
		uint32_t v = ring ? ring[k % RSSHIST_SLOTS] : r->kib;
		rss[n] = v == NA_KIB ? SNAP_NA : (uint64_t)v * 1024;
		double a = now - h->t[k % RSSHIST_SLOTS];
		age[n++] = a > 0 ? a : 0;
	}
	if (live && n < max) {
		rss[n] = p->rss;
		age[n++] = 0;
	}
	return n;
}
