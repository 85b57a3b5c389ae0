/* detcache.c - a pid-sorted array of process details; see detcache.h. A
 * sorted array (binary search, memmove to insert) is plenty for the tens to
 * low thousands of rows a view lists. */
#include "source/detcache.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct detcache {
	struct detail *e;
	size_t n, cap;
	unsigned gen;
};

struct detcache *detcache_new(void)
{
	return xcalloc(1, sizeof(struct detcache));
}

static void clear(struct detail *d)
{
	free(d->cmdline);
	free(d->cgroup);
	free(d->model);
	free(d->info);
	d->cmdline = d->cgroup = d->model = NULL;
	d->info = NULL;
	d->model_size = d->model_kv_per_token = d->ctx = UINT64_MAX;
	d->info_known = false;
	d->runtime = RT_UNKNOWN;
	snap_load_args_init(&d->load);
	d->gpu_backend = -1;
}

void detcache_free(struct detcache *dc)
{
	if (!dc)
		return;
	for (size_t i = 0; i < dc->n; i++)
		clear(&dc->e[i]);
	free(dc->e);
	free(dc);
}

void detcache_tick(struct detcache *dc)
{
	size_t w = 0;
	for (size_t i = 0; i < dc->n; i++) {
		if (dc->e[i].gen == dc->gen)
			dc->e[w++] = dc->e[i];
		else
			clear(&dc->e[i]);
	}
	dc->n = w;
	dc->gen++;
}

struct detail *detcache_get(struct detcache *dc, pid_t pid, uint64_t start, const char *comm,
                            double now, double ttl, bool *stale)
{
	size_t lo = 0, hi = dc->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (dc->e[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	struct detail *d;
	if (lo < dc->n && dc->e[lo].pid == pid) {
		d = &dc->e[lo];
	} else {
		xgrow((void **)&dc->e, &dc->cap, dc->n + 1, sizeof *dc->e);
		memmove(&dc->e[lo + 1], &dc->e[lo], (dc->n - lo) * sizeof *dc->e);
		dc->n++;
		d = &dc->e[lo];
		memset(d, 0, sizeof *d);
		d->pid = pid;
		d->fetched = -1;
	}
	d->gen = dc->gen;
	*stale = d->fetched < 0 || now - d->fetched >= ttl || d->start != start ||
		 strncmp(d->comm, comm, sizeof d->comm - 1) != 0;
	if (*stale) {
		/* the same process keeps its cgroup until a reread names one: a
		 * process that has begun to exit cannot say (cgroup.h) */
		char *cg = d->fetched >= 0 && snap_known(start) && d->start == start ? d->cgroup : NULL;
		if (cg)
			d->cgroup = NULL;
		clear(d);
		d->cgroup = cg;
		d->start = start;
		memcpy(d->comm, comm, sizeof d->comm - 1);
		d->comm[sizeof d->comm - 1] = '\0';
		d->fetched = now;
	}
	return d;
}

void detail_set_cmdline(struct detail *d, const char *s, size_t n)
{
	free(d->cmdline);
	d->cmdline = xrealloc(NULL, n + 1);
	memcpy(d->cmdline, s, n);
	d->cmdline[n] = '\0';
}

void detail_set_cgroup(struct detail *d, const char *s)
{
	free(d->cgroup);
	size_t n = strlen(s);
	d->cgroup = xrealloc(NULL, n + 1);
	memcpy(d->cgroup, s, n + 1);
}

void detail_set_model(struct detail *d, const char *path, uint64_t size)
{
	free(d->model);
	size_t n = strlen(path);
	d->model = xrealloc(NULL, n + 1);
	memcpy(d->model, path, n + 1);
	d->model_size = size;
}
