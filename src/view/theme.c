/* theme.c - colour roles and glyph tables; see theme.h. */
#include "view/theme.h"

#include <curses.h>

static const struct glyphs utf8_color = {
	"|", "|", "|", "|", " ", "|", "\u25b2",
	{" ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"},
	"\u25cf",
};
static const struct glyphs ascii_color = {
	"|", "|", "|", "|", " ", "|", "^",
	{" ", ".", ".", "-", "-", "=", "=", "#", "#"},
	"*",
};
/* Without colour each segment needs its own character (as htop does). */
static const struct glyphs utf8_mono = {
	"|", "*", "#", ":", ".", "|", "\u25b2",
	{" ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"},
	"\u25cf",
};
static const struct glyphs ascii_mono = {
	"|", "*", "#", ":", ".", "|", "^",
	{" ", ".", ".", "-", "-", "=", "=", "#", "#"},
	"*",
};

const struct glyphs *theme_glyphs(bool utf8, bool color)
{
	if (utf8)
		return color ? &utf8_color : &utf8_mono;
	return color ? &ascii_color : &ascii_mono;
}

void theme_init(struct theme *t, bool utf8, enum theme_colors want)
{
	t->utf8 = utf8;
	t->color = want != THEME_MONO && has_colors();
	t->ncolors = 0;
	t->g = theme_glyphs(utf8, t->color);
	for (int i = 0; i < R_NROLES; i++)
		t->attr[i] = A_NORMAL;
	if (!t->color) {
		t->attr[R_LABEL] = A_BOLD;
		t->attr[R_HEADER] = A_REVERSE;
		t->attr[R_SELECT] = A_REVERSE | A_BOLD;
		t->attr[R_WARN] = A_BOLD | A_UNDERLINE;
		t->attr[R_TITLE] = A_BOLD;
		t->attr[R_PIN] = A_BOLD;
		t->attr[R_AVAIL] = A_BOLD;
		t->attr[R_ALERT_CRIT] = t->attr[R_ALERT_WARN] = A_REVERSE | A_BOLD;
		/* the header is reversed: the sorted title stands out the other
		 * way, plain and underlined */
		t->attr[R_HEADER_SORT] = A_BOLD | A_UNDERLINE;
		t->attr[R_PROGRAM] = A_BOLD;
		return;
	}
	start_color();
	use_default_colors();
	/* 8 colours work everywhere (SSH, tmux, screen); 256 only refine
	 * shades, and every role keeps its 8-colour meaning without them */
	bool rich = COLORS >= 256 && want != THEME_8;
	t->ncolors = rich ? 256 : 8;
	struct { enum role r; short fg, bg; int extra; } map[] = {
		{R_LABEL, COLOR_CYAN, -1, A_BOLD},
		{R_VALUE, -1, -1, A_BOLD},
		{R_ANON, rich ? 203 : COLOR_RED, -1, 0},
		{R_SHMEM, rich ? 170 : COLOR_MAGENTA, -1, 0},
		{R_CACHE, rich ? 75 : COLOR_BLUE, -1, A_BOLD},
		{R_FREE, -1, -1, 0},
		{R_SWAP, rich ? 209 : COLOR_RED, -1, 0},
		{R_AVAIL, COLOR_GREEN, -1, A_BOLD},
		{R_HEADER, COLOR_BLACK, COLOR_GREEN, 0},
		{R_SELECT, COLOR_BLACK, COLOR_CYAN, 0},
		{R_GROW_UP, rich ? 203 : COLOR_RED, -1, A_BOLD},
		{R_GROW_DOWN, COLOR_GREEN, -1, 0},
		{R_WARN, COLOR_YELLOW, -1, A_BOLD},
		{R_DIM, rich ? 244 : COLOR_WHITE, -1, rich ? 0 : A_DIM},
		{R_TITLE, COLOR_BLACK, COLOR_CYAN, 0},
		{R_PIN, COLOR_YELLOW, -1, A_BOLD},
		{R_CHART, rich ? 71 : COLOR_GREEN, -1, 0},
		{R_ALERT_CRIT, COLOR_WHITE, COLOR_RED, A_BOLD},
		{R_ALERT_WARN, COLOR_BLACK, COLOR_YELLOW, 0},
		/* not bold: bold black is dark grey on many 8-colour terminals,
		 * unreadable on green; black on cyan reads in 8 and 256 (htop's) */
		{R_HEADER_SORT, COLOR_BLACK, COLOR_CYAN, 0},
		{R_PROGRAM, COLOR_CYAN, -1, A_BOLD},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		short pair = (short)(i + 1);
		init_pair(pair, map[i].fg, map[i].bg);
		t->attr[map[i].r] = COLOR_PAIR(pair) | map[i].extra;
	}
}
