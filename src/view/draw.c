/* draw.c - clipped, UTF-8 aware text output for the panels. */
#include "view/draw.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* Decode one character at s: its bytes (*len) and columns (*cols). Bytes
 * that are not valid in the locale, and control characters, become '?'. */
static wchar_t next_char(const char *s, size_t n, int *len, int *cols)
{
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	wchar_t wc;
	size_t r = mbrtowc(&wc, s, n, &ps);
	if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
		*len = 1;
		*cols = 1;
		return L'?';
	}
	int w = wcwidth(wc);
	if (w < 0) {   /* control or unprintable */
		*len = (int)r;
		*cols = 1;
		return L'?';
	}
	*len = (int)r;
	*cols = w;
	return wc;
}

int draw_text(int y, int x, const char *s, int skip, int width, int attr)
{
	size_t n = strlen(s);
	int drawn = 0, pos = 0;
	if (width <= 0)
		return 0;
	attron(attr);
	move(y, x);
	while (n > 0) {
		int len, cols;
		wchar_t wc = next_char(s, n, &len, &cols);
		s += len;
		n -= (size_t)len;
		if (pos < skip) {
			pos += cols;
			continue;
		}
		if (drawn + cols > width)
			break;
		if (cols > 0) {
			wchar_t buf[2] = {wc, 0};
			addnwstr(buf, 1);
		}
		drawn += cols;
		pos += cols;
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
		int len, cols;
		next_char(s, n, &len, &cols);
		s += len;
		n -= (size_t)len;
		w += cols;
	}
	return w;
}
