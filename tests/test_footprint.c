/* Unit tests for the load footprint (against figures llama.cpp printed for
 * the same shapes: tests/runtime/README.md, tests/integ/llama_fit.sh), the
 * room a load has, and ollama manifests (tests/fixtures/ollama). The split
 * of a load between RAM and GPUs (-ngl) against a hand computation from a
 * tensor table written here: llama.cpp's placement is read from its source,
 * no GPU was at hand to measure it (footprint.h). */
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
#include "analysis/forecast.h"
#include "analysis/loads.h"
#include "analysis/room.h"
#include "formats/ollama.h"
#include "source/kparse.h"

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
	g->kv_elems_v = g->kv_elems / 2;
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
	o.kv = o.kv_v = KV_Q8_0;
	assert_int_equal(footprint_of(&a, 100 << 20, &o, &f), 0);
	assert_true(fabs((double)f.kv / MiB - 12.75) < 0.01);
	/* -ctk q8_0 alone: V stays f16 (llama-kv-cache.cpp sizes each with
	 * its own type). 8 layers of 4 KV heads of 64: K ggml_row_size(q8_0,
	 * 256) = 272 bytes a cell, V 256 x 2; 3072 cells: 18.375 MiB, not
	 * q8_0's 12.75 */
	o.kv_v = KV_F16;
	assert_int_equal(footprint_of(&a, 100 << 20, &o, &f), 0);
	assert_int_equal(f.kv, 8ull * 3072 * (256 / 32 * 34 + 256 * 2));
	assert_true(fabs((double)f.kv / MiB - 18.375) < 0.001);
	/* -ctv q8_0 alone: the same bytes here (K and V as wide) */
	o.kv = KV_F16, o.kv_v = KV_Q8_0;
	assert_int_equal(footprint_of(&a, 100 << 20, &o, &f), 0);
	assert_int_equal(f.kv, 8ull * 3072 * (256 / 32 * 34 + 256 * 2));
}

/* Flash attention, which llama.cpp forces on for a quantised V (and not
 * for a quantised K), decides whether layers' V are widened to the widest
 * (gguf.h): a header whose layers' V widths differ (gemma3n's KV heads 2,
 * 2, 0, 1 of 256: K 1280 elements, V 1280 and 768 more when widened) */
static void test_kv_types_flash_attn(void **state)
{
	(void)state;
	struct gguf_info g;
	shape(&g, 4, 2048, 8, 2, 8192, 1024);
	g.key_length = g.value_length = 256;
	g.kv_heads_sum = 5;
	g.kv_elems = 2 * 5 * 256, g.kv_elems_v = 5 * 256;
	g.kv_vpad = 4 * 512 - 5 * 256;
	struct fp_opts o = {.ctx = 256, .kv = KV_Q8_0, .kv_v = KV_F16};
	struct footprint f;
	/* quantised K, f16 V, flash attention off: V widened, at f16 */
	assert_int_equal(footprint_of(&g, 1 << 20, &o, &f), 0);
	assert_int_equal(f.kv, 256ull * (1280 / 32 * 34 + 2048 * 2));
	o.flash_attn = true;
	assert_int_equal(footprint_of(&g, 1 << 20, &o, &f), 0);
	assert_int_equal(f.kv, 256ull * (1280 / 32 * 34 + 1280 * 2));
	/* quantised V: flash attention whatever was asked, no widening */
	o.flash_attn = false;
	o.kv = KV_F16, o.kv_v = KV_Q8_0;
	assert_int_equal(footprint_of(&g, 1 << 20, &o, &f), 0);
	assert_int_equal(f.kv, 256ull * (1280 * 2 + 1280 / 32 * 34));
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

/* The CPU backend's copies (cpuinfo.h): the kind's from the header; with
 * mmap all of them anonymous beside the mapped file, without only their
 * growth over the originals (those are not read in); none for a plain CPU
 * or -nr; an RAM part of a split that offloads nothing holds them all.
 * The figures are llama.cpp's AMX buffer for tests/integ's Q8_0 file
 * (106.875 MiB of 95.625 MiB of tensors). */
static void test_cpu_copies(void **state)
{
	(void)state;
	struct gguf_info a;
	shape(&a, 8, 1024, 16, 4, 2816, 4096);
	a.copies.known = true;
	a.copies.src[CPU_AMX] = 100270080, a.copies.copy[CPU_AMX] = 112066560;
	a.copies.src[CPU_AVX2] = a.copies.copy[CPU_AVX2] = 0;
	struct fp_opts o = {.ctx = 4096, .mmap = true, .overhead = 160 << 20, .cpu = CPU_AMX};
	struct footprint f;
	assert_int_equal(footprint_of(&a, 104884512, &o, &f), 0);
	assert_true(f.copies_known);
	assert_int_equal(f.copied, 112066560);
	assert_int_equal(f.added, 112066560);
	assert_int_equal(f.total, f.weights + f.added + f.kv + f.compute + f.overhead);
	assert_int_equal(f.anon, f.total - f.weights);   /* the copies are anonymous */
	uint64_t with = f.total;
	o.mmap = false;
	assert_int_equal(footprint_of(&a, 104884512, &o, &f), 0);
	assert_int_equal(f.added, 112066560 - 100270080);
	assert_int_equal(f.anon, f.total);
	o.mmap = true, o.cpu = CPU_AVX2;
	assert_int_equal(footprint_of(&a, 104884512, &o, &f), 0);
	assert_int_equal(f.added, 0);
	assert_int_equal(f.total, with - 112066560);
	/* llama.cpp's --fit counts host buffers only: the repacked tensors
	 * (in the CPU's extra buffers) are in neither the file's part nor its
	 * measure. A machine whose RAM less 1 GiB is just what the trained
	 * context's host buffers take is cut nowhere with AMX copies, though
	 * their footprint is 11.8 MB more */
	o.cpu = CPU_AMX, o.ctx = 8192, o.mmap = false, o.flash_attn = true;
	assert_int_equal(footprint_of(&a, 104884512, &o, &f), 0);
	uint64_t host = f.weights - 100270080 + f.kv + f.compute;
	assert_int_equal(footprint_fit_ctx(&a, 104884512, &o, host + FP_FIT_MARGIN, 1), 8192);
	assert_true(footprint_fit_ctx(&a, 104884512, &o, host + FP_FIT_MARGIN - 1, 1) < 8192);
	o.ctx = 4096, o.mmap = true, o.flash_attn = false;
	/* fewer contexts fit with the copies */
	o.cpu = CPU_PLAIN;
	uint64_t plain = footprint_max_ctx(&a, 104884512, &o, with - 1);
	o.cpu = CPU_AMX;
	assert_true(footprint_max_ctx(&a, 104884512, &o, with - 1) < plain);
	/* -nr, a GPU build's host buffer, a runtime without: none, whatever
	 * the CPU */
	for (int w = FP_COPIES_NO_REPACK; w <= FP_COPIES_RUNTIME; w++) {
		o.copies_off = (enum fp_copies_off)w;
		assert_int_equal(footprint_of(&a, 104884512, &o, &f), 0);
		assert_int_equal(f.added, 0);
		assert_int_equal(f.total, with - 112066560);
		assert_non_null(fp_copies_off_name(o.copies_off));
	}
	o.copies_off = FP_COPIES_ON;
	assert_null(fp_copies_off_name(o.copies_off));
	/* a header claiming more copied than the file holds adds nothing */
	a.copies.src[CPU_AMX] = 200ull << 20;
	a.copies.copy[CPU_AMX] = 1ull << 40;
	assert_int_equal(footprint_of(&a, 104884512, &o, &f), 0);
	assert_false(f.copies_known);
	assert_int_equal(f.added, 0);
	/* a mix: its own copies (the file's in the mix), not the file's */
	a.copies.src[CPU_AMX] = 100270080, a.copies.copy[CPU_AMX] = 112066560;
	a.mix_known = a.mix_copies_known = true;
	a.mix_copy_src[QM_Q4_K_M][CPU_AMX] = 40 << 20, a.mix_copy[QM_Q4_K_M][CPU_AMX] = 41 << 20;
	assert_int_equal(footprint_of_mix(&a, QM_Q4_K_M, 60 << 20, &o, &f), 0);
	assert_true(f.copies_known);
	assert_int_equal(f.added, 41 << 20);
	a.mix_copies_known = false;
	assert_int_equal(footprint_of_mix(&a, QM_Q4_K_M, 60 << 20, &o, &f), 0);
	assert_false(f.copies_known);
	/* fit_quant: no mix whose copies this CPU would make are not known */
	a.tensor_bytes = 100 << 20;
	for (int q = 0; q < QM_N; q++)
		a.mix_bytes[q] = (uint64_t)(QM_N - q) << 23;   /* 56 .. 8 MiB */
	assert_int_equal(footprint_fit_quant(&a, 104884512, &o, UINT64_MAX / 4, &f), -1);
	o.cpu = CPU_PLAIN;
	assert_int_equal(footprint_fit_quant(&a, 104884512, &o, UINT64_MAX / 4, &f), QM_Q8_0);
	o.cpu = CPU_AMX;
	a.mix_copies_known = true;
	assert_int_equal(footprint_fit_quant(&a, 104884512, &o, UINT64_MAX / 4, &f), QM_Q8_0);
	/* not read: nothing added, and said so */
	a.copies.known = false;
	assert_int_equal(footprint_of(&a, 104884512, &o, &f), 0);
	assert_false(f.copies_known);
	assert_int_equal(f.added, 0);
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
	g.kv_elems_swa_v = 256;
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
	/* llama-server's default, 4 sequences in one unified stream: the
	 * window layers hold 4 windows and a micro-batch (2560 cells); -np 2
	 * not unified: two streams of 2048 cells, each window 1024 */
	o.seqs = 4;
	assert_int_equal(footprint_of(&g, 8 << 20, &o, &f), 0);
	assert_int_equal(f.cells, 4096);
	assert_int_equal(f.swa_cells, 2560);
	assert_int_equal(f.kv, (uint64_t)((4096 * 2 + 2560 * 2) * 256 * 2.0));
	o.seqs = 1, o.streams = 2;
	assert_int_equal(footprint_of(&g, 8 << 20, &o, &f), 0);
	assert_int_equal(f.cells, 4096);
	assert_int_equal(f.swa_cells, 2048);
	/* each stream padded again: 1000 is 1024 cells, over 3 streams 341
	 * each, padded to 512: 1536 in all (llama-context.cpp) */
	o.ctx = 1000, o.streams = 3;
	assert_int_equal(footprint_of(&g, 8 << 20, &o, &f), 0);
	assert_int_equal(f.cells, 1536);
	o.ctx = 4096, o.streams = 0;
	/* q8_0: the same cells, 34 bytes a 32 elements */
	o.kv = o.kv_v = KV_Q8_0;
	assert_int_equal(footprint_of(&g, 8 << 20, &o, &f), 0);
	assert_int_equal(f.kv, (uint64_t)(5.0 * MiB / 2 * 34 / 32));
	/* K q8_0, V f16: half the elements each way */
	o.kv_v = KV_F16;
	assert_int_equal(footprint_of(&g, 8 << 20, &o, &f), 0);
	assert_int_equal(f.kv, (uint64_t)(2.5 * MiB * 34 / 32 / 2 + 2.5 * MiB));
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
	assert_false(kv_type_parse("q6_k", &t));   /* not a KV type llama.cpp takes */
	assert_false(kv_type_parse("Q8_0", &t));
	assert_string_equal(kv_type_name(KV_Q8_0), "q8_0");
	/* every type llama.cpp takes (common/arg.cpp), at ggml's block size */
	static const struct { const char *name; double bytes; bool quant; } all[] = {
		{"f32", 4, false},        {"f16", 2, false},        {"bf16", 2, false},
		{"q8_0", 34.0 / 32, true}, {"q4_0", 18.0 / 32, true}, {"q4_1", 20.0 / 32, true},
		{"iq4_nl", 18.0 / 32, true}, {"q5_0", 22.0 / 32, true}, {"q5_1", 24.0 / 32, true},
	};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (!kv_type_parse(all[i].name, &t))
			fail_msg("%s not parsed", all[i].name);
		assert_string_equal(kv_type_name(t), all[i].name);
		assert_true(kv_type_bytes(t) == all[i].bytes);
		assert_int_equal(kv_type_quantized(t), all[i].quant);
		/* a command line's -ctk gives the same type (kparse's order is
		 * enum kv_type's) */
		char line[64];
		int n = snprintf(line, sizeof line, "llama-server%c-ctk%c%s", 0, 0, all[i].name);
		struct snap_load_args a;
		kparse_load_args(line, (size_t)n + 1, &a);
		assert_int_equal(a.kv_type, (int)t);
	}
	/* -ctk f32: K twice f16's (it was taken as f16 before) */
	struct gguf_info g;
	shape(&g, 8, 1024, 16, 4, 2816, 4096);
	struct fp_opts o = {.ctx = 3000, .kv = KV_F32, .kv_v = KV_Q5_1, .flash_attn = true};
	struct footprint f;
	assert_int_equal(footprint_of(&g, 100 << 20, &o, &f), 0);
	assert_int_equal(f.kv, 8ull * 3072 * (256 * 4 + 256 / 32 * 24));   /* llama.cpp: 24 + 4.5 MiB */
	/* f32 and bf16 V need no flash attention, q5_0 does (ggml_is_quantized) */
	assert_false(kv_type_quantized(KV_BF16));
	assert_true(kv_type_quantized(KV_Q5_0));
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

	/* v2: the kernel memory reclaim cannot give back is not room */
	int cg2 = snapshot_cgroup_index(&s, "/job2", CG_V2, &added);
	s.cgroups[cg2].effective_limit = 1ull << 30;
	s.cgroups[cg2].usage = 900ull << 20;
	s.cgroups[cg2].anon = 600ull << 20;
	s.cgroups[cg2].shmem = 0;
	s.cgroups[cg2].kernel = 24ull << 20;
	assert_int_equal(room_of(&s, cg2, r, 4), 2);
	assert_string_equal(r[0].name, "cgroup:/job2");
	assert_int_equal(r[0].left, (1ull << 30) - (624ull << 20));
	assert_int_equal(r[0].used, 624ull << 20);
	/* figures no cgroup has (a recording's): saturated, never wrapped */
	s.cgroups[cg2].kernel = SNAP_NA - 1;
	assert_int_equal(room_cgroup_used(&s.cgroups[cg2]), SNAP_NA - 1);
	assert_int_equal(room_of(&s, cg2, r, 4), 2);
	assert_int_equal(r[0].left, 0);
	snapshot_free(&s);
}


/* An in-memory GGUF with a tensor table: 4 layers, n_embd 256, 4 heads, 2
 * KV heads (head 64), vocabulary 1000. Tensor bytes (ggml block sizes):
 *   token_embd  q8_0 256 x 1000            272000
 *   output_norm f32  256                     1024
 *   output      q6_K 256 x 1000  (tied: absent) 210000
 *   per layer: 2 norms f32 1024 each, attn_q/attn_output q8_0 256x256
 *   69632 each, attn_k/attn_v q8_0 256x128 34816 each, ffn_gate/ffn_up/
 *   ffn_down q8_0 139264 each: 628736; layer 3's ffn_down is f16 (262144):
 *   751616. */
struct w {
	uint8_t b[1 << 16];
	size_t n;
};
static void put(struct w *w, uint64_t v, size_t k)
{
	for (size_t i = 0; i < k; i++)
		w->b[w->n++] = (uint8_t)(v >> (8 * i));
}
static void str(struct w *w, const char *t)
{
	put(w, strlen(t), 8);
	memcpy(w->b + w->n, t, strlen(t));
	w->n += strlen(t);
}
static void ku32(struct w *w, const char *k, uint32_t v)
{
	str(w, k);
	put(w, 4, 4);
	put(w, v, 4);
}
static void tensor(struct w *w, const char *name, uint32_t type, uint64_t ne0, uint64_t ne1)
{
	str(w, name);
	put(w, ne1 ? 2 : 1, 4);
	put(w, ne0, 8);
	if (ne1)
		put(w, ne1, 8);
	put(w, type, 4);
	put(w, 0, 8);   /* offset: not read for sizes */
}
enum { T_F32 = 0, T_F16 = 1, T_Q8_0 = 8, T_Q6_K = 14 };
#define LAYER 628736ull
#define LAYER3 751616ull
#define EMBD 272000ull
#define OUTNORM 1024ull
#define OUTPUT 210000ull

static void split_model(struct w *w, bool tied, struct gguf_info *g)
{
	w->n = 0;
	memcpy(w->b, "GGUF", 4);
	w->n = 4;
	put(w, 3, 4);
	put(w, 4 * 9 + (tied ? 2 : 3), 8);
	put(w, 8, 8);
	str(w, "general.architecture");
	put(w, 8, 4);
	str(w, "llama");
	ku32(w, "llama.block_count", 4);
	ku32(w, "llama.context_length", 1024);
	ku32(w, "llama.embedding_length", 256);
	ku32(w, "llama.feed_forward_length", 512);
	ku32(w, "llama.attention.head_count", 4);
	ku32(w, "llama.attention.head_count_kv", 2);
	ku32(w, "general.alignment", 32);
	tensor(w, "token_embd.weight", T_Q8_0, 256, 1000);
	for (int i = 0; i < 4; i++) {
		char n[64];
		const struct { const char *t; uint32_t type; uint64_t a, b; } lt[] = {
			{"attn_norm", T_F32, 256, 0},   {"attn_q", T_Q8_0, 256, 256},
			{"attn_k", T_Q8_0, 256, 128},   {"attn_v", T_Q8_0, 256, 128},
			{"attn_output", T_Q8_0, 256, 256}, {"ffn_norm", T_F32, 256, 0},
			{"ffn_gate", T_Q8_0, 256, 512}, {"ffn_up", T_Q8_0, 256, 512},
			{"ffn_down", i == 3 ? T_F16 : T_Q8_0, 512, 256},
		};
		for (size_t k = 0; k < sizeof lt / sizeof lt[0]; k++) {
			snprintf(n, sizeof n, "blk.%d.%s.weight", i, lt[k].t);
			tensor(w, n, lt[k].type, lt[k].a, lt[k].b);
		}
	}
	tensor(w, "output_norm.weight", T_F32, 256, 0);
	if (!tied)
		tensor(w, "output.weight", T_Q6_K, 256, 1000);
	char err[128];
	assert_int_equal(gguf_parse(w->b, w->n, GGUF_ALL, g, NULL, err, sizeof err), 0);
	g->n_vocab = 1000;
}

static void test_split_table(void **state)
{
	(void)state;
	static struct w w;
	struct gguf_info g;
	split_model(&w, false, &g);
	assert_true(g.split.known);
	assert_false(g.split.tied);
	assert_int_equal(g.split.input, EMBD);
	assert_int_equal(g.split.output, OUTNORM + OUTPUT);
	assert_int_equal(g.split.layer[0], LAYER);
	assert_int_equal(g.split.layer[3], LAYER3);
	assert_int_equal(g.split.other, 0);
	/* the sizes alone do not read the table: no split */
	struct gguf_info h;
	char err[128];
	assert_int_equal(gguf_parse(w.b, w.n, GGUF_SIZES, &h, NULL, err, sizeof err), 0);
	assert_false(h.split.known);
}

static void test_split_one_gpu(void **state)
{
	(void)state;
	static struct w w;
	struct gguf_info g;
	split_model(&w, false, &g);
	uint64_t file = 4096 + EMBD + 3 * LAYER + LAYER3 + OUTNORM + OUTPUT;
	struct fp_opts o = {.ctx = 1024, .mmap = true, .overhead = 160 << 20};
	struct footprint f;
	struct fp_split sp;
	assert_int_equal(footprint_of(&g, file, &o, &f), 0);
	/* KV: 1024 cells x 2 heads x (64 + 64) x 2 bytes = 512 KiB a layer */
	const uint64_t kvl = 1024 * 2 * 128 * 2;
	assert_int_equal(f.kv, 4 * kvl);
	/* -ngl 0: all in RAM, nothing on the GPU */
	assert_int_equal(footprint_split(&g, &f, &o, 0, true, NULL, 1, &sp), 0);
	assert_int_equal(sp.ram_total, f.total);
	assert_int_equal(sp.dev[0].total, 0);
	/* -ngl 1: the output layer only (llama.cpp counts it as a layer) */
	assert_int_equal(footprint_split(&g, &f, &o, 1, true, NULL, 1, &sp), 0);
	assert_true(sp.output_on_gpu);
	assert_int_equal(sp.layers_on_gpu, 0);
	assert_int_equal(sp.dev[0].weights, OUTNORM + OUTPUT);
	assert_int_equal(sp.dev[0].kv, 0);
	assert_int_equal(sp.dev[0].compute, f.compute);
	/* -ngl 2: the output and the last repeating layer (layer 3, the big one) */
	assert_int_equal(footprint_split(&g, &f, &o, 2, true, NULL, 1, &sp), 0);
	assert_int_equal(sp.layers_on_gpu, 1);
	assert_int_equal(sp.dev[0].weights, OUTNORM + OUTPUT + LAYER3);
	assert_int_equal(sp.dev[0].kv, kvl);
	assert_int_equal(sp.dev[0].total, OUTNORM + OUTPUT + LAYER3 + kvl + f.compute);
	assert_int_equal(sp.ram_weights, file - (OUTNORM + OUTPUT + LAYER3));
	assert_int_equal(sp.ram_kv, 3 * kvl);
	assert_int_equal(sp.ram_total, sp.ram_weights + 3 * kvl + f.compute + f.overhead);
	assert_int_equal(sp.ram_anon, sp.ram_total - sp.ram_weights);   /* mapped */
	/* --no-kv-offload: the KV stays in RAM */
	assert_int_equal(footprint_split(&g, &f, &o, 2, false, NULL, 1, &sp), 0);
	assert_int_equal(sp.dev[0].kv, 0);
	assert_int_equal(sp.ram_kv, 4 * kvl);
	/* -ngl 5 (n_layer + 1), 99, and -1 (llama.cpp's "all"): everything but
	 * the token embeddings and the header */
	int64_t all[] = {5, 99, -1};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(footprint_split(&g, &f, &o, all[i], true, NULL, 1, &sp), 0);
		assert_int_equal(sp.layers_on_gpu, 4);
		assert_int_equal(sp.ram_weights, 4096 + EMBD);
		assert_int_equal(sp.ram_kv, 0);
		assert_int_equal(sp.dev[0].kv, f.kv);
	}
	/* --no-mmap: the RAM weights are anonymous */
	o.mmap = false;
	assert_int_equal(footprint_of(&g, file, &o, &f), 0);
	assert_int_equal(footprint_split(&g, &f, &o, 2, true, NULL, 1, &sp), 0);
	assert_int_equal(sp.ram_anon, sp.ram_total);
}

static void test_split_tied_and_several(void **state)
{
	(void)state;
	static struct w w;
	struct gguf_info g;
	split_model(&w, true, &g);
	assert_true(g.split.tied);
	uint64_t file = 4096 + EMBD + 3 * LAYER + LAYER3 + OUTNORM;
	struct fp_opts o = {.ctx = 1024, .mmap = true};
	struct footprint f;
	struct fp_split sp;
	assert_int_equal(footprint_of(&g, file, &o, &f), 0);
	/* tied: the GPU gets a copy of token_embd as the output; RAM keeps it */
	assert_int_equal(footprint_split(&g, &f, &o, 1, true, NULL, 1, &sp), 0);
	assert_int_equal(sp.dev[0].weights, OUTNORM + EMBD);
	assert_int_equal(sp.ram_weights, file - OUTNORM);
	/* two devices, even shares, -ngl 5: positions k/5 under 0.5 (layers
	 * 0, 1, 2) on the first, the rest (layer 3, the output) on the second */
	double share[2] = {1, 1};
	assert_int_equal(footprint_split(&g, &f, &o, 5, true, share, 2, &sp), 0);
	assert_int_equal(sp.dev[0].layers, 3);
	assert_false(sp.dev[0].output);
	assert_int_equal(sp.dev[0].weights, 3 * LAYER);
	assert_int_equal(sp.dev[1].layers, 1);
	assert_true(sp.dev[1].output);
	assert_int_equal(sp.dev[1].weights, LAYER3 + OUTNORM + EMBD);
	/* shares 1:3: positions 0 and 0.2 (layers 0, 1) are under 0.25 */
	share[1] = 3;
	assert_int_equal(footprint_split(&g, &f, &o, 5, true, share, 2, &sp), 0);
	assert_int_equal(sp.dev[0].layers, 2);
	assert_int_equal(sp.dev[1].layers, 2);
	assert_true(sp.dev[1].output);
	/* layers with different KV heads: per-layer KV unknown, no split */
	g.kv_heads_sum = 7;
	assert_int_equal(footprint_split(&g, &f, &o, 2, true, NULL, 1, &sp), -1);
	/* no table: no split */
	g.split.known = false;
	assert_int_equal(footprint_split(&g, &f, &o, 2, true, NULL, 1, &sp), -1);
}

/* A 24 GiB machine with 20 GiB available and split_model's file, loaded
 * by pid 4242 at -c 1024 and holding nothing yet: the split tests' start. */
static struct snap_proc *split_machine(struct snapshot *s, struct w *w)
{
	s->mem.total = 24ull << 30;
	s->mem.available = 20ull << 30;
	s->self_cgroup = -1;
	struct snap_model *m = snapshot_add_model(s);
	split_model(w, false, &m->info);
	m->info_known = true;
	m->file_size = 4096 + EMBD + 3 * LAYER + LAYER3 + OUTNORM + OUTPUT;
	struct snap_proc *p = snapshot_add_proc(s);
	p->pid = 4242;
	p->cgroup = -1;
	p->model_idx = 0;
	p->ctx = 1024;
	p->anon = p->file = p->shmem = p->swap = 0;
	return p;
}

/* A live load's CPU copies (loads.c copies_off_of): this CPU's unless -nr,
 * ollama's own engine, or a GPU build with a device for it (its maps show
 * a GPU backend's library; not read: -ngl or a card of its own), unless
 * --no-host. */
static void test_live_copies_off(void **state)
{
	(void)state;
	static struct w w;
	struct snapshot s;
	snapshot_init(&s);
	s.swap.total = 0;
	s.cpu = CPU_AMX;
	struct snap_proc *p = split_machine(&s, &w);
	struct gguf_copies *cp = &s.models[0].info.copies;
	cp->known = true;
	cp->src[CPU_AMX] = 1 << 20, cp->copy[CPU_AMX] = 1 << 20;
	struct loads l;
	loads_init(&l);
	struct { int8_t backend; int cards; bool unified, nr, nh; int64_t ngl; const char *cmd;
	         enum runtime rt; enum fp_copies_off want; } c[] = {
		{-1, 0, false, false, false, -1, NULL, RT_LLAMACPP, FP_COPIES_ON},
		{-1, 0, false, true, false, -1, NULL, RT_LLAMACPP, FP_COPIES_NO_REPACK},
		{-1, 0, false, false, false, 4, NULL, RT_LLAMACPP, FP_COPIES_GPU_HOST},
		{-1, 1, false, false, false, -1, NULL, RT_LLAMACPP, FP_COPIES_GPU_HOST},
		{-1, 1, true, false, false, -1, NULL, RT_LLAMACPP, FP_COPIES_ON},
		{1, 1, true, false, false, -1, NULL, RT_LLAMACPP, FP_COPIES_GPU_HOST},
		{1, 0, false, false, false, -1, NULL, RT_LLAMACPP, FP_COPIES_ON},
		{1, 1, false, false, true, -1, NULL, RT_LLAMACPP, FP_COPIES_ON},
		{0, 1, false, false, false, -1, NULL, RT_LLAMACPP, FP_COPIES_ON},
		{0, 0, false, false, false, -1, "/usr/bin/ollama runner --ollama-engine --model /m",
		 RT_OLLAMA, FP_COPIES_RUNTIME},
		{0, 0, false, false, false, -1, "/usr/bin/ollama runner --model /m", RT_OLLAMA,
		 FP_COPIES_ON},
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		snapshot_proc_load(&s, p)->gpu_backend = c[i].backend;
		snapshot_proc_load(&s, p)->no_repack = c[i].nr, snapshot_proc_load(&s, p)->no_host = c[i].nh;
		snapshot_proc_load(&s, p)->gpu_layers = c[i].ngl;
		p->runtime = c[i].rt;
		p->cmdline = c[i].cmd ? snapshot_add_string(&s, c[i].cmd, strlen(c[i].cmd)) : 0;
		s.ngpus = (size_t)c[i].cards;
		if (c[i].cards)
			s.gpus[0] = (struct snap_gpu){.index = 0, .total = 1ull << 30, .used = 0,
			                              .free = 1ull << 30, .unified = c[i].unified};
		loads_update(&l, &s);
		assert_int_equal(l.n, 1);
		if (l.v[0].opts.copies_off != c[i].want)
			fail_msg("case %zu: copies_off %d, want %d", i, l.v[0].opts.copies_off, c[i].want);
		assert_int_equal(l.v[0].opts.cpu, CPU_AMX);
		assert_int_equal(l.v[0].fp.added, c[i].want == FP_COPIES_ON ? 1u << 20 : 0);
	}
	loads_free(&l);
	snapshot_free(&s);
}

/* A load with -ngl in a snapshot with one GPU: the RAM part against RAM,
 * the GPU part against the GPU's free memory plus what the load holds
 * there; the worst names the scope. Without a GPU: no GPU verdict. */
static void test_split_verdict(void **state)
{
	(void)state;
	static struct w w;
	struct snapshot s;
	snapshot_init(&s);
	s.swap.total = 0;
	struct snap_proc *p = split_machine(&s, &w);
	snapshot_proc_load(&s, p)->kv_type = 0;
	snapshot_proc_load(&s, p)->flash_attn = -1;
	snapshot_proc_load(&s, p)->gpu_layers = 2;
	struct loads l;
	loads_init(&l);
	/* no GPU seen: the RAM part fits, the load is not judged */
	loads_update(&l, &s);
	assert_int_equal(l.n, 1);
	assert_true(l.v[0].split_known);
	assert_int_equal(l.v[0].ngpus, 0);
	assert_int_equal(l.v[0].ram_verdict, LV_FITS);
	assert_int_equal(l.v[0].verdict, LV_UNKNOWN);
	/* one GPU with 100 MiB free, the load holding 8 MiB on it */
	uint64_t gpu_need = OUTNORM + OUTPUT + LAYER3 + 1024 * 2 * 128 * 2 + l.v[0].fp.compute;
	s.ngpus = 1;
	s.gpus[0] = (struct snap_gpu){.index = 3, .total = 1ull << 30, .used = 924ull << 20,
	                              .free = 100ull << 20, .mig = -1};
	s.ngpu_procs = 1;
	s.gpu_procs[0] = (struct snap_gpu_proc){4242, 0, 8ull << 20};
	loads_update(&l, &s);
	assert_int_equal(l.v[0].ngpus, 1);
	assert_int_equal(l.v[0].gpu_room[0], 108ull << 20);
	assert_int_equal(l.v[0].split.dev[0].total, gpu_need);
	/* about 15 MB (the compute buffer most of it) in 108 MiB */
	assert_true(gpu_need > (9ull << 20) && gpu_need < (50ull << 20));
	assert_int_equal(l.v[0].gpu_verdict[0], LV_FITS);
	assert_int_equal(l.v[0].verdict, LV_FITS);
	assert_string_equal(l.v[0].scope, "ram");
	/* the GPU short: wont_fit in gpu:3, missing what it lacks */
	s.gpus[0].free = 1ull << 20;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].verdict, LV_WONT_FIT);
	assert_string_equal(l.v[0].scope, "gpu:3");
	assert_int_equal(l.v[0].room, 9ull << 20);
	assert_int_equal(l.v[0].missing, gpu_need - (9ull << 20));
	assert_int_equal(l.v[0].ram_verdict, LV_FITS);
	/* the forecast: gpu:3 an alarm at once, driven by the load; WARNING
	 * until the trend has its pace (never CRITICAL without an ETA) */
	struct forecast_cfg cfg = {FC_WARN_DEFAULT, FC_CRIT_DEFAULT};
	struct forecast *fc = forecast_new(&cfg);
	s.mono = 10;
	forecast_update(fc, &s);
	forecast_apply_loads(fc, &l);
	size_t nit;
	const struct fc_item *it = forecast_items(fc, &nit);
	bool seen = false;
	for (size_t i = 0; i < nit; i++) {
		if (strcmp(it[i].resource, "gpu:3") != 0)
			continue;
		seen = true;
		assert_int_equal(it[i].level, FC_WARNING);
		assert_int_equal(it[i].load, 4242);
		assert_false(it[i].load_fits);
	}
	assert_true(seen);
	forecast_free(fc);
	/* RAM short, the GPU roomy: wont_fit in RAM */
	s.gpus[0].free = 8ull << 30;
	s.gpus[0].total = 16ull << 30;
	s.mem.available = 64ull << 20;   /* the RAM part (with 160 MiB runtime) cannot fit */
	loads_update(&l, &s);
	assert_int_equal(l.v[0].verdict, LV_WONT_FIT);
	assert_string_equal(l.v[0].scope, "ram");
	assert_int_equal(l.v[0].missing, l.v[0].split.ram_total - (64ull << 20));
	assert_int_equal(l.v[0].gpu_verdict[0], LV_FITS);
	/* a GPU whose free memory is unknown: no GPU verdict */
	s.mem.available = 20ull << 30;
	s.gpus[0].free = SNAP_NA;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].ngpus, 0);
	assert_int_equal(l.v[0].verdict, LV_UNKNOWN);
	loads_free(&l);
	snapshot_free(&s);
}

/* -ngl not given: llama.cpp's own programs with a GPU offload all the
 * layers that leave 1 GiB free on it (its --fit), after a smaller context
 * where -c was not given; node and the rest are left as they are */
static void test_split_auto(void **state)
{
	(void)state;
	static struct w w;
	struct snapshot s;
	snapshot_init(&s);
	s.swap.total = 0;
	struct snap_proc *p = split_machine(&s, &w);
	struct snap_model *m = &s.models[0];
	snprintf(p->comm, sizeof p->comm, "llama-server");
	p->runtime = RT_LLAMACPP;
	struct snap_load_args *la = snapshot_proc_load(&s, p);
	la->gpu_backend = 1;
	s.ngpus = 1;
	s.gpus[0] = (struct snap_gpu){.index = 0, .total = 80ull << 30, .used = 0,
	                              .free = 80ull << 30, .mig = -1};
	struct loads l;
	loads_init(&l);
	loads_update(&l, &s);
	assert_true(l.v[0].gpu_auto);
	assert_int_equal(l.v[0].gpu_layers, 5);   /* 4 layers and the output one */
	assert_true(l.v[0].split_known);
	assert_int_equal(l.v[0].split.layers_on_gpu, 4);
	assert_true(l.v[0].split.output_on_gpu);
	assert_int_equal(l.v[0].verdict, LV_FITS);
	uint64_t all = l.v[0].split.dev[0].total;
	/* a card with 1 GiB and all but a little of that free: fewer layers,
	 * the most that leave 1 GiB (whole layers, from the last) */
	s.gpus[0].free = FP_FIT_MARGIN + all - 1;
	loads_update(&l, &s);
	int64_t k = l.v[0].gpu_layers;
	assert_true(k >= 1 && k < 5);
	assert_true(l.v[0].split.dev[0].total + FP_FIT_MARGIN <= s.gpus[0].free);
	struct fp_split sp;
	assert_int_equal(footprint_split(&m->info, &l.v[0].fp, &l.v[0].opts, k + 1, true, NULL, 1, &sp), 0);
	assert_true(sp.dev[0].total + FP_FIT_MARGIN > s.gpus[0].free);
	/* no -c: the trained context (1024: not past 4096, not cut) */
	p->ctx = SNAP_NA;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].opts.ctx, 1024);
	/* -fit off: all of them, whatever the room */
	p->ctx = 1024;
	la->fit_off = true;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].gpu_layers, 5);
	la->fit_off = false;
	/* -ngl all: every layer, which --fit leaves alone */
	la->gpu_layers = SNAP_NGL_ALL;
	loads_update(&l, &s);
	assert_false(l.v[0].gpu_auto);
	assert_int_equal(l.v[0].gpu_layers, 5);
	assert_int_equal(l.v[0].split.layers_on_gpu, 4);   /* past --fit's margin, in the card */
	assert_int_equal(l.v[0].verdict, LV_FITS);
	la->gpu_layers = -1;
	/* not llama.cpp's own program: node-llama-cpp decides its own */
	snprintf(p->comm, sizeof p->comm, "node");
	loads_update(&l, &s);
	assert_false(l.v[0].gpu_auto);
	assert_int_equal(l.v[0].gpu_layers, -1);
	/* a model whose split is not known (window layers): all of it taken
	 * as offloaded, and not judged, rather than judged whole in RAM */
	snprintf(p->comm, sizeof p->comm, "llama-server");
	m->info.swa_layers = 2, m->info.sliding_window = 128;
	loads_update(&l, &s);
	assert_true(l.v[0].gpu_auto);
	assert_int_equal(l.v[0].gpu_layers, 5);
	assert_false(l.v[0].split_known);
	assert_int_equal(l.v[0].verdict, LV_UNKNOWN);
	m->info.swa_layers = 0, m->info.sliding_window = GGUF_UNKNOWN;
	/* a CPU-only build beside the card: nothing offloaded */
	snprintf(p->comm, sizeof p->comm, "llama-server");
	la->gpu_backend = 0;
	loads_update(&l, &s);
	assert_false(l.v[0].gpu_auto);
	loads_free(&l);
	snapshot_free(&s);
}

/* The context --fit gives a load on a GPU with no -c: a trained context
 * past 4096 is cut, linearly, until the GPU's part leaves 1 GiB; all the
 * layers stay on the one GPU */
static void test_split_auto_ctx(void **state)
{
	(void)state;
	static struct w w;
	struct gguf_info g;
	split_model(&w, false, &g);
	g.context_length = 65536;
	struct fp_opts o = {.ctx = 65536, .mmap = true, .flash_attn = false};
	struct footprint f;
	struct fp_split sp;
	uint64_t file = 4096 + EMBD + 3 * LAYER + LAYER3 + OUTNORM + OUTPUT;
	assert_int_equal(footprint_of(&g, file, &o, &f), 0);
	assert_int_equal(footprint_split(&g, &f, &o, 5, true, NULL, 1, &sp), 0);
	uint64_t top = sp.dev[0].total;
	o.ctx = 4096;
	assert_int_equal(footprint_of(&g, file, &o, &f), 0);
	assert_int_equal(footprint_split(&g, &f, &o, 5, true, NULL, 1, &sp), 0);
	uint64_t low = sp.dev[0].total;
	/* halfway between the two */
	uint64_t free = FP_FIT_MARGIN + low + (top - low) / 2;
	o.ctx = 65536;
	int64_t ngl;
	assert_int_equal(footprint_fit_gpu(&g, file, &o, true, 1, true, NULL, 1, &free, -1, false, &ngl), 0);
	assert_int_equal(ngl, 5);
	assert_true(o.ctx > 4096 && o.ctx < 65536 && o.ctx % 256 == 0);
	assert_int_equal(footprint_of(&g, file, &o, &f), 0);
	assert_int_equal(footprint_split(&g, &f, &o, 5, true, NULL, 1, &sp), 0);
	assert_true(sp.dev[0].total + FP_FIT_MARGIN <= free);
	/* the context given: layers go instead */
	o.ctx = 65536;
	assert_int_equal(footprint_fit_gpu(&g, file, &o, false, 1, true, NULL, 1, &free, -1, false, &ngl), 0);
	assert_int_equal(o.ctx, 65536);
	assert_true(ngl < 5);
	/* not even the smallest context leaves it: 4096, and fewer layers */
	free = FP_FIT_MARGIN + low - 1;
	assert_int_equal(footprint_fit_gpu(&g, file, &o, true, 1, true, NULL, 1, &free, -1, false, &ngl), 0);
	assert_int_equal(o.ctx, 4096);
	assert_true(ngl < 5);
	/* -ngl 5 set: the context is still cut (step 2 comes before llama.cpp
	 * stops at "n_gpu_layers already set by user"), the layers stay */
	free = FP_FIT_MARGIN + low + (top - low) / 2;
	o.ctx = 65536;
	assert_int_equal(footprint_fit_gpu(&g, file, &o, true, 1, true, NULL, 1, &free, 5, false, &ngl), 0);
	assert_int_equal(ngl, 5);
	assert_true(o.ctx > 4096 && o.ctx < 65536);
	o.ctx = 65536;
	free = FP_FIT_MARGIN + low - 1;
	assert_int_equal(footprint_fit_gpu(&g, file, &o, true, 1, true, NULL, 1, &free, 5, false, &ngl), 0);
	assert_int_equal(ngl, 5);
	assert_int_equal(o.ctx, 4096);
	/* two GPUs: filled from the last; one with room for all of it takes
	 * all (not a share by free memory), the other none */
	o.ctx = 4096;
	uint64_t two[2] = {FP_FIT_MARGIN + 1, FP_FIT_MARGIN + low + (64ull << 20)};
	double share[2] = {(double)two[0], (double)two[1]};
	assert_int_equal(footprint_fit_gpu(&g, file, &o, false, 1, true, share, 2, two, -1, false, &ngl), 0);
	assert_int_equal(ngl, 5);
	assert_true(share[0] == 0 && share[1] == 5);
	/* the last GPU with room for the output layer and two more only: it
	 * takes those three, the first the other two (counts {2, 3}) */
	double one[2] = {0, 1};
	assert_int_equal(footprint_of(&g, file, &o, &f), 0);
	assert_int_equal(footprint_split(&g, &f, &o, 3, true, one, 2, &sp), 0);
	uint64_t three = sp.dev[1].total;
	assert_int_equal(footprint_split(&g, &f, &o, 4, true, one, 2, &sp), 0);
	assert_true(sp.dev[1].total > three);
	uint64_t some[2] = {FP_FIT_MARGIN + top, FP_FIT_MARGIN + three};
	assert_int_equal(footprint_fit_gpu(&g, file, &o, false, 1, true, share, 2, some, -1, false, &ngl), 0);
	assert_int_equal(ngl, 5);
	if (!(share[0] == 2 && share[1] == 3))
		fail_msg("counts %g %g", share[0], share[1]);
	/* split mode none: the main GPU alone, whatever the others have */
	struct fp_devs_args none = {FP_SM_NONE, 1, 0, NULL};
	bool filled;
	uint64_t lop[2] = {FP_FIT_MARGIN + top, FP_FIT_MARGIN + three};
	assert_int_equal(footprint_fit_devs(&g, file, &o, false, 1, true, &none, share, 2, lop, -1, &ngl,
	                                    &filled), 0);
	assert_int_equal(ngl, 3);
	assert_false(filled);
	/* no GPU with any free memory: even shares, not a division by 0 */
	struct fp_devs_args layer = {FP_SM_LAYER, 0, 0, NULL};
	uint64_t zero[2] = {0, 0};
	assert_int_equal(footprint_shares(&layer, zero, 2, share), 0);
	assert_true(share[0] == 1 && share[1] == 1);
	/* with -ts given, llama.cpp leaves the layers as they are */
	share[0] = 1, share[1] = 1;
	assert_int_equal(footprint_fit_gpu(&g, file, &o, false, 1, true, share, 2, two, -1, true, &ngl), 0);
	assert_int_equal(ngl, 5);
	assert_true(share[0] == 1 && share[1] == 1);
	/* together they have room for their margins, one alone not: no
	 * context cut (only a total short of them cuts it), layers move */
	o.ctx = 65536;
	share[0] = share[1] = 1;
	assert_int_equal(footprint_of(&g, file, &o, &f), 0);
	assert_int_equal(footprint_split(&g, &f, &o, 5, true, share, 2, &sp), 0);
	uint64_t used = sp.dev[0].total + sp.dev[1].total;
	/* 2 bytes over both margins: a total not short (a cut would take
	 * them and half a layer's weights a device more) */
	uint64_t big[2] = {FP_FIT_MARGIN + 1, used + FP_FIT_MARGIN + 1};
	assert_int_equal(footprint_fit_gpu(&g, file, &o, true, 1, true, share, 2, big, -1, false, &ngl), 0);
	assert_int_equal(o.ctx, 65536);
	assert_int_equal(ngl, 5);
	assert_true(share[0] == 0);
}

/* A live load's -ts/-sm/-mg (kparse_load_args) divide its offloaded layers
 * over two GPUs as llama.cpp's load_tensors, by footprint_shares as fit's
 * --tensor-split/--split-mode/--main-gpu: -ngl 5 puts 4 layers and the
 * output (positions 0, 0.2 .. 0.8) on the devices by cumulative share. */
static void test_live_split_args(void **state)
{
	(void)state;
	static struct w w;
	struct snapshot s;
	snapshot_init(&s);
	struct snap_proc *p = split_machine(&s, &w);
	/* free 8 GiB and 1 GiB: by default 8:1, all five on gpu 0 */
	s.ngpus = 2;
	s.gpus[0] = (struct snap_gpu){.index = 0, .total = 16ull << 30, .used = 8ull << 30,
	                              .free = 8ull << 30, .mig = -1};
	s.gpus[1] = (struct snap_gpu){.index = 1, .total = 16ull << 30, .used = 15ull << 30,
	                              .free = 1ull << 30, .mig = -1};
	static const struct {
		const char *line; size_t len;
		int known; uint64_t l0, l1; bool out1;   /* known: 1 split, 0 RAM part only, -1 none */
	} t[] = {
#define C(s, k, a, b, o) {s, sizeof s, k, a, b, o}
		C("llama-server\0-m\0/m.gguf\0-ngl\0" "5", 1, 4, 0, false),
		/* 1:3, cut at 0.25: layers 0, 1 on gpu 0 */
		C("llama-server\0-m\0/m.gguf\0-ngl\0" "5\0-ts\0" "1,3", 1, 2, 2, true),
		C("llama-server\0-m\0/m.gguf\0-ngl\0" "5\0--tensor-split=1/3", 1, 2, 2, true),
		/* 3:1, cut at 0.75: positions 0 .. 0.6 on gpu 0 */
		C("llama-server\0-m\0/m.gguf\0-ngl\0" "5\0-ts\0" "3,1", 1, 4, 0, true),
		/* gpu 0 only a share: gpu 1 gets 0 (fewer shares than devices) */
		C("llama-server\0-m\0/m.gguf\0-ngl\0" "5\0-ts\0" "0,1", 1, 0, 4, true),
		C("llama-server\0-m\0/m.gguf\0-ngl\0" "5\0-ts\0" "1", 1, 4, 0, false),
		/* all 0 over the devices, more shares than devices: the default */
		C("llama-server\0-m\0/m.gguf\0-ngl\0" "5\0-ts\0" "0,0,1", 1, 4, 0, false),
		/* -sm none: all on the main GPU, -ts not used */
		C("llama-server\0-m\0/m.gguf\0-ngl\0" "5\0-sm\0none\0-mg\0" "1\0-ts\0" "1,0", 1, 0, 4,
		  true),
		C("llama-server\0-m\0/m.gguf\0-ngl\0" "5\0--split-mode=none", 1, 4, 0, false),
		/* the GPUs' parts not from what is not computed or not read:
		 * the RAM part alone; none where llama.cpp offloads nothing */
		C("llama-server\0-m\0/m.gguf\0-ngl\0" "5\0-sm\0none\0-mg\0" "2", 0, 0, 0, false),
		C("llama-server\0-m\0/m.gguf\0-ngl\0" "5\0-sm\0row", 0, 0, 0, false),
		C("llama-server\0-m\0/m.gguf\0-ngl\0" "5\0-ts\0" "nan,1", 0, 0, 0, false),
		C("llama-server\0-m\0/m.gguf\0-ngl\0" "5\0-ts\0-1,2", 0, 0, 0, false),
		C("llama-server\0-m\0/m.gguf\0-ngl\0" "5\0-sm\0none\0-mg\0-1", -1, 0, 0, false),
#undef C
	};
	struct loads l;
	loads_init(&l);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		kparse_load_args(t[i].line, t[i].len, snapshot_proc_load(&s, p));
		loads_update(&l, &s);
		assert_int_equal(l.n, 1);
		const struct load *ld = &l.v[0];
		if (ld->split_known != (t[i].known >= 0))
			fail_msg("case %zu: split_known %d", i, ld->split_known);
		if (t[i].known <= 0) {
			if (ld->verdict != LV_UNKNOWN || (ld->split_known && (ld->ngpus != 0 ||
			    ld->ram_verdict != LV_FITS || ld->split.layers_on_gpu != 4)))
				fail_msg("case %zu: %zu GPUs judged, verdict %d", i, ld->ngpus, ld->verdict);
			continue;
		}
		if (ld->ngpus != 2 || ld->split.dev[0].layers != t[i].l0 ||
		    ld->split.dev[1].layers != t[i].l1 || ld->split.dev[1].output != t[i].out1 ||
		    ld->split.dev[0].output == t[i].out1)
			fail_msg("case %zu: %zu GPUs, layers %llu + %llu, output on 1 %d", i, ld->ngpus,
				 (unsigned long long)ld->split.dev[0].layers,
				 (unsigned long long)ld->split.dev[1].layers, ld->split.dev[1].output);
		/* fit's way to the same split: footprint_shares on the args */
		struct fp_devs_args da = {(enum fp_split_mode)snapshot_proc_load(&s, p)->split_mode, snapshot_proc_load(&s, p)->main_gpu,
		                          snapshot_proc_load(&s, p)->nts, snapshot_proc_load(&s, p)->ts};
		double share[2];
		struct fp_split sp;
		assert_int_equal(footprint_shares(&da, ld->gpu_room, 2, share), 0);
		assert_int_equal(footprint_split(&s.models[0].info, &ld->fp, &ld->opts, 5, true, share, 2,
		                                 &sp), 0);
		assert_memory_equal(&sp, &ld->split, sizeof sp);
	}
	loads_free(&l);
	snapshot_free(&s);
}

/* A 24 GiB machine with avail bytes available, no swap, and one process
 * (pid 4242, nothing in memory yet) loading a 100 MiB model of 8 layers x
 * 1024 at -c 4096: the shape llama.cpp's figures below were printed for. */
static struct snap_proc *one_load(struct snapshot *s, uint64_t avail)
{
	snapshot_init(s);
	s->mem.total = 24ull << 30;
	s->mem.available = avail;
	s->swap.total = 0;
	s->self_cgroup = -1;
	struct snap_model *m = snapshot_add_model(s);
	shape(&m->info, 8, 1024, 16, 4, 2816, 4096);
	m->info_known = true;
	m->file_size = 100 << 20;
	struct snap_proc *p = snapshot_add_proc(s);
	p->pid = 4242;
	p->model_idx = 0;
	p->ctx = 4096;
	p->anon = p->file = p->shmem = p->swap = 0;
	return p;
}

/* A live load's -ub reaches its footprint: the compute buffer grows with
 * the micro-batch (linearly while it is under the cells), the total with
 * it; a value llama.cpp refuses leaves the default 512; a micro-batch past
 * the context is capped at it (llama_context: n_batch <= n_ctx). */
static void test_load_ubatch(void **state)
{
	(void)state;
	struct snapshot s;
	struct snap_proc *p = one_load(&s, 20ull << 30);
	struct snap_model *m = &s.models[0];
	struct loads l;
	loads_init(&l);
	static const char def[] = "llama-server\0-m\0/m.gguf\0-c\0" "4096";
	kparse_load_args(def, sizeof def, snapshot_proc_load(&s, p));
	loads_update(&l, &s);
	assert_int_equal(l.n, 1);
	assert_true(l.v[0].fp_known);
	struct footprint d = l.v[0].fp;
	/* llama.cpp printed 147.01 MiB for this shape at 4096 (n_ubatch 512) */
	assert_true(fabs((double)d.compute / MiB - 147.01) < 0.05);
	static const char ub1k[] = "llama-server\0-m\0/m.gguf\0-c\0" "4096\0-ub\0" "1024";
	kparse_load_args(ub1k, sizeof ub1k, snapshot_proc_load(&s, p));
	loads_update(&l, &s);
	assert_int_equal(l.v[0].opts.ubatch, 1024);
	assert_int_equal(l.v[0].fp.compute, 2 * d.compute);
	assert_int_equal(l.v[0].fp.total, d.total + d.compute);
	assert_int_equal(l.v[0].fp.kv, d.kv);
	/* -b caps it: -ub 1024 -b 256 is a micro-batch of 256 */
	static const char b256[] = "llama-server\0-m\0/m.gguf\0-ub\0" "1024\0-b\0" "256";
	kparse_load_args(b256, sizeof b256, snapshot_proc_load(&s, p));
	loads_update(&l, &s);
	assert_int_equal(l.v[0].fp.compute, d.compute / 2);
	/* refused values: the default's figures */
	static const char bad[] = "llama-server\0-m\0/m.gguf\0-ub\0" "lots";
	kparse_load_args(bad, sizeof bad, snapshot_proc_load(&s, p));
	loads_update(&l, &s);
	assert_int_equal(l.v[0].fp.compute, d.compute);
	assert_int_equal(l.v[0].fp.total, d.total);
	/* past the context: capped at 4096, as -ub 4096 */
	static const char big[] = "llama-server\0-ub\0" "1000000000\0-b\0" "1000000000";
	kparse_load_args(big, sizeof big, snapshot_proc_load(&s, p));
	loads_update(&l, &s);
	assert_true(l.v[0].fp_known);
	assert_int_equal(l.v[0].opts.ubatch, 4096);
	struct fp_opts o = l.v[0].opts;
	struct footprint f;
	o.ubatch = 4096;
	assert_int_equal(footprint_of(&m->info, m->file_size, &o, &f), 0);
	assert_int_equal(l.v[0].fp.compute, f.compute);
	loads_free(&l);
	snapshot_free(&s);
}

/* The process is read before the totals it is part of (its cgroup here),
 * and again after them (held_late): the less of the two is what they count
 * of it. A kill between the reads (CI, a busy machine: the sample of the
 * kill read "fits", its room 190 MiB past the limit): with no second read
 * (an older recording) the room is the limit at most, with one the process
 * holds nothing. A load that grew between them: the scan's figure. One
 * moved into the cgroup after it allocated (those pages charged to its old
 * cgroup): what it holds is room, past the limit. */
static void test_load_killed_between_reads(void **state)
{
	(void)state;
	struct snapshot s;
	struct snap_proc *p = one_load(&s, 20ull << 30);
	static const char args[] = "llama-server\0-m\0/m.gguf\0-c\0" "4096";
	kparse_load_args(args, sizeof args, snapshot_proc_load(&s, p));
	bool added;
	int cg = snapshot_cgroup_index(&s, "/job", CG_V1, &added);
	p->cgroup = cg;
	s.self_cgroup = cg;
	struct loads l;
	loads_init(&l);
	loads_update(&l, &s);
	assert_int_equal(l.n, 1);
	assert_true(l.v[0].fp_known);
	uint64_t total = l.v[0].fp.total, limit = total - (50ull << 20);
	s.cgroups[cg].effective_limit = limit;
	s.cgroups[cg].usage = s.cgroups[cg].anon = 10ull << 20;   /* after the kill */
	s.cgroups[cg].shmem = 0;
	p->anon = total - (60ull << 20);                           /* before it */
	loads_update(&l, &s);
	assert_string_equal(l.v[0].scope, "cgroup:/job");
	assert_int_equal(l.v[0].room, limit);
	assert_int_equal(l.v[0].verdict, LV_WONT_FIT);
	assert_int_equal(l.v[0].missing, 50ull << 20);
	/* read again after the cgroup: gone, it holds nothing */
	struct snap_load_args *la = snapshot_proc_load(&s, p);
	la->held_late = 0;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].room, limit - (10ull << 20));
	assert_int_equal(l.v[0].verdict, LV_WONT_FIT);
	assert_int_equal(l.v[0].missing, 60ull << 20);
	/* read together, what it holds is room: it had the limit less 10 MiB */
	s.cgroups[cg].usage = s.cgroups[cg].anon = p->anon + (10ull << 20);
	la->held_late = p->anon;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].room, limit - (10ull << 20));
	assert_int_equal(l.v[0].missing, 60ull << 20);
	/* grown 30 MiB after the scan, before the cgroup's read: the scan's
	 * figure (the room 30 MiB short for a sample, not 30 MiB over) */
	p->anon = total - (200ull << 20);
	s.cgroups[cg].usage = s.cgroups[cg].anon = p->anon + (40ull << 20);
	la->held_late = p->anon + (30ull << 20);
	loads_update(&l, &s);
	assert_int_equal(l.v[0].room, limit - (40ull << 20));
	/* moved in after it allocated: its pages are charged elsewhere, the
	 * cgroup holds 10 MiB of others; all it holds is room, and it fits */
	s.cgroups[cg].usage = s.cgroups[cg].anon = 10ull << 20;
	p->anon = la->held_late = total - (20ull << 20);
	loads_update(&l, &s);
	assert_int_equal(l.v[0].room, limit - (10ull << 20) + p->anon);
	assert_int_not_equal(l.v[0].verdict, LV_WONT_FIT);
	loads_free(&l);
	snapshot_free(&s);
}

/* The runtime's allowance: llama.cpp's own programs (measured: 7-11 MiB
 * above their buffers) get FP_OVERHEAD_NATIVE, llama.cpp inside node (87-151
 * MiB) and anything unmeasured FP_OVERHEAD_DEFAULT; and flash attention
 * "auto" is on in llama.cpp's own programs */
static void test_load_overhead(void **state)
{
	(void)state;
	static const struct { const char *comm; enum runtime rt; uint64_t overhead; } t[] = {
		{"llama-server", RT_LLAMACPP, FP_OVERHEAD_NATIVE},
		{"llama-cli", RT_LLAMACPP, FP_OVERHEAD_NATIVE},
		{"node", RT_LLAMACPP, FP_OVERHEAD_DEFAULT},
		{"python3", RT_LLAMACPP, FP_OVERHEAD_DEFAULT},
		{"ollama", RT_LLAMACPP, FP_OVERHEAD_DEFAULT},      /* named ollama: its runner */
		{"llama-server", RT_UNKNOWN, FP_OVERHEAD_NATIVE},  /* named llama.cpp */
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct snapshot s;
		struct snap_proc *p = one_load(&s, 4ull << 30);
		snprintf(p->comm, sizeof p->comm, "%s", t[i].comm);
		p->runtime = t[i].rt;
		struct loads l;
		loads_init(&l);
		loads_update(&l, &s);
		assert_int_equal(l.n, 1);
		if (l.v[0].fp.overhead != t[i].overhead)
			fail_msg("%s: overhead %llu", t[i].comm, (unsigned long long)l.v[0].fp.overhead);
		/* -fa not said: llama.cpp's own programs resolve "auto" to on */
		assert_int_equal(l.v[0].opts.flash_attn, t[i].overhead == FP_OVERHEAD_NATIVE);
		/* a build with a GPU backend in its maps: llama.cpp's own
		 * programs need FP_OVERHEAD_NATIVE_GPU (measured: CUDA's) */
		snapshot_proc_load(&s, p)->gpu_backend = 1;
		loads_update(&l, &s);
		if (l.v[0].fp.overhead != (t[i].overhead == FP_OVERHEAD_NATIVE ? FP_OVERHEAD_NATIVE_GPU
		                                                               : t[i].overhead))
			fail_msg("%s, GPU build: overhead %llu", t[i].comm,
			         (unsigned long long)l.v[0].fp.overhead);
		snapshot_proc_load(&s, p)->gpu_backend = -1;
		snapshot_proc_load(&s, p)->flash_attn = 0;   /* -fa off */
		loads_update(&l, &s);
		assert_false(l.v[0].opts.flash_attn);
		/* only llama-server has a prompt cache; 8 GiB by default: a 4
		 * GiB room is short of it after a load of a few hundred MiB */
		bool server = strcmp(t[i].comm, "llama-server") == 0;
		assert_int_equal(l.v[0].prompt_cache, server ? 8192ull << 20 : 0);
		assert_int_equal(l.v[0].verdict, server ? LV_TIGHT : LV_FITS);
		assert_int_equal(l.v[0].cache_short, server);
		if (server) {
			/* -cram that fits: what the room leaves after the load */
			assert_int_equal(l.v[0].cram_fits, (l.v[0].room - l.v[0].fp.total) >> 20);
			snapshot_proc_load(&s, p)->cache_ram_mib = (int64_t)l.v[0].cram_fits;
			loads_update(&l, &s);
			assert_int_equal(l.v[0].verdict, LV_FITS);
			assert_false(l.v[0].cache_short);
			snapshot_proc_load(&s, p)->cache_ram_mib = 0;   /* off */
			loads_update(&l, &s);
			assert_int_equal(l.v[0].prompt_cache, 0);
			assert_int_equal(l.v[0].verdict, LV_FITS);
			/* no size limit: llama.cpp still keeps no more states
			 * than its context's tokens, twice the KV cache at most */
			snapshot_proc_load(&s, p)->cache_ram_mib = -1;
			loads_update(&l, &s);
			assert_int_equal(l.v[0].prompt_cache, 2 * l.v[0].fp.kv);
			assert_false(l.v[0].cache_short);
		}
		loads_free(&l);
		snapshot_free(&s);
	}
}

/* No -c: llama.cpp's own programs take the trained context (common.h n_ctx
 * 0), which their --fit cuts where the buffers would leave under 1 GiB of
 * the machine's RAM and no GPU takes part; other runtimes LOAD_CTX_DEFAULT
 * (or the trained one where smaller) */
static void test_load_ctx_unsaid(void **state)
{
	(void)state;
	struct snapshot s;
	struct snap_proc *p = one_load(&s, 20ull << 30);
	struct snap_model *m = &s.models[0];
	m->info.context_length = 32768;
	p->ctx = SNAP_NA;   /* no -c */
	p->runtime = RT_LLAMACPP;
	snprintf(p->comm, sizeof p->comm, "llama-server");
	struct loads l;
	loads_init(&l);
	loads_update(&l, &s);
	assert_int_equal(l.n, 1);
	assert_true(l.v[0].ctx_assumed);
	assert_int_equal(l.v[0].opts.ctx, 32768);
	/* -np auto (the default): 4 sequences in one unified stream */
	assert_int_equal(l.v[0].opts.streams, 1);
	assert_int_equal(l.v[0].opts.seqs, 4);
	/* -np 4: four streams of the trained context each, unless -kvu */
	struct snap_load_args *la = snapshot_proc_load(&s, p);
	la->parallel = 4;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].opts.ctx, 4 * 32768);
	assert_int_equal(l.v[0].opts.streams, 4);
	assert_int_equal(l.v[0].opts.seqs, 1);
	la->kv_unified = 1;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].opts.ctx, 32768);
	assert_int_equal(l.v[0].opts.streams, 1);
	assert_int_equal(l.v[0].opts.seqs, 4);
	/* -fit off: the trained context for all the streams together */
	la->kv_unified = -1, la->fit_off = true;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].opts.ctx, 32768);
	la->fit_off = false;
	/* llama-cli takes -np, not -kvu (llama.cpp refuses it there) */
	snprintf(p->comm, sizeof p->comm, "llama-cli");
	la->kv_unified = 1;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].opts.ctx, 4 * 32768);
	la->parallel = 0, la->kv_unified = -1;
	/* llama-perplexity and the like are not sized at the trained context */
	snprintf(p->comm, sizeof p->comm, "llama-perplexi");
	loads_update(&l, &s);
	assert_int_equal(l.v[0].opts.ctx, LOAD_CTX_DEFAULT);
	snprintf(p->comm, sizeof p->comm, "llama-server");
	/* node-llama-cpp and the rest: 4096, or the trained one where smaller */
	snprintf(p->comm, sizeof p->comm, "node");
	loads_update(&l, &s);
	assert_int_equal(l.v[0].opts.ctx, LOAD_CTX_DEFAULT);
	m->info.context_length = 2048;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].opts.ctx, 2048);
	m->info.context_length = 32768;
	/* --fit's cut: a machine whose RAM the trained context's buffers
	 * would leave 924 MiB of */
	snprintf(p->comm, sizeof p->comm, "llama-cli");
	loads_update(&l, &s);
	assert_int_equal(l.v[0].opts.ctx, 32768);
	struct fp_opts o = l.v[0].opts;
	o.mmap = false;
	struct footprint f;
	o.ctx = 32768;
	assert_int_equal(footprint_of(&m->info, m->file_size, &o, &f), 0);
	uint64_t target = f.total - f.overhead - (100ull << 20);
	s.mem.total = target + FP_FIT_MARGIN;
	loads_update(&l, &s);
	uint64_t c = l.v[0].opts.ctx;
	if (!(c > FP_FIT_CTX_MIN && c < 32768 && c % 256 == 0))
		fail_msg("cut to %llu", (unsigned long long)c);
	o.ctx = c;
	assert_int_equal(footprint_of(&m->info, m->file_size, &o, &f), 0);
	assert_true(f.total - f.overhead <= target);
	o.ctx = c + 256;
	assert_int_equal(footprint_of(&m->info, m->file_size, &o, &f), 0);
	assert_true(f.total - f.overhead > target);
	assert_int_equal(footprint_fit_ctx(&m->info, m->file_size, &l.v[0].opts, s.mem.total, 1), c);
	/* -ngl 99 of a CPU-only build (its maps show no GPU backend): the CPU
	 * holds it all, and --fit cuts as without it */
	la->gpu_layers = 99, la->gpu_backend = 0;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].opts.ctx, c);
	assert_int_equal(l.v[0].gpu_layers, 0);
	la->gpu_layers = -1, la->gpu_backend = -1;
	/* -c 0 asks for all of it: no cut */
	p->ctx = 0;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].opts.ctx, 32768);
	p->ctx = SNAP_NA;
	/* the cut per stream: -np 2, each stream at least 4096, in steps of
	 * 256 a stream */
	la->parallel = 2;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].opts.streams, 2);
	uint64_t c2 = footprint_fit_ctx(&m->info, m->file_size, &l.v[0].opts, s.mem.total, 2);
	assert_true(c2 >= 2 * FP_FIT_CTX_MIN && c2 < 2 * 32768 && c2 % 512 == 0);
	assert_int_equal(l.v[0].opts.ctx, c2);
	la->parallel = 0;
	/* not even the smallest leaves the margin: llama.cpp stops at 4096 */
	s.mem.total = 64ull << 20;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].opts.ctx, FP_FIT_CTX_MIN);
	/* a GPU build beside a card: --fit weighs the GPU, not RAM (not
	 * modelled): the trained context */
	s.ngpus = 1;
	s.gpus[0] = (struct snap_gpu){.index = 0, .total = 8ull << 30, .used = 0, .free = 8ull << 30};
	snapshot_proc_load(&s, p)->gpu_backend = 1;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].opts.ctx, 32768);
	/* a trained context at or under the smallest is never cut */
	s.ngpus = 0;
	m->info.context_length = 4096;
	loads_update(&l, &s);
	assert_int_equal(l.v[0].opts.ctx, 4096);
	loads_free(&l);
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
		cmocka_unit_test(test_cpu_copies),
		cmocka_unit_test(test_live_copies_off),
		cmocka_unit_test(test_sliding_window),
		cmocka_unit_test(test_kv_type_names),
		cmocka_unit_test(test_kv_types_flash_attn),
		cmocka_unit_test(test_room),
		cmocka_unit_test(test_split_table),
		cmocka_unit_test(test_split_one_gpu),
		cmocka_unit_test(test_split_tied_and_several),
		cmocka_unit_test(test_split_verdict),
		cmocka_unit_test(test_live_split_args),
		cmocka_unit_test(test_split_auto), cmocka_unit_test(test_split_auto_ctx),
		cmocka_unit_test(test_load_ubatch),
		cmocka_unit_test(test_load_killed_between_reads), cmocka_unit_test(test_load_overhead),
		cmocka_unit_test(test_load_ctx_unsaid),
		cmocka_unit_test(test_ollama_manifest),
		cmocka_unit_test(test_ollama_resolve),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
