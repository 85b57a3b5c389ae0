/* room.c - what is left for a load; see room.h. */
#include "analysis/room.h"

#include <stdio.h>
#include <stdlib.h>

static int by_left(const void *a, const void *b)
{
	const struct room_item *x = a, *y = b;
	return (x->left > y->left) - (x->left < y->left);
}

uint64_t room_cgroup_used(const struct snap_cgroup *c)
{
	if (snap_known(c->anon))
		return snap_add(snap_add(c->anon, snap_known(c->shmem) ? c->shmem : 0),
				snap_known(c->kernel) ? c->kernel : 0);
	if (!snap_known(c->usage))
		return SNAP_NA;
	/* the cache less shared memory, which the cache figure includes */
	uint64_t file = snap_known(c->file) ? c->file : 0, shmem = snap_known(c->shmem) ? c->shmem : 0;
	uint64_t cache = file > shmem ? file - shmem : 0;
	return c->usage > cache ? c->usage - cache : 0;
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
		uint64_t used = room_cgroup_used(c);
		if (snap_known(c->effective_limit) && snap_known(used)) {
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

static bool gpu_usable(const struct snap_gpu *g)
{
	return !g->lost && !g->mig_parent && !g->unified && snap_known(g->free);
}

void room_gpu_name(const struct snap_gpu *g, char *out, size_t n)
{
	if (g->mig >= 0)
		snprintf(out, n, "gpu:%d/mig%d", g->index, g->mig);
	else
		snprintf(out, n, "gpu:%d", g->index);
}

/* pid's known memory on card i */
static uint64_t gpu_held(const struct snapshot *s, pid_t pid, size_t i, bool *seen)
{
	uint64_t held = 0;
	for (size_t k = 0; k < s->ngpu_procs; k++) {
		const struct snap_gpu_proc *u = &s->gpu_procs[k];
		if (u->pid != pid || u->gpu < 0 || (size_t)u->gpu != i)
			continue;
		*seen = true;
		if (snap_known(u->used))
			held += u->used;
	}
	return held;
}

size_t room_gpus(const struct snapshot *s, pid_t pid, int *idx, uint64_t *left, size_t max)
{
	size_t n = 0;
	bool any_seen = false;
	for (size_t i = 0; i < s->ngpus; i++) {
		bool seen = false;
		gpu_held(s, pid, i, &seen);
		any_seen = any_seen || (seen && gpu_usable(&s->gpus[i]));
	}
	for (size_t i = 0; i < s->ngpus && n < max; i++) {
		bool seen = false;
		uint64_t held = gpu_held(s, pid, i, &seen);
		if (!gpu_usable(&s->gpus[i]) || (any_seen && !seen))
			continue;
		idx[n] = (int)i;
		left[n] = s->gpus[i].free + held;
		n++;
	}
	return n;
}
