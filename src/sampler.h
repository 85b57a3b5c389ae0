/* sampler.h - one tick of the pipeline: source -> snapshot -> growth ->
 * the rows to show, with their details filled. Views then read the result. */
#ifndef OOMCAST_SAMPLER_H
#define OOMCAST_SAMPLER_H

#include "snapshot.h"
#include "source/source.h"
#include "view/rows.h"

struct growth;

struct sampler {
	struct source *src;         /* owned */
	struct growth *growth;
	struct snapshot snap;
	struct rows rows;
	size_t top;                 /* rows: the top K by RSS (0 = all) ... */
	const pid_t *pins;          /* ... plus these, always */
	size_t npins;
};

void sampler_init(struct sampler *sm, struct source *src, size_t top, const pid_t *pins,
                  size_t npins);
void sampler_free(struct sampler *sm);
/* Take one sample. Returns 0, or -1 with *cause set. */
int sampler_tick(struct sampler *sm, const char **cause);

#endif
