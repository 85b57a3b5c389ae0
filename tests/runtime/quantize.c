/* quantize.c - llama.cpp's own quantiser on a GGUF file, for the tests that
 * check oomcast's sizes of llama-quantize's mixes (src/formats/quantmix.c)
 * against the real thing:
 *
 *   quantize LIBLLAMA.so IN.gguf OUT.gguf FTYPE
 *
 * LIBLLAMA.so is node-llama-cpp's prebuilt libllama (the same llama.cpp the
 * other runtime tests load models with), opened at run time: no build
 * dependency, and the tests skip where it is not installed. FTYPE is
 * llama.cpp's llama_ftype number (7 Q8_0, 18 Q6_K, 17 Q5_K_M, 16 Q5_K_S,
 * 15 Q4_K_M, 14 Q4_K_S, 12 Q3_K_M). Exit 0 written, 1 llama.cpp failed, 2
 * bad arguments or the library cannot be used. */
#include <dlfcn.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* llama_model_quantize_params as llama.h of that llama.cpp (v0.4.0 as
 * node-llama-cpp 3.21.1 tags it) declares it; only the defaults and the
 * file type are used, but the layout must match for the call */
struct quantize_params {
	int32_t nthread;
	int ftype;
	int output_tensor_type;
	int token_embedding_type;
	bool allow_requantize;
	bool quantize_output_tensor;
	bool only_copy;
	bool pure;
	bool keep_split;
	bool dry_run;
	const void *imatrix;
	const void *kv_overrides;
	const void *tt_overrides;
	const int32_t *prune_layers;
	size_t max_buf_size;
};

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: quantize LIBLLAMA.so IN.gguf OUT.gguf FTYPE\n");
		return 2;
	}
	void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		fprintf(stderr, "quantize: %s\n", dlerror());
		return 2;
	}
	struct quantize_params (*defaults)(void);
	uint32_t (*quantize)(const char *, const char *, const struct quantize_params *);
	void (*backend_init)(void);
	*(void **)&defaults = dlsym(lib, "llama_model_quantize_default_params");
	*(void **)&quantize = dlsym(lib, "llama_model_quantize");
	*(void **)&backend_init = dlsym(lib, "llama_backend_init");
	if (!defaults || !quantize) {
		fprintf(stderr, "quantize: %s has no llama_model_quantize\n", argv[1]);
		return 2;
	}
	if (backend_init)
		backend_init();
	struct quantize_params p = defaults();
	p.ftype = atoi(argv[4]);
	p.nthread = 2;
	p.allow_requantize = true;   /* a Q8_0 file may be made smaller too */
	uint32_t rc = quantize(argv[2], argv[3], &p);
	if (rc) {
		fprintf(stderr, "quantize: llama_model_quantize failed (%u)\n", rc);
		return 1;
	}
	return 0;
}
