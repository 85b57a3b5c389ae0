/* trend.c - the consumption-rate estimator: the history of samples it keeps
 * (trend_add), and an overview of how it reads them (its files: at the end).
 *
 * Why not a least-squares line: one sample spike (a page-cache flush, a
 * short-lived process) swings it, and a forecast that cries wolf gets
 * ignored. The rate here is the Theil-Sen estimate over the last window
 * seconds: the median of the slopes between every pair of samples, which a
 * single outlier barely moves, with the quartiles of those slopes as the
 * uncertainty range. It is significant when most pairs agree that headroom
 * shrinks.
 *
 * A window of seconds reacts slowly to a new ramp, so the last three samples
 * are checked on their own: when both steps consume more than the noise (the
 * given floor, or what the headroom's own jitter shows), and alike, the fresh
 * ramp's rate is used (a load is noticed within three samples).
 *
 * Loads that are not a steady ramp (issue 12, measured on the recorded
 * shapes of tests/fixtures/forecast):
 *   - steps with pauses between them (a staircase, tensor-by-tensor loads):
 *     a second, long view (one sample a second, 30 s) gives the rate over
 *     steps and pauses, from pairs of samples at least half its span apart,
 *     so each pair spans steps and pauses alike. A pause ends the load only
 *     when it lasts clearly longer than the pauses seen between its steps
 *     (1.5 x, and 2 s at least; the net change since it began decides what a
 *     pause is, so a slow leak is not one), so the alarm holds on plateaus;
 *   - frees that come again and again (a garbage collector's sawtooth, a
 *     build's short jobs): each big free starts the sample history again but
 *     keeps its low point, the headroom just before it, timed when the
 *     headroom came down to it (a collector may hold its peak a while
 *     before it frees). Two frees within
 *     30 s make the history cyclic: the rate is then the trend of the low
 *     points (Theil-Sen again), forecast from where that trend stands now,
 *     so a cycle's own ramp is not a fresh load; only a ramp that would
 *     empty the headroom before the cycle's usual free counts on its own.
 *     Where the low points come at a steady period it runs out at a peak:
 *     the first one past the line's zero (trend_peak_eta).
 *     After one free, a ramp that has eaten no more than that free gave
 *     back (1.25 x), and whose rest fits, is taken for the next cycle:
 *     its rate is shown, with no ETA (a garbage collector's second cycle
 *     was 2.4 s of CRITICAL). An OOM kill's free is no cycle: the caller
 *     forgets the low points (trend_forget_frees), or a restart loop of
 *     kills would read as a sawtooth and never alarm;
 *     After pauses, a ramp no larger than the step before it is the next
 *     step. A load is stepwise with two steps at least that ended, deeper
 *     than four noises, since it began or last moved up (no staircase
 *     frees);
 *   - a load that slows down at once (a fast start, then a slow leak): the
 *     last second's net rate, or the window's later half's, when under half
 *     the window's, is the rate;
 *   - a steady load: the long view's rate when the window's agrees with it
 *     within a tenth (more exact: close pairs within the noise count as
 *     no change, which pulls the window's median down by a few %);
 *   - a load that slows down gradually: the net rates of the three thirds
 *     of the last 6 s, each clearly slower than the one before (by more than
 *     the jitter), or the long view's one-second rates falling along an
 *     exponential (a log-linear fit, 4 standard errors); the decay (what is
 *     still to come is the rate times the time constant) says how much more
 *     it will take in all (remaining). The forecast uses that only to clear
 *     an alarm, never to raise one;
 *   - a leak slower than the noise moves between its pauses (0.5 MiB/s
 *     in a 384 MiB cgroup, 1.5 MiB/s on a 64 GiB machine): a slow view,
 *     the mean of each 4 s since the last jump (a sample that moved more
 *     than the noise at once, and did not come back within 8 s), gives its
 *     rate once it spans 30 s, while it creeps on (trend_slow_rate), the
 *     pace since a change of pace (slow_changed, trend_slow.c); spikes that
 *     came back (buffers held a moment) are left out of it, and the ETA
 *     keeps room for the deepest of them, to the first spike that will not
 *     fit where they come at a steady period (trend_spike_room);
 *   - less left than the last sample ate at once: one more such sample
 *     empties it, whatever the history says, unless it is one more of the
 *     spikes that came back (imminent);
 *   - jitter: a fresh ramp must exceed the window's pace by the noise,
 *     and where the headroom jitters above the noise floor by twice the
 *     jitter.
 *
 * Its files: this one keeps the history (the samples, the long view, the
 * low points before frees, a load's steps and bursts); trend_fit.c reads
 * it (the window, the long view, cycles, staircases, slowing down, the
 * imminent rule); trend_slow.c reads the slow view (jumps, the creep's
 * rate over 30 s and more, its working pace); trend_pauses.c the creep's
 * pauses and stillness; trend_spikes.c the buffers held a moment that come
 * back; trend_stats.c the robust statistics all of them share (Theil-Sen,
 * the median). trend_int.h holds the tunables and what one file gives
 * another.
 */
#include "analysis/trend_int.h"
#include "util/num.h"

#include <math.h>
#include <string.h>

void trend_sample(const struct trend *tr, size_t k, double *t, double *v)
{
	*t = tr->t[idx(tr, k)];
	*v = tr->v[idx(tr, k)];
}

double trend_headroom_at(const struct trend *tr, double t)
{
	if (tr->n > 0 && tr->t[idx(tr, 0)] <= t) {
		size_t k = 0;
		while (k + 1 < tr->n && tr->t[idx(tr, k)] < t)
			k++;
		return tr->v[idx(tr, k)];
	}
	/* the history does not reach back to t: the long view, if it does */
	if (tr->cn == 0 || tr->ct[cidx(tr, 0)] > t)
		return NAN;
	for (size_t k = 0; k < tr->cn; k++)
		if (tr->ct[cidx(tr, k)] >= t)
			return tr->cv[cidx(tr, k)];
	return tr->n > 0 ? tr->v[idx(tr, 0)] : NAN;
}

double trend_oldest(const struct trend *tr)
{
	double t = tr->n > 0 ? tr->t[idx(tr, 0)] : NAN;
	if (tr->cn > 0 && !(tr->ct[cidx(tr, 0)] >= t))
		t = tr->ct[cidx(tr, 0)];
	return t;
}

const struct trend_burst *trend_burst(const struct trend *tr, size_t k)
{
	return &tr->bu[ring_at(tr->bhead, tr->bn, TREND_BURSTS, k)];
}

void trend_init(struct trend *tr)
{
	memset(tr, 0, sizeof *tr);
	tr->flat_since = -1;
	tr->resumed_t0 = -1;
	tr->load_t = -1;
	tr->jump_t = -1;
	tr->spike_t = -1;
	tr->calm_since = -1;
	tr->calm_prev_v = tr->calm_cyc_prev = NAN;
	tr->carry_t = -1;
	tr->still_since = -1;
	tr->still_max_v = NAN;
	tr->bstill_t0 = tr->bstill_out = -1;
	tr->odd_t = -1;
	tr->yzt = -1;
}

/* A step of this load was first seen at t, the sample before at t0: it
 * began between them, at their midpoint on average. Taken at t, every
 * step of a staircase read half an interval late, its next step due that
 * much later: at -d 1, 24 MiB every 5 s ran out 0.5 s sooner than its
 * ETA said (test_stairs). */
static void step_begin(struct trend *tr, double t0, double t)
{
	tr->st[tr->shead] = (t0 + t) / 2;
	tr->se[tr->shead] = t;
	tr->sv[tr->shead] = 0;
	tr->shead = (tr->shead + 1) % TREND_STEPS;
	if (tr->sn < TREND_STEPS)
		tr->sn++;
}

/* The last burst noted; NULL where none. */
static struct trend_burst *burst_last(struct trend *tr)
{
	return tr->bn ? &tr->bu[ring_at(tr->bhead, tr->bn, TREND_BURSTS, tr->bn - 1)] : NULL;
}

/* A move of more than the noise to v at t (the sample before at t0), gap s
 * after the one before: the burst it is part of, or a new one after a
 * pause (trend.h) */
static void burst_note(struct trend *tr, double t0, double t, double v, double gap, bool at_once)
{
	if (v > tr->flat_v) {
		tr->bn = 0;   /* a free: no load working in turns */
		return;
	}
	struct trend_burst *b = burst_last(tr);
	if (!b || gap >= BURST_PAUSE_S) {
		/* from the level of the pause before it, where seen */
		double v0 = b && !isnan(b->v_end) ? b->v_end : tr->flat_v;
		b = &tr->bu[tr->bhead];
		tr->bhead = (tr->bhead + 1) % TREND_BURSTS;
		if (tr->bn < TREND_BURSTS)
			tr->bn++;
		*b = (struct trend_burst){t, t, v0, v, v, NAN, 0, gap >= BURST_PAUSE_S, at_once, t0};
		return;
	}
	b->last = t;
	b->v1 = v;
	b->v_end = NAN;   /* it went on: that was no pause */
	b->gap_max = dmax(b->gap_max, gap);
}

/* The level of the pause after the last burst, v at t: once its last
 * move is a while behind (what it took under the noise after that is in),
 * and before the next could begin (a pause is BURST_CLEAR x its gaps) */
static void burst_rest(struct trend *tr, double t, double v)
{
	struct trend_burst *b = burst_last(tr);
	if (b && isnan(b->v_end) && t - b->last >= dmax(BURST_SETTLE_S, 1.5 * b->gap_max))
		b->v_end = v;
}

double trend_noise(double capacity)
{
	return dmax(2.0 * 1048576, capacity / 4096);
}

double trend_reset(double capacity)
{
	return dmax(8 * trend_noise(capacity), capacity / 100);
}

/* A big free (the headroom rose by more than the reset at once): what ate
 * memory before it says nothing about the next ramp, but its low point is
 * kept, in case frees recur. A free read over two samples is one free: its
 * low is the first. */
static void add_free(struct trend *tr, double t, double v, double noise)
{
	double rise = v - tr->v[idx(tr, tr->n - 1)];
	tr->free_v = v;
	if (tr->n == 1 && tr->ln > 0) {
		tr->lr[lidx(tr, tr->ln - 1)] += rise;
	} else {
		/* the low was reached when the headroom came down to it,
		 * not when it was freed: a collector that waits a second
		 * at its peak would put the low points' line a second late
		 * (the sawtooth's ETA 0.7 s long at the 60 s mark) */
		double low = tr->v[idx(tr, tr->n - 1)], lt = tr->t[idx(tr, tr->n - 1)];
		if (tr->flat_since >= 0 && fabs(tr->flat_v - low) <= noise)
			lt = tr->flat_since;
		tr->lt[tr->lhead] = lt;
		tr->lv[tr->lhead] = low;
		tr->lr[tr->lhead] = rise;
		tr->lhead = (tr->lhead + 1) % TREND_LOWS;
		if (tr->ln < TREND_LOWS)
			tr->ln++;
	}
	tr->head = tr->n = tr->chead = tr->cn = tr->whead = tr->wn = tr->wcnt = 0;
	tr->jump_t = t;   /* a free is a jump */
	tr->spike_t = tr->calm_since = tr->carry_t = tr->still_since = tr->odd_t = -1;
	tr->bstill_t0 = tr->bstill_out = -1;
	tr->still_max = tr->bstill_max = tr->calm_last = 0;
	tr->still_max_v = NAN;
	tr->calm_prev_v = tr->calm_cyc_prev = NAN;
	tr->pzn = 0;
	tr->yzt = -1;
	tr->pn = 0;
	tr->flat_since = tr->resumed_t0 = -1;
	tr->gap_max = tr->step_gapped = tr->step_cur = tr->step_last = 0;
	tr->gapped = false;
	tr->stepping = false;
	tr->load_t = -1;
	tr->first_open = false;
	tr->sn = 0;
	tr->bn = 0;
}

/* The steps' autocorrelation (moves_come_back, trend_slow.c): each step times the one
 * before, and its square, the older weighing less. */
static void add_back(struct trend *tr, double v)
{
	if (tr->n > 0) {
		double d = v - tr->v[idx(tr, tr->n - 1)];
		if (tr->n > 1) {
			tr->back_xy = TREND_BACK_DECAY * tr->back_xy + d * tr->step_prev;
			tr->back_xx = TREND_BACK_DECAY * tr->back_xx + d * d;
		}
		tr->step_prev = d;
	}
}

/* Pauses, a load's steps and bursts, from the move since the last pause
 * began. */
static void add_steps(struct trend *tr, double t, double v, double noise)
{
	/* a pause is judged by the net change since it began, not step by
	 * step: a slow leak moves less than the noise between two samples
	 * (2 MiB/s at 0.2 s: 0.4 MiB a step) but more than it in a second */
	if (tr->n > 0) {
		size_t last = idx(tr, tr->n - 1);
		if (tr->flat_since < 0) {
			tr->flat_since = tr->t[last];
			tr->flat_v = tr->v[last];
		}
		if (fabs(v - tr->flat_v) > noise) {
			/* moved: the pause before it was a gap between steps */
			double gap = t - tr->flat_since;
			burst_note(tr, tr->t[last], t, v, gap, tr->v[last] - v > noise);
			/* a pause fit_paused read as the load's end, and then
			 * eaten again: fit_resumed's rate since it began */
			if (v < tr->flat_v && gap >= trend_pause_hold(tr)) {
				tr->resumed_t0 = tr->flat_since;
				tr->resumed_v0 = tr->flat_v;
			}
			if (v < tr->flat_v && tr->stepping) {
				/* moves close together are one step; a step that
				 * follows a pause is a staircase's */
				if (gap <= STEP_JOIN_S && tr->first_open)
					tr->first_end = t;
				if (gap > STEP_JOIN_S) {
					/* the step before ended: a staircase is
					 * known by the steps that ended (the one
					 * under way may be a load's ramp, or a
					 * buffer held a moment) */
					tr->step_last = tr->step_cur;
					if (tr->gapped)
						tr->step_gapped = dmax(tr->step_gapped, tr->step_cur);
					tr->first_open = false;
					tr->step_cur = 0;
					tr->gapped = gap >= FLAT_HOLD_S;
					tr->gap_max = gap > GAP_NEW_S ? 0 : dmax(tr->gap_max, gap);
					step_begin(tr, tr->t[last], t);
				}
				if (gap > GAP_NEW_S)
					tr->step_gapped = tr->step_last = 0;
				tr->step_cur += tr->flat_v - v;
			} else if (v < tr->flat_v) {
				tr->step_cur = tr->flat_v - v;
				tr->gapped = false;
			}
			if (v < tr->flat_v && (!tr->stepping || gap > GAP_NEW_S)) {
				tr->load_t = tr->t[last];   /* a load begins: the long view starts here */
				tr->first_end = t;
				tr->first_open = true;
				tr->sn = 0;
				step_begin(tr, tr->t[last], t);
			}
			/* and no steps that were before it: a buffer held a
			 * moment and given back made a load's first seconds
			 * beside it "the next step", no ramp (20 MiB/s read as
			 * none), and a second buffer read as a staircase */
			if (v > tr->flat_v)
				tr->sn = 0, tr->step_gapped = tr->step_last = 0;
			else if (tr->sn)
				tr->sv[sidx(tr, tr->sn - 1)] = tr->step_cur, tr->se[sidx(tr, tr->sn - 1)] = t;
			tr->stepping = v < tr->flat_v;
			tr->flat_since = t;   /* a pause could begin here */
			tr->flat_v = v;
		}
	}
}

/* The sample into the history, and into the long view a second apart. */
static void add_sample(struct trend *tr, double t, double v)
{
	tr->t[tr->head] = t;
	tr->v[tr->head] = v;
	tr->head = (tr->head + 1) % TREND_MAX;
	if (tr->n < TREND_MAX)
		tr->n++;
	if (tr->cn == 0 || t - tr->ct[cidx(tr, tr->cn - 1)] >= COARSE_S) {
		tr->ct[tr->chead] = t;
		tr->cv[tr->chead] = v;
		tr->chead = (tr->chead + 1) % TREND_COARSE;
		if (tr->cn < TREND_COARSE)
			tr->cn++;
	}
}

/* The calm (within the noise) and the stillness (within a quarter of it)
 * that the slow view reads a creep's pauses by. */
static void add_calm(struct trend *tr, double t, double v, double noise)
{
	if (tr->calm_since < 0 || fabs(v - tr->calm_v) > noise) {
		if (tr->calm_since >= 0 && v < tr->calm_v)
			trend_slow_paused(tr, t, v, noise);
		tr->calm_cyc_prev = tr->calm_last > 0 ? (tr->calm_prev_v - tr->calm_v) / tr->calm_last
		                                      : NAN;
		tr->calm_last = tr->calm_since >= 0 ? t - tr->calm_since : 0;
		tr->calm_prev_v = tr->calm_since >= 0 ? tr->calm_v : NAN;
		tr->calm_since = t;
		tr->calm_v = v;
		tr->still_max = tr->bstill_max = 0;
		tr->still_max_v = NAN;
	}
	/* (a pause ends in a creep's first moves under the noise: the calm
	 * ends a MiB or two later, the pause's stillness before them) */
	if (tr->still_since < 0 || fabs(v - tr->still_v) > noise / 4) {
		if (tr->still_since >= 0 && tr->calm_since <= tr->still_since &&
		    t - tr->still_since > tr->still_max) {
			tr->still_max = t - tr->still_since;
			tr->still_max_t = tr->still_since;
			tr->still_max_v = tr->still_v;
			tr->still_max_q = tr->still_v - v;
		}
		tr->still_since = t;
		tr->still_v = v;
	}
}

/* The slow view's means. */
static void add_slow_mean(struct trend *tr, double t, double v)
{
	/* the slow view's samples are means over SLOW_STEP_S: a leak that
	 * moves a MiB at a time is a fine staircase, and a sample a few
	 * seconds apart falls before or after its step by turns (a 0.5 MiB/s
	 * leak read 2 % fast where they fell before it early and after it
	 * late); a mean over its steps lies on its line */
	if (tr->wcnt == 0) {
		tr->w0 = t;
		tr->wsum_t = tr->wsum_v = 0;
	}
	tr->wsum_t += t;
	tr->wsum_v += v;
	tr->wcnt++;
	if (t - tr->w0 >= SLOW_STEP_S) {
		tr->wt[tr->whead] = tr->wsum_t / (double)tr->wcnt;
		tr->wv[tr->whead] = tr->wsum_v / (double)tr->wcnt;
		tr->whead = (tr->whead + 1) % TREND_SLOW;
		if (tr->wn < TREND_SLOW)
			tr->wn++;
		tr->wcnt = 0;
	}
}

void trend_add(struct trend *tr, double t, double v, double noise, double reset)
{
	if (tr->n > 0 && v - tr->v[idx(tr, tr->n - 1)] > reset)
		add_free(tr, t, v, noise);
	burst_rest(tr, t, v);
	add_back(tr, v);
	bool spiking = trend_slow_jump(tr, t, v, noise);
	add_steps(tr, t, v, noise);
	add_sample(tr, t, v);
	trend_still_bridged(tr, t, v, noise, spiking);
	if (spiking) {
		tr->still_since = -1;   /* unseen: not still */
		return;
	}
	add_calm(tr, t, v, noise);
	add_slow_mean(tr, t, v);
}

void trend_forget_frees(struct trend *tr)
{
	tr->ln = tr->lhead = 0;
}
