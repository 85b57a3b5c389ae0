/* Unit tests for the GGUF header reader: a Llama-3.1-8B-shaped header (KV
 * cache 128 KiB a token at f16, the known figure), per-layer KV head arrays
 * (0 = a layer without KV), MLA key/value lengths, stopping before the
 * tokenizer, and hostile input: bad magic, versions, truncation at every
 * byte, lengths and counts past the buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/gguf.h"

struct w {
	uint8_t b[4096];
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
	put(w, 291, 8);
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
	struct w w;
	llama(&w);
	struct gguf_info g;
	char err[128];
	assert_int_equal(gguf_parse(w.b, w.n, &g, err, sizeof err), 0);
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
	struct w w;
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
	assert_int_equal(gguf_parse(w.b, w.n, &g, err, sizeof err), 0);
	assert_int_equal(g.kv_heads_sum, 5);
	assert_int_equal(g.head_count_kv, 2);
	/* value length defaults to the key length */
	assert_int_equal(gguf_kv_bytes(&g, 256, 2.0), 256ull * 5 * (256 + 256) * 2);

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
	assert_int_equal(gguf_parse(w.b, w.n, &g, err, sizeof err), 0);
	assert_int_equal(gguf_kv_bytes(&g, 256, 2.0), 256ull * 61 * (576 + 512) * 2);
}

static void test_hostile(void **state)
{
	(void)state;
	struct gguf_info g;
	char err[128];
	struct w w;
	llama(&w);
	/* every truncation: an error or a result, never a read past the end
	 * (AddressSanitizer watches) */
	for (size_t n = 0; n < w.n; n++) {
		uint8_t *copy = malloc(n ? n : 1);
		memcpy(copy, w.b, n);
		gguf_parse(copy, n, &g, err, sizeof err);
		free(copy);
	}
	assert_int_equal(gguf_parse((const uint8_t *)"GGML....", 8, &g, err, sizeof err), -1);
	assert_string_equal(err, "not a GGUF file");
	header(&w, 1);
	w.b[4] = 1;   /* version 1 */
	assert_int_equal(gguf_parse(w.b, w.n, &g, err, sizeof err), -1);
	assert_non_null(strstr(err, "version 1"));
	header(&w, 1ull << 60);   /* absurd metadata count */
	assert_int_equal(gguf_parse(w.b, w.n, &g, err, sizeof err), -1);
	assert_non_null(strstr(err, "implausible"));
	/* a key length past the buffer; an array count that overflows */
	header(&w, 2);
	put(&w, UINT64_MAX - 3, 8);
	assert_int_equal(gguf_parse(w.b, w.n, &g, err, sizeof err), -1);
	header(&w, 2);
	s(&w, "llama.attention.head_count_kv");
	put(&w, 9, 4);
	put(&w, 10, 4);   /* u64 elements */
	put(&w, (UINT64_MAX / 8) + 2, 8);
	assert_int_equal(gguf_parse(w.b, w.n, &g, err, sizeof err), -1);
	/* nested arrays beyond the depth limit, an unknown type */
	header(&w, 1);
	s(&w, "x");
	put(&w, 99, 4);
	assert_int_equal(gguf_parse(w.b, w.n, &g, err, sizeof err), -1);
	/* sizes missing: a clear reason */
	header(&w, 1);
	ku32(&w, "general.alignment", 32);
	assert_int_equal(gguf_parse(w.b, w.n, &g, err, sizeof err), -1);
	assert_non_null(strstr(err, "lacks the model's sizes"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_llama),
		cmocka_unit_test(test_per_layer_and_mla),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
