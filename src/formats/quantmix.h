/* quantmix.h - how big a GGUF model becomes when llama.cpp's llama-quantize
 * makes it Q8_0, Q6_K, Q5_K_M, Q4_K_M...: each tensor's new type by
 * llama.cpp's own rules (src/llama-quant.cpp, llama_tensor_get_type: the
 * output matrix at Q6_K, attn_v and ffn_down of the layers use_more_bits()
 * picks at Q6_K for the _M mixes, the first layers a step up for Q4_K_S and
 * Q3_K_M, rows that are not whole super-blocks falling back to Q5_0/Q8_0...),
 * and its bytes from ggml's block sizes. Checked in the tests against files
 * that llama.cpp's own llama_model_quantize() writes.
 *
 * Only dense models: a mixture of experts (3-D tensors, expert_count > 1)
 * and Falcon have rules of their own, and are "not known" here. */
#ifndef OOMCAST_QUANTMIX_H
#define OOMCAST_QUANTMIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formats/cpuinfo.h"

/* The mixes, largest first (the order `fit` tries them in). */
enum quant_mix { QM_Q8_0, QM_Q6_K, QM_Q5_K_M, QM_Q5_K_S, QM_Q4_K_M, QM_Q4_K_S, QM_Q3_K_M, QM_N };

/* "Q8_0", "Q4_K_M"... as llama-quantize and model names spell them. */
const char *quantmix_name(enum quant_mix m);
/* llama.cpp's general.file_type of the mix (7, 18, 17, 16, 15, 14, 12). */
uint32_t quantmix_ftype(enum quant_mix m);

/* Bytes n elements of ggml type t take (rows of ne0); false for a type
 * this does not know or a row that is not whole blocks. */
bool ggml_type_bytes(uint32_t t, uint64_t ne0, uint64_t n, uint64_t *bytes);

/* The elements in a block of ggml type t; 0 for a type llama.cpp does not
 * load (past ggml's last, or one it removed) or this does not know. */
unsigned ggml_type_blck(uint32_t t);

/* One tensor of the file, as its description in the header says. */
struct qm_tensor {
	const char *name;
	size_t name_len;
	uint32_t n_dims;
	uint64_t ne[4];
	uint32_t type;
	/* for the CPU backend's copies (gguf.h struct gguf_copies), set for
	 * qm_add: the matrix product that uses it (0 none, 1 MUL_MAT, 2
	 * MUL_MAT_ID: an experts' bank), and whether the output is made from
	 * it (a tied token_embd) */
	uint8_t mm;
	bool dup;
};

/* The sizes, built in two passes over the tensor table: qm_count() for
 * every tensor, then qm_add() for every tensor. */
struct quantmix {
	/* pass 1 */
	uint64_t n_attn_v, n_tensors;
	bool has_output;            /* else token_embd is tied to the output */
	bool unsupported;           /* 3-D experts, an unknown type */
	/* pass 2 */
	uint64_t i_attn_v, i_ffn_down;
	uint64_t cur_bytes;         /* the tensors as they are now */
	uint64_t bytes[QM_N];       /* the tensors in each mix */
	uint64_t cur_padded, padded[QM_N];  /* the same, each padded to the file's alignment */
	/* the CPU backend's copies in each mix, by kind (gguf_copies) */
	uint64_t copy_src[QM_N][CPU_KINDS], copy[QM_N][CPU_KINDS];
};

struct qm_model {
	const char *arch;           /* general.architecture */
	uint64_t n_layer;           /* block_count */
	uint64_t n_head, n_head_kv; /* for llama.cpp's 70B rule */
	uint64_t n_expert;          /* 0 or 1: dense */
	uint64_t alignment;         /* general.alignment (32 when not said) */
};

void qm_init(struct quantmix *q);
void qm_count(struct quantmix *q, const struct qm_tensor *t);
void qm_add(struct quantmix *q, const struct qm_model *m, const struct qm_tensor *t);
/* Whether the sizes can be given for this model (dense, known types). */
bool qm_known(const struct quantmix *q, const struct qm_model *m);

#endif
