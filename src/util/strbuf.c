/* strbuf.c - growable buffer and JSON escaping; see strbuf.h. */
#include "util/strbuf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
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

void sb_json_str(struct strbuf *b, const char *str, size_t n)
{
	sb_putc(b, '"');
	for (size_t i = 0; i < n;) {
		size_t len;
		unsigned c;
		switch (escape_next(str + i, n - i, &len, &c)) {
		case ESC_TEXT:
			if (c == '"' || c == '\\')
				sb_putc(b, '\\');
			sb_write(b, str + i, len);
			break;
		case ESC_CONTROL:
			/* C1 too: a consumer that prints a value (jq -r) must not
			 * hand its terminal an escape sequence */
			switch (c) {
			case '\n': sb_puts(b, "\\n"); break;
			case '\t': sb_puts(b, "\\t"); break;
			case '\r': sb_puts(b, "\\r"); break;
			default: sb_printf(b, "\\u%04x", c);
			}
			break;
		case ESC_INVALID:
			/* JSON strings are Unicode: a byte that is not UTF-8 has no
			 * exact form, so it becomes U+FFFD as most decoders do */
			sb_puts(b, "\\ufffd");
			break;
		}
		i += len;
	}
	sb_putc(b, '"');
}

void sb_json_u64(struct strbuf *b, uint64_t v)
{
	if (v == UINT64_MAX)   /* unknown (the snapshot's SNAP_NA) */
		sb_puts(b, "null");
	else
		sb_printf(b, "%llu", (unsigned long long)v);
}

void sb_json_int(struct strbuf *b, int32_t v)
{
	if (v == INT32_MIN)    /* unknown (SNAP_NA_INT) */
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
