/* The knowledge base against a corpus of real lines (issue 13):
 * tests/fixtures/kb/corpus.tsv holds out-of-memory lines copied from public
 * issue trackers, each with its source and the entry it should pick, and
 * ordinary lines from the same programs that must pick none. Each line is
 * ranked the way `oomcast explain LINE` ranks it (kb_matcher_line, then
 * kb_matcher_results: the first result is what explain prints first). The
 * test prints the hit rate per expected entry and every miss, and fails
 * below 95 % right-first, on any ordinary line that matches, and when the
 * corpus is smaller than 150 OOM lines and 50 ordinary ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/kb.h"
#include "kb/match.h"
#include "util/readfile.h"

#define CORPUS_MAX (1 << 20)
#define MIN_OOM 150
#define MIN_ORDINARY 50
#define MIN_RATE 95.0

static const char *fixture(const char *name)
{
	static char buf[1024];
	const char *dir = getenv("FIXTURES");
	snprintf(buf, sizeof buf, "%s/kb/%s", dir ? dir : "tests/fixtures", name);
	return buf;
}

/* What explain names first for this one line, or NULL. */
static const struct kb_entry *first_pick(struct kb *kb, const char *line)
{
	struct kb_matcher m;
	const struct kb_result *fresh[64], *all[256];
	kb_matcher_init(&m, kb);
	kb_matcher_line(&m, line, fresh, 64);
	size_t n = kb_matcher_results(&m, all, 256);
	const struct kb_entry *e = n ? all[0]->e : NULL;
	kb_matcher_free(&m);
	return e;
}

struct family {
	char id[KB_ID_MAX];
	int rows, hits;
};

static void test_corpus(void **state)
{
	(void)state;
	struct kb kb;
	char err[256] = "";
	kb_init(&kb);
	if (kb_load_builtin(&kb, err, sizeof err) < 0)
		fail_msg("%s", err);
	kb_compile(&kb);

	char *buf = malloc(CORPUS_MAX);
	assert_non_null(buf);
	ssize_t len = readfile(fixture("corpus.tsv"), buf, CORPUS_MAX);
	assert_true(len > 0);
	assert_true(len < CORPUS_MAX - 1);

	struct family fam[64];
	memset(fam, 0, sizeof fam);
	size_t nfam = 0;
	int oom = 0, hits = 0, ordinary = 0, false_matches = 0, bad_rows = 0;
	unsigned lineno = 0;
	char *save = NULL;
	for (char *row = strtok_r(buf, "\n", &save); row; row = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if (row[0] == '#')
			continue;
		char *t1 = strchr(row, '\t');
		char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t1 || !t2 || strchr(t2 + 1, '\t') || strncmp(t1 + 1, "https://", 8) != 0) {
			printf("corpus row %u: not EXPECTED<TAB>https://...<TAB>LINE\n", lineno);
			bad_rows++;
			continue;
		}
		*t1 = *t2 = '\0';
		const char *want = row, *url = t1 + 1, *line = t2 + 1;
		const struct kb_entry *got = first_pick(&kb, line);
		if (strcmp(want, "-") == 0) {
			ordinary++;
			if (got) {
				printf("FALSE MATCH %s: %s\n    (%s)\n", got->id, line, url);
				false_matches++;
			}
			continue;
		}
		if (!kb_find(&kb, want)) {
			printf("corpus row %u: no entry '%s'\n", lineno, want);
			bad_rows++;
		}
		size_t f = 0;
		while (f < nfam && strcmp(fam[f].id, want) != 0)
			f++;
		if (f == nfam) {
			assert_true(nfam < sizeof fam / sizeof fam[0]);
			snprintf(fam[nfam++].id, KB_ID_MAX, "%s", want);
		}
		fam[f].rows++;
		oom++;
		if (got && strcmp(got->id, want) == 0) {
			hits++;
			fam[f].hits++;
		} else {
			printf("MISS want %s, got %s: %s\n    (%s)\n", want, got ? got->id : "nothing",
			       line, url);
		}
	}
	double rate = oom ? 100.0 * hits / oom : 0;
	printf("corpus: %d OOM lines, %d right first (%.1f %%); %d ordinary lines, %d matched\n",
	       oom, hits, rate, ordinary, false_matches);
	for (size_t f = 0; f < nfam; f++)
		printf("  %-24s %3d/%3d\n", fam[f].id, fam[f].hits, fam[f].rows);
	fflush(stdout);

	free(buf);
	kb_free(&kb);
	assert_int_equal(bad_rows, 0);
	assert_true(oom >= MIN_OOM);
	assert_true(ordinary >= MIN_ORDINARY);
	assert_int_equal(false_matches, 0);
	if (rate < MIN_RATE)
		fail_msg("right-first rate %.1f %% is below %.0f %%", rate, MIN_RATE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
