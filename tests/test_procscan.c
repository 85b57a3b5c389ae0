/* Unit tests for the process scan on a fixture /proc: a normal process, a
 * kernel thread, a process that vanished between readdir and read (200: an
 * empty directory), one whose status cannot be read (300). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source/kparse.h"
#include "source/procscan.h"

static const char *root(void)
{
	static char buf[1024];
	const char *dir = getenv("FIXTURES");
	snprintf(buf, sizeof buf, "%s/procscan", dir ? dir : "tests/fixtures");
	return buf;
}

static void test_scan_fixture(void **state)
{
	(void)state;
	struct procscan *ps = procscan_open(root());
	assert_non_null(ps);
	struct snapshot s;
	snapshot_init(&s);
	for (int tick = 0; tick < 3; tick++) {   /* the cached path too */
		snapshot_reset(&s);
		s.mono = tick;
		procscan_read(ps, &s);
		assert_int_equal(s.nprocs, 3);   /* 200 vanished */
		struct snap_proc *p = snapshot_find_proc(&s, 100);
		assert_non_null(p);
		assert_string_equal(p->comm, "llama-server");
		assert_int_equal(p->ppid, 42);
		assert_int_equal(p->pgid, 42);
		assert_int_equal(p->uid, 1001);   /* the effective uid */
		assert_int_equal(p->rss, 204800ULL * 1024);
		assert_int_equal(p->anon, 200704ULL * 1024);
		assert_int_equal(p->file, 3072ULL * 1024);
		assert_int_equal(p->shmem, 1024ULL * 1024);
		assert_int_equal(p->swap, 4096ULL * 1024);
		assert_int_equal(p->oom_score_adj, -500);
		p = snapshot_find_proc(&s, 2);
		assert_non_null(p);
		assert_int_equal(p->rss, 0);      /* a kernel thread: zero, known */
		assert_int_equal(p->swap, 0);
		assert_int_equal(p->oom_score_adj, SNAP_NA_INT);   /* no file: unknown */
		p = snapshot_find_proc(&s, 300);
		assert_non_null(p);
		assert_int_equal(p->rss, SNAP_NA);   /* unreadable: unknown */
		assert_int_equal(p->ppid, -1);
		assert_string_equal(p->comm, "");
		assert_null(snapshot_find_proc(&s, 200));
	}
	snapshot_free(&s);
	procscan_close(ps);
	assert_null(procscan_open("/nonexistent-root"));
}

static void test_status_and_statm_parsers(void **state)
{
	(void)state;
	struct kstatus st;
	const char cut[] = "Name:\tx\nPPid:\t7\nVmRSS:\t  12";   /* truncated mid-line */
	assert_true(kparse_status(cut, sizeof cut - 1, &st));
	assert_int_equal(st.ppid, 7);
	assert_int_equal(st.rss, 12 * 1024);
	assert_false(kparse_status("PPid:\t7\n", 8, &st));   /* no Name: not a status */
	const char esc[] = "Name:\ta\\nb\nUid:\t5\n";        /* one uid only: unknown */
	assert_true(kparse_status(esc, sizeof esc - 1, &st));
	assert_string_equal(st.name, "a\\nb");
	assert_false(st.has_uid);
	uint64_t m[3];
	assert_true(kparse_statm("1 2 3 4 5 6 7\n", 14, m));
	assert_int_equal(m[2], 3);
	assert_false(kparse_statm("1 2", 3, m));
	assert_false(kparse_statm("", 0, m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_fixture),
		cmocka_unit_test(test_status_and_statm_parsers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
