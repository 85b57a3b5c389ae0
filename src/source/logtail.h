/* logtail.h - follow a log file as `tail -F` does: only what is written
 * after it is opened, whole lines, across rotation (the name now points at
 * a new file: read that from its start) and truncation. */
#ifndef OOMCAST_LOGTAIL_H
#define OOMCAST_LOGTAIL_H

#include <stddef.h>

struct logtail;

/* NULL with a one-line reason in err when path cannot be opened. */
struct logtail *logtail_open(const char *path, char *err, size_t errlen);
void logtail_close(struct logtail *t);
const char *logtail_path(const struct logtail *t);

/* Call line(ctx, text, len) for each new complete line (without its
 * newline; longer lines cut at 4 KiB), at most max lines; returns how many. */
size_t logtail_read(struct logtail *t, void (*line)(void *ctx, const char *s, size_t n), void *ctx,
                    size_t max);

#endif
