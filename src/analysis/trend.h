/* trend.h - how fast a headroom is being eaten, robustly: the estimator
 * behind every forecast. Pure arithmetic on a short history of samples. */
#ifndef OOMCAST_TREND_H
#define OOMCAST_TREND_H

#include <stdbool.h>
#include <stddef.h>

#define TREND_MAX 48

/* The samples of one resource: time (s) and headroom (bytes), oldest first
 * in a ring. */
struct trend {
	double t[TREND_MAX], v[TREND_MAX];
	size_t head, n;
	double flat_since;          /* since when the headroom stayed within the noise of flat_v; <0 none yet */
	double flat_v;
};

struct trend_fit {
	double rate;                /* bytes/s consumed (headroom shrinking > 0) */
	double rate_low, rate_high; /* the quartiles of the pairwise rates */
	bool significant;           /* the consumption is real, not noise */
	bool ramp;                  /* the last samples all consume: a fresh ramp */
};

void trend_init(struct trend *tr);
/* Add a sample; a change of at most noise bytes from the last one counts as
 * no change (for the pause rule, see trend.c). A headroom that grows by more
 * than reset bytes at once (a kill, a big free) starts a new history: what
 * ate memory before it says nothing about what comes after. */
void trend_add(struct trend *tr, double t, double v, double noise, double reset);

/* Fit the samples of the last window seconds. noise: a change in headroom
 * smaller than this (bytes) between two samples counts as no change. */
void trend_fit(const struct trend *tr, double window, double noise, struct trend_fit *out);

#endif
