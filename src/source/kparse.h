/* kparse.h - pure parsers for kernel text files (/proc/pressure/memory,
 * /proc/PID/cgroup, mountinfo, cgroup memory files). Each takes a buffer and
 * never trusts its contents: truncated, empty or odd input yields "unknown",
 * never a crash. Fuzzed by fuzz/fuzz_kparse.c. */
#ifndef OOMCAST_KPARSE_H
#define OOMCAST_KPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "snapshot.h"

/* /proc/pressure/memory. Returns false when no "some" line was found. */
bool kparse_psi(const char *buf, size_t len, struct snap_psi *out);

/* Value of "KEY value" (memory.events, memory.stat, oom_control, vmstat) or
 * "Key: value kB" (status, meminfo) lines: the number after KEY, scaled by
 * 1024 when followed by "kB". SNAP_NA when the key is missing or malformed. */
uint64_t kparse_key(const char *buf, size_t len, const char *key);

/* A cgroup limit file: a number, or "max" (v2) -> *limited = 0. v1 reports no
 * limit as a huge page-aligned number; anything at or above 2^62 counts as
 * none. Returns SNAP_NA when not a limit (also for "max"). */
uint64_t kparse_limit(const char *buf, size_t len, int *limited);

/* An unsigned decimal at [p, end): false when there is none or it overflows;
 * *next (may be NULL) is set past the digits. */
bool kparse_decimal(const char *p, const char *end, uint64_t *out, const char **next);

/* A plain unsigned number file (memory.current, usage_in_bytes). */
uint64_t kparse_u64(const char *buf, size_t len);
/* A plain signed number file (oom_score, oom_score_adj); SNAP_NA_INT if bad. */
int32_t kparse_int(const char *buf, size_t len);

/* /proc/PID/cgroup: copy the memory cgroup's path into out. Prefers the v1
 * line whose controller list holds "memory" when want_v1, else the v2 "0::"
 * line. Returns the version found, or CG_NONE (also when the path does not
 * fit in outsz: never a cut path, which could name a parent). */
enum cg_version kparse_proc_cgroup(const char *buf, size_t len, bool want_v1,
                                   char *out, size_t outsz);

/* /proc/self/mountinfo: the mount point and mount root of the v1 memory
 * hierarchy (v1) or of the cgroup2 filesystem (v2). Returns false if none,
 * or when they do not fit. */
bool kparse_mountinfo_cgroup(const char *buf, size_t len, enum cg_version v,
                             char *mnt, size_t mntsz, char *root, size_t rootsz);

/* /proc/PID/cmdline (NUL-separated) to one line, NULs as spaces, trailing
 * NULs dropped. Writes at most outsz-1 bytes; returns the length written. */
size_t kparse_cmdline(const char *buf, size_t len, char *out, size_t outsz);

/* The model file a raw /proc/PID/cmdline (NUL-separated) names: the value
 * of -m, --model or --model=, as llama.cpp, ollama's runners and vLLM take
 * it. Copied to out; false when there is none (or it does not fit). */
bool kparse_model_arg(const char *buf, size_t len, char *out, size_t outsz);

/* The context length the same command line asks for: -c, --ctx-size (or
 * --ctx-size=) as llama.cpp and ollama's runners take it. SNAP_NA none. */
uint64_t kparse_ctx_arg(const char *buf, size_t len);



/* Is the option opt ("-c", "--ctx-size") among a raw command line's program
 * arguments, alone or as "opt=VALUE"? */
bool kparse_has_option(const char *buf, size_t len, const char *opt);

/* An on/off/auto word as llama.cpp takes it (common_arg_utils: is_truthy,
 * is_falsey, is_autoy) at [v, v+n): 1, 0, -1; -2 for any other word. */
int kparse_onoff_word(const char *v, size_t n);

/* The flags of a llama.cpp-style command line that change a load's
 * footprint (struct snap_load_args). */
void kparse_load_args(const char *buf, size_t len, struct snap_load_args *out);

/* A path that looks like a model file: *.gguf, or an ollama blob
 * (".../blobs/sha256-..."). n: its length. */
bool kparse_model_like(const char *path, size_t n);

/* The runtime a mapped shared object belongs to, from its name (path of n
 * bytes, as /proc/PID/maps shows it): llama.cpp's and ggml's libraries
 * (libllama.so, libggml*.so) RT_LLAMACPP, PyTorch's (libtorch*.so,
 * libc10*.so) RT_PYTORCH, else RT_UNKNOWN. */
enum runtime kparse_runtime_lib(const char *path, size_t n);

/* The runtime a process title in comm names: vLLM's "VLLM::..." and
 * SGLang's "sglang::..." (their workers), else RT_UNKNOWN. */
enum runtime kparse_runtime_title(const char *comm);

/* Whether a mapped shared object (as kparse_runtime_lib takes it) is a GPU
 * backend's: ggml's (libggml-cuda, -hip, -vulkan, -sycl, -musa, -cann,
 * -opencl) or the GPU runtime a static build links (libcudart,
 * libamdhip64, libvulkan). */
bool kparse_gpu_lib(const char *path, size_t n);

/* One pass over /proc/PID/maps (len bytes, not NUL-terminated): the first
 * model file mapped into model (when model is not NULL and it fits; returns
 * whether one was), the runtime the mapped libraries show into *rt
 * (llama.cpp's before PyTorch's), and into *gpu (when not NULL) whether a
 * GPU backend's library is mapped (kparse_gpu_lib). */
bool kparse_maps(const char *buf, size_t len, char *model, size_t modelsz, enum runtime *rt,
                 bool *gpu);

/* The fields of /proc/PID/status that the process scan needs. */
struct kstatus {
	char name[SNAP_COMM_MAX];   /* the comm's bytes: the kernel's \n and \\ decoded */
	pid_t ppid;
	pid_t pgid;                 /* process group (NSpgid, as this /proc sees it); 0 unknown */
	uid_t euid;
	bool has_uid;
	/* bytes; a status without VmRSS (kernel thread, zombie) has no user
	 * memory at all, so these are 0 then, never unknown */
	uint64_t rss, anon, file, shmem, swap;
};

/* Parse a status file. Returns false when it is not one (no Name line). */
bool kparse_status(const char *buf, size_t len, struct kstatus *out);

/* The start time of a process (field 22 of /proc/PID/stat, clock ticks after
 * boot): with the pid, it tells a process from a later one given the same
 * pid. SNAP_NA when missing. */
uint64_t kparse_stat_start(const char *buf, size_t len);
/* Its flags field (the kernel's PF_* bits); SNAP_NA when cut or garbage.
 * PF_KTHREAD (0x00200000) marks a kernel thread, as htop reads it. */
uint64_t kparse_stat_flags(const char *buf, size_t len);
#define KPARSE_PF_KTHREAD 0x00200000u
/* PF_EXITING: the process has begun to exit (its memory may still be
 * freed for a while after) */
#define KPARSE_PF_EXITING 0x00000004u

/* The first three numbers of /proc/PID/statm: size, resident, shared (pages). */
bool kparse_statm(const char *buf, size_t len, uint64_t out[3]);
#endif
