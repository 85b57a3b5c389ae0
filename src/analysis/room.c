/* room.c - what is left for a load; see room.h. */
#include "analysis/room.h"

#include <stdio.h>
#include <stdlib.h>

static int by_left(const void *a, const void *b)
{
	const struct room_item *x = a, *y = b;
	return (x->left > y->left) - (x->left < y->left);
}

size_t room_of(const struct snapshot *s, int cgroup, struct room_item *out, size_t max)
{
	size_t n = 0;
	/* RAM: MemAvailable already counts reclaimable page cache as free */
	if (n < max && snap_known(s->mem.available) && snap_known(s->mem.total)) {
		struct room_item *r = &out[n++];
		snprintf(r->name, sizeof r->name, "ram");
		r->left = s->mem.available;
		r->capacity = s->mem.total;
		r->used = s->mem.total - (s->mem.available < s->mem.total ? s->mem.available : 0);
	}
	if (n < max && snap_known(s->swap.total) && s->swap.total > 0 && snap_known(s->swap.free) &&
	    snap_known(s->mem.available)) {
		struct room_item *r = &out[n++];
		snprintf(r->name, sizeof r->name, "ram+swap");
		r->left = s->mem.available + s->swap.free;
		r->capacity = s->mem.total + s->swap.total;
		r->used = r->capacity > r->left ? r->capacity - r->left : 0;
	}
	/* the cgroup's effective limit (its own or an ancestor's), less what
	 * in it cannot be reclaimed; file pages in it (the load's own mapped
	 * weights among them) are counted once, as reclaimable */
	if (n < max && cgroup >= 0 && (size_t)cgroup < s->ncgroups) {
		const struct snap_cgroup *c = &s->cgroups[cgroup];
		if (snap_known(c->effective_limit)) {
			uint64_t used = snap_known(c->anon) ? c->anon : snap_known(c->usage) ? c->usage : 0;
			if (snap_known(c->anon) && snap_known(c->shmem))
				used += c->shmem;
			struct room_item *r = &out[n++];
			snprintf(r->name, sizeof r->name, "cgroup:%s", c->path);
			r->capacity = c->effective_limit;
			r->used = used;
			r->left = used < c->effective_limit ? c->effective_limit - used : 0;
		}
	}
	qsort(out, n, sizeof *out, by_left);
	return n;
}
