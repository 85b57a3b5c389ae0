/* procsignal.h - sending a signal to a process the dashboard showed, and
 * never to another that got its pid since: the start time read with the
 * snapshot must still be the process's. */
#ifndef OOMCAST_PROCSIGNAL_H
#define OOMCAST_PROCSIGNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Send sig to pid if ROOT/proc/PID still is the process that started at
 * start (clock ticks after boot, as in struct snap_proc). Returns 0, or an
 * errno: ESRCH gone (or its pid now another process's), EPERM not allowed,
 * EINVAL no start time known. Through a pidfd where the kernel has them, so
 * the check and the signal are about the same process. */
int procsignal_send(const char *root, pid_t pid, uint64_t start, int sig);

/* "SIGTERM", "SIGKILL", ...; "signal N" for others. */
const char *procsignal_name(int sig, char *buf, size_t len);

#endif
