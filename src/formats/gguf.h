/* gguf.h - what a GGUF model file's header says about the memory a load
 * will take: the architecture's sizes, from which the KV cache per token of
 * context follows. Parses a buffer (the start of the file): model files are
 * untrusted bytes, every length and every product of lengths is checked,
 * and it is fuzzed. */
#ifndef OOMCAST_GGUF_H
#define OOMCAST_GGUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formats/cpuinfo.h"
#include "formats/quantmix.h"

#define GGUF_UNKNOWN UINT64_MAX

/* The most of a file `oomcast model` reads: the metadata and tensor
 * descriptions of real models are a few MiB (the tokenizer's arrays); a file
 * whose header claims more is refused rather than read. */
#define GGUF_READ_MAX ((size_t)64 << 20)

/* Where each tensor's bytes (ggml_nbytes, unpadded) belong when llama.cpp
 * offloads layers (see footprint_split): the repeating layers (blk.N.*),
 * the input (token_embd), the output (output.*, output_norm.*), the rest.
 * GGUF_ALL only; known false: not read, a type this does not know, or more
 * layers than GGUF_SPLIT_LAYERS. */
#define GGUF_SPLIT_LAYERS 256
struct gguf_split {
	bool known;
	bool tied;                      /* no output.weight: token_embd serves as the output */
	uint64_t input, output, other;
	uint64_t layer[GGUF_SPLIT_LAYERS];
};

/* The weights llama.cpp's CPU backend keeps copies of (cpuinfo.h), by the
 * kind of CPU: src the bytes of those tensors as in the file, copy the
 * bytes of the copies. A tied output (no output.weight: token_embd serves
 * both) that an extra buffer takes for its matrix product is one more copy
 * whose source stays (the embeddings are read by row from the CPU
 * buffer): in copy, not in src. GGUF_ALL only; known false: not read, or
 * a type or size this does not know. */
struct gguf_copies {
	bool known;
	uint64_t src[CPU_KINDS], copy[CPU_KINDS];
};

struct gguf_info {
	uint32_t version;
	uint64_t n_tensors, n_kv;
	char arch[32];
	char name[96];
	uint64_t block_count, context_length, embedding_length, head_count;
	uint64_t head_count_kv;         /* per layer when kv_heads_sum says more */
	uint64_t key_length, value_length;
	/* the window llama.cpp gives the sliding-window layers (swa.c: the
	 * architecture's default when the key is absent); GGUF_UNKNOWN when
	 * every layer holds the whole context (swa_layers 0) */
	uint64_t sliding_window;
	uint64_t swa_layers;            /* layers with a window; 0: none */
	uint64_t kv_heads_sum;          /* KV heads summed over the layers */
	uint64_t kv_elems;              /* K and V elements a token, all layers */
	uint64_t kv_elems_swa;          /* the part of kv_elems in window layers */
	/* the V part of kv_elems and kv_elems_swa (K and V may have types of
	 * their own: -ctk, -ctv); 0 with MLA; GGUF_UNKNOWN in a recording
	 * older than 1.5 (whose loads had V's type K's) */
	uint64_t kv_elems_v, kv_elems_swa_v;
	/* V elements a token added when V is stored transposed (no flash
	 * attention) and layers' V widths differ: llama.cpp then gives every
	 * layer the widest; all layers, and the part in window layers */
	uint64_t kv_vpad, kv_vpad_swa;
	bool mla;                       /* K only: the latent (attention.*_length_mla) */
	uint64_t file_type;
	uint64_t feed_forward_length;   /* the largest over the layers */
	uint64_t n_vocab;               /* token_embd's rows (GGUF_ALL only) */
	uint64_t n_params;              /* elements of all tensors (GGUF_ALL only) */
	uint64_t alignment, expert_count;
	/* GGUF_ALL only, for a dense model: the tensor data now (each tensor
	 * padded to the alignment, as in the file) and in each of llama.cpp's
	 * quantisation mixes (quantmix.h); mix_known false: not known */
	bool mix_known;
	uint64_t tensor_bytes;
	/* GGUF_ALL only: where the last tensor's data ends (the data section's
	 * aligned start plus the furthest offset + size); GGUF_UNKNOWN where a
	 * type's size is not known. A file shorter than this is truncated */
	uint64_t data_end;
	uint64_t mix_bytes[QM_N];
	/* the CPU backend's copies in each mix (as copies below); known
	 * with the mixes and the copies */
	bool mix_copies_known;
	uint64_t mix_copy_src[QM_N][CPU_KINDS], mix_copy[QM_N][CPU_KINDS];
	struct gguf_split split;
	struct gguf_copies copies;
};

/* How far to read: the sizes only (the live source: it stops before the
 * tokenizer's arrays), or every metadata pair and tensor description (oomcast
 * model: a malformed tensor table is reported, and the parameters counted). */
enum gguf_depth { GGUF_SIZES, GGUF_ALL };

/* Parse the header in buf (len bytes: the file's start; the tensor data need
 * not be there). Returns 0 when the sizes the KV estimate needs were found
 * and are consistent, -1 with a one-line reason in err otherwise (not GGUF,
 * truncated, malformed, sizes that overflow). When the only trouble was that
 * buf ended too soon, *need (when not NULL) gets how many bytes from the
 * start would be needed to go on; 0 otherwise. Fields not found are
 * GGUF_UNKNOWN. */
int gguf_parse(const uint8_t *buf, size_t len, enum gguf_depth depth, struct gguf_info *g,
               uint64_t *need, char *err, size_t errlen);

/* Read the header from fd, a regular file, with pread: a first chunk, more
 * as the parser needs it, at most max bytes (never the whole model). *size
 * gets the file's size. A file that shrinks or changes while it is read is an
 * error (nothing is mapped, so it cannot crash the reader). 0, or -1 with a
 * one-line reason in err. */
int gguf_read_fd(int fd, size_t max, enum gguf_depth depth, struct gguf_info *g, uint64_t *size,
                 char *err, size_t errlen);

/* The same for the file at path, opened only if it is a regular file (a path
 * named by another process may be a FIFO or a device; see util/regfile.h). */
int gguf_read_file(const char *path, size_t max, enum gguf_depth depth, struct gguf_info *g,
                   uint64_t *size, char *err, size_t errlen);

/* Bytes of KV cache for n_ctx tokens with k_bytes a K element and v_bytes a
 * V element (2 for f16; llama.cpp gives each its own type, -ctk and -ctv,
 * llama-kv-cache.cpp), as llama.cpp allocates it for one sequence: cells
 * padded to 256; the window layers' cache min(cells, window + n_ubatch)
 * padded to 256 (llama-kv-cache-iswa.cpp); V widened to the widest layer's
 * without flash attention. GGUF_UNKNOWN when the header did not say enough
 * (or K and V differ and g does not say which elements are V's). */
uint64_t gguf_kv_bytes_at(const struct gguf_info *g, uint64_t n_ctx, double k_bytes,
                          double v_bytes, bool flash_attn, uint64_t n_ubatch);
/* The cells of the window layers' cache at n_ctx (0: no window layers). */
uint64_t gguf_swa_cells(const struct gguf_info *g, uint64_t n_ctx, uint64_t n_ubatch);
/* The same for a cache of several sequences (llama-context.cpp,
 * llama-kv-cache-iswa.cpp): n_ctx padded to 256 is divided over `streams`
 * streams (a cache that is not unified: one per sequence), each padded to
 * 256 again; a stream's window layers hold min(its cells, window * seqs +
 * n_ubatch) padded to 256, where seqs is the sequences sharing one unified
 * stream (llama-server's 4 slots by default). Totals over the streams.
 * streams or seqs 0 count as 1. */
uint64_t gguf_kv_cells_seq(uint64_t n_ctx, uint64_t streams);
uint64_t gguf_swa_cells_seq(const struct gguf_info *g, uint64_t n_ctx, uint64_t n_ubatch,
                            uint64_t streams, uint64_t seqs);
uint64_t gguf_kv_bytes_seq(const struct gguf_info *g, uint64_t n_ctx, double k_bytes,
                           double v_bytes, bool flash_attn, uint64_t n_ubatch, uint64_t streams,
                           uint64_t seqs);
/* gguf_kv_bytes_at with K and V of one type, elem_bytes, and llama.cpp's
 * defaults: a micro-batch of 512, flash attention with a quantised cache
 * (llama.cpp requires it for a quantised V), none with f16. */
uint64_t gguf_kv_bytes(const struct gguf_info *g, uint64_t n_ctx, double elem_bytes);

#endif
