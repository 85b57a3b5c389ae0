/* procsignal.c - see procsignal.h. Called by the dashboard's loop, never by
 * drawing code. */
#include "source/procsignal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "snapshot.h"
#include "source/kparse.h"
#include "util/readfile.h"

static uint64_t start_of(const char *root, pid_t pid)
{
	char path[512], buf[1024];
	snprintf(path, sizeof path, "%s/proc/%d/stat", root ? root : "", (int)pid);
	ssize_t n = readfile_at(AT_FDCWD, path, buf, sizeof buf, READ_SHORT_IS_END);
	return n > 0 ? kparse_stat_start(buf, (size_t)n) : SNAP_NA;
}

int procsignal_send(const char *root, pid_t pid, uint64_t start, int sig)
{
	if (pid <= 0)
		return ESRCH;
	if (!snap_known(start))
		return EINVAL;
	int fd = -1;
#ifdef SYS_pidfd_open
	/* hold the process first: a pid reused after this is not ours */
	if (!root || !root[0])
		fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0 && errno == ESRCH)
		return ESRCH;
#endif
	int rc = 0;
	if (start_of(root, pid) != start) {
		rc = ESRCH;   /* gone, or its pid is another process's now */
	} else {
#ifdef SYS_pidfd_send_signal
		if (fd >= 0) {
			if (syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0) < 0)
				rc = errno;
		} else
#endif
		if (kill(pid, sig) < 0)
			rc = errno;
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

const char *procsignal_name(int sig, char *buf, size_t len)
{
	static const struct { int sig; const char *name; } names[] = {
		{SIGTERM, "SIGTERM"}, {SIGKILL, "SIGKILL"}, {SIGINT, "SIGINT"},
		{SIGHUP, "SIGHUP"}, {SIGQUIT, "SIGQUIT"}, {SIGSTOP, "SIGSTOP"},
		{SIGCONT, "SIGCONT"}, {SIGUSR1, "SIGUSR1"}, {SIGUSR2, "SIGUSR2"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].sig == sig)
			return names[i].name;
	snprintf(buf, len, "signal %d", sig);
	return buf;
}
