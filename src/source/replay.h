/* replay.h - the second source behind the seam: a recording (oomcast
 * record) played back. sample() hands out the next recorded sample, with
 * every timestamp as recorded; detail() hands out the details that were
 * recorded for a process (the pipeline asks for them in the same order as
 * it did live, so the same cgroup and model tables are built); nothing is
 * read from the machine. */
#ifndef OOMCAST_REPLAY_H
#define OOMCAST_REPLAY_H

#include <stddef.h>

#include "formats/recording.h"
#include "source/source.h"

/* Open the recording at path. NULL with a one-line reason in err. */
struct source *replay_source_new(const char *path, struct rec_header *h, char *err,
                                 size_t errlen);
/* Why the last sample() failed: REC_END (the recording is over),
 * REC_TRUNCATED or REC_DAMAGED (msg says where); REC_OK when it did not. */
enum rec_status replay_source_status(const struct source *src, const char **msg);
/* Samples handed out so far (the index of the next one). */
size_t replay_source_tell(const struct source *src);
/* The next sample() hands out sample i (0 the first), one already played.
 * 0, or -1 when it was not read yet. */
int replay_source_seek(struct source *src, size_t i);
/* The recorded wall-clock time of the next sample, read ahead (for a
 * player's pace); 0 at the end. */
double replay_source_peek_t(struct source *src);

#endif
