/* regfile.c - open regular files only; see regfile.h.
 *
 * Why no window is left: the name is resolved once, with O_PATH, which pins
 * the object without opening it (no driver's open, no FIFO wait). Its type is
 * checked with fstat on that descriptor, and the object is then opened through
 * /proc/self/fd/N, which reopens that same inode instead of resolving the name
 * again. Whatever the name (or any directory or symbolic link along it) is
 * swapped to afterwards, what is opened is what was checked; the open
 * descriptor is checked once more (type, device and inode) all the same.
 * O_NOFOLLOW would not do: it guards only the last component. */
#include "util/regfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int regfile_reopen(int pfd, struct stat *st, const char **why)
{
	struct stat want;
	if (fstat(pfd, &want) < 0) {
		*why = strerror(errno);
		return -1;
	}
	if (!S_ISREG(want.st_mode)) {
		*why = "not a regular file";
		return -1;
	}
	char self[40];
	snprintf(self, sizeof self, "/proc/self/fd/%d", pfd);
	/* O_NONBLOCK and O_NOCTTY: harmless on a regular file, and the last
	 * guard should anything else ever come through */
	int fd = open(self, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		*why = strerror(errno);
		return -1;
	}
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode) || st->st_dev != want.st_dev ||
	    st->st_ino != want.st_ino) {
		close(fd);
		*why = "not a regular file";
		return -1;
	}
	return fd;
}

int regfile_open(const char *path, struct stat *st, const char **why)
{
	int pfd = open(path, O_PATH | O_CLOEXEC);
	if (pfd < 0) {
		*why = strerror(errno);
		return -1;
	}
	int fd = regfile_reopen(pfd, st, why);
	close(pfd);
	return fd;
}
