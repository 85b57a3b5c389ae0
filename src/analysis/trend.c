/* trend.c - the consumption-rate estimator.
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
 *     the first one past the line's zero (peak_eta).
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
 *     rate once it spans 30 s, while it creeps on (slow_rate), the pace
 *     since a change of pace (slow_changed); spikes that
 *     came back (buffers held a moment) are left out of it, and the ETA
 *     keeps room for the deepest of them, to the first spike that will not
 *     fit where they come at a steady period (spike_room);
 *   - less left than the last sample ate at once: one more such sample
 *     empties it, whatever the history says, unless it is one more of the
 *     spikes that came back (imminent);
 *   - jitter: a fresh ramp must exceed the window's pace by the noise,
 *     and where the headroom jitters above the noise floor by twice the
 *     jitter. */
#include "analysis/trend.h"
#include "util/num.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A step shorter than this is flat; a pause must last this long (s) before
 * the rate is taken as zero. */
#define FLAT_HOLD_S 2.0
/* No ETA from fewer samples than this in the window. */
#define MIN_SAMPLES 5
/* The two last steps of a ramp are within this factor of each other. */
#define RAMP_RATIO 4.0
/* A pause this much longer than the longest between the load's steps ends
 * it; a pause longer than GAP_NEW_S was no step of the same load. */
#define GAP_FACTOR 1.5
#define GAP_NEW_S 10.0
#define STEP_NOISES TREND_STEP_NOISES   /* a step of a stepwise load: this many noises at least */
#define STEP_GROWTH 1.5       /* a ramp up to this x the largest step is the next step */
#define STEP_JOIN_S 0.5       /* moves closer than this are one step */
#define LONE_MAX 2            /* a lone step: this many big intervals at most in a row */
/* A regular staircase: STAIRS_MIN steps at least, their sizes and periods
 * within STAIRS_SPREAD x of each other */
#define STAIRS_MIN 4
#define STAIRS_SPREAD 1.5
#define STAIRS_TREND 1.05
/* The long view: a sample a second, the last LONG_S seconds; no rate from
 * it before it spans LONG_MIN_S. */
#define COARSE_S 1.0
#define LONG_S 30.0
#define LONG_MIN_S 10.0
#define STILL_SHARE_INV 4     /* a quarter of the window's pairs still, at most, for its moved pairs' rate */
#define AGREE_SHARE 0.25      /* the window's and the long view's rates agree */
#define EXACT_SHARE 0.1       /* ... closely: the long view's is the more exact */
/* Frees: cyclic when CYCLE_FREES of them came within CYCLE_S; low points
 * older than LOWS_S are forgotten. */
#define CYCLE_FREES 2
#define CYCLE_S 30.0
#define LOWS_S 60.0
#define LOWS_MIN 3
#define CYCLE_OVER 1.25       /* an ordinary cycle: eats up to this x the usual free */
#define PEAKS_OFF 0.1         /* a regular sawtooth's low point: this share of a period off its line at most */
#define PEAKS_TREND 0.05      /* ... and its cycles' lengths, early against late: this share at most */
/* Slowed down at once: the net rate of the last RECENT_S seconds under
 * RECENT_FACTOR x the window's is the rate (a fast start, then a slow leak;
 * not in a stepwise load, whose pauses are not a slowdown). */
#define RECENT_S 1.0
#define RECENT_FACTOR 0.5
/* A creep seen before it is timed (fit): its long view's pairs' quartiles
 * SEEN_SPREAD x its pace apart at most, and the last SEEN_S moved at
 * SEEN_SHARE x that pace at least. */
#define SEEN_SPREAD 0.4
#define SEEN_S 5.0
#define SEEN_SHARE 0.75
/* A slowdown (at once, within the window, or thirds slowing) must also
 * stand SPREAD_Z x out of how much the load's own one-second rates spread
 * (second_spread: from SPREAD_MIN changes at least since the load began,
 * in the long view) */
#define SPREAD_Z 4.0
#define SPREAD_MIN 6
/* Slowing down: the thirds of the last DECEL_S seconds, each slower than
 * DECEL_RATIO x the one before. */
#define DECEL_S 6.0
#define DECEL_RATIO 0.8
/* ... or the long view's last DECAY_STEPS one-second steps (DECAY_MIN_STEPS
 * at least) decaying exponentially, surely */
#define DECAY_STEPS 12
#define DECAY_MIN_STEPS 5
#define DECAY_SES 4.0
#define DECAY_SAFE_SES 1.0
#define DECAY_WIDEST 3        /* steps of up to this many seconds */
/* The slow view: a sample each SLOW_STEP_S; a rate from SLOW_MIN_S of
 * creep at least (no jump in it), still going: the later half's rate
 * SLOW_GOING x the whole's at least. */
#define SLOW_STEP_S TREND_SLOW_STEP_S
#define SLOW_MIN_S 30.0
#define SLOW_YOUNG_S 12.0     /* a load's first pause: the creep before it read over this */
#define SLOW_GOING 0.5
#define SLOW_CYCLES_ALIKE 1.5 /* a slowed creep's last two cycles: paces within this */
#define SLOW_FAST_MEANS 5     /* a creep's latest pace: from this many means at least */
#define SLOW_FAST_PAIRS 6     /* ... and pairs of them */
/* A move of more than the noise that comes back within SPIKE_S (to within
 * the noise of where it left, or of where a creep beside it took that
 * level) was a spike, a buffer held a moment: the slow view goes on across
 * it. One that stays is a jump, where it starts again.
 * Spikes that came back within SPIKES_S, and recur, are the peaks a creep
 * must leave room for. */
#define SPIKE_S TREND_SPIKE_S
#define SPIKES_S 60.0
#define SPIKE_LIKE 1.25       /* a jump up to this x the deepest of them is one more */
#define SPIKE_DRIFT_S 2.0     /* a creep beside a held buffer moves the noise in this at most */
#define SPIKE_BACK_NOISES 1.25 /* ... and it comes back within this many noises of the creep's level */
#define SPIKES_MIN 2          /* they recur: this many at least */
#define JITTER_BACK -0.3     /* a jittery headroom's moves come back: their steps' autocorrelation */
#define SPIKES_QUIET 4        /* spikes on a quiet headroom only: at most 1 move in this many over the noise */

/* The k-th oldest of a ring of cap slots holding n, the next at head:
 * every ring here (samples, long and slow views, low points, steps) */
static size_t ring_at(size_t head, size_t n, size_t cap, size_t k)
{
	return (head + cap - n + k) % cap;
}

static size_t idx(const struct trend *tr, size_t k)   /* k = 0: oldest */
{
	return ring_at(tr->head, tr->n, TREND_MAX, k);
}

void trend_sample(const struct trend *tr, size_t k, double *t, double *v)
{
	*t = tr->t[idx(tr, k)];
	*v = tr->v[idx(tr, k)];
}

const struct trend_burst *trend_burst(const struct trend *tr, size_t k)
{
	return &tr->bu[ring_at(tr->bhead, tr->bn, TREND_BURSTS, k)];
}

void trend_init(struct trend *tr)
{
	memset(tr, 0, sizeof *tr);
	tr->flat_since = -1;
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

static size_t cidx(const struct trend *tr, size_t k)
{
	return ring_at(tr->chead, tr->cn, TREND_COARSE, k);
}

static size_t widx(const struct trend *tr, size_t k)
{
	return ring_at(tr->whead, tr->wn, TREND_SLOW, k);
}

static size_t lidx(const struct trend *tr, size_t k)
{
	return ring_at(tr->lhead, tr->ln, TREND_LOWS, k);
}

static size_t sidx(const struct trend *tr, size_t k)   /* k = 0: the oldest step */
{
	return ring_at(tr->shead, tr->sn, TREND_STEPS, k);
}

/* A step of this load was first seen at t. */
static void step_begin(struct trend *tr, double t)
{
	tr->st[tr->shead] = tr->se[tr->shead] = t;
	tr->sv[tr->shead] = 0;
	tr->shead = (tr->shead + 1) % TREND_STEPS;
	if (tr->sn < TREND_STEPS)
		tr->sn++;
}

/* A move of more than the noise to v at t, gap s after the one before:
 * the burst it is part of, or a new one after a pause (trend.h) */
static struct trend_burst *burst_last(struct trend *tr)
{
	return tr->bn ? &tr->bu[ring_at(tr->bhead, tr->bn, TREND_BURSTS, tr->bn - 1)] : NULL;
}

static void burst_note(struct trend *tr, double t, double v, double gap, bool at_once)
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
		*b = (struct trend_burst){t, t, v0, v, v, NAN, 0, gap >= BURST_PAUSE_S, at_once};
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

/* Whether the spike in slot i still counts at tnow: since the slow view's
 * start, within SPIKES_S */
static bool spike_counts(const struct trend *tr, size_t i, double tnow)
{
	return tr->pt[i] >= tr->jump_t && tnow - tr->pt[i] <= SPIKES_S;
}

/* Keep a spike that began at t, depth bytes deep. When all the slots are
 * taken, it replaces one that no longer counts, or else the shallowest
 * (the oldest of those), unless that is deeper: blips each second must not
 * push out the deep spike of ten seconds ago. */
static void spike_keep(struct trend *tr, double t, double depth)
{
	size_t at = tr->pn;
	if (tr->pn < TREND_SPIKES) {
		tr->pn++;
	} else {
		at = 0;
		for (size_t k = 1; k < TREND_SPIKES; k++) {
			bool kc = spike_counts(tr, k, t), ac = spike_counts(tr, at, t);
			if (kc != ac ? !kc
			             : tr->pv[k] < tr->pv[at] || (tr->pv[k] == tr->pv[at] && tr->pt[k] < tr->pt[at]))
				at = k;
		}
		if (spike_counts(tr, at, t) && tr->pv[at] > depth)
			return;
	}
	tr->pt[at] = t;
	tr->pv[at] = depth;
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
static void slow_restart(struct trend *tr, double at)
{
	tr->jump_t = at;
	tr->wcnt = 0;   /* the slow view's seconds begin again here */
	tr->spike_t = -1;
}

static double slow_rate(const struct trend *tr, double tnow, double noise, double *lo, double *hi);
static size_t slow_means(const struct trend *tr, double *t, double *v);
static bool slow_steady(const double *t, const double *v, size_t n, double rate, double tol);
static double slow_line(const double *t, const double *v, size_t m, double noise, double *lo,
                        double *hi);
static double slow_line_over(const double *t, const double *v, size_t m, double noise,
                             double min_s, double *lo, double *hi);
static bool slow_pauses_so(const struct trend *tr, double tnow, double calm);
static double slow_still(const struct trend *tr, double t);
static double slow_pause_end(const struct trend *tr, double least);

/* Whether the slow view reads a creep at t, before a move it may carry
 * across: where nothing crept, its flat seconds would only dilute a creep
 * that begins with the move (a model loaded after an idle hour, its cache
 * creeping after it) */
static bool slow_creeping(const struct trend *tr, double t, double noise)
{
	double lo, hi;
	return isfinite(slow_rate(tr, t, noise, &lo, &hi));
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
	double lo, hi, r = slow_rate(tr, t, noise, &lo, &hi);
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

/* What the creep ate beside the open spike while it was held: how far its
 * level drifted since it settled (a 0.5 MiB/s creep beside a buffer held
 * 6 s: 3 MiB, more than the noise it must come back within) */
static double spike_drift(const struct trend *tr)
{
	return isnan(tr->spike_settle) ? 0 : dmax(tr->spike_settle - tr->spike_last, 0);
}

/* The headroom outside the open spike: where it left, less that drift */
static double spike_outside(const struct trend *tr)
{
	return tr->spike_v - spike_drift(tr);
}

/* ... and whether a creep explains that drift by t: the noise at most each
 * SPIKE_DRIFT_S held. More is a load beside the buffer, or the buffer
 * growing: not the creep the slow view reads (a load starting at 8 MiB/s
 * while a buffer was held read as the creep's 0.5 MiB/s until it was
 * killed; a 30 MiB allocation that stayed would have joined the creep). */
static bool spike_creeps(const struct trend *tr, double t, double noise)
{
	return isnan(tr->spike_settle) ||
	       spike_drift(tr) <= noise * (1 + (t - tr->spike_settle_t) / SPIKE_DRIFT_S);
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

/* How many of the slow view's means t[0..m) came before since: those of
 * its first half step are the move that ended the calm before */
static size_t slow_before(const double *t, size_t m, double since)
{
	while (m > 0 && t[m - 1] + SLOW_STEP_S / 2 > since)
		m--;
	return m;
}

/* Where the bridged stretch (still_bridged) stands still within the calm
 * now: from the later of its start and the calm's (one begun a few
 * seconds before the calm counted for nothing, and a 58 s pause went
 * unrecorded: the review of f4578e8) to where it left, or t; how long
 * (s), its excursions left out */
static double still_bridged_from(const struct trend *tr)
{
	return dmax(tr->bstill_t0, tr->calm_since);
}

static double still_bridged_end(const struct trend *tr, double t)
{
	return tr->bstill_out >= 0 ? tr->bstill_out : t;
}

static double still_bridged_len(const struct trend *tr, double t)
{
	if (tr->bstill_t0 < 0 || tr->calm_since < 0)
		return 0;
	return dmax(still_bridged_end(tr, t) - still_bridged_from(tr) - tr->bstill_skip, 0);
}

/* The longest stretch of the calm now, to t, that the headroom stood
 * still: from *a to *b, at *level (the calm's own where none); and where
 * q is not NULL, how far the headroom had moved from that level in the
 * first sample after it (v: the headroom at t, where that is the one) */
static void slow_still_span(const struct trend *tr, double t, double v, double *a, double *b,
                            double *level, double *q)
{
	double bl = still_bridged_len(tr, t), moved;
	double sl = dmax(tr->still_max, tr->still_since >= 0 ? t - tr->still_since : 0);
	if (tr->bstill_max > bl && tr->bstill_max > sl) {
		*a = tr->bstill_max_a, *b = tr->bstill_max_b, *level = tr->bstill_max_v;
		moved = tr->bstill_max_q;
	} else if (bl > tr->still_max && bl > (tr->still_since >= 0 ? t - tr->still_since : 0)) {
		*a = still_bridged_from(tr), *b = still_bridged_end(tr, t), *level = tr->bstill_v;
		moved = tr->bstill_out >= 0 ? tr->bstill_q : tr->bstill_v - v;
	} else if (tr->still_since >= 0 && t - tr->still_since > tr->still_max) {
		*a = tr->still_since, *b = t, *level = tr->still_v;
		moved = tr->still_v - v;
	} else if (!isnan(tr->still_max_v)) {
		*a = tr->still_max_t, *b = tr->still_max_t + tr->still_max, *level = tr->still_max_v;
		moved = tr->still_max_q;
	} else {
		*a = tr->calm_since, *b = t, *level = tr->calm_v;
		moved = tr->calm_v - v;
	}
	if (q)
		*q = moved;
}

/* The same, where the slow view was too young to read a creep over its
 * 30 s before the calm (tt, vv: its m means before it): a load's first
 * bursts. Read over SLOW_YOUNG_S of means instead, the calm is kept apart
 * (trend.h: yzt) for the bursts' model alone, the latest such calm (a
 * load working 6 s and pausing 6 s has two: the first, kept, was two
 * periods before the first recorded pause, and no model until a fourth
 * pause; the review of fdd3074) */
static void slow_paused_young(struct trend *tr, double t, double v, double noise,
                              const double *tt, const double *vv, size_t m)
{
	double lo, hi, calm = t - tr->calm_since;
	double r = slow_line_over(tt, vv, m, noise, SLOW_YOUNG_S, &lo, &hi);
	if (!isfinite(r) || calm * r <= 2 * noise || slow_still(tr, t) < calm / 2)
		return;
	tr->yzt = t, tr->yz = calm;
	slow_still_span(tr, t, v, &tr->yza, &tr->yzb, &tr->yzv, &tr->yzq);
}

/* A calm of this load before (since the slow view began again) was read
 * as one of its pauses: recorded, or kept as a young one */
static bool paused_before(const struct trend *tr)
{
	return (tr->yzt >= 0 && tr->yzt >= tr->jump_t) || slow_pause_end(tr, 0) >= 0;
}

/* The creep came back, consuming, at t from a calm: where the slow view
 * had read a creep before the calm began (30 s of means before it), that
 * the calm outlasted (its stop), and the headroom stood still for half of
 * the calm at least, the calm was one of its pauses. Without a creep read
 * before it, the calm after a load's first burst counted (a 2 MiB/s creep
 * after it, stopping, read stopped 37 s late). A creep's own calm is no
 * pause: it moves a quantum or more each third of its calm (three steps
 * of a MiB to move a 2 MiB noise), in whole MiB or smoothly: a creep
 * slowing down to an eighth, its calms 24 s, was held at its old pace
 * 30 s longer; a 0.5 MiB/s creep beside a buffer held a second every 10 s
 * (its samples left out) read 8-9 s calm, its stop then 13 s late.
 * Where the pauses outlast the work, the pace over both is slow, and a
 * pause's calm may be under two noises at it (0.2 MiB/s working 30 s,
 * pausing 40: 0.086 MiB/s, two noises in 47 s, the calm 40-50 s): one
 * noise does where it stood still as long, and a burst's pause at least
 * (a creep's own moves stand still a fifth of that at most: a MiB at
 * 0.2 MiB/s in 5 s; a load slowed from 2 MiB/s to 0.4, its MiB 2.5 s
 * apart, read still long enough at its old pace: stopped, OK for 4 s, at
 * 0.4 MiB/s with 33 MiB left, where it was WATCH). Unrecorded,
 * such a load had no bursts' model, its kill within a burst 25 % late,
 * the first WARNING 3.4 s before it (the series sweep's blind spot). */
static void slow_paused(struct trend *tr, double t, double v, double noise)
{
	double tt[TREND_SLOW], vv[TREND_SLOW], lo, hi, calm = t - tr->calm_since;
	size_t m = slow_before(tt, slow_means(tr, tt, vv), tr->calm_since);
	double r = slow_line(tt, vv, m, noise, &lo, &hi);
	/* where the pauses outlast the work twice over, the view before the
	 * calm is mostly the pause before it, and too few of its pairs move
	 * for a line: its net pace over both then (0.2 MiB/s working 30 s,
	 * pausing 60: no pause recorded, no ETA in its bursts, the first
	 * WARNING 1 s before the kill at a sample a second). Only where a calm
	 * before it was one of its pauses already: one burst between two
	 * idle spells is no pace, and its calm read as a pause held a later
	 * load's stop as one more pause (WARNING 93 s after it, 14 s before;
	 * the review of f3a202d) */
	if (!isfinite(r) && paused_before(tr) && m >= 2 && tt[m - 1] - tt[0] >= SLOW_MIN_S &&
	    vv[0] - vv[m - 1] > noise)
		r = (vv[0] - vv[m - 1]) / (tt[m - 1] - tt[0]);
	if (!isfinite(r)) {
		slow_paused_young(tr, t, v, noise, tt, vv, m);
		return;
	}
	double still = slow_still(tr, t);
	bool still_long = calm * r > noise && still >= BURST_PAUSE_S;
	if (calm * r <= 2 * noise && !(still_long && still * r > noise)) {
		/* half such a pause (a buffer under the noise in it put the
		 * level a noise off): not recorded, but no burst holds it; the
		 * bursts' model read two cycles as one where every other pause
		 * was cut so (0.3 MiB/s, 15 s on, 30 off, 1.5 MiB: its ETA
		 * 0.16 x the time left) */
		if (still_long && still * r > noise / 2)
			tr->odd_t = t, tr->odd = calm;
		return;
	}
	if (still < calm / 2) {
		tr->odd_t = t, tr->odd = calm;
		return;
	}
	/* the oldest (or the first that no longer counts) makes room */
	size_t k = 0;
	if (tr->pzn < TREND_PAUSES)
		k = tr->pzn++;
	else
		for (size_t i = 1; i < TREND_PAUSES; i++)
			if (tr->pzt[i] < tr->pzt[k])
				k = i;
	tr->pz[k] = calm;
	tr->pzt[k] = t;
	tr->pzs[k] = m >= 3 && slow_steady(tt, vv, m, r, noise / 2);
	/* where it stood still: the calm began where the creep last moved a
	 * noise, and it went on under the noise a while (a calm begun at
	 * 15 MiB, its pause at 13, read the burst after it 2 MiB further on
	 * than it was, and the kill a period late; the review of 85ad974) */
	slow_still_span(tr, t, v, &tr->pza[k], &tr->pzb[k], &tr->pzv[k], &tr->pzq[k]);
}

static bool slow_jump(struct trend *tr, double t, double v, double noise)
{
	bool moved = tr->n > 0 && fabs(v - tr->v[idx(tr, tr->n - 1)]) > noise;
	/* a headroom that jitters by more than the noise: its moves are no
	 * spikes, and where each leaves from is chance (the levels they came
	 * back to walked: a flat cgroup jittering 5 MiB a sample read as a
	 * creep in 30 runs of 200). Every move starts the slow view again. */
	if (moved) {
		size_t jumps = 1;
		for (size_t k = 1; k < tr->n; k++)
			jumps += fabs(tr->v[idx(tr, k)] - tr->v[idx(tr, k - 1)]) > noise;
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
		    (v - tr->spike_last > noise && spike_creeps(tr, t, noise) &&
		     fabs(v - spike_outside(tr)) <= SPIKE_BACK_NOISES * noise)) {
			double depth = dmax(v, spike_outside(tr)) - tr->spike_min;
			if (depth > 0)   /* down and up: a peak of use */
				spike_keep(tr, tr->spike_t, depth);
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
		if (v - tr->spike_last > noise && spike_creeps(tr, t, noise) &&
		    v - spike_outside(tr) > noise && slow_creeping(tr, t, noise) &&
		    slow_once(tr, t)) {
			double outside = spike_outside(tr);
			if (outside > tr->spike_min)
				spike_keep(tr, tr->spike_t, outside - tr->spike_min);
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
		double shift = spike_creeps(tr, t, noise) ? slow_shift(tr, t, noise) : NAN;
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

/* How many of this load's steps (since its start or its last move up; the
 * last TREND_STEPS - 1 of them) ended more than size deep: a staircase has
 * two at least, not one buffer held among a creep's moves (a second buffer
 * of 12 MiB read as its step while the first, at the load's start, went
 * unseen) */
static size_t steps_ended(const struct trend *tr, double size)
{
	size_t n = 0;
	for (size_t k = 0; k + 1 < tr->sn; k++)
		n += tr->sv[sidx(tr, k)] > size;
	return n;
}

double trend_noise(double capacity)
{
	return dmax(2.0 * 1048576, capacity / 4096);
}

double trend_reset(double capacity)
{
	return dmax(8 * trend_noise(capacity), capacity / 100);
}

/* Stillness across an excursion that comes back to its level within
 * SPIKE_S, its time left out: a request's buffer held 2 s in a pause cut
 * its stillness in two, neither half of the calm, and a load working and
 * pausing in turn had every other pause unrecorded (series_sim kind 17):
 * no burst model, the kill read at the pace over work and pause, its
 * first WARNING 38 s before it. A creep does not come back: its moves
 * end the stretch as they end the plain one. */
static void still_bridged(struct trend *tr, double t, double v, double noise, bool spiking)
{
	bool away = spiking || fabs(v - tr->bstill_v) > noise / 4;
	if (tr->bstill_t0 < 0 || (away && tr->bstill_out >= 0 && t - tr->bstill_out > SPIKE_S)) {
		/* the stretch that ended, where the longest of the calm now (a
		 * creep back from a pause at 0.2 MiB/s ends its calm a third MiB
		 * on, 15 s after its first: the stretch begun again 8 s after
		 * that first, the pause's own forgotten, and every pause with a
		 * buffer held in it read too unstill to be one) */
		double len = still_bridged_len(tr, t);
		if (tr->bstill_out >= 0 && len > tr->bstill_max)
			tr->bstill_max = len, tr->bstill_max_a = still_bridged_from(tr),
			tr->bstill_max_b = tr->bstill_out, tr->bstill_max_v = tr->bstill_v,
			tr->bstill_max_q = tr->bstill_q;
		tr->bstill_t0 = t;
		tr->bstill_v = v;
		tr->bstill_out = -1;
		tr->bstill_skip = 0;
	} else if (away) {
		if (tr->bstill_out < 0)
			tr->bstill_out = t, tr->bstill_q = tr->bstill_v - v;
	} else if (tr->bstill_out >= 0) {
		tr->bstill_skip += t - tr->bstill_out;
		tr->bstill_out = -1;
	}
}


void trend_add(struct trend *tr, double t, double v, double noise, double reset)
{
	if (tr->n > 0 && v - tr->v[idx(tr, tr->n - 1)] > reset) {
		/* a big free: what ate memory before it says nothing about the
		 * next ramp, but its low point is kept, in case frees recur. A
		 * free read over two samples is one free: its low is the first. */
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
		tr->flat_since = -1;
		tr->gap_max = tr->step_gapped = tr->step_cur = tr->step_last = 0;
		tr->gapped = false;
		tr->stepping = false;
		tr->load_t = -1;
		tr->first_open = false;
		tr->sn = 0;
		tr->bn = 0;
	}
	burst_rest(tr, t, v);
	if (tr->n > 0) {
		double d = v - tr->v[idx(tr, tr->n - 1)];
		if (tr->n > 1) {
			tr->back_xy = TREND_BACK_DECAY * tr->back_xy + d * tr->step_prev;
			tr->back_xx = TREND_BACK_DECAY * tr->back_xx + d * d;
		}
		tr->step_prev = d;
	}
	bool spiking = slow_jump(tr, t, v, noise);
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
			burst_note(tr, t, v, gap, tr->v[last] - v > noise);
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
					step_begin(tr, t);
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
				step_begin(tr, t);
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
	/* the slow view's samples are means over SLOW_STEP_S: a leak that
	 * moves a MiB at a time is a fine staircase, and a sample a few
	 * seconds apart falls before or after its step by turns (a 0.5 MiB/s
	 * leak read 2 % fast where they fell before it early and after it
	 * late); a mean over its steps lies on its line */
	still_bridged(tr, t, v, noise, spiking);
	if (spiking) {
		tr->still_since = -1;   /* unseen: not still */
		return;
	}
	if (tr->calm_since < 0 || fabs(v - tr->calm_v) > noise) {
		if (tr->calm_since >= 0 && v < tr->calm_v)
			slow_paused(tr, t, v, noise);
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

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double trend_median(double *a, size_t n)
{
	qsort(a, n, sizeof *a, cmp_double);
	return n % 2 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
}

/* Theil-Sen over the pairs of points (t, v) at least min_sep apart: the
 * median consumption slope and its quartiles; a change within noise is no
 * change. Returns the number of pairs, *pos those that consume; where
 * moved is given, *moved is the median of the pairs that changed by more
 * than the noise (NaN: none) and *still the number of those that did not. */
static size_t theil_sen_moved(const double *t, const double *v, size_t n, double min_sep,
                              double noise, double *med, double *lo, double *hi, size_t *pos,
                              double *moved, size_t *still)
{
	double slopes[TREND_MAX * (TREND_MAX - 1) / 2];
	size_t m = 0, neg = 0, zero = 0;
	*pos = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			double dt = t[j] - t[i];
			if (dt <= 0 || dt < min_sep)
				continue;
			double dv = v[i] - v[j];
			double s = fabs(dv) <= noise ? 0 : dv / dt;
			slopes[m++] = s;
			*pos += s > 0;
			neg += s < 0;
			zero += s == 0;
		}
	if (moved) {
		*moved = NAN;
		*still = zero;
	}
	if (m == 0)
		return 0;
	qsort(slopes, m, sizeof *slopes, cmp_double);
	*med = slopes[m / 2];
	*lo = slopes[m / 4];
	*hi = slopes[(3 * m) / 4];
	/* the sorted slopes without their block of zeros, which starts
	 * after the negative ones */
	if (moved && m > zero) {
		size_t k = (m - zero) / 2;
		*moved = slopes[k < neg ? k : k + zero];
	}
	return m;
}

static size_t theil_sen(const double *t, const double *v, size_t n, double min_sep, double noise,
                        double *med, double *lo, double *hi, size_t *pos)
{
	return theil_sen_moved(t, v, n, min_sep, noise, med, lo, hi, pos, NULL, NULL);
}

/* Slowing down over the last span seconds of (t, v): the net rates of its
 * three thirds each clearly slower than the one before (a fast start and
 * then a steady leak slows once, not twice), all real consumption; what
 * the load will still take if it keeps slowing so (exponentially: the
 * rate times the time constant). NaN when it does not slow. */
static double remaining_of(const double *t, const double *v, size_t n, double span, double noise,
                           double spread)
{
	if (n < 9)
		return NAN;
	double tnow = t[n - 1];
	size_t a = 0;
	while (a + 8 < n && tnow - t[a] > span)
		a++;
	double len = tnow - t[a];
	if (len < 0.8 * span)
		return NAN;
	size_t b = a + 1, c;
	while (b + 6 < n && t[b] < t[a] + len / 3)
		b++;
	c = b + 1;
	while (c + 3 < n && t[c] < t[a] + 2 * len / 3)
		c++;
	double d1 = v[a] - v[b], d2 = v[b] - v[c], d3 = v[c] - v[n - 1];
	if (d1 <= 2 * noise || d2 <= 2 * noise || d3 <= 2 * noise)
		return NAN;
	double r1 = d1 / (t[b] - t[a]), r2 = d2 / (t[c] - t[b]), r3 = d3 / (tnow - t[c]);
	if (r2 >= DECEL_RATIO * r1 || r3 >= DECEL_RATIO * r2)
		return NAN;
	/* each slowdown more than the jitter could make of a third */
	if ((r1 - r2) * (t[c] - t[b]) <= 2 * noise || (r2 - r3) * (tnow - t[c]) <= 2 * noise)
		return NAN;
	/* ... and more than the load's own seconds spread: the difference
	 * of two thirds' rates spreads sqrt(2 / third) x a second's */
	if (r1 - r2 <= SPREAD_Z * spread * sqrt(2 / (t[c] - t[b])) ||
	    r2 - r3 <= SPREAD_Z * spread * sqrt(2 / (tnow - t[c])))
		return NAN;
	double tau = ((tnow + t[c]) / 2 - (t[b] + t[a]) / 2) / log(r1 / r3);
	return r3 * tau;
}

/* Slowing down, seen in the long view's one-second steps (two or three
 * seconds where one moves less than the noise): every step consumes, and the logarithm of their rates falls along a line clearly
 * (its slope more than DECAY_SES standard errors below zero): an
 * exponential decay. What it will still take: the rate now times the time
 * constant, taken from the slope less sure by DECAY_SAFE_SES standard
 * errors (a longer time constant, a larger remainder). NaN otherwise. */
static double remaining_decay(const double *t, const double *v, size_t n, double noise)
{
	double x[TREND_COARSE + 1], y[TREND_COARSE + 1];
	size_t m = 0;
	/* steps of one second, or of two or three where a slow load's
	 * seconds move less than the noise */
	for (size_t w = 1; w <= DECAY_WIDEST && m == 0; w++) {
		for (size_t end = n - 1; end >= w && m < DECAY_STEPS; end -= w) {
			double dt = t[end] - t[end - w], dv = v[end - w] - v[end];
			if (dt <= 0 || dv <= noise / 2) {
				m = 0;
				break;
			}
			x[m] = (t[end] + t[end - w]) / 2 - t[n - 1];
			y[m++] = log(dv / dt);
		}
		if (m < DECAY_MIN_STEPS)
			m = 0;
	}
	if (m < DECAY_MIN_STEPS)
		return NAN;
	double mx = 0, my = 0, sxx = 0, sxy = 0, sse = 0;
	for (size_t k = 0; k < m; k++)
		mx += x[k], my += y[k];
	mx /= (double)m, my /= (double)m;
	for (size_t k = 0; k < m; k++) {
		sxx += (x[k] - mx) * (x[k] - mx);
		sxy += (x[k] - mx) * (y[k] - my);
	}
	if (sxx <= 0)
		return NAN;
	double b = sxy / sxx, a = my - b * mx;
	for (size_t k = 0; k < m; k++)
		sse += (y[k] - a - b * x[k]) * (y[k] - a - b * x[k]);
	double se = sqrt(sse / (double)(m - 2) / sxx);
	if (!(b < 0 && -b > DECAY_SES * se) || b + DECAY_SAFE_SES * se >= 0)
		return NAN;
	return exp(a) / -(b + DECAY_SAFE_SES * se);   /* rate now x time constant */
}

/* A regular staircase's time left (trend_fit.stairs_eta): its steps alike
 * and at a steady period, the next one due a period after the last began,
 * and as many more as the headroom v holds, the step that goes past it
 * the last (what the step under way has still to take comes off first).
 * Steps that grow, or come faster, step after step (by STAIRS_TREND or
 * more from the first to the last) are no regular staircase: the mean
 * step and period would put the end late. NaN when not regular. */
static double stairs_eta(const struct trend *tr, double tnow, double v, double *period_out)
{
	if (tr->sn < STAIRS_MIN)
		return NAN;
	double pmin = INFINITY, pmax = 0, smin = INFINITY, smax = 0, psum = 0, ssum = 0;
	double p0 = NAN, plast = NAN, s0 = NAN, slast = NAN;
	bool grow = true, faster = true;
	size_t ns = 0;
	for (size_t k = 0; k < tr->sn; k++) {
		size_t i = sidx(tr, k);
		if (k > 0) {
			double p = tr->st[i] - tr->st[sidx(tr, k - 1)];
			faster &= !(p > plast);
			if (k == 1)
				p0 = p;
			plast = p;
			pmin = dmin(pmin, p), pmax = dmax(pmax, p), psum += p;
		}
		/* the last step may be under way: its size is not known yet */
		if (k + 1 < tr->sn) {
			double z = tr->sv[i];
			grow &= !(z < slast);
			if (k == 0)
				s0 = z;
			slast = z;
			smin = dmin(smin, z), smax = dmax(smax, z), ssum += z;
			ns++;
		}
	}
	if (!(pmin > 0 && smin > 0) || pmax > STAIRS_SPREAD * pmin || smax > STAIRS_SPREAD * smin)
		return NAN;
	if ((grow && slast > STAIRS_TREND * s0) || (faster && plast * STAIRS_TREND < p0))
		return NAN;
	double period = psum / (double)(tr->sn - 1), step = ssum / (double)ns;
	*period_out = period;
	size_t last = sidx(tr, tr->sn - 1);
	double left = v - dmax(step - tr->sv[last], 0);
	if (left <= 0)
		return 0;
	double more = ceil(left / step);   /* steps still to come after this one */
	return dmax(tr->st[last] + period - tnow, 0) + (more - 1) * period;
}

/* Whether the slow view's means (t, v)[0..n) lie on a line of slope rate
 * within tol: a steady pace (not a creep that paused, nor one with frees) */
static bool slow_steady(const double *t, const double *v, size_t n, double rate, double tol)
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
 * failed (slow_rate). True where such a change was found (*med, *lo, *hi
 * set, *since: the last mean at the pace before it). */
static bool slow_changed(const double *t, const double *v, size_t m, double noise, bool slower,
                         double *med, double *lo, double *hi, double *since)
{
	if (m < 2 * SLOW_FAST_MEANS || slow_steady(t, v, m, *med, noise / 2))
		return false;
	double sign = slower ? -1 : 1;
	/* (the search below costs two Theil-Sens per mean) */
	size_t mid = m / 2;
	double lspan = t[m - 1] - t[mid], late = 0, early = 0, ql, qh;
	size_t qpos;
	if (!theil_sen(t + mid, v + mid, m - mid, lspan / 2, 0, &late, &ql, &qh, &qpos) ||
	    !theil_sen(t, v, mid + 1, (t[mid] - t[0]) / 2, 0, &early, &ql, &qh, &qpos) ||
	    sign * (late - early) * lspan <= 2 * noise)
		return false;
	/* the earliest change after which the rest is steady and clearly
	 * faster (slower) than the steady pace before it */
	for (size_t k = SLOW_FAST_MEANS - 1; k + 1 + SLOW_FAST_MEANS <= m; k++) {
		/* the mean after k may hold both paces: in neither */
		size_t b = k + 2;
		double span = t[m - 1] - t[b], espan = t[k] - t[0], r = 0, l = 0, h = 0, re = 0, le, he;
		size_t pos, epos;
		size_t np = theil_sen(t + b, v + b, m - b, span / 2, 0, &r, &l, &h, &pos);
		size_t enp = theil_sen(t, v, k + 1, espan / 2, 0, &re, &le, &he, &epos);
		if (np < SLOW_FAST_PAIRS || enp < SLOW_FAST_PAIRS || pos * 10 < np * 7 ||
		    epos * 10 < enp * 7 || re <= 0 || r <= 0 || sign * (r - re) * span <= 2 * noise ||
		    !slow_steady(t, v, k + 1, re, noise / 2) || !slow_steady(t + b, v + b, m - b, r, noise / 2))
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
static size_t slow_means(const struct trend *tr, double *t, double *v)
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
static double slow_line(const double *t, const double *v, size_t m, double noise, double *lo,
                        double *hi)
{
	return slow_line_over(t, v, m, noise, SLOW_MIN_S, lo, hi);
}

/* ... over min_s at least */
static double slow_line_over(const double *t, const double *v, size_t m, double noise,
                             double min_s, double *lo, double *hi)
{
	/* nothing moved beyond the noise: no pair can (and nothing to pay) */
	if (m < 2 || t[m - 1] - t[0] < min_s || v[0] - v[m - 1] <= noise)
		return NAN;
	double med = 0;
	size_t pos, np = theil_sen(t, v, m, (t[m - 1] - t[0]) / 2, noise, &med, lo, hi, &pos);
	return np && med > 0 && pos * 10 >= np * 7 ? med : NAN;
}

/* The longest stretch of the calm now, to t, that the headroom stood
 * still (s) */
static double slow_still(const struct trend *tr, double t)
{
	return dmax(dmax(tr->still_max, tr->still_since >= 0 ? t - tr->still_since : 0),
	            dmax(still_bridged_len(tr, t), tr->bstill_max));
}

/* Whether the creep's own pauses seen so far (in the slow view: since its
 * last jump, within its reach) are as long as a calm of this many
 * seconds, or nearly, and the calm is as still as a pause: then it is one
 * more of them, not its stop (a creep working and pausing that slowed to
 * a quarter, its moves a MiB every 2 s, read at its old pace to the end:
 * a creep's calm is no pause).
 * Each pause ages on its own: a long one once, and short ones since, is
 * forgotten as the view forgets it. */
static bool slow_pauses_so(const struct trend *tr, double tnow, double calm)
{
	if (slow_still(tr, tnow) < calm / 2)
		return false;
	for (size_t k = 0; k < tr->pzn; k++)
		if (tr->pzt[k] >= tr->jump_t && tnow - tr->pzt[k] <= TREND_SLOW * SLOW_STEP_S &&
		    calm <= GAP_FACTOR * tr->pz[k])
			return true;
	return false;
}

/* When the last pause the creep came back from (one slow_paused
 * recorded since the last jump) of least seconds at least ended; -1 where
 * none. For a slower pace, two of the slow view's means: a shorter one
 * fills no mean of its own; and a creep's own calm sampled each second
 * was taken for a 3 s one (a creep slowing from 2 to 0.8 MiB/s, its
 * slowdown hidden by it: 6 s more false alarm). */
static double slow_pause_end(const struct trend *tr, double least)
{
	double end = -1;
	for (size_t k = 0; k < tr->pzn; k++)
		if (tr->pzt[k] >= tr->jump_t && tr->pz[k] >= least)
			end = dmax(end, tr->pzt[k]);
	return end;
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
	return m - k >= 3 && theil_sen(t + k, v + k, m - k, 0, 0, pace, &l, &h, &pos);
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
 * one slow_paused recorded, and no calm it could not record: odd_t), the
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

/* A creep's pace while it works at tnow, where it paused and came back
 * (the slow view's means with the time it stood still in those pauses
 * cut out, every change counted); NaN where it did not, or fewer than
 * three means are left. The still time of a pause under way, one more of
 * those (slow_pauses_so), is cut out too: each of its means read the
 * pace lower, 0.5 MiB/s as 0.4 at the end of a 40 s pause. Not the
 * calms: the creep works under the noise in their first and last
 * seconds, and 0.2 MiB/s working 60 s and pausing 30 read 0.27 so. */
/* trend_work_pace over the means from since on; *nwork: how many of its
 * working means were left (0 where none was cut out) */
static double work_pace_from(const struct trend *tr, double tnow, double since, size_t *nwork)
{
	double t[TREND_SLOW], v[TREND_SLOW], wt[TREND_SLOW], wv[TREND_SLOW], pace, lo, hi;
	size_t m = slow_means(tr, t, v), pos, first = 0;
	while (first < m && t[first] < since)
		first++;
	m -= first;
	memmove(t, t + first, m * sizeof *t);
	memmove(v, v + first, m * sizeof *v);
	size_t mw = m;
	double calm = tnow - tr->calm_since, a, b, level;
	if (tr->calm_since >= 0 && calm > 0 && slow_pauses_so(tr, tnow, calm)) {
		slow_still_span(tr, tnow, NAN, &a, &b, &level, NULL);
		mw = slow_before(t, m, a);
	}
	*nwork = 0;
	size_t wm = m ? slow_working(tr, t, v, mw, true, wt, wv, nwork) : 0;
	if (wm >= m || !theil_sen(wt, wv, wm, (wt[wm - 1] - wt[0]) / 2, 0, &pace, &lo, &hi, &pos))
		return NAN;
	return pace > 0 ? pace : NAN;
}

bool trend_calm_still(const struct trend *tr, double tnow, double v, double *a, double *b,
                      double *level, double *q)
{
	if (tr->calm_since < 0)
		return false;
	slow_still_span(tr, tnow, v, a, b, level, q);
	return true;
}

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
		pace = pace > 0 ? fmax(pace, all > 0 ? all : 0) : all;
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
	return theil_sen(t + k, v + k, m - k, 0, 0, pace, &l, &h, &pos) > 0;
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
static double slow_rate(const struct trend *tr, double tnow, double noise, double *lo, double *hi)
{
	double t[TREND_SLOW], v[TREND_SLOW];
	size_t m = slow_means(tr, t, v);
	double l = 0, h = 0, med = slow_line(t, v, m, noise, &l, &h);
	if (!isfinite(med))
		return NAN;
	double calm = tnow - tr->calm_since;
	if (tr->spike_t >= 0 && fabs(spike_outside(tr) - tr->calm_v) > noise)
		calm = 0;
	bool pausing = tr->calm_since >= 0 && calm > 0 && slow_pauses_so(tr, tnow, calm);
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
	size_t wm = slow_working(tr, t, v, pausing ? slow_before(t, m, tr->calm_since) : m, true,
	                         wt, wv, NULL), wpos;
	if (!slow_later(t, v, m, &late))
		return NAN;
	bool slowed = late < SLOW_GOING * med, slower = false;
	if (wm < m && slow_later(wt, wv, wm, &wlate) &&
	    theil_sen(wt, wv, wm, (wt[wm - 1] - wt[0]) / 2, 0, &wpace, &wl, &wh, &wpos))
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
		double end = slow_pause_end(tr, 2 * SLOW_STEP_S);
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
	    tr->calm_cyc_prev > 0 && fabs(log(cyc / tr->calm_cyc_prev)) <= log(SLOW_CYCLES_ALIKE) &&
	    calm * cyc <= 2 * noise &&
	    (stopped || (tr->calm_last * pace > 2 * noise &&
	                 slow_pause_end(tr, 0) < tr->calm_since))) {
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

/* The spikes that count now and are at least half as deep as the deepest
 * of them (a shallow blip is no such peak): their times into st, oldest
 * first, *deepest set. The number of them; 0 unless they recur (SPIKES_MIN
 * at least): one buffer held once says nothing of the next. */
static size_t deep_spikes(const struct trend *tr, double tnow, double *st, double *deepest)
{
	*deepest = 0;
	for (size_t i = 0; i < tr->pn; i++)
		if (spike_counts(tr, i, tnow))
			*deepest = dmax(*deepest, tr->pv[i]);
	size_t m = 0;
	for (size_t i = 0; i < tr->pn; i++)
		if (spike_counts(tr, i, tnow) && tr->pv[i] >= *deepest / 2)
			st[m++] = tr->pt[i];
	if (m < SPIKES_MIN) {
		*deepest = 0;
		return 0;
	}
	qsort(st, m, sizeof *st, cmp_double);
	return m;
}

/* A regular sawtooth runs out at a peak, not where the line through its low
 * points reaches zero: at the first peak past that point, up to a period
 * later, or a little before that peak where the ramp up to it (at ramp,
 * bytes/s; 0 unknown) crosses zero first. lt: the low points' times (each a
 * peak of use), oldest first; low: where their line stands now, rate: its
 * slope; slack: how well the line is known (bytes). NaN when they come at
 * no steady period. Without it the ETA ran up to a period short: the
 * suite's sawtooth alarmed 0.6 s early at the 60 s mark once the headroom
 * counted the page tables.
 *
 * The times are the samples' (0.2 s apart), and a collector's free is now
 * and then read a second late, so no mean will do: the period is the median
 * over every pair of low points of their distance per cycle (a mean over a
 * minute carried one 4.2 s period 0.3 s late over 15 cycles), and the peaks
 * to come are counted from the latest low point on that line, within
 * PEAKS_OFF periods of it (one read late would put them all late). */
static double peak_eta(const double *lt, size_t lm, double tnow, double low, double rate,
                       double ramp, double slack)
{
	if (lm < LOWS_MIN || !(rate > 0))
		return NAN;
	double per[TREND_LOWS * (TREND_LOWS - 1) / 2], off[TREND_LOWS];
	size_t np = 0;
	for (size_t i = 0; i < lm; i++)
		for (size_t j = i + 1; j < lm; j++)
			per[np++] = (lt[j] - lt[i]) / (double)(j - i);
	double period = trend_median(per, np);
	if (!(period > 0))
		return NAN;
	for (size_t k = 0; k < lm; k++)
		off[k] = lt[k] - (double)k * period;
	double phase = trend_median(off, lm);
	/* steady: two thirds of the low points on the line, and the latest
	 * of them the anchor */
	size_t on = 0, anchor = lm;
	for (size_t k = 0; k < lm; k++)
		if (fabs(lt[k] - (double)k * period - phase) <= PEAKS_OFF * period)
			on++, anchor = k;
	if (on * 3 < lm * 2 || anchor == lm)
		return NAN;
	/* cycles that lengthen (or shorten) as they go put the peaks to come
	 * later (sooner) than any period read from the past says: the line
	 * through the low points, which bends with them, is the better guess
	 * (cycles slowing from 4.2 to 4.8 s: the ETA 8 % off to the peaks, 2 %
	 * along the line). The earlier and later halves' median cycles agree
	 * within PEAKS_TREND */
	double gap[TREND_LOWS];
	size_t ng = lm - 1, h = ng / 2;
	for (size_t k = 0; k < ng; k++)
		gap[k] = lt[k + 1] - lt[k];
	double early = trend_median(gap, h), late = trend_median(gap + h, ng - h);
	if (fabs(late - early) > PEAKS_TREND * period)
		return NAN;
	/* the first peak to come whose low the line puts within slack of
	 * zero: where the line's zero falls just after a peak, that peak may
	 * well be the one (the line is read to a MiB or two), and an ETA a
	 * cycle short is the safer error */
	double line = dmax(low, 0) / rate;   /* the line's zero, from now */
	double near = dmax(low - slack, 0) / rate;
	double m = dmax(ceil((tnow + near - lt[anchor]) / period),
	                dmax(ceil((tnow - lt[anchor]) / period), 1));
	double peak = lt[anchor] + m * period - tnow;
	/* how far below zero the line is by then: the ramp crosses it sooner */
	double under = rate * (peak - line);
	double eta = ramp > 0 && under > 0 ? peak - under / ramp : peak;
	return dmax(eta, 0);
}

/* A creep under spikes (buffers held a moment, and given back, again and
 * again) runs out when the next spike no longer fits, not when the headroom
 * between them is gone: out->low, the headroom to forecast from, is what is
 * left outside the spike now open (where it left: a buffer held once must
 * not read as the end for its second, a WARNING 21 s early), less the
 * deepest spike that recurs. A jump that stays is known as one SPIKE_S
 * later; what it leaves less than itself is imminent before that. Where
 * the spikes come at a steady period, out->peak_eta is the time to the
 * first that will not fit, as a sawtooth's peaks are timed (the deep
 * spikes' starts are the peaks), and no later than the creep alone (rate)
 * empties what is left outside them. Neither without spikes. */
static void spike_room(const struct trend *tr, double tnow, double vnow, double rate,
                       double noise, struct trend_fit *out)
{
	_Static_assert(TREND_SPIKES <= TREND_LOWS, "peak_eta() sizes its arrays by TREND_LOWS");
	double st[TREND_SPIKES], deepest;
	size_t m = deep_spikes(tr, tnow, st, &deepest);
	if (tr->spike_t < 0 && !m)
		return;
	double outside = tr->spike_t >= 0 ? spike_outside(tr) : vnow;
	out->low = outside - deepest;
	/* one held now, where one as deep as those will not fit: it may be
	 * the end, now (touched over two samples, the first half left 6 MiB
	 * and an ETA of 18 s, to the spike after it) */
	if (tr->spike_t >= 0 && m && out->low <= 0) {
		out->peak_eta = 0;
		return;
	}
	/* the spike open now is a peak too, as deep as those (the first of a
	 * minute's three gone, the ETA fell back to the creep's own: 7 s short) */
	if (m && m < TREND_SPIKES && tr->spike_t > st[m - 1] && outside - vnow >= deepest / 2)
		st[m++] = tr->spike_t;
	double eta = peak_eta(st, m, tnow, out->low, rate, 0, noise);
	if (isfinite(eta))
		out->peak_eta = dmin(eta, dmax(outside, 0) / rate);
}

/* Whether a buffer is held now like those that came and went: spikes
 * recur, and the one open is deeper than the noise (not one given back a
 * little at a time to where the creep took the level), no
 * deeper than SPIKE_LIKE x the deepest, and beside it only a creep */
static bool spike_held(const struct trend *tr, double tnow, double vnow, double noise)
{
	double st[TREND_SPIKES], deepest;
	double depth = spike_outside(tr) - vnow;
	return tr->spike_t >= 0 && deep_spikes(tr, tnow, st, &deepest) && depth > noise &&
	       depth <= SPIKE_LIKE * deepest && spike_creeps(tr, tnow, noise);
}

/* Whether the long view holds its k-th coarse sample at tnow: within
 * LONG_S, and not before from (where the load began, or a staircase's
 * first step ended) */
static bool long_view_has(const struct trend *tr, size_t k, double tnow, double from)
{
	double t = tr->ct[cidx(tr, k)];
	return tnow - t <= LONG_S && t >= from;
}

/* How much the load's one-second rates spread (bytes/s): 1.4826 x the
 * median change from one second's rate to the next, / sqrt 2, in the long
 * view since the load began (a standard deviation, robust to the load's
 * start and its lone steps); 0 with fewer than SPREAD_MIN changes. From
 * second to second, not about their median: a load that slows smoothly
 * (40 MiB/s decaying over 7 s) has seconds far apart but alike to their
 * neighbours, and read so its slowing was jitter (the review of
 * 99b7760: its false CRITICAL 6 -> 10 s). A steady load's seconds are alike; a
 * loader that stalls a third of its samples at 10 MiB/s spreads 5 MiB/s. */
static double second_spread(const struct trend *tr, double tnow)
{
	double r[TREND_COARSE];
	size_t m = 0, first = 0;
	while (first < tr->cn && !long_view_has(tr, first, tnow, tr->load_t - COARSE_S))
		first++;
	double prev = NAN;
	for (size_t k = first; k + 1 < tr->cn; k++) {
		size_t a = cidx(tr, k), b = cidx(tr, k + 1);
		if (tr->ct[b] <= tr->ct[a])
			continue;
		double rate = (tr->cv[a] - tr->cv[b]) / (tr->ct[b] - tr->ct[a]);
		if (isfinite(prev))
			r[m++] = fabs(rate - prev);
		prev = rate;
	}
	if (m < SPREAD_MIN)
		return 0;
	return 1.4826 * trend_median(r, m) / sqrt(2);
}

/* The largest step (v[k] - v[k + 1]) of v[0..n) before its last run of
 * steps over noise, lone steps (over lone) left out; 0 where there is
 * none. A fresh ramp after a pause or a calm stands out of what came
 * before; a jittery load's last two steps are like those before them. */
static double run_before(const double *v, size_t n, double noise, double lone)
{
	size_t r = n ? n - 1 : 0;
	while (r > 0 && v[r - 1] - v[r] > noise)
		r--;
	double most = 0;
	for (size_t k = 0; k + 1 <= r && k + 1 < n; k++)
		if (v[k] - v[k + 1] <= lone)
			most = dmax(most, v[k] - v[k + 1]);
	return most;
}

static void fit(const struct trend *tr, double window, double noise, struct trend_fit *out)
{
	memset(out, 0, sizeof *out);
	out->low = out->remaining = out->stairs_eta = out->peak_eta = out->seen = NAN;
	if (tr->n < 1)
		return;
	double tnow = tr->t[idx(tr, tr->n - 1)], vnow = tr->v[idx(tr, tr->n - 1)];
	size_t first = 0;
	while (first + 2 < tr->n && tnow - tr->t[idx(tr, first)] > window)
		first++;
	double ft[TREND_MAX], fv[TREND_MAX];
	size_t fm = 0;
	for (size_t k = first; k < tr->n; k++)
		ft[fm] = tr->t[idx(tr, k)], fv[fm++] = tr->v[idx(tr, k)];
	/* lone steps: a one-off allocation (a process starting with its base
	 * memory beside a steady leak) is taken from the headroom at once and
	 * says nothing of the pace, but every pair of samples spanning it
	 * carries it: the window's median rose by a third in two-growers' 8 s
	 * after the second grower's 18 MiB start. The pace is read from the
	 * window with such steps taken out: runs of at most LONE_MAX intervals
	 * each eating STEP_NOISES noises or more, ended MIN_SAMPLES samples
	 * ago at least (so a load that goes on is a ramp, not a step), in a
	 * load that is not stepwise (a staircase's steps are its pace: the
	 * long view below reads them). A run longer than that is a ramp. */
	double dv[TREND_MAX], dd[TREND_MAX];
	memcpy(dv, fv, fm * sizeof *fv);
	/* how much this headroom jitters on its own: 1.5 x the median
	 * change between consecutive steps earlier in the window. A steady
	 * ramp's steps are alike (its start changes one step only), so it
	 * adds nothing; a jittery machine's steps differ all the time. A
	 * step must stand out of that jitter too. */
	size_t nd = 0;
	for (size_t k = 0; k + 4 < fm; k++)
		dd[nd++] = fabs((fv[k] - fv[k + 1]) - (fv[k + 1] - fv[k + 2]));
	double jitter = noise;
	if (nd >= 4) {
		qsort(dd, nd, sizeof *dd, cmp_double);
		jitter = dmax(noise, 1.5 * dd[nd / 2]);
	}
	out->jitter = jitter;
	/* ... and out of the window's own pace: STEP_NOISES x its median
	 * interval (a fast read's intervals of 7 to 20 MiB are a ramp) */
	double steps[TREND_MAX];
	for (size_t k = 0; k + 1 < fm; k++)
		steps[k] = fv[k] - fv[k + 1];
	double typical = 0;
	if (fm >= 2) {
		qsort(steps, fm - 1, sizeof *steps, cmp_double);
		typical = dmax(steps[(fm - 1) / 2], 0);
	}
	double lone = STEP_NOISES * dmax(jitter, typical);
	/* a staircase: steps after pauses, two at least that ended */
	bool stepwise = tr->gap_max >= FLAT_HOLD_S && tr->step_gapped > STEP_NOISES * noise &&
	                steps_ended(tr, STEP_NOISES * noise) >= 2;
	if (!stepwise && fm > MIN_SAMPLES) {
		size_t k = 0;
		while (k + 1 < fm) {
			size_t e = k;
			while (e + 1 < fm && fv[e] - fv[e + 1] > lone)
				e++;
			if (e == k) {
				k++;
				continue;
			}
			if (e - k <= LONE_MAX && e + MIN_SAMPLES <= fm) {
				double step = fv[k] - fv[e];
				for (size_t j = 0; j <= k; j++)
					dv[j] -= step;
				out->rules |= TREND_R_LONE;
			}
			k = e;
		}
	}
	size_t pos = 0, still = 0;
	double moved = NAN;
	size_t np = tr->n >= 2 ? theil_sen_moved(ft, dv, fm, 0, noise, &out->rate, &out->rate_low,
						 &out->rate_high, &pos, &moved, &still) : 0;
	/* a handful of samples cannot tell a trend from jitter */
	out->significant = np && out->rate > 0 && pos * 10 >= np * 7 && fm >= MIN_SAMPLES;

	double floor_noise = noise, spread = out->spread = second_spread(tr, tnow);
	if (tr->n >= 3) {
		noise = jitter;   /* the headroom's own jitter, above */
		bool jitter_known = nd >= 4;
		size_t a = idx(tr, tr->n - 3), b = idx(tr, tr->n - 2), c = idx(tr, tr->n - 1);
		double d1 = tr->v[a] - tr->v[b], d2 = tr->v[b] - tr->v[c];
		double span = tr->t[c] - tr->t[a];
		/* both steps consume, and alike: a one-sample dip after a bit of
		 * noise is not a ramp (its steps differ tenfold or more) */
		/* after pauses, a ramp no larger than the step before it is the
		 * next step, not a fresh load (the step before, not the largest:
		 * a 300 MiB base would make every ramp of the creep beside it
		 * "a step", a 20 MiB/s load never alarmed) */
		bool next_step = tr->gap_max >= FLAT_HOLD_S && tr->v[a] - tr->v[c] <= STEP_GROWTH * tr->step_last;
		/* and more than the window's pace plus the noise: a steady
		 * 16 MiB/s in whole MiB eats 3 or 4 a sample, and 4 and 4
		 * after 3 read 17.5 MiB/s, an ETA 9 % short; where the
		 * headroom jitters above the floor, plus twice the jitter: a
		 * steady leak's jitter makes two alike steps now and then */
		double excess = d1 + d2 - dmax(out->rate, 0) * span;
		/* and, where the load's seconds spread a quarter of its pace
		 * or more, larger than every step it took before this run of
		 * moving samples: a load that stalls a third of its samples and
		 * eats 0-2x its mean in the others makes two alike large steps
		 * after a stall every few seconds (a 10 MiB/s load read at
		 * 25-31 MiB/s, CRITICAL, three times in its last minute); a
		 * steady load resuming after a pause takes steps as large as
		 * before it, and is a ramp */
		double before = SPREAD_Z * spread >= out->rate ? run_before(fv, fm, floor_noise, lone) : 0;
		if (jitter_known && d1 > noise && d2 > noise && span > 0 && d1 <= RAMP_RATIO * d2 &&
		    d2 <= RAMP_RATIO * d1 && !next_step && excess > (noise <= floor_noise ? floor_noise : 2 * noise) &&
		    dmin(d1, d2) > before) {
			/* a fresh ramp: its own rate when it is steeper than the window's */
			double r = (d1 + d2) / span;
			out->ramp = true;
			out->rules |= TREND_R_RAMP;
			out->significant = true;
			if (r > out->rate) {
				double lo = dmin(d1 / (tr->t[b] - tr->t[a]), d2 / (tr->t[c] - tr->t[b]));
				double hi = dmax(d1 / (tr->t[b] - tr->t[a]), d2 / (tr->t[c] - tr->t[b]));
				out->rate = r;
				out->rate_low = dmin(lo, r);
				out->rate_high = dmax(hi, r);
			}
		}
	}

	/* slowed down at once: the last second's net rate, when far lower
	 * (only where the window's rate would move clearly more than the
	 * noise in that second: a slow leak's second moves less) */
	double hold = dmax(FLAT_HOLD_S, GAP_FACTOR * tr->gap_max);
	bool slowed = false;
	if (out->significant && !out->ramp && !stepwise && fm >= 2 && tnow - ft[0] > 2 * RECENT_S &&
	    out->rate * RECENT_S > STEP_NOISES * floor_noise) {
		size_t k = fm - 1;
		while (k > 0 && tnow - ft[k - 1] <= RECENT_S)
			k--;
		if (k < fm - 1) {
			double recent = (fv[k] - vnow) / (tnow - ft[k]);
			if (fabs(fv[k] - vnow) <= floor_noise)
				recent = 0;
			if (recent < RECENT_FACTOR * out->rate &&
			    (out->rate - recent) * sqrt(tnow - ft[k]) > SPREAD_Z * spread) {
				slowed = true;
				out->rules |= TREND_R_SLOWED_NOW;
				out->rate = dmax(recent, 0);
				out->rate_low = dmin(out->rate_low, out->rate);
				out->rate_high = dmin(out->rate_high, RECENT_FACTOR * out->rate_high);
				if (out->rate_high < out->rate)
					out->rate_high = out->rate;
				out->significant = out->rate > 0;
			}
		}
	}

	/* ... or within the window: its later half far slower than the whole
	 * (a fast start leaving the window pulls the median for seconds);
	 * again only where the half would move clearly more than the noise */
	if (out->significant && !out->ramp && !stepwise && tnow - ft[0] >= 2 * FLAT_HOLD_S &&
	    out->rate * (tnow - ft[0]) / 2 > STEP_NOISES * floor_noise) {
		size_t k = 0;
		while (k + 2 < fm && ft[k] < tnow - (tnow - ft[0]) / 2)
			k++;
		double med = 0, lo = 0, hi = 0;
		size_t lpos, lnp = theil_sen(ft + k, fv + k, fm - k, 0, floor_noise, &med, &lo, &hi, &lpos);
		if (lnp && med < RECENT_FACTOR * out->rate &&
		    (out->rate - med) * sqrt(tnow - ft[k]) > SPREAD_Z * spread) {
			slowed = true;
			out->rules |= TREND_R_SLOWED_HALF;
			out->rate = dmax(med, 0);
			out->rate_low = dmax(lo, 0);
			out->rate_high = dmax(hi, out->rate);
			out->significant = med > 0 && lpos * 10 >= lnp * 7 && fm - k >= MIN_SAMPLES;
		}
	}

	/* pairs that moved less than the noise count as no change, which
	 * tells a trend from jitter (and the slowdowns above compare rates
	 * read so); but on a steady load they are just the closest pairs, and
	 * their zeros pull the median down (two growers' 4.50 MiB/s read as
	 * 4.47: the ETA 0.3 s long at the 60 s mark). Where they are few, and
	 * the pairs that moved agree with all within a tenth (more is no steady
	 * load: a fast start 6 s back read 23 MiB/s beside a 2 MiB/s leak), the
	 * rate is the median of the pairs that moved. */
	if (out->significant && !slowed && still * STILL_SHARE_INV <= np && moved > out->rate &&
	    moved <= (1 + EXACT_SHARE) * out->rate) {
		out->rate = moved;
		out->rate_high = dmax(out->rate_high, moved);
		out->rules |= TREND_R_MOVED;
	}

	/* the long view: a sample a second over LONG_S, pairs at least half
	 * its span apart, each spanning steps and pauses alike */
	double ct[TREND_COARSE + 1], cv[TREND_COARSE + 1];
	size_t cm = 0;
	/* a stepwise load's long view starts where its first step ended: its
	 * pace is a step per period, and from the start of the first step
	 * to the end of the n-th the view holds n steps in n - 1 periods (the
	 * staircase's 32 MiB first step and two of 24 in 10 s read 5.1 to
	 * 5.9 MiB/s for 4.8, an ETA 10 % short: 4.8 s of false alarm) */
	double from = stepwise ? tr->first_end : tr->load_t - COARSE_S;
	for (size_t k = 0; k < tr->cn; k++)
		if (long_view_has(tr, k, tnow, from))
			ct[cm] = tr->ct[cidx(tr, k)], cv[cm++] = tr->cv[cidx(tr, k)];
	if (cm == 0 || tnow > ct[cm - 1])
		ct[cm] = tnow, cv[cm++] = vnow;
	double lspan = ct[cm - 1] - ct[0], lrate = NAN, lseen = NAN;
	if (lspan >= LONG_MIN_S) {
		double med = 0, lo = 0, hi = 0;
		size_t lpos, lnp = theil_sen(ct, cv, cm, lspan / 2, floor_noise, &med, &lo, &hi, &lpos);
		bool sig = lnp && med > 0 && lpos * 10 >= lnp * 7;
		if (sig)
			lrate = med;
		/* shown only where its pairs agree closely (a buffer held in the
		 * view, or a pace that decays, spreads them) */
		if (sig && hi - lo <= SEEN_SPREAD * med)
			lseen = med;
		/* a stepwise load's rate (the window's is a step or a pause),
		 * or a steady one's whose window is short of significance but
		 * agrees; not otherwise: a fast start in the long view would
		 * keep its rate up long after the load slowed */
		bool agrees = out->rate > 0 && fabs(med - out->rate) <= AGREE_SHARE * out->rate;
		if (sig && ((stepwise && !out->ramp) || (!out->significant && agrees))) {
			out->rate = med;
			out->rate_low = lo;
			out->rate_high = hi;
			out->significant = true;
			out->rules |= TREND_R_LONG;
			/* ... and the pace itself the steps after the first over
			 * the time since it ended: the median over pairs across two
			 * steps and their pauses read 4.0 to 5.5 MiB/s for 4.8 by
			 * the pause's phase (a WARNING 63 s before a live kill).
			 * Since it ended, to the last move seen, not from start to
			 * start: a load whose steps take seconds (a stream that
			 * stalls now and then) has the last one under way, and
			 * start to start read a 10 MiB/s stream at 5-7 */
			if (stepwise && !out->ramp && tr->sn >= 2) {
				double ate = 0;
				for (size_t k = 1; k < tr->sn; k++)
					ate += tr->sv[sidx(tr, k)];
				double span = tr->se[sidx(tr, tr->sn - 1)] - tr->se[sidx(tr, 0)];
				if (span >= FLAT_HOLD_S * (double)(tr->sn - 1) && ate > 0) {
					out->rate = lrate = ate / span;
					out->rules |= TREND_R_STEPS_PACE;
					out->rate_low = dmin(lo, out->rate);
					out->rate_high = dmax(hi, out->rate);
				}
			}
		}
	}
	/* a creep in whole MiB too slow for the window (at 0.2 s samples, 1
	 * MiB/s: most of its pairs under the noise, its median a zero) is not
	 * timed until the slow view has its 30 s, but it is seen: the long
	 * view's pace is the rate shown, with no ETA, where the window's
	 * median pair is a zero (a window that reads a slower pace sees a
	 * load slowing down), no spike is open (a buffer just taken is no
	 * pace), nothing was freed in the last minute (the view starts at the
	 * free: a collector's ramp is no growth) and the last seconds still
	 * moved at SEEN_SHARE of that pace, less half a noise (a creep moves
	 * a whole MiB or none; a load that stopped is not shown eating); and
	 * not where a slowdown is read (trend_fit). "OK, eaten 0 B/s" while a
	 * MiB a second went was a lie; timing it sooner also reads the first
	 * bursts of loads that then pause at their pace (bench/HISTORY.md,
	 * the twenty-ninth round). */
	bool freed = tr->ln > 0 && tnow - tr->lt[lidx(tr, tr->ln - 1)] <= LOWS_S;
	if (!out->significant && !stepwise && !(out->rate > 0) && isfinite(lseen) && tr->spike_t < 0 &&
	    !freed && fm >= 2) {
		size_t k = 0;
		while (k + 1 < fm && tnow - ft[k] > SEEN_S)
			k++;
		double span = tnow - ft[k], net = fv[k] - vnow;
		if (span >= SEEN_S / 2 && net > 0 && net >= SEEN_SHARE * lseen * span - floor_noise / 2)
			out->seen = lseen;
	}
	/* a steady load: the long view's rate, when the window's agrees with
	 * it, is the more exact (its pairs are far apart: the noise floor that
	 * zeroes close pairs does not pull it down) */
	if (lspan >= LONG_MIN_S && out->significant && !out->ramp && isfinite(lrate) &&
	    fabs(lrate - out->rate) <= EXACT_SHARE * out->rate) {
		out->rate = lrate;
		out->rate_low = dmin(out->rate_low, lrate);
		out->rate_high = dmax(out->rate_high, lrate);
		out->rules |= TREND_R_EXACT;
	}
	/* slowing down, over the last seconds or the long view (not steps:
	 * halves of a staircase differ by a step or none) */
	if (!stepwise)
		out->remaining = remaining_of(ft, fv, fm, DECEL_S, noise, spread);
	if (isfinite(out->remaining))
		out->rules |= TREND_R_DECEL;
	else if (!stepwise && isfinite(out->remaining = remaining_decay(ct, cv, cm, noise)))
		out->rules |= TREND_R_DECAY;
	if (stepwise)
		out->rules |= TREND_R_STEPWISE;

	/* frees again and again: the trend of their low points */
	size_t recent = 0;
	double lt[TREND_LOWS], lv[TREND_LOWS], lr[TREND_LOWS];
	size_t lm = 0;
	for (size_t k = 0; k < tr->ln; k++) {
		double t = tr->lt[lidx(tr, k)];
		recent += tnow - t <= CYCLE_S;
		if (tnow - t <= LOWS_S)
			lt[lm] = t, lv[lm] = tr->lv[lidx(tr, k)], lr[lm++] = tr->lr[lidx(tr, k)];
	}
	/* this cycle so far: what it ate since the last free, against what
	 * cycles eat (the frees); it is an ordinary cycle while it ate no more
	 * than CYCLE_OVER x the largest free and the rest of a usual cycle (the
	 * median free) fits in what is left, with that margin too */
	bool ordinary = false;
	if (recent >= CYCLE_FREES) {
		qsort(lr, lm, sizeof *lr, cmp_double);
		double usual = lr[lm / 2], largest = lr[lm - 1], ate = tr->free_v - vnow;
		ordinary = ate <= CYCLE_OVER * largest && vnow > CYCLE_OVER * (usual - ate);
	}
	if (recent >= CYCLE_FREES) {
		struct trend_fit ramp = *out;   /* this cycle's own consumption */
		out->cyclic = true;
		out->rules |= TREND_R_CYCLE;
		out->remaining = NAN;
		out->rate = out->rate_low = out->rate_high = 0;
		out->significant = false;
		out->ramp = false;
		out->low = dmin(vnow, lv[lm - 1]);
		if (lm >= LOWS_MIN) {
			double med = 0, lo = 0, hi = 0;
			size_t cpos, cnp = theil_sen(lt, lv, lm, 0, floor_noise, &med, &lo, &hi, &cpos);
			if (cnp) {
				out->rate = med, out->rate_low = lo, out->rate_high = hi;
				out->significant = med > 0 && cpos * 10 >= cnp * 7;
				/* where the low points' line stands now: the median of
				 * each low carried forward at that rate */
				double at[TREND_LOWS];
				for (size_t k = 0; k < lm; k++)
					at[k] = lv[k] - med * (tnow - lt[k]);
				qsort(at, lm, sizeof *at, cmp_double);
				out->low = dmin(vnow, at[lm / 2]);
				/* the line is known to half the spread of the lows
				 * carried forward, the noise at least */
				double slack = dmax(floor_noise, (at[3 * lm / 4] - at[lm / 4]) / 2);
				if (out->significant)
					out->peak_eta = peak_eta(lt, lm, tnow, out->low, med,
								 ramp.ramp || ramp.significant ? ramp.rate : 0,
								 slack);
			}
		}
		/* a cycle that is not ordinary (it ate more than cycles do, or the
		 * rest of it does not fit) is forecast from its own ramp, when
		 * that is sooner */
		if (!ordinary && ramp.significant && ramp.rate > 0 &&
		    (!out->significant || vnow / ramp.rate < out->low / out->rate)) {
			*out = ramp;
			out->cyclic = false;
			out->rules |= TREND_R_CYCLE | TREND_R_CYCLE_RAMP;
			out->low = NAN;
			out->remaining = NAN;
			out->peak_eta = NAN;
		}
		return;
	}
	/* one free so far: the ramp after it is the next cycle while it has
	 * eaten no more than that free gave back and the rest of such a
	 * cycle fits, with CYCLE_OVER's margin both ways */
	bool next_cycle = false;
	if (recent == 1 && out->rate > 0) {
		double fr = lr[lm - 1], ate = tr->free_v - vnow;
		/* ... and the last cycle did not end near nothing left (a
		 * restart after an out-of-memory end is no cycle) */
		if (ate <= CYCLE_OVER * fr && vnow > CYCLE_OVER * (fr - ate) &&
		    lv[lm - 1] > (CYCLE_OVER - 1) * fr) {
			out->significant = false;
			out->remaining = NAN;
			next_cycle = true;
			out->rules |= TREND_R_NEXT_CYCLE;
		}
	}
	/* a pause clearly longer than those between the load's steps: the
	 * load is over (or paused), nothing is eaten */
	if (tr->flat_since >= 0 && tnow - tr->flat_since >= hold && !out->ramp) {
		out->rate = out->rate_low = out->rate_high = 0;
		out->significant = false;
		out->remaining = NAN;
		out->rules |= TREND_R_PAUSED;
	}
	/* ... unless it creeps on, below what the window sees (not the next
	 * cycle after a free: that has its rate and no ETA on purpose); and
	 * whatever the window reads while a buffer is held, one more of those
	 * that came and went over a creep: the slow view reads the creep beside
	 * it and makes room for the deepest, where the window reads it as a
	 * load (a 12 MiB buffer held 6 s and touched over two samples: a ramp,
	 * an ETA of 1.9 s with 120 s left). Not one deeper than those: a new
	 * load may start so. */
	bool held = spike_held(tr, tnow, vnow, floor_noise);
	if (held || (!out->significant && !out->ramp && !next_cycle)) {
		double lo = 0, hi = 0, r = slow_rate(tr, tnow, floor_noise, &lo, &hi);
		if (isfinite(r)) {
			out->rate = r;
			out->rate_low = dmin(lo, r);
			out->rate_high = dmax(hi, r);
			out->significant = true;
			out->rules |= TREND_R_SLOW;
			if (held)
				out->ramp = false, out->remaining = NAN;
			spike_room(tr, tnow, vnow, r, floor_noise, out);
			return;
		}
	}
	/* at most a period after the line through the steps says: no more
	 * can a step's timing add */
	if (stepwise && out->significant && out->rate > 0 && !out->ramp) {
		double period = NAN;
		out->stairs_eta = stairs_eta(tr, tnow, vnow, &period);
		if (isfinite(out->stairs_eta))
			out->rules |= TREND_R_STAIRS;
		if (out->stairs_eta > vnow / out->rate + period)
			out->stairs_eta = vnow / out->rate + period;
	}
}

/* Less left than the last sample ate, and that a jump (STEP_NOISES x the
 * noise at least): one more sample like it empties the headroom. Whatever
 * the history says (a cycle's low points, a staircase's period, a load that
 * has been slowing), that is the rate now: a single allocation of 400 MiB
 * touched within one sample left 2 to 61 MiB in a 384 MiB cgroup, killed
 * before the next, where two moving samples make a ramp. In the recorded
 * shapes this came only within 8 s of a kill. The trade is deliberate: a
 * one-off allocation that leaves less than it took is CRITICAL for that
 * sample and the levels' least hold (1.5 s), where the kill it may precede
 * leaves no second sample to wait for. The one exception: a creep's
 * forecast that makes room for recurring spikes, and a jump no deeper than
 * SPIKE_LIKE x them, one more of them (each read as the end, 30 s early on
 * a 64 GiB machine with 64 MiB spikes). */
static void imminent(const struct trend *tr, double noise, struct trend_fit *out)
{
	if (tr->n < 2)
		return;
	size_t a = idx(tr, tr->n - 2), b = idx(tr, tr->n - 1);
	double d = tr->v[a] - tr->v[b], dt = tr->t[b] - tr->t[a];
	if (!(d > STEP_NOISES * dmax(noise, out->jitter) && tr->v[b] < d && dt > 0) ||
	    (out->significant && !out->cyclic && out->rate * dt >= d))
		return;
	/* one more of the spikes that came and went, where the slow view's ETA
	 * already makes room for them (without it, nothing would) */
	double st[TREND_SPIKES], deepest;
	if (out->significant && !out->cyclic && isfinite(out->low) &&
	    deep_spikes(tr, tr->t[b], st, &deepest) && d <= SPIKE_LIKE * deepest)
		return;
	out->rate = out->rate_low = out->rate_high = d / dt;
	out->significant = out->ramp = true;
	out->cyclic = false;
	out->rules |= TREND_R_IMMINENT;
	out->low = out->remaining = out->stairs_eta = out->peak_eta = NAN;
}

void trend_fit(const struct trend *tr, double window, double noise, struct trend_fit *out)
{
	fit(tr, window, noise, out);
	/* a load read as slowing down is not shown at the long view's pace,
	 * which lags the slowdown */
	if (isfinite(out->remaining))
		out->seen = NAN;
	imminent(tr, noise, out);
}

void trend_forget_frees(struct trend *tr)
{
	tr->ln = tr->lhead = 0;
}
