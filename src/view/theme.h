/* theme.h - colour roles and glyphs, decided at start-up and again when the
 * setup screen changes them: UTF-8 or its ASCII twin, 8 colours, 256
 * colours, or monochrome (NO_COLOR, --no-color, color=none) where every bar
 * segment has a character of its own. */
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

/* What the settings ask for (oomcastrc's color=, the setup screen). */
enum theme_colors {
	THEME_AUTO,                 /* 256 where the terminal has them, else 8 */
	THEME_256,                  /* 256 (8 on a terminal that has fewer) */
	THEME_8,                    /* the 8 basic colours, even on a 256-colour terminal */
	THEME_MONO,                 /* none */
	THEME_NCOLORS
};

struct glyphs {
	const char *seg_anon, *seg_shmem, *seg_cache, *seg_other, *seg_free, *seg_swap;
	const char *avail_mark;     /* under the bar, where "available" ends */
	const char *chart[9];       /* eighths of a cell, 0..8 */
	const char *pin;
};

struct theme {
	bool utf8, color;
	int ncolors;                /* colours in use: 256, 8 or 0 */
	int attr[R_NROLES];         /* curses attributes (with colour pair) */
	const struct glyphs *g;
};

/* Glyphs only (no curses): for the tests and for start-up. */
const struct glyphs *theme_glyphs(bool utf8, bool color);

/* After initscr(): pick colours as want asks, as far as the terminal has
 * them (none without colours), and glyphs. */
void theme_init(struct theme *t, bool utf8, enum theme_colors want);

#endif
