/* asksize.h - the size a memory error asked for, read from its own line, so
 * that `oomcast explain` can say it instead of "the size is often in the
 * message". */
#ifndef OOMCAST_ASKSIZE_H
#define OOMCAST_ASKSIZE_H

#include <stdbool.h>

#include <stddef.h>

struct kb_ask {
	double bytes;       /* what the program asked for */
	double avail;       /* what the message says was available, or -1 */
	bool exact;         /* bytes is the line's own count of bytes, not a rounded figure */
	char figure[24];    /* the request's number as the line wrote it ("4294967296", "1.74") */
	char unit[8];       /* ... and its unit ("GiB", "M"; "" for bytes) */
};

/* Reads the first request the line states, in the forms the knowledge
 * base's corpus holds (tests/fixtures/kb/corpus.tsv):
 *   "failed to allocate CUDA0 buffer of size 838447104"     (llama.cpp)
 *   "Tried to allocate 20.00 MiB"                          (PyTorch)
 *   "failed to allocate 890.06M (933298432 bytes)"        (ROCm: the bytes)
 *   "model requires more system memory (63.6 GiB) than is available (18.9 GiB)" (ollama)
 * False when the line names no size (or an unreadable one). */
bool kb_ask_parse(const char *line, struct kb_ask *out);

/* Asked sizes beyond this are no machine's: a wrong size (an overflow, a
 * bad setting), not a shortage of memory. The largest machines sold have
 * some 32 TiB. */
#define KB_ASK_ABSURD (64.0 * 1024 * 1024 * 1024 * 1024)

/* The request for a person: "4.00 GiB", with_bytes "4.00 GiB (4294967296
 * bytes)" where the line gave the bytes; past 2^63 (more than a size in
 * bytes can hold) the figure as written ("18446744073709551615 bytes"). */
void kb_ask_text(const struct kb_ask *a, bool with_bytes, char *out, size_t len);
/* The request for JSON: the bytes as written where the line gave them
 * (exact past 2^53, where a double is not), else rounded. */
void kb_ask_json(const struct kb_ask *a, char *out, size_t len);

#endif
