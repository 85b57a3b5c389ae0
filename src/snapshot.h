/* snapshot.h - the one data type every part of oomcast shares.
 *
 * A source (live /proc reader, later a replay reader) fills one snapshot per
 * tick; analysis and views read snapshots only. Plain structs, no libproc2
 * types. Unknown values are explicit: SNAP_NA for sizes and counters,
 * SNAP_NA_INT for signed small integers, NAN for rates. Zero always means zero.
 */
#ifndef OOMCAST_SNAPSHOT_H
#define OOMCAST_SNAPSHOT_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "formats/gguf.h"
#include "formats/oomreport.h"
#include "formats/tsplit.h"

#define SNAP_NA UINT64_MAX   /* unknown size or counter */
#define SNAP_NA_INT INT32_MIN /* unknown oom_score, oom_score_adj */
#define SNAP_NA_UID ((uid_t)-1) /* unknown owner */
#define SNAP_CRAM_UNSAID INT64_MIN /* snap_load_args.cache_ram_mib not on the line */

static inline bool snap_known(uint64_t v) { return v != SNAP_NA; }
static inline bool snap_known_int(int32_t v) { return v != SNAP_NA_INT; }
/* a + b of two known sizes, saturated below SNAP_NA: figures no system has
 * (a recording's, a fuzzer's) never wrap, nor read as unknown */
static inline uint64_t snap_add(uint64_t a, uint64_t b)
{
	return a > SNAP_NA - 1 - b ? SNAP_NA - 1 : a + b;
}
/* The time a part of a sample was read: its own stamp, else the sample's. */
static inline double snap_when(double part, double sample) { return part > 0 ? part : sample; }

struct snap_mem {          /* bytes, from /proc/meminfo */
	uint64_t total, free, available, buffers, cached, shmem, anon, mlocked, dirty;
};

struct snap_swap {         /* bytes */
	uint64_t total, free, cached;
};

struct snap_vm {           /* counters since boot, from /proc/vmstat */
	uint64_t oom_kills, pgmajfault, pswpin, pswpout;
};

struct snap_psi {          /* /proc/pressure/memory; avg in percent, total in s */
	bool present;
	double some_avg10, some_avg60, full_avg10, full_avg60;
	double some_total_s, full_total_s;
};

enum cg_version { CG_NONE = 0, CG_V1 = 1, CG_V2 = 2 };

/* Room for any memory cgroup path: the kernel builds /proc/PID/cgroup's
 * paths in a PATH_MAX buffer, so 4095 bytes is the longest it shows. A path
 * that still does not fit is unknown, never cut (a cut can name a parent). */
#define SNAP_PATH_MAX 4096

struct snap_cgroup {       /* one memory cgroup in view */
	/* as in /proc/PID/cgroup, e.g. /user.slice; under SNAP_PATH_MAX bytes.
	 * The snapshot's own (snapshot_add_cgroup), its buffer kept with the
	 * slot from sample to sample: a 4 KiB array in each was most of a
	 * snapshot's memory on a node of a few hundred containers */
	char *path;
	size_t path_cap;
	enum cg_version version;
	uint64_t limit;             /* own limit; SNAP_NA when none or unknown */
	int limited;                /* 1 own limit set, 0 no limit, -1 unknown */
	uint64_t effective_limit;   /* smallest limit on it or an ancestor; SNAP_NA none */
	uint64_t usage, swap_limit, anon, file, shmem, oom_kills;
	/* reclaim evidence, counters since the cgroup was made (SNAP_NA
	 * unknown): pages read back in after reclaim (workingset refaults,
	 * anon + file), page faults, major faults, and how often usage hit the limit (v1
	 * memory.failcnt, v2 memory.events "max") */
	uint64_t refaults, faults, majfaults, limit_hits;
	uint64_t refaults_anon;     /* the anonymous part (swapped memory back) */
	/* kernel memory charged to it that reclaim cannot give back. v2: page
	 * tables, kernel stacks, unreclaimable slab, per-cpu, vmalloc, socket
	 * buffers. v1, whose memory.stat does not part reclaimable slab
	 * (dentries, inodes: tens of MiB after a walk of a tree) from the rest:
	 * a lower bound, the page tables its anonymous memory needs. SNAP_NA
	 * unknown */
	uint64_t kernel;
	double mono;                /* when these were read (monotonic s); 0 unknown */
};

/* One GPU's memory. */
struct snap_gpu {
	int index;
	char name[96];              /* "NVIDIA H100 80GB HBM3", "card1 0000:03:00.0" */
	char vendor[16];            /* "amd", "intel", "nvidia" */
	uint64_t total, used, free; /* dedicated memory (VRAM), bytes; SNAP_NA unknown */
	uint64_t reserved;          /* held by the driver (NVML v2), part of used */
	uint64_t gtt_total, gtt_used;   /* GPU-mapped system memory (AMD/Intel) */
	bool unified;               /* no dedicated memory: it shares system RAM */
	bool lost;                  /* the card stopped answering */
	int mig;                    /* -1 a whole card, else its MIG instance slot */
	bool mig_parent;            /* a card split into MIG instances (listed after it) */
	bool procs_known;           /* per-process use on this card could be read */
	uint64_t procs_used;        /* the sum of its processes' known use */
};

/* One process's memory on one card. */
struct snap_gpu_proc {
	pid_t pid;
	int gpu;                    /* index into snapshot gpus */
	uint64_t used;              /* bytes; SNAP_NA: the driver will not say */
};
#define SNAP_GPU_PROCS_MAX 256
#define SNAP_GPUS_MAX 16


/* The flags of a llama.cpp-style command line that change a load's
 * footprint (llama-server, llama-cli, ollama's runners, and the scripts of
 * node and python bindings that follow its names). */
/* -ngl all: more layers than any model has (llama.cpp's -2: all of them,
 * which its --fit takes none of back) */
#define SNAP_NGL_ALL ((1 << 20) - 1)
struct snap_load_args {
	bool no_mmap;           /* --no-mmap: weights read into anonymous memory */
	int kv_type;            /* -ctk/--cache-type-k: 0 f16 (default), 1 q8_0, 2 q4_0,
	                           3 f32, 4 bf16, 5 q4_1, 6 q5_0, 7 q5_1, 8 iq4_nl
	                           (footprint.h's enum kv_type), -1 other */
	int kv_type_v;          /* -ctv/--cache-type-v, the same values: V's type is its
	                           own, f16 by default (recorded from 1.5; before, a
	                           replay takes K's) */
	int flash_attn;         /* -fa/--flash-attn: 1 on, 0 off, -1 auto or not said */
	int64_t gpu_layers;     /* -ngl/--n-gpu-layers/--gpu-layers; -1 not said or
	                           auto; SNAP_NGL_ALL "all" */
	bool no_kv_offload;     /* -nkvo/--no-kv-offload: the KV cache stays in RAM
	                           (recorded from 1.4; before, a replay takes it as offloaded) */
	uint64_t ubatch;        /* -ub/--ubatch-size as -b/--batch-size caps it; 0 not
	                           said (recorded from 1.4; before, a replay takes 512) */
	int64_t cache_ram_mib;  /* -cram/--cache-ram (llama-server's host prompt cache):
	                           MiB, 0 off, -1 no limit; SNAP_CRAM_UNSAID not said
	                           (recorded from 1.4) */
	/* the split over GPUs (recorded from 1.5; before, a replay takes
	 * llama.cpp's defaults) */
	int8_t split_mode;      /* -sm/--split-mode: 0 layer (default), 1 none, 2 row, 3 tensor */
	int32_t main_gpu;       /* -mg/--main-gpu; 0 by default */
	uint8_t nts;            /* -ts/--tensor-split: shares given, 0 none */
	float ts[TSPLIT_MAX];
	bool split_bad;         /* one of those is not read as llama.cpp would:
	                           no split is computed */
	bool no_repack;         /* -nr/--no-repack: the CPU backend copies no
	                           weights (recorded from 1.7) */
	bool no_host;           /* --no-host: a GPU build's pinned host buffer not
	                           used, so the CPU's copies are (recorded from 1.7) */
	int32_t parallel;       /* -np/--parallel: llama-server's slots, llama-cli's
	                           sequences; 0 not said or auto (-1) (recorded from 1.9) */
	int8_t kv_unified;      /* -kvu 1, -no-kvu 0 (the last given), -1 not said
	                           (recorded from 1.9) */
	bool fit_off;           /* -fit off: llama.cpp fits no unset parameter to the
	                           memory (recorded from 1.9) */
	int8_t gpu_backend;     /* not a command-line flag: whether its maps show a
	                           GPU backend's library (kparse_gpu_lib): 1 yes,
	                           0 no, -1 not read (a small process; recordings
	                           before 1.7) */
	/* not a flag either: what a process with a model held (anonymous,
	 * shared and swapped bytes) read again after the totals it is part of
	 * (RAM, its cgroup), 0 where it was gone by then; SNAP_NA not read (no
	 * model, its status not ours to read, recordings before 1.11). With the
	 * scan's figure, read before them, the less of the two is what the
	 * totals surely count of it (loads.c) */
	uint64_t held_late;
};

/* A model file a process loads, and what its header says. */
struct snap_model {
	size_t path;                /* string offset */
	uint64_t file_size;
	bool info_known;            /* the header could be read */
	struct gguf_info info;
};

/* The runtime a process runs. The source sets what the kernel shows (the
 * libraries it maps, its process title: live.c); advice.c adds what its
 * name and command line say. Recorded as a number: add at the end only. */
enum runtime { RT_UNKNOWN, RT_OLLAMA, RT_LLAMACPP, RT_VLLM, RT_SGLANG, RT_PYTORCH };

#define SNAP_COMM_MAX 16        /* the kernel's comm: 15 bytes and a NUL */
#define SNAP_USER_MAX 33        /* user names: 32 bytes (useradd's limit) */

struct snap_proc {
	pid_t pid, ppid;            /* ppid -1: unknown */
	pid_t pgid;                 /* process group; 0 unknown */
	uint64_t start;             /* start time (clock ticks after boot); SNAP_NA unknown.
	                               The same pid with another start is another process */
	uid_t uid;                  /* SNAP_NA_UID when unknown */
	bool kthread;               /* a kernel thread (no memory of its own) */
	char comm[SNAP_COMM_MAX];   /* "" = unknown */
	/* bytes, from /proc/PID/status (RssAnon/RssFile/RssShmem, VmSwap) */
	uint64_t rss, anon, file, shmem, swap;
	double growth;              /* bytes/s of rss+swap; NAN until two samples */
	uint64_t gpu;               /* bytes on all GPUs; SNAP_NA unknown (no per-process source) */
	/* details, read only for processes that are shown (see source.h) */
	bool detailed;
	int32_t oom_score, oom_score_adj;
	size_t cmdline;             /* offset into snapshot strings; 0 = unknown */
	size_t user;                /* the same, for the user name */
	int cgroup;                 /* index into snapshot cgroups; -1 = unknown */
	size_t model;               /* the model file its command line names (string) */
	uint64_t model_size;        /* that file's size; SNAP_NA unknown or none */
	uint64_t model_kv_per_token;/* its KV cache per token at f16 (GGUF header) */
	uint64_t ctx;               /* the context length its command line asks for */
	int model_idx;              /* index into snapshot models; -1 none */
	/* its command line's load flags: an index into the snapshot's
	 * load_args (snap_proc_load reads them), -1 where it has none. Only
	 * the few detailed processes have any, so they are kept out of the
	 * process: 128 bytes each, 125 KiB a sample at 1,000 processes */
	int32_t load;
	enum runtime runtime;       /* what its mapped libraries or process title
	                               show; RT_UNKNOWN: nothing seen */
};

struct snapshot {
	double t;                   /* wall clock, seconds since the epoch */
	/* monotonic seconds, for rates: when meminfo was read. Each part is
	 * stamped when it was read, not when the sample began: on a busy
	 * machine a scan of 2,000 processes takes half a second */
	double mono;
	double procs_mono;          /* when the process scan ended */
	/* the same moment on the clock processes' start times count on
	 * (CLOCK_BOOTTIME, seconds): a process's age is procs_boot less its
	 * start (snap_proc_age); NAN unknown (recordings before 1.4) */
	double procs_boot;
	uint32_t page_size;         /* bytes; 0 unknown (4096 assumed) */
	/* the CPU's kind (cpuinfo.h): which weights llama.cpp's CPU backend
	 * copies (recorded from 1.7; before, a replay takes CPU_PLAIN) */
	enum cpu_kind cpu;
	double gpus_mono;           /* when the GPUs were read */
	struct snap_mem mem;
	struct snap_swap swap;
	struct snap_vm vm;
	struct snap_psi psi;
	int self_cgroup;            /* index of oomcast's own memory cgroup, or -1 */
	/* OOM kills the kernel reported (/dev/kmsg) since the last sample, each
	 * assembled from its whole report; kernel_log: such reports can be read
	 * at all (root or dmesg_restrict=0), so a kill without one is late or
	 * was logged before oomcast started */
	struct oom_kill *kills;
	size_t nkills, kills_cap;
	bool kernel_log;
	/* when /dev/kmsg was last read in this sample (monotonic s), after
	 * every stamped read: a report read then was written by then. NAN
	 * unknown (not read; recordings before 1.10) */
	double kmsg_mono;
	bool procs_partial;         /* hidepid: only our own processes are in view */
	/* oomcast's own protection (selfguard.c), for help and JSON */
	struct {
		bool known, locked, lowered;
		int32_t adj;            /* SNAP_NA_INT unknown */
	} self;
	struct snap_gpu gpus[SNAP_GPUS_MAX];
	size_t ngpus;
	struct snap_gpu_proc gpu_procs[SNAP_GPU_PROCS_MAX];
	size_t ngpu_procs;
	char gpu_note[160];         /* why GPU data is missing; "" when nothing is */
	size_t gpu_dropped;         /* GPU users or cards past the tables below */
	/* new lines of a watched log (--watch-log), string offsets */
	size_t *log_lines;
	size_t nlog_lines, log_lines_cap;
	size_t log_file;            /* its path, a string offset; 0 none */
	/* where the memory cgroups' hierarchy is mounted and which of its
	 * paths is mounted there (string offsets; 0 unknown: a recording), for
	 * the commands the advice gives (snap_cgroup_dir) */
	size_t memcg_mnt, memcg_mnt_root;

	struct snap_proc *procs;
	size_t nprocs, procs_cap;
	struct snap_cgroup *cgroups;
	size_t ncgroups, cgroups_cap;
	struct snap_model *models;  /* the model files of the detailed processes */
	size_t nmodels, models_cap;
	struct snap_load_args *load_args;   /* the detailed processes' load flags */
	size_t nload_args, load_args_cap;

	/* string arena: offset 0 is the empty "unknown" string */
	char *strings;
	size_t strings_len, strings_cap;
};

void snapshot_init(struct snapshot *s);
void snapshot_reset(struct snapshot *s);   /* empty it, keep the allocations */
void snapshot_free(struct snapshot *s);

struct snap_proc *snapshot_add_proc(struct snapshot *s);
/* Room for n processes in all, made at once (the table grows to the next
 * power of two that holds them, not a doubling at a time with each
 * step's old table left in the heap). */
void snapshot_reserve_procs(struct snapshot *s, size_t n);
struct oom_kill *snapshot_add_kill(struct snapshot *s);
/* A new model entry (zeroed, path 0); its index is s->nmodels - 1. */
struct snap_model *snapshot_add_model(struct snapshot *s);
/* Load flags as a command line that says none leaves them: llama.cpp's
 * defaults. */
void snap_load_args_init(struct snap_load_args *a);
/* p's load flags: those set for it, or none said (snap_load_args_init). */
const struct snap_load_args *snap_proc_load(const struct snapshot *s, const struct snap_proc *p);
/* p's load flags, to set: made (none said) the first time. */
struct snap_load_args *snapshot_proc_load(struct snapshot *s, struct snap_proc *p);
struct snap_proc *snapshot_find_proc(struct snapshot *s, pid_t pid);
/* The comm of pid in s, "?" when it is not there or unknown. */
const char *snapshot_comm(const struct snapshot *s, pid_t pid);
/* The name of a process group by its id: its leader's, or, where the leader
 * is gone (a shell that started eight workers and exited), its largest
 * member's; "?" when none is in the snapshot. */
const char *snapshot_group_comm(const struct snapshot *s, pid_t pgid);
size_t snapshot_add_string(struct snapshot *s, const char *str, size_t len);

/* Seconds since p started, at the scan; NAN unknown (no start time, or a
 * recording without the scan's boot-clock time). */
double snap_proc_age(const struct snapshot *s, const struct snap_proc *p);

/* What grows as a leak grows: anonymous memory, and what of it went to
 * swap (the file pages of its program do not); NAN where anon is unknown. */
double snap_proc_leak_size(const struct snap_proc *p);
static inline const char *snapshot_string(const struct snapshot *s, size_t off)
{
	return off ? s->strings + off : NULL;
}
/* The index of the cgroup entry with this path and version, added if new. */
int snapshot_cgroup_index(struct snapshot *s, const char *path, enum cg_version v, bool *added);
/* A new cgroup entry at the end, its figures unknown, its path len bytes
 * of path (the snapshot's copy). */
struct snap_cgroup *snapshot_add_cgroup(struct snapshot *s, const char *path, size_t len,
                                        enum cg_version v);
/* c's path: len bytes of path (in its own buffer, grown as needed). */
void snapshot_cgroup_set_path(struct snap_cgroup *c, const char *path, size_t len);
/* dst's figures those of src (another snapshot's entry); its path its own. */
void snapshot_cgroup_copy(struct snap_cgroup *dst, const struct snap_cgroup *src);

/* The indexes of the k processes with the largest rss, largest first (ties
 * by pid; unknown last), into idx (room for k, or nprocs when k is 0 or
 * larger). k = 0 means all. Returns how many were written. */
/* The directory of cgroup c under the mount, for a command the advice
 * gives: false when the mount is unknown, the path lies outside it, or
 * holds a character a command pasted into a shell could not carry as it
 * is (a space, a quote, $, a control character: cgroup names are anyone's
 * to choose). */
bool snap_cgroup_dir(const struct snapshot *s, const struct snap_cgroup *c, char *out, size_t outsz);
/* Is cgroup path inside (or equal to) cgroup dir? "/" holds them all. */
bool snap_cgroup_within(const char *path, const char *dir);
/* Cgroup path under the hierarchy path mounted (mnt_root): the rest of it
 * ("" for the mount itself), NULL when it lies outside (another cgroup
 * namespace) or climbs ("/.."). The live source's directories and the
 * advice's commands both take it. */
const char *snap_cgroup_rel(const char *mnt_root, const char *path);

size_t snapshot_top_by_rss(const struct snapshot *s, size_t k, size_t *idx);

#endif
