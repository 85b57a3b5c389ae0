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
	return 0;
}
