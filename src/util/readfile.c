/* readfile.c - whole-file reads for /proc and /sys files. */
#include "util/readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "util/xalloc.h"

/* read(2), again when a signal interrupted it */
static ssize_t read_some(int fd, char *p, size_t n)
{
	ssize_t r;
	while ((r = read(fd, p, n)) < 0 && errno == EINTR)
		;
	return r;
}

/* Close fd after a failed read, keeping the read's errno; -1. */
static ssize_t fail_closing(int fd)
{
	int e = errno;
	close(fd);
	errno = e;
	return -1;
}

ssize_t readfile_at(int dirfd, const char *name, char *buf, size_t cap, unsigned flags)
{
	if (cap == 0)
		return -1;
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	size_t len = 0;
	/* /proc files can come in several reads; stop at EOF or a full buffer */
	while (len < cap - 1) {
		size_t want = cap - 1 - len;
		ssize_t r = read_some(fd, buf + len, want);
		if (r < 0)
			return fail_closing(fd);
		if (r == 0)
			break;
		len += (size_t)r;
		if ((flags & READ_SHORT_IS_END) && (size_t)r < want)
			break;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

ssize_t readfile(const char *path, char *buf, size_t cap)
{
	return readfile_at(AT_FDCWD, path, buf, cap, 0);
}

ssize_t readfile2(const char *dir, const char *name, char *buf, size_t cap)
{
	char path[READFILE_PATH_MAX];
	int n = snprintf(path, sizeof path, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof path)
		return -1;
	return readfile(path, buf, cap);
}

ssize_t readfile_grow(const char *path, char **buf, size_t *cap, size_t max, bool *cut)
{
	*cut = false;
	xgrow((void **)buf, cap, 1, 1);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	size_t len = 0;
	for (;;) {
		if (len >= max) {
			/* full: one byte more says whether the file goes on */
			char c;
			*cut = read_some(fd, &c, 1) > 0;
			break;
		}
		if (len + 1 >= *cap) {
			size_t want = *cap ? *cap * 2 : 4096;
			xgrow((void **)buf, cap, want < max + 1 ? want : max + 1, 1);
		}
		size_t room = (*cap - 1 - len) < (max - len) ? *cap - 1 - len : max - len;
		ssize_t r = read_some(fd, *buf + len, room);
		if (r < 0)
			return fail_closing(fd);
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	(*buf)[len] = '\0';
	return (ssize_t)len;
}
