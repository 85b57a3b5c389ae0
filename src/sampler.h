/* sampler.h - one tick of the pipeline: source -> snapshot -> growth ->
 * details of the candidates -> forecast -> kills -> advice, all in the tick;
 * then the rows a view shows, sorted and with their details filled. What is
 * forecast never depends on how many rows a view shows. Views read the
 * result; they never touch the source themselves. */
#ifndef OOMCAST_SAMPLER_H
#define OOMCAST_SAMPLER_H

#include <stdbool.h>

#include "analysis/forecast.h"
#include "snapshot.h"
#include "source/source.h"
#include "view/rows.h"

struct growth;
struct kb;
struct selfguard;
struct kills;
struct loads;
struct evlog;
struct rsshist;

enum sort_key { SORT_RSS, SORT_GROWTH, SORT_SWAP, SORT_OOM, SORT_PID, SORT_NAME, SORT_GPU, SORT_NKEYS };

/* What a view asks for: every process that matches, in this order. */
struct row_query {
	enum sort_key key;
	bool reverse;               /* against the key's natural order */
	const char *filter;         /* substring of comm or command line; NULL = all */
	const pid_t *pins;          /* shown first, in this order */
	size_t npins;
	size_t detail_rows;         /* fill details for the first N rows (0 = all) */
	bool hide_kthreads;         /* leave kernel threads out (pins stay) */
	bool tree;                  /* children under their parent (by ppid),
	                               siblings in the key's order */
};

struct sampler;
/* Called at the end of every tick that took a sample, whichever view runs
 * the ticks (an exporter publishes the sample there). */
typedef void sampler_hook(const struct sampler *sm, void *arg);

struct sampler {
	struct source *src;         /* owned */
	struct growth *growth;
	struct forecast *forecast;
	struct kills *kills;        /* OOM kills, reconciled */
	struct loads *loads;        /* model loads and their verdicts */
	struct evlog *events;       /* the one event log */
	struct advice *advice;      /* knowledge-base entries for what happens */
	struct rsshist *rsshist;    /* every process's RSS over minutes; NULL
	                               unless sampler_keep_rss_history */
	struct rsshist *rss_recent; /* the same at every sample, its last
	                               RSSHIST_SLOTS: a load of seconds */
	struct snapshot snap;
	const struct selfguard *guard;
	struct rows rows;
	/* the processes the last query pinned: detailed at every tick before
	 * the analysis, so that a model a pinned process loads is a load even
	 * when it is not among the largest or fastest growing */
	pid_t *pins;
	size_t npins, pins_cap;
	/* per cgroup of the snapshot, its largest member (an index; scratch) */
	size_t *cg_best, cg_best_cap;
	/* called right after the source's sample(), before any details: a
	 * recorder notes what the source filled by itself (may be NULL) */
	void (*on_sampled)(void *ctx, const struct snapshot *s);
	/* called by sampler_shown, once the view has filled the details it
	 * shows: 0, or -1 with *cause set (a recording cannot be written) */
	int (*on_shown)(void *ctx, const struct snapshot *s, const char **cause);
	void *hook_ctx;
	/* what sampler_restart builds the analysis from again */
	struct forecast_cfg cfg;
	struct kb *kb;
	const char *kb_warning;
	sampler_hook *on_tick;      /* NULL: none */
	void *on_tick_arg;
};

/* Built once, by main (the composition root), and handed to the one view
 * that runs. guard: oomcast's own protection, reported in every snapshot
 * (may be NULL); kb: the knowledge base, loaded once, and kb_warning the
 * first problem loading it ("" none; both stay the caller's). */
void sampler_init(struct sampler *sm, struct source *src, const struct forecast_cfg *cfg,
                  const struct selfguard *guard, struct kb *kb, const char *kb_warning);
void sampler_free(struct sampler *sm);
/* Forget every sample analysed (growth, forecast, kills, loads, events,
 * advice start afresh), keeping the source: a replay that steps back plays
 * the recording again from its start. */
void sampler_restart(struct sampler *sm);
/* Keep every process's RSS over the last minutes from the next tick on
 * (analysis/rsshist.h): the dashboard's detail view charts it. */
void sampler_keep_rss_history(struct sampler *sm);
/* Call hook(sm, arg) after every tick from now on (one hook; NULL none). */
void sampler_set_hook(struct sampler *sm, sampler_hook *hook, void *arg);
/* Take one sample and analyse it: snapshot, growth, the candidates' details,
 * forecast, kills, advice. Returns 0, or -1 with *cause set. */
int sampler_tick(struct sampler *sm, const char **cause);
/* Rows for batch and JSON: the top K by RSS (0 = all), then pins. */
void sampler_select_top(struct sampler *sm, size_t top, const pid_t *pins, size_t npins);
/* Rows for the dashboard, see struct row_query. */
void sampler_select(struct sampler *sm, const struct row_query *q);
/* The view has chosen its rows of this sample and filled their details:
 * the on_shown hook (a recorder) runs. 0, or -1 with *cause set. */
int sampler_shown(struct sampler *sm, const char **cause);

/* The first row at or after from (wrapping round) whose name or command
 * line holds needle, searching backwards when dir < 0; -1 when none does.
 * Reads the details of the rows it passes. */
long sampler_find_row(struct sampler *sm, const char *needle, size_t from, int dir);
/* Fill the details of rows [from, to) (rows scrolled onto the screen). */
void sampler_detail_rows(struct sampler *sm, size_t from, size_t to);

/* The natural order of a key: sizes and scores largest first, pid and name
 * ascending. */
bool sort_key_descending(enum sort_key k);
const char *sort_key_name(enum sort_key k);

#endif
