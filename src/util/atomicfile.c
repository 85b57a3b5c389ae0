/* atomicfile.c - write a file by rename; see atomicfile.h. */
#include "util/atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary file's name, made fresh: a stale one (a crash) or a link
 * planted in a shared directory is removed, and O_EXCL with O_NOFOLLOW
 * never writes through a link. Returns its descriptor, or -1. */
static int open_temp(const char *path, char **tmp)
{
	if (asprintf(tmp, "%s.tmp.%ld", path, (long)getpid()) < 0) {
		*tmp = NULL;
		errno = ENOMEM;
		return -1;
	}
	unlink(*tmp);
	int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		int e = errno;
		free(*tmp);
		*tmp = NULL;
		errno = e;
	}
	return fd;
}

int atomicfile_check(const char *path)
{
	char *tmp;
	int fd = open_temp(path, &tmp);
	if (fd < 0)
		return -1;
	close(fd);
	unlink(tmp);
	free(tmp);
	return 0;
}

int atomicfile_write(const char *path, const char *buf, size_t len)
{
	char *tmp;
	int fd = open_temp(path, &tmp);
	if (fd < 0)
		return -1;
	int rc = 0;
	for (size_t off = 0; off < len && rc == 0;) {
		ssize_t w = write(fd, buf + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			rc = -1;
		else
			off += (size_t)w;
	}
	/* on disk before the rename: after a power cut the file holds the old
	 * text or the new one, never an empty file */
	if (rc == 0 && fsync(fd) < 0)
		rc = -1;
	int e = errno;
	if (close(fd) < 0 && rc == 0)
		rc = -1, e = errno;
	/* what the rename would replace is checked last, as late as can be
	 * (a FIFO or a device put there meanwhile is left alone; only what
	 * appears between this and the rename is not seen) */
	struct stat st;
	if (rc == 0 && lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		rc = -1, e = S_ISDIR(st.st_mode) ? EISDIR : EEXIST;
	if (rc == 0 && rename(tmp, path) < 0)
		rc = -1, e = errno;
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	errno = e;
	return rc;
}
