/* swa.h - which layers of a model attend over a sliding window, as the
 * llama.cpp that node-llama-cpp 3.21.1 ships decides it (its
 * src/models/ARCH.cpp, load_arch_hparams): one table row per architecture,
 * read when a GGUF header is parsed. Layers not in a window hold the whole
 * context in the KV cache; window layers hold min(context, window +
 * micro-batch) cells (llama-kv-cache-iswa.cpp). */
#ifndef OOMCAST_SWA_H
#define OOMCAST_SWA_H

#include <stdbool.h>
#include <stdint.h>

struct swa_rule {
	const char *arch;        /* general.architecture */
	uint32_t period;         /* ARCH.attention.sliding_window_pattern's default */
	bool dense_first;        /* set_swa_pattern(period, dense_first) */
	uint32_t window;         /* the window when the key is absent; 0: no
	                            window without a key (window layers need it) */
	bool fixed_window;       /* the key is read, then overwritten (smallthinker) */
};

/* The rule for arch, or NULL: every layer holds the whole context (or the
 * architecture's cache is one oomcast does not size per layer). */
const struct swa_rule *swa_rule_of(const char *arch);

/* Is layer il a window layer with this period (llama-hparams.cpp
 * set_swa_pattern: period 0 all layers, 1 none; else the last of each
 * period is dense, or the first with dense_first)? */
bool swa_is_window_layer(uint32_t period, bool dense_first, uint64_t il);

#endif
