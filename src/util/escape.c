/* escape.c - classifying and escaping untrusted text; see escape.h. */
#include "util/escape.h"

#include <string.h>

static const char hex[] = "0123456789abcdef";

void escape_sb(struct strbuf *b, const char *s, size_t n)
{
	size_t i = 0, run = 0;   /* [run, i): text not yet written */
	while (i < n) {
		size_t len;
		unsigned cp;
		if (escape_next(s + i, n - i, &len, &cp) == ESC_TEXT) {
			i += len;
			continue;
		}
		sb_write(b, s + run, i - run);
		for (size_t k = 0; k < len; k++) {
			unsigned char c = (unsigned char)s[i + k];
			char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
			sb_write(b, e, 4);
		}
		i += len;
		run = i;
	}
	sb_write(b, s + run, i - run);
}

size_t escape_copy(char *out, size_t outsz, const char *s)
{
	size_t n = strlen(s), o = 0;
	for (size_t i = 0; i < n;) {
		size_t len;
		unsigned cp;
		if (escape_next(s + i, n - i, &len, &cp) == ESC_TEXT) {
			if (o + len >= outsz)
				break;
			memcpy(out + o, s + i, len);
			o += len;
		} else {
			if (o + 4 * len >= outsz)
				break;
			for (size_t k = 0; k < len; k++) {
				unsigned char c = (unsigned char)s[i + k];
				out[o++] = '\\', out[o++] = 'x';
				out[o++] = hex[c >> 4], out[o++] = hex[c & 15];
			}
		}
		i += len;
	}
	out[o] = '\0';
	return o;
}
