/* trend_stats.c - the robust statistics the rate estimator is built on:
 * Theil-Sen's median of pairwise slopes, with the noise floor that makes a
 * change within the noise no change, and the median. */
#include "analysis/trend_int.h"
#include "util/num.h"

#include <math.h>
#include <stdlib.h>

int trend_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double trend_median(double *a, size_t n)
{
	qsort(a, n, sizeof *a, trend_cmp_double);
	return n % 2 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
}

/* Theil-Sen over the pairs of points (t, v) at least min_sep apart: the
 * median consumption slope and its quartiles; a change within noise is no
 * change. Returns the number of pairs, *pos those that consume; where
 * moved is given, *moved is the median of the pairs that changed by more
 * than the noise (NaN: none) and *still the number of those that did not. */
size_t trend_theil_sen_moved(const double *t, const double *v, size_t n, double min_sep,
                             double noise, double *med, double *lo, double *hi, size_t *pos,
                             double *moved, size_t *still)
{
	double slopes[TREND_MAX * (TREND_MAX - 1) / 2];
	size_t m = 0, neg = 0, zero = 0;
	*pos = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			double dt = t[j] - t[i];
			if (dt <= 0 || dt < min_sep)
				continue;
			double dv = v[i] - v[j];
			double s = fabs(dv) <= noise ? 0 : dv / dt;
			slopes[m++] = s;
			*pos += s > 0;
			neg += s < 0;
			zero += s == 0;
		}
	if (moved) {
		*moved = NAN;
		*still = zero;
	}
	if (m == 0)
		return 0;
	qsort(slopes, m, sizeof *slopes, trend_cmp_double);
	*med = slopes[m / 2];
	*lo = slopes[m / 4];
	*hi = slopes[(3 * m) / 4];
	/* the sorted slopes without their block of zeros, which starts
	 * after the negative ones */
	if (moved && m > zero) {
		size_t k = (m - zero) / 2;
		*moved = slopes[k < neg ? k : k + zero];
	}
	return m;
}

size_t trend_theil_sen(const double *t, const double *v, size_t n, double min_sep, double noise,
                       double *med, double *lo, double *hi, size_t *pos)
{
	return trend_theil_sen_moved(t, v, n, min_sep, noise, med, lo, hi, pos, NULL, NULL);
}
