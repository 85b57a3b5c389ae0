/* series_sim.c - the forecast on synthetic series of a cgroup's memory, for
 * shapes the live suite (bench/scenarios.sh) has no room or time for: each
 * run feeds one series through forecast_update, as a sample every DT s,
 * and says when the first WARNING came (seconds before the kill), how long
 * it was at WARNING with more than 75 s left (false), how long its ETA
 * was more than 10 % short of the time left (with more than 10 s left),
 * how long it had no ETA after the first minute (every kind eats memory
 * all along, but in its pauses and stops), how long in the last minute it
 * was more than 25 % long (a late alarm), and for kinds that stop for
 * good, how long an ETA and WARNING lasted after the stop; then the same
 * of the live suite's baseline B1 (a line over the last 10 s, alarm where
 * it reaches 0 within a minute) on the same samples: which shapes are
 * hard for any method, and where oomcast is behind a simple one.
 * Made for trying a change of the slow view against the series that broke
 * the last one (the thirteenth round's, bench/HISTORY.md).
 *
 *   make -C build liboomcast.a
 *   cc -O2 -Isrc -Ibuild -include build/config.h -o /tmp/series_sim \
 *      bench/series_sim.c build/liboomcast.a $(pkg-config --libs libproc2) -lm
 *   /tmp/series_sim KIND RATE P1 P2 P3 PHASE DT JITTER SEED HEADROOM [EVERY]
 *
 * KIND (RATE in MiB/s, every load in whole MiB, PHASE the steps' offset):
 *   0  a steady creep in P1-MiB steps
 *   1  a creep with jitter of +-P1 MiB a sample (uniform)
 *   2  a creep working P1 s and pausing P2 s in turn
 *   3  a creep with a P1 MiB buffer held P2 s every P3 s
 *   4  a creep pausing once, P2 s from P1 s
 *   5  a creep freeing P1 MiB every P2 s (RATE net)
 *   6  a creep with a slow random walk of sd P1 MiB, time constant P2 s
 *   7  a creep speeding up by P1 MiB/s at P2 s, P3 MiB at once then
 *   8  a fast load that stalls and jitters (a loader reading from a busy
 *      disk): a P1 share of the samples eat nothing, the others RATE /
 *      (1 - P1) x U(1 - P2, 1 + P2) on average (not in whole MiB)
 *   9  a creep slowing to a stop at P1 s over P2 s, pausing P3 s, then
 *      going on at its old rate
 *  10  a creep slowing at P1 s to P2 x its rate at once (never still)
 *  11  the same, stopping for good at P3 s
 *  12  a creep working P1 s and pausing P2 s in turn, stopping for good
 *      at P3 s
 *  13  a creep working P1 s and pausing P2 s in turn, at a quarter of its
 *      pace from P3 s
 *  14  a creep pausing P2 s at P1 s, then going on at P3 x its rate
 *  15  a creep pausing 15 s at P3 s, then slowing to P2 x its rate at
 *      P1 s (P1 after P3 + 15; kinds 14 and 15: the review of 69a5c13)
 *  16  kind 2 with +-P3 MiB of noise at each sample (uniform)
 *  17  kind 2 with a P3 MiB buffer held 2 s, 15 s into every other pause
 *      (kinds 16 and 17: the reviews of the twenty-first round: a pause
 *      whose stillness breaks is not recorded)
 * SIM_T0 in the environment: the monotonic clock at the first sample (0).
 * DT: the sampling period (s); JITTER: its share of DT, at random;
 * HEADROOM: MiB left at the start, of a 384 MiB limit (HEADROOM + 64 MiB
 * where that is more); EVERY: print every
 * EVERY-th sample's level and ETA too; -1: each sample where the level
 * changed, with the trend's rules that had a say (trend.h TREND_R_*, read
 * by a trend of the same samples beside the forecast's; hex). */
#include "analysis/forecast.h"
#include "analysis/trend.h"
#include "snapshot.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MIB (1024.0 * 1024)
/* the cgroup's limit: 384 MiB, or HEADROOM + 64 MiB where that is more */
static double limit = 384 * MIB;
/* the monotonic clock at the series' start (SIM_T0; 0 by default, as the
 * sweeps in bench/HISTORY.md ran). Live it is the machine's uptime. From
 * 5000 s, 722 of the 2584 series read a little differently: on a grid of
 * exactly 0.2 s the slow view's 4 s means close a sample apart as the sums
 * round (30.4 - 26.4 is 4.0 from 0, just under from 5000); the spread any
 * change of the method meets by chance (bench/HISTORY.md, the
 * twenty-fifth round) */
static double t0 = 0;
#define MAX_SAMPLES 100000
#define MAX_T 3000.0

struct series {
	int kind;
	double rate, p1, p2, p3, phase, dt, jitter, start;
	unsigned seed;
};

static double urand(void)
{
	return rand() / (RAND_MAX + 1.0);
}

/* bytes in use at t, the k-th sample (noise[k]: its jitter, in MiB) */
static double used_at(const struct series *s, double t, const double *noise, int k)
{
	double r = s->rate / MIB, u;   /* MiB/s */
	switch (s->kind) {
	case 0:
		u = floor(r * t / s->p1 + s->phase) * s->p1;
		break;
	case 2: {
		double per = s->p1 + s->p2, c = floor(t / per), x = t - c * per;
		u = floor(r * (c * s->p1 + fmin(x, s->p1)) + s->phase);
		break;
	}
	case 3:
		u = floor(r * t + s->phase) + (fmod(t + 1000 - 7.3, s->p3) < s->p2 ? s->p1 : 0);
		break;
	case 4: {
		double e = t < s->p1 ? t : t < s->p1 + s->p2 ? s->p1 : t - s->p2;
		u = floor(r * e + s->phase);
		break;
	}
	case 5:
		u = floor((r + s->p1 / s->p2) * t + s->phase) - floor(t / s->p2) * s->p1;
		break;
	case 7:
		u = floor(r * t + s->phase);
		if (t >= s->p2)
			u += s->p3 + floor(s->p1 * (t - s->p2) + 0.37);
		break;
	case 9: {
		double x = fmin(fmax(t - s->p1, 0), s->p2), e = fmin(t, s->p1) + x - x * x / (2 * s->p2);
		if (t > s->p1 + s->p2 + s->p3)
			e += t - (s->p1 + s->p2 + s->p3);
		u = floor(r * e + s->phase);
		break;
	}
	case 10:
	case 11: {
		double e = s->kind == 11 ? fmin(t, s->p3) : t;
		u = floor(r * (fmin(e, s->p1) + s->p2 * fmax(e - s->p1, 0)) + s->phase);
		break;
	}
	case 12:
	case 13: {
		double per = s->p1 + s->p2;
		double e = s->kind == 12 ? fmin(t, s->p3) : t, c = floor(e / per);
		double w = c * s->p1 + fmin(e - c * per, s->p1);   /* worked so far */
		if (s->kind == 13 && t > s->p3) {
			double c3 = floor(s->p3 / per);
			double w3 = c3 * s->p1 + fmin(s->p3 - c3 * per, s->p1);
			w = w3 + 0.25 * (w - w3);
		}
		u = floor(r * w + s->phase);
		break;
	}
	case 14: {   /* pauses P2 s at P1, then at P3 x its rate */
		double e = t < s->p1 ? t : t < s->p1 + s->p2 ? s->p1 : s->p1 + s->p3 * (t - s->p1 - s->p2);
		u = floor(r * e + s->phase);
		break;
	}
	case 15: {   /* pauses 15 s at P3, slows at P1 to P2 x (P1 after P3) */
		double e = t < s->p3 ? t : t < s->p3 + 15 ? s->p3 : t - 15;
		u = floor(r * (fmin(e, s->p1) + s->p2 * fmax(e - s->p1, 0)) + s->phase);
		break;
	}
	case 16: {   /* kind 2 and +-P3 MiB of noise at each sample */
		double per = s->p1 + s->p2, c = floor(t / per), x = t - c * per;
		u = floor(r * (c * s->p1 + fmin(x, s->p1)) + s->phase) + noise[k];
		break;
	}
	case 17: {   /* kind 2 and a P3 MiB buffer held 2 s, 15 s into every other pause */
		double per = s->p1 + s->p2, c = floor(t / per), x = t - c * per;
		u = floor(r * (c * s->p1 + fmin(x, s->p1)) + s->phase);
		if (fmod(c, 2) == 0 && x >= s->p1 + 15 && x < s->p1 + 17)
			u += s->p3;
		break;
	}
	case 8:
		u = noise[k];   /* what it ate so far, drawn sample by sample */
		break;
	default:   /* 1, 6: a creep and the sample's jitter */
		u = floor(r * t + s->phase) + noise[k];
		break;
	}
	return s->start + u * MIB;
}

static const struct fc_item *sample(struct forecast *fc, struct snapshot *snap, double t, double used)
{
	snapshot_reset(snap);
	snap->t = 1e9 + t;
	snap->mono = t0 + t;
	snap->mem.total = (uint64_t)(16 * 1024 * MIB);
	snap->mem.available = (uint64_t)(12 * 1024 * MIB);
	bool added;
	int c = snapshot_cgroup_index(snap, "/series", CG_V1, &added);
	struct snap_cgroup *g = &snap->cgroups[c];
	g->effective_limit = (uint64_t)limit;
	g->usage = g->anon = (uint64_t)used;
	g->shmem = g->file = 0;
	forecast_update(fc, snap);
	size_t n;
	const struct fc_item *it = forecast_items(fc, &n);
	return n >= 2 ? &it[1] : NULL;
}

/* B1 of the live suite (bench/forecast_eval.awk): a least-squares line
 * over the last 10 s of headroom (5 samples at least), its ETA where the
 * line reaches 0; NaN where it does not fall */
static double b1_eta(const double *t, const double *head, int k)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0;
	int j, m = 0;
	for (j = k; j >= 0 && t[j] > t[k] - 10; j--)
		sx += t[j] - t[k], sy += head[j], m++;
	if (m < 5)
		return NAN;
	double mx = sx / m, my = sy / m;
	for (j = k; j > k - m; j--)
		sxx += (t[j] - t[k] - mx) * (t[j] - t[k] - mx),
		sxy += (t[j] - t[k] - mx) * (head[j] - my);
	double b = sxx > 0 ? sxy / sxx : 0, a = my - b * mx;
	return b < 0 ? fmax(a, 0) / -b : NAN;
}

/* what a method (oomcast's WARNING, or B1) did over a series: the first
 * alarm's time left and time (-1: none), seconds of alarm 75 s or more
 * ahead (of any alarm without a kill), of an ETA 10 % short, of one 25 %
 * long in the last minute (an alarm late), falls of the alarm in the
 * last minute */
struct judged {
	double first, first_t, false_s, short_s, long_s;
	int broke;
	bool was;
};

static void judge(struct judged *j, bool alarm, double eta, double t, double left, double dt)
{
	if (alarm && j->first < 0)
		j->first = left, j->first_t = t;
	if (j->was && !alarm && left < 60)
		j->broke++;
	j->was = alarm;
	if (alarm && left > 75)
		j->false_s += dt;
	if (left > 10 && isfinite(eta) && eta / left < 0.9)
		j->short_s += dt;
	if (left > 10 && left <= 60 && isfinite(eta) && eta / left > 1.25)
		j->long_s += dt;
}

int main(int argc, char **argv)
{
	if (argc < 11) {
		fprintf(stderr, "usage: series_sim KIND RATE P1 P2 P3 PHASE DT JITTER SEED HEADROOM [EVERY]\n");
		return 2;
	}
	limit = fmax(limit, (atof(argv[10]) + 64) * MIB);
	struct series s = {atoi(argv[1]), atof(argv[2]) * MIB, atof(argv[3]), atof(argv[4]),
	                   atof(argv[5]), atof(argv[6]), atof(argv[7]), atof(argv[8]),
	                   limit - atof(argv[10]) * MIB, (unsigned)atoi(argv[9])};
	int every = argc > 11 ? atoi(argv[11]) : 0;
	if (getenv("SIM_T0"))
		t0 = atof(getenv("SIM_T0"));
	if (!(s.dt > 0) || s.kind < 0 || s.kind > 17) {
		fprintf(stderr, "series_sim: a bad KIND or DT\n");
		return 2;
	}
	static double times[MAX_SAMPLES], noise[MAX_SAMPLES], head[MAX_SAMPLES];
	srand(s.seed);
	int n = 0;
	double walk = 0, ate = 0;
	for (double t = 0; n < MAX_SAMPLES && t < MAX_T; n++) {
		times[n] = t;
		if (s.kind == 8) {
			double d = n > 0 ? t - times[n - 1] : 0, stall = urand(), x = urand();
			if (stall >= s.p1)
				ate += s.rate / MIB * d / (1 - s.p1) * (1 - s.p2 + 2 * s.p2 * x);
			noise[n] = ate;
		} else if (s.kind == 6) {
			double a = exp(-s.dt / s.p2);
			walk = a * walk + sqrt(1 - a * a) * s.p1 * (urand() * 2 - 1) * sqrt(3.0);
			noise[n] = walk;
		} else {
			noise[n] = s.kind == 1 ? (urand() * 2 - 1) * s.p1
			         : s.kind == 16 ? (urand() * 2 - 1) * s.p3 : 0;
		}
		t += s.dt * (1 + s.jitter * (urand() * 2 - 1));
	}
	double kill = INFINITY;
	for (int k = 0; k < n && !isfinite(kill); k++)
		if (used_at(&s, times[k], noise, k) >= limit)
			kill = times[k];

	static const struct forecast_cfg cfg = {FC_WARN_DEFAULT, FC_CRIT_DEFAULT};
	struct snapshot snap;
	snapshot_init(&snap);
	struct forecast *fc = forecast_new(&cfg);
	double worst = INFINITY, worst_t = -1, no_eta = 0;
	/* kinds that stop for good: how long an ETA, and WARNING, lasted after */
	double stop_t = s.kind == 11 || s.kind == 12 ? s.p3 : INFINITY, eta_after = 0, warn_after = 0;
	enum fc_level prev = FC_OK;
	struct judged oc = {-1, -1, 0, 0, 0, 0, false};
	struct trend tr;
	trend_init(&tr);
	struct judged b1 = {-1, -1, 0, 0, 0, 0, false};
	for (int k = 0; k < n && times[k] < kill; k++) {
		double t = times[k], dt = k + 1 < n ? times[k + 1] - t : s.dt, left = kill - t;
		double used = used_at(&s, t, noise, k);
		head[k] = limit - used;
		double e1 = b1_eta(times, head, k);
		judge(&b1, isfinite(e1) && e1 < FC_WARN_DEFAULT, e1, t, left, dt);
		const struct fc_item *it = sample(fc, &snap, t, used);
		if (!it)
			continue;
		if (every < 0) {
			trend_add(&tr, t0 + t, limit - used, trend_noise(limit), trend_reset(limit));
			struct trend_fit f;
			trend_fit(&tr, 8.0, trend_noise(limit), &f);
			if (it->level != prev)
				printf("t %.1f left %.1f %s -> %s ETA %.1f rate %.3f MiB/s | trend %.3f "
				       "rules %#x remaining %.1f MiB\n", t, left, fc_level_name(prev),
				       fc_level_name(it->level), it->eta, it->rate / MIB, f.rate / MIB,
				       f.rules, f.remaining / MIB);
		}
		judge(&oc, it->level >= FC_WARNING, it->eta, t, left, dt);
		prev = it->level;
		if (t >= 60 && !isfinite(it->eta) && t < stop_t)
			no_eta += dt;
		if (t >= stop_t && isfinite(it->eta))
			eta_after += dt;
		if (t >= stop_t && it->level >= FC_WARNING)
			warn_after += dt;
		if (left > 10 && isfinite(it->eta) && it->eta / left < worst)
			worst = it->eta / left, worst_t = t;
		if (every > 0 && k % every == 0)
			printf("t %.1f left %.1f %s ETA %.1f rate %.3f MiB/s\n", t, left,
			       fc_level_name(it->level), it->eta, it->rate / MIB);
	}
	if (isfinite(kill))
		printf("kill %.1f s: first WARNING %.1f s before, %.1f s of it false (75 s ahead or more); ",
		       kill, oc.first, oc.false_s);
	else   /* (a load that stops: no kill, every WARNING false) */
		printf("no kill in %.0f s: first WARNING at %.1f s, %.1f s of it in all; ", times[n - 1],
		       oc.first_t, oc.false_s);
	printf("ETA 10 %% short %.1f s, at worst %.2f x at %.0f s; the alarm broke off %d times "
	       "in the last minute; no ETA %.1f s after the first minute",
	       oc.short_s, worst, worst_t, oc.broke, no_eta);
	printf("; ETA 25 %% long %.1f s in the last minute", oc.long_s);
	if (isfinite(kill))
		printf("; B1: first alarm %.1f s before, %.1f s false", b1.first, b1.false_s);
	else
		printf("; B1: first alarm at %.1f s, %.1f s in all", b1.first_t, b1.false_s);
	printf(", short %.1f s, long %.1f s, fell %d times", b1.short_s, b1.long_s, b1.broke);
	if (isfinite(stop_t))
		printf("; after its stop an ETA %.1f s, WARNING %.1f s", eta_after, warn_after);
	printf("\n");
	forecast_free(fc);
	snapshot_free(&snap);
	return 0;
}
