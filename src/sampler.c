/* sampler.c - one tick of the pipeline; see sampler.h. */
#include "sampler.h"

#include <stdlib.h>

#include "analysis/growth.h"
#include "util/xalloc.h"

/* Growth is fitted over this many seconds of history. */
#define GROWTH_WINDOW_S 3.0

void sampler_init(struct sampler *sm, struct source *src, size_t top, const pid_t *pins,
                  size_t npins)
{
	sm->src = src;
	sm->growth = growth_new(GROWTH_WINDOW_S);
	snapshot_init(&sm->snap);
	sm->rows.idx = NULL;
	sm->rows.n = sm->rows.cap = 0;
	sm->top = top;
	sm->pins = pins;
	sm->npins = npins;
}

void sampler_free(struct sampler *sm)
{
	source_destroy(sm->src);
	growth_free(sm->growth);
	snapshot_free(&sm->snap);
	free(sm->rows.idx);
}

static void add_row(struct sampler *sm, size_t i)
{
	sm->rows.idx[sm->rows.n++] = i;
	source_detail(sm->src, &sm->snap, i);
}

int sampler_tick(struct sampler *sm, const char **cause)
{
	struct snapshot *s = &sm->snap;
	snapshot_reset(s);
	if (source_sample(sm->src, s, cause) < 0)
		return -1;
	growth_update(sm->growth, s);

	xgrow((void **)&sm->rows.idx, &sm->rows.cap, s->nprocs + sm->npins + 1,
	      sizeof *sm->rows.idx);
	sm->rows.n = snapshot_top_by_rss(s, sm->top, sm->rows.idx);
	for (size_t r = 0; r < sm->rows.n; r++)
		source_detail(sm->src, s, sm->rows.idx[r]);
	/* pinned processes outside the top K follow, in the order given */
	for (size_t j = 0; j < sm->npins; j++)
		for (size_t i = 0; i < s->nprocs; i++)
			if (s->procs[i].pid == sm->pins[j] && !s->procs[i].detailed) {
				add_row(sm, i);
				break;
			}
	return 0;
}
