/* trend.h - how fast a headroom is being eaten, robustly: the estimator
 * behind every forecast. Pure arithmetic on a short history of samples. */
#ifndef OOMCAST_TREND_H
#define OOMCAST_TREND_H

#include <stdbool.h>
#include <stddef.h>

#define TREND_MAX 48          /* the last samples */
#define TREND_COARSE 40       /* one sample a second: the long view */
#define TREND_LOWS 12         /* the low points before big frees */
#define TREND_STEPS 6         /* a staircase's last steps */
#define TREND_SLOW 32         /* the mean of each TREND_SLOW_STEP_S: the slow view */
#define TREND_SLOW_STEP_S 4.0
#define TREND_SPIKE_S 8.0    /* a move that comes back within this is a spike (a buffer) */
#define TREND_SPIKES 8        /* the last spikes the slow view saw come back */
#define TREND_PAUSES 4        /* a creep's last pauses */
#define TREND_BURSTS 8        /* a load working and pausing in turn: its last bursts */
#define BURST_PAUSE_S 5.0     /* ... a pause between them this long at least */
#define BURST_SETTLE_S 2.5    /* ... and its level read this long after a burst's last move, at least */
/* A move at once of this many noises or more is a staircase's step (the
 * staircase rule reads those; bursts.h the smaller) */
#define TREND_STEP_NOISES 4.0
#define TREND_BACK_DECAY 0.99
/* trend_stats.c's Theil-Sen takes up to TREND_MAX points */
_Static_assert(TREND_SLOW <= TREND_MAX && TREND_COARSE < TREND_MAX && TREND_LOWS <= TREND_MAX,
               "a view longer than Theil-Sen's buffer");

/* The samples of one resource: time (s) and headroom (bytes), oldest first
 * in rings. Fixed size: a resource costs the same after a day as after a
 * minute. */
struct trend {
	double t[TREND_MAX], v[TREND_MAX];
	size_t head, n;
	double ct[TREND_COARSE], cv[TREND_COARSE];
	size_t chead, cn;
	double flat_since;          /* since when the headroom stayed within the noise of flat_v; <0 none yet */
	double flat_v;
	double gap_max;             /* the longest pause between steps of this load, s */
	double step_cur;            /* the step now (moves less than STEP_JOIN_S apart), bytes */
	double step_gapped;         /* the largest step that followed a pause and ended, bytes */
	double step_last;           /* the last step that ended, bytes */
	bool gapped;                /* the step now followed a pause */
	bool stepping;              /* the last move consumed: a pause after it is a gap */
	/* the last pause long enough to read as the load's end (fit_paused)
	 * that a move down then ended: where it began (<0 none) */
	double resumed_t0, resumed_v0;
	double load_t;              /* the load began after this sample's time; <0 not yet */
	double first_end;           /* its first step ended at this sample's time */
	bool first_open;            /* ... and may still go on */
	double lt[TREND_LOWS], lv[TREND_LOWS];   /* low points (just before a big free; lt: when reached) */
	double lr[TREND_LOWS];      /* how much each of those frees gave back */
	double free_v;              /* the headroom right after the last free */
	size_t lhead, ln;
	/* this load's last steps: when each began (between the sample it
	 * was first seen at and the one before: their midpoint), when it was
	 * last seen moving, and what it took (bytes); none after a move up,
	 * which no staircase makes */
	double st[TREND_STEPS], se[TREND_STEPS], sv[TREND_STEPS];
	size_t shead, sn;
	/* the slow view, for leaks that move less than the noise between
	 * pauses: the mean time and headroom of each few seconds' samples
	 * (w0, wsum_t, wsum_v, wcnt: those of the seconds under way, begun at
	 * w0); and the last sample that moved more than the noise from the
	 * one before (a jump: a load's start, a step, a free), where a slow
	 * view begins */
	double wt[TREND_SLOW], wv[TREND_SLOW];
	size_t whead, wn;
	double w0, wsum_t, wsum_v;
	size_t wcnt;
	double jump_t;
	/* a move of more than the noise that may come back (a buffer held a
	 * moment): since spike_t (<0 none), from spike_v, down to spike_min
	 * so far, settled at spike_settle after its fall (NaN not yet), at
	 * spike_last now; the slow view leaves its samples out. Those that came
	 * back down and up (when each began, how deep; in no order: the deepest
	 * are kept when there are more) are peaks a creep must make room for. */
	double spike_t, spike_v, spike_min, spike_settle, spike_settle_t, spike_last;
	double pt[TREND_SPIKES], pv[TREND_SPIKES];
	size_t pn;
	/* since when the headroom outside spikes stayed within the noise of
	 * calm_v: a creep that stopped; how long the calm before it lasted */
	double calm_since, calm_v, calm_last;
	/* where that calm before stood, and the pace of the one before it
	 * and the move that ended it (NaN unknown): a creep's last cycles */
	double calm_prev_v, calm_cyc_prev;
	/* the last calms the slow view read as the creep's stop and that the
	 * creep came back from: its own pauses, which a stop must clearly
	 * outlast (how long each calm lasted and when it ended, s; in no
	 * order), and when it stood still, from pza to pzb, at pzv (the
	 * calm begins at the creep's last move of a noise and ends at its
	 * next: the creep works under the noise in its first and last
	 * seconds);
	 * and since when the headroom outside spikes stayed within a quarter
	 * of the noise of still_v (a pause is still, a creep's calm is not),
	 * and the longest such stretch within the calm now that ended: how
	 * long (s), from when, at what level (NaN: none), and how far the
	 * sample that ended it had moved from that level */
	double pz[TREND_PAUSES], pzt[TREND_PAUSES];
	/* the last calm the creep came back from that its stop would have been
	 * but for its stillness (a buffer held in it, noise): when it ended
	 * (<0 none) and how long it was (s); no pause, but no working time */
	double odd_t, odd;
	double pza[TREND_PAUSES], pzb[TREND_PAUSES], pzv[TREND_PAUSES];
	/* how far the headroom had moved from pzv in the first sample after
	 * pzb: the creep's first move back (a MiB, where it moves so), or
	 * what ended the stillness (a buffer come back lower, the creep under
	 * it; the whole move that ended the calm, where it never stood still) */
	double pzq[TREND_PAUSES];
	/* the creep before the pause steady at its pace, as the view read it
	 * when the pause was recorded (slow_once_paused) */
	bool pzs[TREND_PAUSES];
	size_t pzn;
	/* the last calm since the last jump that the creep came back from,
	 * too young for the slow view to have read a creep over its 30 s
	 * before it (a load's first bursts): when it ended (<0 none), how
	 * long, and where it stood still, as pz, pza, pzb, pzv, pzq. Only the
	 * bursts' model reads it (bursts_paused: the first pause of a load
	 * that works 30 s and pauses 30 s); no stop has to outlast it. */
	double yzt, yz, yza, yzb, yzv, yzq;
	double still_since, still_v, still_max, still_max_t, still_max_v, still_max_q;
	/* ... and still but for an excursion that came back within SPIKE_S
	 * (a buffer held a moment in a pause): since bstill_t0 (<0 none) at
	 * bstill_v, away since bstill_out (<0 not) by bstill_q then,
	 * bstill_skip s away */
	double bstill_t0, bstill_v, bstill_out, bstill_skip, bstill_q;
	/* ... and the longest such stretch of the calm now that ended: how
	 * long (s; 0 none), from, to, at what level, how far it then moved */
	double bstill_max, bstill_max_a, bstill_max_b, bstill_max_v, bstill_max_q;
	/* the last move beside a creep that the slow view was to carry across
	 * (carried or not; <0 none): moves that recur are the load's own */
	double carry_t;
	/* bursts of work between pauses of BURST_PAUSE_S or more, as the
	 * moves of more than the noise show them (bursts.h reads them): when
	 * the first and last move of each was seen; the headroom before it
	 * (in the pause before), at its first and last move, and in the pause
	 * after it (what it took under the noise after its last move too; NaN
	 * until seen); its longest gap between moves; whether it followed
	 * such a pause (not the history's start); whether its first move came
	 * at once (more than the noise since the sample before: a step, not a
	 * creep's slow moves adding up), and when the sample before that
	 * move was read; none after a move up */
	struct trend_burst {
		double first, last, v0, v_first, v1, v_end, gap_max;
		bool paused, at_once;
		double before;
	} bu[TREND_BURSTS];
	size_t bhead, bn;
	/* whether the headroom's moves come back: sums of each step times
	 * the one before and of its square, each older sample's weighing
	 * TREND_BACK_DECAY less (their ratio: the steps' autocorrelation) */
	double step_prev, back_xy, back_xx;
};

struct trend_fit {
	double rate;                /* bytes/s consumed (headroom shrinking > 0) */
	double rate_low, rate_high; /* the quartiles of the pairwise rates */
	bool significant;           /* the consumption is real, not noise */
	bool ramp;                  /* the last samples all consume: a fresh ramp (or the last
	                             * one alone, imminent: less is left than it ate) */
	/* frees come again and again (a garbage collector, short jobs): the
	 * rate is the trend of the low points, and low is where that trend
	 * stands now (the headroom to forecast from). A creep read by the slow
	 * view under spikes that come back: low is the headroom less the
	 * deepest of them, cyclic false. NaN otherwise. */
	bool cyclic;
	double low;
	/* the consumption slows down: what it will still take in all if it
	 * goes on slowing as it does (bytes); NaN when it does not slow */
	double remaining;
	/* a regular staircase (steps alike at a steady period, pauses
	 * between them): the time until the step that empties it is taken
	 * (s; each step's time the midpoint of the samples either side). It
	 * runs out at a step, not where the line through the steps reaches
	 * zero: up to a period later. NaN when not such a load. */
	double stairs_eta;
	/* a regular sawtooth (cyclic, low points at a steady period): the
	 * time until the peak that empties it, the first past the point where
	 * the low points' line reaches zero (s); a creep under spikes at a
	 * steady period: until the first spike that will not fit; NaN
	 * otherwise */
	double peak_eta;
	/* how much the headroom jitters on its own (bytes): the noise at
	 * least, more where consecutive steps differ */
	double jitter;
	/* how much the load's one-second rates spread (bytes/s; 0 unknown) */
	double spread;
	/* a creep too slow for the window (its pairs under the noise) that
	 * the long view reads and the last seconds confirm: its pace, to be
	 * shown without an ETA until a view can time it (bytes/s); NaN
	 * otherwise, and where a slowdown is read (remaining) */
	double seen;
	/* which of fit's rules had a say (TREND_R_*, or-ed): for a trace of
	 * why the forecast read what it read, and for tests of one rule */
	unsigned rules;
};

enum {
	TREND_R_LONE = 1u << 0,       /* lone steps taken out of the window */
	TREND_R_RAMP = 1u << 1,       /* a fresh ramp: the last two steps */
	TREND_R_SLOWED_NOW = 1u << 2, /* slowed down at once: the last second */
	TREND_R_SLOWED_HALF = 1u << 3,/* ... within the window: its later half */
	TREND_R_MOVED = 1u << 4,      /* the median of the pairs that moved */
	TREND_R_LONG = 1u << 5,       /* the long view's rate (steps, or agrees) */
	TREND_R_STEPS_PACE = 1u << 6, /* a staircase's steps over their time */
	TREND_R_EXACT = 1u << 7,      /* the long view's, the more exact */
	TREND_R_DECEL = 1u << 8,      /* slowing: three thirds of the window */
	TREND_R_DECAY = 1u << 9,      /* slowing: the long view's decay */
	TREND_R_CYCLE = 1u << 10,     /* frees again and again: the low points */
	TREND_R_CYCLE_RAMP = 1u << 11,/* ... this cycle's own ramp, sooner */
	TREND_R_NEXT_CYCLE = 1u << 12,/* one free so far: the next cycle */
	TREND_R_PAUSED = 1u << 13,    /* a pause longer than the gaps: over */
	TREND_R_SLOW = 1u << 14,      /* the slow view (a creep, held spikes) */
	TREND_R_STAIRS = 1u << 15,    /* a regular staircase's ETA */
	TREND_R_IMMINENT = 1u << 16,  /* less left than the last sample ate */
	TREND_R_STEPWISE = 1u << 17,  /* read as a staircase */
	TREND_R_LIFE = 1u << 18,      /* opened on a leak: its processes' lives (lifepace.h; set by forecast.c) */
	TREND_R_RESUMED = 1u << 19,   /* eaten again after a pause: since it began */
	TREND_R_RUN = 1u << 20,       /* a creep not yet timed: its processes' runs (runpace.h; set by forecast.c) */
};

void trend_init(struct trend *tr);
/* Below this a change in a headroom of capacity bytes is noise: 1/4096 of
 * it (16 MiB on a 64 GiB machine), 2 MiB at least. */
double trend_noise(double capacity);
/* A headroom that grows by more than this at once had a big free: 8 noises,
 * or 1 % of the capacity. */
double trend_reset(double capacity);
/* Add a sample; a change of at most noise bytes from the last one counts as
 * no change (for the pause rule, see add_steps in trend.c and fit_paused
 * in trend_fit.c). A headroom that grows by more
 * than reset bytes at once (a kill, a big free) starts a new history of the
 * samples, and its low point is kept: frees that come again make the
 * history cyclic. */
void trend_add(struct trend *tr, double t, double v, double noise, double reset);

/* The k-th oldest sample of the history (k < tr->n): its time and headroom. */
void trend_sample(const struct trend *tr, size_t k, double *t, double *v);

/* The headroom at time t: the first sample at or after it, of the history
 * or, where that does not go back so far, of the long view (a second
 * apart, LONG_S back); NaN where neither does (a free started the history
 * again since). At or after: a time read on another clock (the process
 * scan's, a little before a cgroup's own in the same sample) must not
 * fetch the sample before, and what was eaten before it. */
double trend_headroom_at(const struct trend *tr, double t);
/* The earliest time trend_headroom_at answers for; NaN with no history. */
double trend_oldest(const struct trend *tr);

/* The k-th oldest burst noted (k < tr->bn). */
const struct trend_burst *trend_burst(const struct trend *tr, size_t k);

/* The median of a[0..n), n > 0; sorts a. */
double trend_median(double *a, size_t n);

/* An OOM kill freed what the last big free gave back: that was no cycle.
 * Forget the low points (a restart loop of kills is no sawtooth). */
void trend_forget_frees(struct trend *tr);

/* A creep's pace while it works at tnow (bytes/s), where the slow view
 * saw it pause and come back: its means from since on (-INFINITY: all)
 * with the still time of those pauses cut out; NaN where it did not.
 * Read on demand (bursts.c): a Theil-Sen over the slow view's means, not
 * worth each fit. */
double trend_work_pace(const struct trend *tr, double tnow, double since);

/* Where a calm of the slow view is under way at tnow (the headroom v then):
 * true, and the longest stretch of it that the headroom stood still, from
 * *a to *b at *level, and how far the first sample after it had moved
 * from that level (*q). A stretch that ended, with the headroom below it
 * now, is a pause that a creep came back from, not yet recorded (its calm
 * ends a noise on). */
bool trend_calm_still(const struct trend *tr, double tnow, double v, double *a, double *b,
                      double *level, double *q);

/* Fit the samples of the last window seconds. noise: a change in headroom
 * smaller than this (bytes) between two samples counts as no change. Less
 * left than the last sample ate at once (a jump of STEP_NOISES x the noise
 * or the jitter) overrides all the rest: that sample's rate, no cycle, no
 * staircase, no slowing (one more such sample empties it). */
void trend_fit(const struct trend *tr, double window, double noise, struct trend_fit *out);

#endif
