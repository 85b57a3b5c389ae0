/* Unit tests for kills.c: each OOM kill once, in its true scope, whatever
 * order its evidence (the kernel's report, a cgroup's counter, the
 * machine's counter) arrives in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/events.h"
#include "analysis/kills.h"
#include "snapshot.h"

#define GiB (1024ull * 1024 * 1024)
#define MiB (1024ull * 1024)

struct world {
	struct snapshot s;
	struct kills *k;
	struct evlog *log;
	double now;
	uint64_t vm;
	size_t nevents;            /* all events appended so far */
	struct event ev[32];
};

static void start(struct world *w)
{
	memset(w, 0, sizeof *w);
	snapshot_init(&w->s);
	w->k = kills_new();
	w->log = evlog_new();
	w->now = 100;
}

static void finish(struct world *w)
{
	kills_free(w->k);
	evlog_free(w->log);
	snapshot_free(&w->s);
}

/* A new sample: an idle 24 GiB machine. */
static void sample(struct world *w)
{
	snapshot_reset(&w->s);
	w->now += 0.5;
	w->s.mono = w->now;
	w->s.t = 1700000000 + w->now;
	w->s.mem.total = 24 * GiB;
	w->s.mem.available = 20 * GiB;
	w->s.swap.free = 0;
	w->s.vm.oom_kills = w->vm;
	w->s.kernel_log = true;
}

static int cgroup(struct world *w, const char *path, uint64_t limit, uint64_t usage, uint64_t kills)
{
	bool added;
	int i = snapshot_cgroup_index(&w->s, path, CG_V1, &added);
	struct snap_cgroup *c = &w->s.cgroups[i];
	c->limited = limit ? 1 : 0;
	c->limit = limit ? limit : SNAP_NA;
	c->effective_limit = limit ? limit : SNAP_NA;
	c->usage = usage;
	c->oom_kills = kills;
	return i;
}

static void proc(struct world *w, pid_t pid, const char *comm, uint64_t rss, int cg)
{
	struct snap_proc *p = snapshot_add_proc(&w->s);
	p->pid = pid;
	snprintf(p->comm, sizeof p->comm, "%s", comm);
	p->rss = rss;
	p->cgroup = cg;
}

static void report(struct world *w, pid_t pid, const char *comm, enum oom_constraint c,
                   const char *oom_memcg, const char *task_memcg, uint64_t rss)
{
	struct oom_kill *k = snapshot_add_kill(&w->s);
	memset(k, 0, sizeof *k);
	k->pid = pid;
	snprintf(k->comm, sizeof k->comm, "%s", comm);
	k->constraint = c;
	snprintf(k->oom_memcg, sizeof k->oom_memcg, "%s", oom_memcg);
	snprintf(k->task_memcg, sizeof k->task_memcg, "%s", task_memcg);
	k->rss = rss;
}

/* Analyse the sample; collect what it appended. */
static void tick(struct world *w)
{
	evlog_tick(w->log);
	kills_update(w->k, &w->s, w->log);
	size_t n;
	evlog_fresh(w->log, 0, &n);
	for (size_t i = 0; i < n && w->nevents < 32; i++)
		w->ev[w->nevents++] = *evlog_fresh(w->log, i, &n);
}

static void quiet(struct world *w, int samples)
{
	for (int i = 0; i < samples; i++) {
		sample(w);
		cgroup(w, "/box", 1 * GiB, 10 * MiB, 1);
		tick(w);
	}
}

/* The usual case's two samples: the loader alone in /box, then its
 * report (the kernel's time of it ts_us, 0 none; /dev/kmsg read at
 * kmsg_mono, NAN unknown), its cgroup's counter and the machine's counter
 * in one sample. */
static void usual_kill(struct world *w, uint64_t ts_us, double kmsg_mono)
{
	start(w);
	sample(w);
	int cg = cgroup(w, "/box", 1 * GiB, 1000 * MiB, 0);
	proc(w, 500, "llama-server", 990 * MiB, cg);
	tick(w);
	sample(w);
	w->vm = 1;
	w->s.vm.oom_kills = 1;
	cgroup(w, "/box", 1 * GiB, 1 * MiB, 1);
	report(w, 500, "llama-server", OOMC_MEMCG, "/box", "/box", 990 * MiB);
	w->s.kills[w->s.nkills - 1].ts_us = ts_us;
	w->s.kmsg_mono = kmsg_mono;
	tick(w);
}

/* The usual case: the loader was the container's only process; its report,
 * its cgroup's counter and the machine's counter in one sample. */
static void test_report_and_counters_once(void **state)
{
	(void)state;
	struct world w;
	usual_kill(&w, 0, NAN);
	quiet(&w, 5);
	assert_int_equal(w.nevents, 1);
	assert_int_equal(w.ev[0].pid, 500);
	assert_string_equal(w.ev[0].scope, "/box");
	assert_int_equal(w.ev[0].source, EVS_KERNEL_LOG);
	assert_int_equal(w.ev[0].constraint, OOMC_MEMCG);
	assert_int_equal(w.ev[0].rss, 990 * MiB);
	finish(&w);
}

/* The kill's time is the kernel's, where its report's clock agrees with
 * the samples': between the sample before and this one, not this sample's
 * time (up to an interval late); outside them, a clock gone apart, the
 * sample's stands. */
static void test_kernel_time(void **state)
{
	(void)state;
	/* the report's time since boot, in monotonic s; the event's time
	 * each gives (samples 0.5 s apart, the kill seen at mono 101.0) */
	struct {
		double ts, kmsg, t;   /* kmsg: when /dev/kmsg was read (NAN unknown) */
	} c[] = {
		{100.8, NAN, 1700000000 + 100.8},     /* 0.2 s before the sample */
		{101.3, NAN, 1700000000 + 101.3},     /* after its stamped reads */
		{100.4, NAN, 1700000000 + 101.0},     /* before the sample before: apart */
		{102.0, NAN, 1700000000 + 101.0},     /* too far after: apart */
		{0, NAN, 1700000000 + 101.0},         /* no time in the report */
		{101.3, 101.35, 1700000000 + 101.3},  /* by the time kmsg was read */
		{101.3, 101.2, 1700000000 + 101.0},   /* after it: apart */
		{101.9, 102.0, 1700000000 + 101.9},   /* kmsg read late: by then */
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		struct world w;
		usual_kill(&w, (uint64_t)(c[i].ts * 1e6 + 0.5), c[i].kmsg);
		assert_int_equal(w.nevents, 1);
		if (fabs(w.ev[0].t - c[i].t) > 1e-6)
			fail_msg("report at %.1f s: event at %.6f, not %.6f", c[i].ts, w.ev[0].t, c[i].t);
		finish(&w);
	}
}

/* The counter is seen one sample before the report: still one kill, and
 * the report names it (not the fallback's guess). */
static void test_counter_before_report(void **state)
{
	(void)state;
	struct world w;
	start(&w);
	sample(&w);
	int cg = cgroup(&w, "/box", 1 * GiB, 1000 * MiB, 0);
	proc(&w, 500, "loader", 990 * MiB, cg);
	proc(&w, 600, "bigger", 4 * GiB, -1);   /* elsewhere, unknown cgroup */
	tick(&w);
	sample(&w);
	cgroup(&w, "/box", 1 * GiB, 1 * MiB, 1);
	proc(&w, 600, "bigger", 4 * GiB, -1);
	w.vm = 1, w.s.vm.oom_kills = 1;
	tick(&w);
	assert_int_equal(w.nevents, 0);   /* waits for the report */
	sample(&w);
	cgroup(&w, "/box", 1 * GiB, 1 * MiB, 1);
	report(&w, 500, "loader", OOMC_MEMCG, "/box", "/box", 980 * MiB);
	tick(&w);
	quiet(&w, 5);
	assert_int_equal(w.nevents, 1);
	assert_int_equal(w.ev[0].pid, 500);
	assert_int_equal(w.ev[0].source, EVS_KERNEL_LOG);
	assert_string_equal(w.ev[0].scope, "/box");
	finish(&w);
}

/* Without the kernel log: the counter of a cgroup whose last process is
 * gone names the cgroup, and the victim only among its own processes. */
static void test_counter_only(void **state)
{
	(void)state;
	struct world w;
	start(&w);
	sample(&w);
	w.s.kernel_log = false;
	int cg = cgroup(&w, "/box", 1 * GiB, 1000 * MiB, 0);
	proc(&w, 500, "loader", 990 * MiB, cg);
	proc(&w, 600, "bigger", 4 * GiB, -1);
	tick(&w);
	/* both vanish; only the loader was in /box */
	sample(&w);
	w.s.kernel_log = false;
	cgroup(&w, "/box", 1 * GiB, 1 * MiB, 1);
	w.vm = 1, w.s.vm.oom_kills = 1;
	tick(&w);
	quiet(&w, 3);
	assert_int_equal(w.nevents, 1);
	assert_int_equal(w.ev[0].pid, 500);
	assert_string_equal(w.ev[0].comm, "loader");
	assert_string_equal(w.ev[0].scope, "/box");
	assert_int_equal(w.ev[0].source, EVS_COUNTER);
	finish(&w);
}

/* Only the machine's counter rose, on a machine with room: the scope
 * cannot be known, and no vanished process is blamed. When the machine
 * itself was out, it is a whole-machine kill. */
static void test_machine_counter_only(void **state)
{
	(void)state;
	struct world w;
	start(&w);
	sample(&w);
	w.s.kernel_log = false;
	proc(&w, 600, "gone", 4 * GiB, -1);
	tick(&w);
	sample(&w);
	w.s.kernel_log = false;
	w.vm = 1, w.s.vm.oom_kills = 1;
	tick(&w);
	quiet(&w, 3);
	assert_int_equal(w.nevents, 1);
	assert_string_equal(w.ev[0].scope, "");
	assert_int_equal(w.ev[0].pid, 0);

	/* now with the machine nearly out */
	sample(&w);
	w.s.mem.available = 10 * MiB;
	proc(&w, 700, "hog", 23 * GiB, -1);
	tick(&w);
	sample(&w);
	w.vm = 2, w.s.vm.oom_kills = 2;
	tick(&w);
	quiet(&w, 3);
	assert_int_equal(w.nevents, 2);
	assert_string_equal(w.ev[1].scope, "system");
	assert_int_equal(w.ev[1].pid, 700);
	finish(&w);
}

/* Counters are hierarchical: a kill in /a/b counts in /a too. */
static void test_hierarchy_counts_once(void **state)
{
	(void)state;
	struct world w;
	start(&w);
	sample(&w);
	w.s.kernel_log = false;
	cgroup(&w, "/a", 2 * GiB, 1900 * MiB, 3);
	int b = cgroup(&w, "/a/b", 1 * GiB, 1000 * MiB, 0);
	proc(&w, 42, "worker", 900 * MiB, b);
	tick(&w);
	sample(&w);
	w.s.kernel_log = false;
	cgroup(&w, "/a", 2 * GiB, 900 * MiB, 4);
	cgroup(&w, "/a/b", 1 * GiB, 1 * MiB, 1);
	w.vm = 1, w.s.vm.oom_kills = 1;
	tick(&w);
	quiet(&w, 3);
	assert_int_equal(w.nevents, 1);
	assert_string_equal(w.ev[0].scope, "/a/b");
	assert_int_equal(w.ev[0].pid, 42);
	finish(&w);
}

/* A whole-machine kill of a process that lives in a limited cgroup: its
 * cgroup counts the kill too, but the report says the machine. */
static void test_system_kill_in_cgroup(void **state)
{
	(void)state;
	struct world w;
	start(&w);
	sample(&w);
	int cg = cgroup(&w, "/box", 16 * GiB, 2 * GiB, 0);
	proc(&w, 77, "python3", 2 * GiB, cg);
	tick(&w);
	sample(&w);
	cgroup(&w, "/box", 16 * GiB, 1 * MiB, 1);
	w.vm = 1, w.s.vm.oom_kills = 1;
	report(&w, 77, "python3", OOMC_NONE, "", "/box", 2 * GiB);
	tick(&w);
	quiet(&w, 3);
	assert_int_equal(w.nevents, 1);
	assert_string_equal(w.ev[0].scope, "system");
	finish(&w);
}

/* Many kills in one sample (a fork bomb in a small cgroup): each once. */
static void test_kill_storm(void **state)
{
	(void)state;
	struct world w;
	start(&w);
	sample(&w);
	cgroup(&w, "/box", 1 * GiB, 1000 * MiB, 0);
	tick(&w);
	sample(&w);
	cgroup(&w, "/box", 1 * GiB, 1000 * MiB, 20);
	w.vm = 20, w.s.vm.oom_kills = 20;
	for (int i = 0; i < 20; i++)
		report(&w, 1000 + i, "worker", OOMC_MEMCG, "/box", "/box", 10 * MiB);
	tick(&w);
	quiet(&w, 3);
	assert_int_equal(w.nevents, 20);
	assert_int_equal(evlog_kills(w.log), 20);
	for (int i = 0; i < 20; i++)
		assert_int_equal(w.ev[i].pid, 1000 + i);
	finish(&w);
}

/* A report whose constraint line was lost (rate-limited) takes the scope
 * its cgroup's counter showed. */
static void test_report_without_constraint(void **state)
{
	(void)state;
	struct world w;
	start(&w);
	sample(&w);
	cgroup(&w, "/box", 1 * GiB, 1000 * MiB, 0);
	tick(&w);
	sample(&w);
	cgroup(&w, "/box", 1 * GiB, 1 * MiB, 1);
	w.vm = 1, w.s.vm.oom_kills = 1;
	report(&w, 5, "x", OOMC_MEMCG, "", "", 100 * MiB);
	tick(&w);
	quiet(&w, 3);
	assert_int_equal(w.nevents, 1);
	assert_string_equal(w.ev[0].scope, "/box");
	assert_int_equal(w.ev[0].pid, 5);
	finish(&w);
}

static void test_describe(void **state)
{
	(void)state;
	struct event e = {.type = EV_OOM_KILL, .source = EVS_KERNEL_LOG, .pid = 5, .rss = 512 * MiB,
	                  .constraint = OOMC_MEMCG};
	char buf[256];
	snprintf(e.comm, sizeof e.comm, "memhog");
	snprintf(e.scope, sizeof e.scope, "/box");
	event_describe(&e, buf, sizeof buf);
	assert_string_equal(buf, "OOM kill in cgroup /box: pid 5 memhog, 512 MiB (kernel log)");
	e.scope[0] = '\0';
	e.pid = 0;
	e.source = EVS_COUNTER;
	event_describe(&e, buf, sizeof buf);
	assert_string_equal(buf, "OOM kill (scope unknown): victim unknown (counter)");
	struct event l = {.type = EV_LOG_ERROR, .source = EVS_WATCHED_LOG};
	snprintf(l.kb, sizeof l.kb, "gpu-oom");
	snprintf(l.scope, sizeof l.scope, "/tmp/x.log");
	snprintf(l.line, sizeof l.line, "CUDA out of memory");
	event_describe(&l, buf, sizeof buf);
	assert_string_equal(buf, "known error [gpu-oom] in /tmp/x.log: CUDA out of memory");
	/* a logged error is never called a kill */
	assert_null(strstr(buf, "OOM kill"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_and_counters_once),
		cmocka_unit_test(test_kernel_time),
		cmocka_unit_test(test_counter_before_report),
		cmocka_unit_test(test_counter_only),
		cmocka_unit_test(test_machine_counter_only),
		cmocka_unit_test(test_hierarchy_counts_once),
		cmocka_unit_test(test_system_kill_in_cgroup),
		cmocka_unit_test(test_kill_storm),
		cmocka_unit_test(test_report_without_constraint),
		cmocka_unit_test(test_describe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
