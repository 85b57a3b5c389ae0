/* regfile.h - open a file named by someone else (another process's command
 * line, a user's argument) for reading only when it is a regular file:
 * never a FIFO (a read would hang), never a device (its driver acts on open). */
#ifndef OOMCAST_REGFILE_H
#define OOMCAST_REGFILE_H

#include <sys/stat.h>

/* Open path for reading if, and only if, it names a regular file; *st gets
 * the open file's status. Symbolic links are followed (model stores use them)
 * but the object found is checked, not the name. -1 with a reason in *why
 * ("not a regular file", or strerror's) otherwise. */
int regfile_open(const char *path, struct stat *st, const char **why);

/* The same for an O_PATH descriptor (pfd is left open). */
int regfile_reopen(int pfd, struct stat *st, const char **why);

#endif
