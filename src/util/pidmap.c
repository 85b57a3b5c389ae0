/* pidmap.c - pid-keyed table with generation sweeping; see pidmap.h.
 * Linear probing without tombstones: entries are only ever removed by
 * rebuilding the table, which is when it grows or sheds the vanished. */
#include "util/pidmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define HDR(m, i) ((struct pidmap_hdr *)((m)->slots + (i) * (m)->size))

void pidmap_init(struct pidmap *m, size_t entry_size)
{
	memset(m, 0, sizeof *m);
	m->size = entry_size;
	m->cap = 256;
	m->slots = xcalloc(m->cap, m->size);
}

void pidmap_free(struct pidmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof *m);
}

static size_t hash(pid_t pid, size_t cap)
{
	return ((size_t)(unsigned)pid * 2654435761u) & (cap - 1);
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
		i = (i + 1) & (m->cap - 1);
	}
}

/* Rebuild keeping the entries of generation keep_from or later, with room
 * for need entries under 3/4 full. */
static void rebuild(struct pidmap *m, size_t need, unsigned keep_from)
{
	size_t cap = m->cap;
	while (need * 4 > cap * 3)
		cap *= 2;
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

void pidmap_begin(struct pidmap *m)
{
	m->gen++;
}

void *pidmap_get(struct pidmap *m, pid_t pid, bool *fresh)
{
	/* grow before an insert could pass 3/4 full (and probing could loop) */
	if ((m->used + 1) * 4 > m->cap * 3)
		rebuild(m, m->used + 1, m->gen - 1);
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
	for (size_t i = hash(pid, m->cap);; i = (i + 1) & (m->cap - 1)) {
		const struct pidmap_hdr *h = (const struct pidmap_hdr *)(m->slots + i * m->size);
		if (h->pid == 0)
			return NULL;
		if (h->pid == pid)
			return h->gen == m->gen ? h : NULL;
	}
}

void pidmap_end(struct pidmap *m, size_t n)
{
	if (m->used > 2 * n + 64)
		rebuild(m, n + 1, m->gen);
}
