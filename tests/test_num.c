/* test_num.c - num.h's functions against libm's (this test links libm; the
 * program does not): exp and log within an ulp over their whole ranges and
 * at their edges, the rounding functions and fmod exactly where oomcast
 * takes them, fmin/fmax with NaNs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"

static uint64_t bits(double x)
{
	uint64_t u;
	memcpy(&u, &x, sizeof u);
	return u;
}

/* ulps between two doubles of one sign (or both zero); an infinity is
 * never an ulp from a finite number (an exp overflowing to DBL_MAX fails) */
static uint64_t ulps(double a, double b)
{
	if (a == b)
		return 0;
	if ((a < 0) != (b < 0) || isinf(a) || isinf(b))
		return UINT64_MAX;
	uint64_t x = bits(fabs(a)), y = bits(fabs(b));
	return x > y ? x - y : y - x;
}

/* xorshift64: the same numbers on every machine */
static uint64_t rng = 88172645463325252u;
static uint64_t next_u64(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}
static double uniform(double lo, double hi)
{
	return lo + (hi - lo) * (double)(next_u64() >> 11) / 0x1p53;
}

/* ours within an ulp of libm's (a NaN where libm gives one) */
static void check(const char *name, double (*ref)(double), double (*ours)(double), double x)
{
	double want = ref(x), got = ours(x);
	if (isnan(want)) {
		if (!isnan(got))
			fail_msg("%s(%a): %a, want NaN", name, x, got);
		return;
	}
	if (ulps(want, got) > 1)
		fail_msg("%s(%a) = %a, libm %a: %llu ulps", name, x, got, want,
			 (unsigned long long)ulps(want, got));
}

static void check_exp(double x)
{
	check("exp", exp, num_exp, x);
}

static void check_log(double x)
{
	check("log", log, num_log, x);
}

static void test_exp(void **state)
{
	(void)state;
	static const double edge[] = {
		0, -0.0, 1e-300, -1e-300, 0x1p-30, -0x1p-30, 0.34657359027997264, 0.3465735902799727,
		-0.34657359027997264, 1.0397207708399179, -1.0397207708399179, 1, -1, 0.5, 2, 10, -10,
		100, -100, 700, -700, 708.39, 709.78, 709.782712893383973096, 709.79, 710, -708.4,
		-745.13, -745.2, -746, INFINITY, -INFINITY, NAN,
	};
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
		check_exp(edge[i]);
	for (int i = 0; i < 1000000; i++)
		check_exp(uniform(-50, 50));              /* what the decay fit takes */
	for (int i = 0; i < 300000; i++)
		check_exp(uniform(-746, 710));
	for (int i = 0; i < 100000; i++)
		check_exp(uniform(-1e-6, 1e-6));
	/* the results oomcast needs exactly */
	assert_true(num_exp(0) == 1);
	assert_true(num_exp(-INFINITY) == 0);
	assert_true(isinf(num_exp(INFINITY)) && num_exp(INFINITY) > 0);
}

static void test_log(void **state)
{
	(void)state;
	static const double edge[] = {
		1, 2, 0.5, 4, 0.7071067811865476, 1.4142135623730951, 1.4142135623730950, 1 + 0x1p-52,
		1 - 0x1p-53, 1 + 0x1p-20, 1 - 0x1p-20, 10, 0.1, DBL_MAX, DBL_MIN, 0x1p-1074, 0x1p-1060,
		3e-310, 1e300, 0, -0.0, -1, INFINITY, -INFINITY, NAN,
	};
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
		check_log(edge[i]);
	for (int i = 0; i < 1000000; i++)
		check_log(uniform(0, 4));                 /* ratios of rates */
	for (int i = 0; i < 300000; i++)
		check_log(exp2(uniform(-1074, 1024)));    /* every exponent */
	for (int i = 0; i < 100000; i++)
		check_log(1 + uniform(-1e-6, 1e-6));
	for (int i = 0; i < 100000; i++) {           /* any bits of a positive finite double */
		uint64_t u = next_u64() & 0x7fffffffffffffffu;
		if ((u >> 52) != 0x7ff)
			check_log(((union { uint64_t u; double d; }){ u }).d);
	}
	assert_true(num_log(1) == 0);
	assert_true(isinf(num_log(0)) && num_log(0) < 0);
	assert_true(isnan(num_log(-1)));
}

static void test_rounding(void **state)
{
	(void)state;
	static const double xs[] = {
		0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
		1 - 0x1p-53, 0x1p52, -0x1p52, 0x1p52 + 1, 0x1p52 - 0.5, 0x1p53, 4503599627370495.5,
		-4503599627370495.5, 1e300, -1e300, 3.7, -3.7, 1e-300, -1e-300, INFINITY, -INFINITY,
	};
	for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
		double x = xs[i];
		if (bits(num_trunc(x)) != bits(trunc(x)))
			fail_msg("trunc(%a) = %a, libm %a", x, num_trunc(x), trunc(x));
		if (bits(num_floor(x)) != bits(floor(x)))
			fail_msg("floor(%a) = %a, libm %a", x, num_floor(x), floor(x));
		if (bits(num_ceil(x)) != bits(ceil(x)))
			fail_msg("ceil(%a) = %a, libm %a", x, num_ceil(x), ceil(x));
		if (bits(num_round(x)) != bits(round(x)))
			fail_msg("round(%a) = %a, libm %a", x, num_round(x), round(x));
		if (fabs(x) < 0x1p62 && num_lround(x) != lround(x))
			fail_msg("lround(%a) = %ld, libm %ld", x, num_lround(x), lround(x));
	}
	for (int i = 0; i < 200000; i++) {
		double x = uniform(-1e6, 1e6);
		if (i % 2)
			x = round(x) + (i % 4 == 1 ? 0.5 : -0.5);   /* halves */
		assert_true(bits(num_floor(x)) == bits(floor(x)));
		assert_true(bits(num_ceil(x)) == bits(ceil(x)));
		assert_true(bits(num_round(x)) == bits(round(x)));
		assert_true(num_lround(x) == lround(x));
	}
	assert_true(isnan(num_trunc(NAN)) && isnan(num_round(NAN)) && isnan(num_ceil(NAN)));
	/* where libm's is unspecified: saturated, not undefined behaviour */
	assert_true(num_lround(1e300) == LONG_MAX);
	assert_true(num_lround(-1e300) == LONG_MIN);
	assert_true(num_lround(NAN) == LONG_MIN);
}

static void test_fmod(void **state)
{
	(void)state;
	/* whole numbers (the chunks' turn), exactly */
	for (int i = 0; i < 200000; i++) {
		double x = (double)(next_u64() >> 12), y = (double)(1 + next_u64() % 64);
		if (i % 3 == 0)
			x = (double)(next_u64() % 1000);
		if (i % 5 == 0)
			x = -x;
		double want = fmod(x, y), got = num_fmod(x, y);
		if (bits(got) != bits(want))
			fail_msg("fmod(%a, %a) = %a, libm %a", x, y, got, want);
	}
	/* the refresh interval's decimals (meters.c, overlay.c) */
	for (int d = 1; d <= 1000; d++) {
		double delay = d / 100.0;
		assert_true((fmod(delay * 100, 10) > 0.5) == (num_fmod(delay * 100, 10) > 0.5));
		assert_true(fabs(fmod(delay * 100, 10) - num_fmod(delay * 100, 10)) < 1e-12);
	}
	assert_true(isnan(num_fmod(1, 0)) && isnan(num_fmod(INFINITY, 2)) && isnan(num_fmod(NAN, 2)));
	assert_true(num_fmod(5, INFINITY) == 5);
	assert_true(bits(num_fmod(-0.0, 3)) == bits(fmod(-0.0, 3)));
}

static void test_minmax(void **state)
{
	(void)state;
	static const double v[] = {0, -0.0, 1, -1, 1e300, -1e300, INFINITY, -INFINITY, NAN};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		for (size_t j = 0; j < sizeof v / sizeof v[0]; j++) {
			double a = v[i], b = v[j];
			if (a == 0 && b == 0)
				continue;   /* fmin(-0, 0): either, by the standard */
			double mx = fmax(a, b), mn = fmin(a, b);
			assert_true(isnan(mx) ? isnan(num_fmax(a, b)) : num_fmax(a, b) == mx);
			assert_true(isnan(mn) ? isnan(num_fmin(a, b)) : num_fmin(a, b) == mn);
		}
	/* against libm's own sqrt, called (not the builtin both could fold to) */
	double (*volatile libm_sqrt)(double) = sqrt;
	for (int i = 0; i < 100000; i++) {
		double x = uniform(0, 1e12);
		assert_true(num_sqrt(x) == libm_sqrt(x));
	}
	assert_true(num_sqrt(0.25) == 0.5 && isnan(num_sqrt(-1)) && isinf(num_sqrt(INFINITY)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exp),
		cmocka_unit_test(test_log),
		cmocka_unit_test(test_rounding),
		cmocka_unit_test(test_fmod),
		cmocka_unit_test(test_minmax),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
