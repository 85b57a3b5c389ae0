/* modelfile.c - open another process's model file; see modelfile.h. The
 * path comes from a command line anyone can write: it may name a FIFO (a
 * read would hang us) or a device, and it may be swapped between two looks.
 * util/regfile.c opens only what it has checked; here, in addition, the
 * process's own descriptor is preferred: then what is read is the very file
 * the process loaded, not whatever the name points to by now. */
#include "source/modelfile.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "util/regfile.h"

#define FD_SCAN_MAX 4096   /* a server with more descriptors: use the path */

/* An O_PATH descriptor of the process's open file with dev/ino, or -1. The
 * entries are only stat()ed (no open of what they point to) until one
 * matches. */
static int proc_fd_of(const char *root, pid_t pid, const struct stat *want)
{
	char dir[320];
	snprintf(dir, sizeof dir, "%s/proc/%d/fd", root, (int)pid);
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int found = -1, n = 0;
	struct dirent *e;
	while (found < 0 && n++ < FD_SCAN_MAX && (e = readdir(d))) {
		struct stat st;
		if (e->d_name[0] == '.' || fstatat(dirfd(d), e->d_name, &st, 0) < 0 ||
		    st.st_dev != want->st_dev || st.st_ino != want->st_ino)
			continue;
		found = openat(dirfd(d), e->d_name, O_PATH | O_CLOEXEC);
	}
	closedir(d);
	return found;
}

int modelfile_open(const char *root, pid_t pid, const char *path, struct stat *st)
{
	char full[1400];
	if (path[0] == '/')
		snprintf(full, sizeof full, "%s%s", root, path);
	else
		snprintf(full, sizeof full, "%s/proc/%d/cwd/%s", root, (int)pid, path);
	const char *why;
	int pfd = open(full, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return -1;
	struct stat want;
	if (fstat(pfd, &want) < 0 || !S_ISREG(want.st_mode)) {
		close(pfd);
		return -1;
	}
	int own = proc_fd_of(root, pid, &want);
	int fd = regfile_reopen(own >= 0 ? own : pfd, st, &why);
	if (own >= 0)
		close(own);
	close(pfd);
	return fd;
}
