/* runpace.h - each process's run of steady growth: since when its
 * anonymous memory (and swap) has grown without falling back or standing
 * still, by how much, and in how even steps.
 *
 * A creep of a MiB a second moves the headroom under its 2 MiB noise at
 * every sample: the curve needs 10 s and more to time it (the long view),
 * and where a load's step came just before it, the curve started again at
 * the step (bench/scenarios.sh load-creep: its ETA 12 s into the creep, 52
 * s before the kill, where a least-squares line that straddled the step
 * warned 60 s ahead). What oomcast knows besides the curve: the process
 * that eats it, and its own counters, which no other process's jitter
 * moves. One that has grown in even steps, never back and never still for
 * long, for seconds, is eating at that pace now. */
#ifndef OOMCAST_RUNPACE_H
#define OOMCAST_RUNPACE_H

#include <stdbool.h>

#include "snapshot.h"

#define RUNPACE_STALL_S 3.0        /* still this long: the run is over (the next begins at its next rise) */
#define RUNPACE_FALL (256.0 * 1024) /* fallen back this much (bytes): the run is over */
#define RUNPACE_MIN_S 3.0          /* a run read from rises this far apart at least (its first and last) */
#define RUNPACE_MIN_RISES 3        /* ... in this many rises at least */
#define RUNPACE_EVEN 3.0           /* no rise more than this many times its mean rise */

struct runpace;

struct runpace *runpace_new(void);
void runpace_free(struct runpace *rp);

/* Each sample, in order. */
void runpace_sample(struct runpace *rp, const struct snapshot *s);

struct runpace_read {
	double pace;      /* B/s: the summed paces of the runs */
	double moved;     /* bytes: what the runs grew */
	double since;     /* when the earliest of them began (the snapshot's clock) */
};

/* The runs of the processes for which in(s, p, arg), of the last sample
 * given to runpace_sample (s): those whose rises span RUNPACE_MIN_S at
 * least (a 12 MiB buffer touched over three samples after 3 s still is
 * no run: read from its still start, 20 MiB/s), in
 * RUNPACE_MIN_RISES even rises (a load's fast start and the creep after
 * it make no run: its 52 MiB rise among creeping MiB read 18 MiB/s); false
 * where none. */
bool runpace_read(const struct runpace *rp, const struct snapshot *s,
                  bool (*in)(const struct snapshot *s, const struct snap_proc *p, const void *arg),
                  const void *arg, struct runpace_read *out);

#endif
