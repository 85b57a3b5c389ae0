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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slope),
		cmocka_unit_test(test_ramp_and_reuse),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_delay_longer_than_window),
		cmocka_unit_test(test_plateau_after_step),
		cmocka_unit_test(test_many_processes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
