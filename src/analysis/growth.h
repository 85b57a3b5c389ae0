/* growth.h - per-process growth: bytes per second of RSS+swap over the last
 * few seconds, from the sequence of snapshots. Kept across ticks in a small
 * open-addressed table keyed by pid. */
#ifndef OOMCAST_GROWTH_H
#define OOMCAST_GROWTH_H

#include "snapshot.h"

struct growth;

/* window_s: how far back the fit looks (seconds). */
struct growth *growth_new(double window_s);
void growth_free(struct growth *g);

/* Record snap's processes and set each one's growth (NAN until a process has
 * been seen twice). Processes gone from snap are forgotten. */
void growth_update(struct growth *g, struct snapshot *snap);

/* Least-squares slope of (t[i], v[i]), i < n; NAN when n < 2 or all t equal.
 * Exposed for the tests and for the forecast. */
double growth_slope(const double *t, const double *v, int n);

#endif
