/* draw.h - small curses helpers shared by the panels: text clipped to a
 * width in terminal columns (UTF-8 aware, control bytes shown as ?). */
#ifndef OOMCAST_DRAW_H
#define OOMCAST_DRAW_H

/* Draw s at (y, x) in at most width columns, skipping its first skip
 * columns. Returns the columns drawn. */
int draw_text(int y, int x, const char *s, int skip, int width, int attr);
/* printf-style, clipped to width columns. */
int draw_fmt(int y, int x, int width, int attr, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Blank a row from x to the right edge. */
void draw_clear_row(int y, int x);
/* Terminal columns that s takes. */
int draw_width(const char *s);

#endif
