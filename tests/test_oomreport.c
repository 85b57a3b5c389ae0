/* Unit tests for the kernel OOM report parser (src/formats/oomreport.c), on
 * real reports (tests/fixtures/oom, with their sources) and hostile lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/oomreport.h"

#define S(str) (str), (sizeof(str) - 1)

/* Feed every line of a fixture; the kills it completes into out. */
static size_t feed_file(const char *name, struct oom_kill *out, size_t max)
{
	char path[512], line[4096];
	const char *dir = getenv("FIXTURES");
	snprintf(path, sizeof path, "%s/oom/%s", dir ? dir : "tests/fixtures", name);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	struct oom_assembler a;
	oomreport_init(&a);
	size_t n = 0;
	while (fgets(line, sizeof line, f))
		if (oomreport_feed(&a, line, strlen(line), &out[n < max ? n : max - 1]) && n < max)
			n++;
	fclose(f);
	return n;
}

static void test_real_memcg_report(void **state)
{
	(void)state;
	struct oom_kill k[4];
	assert_int_equal(feed_file("memcg-6.18.txt", k, 4), 1);
	assert_int_equal(k[0].pid, 2354);
	assert_string_equal(k[0].comm, "memhog");
	assert_int_equal(k[0].constraint, OOMC_MEMCG);
	assert_string_equal(k[0].oom_memcg, "/oomc-fixture-1251");
	assert_string_equal(k[0].task_memcg, "/oomc-fixture-1251/child");
	assert_string_equal(k[0].trigger, "memhog");
	assert_int_equal(k[0].order, 0);
	assert_int_equal(k[0].anon, 65280ull * 1024);
	assert_int_equal(k[0].file, 1116ull * 1024);
	assert_int_equal(k[0].shmem, 0);
	assert_int_equal(k[0].rss, (65280ull + 1116) * 1024);
	assert_int_equal(k[0].oom_score_adj, 0);
	assert_int_equal(k[0].ts_us, 647444195ull);
}

static void test_task_table(void **state)
{
	(void)state;
	struct oom_kill k[2];
	assert_int_equal(feed_file("memcg-3tasks-6.18.txt", k, 2), 1);
	assert_int_equal(k[0].tasks_seen, 3);
	assert_int_equal(k[0].ntasks, 3);
	assert_int_equal(k[0].tasks[0].pid, 7457);   /* the largest first: the victim */
	assert_string_equal(k[0].tasks[0].name, "memhog");
	assert_int_equal(k[0].tasks[0].rss, 19563ull * 4096);
	assert_int_equal(k[0].tasks[1].pid, 7433);
	assert_string_equal(k[0].tasks[2].name, "sleep");
	assert_int_equal(k[0].tasks[2].oom_score_adj, 0);
	assert_int_equal(k[0].memcg_usage, 98304ull * 1024);
	assert_int_equal(k[0].memcg_limit, 98304ull * 1024);
	/* the older columns (no rss_anon...), syslog lines, nine rows: eight kept */
	char path[512], line[4096];
	const char *dir = getenv("FIXTURES");
	snprintf(path, sizeof path, "%s/oom/tasks-5.x-focal-excerpt.txt", dir ? dir : "tests/fixtures");
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	struct oom_assembler a;
	oomreport_init(&a);
	while (fgets(line, sizeof line, f))
		assert_false(oomreport_feed(&a, line, strlen(line), &k[1]));
	fclose(f);
	assert_int_equal(a.tasks_seen, 9);
	assert_int_equal(a.ntasks, OOMR_TASKS_MAX);
	assert_int_equal(a.tasks[0].pid, 559659);
	assert_string_equal(a.tasks[0].name, "bash");
	assert_int_equal(a.tasks[0].rss, 6494ull * 4096);
	assert_string_equal(a.tasks[2].name, "python3");
	/* a hostile row: a huge rss, a name with spaces and brackets */
	oomreport_init(&a);
	oomreport_feed(&a, S("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"), &k[1]);
	oomreport_feed(&a, S("[ 12]  0 12 1 99999999999999999999 1 1 -1000 x"), &k[1]);
	oomreport_feed(&a, S("[ 13]  0 13 1 18446744073709551 1 1 -500 a [b] c"), &k[1]);
	assert_int_equal(a.tasks_seen, 1);
	assert_int_equal(a.tasks[0].rss, UINT64_MAX);   /* pages x 4096 overflows: unknown */
	assert_string_equal(a.tasks[0].name, "a [b] c");
	assert_int_equal(a.tasks[0].oom_score_adj, -500);
}

static void test_real_old_report(void **state)
{
	(void)state;
	struct oom_kill k[4];
	/* three kills: the first without its "Kill process" line */
	assert_int_equal(feed_file("memcg-4.x-ltp.txt", k, 4), 2);
	assert_int_equal(k[0].pid, 42452);
	assert_string_equal(k[0].comm, "memcg_test_1");
	assert_int_equal(k[0].constraint, OOMC_UNKNOWN);   /* nothing said memcg */
	assert_int_equal(k[1].pid, 42453);
	assert_int_equal(k[1].constraint, OOMC_MEMCG);
	assert_string_equal(k[1].oom_memcg, "");           /* the path was not said */
	assert_int_equal(k[1].rss, (96ull + 164) * 1024);
}

static void test_kmsg_records(void **state)
{
	(void)state;
	struct oom_assembler a;
	struct oom_kill k;
	oomreport_init(&a);
	assert_false(oomreport_feed(&a, S("4,900,1000,-;node invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0\n"), &k));
	assert_false(oomreport_feed(&a, S("6,901,1001,-;Tasks state (memory values in pages):\n"), &k));
	assert_false(oomreport_feed(&a, S("6,902,1002,-;oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice/user-1000.slice/session-2.scope,task=llama-server,pid=4242,uid=1000\n"), &k));
	assert_true(oomreport_feed(&a, S("3,903,1003,-;Out of memory: Killed process 4242 (llama-server) total-vm:9000000kB, anon-rss:8000000kB, file-rss:1000kB, shmem-rss:0kB, UID:1000 pgtables:20000kB oom_score_adj:0\n"), &k));
	assert_int_equal(k.pid, 4242);
	assert_int_equal(k.constraint, OOMC_NONE);
	assert_string_equal(k.oom_memcg, "");
	assert_string_equal(k.task_memcg, "/user.slice/user-1000.slice/session-2.scope");
	assert_string_equal(k.trigger, "node");
	assert_int_equal(k.ts_us, 1003);
	/* the assembler forgets a finished report */
	assert_true(oomreport_feed(&a, S("3,904,1004,-;Memory cgroup out of memory: Killed process 7 (x) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB\n"), &k));
	assert_int_equal(k.constraint, OOMC_MEMCG);
	assert_string_equal(k.oom_memcg, "");
	assert_string_equal(k.trigger, "");
}

static void test_constraint_for_another_pid(void **state)
{
	(void)state;
	struct oom_assembler a;
	struct oom_kill k;
	oomreport_init(&a);
	oomreport_feed(&a, S("oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/a,task_memcg=/a/b,task=x,pid=10,uid=0"), &k);
	/* a report for pid 11 must not take pid 10's cgroup */
	assert_true(oomreport_feed(&a, S("Out of memory: Killed process 11 (y) total-vm:1kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB"), &k));
	assert_int_equal(k.pid, 11);
	assert_int_equal(k.constraint, OOMC_NONE);
	assert_string_equal(k.oom_memcg, "");
}

static void test_task_in_4x(void **state)
{
	(void)state;
	struct oom_assembler a;
	struct oom_kill k;
	oomreport_init(&a);
	oomreport_feed(&a, S("[ 5.1] Task in /docker/abc killed as a result of limit of /docker/abc"), &k);
	oomreport_feed(&a, S("[ 5.2] Memory cgroup out of memory: Kill process 99 (java) score 1000 or sacrifice child"), &k);
	assert_true(oomreport_feed(&a, S("[ 5.3] Killed process 99 (java) total-vm:100kB, anon-rss:50kB, file-rss:0kB"), &k));
	assert_int_equal(k.constraint, OOMC_MEMCG);
	assert_string_equal(k.oom_memcg, "/docker/abc");
	assert_string_equal(k.task_memcg, "/docker/abc");
	assert_int_equal(k.shmem, UINT64_MAX);
	assert_int_equal(k.rss, 50 * 1024);
	assert_int_equal(k.ts_us, 5300000);
}

static void test_hostile_lines(void **state)
{
	(void)state;
	struct oom_line l;
	/* a comm with ") " and commas in it */
	oomreport_parse_line(S("Out of memory: Killed process 77 (llama (srv) x, y) total-vm:1kB, anon-rss:10kB, file-rss:2kB"), &l);
	assert_int_equal(l.kind, OOML_KILLED);
	assert_string_equal(l.comm, "llama (srv) x, y");
	assert_int_equal(l.shmem, UINT64_MAX);
	/* a cgroup named with a comma keeps it */
	oomreport_parse_line(S("oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),oom_memcg=/a,b,task_memcg=/a,b/c,task=t,x,pid=5,uid=0"), &l);
	assert_string_equal(l.oom_memcg, "/a,b");
	assert_string_equal(l.task_memcg, "/a,b/c");
	assert_string_equal(l.comm, "t,x");
	assert_int_equal(l.pid, 5);
	/* a path too long is unknown, never cut */
	char big[OOMR_PATH_MAX + 200];
	int n = snprintf(big, sizeof big, "oom-kill:constraint=CONSTRAINT_MEMCG,oom_memcg=/");
	memset(big + n, 'a', OOMR_PATH_MAX + 20);
	n += OOMR_PATH_MAX + 20;
	n += snprintf(big + n, sizeof big - (size_t)n, ",task_memcg=/b,task=t,pid=5,uid=0");
	oomreport_parse_line(big, (size_t)n, &l);
	assert_string_equal(l.oom_memcg, "");
	assert_string_equal(l.task_memcg, "/b");
	/* numbers that overflow, pids out of range, cut lines */
	oomreport_parse_line(S("Killed process 99999999999999999999999 (x) anon-rss:1kB"), &l);
	assert_int_equal(l.kind, OOML_OTHER);
	oomreport_parse_line(S("Killed process 0 (x)"), &l);
	assert_int_equal(l.kind, OOML_OTHER);
	oomreport_parse_line(S("Out of memory: Killed process 5"), &l);   /* cut */
	assert_int_equal(l.kind, OOML_KILLED);
	assert_int_equal(l.pid, 5);
	assert_int_equal(l.anon, UINT64_MAX);
	oomreport_parse_line(S("Killed process 5"), &l);   /* no reason, no sizes */
	assert_int_equal(l.kind, OOML_OTHER);
	oomreport_parse_line(S("Killed process 5 (x) anon-rss:99999999999999999999kB"), &l);
	assert_int_equal(l.anon, UINT64_MAX);
	oomreport_parse_line(S("Killed process 5 (x) anon-rss:18014398509481984kB"), &l);
	assert_int_equal(l.anon, UINT64_MAX);   /* * 1024 overflows */
	oomreport_parse_line(S("oom-kill:constraint="), &l);
	assert_int_equal(l.kind, OOML_CONSTRAINT);
	assert_int_equal(l.constraint, OOMC_UNKNOWN);
	oomreport_parse_line(S(""), &l);
	assert_int_equal(l.kind, OOML_OTHER);
	oomreport_parse_line(S("["), &l);
	assert_int_equal(l.kind, OOML_OTHER);
	oomreport_parse_line(S("1,2,3"), &l);
	assert_int_equal(l.kind, OOML_OTHER);
	/* ordinary lines */
	oomreport_parse_line(S("6,100,200,-;usb 1-1: new high-speed USB device number 2"), &l);
	assert_int_equal(l.kind, OOML_OTHER);
	oomreport_parse_line(S("systemd[1]: Killed process 5 (sleep) with signal SIGKILL."), &l);
	assert_int_equal(l.kind, OOML_OTHER);
}

static void test_sums_overflow(void **state)
{
	(void)state;
	struct oom_assembler a;
	struct oom_kill k;
	oomreport_init(&a);
	assert_true(oomreport_feed(&a, S("Out of memory: Killed process 5 (x) anon-rss:18014398509481983kB, file-rss:18014398509481983kB, shmem-rss:0kB"), &k));
	assert_int_equal(k.rss, UINT64_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_memcg_report),
		cmocka_unit_test(test_real_old_report),
		cmocka_unit_test(test_task_table),
		cmocka_unit_test(test_kmsg_records),
		cmocka_unit_test(test_constraint_for_another_pid),
		cmocka_unit_test(test_task_in_4x),
		cmocka_unit_test(test_hostile_lines),
		cmocka_unit_test(test_sums_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
