/* escape.c - classifying and escaping untrusted text; see escape.h. */
#include "util/escape.h"

#include <string.h>

void escape_sb(struct strbuf *b, const char *s, size_t n)
{
	size_t i = 0, run = 0;   /* [run, i): text not yet written */
	while (i < n) {
		size_t len;
		unsigned cp;
		if (escape_shown(s + i, n - i, &len, &cp) == ESC_TEXT) {
			i += len;
			continue;
		}
		sb_write(b, s + run, i - run);
		for (size_t k = 0; k < len; k++) {
			char e[4];
			escape_hex(e, (unsigned char)s[i + k]);
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
		if (escape_shown(s + i, n - i, &len, &cp) == ESC_TEXT) {
			if (o + len >= outsz)
				break;
			memcpy(out + o, s + i, len);
			o += len;
		} else {
			if (o + 4 * len >= outsz)
				break;
			for (size_t k = 0; k < len; k++, o += 4)
				escape_hex(out + o, (unsigned char)s[i + k]);
		}
		i += len;
	}
	out[o] = '\0';
	return o;
}

size_t utf8_copy(char *out, size_t outsz, const char *s)
{
	size_t n = strlen(s), o = 0;
	while (o < n) {
		int l = utf8_seq_len((const unsigned char *)s + o, n - o);
		size_t len = l > 0 ? (size_t)l : 1;
		if (o + len >= outsz)
			break;
		o += len;
	}
	memcpy(out, s, o);
	out[o] = '\0';
	return o;
}
