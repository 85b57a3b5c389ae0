/* procscan.c - reading every process's memory, as cheaply as Linux allows.
 *
 * Why not libproc2's procps_pids_reap(): measured with 1,000 idle processes it
 * costs 1.18x the floor of one status read per process by itself, because it
 * stat()s every /proc/PID and parses every status line; and it reports an
 * unreadable status as zeros, where oomcast must say "unknown". libproc2
 * still reads meminfo and vmstat (live.c).
 *
 * Each tick reads /proc/PID/statm of every process (the kernel makes it in a
 * third of the time of status) and reads status, for the RSS split, swap,
 * ppid, uid and name, only when statm changed, when the process is new, or
 * when its status is older than STATUS_REFRESH_MS. A process whose size,
 * resident and shared pages are all unchanged has not been swapped out or in
 * and has not grown or shrunk; most of a machine's processes sit like that.
 * /proc/PID/stat is read, for the start time and the kernel-thread flag, only
 * when a pid is new or its directory is (pid reuse).
 * Files are opened relative to a /proc kept open. */
#include "source/procscan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "source/kparse.h"
#include "util/pidmap.h"
#include "util/readfile.h"
#include "util/xalloc.h"

/* Reread an unchanged process's status this often anyway: ppid, uid and name
 * may change without its memory changing. */
#define STATUS_REFRESH_MS 5000

struct pentry {
	struct pidmap_hdr h;
	ino_t ino;                 /* of the /proc/PID directory */
	uint64_t start;            /* start time, from stat; SNAP_NA unknown */
	bool kthread;              /* PF_KTHREAD in stat's flags */
	uint64_t statm[3];
	uint32_t status_ms;        /* when status was read, ms modulo 2^32 */
	bool status_ok;
	int32_t oom_score_adj;     /* read with status: the forecast ranks victims */
	struct kstatus st;
};

struct uname {
	uid_t uid;
	char name[SNAP_USER_MAX];
};

struct procscan {
	DIR *dir;
	struct pidmap cache;       /* of struct pentry */
	size_t seen;               /* processes the last scan found; 0 none yet */
	struct uname *users;
	size_t nusers, users_cap;
};

struct procscan *procscan_open(const char *root)
{
	char path[512];
	snprintf(path, sizeof path, "%s/proc", root ? root : "");
	DIR *d = opendir(path);
	if (!d)
		return NULL;
	struct procscan *ps = xcalloc(1, sizeof *ps);
	ps->dir = d;
	pidmap_init(&ps->cache, sizeof(struct pentry));
	return ps;
}

void procscan_close(struct procscan *ps)
{
	if (!ps)
		return;
	closedir(ps->dir);
	pidmap_free(&ps->cache);
	free(ps->users);
	free(ps);
}

const char *procscan_user(struct procscan *ps, uid_t uid)
{
	for (size_t i = 0; i < ps->nusers; i++)
		if (ps->users[i].uid == uid)
			return ps->users[i].name;
	xgrow((void **)&ps->users, &ps->users_cap, ps->nusers + 1, sizeof *ps->users);
	struct uname *u = &ps->users[ps->nusers++];
	u->uid = uid;
	struct passwd pw, *res = NULL;
	char buf[1024];
	if (getpwuid_r(uid, &pw, buf, sizeof buf, &res) == 0 && res)
		snprintf(u->name, sizeof u->name, "%s", res->pw_name);
	else
		snprintf(u->name, sizeof u->name, "%u", (unsigned)uid);
	return u->name;
}

/* "PID/" + file into name, without printf: this runs for every process. */
static void proc_path(char *name, const char *pid, size_t nl, const char *file, size_t fl)
{
	memcpy(name, pid, nl);
	name[nl] = '/';
	memcpy(name + nl + 1, file, fl + 1);
}

void procscan_read(struct procscan *ps, struct snapshot *snap, double now)
{
	char name[32], buf[8192];
	int dfd = dirfd(ps->dir);
	uint32_t now_ms = (uint32_t)(uint64_t)(now * 1000);
	size_t seen = 0;
	struct dirent *e;
	/* as many as the last scan found; the first counts them (the table is
	 * then sized once, not grown from nothing) */
	size_t expect = ps->seen;
	if (!expect) {
		rewinddir(ps->dir);
		while ((e = readdir(ps->dir)))
			expect += e->d_name[0] >= '1' && e->d_name[0] <= '9';
	}
	pidmap_begin(&ps->cache, expect);
	snapshot_reserve_procs(snap, snap->nprocs + expect + expect / 8);
	rewinddir(ps->dir);
	while ((e = readdir(ps->dir))) {
		const char *n = e->d_name;
		if (n[0] < '1' || n[0] > '9')
			continue;
		size_t nl = strlen(n);
		char *end;
		long pid = strtol(n, &end, 10);
		if (*end || pid <= 0 || pid > INT32_MAX || nl > 12)
			continue;
		proc_path(name, n, nl, "statm", 5);
		ssize_t len = readfile_at(dfd, name, buf, sizeof buf, READ_SHORT_IS_END);
		if (len < 0 && (errno == ENOENT || errno == ESRCH))
			continue;   /* exited since readdir */
		struct snap_proc *p = snapshot_add_proc(snap);
		p->pid = (pid_t)pid;
		seen++;
		uint64_t statm[3];
		if (len < 0 || !kparse_statm(buf, (size_t)len, statm))
			continue;   /* there, but unreadable: all stays unknown */

		bool fresh;
		struct pentry *pe = pidmap_get(&ps->cache, (pid_t)pid, &fresh);
		/* A pid given to a new process must not keep the old one's name,
		 * details and growth. A new process has a new /proc/PID inode,
		 * which readdir gives for free; the same process can get a new
		 * one too (its dentry reclaimed), so the start time decides. */
		if (fresh || pe->ino != e->d_ino) {
			proc_path(name, n, nl, "stat", 4);
			len = readfile_at(dfd, name, buf, sizeof buf, READ_SHORT_IS_END);
			uint64_t start = len > 0 ? kparse_stat_start(buf, (size_t)len) : SNAP_NA;
			if (!fresh && (start != pe->start || !snap_known(start))) {
				struct pidmap_hdr h = pe->h;
				memset(pe, 0, sizeof *pe);
				pe->h = h;
				fresh = true;
			}
			pe->ino = e->d_ino;
			pe->start = start;
			uint64_t flags = len > 0 ? kparse_stat_flags(buf, (size_t)len) : SNAP_NA;
			pe->kthread = snap_known(flags) && (flags & KPARSE_PF_KTHREAD);
		}
		p->start = pe->start;
		p->kthread = pe->kthread;
		if (fresh || memcmp(pe->statm, statm, sizeof statm) != 0 || !pe->status_ok ||
		    now_ms - pe->status_ms > STATUS_REFRESH_MS) {
			proc_path(name, n, nl, "status", 6);
			len = readfile_at(dfd, name, buf, sizeof buf, READ_SHORT_IS_END);
			pe->status_ok = len >= 0 && kparse_status(buf, (size_t)len, &pe->st);
			proc_path(name, n, nl, "oom_score_adj", 13);
			len = readfile_at(dfd, name, buf, sizeof buf, READ_SHORT_IS_END);
			pe->oom_score_adj = len > 0 ? kparse_int(buf, (size_t)len) : SNAP_NA_INT;
			memcpy(pe->statm, statm, sizeof statm);
			/* spread the periodic rereads over the refresh interval */
			pe->status_ms = fresh ? now_ms - (uint32_t)pid * 7919u % STATUS_REFRESH_MS
					      : now_ms;
		}
		if (!pe->status_ok)
			continue;
		const struct kstatus *st = &pe->st;
		memcpy(p->comm, st->name, sizeof p->comm);
		p->ppid = st->ppid;
		p->pgid = st->pgid;
		p->uid = st->has_uid ? st->euid : SNAP_NA_UID;
		p->rss = st->rss;
		p->anon = st->anon;
		p->file = st->file;
		p->shmem = st->shmem;
		p->swap = st->swap;
		p->oom_score_adj = pe->oom_score_adj;
	}
	pidmap_end(&ps->cache, seen);
	ps->seen = seen;
}

uint64_t procscan_held(struct procscan *ps, pid_t pid)
{
	char name[32], buf[8192], n[16];
	int nl = snprintf(n, sizeof n, "%d", (int)pid);
	proc_path(name, n, (size_t)nl, "status", 6);
	ssize_t len = readfile_at(dirfd(ps->dir), name, buf, sizeof buf, READ_SHORT_IS_END);
	struct kstatus st;
	if (len >= 0 && kparse_status(buf, (size_t)len, &st))
		return st.anon + st.shmem + st.swap;   /* a zombie's: 0 */
	return len < 0 && (errno == ENOENT || errno == ESRCH) ? 0 : SNAP_NA;
}
