/* strbuf.c - growable buffer and JSON escaping; see strbuf.h. */
#include "util/strbuf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"
#include "util/xalloc.h"

void sb_reset(struct strbuf *b)
{
	b->len = 0;
	xgrow((void **)&b->s, &b->cap, 1, 1);
	b->s[0] = '\0';
}

void sb_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

void sb_write(struct strbuf *b, const char *s, size_t n)
{
	xgrow((void **)&b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sb_putc(struct strbuf *b, char c)
{
	sb_write(b, &c, 1);
}

void sb_puts(struct strbuf *b, const char *s)
{
	sb_write(b, s, strlen(s));
}

void sb_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	xgrow((void **)&b->s, &b->cap, b->len + (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

int utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	int len;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, min = 0x10000;
	else
		return 0;
	if (n < (size_t)len)
		return 0;
	unsigned cp = c & (0x7f >> len);
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* no overlong forms, no surrogates, nothing past U+10FFFF */
	if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

void sb_json_str(struct strbuf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	sb_putc(b, '"');
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		if (c == '"' || c == '\\') {
			sb_putc(b, '\\');
			sb_putc(b, (char)c);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			switch (c) {
			case '\n': sb_puts(b, "\\n"); break;
			case '\t': sb_puts(b, "\\t"); break;
			case '\r': sb_puts(b, "\\r"); break;
			default: sb_printf(b, "\\u%04x", c);
			}
			i++;
		} else {
			int l = utf8_seq_len(s + i, n - i);
			if (l == 0) {
				sb_puts(b, "\\ufffd");
				i++;
			} else {
				sb_write(b, (const char *)s + i, (size_t)l);
				i += (size_t)l;
			}
		}
	}
	sb_putc(b, '"');
}

void sb_json_u64(struct strbuf *b, uint64_t v)
{
	if (!snap_known(v))
		sb_puts(b, "null");
	else
		sb_printf(b, "%llu", (unsigned long long)v);
}

void sb_json_int(struct strbuf *b, int32_t v)
{
	if (!snap_known_int(v))
		sb_puts(b, "null");
	else
		sb_printf(b, "%d", (int)v);
}

void sb_json_num(struct strbuf *b, double v, int decimals)
{
	if (!isfinite(v))
		sb_puts(b, "null");
	else
		sb_printf(b, "%.*f", decimals, v);
}
