/* escape.h - untrusted text (process names, command lines, cgroup paths, user
 * names, model paths, log lines) made safe to show. The one place that
 * decides which bytes may reach a terminal: the text views escape with it,
 * the JSON writer and the dashboard classify with it. */
#ifndef OOMCAST_ESCAPE_H
#define OOMCAST_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

enum esc_kind {
	ESC_TEXT,      /* printable: a character that is valid UTF-8 and no control */
	ESC_CONTROL,   /* C0 (0x00-0x1f), DEL, C1 (U+0080-U+009F): a terminal acts on it;
	                * or a bidirectional control (U+061C, U+200E-F, U+202A-E,
	                * U+2066-9): a terminal may reorder what follows */
	ESC_INVALID,   /* one byte that does not start valid UTF-8 */
};

/* The two classifiers are inline: the JSON writer runs them on every byte,
 * and strbuf.c then needs no other file linked (the fuzzers build it alone). */

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when s[0..n) does not
 * start with one (overlong forms, surrogates and past U+10FFFF are invalid). */
static inline int utf8_seq_len(const unsigned char *s, size_t n)
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

/* The character at s[0..n) (n > 0): its kind, its length in bytes (*len:
 * 1 for ESC_INVALID) and its code point (*cp; the byte for ESC_INVALID). */
static inline enum esc_kind escape_next(const char *str, size_t n, size_t *len, unsigned *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	int l = utf8_seq_len(s, n);
	if (l == 0) {
		*len = 1, *cp = s[0];
		return ESC_INVALID;
	}
	unsigned c = s[0];
	if (l == 2)
		c = ((c & 0x1f) << 6) | (s[1] & 0x3f);
	else if (l == 3)
		c = ((c & 0x0f) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3f);
	else if (l == 4)
		c = ((c & 0x07) << 18) | ((s[1] & 0x3fu) << 12) | ((s[2] & 0x3fu) << 6) | (s[3] & 0x3f);
	*len = (size_t)l, *cp = c;
	/* C1 matters too: some terminals take U+009B as CSI even in UTF-8 */
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
		return ESC_CONTROL;
	/* and the bidirectional controls (Trojan Source, CVE-2021-42574): in a
	 * terminal or viewer that reorders text, a name holding U+202E shows
	 * its bytes in another order than they are */
	if (c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069))
		return ESC_CONTROL;
	return ESC_TEXT;
}

static inline int escape_hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	     : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The byte "\xNN" at s[0..n) stands for (either case of hex digit), or -1
 * where s does not start with one. */
static inline int escape_hexbyte(const char *s, size_t n)
{
	int hi, lo;
	if (n < 4 || s[0] != '\\' || s[1] != 'x' || (hi = escape_hexval(s[2])) < 0 ||
	    (lo = escape_hexval(s[3])) < 0)
		return -1;
	return hi << 4 | lo;
}

/* A backslash at s[0..n) that would read as one of the escapes the views
 * write: "\x" and two hex digits naming a byte they escape (00-1f, 7f-ff)
 * or the backslash itself (5c). Shown as it is, a cgroup named "a\x1b"
 * would look like one named "a" ESC, and both be one Prometheus series. */
static inline bool escape_ambiguous(const char *s, size_t n)
{
	int v = escape_hexbyte(s, n);
	return v >= 0 && (v < 0x20 || v == 0x5c || v >= 0x7f);
}

/* escape_next as the views show text: a backslash that escape_ambiguous()
 * finds is escaped too (its one byte, \x5c), so that what they show reads
 * back as one name only. One that cannot be misread stays as it is: systemd
 * writes "-" in unit names as "\x2d", and such names are common. */
static inline enum esc_kind escape_shown(const char *s, size_t n, size_t *len, unsigned *cp)
{
	enum esc_kind k = escape_next(s, n, len, cp);
	return k == ESC_TEXT && escape_ambiguous(s, n) ? ESC_CONTROL : k;
}

/* The columns the views take for the character at s[0..n) (its length in
 * bytes into *len): four for each byte of one they escape, else 1 for
 * ASCII and 2 for any other, never less than it takes (a wide one) and
 * without the locale's wcwidth. cgname.c and wrap.c measure with it. */
static inline int escape_cols(const char *s, size_t n, size_t *len)
{
	unsigned cp;
	if (escape_shown(s, n, len, &cp) != ESC_TEXT)
		return 4 * (int)*len;
	return *len == 1 ? 1 : 2;
}

/* The four characters \xNN of the byte c into out (no NUL). */
static inline void escape_hex(char *out, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	out[0] = '\\', out[1] = 'x', out[2] = hex[c >> 4], out[3] = hex[c & 15];
}

/* Append s[0..n) with every byte of a control character or of invalid UTF-8
 * written as the four characters \xNN, and a backslash that would read as
 * such an escape as \x5c; everything else as it is. Other backslashes are
 * not doubled: this is for people reading, and JSON carries the exact
 * bytes. */
void escape_sb(struct strbuf *b, const char *s, size_t n);
static inline void escape_sb_cstr(struct strbuf *b, const char *s)
{
	escape_sb(b, s, __builtin_strlen(s));
}

/* The same into out (room for outsz bytes, NUL-terminated; outsz > 0); an
 * escape never cut in half. Returns the length written. */
size_t escape_copy(char *out, size_t outsz, const char *s);

/* s into out as it is (room for outsz bytes, NUL-terminated; outsz > 0),
 * cut where it must be before a whole character, never inside one (a cut
 * character would show as its bytes' escapes). For text kept to be shown
 * later, escaped then. Returns the length written. */
size_t utf8_copy(char *out, size_t outsz, const char *s);

#endif
