/* selfguard.c - see selfguard.h.
 *
 * mlockall(MCL_ONFAULT) locks only what oomcast touches (a few MiB), not the
 * whole of every mapped library; it is attempted where the memlock limit is
 * unlimited or we hold CAP_IPC_LOCK (root), since with a small limit later
 * allocations could fail instead. oom_score_adj -500 (lowering it needs
 * CAP_SYS_RESOURCE) keeps the monitor from being the OOM killer's pick while
 * still killable: a leaking oomcast must not be immortal. */
#include "selfguard.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4
#endif

static int read_adj(void)
{
	char buf[32];
	int fd = open("/proc/self/oom_score_adj", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return INT_MIN;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return INT_MIN;
	buf[n] = '\0';
	char *end;
	long v = strtol(buf, &end, 10);
	return end != buf && v >= -1000 && v <= 1000 ? (int)v : INT_MIN;
}

void selfguard_apply(struct selfguard *g)
{
	memset(g, 0, sizeof *g);
	g->applied = true;
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		g->adj_err = errno;
	} else {
		char v[16];
		int n = snprintf(v, sizeof v, "%d", SELFGUARD_ADJ);
		if (write(fd, v, (size_t)n) == n)
			g->lowered = true;
		else
			g->adj_err = errno;   /* EACCES: no CAP_SYS_RESOURCE */
		close(fd);
	}
	g->adj = read_adj();
	if (g->adj != INT_MIN && g->adj <= SELFGUARD_ADJ)
		g->lowered = true;   /* inherited at least as low */
	if (!g->lowered)
		return;   /* stay reclaimable, and so small: see selfguard.h */
	struct rlimit rl;
	if (geteuid() == 0 || (getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur == RLIM_INFINITY)) {
		if (mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) == 0)
			g->locked = true;
		else
			g->lock_err = errno;
	}
}
