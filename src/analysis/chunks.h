/* chunks.h - a load that takes memory a whole chunk at a time (a leak of
 * fixed-size buffers, an allocator that grows its arena by a fixed size,
 * two processes each doing so): it is killed at the first chunk that no
 * longer fits, up to a chunk's time before the headroom's line reaches
 * zero. Read from the sample history of trend.h; pure arithmetic. */
#ifndef OOMCAST_CHUNKS_H
#define OOMCAST_CHUNKS_H

#include <stdbool.h>

#include "analysis/trend.h"

/* A move of the headroom smaller than this between two samples is none: a
 * page table, a slab, a page of a log. */
#define CHUNK_MIN (64.0 * 1024)
/* What a chunk takes beyond its own size (its page tables, the allocator's
 * header): a chunk fits only where this much more is left. Between the
 * kills of the recorded shapes (bench/scenarios.sh: a MiB chunk killed
 * with 30 KiB more than it left; one fitted with 134 KiB more). */
#define CHUNK_MARGIN (64.0 * 1024)

/* Streams of chunks that take turns, at most: two processes each taking a
 * MiB every 2 s, 0.4 s apart, come 0.4 and 1.6 s apart, not every 1 s. */
#define CHUNK_STREAMS 3

struct chunks {
	double size;    /* bytes each chunk takes */
	double since;   /* s since the last one came (between two samples: the midpoint) */
	double rate;    /* bytes/s they came at: a line through when each came
	                   (the midpoint of its two samples) against how many
	                   had come by then */
	/* the gaps between them repeat every `streams` chunks (0 or 1: no
	 * such turns were seen; the chunks are taken to come evenly), and
	 * ago[] are the seconds since each of the last `streams`, oldest
	 * first */
	int streams;
	double ago[CHUNK_STREAMS];
};

/* Whether the samples of the history since its last reset are such a load:
 * CHUNK_MOVES moves at least, all consuming, each a whole number of chunks
 * of one size (most exactly one), and from the first move on as many
 * samples still as moving, but one, so each chunk came at once between two
 * samples (a steady ramp moves at every sample and is no chunked load, nor
 * is one with frees). Read from the moves after the last that took more
 * than CHUNK_STREAMS chunks at once, where there is one: an allocation
 * beside the load, or another load's start. Where each move was one chunk
 * and their gaps were not even but repeat every 2 or 3 chunks (a sample's
 * time either way), the chunks take turns. */
bool chunks_read(const struct trend *tr, struct chunks *out);

/* Whether the chunks came at rate bytes/s, within CHUNK_AGREE of it: where
 * they came faster than the forecast's rate, something else gives memory
 * back between them (small frees beside a leak), and the ETA is no
 * chunk's. */
#define CHUNK_AGREE 0.15
bool chunks_at(const struct chunks *c, double rate);

/* Seconds until the chunk that does not fit comes, headroom bytes left and
 * chunks coming at rate bytes/s on average: the next one a chunk's time
 * after the last, the rest a chunk's time apart; where the chunks take
 * turns, each the `streams` chunks' time after the one `streams` back.
 * NaN where rate <= 0. */
double chunks_eta(const struct chunks *c, double headroom, double rate);

#endif
