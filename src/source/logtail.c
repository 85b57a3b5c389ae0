/* logtail.c - following a log file; see logtail.h. */
#include "source/logtail.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

#define LINE_MAX_BYTES 4096
#define READ_MAX (256 * 1024)   /* a tick reads at most this much: a flood cannot stall it */

struct logtail {
	char path[1024];
	int fd;
	dev_t dev;
	ino_t ino;
	char part[LINE_MAX_BYTES];  /* the line being read */
	size_t npart;
	bool cut;                   /* the current line passed LINE_MAX_BYTES */
};

static int open_at(struct logtail *t, bool at_end)
{
	int fd = open(t->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		close(fd);
		errno = S_ISDIR(st.st_mode) ? EISDIR : errno;
		return -1;
	}
	if (at_end)
		lseek(fd, 0, SEEK_END);
	if (t->fd >= 0)
		close(t->fd);
	t->fd = fd;
	t->dev = st.st_dev;
	t->ino = st.st_ino;
	t->npart = 0;
	t->cut = false;
	return 0;
}

struct logtail *logtail_open(const char *path, char *err, size_t errlen)
{
	struct logtail *t = xcalloc(1, sizeof *t);
	t->fd = -1;
	if (strlen(path) >= sizeof t->path) {
		snprintf(err, errlen, "--watch-log: path too long");
		free(t);
		return NULL;
	}
	snprintf(t->path, sizeof t->path, "%s", path);
	if (open_at(t, true) < 0) {
		snprintf(err, errlen, "--watch-log: cannot read %s: %s", path, strerror(errno));
		free(t);
		return NULL;
	}
	return t;
}

void logtail_close(struct logtail *t)
{
	if (!t)
		return;
	if (t->fd >= 0)
		close(t->fd);
	free(t);
}

const char *logtail_path(const struct logtail *t)
{
	return t->path;
}

/* Rotated (the name is another file now) or truncated: start over. */
static void check_file(struct logtail *t)
{
	struct stat st, cur;
	if (stat(t->path, &st) == 0 && (st.st_ino != t->ino || st.st_dev != t->dev)) {
		open_at(t, false);   /* the new file, from its start */
		return;
	}
	off_t pos = lseek(t->fd, 0, SEEK_CUR);
	if (fstat(t->fd, &cur) == 0 && pos > cur.st_size) {
		lseek(t->fd, 0, SEEK_SET);
		t->npart = 0;
		t->cut = false;
	}
}

size_t logtail_read(struct logtail *t, void (*line)(void *ctx, const char *s, size_t n), void *ctx,
                    size_t max)
{
	if (t->fd < 0)
		return 0;
	size_t lines = 0, total = 0;
	char buf[16384];
	for (int pass = 0; pass < 2; pass++) {
		/* the old file's last lines first, then check for rotation */
		ssize_t n;
		while (lines < max && total < READ_MAX && (n = read(t->fd, buf, sizeof buf)) > 0) {
			total += (size_t)n;
			for (ssize_t i = 0; i < n; i++) {
				if (buf[i] == '\n') {
					if (lines < max)
						line(ctx, t->part, t->npart);
					lines++;
					t->npart = 0;
					t->cut = false;
				} else if (t->npart < sizeof t->part - 1) {
					t->part[t->npart++] = buf[i];
				} else {
					t->cut = true;
				}
			}
		}
		if (pass == 0)
			check_file(t);
	}
	return lines < max ? lines : max;
}
