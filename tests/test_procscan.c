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
#include <math.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "analysis/growth.h"
#include "source/detcache.h"
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
		procscan_read(ps, &s, tick);
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
		assert_int_equal(p->start, 987654);
		assert_false(p->kthread);
		p = snapshot_find_proc(&s, 2);
		assert_non_null(p);
		assert_true(p->kthread);          /* PF_KTHREAD in its stat */
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
	assert_string_equal(st.name, "a\nb");   /* the kernel's \n is a newline */
	assert_false(st.has_uid);
	/* \\ is one backslash; other bytes come raw (ESC too); the comm's 15
	 * bytes can take 30 characters of the line */
	const char bs[] = "Name:\tx\\\\y\\t\x1b\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\n\\nZ\n";
	assert_true(kparse_status(bs, sizeof bs - 1, &st));
	assert_string_equal(st.name, "x\\y\\t\x1b\n\n\n\n\n\n\n\n\n");
	assert_int_equal(strlen(st.name), 15);
	uint64_t m[3];
	assert_true(kparse_statm("1 2 3 4 5 6 7\n", 14, m));
	assert_int_equal(m[2], 3);
	assert_false(kparse_statm("1 2", 3, m));
	assert_false(kparse_statm("", 0, m));
}

static void put(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A process's status, named name, its sizes always the same */
static void put_status(const char *dir, const char *name)
{
	char status[256];
	snprintf(status, sizeof status, "Name:\t%s\nPPid:\t1\nUid:\t0\t0\t0\t0\n"
		 "VmRSS:\t2000 kB\nRssAnon:\t1600 kB\nRssFile:\t400 kB\n"
		 "RssShmem:\t0 kB\nVmSwap:\t0 kB\n", name);
	put(dir, "status", status);
}

/* A process directory of a temporary /proc: the same name and sizes each
 * time, only the start time (stat field 22) tells one from another. */
static void make_proc(const char *dir, unsigned long start)
{
	char stat[256];
	assert_int_equal(mkdir(dir, 0755), 0);
	put(dir, "statm", "1000 500 100 10 0 400 0\n");
	put_status(dir, "worker");
	snprintf(stat, sizeof stat, "500 (worker) S 1 500 500 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 "
		 "1 0 %lu 4096000 500 18446744073709551615\n", start);
	put(dir, "stat", stat);
}

static void scan(struct procscan *ps, struct snapshot *s, struct growth *g, double t)
{
	snapshot_reset(s);
	s->mono = t;
	procscan_read(ps, s, t);
	growth_update(g, s);
}

/* A pid given to a new process of the same name and sizes between two
 * ticks: its start time differs, so the growth history and the cached
 * details (command line) of the old one are dropped. */
static void test_pid_reuse(void **state)
{
	(void)state;
	char root[] = "/tmp/oomcast-pidreuse.XXXXXX", proc[64], dir[96], old[96];
	assert_non_null(mkdtemp(root));
	snprintf(proc, sizeof proc, "%s/proc", root);
	assert_int_equal(mkdir(proc, 0755), 0);
	snprintf(dir, sizeof dir, "%s/500", proc);
	snprintf(old, sizeof old, "%s/old500", root);
	make_proc(dir, 1111);

	struct procscan *ps = procscan_open(root);
	assert_non_null(ps);
	struct growth *g = growth_new(5);
	struct detcache *dc = detcache_new();
	struct snapshot s;
	snapshot_init(&s);
	bool stale;
	scan(ps, &s, g, 1);
	scan(ps, &s, g, 2);
	struct snap_proc *p = snapshot_find_proc(&s, 500);
	assert_non_null(p);
	assert_int_equal(p->start, 1111);
	assert_false(isnan(p->growth));   /* two samples: a rate (0) */
	detcache_tick(dc);
	struct detail *d = detcache_get(dc, 500, p->start, p->comm, 2, 5, &stale);
	assert_true(stale);
	detail_set_cmdline(d, "worker --old", 12);

	/* the new directory exists before the old one goes, as in the kernel:
	 * it has an inode of its own */
	char fresh[96];
	snprintf(fresh, sizeof fresh, "%s/new500", root);
	make_proc(fresh, 2222);
	assert_int_equal(rename(dir, old), 0);
	assert_int_equal(rename(fresh, dir), 0);
	scan(ps, &s, g, 3);
	p = snapshot_find_proc(&s, 500);
	assert_non_null(p);
	assert_int_equal(p->start, 2222);
	assert_string_equal(p->comm, "worker");
	assert_true(isnan(p->growth));    /* a new history */
	detcache_tick(dc);
	d = detcache_get(dc, 500, p->start, p->comm, 3, 5, &stale);
	assert_true(stale);               /* within the 5 s, yet reread */
	assert_null(d->cmdline);

	/* the same process, unchanged: nothing dropped */
	scan(ps, &s, g, 4);
	p = snapshot_find_proc(&s, 500);
	assert_false(isnan(p->growth));
	detcache_tick(dc);
	detail_set_cmdline(d, "worker --new", 12);
	detail_set_cgroup(d, "/app/job");
	d = detcache_get(dc, 500, p->start, p->comm, 4, 5, &stale);
	assert_false(stale);
	assert_string_equal(d->cmdline, "worker --new");

	/* past the 5 s the same process is reread, its cgroup kept until a
	 * read names one (an exiting process cannot, cgroup.h) */
	detcache_tick(dc);
	d = detcache_get(dc, 500, p->start, p->comm, 10, 5, &stale);
	assert_true(stale);
	assert_null(d->cmdline);
	assert_string_equal(d->cgroup, "/app/job");
	/* another process under the pid: nothing of the old one */
	detcache_tick(dc);
	d = detcache_get(dc, 500, p->start + 1, p->comm, 11, 5, &stale);
	assert_true(stale);
	assert_null(d->cgroup);

	snapshot_free(&s);
	detcache_free(dc);
	growth_free(g);
	procscan_close(ps);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

/* An unchanged process's status is read again every 5 s (its name may
 * change without its memory), by the time the scan is given: the snapshot
 * it fills has no time yet (live.c reads RAM after the processes). pid
 * 500's first reread, spread over the interval, comes 0.5 s after it is
 * first seen; the next 5 s after that. */
static void test_status_refresh(void **state)
{
	(void)state;
	char root[] = "/tmp/oomcast-refresh.XXXXXX", proc[64], dir[96];
	assert_non_null(mkdtemp(root));
	snprintf(proc, sizeof proc, "%s/proc", root);
	assert_int_equal(mkdir(proc, 0755), 0);
	snprintf(dir, sizeof dir, "%s/500", proc);
	make_proc(dir, 1111);
	struct procscan *ps = procscan_open(root);
	assert_non_null(ps);
	struct snapshot s;
	snapshot_init(&s);
	static const double at[] = {100, 101, 102, 105.5, 106.6};
	static const char *const name[] = {"worker", "worker", "worker", "worker", "renamed"};
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
		if (i == 2)
			put_status(dir, "renamed");
		snapshot_reset(&s);   /* s.mono 0, as live.c's scan finds it */
		procscan_read(ps, &s, at[i]);
		struct snap_proc *p = snapshot_find_proc(&s, 500);
		assert_non_null(p);
		if (strcmp(p->comm, name[i]) != 0)
			fail_msg("at %.1f s: '%s', not '%s'", at[i], p->comm, name[i]);
	}
	snapshot_free(&s);
	procscan_close(ps);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_fixture),
		cmocka_unit_test(test_status_and_statm_parsers),
		cmocka_unit_test(test_pid_reuse),
		cmocka_unit_test(test_status_refresh),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
