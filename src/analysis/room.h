/* room.h - the room a load has: each resource that bounds it (RAM, RAM and
 * swap, the memory cgroup it runs in and every limit above it), with what is
 * left of each, counting what can be given back as free: page cache,
 * reclaimed first, is room; anonymous and shared memory is not. Pure: read
 * from a snapshot. */
#ifndef OOMCAST_ROOM_H
#define OOMCAST_ROOM_H

#include <stddef.h>
#include <stdint.h>

#include "snapshot.h"

struct room_item {
	char name[SNAP_PATH_MAX + 8];   /* "ram", "ram+swap", "cgroup:/path" */
	uint64_t left;                  /* bytes a load can still take */
	uint64_t capacity;              /* the resource's size (a limit, RAM) */
	uint64_t used;                  /* what cannot be given back */
};

/* What a memory cgroup cannot give back before it OOMs: its anonymous and
 * shared memory, and the kernel memory that reclaim cannot free
 * (snap_cgroup's kernel: page tables, stacks, unreclaimable slab, socket
 * buffers; on v1 the page tables alone). Page cache is reclaimed first, and
 * so is the slab a burst of file I/O brings, which v1 does not tell apart
 * from the rest of its kernel memory (v1's usage figure is fuzzy by design
 * too), so a big copy does not look like a load. Without memory.stat:
 * usage less the cache. SNAP_NA unknown. The room and the forecast both
 * count it so. */
uint64_t room_cgroup_used(const struct snap_cgroup *c);

/* The resources bounding a load in cgroup (a snapshot cgroup index, -1 for
 * none), tightest first; returns how many (at most max). */
size_t room_of(const struct snapshot *s, int cgroup, struct room_item *out, size_t max);

/* The GPUs a load of pid would use, and the room on each: what is free
 * plus what pid holds there already (its own, like the RAM room's). Which
 * GPUs: those pid already holds memory on (the driver's per-process
 * figures), else every card seen, as llama.cpp's default spreads the
 * offloaded layers over every device it sees by its free memory (with
 * CUDA_VISIBLE_DEVICES, -dev/-mg/-ts, or a build for one vendor it sees
 * fewer; those are not read). A card whose free memory is unknown, lost,
 * or split into MIG instances (the instances are listed) or one with no memory of its own (unified:
its share is RAM, which the RAM part does not count) is left out:
 * no room rather than a guess. idx[] gets snapshot gpus[] indices, in
 * their order; returns how many (at most max). */
size_t room_gpus(const struct snapshot *s, pid_t pid, int *idx, uint64_t *left, size_t max);
/* "gpu:N", or "gpu:N/migM" for a MIG instance: as the forecast names it. */
void room_gpu_name(const struct snap_gpu *g, char *out, size_t n);

#endif
