/* llamaenv.h - llama.cpp's LLAMA_ARG_* environment variables, as the
 * command-line options they stand for. llama.cpp's common argument parser
 * (common/arg.cpp, common_params_parse_ex) applies them before the command
 * line, which overrides them; container images and service units often give
 * the model and the context this way alone (LLAMA_ARG_MODEL,
 * LLAMA_ARG_CTX_SIZE), leaving a command line of just "llama-server". */
#ifndef OOMCAST_LLAMAENV_H
#define OOMCAST_LLAMAENV_H

#include <stdbool.h>
#include <stddef.h>

/* Writes to out (NUL-separated, as /proc/PID/cmdline) the options that the
 * LLAMA_ARG_* variables of env (a raw /proc/PID/environ, envlen bytes) stand
 * for, leaving out each one whose parameter the command line cmd (raw,
 * cmdlen bytes) sets itself. cmd followed by what was written then parses
 * (kparse_load_args, kparse_ctx_arg, kparse_model_arg: an option's last
 * occurrence counts, as in llama.cpp) as llama.cpp reads the two. Only the variables that
 * change a load's footprint are read: nothing else of an environment (it
 * holds secrets) is copied. A value llama.cpp would refuse is left out.
 * Returns the bytes written (at most outsz; an option that does not fit is
 * left out whole). */
size_t llamaenv_args(const char *env, size_t envlen, const char *cmd, size_t cmdlen, char *out,
                     size_t outsz);

/* Does the program of this process name (comm: 15 bytes at most, as the
 * kernel keeps it) read them? llama.cpp's programs built on its common
 * argument parser do (llama-server, llama-cli, llama-perplexity, ...);
 * llama-bench, llama-quantize and programs of other projects named
 * llama-* (llama-swap) do not. */
bool llamaenv_reads(const char *comm);

#endif
