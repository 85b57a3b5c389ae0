/* selfguard.h - keep oomcast alive and on time in the storm it forecasts,
 * and say how well that worked. */
#ifndef OOMCAST_SELFGUARD_H
#define OOMCAST_SELFGUARD_H

#include <stdbool.h>
#include <stddef.h>

struct selfguard {
	bool applied;
	bool locked;        /* mlockall(MCL_ONFAULT) in force */
	bool lowered;       /* oom_score_adj set to SELFGUARD_ADJ */
	int adj;            /* the oom_score_adj in force; INT_MIN unknown */
	int lock_err, adj_err;   /* errno of a refused step; 0 none or not tried */
};

#define SELFGUARD_ADJ (-500)

/* Make oomcast an unlikely OOM victim (oom_score_adj -500) and, only where
 * that worked, lock its memory (pages as they are touched) so reclaim and
 * swap cannot stall a sample. Where the score cannot be lowered (root
 * without CAP_SYS_RESOURCE, as in Docker's default), nothing is locked:
 * most of oomcast's few MiB are its libraries' file pages, which a cgroup at
 * its limit then reclaims first, so oomcast's badness drops below that of
 * any worker holding anonymous memory. Each refusal is recorded, never an
 * error. */
void selfguard_apply(struct selfguard *g);

#endif
