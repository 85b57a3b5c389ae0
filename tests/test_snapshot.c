/* Unit tests for snapshot storage and the top-K selection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"

static void fill(struct snapshot *s, int n, unsigned seed)
{
	snapshot_reset(s);
	srand(seed);
	for (int i = 0; i < n; i++) {
		struct snap_proc *p = snapshot_add_proc(s);
		p->pid = i + 1;
		/* duplicates and unknowns on purpose */
		p->rss = rand() % 7 == 0 ? SNAP_NA : (uint64_t)(rand() % 50) * 4096;
	}
}

static void test_top_matches_full_sort(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	size_t all[500], top[500];
	for (unsigned seed = 1; seed < 30; seed++) {
		fill(&s, 300, seed);
		assert_int_equal(snapshot_top_by_rss(&s, 0, all), 300);
		for (size_t i = 1; i < 300; i++) {
			const struct snap_proc *a = &s.procs[all[i - 1]], *b = &s.procs[all[i]];
			uint64_t ra = snap_known(a->rss) ? a->rss : 0, rb = snap_known(b->rss) ? b->rss : 0;
			assert_true(ra > rb || (ra == rb && a->pid < b->pid));
		}
		size_t ks[] = {1, 2, 20, 299, 300, 1000};
		for (size_t t = 0; t < sizeof ks / sizeof ks[0]; t++) {
			size_t k = ks[t], want = k > 300 ? 300 : k;
			assert_int_equal(snapshot_top_by_rss(&s, k, top), want);
			assert_memory_equal(top, all, want * sizeof *top);
		}
	}
	snapshot_reset(&s);
	assert_int_equal(snapshot_top_by_rss(&s, 20, top), 0);
	snapshot_free(&s);
}

static void test_strings_and_cgroups(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	assert_null(snapshot_string(&s, 0));
	size_t a = snapshot_add_string(&s, "abc", 3);
	for (int i = 0; i < 1000; i++)
		snapshot_add_string(&s, "0123456789", 10);   /* forces reallocation */
	assert_string_equal(snapshot_string(&s, a), "abc");
	bool added;
	assert_int_equal(snapshot_cgroup_index(&s, "/a", CG_V1, &added), 0);
	assert_true(added);
	assert_int_equal(snapshot_cgroup_index(&s, "/a", CG_V2, &added), 1);
	assert_int_equal(snapshot_cgroup_index(&s, "/a", CG_V1, &added), 0);
	assert_false(added);
	snapshot_reset(&s);
	assert_int_equal(s.ncgroups, 0);
	assert_int_equal(s.self_cgroup, -1);
	snapshot_free(&s);
}

/* A process group's name: its leader's, else (the leader gone: a shell that
 * started workers and exited) its largest member's, not "?" */
static void test_group_comm(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	const struct { pid_t pid, pgid; const char *comm; uint64_t rss; } ps[] = {
		{11, 10, "worker-a", 100}, {12, 10, "worker-b", 300}, {21, 20, "leader", 5}, {20, 20, "sh", 1},
	};
	for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
		struct snap_proc *p = snapshot_add_proc(&s);
		p->pid = ps[i].pid, p->pgid = ps[i].pgid, p->rss = ps[i].rss;
		snprintf(p->comm, sizeof p->comm, "%s", ps[i].comm);
	}
	assert_string_equal(snapshot_group_comm(&s, 20), "sh");
	assert_string_equal(snapshot_group_comm(&s, 10), "worker-b");
	assert_string_equal(snapshot_group_comm(&s, 99), "?");
	snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_top_matches_full_sort),
		cmocka_unit_test(test_strings_and_cgroups),
		cmocka_unit_test(test_group_comm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
