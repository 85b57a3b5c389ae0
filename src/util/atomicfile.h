/* atomicfile.h - a file replaced whole or not at all: whoever reads it (a
 * textfile collector, every few seconds) sees the old text or the new one,
 * never half of it. */
#ifndef OOMCAST_ATOMICFILE_H
#define OOMCAST_ATOMICFILE_H

#include <stddef.h>

/* Write buf[0..len) to path through a temporary file beside it
 * ("PATH.tmp.PID": in the same directory, so the rename is atomic, and not
 * ending in .prom, so node_exporter never reads it), flushed to disk before
 * the rename. Returns 0, or -1 with errno set (the temporary file removed;
 * EEXIST or EISDIR where path is there and not a regular file, which the
 * rename would have replaced: a device, a FIFO, a link, a directory). */
int atomicfile_write(const char *path, const char *buf, size_t len);

/* Can path be written so (its directory exists and lets us make the
 * temporary file)? 0, or -1 with errno set. Nothing is left behind. */
int atomicfile_check(const char *path);

#endif
