/* pace.c - loading, growing or idle; see pace.h.
 *
 * Not a fixed rate: a model read from a slow disk arrives at 20-45 MiB/s
 * and is still a load, and a fast leak is still a leak. What tells them
 * apart is how the rate compares with what the process already holds: a
 * load is most of what it has, arrived lately; a trend adds a little to
 * much that was there before. */
#include "analysis/pace.h"

#include "snapshot.h"

enum pace pace_judge(const struct pace_in *in)
{
	if (!(in->rate >= PACE_IDLE_RATE))   /* NaN, shrinking, still */
		return PACE_IDLE;
	/* a known load: its own figures say whether it is still coming in */
	if (in->load_known)
		return in->load_left > 0 ? PACE_LOADING : PACE_GROWING;
	if (snap_known(in->held))
		return in->rate * PACE_RECENT_S >= (double)in->held ? PACE_LOADING : PACE_GROWING;
	if (snap_known(in->room))
		return in->rate * PACE_FILL_S >= (double)in->room ? PACE_LOADING : PACE_GROWING;
	return PACE_GROWING;
}

const char *pace_name(enum pace p)
{
	return p == PACE_LOADING ? "loading" : p == PACE_GROWING ? "growing" : "idle";
}
