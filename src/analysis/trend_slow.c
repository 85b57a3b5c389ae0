/* trend_slow.c - the slow view: the means trend_add takes of each few
 * seconds since the last jump, read for leaks that move less than the noise
 * between samples. Where a jump restarts it or a creep is carried across a
 * move (trend_slow_jump), the creep's rate over 30 s and more
 * (trend_slow_rate), and its pace while it works, its pauses cut out
 * (trend_work_pace, for bursts.c). */
#include "analysis/trend_int.h"
#include "util/num.h"

#include <math.h>
#include <string.h>

/* A jump at `at`: the slow view begins again there, no spike open. */
static void slow_restart(struct trend *tr, double at)
{
	tr->jump_t = at;
	tr->wcnt = 0;   /* the slow view's seconds begin again here */
	tr->spike_t = -1;
}

/* Whether the slow view reads a creep at t, before a move it may carry
 * across: where nothing crept, its flat seconds would only dilute a creep
 * that begins with the move (a model loaded after an idle hour, its cache
 * creeping after it) */
static bool slow_creeping(const struct trend *tr, double t, double noise)
{
	double lo, hi;
	return isfinite(trend_slow_rate(tr, t, noise, &lo, &hi));
}

/* How far the level moved at the jump open since tr->spike_t, beside the
 * creep the slow view reads (NaN: it reads none): the level inside it,
 * its settled samples' mean carried back to its start at the creep's
 * rate, less the slow view's last seconds' mean carried forward. Means, as
 * the slow view's seconds are: a creep moving a MiB at a time, read from
 * two samples (where it left, and the last), was a step off the line in
 * one jump of four (a step in the same sample as the jump, or in the
 * last), and the slow view's rate 7 % low for the rest of the run. */
static double slow_shift(const struct trend *tr, double t, double noise)
{
	double lo, hi, r = trend_slow_rate(tr, t, noise, &lo, &hi);
	if (!isfinite(r) || isnan(tr->spike_settle) || tr->wn == 0)
		return NAN;
	double in = 0;
	size_t m = 0;
	for (size_t k = 0; k < tr->n; k++) {
		size_t i = idx(tr, k);
		if (tr->t[i] >= tr->spike_settle_t)
			in += tr->v[i] + r * (tr->t[i] - tr->spike_t), m++;
	}
	if (!m)
		return NAN;
	size_t w = widx(tr, tr->wn - 1);
	return in / (double)m - (tr->wv[w] - r * (tr->spike_t - tr->wt[w]));
}

/* Whether a move at t beside a creep is a one-off the slow view may carry
 * across: none came within SPIKES_S before it. Moves that recur are the
 * load's own shape (a collector's frees under the 16 MiB that start a
 * trend again, a staircase's steps): carried, the view read its gross
 * growth as the creep (a heap freeing 15 MiB every 40 s, net nothing: an
 * ETA of 45-80 s, WARNING, all run); the view begins again at each, as
 * it did before moves were carried. */
static bool slow_once(struct trend *tr, double t)
{
	bool once = tr->carry_t < 0 || t - tr->carry_t > SPIKES_S;
	tr->carry_t = t;
	return once;
}

/* The slow view moved by d (up: a free that stays; down: an allocation):
 * its seconds, the one under way and the calm level, so that the creep's
 * line goes on and a creep that had stopped stays stopped */
static void slow_carry(struct trend *tr, double d)
{
	for (size_t k = 0; k < tr->wn; k++)
		tr->wv[widx(tr, k)] += d;
	tr->wsum_v += d * (double)tr->wcnt;
	tr->calm_v += d;
	tr->calm_prev_v += d;
	tr->still_max_v += d;
	tr->bstill_v += d;
	/* ... and its pauses: a burst's size is between two of them (a 6 MiB
	 * free in the last burst, left out, put the kill within it: CRITICAL
	 * with 50 s left; the review of 85ad974) */
	for (size_t k = 0; k < tr->pzn; k++)
		tr->pzv[k] += d;
	/* ... but not a young one: what the move was beside the creep is read
	 * at the creep's pace, and a view too young for its 30 s reads that
	 * poorly (40 MiB taken at once in the second burst of one working
	 * 30 s and pausing 30, carried as 46.8: its first burst read 11 MiB
	 * for 15, and the model took it; left as it was, it read 36.5, and
	 * none; the review of fdd3074) */
	tr->yzt = -1;
}

/* How many of the slow view's means t[0..m) came before since: those of
 * its first half step are the move that ended the calm before */
size_t trend_slow_before(const double *t, size_t m, double since)
{
	while (m > 0 && t[m - 1] + SLOW_STEP_S / 2 > since)
		m--;
	return m;
}

/* Whether the headroom's steps come back: their lag-one autocorrelation
 * (over the last hundred or so, weighed) clearly negative, at most
 * JITTER_BACK: a level's own jitter is -0.5, a walk's steps about 0. Over
 * the 48 samples of the history alone, a jittery creep's read -0.3 or more
 * now and then (the slow view began again: 40 s without an ETA). */
static bool moves_come_back(const struct trend *tr)
{
	return tr->back_xx > 0 && tr->back_xy <= JITTER_BACK * tr->back_xx;
}

/* The slow view's side of a sample at (t, v): a move of more than the noise
 * from the last sample begins a spike (but a rise beside a creep: below);
 * it is one if the headroom comes back
 * to within the noise of where it left (or of where the creep beside it
 * took that level) within SPIKE_S (its depth is kept),
 * a jump if not: the slow view starts again where it began, unless it read
 * a creep before and only the creep moved beside it (then it goes on from
 * the new level: slow_carry); and so, at once, for a rise no spike explains
 * beside a creep (memory given back). True while a
 * spike is open: the slow view leaves the sample out. Only on a quiet
 * headroom (most moves within the noise): on a jittery one, every move is
 * a jump. */
bool trend_slow_jump(struct trend *tr, double t, double v, double noise)
{
	bool moved = tr->n > 0 && fabs(v - tr->v[idx(tr, tr->n - 1)]) > noise;
	/* a headroom that jitters by more than the noise: its moves are no
	 * spikes, and where each leaves from is chance (the levels they came
	 * back to walked: a flat cgroup jittering 5 MiB a sample read as a
	 * creep in 30 runs of 200). Every move starts the slow view again. */
	if (moved) {
		/* moves of more than the noise, but no rise of a step's
		 * STEP_NOISES or more: memory given back at once (a buffer's
		 * end, a free) is read by the rules below, not jitter. At -d 1
		 * a 12 MiB buffer held a second every 10 s beside a load's
		 * start is a move in four samples, each read as jitter and the
		 * slow view begun again (bench/scenarios.sh freed-creep thinned
		 * to -d 1: warned 34 s before its kill, 60 at -d 0.2) */
		size_t jumps = 1;
		for (size_t k = 1; k < tr->n; k++) {
			double d = tr->v[idx(tr, k)] - tr->v[idx(tr, k - 1)];
			jumps += fabs(d) > noise && d < STEP_NOISES * noise;
		}
		if (jumps * SPIKES_QUIET > tr->n) {
			/* ... but a headroom whose moves come back (its steps
			 * anti-correlated: jitter about a level, or a line) is
			 * read on by the slow view, whose 4 s means average the
			 * jitter out: a 0.1-0.5 MiB/s creep under +-2 MiB a
			 * sample, its every sample's move a jump, was never read
			 * and never warned. A walk's steps are not (its levels
			 * wander): those begin the view again. */
			if (moves_come_back(tr))
				tr->spike_t = -1;
			else
				slow_restart(tr, t);
			return false;
		}
	}
	if (tr->spike_t >= 0) {
		/* back where it left, or where the creep beside it took that
		 * level while it was held, in one move up. As deep as that move
		 * (where it came back all the way, what it ate meanwhile was the
		 * buffer's own: a buffer growing 16 MiB after its first 3 was
		 * kept 3 deep), or as it fell below where the creep took the
		 * level (a creep's step in the sample it came back in: a 9 MiB
		 * buffer read 8, the ETA a period late), the deeper */
		/* (beside the creep, within SPIKE_BACK_NOISES of the creep's
		 * level: its step may fall in the sample the buffer came in and
		 * in the one it went in, where its drift does not see them: a
		 * MiB each, the level back 2.01 MiB off, read as a jump every
		 * 20 s and the creep never read, no ETA to the kill) */
		if (fabs(v - tr->spike_v) <= noise ||
		    (v - tr->spike_last > noise && trend_spike_creeps(tr, t, noise) &&
		     fabs(v - trend_spike_outside(tr)) <= SPIKE_BACK_NOISES * noise)) {
			double depth = dmax(v, trend_spike_outside(tr)) - tr->spike_min;
			if (depth > 0)   /* down and up: a peak of use */
				trend_spike_keep(tr, tr->spike_t, depth);
			/* up and down: memory given back and taken again, the
			 * level moving all along (a creep freeing 8 MiB every
			 * 10 s, eating it back in 6: its calm spanned the free,
			 * read as its stop, OK for a sample or two six times in
			 * its last minute). Its calm begins again here. */
			if (tr->spike_min > tr->spike_v + noise) {
				tr->calm_since = t, tr->calm_v = v;
				tr->calm_prev_v = tr->calm_cyc_prev = NAN;
			}
			tr->spike_t = -1;
			return false;
		}
		/* back, and more given back with it, at once: the buffer came
		 * and went, and a creep goes on above, as after any free */
		if (v - tr->spike_last > noise && trend_spike_creeps(tr, t, noise) &&
		    v - trend_spike_outside(tr) > noise && slow_creeping(tr, t, noise) &&
		    slow_once(tr, t)) {
			double outside = trend_spike_outside(tr);
			if (outside > tr->spike_min)
				trend_spike_keep(tr, tr->spike_t, outside - tr->spike_min);
			tr->spike_t = -1;
			slow_carry(tr, v - outside);
			return false;
		}
		if (t - tr->spike_t <= SPIKE_S) {
			if (isnan(tr->spike_settle) && fabs(v - tr->spike_last) <= noise)
				tr->spike_settle = tr->spike_last, tr->spike_settle_t = t;
			tr->spike_last = v;
			tr->spike_min = dmin(tr->spike_min, v);
			return true;
		}
		/* it stayed: a jump. An allocation that stays beside a creep
		 * (only the creep moved the level inside it): the creep goes on
		 * below it, as above a free (begun again, the slow view saw
		 * nothing for its 30 s: no ETA, WATCH, 34 s before the kill).
		 * Anything more beside it is a load: begin again there. */
		double shift = trend_spike_creeps(tr, t, noise) ? slow_shift(tr, t, noise) : NAN;
		if (isfinite(shift) && slow_once(tr, t)) {
			slow_carry(tr, shift);
			tr->spike_t = -1;
		} else {
			slow_restart(tr, tr->spike_t);
		}
	}
	if (!moved)
		return false;
	/* up beside a creep, where nothing was held: memory given back (a
	 * cache trimmed, a worker gone). No buffer, and the creep goes on: the
	 * slow view carries it across, its seconds moved up as far. Taken for
	 * a buffer, the old level stood for the SPIKE_S a buffer may last, and
	 * then the view began again: no ETA for the 30 s it needs, OK at 40 s
	 * to go (an 8 MiB free beside a 0.5 MiB/s creep). Where nothing crept,
	 * as before: a spike, or a jump SPIKE_S later. */
	double rise = v - tr->v[idx(tr, tr->n - 1)];
	if (rise > 0 && slow_creeping(tr, t, noise) && slow_once(tr, t)) {
		slow_carry(tr, rise);
		return false;
	}
	/* it began after the last sample, by this one: halfway, as well as
	 * can be told (a spike's time is when a later one that does not fit
	 * will kill) */
	tr->spike_t = (t + tr->t[idx(tr, tr->n - 1)]) / 2;
	tr->spike_v = tr->v[idx(tr, tr->n - 1)];
	tr->spike_min = tr->spike_last = v;
	tr->spike_settle = NAN;
	return true;
}

/* Whether the slow view's means (t, v)[0..n) lie on a line of slope rate
 * within tol: a steady pace (not a creep that paused, nor one with frees) */
bool trend_slow_steady(const double *t, const double *v, size_t n, double rate, double tol)
{
	double c[TREND_SLOW];
	for (size_t i = 0; i < n; i++)
		c[i] = v[i] + rate * t[i];
	double mid = trend_median(c, n);
	for (size_t i = 0; i < n; i++)
		if (fabs(v[i] + rate * t[i] - mid) > tol)
			return false;
	return true;
}

/* A creep that speeds up (a second leak beside the first, a load a little
 * faster than the creep beginning beside it): the view's line over a
 * minute and more lags it (0.5 MiB/s, then 1: read 0.67-0.92 until the
 * kill, the ETA 30-60 % long, WARNING 14-16 s late). Where the view is no
 * steady line (within half the noise) and its later half reads faster
 * than its earlier by two noises over its span, the earliest change
 * after which the rest is steady, and faster by that much than a steady
 * pace before it, gives the rate: the pace since (the mean that holds
 * both paces left out). A first try cut the view to its faster later
 * half alone, and read a creep that works and pauses in turn, or one
 * with small frees, at its last stretch's pace (WARNING with 98 s left);
 * with its pairs within the noise as no change, a jittery creep's
 * earlier half read nothing (WARNING with 265 s left); a random walk of
 * a MiB over 10 s moved a later stretch by more than one noise (WARNING
 * 69 s ahead). Rates from the means as they are.
 * slower: the same for a creep that slowed down (and still creeps: the
 * pace since must be a creep's, consuming), whose "still going" test
 * failed (trend_slow_rate). True where such a change was found (*med, *lo, *hi
 * set, *since: the last mean at the pace before it). */
static bool slow_changed(const double *t, const double *v, size_t m, double noise, bool slower,
                         double *med, double *lo, double *hi, double *since)
{
	if (m < 2 * SLOW_FAST_MEANS || trend_slow_steady(t, v, m, *med, noise / 2))
		return false;
	double sign = slower ? -1 : 1;
	/* (the search below costs two Theil-Sens per mean) */
	size_t mid = m / 2;
	double lspan = t[m - 1] - t[mid], late = 0, early = 0, ql, qh;
	size_t qpos;
	if (!trend_theil_sen(t + mid, v + mid, m - mid, lspan / 2, 0, &late, &ql, &qh, &qpos) ||
	    !trend_theil_sen(t, v, mid + 1, (t[mid] - t[0]) / 2, 0, &early, &ql, &qh, &qpos) ||
	    sign * (late - early) * lspan <= 2 * noise)
		return false;
	/* the earliest change after which the rest is steady and clearly
	 * faster (slower) than the steady pace before it */
	for (size_t k = SLOW_FAST_MEANS - 1; k + 1 + SLOW_FAST_MEANS <= m; k++) {
		/* the mean after k may hold both paces: in neither */
		size_t b = k + 2;
		double span = t[m - 1] - t[b], espan = t[k] - t[0], r = 0, l = 0, h = 0, re = 0, le, he;
		size_t pos, epos;
		size_t np = trend_theil_sen(t + b, v + b, m - b, span / 2, 0, &r, &l, &h, &pos);
		size_t enp = trend_theil_sen(t, v, k + 1, espan / 2, 0, &re, &le, &he, &epos);
		if (np < SLOW_FAST_PAIRS || enp < SLOW_FAST_PAIRS || pos * 10 < np * 7 ||
		    epos * 10 < enp * 7 || re <= 0 || r <= 0 || sign * (r - re) * span <= 2 * noise ||
		    !trend_slow_steady(t, v, k + 1, re, noise / 2) || !trend_slow_steady(t + b, v + b, m - b, r, noise / 2))
			continue;
		*med = slower ? r : dmax(*med, r);
		*lo = dmin(l, *med);
		*hi = dmax(h, *med);
		*since = t[k];
		return true;
	}
	return false;
}

/* The slow view's means since the last jump into t, v; how many */
size_t trend_slow_means(const struct trend *tr, double *t, double *v)
{
	size_t m = 0;
	for (size_t k = 0; k < tr->wn; k++) {
		size_t i = widx(tr, k);
		if (tr->wt[i] >= tr->jump_t)
			t[m] = tr->wt[i], v[m++] = tr->wv[i];
	}
	return m;
}

/* The slow view's line over its means (t, v)[0..m): the median rate of
 * its pairs, NaN where it reads no creep (too short, nothing moved beyond
 * the noise, its pairs not consuming) */
double trend_slow_line(const double *t, const double *v, size_t m, double noise, double *lo,
                       double *hi)
{
	return trend_slow_line_over(t, v, m, noise, SLOW_MIN_S, lo, hi);
}

/* ... over min_s at least */
double trend_slow_line_over(const double *t, const double *v, size_t m, double noise,
                            double min_s, double *lo, double *hi)
{
	/* nothing moved beyond the noise: no pair can (and nothing to pay) */
	if (m < 2 || t[m - 1] - t[0] < min_s || v[0] - v[m - 1] <= noise)
		return NAN;
	double med = 0;
	size_t pos, np = trend_theil_sen(t, v, m, (t[m - 1] - t[0]) / 2, noise, &med, lo, hi, &pos);
	return np && med > 0 && pos * 10 >= np * 7 ? med : NAN;
}

/* The pace of means (t, v)[0..m) since end (from the first a half step
 * after it), every change counted, into *pace; false where fewer than
 * three */
static bool slow_pace_since(const double *t, const double *v, size_t m, double end, double *pace)
{
	size_t k = 0, pos;
	while (k < m && t[k] - SLOW_STEP_S / 2 < end)
		k++;
	double l, h;
	return m - k >= 3 && trend_theil_sen(t + k, v + k, m - k, 0, 0, pace, &l, &h, &pos);
}

/* Whether the creep came back from its pause (ended at end) at a pace
 * nearer old than slow: its means since, three at least; true too while
 * there are fewer (too soon to tell) */
static bool slow_back_at(const double *t, const double *v, size_t m, double end, double old,
                         double slow)
{
	double pace;
	return !slow_pace_since(t, v, m, end, &pace) || pace > (old + slow) / 2;
}

/* The pace of a creep that paused once and came back: where the slow
 * view since the last jump holds one pause the creep came back from (the
 * one trend_slow_paused recorded, and no calm it could not record: odd_t), the
 * creep before that pause steady at its pace as the view read it when it
 * recorded the pause (pzs: no pause it did not record, its first or one
 * under noise; else a load working and pausing in turn, whose third
 * pause was the first recorded, read at its working pace; read again
 * later, as the view moves on, the evidence went with it and the rule
 * warned 260 s ahead: the review of 0a753c7), no calm under way longer
 * than its own at its working pace (a pause or its stop: WARNING held
 * 69 s past a stop, the same review), and its means since the pause
 * nearer its working pace than its pace over both (med): the slower of
 * its working pace and its pace since (one back slower than before:
 * 0.45 MiB/s after 1 read at 0.71, WARNING 94 s ahead, the review of
 * 39ae926). NaN where not. */
static double slow_once_paused(const struct trend *tr, double tnow, const double *t,
                               const double *v, size_t m, double noise, double med)
{
	size_t n = 0, k1 = 0;
	for (size_t k = 0; k < tr->pzn; k++)
		if (tr->pzt[k] >= tr->jump_t && tr->pz[k] >= 2 * SLOW_STEP_S)
			n++, k1 = k;
	if (n != 1 || (tr->odd_t >= 0 && tr->odd_t >= tr->jump_t))
		return NAN;
	double work = trend_work_pace(tr, tnow, -INFINITY), since;
	if (!tr->pzs[k1] || !(work > med) ||
	    (tr->calm_since >= 0 && (tnow - tr->calm_since) * work > 2 * noise) ||
	    !slow_pace_since(t, v, m, tr->pzt[k1], &since) || !(since > (work + med) / 2))
		return NAN;
	return dmin(work, since);
}

/* The means (t, v)[0..m) of a creep's working time, into wt, wv: those
 * within a pause it came back from (its calm, or where still, only the
 * time it stood still) left out, and the time of such pauses taken from
 * those after them, as if it had worked on. The number of them; all of
 * the means where fewer than three are left (*nwork, where not NULL: how
 * many were left). */
static size_t slow_working(const struct trend *tr, const double *t, const double *v, size_t m,
                           bool still, double *wt, double *wv, size_t *nwork)
{
	size_t n = 0;
	for (size_t i = 0; i < m; i++) {
		double shift = 0;
		bool in = false;
		for (size_t k = 0; k < tr->pzn; k++) {
			double a = still ? tr->pza[k] : tr->pzt[k] - tr->pz[k];
			double b = still ? tr->pzb[k] : tr->pzt[k];
			if (tr->pzt[k] < tr->jump_t || b <= t[0])
				continue;
			if (t[i] >= a && t[i] <= b)
				in = true;
			else if (t[i] > b)
				shift += b - dmax(a, t[0]);
		}
		if (!in)
			wt[n] = t[i] - shift, wv[n++] = v[i];
	}
	if (nwork)
		*nwork = n;
	if (n >= 3)
		return n;
	for (size_t i = 0; i < m; i++)
		wt[i] = t[i], wv[i] = v[i];
	return m;
}

/* trend_work_pace over the means from since on; *nwork: how many of its
 * working means were left (0 where none was cut out) */
static double work_pace_from(const struct trend *tr, double tnow, double since, size_t *nwork)
{
	double t[TREND_SLOW], v[TREND_SLOW], wt[TREND_SLOW], wv[TREND_SLOW], pace, lo, hi;
	size_t m = trend_slow_means(tr, t, v), pos, first = 0;
	while (first < m && t[first] < since)
		first++;
	m -= first;
	memmove(t, t + first, m * sizeof *t);
	memmove(v, v + first, m * sizeof *v);
	size_t mw = m;
	double calm = tnow - tr->calm_since, a, b, level;
	if (tr->calm_since >= 0 && calm > 0 && trend_slow_pauses_so(tr, tnow, calm)) {
		trend_slow_still_span(tr, tnow, NAN, &a, &b, &level, NULL);
		mw = trend_slow_before(t, m, a);
	}
	*nwork = 0;
	size_t wm = m ? slow_working(tr, t, v, mw, true, wt, wv, nwork) : 0;
	if (wm >= m || !trend_theil_sen(wt, wv, wm, (wt[wm - 1] - wt[0]) / 2, 0, &pace, &lo, &hi, &pos))
		return NAN;
	return pace > 0 ? pace : NAN;
}

/* A creep's pace while it works at tnow, where it paused and came back
 * (the slow view's means with the time it stood still in those pauses
 * cut out, every change counted); NaN where it did not, or fewer than
 * three means are left. The still time of a pause under way, one more of
 * those (trend_slow_pauses_so), is cut out too: each of its means read the
 * pace lower, 0.5 MiB/s as 0.4 at the end of a 40 s pause. Not the
 * calms: the creep works under the noise in their first and last
 * seconds, and 0.2 MiB/s working 60 s and pausing 30 read 0.27 so. */
double trend_work_pace(const struct trend *tr, double tnow, double since)
{
	size_t n;
	double pace = work_pace_from(tr, tnow, since, &n);
	/* too few working means since then (bursts of 5 s between pauses of
	 * 20: three at most, read at 0.18 to 1.33 MiB/s for 1, or not at all;
	 * the review of fdd3074): over all of them too, the faster (a pace
	 * read slow puts the kill late) */
	if (since > -INFINITY && (!(pace > 0) || n < SLOW_FAST_MEANS)) {
		double all = work_pace_from(tr, tnow, -INFINITY, &n);
		pace = pace > 0 ? num_fmax(pace, all > 0 ? all : 0) : all;
	}
	return pace;
}

/* The pace of the later half of means (t, v)[0..m), every change counted
 * (a quantized leak moves a page or a MiB at a time), into *pace; false
 * where none */
static bool slow_later(const double *t, const double *v, size_t m, double *pace)
{
	size_t k = 0, pos;
	double span = t[m - 1] - t[0], l, h;
	while (k + 2 < m && t[k] < t[m - 1] - span / 2)
		k++;
	return trend_theil_sen(t + k, v + k, m - k, 0, 0, pace, &l, &h, &pos) > 0;
}

/* A leak slower than the noise moves between two pauses (0.5 MiB/s in a
 * 384 MiB cgroup: its 2 MiB noise each 4 s; 1.5 MiB/s on a 64 GiB machine:
 * 16 MiB each 11 s) reads to the window as pauses, each step of it a new
 * load: never a rate, where a line over a minute sees it plainly. The slow
 * view is that line: the means of each SLOW_STEP_S since the last jump (so
 * all it sees is creep, no load's start), over SLOW_MIN_S at least; the
 * rate is the median over pairs at least half its span apart, significant
 * as the long view's; and the creep must still go on (its later half's
 * pace, below). NaN when none. */
double trend_slow_rate(const struct trend *tr, double tnow, double noise, double *lo, double *hi)
{
	double t[TREND_SLOW], v[TREND_SLOW];
	size_t m = trend_slow_means(tr, t, v);
	double l = 0, h = 0, med = trend_slow_line(t, v, m, noise, &l, &h);
	if (!isfinite(med))
		return NAN;
	double calm = tnow - tr->calm_since;
	if (tr->spike_t >= 0 && fabs(trend_spike_outside(tr) - tr->calm_v) > noise)
		calm = 0;
	bool pausing = tr->calm_since >= 0 && calm > 0 && trend_slow_pauses_so(tr, tnow, calm);
	/* it must still go on: the later half of its means at SLOW_GOING x
	 * the whole's pace at least, or, where it paused and came back, the
	 * later half of its working time at that share of its working pace
	 * (those pauses cut out of both: slow_working). A creep working 60 s
	 * and pausing 40 s, the later half of its view mostly a pause just as
	 * it worked again, read as slowed, stopped: no rate for the first
	 * 20-30 s of every burst. (The working time's later half against the
	 * pace over work and pauses could not fail where it works a third of
	 * the time; and that alone, a pause too short to be recorded filled
	 * it, the creep read stopped to its kill: the review of 4fc1a05.)
	 * A pause under way that is one more of those is cut out too (it is
	 * recorded only as it ends: at the end of each 40 s pause, its later
	 * half mostly still, such a creep read stopped for 2 s, OK with 56 s
	 * left between a WARNING and the next). Of those pauses, the time it
	 * stood still: their calms hold the creep's work under the noise at
	 * both ends, and cut out whole they read 0.2 MiB/s working 30 s and
	 * pausing 40 at 0.45, its working time's later half at 0.19 "slowed",
	 * no ETA 7-13 s into its bursts. */
	double wt[TREND_SLOW], wv[TREND_SLOW], late = 0, wlate = 0, wpace = 0, wl, wh;
	size_t wm = slow_working(tr, t, v, pausing ? trend_slow_before(t, m, tr->calm_since) : m, true,
	                         wt, wv, NULL), wpos;
	if (!slow_later(t, v, m, &late))
		return NAN;
	bool slowed = late < SLOW_GOING * med, slower = false;
	if (wm < m && slow_later(wt, wv, wm, &wlate) &&
	    trend_theil_sen(wt, wv, wm, (wt[wm - 1] - wt[0]) / 2, 0, &wpace, &wl, &wh, &wpos))
		slowed = slowed && wlate < SLOW_GOING * wpace;
	/* ... or at the pace since a change (slower: where it did not still
	 * go on, it must have) */
	double pace = med, since;   /* pace: the pace its stop is judged by */
	if (slowed || !slow_changed(t, v, m, noise, false, &med, &l, &h, &since)) {
		double sm = med, sl = l, sh = h;
		slower = slow_changed(t, v, m, noise, true, &sm, &sl, &sh, &since);
		/* a creep still going that paused since and came back: the
		 * pause and its first seconds after read as a slower pace
		 * (0.5 MiB/s paused 15 s: WARNING -> WATCH, 0.11 MiB/s, with
		 * 53 s left), unless its means since the pause read it slower
		 * (one that came back at half its pace, read at its old: ETA
		 * short, WARNING 20 s early; the review of 69a5c13) */
		double end = trend_slow_pause_end(tr, 2 * SLOW_STEP_S);
		if (slower && !slowed && end > since && slow_back_at(t, v, m, end, med, sm))
			slower = false;
		if (slower)
			med = sm, l = sl, h = sh;
	}
	if (slowed && !slower)
		return NAN;
	/* it has stopped when the headroom (spikes aside) stayed within the
	 * noise for as long as the creep takes to move it twice that at its
	 * pace before any such change (a stop is the slowest change), and
	 * clearly longer than the pauses it came back from: a load working
	 * 10 s and pausing 5 s in turn, read at its pace over both, lost it
	 * in every pause (WARNING -> OK four times in its last minute). Under
	 * a spike open now, the headroom outside it is where it left less
	 * what the creep ate beside it since it settled. A creep read slower
	 * since a change moves the noise less often: a calm half as long
	 * again as its last is its stop (0.2 MiB/s after 1 MiB/s, its calms
	 * 15 s, each read as its stop). */
	bool stopped = tr->calm_since >= 0 && calm * pace > 2 * noise && !pausing &&
	               (!slower || calm > GAP_FACTOR * tr->calm_last);
	/* ... unless its last cycles (a calm and the move that ended it)
	 * ran at a pace clearly slower (two noises over the last), the last
	 * two alike (within SLOW_CYCLES_ALIKE x), at which this calm is no
	 * stop, where this calm or the last (no pause: it moved on within
	 * it) was a stop by the old pace: a creep slowed at once from 2 to
	 * 0.8 MiB/s, its calms 2-4 s, each read as its stop and each ended
	 * by its next MiB (OK <-> CRITICAL seven times with 35 to 12 s left,
	 * until the slow view read the change 26 s on). Its pace is the last
	 * cycle's. (The last alone: the cycle that holds the change read at
	 * a pace between, a load's end held 3 s longer at WARNING. Over the
	 * last 10 s of the headroom: its calm in them, a pause's calm x pace
	 * rose and fell again, an ETA back 7 s into it; spikes in them, a
	 * creep beside a buffer read 10 % slow all run.) */
	double cyc = tr->calm_since >= 0 && tr->calm_last > 0
		? (tr->calm_prev_v - tr->calm_v) / tr->calm_last : NAN;
	if (tr->spike_t < 0 && cyc > 0 && (med - cyc) * tr->calm_last > 2 * noise &&
	    tr->calm_cyc_prev > 0 && fabs(num_log(cyc / tr->calm_cyc_prev)) <= num_log(SLOW_CYCLES_ALIKE) &&
	    calm * cyc <= 2 * noise &&
	    (stopped || (tr->calm_last * pace > 2 * noise &&
	                 trend_slow_pause_end(tr, 0) < tr->calm_since))) {
		*lo = dmin(l, cyc);
		*hi = cyc;
		return cyc;
	}
	if (stopped)
		return NAN;
	/* a creep that came back from its one pause at its old pace works at
	 * that pace: read over work and pause (a minute's work, 40 s of
	 * pause, and on at 0.5 MiB/s: 0.24-0.3) its first WARNING came 34 s
	 * before the kill, its ETA 25 % long for 50 s of the last minute. One
	 * pause says nothing of the next: from the second, a load working
	 * and pausing in turn, read over both (and bursts.c from its third
	 * burst). The price: such a load is read at its working pace
	 * between its first recorded pause and its second (series_sweep.sh
	 * kind 2, 432 series: false alarm 759 -> 948 s, B1 3542; ETA 25 %
	 * long 3196 -> 2662 s; more where its pauses outlast its work: 292 s
	 * of the 1917 of 64 such series. Kept: guarded there, a creep that
	 * paused that long once and worked on was warned 20-46 s ahead, not
	 * 60, its alarm broken; an early alarm costs less than a late one:
	 * bench/HISTORY.md, the twenty-fourth round). */
	double once = slower ? NAN : slow_once_paused(tr, tnow, t, v, m, noise, med);
	if (isfinite(once)) {
		*lo = dmin(l, once);
		*hi = dmax(h, once);
		return once;
	}
	*lo = l;
	*hi = h;
	return med;
}
