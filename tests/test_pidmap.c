/* test_pidmap.c - the pid-keyed table every per-process tracker keeps:
 * entries found again tick after tick, a pid missing for a tick taken for a
 * new process, the vanished shed, its slots never 2/3 full and its room
 * never much bigger than the processes it holds; against a plain array as
 * the model, through random churn over the whole pid range. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/pidmap.h"

struct ent {
	struct pidmap_hdr h;
	unsigned value;
	char pad[20];
};

static void assert_bounds(const struct pidmap *m, size_t live)
{
	assert_true(m->used <= m->cap);
	assert_true(m->used * 3 <= m->nslots * 2);   /* probing always ends */
	/* at most about twice what it holds: stale entries shed once they
	 * are as many as the live ones, the room shrunk once twice theirs */
	assert_true(m->cap <= 3 * (live + 64) + PIDMAP_MIN_CAP);
}

static void test_ticks(void **state)
{
	(void)state;
	struct pidmap m;
	pidmap_init(&m, sizeof(struct ent));
	bool fresh;
	pidmap_begin(&m, 0);   /* none expected: it grows */
	for (pid_t p = 1; p <= 5000; p++) {
		struct ent *e = pidmap_get(&m, p, &fresh);
		assert_true(fresh);
		assert_int_equal(e->value, 0);
		e->value = (unsigned)p * 7;
	}
	pidmap_end(&m, 5000);
	assert_bounds(&m, 5000);
	/* a table of 1,077 is sized for them, not for the next power of two */
	struct pidmap small;
	pidmap_init(&small, sizeof(struct ent));
	pidmap_begin(&small, 1077);
	for (pid_t p = 1; p <= 1077; p++)
		pidmap_get(&small, p * 13, &fresh);
	size_t cap = small.cap;
	assert_int_equal(small.used, 1077);   /* packed: no empty room between */
	pidmap_end(&small, 1077);
	assert_true(small.cap < 1400);
	assert_int_equal(small.cap, cap);   /* sized once, at the tick's start */
	pidmap_free(&small);
	/* the next tick finds them all, values kept */
	pidmap_begin(&m, 5000);
	for (pid_t p = 1; p <= 5000; p++) {
		struct ent *e = pidmap_get(&m, p, &fresh);
		assert_false(fresh);
		assert_int_equal(e->value, (unsigned)p * 7);
	}
	pidmap_end(&m, 5000);
	/* only the even ones seen: the odd ones are not found in this tick,
	 * and one seen again after a tick away is a new process */
	pidmap_begin(&m, 5000);
	for (pid_t p = 2; p <= 5000; p += 2)
		pidmap_get(&m, p, &fresh);
	pidmap_end(&m, 2500);
	assert_null(pidmap_find(&m, 3));
	assert_non_null(pidmap_find(&m, 4));
	pidmap_begin(&m, 2500);
	for (pid_t p = 2; p <= 5000; p += 2)
		pidmap_get(&m, p, &fresh);
	struct ent *e = pidmap_get(&m, 3, &fresh);
	assert_true(fresh);
	assert_int_equal(e->value, 0);
	pidmap_end(&m, 2501);
	/* a storm over: the table shrinks to what is left */
	for (int k = 0; k < 3; k++) {
		pidmap_begin(&m, 100);
		for (pid_t p = 2; p <= 200; p += 2)
			pidmap_get(&m, p, &fresh);
		pidmap_end(&m, 100);
	}
	assert_bounds(&m, 100);
	pidmap_free(&m);
}

#define MODEL_PIDS 4096
#define PID_MAX 4194304

/* Random churn: each tick a random set of pids (from a pool spread over the
 * whole pid range) seen; every lookup agrees with the model. */
static void test_churn(void **state)
{
	(void)state;
	static pid_t pool[MODEL_PIDS];
	static unsigned last[MODEL_PIDS], val[MODEL_PIDS];
	srand(7);
	for (int i = 0; i < MODEL_PIDS; i++) {
		pool[i] = 1 + (pid_t)(((unsigned)rand() * 2654435761u) % PID_MAX);
		for (int j = 0; j < i; j++)
			if (pool[j] == pool[i]) {
				i--;
				break;
			}
	}
	struct pidmap m;
	pidmap_init(&m, sizeof(struct ent));
	memset(last, 0, sizeof last);
	size_t last_seen = 0;
	for (unsigned tick = 1; tick <= 300; tick++) {
		/* a moving window of the pool, some of it skipped at random; the
		 * table told to expect the last tick's count (as procscan does),
		 * more or fewer than come */
		int from = (int)(tick * 13 % MODEL_PIDS), span = 200 + rand() % 1800;
		pidmap_begin(&m, last_seen);
		size_t seen = 0;
		for (int k = 0; k < span; k++) {
			int i = (from + k) % MODEL_PIDS;
			if (rand() % 8 == 0)
				continue;
			bool fresh;
			struct ent *e = pidmap_get(&m, pool[i], &fresh);
			bool want_fresh = last[i] == 0 || last[i] + 1 != tick;
			if (fresh != want_fresh)
				fail_msg("tick %u pid %d: fresh %d, want %d", tick, pool[i], fresh, want_fresh);
			if (!fresh && e->value != val[i])
				fail_msg("tick %u pid %d: value %u, want %u", tick, pool[i], e->value, val[i]);
			e->value = val[i] = (unsigned)rand();
			last[i] = tick;
			seen++;
		}
		pidmap_end(&m, seen);
		last_seen = seen;
		for (int i = 0; i < MODEL_PIDS; i += 7) {
			const struct ent *f = pidmap_find(&m, pool[i]);
			if ((f != NULL) != (last[i] == tick))
				fail_msg("tick %u pid %d: found %d", tick, pool[i], f != NULL);
			if (f && f->value != val[i])
				fail_msg("tick %u pid %d: found value %u", tick, pool[i], f->value);
		}
		assert_bounds(&m, seen);
	}
	pidmap_free(&m);
}

/* A churn of short-lived processes beside steady ones (400 new pids a tick
 * beside 500, a build's jobs): the table settles at a size and stays there,
 * not grown mid-tick and shrunk at the tick's end, tick after tick (each
 * rebuild holds two tables at once; a review found it cycling so) */
static void test_churn_settles(void **state)
{
	(void)state;
	struct pidmap m;
	pidmap_init(&m, sizeof(struct ent));
	size_t last_seen = 0, changes = 0, prev_cap = 0;
	pid_t next = 100000;
	for (int tick = 0; tick < 100; tick++) {
		pidmap_begin(&m, last_seen);
		bool fresh;
		size_t cap0 = m.cap;
		for (pid_t p = 1; p <= 500; p++)
			pidmap_get(&m, p, &fresh);
		for (int k = 0; k < 400; k++)
			assert_true(((struct ent *)pidmap_get(&m, next++, &fresh)) != NULL && fresh);
		pidmap_end(&m, 900);
		last_seen = 900;
		if (tick >= 10 && (m.cap != prev_cap || m.cap != cap0))
			changes++;
		prev_cap = m.cap;
		assert_bounds(&m, 900);
	}
	if (changes > 2)
		fail_msg("the table changed size %zu times in 90 ticks of steady churn", changes);
	pidmap_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ticks),
		cmocka_unit_test(test_churn),
		cmocka_unit_test(test_churn_settles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
