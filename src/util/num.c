/* num.c - exp and log without libm (num.h says why). The method is
 * fdlibm's, the one musl and the BSDs use, with its published minimax
 * coefficients: the argument reduced to a small interval by powers of two
 * (log) or multiples of ln 2 split in two parts (exp, so that k ln 2 is
 * exact), and there a rational form whose error is under 2^-58; the result
 * is within an ulp of the true value (test_num.c: of glibc's, over their
 * ranges and edges). */
#include "util/num.h"

#include <string.h>

static uint64_t bits_of(double x)
{
	uint64_t u;
	memcpy(&u, &x, sizeof u);
	return u;
}

static double of_bits(uint64_t u)
{
	double x;
	memcpy(&x, &u, sizeof x);
	return x;
}

static const double ln2_hi = 6.93147180369123816490e-01;  /* its low 32 bits zero */
static const double ln2_lo = 1.90821492927058770002e-10;

/* y * 2^k, in steps where 2^k alone would not be a normal double */
static double scale2(double y, int k)
{
	while (k > 1023) {
		y *= 0x1p1023;
		k -= 1023;
		if (isinf(y))
			return y;
	}
	while (k < -1022) {
		y *= 0x1p-1022;
		k += 1022;
		if (y == 0)
			return y;
	}
	return y * of_bits((uint64_t)(k + 1023) << 52);
}

double num_exp(double x)
{
	static const double inv_ln2 = 1.44269504088896338700e+00;
	static const double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03,
	                    P3 = 6.61375632143793436117e-05, P4 = -1.65339022054652515390e-06,
	                    P5 = 4.13813679705723846039e-08;
	if (isnan(x))
		return x;
	if (x > 709.782712893383973096)
		return INFINITY;
	if (x < -745.13321910194110842)
		return 0;
	/* x = k ln 2 + r, |r| <= ln 2 / 2 */
	int k = fabs(x) > 0.5 * 0.6931471805599453 ? (int)(inv_ln2 * x + copysign(0.5, x)) : 0;
	double hi = x - k * ln2_hi, lo = k * ln2_lo, r = hi - lo;
	/* exp(r) = 1 + r + r c / (2 - c), c = r - r^2 R(r^2) */
	double t = r * r;
	double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
	double y = 1 + ((r * c / (2 - c) - lo) + hi);
	return k == 0 ? y : scale2(y, k);
}

double num_log(double x)
{
	static const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01,
	                    Lg3 = 2.857142874366239149e-01, Lg4 = 2.222219843214978396e-01,
	                    Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
	                    Lg7 = 1.479819860511658591e-01;
	if (isnan(x))
		return x;
	if (x < 0)
		return NAN;
	if (x == 0)
		return -INFINITY;
	if (isinf(x))
		return x;
	int k = 0;
	if (x < 0x1p-1022) {   /* subnormal: made normal */
		x *= 0x1p54;
		k -= 54;
	}
	/* x = 2^k (1 + f), sqrt(2)/2 < 1 + f < sqrt(2): the mantissa's high
	 * word compared with sqrt(2)'s (0x6a09e) picks 1 + f or (1 + f) / 2 */
	uint64_t u = bits_of(x);
	uint32_t hx = (uint32_t)(u >> 32);
	k += (int)(hx >> 20) - 1023;
	hx &= 0x000fffff;
	uint32_t half = (hx + 0x95f64) & 0x100000;
	x = of_bits(((uint64_t)(hx | (half ^ 0x3ff00000)) << 32) | (u & 0xffffffffu));
	k += (int)(half >> 20);
	double f = x - 1;
	/* log(1 + f) = f - hfsq + s (hfsq + R), s = f / (2 + f) */
	double s = f / (2 + f), z = s * s, w = z * z;
	double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
	double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
	double R = t2 + t1, hfsq = 0.5 * f * f;
	return k * ln2_hi - ((hfsq - (s * (hfsq + R) + k * ln2_lo)) - f);
}
