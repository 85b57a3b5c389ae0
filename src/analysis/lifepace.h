/* lifepace.h - the pace of processes that were already growing when
 * watching began.
 *
 * Opened on a machine already being eaten (a leak of a MiB a second, a
 * minute from its kill), the curve alone needs 10 s (the long view) to
 * read a creep that moves a MiB at a time under the 2 MiB noise: the
 * forecast's lead fell 2 s short of a least-squares line's (bench/
 * HISTORY.md, late-watch). What oomcast knows besides the curve: each
 * process's age and size at its first sample. One that was old then, and
 * has grown since at the pace its size over its age says it grew all its
 * life, is a steady leak, and that life is the evidence a few seconds of
 * the curve cannot give. A process that loaded its memory at its start and
 * creeps now (a server, a model) grew far faster in its life than since:
 * no agreement, no say. Only in the first LIFEPACE_S of watching: after
 * that the curve's own views have seen the pace for themselves. */
#ifndef OOMCAST_LIFEPACE_H
#define OOMCAST_LIFEPACE_H

#include <stdbool.h>

#include "snapshot.h"

#define LIFEPACE_S 30.0          /* the first seconds of watching it speaks in */
#define LIFEPACE_MIN_AGE_S 30.0  /* a process this old at the first sample (a life to go by) */
#define LIFEPACE_MIN_SPAN_S 4.0  /* watched this long at least */
#define LIFEPACE_AGREE 0.25      /* the pace since, within this share of the life's */
#define LIFEPACE_MIN_MOVE (3.0 * 1048576)  /* grown this much since, at least (bytes) */

struct lifepace;

struct lifepace *lifepace_new(void);
void lifepace_free(struct lifepace *lp);

/* Each sample, in order: the first one's processes are kept. */
void lifepace_sample(struct lifepace *lp, const struct snapshot *s);

struct lifepace_read {
	double pace;      /* B/s: the summed life paces of the processes that agree */
	double since;     /* B/s: what they grew since the first sample, over the time since */
	double moved;     /* bytes they grew since the first sample */
};

/* The processes for which in(s, p, arg) that were old at the first sample
 * and have grown since as their lives say: false when none does (or the
 * first sample is more than LIFEPACE_S old, or less than
 * LIFEPACE_MIN_SPAN_S). */
bool lifepace_read(const struct lifepace *lp, const struct snapshot *s,
                   bool (*in)(const struct snapshot *s, const struct snap_proc *p, const void *arg),
                   const void *arg, struct lifepace_read *out);

#endif
