/* pidmap.c - pid-keyed table with generation sweeping; see pidmap.h.
 * The entries lie packed in one array, in the order their processes came;
 * a hash of 8-byte slots (pid, where) finds them, by linear probing without
 * tombstones: an entry is only ever removed by rebuilding the table, which
 * is when its room fills or the vanished are to be shed. The slots are
 * where a table must have empty room (a third of them here); the entries,
 * 30-140 bytes, need none: 1,077 processes' state takes 1,077 entries, not
 * the 1,616 a table of entries 2/3 full touched (each of the four tables is
 * 100-200 KiB a thousand processes: a monitor's own cost). Room not yet
 * used is allocated but not written: where malloc maps it fresh, as it
 * does tables this large at first, it is not resident until used. */
#include "util/pidmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define ENT(m, i) ((struct pidmap_hdr *)((m)->ents + (size_t)(i) * (m)->size))

/* Room for n entries and the ones a tick's churn brings beside them */
static size_t cap_for(size_t n)
{
	return n + n / 4 + 16;
}

/* Slots for cap entries: never over 2/3 full */
static size_t slots_for(size_t cap)
{
	return cap + cap / 2 + 1;
}

/* The pid's home slot: a multiplicative hash's 32 bits scaled to [0, n) */
static size_t hash(pid_t pid, size_t n)
{
	uint32_t h = (uint32_t)pid * 2654435761u;
	return (size_t)(((uint64_t)h * n) >> 32);
}

static size_t next(size_t i, size_t n)
{
	return i + 1 == n ? 0 : i + 1;
}

/* The slot of pid, or the empty one where it would go */
static struct pidmap_slot *probe(const struct pidmap *m, pid_t pid)
{
	size_t i = hash(pid, m->nslots);
	while (m->slots[i].pid && m->slots[i].pid != pid)
		i = next(i, m->nslots);
	return &m->slots[i];
}

/* A new table of room cap (never under PIDMAP_MIN_CAP) */
static void alloc_table(struct pidmap *m, size_t cap)
{
	if (cap < PIDMAP_MIN_CAP)
		cap = PIDMAP_MIN_CAP;
	if (cap > UINT32_MAX)   /* where an entry is: 32 bits; pids are fewer */
		cap = UINT32_MAX;
	m->cap = cap;
	m->used = 0;
	m->ents = xmallocarray(cap, m->size);
	m->nslots = slots_for(cap);
	m->slots = xcalloc(m->nslots, sizeof *m->slots);
}

void pidmap_init(struct pidmap *m, size_t entry_size)
{
	memset(m, 0, sizeof *m);
	m->size = entry_size;
	alloc_table(m, PIDMAP_MIN_CAP);
}

void pidmap_free(struct pidmap *m)
{
	free(m->ents);
	free(m->slots);
	memset(m, 0, sizeof *m);
}

/* Rebuild keeping the entries of generation keep_from or later, with room
 * for cap (0: the same, doubled unless those kept leave a fifth of it
 * free; more where those kept need it). */
static void rebuild(struct pidmap *m, size_t cap, unsigned keep_from)
{
	size_t kept = 0;
	for (size_t i = 0; i < m->used; i++)
		kept += ENT(m, i)->gen >= keep_from;
	if (cap == 0)
		cap = kept + kept / 4 < m->cap ? m->cap : 2 * m->cap;
	if (cap < cap_for(kept))
		cap = cap_for(kept);
	struct pidmap old = *m;
	alloc_table(m, cap);
	for (size_t i = 0; i < old.used; i++) {
		const struct pidmap_hdr *h = ENT(&old, i);
		if (h->gen < keep_from)
			continue;
		*probe(m, h->pid) = (struct pidmap_slot){ h->pid, (uint32_t)m->used };
		memcpy(ENT(m, m->used++), h, m->size);
	}
	free(old.ents);
	free(old.slots);
}

void pidmap_begin(struct pidmap *m, size_t expect)
{
	m->gen++;
	/* room for the tick's processes at once: growing insert by insert
	 * held the old table beside each new one, and the heap kept the
	 * holes */
	if (expect + 1 > m->cap)
		rebuild(m, cap_for(expect + 1), m->gen - 1);
}

void *pidmap_get(struct pidmap *m, pid_t pid, bool *fresh)
{
	struct pidmap_slot *s = probe(m, pid);
	struct pidmap_hdr *h;
	if (s->pid) {
		h = ENT(m, s->at);
		*fresh = h->gen + 1 != m->gen;
	} else {
		/* more than expected: shed the vanished first, and double only
		 * where that is not room enough (always doubling, a churn of
		 * short-lived processes grew it mid-tick and shrank it at the
		 * tick's end, tick after tick) */
		if (m->used == m->cap) {
			rebuild(m, 0, m->gen - 1);
			s = probe(m, pid);
		}
		*s = (struct pidmap_slot){ pid, (uint32_t)m->used };
		h = ENT(m, m->used++);
		*fresh = true;
	}
	if (*fresh) {
		memset(h, 0, m->size);
		h->pid = pid;
	}
	h->gen = m->gen;
	return h;
}

const void *pidmap_find(const struct pidmap *m, pid_t pid)
{
	const struct pidmap_slot *s = probe(m, pid);
	if (!s->pid)
		return NULL;
	const struct pidmap_hdr *h = ENT(m, s->at);
	return h->gen == m->gen ? h : NULL;
}

void pidmap_end(struct pidmap *m, size_t n)
{
	/* far too big for what is left: shrink; else shed the vanished when
	 * they are more than the living, keeping the room (shrunk to the
	 * living, a steady churn would grow it back next tick) */
	if (m->cap > 2 * cap_for(n) + PIDMAP_MIN_CAP)
		rebuild(m, cap_for(n + 1), m->gen);
	else if (m->used > 2 * n + 64)
		rebuild(m, m->cap, m->gen);
}
