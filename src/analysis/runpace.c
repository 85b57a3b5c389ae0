/* runpace.c - each process's run of steady growth; see runpace.h. */
#include "analysis/runpace.h"

#include <math.h>
#include <stdlib.h>

#include "util/pidmap.h"
#include "util/xalloc.h"

struct run {
	struct pidmap_hdr h;
	uint64_t start;        /* the process's start: the same pid with another is another process */
	double t0, v0;         /* the run began at this sample: its time (s), its size (bytes) */
	double tlast, vlast;   /* the last sample */
	double tfirst, first;  /* the first rise: when, how much (bytes) */
	double trise;          /* the last rise */
	double maxrise;        /* the largest rise in the run (bytes) */
	unsigned rises;
};

struct runpace {
	struct pidmap map;     /* of struct run */
	double t;              /* the last sample's time */
};

struct runpace *runpace_new(void)
{
	struct runpace *rp = xcalloc(1, sizeof *rp);
	pidmap_init(&rp->map, sizeof(struct run));
	rp->t = NAN;
	return rp;
}

void runpace_free(struct runpace *rp)
{
	if (!rp)
		return;
	pidmap_free(&rp->map);
	free(rp);
}

/* The run's pace: from its first rise to its last, what it grew after the
 * first (a creep in whole MiB read from the sample before its first MiB
 * reads one MiB too many: 1.2 MiB/s for 1, its ETA 12 % short); NaN with
 * fewer than two rises */
static double run_pace(const struct run *r)
{
	double span = r->trise - r->tfirst;
	return r->rises >= 2 && span > 0 ? (r->vlast - r->v0 - r->first) / span : NAN;
}

/* Has the run stopped by t? Still for RUNPACE_STALL_S, or for as long as
 * its own pace takes to make two of its rises: a load of 1.6 MiB/s in
 * whole MiB that stopped is over after 1.25 s, not 3 (live, the slowing
 * shape's load held its WARNING 3 s past its end so). */
static bool run_stopped(const struct run *r, double t)
{
	double still = t - r->trise, pace = run_pace(r), moved = r->vlast - r->v0;
	return still > RUNPACE_STALL_S ||
	       (r->rises >= RUNPACE_MIN_RISES && pace > 0 && still * pace > 2 * moved / r->rises);
}

static void run_begin(struct run *r, double t, double v)
{
	r->t0 = t, r->v0 = v;
	r->trise = t;
	r->maxrise = 0;
	r->rises = 0;
}

void runpace_sample(struct runpace *rp, const struct snapshot *s)
{
	double t = snap_when(s->procs_mono, s->mono);
	if (t == rp->t)
		return;   /* the same sample again */
	rp->t = t;
	pidmap_begin(&rp->map, s->nprocs);
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		double v = snap_proc_leak_size(p);
		if (p->kthread || !isfinite(v))
			continue;
		bool fresh;
		struct run *r = pidmap_get(&rp->map, p->pid, &fresh);
		if (fresh || r->start != p->start) {
			r->start = p->start;
			run_begin(r, t, v);
		} else if (v < r->vlast - RUNPACE_FALL) {
			run_begin(r, t, v);   /* fell back: a free, a run no more */
		} else if (v > r->vlast) {
			/* still too long: the run that ended there is over, this
			 * rise begins the next from the last still sample */
			if (run_stopped(r, t))
				run_begin(r, r->tlast, r->vlast);
			if (r->rises++ == 0)
				r->tfirst = t, r->first = v - r->vlast;
			if (v - r->vlast > r->maxrise)
				r->maxrise = v - r->vlast;
			r->trise = t;
		}
		r->tlast = t, r->vlast = v;
	}
	pidmap_end(&rp->map, s->nprocs);
}

bool runpace_read(const struct runpace *rp, const struct snapshot *s,
                  bool (*in)(const struct snapshot *s, const struct snap_proc *p, const void *arg),
                  const void *arg, struct runpace_read *out)
{
	*out = (struct runpace_read){0, 0, INFINITY};
	double t = snap_when(s->procs_mono, s->mono);
	if (t != rp->t)
		return false;   /* not the sample the runs were last brought to */
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		if (!in(s, p, arg))
			continue;
		const struct run *r = pidmap_find(&rp->map, p->pid);
		if (!r || r->start != p->start)
			continue;
		double moved = r->vlast - r->v0, pace = run_pace(r);
		if (r->trise - r->tfirst < RUNPACE_MIN_S || r->rises < RUNPACE_MIN_RISES || !(pace > 0) ||
		    r->maxrise > RUNPACE_EVEN * moved / r->rises || run_stopped(r, t))
			continue;
		out->pace += pace;
		out->moved += moved;
		if (r->t0 < out->since)
			out->since = r->t0;
	}
	return out->pace > 0;
}
