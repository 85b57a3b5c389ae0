/* xalloc.h - allocation that aborts on failure (as htop does): a monitor that
 * cannot allocate a few KiB has nothing useful left to do. */
#ifndef OOMCAST_XALLOC_H
#define OOMCAST_XALLOC_H
#include <stddef.h>

void *xrealloc(void *p, size_t n);
void *xcalloc(size_t n, size_t size);
/* n elements of size, not zeroed (fresh pages not written stay unresident) */
void *xmallocarray(size_t n, size_t size);
/* Grow *p (elements of size) so it holds at least need elements. */
void xgrow(void **p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);

#endif
