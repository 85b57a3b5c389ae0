/* Unit tests for per-process growth over a series of synthetic snapshots. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/growth.h"
#include "analysis/rsshist.h"

static void test_slope(void **state)
{
	(void)state;
	double t[] = {0, 1, 2, 3}, v[] = {10, 20, 30, 40}, flat[] = {5, 5, 5, 5};
	assert_float_equal(growth_slope(t, v, 4), 10, 1e-9);
	assert_float_equal(growth_slope(t, flat, 4), 0, 1e-9);
	assert_true(isnan(growth_slope(t, v, 1)));
	double same[] = {1, 1};
	assert_true(isnan(growth_slope(same, v, 2)));
}

static void tick(struct growth *g, struct snapshot *s, double t, pid_t pid, const char *comm,
                 uint64_t rss, uint64_t swap)
{
	snapshot_reset(s);
	s->mono = t;
	struct snap_proc *p = snapshot_add_proc(s);
	p->pid = pid;
	snprintf(p->comm, sizeof p->comm, "%s", comm);
	p->rss = rss;
	p->swap = swap;
	growth_update(g, s);
}

static void test_ramp_and_reuse(void **state)
{
	(void)state;
	struct growth *g = growth_new(3.0);
	struct snapshot s;
	snapshot_init(&s);
	tick(g, &s, 0.0, 100, "llama", 1000, 0);
	assert_true(isnan(s.procs[0].growth));               /* one sample: unknown */
	tick(g, &s, 0.5, 100, "llama", 1000 + 500000, 0);
	assert_float_equal(s.procs[0].growth, 1e6, 1);
	/* swap counts too: moving pages to swap is not shrinking */
	tick(g, &s, 1.0, 100, "llama", 1000 + 500000, 500000);
	assert_float_equal(s.procs[0].growth, 1e6, 1);
	/* a pid reused by another program starts again */
	tick(g, &s, 1.5, 100, "bash", 50, 0);
	assert_true(isnan(s.procs[0].growth));
	/* a process that was absent for a tick starts again too */
	tick(g, &s, 2.0, 200, "other", 1, 0);
	tick(g, &s, 2.5, 100, "bash", 80, 0);
	assert_true(isnan(s.procs[0].growth));
	snapshot_free(&s);
	growth_free(g);
}

static void test_window(void **state)
{
	(void)state;
	struct growth *g = growth_new(2.0);
	struct snapshot s;
	snapshot_init(&s);
	/* fast growth long ago, flat for the last window: growth is ~0 */
	for (int i = 0; i <= 10; i++)
		tick(g, &s, i * 0.5, 7, "x", (uint64_t)(i < 5 ? i * 1000000 : 5000000), 0);
	assert_float_equal(s.procs[0].growth, 0, 1);
	snapshot_free(&s);
	growth_free(g);
}

static void test_delay_longer_than_window(void **state)
{
	(void)state;
	/* -d 5 with a 3 s window: the rate still comes from consecutive samples */
	struct growth *g = growth_new(3.0);
	struct snapshot s;
	snapshot_init(&s);
	tick(g, &s, 0, 9, "x", 0, 0);
	tick(g, &s, 5, 9, "x", 5000, 0);
	assert_float_equal(s.procs[0].growth, 1000, 1e-6);
	tick(g, &s, 10, 9, "x", 5000, 0);
	assert_float_equal(s.procs[0].growth, 0, 1e-9);
	tick(g, &s, 15, 9, "x", 0, 0);
	assert_float_equal(s.procs[0].growth, -1000, 1e-6);
	snapshot_free(&s);
	growth_free(g);
}

static void test_plateau_after_step(void **state)
{
	(void)state;
	/* a step, then still: growth is positive while the step is in the
	 * window and exactly 0 once it has left */
	struct growth *g = growth_new(1.0);
	struct snapshot s;
	snapshot_init(&s);
	tick(g, &s, 0.0, 5, "x", 100, 0);
	tick(g, &s, 0.5, 5, "x", 100, 0);
	tick(g, &s, 1.0, 5, "x", 1100, 0);
	assert_true(s.procs[0].growth > 0);
	tick(g, &s, 1.5, 5, "x", 1100, 0);
	assert_true(s.procs[0].growth > 0);
	tick(g, &s, 2.0, 5, "x", 1100, 0);
	assert_float_equal(s.procs[0].growth, 0, 1e-9);
	tick(g, &s, 2.5, 5, "x", 1100, 0);
	assert_float_equal(s.procs[0].growth, 0, 1e-9);
	snapshot_free(&s);
	growth_free(g);
}

static void test_many_processes(void **state)
{
	(void)state;
	/* thousands of short-lived pids: the table must not grow without bound
	 * or lose live ones */
	struct growth *g = growth_new(3.0);
	struct snapshot s;
	snapshot_init(&s);
	for (int round = 0; round < 50; round++) {
		snapshot_reset(&s);
		s.mono = round;
		for (int k = 0; k < 300; k++) {
			struct snap_proc *p = snapshot_add_proc(&s);
			p->pid = k < 10 ? k + 1 : 1000 + round * 300 + k;   /* 10 stay */
			snprintf(p->comm, sizeof p->comm, "p");
			p->rss = (uint64_t)(1000 * round);
			p->swap = 0;
		}
		growth_update(g, &s);
	}
	for (int k = 0; k < 10; k++)
		assert_float_equal(s.procs[k].growth, 1000, 1e-6);
	assert_true(isnan(s.procs[10].growth));
	snapshot_free(&s);
	growth_free(g);
}

/* ---- rsshist: every process's RSS over minutes ---------------------------- */

/* One sample at t of the processes pids[i] with RSS rss[i] KiB. */
static void rtick(struct rsshist *h, struct snapshot *s, double t, size_t n, const pid_t *pids,
                  const uint64_t *starts, const uint64_t *kib)
{
	snapshot_reset(s);
	s->mono = t;
	for (size_t i = 0; i < n; i++) {
		struct snap_proc *p = snapshot_add_proc(s);
		p->pid = pids[i];
		p->start = starts[i];
		p->rss = kib[i] == UINT64_MAX ? SNAP_NA : kib[i] * 1024;
		p->kthread = pids[i] == 2;
	}
	rsshist_update(h, s);
}

static void test_rsshist_steps(void **state)
{
	(void)state;
	struct rsshist *h = rsshist_new(4.0);
	struct snapshot s;
	snapshot_init(&s);
	uint64_t rss[RSSHIST_SLOTS + 1];
	double age[RSSHIST_SLOTS + 1];
	pid_t pids[] = {10};
	uint64_t starts[] = {77};
	/* a sample a second, one kept every 4 s; the newest comes from the
	 * snapshot itself */
	for (int i = 0; i <= 10; i++) {
		uint64_t kib[] = {(uint64_t)i * 100};
		rtick(h, &s, 1000 + i, 1, pids, starts, kib);
	}
	size_t n = rsshist_get(h, &s, &s.procs[0], rss, age, RSSHIST_SLOTS + 1);
	assert_int_equal(n, 4);   /* kept at 0, 4, 8 s; the live one at 10 s */
	assert_int_equal(rss[0], 0);
	assert_int_equal(rss[1], 400 * 1024);
	assert_int_equal(rss[2], 800 * 1024);
	assert_int_equal(rss[3], 1000 * 1024);
	assert_float_equal(age[0], 10, 1e-9);
	assert_float_equal(age[1], 6, 1e-9);
	assert_float_equal(age[2], 2, 1e-9);
	assert_float_equal(age[3], 0, 1e-9);
	/* at a step the newest kept value is the snapshot's: not twice */
	uint64_t kib[] = {1200};
	rtick(h, &s, 1012, 1, pids, starts, kib);
	n = rsshist_get(h, &s, &s.procs[0], rss, age, RSSHIST_SLOTS + 1);
	assert_int_equal(n, 4);
	assert_int_equal(rss[3], 1200 * 1024);
	assert_float_equal(age[0], 12, 1e-9);
	/* a smaller max keeps the newest */
	n = rsshist_get(h, &s, &s.procs[0], rss, age, 2);
	assert_int_equal(n, 2);
	assert_int_equal(rss[0], 800 * 1024);
	assert_float_equal(age[0], 4, 1e-9);
	/* a jitter of a few ms does not skip a step */
	rtick(h, &s, 1015.99, 1, pids, starts, kib);
	n = rsshist_get(h, &s, &s.procs[0], rss, age, RSSHIST_SLOTS + 1);
	assert_int_equal(n, 5);
	assert_float_equal(age[4], 0, 1e-9);
	assert_float_equal(age[3], 3.99, 1e-9);
	snapshot_free(&s);
	rsshist_free(h);
}

static void test_rsshist_ring(void **state)
{
	(void)state;
	struct rsshist *h = rsshist_new(4.0);
	struct snapshot s;
	snapshot_init(&s);
	uint64_t rss[RSSHIST_SLOTS + 1];
	double age[RSSHIST_SLOTS + 1];
	pid_t pids[] = {10, 2, 30};
	uint64_t starts[] = {77, 1, 5};
	/* three times round the ring: the last RSSHIST_SLOTS steps are kept */
	int steps = 3 * RSSHIST_SLOTS + 7;
	for (int i = 0; i < steps; i++) {
		uint64_t kib[] = {(uint64_t)i, 0, i == steps - 2 ? UINT64_MAX : 5};
		rtick(h, &s, i * 4.0, 3, pids, starts, kib);
	}
	size_t n = rsshist_get(h, &s, &s.procs[0], rss, age, RSSHIST_SLOTS + 1);
	assert_int_equal(n, RSSHIST_SLOTS);
	for (size_t k = 0; k < n; k++) {
		assert_int_equal(rss[k], (uint64_t)(steps - RSSHIST_SLOTS + (int)k) * 1024);
		assert_float_equal(age[k], 4.0 * (double)(n - 1 - k), 1e-9);
	}
	/* a kernel thread is not kept: only the snapshot's value */
	assert_int_equal(rsshist_get(h, &s, &s.procs[1], rss, age, RSSHIST_SLOTS + 1), 1);
	/* an unknown RSS stays unknown */
	n = rsshist_get(h, &s, &s.procs[2], rss, age, RSSHIST_SLOTS + 1);
	assert_int_equal(rss[n - 2], SNAP_NA);
	assert_int_equal(rss[n - 1], 5 * 1024);
	snapshot_free(&s);
	rsshist_free(h);
}

static void test_rsshist_reuse(void **state)
{
	(void)state;
	struct rsshist *h = rsshist_new(4.0);
	struct snapshot s;
	snapshot_init(&s);
	uint64_t rss[RSSHIST_SLOTS + 1];
	double age[RSSHIST_SLOTS + 1];
	pid_t pids[] = {10, 11};
	uint64_t starts[] = {77, 80}, kib[] = {100, 200};
	for (int i = 0; i < 5; i++)
		rtick(h, &s, i * 4.0, 2, pids, starts, kib);
	assert_int_equal(rsshist_get(h, &s, &s.procs[0], rss, age, 10), 5);
	/* pid 10 is another process now (another start): its past is not
	 * the old one's */
	uint64_t starts2[] = {90, 80};
	rtick(h, &s, 20.0, 2, pids, starts2, kib);
	assert_int_equal(rsshist_get(h, &s, &s.procs[0], rss, age, 10), 1);
	assert_int_equal(rsshist_get(h, &s, &s.procs[1], rss, age, 10), 6);
	/* a process that started after the last step: the snapshot's value */
	pid_t pids3[] = {10, 11, 12};
	uint64_t starts3[] = {90, 80, 99}, kib3[] = {100, 200, 300};
	rtick(h, &s, 21.0, 3, pids3, starts3, kib3);
	assert_int_equal(rsshist_get(h, &s, &s.procs[2], rss, age, 10), 1);
	assert_int_equal(rss[0], 300 * 1024);
	/* absent at a step: forgotten, as a pid that comes back may be another */
	rtick(h, &s, 24.0, 1, pids, starts2, kib);
	rtick(h, &s, 28.0, 2, pids, starts2, kib);
	assert_int_equal(rsshist_get(h, &s, &s.procs[1], rss, age, 10), 1);
	assert_int_equal(rsshist_get(h, &s, &s.procs[0], rss, age, 10), 3);
	snapshot_free(&s);
	rsshist_free(h);
}

static void test_rsshist_still_then_moving(void **state)
{
	(void)state;
	struct rsshist *h = rsshist_new(4.0);
	struct snapshot s;
	snapshot_init(&s);
	uint64_t rss[RSSHIST_SLOTS + 1];
	double age[RSSHIST_SLOTS + 1];
	pid_t pids[] = {10, 11};
	uint64_t starts[] = {1, 2};
	int t = 0;
	/* still for 10 steps, then it moves once, then still again for more
	 * than the whole span */
	for (; t < 10; t++)
		rtick(h, &s, t * 4.0, 2, pids, starts, (uint64_t[]){100, 7});
	assert_int_equal(rsshist_get(h, &s, &s.procs[0], rss, age, RSSHIST_SLOTS + 1), 10);
	for (size_t k = 0; k < 10; k++)
		assert_int_equal(rss[k], 100 * 1024);
	rtick(h, &s, t++ * 4.0, 2, pids, starts, (uint64_t[]){200, 7});
	size_t n = rsshist_get(h, &s, &s.procs[0], rss, age, RSSHIST_SLOTS + 1);
	assert_int_equal(n, 11);
	assert_int_equal(rss[9], 100 * 1024);
	assert_int_equal(rss[10], 200 * 1024);
	for (int i = 0; i < RSSHIST_SLOTS + 5; i++, t++)
		rtick(h, &s, t * 4.0, 2, pids, starts, (uint64_t[]){200, 7});
	n = rsshist_get(h, &s, &s.procs[0], rss, age, RSSHIST_SLOTS + 1);
	assert_int_equal(n, RSSHIST_SLOTS);
	for (size_t k = 0; k < n; k++)
		assert_int_equal(rss[k], 200 * 1024);
	/* and it moves again: the still past is its own value */
	rtick(h, &s, t++ * 4.0, 2, pids, starts, (uint64_t[]){300, 7});
	n = rsshist_get(h, &s, &s.procs[0], rss, age, RSSHIST_SLOTS + 1);
	assert_int_equal(rss[n - 2], 200 * 1024);
	assert_int_equal(rss[n - 1], 300 * 1024);
	assert_int_equal(rss[0], 200 * 1024);
	snapshot_free(&s);
	rsshist_free(h);
}

static void test_rsshist_ring_not_shared(void **state)
{
	(void)state;
	/* a moving process goes; another that starts moving later must not
	 * inherit the ring's old values */
	struct rsshist *h = rsshist_new(4.0);
	struct snapshot s;
	snapshot_init(&s);
	uint64_t rss[RSSHIST_SLOTS + 1];
	double age[RSSHIST_SLOTS + 1];
	pid_t both[] = {10, 11}, b_only[] = {11};
	uint64_t starts[] = {1, 2}, b_start[] = {2};
	for (int t = 0; t < 5; t++)
		rtick(h, &s, t * 4.0, 2, both, starts, (uint64_t[]){(uint64_t)t * 1000, 50});
	rtick(h, &s, 20.0, 1, b_only, b_start, (uint64_t[]){50});
	rtick(h, &s, 24.0, 1, b_only, b_start, (uint64_t[]){60});
	size_t n = rsshist_get(h, &s, &s.procs[0], rss, age, RSSHIST_SLOTS + 1);
	assert_int_equal(n, 7);
	for (size_t k = 0; k < 6; k++)
		assert_int_equal(rss[k], 50 * 1024);
	assert_int_equal(rss[6], 60 * 1024);
	snapshot_free(&s);
	rsshist_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slope),
		cmocka_unit_test(test_ramp_and_reuse),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_delay_longer_than_window),
		cmocka_unit_test(test_plateau_after_step),
		cmocka_unit_test(test_many_processes),
		cmocka_unit_test(test_rsshist_steps),
		cmocka_unit_test(test_rsshist_ring),
		cmocka_unit_test(test_rsshist_reuse),
		cmocka_unit_test(test_rsshist_still_then_moving),
		cmocka_unit_test(test_rsshist_ring_not_shared),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
