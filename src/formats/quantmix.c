/* quantmix.c - the sizes of a model in llama.cpp's quantisation mixes, by
 * the rules of llama.cpp's src/llama-quant.cpp (the version node-llama-cpp
 * 3.21.1 ships; the rules for these mixes have not changed since K-quants
 * came). Only what a dense, non-Falcon model meets is here. */
#include "formats/quantmix.h"

#include <string.h>

enum {
	T_F32 = 0, T_F16 = 1, T_Q4_0 = 2, T_Q5_0 = 6, T_Q5_1 = 7, T_Q8_0 = 8,
	T_Q3_K = 11, T_Q4_K = 12, T_Q5_K = 13, T_Q6_K = 14,
};

/* ggml's block layouts (ggml-common.h): elements per block, bytes per
 * block; 0 where the type is not a storage type this knows */
static const struct {
	uint16_t blck, size;
} TYPES[] = {
	[0] = {1, 4},       /* F32 */      [1] = {1, 2},       /* F16 */
	[2] = {32, 18},     /* Q4_0 */     [3] = {32, 20},     /* Q4_1 */
	[6] = {32, 22},     /* Q5_0 */     [7] = {32, 24},     /* Q5_1 */
	[8] = {32, 34},     /* Q8_0 */     [9] = {32, 36},     /* Q8_1 */
	[10] = {256, 84},   /* Q2_K */     [11] = {256, 110},  /* Q3_K */
	[12] = {256, 144},  /* Q4_K */     [13] = {256, 176},  /* Q5_K */
	[14] = {256, 210},  /* Q6_K */     [15] = {256, 292},  /* Q8_K */
	[16] = {256, 66},   /* IQ2_XXS */  [17] = {256, 74},   /* IQ2_XS */
	[18] = {256, 98},   /* IQ3_XXS */  [19] = {256, 50},   /* IQ1_S */
	[20] = {32, 18},    /* IQ4_NL */   [21] = {256, 110},  /* IQ3_S */
	[22] = {256, 82},   /* IQ2_S */    [23] = {256, 136},  /* IQ4_XS */
	[24] = {1, 1},      /* I8 */       [25] = {1, 2},      /* I16 */
	[26] = {1, 4},      /* I32 */      [27] = {1, 8},      /* I64 */
	[28] = {1, 8},      /* F64 */      [29] = {256, 56},   /* IQ1_M */
	[30] = {1, 2},      /* BF16 */     [34] = {256, 54},   /* TQ1_0 */
	[35] = {256, 66},   /* TQ2_0 */    [39] = {32, 17},    /* MXFP4 */
};
#define NTYPES (sizeof TYPES / sizeof TYPES[0])

static const struct {
	const char *name;
	uint32_t ftype;
	uint32_t base;
} MIXES[QM_N] = {
	[QM_Q8_0] = {"Q8_0", 7, T_Q8_0},     [QM_Q6_K] = {"Q6_K", 18, T_Q6_K},
	[QM_Q5_K_M] = {"Q5_K_M", 17, T_Q5_K}, [QM_Q5_K_S] = {"Q5_K_S", 16, T_Q5_K},
	[QM_Q4_K_M] = {"Q4_K_M", 15, T_Q4_K}, [QM_Q4_K_S] = {"Q4_K_S", 14, T_Q4_K},
	[QM_Q3_K_M] = {"Q3_K_M", 12, T_Q3_K},
};

const char *quantmix_name(enum quant_mix m)
{
	return m < QM_N ? MIXES[m].name : "?";
}

uint32_t quantmix_ftype(enum quant_mix m)
{
	return m < QM_N ? MIXES[m].ftype : 0;
}

static unsigned blck(uint32_t t)
{
	return t < NTYPES ? TYPES[t].blck : 0;
}

unsigned ggml_type_blck(uint32_t t)
{
	return blck(t);
}

bool ggml_type_bytes(uint32_t t, uint64_t ne0, uint64_t n, uint64_t *bytes)
{
	unsigned b = blck(t);
	if (!b || ne0 % b || n % b)
		return false;
	return !__builtin_mul_overflow(n / b, (uint64_t)TYPES[t].size, bytes);
}

static bool has(const struct qm_tensor *t, const char *s)
{
	size_t sl = strlen(s);
	if (sl > t->name_len)
		return false;
	for (size_t i = 0; i + sl <= t->name_len; i++)
		if (memcmp(t->name + i, s, sl) == 0)
			return true;
	return false;
}

static bool is(const struct qm_tensor *t, const char *s)
{
	return strlen(s) == t->name_len && memcmp(t->name, s, t->name_len) == 0;
}

enum cat { C_TOKEN_EMBD, C_ATTN_V, C_ATTN_K, C_ATTN_Q, C_ATTN_OUT, C_FFN_UP, C_FFN_GATE,
	   C_FFN_DOWN, C_OUTPUT, C_OTHER };

/* tensor_get_category(): the order of the tests matters ("attn_qkv" and
 * "attn_kv_b" are attn_v-like) */
static enum cat category(const struct qm_tensor *t)
{
	if (is(t, "output.weight"))
		return C_OUTPUT;
	if (is(t, "token_embd.weight") || is(t, "per_layer_token_embd.weight"))
		return C_TOKEN_EMBD;
	if (has(t, "attn_qkv.weight") || has(t, "attn_kv_b.weight") || has(t, "attn_v.weight"))
		return C_ATTN_V;
	if (has(t, "attn_k.weight"))
		return C_ATTN_K;
	if (has(t, "attn_q.weight"))
		return C_ATTN_Q;
	if (has(t, "attn_output.weight"))
		return C_ATTN_OUT;
	if (has(t, "ffn_up"))
		return C_FFN_UP;
	if (has(t, "ffn_gate"))
		return C_FFN_GATE;
	if (has(t, "ffn_down"))
		return C_FFN_DOWN;
	return C_OTHER;
}

/* tensor_allows_quantization(): matrices whose name ends in "weight", less
 * the norms and the small or special ones llama.cpp keeps as they are */
static bool quantized(const struct qm_tensor *t)
{
	static const char *const keep[] = {
		"_norm.weight", "ffn_gate_inp.weight", "ffn_gate_tid2eid.weight", "altup", "laurel",
		"per_layer_model_proj", "ssm_conv1d", "shortconv.conv.weight",
		"indexer.k_proj.weight", "indexer.q_proj.weight", "time_mix_first.weight",
		"time_mix_w0.weight", "time_mix_w1.weight", "time_mix_w2.weight", "time_mix_v0.weight",
		"time_mix_v1.weight", "time_mix_v2.weight", "time_mix_a0.weight", "time_mix_a1.weight",
		"time_mix_a2.weight", "time_mix_g1.weight", "time_mix_g2.weight",
		"time_mix_decay_w1.weight", "time_mix_decay_w2.weight", "time_mix_lerp_fused.weight",
		"attn_rel_b.weight", ".position_embd", "sam.pos_embd", "sam.neck.", "sam.net_",
		".rel_pos", ".patch_embd", ".patch_merger", "a.rvq.codebook", "mm.a.code_embd",
	};
	if (t->n_dims < 2 || t->name_len < 6 || memcmp(t->name + t->name_len - 6, "weight", 6) != 0)
		return false;
	if (is(t, "position_embd.weight") || is(t, "token_types.weight"))
		return false;
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
		if (has(t, keep[i]))
			return false;
	return true;
}

static bool use_more_bits(uint64_t i, uint64_t n)
{
	return i < n / 8 || i >= 7 * n / 8 || (int64_t)(i - n / 8) % 3 == 2;
}

/* The layer of "blk.N.…", or fallback. llama-quantize takes the tensors in
 * the order of their layer (its loader's weight_name_comparer), and counts
 * the attn_v and ffn_down it has seen: in a dense model that count is the
 * layer, whatever order the file has them in. */
static uint64_t layer_of(const struct qm_tensor *t, uint64_t fallback)
{
	if (t->name_len < 5 || memcmp(t->name, "blk.", 4) != 0)
		return fallback;
	uint64_t n = 0;
	size_t i = 4;
	for (; i < t->name_len && t->name[i] >= '0' && t->name[i] <= '9' && n < 1000000; i++)
		n = n * 10 + (uint64_t)(t->name[i] - '0');
	return i > 4 && i < t->name_len && t->name[i] == '.' ? n : fallback;
}

/* llama_tensor_get_type_impl() for these mixes, on a dense model */
static uint32_t mix_type(const struct quantmix *q, const struct qm_model *m, enum quant_mix mix,
                         const struct qm_tensor *tn, enum cat c, uint64_t ne0)
{
	uint32_t t = MIXES[mix].base;
	bool m70b = strcmp(m->arch, "llama") == 0 && m->n_layer == 80 && m->n_head != m->n_head_kv;
	if (c == C_OUTPUT || (c == C_TOKEN_EMBD && !q->has_output)) {
		if (ne0 % blck(t))
			return T_Q8_0;
		return t == T_Q8_0 ? T_Q8_0 : T_Q6_K;
	}
	if (c == C_ATTN_V) {
		uint64_t i = layer_of(tn, q->i_attn_v), n = q->n_attn_v;
		if (mix == QM_Q3_K_M)
			t = i < 2 ? T_Q5_K : T_Q4_K;
		else if ((mix == QM_Q4_K_M || mix == QM_Q5_K_M) && use_more_bits(i, n))
			t = T_Q6_K;
		else if (mix == QM_Q4_K_S && i < 4)
			t = T_Q5_K;
		if (m70b && (t == T_Q3_K || t == T_Q4_K))
			t = T_Q5_K;
		return t;
	}
	if (c == C_FFN_DOWN) {
		uint64_t i = layer_of(tn, q->i_ffn_down), n = m->n_layer;
		if (mix == QM_Q3_K_M)
			t = i < n / 16 ? T_Q5_K : T_Q4_K;
		else if ((mix == QM_Q4_K_M || mix == QM_Q5_K_M) && use_more_bits(i, n))
			t = T_Q6_K;
		else if (mix == QM_Q4_K_S && i < n / 8)
			t = T_Q5_K;
		return t;
	}
	if (c == C_ATTN_OUT && mix == QM_Q3_K_M)
		return T_Q4_K;
	return t;
}

/* tensor_type_fallback(): rows that are not whole blocks of the type */
static bool fallback(uint32_t *t, uint64_t ne0)
{
	if (ne0 % blck(*t) == 0)
		return true;
	switch (*t) {
	case T_Q3_K: *t = T_Q4_0; break;
	case T_Q4_K: *t = T_Q5_0; break;
	case T_Q5_K: *t = T_Q5_1; break;
	case T_Q6_K: *t = T_Q8_0; break;
	default: return false;     /* llama-quantize gives up */
	}
	if (ne0 % blck(*t))
		*t = T_F16;
	return true;
}

void qm_init(struct quantmix *q)
{
	memset(q, 0, sizeof *q);
}

void qm_count(struct quantmix *q, const struct qm_tensor *t)
{
	enum cat c = category(t);
	q->n_tensors++;
	if (c == C_ATTN_V)
		q->n_attn_v++;
	if (c == C_OUTPUT)
		q->has_output = true;
	if (t->n_dims > 2 && t->ne[2] > 1)
		q->unsupported = true;   /* experts: their own rules */
}

static uint64_t elems(const struct qm_tensor *t)
{
	uint64_t n = 1;
	for (uint32_t d = 0; d < t->n_dims && d < 4; d++)
		if (__builtin_mul_overflow(n, t->ne[d], &n))
			return UINT64_MAX;
	return n;
}

static void sum(uint64_t *acc, uint64_t *padded, uint64_t b, uint64_t align, bool *bad)
{
	uint64_t p = (b + align - 1) / align * align;
	if (p < b || __builtin_add_overflow(*acc, b, acc) || __builtin_add_overflow(*padded, p, padded))
		*bad = true;
}

void qm_add(struct quantmix *q, const struct qm_model *m, const struct qm_tensor *t)
{
	if (q->unsupported)
		return;
	uint64_t n = elems(t), ne0 = t->n_dims ? t->ne[0] : 1, b;
	uint64_t align = m->alignment ? m->alignment : 32;
	enum cat c = category(t);
	bool bad = false;
	if (n == UINT64_MAX || !ggml_type_bytes(t->type, ne0, n, &b)) {
		q->unsupported = true;
		return;
	}
	sum(&q->cur_bytes, &q->cur_padded, b, align, &bad);
	for (int mix = 0; mix < QM_N && !bad; mix++) {
		uint32_t ty = t->type;
		if (quantized(t)) {
			ty = mix_type(q, m, (enum quant_mix)mix, t, c, ne0);
			if (!fallback(&ty, ne0)) {
				bad = true;
				break;
			}
		}
		uint64_t nb;
		if (!ggml_type_bytes(ty, ne0, n, &nb)) {
			bad = true;
			break;
		}
		sum(&q->bytes[mix], &q->padded[mix], nb, align, &bad);
		if (!bad && (t->mm || t->dup))
			bad = !cpu_copies_add(q->copy_src[mix], q->copy[mix], ty, t->ne, t->mm, t->dup, nb);
	}
	if (quantized(t) && c == C_ATTN_V)
		q->i_attn_v++;
	if (quantized(t) && c == C_FFN_DOWN)
		q->i_ffn_down++;
	if (bad)
		q->unsupported = true;
}

bool qm_known(const struct quantmix *q, const struct qm_model *m)
{
	return !q->unsupported && q->n_tensors && m->n_expert <= 1 && m->n_layer && m->n_layer != UINT64_MAX &&
	       strcmp(m->arch, "falcon") != 0;
}
