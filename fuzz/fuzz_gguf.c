/* fuzz_gguf.c - libFuzzer target for the GGUF header reader: model files
 * come from anywhere (a download, a shared model store), and oomcast reads
 * the file of every process it lists that names one. */
#include <stddef.h>
#include <stdint.h>

#include "formats/gguf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gguf_info g;
	char err[128];
	if (gguf_parse(data, size, size & 1 ? GGUF_ALL : GGUF_SIZES, &g, NULL, err, sizeof err) == 0) {
		gguf_kv_bytes(&g, 131072, 2.0);
		/* window layers, V widening: the other paths */
		gguf_kv_bytes_at(&g, 4096, 34.0 / 32, size & 2, 513);
	}
	return 0;
}
