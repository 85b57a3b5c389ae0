/* zlibdl.h - the three zlib functions recordings use, from a libz loaded
 * with dlopen when a recording is opened, not linked: a linked libz is
 * mapped into every run (about 84 KiB of the dashboard's resident memory)
 * for what only `oomcast record`, `--record` and `replay` call. */
#ifndef OOMCAST_ZLIBDL_H
#define OOMCAST_ZLIBDL_H

#include <stdbool.h>
#include <stddef.h>
#include <zlib.h>

#include "util/dlib.h"

struct zlibdl {
	struct dlib d;
	uLong (*compressBound)(uLong len);
	int (*compress2)(Bytef *dst, uLongf *dstlen, const Bytef *src, uLong srclen, int level);
	int (*uncompress)(Bytef *dst, uLongf *dstlen, const Bytef *src, uLong srclen);
};

/* Load libz.so.1 (Debian package zlib1g), or OOMCAST_ZLIB_LIBRARY's file
 * (the tests name a missing one). False, with the reason in err, when it
 * cannot be loaded or lacks a function. */
bool zlibdl_open(struct zlibdl *z, char *err, size_t errlen);
void zlibdl_close(struct zlibdl *z);

#endif
