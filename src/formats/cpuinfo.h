/* cpuinfo.h - which copies of a model's weights llama.cpp's CPU backend
 * makes on this machine, from the flags /proc/cpuinfo lists.
 *
 * ggml's CPU backend keeps some weights in buffers of its own, repacked for
 * the CPU's matrix instructions, instead of the file's pages: anonymous
 * memory beside the mapped file (footprint.h). Which ones depends on the
 * build of ggml's CPU backend that loads, and builds that carry every
 * variant (llama.cpp's releases, node-llama-cpp; GGML_CPU_ALL_VARIANTS)
 * load the best the CPU runs (ggml/src/CMakeLists.txt, cpu-feats-x86.cpp):
 *   CPU_AMX     the sapphirerapids variant (AMX_INT8, AMX_TILE,
 *               AVX512_VNNI, AVX512_BF16, AVX512_VBMI): its AMX buffers,
 *               then repacking as CPU_AVX512
 *   CPU_AVX512  an AVX-512 variant (F, CD, VL, DQ, BW): repacking (Q4_0,
 *               Q4_K, IQ4_NL, MXFP4, Q2_K)
 *   CPU_AVX2    an AVX2 variant (haswell, alderlake): repacking, no Q2_K
 *   CPU_PLAIN   none of those (an older x86 CPU), or a CPU not known here:
 *               no copies. ARM's repacking (NEON, SVE) is not modelled.
 * A build made for an older CPU than the one it runs on, or llama.cpp's
 * -nr/--no-repack, makes none: fit's --cpu says so. */
#ifndef OOMCAST_CPUINFO_H
#define OOMCAST_CPUINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cpu_kind { CPU_PLAIN, CPU_AVX2, CPU_AVX512, CPU_AMX, CPU_KINDS };

/* The kind the flags of the first CPU in buf (/proc/cpuinfo's text, len
 * bytes, not NUL-terminated) say; CPU_PLAIN without an x86 "flags" line. */
enum cpu_kind cpuinfo_kind(const char *buf, size_t len);
/* The same from root/proc/cpuinfo (root "" for this machine); CPU_PLAIN
 * when it cannot be read. */
enum cpu_kind cpuinfo_read(const char *root);

/* "plain", "avx2", "avx512", "amx" */
const char *cpu_kind_name(enum cpu_kind k);
/* One of those names; -1 for any other */
int cpu_kind_parse(const char *s);

/* What kind k's CPU backend does with a weight of ggml type `type` and
 * extents ne[] (ggml's: ne[0] a row's elements, ne[1] the rows) that a
 * matrix product uses (mmid: a mixture of experts' 3-D bank, MUL_MAT_ID),
 * nbytes as in the file: true when it keeps its own copy, of *copy bytes.
 * As llama.cpp's (ggml-cpu/amx/amx.cpp supports_op, mmq.cpp get_row_size;
 * ggml-cpu/repack.cpp ggml_repack_get_optimal_repack_type), the first
 * that takes it:
 *   AMX     a 2-D matrix of Q4_0, Q4_1, Q8_0, Q4_K, Q5_K, Q6_K, IQ4_XS or
 *           F16 with rows a multiple of 32: packed, with per-block
 *           compensation or scales (Q8_0 38 bytes a block of 32, not 34;
 *           Q4_K/Q5_K 4 more a block of 256, IQ4_XS 2), F16 as is
 *   repack  Q4_0, Q4_K, IQ4_NL, MXFP4 (Q2_K with AVX-512) with rows a multiple of
 *           8, 2-D or an experts' bank: the same bytes, interleaved
 * Measured against node-llama-cpp 3.21.1's llama.cpp on a CPU with AMX
 * (its AMX and CPU_REPACK buffers, tests/integ/llama_load.sh). */
bool cpu_copy_of(enum cpu_kind k, uint32_t type, const uint64_t ne[4], bool mmid, uint64_t nbytes,
                 uint64_t *copy);

/* One tensor's copies by every kind, added up: where a matrix product uses
 * it (mm: 1 MUL_MAT, 2 MUL_MAT_ID, 0 none), src[k] += nbytes and copy[k] +=
 * its copy; where llama.cpp makes the output from it (dup: a tied
 * token_embd, which the CPU buffer shares and an extra buffer copies),
 * copy[k] += one more copy. false when a sum overflows (the sums are then
 * not to be used). Shared by the file's own copies (gguf.c) and each
 * llama-quantize mix's (quantmix.c). */
bool cpu_copies_add(uint64_t src[CPU_KINDS], uint64_t copy[CPU_KINDS], uint32_t type,
                    const uint64_t ne[4], int mm, bool dup, uint64_t nbytes);

#endif
