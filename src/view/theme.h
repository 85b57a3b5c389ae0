/* theme.h - colour roles and glyphs, decided once at start-up: UTF-8 or its
 * ASCII twin, 8 colours, 256 colours, or monochrome (NO_COLOR, --no-color)
 * where every bar segment has a character of its own. */
#ifndef OOMCAST_THEME_H
#define OOMCAST_THEME_H

#include <stdbool.h>

enum role {
	R_TEXT, R_LABEL, R_VALUE, R_ANON, R_SHMEM, R_CACHE, R_FREE, R_SWAP, R_AVAIL,
	R_HEADER, R_SELECT, R_GROW_UP, R_GROW_DOWN, R_WARN, R_DIM, R_TITLE, R_PIN, R_CHART,
	R_ALERT_CRIT, R_ALERT_WARN,   /* the advice banner: white on red, black on yellow */
	R_HEADER_SORT,                /* the sorted column's title: black on cyan */
	R_PROGRAM,                    /* a command's program name */
	R_NROLES
};

struct glyphs {
	const char *seg_anon, *seg_shmem, *seg_cache, *seg_other, *seg_free, *seg_swap;
	const char *avail_mark;     /* under the bar, where "available" ends */
	const char *chart[9];       /* eighths of a cell, 0..8 */
	const char *pin;
};

struct theme {
	bool utf8, color;
	int attr[R_NROLES];         /* curses attributes (with colour pair) */
	const struct glyphs *g;
};

/* Glyphs only (no curses): for the tests and for start-up. */
const struct glyphs *theme_glyphs(bool utf8, bool color);

/* After initscr(): pick colours (none when no_color) and glyphs. */
void theme_init(struct theme *t, bool utf8, bool no_color);

#endif
