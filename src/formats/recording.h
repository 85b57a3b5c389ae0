/* recording.h - oomcast's recording format: the snapshots of a live run, so
 * a replay can feed the same pipeline (forecast, events, loads, advice are
 * recomputed, never stored). Read files are untrusted bytes: every length,
 * count and index is checked, and the reader is fuzzed.
 *
 * Layout (all integers little-endian):
 *   magic "\x89OOMREC\n" (8 bytes), major (u16), minor (u16)
 *   frames: kind (u8: 'H' header, 'S' sample), encoding (u8: 0 raw, 1
 *   zlib), 2 bytes zero, stored length (u32), raw length (u32), payload.
 * Payloads are tagged fields in protobuf's wire format (a varint key:
 * field number << 3 | type; type 0 varint, 1 fixed64, 2 length-delimited),
 * so a reader skips fields it does not know: a new minor version adds
 * fields, a new major version changes what old fields mean. Sizes and
 * counters are stored plus one, so SNAP_NA is 0, one byte. Each sample is
 * its own zlib stream: a damaged one ends the file there, a truncated file
 * still plays up to its last whole sample, and a player can seek.
 * The field numbers are listed in rec_int.h. */
#ifndef OOMCAST_RECORDING_H
#define OOMCAST_RECORDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "snapshot.h"
#include "util/strbuf.h"

#define REC_MAJOR 1
/* 1.1: a model's quantisation-mix sizes; 1.2: kernel threads, window
 * layers, MLA; 1.3: a process's runtime; 1.4: the scan's boot-clock time
 * (processes' ages), -nkvo, -ub and -cram; 1.5: -sm, -mg and -ts, -ctv
 * (V's cache type, and the V part of a model's KV elements); 1.6: a
 * cgroup's kernel memory that reclaim cannot give back; 1.7: the CPU's kind
 * (which weights llama.cpp copies), a model's copies, -nr; 1.8: where the
 * memory cgroups are mounted (the advice's commands name their files); 1.9:
 * -np, -kvu and -fit off (a load with no -c takes a context per slot);
 * 1.10: when the kernel's log was read (a kill's time is the kernel's up
 * to then); 1.11: what a load's process held, read again after the totals
 * (its room counts no more of it than they do) */
#define REC_MINOR 11
#define REC_MAGIC "\x89OOMREC\n"
#define REC_MAGIC_LEN 8
/* The most a frame may hold once inflated: a sample of 100,000 processes
 * with long command lines stays far below it. */
#define REC_FRAME_MAX ((uint32_t)256 << 20)

struct rec_header {
	uint16_t major, minor;
	char host[256];
	char kernel[256];           /* uname -r */
	char version[64];           /* oomcast's */
	double start;               /* wall clock, seconds since the epoch */
	double interval;            /* the seconds asked between samples (-d); 0 unknown */
};

/* One recorded sample: the snapshot as it was at the end of the tick, with
 * the details of the processes that were detailed, and what a live source
 * had filled before any detail() (the replay hands details out when the
 * pipeline asks, in the same order, so what it builds is the same). */
struct rec_sample {
	struct snapshot snap;
	int *sampled_cgroup;        /* per process: its cgroup before details (-1) */
	size_t sampled_cap;
	size_t ncgroups_sampled;    /* the first this many cgroups came with sample() */
};

void rec_sample_init(struct rec_sample *r);
void rec_sample_free(struct rec_sample *r);

/* ---- writing (strict) ---- */

struct rec_writer;

/* Create path (truncating it) and write the header. NULL with a one-line
 * reason in err. */
struct rec_writer *rec_writer_open(const char *path, const struct rec_header *h, char *err,
                                   size_t errlen);
/* Note what the source filled before any details (call right after
 * sample()): the cgroups so far and each process's cgroup. */
void rec_writer_mark(struct rec_writer *w, const struct snapshot *s);
/* Append the sample (after the tick and the view's details). 0, or -1 with
 * a one-line reason in err (disk full: the file keeps its whole records). */
int rec_writer_add(struct rec_writer *w, const struct snapshot *s, char *err, size_t errlen);
/* Append a sample read from a recording as it was read (a tool that thins
 * or cuts one: bench/rec_thin.c). 0, or -1 with a reason as above. */
int rec_writer_add_recorded(struct rec_writer *w, const struct rec_sample *r, char *err,
                            size_t errlen);
/* Close; 0, or -1 with a reason when the last writes failed. */
int rec_writer_close(struct rec_writer *w, char *err, size_t errlen);

/* The payloads themselves, for tests and the fuzz target. */
void rec_encode_header(struct strbuf *b, const struct rec_header *h);
void rec_encode_sample(struct strbuf *b, const struct snapshot *s, const int *sampled_cgroup,
                       size_t ncgroups_sampled);
/* 0, or -1 with a reason in err (the fields are damaged). Unknown fields
 * are skipped. */
int rec_decode_header(const uint8_t *buf, size_t len, struct rec_header *h, char *err,
                      size_t errlen);
int rec_decode_sample(const uint8_t *buf, size_t len, struct rec_sample *out, char *err,
                      size_t errlen);

/* ---- reading (any version 1.x, any damage) ---- */

enum rec_status {
	REC_OK = 1,                 /* a sample was read */
	REC_END = 0,                /* the file ended after a whole record */
	REC_TRUNCATED = -1,         /* it ended inside one: err says where */
	REC_DAMAGED = -2,           /* a record is not valid: err says which */
};

struct rec_reader;

/* Open a recording and read its header. NULL with a one-line reason in
 * err: cannot open, not a recording, an unknown major version, a damaged
 * header. The reader owns f from then on (also on failure). */
struct rec_reader *rec_reader_open(FILE *f, struct rec_header *h, char *err, size_t errlen);
void rec_reader_close(struct rec_reader *r);
/* The next sample into out. err gets the reason for TRUNCATED and DAMAGED. */
enum rec_status rec_reader_next(struct rec_reader *r, struct rec_sample *out, char *err,
                                size_t errlen);
/* The index of the sample the next call reads (0 the first). */
size_t rec_reader_tell(const struct rec_reader *r);
/* Go back to sample i, one already read (its place is kept): 0, or -1 when
 * it has not been read yet or the file cannot seek. */
int rec_reader_seek(struct rec_reader *r, size_t i);

#endif
