/* bursts.c - a load that works and pauses in turn; see bursts.h.
 *
 * Why: the window and the long view read such a load at its working pace
 * (2 MiB/s for 10 s, then 10 s of rest: an ETA half the time left, a
 * WARNING 117 s ahead) and each pause as the load's end once it outlasts
 * the gaps between its moves (OK with 15 s left, bench/series_sim.c kind
 * 2); a pause over 10 s begins a new load there. Its pace is a burst per
 * period, and it runs out inside a burst.
 *
 * A burst is seen at its first move of more than the noise, up to a gap
 * after it began (what it took before is under the noise); when it began
 * is told by how far below the pause's level that first move is, at the
 * burst's own pace. */
#include "analysis/bursts.h"

#include <math.h>

#include "util/num.h"

#define BURSTS_MIN 3        /* bursts after a pause, the last may be under way */
#define BURST_CLEAR 3.0     /* a pause at least this x the longest gap within a burst */
#define BURST_SPREAD 1.5    /* periods and sizes: the largest at most this x the smallest */
#define BURST_STOP 1.5      /* a pause this x the longest before: the load stopped */

/* what burst x took, with what it took under the noise after its last move */
static double taken_by(const struct trend_burst *x)
{
	return x->v0 - (isnan(x->v_end) ? x->v1 : x->v_end);
}

/* the longest gap between two samples of the history */
static double sample_gap(const struct trend *tr)
{
	double gap = 0, t0 = 0, t, v;
	for (size_t k = 0; k < tr->n; k++, t0 = t) {
		trend_sample(tr, k, &t, &v);
		if (k > 0)
			gap = num_fmax(gap, t - t0);
	}
	return gap;
}

bool bursts_read(const struct trend *tr, double tnow, double v, double noise, struct bursts *out)
{
	const struct trend_burst *b[TREND_BURSTS];
	size_t m = 0;
	for (size_t k = 0; k < tr->bn; k++) {
		const struct trend_burst *x = trend_burst(tr, k);
		if (m > 0 || x->paused)   /* the first after the history's start began anywhere */
			b[m++] = x;
	}
	if (m < BURSTS_MIN)
		return false;
	const struct trend_burst *cur = b[m - 1];
	double gap_max = cur->gap_max, smin = INFINITY, smax = 0, ssum = 0, pause_max = 0;
	double sgap = sample_gap(tr);
	double moved = 0, spent = 0, sizes[TREND_BURSTS];
	for (size_t j = 0; j + 1 < m; j++) {
		double size = sizes[j] = taken_by(b[j]);
		/* one move: a step at once too small for a staircase (4 MiB
		 * every 40 s: no staircase, no creep), not a creep's slow
		 * moves adding up over the noise */
		if (!(b[j]->last > b[j]->first) &&
		    (!b[j]->at_once || size >= TREND_STEP_NOISES * noise))
			return false;
		gap_max = num_fmax(gap_max, b[j]->gap_max);
		smin = num_fmin(smin, size), smax = num_fmax(smax, size), ssum += size;
		pause_max = num_fmax(pause_max, b[j + 1]->first - b[j]->last);
		/* its pace, where it worked longer than a sampling gap: a step
		 * seen over two samples (3 + 3 MiB) is one at once, its "pace"
		 * the sampling's (15 MiB/s) */
		if (b[j]->last - b[j]->first > sgap)
			moved += b[j]->v_first - b[j]->v1, spent += b[j]->last - b[j]->first;
	}
	for (size_t j = 1; j < m; j++)
		if (b[j]->first - b[j - 1]->last < BURST_CLEAR * gap_max)
			return false;   /* pauses no clearer than the gaps within */
	/* bursts each taken at once (a step, a chunk): at once */
	double pace = spent > 0 ? moved / spent : INFINITY;
	if (!(smin > 0) || smax > BURST_SPREAD * smin || !(pace > 0))
		return false;
	double n = (double)(m - 1), size = ssum / n;
	double start[TREND_BURSTS], pmin = INFINITY, pmax = 0, rmin = INFINITY, rmax = 0;
	for (size_t j = 0; j < m; j++) {
		/* a burst at once began between its first move's sample and
		 * the one before: at their midpoint on average (at the first,
		 * each read half an interval late, the next due that much
		 * later: at -d 1, 4 MiB every 15 s warned a sample late at
		 * the 60 s mark, bench/scenarios.sh small-steps) */
		start[j] = isfinite(pace) ? b[j]->first - (b[j]->v0 - b[j]->v_first) / pace
		                          : (b[j]->before + b[j]->first) / 2;
		if (j > 0) {
			double period = start[j] - start[j - 1];
			pmin = num_fmin(pmin, period), pmax = num_fmax(pmax, period);
			rmin = num_fmin(rmin, sizes[j - 1] / period);
			rmax = num_fmax(rmax, sizes[j - 1] / period);
		}
	}
	if (!(pmin > 0) || pmax > BURST_SPREAD * pmin)
		return false;
	double taken = cur->v0 - v;
	if (taken > BURST_SPREAD * smax)
		return false;   /* more than a burst: a load of its own */
	if (tnow - cur->last > BURST_STOP * pause_max)
		return false;   /* a pause longer than any before: it stopped */
	out->size = size;
	out->largest = smax;
	out->beyond = smax + noise;
	/* the mean size is known to the noise over the bursts (what one burst
	 * leaves under the noise the next one shows), and a burst may be as
	 * large as the largest */
	out->slack = num_fmax(noise / n, smax - size);
	/* the mean period, or the last where shorter: pauses that shrink put
	 * the end earlier than the mean says. Shorter by more than two
	 * sampling gaps: each start is read up to a gap late, or for one
	 * taken at once half a gap either way (4 MiB at once every 8 s,
	 * sampled each 0.5-1.5 s, read a period 7 s) */
	double mean = (start[m - 1] - start[0]) / n, last = start[m - 1] - start[m - 2];
	out->period = last < mean - 2 * sgap ? last : mean;
	out->rate = size / out->period;
	out->rate_low = num_fmin(rmin, out->rate);
	out->rate_high = num_fmax(rmax, out->rate);
	/* the burst under way still moves (its last move a settling while
	 * back at most): at work whatever the mean says, and at its own pace
	 * where faster */
	out->moving = tnow - cur->last < num_fmax(BURST_SETTLE_S, 1.5 * gap_max);
	out->pace = pace;
	out->once = cur->last - cur->first <= sgap;
	if (out->moving && !out->once) {
		/* a burst that works after steps taken at once: its own */
		double own = (cur->v_first - cur->v1) / (cur->last - cur->first);
		out->pace = isfinite(pace) ? num_fmax(pace, own) : own;
	}
	out->start = start[m - 1];
	out->taken = num_fmax(taken, 0);
	return true;
}

/* When a burst after a pause began, its first move seen at b, q from the
 * pause's level: that move's time at its pace before it (a quarter of the
 * noise at least, a smooth creep's; half of it at most: more is a step or
 * a buffer, not the creep's time) */
static double burst_start(double b, double q, double noise, double pace)
{
	return b - num_fmin(num_fmax(q, noise / 4), noise / 2) / pace;
}

/* At work at tnow: moved since, within the time its pace takes to move two
 * noises (what a calm must outlast to be its stop); since < 0: moving */
static bool at_work(double since, double tnow, double pace, double noise)
{
	return since < 0 || (tnow - since) * pace <= 2 * noise;
}

bool bursts_paused(const struct trend *tr, double tnow, double v, double noise,
                   struct bursts *out)
{
	/* its pauses since the last jump, oldest first: how long each calm
	 * was, when it ended, until when it stood still, where, and how far
	 * its first move back went (trend.h: pz, pzt, pzb, pzv, pzq) */
	struct { double len, t, b, v, q; } p[TREND_PAUSES + 1];
	size_t m = 0;
	for (size_t k = 0; k < tr->pzn; k++) {
		if (tr->pzt[k] < tr->jump_t)
			continue;
		size_t j = m++;
		for (; j > 0 && p[j - 1].t > tr->pzt[k]; j--)
			p[j] = p[j - 1];
		p[j].len = tr->pz[k], p[j].t = tr->pzt[k], p[j].b = tr->pzb[k];
		p[j].v = tr->pzv[k], p[j].q = tr->pzq[k];
	}
	/* one short: the load's first pause, which came before the slow view
	 * could read the creep over its 30 s (trend.h: yzt), first (30 s on,
	 * 30 off: the fourth pause, begun 2 MiB short of the limit, read as
	 * the pace over work and pauses, ETA 8 s through its 30 s) */
	if (m + 1 == BURSTS_MIN && tr->yzt >= 0 && tr->yzt >= tr->jump_t && tr->yzt < p[0].t) {
		for (size_t j = m; j > 0; j--)
			p[j] = p[j - 1];
		p[0].len = tr->yz, p[0].t = tr->yzt, p[0].b = tr->yzb, p[0].v = tr->yzv;
		p[0].q = tr->yzq;
		m++;
	}
	if (m < BURSTS_MIN)
		return false;
	/* a calm as long as half its pauses between them, not still enough
	 * to be recorded (a buffer held in it, noise): a pause unrecorded,
	 * and two cycles read as one (30 s on, 30 off, every other pause
	 * recorded: ETA 80.7 s with 50 s left; the review of 34b38da) */
	double pz_min = INFINITY;
	for (size_t j = 0; j < m; j++)
		pz_min = num_fmin(pz_min, p[j].len);
	if (tr->odd_t > p[0].t && tr->odd >= pz_min / 2)
		return false;
	/* its pace over the bursts read here, the means within the first
	 * on: a pause before it, too young to be recorded, read 1 MiB/s
	 * working 10 s and pausing 10 as 0.62 (the ETA 26 % long) */
	double pace = trend_work_pace(tr, tnow, p[0].b + TREND_SLOW_STEP_S / 2);
	if (!(pace > 0))
		return false;
	/* when each burst after a pause began (burst_start). The earliest it
	 * may have: a creep
	 * that moves a MiB at a time shows its first move up to a MiB's time
	 * after it began, and a quarter of the noise put each start a second
	 * late at 0.5 MiB/s (the kill in a 30 s pause's next burst read a
	 * second late, the WARNING 1.4 s after the 60 s mark) */
	double start[TREND_PAUSES + 1];
	for (size_t j = 0; j < m; j++)
		start[j] = burst_start(p[j].b, p[j].q, noise, pace);
	double smin = INFINITY, smax = 0, pmin = INFINITY, pmax = 0;
	for (size_t j = 0; j + 1 < m; j++) {
		double size = p[j].v - p[j + 1].v, period = start[j + 1] - start[j];
		smin = num_fmin(smin, size), smax = num_fmax(smax, size);
		pmin = num_fmin(pmin, period), pmax = num_fmax(pmax, period);
	}
	if (!(smin > 0) || smax > BURST_SPREAD * smin || !(pmin > 0) || pmax > BURST_SPREAD * pmin)
		return false;
	/* cycles the slow view holds whole, the last pause still in it: one
	 * longer (120 s on, 60 off) is read stopped in each pause, and the
	 * model's ETA in a burst, on the mark, only put off the WARNING the
	 * pace over work and pauses gave (94 -> 15 s before the kill; the
	 * review of 85ad974) */
	const double reach = TREND_SLOW * TREND_SLOW_STEP_S;
	if (pmax > reach || tnow - p[m - 1].t > reach)
		return false;
	double n = (double)(m - 1), taken = p[m - 1].v - v;
	if (taken > BURST_SPREAD * smax)
		return false;   /* more than a burst: it no longer pauses so */
	out->size = (p[0].v - p[m - 1].v) / n;
	out->largest = smax;
	out->beyond = smax + noise;
	out->slack = num_fmax(noise / n, smax - out->size);
	out->period = (start[m - 1] - start[0]) / n;
	out->rate = out->size / out->period;
	out->rate_low = num_fmin(smin / pmax, out->rate);
	out->rate_high = num_fmax(smax / pmin, out->rate);
	out->pace = pace;
	out->once = false;
	out->start = start[m - 1];
	/* at work now: its calm no older than at_work allows */
	out->moving = at_work(tr->calm_since, tnow, pace, noise);
	out->taken = num_fmax(taken, 0);
	/* ... or back from a pause not yet recorded: the calm now stood still
	 * as long as half the pauses, after the last recorded, and the
	 * headroom left that level since. A burst begun there (its first MiB
	 * under the noise: the calm goes on) read as the last one going on,
	 * all it took so far counted to that one: the kill a period early
	 * until the burst had moved a noise (0.3 MiB/s, 15 s on, 30 off:
	 * WARNING 92 s ahead, off again at the next sample). Not while a
	 * buffer is held: that is no burst. At work while it moved within
	 * two noises' time at its pace (a load stopped for good a MiB into a
	 * burst read at work on: WARNING 8 s after its stop; the review of
	 * the twenty-seventh round). */
	double a, b, level, q;
	if (tr->spike_t < 0 && trend_calm_still(tr, tnow, v, &a, &b, &level, &q) &&
	    level - v > noise / 4 && a > p[m - 1].b && b - a >= num_fmax(BURST_PAUSE_S, pz_min / 2) &&
	    level < p[m - 1].v) {
		out->start = burst_start(b, q, noise, pace);
		out->taken = level - v;
		out->moving = at_work(tr->still_since, tnow, pace, noise);
	}
	return true;
}

double bursts_eta(const struct bursts *b, double tnow, double v)
{
	if (v <= 0)
		return 0;
	/* what the burst under way still takes, while it may still be at work:
	 * as much as the largest; one that goes on past that (and the noise),
	 * on at its pace (not a step taken at once: that one is done) */
	bool working = b->moving || tnow < b->start + b->size / b->pace;
	if (b->moving && b->taken > b->beyond && !b->once)
		return v / b->pace;
	double rest = working ? num_fmax(b->largest - b->taken, 0) : 0;
	/* within the slack of what it still takes, the earlier too: it runs
	 * out in this burst (a burst of 29.9 MiB, 30.0 left, read as fitting
	 * with 0.1 to spare: the kill in the next burst, 90 s on, where it
	 * came at this one's end, the WARNING 38 s before it) */
	if (v <= rest || (working && v <= rest + b->slack))
		return v / b->pace;
	/* past this burst, what bursts take on average, this one too: the
	 * slack below makes room for a large one once (the largest for this
	 * one and the slack again put the kill a burst early where it came
	 * near the line: bursts of 20-28 MiB, 45 left with 18 of 20 taken,
	 * read as 38.5 s for 52.5) */
	double h = v - (working ? num_fmax(b->size - b->taken, 0) : 0);
	/* the burst it runs out in; a tie the earlier (whole MiB put v exactly
	 * a slack and a burst past this one: 7 MiB, 2.67 still to come, 0.67
	 * of slack, 3.67 a burst; the later by a rounding, the ETA 27 % long) */
	double k = num_fmax(num_ceil((h - b->slack) / b->size - 1e-9), 1);
	/* the next burst a period after the last began (at once where late: one
	 * begun under the noise shows up to a gap late, what it took so far is
	 * in v) */
	double next = num_fmax(b->start + b->period, tnow);
	return next + (k - 1) * b->period - tnow + (h - (k - 1) * b->size) / b->pace;
}
