/* cgroup.h - memory cgroups, v1 and v2: where the hierarchy is mounted, which
 * cgroup a process is in, and that cgroup's limit, usage and OOM kills. All
 * paths are read under a root prefix ("" live) so fixtures can stand in. */
#ifndef OOMCAST_CGROUP_H
#define OOMCAST_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>

#include "snapshot.h"

struct cgroup_probe {
	enum cg_version version;    /* CG_NONE: no memory controller visible */
	char root[256];             /* filesystem root prefix, "" when live */
	char mnt[256];              /* mount point of the memory hierarchy */
	char mnt_root[256];         /* the hierarchy path that is mounted there */
};

/* Find the memory controller: v1 memory hierarchy first (a hybrid system
 * such as this one accounts memory there), else cgroup2 when it has the
 * memory controller. */
void cgroup_probe(struct cgroup_probe *cg, const char *root);

/* The memory cgroup path of pid ("self" when pid is 0), read from
 * ROOT/proc/PID/cgroup. Returns false when unknown, and for a process that
 * is exiting on v1: the kernel then names the root for every v1 hierarchy
 * (proc_cgroup_show), though its memory, still being freed, stays charged
 * to its cgroup. */
bool cgroup_of_pid(const struct cgroup_probe *cg, pid_t pid, char *out, size_t outsz);

/* Fill limit, usage, swap limit, anon/file and the OOM-kill count of c (its
 * path and version are set). Unreadable files leave SNAP_NA. */
void cgroup_read(const struct cgroup_probe *cg, struct snap_cgroup *c);

/* Call fn with each process of the cgroup at cgpath (its own, not its
 * children's), read into *buf (grown). False when the list cannot be read
 * whole. */
bool cgroup_procs(const struct cgroup_probe *cg, const char *cgpath, char **buf, size_t *cap,
                  void (*fn)(void *ctx, pid_t pid), void *ctx);

/* Call fn with the path of every cgroup that has a memory limit of its own
 * or under an ancestor (v1 counts OOM kills in the victim's cgroup alone),
 * visiting at most max_dirs directories, CGROUP_WALK_DEPTH deep. */
#define CGROUP_WALK_DEPTH 12
void cgroup_walk_limited(const struct cgroup_probe *cg, size_t max_dirs,
                         void (*fn)(void *ctx, const char *path), void *ctx);

#endif
