/* model.c - `oomcast model FILE [-c N]`: how much memory a GGUF model
 * will take before it is loaded: the weights (the file) and the KV cache at
 * a few context lengths, from the header alone. */
#include "cmd/cmd.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/gguf.h"
#include "util/escape.h"
#include "util/fmt.h"
#include "util/output.h"

static void row(const struct gguf_info *g, uint64_t file, uint64_t ctx, uint64_t ub)
{
	char kv16[16], kv8[16], tot[16];
	uint64_t a = gguf_kv_bytes_at(g, ctx, 2.0, 2.0, false, ub);
	uint64_t b = gguf_kv_bytes_at(g, ctx, 34.0 / 32, 34.0 / 32, true, ub);
	fmt_bytes_iec(a, kv16, sizeof kv16);
	fmt_bytes_iec(b, kv8, sizeof kv8);
	fmt_bytes_iec(a == GGUF_UNKNOWN ? a : file + a, tot, sizeof tot);
	printf("  %9llu  %12s  %12s  %14s\n", (unsigned long long)ctx, kv16, kv8, tot);
}

int cmd_model(int argc, char **argv)
{
	const char *path = NULL;
	uint64_t ctx = 0, ub = 512;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc) {
			char *end;
			errno = 0;
			unsigned long long v = strtoull(argv[++i], &end, 10);
			if (errno || *end || v == 0 || v > (1ull << 24)) {
				fprintf(stderr, "oomcast: model: -c wants a context length, 1 to 16777216\n");
				return 2;
			}
			ctx = v;
		} else if ((strcmp(argv[i], "-ub") == 0 || strcmp(argv[i], "--ubatch-size") == 0) &&
			   i + 1 < argc) {
			/* llama.cpp's micro-batch: window layers keep window + this */
			char *end;
			errno = 0;
			unsigned long long v = strtoull(argv[++i], &end, 10);
			if (errno || *end || v == 0 || v > (1ull << 20)) {
				fprintf(stderr, "oomcast: model: -ub wants a micro-batch, 1 to 1048576\n");
				return 2;
			}
			ub = v;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			printf("usage: oomcast model FILE.gguf [-c CONTEXT] [-ub UBATCH]\n"
			       "How much memory the model will take: its weights and its KV cache.\n");
			return output_close("model") < 0 ? 2 : 0;
		} else if (!path && argv[i][0] != '-') {
			path = argv[i];
		} else if (i + 1 == argc && (strcmp(argv[i], "-c") == 0 || strcmp(argv[i], "-ub") == 0 ||
					      strcmp(argv[i], "--ubatch-size") == 0)) {
			output_error("model: option '%s' needs a value (usage: oomcast model FILE [-c N])",
				     argv[i]);
			return 2;
		} else {
			cmd_bad_arg("model", "unexpected", argv[i], "(usage: oomcast model FILE [-c N])");
			return 2;
		}
	}
	if (!path) {
		fprintf(stderr, "oomcast: model: give a GGUF file (usage: oomcast model FILE [-c N])\n");
		return 2;
	}
	struct gguf_info g;
	uint64_t fsize;
	char err[400];
	if (gguf_read_file(path, GGUF_READ_MAX, GGUF_ALL, &g, &fsize, err, sizeof err) < 0) {
		char e[4 * sizeof err + 1];
		escape_copy(e, sizeof e, err);
		fprintf(stderr, "oomcast: model: %s\n", e);
		return 2;
	}
	char size[16], per[16], ep[4 * 4096 + 1];
	fmt_bytes_iec(fsize, size, sizeof size);
	escape_copy(ep, sizeof ep, path);
	printf("%s: %s (%s), GGUF v%u\n", ep, g.name[0] ? g.name : "unnamed", g.arch, g.version);
	printf("  weights (the file): %s; %llu layers", size, (unsigned long long)g.block_count);
	if (g.context_length != GGUF_UNKNOWN)
		printf(", trained context %llu", (unsigned long long)g.context_length);
	if (g.head_count != GGUF_UNKNOWN && g.head_count_kv != GGUF_UNKNOWN)
		printf(", %llu KV heads of %llu", (unsigned long long)g.head_count_kv,
		       (unsigned long long)g.head_count);
	if (g.n_tensors && g.n_params != GGUF_UNKNOWN)
		printf(", %.2f B parameters", (double)g.n_params / 1e9);
	printf("\n");
	enum cpu_kind cpu = cpuinfo_read("");
	if (g.copies.known && g.copies.copy[cpu]) {
		char cb[16];
		fmt_bytes_iec(g.copies.copy[cpu], cb, sizeof cb);
		printf("  this %s CPU: llama.cpp's CPU backend keeps %s of its own copies of them\n"
		       "    (anonymous memory, beside the mapped file; none with -nr/--no-repack,\n"
		       "    or in a build with a GPU backend: oomcast fit)\n",
		       cpu_kind_name(cpu), cb);
	}
	uint64_t k = gguf_kv_bytes_at(&g, 1024, 2.0, 2.0, false, ub);
	fmt_bytes_iec(k, per, sizeof per);
	bool swa = g.swa_layers && g.swa_layers != GGUF_UNKNOWN && g.sliding_window != GGUF_UNKNOWN;
	if (swa) {
		printf("  %llu of %llu layers slide over a window of %llu tokens: they keep at most "
		       "%llu cells\n    (the window + a micro-batch of %llu, padded to 256; node-llama-cpp: -ub 513)\n",
		       (unsigned long long)g.swa_layers, (unsigned long long)g.block_count,
		       (unsigned long long)g.sliding_window,
		       (unsigned long long)gguf_swa_cells(&g, 1ull << 30, ub), (unsigned long long)ub);
		printf("  KV cache at 1k tokens: %s at f16 (llama.cpp's default; q8_0 about half)\n", per);
	} else {
		printf("  KV cache per 1k tokens: %s at f16 (llama.cpp's default; q8_0 about half)\n", per);
	}
	printf("  %9s  %12s  %12s  %14s\n", "context", "KV f16", "KV q8_0", "weights+KV f16");
	if (ctx) {
		row(&g, fsize, ctx, ub);
	} else {
		static const uint64_t ctxs[] = {4096, 8192, 32768, 131072};
		for (size_t i = 0; i < sizeof ctxs / sizeof ctxs[0]; i++)
			if (g.context_length == GGUF_UNKNOWN || ctxs[i] <= g.context_length)
				row(&g, fsize, ctxs[i], ub);
	}
	printf("  (plus compute buffers%s: oomcast fit)\n",
	       g.copies.known && g.copies.copy[cpu] ? " and the CPU's copies" : "");
	return output_close("model") < 0 ? 2 : 0;
}
