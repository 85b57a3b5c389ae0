/* gguf.c - GGUF header reading; see gguf.h. Layout (little-endian): "GGUF",
 * u32 version (2 or 3), u64 tensor count, u64 metadata count, then each
 * metadata pair: a string key (u64 length, bytes), u32 type, the value.
 * Strings are u64 length + bytes; arrays u32 element type, u64 count, the
 * elements. Then per tensor: name (string), u32 dimensions, u64 extent per
 * dimension, u32 type, u64 offset. Parsers elsewhere have had CVEs for
 * unchecked lengths and overflowing counts: here every read is bounded by the
 * buffer, every product or sum of lengths is overflow-checked, and sizes no
 * model has are refused, so what is computed from them cannot wrap (a wrapped
 * product once read as a 0 B KV cache). */
#include "formats/gguf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "formats/swa.h"
#include "util/regfile.h"
#include "util/xalloc.h"

enum { T_U8, T_I8, T_U16, T_I16, T_U32, T_I32, T_F32, T_BOOL, T_STRING, T_ARRAY, T_U64, T_I64,
       T_F64, T_N };

/* Bounds far above any real model; beyond them a header is not believed. */
#define MAX_KEY 65535u             /* the format's limit on a key */
#define MAX_TENSOR_NAME 64u        /* ggml's GGML_MAX_NAME */
#define MAX_DIMS 4u                /* ggml's GGML_MAX_DIMS */
#define MAX_LAYERS 65536u
#define MAX_HEADS 65536u
#define MAX_HEAD_DIM (1u << 20)
#define MAX_EMBD (1u << 24)
#define MAX_NKV 1000000u
#define MAX_NTENSORS 10000000u
#define MAX_NESTING 2              /* arrays of arrays of arrays, no deeper */
#define FIRST_READ ((size_t)64 << 10)   /* the sizes of real models are in the first KiB */
#define MAX_PER_LAYER 512u         /* llama.cpp's LLAMA_MAX_LAYERS: per-layer sizes kept */

/* What is read per layer, or decides which layers have a window: combined
 * with the other sizes once every pair is read (the keys come in any order). */
struct layers {
	uint32_t kv_heads[MAX_PER_LAYER];
	uint64_t kv_n;                 /* entries in kv_heads; 0: not an array */
	uint64_t kv_sum;
	bool kv_array;
	uint64_t period;               /* attention.sliding_window_pattern (scalar) */
	uint64_t key_length_swa, value_length_swa;
	uint64_t key_length_mla, value_length_mla;
	uint64_t nextn;                /* nextn_predict_layers: multi-token prediction's */
};

struct rd {
	const uint8_t *base, *p, *end;
	bool bad;          /* stop reading: malformed, or the buffer ended */
	uint64_t need;     /* the buffer ended: bytes from base to go on; 0 malformed */
	char why[128];
};

__attribute__((format(printf, 2, 3)))
static void malformed(struct rd *r, const char *fmt, ...)
{
	if (r->bad)
		return;
	r->bad = true;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof r->why, fmt, ap);
	va_end(ap);
}

/* Are n more bytes there? If not, note how far the buffer would have to go. */
static bool have(struct rd *r, uint64_t n)
{
	if (r->bad)
		return false;
	if ((uint64_t)(r->end - r->p) >= n)
		return true;
	r->bad = true;
	if (__builtin_add_overflow((uint64_t)(r->p - r->base), n, &r->need))
		r->need = UINT64_MAX;
	snprintf(r->why, sizeof r->why, "GGUF metadata truncated");
	return false;
}

static uint64_t get(struct rd *r, size_t n)
{
	if (!have(r, n))
		return 0;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)r->p[i] << (8 * i);
	r->p += n;
	return v;
}

static size_t scalar_size(uint32_t t)
{
	static const size_t sz[T_N] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
	return t < T_N ? sz[t] : 0;
}

static bool is_int_type(uint32_t t)
{
	return t < T_N && scalar_size(t) && t != T_F32 && t != T_F64;
}

static bool is_signed(uint32_t t)
{
	return t == T_I8 || t == T_I16 || t == T_I32 || t == T_I64;
}

/* A string of at most max bytes: its bytes in place (not NUL-terminated). */
static const uint8_t *str(struct rd *r, uint64_t *len, uint64_t max, const char *what)
{
	*len = get(r, 8);
	if (r->bad)
		return NULL;
	if (*len > max) {
		malformed(r, "GGUF %s of %llu bytes", what, (unsigned long long)*len);
		return NULL;
	}
	if (!have(r, *len))
		return NULL;
	const uint8_t *s = r->p;
	r->p += *len;
	return s;
}

/* An integer of integer type t; a negative one is malformed (no size is). */
static uint64_t int_value(struct rd *r, uint32_t t)
{
	size_t n = scalar_size(t);
	uint64_t v = get(r, n);
	if (!r->bad && is_signed(t) && (v >> (8 * n - 1)) & 1)
		malformed(r, "GGUF size is negative");
	return v;
}

/* Skip a value of type t; arrays of arrays to a bounded depth. */
static void skip(struct rd *r, uint32_t t, int depth)
{
	if (t == T_STRING) {
		uint64_t n;
		str(r, &n, UINT64_MAX, "string");
	} else if (t == T_ARRAY) {
		uint32_t et = (uint32_t)get(r, 4);
		uint64_t n = get(r, 8), bytes;
		if (r->bad)
			return;
		if (et >= T_N) {
			malformed(r, "GGUF array of unknown type %u", et);
			return;
		}
		if (et == T_ARRAY && depth >= MAX_NESTING) {
			malformed(r, "GGUF arrays nested deeper than %d", MAX_NESTING + 1);
			return;
		}
		/* a string takes 8 bytes at least, an array 12: a count the
		 * buffer cannot hold is known before the loop */
		size_t es = scalar_size(et);
		uint64_t least = es ? es : et == T_STRING ? 8 : 12;
		if (__builtin_mul_overflow(n, least, &bytes)) {
			malformed(r, "GGUF array of %llu elements overflows", (unsigned long long)n);
			return;
		}
		if (!have(r, bytes))
			return;
		if (es) {
			r->p += bytes;
			return;
		}
		for (uint64_t i = 0; i < n && !r->bad; i++)
			skip(r, et, depth + 1);
	} else if (scalar_size(t)) {
		get(r, scalar_size(t));
	} else {
		malformed(r, "GGUF value of unknown type %u", t);
	}
}

/* Does key (klen bytes) end in "." suffix with a prefix free of dots
 * (ARCH.suffix)? */
static bool arch_key(const uint8_t *k, uint64_t kl, const char *suffix)
{
	size_t sl = strlen(suffix);
	if (kl <= sl + 1 || memcmp(k + kl - sl, suffix, sl) != 0 || k[kl - sl - 1] != '.')
		return false;
	return memchr(k, '.', kl - sl - 1) == NULL;
}

static bool key_is(const uint8_t *k, uint64_t kl, const char *name)
{
	return kl == strlen(name) && memcmp(k, name, kl) == 0;
}

/* Untrusted bytes made printable (they end up in a terminal). */
static void copy_str(char *dst, size_t cap, const uint8_t *s, uint64_t n)
{
	size_t k = n < cap - 1 ? (size_t)n : cap - 1;
	for (size_t i = 0; i < k; i++)
		dst[i] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
	dst[k] = '\0';
}

/* A per-layer array of counts (head counts, 0 = a layer without KV; or
 * feed-forward widths): the largest, and the sum over the layers (for the
 * KV estimate). Each is at most limit. */
static void layer_array(struct rd *r, uint64_t limit, uint64_t *max, uint64_t *sum,
                        uint32_t *keep, uint64_t *kept)
{
	uint32_t et = (uint32_t)get(r, 4);
	uint64_t n = get(r, 8);
	if (r->bad)
		return;
	if (!is_int_type(et)) {
		malformed(r, "GGUF head counts are not integers");
		return;
	}
	if (n > MAX_LAYERS) {
		malformed(r, "GGUF head counts for %llu layers", (unsigned long long)n);
		return;
	}
	if (!have(r, n * scalar_size(et)))   /* at most 2^16 x 8: no overflow */
		return;
	*max = *sum = 0;
	if (kept)
		*kept = n <= MAX_PER_LAYER ? n : 0;
	for (uint64_t j = 0; j < n && !r->bad; j++) {
		uint64_t v = int_value(r, et);
		if (keep && n <= MAX_PER_LAYER && v <= limit)
			keep[j] = (uint32_t)v;
		if (v > limit)
			malformed(r, "GGUF per-layer count of %llu", (unsigned long long)v);
		else if (v > *max)
			*max = v;
		if (__builtin_add_overflow(*sum, v, sum))
			malformed(r, "GGUF head counts overflow");
	}
}

/* The tensor descriptions: each one's extents multiplied, all summed, every
 * step checked (a tensor of 2^32 x 2^32 elements is a classic overflow).
 * With qm, each one also goes to the quantisation sizes: counted in the first
 * pass (qm_add NULL), added in the second. */
/* blk.N.*: N, else -1 */
static int64_t layer_of(const uint8_t *name, uint64_t nl)
{
	if (nl < 6 || memcmp(name, "blk.", 4) != 0)
		return -1;
	uint64_t i = 4, v = 0;
	for (; i < nl && name[i] >= '0' && name[i] <= '9' && v < (1u << 20); i++)
		v = v * 10 + (uint64_t)(name[i] - '0');
	return i > 4 && i < nl && name[i] == '.' ? (int64_t)v : -1;
}

static bool has_prefix(const uint8_t *name, uint64_t nl, const char *p)
{
	size_t k = strlen(p);
	return nl >= k && memcmp(name, p, k) == 0;
}

/* One tensor's bytes to where llama.cpp places it (gguf.h, struct gguf_split). */
static void split_add(struct gguf_split *sp, const uint8_t *name, uint64_t nl,
                      const struct qm_tensor *t, uint64_t elems)
{
	uint64_t bytes;
	if (!sp->known)
		return;
	if (!ggml_type_bytes(t->type, t->ne[0], elems, &bytes)) {
		sp->known = false;
		return;
	}
	int64_t il = layer_of(name, nl);
	uint64_t *dst = &sp->other;
	if (il >= GGUF_SPLIT_LAYERS) {
		sp->known = false;
		return;
	}
	if (il >= 0)
		dst = &sp->layer[il];
	else if (key_is(name, nl, "token_embd.weight"))
		dst = &sp->input;
	else if (has_prefix(name, nl, "output.") || has_prefix(name, nl, "output_norm."))
		dst = &sp->output;
	if (key_is(name, nl, "output.weight"))
		sp->tied = false;
	if (__builtin_add_overflow(*dst, bytes, dst))
		sp->known = false;
}

/* name ends with s */
static bool ends_with(const uint8_t *name, uint64_t nl, const char *s)
{
	size_t k = strlen(s);
	return nl >= k && memcmp(name + nl - k, s, k) == 0;
}

/* Weights a matrix product uses: 2-D ".weight" tensors other than those
 * read by row (embeddings, relative position buckets: GGML_OP_GET_ROWS),
 * and the experts' 3-D banks (*exps: MUL_MAT_ID); norms and biases are
 * 1-D. llama.cpp's own table (llama-arch.cpp LLM_TENSOR_INFOS) says more
 * for some architectures' odd tensors (state-space convolutions are f32:
 * no kind copies those). */
static bool matmul_weight(const uint8_t *name, uint64_t nl, const struct qm_tensor *t, bool *mmid)
{
	static const char *const by_row[] = {"token_embd.weight", "position_embd.weight",
	                                     "token_types.weight", "embed_tokens.weight",
	                                     "attn_rel_b.weight"};
	if (!ends_with(name, nl, ".weight"))
		return false;
	for (size_t i = 0; i < sizeof by_row / sizeof by_row[0]; i++)
		if (ends_with(name, nl, by_row[i]))
			return false;
	*mmid = t->n_dims == 3;
	if (*mmid)
		return ends_with(name, nl, "exps.weight");
	return t->n_dims == 2;
}

/* The architectures whose llama.cpp creates the output matrix from
 * token_embd when the file has no output.weight (TENSOR_DUPLICATED in
 * their load_arch_tensors, node-llama-cpp 3.21.1's src/models/); the
 * others have no output (encoders) or require one. */
static bool ties_output(const char *arch)
{
	static const char *const archs[] = {
	"afmoe", "arcee", "arctic", "bailingmoe3", "bloom", "chameleon", "chatglm", "cogvlm",
	"cohere2", "cohere2moe", "command-r", "deci", "deepseek", "deepseek2", "deepseek2-ocr",
	"deepseek32", "dots3note", "dream", "ernie4_5", "ernie4_5-moe", "exaone", "exaone-moe",
	"exaone4", "falcon", "falcon-h1", "gemma", "gemma-embedding", "gemma2", "gemma3",
	"gemma3n", "gemma4", "gemma4-assistant", "glm-dsa", "glm4", "glm4moe", "gpt2", "granite",
	"granite_swa", "granitehybrid", "granitemoe", "graniteswitch", "grok", "grovemoe",
	"hunyuan-dense", "hunyuan-moe", "hunyuan_vl", "hy_v3", "jais2", "jamba", "laguna", "lfm2",
	"lfm2moe", "llada", "llama", "llama-embed", "llama4", "maincoder", "mamba", "mamba2",
	"minicpm", "minicpm3", "minimax-01", "mistral3", "mistral4", "mpt", "nanbeige",
	"nemotron_h", "nemotron_h_moe", "olmo", "openelm", "paddleocr", "pangu-embedded", "phi3",
	"plamo2", "plamo3", "plm", "pockettts", "qwen2", "qwen2vl", "qwen3", "qwen35",
	"qwen35moe", "qwen3moe", "qwen3next", "qwen3tts", "qwen3vl", "qwen3vlmoe", "qwen4exp",
	"refact", "rnd1", "seed_oss", "smallthinker", "smollm3", "starcoder", "starcoder2", "t5",
	"t5encoder"
	};
	for (size_t i = 0; i < sizeof archs / sizeof archs[0]; i++)
		if (strcmp(arch, archs[i]) == 0)
			return true;
	return false;
}

/* One tensor's copies by each kind of CPU (gguf.h, struct gguf_copies):
 * t->mm says which product uses it, t->dup whether the output is made
 * from it. */
static void copies_add(struct gguf_copies *cp, const struct qm_tensor *t, uint64_t elems)
{
	uint64_t bytes;
	if (!cp->known || !(t->mm || t->dup))
		return;
	if (!ggml_type_bytes(t->type, t->ne[0], elems, &bytes) ||
	    !cpu_copies_add(cp->src, cp->copy, t->type, t->ne, t->mm, t->dup, bytes))
		cp->known = false;
}

/* cp: the copies, of a model whose output is token_embd's where it has
 * none (ties) and whose layers from skip on are not loaded; counted in
 * pass 2 (model given), when qm knows whether the file has an output */
static uint64_t tensors(struct rd *r, uint64_t n, uint64_t *n_vocab, struct quantmix *qm,
                        const struct qm_model *model, struct gguf_split *sp,
                        struct gguf_copies *cp, bool ties, uint64_t skip, uint64_t *data_end)
{
	uint64_t params = 0;
	if (data_end)
		*data_end = 0;
	for (uint64_t i = 0; i < n && !r->bad; i++) {
		uint64_t nl, elems = 1;
		const uint8_t *name = str(r, &nl, MAX_TENSOR_NAME, "tensor name");
		/* the token embeddings: n_embd x n_vocab, the vocabulary's size */
		bool embd = name && key_is(name, nl, "token_embd.weight");
		uint32_t nd = (uint32_t)get(r, 4);
		if (r->bad)
			break;
		if (nd > MAX_DIMS) {
			malformed(r, "GGUF tensor with %u dimensions", nd);
			break;
		}
		struct qm_tensor t = {(const char *)name, (size_t)nl, nd, {1, 1, 1, 1}, 0, 0, false};
		for (uint32_t d = 0; d < nd && !r->bad; d++) {
			uint64_t ne = get(r, 8);
			if (!r->bad && (ne > INT64_MAX || __builtin_mul_overflow(elems, ne, &elems) ||
					elems > INT64_MAX))
				malformed(r, "GGUF tensor size overflows");
			if (!r->bad && embd && d == 1)
				*n_vocab = ne;
			t.ne[d] = ne;
		}
		t.type = (uint32_t)get(r, 4);
		uint64_t off = get(r, 8);   /* of its data, in the data section */
		uint64_t bytes, end;
		/* a tensor whose size cannot be known: llama.cpp refuses the file
		 * (ggml's "invalid ggml type", "not a multiple of block size"),
		 * and a load sized without it would be a guess */
		unsigned blck = ggml_type_blck(t.type);
		if (!r->bad && !blck)
			malformed(r, "GGUF tensor of unknown type %u (one llama.cpp does not load, or "
				  "newer than this oomcast)", t.type);
		else if (!r->bad && t.ne[0] % blck)
			malformed(r, "GGUF tensor of type %u whose first dimension (%llu) is not a whole "
				  "number of its blocks", t.type, (unsigned long long)t.ne[0]);
		if (data_end && *data_end != GGUF_UNKNOWN && !r->bad)
			*data_end = ggml_type_bytes(t.type, t.ne[0], elems, &bytes) &&
			            !__builtin_add_overflow(off, bytes, &end)
			                    ? (end > *data_end ? end : *data_end) : GGUF_UNKNOWN;
		/* the product that uses it, for the CPU's copies; layers from
		 * skip on are not loaded (multi-token prediction's: llama.cpp
		 * creates them TENSOR_SKIP); the output made from a tied
		 * token_embd (pass 2: the first counted has_output), which
		 * llama.cpp creates as the output (TENSOR_DUPLICATED): the same
		 * tensor in the CPU buffer, a copy of its own in an extra one */
		bool mmid = false;
		int64_t il = name ? layer_of(name, nl) : -1;
		if (name && matmul_weight(name, nl, &t, &mmid) && !(il >= 0 && (uint64_t)il >= skip))
			t.mm = mmid ? 2 : 1;
		t.dup = embd && ties && qm && model && !qm->has_output;
		if (!r->bad && __builtin_add_overflow(params, elems, &params))
			malformed(r, "GGUF tensor sizes overflow");
		if (!r->bad && qm)
			model ? qm_add(qm, model, &t) : qm_count(qm, &t);
		if (!r->bad && sp)
			split_add(sp, name, nl, &t, elems);
		if (!r->bad && cp)
			copies_add(cp, &t, elems);
	}
	return params;
}

struct size_key {
	const char *suffix;
	uint64_t *dst;
	uint64_t max;
};

/* One metadata pair; false when reading should stop (the sizes are all
 * there, or the bytes ended or are malformed). */
static bool pair(struct rd *r, enum gguf_depth depth, struct gguf_info *g, struct layers *ly)
{
	uint64_t kl;
	const uint8_t *k = str(r, &kl, MAX_KEY, "key");
	uint32_t t = (uint32_t)get(r, 4);
	if (r->bad)
		return false;
	/* the tokenizer's arrays (megabytes) come after the sizes: once the
	 * sizes are there, stop before them */
	if (depth == GGUF_SIZES && kl > 10 && memcmp(k, "tokenizer.", 10) == 0 &&
	    g->block_count != GGUF_UNKNOWN && g->head_count != GGUF_UNKNOWN &&
	    g->embedding_length != GGUF_UNKNOWN)
		return false;
	const struct size_key ints[] = {
		{"block_count", &g->block_count, MAX_LAYERS},
		{"context_length", &g->context_length, UINT32_MAX},
		{"embedding_length", &g->embedding_length, MAX_EMBD},
		{"attention.key_length", &g->key_length, MAX_HEAD_DIM},
		{"attention.value_length", &g->value_length, MAX_HEAD_DIM},
		{"attention.sliding_window", &g->sliding_window, UINT32_MAX},
		{"attention.head_count", &g->head_count, MAX_HEADS},
		{"attention.head_count_kv", &g->head_count_kv, MAX_HEADS},
		{"feed_forward_length", &g->feed_forward_length, MAX_EMBD * 64},
		{"attention.sliding_window_pattern", &ly->period, MAX_LAYERS},
		{"attention.key_length_swa", &ly->key_length_swa, MAX_HEAD_DIM},
		{"attention.value_length_swa", &ly->value_length_swa, MAX_HEAD_DIM},
		{"attention.key_length_mla", &ly->key_length_mla, MAX_HEAD_DIM},
		{"attention.value_length_mla", &ly->value_length_mla, MAX_HEAD_DIM},
		{"nextn_predict_layers", &ly->nextn, MAX_LAYERS},
	};
	for (size_t j = 0; j < sizeof ints / sizeof ints[0]; j++) {
		if (!arch_key(k, kl, ints[j].suffix))
			continue;
		/* head counts and feed-forward widths may be per layer */
		bool per_layer = j >= 6 && j <= 8, kv = j == 7;
		char name[64];
		copy_str(name, sizeof name, k, kl);
		if (per_layer && t == T_ARRAY) {
			uint64_t sum = 0;
			layer_array(r, ints[j].max, ints[j].dst, &sum, kv ? ly->kv_heads : NULL,
				    kv ? &ly->kv_n : NULL);
			if (kv) {
				ly->kv_sum = sum;
				ly->kv_array = true;
			}
		} else if (j == 9 && t == T_ARRAY) {
			/* per-layer flags: the architectures swa.c knows read
			 * only a period, and llama.cpp ignores an array there */
			skip(r, t, 0);
		} else if (!is_int_type(t)) {
			malformed(r, "GGUF %s is not an integer (type %u)", name, t);
		} else {
			uint64_t v = int_value(r, t);
			if (!r->bad && v > ints[j].max)
				malformed(r, "GGUF %s of %llu is implausible", name, (unsigned long long)v);
			*ints[j].dst = v;
		}
		return !r->bad;
	}
	if (key_is(k, kl, "general.architecture") && t == T_STRING) {
		uint64_t n;
		const uint8_t *s = str(r, &n, UINT64_MAX, "string");
		if (s)
			copy_str(g->arch, sizeof g->arch, s, n);
	} else if (key_is(k, kl, "general.name") && t == T_STRING) {
		uint64_t n;
		const uint8_t *s = str(r, &n, UINT64_MAX, "string");
		if (s)
			copy_str(g->name, sizeof g->name, s, n);
	} else if (key_is(k, kl, "general.file_type") && is_int_type(t)) {
		g->file_type = int_value(r, t);
	} else if (key_is(k, kl, "general.alignment") && is_int_type(t)) {
		uint64_t a = int_value(r, t);
		/* gguf.c in ggml: a power of two; anything else is not a file
		 * llama.cpp loads, and is not used to size one */
		g->alignment = a && a <= (1u << 20) && (a & (a - 1)) == 0 ? a : GGUF_UNKNOWN;
	} else if (arch_key(k, kl, "expert_count") && is_int_type(t)) {
		g->expert_count = int_value(r, t);
	} else {
		skip(r, t, 0);
	}
	/* the sizes come before the tokenizer's large arrays: stop early;
	 * not for an architecture with window layers, whose window keys may
	 * come after the sizes (it stops at the tokenizer) */
	return !r->bad && !(depth == GGUF_SIZES && g->arch[0] && !swa_rule_of(g->arch) &&
			    g->block_count != GGUF_UNKNOWN &&
			    g->embedding_length != GGUF_UNKNOWN && g->head_count != GGUF_UNKNOWN &&
			    g->head_count_kv != GGUF_UNKNOWN && g->context_length != GGUF_UNKNOWN &&
			    g->key_length != GGUF_UNKNOWN && g->value_length != GGUF_UNKNOWN);
}

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Which layers have a window and how wide it is, as llama.cpp decides it
 * (swa.h); false when none has. */
static bool window_of(const struct gguf_info *g, const struct layers *ly, uint64_t *window,
                      uint32_t *period, bool *dense_first)
{
	const struct swa_rule *rule = swa_rule_of(g->arch);
	if (!rule || g->block_count == GGUF_UNKNOWN || g->block_count > MAX_PER_LAYER)
		return false;
	uint64_t key = g->sliding_window;
	/* a default window: on without the key; none: on with a key > 0 */
	bool on = rule->window && !rule->fixed_window ? true : key != GGUF_UNKNOWN && key > 0;
	if (!on)
		return false;
	*window = rule->fixed_window || key == GGUF_UNKNOWN ? rule->window : key;
	*period = ly->period != GGUF_UNKNOWN ? (uint32_t)ly->period : rule->period;
	*dense_first = rule->dense_first;
	return true;
}

/* K and V elements a token over all layers, and the part of them in window
 * layers, from the sizes read; -1 with the reason when they are missing,
 * zero or overflow. */
static int kv_elems(struct gguf_info *g, const struct layers *ly, char *err, size_t errlen)
{
	if (g->head_count_kv == GGUF_UNKNOWN)
		g->head_count_kv = g->head_count;   /* no GQA: as many KV heads as heads */
	if (g->block_count == GGUF_UNKNOWN || g->head_count_kv == GGUF_UNKNOWN ||
	    (g->key_length == GGUF_UNKNOWN &&
	     (g->embedding_length == GGUF_UNKNOWN || g->head_count == GGUF_UNKNOWN)))
		return fail(err, errlen, "GGUF metadata lacks the model's sizes");
	if (ly->kv_array)
		g->kv_heads_sum = ly->kv_sum;
	else if (__builtin_mul_overflow(g->block_count, g->head_count_kv, &g->kv_heads_sum))
		return fail(err, errlen, "GGUF sizes overflow");
	uint64_t hk = g->key_length, hv = g->value_length, per_head;
	if (hk == GGUF_UNKNOWN)
		hk = g->head_count ? g->embedding_length / g->head_count : 0;
	if (hv == GGUF_UNKNOWN)
		hv = hk;
	if (hk == 0 || hv == 0)
		return fail(err, errlen, "GGUF sizes give an attention head of 0 elements");
	/* MLA (deepseek2 and its kin, GGUFs with the _mla lengths): llama.cpp
	 * caches only K, the compressed latent and the rope part (key_length,
	 * one KV head); V is a view of it (llama-kv-cache.cpp: has_v = !is_mla) */
	g->mla = ly->key_length_mla != GGUF_UNKNOWN && ly->key_length_mla &&
		 ly->value_length_mla != GGUF_UNKNOWN && ly->value_length_mla;
	if (g->mla)
		hv = 0;
	if (__builtin_add_overflow(hk, hv, &per_head) ||
	    __builtin_mul_overflow(g->kv_heads_sum, per_head, &g->kv_elems))
		return fail(err, errlen, "GGUF sizes overflow");
	g->kv_elems_v = g->kv_heads_sum * hv;   /* hv <= per_head: no overflow */
	g->swa_layers = g->kv_elems_swa = g->kv_vpad = g->kv_vpad_swa = 0;
	g->kv_elems_swa_v = 0;
	uint64_t window = 0;
	uint32_t period = 0;
	bool dense_first = false;
	bool swa = window_of(g, ly, &window, &period, &dense_first);
	bool per_layer = ly->kv_array && ly->kv_n == g->block_count;
	g->sliding_window = swa ? window : GGUF_UNKNOWN;
	if (!swa && !per_layer)
		return 0;
	/* layer by layer, as llama-kv-cache.cpp sizes each layer's K and V
	 * (at most MAX_PER_LAYER layers, each product below 2^37: no overflow) */
	uint64_t hk_swa = ly->key_length_swa != GGUF_UNKNOWN ? ly->key_length_swa : hk;
	uint64_t hv_swa = g->mla ? 0 : ly->value_length_swa != GGUF_UNKNOWN ? ly->value_length_swa : hv;
	uint64_t n = g->block_count, all = 0, all_v = 0, vmax = 0;
	for (uint64_t il = 0; il < n; il++) {
		bool w = swa && swa_is_window_layer(period, dense_first, il);
		uint64_t h = per_layer ? ly->kv_heads[il] : g->head_count_kv;
		uint64_t k = h * (w ? hk_swa : hk), v = h * (w ? hv_swa : hv);
		all += k + v;
		all_v += v;
		if (w) {
			g->swa_layers++;
			g->kv_elems_swa += k + v;
			g->kv_elems_swa_v += v;
		}
		if (v > vmax)
			vmax = v;
	}
	g->kv_elems = all;
	g->kv_elems_v = all_v;
	for (uint64_t il = 0; il < n; il++) {
		bool w = swa && swa_is_window_layer(period, dense_first, il);
		uint64_t h = per_layer ? ly->kv_heads[il] : g->head_count_kv;
		uint64_t pad = vmax - h * (w ? hv_swa : hv);
		g->kv_vpad += pad;
		if (w)
			g->kv_vpad_swa += pad;
	}
	if (g->swa_layers == 0)
		g->sliding_window = GGUF_UNKNOWN;
	return 0;
}

/* Fill buf[from, to) from the file; a read of 0 bytes means it shrank. */
static int read_range(int fd, uint8_t *buf, size_t from, size_t to)
{
	while (from < to) {
		ssize_t n = pread(fd, buf + from, to - from, (off_t)from);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = 0;
			return -1;
		}
		from += (size_t)n;
	}
	return 0;
}

static bool same_file_state(const struct stat *a, const struct stat *b)
{
	return a->st_size == b->st_size && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

int gguf_parse(const uint8_t *buf, size_t len, enum gguf_depth depth, struct gguf_info *g,
               uint64_t *need, char *err, size_t errlen)
{
	memset(g, 0, sizeof *g);
	g->block_count = g->context_length = g->embedding_length = g->head_count = GGUF_UNKNOWN;
	g->head_count_kv = g->key_length = g->value_length = g->sliding_window = GGUF_UNKNOWN;
	g->kv_heads_sum = g->kv_elems = g->file_type = g->n_params = GGUF_UNKNOWN;
	g->feed_forward_length = g->n_vocab = GGUF_UNKNOWN;
	g->alignment = g->expert_count = g->tensor_bytes = g->data_end = GGUF_UNKNOWN;
	g->swa_layers = g->kv_elems_swa = g->kv_vpad = g->kv_vpad_swa = GGUF_UNKNOWN;
	g->kv_elems_v = g->kv_elems_swa_v = GGUF_UNKNOWN;
	if (need)
		*need = 0;
	struct rd r = {buf, buf, buf + len, false, 0, ""};
	if (len && memcmp(buf, "GGUF", len < 4 ? len : 4) != 0)
		return fail(err, errlen, "not a GGUF file");
	r.p += len < 4 ? len : 4;
	if (len < 4)
		have(&r, 4 - len + 20);
	g->version = (uint32_t)get(&r, 4);
	g->n_tensors = get(&r, 8);
	g->n_kv = get(&r, 8);
	if (r.bad) {
		if (need)
			*need = r.need;
		return fail(err, errlen, "GGUF header truncated");
	}
	if (g->version < 2 || g->version > 3)
		return fail(err, errlen, "GGUF version %u not supported (2 and 3 are)", g->version);
	if (g->n_kv > MAX_NKV || g->n_tensors > MAX_NTENSORS)
		return fail(err, errlen, "GGUF header counts are implausible (%llu pairs, %llu tensors)",
			    (unsigned long long)g->n_kv, (unsigned long long)g->n_tensors);
	struct layers ly;
	memset(&ly, 0, sizeof ly);
	ly.period = ly.key_length_swa = ly.value_length_swa = GGUF_UNKNOWN;
	ly.key_length_mla = ly.value_length_mla = ly.nextn = GGUF_UNKNOWN;
	for (uint64_t i = 0; i < g->n_kv; i++)
		if (!pair(&r, depth, g, &ly))
			break;
	if (depth == GGUF_ALL && !r.bad) {
		/* two passes over the table: the sizes in each quantisation mix
		 * need counts (attn_v tensors, a separate output matrix) first */
		struct rd start = r;
		struct quantmix qm;
		qm_init(&qm);
		g->split.known = g->split.tied = true;
		g->copies.known = true;
		/* multi-token prediction's layers, the last nextn_predict_layers */
		uint64_t skip = g->block_count != GGUF_UNKNOWN && ly.nextn != GGUF_UNKNOWN &&
		                ly.nextn <= g->block_count ? g->block_count - ly.nextn : UINT64_MAX;
		uint64_t data_end;
		uint64_t params = tensors(&r, g->n_tensors, &g->n_vocab, &qm, NULL, &g->split, NULL,
		                          ties_output(g->arch), skip, &data_end);
		/* the data section starts at the next multiple of the alignment
		 * (with no tensor data there is none: the header's end) */
		uint64_t al = g->alignment == GGUF_UNKNOWN || g->alignment == 0 ? 32 : g->alignment;
		uint64_t at = (uint64_t)(r.p - r.base), data0;
		if (!r.bad && data_end == 0)
			g->data_end = at;
		else if (!r.bad && data_end != GGUF_UNKNOWN && !__builtin_add_overflow(at, al - 1, &data0) &&
		         __builtin_add_overflow(data0 / al * al, data_end, &g->data_end))
			g->data_end = GGUF_UNKNOWN;
		/* a layer past block_count would be placed nowhere llama.cpp puts it */
		if (g->block_count != GGUF_UNKNOWN && g->block_count <= GGUF_SPLIT_LAYERS)
			for (uint64_t il = g->block_count; il < GGUF_SPLIT_LAYERS; il++)
				g->split.known = g->split.known && g->split.layer[il] == 0;
		else
			g->split.known = false;
		if (r.bad)
			g->split.known = g->copies.known = false;
		if (!r.bad) {
			g->n_params = params;
			struct qm_model m = {g->arch, g->block_count, g->head_count, g->head_count_kv,
					     g->expert_count == GGUF_UNKNOWN ? 0 : g->expert_count,
					     g->alignment == GGUF_UNKNOWN ? 32 : g->alignment};
			r = start;
			tensors(&r, g->n_tensors, &g->n_vocab, &qm, &m, NULL, &g->copies,
			        ties_output(g->arch), skip, NULL);
			if (!r.bad && qm_known(&qm, &m)) {
				g->mix_known = true;
				g->tensor_bytes = qm.cur_padded;
				memcpy(g->mix_bytes, qm.padded, sizeof g->mix_bytes);
				g->mix_copies_known = g->copies.known;
				memcpy(g->mix_copy_src, qm.copy_src, sizeof g->mix_copy_src);
				memcpy(g->mix_copy, qm.copy, sizeof g->mix_copy);
			}
		}
	}
	/* a later pair could still change a size: a buffer that ended before
	 * the stop asks for more, it never gives a guess */
	if (r.bad) {
		if (need)
			*need = r.need;
		return fail(err, errlen, "%s", r.why);
	}
	return kv_elems(g, &ly, err, errlen);
}

int gguf_read_fd(int fd, size_t max, enum gguf_depth depth, struct gguf_info *g, uint64_t *size,
                 char *err, size_t errlen)
{
	struct stat before, after;
	if (fstat(fd, &before) < 0 || !S_ISREG(before.st_mode))
		return fail(err, errlen, "not a regular file");
	*size = (uint64_t)before.st_size;
	if (before.st_size <= 0)
		return fail(err, errlen, "empty file");
	size_t limit = *size < max ? (size_t)*size : max;
	size_t len = limit < FIRST_READ ? limit : FIRST_READ, got = 0;
	uint8_t *buf = NULL;
	char why[160];
	int rc;
	/* read a chunk, parse; when the parser ran off the end of what was
	 * read, read on (at least 4 times as much) up to the file or max */
	for (;;) {
		buf = xrealloc(buf, len);
		if (read_range(fd, buf, got, len) < 0) {
			rc = fail(err, errlen, "%s", errno ? strerror(errno) : "the file shrank while it was read");
			break;
		}
		got = len;
		uint64_t need;
		rc = gguf_parse(buf, len, depth, g, &need, why, sizeof why);
		if (rc == 0)
			break;
		if (need == 0 || need > *size) {
			rc = fail(err, errlen, "%s", why);
			break;
		}
		if (need > max) {
			rc = fail(err, errlen, "GGUF metadata larger than the %zu MiB read", max >> 20);
			break;
		}
		len = len > limit / 4 ? limit : len * 4;
		if (len < need)
			len = (size_t)need;
	}
	if (rc == 0 && (fstat(fd, &after) < 0 || !same_file_state(&before, &after)))
		rc = fail(err, errlen, "the file changed while it was read");
	/* llama.cpp refuses it ("tensor data is not within the file
	 * bounds"): an interrupted download or copy */
	if (rc == 0 && g->data_end != GGUF_UNKNOWN && g->data_end > *size)
		rc = fail(err, errlen, "truncated: its tensor data ends at byte %llu, the file has %llu "
			  "(an interrupted download or copy?)", (unsigned long long)g->data_end,
			  (unsigned long long)*size);
	free(buf);
	return rc;
}

int gguf_read_file(const char *path, size_t max, enum gguf_depth depth, struct gguf_info *g,
                   uint64_t *size, char *err, size_t errlen)
{
	struct stat st;
	const char *why;
	int fd = regfile_open(path, &st, &why);
	if (fd < 0)
		return fail(err, errlen, "cannot read %s: %s", path, why);
	char e[200];
	int rc = gguf_read_fd(fd, max, depth, g, size, e, sizeof e);
	close(fd);
	if (rc < 0)
		return fail(err, errlen, "%s: %s", path, e);
	return 0;
}

static uint64_t or0(uint64_t v)
{
	return v == GGUF_UNKNOWN ? 0 : v;
}

#define SEQ_MAX 256u   /* llama.cpp's LLAMA_MAX_SEQ: it refuses more */

static uint64_t pad256(uint64_t v)
{
	return (v + 255) / 256 * 256;
}

uint64_t gguf_kv_cells_seq(uint64_t n_ctx, uint64_t streams)
{
	streams = streams ? streams : 1;
	if (n_ctx > (1ull << 40) || streams > SEQ_MAX)
		return 0;
	return streams * pad256(pad256(n_ctx) / streams);
}

uint64_t gguf_swa_cells_seq(const struct gguf_info *g, uint64_t n_ctx, uint64_t n_ubatch,
                            uint64_t streams, uint64_t seqs)
{
	streams = streams ? streams : 1;
	seqs = seqs ? seqs : 1;
	if (!or0(g->swa_layers) || g->sliding_window == GGUF_UNKNOWN || n_ctx > (1ull << 40) ||
	    n_ubatch > (1ull << 32) || streams > SEQ_MAX || seqs > SEQ_MAX ||
	    g->sliding_window > (1ull << 40))
		return 0;
	uint64_t per = gguf_kv_cells_seq(n_ctx, streams) / streams;
	uint64_t w = g->sliding_window * seqs + n_ubatch;
	return streams * pad256(w < per ? w : per);
}

uint64_t gguf_swa_cells(const struct gguf_info *g, uint64_t n_ctx, uint64_t n_ubatch)
{
	return gguf_swa_cells_seq(g, n_ctx, n_ubatch, 1, 1);
}

uint64_t gguf_kv_bytes_at(const struct gguf_info *g, uint64_t n_ctx, double k_bytes,
                          double v_bytes, bool flash_attn, uint64_t n_ubatch)
{
	return gguf_kv_bytes_seq(g, n_ctx, k_bytes, v_bytes, flash_attn, n_ubatch, 1, 1);
}

uint64_t gguf_kv_bytes_seq(const struct gguf_info *g, uint64_t n_ctx, double k_bytes,
                           double v_bytes, bool flash_attn, uint64_t n_ubatch, uint64_t streams,
                           uint64_t seqs)
{
	if (g->kv_elems == GGUF_UNKNOWN || n_ctx > (1ull << 40) || streams > SEQ_MAX)
		return GGUF_UNKNOWN;
	uint64_t cells = gguf_kv_cells_seq(n_ctx, streams);
	uint64_t swa_cells = gguf_swa_cells_seq(g, n_ctx, n_ubatch, streams, seqs);
	uint64_t e_swa = swa_cells ? or0(g->kv_elems_swa) : 0;
	uint64_t pad = flash_attn ? 0 : or0(g->kv_vpad), pad_swa = swa_cells ? or0(g->kv_vpad_swa) : 0;
	if (flash_attn)
		pad_swa = 0;
	/* V's part: a recording before 1.5 does not say it, and its loads
	 * had one type for both, where the split does not matter */
	uint64_t ev = g->kv_elems_v, ev_swa = swa_cells ? g->kv_elems_swa_v : 0;
	if (ev == GGUF_UNKNOWN || ev_swa == GGUF_UNKNOWN) {
		if (k_bytes != v_bytes)
			return GGUF_UNKNOWN;
		ev = ev_swa = 0;
	}
	if (e_swa > g->kv_elems || pad_swa > pad || ev > g->kv_elems || ev_swa > e_swa ||
	    ev_swa > ev || e_swa - ev_swa > g->kv_elems - ev)   /* not from this parser */
		return GGUF_UNKNOWN;
	/* the window layers' part out of the full cache, into their own; K
	 * and V each at their own type's size (ggml_row_size: whole blocks,
	 * as llama.cpp requires the heads to be) */
	double full_k = (double)(g->kv_elems - ev) - (double)(e_swa - ev_swa);
	double full_v = (double)(ev - ev_swa) + (double)(pad - pad_swa);
	double swa_k = (double)(e_swa - ev_swa), swa_v = (double)(ev_swa + pad_swa);
	double b = (double)cells * (full_k * k_bytes + full_v * v_bytes) +
		   (double)swa_cells * (swa_k * k_bytes + swa_v * v_bytes);
	return b >= 1.8e19 ? GGUF_UNKNOWN : (uint64_t)b;
}

uint64_t gguf_kv_bytes(const struct gguf_info *g, uint64_t n_ctx, double elem_bytes)
{
	return gguf_kv_bytes_at(g, n_ctx, elem_bytes, elem_bytes, elem_bytes != 2.0, 512);
}
