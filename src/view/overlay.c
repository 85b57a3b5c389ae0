/* overlay.c - the status line and what opens over the table: help, the sort
 * picker, and the notice for a terminal below the minimum size. */
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/fmt.h"

#include "view/draw.h"
#include "view/panels.h"

void status_draw(const struct theme *t, const struct layout *l, const struct tui_state *st,
                 size_t nrows)
{
	int y = l->status_y;
	char buf[160];
	if (st->editing) {
		snprintf(buf, sizeof buf, "Filter: %s_   (Enter keeps, Esc clears)", st->edit);
		draw_text(y, 0, buf, 0, l->cols, t->attr[R_WARN]);
		return;
	}
	int x = 0;
	if (st->filter[0]) {
		snprintf(buf, sizeof buf, "[filter: %s, %zu] ", st->filter, nrows);
		x += draw_text(y, x, buf, 0, l->cols - x, t->attr[R_WARN]);
	}
	if (st->follow)
		x += draw_text(y, x, "[follow] ", 0, l->cols - x, t->attr[R_PIN]);
	static const char *const keys[][2] = {
		{"h", "help"}, {"s", "sort"}, {"/", "filter"}, {"w", "watch"}, {"F", "follow"},
		{"e", "kills"}, {"x", "advice"},
		{"space", "pause"}, {"+-", "interval"}, {"q", "quit"},
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0] && x < l->cols; i++) {
		x += draw_text(y, x, keys[i][0], 0, l->cols - x, t->attr[R_LABEL]);
		snprintf(buf, sizeof buf, ":%s ", keys[i][1]);
		x += draw_text(y, x, buf, 0, l->cols - x, t->attr[R_TEXT]);
	}
}

/* A framed box of n text lines, centred. */
static void box_lines(const struct theme *t, int lines, int cols, const char *title,
                      const char *const *text, int n, int hilite)
{
	int w = 0;
	for (int i = 0; i < n; i++)
		if (draw_width(text[i]) > w)
			w = draw_width(text[i]);
	w += 4;
	if (w > cols)
		w = cols;
	int h = n + 2;
	if (h > lines)
		h = lines;
	int y0 = (lines - h) / 2, x0 = (cols - w) / 2;
	for (int y = 0; y < h; y++) {
		move(y0 + y, x0);
		attron(t->attr[R_TEXT]);
		for (int x = 0; x < w; x++)
			addch(' ');
		attroff(t->attr[R_TEXT]);
	}
	attron(t->attr[R_LABEL]);
	mvhline(y0, x0, '-', w);
	mvhline(y0 + h - 1, x0, '-', w);
	mvvline(y0, x0, '|', h);
	mvvline(y0, x0 + w - 1, '|', h);
	attroff(t->attr[R_LABEL]);
	draw_fmt(y0, x0 + 2, w - 4, t->attr[R_TITLE], " %s ", title);
	for (int i = 0; i < n && i + 1 < h - 1; i++)
		draw_text(y0 + 1 + i, x0 + 2, text[i], 0, w - 4,
			  i == hilite ? t->attr[R_SELECT] : t->attr[R_TEXT]);
}

void overlay_box(const struct theme *t, int lines, int cols, const char *title,
                 const char *const *text, int n)
{
	box_lines(t, lines, cols, title, text, n, -1);
}

void help_draw(const struct theme *t, const struct snapshot *s, const char *kb_warning, int lines,
               int cols)
{
	static const char *const keys[] = {
		"q F10        quit",
		"h ? F1       this help (any key closes it)",
		"space        pause / resume sampling",
		"+ -          sample more / less often",
		"Up Down j k  move the selection",
		"PgUp PgDn    a page up / down",
		"Home End g G first / last process",
		"Left Right   scroll the command line sideways",
		"s F6         sort picker",
		"M R S O P N  sort by RSS, growth Rate, Swap, OOM score,",
		"V            PID, Name, GPU (VRAM) memory (again: reverse)",
		"< >  I       previous / next sort column; invert",
		"/            filter by name or command line; Esc clears",
		"w            watch the selected process (pin it on top)",
		"e            the OOM kills seen, with their times",
		"x            the knowledge-base entry of the banner, whole",
		"F f          follow the selected process as it moves",
		"",
		"RAM: anon = programs' private memory; shm = tmpfs/shared;",
		"cache = page cache, given back when programs need room;",
		"available = what can still be allocated without swap.",
	};
	/* and why there are no GPU rows, or what is missing from them */
	enum { NKEYS = sizeof keys / sizeof keys[0] };
	const char *text[NKEYS + 5];
	memcpy(text, keys, sizeof keys);
	int n = NKEYS;
	char gpu[sizeof s->gpu_note + 8];
	if (s->gpu_note[0]) {
		snprintf(gpu, sizeof gpu, "GPU: %s", s->gpu_note);
		text[n++] = "";
		text[n++] = gpu;
	}
	char self[160];
	if (s->self.known) {
		char adj[16] = "?";
		if (snap_known_int(s->self.adj))
			snprintf(adj, sizeof adj, "%d", (int)s->self.adj);
		if (s->self.lowered)
			snprintf(self, sizeof self, "oomcast: oom_score_adj %s, memory %s", adj,
				 s->self.locked ? "locked" : "not locked");
		else
			snprintf(self, sizeof self, "oomcast: oom_score_adj %s, lowering it refused "
				 "(no CAP_SYS_RESOURCE); kept unlocked and small", adj);
		text[n++] = self;
	}
	char kbw[224];
	if (kb_warning && kb_warning[0]) {
		snprintf(kbw, sizeof kbw, "KB: %s", kb_warning);
		text[n++] = kbw;
	}
	box_lines(t, lines, cols, "oomcast keys", text, n, -1);
}

void picker_draw(const struct theme *t, const struct tui_state *st, int lines, int cols)
{
	const char *text[SORT_NKEYS];
	for (int k = 0; k < SORT_NKEYS; k++)
		text[k] = sort_key_name((enum sort_key)k);
	box_lines(t, lines, cols, "sort by", text, SORT_NKEYS, st->picker_sel);
}

void events_draw(const struct theme *t, const struct evlog *ev, int lines, int cols)
{
	size_t n;
	evlog_at(ev, 0, &n);
	static char buf[EV_LOG_MAX][EV_SCOPE_MAX + EV_LINE_MAX + 96];
	const char *text[EV_LOG_MAX + 1];
	int k = 0;
	/* newest first; as many as fit */
	for (size_t i = n; i-- > 0 && k < lines - 3 && k < EV_LOG_MAX;) {
		const struct event *e = evlog_at(ev, i, &n);
		char when[16], what[sizeof buf[0] - 20];
		time_t tt = (time_t)e->t;
		struct tm tm;
		localtime_r(&tt, &tm);
		strftime(when, sizeof when, "%H:%M:%S", &tm);
		event_describe(e, what, sizeof what);
		snprintf(buf[k], sizeof buf[k], "%s  %s", when, what);
		text[k] = buf[k];
		k++;
	}
	if (k == 0)
		text[k++] = "no OOM kill or known error since oomcast started";
	box_lines(t, lines, cols, "events (OOM kills, known errors), newest first", text, k, -1);
}

void too_small_draw(const struct theme *t, int lines, int cols)
{
	char buf[80];
	snprintf(buf, sizeof buf, "terminal too small: %dx%d, need %dx%d", cols, lines,
		 TUI_MIN_COLS, TUI_MIN_LINES);
	int w = draw_width(buf);
	int x = cols > w ? (cols - w) / 2 : 0;
	draw_text(lines / 2, x, buf, 0, cols, t->attr[R_WARN]);
}
