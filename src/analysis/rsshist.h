/* rsshist.h - every process's RSS over the last few minutes, for the detail
 * view's chart, so a process opened for the first time shows its past too.
 * Compact on purpose: one value every step seconds (not every sample), in
 * KiB as a 32-bit integer; a ring of RSSHIST_SLOTS of them only for a
 * process whose RSS changed within them (the still ones keep one value);
 * nothing for kernel threads (no memory of their own). */
#ifndef OOMCAST_RSSHIST_H
#define OOMCAST_RSSHIST_H

#include <stddef.h>
#include <stdint.h>

#include "snapshot.h"

/* 60 slots of 4 s: the last four minutes, and as many points as the detail
 * view's chart has columns at most. */
#define RSSHIST_SLOTS 60
#define RSSHIST_STEP_S 4.0

struct rsshist;

/* step_s: the seconds between two kept values (0: every sample; at least the interval
 * between samples: a longer interval keeps one value a sample). */
struct rsshist *rsshist_new(double step_s);
void rsshist_free(struct rsshist *h);

/* After each sample: when step_s has passed since the last kept value,
 * keep every process's RSS. A pid whose start time changed is another
 * process and starts afresh; one absent at a step is forgotten. */
void rsshist_update(struct rsshist *h, const struct snapshot *s);

/* The RSS of p, a process of s (the snapshot last given to update), oldest
 * first: the kept values, then s's own when it is newer. rss[i] in bytes
 * (SNAP_NA unknown), age[i] the seconds from it to s's process scan. At most
 * max, the newest; returns how many. */
size_t rsshist_get(const struct rsshist *h, const struct snapshot *s, const struct snap_proc *p,
                   uint64_t *rss, double *age, size_t max);

#endif
