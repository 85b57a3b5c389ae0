/* fmt.c - human-readable sizes and rates in binary units (KiB = 1024 B),
 * spelled the short way htop and top do (K, M, G, T). */
#include "util/fmt.h"

#include <math.h>
#include <stdio.h>

#include "snapshot.h"

static const char units[] = "BKMGTPE";

static void scaled(double v, char *out, size_t outsz, const char *suffix)
{
	int u = 0;
	double a = fabs(v);
	while (a >= 1024 && u < 6)
		a /= 1024, v /= 1024, u++;
	if (u == 0)
		snprintf(out, outsz, "%.0f%s%s", v, u ? (char[]){units[u], 0} : "B", suffix);
	else if (a < 10)
		snprintf(out, outsz, "%.2f%c%s", v, units[u], suffix);
	else if (a < 100)
		snprintf(out, outsz, "%.1f%c%s", v, units[u], suffix);
	else
		snprintf(out, outsz, "%.0f%c%s", v, units[u], suffix);
}

char *fmt_bytes(uint64_t v, char *out, size_t outsz)
{
	if (!snap_known(v))
		snprintf(out, outsz, "-");
	else
		scaled((double)v, out, outsz, "");
	return out;
}

char *fmt_rate(double v, char *out, size_t outsz)
{
	if (!isfinite(v)) {
		snprintf(out, outsz, "-");
		return out;
	}
	char tmp[32];
	scaled(v, tmp, sizeof tmp, "/s");
	snprintf(out, outsz, "%s%s", v > 0 ? "+" : "", tmp);
	return out;
}
