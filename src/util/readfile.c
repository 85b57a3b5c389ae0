/* readfile.c - whole-file reads for /proc and /sys files. */
#include "util/readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

ssize_t readfile(const char *path, char *buf, size_t cap)
{
	if (cap == 0)
		return -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	size_t len = 0;
	/* /proc files can come in several reads; stop at EOF or a full buffer */
	while (len < cap - 1) {
		ssize_t r = read(fd, buf + len, cap - 1 - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

ssize_t readfile2(const char *dir, const char *name, char *buf, size_t cap)
{
	char path[1024];
	int n = snprintf(path, sizeof path, "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof path)
		return -1;
	return readfile(path, buf, cap);
}
