/* modelfile.h - open the model file another process names on its command
 * line, safely: only a regular file, preferably through the process's own
 * descriptor for it. */
#ifndef OOMCAST_MODELFILE_H
#define OOMCAST_MODELFILE_H

#include <sys/stat.h>
#include <sys/types.h>

/* Open path (absolute, or relative to the process's working directory) as
 * named by process pid, below root ("" for this machine). When the process
 * has that file open, its descriptor in /proc/PID/fd is used; either way
 * only a regular file is opened (never a FIFO or a device, whatever the path
 * or its links are swapped to). The descriptor, with *st, or -1. */
int modelfile_open(const char *root, pid_t pid, const char *path, struct stat *st);

#endif
