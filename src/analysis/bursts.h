/* bursts.h - a load that works and pauses in turn: a server's cache that
 * grows with each burst of requests and rests between them, a job that
 * runs a batch every 30 s. The line through its samples reads the burst's
 * pace while it works (an ETA half the time left) and nothing in each
 * pause (no ETA while it runs out); it runs out part-way through the first
 * burst that does not fit, at the burst's pace. Read from the bursts that
 * trend_add() notes; pure arithmetic. */
#ifndef OOMCAST_BURSTS_H
#define OOMCAST_BURSTS_H

#include <stdbool.h>

#include "analysis/trend.h"

struct bursts {
	double rate, rate_low, rate_high;   /* bytes/s over whole periods: the pace it eats at */
	double size;                        /* bytes a burst takes, on average */
	double largest;                     /* ... at most, so far */
	double beyond;                      /* one still moving past this goes on */
	double slack;                       /* the average known to this many bytes */
	double pace;                        /* bytes/s while a burst works */
	bool moving;                        /* the last burst still moves */
	bool once;                          /* ... and was taken at once (within a sampling gap) */
	double period;                      /* s from a burst's start to the next's */
	double start;                       /* when the last burst began (s, trend time) */
	double taken;                       /* bytes the last burst took so far */
};

/* Whether the samples show such a load at tnow with headroom v (noise: a
 * move of the headroom smaller than this was none, trend_add): three
 * bursts at least, each after a pause, the pauses each BURST_CLEAR x the
 * longest gap between the moves of a burst (a creep's moves are alike),
 * each burst but the last working a while (two moves at least) or taken
 * at once but under a staircase's step (TREND_STEP_NOISES: 4 MiB every
 * 40 s); the pace is read from the bursts that worked longer than a
 * sampling gap (none: a pace of at once), their periods and sizes
 * alike, the period the mean unless the last is shorter by more than two
 * sampling gaps (pauses that shrink), the last no more
 * than BURST_SPREAD x the largest before it (a new load is more), and the
 * pause now, if one, no longer than BURST_STOP x the longest before
 * (longer: it stopped). */
bool bursts_read(const struct trend *tr, double tnow, double v, double noise, struct bursts *out);

/* The same of a creep too slow for its moves to show its bursts (0.5 MiB/s
 * under a 2 MiB noise moves it every 4-6 s: each move a burst of its
 * own), read from the pauses the slow view recorded it coming back from
 * (trend.h: pzt, and when and where each stood still: pza, pzb, pzv) and
 * its pace while it works (trend_work_pace): three such pauses at
 * least since its last jump, the bursts between them alike (what each
 * took, from one pause's level to the next's, and the time from one's
 * start to the next's, within BURST_SPREAD x), no calm half as long as
 * they between them that was not recorded (trend.h: odd_t), each period
 * and the time since the last pause within the slow view's reach
 * (TREND_SLOW x TREND_SLOW_STEP_S), the one under way no more than
 * BURST_SPREAD x the largest so far. Whether it is such a load. */
bool bursts_paused(const struct trend *tr, double tnow, double v, double noise,
                   struct bursts *out);

/* Seconds until it runs out, v bytes left at tnow: what the burst under
 * way may still take (as much as the largest; while it still moves past
 * that, it runs out at its pace), then the bursts that fit, then part of
 * the next at the bursts' pace. Where v is within the size's slack of
 * whole bursts (the burst under way too), the earlier: the end of the
 * last that may fit. */
double bursts_eta(const struct bursts *b, double tnow, double v);

#endif
