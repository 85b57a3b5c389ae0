/* readfile.h - read a small file whole, the way /proc and /sys want it. */
#ifndef OOMCAST_READFILE_H
#define OOMCAST_READFILE_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* dir + "/" + name must fit this (a cgroup's directory can be 4.5 KiB) */
#define READFILE_PATH_MAX 6144

/* Read up to cap-1 bytes of the file at path into buf and NUL-terminate.
 * Returns the length, or -1 when it cannot be opened or read (a process that
 * vanished, a file we may not read, a kernel without that file). */
ssize_t readfile(const char *path, char *buf, size_t cap);

/* Same for dir/name (dir may be a root prefix plus a path). */
ssize_t readfile2(const char *dir, const char *name, char *buf, size_t cap);

/* The reader behind both: name relative to dirfd (AT_FDCWD for a path),
 * errno kept on failure. With READ_SHORT_IS_END a read shorter than asked
 * ends the file: true of files the kernel builds whole on open (status,
 * statm), and it saves the read() that would return 0 on every process. */
#define READ_SHORT_IS_END 1u
ssize_t readfile_at(int dirfd, const char *name, char *buf, size_t cap, unsigned flags);

/* Read the whole file at path into *buf, which is grown as needed (*cap its
 * size; both may start 0/NULL) up to max bytes and a NUL. *cut is set when
 * the file holds more than max. Returns the length, or -1. For files whose
 * size has no small bound, such as a command line. */
ssize_t readfile_grow(const char *path, char **buf, size_t *cap, size_t max, bool *cut);

#endif
