/* drmscan.c - DRM clients per process; see drmscan.h. */
#include "source/drmscan.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "snapshot.h"
#include "source/drm.h"
#include "util/readfile.h"
#include "util/xalloc.h"

/* New clients show up within this long; their use is read every tick. */
#define DRMSCAN_WALK_S 5.0

struct drm_fd {
	pid_t pid;
	int fd;
};

struct drmscan {
	char root[256];
	double walked;             /* when the fds were last listed; <0 never */
	struct drm_fd *fds;
	size_t nfds, fds_cap;
	pid_t *closed;             /* processes whose fds we may not list, sorted */
	size_t nclosed, closed_cap;
};

struct drmscan *drmscan_new(const char *root)
{
	struct drmscan *d = xcalloc(1, sizeof *d);
	snprintf(d->root, sizeof d->root, "%s", root ? root : "");
	d->walked = -1;
	return d;
}

void drmscan_free(struct drmscan *d)
{
	if (!d)
		return;
	free(d->fds);
	free(d->closed);
	free(d);
}

static bool is_pid(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* The DRM fds of one process: links to /dev/dri/ (card or render node). */
static void walk_pid(struct drmscan *d, int procfd, const char *pid)
{
	char path[300], link[64];
	snprintf(path, sizeof path, "%.200s/fd", pid);
	int dfd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!dir) {
		if (dfd >= 0)
			close(dfd);
		xgrow((void **)&d->closed, &d->closed_cap, d->nclosed + 1, sizeof *d->closed);
		d->closed[d->nclosed++] = (pid_t)atoi(pid);
		return;
	}
	struct dirent *e;
	while ((e = readdir(dir))) {
		if (!is_pid(e->d_name))
			continue;
		ssize_t n = readlinkat(dirfd(dir), e->d_name, link, sizeof link - 1);
		if (n < 9 || memcmp(link, "/dev/dri/", 9) != 0)
			continue;
		xgrow((void **)&d->fds, &d->fds_cap, d->nfds + 1, sizeof *d->fds);
		d->fds[d->nfds++] = (struct drm_fd){.pid = (pid_t)atoi(pid), .fd = atoi(e->d_name)};
	}
	closedir(dir);
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

static int cmp_fd(const void *a, const void *b)
{
	const struct drm_fd *x = a, *y = b;
	if (x->pid != y->pid)
		return (x->pid > y->pid) - (x->pid < y->pid);
	return (x->fd > y->fd) - (x->fd < y->fd);
}

static void walk(struct drmscan *d)
{
	char path[300];
	d->nfds = d->nclosed = 0;
	snprintf(path, sizeof path, "%s/proc", d->root);
	int procfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return;
	DIR *dir = fdopendir(dup(procfd));
	if (dir) {
		struct dirent *e;
		while ((e = readdir(dir)))
			if (is_pid(e->d_name))
				walk_pid(d, procfd, e->d_name);
		closedir(dir);
	}
	close(procfd);
	/* a shared client goes to its lowest pid, whatever the directory
	 * order: the parent that opened it, as a rule */
	if (d->nfds)
		qsort(d->fds, d->nfds, sizeof *d->fds, cmp_fd);
	if (d->nclosed)   /* qsort and bsearch want a real array, even empty */
		qsort(d->closed, d->nclosed, sizeof *d->closed, cmp_pid);
}

bool drmscan_readable(const struct drmscan *d, pid_t pid)
{
	return !d->nclosed || !bsearch(&pid, d->closed, d->nclosed, sizeof pid, cmp_pid);
}

struct seen {
	char pdev[32];
	uint64_t id;
};

size_t drmscan_read(struct drmscan *d, double now, struct drm_use *out, size_t max)
{
	if (d->walked < 0 || now - d->walked >= DRMSCAN_WALK_S || now < d->walked) {
		walk(d);
		d->walked = now;
	}
	struct seen seen[256];
	size_t nseen = 0, n = 0;
	for (size_t i = 0; i < d->nfds && n < max; i++) {
		char path[320], buf[4096];
		snprintf(path, sizeof path, "%s/proc/%d/fdinfo/%d", d->root, (int)d->fds[i].pid,
			 d->fds[i].fd);
		ssize_t len = readfile(path, buf, sizeof buf);
		struct drm_client c;
		if (len <= 0 || !drm_parse_fdinfo(buf, (size_t)len, &c))
			continue;   /* closed since the walk, or reused for something else */
		if (c.has_client_id) {
			bool dup = false;
			for (size_t j = 0; j < nseen && !dup; j++)
				dup = seen[j].id == c.client_id && strcmp(seen[j].pdev, c.pdev) == 0;
			if (dup)
				continue;
			if (nseen < sizeof seen / sizeof seen[0]) {
				seen[nseen].id = c.client_id;
				snprintf(seen[nseen].pdev, sizeof seen[nseen].pdev, "%s", c.pdev);
				nseen++;
			}
		}
		struct drm_use *u = &out[n++];
		u->pid = d->fds[i].pid;
		snprintf(u->pdev, sizeof u->pdev, "%s", c.pdev);
		u->vram = c.vram;
		u->gtt = c.gtt;
		u->system = c.system;
	}
	return n;
}
