/* num.h - the numeric functions oomcast needs, without libm. Linked, libm
 * costs every run 370-450 KiB of resident memory (its code for each
 * function comes in several CPU variants, picked at start and spread over
 * it; the dashboard's whole budget is htop's), for a dozen functions. The
 * simple ones are here; num.c has exp and log, within an ulp of libm's
 * (tests/test_num.c compares each with libm's over its range). sqrt is the
 * CPU's instruction where it has one (-fno-math-errno: no call to set
 * errno); where it has none, configure links libm for it. */
#ifndef OOMCAST_NUM_H
#define OOMCAST_NUM_H

#include <limits.h>
#include <math.h>
#include <stdint.h>

/* a < b ? a : b and a > b ? a : b, as written: where either is NaN, b */
static inline double dmin(double a, double b) { return a < b ? a : b; }
static inline double dmax(double a, double b) { return a > b ? a : b; }

/* fmin() and fmax(): a NaN loses to a number */
static inline double num_fmin(double a, double b)
{
	return isnan(a) ? b : isnan(b) ? a : a < b ? a : b;
}
static inline double num_fmax(double a, double b)
{
	return isnan(a) ? b : isnan(b) ? a : a > b ? a : b;
}

static inline double num_sqrt(double x)
{
	return __builtin_sqrt(x);
}

/* trunc(): 2^52 and over are whole already (NaN and infinities too);
 * below, the integer conversion is exact, the sign kept for -0.5 -> -0 */
static inline double num_trunc(double x)
{
	return fabs(x) < 0x1p52 ? copysign((double)(int64_t)x, x) : x;
}

static inline double num_floor(double x)
{
	double t = num_trunc(x);
	return t > x ? t - 1 : t;
}

static inline double num_ceil(double x)
{
	double t = num_trunc(x);
	return t < x ? t + 1 : t;
}

/* round(): halves away from zero; x - t is exact under 2^52 */
static inline double num_round(double x)
{
	double t = num_trunc(x);
	return fabs(x - t) >= 0.5 ? t + copysign(1.0, x) : t;
}

/* lround(), saturating where libm's result is unspecified (NaN: LONG_MIN);
 * LONG_MAX + 1.0 and LONG_MIN are powers of two, exact as doubles */
static inline long num_lround(double x)
{
	double r = num_round(x);
	if (r >= (double)LONG_MAX + 1.0)
		return LONG_MAX;
	if (!(r >= (double)LONG_MIN))
		return LONG_MIN;
	return (long)r;
}

/* fmod() for what oomcast takes it of: whole numbers under 2^53, where it
 * is exact (the quotient's product is exact, the remainder corrected into
 * [0, |y|) by x's sign), and the refresh interval in hundredths. Not libm's
 * elsewhere: whole numbers from 2^53 can fall outside [0, |y|), and where
 * x / y overflows the result is meaningless */
static inline double num_fmod(double x, double y)
{
	if (!isfinite(x) || isnan(y) || y == 0)
		return NAN;
	if (isinf(y) || fabs(x) < fabs(y))
		return x;
	double r = x - num_trunc(x / y) * y;
	double ay = fabs(y);
	if (x >= 0) {
		if (r < 0)
			r += ay;
		else if (r >= ay)
			r -= ay;
	} else {
		if (r > 0)
			r -= ay;
		else if (r <= -ay)
			r += ay;
	}
	return r == 0 ? copysign(0.0, x) : r;   /* a zero has x's sign */
}

double num_exp(double x);
double num_log(double x);

#endif
