/* swa.c - llama.cpp's sliding-window layers per architecture; see swa.h.
 * Each row was read from src/models/ARCH.cpp of node-llama-cpp 3.21.1's
 * llama.cpp; gemma2 and gemma3 are checked against a real load
 * (tests/integ/llama_swa.sh), the others only by reading. Left out:
 * architectures whose window layers come from a per-layer array only
 * (gemma4, step35, mimo2, granite-swa), share KV between layers (gemma3n,
 * gemma4), or mix in other caches (llama4's chunks, lfm2, DeepSeek's). */
#include "formats/swa.h"

#include <string.h>

static const struct swa_rule RULES[] = {
	/* arch        period dense_first window fixed */
	{"gemma2",       2, false, 4096, false},
	{"gemma3",       6, false, 0,    false},   /* no window without the key */
	{"cohere2",      4, false, 0,    false},   /* the key is required */
	{"gpt-oss",      2, false, 0,    false},   /* the key is required */
	{"olmo2",        4, false, 0,    false},
	{"afmoe",        4, false, 0,    false},
	{"plamo3",       8, false, 0,    false},
	{"smallthinker", 4, true,  4096, true},    /* a key > 0 turns it on; 4096 is used */
};

const struct swa_rule *swa_rule_of(const char *arch)
{
	for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++)
		if (strcmp(arch, RULES[i].arch) == 0)
			return &RULES[i];
	return NULL;
}

bool swa_is_window_layer(uint32_t period, bool dense_first, uint64_t il)
{
	if (period == 0)
		return true;
	return dense_first ? il % period != 0 : il % period < period - 1;
}
