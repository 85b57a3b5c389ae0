/* footprint.h - how much memory a llama.cpp load of a GGUF model takes, from
 * its header: the weights, the KV cache at the load's context and KV type,
 * the compute buffer, and the runtime's own; and the largest context that
 * fits a given room. Pure: the header and the options in, sizes out.
 *
 * The compute buffer follows llama.cpp's CPU graph (f32 activations, a
 * micro-batch of n_ubatch = 512 tokens), measured against llama.cpp's own
 * "compute buffer size" line (node-llama-cpp 3.21.1's llama.cpp) on models
 * of several shapes, exact to 0.01 MiB there:
 *   without flash attention  4 ub (cells (n_head + 1) + n_vocab + 1.5 n_embd)
 *                            (the attention scores of a micro-batch, f32)
 *   with flash attention     4 ub (n_vocab + 2.75 n_embd + 2 n_ff)
 *                            + 2 ub cells (the f16 mask)
 * taking the larger of the two shapes' peaks, as the graph allocator does;
 * models with window layers add their mask, 4 ub swa_cells (2 with flash
 * attention). gemma2 and gemma3 reserve from 0.24 MiB less to 3.3 MiB
 * more than that (9 loads, n_embd 256 to 512, vocabularies 512 to 1536,
 * flash attention off and on; their graph has more steps: not modelled, the
 * measurements did not separate the terms).
 * Other backends (CUDA, Metal) size theirs differently: the figures are
 * for RAM.
 *
 * The KV cache (gguf_kv_bytes_at): layers that hold the whole context get
 * the context's cells padded to 256; the sliding-window layers of the
 * architectures formats/swa.c lists (gemma2, gemma3, cohere2, gpt-oss,
 * olmo2, afmoe, plamo3, smallthinker) get min(cells, window + n_ubatch)
 * padded to 256, as llama.cpp's iswa cache does. node-llama-cpp asks for a
 * micro-batch one larger than its batch for such models (513 instead of
 * 512: a window of 4096 then takes 4864 cells, not 4608); ubatch says which. */
#ifndef OOMCAST_FOOTPRINT_H
#define OOMCAST_FOOTPRINT_H

#include <stdbool.h>
#include <stdint.h>

#include "formats/gguf.h"

enum kv_type { KV_F16, KV_Q8_0, KV_Q4_0 };

/* Bytes a K or V element takes: 2, 34/32, 18/32. */
double kv_type_bytes(enum kv_type t);
const char *kv_type_name(enum kv_type t);
/* "f16", "q8_0", "q4_0"; false for any other. */
bool kv_type_parse(const char *s, enum kv_type *t);

#define FP_UBATCH 512u            /* llama.cpp's default n_ubatch */
/* The runtime's own memory beside llama.cpp's buffers, as a memory cgroup
 * must hold it: with node-llama-cpp 3.21.1 and a prompt filling the
 * context, the smallest limit a --no-mmap load survived was 87 to 151 MiB
 * above the buffers (two models; its heap, its code and libraries, the
 * file's pages read in); 160 MiB is taken. A runtime of its own
 * (llama-server) takes less: --overhead sets it for `fit`. */
#define FP_OVERHEAD_DEFAULT (160ull << 20)
#define FP_CELLS_PAD 256u         /* KV cells are allocated in steps of this */

struct fp_opts {
	uint64_t ctx;                 /* the context asked for (0: the model's own) */
	enum kv_type kv;
	bool flash_attn;
	bool mmap;                    /* weights mapped from the file (llama.cpp's default) */
	uint64_t overhead;            /* the runtime's own memory (libraries, heap) */
	uint64_t ubatch;              /* llama.cpp's n_ubatch; 0: FP_UBATCH */
};

struct footprint {
	uint64_t ctx, cells;          /* the context used, and the KV cells it takes */
	uint64_t swa_cells;           /* the window layers' cells; 0: no window layers */
	uint64_t weights;             /* the file's tensors: the file */
	uint64_t kv, compute, overhead;
	uint64_t total;               /* all of the above */
	uint64_t anon;                /* the part that cannot be given back: all but
	                                 mapped weights (page cache, reclaimable) */
};

/* 0, or -1 when the header does not say enough (no KV sizes, no vocabulary
 * or widths for the compute buffer) or a product overflows. */
int footprint_of(const struct gguf_info *g, uint64_t file_bytes, const struct fp_opts *o,
                 struct footprint *f);

/* The largest context, a multiple of FP_CELLS_PAD and at most the model's
 * trained one (when known), whose footprint's total fits in room; 0 when
 * not even FP_CELLS_PAD does. */
uint64_t footprint_max_ctx(const struct gguf_info *g, uint64_t file_bytes,
                           const struct fp_opts *o, uint64_t room);

/* The file's size in llama.cpp's quantisation mix m: its header, and its
 * tensors as llama-quantize writes them (quantmix.h). 0 when not known (the
 * header was not read with GGUF_ALL, a mixture of experts...). */
uint64_t footprint_mix_file(const struct gguf_info *g, uint64_t file_bytes, enum quant_mix m);
/* fit_quant: the largest mix smaller than the file whose footprint (f, at
 * the same context and options) fits in room; -1 when none does or the
 * sizes are not known. */
int footprint_fit_quant(const struct gguf_info *g, uint64_t file_bytes, const struct fp_opts *o,
                        uint64_t room, struct footprint *f);

#endif
