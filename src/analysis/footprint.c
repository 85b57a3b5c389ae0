/* footprint.c - a llama.cpp load's memory, from the model's header; see
 * footprint.h for the formulas and where they were measured. */
#include "analysis/footprint.h"

#include <string.h>

/* ggml's name and block (bytes for 32 elements) of each type */
static const struct { const char *name; unsigned block; } kv_types[KV_TYPES] = {
	[KV_F16] = {"f16", 64},     [KV_Q8_0] = {"q8_0", 34}, [KV_Q4_0] = {"q4_0", 18},
	[KV_F32] = {"f32", 128},    [KV_BF16] = {"bf16", 64}, [KV_Q4_1] = {"q4_1", 20},
	[KV_Q5_0] = {"q5_0", 22},   [KV_Q5_1] = {"q5_1", 24}, [KV_IQ4_NL] = {"iq4_nl", 18},
};

double kv_type_bytes(enum kv_type t)
{
	return (unsigned)t < KV_TYPES ? kv_types[t].block / 32.0 : 2.0;
}

const char *kv_type_name(enum kv_type t)
{
	return (unsigned)t < KV_TYPES ? kv_types[t].name : "f16";
}

bool kv_type_parse(const char *s, enum kv_type *t)
{
	for (int i = 0; i < KV_TYPES; i++)
		if (strcmp(s, kv_types[i].name) == 0) {
			*t = (enum kv_type)i;
			return true;
		}
	return false;
}

bool kv_type_quantized(enum kv_type t)
{
	return t != KV_F16 && t != KV_F32 && t != KV_BF16;
}

const char *fp_copies_off_name(enum fp_copies_off w)
{
	switch (w) {
	case FP_COPIES_NO_REPACK: return "no-repack";
	case FP_COPIES_GPU_HOST: return "gpu-host";
	case FP_COPIES_RUNTIME: return "runtime";
	default: return NULL;
	}
}

static bool known(uint64_t v)
{
	return v != GGUF_UNKNOWN;
}

/* The compute buffer, in bytes (footprint.h). */
static bool compute_of(const struct gguf_info *g, uint64_t cells, uint64_t swa_cells,
                       uint64_t ubatch, bool fa, uint64_t *out)
{
	if (!known(g->n_vocab) || !known(g->embedding_length) || !known(g->head_count))
		return false;
	double ub = (double)(cells < ubatch ? cells : ubatch);
	double vocab = (double)g->n_vocab, embd = (double)g->embedding_length;
	double ff = known(g->feed_forward_length) ? (double)g->feed_forward_length : 4 * embd;
	/* window layers have a mask of their own, over their cells
	 * (llama-graph.cpp build_attn_inp_kv_iswa), f32, or f16 with FA */
	double swa = (double)swa_cells;
	double ffn = 4 * ub * (vocab + 2.75 * embd + 2 * ff) + 2 * ub * ((double)cells + swa);
	double attn = 4 * ub * ((double)cells * ((double)g->head_count + 1) + swa + vocab + 1.5 * embd);
	double b = fa || ffn > attn ? ffn : attn;
	if (!(b < 1e18))
		return false;
	*out = (uint64_t)b;
	return true;
}

/* footprint_of with the CPU's copies cp (the file's, or a mix's) */
static int footprint_with(const struct gguf_info *g, const struct gguf_copies *cp,
                         uint64_t file_bytes, const struct fp_opts *o, struct footprint *f)
{
	memset(f, 0, sizeof *f);
	f->ctx = o->ctx ? o->ctx : g->context_length;
	if (!known(f->ctx) || f->ctx == 0 || f->ctx > (1ull << 32))
		return -1;
	f->cells = gguf_kv_cells_seq(f->ctx, o->streams);
	f->weights = file_bytes;
	uint64_t ub = o->ubatch ? o->ubatch : FP_UBATCH;
	if (ub > (1u << 20))
		return -1;
	/* llama.cpp refuses a quantised V cache without flash attention
	 * (llama-context.cpp: "quantized V cache requires flash_attn"); a
	 * quantised K it takes either way */
	bool fa = o->flash_attn || kv_type_quantized(o->kv_v);
	f->kv = gguf_kv_bytes_seq(g, f->ctx, kv_type_bytes(o->kv), kv_type_bytes(o->kv_v), fa, ub,
	                          o->streams, o->seqs);
	f->swa_cells = gguf_swa_cells_seq(g, f->ctx, ub, o->streams, o->seqs);
	/* the graph attends one stream's cells (llama-kv-cache.cpp: n_kv a
	 * stream; measured, bench/llama_server_ctx.sh: -np 2 with no -c, 2
	 * streams of 16384 cells, reserves what one of 16384 does) */
	uint64_t st = o->streams ? o->streams : 1;
	if (!known(f->kv) ||
	    !compute_of(g, f->cells / st, f->swa_cells / st, ub, o->flash_attn, &f->compute))
		return -1;
	f->overhead = o->overhead;
	unsigned k = (unsigned)o->cpu < CPU_KINDS && o->copies_off == FP_COPIES_ON ? (unsigned)o->cpu
	                                                                       : CPU_PLAIN;
	/* the copied tensors cannot hold more than the file: a table that
	 * claims more (a hostile or damaged header) adds nothing, said so */
	f->copies_known = cp->known && cp->src[k] <= file_bytes && cp->copy[k] >= cp->src[k] &&
	                  cp->copy[k] - cp->src[k] <= file_bytes;
	if (f->copies_known) {
		f->copied = cp->copy[k];
		f->added = o->mmap ? cp->copy[k] : cp->copy[k] - cp->src[k];
	}
	uint64_t t;
	if (__builtin_add_overflow(f->weights, f->kv, &t) || __builtin_add_overflow(t, f->compute, &t) ||
	    __builtin_add_overflow(t, f->overhead, &t) || __builtin_add_overflow(t, f->added, &t))
		return -1;
	f->total = t;
	f->anon = o->mmap ? t - f->weights : t;
	return 0;
}

int footprint_of(const struct gguf_info *g, uint64_t file_bytes, const struct fp_opts *o,
                 struct footprint *f)
{
	return footprint_with(g, &g->copies, file_bytes, o, f);
}

int footprint_of_mix(const struct gguf_info *g, enum quant_mix m, uint64_t file_bytes,
                     const struct fp_opts *o, struct footprint *f)
{
	struct gguf_copies cp;
	memset(&cp, 0, sizeof cp);
	cp.known = m < QM_N && g->mix_copies_known;
	if (cp.known) {
		memcpy(cp.src, g->mix_copy_src[m], sizeof cp.src);
		memcpy(cp.copy, g->mix_copy[m], sizeof cp.copy);
	}
	return footprint_with(g, &cp, file_bytes, o, f);
}

uint64_t footprint_max_ctx(const struct gguf_info *g, uint64_t file_bytes,
                           const struct fp_opts *o, uint64_t room)
{
	struct fp_opts q = *o;
	struct footprint f;
	uint64_t top = known(g->context_length) && g->context_length ? g->context_length : 1u << 20;
	uint64_t lo = 0, hi = top / FP_CELLS_PAD;   /* in steps of FP_CELLS_PAD */
	/* the total grows with the context: the largest step that fits */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo + 1) / 2;
		q.ctx = mid * FP_CELLS_PAD;
		if (footprint_of(g, file_bytes, &q, &f) == 0 && f.total <= room)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo * FP_CELLS_PAD;
}

/* what llama.cpp's --fit measures of a load on the CPU (common/fit.cpp:
 * the host buffers of a trial load read with load mode none): the weights
 * but those the CPU backend copies (its extra buffers are not host
 * buffers, and not a device of the model's: not counted), the KV cache,
 * the compute buffer; -1 unknown */
static int fit_used(const struct gguf_info *g, uint64_t file_bytes, const struct fp_opts *o,
                    uint64_t ctx, uint64_t *used)
{
	struct fp_opts q = *o;
	struct footprint f;
	q.ctx = ctx;
	q.mmap = false;
	if (footprint_of(g, file_bytes, &q, &f) < 0)
		return -1;
	/* read in (no mmap), the copies' originals are copied - added */
	*used = f.weights - (f.copied - f.added) + f.kv + f.compute;
	return 0;
}

/* --fit's context between lo and top (common/fit.cpp): where the smallest
 * does not leave the target (or the sizes do not grow), the smallest, as
 * llama.cpp leaves it on giving up; else its linear interpolation, in its
 * integers, rounded down to align ("round down context for CUDA backend") */
static uint64_t fit_interp(uint64_t lo, uint64_t top, uint64_t align, uint64_t target,
                           uint64_t used_min, uint64_t used_max)
{
	if (target <= used_min || used_max <= used_min)
		return lo;
	uint64_t span = top - lo, room = target - used_min, prod, ctx = lo;
	if (!__builtin_mul_overflow(span, room, &prod))
		ctx += prod / (used_max - used_min);
	else
		ctx += (uint64_t)((double)span * (double)room / (double)(used_max - used_min));
	ctx -= ctx % align;
	return ctx < lo ? lo : ctx > top ? top : ctx;
}

uint64_t footprint_fit_ctx(const struct gguf_info *g, uint64_t file_bytes, const struct fp_opts *o,
                           uint64_t ram_total, uint64_t streams)
{
	if (!known(g->context_length) || g->context_length == 0 || streams == 0 ||
	    streams > UINT32_MAX || g->context_length > UINT32_MAX / streams)
		return 0;
	/* llama.cpp's figures for a KV cache of several streams: each the
	 * trained context, at least FP_FIT_CTX_MIN, in steps of 256 */
	uint64_t top = g->context_length * streams, lo = (uint64_t)FP_FIT_CTX_MIN * streams;
	uint64_t align = FP_CELLS_PAD * streams, used_max, used_min;
	if (lo > UINT32_MAX || fit_used(g, file_bytes, o, top, &used_max) < 0)
		return 0;
	/* "will leave N >= 1024 MiB of system memory, no changes needed" */
	if (ram_total >= used_max && ram_total - used_max >= FP_FIT_MARGIN)
		return top;
	if (top <= lo)
		return top;   /* "default model context size is <= the min. context size" */
	if (fit_used(g, file_bytes, o, lo, &used_min) < 0)
		return 0;
	uint64_t target = ram_total > FP_FIT_MARGIN ? ram_total - FP_FIT_MARGIN : 0;
	return fit_interp(lo, top, align, target, used_min, used_max);
}

uint64_t footprint_mix_file(const struct gguf_info *g, uint64_t file_bytes, enum quant_mix m)
{
	if (!g->mix_known || m >= QM_N || g->tensor_bytes > file_bytes)
		return 0;
	/* the header stays (only general.file_type changes, in place) */
	uint64_t v = file_bytes - g->tensor_bytes;
	return __builtin_add_overflow(v, g->mix_bytes[m], &v) ? 0 : v;
}

int footprint_fit_quant(const struct gguf_info *g, uint64_t file_bytes, const struct fp_opts *o,
                        uint64_t room, struct footprint *f)
{
	for (int m = 0; m < QM_N; m++) {
		uint64_t size = footprint_mix_file(g, file_bytes, (enum quant_mix)m);
		if (!size || size >= file_bytes)
			continue;
		if (footprint_of_mix(g, (enum quant_mix)m, size, o, f) == 0 && f->total <= room &&
		    (f->copies_known || o->copies_off != FP_COPIES_ON || o->cpu == CPU_PLAIN))
			return m;
	}
	return -1;
}

/* The device of the offloaded layer at position k (0 first) of n, as
 * llama.cpp's get_layer_buft_list: the first cumulative share above k/n. */
static size_t device_of(const double *cum, size_t ndev, uint64_t k, uint64_t n)
{
	float x = (float)k / (float)n;   /* llama.cpp compares floats */
	for (size_t d = 0; d < ndev; d++)
		if ((float)cum[d] > x)
			return d;
	return ndev - 1;
}

int footprint_split(const struct gguf_info *g, const struct footprint *f, const struct fp_opts *o,
                    int64_t gpu_layers, bool kv_offload, const double *share, size_t ndev,
                    struct fp_split *s)
{
	memset(s, 0, sizeof *s);
	const struct gguf_split *sp = &g->split;
	if (!sp->known || !known(g->block_count) || g->block_count == 0 ||
	    g->block_count > GGUF_SPLIT_LAYERS || ndev == 0 || ndev > FP_DEVS_MAX || gpu_layers < -1)
		return -1;
	uint64_t n_layer = g->block_count;
	/* the tensors cannot hold more than the file: a table that claims more
	 * (a hostile or damaged header) gives no split, and every sum below
	 * stays under the file's size */
	uint64_t all = 0;
	bool over = __builtin_add_overflow(sp->input, sp->output, &all) ||
	            __builtin_add_overflow(all, sp->other, &all);
	for (uint64_t il = 0; il < n_layer && !over; il++)
		over = __builtin_add_overflow(all, sp->layer[il], &all);
	if (over || all > f->weights)
		return -1;
	/* per-layer KV only where every layer has the same KV heads and the
	 * same cells (no sliding-window layers: their KV is not an even share) */
	if (!known(g->kv_heads_sum) || !known(g->head_count_kv) ||
	    g->kv_heads_sum != g->head_count_kv * n_layer || (known(g->swa_layers) && g->swa_layers))
		return -1;
	double cum[FP_DEVS_MAX], sum = 0;
	for (size_t d = 0; d < ndev; d++) {
		double w = share ? share[d] : 1;
		if (!(w >= 0) || !(w < 1e30))
			return -1;
		sum += w;
		cum[d] = sum;
	}
	if (!(sum > 0))
		return -1;
	for (size_t d = 0; d < ndev; d++)
		cum[d] /= sum;
	s->gpu_layers = gpu_layers;
	s->kv_offload = kv_offload;
	s->ndev = ndev;
	/* llama.cpp: n_gpu_layers < 0 is all, plus one for the output layer */
	uint64_t ngl = gpu_layers < 0 ? n_layer + 1 : (uint64_t)gpu_layers;
	uint64_t act = ngl < n_layer + 1 ? ngl : n_layer + 1;
	uint64_t start = n_layer + 1 > ngl ? n_layer + 1 - ngl : 0;
	uint64_t layer_kv = f->kv / n_layer;   /* exact: every layer has the same */
	uint64_t off_w = 0, off_kv = 0;
	for (uint64_t il = start; il <= n_layer && act; il++) {
		size_t d = device_of(cum, ndev, il - start, act);
		if (il == n_layer) {
			s->dev[d].output = s->output_on_gpu = true;
			/* the tied token embeddings are copied, not moved */
			s->dev[d].weights += sp->output + (sp->tied ? sp->input : 0);
			off_w += sp->output;
			continue;
		}
		s->dev[d].layers++;
		s->layers_on_gpu++;
		s->dev[d].weights += sp->layer[il];
		off_w += sp->layer[il];
		if (kv_offload) {
			s->dev[d].kv += layer_kv;
			off_kv += layer_kv;
		}
	}
	for (size_t d = 0; d < ndev; d++) {
		if (s->dev[d].layers || s->dev[d].output)
			s->dev[d].compute = f->compute;
		s->dev[d].total = s->dev[d].weights + s->dev[d].kv + s->dev[d].compute;
	}
	if (off_kv > f->kv)
		return -1;
	s->ram_weights = f->weights - off_w;
	/* the CPU backend's copies (footprint_of) of the layers left in RAM:
	 * all of them when none is offloaded, else their share by the
	 * weights (footprint.h) */
	s->ram_copies = off_w == 0 ? f->added
	              : (uint64_t)((double)f->added * ((double)s->ram_weights / (double)f->weights));
	s->ram_kv = f->kv - off_kv;
	s->ram_compute = f->compute;
	s->ram_overhead = f->overhead;
	s->ram_total = s->ram_weights + s->ram_copies + s->ram_kv + s->ram_compute + s->ram_overhead;
	s->ram_anon = o->mmap ? s->ram_total - s->ram_weights : s->ram_total;
	return 0;
}

int footprint_shares(const struct fp_devs_args *a, const uint64_t *free, size_t ndev,
                     double *share)
{
	if (ndev == 0 || ndev > FP_DEVS_MAX)
		return -1;
	if (a->mode == FP_SM_NONE) {
		/* llama_prepare_model_devices keeps only devices[main_gpu] */
		if (a->main_gpu < 0 || a->main_gpu >= (int64_t)ndev)
			return -1;
		for (size_t k = 0; k < ndev; k++)
			share[k] = k == (size_t)a->main_gpu;
		return 0;
	}
	if (a->mode != FP_SM_LAYER)
		return -1;
	/* load_tensors: all_zero over the devices' entries takes free memory */
	bool all_zero = true;
	for (size_t k = 0; k < ndev; k++) {
		share[k] = k < a->nts ? a->ts[k] : 0;
		if (!(share[k] >= 0))
			return -1;
		all_zero = all_zero && share[k] == 0;
	}
	double sum = 0;
	for (size_t k = 0; all_zero && k < ndev; k++)
		sum += share[k] = free ? (double)free[k] : 1;
	/* no device with any free memory: even (llama.cpp would divide by 0) */
	for (size_t k = 0; all_zero && !(sum > 0) && k < ndev; k++)
		share[k] = 1;
	return 0;
}

uint64_t footprint_max_ctx_split(const struct gguf_info *g, uint64_t file_bytes,
                                 const struct fp_opts *o, int64_t gpu_layers, bool kv_offload,
                                 const double *share, size_t ndev, uint64_t ram_room,
                                 const uint64_t *dev_room)
{
	struct fp_opts q = *o;
	struct footprint f;
	struct fp_split sp;
	uint64_t top = known(g->context_length) && g->context_length ? g->context_length : 1u << 20;
	uint64_t lo = 0, hi = top / FP_CELLS_PAD;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo + 1) / 2;
		q.ctx = mid * FP_CELLS_PAD;
		bool fits = footprint_of(g, file_bytes, &q, &f) == 0 &&
		            footprint_split(g, &f, &q, gpu_layers, kv_offload, share, ndev, &sp) == 0 &&
		            sp.ram_total <= ram_room;
		for (size_t d = 0; fits && d < ndev; d++)
			fits = sp.dev[d].total <= dev_room[d];
		if (fits)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo * FP_CELLS_PAD;
}

/* Does the split with ngl layers leave every device the margin? */
static bool gpu_fits(const struct gguf_info *g, const struct footprint *f, const struct fp_opts *o,
                     int64_t ngl, bool kv_offload, const double *share, size_t ndev,
                     const uint64_t *dev_free, struct fp_split *sp)
{
	if (footprint_split(g, f, o, ngl, kv_offload, share, ndev, sp) < 0)
		return false;
	for (size_t d = 0; d < ndev; d++)
		if (sp->dev[d].total > dev_free[d] || dev_free[d] - sp->dev[d].total < FP_FIT_MARGIN)
			return false;
	return true;
}

static uint64_t dev_sum(const struct fp_split *sp, size_t ndev, bool weights)
{
	uint64_t v = 0;
	for (size_t d = 0; d < ndev; d++)
		v += weights ? sp->dev[d].weights : sp->dev[d].total;
	return v;
}

/* Step 3 on several devices, as llama.cpp fills them: from the last to
 * the first, each given the most of the layers still unassigned that
 * leave its margin (the last ones, with the output layer, on the last
 * device); the counts become the shares. */
static int64_t fill_devices(const struct gguf_info *g, const struct footprint *f,
                            const struct fp_opts *o, int64_t all, bool kv_offload, size_t ndev,
                            const uint64_t *dev_free, double *share)
{
	int64_t count[FP_DEVS_MAX] = {0}, given = 0;
	struct fp_split sp;
	for (size_t id = ndev; id-- > 0;) {
		for (int64_t c = all - given; c > 0; c--) {
			double sh[FP_DEVS_MAX];
			for (size_t d = 0; d < ndev; d++)
				sh[d] = (double)(d == id ? c : count[d]);
			if (footprint_split(g, f, o, given + c, kv_offload, sh, ndev, &sp) == 0 &&
			    sp.dev[id].total <= dev_free[id] &&
			    dev_free[id] - sp.dev[id].total >= FP_FIT_MARGIN) {
				count[id] = c;
				break;
			}
		}
		given += count[id];
	}
	for (size_t d = 0; d < ndev; d++)
		share[d] = (double)count[d];
	return given;
}

int footprint_fit_gpu(const struct gguf_info *g, uint64_t file_bytes, struct fp_opts *o,
                      bool ctx_auto, uint64_t streams, bool kv_offload, double *share,
                      size_t ndev, const uint64_t *dev_free, int64_t fixed, bool ts_user,
                      int64_t *ngl)
{
	struct footprint f;
	struct fp_split sp;
	if (!known(g->block_count) || g->block_count == 0 || g->block_count > GGUF_SPLIT_LAYERS ||
	    ndev == 0 || ndev > FP_DEVS_MAX || (ndev > 1 && !share) || streams == 0 ||
	    streams > UINT32_MAX || footprint_of(g, file_bytes, o, &f) < 0)
		return -1;
	int64_t all = (int64_t)g->block_count + 1;
	int64_t want = fixed >= 0 ? fixed : all;
	*ngl = want;
	/* step 1: as asked ("no changes needed") */
	if (gpu_fits(g, &f, o, want, kv_offload, share, ndev, dev_free, &sp))
		return 0;
	if (footprint_split(g, &f, o, want, kv_offload, share, ndev, &sp) < 0)
		return -1;
	/* step 2: a smaller context, where none was given and the devices
	 * together lack their margins: linearly between FP_FIT_CTX_MIN and
	 * the trained one (a stream each) */
	uint64_t train = known(g->context_length) ? g->context_length : 0;
	uint64_t used_max = dev_sum(&sp, ndev, false), free_sum = 0;
	for (size_t d = 0; d < ndev; d++)
		free_sum += dev_free[d];
	bool short_all = free_sum < used_max || free_sum - used_max < ndev * FP_FIT_MARGIN;
	if (ctx_auto && short_all && train && train <= UINT32_MAX / streams &&
	    train * streams > (uint64_t)FP_FIT_CTX_MIN * streams) {
		uint64_t top = train * streams, lo = (uint64_t)FP_FIT_CTX_MIN * streams;
		uint64_t less = ndev * FP_FIT_MARGIN, used_min;
		/* several devices hold whole layers: half a layer's weights lost
		 * on each, and one more (common/fit.cpp) */
		if (ndev > 1 && want > 0) {
			uint64_t per = (uint64_t)want < g->block_count ? (uint64_t)want : g->block_count;
			less += (ndev + 1) * (dev_sum(&sp, ndev, true) / per) / 2;
		}
		uint64_t target = free_sum > less ? free_sum - less : 0;
		struct fp_opts q = *o;
		q.ctx = lo;
		struct footprint fm;
		struct fp_split spm;
		if (footprint_of(g, file_bytes, &q, &fm) < 0 ||
		    footprint_split(g, &fm, &q, want, kv_offload, share, ndev, &spm) < 0)
			return -1;
		used_min = dev_sum(&spm, ndev, false);
		o->ctx = fit_interp(lo, top, FP_CELLS_PAD * streams, target, used_min, used_max);
		if (target > used_min && used_max > used_min && ndev <= 1)
			return 0;   /* "entire model can be fit by reducing context" */
		if (footprint_of(g, file_bytes, o, &f) < 0)
			return -1;
	}
	/* llama.cpp changes no layer count the user set, nor the division
	 * over several devices the user gave (-ts) */
	if (fixed >= 0 || (ndev > 1 && ts_user))
		return 0;
	/* step 3: fewer layers, the output layer and the last ones staying
	 * (whole layers: llama.cpp may move part of one more, a few tensors) */
	if (ndev > 1) {
		*ngl = fill_devices(g, &f, o, all, kv_offload, ndev, dev_free, share);
		return 0;
	}
	for (int64_t k = all - 1; k > 0; k--)
		if (gpu_fits(g, &f, o, k, kv_offload, share, ndev, dev_free, &sp)) {
			*ngl = k;
			return 0;
		}
	*ngl = 0;
	return 0;
}

int footprint_fit_devs(const struct gguf_info *g, uint64_t file_bytes, struct fp_opts *o,
                       bool ctx_auto, uint64_t streams, bool kv_offload,
                       const struct fp_devs_args *a, double *share, size_t ndev,
                       const uint64_t *dev_free, int64_t fixed, int64_t *ngl, bool *filled)
{
	*filled = false;
	if (ndev == 0 || ndev > FP_DEVS_MAX)
		return -1;
	if (a->mode == FP_SM_NONE) {
		/* llama.cpp keeps devices[main_gpu] alone: its --fit sees one */
		if (a->main_gpu < 0 || a->main_gpu >= (int64_t)ndev)
			return -1;
		return footprint_fit_gpu(g, file_bytes, o, ctx_auto, streams, kv_offload, NULL, 1,
		                         &dev_free[a->main_gpu], fixed, false, ngl);
	}
	if (a->mode != FP_SM_LAYER)
		return -1;
	bool ts_user = false;
	for (size_t k = 0; k < a->nts; k++)
		ts_user = ts_user || a->ts[k] != 0;
	int rc = footprint_fit_gpu(g, file_bytes, o, ctx_auto, streams, kv_offload, share, ndev,
	                           dev_free, fixed, ts_user, ngl);
	/* step 3 over several devices wrote its counts into share[] */
	*filled = rc == 0 && fixed < 0 && ndev > 1 && !ts_user;
	return rc;
}
