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

/* The KV cache types llama.cpp takes (common/arg.cpp kv_cache_types); the
 * first three are snap_load_args's kv_type 0, 1, 2, the rest follow in
 * this order (3 f32 ... 8 iq4_nl). */
enum kv_type { KV_F16, KV_Q8_0, KV_Q4_0, KV_F32, KV_BF16, KV_Q4_1, KV_Q5_0, KV_Q5_1, KV_IQ4_NL,
               KV_TYPES };

/* Bytes a K or V element takes: 2, 34/32, 18/32, 4, 2, 20/32, 22/32,
 * 24/32, 18/32 (ggml's blocks of 32, ggml-common.h). */
double kv_type_bytes(enum kv_type t);
const char *kv_type_name(enum kv_type t);
/* One of the names above ("f16", "q8_0", ...); false for any other. */
bool kv_type_parse(const char *s, enum kv_type *t);
/* ggml_is_quantized: the block types (not f16, f32, bf16) */
bool kv_type_quantized(enum kv_type t);

#define FP_UBATCH 512u            /* llama.cpp's default n_ubatch */
/* The runtime's own memory beside llama.cpp's buffers, as a memory cgroup
 * must hold it: with node-llama-cpp 3.21.1 and a prompt filling the
 * context, the smallest limit a --no-mmap load survived was 87 to 151 MiB
 * above the buffers (two models; its heap, its code and libraries, the
 * file's pages read in); 160 MiB is taken, for any runtime not measured
 * (ollama's runner, python bindings). A llama.cpp program of its own takes
 * far less: llama-server built from the same release
 * (bench/llama_server_overhead.sh, the same two models at -c 4096, 4 MiB
 * steps) survived 7 and 11 MiB above its buffers; its libraries are 20 MiB
 * more of file pages, which a fresh container is charged for and can
 * reclaim: 32 MiB is taken. --overhead sets it for `fit`. */
#define FP_OVERHEAD_DEFAULT (160ull << 20)
#define FP_OVERHEAD_NATIVE (32ull << 20)
/* A build of those programs with a GPU backend needs more: llama-server
 * built with CUDA (tests/runtime/build_llama_server.sh ... cuda), run where no GPU is,
 * survived 107 MiB above its buffers, not less, with either model (the
 * same bench; its cuBLAS libraries' pages and some 75 MiB of anonymous
 * memory of its own). On a GPU the CUDA context's host memory comes on
 * top (not measured: none was lent). */
#define FP_OVERHEAD_NATIVE_GPU (112ull << 20)
#define FP_CELLS_PAD 256u         /* KV cells are allocated in steps of this */

/* Why a load makes no CPU copies whatever the CPU: -nr/--no-repack; a
 * build with a GPU backend, whose pinned host buffer comes before the
 * CPU's extra buffers in llama.cpp's list (node-llama-cpp 3.21.1's
 * src/llama-model.cpp make_cpu_buft_list; with mmap the loader then keeps
 * the weights in the file's pages), unless --no-host; a runtime that has
 * no extra buffers (ollama's own engine: ml/backend/ggml/ggml.go). Read
 * from their source, not measured (no GPU, no ollama here). */
enum fp_copies_off { FP_COPIES_ON, FP_COPIES_NO_REPACK, FP_COPIES_GPU_HOST, FP_COPIES_RUNTIME };
/* "no-repack", "gpu-host", "runtime"; NULL for FP_COPIES_ON */
const char *fp_copies_off_name(enum fp_copies_off w);

struct fp_opts {
	uint64_t ctx;                 /* the context asked for (0: the model's own) */
	/* K's type (-ctk) and V's (-ctv): each its own, f16 by default as in
	 * llama.cpp; a quantised V forces flash attention on (llama.cpp
	 * refuses one without it; a quantised K it allows) */
	enum kv_type kv, kv_v;
	bool flash_attn;
	bool mmap;                    /* weights mapped from the file (llama.cpp's default) */
	uint64_t overhead;            /* the runtime's own memory (libraries, heap) */
	uint64_t ubatch;              /* llama.cpp's n_ubatch; 0: FP_UBATCH */
	/* the CPU's kind (cpuinfo.h): which weights llama.cpp's CPU backend
	 * copies into buffers of its own, unless copies_off says why none */
	enum cpu_kind cpu;
	enum fp_copies_off copies_off;
	/* the KV cache's streams (one per sequence where it is not unified)
	 * and the sequences sharing a unified one (gguf_kv_bytes_seq); 0: 1.
	 * llama-server's default (-np auto) is 1 stream of 4 sequences: its
	 * window layers hold 4 windows. The compute buffer is one stream's */
	uint32_t streams, seqs;
};

struct footprint {
	uint64_t ctx, cells;          /* the context used, and the KV cells it takes */
	uint64_t swa_cells;           /* the window layers' cells; 0: no window layers */
	uint64_t weights;             /* the file's tensors: the file */
	/* the CPU backend's copies of weights (cpuinfo.h), anonymous memory:
	 * copied their bytes; added what they add to the file's: all of
	 * them with mmap (the file stays mapped, its pages read to make
	 * them), their growth over the originals without (those are not
	 * read into the CPU buffer then). Both 0 where the tensor table was
	 * not read (copies_known false) or the kind copies nothing. */
	uint64_t copied, added;
	bool copies_known;
	uint64_t kv, compute, overhead;
	uint64_t total;               /* weights + added + kv + compute + overhead */
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

/* The context llama.cpp's own programs (llama-server, llama-cli) give a
 * load whose command line sets none, where no GPU takes part: the trained
 * one (common.h: n_ctx 0, "loaded from model"), times the KV cache's
 * streams (one per slot where it is not unified), unless its --fit (on by
 * default, common/fit.cpp) sees the load's host buffers (weights less
 * those the CPU copies, KV cache, compute: fit_used) leave less than FP_FIT_MARGIN of the
 * machine's RAM, ram_total (all of it: ggml's CPU device reports its total
 * as free, whatever is in use). It then cuts the context, linearly between
 * FP_FIT_CTX_MIN and the trained one (each times the streams), to what
 * leaves the margin, rounded down to 256 a stream; the smallest where not
 * even that leaves it. Read from node-llama-cpp 3.21.1's llama.cpp
 * source; bench/llama_fit_cut.sh tries it against the real llama-server
 * made to see a small machine: the same context for llama files (with
 * and without a cut, -np 2), 6-13 % more for gemma3 (its compute buffer,
 * 3.3 MiB under). 0 when the header has no trained context. */
#define FP_FIT_MARGIN (1024ull << 20)
#define FP_FIT_CTX_MIN 4096u
uint64_t footprint_fit_ctx(const struct gguf_info *g, uint64_t file_bytes, const struct fp_opts *o,
                           uint64_t ram_total, uint64_t streams);

/* The file's size in llama.cpp's quantisation mix m: its header, and its
 * tensors as llama-quantize writes them (quantmix.h). 0 when not known (the
 * header was not read with GGUF_ALL, a mixture of experts...). */
uint64_t footprint_mix_file(const struct gguf_info *g, uint64_t file_bytes, enum quant_mix m);
/* footprint_of for the file in llama.cpp's mix m (of file_bytes): the
 * CPU's copies of that mix's tensors (a Q4_K_M of an F16 file is mostly
 * repacked with AVX2, the F16 not at all); not known where the mixes or
 * the copies are not. */
int footprint_of_mix(const struct gguf_info *g, enum quant_mix m, uint64_t file_bytes,
                     const struct fp_opts *o, struct footprint *f);
/* fit_quant: the largest mix smaller than the file whose footprint (f, at
 * the same context and options, footprint_of_mix) fits in room; -1 when
 * none does or the sizes are not known (the copies too, where this CPU
 * makes any). */
int footprint_fit_quant(const struct gguf_info *g, uint64_t file_bytes, const struct fp_opts *o,
                        uint64_t room, struct footprint *f);

/* A load with layers offloaded (-ngl N), split between RAM and GPUs as
 * node-llama-cpp 3.21.1's llama.cpp places them. Read from its source
 * (src/llama-model.cpp load_tensors, src/llama-kv-cache.cpp), NOT measured:
 * no GPU was at hand, and node-llama-cpp's build there is CPU-only.
 *  - llama.cpp counts the output layer as one more layer: N covers
 *    the output layer first, then the last N-1 repeating layers
 *    (i_gpu_start = n_layer + 1 - N; "offloading output layer to GPU");
 *    N > n_layer offloads all. The token embeddings stay in RAM; with
 *    tied embeddings (no output.weight) the GPU gets a copy of them too.
 *  - With several GPUs, the offloaded layers go in order to each device by
 *    its share (-ts, or by default each device's free memory).
 *  - The KV cache of an offloaded layer is on its device, unless
 *    -nkvo/--no-kv-offload (offload_kqv false) keeps all of it in RAM.
 *    f's KV is divided evenly over the layers: exact while every layer's
 *    cache has the same size (the same KV heads, which is checked, and
 *    sliding-window layers counted in full as footprint_of does; should
 *    those be sized by their window, the split must follow per layer).
 *  - Weights of the layers left in RAM are mapped file pages (mmap) or
 *    anonymous memory (--no-mmap); offloaded weights are copied to VRAM.
 *  - Compute buffers: one per backend. The GPU's is taken as the CPU
 *    graph's figure above (CUDA/ROCm size theirs differently: not
 *    checked), and RAM keeps the full CPU figure, an upper bound: it
 *    shrinks when every layer is offloaded, by an amount not checked.
 *  - The CPU backend's copies of weights (footprint's added): all of
 *    them when no layer is offloaded, else their share by the weights
 *    left in RAM (which tensors of which layers: not split; llama.cpp
 *    has put the GPU's pinned host buffer before and after the CPU's
 *    extra buffers in its list, which changes what is copied: not
 *    measured).
 *  - Not counted: the GPU driver's own context (CUDA takes some hundreds
 *    of MiB of VRAM per process, by driver and card), pinned staging
 *    buffers, the runtime's own memory (all of it is put in RAM). */
#define FP_DEVS_MAX 16
struct fp_split {
	int64_t gpu_layers;           /* as asked; -1 all (llama.cpp's own default) */
	uint64_t layers_on_gpu;       /* repeating layers offloaded */
	bool output_on_gpu;
	bool kv_offload;
	/* RAM: what stays there */
	uint64_t ram_weights, ram_kv, ram_compute, ram_overhead, ram_total;
	uint64_t ram_copies;          /* the CPU backend's copies (footprint's added) */
	uint64_t ram_anon;            /* all but mapped weights */
	size_t ndev;
	struct {
		uint64_t layers;          /* repeating layers on it */
		bool output;
		uint64_t weights, kv, compute, total;
	} dev[FP_DEVS_MAX];
};

/* The split of f (footprint_of's for g and o) with gpu_layers offloaded,
 * over ndev devices (1 to FP_DEVS_MAX) with shares share[] (NULL: one
 * device; shares need not sum to 1). 0, or -1 when g's tensor table was
 * not read (gguf_split), its layers' KV heads differ (per-layer KV is not
 * known), or the arguments are out of range. */
int footprint_split(const struct gguf_info *g, const struct footprint *f, const struct fp_opts *o,
                    int64_t gpu_layers, bool kv_offload, const double *share, size_t ndev,
                    struct fp_split *s);

/* What llama.cpp's --fit (common/fit.cpp, on by default in its own
 * programs) makes of a load on GPUs: it keeps FP_FIT_MARGIN of each
 * device's free memory dev_free[] (the devices' shares as footprint_split
 * takes them). fixed: the layers the user set (-ngl N), or -1 for its
 * default, "auto" (all of them, n_layer + 1, to be lowered). Step 1: those
 * layers at o's context, if that leaves every margin. Step 2, where
 * ctx_auto (no -c given) and the devices together lack their margins: the
 * context cut linearly towards FP_FIT_CTX_MIN (a stream each: streams)
 * until their parts together leave them (o->ctx set; one device: done).
 * Step 3, only where the layers were not set (fixed -1) and, on several
 * devices, the user gave no division (ts_user false): the most whole
 * layers that leave each device its margin; on several devices filled
 * from the last to the first, the counts written to share[] as
 * llama.cpp writes its tensor_split. Into *ngl; 0, or -1 when the split
 * cannot be computed (window layers, a table not read). Read from the
 * source, not measured on a GPU: llama.cpp's figures are its GPU's
 * buffers (CUDA sizes its compute buffer differently), its free memory is
 * read after its own CUDA context is made (some hundreds of MiB, not
 * counted here), it may move a few tensors of one more layer, and moves
 * experts of mixture-of-experts models to the CPU first (not modelled). */
int footprint_fit_gpu(const struct gguf_info *g, uint64_t file_bytes, struct fp_opts *o,
                      bool ctx_auto, uint64_t streams, bool kv_offload, double *share,
                      size_t ndev, const uint64_t *dev_free, int64_t fixed, bool ts_user,
                      int64_t *ngl);

struct fp_devs_args;
/* footprint_fit_gpu for a load's division over the GPUs (fp_devs_args, as
 * footprint_shares takes it, share[] its result): split mode none is its
 * main GPU alone (llama.cpp keeps that device only: its --fit sees one);
 * layer mode with any -ts share given is a division the user set. -1 for
 * other modes, or -mg past the GPUs. *filled: step 3 filled several
 * GPUs, share[] now holds its counts (the division to split with). */
int footprint_fit_devs(const struct gguf_info *g, uint64_t file_bytes, struct fp_opts *o,
                       bool ctx_auto, uint64_t streams, bool kv_offload,
                       const struct fp_devs_args *a, double *share, size_t ndev,
                       const uint64_t *dev_free, int64_t fixed, int64_t *ngl, bool *filled);

/* How llama.cpp divides the offloaded layers over the GPUs (-sm, -mg,
 * -ts: common/arg.cpp, src/llama.cpp llama_prepare_model_devices,
 * src/llama-model.cpp load_tensors; read, not measured on a GPU). */
enum fp_split_mode { FP_SM_LAYER, FP_SM_NONE, FP_SM_ROW, FP_SM_TENSOR };
struct fp_devs_args {
	enum fp_split_mode mode;      /* -sm/--split-mode; layer by default */
	int64_t main_gpu;             /* -mg/--main-gpu; 0 by default */
	size_t nts;                   /* -ts/--tensor-split shares given; 0 none */
	const float *ts;
};

/* Each of the ndev GPUs' share of the offloaded layers, into share[], as
 * llama.cpp: split mode none puts them all on GPU main_gpu; layer (the
 * default) by the -ts shares of the first ndev devices (missing ones 0;
 * those past the devices unused) or, where those are all 0 or not given,
 * by each device's free memory (free[]). 0, or -1 where not computed:
 * split mode row or tensor (weight matrices divided by rows over all the
 * GPUs, not by layers), none with main_gpu past the devices (llama.cpp
 * refuses to load) or negative (llama.cpp then offloads nothing). */
int footprint_shares(const struct fp_devs_args *a, const uint64_t *free, size_t ndev,
                     double *share);

/* The largest context (as footprint_max_ctx) whose split fits: RAM part in
 * ram_room, each device's in dev_room[]. */
uint64_t footprint_max_ctx_split(const struct gguf_info *g, uint64_t file_bytes,
                                 const struct fp_opts *o, int64_t gpu_layers, bool kv_offload,
                                 const double *share, size_t ndev, uint64_t ram_room,
                                 const uint64_t *dev_room);

#endif
