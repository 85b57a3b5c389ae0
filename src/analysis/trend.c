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
 * ramp's rate is used (a load is noticed within three samples). When
 * the headroom has not moved (net, since the pause began) for two seconds
 * the rate is zero: a load that
 * ended is let go at once, while the short pauses of a stepwise load (tensor
 * by tensor) keep the window's average rate. */
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

static size_t idx(const struct trend *tr, size_t k)   /* k = 0: oldest */
{
	return (tr->head + TREND_MAX - tr->n + k) % TREND_MAX;
}

void trend_init(struct trend *tr)
{
	memset(tr, 0, sizeof *tr);
	tr->flat_since = -1;
}

void trend_add(struct trend *tr, double t, double v, double noise, double reset)
{
	if (tr->n > 0 && v - tr->v[idx(tr, tr->n - 1)] > reset)
		trend_init(tr);
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
			tr->flat_since = t;   /* moved: a pause could begin here */
			tr->flat_v = v;
		}
	}
	tr->t[tr->head] = t;
	tr->v[tr->head] = v;
	tr->head = (tr->head + 1) % TREND_MAX;
	if (tr->n < TREND_MAX)
		tr->n++;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void trend_fit(const struct trend *tr, double window, double noise, struct trend_fit *out)
{
	memset(out, 0, sizeof *out);
	if (tr->n < 2)
		return;
	double tnow = tr->t[idx(tr, tr->n - 1)];
	size_t first = 0;
	while (first + 2 < tr->n && tnow - tr->t[idx(tr, first)] > window)
		first++;
	/* consumption slopes (headroom falling = positive) of every pair */
	static double slopes[TREND_MAX * (TREND_MAX - 1) / 2];
	size_t m = 0, pos = 0;
	for (size_t i = first; i < tr->n; i++)
		for (size_t j = i + 1; j < tr->n; j++) {
			double dt = tr->t[idx(tr, j)] - tr->t[idx(tr, i)];
			if (dt <= 0)
				continue;
			double dv = tr->v[idx(tr, i)] - tr->v[idx(tr, j)];
			double s = fabs(dv) <= noise ? 0 : dv / dt;
			slopes[m++] = s;
			pos += s > 0;
		}
	if (m == 0)
		return;
	qsort(slopes, m, sizeof *slopes, cmp_double);
	out->rate = slopes[m / 2];
	out->rate_low = slopes[m / 4];
	out->rate_high = slopes[(3 * m) / 4];
	/* a handful of samples cannot tell a trend from jitter */
	out->significant = out->rate > 0 && pos * 10 >= m * 7 && tr->n - first >= MIN_SAMPLES;

	if (tr->n >= 3) {
		/* how much this headroom jitters on its own: 1.5 x the median
		 * change between consecutive steps earlier in the window. A steady
		 * ramp's steps are alike (its start changes one step only), so it
		 * adds nothing; a jittery machine's steps differ all the time. */
		double dd[TREND_MAX];
		size_t nd = 0;
		for (size_t k = first; k + 4 < tr->n; k++) {
			double s1 = tr->v[idx(tr, k)] - tr->v[idx(tr, k + 1)];
			double s2 = tr->v[idx(tr, k + 1)] - tr->v[idx(tr, k + 2)];
			dd[nd++] = fabs(s1 - s2);
		}
		if (nd >= 4) {
			qsort(dd, nd, sizeof *dd, cmp_double);
			noise = dmax(noise, 1.5 * dd[nd / 2]);
		}
		bool jitter_known = nd >= 4;
		size_t a = idx(tr, tr->n - 3), b = idx(tr, tr->n - 2), c = idx(tr, tr->n - 1);
		double d1 = tr->v[a] - tr->v[b], d2 = tr->v[b] - tr->v[c];
		double span = tr->t[c] - tr->t[a];
		/* both steps consume, and alike: a one-sample dip after a bit of
		 * noise is not a ramp (its steps differ tenfold or more) */
		if (jitter_known && d1 > noise && d2 > noise && span > 0 && d1 <= RAMP_RATIO * d2 &&
		    d2 <= RAMP_RATIO * d1) {
			/* a fresh ramp: its own rate when it is steeper than the window's */
			double r = (d1 + d2) / span;
			out->ramp = true;
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
	/* a pause long enough: the load is over (or paused), nothing is eaten */
	if (tr->flat_since >= 0 && tnow - tr->flat_since >= FLAT_HOLD_S && !out->ramp) {
		out->rate = out->rate_low = out->rate_high = 0;
		out->significant = false;
	}
}
