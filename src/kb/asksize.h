/* asksize.h - the size a memory error asked for, read from its own line, so
 * that `oomcast explain` can say it instead of "the size is often in the
 * message". */
#ifndef OOMCAST_ASKSIZE_H
#define OOMCAST_ASKSIZE_H

#include <stdbool.h>

struct kb_ask {
	double bytes;       /* what the program asked for */
	double avail;       /* what the message says was available, or -1 */
	bool exact;         /* bytes is the line's own count of bytes, not a rounded figure */
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

#endif
