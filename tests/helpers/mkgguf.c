/* mkgguf.c - write a small GGUF file with a given architecture's sizes (and
 * optional padding), for tests of the model-file reading:
 *   mkgguf OUT ARCH LAYERS CTX EMBD HEADS KV_HEADS [PAD_MIB]
 * KV_HEADS "a,b,c,..." writes a per-layer array. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void u32(FILE *f, uint32_t v) { fwrite(&v, 4, 1, f); }
static void u64(FILE *f, uint64_t v) { fwrite(&v, 8, 1, f); }
static void str(FILE *f, const char *s) { u64(f, strlen(s)); fwrite(s, 1, strlen(s), f); }
static void kv_u32(FILE *f, const char *arch, const char *k, uint32_t v)
{
	char key[128];
	snprintf(key, sizeof key, "%s.%s", arch, k);
	str(f, key);
	u32(f, 4);   /* U32 */
	u32(f, v);
}

int main(int argc, char **argv)
{
	if (argc < 8) {
		fprintf(stderr, "usage: mkgguf OUT ARCH LAYERS CTX EMBD HEADS KV_HEADS [PAD_MIB]\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "wb");
	if (!f)
		return 1;
	const char *arch = argv[2];
	uint32_t layers = (uint32_t)atoi(argv[3]);
	int per_layer = strchr(argv[7], ',') != NULL;
	fwrite("GGUF", 1, 4, f);
	u32(f, 3);
	u64(f, 0);   /* tensors */
	u64(f, 9);   /* metadata pairs */
	str(f, "general.architecture");
	u32(f, 8);
	str(f, arch);
	str(f, "general.name");
	u32(f, 8);
	str(f, "Test Model");
	kv_u32(f, arch, "block_count", layers);
	kv_u32(f, arch, "context_length", (uint32_t)atoi(argv[4]));
	kv_u32(f, arch, "embedding_length", (uint32_t)atoi(argv[5]));
	kv_u32(f, arch, "attention.head_count", (uint32_t)atoi(argv[6]));
	if (per_layer) {
		char key[128];
		snprintf(key, sizeof key, "%s.attention.head_count_kv", arch);
		str(f, key);
		u32(f, 9);   /* ARRAY of U32 */
		u32(f, 4);
		u64(f, layers);
		char *s = argv[7];
		for (uint32_t i = 0; i < layers; i++) {
			u32(f, (uint32_t)strtoul(s, &s, 10));
			if (*s == ',')
				s++;
		}
	} else {
		kv_u32(f, arch, "attention.head_count_kv", (uint32_t)atoi(argv[7]));
	}
	str(f, "general.file_type");
	u32(f, 4);
	u32(f, 7);   /* MOSTLY_Q8_0 */
	/* a tokenizer array after the sizes, as converters write it */
	str(f, "tokenizer.ggml.tokens");
	u32(f, 9);
	u32(f, 8);
	u64(f, 3);
	str(f, "<s>");
	str(f, "a");
	str(f, "b");
	long pad = argc > 8 ? atol(argv[8]) : 0;
	if (pad > 0) {
		fseek(f, pad * 1024 * 1024, SEEK_CUR);
		fputc(0, f);
	}
	fclose(f);
	return 0;
}
