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

/* The resources bounding a load in cgroup (a snapshot cgroup index, -1 for
 * none), tightest first; returns how many (at most max). */
size_t room_of(const struct snapshot *s, int cgroup, struct room_item *out, size_t max);

#endif
