/* trend_spikes.c - buffers held a moment: moves of more than the noise that
 * come back. The slow view reads a creep across them; where they recur, the
 * creep's forecast leaves room for the deepest and runs out at the first
 * that will not fit. */
#include "analysis/trend_int.h"
#include "util/num.h"

#include <math.h>
#include <stdlib.h>

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
void trend_spike_keep(struct trend *tr, double t, double depth)
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

/* What the creep ate beside the open spike while it was held: how far its
 * level drifted since it settled (a 0.5 MiB/s creep beside a buffer held
 * 6 s: 3 MiB, more than the noise it must come back within) */
static double spike_drift(const struct trend *tr)
{
	return isnan(tr->spike_settle) ? 0 : dmax(tr->spike_settle - tr->spike_last, 0);
}

/* The headroom outside the open spike: where it left, less that drift */
double trend_spike_outside(const struct trend *tr)
{
	return tr->spike_v - spike_drift(tr);
}

/* ... and whether a creep explains that drift by t: the noise at most each
 * SPIKE_DRIFT_S held. More is a load beside the buffer, or the buffer
 * growing: not the creep the slow view reads (a load starting at 8 MiB/s
 * while a buffer was held read as the creep's 0.5 MiB/s until it was
 * killed; a 30 MiB allocation that stayed would have joined the creep). */
bool trend_spike_creeps(const struct trend *tr, double t, double noise)
{
	return isnan(tr->spike_settle) ||
	       spike_drift(tr) <= noise * (1 + (t - tr->spike_settle_t) / SPIKE_DRIFT_S);
}

/* The spikes that count now and are at least half as deep as the deepest
 * of them (a shallow blip is no such peak): their times into st, oldest
 * first, *deepest set. The number of them; 0 unless they recur (SPIKES_MIN
 * at least): one buffer held once says nothing of the next. */
size_t trend_deep_spikes(const struct trend *tr, double tnow, double *st, double *deepest)
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
	qsort(st, m, sizeof *st, trend_cmp_double);
	return m;
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
void trend_spike_room(const struct trend *tr, double tnow, double vnow, double rate,
                      double noise, struct trend_fit *out)
{
	_Static_assert(TREND_SPIKES <= TREND_LOWS, "trend_peak_eta() sizes its arrays by TREND_LOWS");
	double st[TREND_SPIKES], deepest;
	size_t m = trend_deep_spikes(tr, tnow, st, &deepest);
	if (tr->spike_t < 0 && !m)
		return;
	double outside = tr->spike_t >= 0 ? trend_spike_outside(tr) : vnow;
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
	double eta = trend_peak_eta(st, m, tnow, out->low, rate, 0, noise);
	if (isfinite(eta))
		out->peak_eta = dmin(eta, dmax(outside, 0) / rate);
}

/* Whether a buffer is held now like those that came and went: spikes
 * recur, and the one open is deeper than the noise (not one given back a
 * little at a time to where the creep took the level), no
 * deeper than SPIKE_LIKE x the deepest, and beside it only a creep */
bool trend_spike_held(const struct trend *tr, double tnow, double vnow, double noise)
{
	double st[TREND_SPIKES], deepest;
	double depth = trend_spike_outside(tr) - vnow;
	return tr->spike_t >= 0 && trend_deep_spikes(tr, tnow, st, &deepest) && depth > noise &&
	       depth <= SPIKE_LIKE * deepest && trend_spike_creeps(tr, tnow, noise);
}
