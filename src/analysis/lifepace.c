/* lifepace.c - the pace of processes already growing when watching began;
 * see lifepace.h. */
#include "analysis/lifepace.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/xalloc.h"

struct first {
	pid_t pid;
	uint64_t start;   /* clock ticks after boot: the same pid with another start is another process */
	double size;      /* anonymous memory and swap, bytes */
	double age;       /* s */
};

struct lifepace {
	bool taken;       /* the first sample's processes are in v */
	double t0;        /* when they were read */
	struct first *v;  /* sorted by pid */
	size_t n, cap;
};

struct lifepace *lifepace_new(void)
{
	return xcalloc(1, sizeof(struct lifepace));
}

void lifepace_free(struct lifepace *lp)
{
	if (!lp)
		return;
	free(lp->v);
	free(lp);
}

static int by_pid(const void *a, const void *b)
{
	pid_t x = ((const struct first *)a)->pid, y = ((const struct first *)b)->pid;
	return (x > y) - (x < y);
}

void lifepace_sample(struct lifepace *lp, const struct snapshot *s)
{
	if (lp->taken)
		return;
	lp->taken = true;
	lp->t0 = snap_when(s->procs_mono, s->mono);
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		double age = snap_proc_age(s, p), size = snap_proc_leak_size(p);
		if (p->kthread || !(age >= LIFEPACE_MIN_AGE_S) || !(size > 0))
			continue;   /* only the old ones can ever speak */
		xgrow((void **)&lp->v, &lp->cap, lp->n + 1, sizeof *lp->v);
		lp->v[lp->n++] = (struct first){p->pid, p->start, size, age};
	}
	if (lp->n > 1)   /* (qsort of no array at all is undefined: UBSan) */
		qsort(lp->v, lp->n, sizeof *lp->v, by_pid);
}

bool lifepace_read(const struct lifepace *lp, const struct snapshot *s,
                   bool (*in)(const struct snapshot *s, const struct snap_proc *p, const void *arg),
                   const void *arg, struct lifepace_read *out)
{
	*out = (struct lifepace_read){0, 0, 0};
	double span = snap_when(s->procs_mono, s->mono) - lp->t0;
	if (!lp->taken || lp->n == 0 || span < LIFEPACE_MIN_SPAN_S || span > LIFEPACE_S)
		return false;
	/* start times in clock ticks; a recording's, replayed, to its
	 * rounding: a second apart is still the same process (a pid taken
	 * again is younger than the first sample, which came 30 s at least
	 * after the old one's start) */
	long tck = sysconf(_SC_CLK_TCK);
	double slack = tck > 0 ? (double)tck : 100.0;
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		if (!in(s, p, arg))
			continue;
		struct first key = {.pid = p->pid};
		const struct first *f = bsearch(&key, lp->v, lp->n, sizeof *lp->v, by_pid);
		double size = snap_proc_leak_size(p);
		if (!f || !snap_known(p->start) || fabs((double)p->start - (double)f->start) > slack ||
		    !isfinite(size))
			continue;
		double life = f->size / f->age, grew = size - f->size, since = grew / span;
		if (grew < LIFEPACE_MIN_MOVE || fabs(since - life) > LIFEPACE_AGREE * life)
			continue;
		out->pace += life;
		out->since += since;
		out->moved += grew;
	}
	return out->pace > 0;
}
