/* fuzz_gguf.c - libFuzzer target for the GGUF header reader: model files
 * come from anywhere (a download, a shared model store), and oomcast reads
 * the file of every process it lists that names one. */
#include <stddef.h>
#include <stdint.h>

#include "analysis/footprint.h"
#include "formats/gguf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gguf_info g;
	char err[128];
	if (gguf_parse(data, size, size & 1 ? GGUF_ALL : GGUF_SIZES, &g, NULL, err, sizeof err) != 0)
		return 0;
	gguf_kv_bytes(&g, 131072, 2.0);
	/* window layers, V widening: the other paths */
	gguf_kv_bytes_at(&g, 4096, 34.0 / 32, 2.0, size & 2, 513);
	/* the RAM/GPU split from the tensor table's sizes (a file of 1 TiB,
	 * so that a table within it gets split) */
	struct fp_opts o = {.ctx = 4096, .mmap = true};
	struct footprint f;
	struct fp_split sp;
	double share[2] = {1, 3};
	if (footprint_of(&g, 1ull << 40, &o, &f) == 0) {
		footprint_split(&g, &f, &o, 3, true, share, 2, &sp);
		footprint_split(&g, &f, &o, -1, false, NULL, 1, &sp);
	}
	/* several KV streams and sequences; llama.cpp's --fit on the CPU and
	 * on two GPUs (1 and 9 GiB free), the context not given */
	gguf_kv_bytes_seq(&g, 8192, 2.0, 2.0, size & 4, 512, 3, 4);
	o.ctx = 0, o.streams = 2, o.seqs = 2;
	footprint_fit_ctx(&g, 1ull << 40, &o, 8ull << 30, 2);
	uint64_t free[2] = {1ull << 30, 9ull << 30};
	double sh[2] = {1, 9};
	int64_t ngl;
	footprint_fit_gpu(&g, 1ull << 40, &o, true, 2, true, sh, 2, free, size & 8 ? 2 : -1,
	                  size & 16, &ngl);
	return 0;
}
