/* gguf.h - what a GGUF model file's header says about the memory a load
 * will take: the architecture's sizes, from which the KV cache per token of
 * context follows. Parses a buffer (the start of the file): model files are
 * untrusted bytes, every length is checked, and it is fuzzed. */
#ifndef OOMCAST_GGUF_H
#define OOMCAST_GGUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GGUF_UNKNOWN UINT64_MAX

struct gguf_info {
	uint32_t version;
	uint64_t n_tensors, n_kv;
	char arch[32];
	char name[96];
	uint64_t block_count, context_length, embedding_length, head_count;
	uint64_t head_count_kv;         /* per layer when kv_heads_sum says more */
	uint64_t key_length, value_length, sliding_window;
	uint64_t kv_heads_sum;          /* KV heads summed over the layers */
	uint64_t file_type;
};

/* Parse the header and metadata in buf (len bytes: the file's start; the
 * tensor data need not be there). Returns 0 when the sizes the KV estimate
 * needs were found, -1 with a one-line reason in err otherwise (not GGUF,
 * truncated, malformed). Fields not found are GGUF_UNKNOWN. */
int gguf_parse(const uint8_t *buf, size_t len, struct gguf_info *g, char *err, size_t errlen);

/* Read the header of the GGUF file at path: its first map_max bytes are
 * mapped (never the whole model), and *size gets the file's size. The file
 * is opened without blocking and must be a regular file (a path named by
 * another process may be a FIFO). 0, or -1 with a one-line reason in err. */
int gguf_read_file(const char *path, size_t map_max, struct gguf_info *g, uint64_t *size,
                   char *err, size_t errlen);

/* Bytes of KV cache for n_ctx tokens with elem_bytes a K or V element (2 for
 * f16), as llama.cpp allocates it: cells padded to 256, every layer with KV
 * heads. GGUF_UNKNOWN when the header did not say enough. */
uint64_t gguf_kv_bytes(const struct gguf_info *g, uint64_t n_ctx, double elem_bytes);

#endif
