/* pidmap.h - per-process state kept from tick to tick, keyed by pid; the
 * entries of processes that are gone are dropped as ticks go by. Entries
 * are of any size that begins with struct pidmap_hdr. */
#ifndef OOMCAST_PIDMAP_H
#define OOMCAST_PIDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct pidmap_hdr {
	pid_t pid;
	unsigned gen;       /* the tick it was last looked up in */
};

/* A hash slot: a pid and where its entry is (pid 0: empty) */
struct pidmap_slot {
	pid_t pid;
	uint32_t at;
};

struct pidmap {
	unsigned char *ents;        /* the entries, packed, in the order they came */
	size_t cap, used, size;     /* room for cap entries, used of it; size: bytes an entry */
	struct pidmap_slot *slots;  /* nslots: never 2/3 full, as used <= cap */
	size_t nslots;
	unsigned gen;
};

#define PIDMAP_MIN_CAP 64
void pidmap_init(struct pidmap *m, size_t entry_size);
void pidmap_free(struct pidmap *m);

/* Start a tick in which about expect processes will be looked up (the
 * table is sized for them at once; more only cost a regrowth). */
void pidmap_begin(struct pidmap *m, size_t expect);
/* The entry of pid (> 0) for this tick. *fresh is true, and the entry zeroed, when
 * pid is new or was missing in the previous tick (a pid that comes back is
 * taken for a new process). Valid until the next call. */
void *pidmap_get(struct pidmap *m, pid_t pid, bool *fresh);
/* The entry of pid if it was looked up in the current tick, else NULL (a
 * process not seen then). Changes nothing. */
const void *pidmap_find(const struct pidmap *m, pid_t pid);
/* End a tick in which n processes were seen: forget the vanished ones when
 * they make up much of the table, and shrink a table far too big for n. */
void pidmap_end(struct pidmap *m, size_t n);

#endif
