/* pidmap.c - pid-keyed table with generation sweeping; see pidmap.h.
 * Linear probing without tombstones: entries are only ever removed by
 * rebuilding the table, which is when it fills or sheds the vanished. Its
 * size is any number, not a power of two, and is set at the start of a
 * tick from the processes it is told to expect: 2/3 full, 1,077
 * processes' state in 1,616 slots, not 2,048, allocated once, not grown
 * from 64 by doublings (each of the four tables is 100-300 KiB a thousand
 * processes: a monitor's own cost). */
#include "util/pidmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define HDR(m, i) ((struct pidmap_hdr *)((m)->slots + (i) * (m)->size))

void pidmap_init(struct pidmap *m, size_t entry_size)
{
	memset(m, 0, sizeof *m);
	m->size = entry_size;
	m->cap = PIDMAP_MIN_CAP;
	m->slots = xcalloc(m->cap, m->size);
}

void pidmap_free(struct pidmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof *m);
}

/* The pid's home slot: a multiplicative hash's 32 bits scaled to [0, cap) */
static size_t hash(pid_t pid, size_t cap)
{
	uint32_t h = (uint32_t)pid * 2654435761u;
	return (size_t)(((uint64_t)h * cap) >> 32);
}

static size_t next(size_t i, size_t cap)
{
	return i + 1 == cap ? 0 : i + 1;
}

static struct pidmap_hdr *probe(struct pidmap *m, pid_t pid, bool *created)
{
	size_t i = hash(pid, m->cap);
	for (;;) {
		struct pidmap_hdr *h = HDR(m, i);
		if (h->pid == pid) {
			*created = false;
			return h;
		}
		if (h->pid == 0) {
			memset(h, 0, m->size);
			h->pid = pid;
			m->used++;
			*created = true;
			return h;
		}
		i = next(i, m->cap);
	}
}

/* Slots for n entries, 2/3 full */
static size_t cap_for(size_t n)
{
	return n + n / 2 + 1;
}

/* Rebuild keeping the entries of generation keep_from or later, in cap
 * slots (0: the same number, doubled unless those kept leave half of it
 * free; more where those kept need it: never over 2/3 full), never under
 * PIDMAP_MIN_CAP. */
static void rebuild(struct pidmap *m, size_t cap, unsigned keep_from)
{
	size_t kept = 0;
	for (size_t i = 0; i < m->cap; i++) {
		const struct pidmap_hdr *h = HDR(m, i);
		kept += h->pid && h->gen >= keep_from;
	}
	if (cap == 0)
		cap = 2 * (kept + 1) <= m->cap ? m->cap : 2 * m->cap;
	if (cap < cap_for(kept))
		cap = cap_for(kept);
	if (cap < PIDMAP_MIN_CAP)
		cap = PIDMAP_MIN_CAP;
	unsigned char *old = m->slots;
	size_t oldcap = m->cap;
	m->slots = xcalloc(cap, m->size);
	m->cap = cap;
	m->used = 0;
	for (size_t i = 0; i < oldcap; i++) {
		struct pidmap_hdr *h = (struct pidmap_hdr *)(old + i * m->size);
		if (h->pid && h->gen >= keep_from) {
			bool created;
			memcpy(probe(m, h->pid, &created), h, m->size);
		}
	}
	free(old);
}

void pidmap_begin(struct pidmap *m, size_t expect)
{
	m->gen++;
	/* room for the tick's processes at once: growing insert by insert
	 * held the old table beside each new one, and the heap kept the
	 * holes */
	if ((expect + 1) * 4 > m->cap * 3)
		rebuild(m, cap_for(expect + 1), m->gen - 1);
}

void *pidmap_get(struct pidmap *m, pid_t pid, bool *fresh)
{
	/* more than expected: before an insert could pass 3/4 full (and
	 * probing could loop), shed the vanished, and double where that is
	 * not room enough (always doubling, a churn of short-lived processes
	 * grew it mid-tick and shrank it at the tick's end, tick after tick) */
	if ((m->used + 1) * 4 > m->cap * 3)
		rebuild(m, 0, m->gen - 1);
	bool created;
	struct pidmap_hdr *h = probe(m, pid, &created);
	*fresh = created || h->gen + 1 != m->gen;
	if (*fresh && !created) {
		memset(h, 0, m->size);
		h->pid = pid;
	}
	h->gen = m->gen;
	return h;
}

const void *pidmap_find(const struct pidmap *m, pid_t pid)
{
	/* the table is never full, so an empty slot ends the probe */
	for (size_t i = hash(pid, m->cap);; i = next(i, m->cap)) {
		const struct pidmap_hdr *h = (const struct pidmap_hdr *)(m->slots + i * m->size);
		if (h->pid == 0)
			return NULL;
		if (h->pid == pid)
			return h->gen == m->gen ? h : NULL;
	}
}

void pidmap_end(struct pidmap *m, size_t n)
{
	if (m->used > 2 * n + 64 || m->cap > 2 * cap_for(n) + PIDMAP_MIN_CAP)
		rebuild(m, cap_for(n + 1), m->gen);
}
