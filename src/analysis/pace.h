/* pace.h - is a process loading (a burst that ends: a model read in) or
 * growing (a trend: a KV cache, a leak), or neither? Judged from what
 * oomcast knows of its load first (loads.h), else from its rate against
 * what it holds (its own history: what arrived at this pace lately) and,
 * when that is unknown, the room left. Pure. */
#ifndef OOMCAST_PACE_H
#define OOMCAST_PACE_H

#include <stdbool.h>
#include <stdint.h>

enum pace { PACE_IDLE, PACE_GROWING, PACE_LOADING };

/* Below this a process is idle: page-fault noise, a log buffer. */
#define PACE_IDLE_RATE (64.0 * 1024)
/* Loading: at its rate, what it holds would have arrived within this
 * many seconds (most of it is new: a burst); a leak or a growing KV cache
 * has held its memory much longer than that. */
#define PACE_RECENT_S 300.0
/* Without its size: loading when the rate would fill the room this soon. */
#define PACE_FILL_S 120.0

struct pace_in {
	double rate;          /* bytes/s it grows now; NaN unknown */
	uint64_t held;        /* what it holds (rss + swap); SNAP_NA unknown */
	uint64_t room;        /* what is left where it grows; SNAP_NA unknown */
	bool load_known;      /* oomcast knows its model load (loads.h) */
	uint64_t load_left;   /* bytes of that load not in memory yet */
};

enum pace pace_judge(const struct pace_in *in);
const char *pace_name(enum pace p);   /* "idle", "growing", "loading" */

#endif
