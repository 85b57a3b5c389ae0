/* pidmap.h - per-process state kept from tick to tick: an open-addressed
 * table keyed by pid, whose entries for processes that are gone are dropped
 * as ticks go by. Entries are of any size that begins with struct pidmap_hdr. */
#ifndef OOMCAST_PIDMAP_H
#define OOMCAST_PIDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct pidmap_hdr {
	pid_t pid;          /* 0: empty slot */
	unsigned gen;       /* the tick it was last looked up in */
};

struct pidmap {
	unsigned char *slots;
	size_t cap, used, size;   /* cap: slots (never 3/4 full); size: bytes an entry */
	unsigned gen;
};

#define PIDMAP_MIN_CAP 64
void pidmap_init(struct pidmap *m, size_t entry_size);
void pidmap_free(struct pidmap *m);

/* Start a tick in which about expect processes will be looked up (the
 * table is sized for them at once; more only cost a regrowth). */
void pidmap_begin(struct pidmap *m, size_t expect);
/* The entry of pid for this tick. *fresh is true, and the entry zeroed, when
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
