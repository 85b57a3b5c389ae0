/* match.h - which knowledge-base entries a log shows. Lines are fed one by
 * one; each entry keeps the first line that matched it and a score: its
 * priority (how specific it is) first, then how many of its signatures
 * matched, so "failed to allocate buffer for kv cache" outranks the
 * "cudaMalloc failed" that comes with it. */
#ifndef OOMCAST_MATCH_H
#define OOMCAST_MATCH_H

#include "kb/kb.h"

#define KB_MATCH_LINE_MAX 512

struct kb_result {
	const struct kb_entry *e;
	int score;
	unsigned lineno;              /* of the first matching line, from 1 */
	char line[KB_MATCH_LINE_MAX]; /* that line, as it was (escaped when shown) */
	unsigned long long sigs;      /* bit i: signature i matched */
};

struct kb_matcher {
	struct kb *kb;
	struct kb_result *r;          /* one per entry, in kb order */
	unsigned lineno;
};

void kb_matcher_init(struct kb_matcher *m, struct kb *kb);   /* compiles kb */
void kb_matcher_free(struct kb_matcher *m);
/* Feed one line (without its newline). Returns the entries it matched for
 * the first time, best first, in out (room for max). */
size_t kb_matcher_line(struct kb_matcher *m, const char *line, const struct kb_result **out,
                       size_t max);
/* Everything matched so far, best first. */
size_t kb_matcher_results(const struct kb_matcher *m, const struct kb_result **out, size_t max);

/* The best entry for one line, or NULL: for turning log lines into events. */
const struct kb_entry *kb_classify(struct kb *kb, const char *line);

#endif
