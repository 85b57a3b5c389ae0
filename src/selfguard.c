/* selfguard.c - see selfguard.h.
 *
 * mlockall(MCL_ONFAULT) locks only what oomcast touches (a few MiB), not the
 * whole of every mapped library; it is attempted where the memlock limit is
 * unlimited or we hold CAP_IPC_LOCK (root), since with a small limit later
 * allocations could fail instead. oom_score_adj -500 (lowering it needs
 * CAP_SYS_RESOURCE) keeps the monitor from being the OOM killer's pick while
 * still killable: a leaking oomcast must not be immortal. */
#include "selfguard.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4
#endif

#define SELF_OOM_ADJ "-500"

void selfguard_apply(void)
{
	struct rlimit rl;
	if (geteuid() == 0 || (getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur == RLIM_INFINITY))
		(void)mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT);
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		/* refused without privileges: then it stays as inherited */
		ssize_t r = write(fd, SELF_OOM_ADJ, strlen(SELF_OOM_ADJ));
		(void)r;
		close(fd);
	}
}
