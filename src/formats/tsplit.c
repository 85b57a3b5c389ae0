/* tsplit.c - llama.cpp's --tensor-split value; see tsplit.h. */
#include "formats/tsplit.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool is_sep(char c)
{
	return c == ',' || c == '/';
}

int tsplit_parse(const char *p, size_t n, float *ts)
{
	const char *end = p + n;
	int k = 0;
	/* arg.cpp splits on [,/]+ with std::sregex_token_iterator: a leading
	 * separator makes an empty first share (std::stof refuses it), a
	 * trailing one no share */
	while (p < end) {
		char tmp[32];
		size_t l = 0;
		while (p + l < end && !is_sep(p[l]))
			l++;
		if (l == 0 || l >= sizeof tmp || k == TSPLIT_MAX)
			return -1;
		/* digits and one dot, nothing else: no sign, exponent, "nan" */
		size_t dots = 0;
		for (size_t i = 0; i < l; i++) {
			if (p[i] == '.')
				dots++;
			else if (p[i] < '0' || p[i] > '9')
				return -1;
		}
		if (dots > 1 || (dots == 1 && l == 1))
			return -1;
		memcpy(tmp, p, l);
		tmp[l] = '\0';
		double v = strtod(tmp, NULL);
		if (!(v >= 0) || !(v < 1e9))
			return -1;
		ts[k++] = (float)v;
		p += l;
		while (p < end && is_sep(*p))
			p++;
	}
	return k;
}
