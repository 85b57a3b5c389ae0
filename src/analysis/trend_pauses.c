/* trend_pauses.c - a creep's pauses: the calms the slow view reads as its
 * stop and that the creep came back from, where it stood still in them
 * (across a buffer held a moment), which a stop must then clearly outlast. */
#include "analysis/trend_int.h"
#include "util/num.h"

#include <math.h>

static double slow_still(const struct trend *tr, double t);

/* Where the bridged stretch (trend_still_bridged) stands still within the calm
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
void trend_slow_still_span(const struct trend *tr, double t, double v, double *a, double *b,
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

/* As trend_slow_paused (below), where the slow view was too young to read
 * a creep over its 30 s before the calm (tt, vv: its m means before it): a
 * load's first bursts. Read over SLOW_YOUNG_S of means instead, the calm
 * is kept apart (trend.h: yzt) for the bursts' model alone, the latest
 * such calm (a load working 6 s and pausing 6 s has two: the first, kept,
 * was two periods before the first recorded pause, and no model until a
 * fourth pause; the review of fdd3074) */
static void slow_paused_young(struct trend *tr, double t, double v, double noise,
                              const double *tt, const double *vv, size_t m)
{
	double lo, hi, calm = t - tr->calm_since;
	double r = trend_slow_line_over(tt, vv, m, noise, SLOW_YOUNG_S, &lo, &hi);
	if (!isfinite(r) || calm * r <= 2 * noise || slow_still(tr, t) < calm / 2)
		return;
	tr->yzt = t, tr->yz = calm;
	trend_slow_still_span(tr, t, v, &tr->yza, &tr->yzb, &tr->yzv, &tr->yzq);
}

/* A calm of this load before (since the slow view began again) was read
 * as one of its pauses: recorded, or kept as a young one */
static bool paused_before(const struct trend *tr)
{
	return (tr->yzt >= 0 && tr->yzt >= tr->jump_t) || trend_slow_pause_end(tr, 0) >= 0;
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
void trend_slow_paused(struct trend *tr, double t, double v, double noise)
{
	double tt[TREND_SLOW], vv[TREND_SLOW], lo, hi, calm = t - tr->calm_since;
	size_t m = trend_slow_before(tt, trend_slow_means(tr, tt, vv), tr->calm_since);
	double r = trend_slow_line(tt, vv, m, noise, &lo, &hi);
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
	tr->pzs[k] = m >= 3 && trend_slow_steady(tt, vv, m, r, noise / 2);
	/* where it stood still: the calm began where the creep last moved a
	 * noise, and it went on under the noise a while (a calm begun at
	 * 15 MiB, its pause at 13, read the burst after it 2 MiB further on
	 * than it was, and the kill a period late; the review of 85ad974) */
	trend_slow_still_span(tr, t, v, &tr->pza[k], &tr->pzb[k], &tr->pzv[k], &tr->pzq[k]);
}

/* Stillness across an excursion that comes back to its level within
 * SPIKE_S, its time left out: a request's buffer held 2 s in a pause cut
 * its stillness in two, neither half of the calm, and a load working and
 * pausing in turn had every other pause unrecorded (series_sim kind 17):
 * no burst model, the kill read at the pace over work and pause, its
 * first WARNING 38 s before it. A creep does not come back: its moves
 * end the stretch as they end the plain one. */
void trend_still_bridged(struct trend *tr, double t, double v, double noise, bool spiking)
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
bool trend_slow_pauses_so(const struct trend *tr, double tnow, double calm)
{
	if (slow_still(tr, tnow) < calm / 2)
		return false;
	for (size_t k = 0; k < tr->pzn; k++)
		if (tr->pzt[k] >= tr->jump_t && tnow - tr->pzt[k] <= TREND_SLOW * SLOW_STEP_S &&
		    calm <= GAP_FACTOR * tr->pz[k])
			return true;
	return false;
}

/* When the last pause the creep came back from (one trend_slow_paused
 * recorded since the last jump) of least seconds at least ended; -1 where
 * none. For a slower pace, two of the slow view's means: a shorter one
 * fills no mean of its own; and a creep's own calm sampled each second
 * was taken for a 3 s one (a creep slowing from 2 to 0.8 MiB/s, its
 * slowdown hidden by it: 6 s more false alarm). */
double trend_slow_pause_end(const struct trend *tr, double least)
{
	double end = -1;
	for (size_t k = 0; k < tr->pzn; k++)
		if (tr->pzt[k] >= tr->jump_t && tr->pz[k] >= least)
			end = dmax(end, tr->pzt[k]);
	return end;
}

bool trend_calm_still(const struct trend *tr, double tnow, double v, double *a, double *b,
                      double *level, double *q)
{
	if (tr->calm_since < 0)
		return false;
	trend_slow_still_span(tr, tnow, v, a, b, level, q);
	return true;
}
