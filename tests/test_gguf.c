/* Unit tests for the GGUF header reader: a Llama-3.1-8B-shaped header (KV
 * cache 128 KiB a token at f16, the known figure), per-layer KV head arrays
 * (0 = a layer without KV), MLA key/value lengths, stopping before the
 * tokenizer, the tensor table, and hostile input: bad magic, versions,
 * truncation at every byte, lengths and counts past the buffer, strings and
 * counts that overflow, wrong types, nested arrays, products that wrap. The
 * file reader: chunks grown on demand, its cap, a file that shrinks or is
 * rewritten between two reads (pread is wrapped, -Wl,--wrap=pread), a FIFO
 * and a device behind a symbolic link. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "formats/gguf.h"
#include "formats/swa.h"

struct w {
	uint8_t b[1 << 20];
	size_t n;
};

static void put(struct w *w, uint64_t v, size_t k)
{
	for (size_t i = 0; i < k; i++)
		w->b[w->n++] = (uint8_t)(v >> (8 * i));
}
static void s(struct w *w, const char *str)
{
	put(w, strlen(str), 8);
	memcpy(w->b + w->n, str, strlen(str));
	w->n += strlen(str);
}
static void ku32(struct w *w, const char *k, uint32_t v)
{
	s(w, k);
	put(w, 4, 4);
	put(w, v, 4);
}

static void header(struct w *w, uint64_t nkv)
{
	w->n = 0;
	memcpy(w->b, "GGUF", 4);
	w->n = 4;
	put(w, 3, 4);
	put(w, 0, 8);   /* tensors: none (GGUF_ALL reads them) */
	put(w, nkv, 8);
}

static void llama(struct w *w)
{
	header(w, 9);
	s(w, "general.architecture");
	put(w, 8, 4);
	s(w, "llama");
	s(w, "general.name");
	put(w, 8, 4);
	s(w, "Meta Llama 3.1 8B Instruct");
	ku32(w, "llama.block_count", 32);
	ku32(w, "llama.context_length", 131072);
	ku32(w, "llama.embedding_length", 4096);
	ku32(w, "llama.attention.head_count", 32);
	ku32(w, "llama.attention.head_count_kv", 8);
	ku32(w, "general.file_type", 15);
	/* a tokenizer array that claims far more than the buffer holds: the
	 * reader must stop before it */
	s(w, "tokenizer.ggml.tokens");
	put(w, 9, 4);
	put(w, 8, 4);
	put(w, 128256, 8);
}

static void test_llama(void **state)
{
	(void)state;
	static struct w w;
	llama(&w);
	struct gguf_info g;
	char err[128];
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), 0);
	assert_string_equal(g.arch, "llama");
	assert_string_equal(g.name, "Meta Llama 3.1 8B Instruct");
	assert_int_equal(g.block_count, 32);
	assert_int_equal(g.context_length, 131072);
	assert_int_equal(g.head_count_kv, 8);
	assert_int_equal(g.kv_heads_sum, 256);
	assert_int_equal(g.file_type, 15);
	/* 32 layers x 8 heads x (128 + 128) x 2 bytes = 128 KiB a token */
	assert_int_equal(gguf_kv_bytes(&g, 256, 2.0) / 256, 131072);
	assert_int_equal(gguf_kv_bytes(&g, 8192, 2.0), 1ull << 30);
	/* cells are padded to 256 */
	assert_int_equal(gguf_kv_bytes(&g, 1, 2.0), gguf_kv_bytes(&g, 256, 2.0));
	/* q8_0: 34 bytes a 32 */
	assert_int_equal(gguf_kv_bytes(&g, 8192, 34.0 / 32), 570425344);
}

static void test_per_layer_and_mla(void **state)
{
	(void)state;
	static struct w w;
	header(&w, 6);
	s(&w, "general.architecture");
	put(&w, 8, 4);
	s(&w, "gemma3n");
	ku32(&w, "gemma3n.block_count", 4);
	ku32(&w, "gemma3n.embedding_length", 2048);
	ku32(&w, "gemma3n.attention.head_count", 8);
	s(&w, "gemma3n.attention.head_count_kv");
	put(&w, 9, 4);   /* array of u32, one a layer; 0 = no KV there */
	put(&w, 4, 4);
	put(&w, 4, 8);
	put(&w, 2, 4), put(&w, 2, 4), put(&w, 0, 4), put(&w, 1, 4);
	ku32(&w, "gemma3n.attention.key_length", 256);
	struct gguf_info g;
	char err[128];
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), 0);
	assert_int_equal(g.kv_heads_sum, 5);
	assert_int_equal(g.head_count_kv, 2);
	/* value length defaults to the key length; with flash attention each
	 * layer's V is as wide as its heads */
	assert_int_equal(gguf_kv_bytes_at(&g, 256, 2.0, 2.0, true, 512), 256ull * 5 * (256 + 256) * 2);
	/* without it (V stored transposed), llama.cpp widens every layer's V
	 * to the widest (2 heads x 256): K 5 x 256, V 4 x 512 */
	assert_int_equal(g.kv_vpad, 4 * 512 - 5 * 256);
	assert_int_equal(gguf_kv_bytes(&g, 256, 2.0), 256ull * (5 * 256 + 4 * 512) * 2);
	/* K and V each at its own type (llama-kv-cache.cpp: ggml_new_tensor_3d
	 * with type_k for K, type_v for V): -ctk q8_0 leaves V f16, and the
	 * widening is V's alone, at V's type */
	assert_int_equal(g.kv_elems_v, 5 * 256);
	assert_int_equal(gguf_kv_bytes_at(&g, 256, 34.0 / 32, 2.0, false, 512),
			 256ull * (5 * 256 / 32 * 34 + 4 * 512 * 2));
	assert_int_equal(gguf_kv_bytes_at(&g, 256, 2.0, 34.0 / 32, true, 512),
			 256ull * (5 * 256 * 2 + 5 * 256 / 32 * 34));

	/* deepseek2 (MLA): one KV head of 576 + 512 */
	header(&w, 6);
	s(&w, "general.architecture");
	put(&w, 8, 4);
	s(&w, "deepseek2");
	ku32(&w, "deepseek2.block_count", 61);
	ku32(&w, "deepseek2.attention.head_count", 128);
	ku32(&w, "deepseek2.attention.head_count_kv", 1);
	ku32(&w, "deepseek2.attention.key_length", 576);
	ku32(&w, "deepseek2.attention.value_length", 512);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), 0);
	assert_int_equal(gguf_kv_bytes(&g, 256, 2.0), 256ull * 61 * (576 + 512) * 2);
	assert_false(g.mla);
	assert_int_equal(g.kv_elems_v, 61 * 512);
	assert_int_equal(gguf_kv_bytes_at(&g, 256, 34.0 / 32, 2.0, false, 512),
			 256ull * 61 * (576 / 32 * 34 + 512 * 2));

	/* the same with the _mla lengths (convert_hf_to_gguf.py writes them
	 * for MLA): llama.cpp caches K only, the 512 latent + 64 rope */
	header(&w, 8);
	s(&w, "general.architecture");
	put(&w, 8, 4);
	s(&w, "deepseek2");
	ku32(&w, "deepseek2.block_count", 61);
	ku32(&w, "deepseek2.attention.head_count", 128);
	ku32(&w, "deepseek2.attention.head_count_kv", 1);
	ku32(&w, "deepseek2.attention.key_length", 576);
	ku32(&w, "deepseek2.attention.value_length", 512);
	ku32(&w, "deepseek2.attention.key_length_mla", 192);
	ku32(&w, "deepseek2.attention.value_length_mla", 128);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), 0);
	assert_true(g.mla);
	assert_int_equal(gguf_kv_bytes(&g, 4096, 2.0), 4096ull * 61 * 576 * 2);
	assert_int_equal(gguf_kv_bytes(&g, 4096, 34.0 / 32), 4096ull * 61 * 576 / 32 * 34);
	/* no V of its own: V's type changes nothing (llama.cpp refuses K and V
	 * types that differ for MLA; `oomcast fit` says so) */
	assert_int_equal(g.kv_elems_v, 0);
	assert_int_equal(gguf_kv_bytes_at(&g, 4096, 34.0 / 32, 2.0, true, 512), 4096ull * 61 * 576 / 32 * 34);
}

/* A gemma-style header: arch, layers, width, heads, KV heads, head size,
 * then the window keys (0: not written) after the sizes, then a tokenizer
 * array the sizes-only reader must not need. */
static void windowed(struct w *w, const char *arch, uint32_t layers, uint32_t embd, uint32_t heads,
                     uint32_t kvh, uint32_t hd, uint32_t window, uint32_t pattern)
{
	char k[96];
	header(w, 8 + !!window + !!pattern);
	s(w, "general.architecture");
	put(w, 8, 4);
	s(w, arch);
#define K(x) (snprintf(k, sizeof k, "%s." x, arch), k)
	ku32(w, K("block_count"), layers);
	ku32(w, K("context_length"), 131072);
	ku32(w, K("embedding_length"), embd);
	ku32(w, K("attention.head_count"), heads);
	ku32(w, K("attention.head_count_kv"), kvh);
	ku32(w, K("attention.key_length"), hd);
	ku32(w, K("attention.value_length"), hd);
	if (window)
		ku32(w, K("attention.sliding_window"), window);
	if (pattern)
		ku32(w, K("attention.sliding_window_pattern"), pattern);
#undef K
	s(w, "tokenizer.ggml.tokens");
	put(w, 9, 4);
	put(w, 8, 4);
	put(w, 1000000, 8);   /* far more than the buffer: never read */
}

/* sliding-window layers, as llama.cpp's iswa cache sizes them: the full
 * layers the context's cells, the window layers min(cells, window +
 * n_ubatch), each padded to 256 */
static void test_sliding_window(void **state)
{
	(void)state;
	static struct w w;
	struct gguf_info g;
	char err[128];
	/* llama-hparams.cpp set_swa_pattern */
	assert_true(swa_is_window_layer(2, false, 0));
	assert_false(swa_is_window_layer(2, false, 1));
	assert_true(swa_is_window_layer(6, false, 4));
	assert_false(swa_is_window_layer(6, false, 5));
	assert_false(swa_is_window_layer(4, true, 0));
	assert_true(swa_is_window_layer(4, true, 1));
	assert_true(swa_is_window_layer(0, false, 7));    /* 0: every layer */
	assert_false(swa_is_window_layer(1, false, 3));   /* 1: none */

	/* Gemma 2 2B: 26 layers, every other one over 4096 tokens, 4 KV heads
	 * of 256: 2048 K+V elements a layer and token */
	windowed(&w, "gemma2", 26, 2304, 8, 4, 256, 4096, 0);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), 0);
	assert_int_equal(g.swa_layers, 13);
	assert_int_equal(g.sliding_window, 4096);
	assert_int_equal(g.kv_elems, 26 * 2048);
	assert_int_equal(g.kv_elems_swa, 13 * 2048);
	assert_int_equal(gguf_swa_cells(&g, 8192, 512), 4608);
	assert_int_equal(gguf_swa_cells(&g, 8192, 513), 4864);   /* node-llama-cpp */
	assert_int_equal(gguf_kv_bytes(&g, 8192, 2.0), (8192ull + 4608) * 13 * 2048 * 2);
	assert_int_equal(gguf_kv_bytes_at(&g, 8192, 2.0, 2.0, false, 513), (8192ull + 4864) * 13 * 2048 * 2);
	/* K q8_0, V f16: each cache's K at 34/32, V at 2 bytes an element */
	assert_int_equal(g.kv_elems_v, 26 * 1024);
	assert_int_equal(g.kv_elems_swa_v, 13 * 1024);
	assert_int_equal(gguf_kv_bytes_at(&g, 8192, 34.0 / 32, 2.0, false, 512),
			 (8192ull + 4608) * 13 * (1024 / 32 * 34 + 1024 * 2));
	/* a recording before 1.5 does not say which elements are V's: one
	 * type for both is sized as before, two are not sized */
	g.kv_elems_v = g.kv_elems_swa_v = GGUF_UNKNOWN;
	assert_int_equal(gguf_kv_bytes(&g, 8192, 2.0), (8192ull + 4608) * 13 * 2048 * 2);
	assert_int_equal(gguf_kv_bytes_at(&g, 8192, 34.0 / 32, 2.0, false, 512), GGUF_UNKNOWN);
	/* a context shorter than the window: every layer holds it all */
	assert_int_equal(gguf_kv_bytes(&g, 3000, 2.0), 3072ull * 26 * 2048 * 2);
	/* gemma2 without the key: llama.cpp's default window, 4096 */
	windowed(&w, "gemma2", 26, 2304, 8, 4, 256, 0, 0);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), 0);
	assert_int_equal(g.sliding_window, 4096);
	assert_int_equal(g.swa_layers, 13);

	/* Gemma 3 1B: 26 layers, 5 of each 6 over 512 tokens, one KV head of
	 * 256: layers 5, 11, 17, 23 hold the whole context */
	windowed(&w, "gemma3", 26, 1152, 4, 1, 256, 512, 0);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), 0);
	assert_int_equal(g.swa_layers, 22);
	assert_int_equal(gguf_kv_bytes(&g, 32768, 2.0), (32768ull * 4 + 1024ull * 22) * 512 * 2);
	/* the pattern key: 1 of each 3 dense (layers 2, 5, ..., 23: 8) */
	windowed(&w, "gemma3", 26, 1152, 4, 1, 256, 512, 3);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), 0);
	assert_int_equal(g.swa_layers, 18);
	/* gemma3 without the key (some conversions): no window at all */
	windowed(&w, "gemma3", 26, 1152, 4, 1, 256, 0, 0);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), 0);
	assert_int_equal(g.swa_layers, 0);
	assert_int_equal(g.sliding_window, GGUF_UNKNOWN);
	assert_int_equal(gguf_kv_bytes(&g, 32768, 2.0), 32768ull * 26 * 512 * 2);

	/* smallthinker: the first of each 4 dense, the window always 4096 */
	windowed(&w, "smallthinker", 8, 1024, 8, 2, 128, 100, 0);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), 0);
	assert_int_equal(g.swa_layers, 6);
	assert_int_equal(g.sliding_window, 4096);

	/* llama: a sliding_window key changes nothing (llama.cpp ignores it) */
	windowed(&w, "llama", 8, 1024, 8, 2, 128, 4096, 2);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), 0);
	assert_int_equal(g.swa_layers, 0);
	assert_int_equal(gguf_kv_bytes(&g, 8192, 2.0), 8192ull * 8 * 2 * 256 * 2);
}

static void test_hostile(void **state)
{
	(void)state;
	struct gguf_info g;
	char err[128];
	static struct w w;
	llama(&w);
	/* every truncation: an error or a result, never a read past the end
	 * (AddressSanitizer watches) */
	for (size_t n = 0; n < w.n; n++) {
		uint8_t *copy = malloc(n ? n : 1);
		memcpy(copy, w.b, n);
		gguf_parse(copy, n, GGUF_SIZES, &g, NULL, err, sizeof err);
		free(copy);
	}
	assert_int_equal(gguf_parse((const uint8_t *)"GGML....", 8, GGUF_SIZES, &g, NULL, err, sizeof err), -1);
	assert_string_equal(err, "not a GGUF file");
	header(&w, 1);
	w.b[4] = 1;   /* version 1 */
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "version 1"));
	header(&w, 1ull << 60);   /* absurd metadata count */
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "implausible"));
	/* a key length past the buffer; an array count that overflows */
	header(&w, 2);
	put(&w, UINT64_MAX - 3, 8);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), -1);
	header(&w, 2);
	s(&w, "llama.attention.head_count_kv");
	put(&w, 9, 4);
	put(&w, 10, 4);   /* u64 elements */
	put(&w, (UINT64_MAX / 8) + 2, 8);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), -1);
	/* nested arrays beyond the depth limit, an unknown type */
	header(&w, 1);
	s(&w, "x");
	put(&w, 99, 4);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), -1);
	/* sizes missing: a clear reason */
	header(&w, 1);
	ku32(&w, "general.alignment", 32);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "lacks the model's sizes"));
}

/* The sizes of a small model, then n tensors (each 4096 x 4096 and 4096). */
static void with_tensors(struct w *w, uint64_t n)
{
	header(w, 6);
	memcpy(w->b + 8, &n, 8);   /* the tensor count */
	s(w, "general.architecture");
	put(w, 8, 4);
	s(w, "llama");
	ku32(w, "llama.block_count", 2);
	ku32(w, "llama.embedding_length", 4096);
	ku32(w, "llama.attention.head_count", 32);
	ku32(w, "llama.attention.head_count_kv", 8);
	/* after the sizes, an array the ALL reading must go through */
	s(w, "tokenizer.ggml.scores");
	put(w, 9, 4);
	put(w, 6, 4);   /* f32 */
	put(w, 3, 8);
	put(w, 0, 4), put(w, 0, 4), put(w, 0, 4);
	for (uint64_t i = 0; i < n; i++) {
		s(w, i % 2 ? "blk.0.attn_norm.weight" : "blk.0.attn_q.weight");
		put(w, i % 2 ? 1 : 2, 4);
		put(w, 4096, 8);
		if (i % 2 == 0)
			put(w, 4096, 8);
		put(w, 0, 4);
		put(w, i * 4096, 8);
	}
}

static void test_tensors(void **state)
{
	(void)state;
	static struct w w;
	struct gguf_info g;
	char err[128];
	uint64_t need;
	with_tensors(&w, 4);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_ALL, &g, &need, err, sizeof err), 0);
	assert_int_equal(g.n_params, 2 * (4096ull * 4096 + 4096));
	assert_int_equal(g.kv_elems, 2ull * 8 * (128 + 128));
	/* the sizes alone stop before the tokenizer: no tensor count */
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, &need, err, sizeof err), 0);
	assert_int_equal(g.n_params, GGUF_UNKNOWN);
	/* every prefix of a whole file: an error asking for more, never a
	 * result, never "malformed" */
	for (size_t n = 0; n < w.n; n++) {
		uint8_t *copy = malloc(n ? n : 1);
		memcpy(copy, w.b, n);
		need = 0;
		int rc = gguf_parse(copy, n, GGUF_ALL, &g, &need, err, sizeof err);
		free(copy);
		assert_int_equal(rc, -1);
		assert_true(need > n);
		assert_true(need <= w.n);
	}
}

/* A tensor description: name, extents (n of them), ggml type. */
static void tensor(struct w *w, const char *name, uint32_t n, const uint64_t *ne, uint32_t type)
{
	s(w, name);
	put(w, n, 4);
	for (uint32_t i = 0; i < n; i++)
		put(w, ne[i], 8);
	put(w, type, 4);
	put(w, 0, 8);
}

/* The CPU backend's copies by kind (cpuinfo.h): AMX takes 2-D matrices of
 * its types with rows a multiple of 32 (Q8_0 grown to 38 bytes a block),
 * and a tied output of its type as one more copy; repacking takes Q4_0,
 * Q4_K, IQ4_NL with rows a multiple of 8, 2-D or an experts' bank, Q2_K
 * with AVX-512 only; 1-D tensors and embeddings read by row none. */
static void test_copies(void **state)
{
	(void)state;
	static struct w w;
	struct gguf_info g;
	char err[128];
	header(&w, 5);
	uint64_t nt = 7;
	memcpy(w.b + 8, &nt, 8);
	s(&w, "general.architecture");
	put(&w, 8, 4);
	s(&w, "llama");
	ku32(&w, "llama.block_count", 1);
	ku32(&w, "llama.embedding_length", 256);
	ku32(&w, "llama.attention.head_count", 4);
	ku32(&w, "llama.attention.head_count_kv", 4);
	tensor(&w, "token_embd.weight", 2, (const uint64_t[]){64, 32}, 1);          /* F16, tied */
	tensor(&w, "blk.0.attn_norm.weight", 1, (const uint64_t[]){256}, 0);        /* F32 */
	tensor(&w, "blk.0.attn_q.weight", 2, (const uint64_t[]){256, 64}, 8);       /* Q8_0 */
	tensor(&w, "blk.0.ffn_up.weight", 2, (const uint64_t[]){256, 40}, 12);      /* Q4_K, 40 rows */
	tensor(&w, "blk.0.ffn_gate_exps.weight", 3, (const uint64_t[]){64, 16, 4}, 2);   /* Q4_0 */
	tensor(&w, "blk.0.ffn_down.weight", 2, (const uint64_t[]){256, 8}, 10);     /* Q2_K */
	tensor(&w, "blk.0.attn_k.weight", 2, (const uint64_t[]){256, 12}, 12);      /* Q4_K, 12 rows */
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_ALL, &g, NULL, err, sizeof err), 0);
	assert_true(g.copies.known);
	assert_int_equal(g.copies.src[CPU_PLAIN], 0);
	assert_int_equal(g.copies.copy[CPU_PLAIN], 0);
	/* Q4_K 144 x 40 + Q4_0 18 x 2 x 16 x 4 */
	assert_int_equal(g.copies.src[CPU_AVX2], 5760 + 2304);
	assert_int_equal(g.copies.copy[CPU_AVX2], 5760 + 2304);
	/* + Q2_K 84 x 8 */
	assert_int_equal(g.copies.src[CPU_AVX512], 5760 + 2304 + 672);
	assert_int_equal(g.copies.copy[CPU_AVX512], 5760 + 2304 + 672);
	/* + Q8_0 34 x 8 x 64 (38 a block in AMX's); the tied output's F16
	 * 64 x 32 x 2 a copy whose source stays */
	assert_int_equal(g.copies.src[CPU_AMX], 17408 + 5760 + 2304 + 672);
	assert_int_equal(g.copies.copy[CPU_AMX], 19456 + 5760 + 2304 + 672 + 4096);
	/* the sizes alone: the table is not read, the copies not known */
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &g, NULL, err, sizeof err), 0);
	assert_false(g.copies.known);
}

/* Which tensors are copied, by name and architecture: an encoder (bert)
 * has no output made from token_embd; the embeddings of a multi-token
 * prediction layer are read by row, and that layer (nextn_predict_layers,
 * the last) is not loaded at all; shared experts' banks (_chexps) are
 * experts' banks; MXFP4 is repacked with AVX2. */
static void test_copies_names(void **state)
{
	(void)state;
	static struct w w;
	struct gguf_info g;
	char err[128];
	for (int bert = 0; bert < 2; bert++) {
		header(&w, bert ? 5 : 6);
		uint64_t nt = 6;
		memcpy(w.b + 8, &nt, 8);
		s(&w, "general.architecture");
		put(&w, 8, 4);
		s(&w, bert ? "bert" : "glm4moe");
		const char *a = bert ? "bert" : "glm4moe";
		char k[64];
		snprintf(k, sizeof k, "%s.block_count", a);
		ku32(&w, k, 2);
		snprintf(k, sizeof k, "%s.embedding_length", a);
		ku32(&w, k, 256);
		snprintf(k, sizeof k, "%s.attention.head_count", a);
		ku32(&w, k, 4);
		snprintf(k, sizeof k, "%s.attention.head_count_kv", a);
		ku32(&w, k, 4);
		if (!bert) {   /* its last layer, blk.1, not loaded */
			snprintf(k, sizeof k, "%s.nextn_predict_layers", a);
			ku32(&w, k, 1);
		}
		tensor(&w, "token_embd.weight", 2, (const uint64_t[]){256, 64}, 2);      /* Q4_0, tied */
		tensor(&w, "blk.0.ffn_up_chexps.weight", 3, (const uint64_t[]){64, 8, 2}, 2);
		tensor(&w, "blk.0.ffn_down.weight", 2, (const uint64_t[]){64, 16}, 39);  /* MXFP4 */
		tensor(&w, "blk.1.nextn.embed_tokens.weight", 2, (const uint64_t[]){256, 64}, 2);
		tensor(&w, "blk.1.attn_q.weight", 2, (const uint64_t[]){256, 64}, 2);    /* skipped */
		tensor(&w, "blk.0.attn_rel_b.weight", 2, (const uint64_t[]){32, 8}, 2);
		assert_int_equal(gguf_parse(w.b, w.n, GGUF_ALL, &g, NULL, err, sizeof err), 0);
		assert_true(g.copies.known);
		/* Q4_0 18 x 2 x 8 x 2 + MXFP4 17 x 2 x 16; without nextn layers
		 * blk.1.attn_q too (Q4_0 18 x 8 x 64), never its embeddings */
		assert_int_equal(g.copies.src[CPU_AVX2], 576 + 544 + (bert ? 9216 : 0));
		/* glm4moe ties: its output, token_embd's Q4_0 18 x 8 x 64, repacked */
		assert_int_equal(g.copies.copy[CPU_AVX2], 576 + 544 + 9216);
		assert_int_equal(g.copies.copy[CPU_PLAIN], 0);
	}
}

/* One pair whose value is malformed: parse fails naming it, need stays 0
 * (no amount of reading on would help). */
static void expect_bad(struct w *w, const char *needle)
{
	struct gguf_info g;
	char err[160];
	uint64_t need = 1;
	assert_int_equal(gguf_parse(w->b, w->n, GGUF_ALL, &g, &need, err, sizeof err), -1);
	if (!strstr(err, needle))
		fail_msg("'%s' does not say '%s'", err, needle);
	assert_int_equal(need, 0);
}

static void test_overflow(void **state)
{
	(void)state;
	static struct w w;
	struct gguf_info g;
	char err[160];
	uint64_t need;

	/* key and value lengths of 2^63: their sum wraps to 0, which once
	 * read as a 0 B KV cache */
	header(&w, 6);
	ku32(&w, "llama.block_count", 32);
	ku32(&w, "llama.attention.head_count", 32);
	ku32(&w, "llama.attention.head_count_kv", 8);
	s(&w, "llama.attention.key_length");
	put(&w, 10, 4);
	put(&w, 1ull << 63, 8);
	s(&w, "llama.attention.value_length");
	put(&w, 10, 4);
	put(&w, 1ull << 63, 8);
	ku32(&w, "llama.embedding_length", 4096);
	expect_bad(&w, "implausible");

	/* a zero key length: no KV cache of 0 B either */
	header(&w, 4);
	ku32(&w, "llama.block_count", 32);
	ku32(&w, "llama.attention.head_count", 32);
	ku32(&w, "llama.attention.key_length", 0);
	ku32(&w, "llama.embedding_length", 4096);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_ALL, &g, &need, err, sizeof err), -1);
	assert_non_null(strstr(err, "0 elements"));

	/* embedding smaller than the head count: head size 0 */
	header(&w, 3);
	ku32(&w, "llama.block_count", 32);
	ku32(&w, "llama.attention.head_count", 32);
	ku32(&w, "llama.embedding_length", 16);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_ALL, &g, &need, err, sizeof err), -1);

	/* a key longer than the format allows; a string of 2^64-4 bytes */
	header(&w, 1);
	put(&w, 70000, 8);
	expect_bad(&w, "key of 70000 bytes");
	header(&w, 1);
	s(&w, "general.name");
	put(&w, 8, 4);
	put(&w, UINT64_MAX - 3, 8);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_ALL, &g, &need, err, sizeof err), -1);
	assert_int_equal(need, UINT64_MAX);   /* saturated, never wrapped */

	/* array counts times element sizes that wrap */
	header(&w, 1);
	s(&w, "general.junk");
	put(&w, 9, 4);
	put(&w, 10, 4);   /* u64 */
	put(&w, (UINT64_MAX / 8) + 2, 8);
	expect_bad(&w, "overflows");
	header(&w, 1);
	s(&w, "general.junk");
	put(&w, 9, 4);
	put(&w, 8, 4);    /* strings */
	put(&w, 1ull << 62, 8);
	expect_bad(&w, "overflows");

	/* a tensor of 2^32 x 2^32 elements; four of 2^62 (the sum wraps) */
	with_tensors(&w, 0);
	memcpy(w.b + 8, &(uint64_t){1}, 8);
	s(&w, "t");
	put(&w, 2, 4);
	put(&w, 1ull << 32, 8);
	put(&w, 1ull << 32, 8);
	put(&w, 0, 4);
	put(&w, 0, 8);
	expect_bad(&w, "tensor size overflows");
	with_tensors(&w, 0);
	memcpy(w.b + 8, &(uint64_t){4}, 8);
	for (int i = 0; i < 4; i++) {
		s(&w, "t");
		put(&w, 1, 4);
		put(&w, 1ull << 62, 8);
		put(&w, 0, 4);
		put(&w, 0, 8);
	}
	expect_bad(&w, "tensor sizes overflow");
	with_tensors(&w, 0);
	memcpy(w.b + 8, &(uint64_t){1}, 8);
	s(&w, "t");
	put(&w, 5, 4);
	expect_bad(&w, "5 dimensions");
	with_tensors(&w, 0);
	memcpy(w.b + 8, &(uint64_t){1}, 8);
	put(&w, 65, 8);
	expect_bad(&w, "tensor name of 65 bytes");

	/* counts: pairs and tensors */
	header(&w, 1ull << 60);
	expect_bad(&w, "implausible");
	header(&w, 1);
	memcpy(w.b + 8, &(uint64_t){UINT64_MAX}, 8);
	expect_bad(&w, "implausible");
}

static void test_types(void **state)
{
	(void)state;
	static struct w w;
	/* a size given as a string, as a float, as a negative integer */
	header(&w, 1);
	s(&w, "llama.block_count");
	put(&w, 8, 4);
	s(&w, "32");
	expect_bad(&w, "llama.block_count is not an integer");
	header(&w, 1);
	s(&w, "llama.attention.head_count");
	put(&w, 6, 4);
	put(&w, 0x42000000, 4);   /* 32.0f */
	expect_bad(&w, "not an integer");
	header(&w, 1);
	s(&w, "llama.block_count");
	put(&w, 5, 4);   /* i32 */
	put(&w, 0xffffffff, 4);
	expect_bad(&w, "negative");
	/* per-layer head counts as floats, as strings, too many layers */
	header(&w, 1);
	s(&w, "llama.attention.head_count_kv");
	put(&w, 9, 4);
	put(&w, 6, 4);
	put(&w, 1, 8);
	put(&w, 0, 4);
	expect_bad(&w, "not integers");
	header(&w, 1);
	s(&w, "llama.attention.head_count_kv");
	put(&w, 9, 4);
	put(&w, 4, 4);
	put(&w, 1u << 20, 8);
	expect_bad(&w, "layers");
	/* an unknown value type, an array of an unknown type */
	header(&w, 1);
	s(&w, "x");
	put(&w, 13, 4);
	expect_bad(&w, "unknown type 13");
	header(&w, 1);
	s(&w, "x");
	put(&w, 9, 4);
	put(&w, 200, 4);
	put(&w, 1, 8);
	expect_bad(&w, "unknown type 200");
}

/* An array of arrays nested d deep, each holding one element, ending in a
 * u8. */
static void nested(struct w *w, int d)
{
	if (d == 0) {
		put(w, 0, 4);   /* u8 */
		put(w, 1, 8);
		put(w, 7, 1);
		return;
	}
	put(w, 9, 4);
	put(w, 1, 8);
	nested(w, d - 1);
}

static void test_nested(void **state)
{
	(void)state;
	static struct w w;
	struct gguf_info g;
	char err[160];
	for (int d = 0; d <= 2; d++) {
		header(&w, 4);
		s(&w, "general.nested");
		put(&w, 9, 4);
		nested(&w, d);
		ku32(&w, "llama.block_count", 2);
		ku32(&w, "llama.embedding_length", 64);
		ku32(&w, "llama.attention.head_count", 4);
		assert_int_equal(gguf_parse(w.b, w.n, GGUF_ALL, &g, NULL, err, sizeof err), 0);
	}
	header(&w, 1);
	s(&w, "general.nested");
	put(&w, 9, 4);
	nested(&w, 3);
	expect_bad(&w, "nested deeper");
}

/* ---- the file reader ----------------------------------------------------- */

static char tmpdir[64];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/oomcast-gguf.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const struct w *w)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(w->b, 1, w->n, f), w->n);
	assert_int_equal(fclose(f), 0);
}

/* The sizes after a general.* array of pad bytes: reading must go on past
 * the first chunk. */
static void padded(struct w *w, size_t pad)
{
	header(w, 5);
	s(w, "general.pad");
	put(w, 9, 4);
	put(w, 0, 4);
	put(w, pad, 8);
	memset(w->b + w->n, 0xab, pad);
	w->n += pad;
	ku32(w, "llama.block_count", 32);
	ku32(w, "llama.embedding_length", 4096);
	ku32(w, "llama.attention.head_count", 32);
	ku32(w, "llama.attention.head_count_kv", 8);
}

static void test_read_file(void **state)
{
	(void)state;
	static struct w w;
	struct gguf_info g;
	uint64_t size;
	char path[128], err[400];
	snprintf(path, sizeof path, "%s/m.gguf", tmpdir);
	padded(&w, 700 << 10);
	write_file(path, &w);
	assert_int_equal(gguf_read_file(path, GGUF_READ_MAX, GGUF_ALL, &g, &size, err, sizeof err), 0);
	assert_int_equal(size, w.n);
	assert_int_equal(gguf_kv_bytes(&g, 256, 2.0) / 256, 131072);
	/* a cap below what the header needs: refused, not read */
	assert_int_equal(gguf_read_file(path, 256 << 10, GGUF_SIZES, &g, &size, err, sizeof err), -1);
	assert_non_null(strstr(err, "larger than"));
	/* cut: truncated, whatever the cap */
	assert_int_equal(truncate(path, 600 << 10), 0);
	assert_int_equal(gguf_read_file(path, GGUF_READ_MAX, GGUF_SIZES, &g, &size, err, sizeof err), -1);
	assert_non_null(strstr(err, "truncated"));
	assert_int_equal(truncate(path, 0), 0);
	assert_int_equal(gguf_read_file(path, GGUF_READ_MAX, GGUF_SIZES, &g, &size, err, sizeof err), -1);
	assert_non_null(strstr(err, "empty"));
}

/* A file cut inside its tensor data (an interrupted download): its header
 * reads whole, but llama.cpp refuses it, and so does the whole reading; the
 * sizes alone (the live source) do not look there. The data's end: its
 * aligned start plus the furthest offset + size (the second 4096 x 4096
 * F32 matrix at 8192). */
static void test_truncated_data(void **state)
{
	(void)state;
	static struct w w;
	struct gguf_info g;
	uint64_t size, need;
	char path[128], err[400];
	with_tensors(&w, 4);
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_ALL, &g, &need, err, sizeof err), 0);
	uint64_t data0 = (w.n + 31) / 32 * 32;
	assert_int_equal(g.data_end, data0 + 8192 + 4096ull * 4096 * 4);
	snprintf(path, sizeof path, "%s/t.gguf", tmpdir);
	write_file(path, &w);
	assert_int_equal(truncate(path, (off_t)g.data_end), 0);   /* sparse */
	assert_int_equal(gguf_read_file(path, GGUF_READ_MAX, GGUF_ALL, &g, &size, err, sizeof err), 0);
	assert_int_equal(truncate(path, (off_t)g.data_end - 1), 0);
	assert_int_equal(gguf_read_file(path, GGUF_READ_MAX, GGUF_ALL, &g, &size, err, sizeof err), -1);
	assert_non_null(strstr(err, "truncated: its tensor data ends at byte"));
	assert_int_equal(gguf_read_file(path, GGUF_READ_MAX, GGUF_SIZES, &g, &size, err, sizeof err), 0);
	/* a type whose size is not known: llama.cpp refuses the file, and a
	 * load sized without it would be a guess (fit once said "fits") */
	w.b[w.n - 12] = 200;   /* the last tensor's type, before its offset */
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_ALL, &g, &need, err, sizeof err), -1);
	assert_non_null(strstr(err, "GGUF tensor of unknown type 200"));
	/* nor rows that are not whole blocks of their type (Q8_0: 32) */
	w.b[w.n - 12] = 8;
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_ALL, &g, &need, err, sizeof err), 0);
	w.b[w.n - 12] = 20;   /* IQ4_NL, blocks of 32 too: 4096 is whole */
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_ALL, &g, &need, err, sizeof err), 0);
	w.b[w.n - 12] = 4;    /* Q4_2, removed from ggml */
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_ALL, &g, &need, err, sizeof err), -1);
	unlink(path);
}

static void test_not_regular(void **state)
{
	(void)state;
	struct gguf_info g;
	uint64_t size;
	char fifo[128], link1[128], link2[128], err[400];
	snprintf(fifo, sizeof fifo, "%s/fifo", tmpdir);
	snprintf(link1, sizeof link1, "%s/to-fifo.gguf", tmpdir);
	snprintf(link2, sizeof link2, "%s/to-zero.gguf", tmpdir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(symlink(fifo, link1), 0);
	assert_int_equal(symlink("/dev/zero", link2), 0);
	/* would hang on the FIFO, or read zeros forever, if opened */
	const char *paths[] = {fifo, link1, link2, "/dev/null", tmpdir};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_int_equal(gguf_read_file(paths[i], GGUF_READ_MAX, GGUF_ALL, &g, &size, err,
						sizeof err), -1);
		assert_non_null(strstr(err, "not a regular file"));
	}
}

/* pread, wrapped: after the first read of a file, the test's hook changes
 * the file (between the reader's chunks). */
ssize_t __real_pread(int fd, void *buf, size_t n, off_t off);
ssize_t __wrap_pread(int fd, void *buf, size_t n, off_t off);
static void (*between_reads)(int fd);
static int preads;

ssize_t __wrap_pread(int fd, void *buf, size_t n, off_t off)
{
	if (preads++ == 1 && between_reads)
		between_reads(fd);
	return __real_pread(fd, buf, n, off);
}

static void shrink(int fd)
{
	assert_int_equal(ftruncate(fd, 100 << 10), 0);
}

static void rewrite(int fd)
{
	/* the same size, other bytes, a later time */
	static const uint8_t junk[4096] = {1, 2, 3};
	assert_int_equal(pwrite(fd, junk, sizeof junk, 0), (ssize_t)sizeof junk);
	struct timespec ts[2] = {{0, UTIME_OMIT}, {time(NULL) + 100, 0}};
	assert_int_equal(futimens(fd, ts), 0);
}

static void test_changed_while_read(void **state)
{
	(void)state;
	static struct w w;
	struct gguf_info g;
	uint64_t size;
	char path[128], err[400];
	snprintf(path, sizeof path, "%s/c.gguf", tmpdir);
	void (*hooks[])(int) = {shrink, rewrite};
	const char *said[] = {"shrank", "changed"};
	for (size_t i = 0; i < 2; i++) {
		padded(&w, 700 << 10);
		write_file(path, &w);
		int fd = open(path, O_RDWR);
		assert_true(fd >= 0);
		between_reads = hooks[i];
		preads = 0;
		int rc = gguf_read_fd(fd, GGUF_READ_MAX, GGUF_SIZES, &g, &size, err, sizeof err);
		between_reads = NULL;
		close(fd);
		assert_true(preads >= 2);   /* the wrap is in place, and a second read came */
		assert_int_equal(rc, -1);
		if (!strstr(err, said[i]))
			fail_msg("'%s' does not say '%s'", err, said[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_llama),
		cmocka_unit_test(test_per_layer_and_mla),
		cmocka_unit_test(test_sliding_window),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_tensors),
		cmocka_unit_test(test_copies),
		cmocka_unit_test(test_copies_names),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_truncated_data),
		cmocka_unit_test(test_not_regular),
		cmocka_unit_test(test_changed_while_read),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
