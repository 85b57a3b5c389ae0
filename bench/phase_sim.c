/* phase_sim.c - how exactly can a steady leak's 60 s mark be hit? A leak
 * that moves in whole MiB (a MiB malloc'd and touched at once, as
 * tests/helpers/shapes does), sampled every 0.2 s: the headroom is a fine
 * staircase, and where its steps fall against the samples (and the limit)
 * is chance. This feeds such leaks, each with random phases, through the
 * forecast's rate estimator (src/analysis/trend*.c, with the forecast's
 * noise floor) and counts the runs whose first ETA under 60 s came before
 * the 60 s mark (a sample early: false alarm in bench/scenarios.sh's terms)
 * or after it (a sample late: less lead). A sample is 0.33 % of 60 s; the
 * rate read from whole-MiB steps is known to about that.
 *
 *   cc -O2 -fno-math-errno -Isrc -o /tmp/phase_sim bench/phase_sim.c src/analysis/trend*.c src/util/num.c -lm
 *   /tmp/phase_sim [RUNS]
 *
 * Not the forecast's levels (their hysteresis only delays a fall), not its
 * processes' ages; the headroom alone. */
#include "analysis/trend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define MIB 1048576.0
#define DT 0.2
#define LIMIT (384 * MIB)
#define MAX_SAMPLES 8000

static double urand(void)
{
	return rand() / (RAND_MAX + 1.0);
}

/* One run: leaks of r1 MiB/s from t = 0 and r2 from t = 5 s (with 16 MiB
 * at once at its start), in whole MiB; -1 false (a sample early or more),
 * 1 late, 0 on the mark */
static int run(double r1, double r2)
{
	static double ts[MAX_SAMPLES], eta[MAX_SAMPLES];
	double ph1 = urand(), ph2 = urand(), t0 = urand() * DT, off = urand();
	double noise = trend_noise(LIMIT);
	struct trend tr;
	trend_init(&tr);
	int n = 0;
	double kill = -1;
	for (int i = 0; i < MAX_SAMPLES; i++) {
		double t = t0 + DT * i + (urand() - 0.5) * 0.004;
		double c1 = floor(r1 * t + ph1);
		double c2 = r2 > 0 && t > 5 ? floor(r2 * (t - 5) + ph2) + 16 : 0;
		double used = (16 + off + c1 + c2) * MIB;
		if (used > LIMIT) {   /* the chunk that did not fit came before this sample */
			kill = t;
			break;
		}
		double h = LIMIT - used;
		trend_add(&tr, 100 + t, h, noise, trend_reset(LIMIT));
		struct trend_fit f;
		trend_fit(&tr, 8.0, noise, &f);
		ts[n] = t;
		eta[n++] = f.significant && f.rate > 0 ? h / f.rate : INFINITY;
	}
	if (kill < 0 || n == 0)
		return 1;
	double tp = ts[n - 1];   /* the last sample before the kill */
	for (int i = 0; i < n; i++)
		if (eta[i] < 60)
			return ts[i] < tp - 60 ? -1 : kill - ts[i] < 60 - DT + 0.01 ? 1 : 0;
	return 1;
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 200;
	static const double rates[][2] = {{0.5, 0}, {2, 0}, {4, 0}, {2.5, 2}, {1.5, 1.5}};
	srand(7);
	printf("%-14s %6s %12s %12s %12s\n", "leak MiB/s", "runs", "a sample+", "on the mark",
	       "late");
	for (size_t k = 0; k < sizeof rates / sizeof *rates; k++) {
		int early = 0, late = 0;
		for (int i = 0; i < runs; i++) {
			int r = run(rates[k][0], rates[k][1]);
			early += r < 0;
			late += r > 0;
		}
		char name[32];
		snprintf(name, sizeof name, rates[k][1] > 0 ? "%.1f + %.1f" : "%.1f", rates[k][0],
			 rates[k][1]);
		printf("%-14s %6d %11.0f%% %11.0f%% %11.0f%%\n", name, runs, 100.0 * early / runs,
		       100.0 * (runs - early - late) / runs, 100.0 * late / runs);
	}
	return 0;
}
