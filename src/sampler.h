/* sampler.h - one tick of the pipeline: source -> snapshot -> growth, then
 * the rows a view shows, with their details filled through the source. Views
 * read the result; they never touch the source themselves. */
#ifndef OOMCAST_SAMPLER_H
#define OOMCAST_SAMPLER_H

#include <stdbool.h>

#include "analysis/forecast.h"
#include "snapshot.h"
#include "source/source.h"
#include "view/rows.h"

struct growth;

enum sort_key { SORT_RSS, SORT_GROWTH, SORT_SWAP, SORT_OOM, SORT_PID, SORT_NAME, SORT_GPU, SORT_NKEYS };

/* What a view asks for: every process that matches, in this order. */
struct row_query {
	enum sort_key key;
	bool reverse;               /* against the key's natural order */
	const char *filter;         /* substring of comm or command line; NULL = all */
	const pid_t *pins;          /* shown first, in this order */
	size_t npins;
	size_t detail_rows;         /* fill details for the first N rows (0 = all) */
};

struct sampler {
	struct source *src;         /* owned */
	struct growth *growth;
	struct forecast *forecast;
	struct advice *advice;      /* knowledge-base entries for what happens */
	struct snapshot snap;
	struct rows rows;
};

void sampler_init(struct sampler *sm, struct source *src, const struct forecast_cfg *cfg);
void sampler_free(struct sampler *sm);
/* Take one sample: snapshot, growth, the forecast's candidates' details.
 * Returns 0, or -1 with *cause set. The forecast follows in the selection
 * below, once the rows (watched processes, and so their cgroups) are known. */
int sampler_tick(struct sampler *sm, const char **cause);
/* Rows for batch and JSON: the top K by RSS (0 = all), then pins. */
void sampler_select_top(struct sampler *sm, size_t top, const pid_t *pins, size_t npins);
/* Rows for the dashboard, see struct row_query. */
void sampler_select(struct sampler *sm, const struct row_query *q);

/* The natural order of a key: sizes and scores largest first, pid and name
 * ascending. */
bool sort_key_descending(enum sort_key k);
const char *sort_key_name(enum sort_key k);

#endif
