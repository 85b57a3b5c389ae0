/* Unit tests for chunks.c: which sample histories are a load that takes a
 * whole chunk at a time, the chunk's size and phase, and the time to the
 * chunk that does not fit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "analysis/chunks.h"
#include "analysis/trend.h"

#define MiB (1024.0 * 1024)
#define NOISE (2 * MiB)
#define RESET (16 * MiB)

/* 48 samples 0.2 s apart of a headroom of 100 MiB less used(t) */
static void feed(struct trend *tr, double (*used)(double t))
{
	trend_init(tr);
	for (int k = 0; k < TREND_MAX; k++)
		trend_add(tr, k * 0.2, 100 * MiB - used(k * 0.2), NOISE, RESET);
}

static double one_a_second(double t)   /* a MiB and 2 KiB at 0.5 s of each second */
{
	return floor(t + 0.5) * (MiB + 2048);
}

static double steady(double t)   /* 0.9 MiB/s, read at every sample */
{
	return t * 0.9 * MiB;
}

static double with_free(double t)   /* the chunks, and 4 MiB given back at 5 s */
{
	return one_a_second(t) + (t >= 3 && t < 5 ? 4 * MiB : 0);
}

static double with_alloc(double t)   /* the chunks, and 8 of them at once at 3.1 s */
{
	return one_a_second(t) + (t >= 3.1 ? 8 * (MiB + 2048) : 0);
}

static double late_alloc(double t)   /* the chunks, and 8 at once at 8.1 s */
{
	return one_a_second(t) + (t >= 8.1 ? 8 * (MiB + 2048) : 0);
}

/* a MiB a second, then at 3.1 s a second process's 8 MiB start and its own
 * MiB a second in step with the first: 2 MiB a second from then on */
static double second_in_step(double t)
{
	return floor(t + 0.5) * MiB + (t >= 3.1 ? 8 * MiB + (floor(t + 0.5) - 3) * MiB : 0);
}

/* 2 MiB a second, then at 4.1 s 10 MiB at once and a MiB a second from
 * then on, and 4 MiB at once beside it at 6.1 s: against the window's
 * median move (2 MiB) the 4 MiB were two chunks, against the moves after
 * the 10 MiB four (found by the forty-first round's review: read at
 * 2.45 MiB/s for a load of 1) */
static double wide_then_alloc(double t)
{
	double u = 0;
	for (double a = 0.5; a < 4; a++)
		u += t >= a ? 2 : 0;
	for (double a = 4.5; a < 10; a++)
		u += t >= a ? 1 : 0;
	return (u + (t >= 4.1 ? 10 : 0) + (t >= 6.1 ? 4 : 0)) * MiB;
}

static double odd_sizes(double t)   /* chunks of 1 MiB and 1.5 MiB in turn */
{
	double n = floor(t + 0.5);
	return n * MiB + floor(n / 2) * 0.5 * MiB;
}

static double few(double t)   /* a MiB every 4 s: two moves in 9.4 s */
{
	return floor(t / 4 + 0.5) * MiB;
}

/* two processes taking a MiB every 2 s each, the second 0.4 s after the
 * first: chunks 0.4 s and 1.6 s apart, in turns */
static double two_in_turn(double t)
{
	double a = t >= 0.1 ? floor((t - 0.1) / 2) + 1 : 0;
	double b = t >= 0.5 ? floor((t - 0.5) / 2) + 1 : 0;
	return (a + b) * MiB;
}

/* a MiB a second, the one of 4.5 s late by 0.6 s: gaps uneven, no turns */
static double one_late(double t)
{
	double n = floor(t + 0.5);
	return (n - (t >= 4.5 && t < 5.1 ? 1 : 0)) * MiB;
}

static double idle_then_ramp(double t)   /* still 6 s, then a MiB a sample */
{
	return t < 6 ? 0 : floor((t - 6) / 0.2 + 0.5) * MiB;
}

/* A MiB every other sample of 1 s, the ring full and turning: the same
 * answer at every sample (it alternated, 24 moves and 23 still, then 23
 * and 24) */
static void test_every_other_sample(void **state)
{
	(void)state;
	struct trend tr;
	struct chunks c;
	trend_init(&tr);
	for (int k = 0; k < 3 * TREND_MAX; k++) {
		trend_add(&tr, k, 400 * MiB - floor((k + 1) / 2) * MiB, NOISE, RESET);
		if (k >= TREND_MAX) {
			assert_true(chunks_read(&tr, &c));
			assert_true(fabs(c.size - MiB) < 1);
			assert_true(fabs(c.rate - 0.5 * MiB) < 0.01 * MiB);
		}
	}
}

/* The chunks' pace, with the ring full and turning, at every sample:
 * from a line through when each came, not their first and last alone
 * (each half an interval off). A MiB every 0.5 s sampled every 0.2 s
 * comes 0.4 and 0.6 s apart in turn: first to last read 2.00 or 2.02
 * MiB/s as the window held an even number of gaps or not. A MiB a second
 * in step with the samples, each read a few ms after it or, as the
 * samples jitter, before it (a move seen a sample late): first to last
 * 2.5 % off at worst, the line 1.1 %. */
static void test_pace_at_every_sample(void **state)
{
	(void)state;
	struct {
		double period, jitter, off;
	} c[] = {{0.5, 0, 0.004}, {1.0, 0.008, 0.015}};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		struct trend tr;
		struct chunks ch;
		trend_init(&tr);
		double worst = 0;
		for (int k = 0; k < 4 * TREND_MAX; k++) {
			double t = k * 0.2 + 0.005 + c[i].jitter * sin(k * 1.7);
			trend_add(&tr, t, 400 * MiB - (floor(t / c[i].period) + 1) * MiB, NOISE, RESET);
			if (k >= TREND_MAX) {
				assert_true(chunks_read(&tr, &ch));
				worst = fmax(worst, fabs(ch.rate * c[i].period / MiB - 1));
			}
		}
		if (!(worst <= c[i].off))
			fail_msg("a MiB every %.1f s: pace %.1f %% off", c[i].period, 100 * worst);
	}
}

static void test_reads(void **state)
{
	(void)state;
	struct trend tr;
	struct chunks c;
	feed(&tr, one_a_second);
	assert_true(chunks_read(&tr, &c));
	assert_true(fabs(c.size - (MiB + 2048)) < 1);
	/* the last came between 8.4 and 8.6 s; the last sample is at 9.4 s */
	assert_true(fabs(c.since - 0.9) < 1e-9);
	/* at a chunk a second: at the forecast's rate, not at 20 % more */
	assert_true(fabs(c.rate - (MiB + 2048)) < 1);
	assert_true(chunks_at(&c, MiB));
	assert_false(chunks_at(&c, 0.8 * MiB));
	/* an allocation beside them: the chunks read from the moves after
	 * it, at their own pace (over the window, the 8 in one move read
	 * 1.5 chunks a second) */
	feed(&tr, with_alloc);
	assert_true(chunks_read(&tr, &c));
	assert_true(fabs(c.size - (MiB + 2048)) < 1);
	assert_true(fabs(c.rate - (MiB + 2048)) < 0.01 * MiB);
	assert_true(fabs(c.since - 0.9) < 1e-9);
	/* ... and none until they have made CHUNK_MOVES since */
	feed(&tr, late_alloc);
	assert_false(chunks_read(&tr, &c));
	feed(&tr, wide_then_alloc);
	assert_false(chunks_read(&tr, &c));
	/* a second stream's start, the two in step after it: 2 MiB chunks,
	 * not the first one's MiB before it (half a chunk: none at all) */
	feed(&tr, second_in_step);
	assert_true(chunks_read(&tr, &c));
	assert_true(fabs(c.size - 2 * MiB) < 1);
	assert_true(fabs(c.rate - 2 * MiB) < 0.01 * MiB);
	feed(&tr, steady);
	assert_false(chunks_read(&tr, &c));
	feed(&tr, with_free);
	assert_false(chunks_read(&tr, &c));
	feed(&tr, odd_sizes);
	assert_false(chunks_read(&tr, &c));
	feed(&tr, few);
	assert_false(chunks_read(&tr, &c));
	/* a ramp after an idle while: its still samples are none of its own */
	feed(&tr, idle_then_ramp);
	assert_false(chunks_read(&tr, &c));
}

static void test_eta(void **state)
{
	(void)state;
	const double q = MiB + 2048;
	struct chunks c = {.size = q, .since = 0.25, .rate = q};
	/* 1.02 MiB left: the next chunk does not fit (its margin), due in 0.75 s */
	assert_true(fabs(chunks_eta(&c, 1.02 * MiB, q) - 0.75) < 1e-9);
	/* 1.13 MiB left: one more fits, the one after it does not */
	assert_true(fabs(chunks_eta(&c, 1.13 * MiB, q) - 1.75) < 1e-9);
	/* 10.5 chunks left, one every 2 s: 10 fit, the 11th comes 21.75 s
	 * from now */
	assert_true(fabs(chunks_eta(&c, 10.5 * q, q / 2) - 21.75) < 1e-9);
	/* overdue: it comes any moment */
	c.since = 3;
	assert_true(fabs(chunks_eta(&c, 0.5 * MiB, q)) < 1e-9);
	assert_true(isnan(chunks_eta(&c, 5 * MiB, 0)));
}

/* Chunks in turns: the next is the one a turn back, a turn later, not a
 * chunk's time after the last (0.6 s early: a false alarm at the 60 s
 * mark, faster-creep of bench/scenarios.sh) */
static void test_turns(void **state)
{
	(void)state;
	struct trend tr;
	struct chunks c;
	feed(&tr, two_in_turn);
	assert_true(chunks_read(&tr, &c));
	assert_int_equal(c.streams, 2);
	/* at 9.4 s: the first's last came at 8.1 s, the second's at 8.5 s */
	assert_true(fabs(c.ago[0] - 1.3) < 1e-9 && fabs(c.ago[1] - 0.9) < 1e-9);
	/* 1 MiB/s: the next (the first's) at 10.1 s, 0.7 s from now, not 0.1 s */
	assert_true(fabs(chunks_eta(&c, 0.5 * MiB, MiB) - 0.7) < 1e-9);
	/* one fits: the second's at 10.5 s does not */
	assert_true(fabs(chunks_eta(&c, 1.5 * MiB, MiB) - 1.1) < 1e-9);
	/* two fit: the first's at 12.1 s does not (evenly: 2.1 s) */
	assert_true(fabs(chunks_eta(&c, 2.5 * MiB, MiB) - 2.7) < 1e-9);
	/* 30 fit: the first's, 15 turns on, at 40.1 s */
	assert_true(fabs(chunks_eta(&c, 30.5 * MiB, MiB) - 30.7) < 1e-9);
	/* the first's overdue: it comes any moment; the second's on its own
	 * time (the first no longer coming delays it not) */
	c.ago[0] += 1, c.ago[1] += 1;
	assert_true(fabs(chunks_eta(&c, 0.5 * MiB, MiB)) < 1e-9);
	assert_true(fabs(chunks_eta(&c, 1.5 * MiB, MiB) - 0.1) < 1e-9);
	/* evenly, or unevenly without turns: a chunk's time apart */
	feed(&tr, one_a_second);
	assert_true(chunks_read(&tr, &c));
	assert_int_equal(c.streams, 1);
	feed(&tr, one_late);
	assert_true(chunks_read(&tr, &c));
	assert_int_equal(c.streams, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads),
		cmocka_unit_test(test_every_other_sample), cmocka_unit_test(test_pace_at_every_sample),
		cmocka_unit_test(test_eta),
		cmocka_unit_test(test_turns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
