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

#define CHUNK 65536

struct logtail {
	char path[1024];
	int fd;
	dev_t dev;
	ino_t ino;
	char *part;                 /* the line being read (grown to LOGTAIL_LINE_MAX) */
	size_t npart, part_cap;
	bool cut;                   /* the current line passed LOGTAIL_LINE_MAX */
	size_t handed;              /* bytes of lines handed over in this call */
	char *carry;                /* read, not yet handed over (max lines reached) */
	size_t ncarry, carry_off, carry_cap;
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
	t->ncarry = t->carry_off = 0;
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
	free(t->part);
	free(t->carry);
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
		t->ncarry = t->carry_off = 0;
	}
}

/* Take bytes [*i, n) of buf into the current line, handing over complete
 * lines until max is reached; *i is left at the first byte not taken. */
static void take(struct logtail *t, const char *buf, size_t n, size_t *i, size_t *lines,
                 size_t max, void (*line)(void *, const char *, size_t, bool), void *ctx)
{
	while (*i < n && *lines < max && t->handed < LOGTAIL_HAND_MAX) {
		const char *nl = memchr(buf + *i, '\n', n - *i);
		size_t end = nl ? (size_t)(nl - buf) : n;
		size_t len = end - *i, room = LOGTAIL_LINE_MAX - t->npart;
		size_t keep = len < room ? len : room;
		if (keep) {
			xgrow((void **)&t->part, &t->part_cap, t->npart + keep + 1, 1);
			memcpy(t->part + t->npart, buf + *i, keep);
			/* a NUL would end the line for every C string reader */
			for (size_t j = t->npart; j < t->npart + keep; j++)
				if (t->part[j] == '\0')
					t->part[j] = ' ';
			t->npart += keep;
		}
		if (keep < len)
			t->cut = true;
		*i = end;
		if (!nl)
			return;
		(*i)++;
		xgrow((void **)&t->part, &t->part_cap, t->npart + 1, 1);
		t->part[t->npart] = '\0';
		line(ctx, t->part, t->npart, t->cut);
		(*lines)++;
		t->handed += t->npart;
		t->npart = 0;
		t->cut = false;
	}
}

size_t logtail_read(struct logtail *t, void (*line)(void *ctx, const char *s, size_t n, bool cut),
                    void *ctx, size_t max)
{
	if (t->fd < 0)
		return 0;
	size_t lines = 0, total = 0;
	t->handed = 0;
	/* what the last call read but could not hand over comes first */
	if (t->carry_off < t->ncarry) {
		size_t i = t->carry_off;
		take(t, t->carry, t->ncarry, &i, &lines, max, line, ctx);
		t->carry_off = i;
		if (i < t->ncarry)
			return lines;
	}
	t->ncarry = t->carry_off = 0;
	xgrow((void **)&t->carry, &t->carry_cap, CHUNK, 1);
	for (int pass = 0; pass < 2; pass++) {
		/* the old file's last lines first, then check for rotation */
		ssize_t n;
		while (lines < max && t->handed < LOGTAIL_HAND_MAX && total < LOGTAIL_READ_MAX &&
		       (n = read(t->fd, t->carry, CHUNK)) > 0) {
			total += (size_t)n;
			size_t i = 0;
			take(t, t->carry, (size_t)n, &i, &lines, max, line, ctx);
			if (i < (size_t)n) {   /* enough for one call: the rest next time */
				t->ncarry = (size_t)n;
				t->carry_off = i;
				return lines;
			}
		}
		if (pass == 0 && lines < max && t->handed < LOGTAIL_HAND_MAX && total < LOGTAIL_READ_MAX)
			check_file(t);
	}
	return lines;
}
