/* draw.c - clipped, UTF-8 aware text output for the panels. */
#include "view/draw.h"

#include <curses.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "util/escape.h"

/* One character of text to draw: a wide character, or the escape of bytes
 * that must not reach the terminal (util/escape.h: a process can name itself
 * with an escape sequence), shown as \xNN the way the batch output does. */
struct glyph {
	wchar_t wc;        /* 0: draw esc instead */
	char esc[17];      /* \xNN per byte, at most four bytes */
	int len, cols;     /* bytes of s it stands for, columns it takes */
};

static void next_glyph(const char *s, size_t n, struct glyph *g)
{
	size_t len;
	unsigned cp;
	if (escape_shown(s, n, &len, &cp) != ESC_TEXT) {
		g->wc = 0;
		g->len = (int)len;
		g->cols = 4 * (int)len;
		for (size_t k = 0; k < len; k++)
			escape_hex(g->esc + 4 * k, (unsigned char)s[k]);
		g->esc[4 * len] = '\0';
		return;
	}
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	wchar_t wc;
	size_t r = mbrtowc(&wc, s, n, &ps);
	g->len = (int)len;
	g->cols = 1;
	g->wc = L'?';
	/* not valid in a non-UTF-8 locale, or unprintable there: '?' */
	if (r == (size_t)-1 || r == (size_t)-2 || r == 0)
		return;
	int w = wcwidth(wc);
	g->len = (int)r;
	if (w < 0)
		return;
	g->wc = wc;
	g->cols = w;
}

int draw_text(int y, int x, const char *s, int skip, int width, int attr)
{
	size_t n = strlen(s);
	int drawn = 0, pos = 0;
	bool base = false;   /* the last glyph was a character drawn here */
	if (width <= 0)
		return 0;
	attron(attr);
	move(y, x);
	while (n > 0) {
		struct glyph g;
		next_glyph(s, n, &g);
		s += g.len;
		n -= (size_t)g.len;
		if (pos < skip) {
			pos += g.cols;
			base = false;
			continue;
		}
		if (drawn + g.cols > width)
			break;
		if (!g.wc) {
			addnstr(g.esc, g.cols);
		} else if (g.cols > 0 || base) {
			/* a combining mark (no width of its own) joins the cell of
			 * the character before it, as curses does: "e" and U+0301
			 * are drawn "é", not "e"; with no character of this text
			 * before it (its base skipped or clipped), it is left out */
			wchar_t buf[2] = {g.wc, 0};
			addnwstr(buf, 1);
		}
		base = g.wc && (g.cols > 0 || base);
		drawn += g.cols;
		pos += g.cols;
	}
	attroff(attr);
	return drawn;
}

int draw_fmt(int y, int x, int width, int attr, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return draw_text(y, x, buf, 0, width, attr);
}

void draw_clear_row(int y, int x)
{
	move(y, x);
	clrtoeol();
}

int draw_width(const char *s)
{
	size_t n = strlen(s);
	int w = 0;
	while (n > 0) {
		struct glyph g;
		next_glyph(s, n, &g);
		s += g.len;
		n -= (size_t)g.len;
		w += g.cols;
	}
	return w;
}
