/* trend_fit.c - reading the history: the window's Theil-Sen rate and the
 * rules over it (a fresh ramp, lone steps, a staircase, slowing down, frees
 * again and again, the long and slow views, a creep seen before it is
 * timed) and the one that overrides them all (imminent). */
#include "analysis/trend_int.h"
#include "util/num.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* How many of this load's steps (since its start or its last move up; the
 * last TREND_STEPS - 1 of them) ended more than size deep, each within
 * STEP_ALIKE of the last of those (not of a creep's move after a pause,
 * itself a step: 40 MiB steps with a creep between them were no staircase
 * 7 s in 10, test_stairs_with_creep): a staircase has two at least, not one
 * buffer held among a creep's moves (a second buffer of 12 MiB read as its
 * step while the first, at the load's start, went unseen), nor a load's
 * start and a buffer after it (at -d 1, 300 MiB and 12 MiB 3 s apart read
 * as a staircase at 4.7 MiB/s with 67 MiB left: CRITICAL, then WARNING,
 * bench/scenarios.sh held-creep; a stalling stream's steps, 0 to 2 times
 * their mean, stay alike) */
static size_t steps_ended(const struct trend *tr, double size)
{
	double last = NAN;   /* the last that ended more than size deep */
	for (size_t k = tr->sn; k-- > 1 && !(last > size);)
		last = tr->sv[sidx(tr, k - 1)];
	if (!(last > size))
		return 0;
	size_t n = 0;
	for (size_t k = 0; k + 1 < tr->sn; k++) {
		double v = tr->sv[sidx(tr, k)];
		n += v > size && v <= STEP_ALIKE * last && last <= STEP_ALIKE * v;
	}
	return n;
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
	if (r1 - r2 <= SPREAD_Z * spread * num_sqrt(2 / (t[c] - t[b])) ||
	    r2 - r3 <= SPREAD_Z * spread * num_sqrt(2 / (tnow - t[c])))
		return NAN;
	double tau = ((tnow + t[c]) / 2 - (t[b] + t[a]) / 2) / num_log(r1 / r3);
	return r3 * tau;
}

/* The quantum a load that takes memory a chunk or a step at a time
 * moves in, over the window's samples v[0..n): the most it fell between
 * two samples above what it falls between two as a rule (the median). A
 * smooth load's is about none: its every sample interval takes about the
 * same (the most alone, a smooth decay sampled each second read as its
 * quantum, had to fall by a whole second's worth over the view and was
 * seldom read: 13 of 99 samples for 48 at tau 10 s, none for 89 at 40 s,
 * the review of c71406f). */
static double quantum_of(const double *v, size_t n)
{
	double d[TREND_MAX], most = 0;
	size_t m = 0;
	for (size_t k = 0; k + 1 < n; k++) {
		d[m] = v[k] - v[k + 1];
		most = dmax(most, d[m++]);
	}
	return m ? most - dmax(trend_median(d, m), 0) : 0;
}

/* Slowing down, seen in the long view's one-second steps (two or three
 * seconds where one moves less than the noise): every step consumes, and the logarithm of their rates falls along a line clearly
 * (its slope more than DECAY_SES standard errors below zero): an
 * exponential decay, whose fall from its first steps to its last is more
 * than a quantum a step (quantum_of the window's samples wv[0..wn), not
 * these: a load that moves in chunks or steps holds one more or less in
 * each step as they fall among them). What it will still take: the rate
 * now times the time constant, taken from the slope less sure by
 * DECAY_SAFE_SES standard errors (a longer time constant, a larger
 * remainder). NaN otherwise. */
static double remaining_decay(const double *t, const double *v, size_t n, double noise,
                              const double *wv, size_t wn)
{
	double x[TREND_COARSE + 1], y[TREND_COARSE + 1];
	size_t m = 0;
	double span = 0;   /* the seconds the steps hold */
	/* steps of one second, or of two or three where a slow load's
	 * seconds move less than the noise */
	for (size_t w = 1; w <= DECAY_WIDEST && m == 0; w++) {
		span = 0;
		for (size_t end = n - 1; end >= w && m < DECAY_STEPS; end -= w) {
			double dt = t[end] - t[end - w], dv = v[end - w] - v[end];
			if (dt <= 0 || dv <= noise / 2) {
				m = 0;
				break;
			}
			x[m] = (t[end] + t[end - w]) / 2 - t[n - 1];
			y[m++] = num_log(dv / dt);
			span += dt;
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
	double se = num_sqrt(sse / (double)(m - 2) / sxx);
	if (!(b < 0 && -b > DECAY_SES * se) || b + DECAY_SAFE_SES * se >= 0)
		return NAN;
	/* ... by more than a load that moves in quanta reads in steady steps:
	 * each step holds a quantum more or less as it falls among them (4
	 * MiB every 2 s in steps of 2.0 then 2.4 s as the one-second samples
	 * drifted read 2.0 then 1.67 MiB/s, "slowing", no ETA for 10 s with
	 * a minute left: bench/series_sweep.sh) */
	if ((num_exp(a + b * x[m - 1]) - num_exp(a + b * x[0])) * span / (double)m <= quantum_of(wv, wn))
		return NAN;   /* x[m - 1]: the oldest step; x[0]: the newest */
	return num_exp(a) / -(b + DECAY_SAFE_SES * se);   /* rate now x time constant */
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
	double more = num_ceil(left / step);   /* steps still to come after this one */
	return dmax(tr->st[last] + period - tnow, 0) + (more - 1) * period;
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
double trend_peak_eta(const double *lt, size_t lm, double tnow, double low, double rate,
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
	double m = dmax(num_ceil((tnow + near - lt[anchor]) / period),
	                dmax(num_ceil((tnow - lt[anchor]) / period), 1));
	double peak = lt[anchor] + m * period - tnow;
	/* how far below zero the line is by then: the ramp crosses it sooner */
	double under = rate * (peak - line);
	double eta = ramp > 0 && under > 0 ? peak - under / ramp : peak;
	return dmax(eta, 0);
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
	return 1.4826 * trend_median(r, m) / num_sqrt(2);
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

/* What fit reads once and its rules share, in the order they run: the
 * window's samples, the noise and the headroom's own jitter, what the
 * window's Theil-Sen found; then the long view, and the low points before
 * frees. */
struct reading {
	const struct trend *tr;
	double tnow, vnow;
	double ft[TREND_MAX], fv[TREND_MAX];   /* the window's samples */
	size_t fm;
	double floor_noise;                    /* the noise fit was given */
	double jitter;                         /* ... or more: the headroom's own (read_window) */
	bool jitter_known;                     /* from enough samples to tell */
	double lone;                           /* a lone step eats this much at once at least */
	bool stepwise;                         /* a staircase: steps after pauses */
	double spread;                         /* the load's one-second rates' (second_spread) */
	size_t np, still;                      /* the window's pairs; those within the noise */
	double moved;                          /* the median of those that moved */
	bool slowed;                           /* a slowdown read at once or within the window */
	double ct[TREND_COARSE + 1], cv[TREND_COARSE + 1];   /* the long view (fit_long) */
	size_t cm;
	double lspan, lrate, lseen;            /* its span, its rate, its pace shown */
	double lt[TREND_LOWS], lv[TREND_LOWS], lr[TREND_LOWS];   /* low points (read_lows) */
	size_t lm, recent;                     /* how many within LOWS_S; within CYCLE_S */
};

/* Lone steps, taken out of dv (see read_window): runs of at most LONE_MAX
 * moves each eating more than `least` bytes, ended LONE_AFTER_SAMPLES and
 * LONE_AFTER_S ago (or MIN_SAMPLES) at least; where `over` > 0, only those
 * whose every move is `over` x every other move of the window */
static void lone_steps(const double *ft, const double *fv, size_t fm, double least, double over,
                       double *dv, struct trend_fit *out)
{
	for (size_t k = 0; k + 1 < fm;) {
		size_t e = k;
		double smallest = INFINITY;
		while (e + 1 < fm && fv[e] - fv[e + 1] > least)
			smallest = dmin(smallest, fv[e] - fv[e + 1]), e++;
		if (e == k) {
			k++;
			continue;
		}
		double other = 0;
		for (size_t j = 0; over > 0 && j + 1 < fm; j++)
			if (j < k || j >= e)
				other = dmax(other, fabs(fv[j] - fv[j + 1]));
		if (smallest > over * other && e - k <= LONE_MAX && e + LONE_AFTER_SAMPLES < fm &&
		    (e + MIN_SAMPLES <= fm || ft[fm - 1] - ft[e] >= LONE_AFTER_S)) {
			double step = fv[k] - fv[e];
			for (size_t j = 0; j <= k; j++)
				dv[j] -= step;
			out->rules |= TREND_R_LONE;
		}
		k = e;
	}
}

/* The window's samples, its jitter, lone steps taken out of it, and its
 * Theil-Sen rate (out->rate, out->significant). */
static void read_window(const struct trend *tr, double window, double noise, struct reading *rd,
                        struct trend_fit *out)
{
	double tnow = tr->t[idx(tr, tr->n - 1)], vnow = tr->v[idx(tr, tr->n - 1)];
	size_t first = 0;
	while (first + 2 < tr->n && tnow - tr->t[idx(tr, first)] > window)
		first++;
	double *ft = rd->ft, *fv = rd->fv;
	size_t fm = 0;
	for (size_t k = first; k < tr->n; k++)
		ft[fm] = tr->t[idx(tr, k)], fv[fm++] = tr->v[idx(tr, k)];
	/* lone steps: a one-off allocation (a process starting with its base
	 * memory beside a steady leak) is taken from the headroom at once and
	 * says nothing of the pace, but every pair of samples spanning it
	 * carries it: the window's median rose by a third in two-growers' 8 s
	 * after the second grower's 18 MiB start. The pace is read from the
	 * window with such steps taken out: runs of at most LONE_MAX intervals
	 * each eating STEP_NOISES jitters or more (lone_steps), ended
	 * LONE_AFTER_SAMPLES samples and LONE_AFTER_S ago at least (so a load
	 * that goes on is a ramp, not a step), in a
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
		qsort(dd, nd, sizeof *dd, trend_cmp_double);
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
		qsort(steps, fm - 1, sizeof *steps, trend_cmp_double);
		typical = dmax(steps[(fm - 1) / 2], 0);
	}
	double lone = STEP_NOISES * dmax(jitter, typical);
	/* a staircase: steps after pauses, two at least that ended */
	bool stepwise = tr->gap_max >= FLAT_HOLD_S && tr->step_gapped > STEP_NOISES * noise &&
	                steps_ended(tr, STEP_NOISES * noise) >= 2;
	if (!stepwise && fm > MIN_SAMPLES) {
		lone_steps(ft, fv, fm, lone, 0, dv, out);
		/* ... or one the jitter hid, standing out of every other move:
		 * a creep's whole MiB coming in twos every other second read as
		 * 3 MiB of jitter, and a second creep's 8 MiB start beside it as
		 * no lone step under 12 (at -d 1 read at 2 MiB/s with 100 s
		 * left, 4 s of WARNING a run: bench/scenarios.sh faster-creep) */
		if (!(out->rules & TREND_R_LONE))
			lone_steps(ft, fv, fm, STEP_NOISES * dmax(noise, typical), LONE_OVER, dv, out);
	}
	size_t pos = 0, still = 0;
	double moved = NAN;
	size_t np = tr->n >= 2 ? trend_theil_sen_moved(ft, dv, fm, 0, noise, &out->rate, &out->rate_low,
						       &out->rate_high, &pos, &moved, &still) : 0;
	/* a handful of samples cannot tell a trend from jitter */
	out->significant = np && out->rate > 0 && pos * 10 >= np * 7 && fm >= MIN_SAMPLES;
	rd->tr = tr;
	rd->tnow = tnow, rd->vnow = vnow;
	rd->fm = fm;
	rd->floor_noise = noise;
	rd->jitter = jitter;
	rd->jitter_known = nd >= 4;
	rd->lone = lone;
	rd->stepwise = stepwise;
	rd->np = np, rd->still = still, rd->moved = moved;
	rd->slowed = false;
}

/* A fresh ramp: the last two steps (the last three samples). */
static void fit_ramp(const struct reading *rd, struct trend_fit *out)
{
	const struct trend *tr = rd->tr;
	if (tr->n < 3)
		return;
	double noise = rd->jitter;   /* the headroom's own jitter */
	double floor_noise = rd->floor_noise;
	double spread = rd->spread;
	const double *fv = rd->fv;
	size_t fm = rd->fm;
	bool jitter_known = rd->jitter_known;
	double lone = rd->lone;
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

/* Slowed down at once: the last second's net rate. */
static void fit_slowed_now(struct reading *rd, struct trend_fit *out)
{
	double tnow = rd->tnow, vnow = rd->vnow;
	const double *ft = rd->ft, *fv = rd->fv;
	size_t fm = rd->fm;
	double floor_noise = rd->floor_noise;
	double spread = rd->spread;
	bool stepwise = rd->stepwise;
	/* slowed down at once: the last second's net rate, when far lower
	 * (only where the window's rate would move clearly more than the
	 * noise in that second: a slow leak's second moves less) */
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
			    (out->rate - recent) * num_sqrt(tnow - ft[k]) > SPREAD_Z * spread) {
				rd->slowed = true;
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
}

/* Slowed down within the window: its later half's rate. */
static void fit_slowed_half(struct reading *rd, struct trend_fit *out)
{
	double tnow = rd->tnow;
	const double *ft = rd->ft, *fv = rd->fv;
	size_t fm = rd->fm;
	double floor_noise = rd->floor_noise;
	double spread = rd->spread;
	bool stepwise = rd->stepwise;
	/* its later half far slower than the whole
	 * (a fast start leaving the window pulls the median for seconds);
	 * again only where the half would move clearly more than the noise */
	if (out->significant && !out->ramp && !stepwise && tnow - ft[0] >= 2 * FLAT_HOLD_S &&
	    out->rate * (tnow - ft[0]) / 2 > STEP_NOISES * floor_noise) {
		size_t k = 0;
		while (k + 2 < fm && ft[k] < tnow - (tnow - ft[0]) / 2)
			k++;
		double med = 0, lo = 0, hi = 0;
		size_t lpos, lnp = trend_theil_sen(ft + k, fv + k, fm - k, 0, floor_noise, &med, &lo, &hi, &lpos);
		if (lnp && med < RECENT_FACTOR * out->rate &&
		    (out->rate - med) * num_sqrt(tnow - ft[k]) > SPREAD_Z * spread) {
			rd->slowed = true;
			out->rules |= TREND_R_SLOWED_HALF;
			out->rate = dmax(med, 0);
			out->rate_low = dmax(lo, 0);
			out->rate_high = dmax(hi, out->rate);
			out->significant = med > 0 && lpos * 10 >= lnp * 7 && fm - k >= MIN_SAMPLES;
		}
	}
}

/* Eaten again after a pause that read as the load's end (fit_paused):
 * the net rate since the pause began, where the window still holds the
 * load before it and reads far more. A 2 MiB/s load that stopped, with a
 * 0.4 MiB/s cache creeping on beside it, ended its alarm after its 2 s
 * pause; the creep's next MiB then brought back the window's 2 MiB/s,
 * the ramp before the pause, and WARNING for 1.4 s more (slowing, the
 * thirty-third round). It only lowers the rate: a load that comes back at
 * its pace reads so again within the pause's time, and one that comes
 * back steeper is a ramp. */
static void fit_resumed(struct reading *rd, struct trend_fit *out)
{
	const struct trend *tr = rd->tr;
	double tnow = rd->tnow, vnow = rd->vnow;
	if (!out->significant || out->ramp || rd->stepwise || tr->resumed_t0 < 0 || rd->fm < 1 ||
	    rd->ft[0] >= tr->resumed_t0 || tnow <= tr->resumed_t0)
		return;
	double net = (tr->resumed_v0 - vnow) / (tnow - tr->resumed_t0);
	if (!(net < RECENT_FACTOR * out->rate))
		return;
	rd->slowed = true;
	out->rules |= TREND_R_RESUMED;
	out->rate = dmax(net, 0);
	out->rate_low = dmin(out->rate_low, out->rate);
	out->rate_high = dmax(dmin(out->rate_high, RECENT_FACTOR * out->rate_high), out->rate);
	out->significant = out->rate > 0;
}

/* A steady load's rate from the pairs that moved. */
static void fit_moved(const struct reading *rd, struct trend_fit *out)
{
	size_t np = rd->np, still = rd->still;
	double moved = rd->moved;
	bool slowed = rd->slowed;
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
}

/* The long view (a sample a second over LONG_S) into rd, and its rate where
 * the load is stepwise or the window, short of significance, agrees. */
static void fit_long(struct reading *rd, struct trend_fit *out)
{
	const struct trend *tr = rd->tr;
	double tnow = rd->tnow, vnow = rd->vnow;
	double floor_noise = rd->floor_noise;
	bool stepwise = rd->stepwise;
	/* the long view: a sample a second over LONG_S, pairs at least half
	 * its span apart, each spanning steps and pauses alike */
	double *ct = rd->ct, *cv = rd->cv;
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
		size_t lpos, lnp = trend_theil_sen(ct, cv, cm, lspan / 2, floor_noise, &med, &lo, &hi, &lpos);
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
	rd->cm = cm;
	rd->lspan = lspan, rd->lrate = lrate, rd->lseen = lseen;
}

/* A creep seen before it is timed: its pace, out->seen. */
static void fit_seen(const struct reading *rd, struct trend_fit *out)
{
	const struct trend *tr = rd->tr;
	double tnow = rd->tnow, vnow = rd->vnow;
	const double *ft = rd->ft, *fv = rd->fv;
	size_t fm = rd->fm;
	double floor_noise = rd->floor_noise;
	bool stepwise = rd->stepwise;
	double lseen = rd->lseen;
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
}

/* A steady load's rate from the long view, the more exact. */
static void fit_exact(const struct reading *rd, struct trend_fit *out)
{
	double lspan = rd->lspan, lrate = rd->lrate;
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
}

/* Slowing down gradually: what it will still take (out->remaining). */
static void fit_slowing(const struct reading *rd, struct trend_fit *out)
{
	/* the jitter, as fit_ramp's noise (with under 8 samples it is the
	 * noise itself) */
	const double *ft = rd->ft, *fv = rd->fv;
	size_t fm = rd->fm;
	double noise = rd->jitter;   /* the headroom's own jitter */
	double spread = rd->spread;
	bool stepwise = rd->stepwise;
	const double *ct = rd->ct, *cv = rd->cv;
	size_t cm = rd->cm;
	/* slowing down, over the last seconds or the long view (not steps:
	 * halves of a staircase differ by a step or none) */
	if (!stepwise)
		out->remaining = remaining_of(ft, fv, fm, DECEL_S, noise, spread);
	if (isfinite(out->remaining))
		out->rules |= TREND_R_DECEL;
	else if (!stepwise && isfinite(out->remaining = remaining_decay(ct, cv, cm, noise, fv, fm)))
		out->rules |= TREND_R_DECAY;
	if (stepwise)
		out->rules |= TREND_R_STEPWISE;
}

/* Frees again and again: the low points before them, within LOWS_S. */
static void read_lows(struct reading *rd)
{
	const struct trend *tr = rd->tr;
	double tnow = rd->tnow;
	size_t recent = 0, lm = 0;
	double *lt = rd->lt, *lv = rd->lv, *lr = rd->lr;
	for (size_t k = 0; k < tr->ln; k++) {
		double t = tr->lt[lidx(tr, k)];
		recent += tnow - t <= CYCLE_S;
		if (tnow - t <= LOWS_S)
			lt[lm] = t, lv[lm] = tr->lv[lidx(tr, k)], lr[lm++] = tr->lr[lidx(tr, k)];
	}
	rd->recent = recent, rd->lm = lm;
}

/* Frees again and again: the trend of their low points (true: that is
 * the fit, nothing after it applies). */
static bool fit_cycles(const struct reading *rd, struct trend_fit *out)
{
	const struct trend *tr = rd->tr;
	double tnow = rd->tnow, vnow = rd->vnow;
	double floor_noise = rd->floor_noise;
	size_t recent = rd->recent, lm = rd->lm;
	const double *lt = rd->lt, *lv = rd->lv;
	const double *lr = rd->lr;
	/* this cycle so far: what it ate since the last free, against what
	 * cycles eat (the frees); it is an ordinary cycle while it ate no more
	 * than CYCLE_OVER x the largest free and the rest of a usual cycle (the
	 * median free) fits in what is left, with that margin too */
	bool ordinary = false;
	if (recent >= CYCLE_FREES) {
		double fr[TREND_LOWS];   /* the frees, sorted (lr stays in time order) */
		memcpy(fr, lr, lm * sizeof *lr);
		qsort(fr, lm, sizeof *fr, trend_cmp_double);
		double usual = fr[lm / 2], largest = fr[lm - 1], ate = tr->free_v - vnow;
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
			size_t cpos, cnp = trend_theil_sen(lt, lv, lm, 0, floor_noise, &med, &lo, &hi, &cpos);
			if (cnp) {
				out->rate = med, out->rate_low = lo, out->rate_high = hi;
				out->significant = med > 0 && cpos * 10 >= cnp * 7;
				/* where the low points' line stands now: the median of
				 * each low carried forward at that rate */
				double at[TREND_LOWS];
				for (size_t k = 0; k < lm; k++)
					at[k] = lv[k] - med * (tnow - lt[k]);
				qsort(at, lm, sizeof *at, trend_cmp_double);
				out->low = dmin(vnow, at[lm / 2]);
				/* the line is known to half the spread of the lows
				 * carried forward, the noise at least */
				double slack = dmax(floor_noise, (at[3 * lm / 4] - at[lm / 4]) / 2);
				if (out->significant)
					out->peak_eta = trend_peak_eta(lt, lm, tnow, out->low, med,
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
		return true;
	}
	return false;
}

/* One free so far: whether the ramp after it is the next cycle (true: no
 * ETA from it, and the slow view does not take over). */
static bool fit_next_cycle(const struct reading *rd, struct trend_fit *out)
{
	const struct trend *tr = rd->tr;
	double vnow = rd->vnow;
	size_t recent = rd->recent, lm = rd->lm;
	const double *lv = rd->lv, *lr = rd->lr;
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
	return next_cycle;
}

/* A pause longer than the gaps between the load's steps: nothing eaten. */
static void fit_paused(const struct reading *rd, struct trend_fit *out)
{
	const struct trend *tr = rd->tr;
	double tnow = rd->tnow;
	/* a pause clearly longer than those between the load's steps: the
	 * load is over (or paused), nothing is eaten */
	if (tr->flat_since >= 0 && tnow - tr->flat_since >= trend_pause_hold(tr) && !out->ramp) {
		out->rate = out->rate_low = out->rate_high = 0;
		out->significant = false;
		out->remaining = NAN;
		out->rules |= TREND_R_PAUSED;
	}
}

/* The slow view (true: it read the creep, nothing after it applies). */
static bool fit_slow_view(const struct reading *rd, bool next_cycle, struct trend_fit *out)
{
	const struct trend *tr = rd->tr;
	double tnow = rd->tnow, vnow = rd->vnow;
	double floor_noise = rd->floor_noise;
	/* where nothing else read a rate: a creep below what the window sees
	 * (not the next cycle after a free: that has its rate and no ETA on
	 * purpose); and whatever the window reads while a buffer is held, one
	 * more of those that came and went over a creep: the slow view reads
	 * the creep beside it and makes room for the deepest, where the window
	 * reads it as a load (a 12 MiB buffer held 6 s and touched over two
	 * samples: a ramp, an ETA of 1.9 s with 120 s left). Not one deeper
	 * than those: a new load may start so. */
	bool held = trend_spike_held(tr, tnow, vnow, floor_noise);
	if (held || (!out->significant && !out->ramp && !next_cycle)) {
		double lo = 0, hi = 0, r = trend_slow_rate(tr, tnow, floor_noise, &lo, &hi);
		if (isfinite(r)) {
			out->rate = r;
			out->rate_low = dmin(lo, r);
			out->rate_high = dmax(hi, r);
			out->significant = true;
			out->rules |= TREND_R_SLOW;
			if (held)
				out->ramp = false, out->remaining = NAN;
			trend_spike_room(tr, tnow, vnow, r, floor_noise, out);
			return true;
		}
	}
	return false;
}

/* A regular staircase: the ETA at the step that empties it. */
static void fit_stairs(const struct reading *rd, struct trend_fit *out)
{
	const struct trend *tr = rd->tr;
	double tnow = rd->tnow, vnow = rd->vnow;
	bool stepwise = rd->stepwise;
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

/* The rules in turn, each on what the ones before it read: a rule later
 * in the list may override an earlier one's rate. */
static void fit(const struct trend *tr, double window, double noise, struct trend_fit *out)
{
	memset(out, 0, sizeof *out);
	out->low = out->remaining = out->stairs_eta = out->peak_eta = out->seen = NAN;
	if (tr->n < 1)
		return;
	struct reading rd;
	read_window(tr, window, noise, &rd, out);
	rd.spread = out->spread = second_spread(tr, rd.tnow);
	fit_ramp(&rd, out);
	fit_slowed_now(&rd, out);
	fit_slowed_half(&rd, out);
	fit_resumed(&rd, out);
	fit_moved(&rd, out);
	fit_long(&rd, out);
	fit_seen(&rd, out);
	fit_exact(&rd, out);
	fit_slowing(&rd, out);
	read_lows(&rd);
	if (fit_cycles(&rd, out))
		return;
	bool next_cycle = fit_next_cycle(&rd, out);
	fit_paused(&rd, out);
	if (fit_slow_view(&rd, next_cycle, out))
		return;
	/* a creep another rule read beside buffers that recur, at the pace
	 * the slow view reads it (none held now): room for the deepest, as
	 * the slow view makes (at -d 1 the long view read the
	 * creep a sample in ten beside 12 MiB held a second every 10 s, its
	 * ETA to the line: 67.8 s where the slow view's said 46, WATCH for
	 * two samples 45 s before the kill; bench/scenarios.sh freed-creep) */
	double st[TREND_SPIKES], deepest;
	if (out->significant && !out->ramp && out->rate > 0 && tr->spike_t < 0 &&
	    trend_deep_spikes(tr, rd.tnow, st, &deepest)) {
		/* (the slow view's rate only then: every item's every fit) */
		double lo, hi, r = trend_slow_rate(tr, rd.tnow, noise, &lo, &hi);
		if (isfinite(r) && fabs(out->rate - r) <= AGREE_SHARE * r)
			trend_spike_room(tr, rd.tnow, rd.vnow, out->rate, noise, out);
	}
	fit_stairs(&rd, out);
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
	    trend_deep_spikes(tr, tr->t[b], st, &deepest) && d <= SPIKE_LIKE * deepest)
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
