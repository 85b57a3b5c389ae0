/* logtail.h - follow a log file as `tail -F` does: only what is written
 * after it is opened, whole lines, across rotation (the name now points at
 * a new file: read that from its start) and truncation.
 *
 * Nothing is dropped to keep a tick short: a call hands over at most max
 * lines and LOGTAIL_HAND_MAX bytes of them, and reads at most
 * LOGTAIL_READ_MAX bytes; what is left stays in the file (or the carry
 * buffer) for the next call. A line is handed over whole up to
 * LOGTAIL_LINE_MAX bytes (a JSON log line can be long); a longer one is
 * handed over cut there, and the rest of it is read past at full speed (a
 * 50 MB line costs one call, not minutes).
 * NUL bytes inside a line become spaces, so what follows them is seen. */
#ifndef OOMCAST_LOGTAIL_H
#define OOMCAST_LOGTAIL_H

#include <stdbool.h>
#include <stddef.h>

#define LOGTAIL_LINE_MAX (256u << 10)     /* 256 KiB of one line is kept */
#define LOGTAIL_HAND_MAX (4u << 20)       /* a call hands over 4 MiB of lines */
#define LOGTAIL_READ_MAX (64u << 20)      /* a call reads at most 64 MiB */

struct logtail;

/* NULL with a one-line reason in err when path cannot be opened. */
struct logtail *logtail_open(const char *path, char *err, size_t errlen);
void logtail_close(struct logtail *t);
const char *logtail_path(const struct logtail *t);

/* Call line(ctx, text, len, cut) for each new complete line (without its
 * newline), at most max of them; returns how many. */
size_t logtail_read(struct logtail *t, void (*line)(void *ctx, const char *s, size_t n, bool cut),
                    void *ctx, size_t max);

#endif
