/* procscan.c - reading every process's memory, as cheaply as Linux allows.
 *
 * Why not libproc2's procps_pids_reap(): measured with 1,000 idle processes it
 * costs 1.18x the floor of one status read per process by itself, because it
 * stat()s every /proc/PID and parses every status line; and it reports an
 * unreadable status as zeros, where oomcast must say "unknown". Here each
 * process costs one openat() relative to an open /proc, one read() and one
 * close(), and only the lines we use are parsed. libproc2 still reads
 * meminfo and vmstat (live.c). */
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
#include "util/xalloc.h"

struct uname {
	uid_t uid;
	char name[SNAP_USER_MAX];
};

struct procscan {
	DIR *dir;
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
	return ps;
}

void procscan_close(struct procscan *ps)
{
	if (!ps)
		return;
	closedir(ps->dir);
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

/* Read a whole /proc file relative to dirfd into buf (NUL-terminated).
 * Returns its length, or -1 with errno set. */
static ssize_t read_at(int dirfd, const char *name, char *buf, size_t cap)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	size_t len = 0;
	/* status fits one read; a huge Groups line may need more */
	while (len < cap - 1) {
		size_t want = cap - 1 - len;
		ssize_t r = read(fd, buf + len, want);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		/* procfs hands over a file whole: a short read means the end,
		 * and saves the read() that would return 0 */
		if ((size_t)r < want)
			break;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

void procscan_read(struct procscan *ps, struct snapshot *snap)
{
	char name[32], buf[8192];
	int dfd = dirfd(ps->dir);
	rewinddir(ps->dir);
	struct dirent *e;
	while ((e = readdir(ps->dir))) {
		const char *n = e->d_name;
		if (n[0] < '1' || n[0] > '9')
			continue;
		size_t nl = strlen(n);
		char *end;
		long pid = strtol(n, &end, 10);
		if (*end || pid <= 0 || pid > INT32_MAX || nl > 12)
			continue;
		/* "PID/status" without printf: this loop runs for every process */
		memcpy(name, n, nl);
		memcpy(name + nl, "/status", sizeof "/status");
		ssize_t len = read_at(dfd, name, buf, sizeof buf);
		struct kstatus st;
		if (len < 0 && (errno == ENOENT || errno == ESRCH))
			continue;   /* exited since readdir */
		struct snap_proc *p = snapshot_add_proc(snap);
		p->pid = (pid_t)pid;
		if (len < 0 || !kparse_status(buf, (size_t)len, &st))
			continue;   /* there, but unreadable: sizes stay unknown */
		memcpy(p->comm, st.name, sizeof p->comm);
		p->ppid = st.ppid;
		p->uid = st.has_uid ? st.euid : SNAP_NA_UID;
		p->rss = st.rss;
		p->anon = st.anon;
		p->file = st.file;
		p->shmem = st.shmem;
		p->swap = st.swap;
	}
}
