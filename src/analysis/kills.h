/* kills.h - OOM kills, each once and in its true scope.
 *
 * Three kinds of evidence arrive, each on its own schedule: the kernel's
 * report (exact: victim, size, constraint, the cgroup whose limit was hit),
 * a memory cgroup's OOM-kill counter (v1 memory.oom_control, v2
 * memory.events; hierarchical: a parent counts its children's kills), and
 * the machine's counter (/proc/vmstat oom_kill, every kill). They are
 * reconciled into one kill each: evidence waits a short grace for its
 * partners, then the best of what is known becomes an event. A scope that
 * cannot be known is left unknown (""), never guessed as "system". */
#ifndef OOMCAST_KILLS_H
#define OOMCAST_KILLS_H

#include "analysis/events.h"
#include "snapshot.h"

struct kills;

struct kills *kills_new(void);
void kills_free(struct kills *k);

/* Take in one sample (cgroup counters and kernel reports filled, and the
 * processes' cgroups where known); append the kills found to log. */
void kills_update(struct kills *k, const struct snapshot *s, struct evlog *log);

#endif
