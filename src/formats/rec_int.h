/* rec_int.h - inside the recording format (rec_encode.c, rec_decode.c,
 * recording.c): the field numbers every version of the format is read by,
 * and what the three files share. Not for use outside them: recording.h is
 * the format's interface. */
#ifndef OOMCAST_REC_INT_H
#define OOMCAST_REC_INT_H

#include "formats/recording.h"

#include <stdio.h>

/* Field numbers. Never reuse one: a new meaning takes a new number (and a
 * new minor version); a change old readers would misread takes a new major. */
enum { H_HOST = 1, H_KERNEL, H_VERSION, H_START, H_INTERVAL };
enum {
	S_T = 1, S_MONO, S_PROCS_MONO, S_GPUS_MONO, S_PAGE_SIZE, S_MEM, S_SWAP, S_VM, S_PSI,
	S_SELF_CGROUP, S_KERNEL_LOG, S_PROCS_PARTIAL, S_SELF, S_GPU, S_GPU_PROC, S_GPU_NOTE,
	S_GPU_DROPPED, S_LOG_LINE, S_LOG_FILE, S_CGROUP, S_PROC, S_KILL, S_NCGROUPS_SAMPLED,
	S_PROCS_BOOT,   /* 1.4: the scan's time on the clock of process start times */
	S_CPU,          /* 1.7: the CPU's kind (cpuinfo.h) */
	S_MEMCG_MNT, S_MEMCG_MNT_ROOT,   /* 1.8: the memory cgroups' mount */
	S_KMSG_MONO,    /* 1.10: when the kernel's log was read */
};
enum { PSI_PRESENT = 1, PSI_SOME10, PSI_SOME60, PSI_FULL10, PSI_FULL60, PSI_SOME_TOTAL, PSI_FULL_TOTAL };
enum { SELF_KNOWN = 1, SELF_LOCKED, SELF_LOWERED, SELF_ADJ };
enum {
	G_INDEX = 1, G_NAME, G_VENDOR, G_TOTAL, G_USED, G_FREE, G_RESERVED, G_GTT_TOTAL, G_GTT_USED,
	G_UNIFIED, G_LOST, G_MIG, G_MIG_PARENT, G_PROCS_KNOWN, G_PROCS_USED,
};
enum { GP_PID = 1, GP_GPU, GP_USED };
enum {
	C_PATH = 1, C_VERSION, C_LIMIT, C_LIMITED, C_EFFECTIVE, C_USAGE, C_SWAP_LIMIT, C_ANON, C_FILE,
	C_SHMEM, C_OOM_KILLS, C_REFAULTS, C_FAULTS, C_MAJFAULTS, C_LIMIT_HITS, C_REFAULTS_ANON, C_MONO,
	C_KERNEL,   /* 1.6: kernel memory reclaim cannot give back (v1: page tables) */
};
enum {
	P_PID = 1, P_PPID, P_PGID, P_START, P_UID, P_COMM, P_RSS, P_ANON, P_FILE, P_SHMEM, P_SWAP,
	P_GPU, P_OOM_ADJ, P_SAMPLED_CGROUP,
	/* details */
	P_DETAILED, P_OOM_SCORE, P_CMDLINE, P_USER, P_CGROUP, P_MODEL, P_MODEL_SIZE, P_KV_PER_TOKEN,
	P_CTX, P_LOAD, P_MODEL_INFO,
	P_KTHREAD,   /* 1.2 */
	/* 1.3: the runtime the source saw (enum runtime) */
	P_RUNTIME,
};
enum { L_NO_MMAP = 1, L_KV_TYPE, L_FLASH_ATTN, L_GPU_LAYERS,
       L_NO_KV_OFFLOAD, L_UBATCH, L_CACHE_RAM /* 1.4 */,
       /* 1.5: the split over GPUs (-sm, -mg, each -ts share in order, a
        * value not read) */
       L_SPLIT_MODE, L_MAIN_GPU, L_TS, L_SPLIT_BAD,
       /* 1.5: -ctv, where it is not -ctk's (absent: V's type is K's, as
        * every load before 1.5 was sized) */
       L_KV_TYPE_V,
       L_NO_REPACK /* 1.7 */, L_NO_HOST /* 1.7 */, L_GPU_BACKEND /* 1.7 */,
       L_PARALLEL /* 1.9 */, L_KV_UNIFIED /* 1.9 */, L_FIT_OFF /* 1.9 */,
       L_HELD_LATE /* 1.11: not a flag: held_late */ };
enum {
	M_FILE_SIZE = 1, M_INFO_KNOWN, M_VERSION, M_N_TENSORS, M_N_KV, M_ARCH, M_NAME, M_BLOCKS,
	M_CONTEXT, M_EMBEDDING, M_HEADS, M_HEADS_KV, M_KEY_LEN, M_VALUE_LEN, M_SLIDING, M_KV_HEADS_SUM,
	M_KV_ELEMS, M_FILE_TYPE, M_FFN, M_VOCAB, M_PARAMS,
	/* 1.1: the sizes of llama-quantize's mixes (fit_quant) */
	M_ALIGNMENT, M_EXPERTS, M_TENSOR_BYTES, M_MIX_KNOWN, M_MIX_0,   /* M_MIX_0 + QM_N - 1 */
	/* 1.2: sliding-window layers, V widening, MLA (after room for more mixes) */
	M_SWA_LAYERS = 64, M_KV_ELEMS_SWA, M_KV_VPAD, M_KV_VPAD_SWA, M_MLA,
	/* 1.5: the V part of the KV elements (K and V of their own types) */
	M_KV_ELEMS_V, M_KV_ELEMS_SWA_V,
	/* 1.7: the CPU backend's copies of weights, by kind (gguf_copies):
	 * numbers pinned, room for 8 kinds each */
	M_COPIES_KNOWN = 71, M_COPY_SRC_0 = 72, M_COPY_0 = 80,
	/* and in each mix: M_MIX_COPY_SRC_0 + 8 mix + kind, the same for
	 * M_MIX_COPY_0 */
	M_MIX_COPIES_KNOWN = 88, M_MIX_COPY_SRC_0 = 96, M_MIX_COPY_0 = 160,
};
_Static_assert(QM_N * 8 <= M_MIX_COPY_0 - M_MIX_COPY_SRC_0, "mix copies fields overlap");
_Static_assert(M_KV_ELEMS_SWA_V < M_COPIES_KNOWN, "copies fields run into the V fields");
_Static_assert(CPU_KINDS <= 8, "more CPU kinds than the copies fields have room for");
_Static_assert(M_MIX_0 + QM_N <= M_SWA_LAYERS, "mix fields run into the window fields");
enum {
	K_PID = 1, K_COMM, K_ANON, K_FILE, K_SHMEM, K_RSS, K_CONSTRAINT, K_OOM_MEMCG, K_TASK_MEMCG,
	K_TRIGGER, K_ORDER, K_ADJ, K_TS_US, K_MEMCG_USAGE, K_MEMCG_LIMIT, K_TASK, K_TASKS_SEEN,
};
enum { T_PID = 1, T_NAME, T_RSS, T_ADJ };

enum { WT_VARINT = 0, WT_FIXED64 = 1, WT_BYTES = 2 };

/* what went wrong, into err (errlen bytes; either may be absent) */
static inline void set_err(char *err, size_t errlen, const char *what)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", what);
}

#endif
