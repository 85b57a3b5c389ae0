/* match.c - scoring log lines against the knowledge base; see match.h. */
#include "kb/match.h"

#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "util/xalloc.h"

static int score_of(const struct kb_result *r)
{
	int n = __builtin_popcountll(r->sigs);
	return r->e->priority * 10 + (n > 9 ? 9 : n);
}

void kb_matcher_init(struct kb_matcher *m, struct kb *kb)
{
	kb_compile(kb);
	m->kb = kb;
	m->r = xcalloc(kb->n ? kb->n : 1, sizeof *m->r);
	for (size_t i = 0; i < kb->n; i++)
		m->r[i].e = &kb->e[i];
	m->lineno = 0;
}

void kb_matcher_free(struct kb_matcher *m)
{
	free(m->r);
	m->r = NULL;
}

static int cmp_result(const void *a, const void *b)
{
	const struct kb_result *x = *(const struct kb_result *const *)a;
	const struct kb_result *y = *(const struct kb_result *const *)b;
	if (x->score != y->score)
		return y->score - x->score;
	if (x->lineno != y->lineno)
		return x->lineno < y->lineno ? -1 : 1;
	/* qsort is not stable: equal scores from the same line would come out
	 * in any order; keep the knowledge base's order, as kb_classify does */
	return x->e < y->e ? -1 : x->e > y->e;
}

size_t kb_matcher_line(struct kb_matcher *m, const char *line, const struct kb_result **out,
                       size_t max)
{
	size_t n = 0;
	m->lineno++;
	for (size_t i = 0; i < m->kb->n; i++) {
		struct kb_result *r = &m->r[i];
		bool first = r->sigs == 0;
		for (size_t j = 0; j < r->e->nsigs; j++)
			if (!(r->sigs >> j & 1) && kb_sig_match(&r->e->sigs[j], line))
				r->sigs |= 1ULL << j;
		if (r->sigs == 0)
			continue;
		r->score = score_of(r);
		if (first) {
			r->lineno = m->lineno;
			utf8_copy(r->line, sizeof r->line, line);
			if (n < max)
				out[n++] = r;
		}
	}
	qsort(out, n, sizeof *out, cmp_result);
	return n;
}

size_t kb_matcher_results(const struct kb_matcher *m, const struct kb_result **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < m->kb->n && n < max; i++)
		if (m->r[i].sigs)
			out[n++] = &m->r[i];
	qsort(out, n, sizeof *out, cmp_result);
	return n;
}

const struct kb_entry *kb_classify(struct kb *kb, const char *line)
{
	kb_compile(kb);
	const struct kb_entry *best = NULL;
	int best_score = 0;
	for (size_t i = 0; i < kb->n; i++) {
		int hits = 0;
		for (size_t j = 0; j < kb->e[i].nsigs; j++)
			hits += kb_sig_match(&kb->e[i].sigs[j], line);
		int sc = hits ? kb->e[i].priority * 10 + hits : 0;
		if (sc > best_score)
			best_score = sc, best = &kb->e[i];
	}
	return best;
}
