/* Unit tests for the load footprint (against figures llama.cpp printed for
 * the same shapes: tests/runtime/README.md, tests/integ/llama_fit.sh), the
 * room a load has, and ollama manifests (tests/fixtures/ollama). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/footprint.h"
#include "analysis/room.h"
#include "formats/ollama.h"

#define MiB (1024.0 * 1024)

/* the two shapes tests/runtime/mkmodel wrote for the measurements */
static void shape(struct gguf_info *g, uint64_t layers, uint64_t embd, uint64_t heads,
                  uint64_t kv_heads, uint64_t ff, uint64_t vocab)
{
	memset(g, 0, sizeof *g);
	g->block_count = layers;
	g->embedding_length = embd;
	g->head_count = heads;
	g->head_count_kv = kv_heads;
	g->key_length = g->value_length = embd / heads;
	g->kv_heads_sum = kv_heads * layers;
	g->kv_elems = 2 * (embd / heads) * kv_heads * layers;
	g->feed_forward_length = ff;
	g->n_vocab = vocab;
	g->context_length = 8192;
	g->sliding_window = GGUF_UNKNOWN;
}

/* compute buffer sizes llama.cpp printed (MiB) */
static void test_compute_against_llama(void **state)
{
	(void)state;
	struct gguf_info a, b;
	shape(&a, 8, 1024, 16, 4, 2816, 4096);
	shape(&b, 4, 2048, 32, 8, 5632, 8192);
	const struct { struct gguf_info *g; uint64_t ctx; bool fa; double mib; } cases[] = {
		{&a, 1024, false, 45.01}, {&a, 3000, false, 113.01}, {&a, 4096, false, 147.01},
		{&a, 8192, false, 283.01}, {&a, 1024, true, 25.51},  {&a, 4096, true, 28.51},
		{&a, 8192, true, 32.51},   {&b, 1024, false, 88.01}, {&b, 4096, false, 286.01},
		{&b, 8192, false, 550.01}, {&b, 1024, true, 50.01},  {&b, 8192, true, 57.01},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct fp_opts o = {.ctx = cases[i].ctx, .flash_attn = cases[i].fa, .mmap = true};
		struct footprint f;
		assert_int_equal(footprint_of(cases[i].g, 100 << 20, &o, &f), 0);
		double got = (double)f.compute / MiB;
		if (fabs(got - cases[i].mib) > 0.05)
			fail_msg("case %zu: compute %.2f MiB, llama.cpp %.2f", i, got, cases[i].mib);
	}
	/* KV: 24 MiB at 3000 (3072 cells), q8_0 12.75 */
	struct fp_opts o = {.ctx = 3000, .kv = KV_F16};
	struct footprint f;
	assert_int_equal(footprint_of(&a, 100 << 20, &o, &f), 0);
	assert_int_equal(f.cells, 3072);
	assert_true(fabs((double)f.kv / MiB - 24.0) < 0.01);
	o.kv = KV_Q8_0;
	assert_int_equal(footprint_of(&a, 100 << 20, &o, &f), 0);
	assert_true(fabs((double)f.kv / MiB - 12.75) < 0.01);
}

static void test_totals_and_max_ctx(void **state)
{
	(void)state;
	struct gguf_info a;
	shape(&a, 8, 1024, 16, 4, 2816, 4096);
	struct fp_opts o = {.ctx = 4096, .mmap = true, .overhead = 160 << 20};
	struct footprint f;
	assert_int_equal(footprint_of(&a, 100 << 20, &o, &f), 0);
	assert_int_equal(f.total, f.weights + f.kv + f.compute + f.overhead);
	assert_int_equal(f.anon, f.total - f.weights);   /* mapped weights are page cache */
	o.mmap = false;
	assert_int_equal(footprint_of(&a, 100 << 20, &o, &f), 0);
	assert_int_equal(f.anon, f.total);
	/* the largest context that fits: its total fits, the next step's does not */
	uint64_t room = 400 << 20;
	uint64_t m = footprint_max_ctx(&a, 100 << 20, &o, room);
	assert_true(m >= 256 && m % 256 == 0);
	o.ctx = m;
	assert_int_equal(footprint_of(&a, 100 << 20, &o, &f), 0);
	assert_true(f.total <= room);
	o.ctx = m + 256;
	assert_int_equal(footprint_of(&a, 100 << 20, &o, &f), 0);
	assert_true(f.total > room);
	assert_int_equal(footprint_max_ctx(&a, 100 << 20, &o, 1 << 20), 0);
	/* never beyond the trained context */
	assert_int_equal(footprint_max_ctx(&a, 100 << 20, &o, UINT64_MAX / 4), 8192);
	/* what the header does not say is no footprint, never a guess */
	a.n_vocab = GGUF_UNKNOWN;
	assert_int_equal(footprint_of(&a, 100 << 20, &o, &f), -1);
}

/* window layers (gguf.h): the KV figure llama.cpp printed for the gemma2
 * and gemma3 files of tests/integ/llama_swa.sh, under node-llama-cpp's
 * micro-batch of 513 */
static void test_sliding_window(void **state)
{
	(void)state;
	struct gguf_info g;
	/* mkmodel -A gemma2 -l 4 -e 256 -H 4 -k 2 -w 512: 2 of 4 layers in a
	 * window, 256 K+V elements a layer and token */
	shape(&g, 4, 256, 4, 2, 1024, 512);
	g.sliding_window = 512;
	g.swa_layers = 2;
	g.kv_elems_swa = 2 * 256;
	struct fp_opts o = {.ctx = 4096, .mmap = true, .ubatch = 513};
	struct footprint f;
	assert_int_equal(footprint_of(&g, 8 << 20, &o, &f), 0);
	assert_int_equal(f.cells, 4096);
	assert_int_equal(f.swa_cells, 1280);
	assert_int_equal(f.kv, (uint64_t)(5.25 * MiB));   /* llama.cpp: 4.00 + 1.25 MiB */
	/* llama-server's micro-batch of 512: 1024 cells */
	o.ubatch = 0;
	assert_int_equal(footprint_of(&g, 8 << 20, &o, &f), 0);
	assert_int_equal(f.swa_cells, 1024);
	assert_int_equal(f.kv, (uint64_t)(5.0 * MiB));
	/* q8_0: the same cells, 34 bytes a 32 elements */
	o.kv = KV_Q8_0;
	assert_int_equal(footprint_of(&g, 8 << 20, &o, &f), 0);
	assert_int_equal(f.kv, (uint64_t)(5.0 * MiB / 2 * 34 / 32));
	/* a context inside the window: all layers hold it (one cache each) */
	o.kv = KV_F16;
	o.ctx = 1000;
	assert_int_equal(footprint_of(&g, 8 << 20, &o, &f), 0);
	assert_int_equal(f.swa_cells, 1024);
	assert_int_equal(f.kv, 1024ull * 4 * 256 * 2);
	/* the largest context grows past the window by the full layers' share
	 * alone: max_ctx still fits, one step more does not */
	o.ctx = 0;
	uint64_t room = 300ull << 20;
	uint64_t m = footprint_max_ctx(&g, 8 << 20, &o, room);
	assert_true(m > 0);
	o.ctx = m;
	assert_int_equal(footprint_of(&g, 8 << 20, &o, &f), 0);
	assert_true(f.total <= room);
	if (m < g.context_length) {
		o.ctx = m + FP_CELLS_PAD;
		assert_int_equal(footprint_of(&g, 8 << 20, &o, &f), 0);
		assert_true(f.total > room);
	}
	/* o.ubatch out of range: refused, not a wrapped figure */
	o.ubatch = 1ull << 40;
	assert_int_equal(footprint_of(&g, 8 << 20, &o, &f), -1);
}

static void test_kv_type_names(void **state)
{
	(void)state;
	enum kv_type t;
	assert_true(kv_type_parse("q8_0", &t) && t == KV_Q8_0);
	assert_true(kv_type_parse("q4_0", &t) && t == KV_Q4_0);
	assert_true(kv_type_parse("f16", &t) && t == KV_F16);
	assert_false(kv_type_parse("q5_1", &t));
	assert_string_equal(kv_type_name(KV_Q8_0), "q8_0");
}

static void test_room(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	s.mem.total = 24ull << 30;
	s.mem.available = 20ull << 30;
	s.swap.total = 0;
	bool added;
	int cg = snapshot_cgroup_index(&s, "/job", CG_V1, &added);
	s.cgroups[cg].effective_limit = 1ull << 30;
	s.cgroups[cg].usage = 900ull << 20;   /* 300 MiB of it page cache */
	s.cgroups[cg].anon = 600ull << 20;
	s.cgroups[cg].shmem = 0;
	struct room_item r[4];
	size_t n = room_of(&s, cg, r, 4);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].name, "cgroup:/job");   /* tightest first */
	assert_int_equal(r[0].left, (1ull << 30) - (600ull << 20));   /* cache is room */
	assert_string_equal(r[1].name, "ram");
	assert_int_equal(room_of(&s, -1, r, 4), 1);
	snapshot_free(&s);
}

static void test_ollama_manifest(void **state)
{
	(void)state;
	char hex[65];
	const char m[] = "{\"layers\":[{\"mediaType\":\"application/vnd.ollama.image.template\","
	                 "\"digest\":\"sha256:1111111111111111111111111111111111111111111111111111111111111111\"},"
	                 "{\"digest\" : \"sha256:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789\","
	                 "\"mediaType\":\"application/vnd.ollama.image.model\",\"size\":1}]}";
	assert_int_equal(ollama_manifest_model(m, sizeof m - 1, hex), 0);
	assert_string_equal(hex, "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
	/* no model layer, a digest too short, upper case, cut: refused */
	const char *bad[] = {
		"{\"layers\":[{\"mediaType\":\"application/vnd.ollama.image.template\",\"digest\":\"sha256:ab\"}]}",
		"{\"mediaType\":\"application/vnd.ollama.image.model\",\"digest\":\"sha256:abc\"}",
		"{\"mediaType\":\"application/vnd.ollama.image.model\",\"digest\":\"sha256:ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789\"}",
		"{\"mediaType\":\"application/vnd.ollama.image.model\",\"digest\":\"sha256:abcdef",
		"\"application/vnd.ollama.image.model\"", "",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(ollama_manifest_model(bad[i], strlen(bad[i]), hex), -1);
}

static void test_ollama_resolve(void **state)
{
	(void)state;
	char path[4096], err[512], dir[1024];
	const char *fx = getenv("FIXTURES");
	snprintf(dir, sizeof dir, "%s/ollama", fx ? fx : "tests/fixtures");
	setenv("OLLAMA_MODELS", dir, 1);
	assert_int_equal(ollama_resolve("tiny", path, sizeof path, err, sizeof err), 0);
	assert_non_null(strstr(path, "/blobs/sha256-"));
	assert_int_equal(ollama_resolve("tiny:latest", path, sizeof path, err, sizeof err), 0);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(ollama_resolve("tiny:7b", path, sizeof path, err, sizeof err), -1);
	assert_non_null(strstr(err, "no ollama manifest"));
	assert_int_equal(ollama_resolve("../../etc/passwd:x", path, sizeof path, err, sizeof err), -1);
	assert_int_equal(ollama_resolve("a b", path, sizeof path, err, sizeof err), -1);
	/* a path is a path */
	assert_int_equal(ollama_resolve("/x/model.gguf", path, sizeof path, err, sizeof err), 0);
	assert_string_equal(path, "/x/model.gguf");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compute_against_llama),
		cmocka_unit_test(test_totals_and_max_ctx),
		cmocka_unit_test(test_sliding_window),
		cmocka_unit_test(test_kv_type_names),
		cmocka_unit_test(test_room),
		cmocka_unit_test(test_ollama_manifest),
		cmocka_unit_test(test_ollama_resolve),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
