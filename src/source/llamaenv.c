/* llamaenv.c - LLAMA_ARG_* variables as the options they stand for (see
 * llamaenv.h). The names, the values each takes and the order llama.cpp
 * applies them in are common/arg.cpp's (llama.cpp as bundled with
 * node-llama-cpp 3.21.1). */
#include "source/llamaenv.h"

#include <stdbool.h>
#include <string.h>

#include "source/kparse.h"

#define COMM_BYTES 15   /* TASK_COMM_LEN less its NUL */

enum envkind {
	E_VALUE,   /* the value, after the option: LLAMA_ARG_CTX_SIZE=4096 -> -c 4096 */
	E_BOOL,    /* on/off (and LLAMA_ARG_NO_X = off): one option for each */
	E_ONOFF,   /* on/off/auto, spelled any of llama.cpp's ways: -fa's */
};

struct envopt {
	const char *var;
	enum envkind kind;
	const char *const *cli;     /* options that set the same parameter */
	const char *opt;            /* E_VALUE, E_ONOFF: the option; E_BOOL: for true */
	const char *val;            /* E_BOOL: the value of opt, if it takes one */
	const char *opt_false;      /* E_BOOL: for false (NULL: the default, nothing) */
	const char *val_false;
};

/* The options that set one parameter. The load mode is one parameter in
 * llama.cpp (params.load_mode): --mmap, --no-mmap, -dio, -ndio, --mlock and
 * -lm all set it, so any of them on the command line overrides each of the
 * variables. */
static const char *const cli_ctx[] = {"-c", "--ctx-size", NULL};
static const char *const cli_batch[] = {"-b", "--batch-size", NULL};
static const char *const cli_ubatch[] = {"-ub", "--ubatch-size", NULL};
static const char *const cli_cram[] = {"-cram", "--cache-ram", NULL};
static const char *const cli_fa[] = {"-fa", "--flash-attn", NULL};
static const char *const cli_kvo[] = {"-kvo", "--kv-offload", "-nkvo", "--no-kv-offload", NULL};
static const char *const cli_ctk[] = {"-ctk", "--cache-type-k", NULL};
static const char *const cli_ctv[] = {"-ctv", "--cache-type-v", NULL};
static const char *const cli_load[] = {"--mmap", "--no-mmap", "-dio", "--direct-io", "-ndio",
				       "--no-direct-io", "--mlock", "-lm", "--load-mode", NULL};
static const char *const cli_ngl[] = {"-ngl", "--n-gpu-layers", "--gpu-layers", NULL};
static const char *const cli_sm[] = {"-sm", "--split-mode", NULL};
static const char *const cli_ts[] = {"-ts", "--tensor-split", NULL};
static const char *const cli_mg[] = {"-mg", "--main-gpu", NULL};
static const char *const cli_model[] = {"-m", "--model", NULL};
static const char *const cli_repack[] = {"--repack", "-nr", "--no-repack", NULL};
static const char *const cli_no_host[] = {"--no-host", NULL};
static const char *const cli_kvu[] = {"-kvu", "--kv-unified", "-no-kvu", "--no-kv-unified", NULL};
static const char *const cli_np[] = {"-np", "--parallel", NULL};
static const char *const cli_fit[] = {"-fit", "--fit", NULL};

/* In the order llama.cpp applies them (the order arg.cpp declares them):
 * where two set one parameter, the later wins. LLAMA_ARG_MLOCK is not
 * read: what --mlock means changed (mapped and locked before, read into
 * locked buffers since --load-mode), as the command line's is not. */
static const struct envopt table[] = {
	{"LLAMA_ARG_CTX_SIZE", E_VALUE, cli_ctx, "-c", NULL, NULL, NULL},
	{"LLAMA_ARG_BATCH", E_VALUE, cli_batch, "-b", NULL, NULL, NULL},
	{"LLAMA_ARG_UBATCH", E_VALUE, cli_ubatch, "-ub", NULL, NULL, NULL},
	{"LLAMA_ARG_CACHE_RAM", E_VALUE, cli_cram, "-cram", NULL, NULL, NULL},
	{"LLAMA_ARG_KV_UNIFIED", E_BOOL, cli_kvu, "-kvu", NULL, "-no-kvu", NULL},
	{"LLAMA_ARG_FLASH_ATTN", E_ONOFF, cli_fa, "-fa", NULL, NULL, NULL},
	{"LLAMA_ARG_KV_OFFLOAD", E_BOOL, cli_kvo, NULL, NULL, "-nkvo", NULL},
	{"LLAMA_ARG_CACHE_TYPE_K", E_VALUE, cli_ctk, "-ctk", NULL, NULL, NULL},
	{"LLAMA_ARG_CACHE_TYPE_V", E_VALUE, cli_ctv, "-ctv", NULL, NULL, NULL},
	{"LLAMA_ARG_MMAP", E_BOOL, cli_load, "-lm", "mmap", "-lm", "none"},
	{"LLAMA_ARG_DIO", E_BOOL, cli_load, "-lm", "dio", "-lm", "none"},
	{"LLAMA_ARG_LOAD_MODE", E_VALUE, cli_load, "-lm", NULL, NULL, NULL},
	{"LLAMA_ARG_N_PARALLEL", E_VALUE, cli_np, "-np", NULL, NULL, NULL},
	{"LLAMA_ARG_N_GPU_LAYERS", E_VALUE, cli_ngl, "-ngl", NULL, NULL, NULL},
	{"LLAMA_ARG_FIT", E_VALUE, cli_fit, "-fit", NULL, NULL, NULL},
	{"LLAMA_ARG_SPLIT_MODE", E_VALUE, cli_sm, "-sm", NULL, NULL, NULL},
	{"LLAMA_ARG_TENSOR_SPLIT", E_VALUE, cli_ts, "-ts", NULL, NULL, NULL},
	{"LLAMA_ARG_MAIN_GPU", E_VALUE, cli_mg, "-mg", NULL, NULL, NULL},
	{"LLAMA_ARG_MODEL", E_VALUE, cli_model, "-m", NULL, NULL, NULL},
	/* --repack/-nr: LLAMA_ARG_REPACK, LLAMA_ARG_NO_REPACK before 2026 */
	{"LLAMA_ARG_REPACK", E_BOOL, cli_repack, NULL, NULL, "-nr", NULL},
	{"LLAMA_ARG_NO_REPACK", E_BOOL, cli_repack, "-nr", NULL, NULL, NULL},
	{"LLAMA_ARG_NO_HOST", E_BOOL, cli_no_host, "--no-host", NULL, NULL, NULL},
};

/* The value of NAME in a raw environ, as getenv finds it (the first). */
static bool env_get(const char *env, size_t len, const char *name, const char **v, size_t *n)
{
	size_t nl = strlen(name);
	const char *p = env, *end = env + len;
	while (p < end) {
		const char *z = memchr(p, '\0', (size_t)(end - p));
		size_t l = z ? (size_t)(z - p) : (size_t)(end - p);
		if (l > nl && memcmp(p, name, nl) == 0 && p[nl] == '=') {
			*v = p + nl + 1;
			*n = l - nl - 1;
			return true;
		}
		if (!z)
			break;
		p = z + 1;
	}
	return false;
}

/* An E_BOOL variable's value: 1 true, 0 false, -1 unset or refused.
 * LLAMA_ARG_NO_X, with any value, is false before LLAMA_ARG_X is looked at
 * (common_arg::get_value_from_env). */
static int env_bool(const char *env, size_t len, const char *var)
{
	char neg[64];
	const char *v;
	size_t n;
	if (strlen(var) + 3 < sizeof neg) {
		strcpy(neg, "LLAMA_ARG_NO_");
		strcat(neg, var + strlen("LLAMA_ARG_"));
		if (env_get(env, len, neg, &v, &n))
			return 0;
	}
	if (!env_get(env, len, var, &v, &n))
		return -1;
	int w = kparse_onoff_word(v, n);
	return w == 1 || w == 0 ? w : -1;   /* "auto" is no boolean either */
}

/* An option, and its value when v is not NULL, at out[*at]: whole or not
 * at all. */
static void put(char *out, size_t outsz, size_t *at, const char *opt, const char *v, size_t n)
{
	size_t ol = strlen(opt), need = ol + 1 + (v ? n + 1 : 0);
	if (need > outsz - *at)
		return;
	memcpy(out + *at, opt, ol + 1);
	*at += ol + 1;
	if (v) {
		memcpy(out + *at, v, n);
		*at += n;
		out[(*at)++] = '\0';
	}
}

size_t llamaenv_args(const char *env, size_t envlen, const char *cmd, size_t cmdlen, char *out,
                     size_t outsz)
{
	size_t at = 0;
	/* in llama.cpp's order, so that of two variables setting one parameter
	 * the one it applies last comes last, where the parsers look */
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		const struct envopt *e = &table[i];
		bool given = false;
		for (const char *const *c = e->cli; *c && !given; c++)
			given = kparse_has_option(cmd, cmdlen, *c);
		if (given)
			continue;
		const char *v, *opt;
		size_t n;
		switch (e->kind) {
		case E_VALUE:
			if (env_get(env, envlen, e->var, &v, &n) && n > 0)
				put(out, outsz, &at, e->opt, v, n);
			break;
		case E_ONOFF:
			if (!env_get(env, envlen, e->var, &v, &n))
				break;
			switch (kparse_onoff_word(v, n)) {
			case 1: opt = "on"; break;
			case 0: opt = "off"; break;
			case -1: opt = "auto"; break;
			default: opt = NULL;
			}
			if (opt)
				put(out, outsz, &at, e->opt, opt, strlen(opt));
			break;
		case E_BOOL:
			switch (env_bool(env, envlen, e->var)) {
			case 1:
				v = e->val, opt = e->opt;
				break;
			case 0:
				v = e->val_false, opt = e->opt_false;
				break;
			default:
				v = opt = NULL;
			}
			if (opt)
				put(out, outsz, &at, opt, v, v ? strlen(v) : 0);
			break;
		}
	}
	return at;
}

/* llama.cpp's programs that call common_params_parse (tools/ and examples/,
 * their CMake targets), as comm shows them: cut at 15 bytes */
static const char *const readers[] = {
	"llama-batched", "llama-batched-bench", "llama-cli", "llama-completion",
	"llama-cvector-generator", "llama-debug", "llama-diffusion", "llama-diffusion-cli",
	"llama-embedding", "llama-eval-callback", "llama-export-lora", "llama-finetune",
	"llama-fit-params", "llama-gen-docs", "llama-idle", "llama-imatrix", "llama-lookahead",
	"llama-lookup", "llama-lookup-create", "llama-lookup-merge", "llama-lookup-stats",
	"llama-mtmd-cli", "llama-parallel", "llama-passkey", "llama-perplexity", "llama-results",
	"llama-retrieval", "llama-server", "llama-speculative", "llama-speculative-simple",
	"llama-tokenize", "llama-tts",
};

bool llamaenv_reads(const char *comm)
{
	for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
		if (strncmp(comm, readers[i], COMM_BYTES) == 0 &&
		    (strlen(readers[i]) <= COMM_BYTES || strlen(comm) == COMM_BYTES))
			return true;
	return false;
}
