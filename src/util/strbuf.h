/* strbuf.h - a growable output buffer, and JSON string escaping. Views build
 * one sample's output here and write it with a single call. */
#ifndef OOMCAST_STRBUF_H
#define OOMCAST_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct strbuf {
	char *s;
	size_t len, cap;
};

void sb_reset(struct strbuf *b);
void sb_free(struct strbuf *b);
void sb_putc(struct strbuf *b, char c);
void sb_puts(struct strbuf *b, const char *s);
void sb_write(struct strbuf *b, const char *s, size_t n);
void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A JSON string literal (with quotes) for bytes s[0..n). Any byte sequence
 * gives valid JSON: control characters (C0, DEL, C1; util/escape.h) are
 * escaped, and bytes that are not valid UTF-8 become U+FFFD, so the output
 * is always valid UTF-8. NULL gives the literal null. */
void sb_json_str(struct strbuf *b, const char *s, size_t n);
static inline void sb_json_cstr(struct strbuf *b, const char *s)
{
	if (!s)
		sb_puts(b, "null");
	else
		sb_json_str(b, s, __builtin_strlen(s));
}
/* Numbers: unknown (SNAP_NA, SNAP_NA_INT, NaN) prints null. */
/* UINT64_MAX (and, below, INT32_MIN) are written as null: unknown */
void sb_json_u64(struct strbuf *b, uint64_t v);
void sb_json_int(struct strbuf *b, int32_t v);
void sb_json_num(struct strbuf *b, double v, int decimals);

#endif
