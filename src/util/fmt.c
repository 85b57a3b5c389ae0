/* fmt.c - human-readable sizes and rates in binary units (KiB = 1024 B),
 * spelled the short way htop and top do (K, M, G, T). */
#include "util/fmt.h"

#include <math.h>
#include <stdio.h>


static const char units[] = "BKMGTPE";

/* v in the largest binary unit that keeps it >= 1, with 3 significant
 * digits. sep and unit_tail spell the unit: ("", "") gives "1.50K",
 * (" ", "iB") gives "1.50 KiB". */
static void scaled(double v, char *out, size_t outsz, const char *sep, const char *unit_tail,
                   const char *suffix)
{
	int u = 0;
	double a = fabs(v);
	while (a >= 1024 && u < 6)
		a /= 1024, v /= 1024, u++;
	if (u == 0) {
		snprintf(out, outsz, "%.0f%sB%s", v, sep, suffix);
		return;
	}
	int prec = a < 10 ? 2 : a < 100 ? 1 : 0;
	snprintf(out, outsz, "%.*f%s%c%s%s", prec, v, sep, units[u], unit_tail, suffix);
}

static char *bytes(uint64_t v, char *out, size_t outsz, const char *sep, const char *tail)
{
	if (v == UINT64_MAX)   /* unknown (the snapshot's SNAP_NA) */
		snprintf(out, outsz, "-");
	else
		scaled((double)v, out, outsz, sep, tail, "");
	return out;
}

char *fmt_bytes(uint64_t v, char *out, size_t outsz)
{
	return bytes(v, out, outsz, "", "");
}

char *fmt_bytes_iec(uint64_t v, char *out, size_t outsz)
{
	return bytes(v, out, outsz, " ", "iB");
}

char *fmt_rate(double v, char *out, size_t outsz)
{
	if (!isfinite(v)) {
		snprintf(out, outsz, "-");
		return out;
	}
	char tmp[32];
	scaled(v, tmp, sizeof tmp, "", "", "/s");
	snprintf(out, outsz, "%s%s", v > 0 ? "+" : "", tmp);
	return out;
}
