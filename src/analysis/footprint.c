/* footprint.c - a llama.cpp load's memory, from the model's header; see
 * footprint.h for the formulas and where they were measured. */
#include "analysis/footprint.h"

#include <string.h>

double kv_type_bytes(enum kv_type t)
{
	switch (t) {
	case KV_Q8_0: return 34.0 / 32;
	case KV_Q4_0: return 18.0 / 32;
	case KV_F16: break;
	}
	return 2.0;
}

const char *kv_type_name(enum kv_type t)
{
	return t == KV_Q8_0 ? "q8_0" : t == KV_Q4_0 ? "q4_0" : "f16";
}

bool kv_type_parse(const char *s, enum kv_type *t)
{
	static const struct { const char *n; enum kv_type t; } tab[] = {
		{"f16", KV_F16}, {"q8_0", KV_Q8_0}, {"q4_0", KV_Q4_0},
	};
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strcmp(s, tab[i].n) == 0) {
			*t = tab[i].t;
			return true;
		}
	return false;
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

int footprint_of(const struct gguf_info *g, uint64_t file_bytes, const struct fp_opts *o,
                 struct footprint *f)
{
	memset(f, 0, sizeof *f);
	f->ctx = o->ctx ? o->ctx : g->context_length;
	if (!known(f->ctx) || f->ctx == 0 || f->ctx > (1ull << 32))
		return -1;
	f->cells = (f->ctx + FP_CELLS_PAD - 1) / FP_CELLS_PAD * FP_CELLS_PAD;
	f->weights = file_bytes;
	uint64_t ub = o->ubatch ? o->ubatch : FP_UBATCH;
	if (ub > (1u << 20))
		return -1;
	/* llama.cpp refuses a quantised V cache without flash attention */
	bool fa = o->flash_attn || o->kv != KV_F16;
	f->kv = gguf_kv_bytes_at(g, f->ctx, kv_type_bytes(o->kv), fa, ub);
	f->swa_cells = gguf_swa_cells(g, f->ctx, ub);
	if (!known(f->kv) || !compute_of(g, f->cells, f->swa_cells, ub, o->flash_attn, &f->compute))
		return -1;
	f->overhead = o->overhead;
	uint64_t t;
	if (__builtin_add_overflow(f->weights, f->kv, &t) || __builtin_add_overflow(t, f->compute, &t) ||
	    __builtin_add_overflow(t, f->overhead, &t))
		return -1;
	f->total = t;
	f->anon = o->mmap ? t - f->weights : t;
	return 0;
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
		if (footprint_of(g, size, o, f) == 0 && f->total <= room)
			return m;
	}
	return -1;
}
