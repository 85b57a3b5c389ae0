/* detcache.h - the slow-changing details of listed processes (command line,
 * cgroup), kept for a few seconds so a monitor at a 0.1 s
 * interval does not reread three files per row per tick. */
#ifndef OOMCAST_DETCACHE_H
#define OOMCAST_DETCACHE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "snapshot.h"

struct detail {
	pid_t pid;
	unsigned gen;        /* last tick it was asked for */
	double fetched;      /* monotonic time of the last read; < 0 never */
	char comm[16];       /* a changed comm means a new program: reread */
	uint64_t start;      /* a changed start time means a new process: reread */
	char *cmdline;       /* NULL: unknown */
	char *cgroup;        /* NULL: unknown */
	char *model;         /* the model file its command line names; NULL none */
	uint64_t model_size; /* its size in bytes; SNAP_NA unknown */
	uint64_t model_kv_per_token;   /* f16 KV cache bytes a token (GGUF); SNAP_NA */
	uint64_t ctx;        /* the context its command line asks for; SNAP_NA */
	struct snap_load_args load;   /* its command line's load flags */
	enum runtime runtime; /* what its maps and process title show */
	int8_t gpu_backend;   /* its maps show a GPU backend's library: 1, none
	                         0, not read -1 (snap_load_args.gpu_backend) */
	bool info_known;     /* the model's header was read: */
	struct gguf_info *info;   /* it, where it was (3 KiB: not one in every
	                             row's cache entry); NULL else */
};

struct detcache;

struct detcache *detcache_new(void);
void detcache_free(struct detcache *dc);

/* Start a tick: entries not asked for in the previous tick are dropped. */
void detcache_tick(struct detcache *dc);

/* The entry for pid, created if new. *stale is true when its fields must be
 * (re)read: new, older than ttl seconds at now, or comm or start time (the
 * snapshot's; another start is another process) changed. The caller then
 * calls detail_set_*; a stale entry of the same process (same known start)
 * keeps its cgroup until detail_set_cgroup replaces it. The pointer is
 * valid until the next lookup. */
struct detail *detcache_get(struct detcache *dc, pid_t pid, uint64_t start, const char *comm,
                            double now, double ttl, bool *stale);

void detail_set_cmdline(struct detail *d, const char *s, size_t n);
void detail_set_cgroup(struct detail *d, const char *s);
void detail_set_model(struct detail *d, const char *path, uint64_t size);

#endif
