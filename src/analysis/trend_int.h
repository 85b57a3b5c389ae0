/* trend_int.h - inside the rate estimator (trend*.c): its tunables, the
 * index of its rings, and what one of its files gives another. Not for
 * use outside it: trend.h is the estimator's interface. */
#ifndef OOMCAST_TREND_INT_H
#define OOMCAST_TREND_INT_H

#include "analysis/trend.h"

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
#define STEP_ALIKE 8.0   /* a staircase's steps: each within this factor of the last */
#define STEP_GROWTH 1.5       /* a ramp up to this x the largest step is the next step */
#define STEP_JOIN_S 0.5       /* moves closer than this are one step */
#define LONE_MAX 2            /* a lone step: this many big intervals at most in a row */
/* ... ended this long and this many samples ago at least (a load that goes
 * on moves again within them): MIN_SAMPLES samples at -d 0.2, two at -d 1
 * (five held a step in the window 5 s there: a second creep's 8 MiB start
 * beside one of 0.5 MiB/s read at 2 MiB/s; bench/scenarios.sh faster-creep
 * thinned to -d 1) */
#define LONE_AFTER_S 0.8
#define LONE_AFTER_SAMPLES 2
#define LONE_OVER 3.0         /* ... or, under the window's jitter, this x its every other move */
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
/* A creep seen before it is timed (fit_seen, trend_fit.c): its long view's pairs' quartiles
 * SEEN_SPREAD x its pace apart at most, and the last SEEN_S moved at
 * SEEN_SHARE x that pace at least. */
#define SEEN_SPREAD 0.4
#define SEEN_S 5.0
#define SEEN_SHARE 0.75
/* A slowdown (at once, within the window, or thirds slowing) must also
 * stand SPREAD_Z x out of how much the load's own one-second rates spread
 * (trend_fit.c's second_spread: from SPREAD_MIN changes at least since the load began,
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
static inline size_t ring_at(size_t head, size_t n, size_t cap, size_t k)
{
	return (head + cap - n + k) % cap;
}

static inline size_t idx(const struct trend *tr, size_t k)   /* k = 0: oldest */
{
	return ring_at(tr->head, tr->n, TREND_MAX, k);
}

static inline size_t cidx(const struct trend *tr, size_t k)
{
	return ring_at(tr->chead, tr->cn, TREND_COARSE, k);
}

static inline size_t widx(const struct trend *tr, size_t k)
{
	return ring_at(tr->whead, tr->wn, TREND_SLOW, k);
}

static inline size_t lidx(const struct trend *tr, size_t k)
{
	return ring_at(tr->lhead, tr->ln, TREND_LOWS, k);
}

static inline size_t sidx(const struct trend *tr, size_t k)   /* k = 0: the oldest step */
{
	return ring_at(tr->shead, tr->sn, TREND_STEPS, k);
}

/* How long a pause must last to read as the load's end: clearly longer
 * than the gaps between its steps so far (fit_paused). */
static inline double trend_pause_hold(const struct trend *tr)
{
	double g = GAP_FACTOR * tr->gap_max;
	return g > FLAT_HOLD_S ? g : FLAT_HOLD_S;
}

/* The functions of one file that another calls; each is described where
 * it is defined. */
/* trend_stats.c */
int trend_cmp_double(const void *a, const void *b);   /* for qsort: ascending */
size_t trend_theil_sen_moved(const double *t, const double *v, size_t n, double min_sep,
                             double noise, double *med, double *lo, double *hi, size_t *pos,
                             double *moved, size_t *still);
size_t trend_theil_sen(const double *t, const double *v, size_t n, double min_sep, double noise,
                       double *med, double *lo, double *hi, size_t *pos);

/* trend_spikes.c */
void trend_spike_keep(struct trend *tr, double t, double depth);
double trend_spike_outside(const struct trend *tr);
bool trend_spike_creeps(const struct trend *tr, double t, double noise);
size_t trend_deep_spikes(const struct trend *tr, double tnow, double *st, double *deepest);
void trend_spike_room(const struct trend *tr, double tnow, double vnow, double rate,
                      double noise, struct trend_fit *out);
bool trend_spike_held(const struct trend *tr, double tnow, double vnow, double noise);

/* trend_slow.c */
size_t trend_slow_before(const double *t, size_t m, double since);
bool trend_slow_jump(struct trend *tr, double t, double v, double noise);
bool trend_slow_steady(const double *t, const double *v, size_t n, double rate, double tol);
size_t trend_slow_means(const struct trend *tr, double *t, double *v);
double trend_slow_line(const double *t, const double *v, size_t m, double noise, double *lo,
                       double *hi);
double trend_slow_line_over(const double *t, const double *v, size_t m, double noise,
                            double min_s, double *lo, double *hi);
double trend_slow_rate(const struct trend *tr, double tnow, double noise, double *lo, double *hi);

/* trend_pauses.c */
void trend_slow_still_span(const struct trend *tr, double t, double v, double *a, double *b,
                           double *level, double *q);
void trend_slow_paused(struct trend *tr, double t, double v, double noise);
void trend_still_bridged(struct trend *tr, double t, double v, double noise, bool spiking);
bool trend_slow_pauses_so(const struct trend *tr, double tnow, double calm);
double trend_slow_pause_end(const struct trend *tr, double least);

/* trend_fit.c */
double trend_peak_eta(const double *lt, size_t lm, double tnow, double low, double rate,
                      double ramp, double slack);

#endif
