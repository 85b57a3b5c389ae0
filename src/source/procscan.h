/* procscan.h - the per-tick scan of every process: one read of
 * ROOT/proc/PID/status each, through a /proc directory kept open. */
#ifndef OOMCAST_PROCSCAN_H
#define OOMCAST_PROCSCAN_H

#include "snapshot.h"

struct procscan;

/* NULL when ROOT/proc cannot be opened. */
struct procscan *procscan_open(const char *root);
void procscan_close(struct procscan *ps);

/* Add every process to snap. A process that vanished between the directory
 * listing and the read is skipped; one whose status cannot be read (hidepid,
 * another user's in a locked-down container) is kept with unknown sizes.
 * now: monotonic seconds, when the scan begins (an unchanged process's
 * status older than 5 s is read again: its name, ppid and uid may change
 * without its memory); the scan runs before the snapshot's own time is
 * taken, so it is given, not read from snap. */
void procscan_read(struct procscan *ps, struct snapshot *snap, double now);

/* What pid holds now (anonymous, shared and swapped bytes), its status read
 * again through the scan's /proc: 0 where it is gone, or a zombie; SNAP_NA
 * where its status cannot be read. */
uint64_t procscan_held(struct procscan *ps, pid_t pid);

/* The user name of uid, cached; the number as text when it has no name. */
const char *procscan_user(struct procscan *ps, uid_t uid);

#endif
