/* loads.h - the model loads in view, each a first-class object: which model,
 * how it is held, its footprint (footprint.h), how much of it is in memory
 * now, the room it has (room.h) and the verdict: will it fit. The forecast
 * uses the verdict to know the end of a load instead of extrapolating its
 * burst (forecast_apply_loads). Pure: read from a snapshot. */
#ifndef OOMCAST_LOADS_H
#define OOMCAST_LOADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/footprint.h"
#include "snapshot.h"

enum load_verdict { LV_UNKNOWN, LV_FITS, LV_TIGHT, LV_WONT_FIT };

/* The context assumed where the command line does not say, for runtimes
 * other than llama.cpp's own programs (those take the trained context:
 * loads.c ctx_unsaid); the runtime's own memory is footprint.h's. */
#define LOAD_CTX_DEFAULT 4096
/* Within this share of the room a load is "tight". */
#define LOAD_TIGHT_SHARE 0.10
/* The room a verdict uses is the largest seen over this many seconds. A
 * cgroup's anonymous memory runs ahead of its processes' RSS for a few
 * tenths of a second (measured: node-llama-cpp's --no-mmap load in a v1
 * cgroup, 20 MiB charged to the cgroup and in no process's RSS for 0.3 s,
 * then freed), which made the demo's fitting load wont_fit and CRITICAL
 * for two samples. A room that really shrinks is seen this much later. */
#define LOAD_ROOM_WINDOW_S 1.5
#define LOAD_ROOM_KEEP 16

struct load {
	pid_t pid;
	pid_t pgid;                 /* its process group (a group can drive a forecast) */
	int proc;                   /* index into the snapshot's processes */
	int model;                  /* index into the snapshot's models */
	enum runtime runtime;       /* advice_proc_runtime: llama.cpp, ollama ... */
	struct fp_opts opts;        /* as its command line says (or assumed) */
	bool ctx_assumed;           /* no -c: ctx_unsaid's */
	int64_t gpu_layers;         /* -ngl; -1 not said; with gpu_auto, the layers
	                               llama.cpp's auto would offload */
	bool gpu_auto;              /* -ngl not said, a llama.cpp program (not
	                               node, bindings, ollama) with a GPU in view:
	                               its default offloads all it can
	                               (footprint_fit_gpu) */
	bool fit_gpu;               /* a llama.cpp program on a GPU: its --fit
	                               decides (loads.c fit_gpu_load) */
	bool auto_split;            /* gpu_auto over several GPUs: the layers
	                               each holds are auto_share's, not by free
	                               memory */
	double auto_share[FP_DEVS_MAX];
	/* gpu_layers > 0: the footprint split between RAM and GPUs
	 * (footprint_split; split_known false when the tensor table or the
	 * GPUs' free memory is not known), each part judged against its own
	 * room; the load's verdict is the worst, its scope the resource */
	bool split_known;
	struct fp_split split;
	uint64_t ram_room;          /* the RAM part's room (ram, or a cgroup) */
	enum load_verdict ram_verdict;
	size_t ngpus;               /* GPUs judged, 0 when none could be */
	int gpu_idx[FP_DEVS_MAX];   /* snapshot gpus[] index of split.dev[k] */
	uint64_t gpu_room[FP_DEVS_MAX];
	enum load_verdict gpu_verdict[FP_DEVS_MAX];
	bool fp_known;
	struct footprint fp;
	uint64_t loaded;            /* in memory now: its anonymous memory, and
	                               with mmap its file pages */
	char scope[SNAP_PATH_MAX + 8];   /* the tightest resource: "ram", "cgroup:/x" */
	uint64_t room;              /* what the load can have there: what is left
	                               and what it holds already */
	enum load_verdict verdict;  /* LV_UNKNOWN: no footprint; layers on a GPU
	                               whose split or room is unknown and RAM
	                               not short */
	uint64_t missing;           /* wont_fit: raise the room by this much */
	uint64_t max_ctx, max_ctx_q8;   /* the largest contexts that fit the room */
	/* wont_fit: the largest of llama-quantize's mixes of the same model
	 * that fits at this context (-1 none, or the sizes are not known) and
	 * its total (footprint.h) */
	int fit_quant;
	uint64_t fit_quant_total;
	/* llama-server keeps the KV state of past prompts in RAM (its host
	 * prompt cache, -cram/--cache-ram MiB, 8192 by default): after the
	 * load it grows by a state per distinct prompt (32 MiB for a 4000-token
	 * prompt of a model whose KV cache is 8 KiB a token, measured) up to
	 * this many bytes; 0 none, UINT64_MAX no limit. A load that fits but
	 * whose room after the load is smaller is "tight" (cache_short), and
	 * cram_fits is the -cram (MiB) that keeps it inside the room. */
	uint64_t prompt_cache;
	bool cache_short;
	uint64_t cram_fits;
};

/* The rooms a load had in its last samples (LOAD_ROOM_WINDOW_S). */
struct load_rooms {
	pid_t pid;
	uint64_t start;             /* the process's start time: pid reuse */
	char scope[SNAP_PATH_MAX + 8];
	double t[LOAD_ROOM_KEEP];   /* monotonic s; 0 empty */
	uint64_t room[LOAD_ROOM_KEEP];
	unsigned next;
	bool seen;                  /* in this sample */
};

struct loads {
	struct load *v;
	size_t n, cap;
	struct load_rooms *rooms;
	size_t nrooms, rooms_cap;
};

/* The program that runs a load, as far as its memory goes: llama.cpp inside
 * another runtime (node-llama-cpp, python bindings, ollama's runner), a
 * llama.cpp program of its own (llama-cli), or llama-server, which also
 * keeps a host prompt cache. */
enum load_program { LP_EMBEDDED, LP_NATIVE, LP_SERVER };

/* What prog takes where its command line does not say, as live loads and
 * `oomcast fit --runtime` judge it: sets o->overhead (footprint.h) and
 * o->flash_attn from fa (-fa: 1 on, 0 off, -1 not said) and gpu_layers
 * (-ngl; <= 0 none); returns llama-server's prompt cache at most from
 * cram_mib (-cram; SNAP_CRAM_UNSAID not said): bytes, 0 none or off,
 * UINT64_MAX no limit. */
uint64_t load_program_opts(enum load_program prog, int fa, int64_t gpu_layers, int64_t cram_mib,
                           struct fp_opts *o);
/* The prompt cache at most, once the load's footprint is known: with no
 * size limit (UINT64_MAX, a negative -cram) llama-server still keeps no
 * more states than its context's tokens, twice the KV cache at the peak. */
uint64_t load_cache_bound(uint64_t cache, const struct footprint *fp);
/* After a load of total bytes in room, can a prompt cache of at most cache
 * bytes outgrow what is left? Then true, and *cram_mib is the -cram (MiB)
 * that keeps it inside. Not for loads with layers on a GPU. */
bool load_cache_short(uint64_t total, uint64_t room, uint64_t cache, uint64_t *cram_mib);

/* A loaded llama-server whose prompt cache can outgrow its room
 * (cache_short): what it eats now is that cache, not its load. */
bool load_cache_grows(const struct load *ld);

void loads_init(struct loads *l);
void loads_free(struct loads *l);
/* Every detailed process with a model file, this sample. */
void loads_update(struct loads *l, const struct snapshot *s);
const char *load_verdict_name(enum load_verdict v);
/* The verdict for a footprint of total bytes in a room: wont_fit above it,
 * tight within LOAD_TIGHT_SHARE of it, else fits (oomcast fit's too). */
enum load_verdict load_verdict_of(uint64_t total, uint64_t room);
/* The load of pid, NULL when none. */
const struct load *loads_find(const struct loads *l, pid_t pid);

#endif
