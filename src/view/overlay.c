/* overlay.c - the status line and what opens over the table: help, the sort
 * picker, the signal picker and its confirmation, the event log, and the
 * notice for a terminal below the minimum size. Overlays scroll. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "source/procsignal.h"
#include "util/escape.h"
#include "util/fmt.h"
#include "util/num.h"
#include "util/wrap.h"

#include "view/draw.h"
#include "view/panels.h"

void status_draw(const struct theme *t, const struct layout *l, const struct tui_state *st,
                 size_t nrows)
{
	int y = l->status_y;
	char buf[TUI_MSG_MAX + 80];
	draw_clear_row(y, 0);
	if (st->editing) {
		snprintf(buf, sizeof buf, "Filter: %s_   (Enter keeps, Esc clears)", st->edit);
		draw_text(y, 0, buf, 0, l->cols, t->attr[R_WARN]);
		return;
	}
	int x = 0;
	if (st->searching) {
		snprintf(buf, sizeof buf, "Search: %s_   (F3 next, Enter or Esc done) ", st->search);
		x += draw_text(y, x, buf, 0, l->cols - x, t->attr[R_WARN]);
	}
	if (st->msg[0]) {
		/* the answer to the last key (a signal's result, a key oomcast
		 * does not have) takes the line until the next key */
		x += draw_text(y, x, st->msg, 0, l->cols - x, t->attr[R_WARN]);
		return;
	}
	if (st->searching)
		return;
	if (st->filter[0]) {
		snprintf(buf, sizeof buf, "[filter: %s, %zu] ", st->filter, nrows);
		x += draw_text(y, x, buf, 0, l->cols - x, t->attr[R_WARN]);
	}
	if (st->ntags) {
		snprintf(buf, sizeof buf, "[%zu tagged] ", st->ntags);
		x += draw_text(y, x, buf, 0, l->cols - x, t->attr[R_WARN]);
	}
	if (st->tree)
		x += draw_text(y, x, "[tree] ", 0, l->cols - x, t->attr[R_PIN]);
	if (st->follow)
		x += draw_text(y, x, "[follow] ", 0, l->cols - x, t->attr[R_PIN]);
	static const char *const keys[][2] = {
		{"h", "help"}, {"Enter", "details"}, {"k", "kill"}, {"s", "sort"}, {"/", "search"},
		{"\\", "filter"}, {"t", "tree"}, {"space", "tag"}, {"E", "kills"}, {"x", "advice"},
		{"Z", "pause"}, {"+-", "interval"}, {"q", "quit"},
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0] && x < l->cols; i++) {
		x += draw_text(y, x, keys[i][0], 0, l->cols - x, t->attr[R_LABEL]);
		snprintf(buf, sizeof buf, ":%s ", keys[i][1]);
		x += draw_text(y, x, buf, 0, l->cols - x, t->attr[R_TEXT]);
	}
}

/* Does line s go on the line before it: indent spaces, then text? */
static bool is_continuation(const char *s, int indent)
{
	for (int i = 0; i < indent; i++)
		if (s[i] != ' ')
			return false;
	return s[indent] && s[indent] != ' ';
}

/* The indent of the lines that continue line i (a line of text followed by
 * lines indented 2 or more spaces under it), 0 when none does. */
static int continued(const char *const *text, int n, int i)
{
	if (i + 1 >= n || !text[i][0] || text[i][0] == ' ')
		return 0;
	int indent = 0;
	while (text[i + 1][indent] == ' ')
		indent++;
	return indent >= 2 && is_continuation(text[i + 1], indent) ? indent : 0;
}

/* A framed box of n text lines, centred, showing lines [scroll, ...) of
 * them; hilite >= 0 scrolls so that line shows. Returns the largest useful
 * scroll (0 when all fit). The whole rectangle, and a column either side of
 * it, is blanked first: a wide character of the table half under the frame
 * would otherwise leave its other half on screen. */
static int box_lines(const struct theme *t, int lines, int cols, const char *title,
                     const char *const *text, int n, int hilite, int scroll, bool rejoin)
{
	int w = draw_width(title) + 6;
	for (int i = 0; i < n; i++)
		if (draw_width(text[i]) + 4 > w)
			w = draw_width(text[i]) + 4;
	if (w > cols)
		w = cols;
	/* lines wider than the box wrap (at spaces, the rest indented), so a
	 * small terminal loses nothing: it scrolls instead. With rejoin, text
	 * already wrapped for a wider box (the help's descriptions go on in
	 * lines indented under them) is joined again first, or it would be
	 * wrapped twice ("(Up/Down/PgUp/PgDn/space scroll;" then "Esc, q,"
	 * alone); elsewhere an indented line is an item of its own (the
	 * details' "limit 512M, using 152M" under the cgroup's path) */
	enum { WRAP_MAX = 600, WRAP_W = 256, PARA_W = 1024 };
	static char wrapped[WRAP_MAX][WRAP_W];
	static const char *wl[WRAP_MAX];
	bool wide = false;
	for (int i = 0; i < n; i++)
		wide = wide || draw_width(text[i]) > w - 4;
	if (hilite < 0 && w - 4 >= 12 && wide) {
		int m = 0;
		for (int i = 0; i < n && m < WRAP_MAX; i++) {
			char para[PARA_W];
			int indent = rejoin ? continued(text, n, i) : 0, j = i;
			bool fits = draw_width(text[i]) <= w - 4;
			while (indent && j + 1 < n && is_continuation(text[j + 1], indent)) {
				j++;
				fits = fits && draw_width(text[j]) <= w - 4;
			}
			if (fits) {   /* a paragraph that fits stays as it was */
				for (; i <= j && m < WRAP_MAX; i++)
					wl[m++] = text[i];
				i = j;
				continue;
			}
			snprintf(para, sizeof para, "%s", text[i]);
			for (; i < j; i++) {
				size_t l = strlen(para);
				snprintf(para + l, sizeof para - l, " %s", text[i + 1] + indent);
			}
			const char *s = para;
			/* the rest under the description where there is room: the
			 * continuation's indent, or a "key  description" line's
			 * column */
			if (rejoin && !indent) {
				const char *gap = strstr(para, "  ");
				if (gap && gap > para && gap - para < 16) {
					int col = (int)(gap - para);
					while (para[col] == ' ')
						col++;
					indent = para[col] ? col : 0;
				}
			}
			int ind = indent && w - 4 - indent >= 24 ? indent : 2;
			size_t next;
			for (int k = 0; *s && m < WRAP_MAX; k++, s += next) {
				size_t width = (size_t)(w - 4 - (k ? ind : 0));
				size_t len = wrap_next(s, width < WRAP_W - 3 - (size_t)ind ? width : WRAP_W - 3 - (size_t)ind,
						       &next);
				snprintf(wrapped[m], WRAP_W, "%*s%.*s", k ? ind : 0, "", (int)len, s);
				wl[m] = wrapped[m];
				m++;
				if (!next)
					break;
			}
		}
		text = wl;
		n = m;
	}
	int h = n + 2;
	if (h > lines)
		h = lines;
	int y0 = (lines - h) / 2, x0 = (cols - w) / 2;
	int body = h - 2 > 0 ? h - 2 : 0;
	int max = n > body ? n - body : 0;
	if (hilite >= 0) {
		if (hilite < scroll)
			scroll = hilite;
		if (hilite >= scroll + body)
			scroll = hilite - body + 1;
	}
	if (scroll > max)
		scroll = max;
	if (scroll < 0)
		scroll = 0;
	int xa = x0 > 0 ? x0 - 1 : 0, xb = x0 + w < cols ? x0 + w + 1 : cols;
	for (int y = 0; y < h; y++)
		mvhline(y0 + y, xa, ' ' | (chtype)t->attr[R_TEXT], xb - xa);
	attron(t->attr[R_LABEL]);
	mvhline(y0, x0, '-', w);
	mvhline(y0 + h - 1, x0, '-', w);
	mvvline(y0, x0, '|', h);
	mvvline(y0, x0 + w - 1, '|', h);
	attroff(t->attr[R_LABEL]);
	draw_fmt(y0, x0 + 2, w - 4, t->attr[R_TITLE], " %s ", title);
	for (int i = 0; i < body && scroll + i < n; i++)
		draw_text(y0 + 1 + i, x0 + 2, text[scroll + i], 0, w - 4,
			  scroll + i == hilite ? t->attr[R_SELECT] : t->attr[R_TEXT]);
	if (max > 0 && w > 24) {
		/* where in the text this is, on the bottom frame */
		char pos[48];
		snprintf(pos, sizeof pos, " %d-%d of %d %s ", scroll + 1, scroll + body, n,
			 scroll == 0 ? "(Down)" : scroll == max ? "(Up)" : "(Up/Down)");
		int pw = draw_width(pos);
		draw_text(y0 + h - 1, x0 + w - pw - 2, pos, 0, pw, t->attr[R_LABEL]);
	}
	return max;
}

int overlay_box(const struct theme *t, int lines, int cols, const char *title,
                const char *const *text, int n, int scroll)
{
	return box_lines(t, lines, cols, title, text, n, -1, scroll, false);
}

int help_draw(const struct theme *t, const struct snapshot *s, const char *kb_warning,
              const char *const *front, size_t nfront, int lines, int cols, int scroll)
{
	static const char *const keys[] = {
		"q F10        quit",
		"h ? F1       this help (Up/Down/PgUp/PgDn/space scroll; Esc, q,",
		"             h, ?, F1 or Enter close it)",
		"Z            pause / resume sampling",
		"+ - (= _)    a longer / shorter interval (0.1 s to 60 s)",
		"Up Down      move the selection",
		"PgUp PgDn    a page up / down",
		"Home End g G first / last process",
		"Left Right   scroll the command line sideways",
		"p            COMMAND with the program's full path (again: off)",
		"Enter w      details of the process: smaps, cgroup, OOM score,",
		"             GPU, model, largest mappings, growth",
		"k F9         send a signal (SIGTERM first; asks first) to the",
		"             tagged processes, else the selected one (y sends;",
		"             n or Esc cancels)",
		"space        tag / untag the process (and move down)",
		"c U          tag the process and its children; untag all",
		"/ F3         search by name or command line; F3 next, Shift-F3",
		"             previous (Backspace, Ctrl-U edit what is typed)",
		"\\ F4         filter by name or command line; Enter or F4 keeps,",
		"             Esc clears",
		"t F5         tree view: children under their parent",
		"K            show / hide kernel threads (hidden at start)",
		"s F6 > . <   sort picker; next / previous sort column",
		"M N R O V    sort by memory (RSS), PID, growth Rate, OOM",
		"             score, GPU (VRAM) memory (again: reverse)",
		"I            invert the order",
		"W            watch the process: pin it on top (as -p; again:",
		"             unpin)",
		"F f          follow the selected process as it moves",
		"E            the OOM kills and known errors seen, with times",
		"S F2         setup: sort, interval, tree, kernel threads,",
		"             colours, columns; saved to oomcastrc on closing",
		"x            the knowledge-base entry of the banner, whole",
		"Ctrl-L       repaint the screen",
		"mouse        a click on a header sorts (PID RSS SWAP GPU GROWTH",
		"             OOM COMMAND), on a row selects; the wheel scrolls",
		"",
		"Unlike htop: no CPU or time column, so no P or T; processes",
		"only, no threads (H); s is the sort picker (htop: strace), e",
		"is not the environment, x is the advice entry (htop: locks),",
		"Enter and w open details, W watches; - and + are the interval;",
		"swap sorts from s, < >, or a click on SWAP (S is setup).",
		"",
		"RAM: anon = programs' private memory; shm = tmpfs/shared;",
		"cache = page cache, given back when programs need room;",
		"available = what can still be allocated without swap.",
		"OOM = the kernel's oom_score, the highest killed first: since",
		"Linux 5.9 (1000 + per mille of RAM+swap held + oom_score_adj)",
		"x 2/3, so 666 is a small process at adj 0; 0 never (adj -1000).",
	};
	/* and why there are no GPU rows, or what is missing from them */
	enum { NKEYS = sizeof keys / sizeof keys[0], NFRONT = 10 };
	const char *text[NFRONT + NKEYS + 5];
	int n = 0;
	for (size_t i = 0; i < nfront && i < NFRONT; i++)
		text[n++] = front[i];
	memcpy(text + n, keys, sizeof keys);
	n += NKEYS;
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
	return box_lines(t, lines, cols, "oomcast keys", text, n, -1, scroll, true);
}

void picker_draw(const struct theme *t, const struct tui_state *st, int lines, int cols)
{
	const char *text[SORT_NKEYS];
	for (int k = 0; k < SORT_NKEYS; k++)
		text[k] = sort_key_name((enum sort_key)k);
	box_lines(t, lines, cols, "sort by", text, SORT_NKEYS, st->picker_sel, 0, false);
}

static const struct snap_proc *find_proc(const struct snapshot *s, pid_t pid, uint64_t start)
{
	for (size_t i = 0; i < s->nprocs; i++)
		if (s->procs[i].pid == pid)
			return s->procs[i].start == start ? &s->procs[i] : NULL;
	return NULL;
}

/* "1234 llama-server (RSS 4.20G)": the process a signal would go to. */
static void describe_target(const struct snapshot *s, const struct tui_proc *tp, char *buf,
                            size_t len)
{
	const struct snap_proc *p = find_proc(s, tp->pid, tp->start);
	char comm[SNAP_COMM_MAX * 4 + 1];
	if (!p) {
		snprintf(buf, len, "%d (gone)", (int)tp->pid);
		return;
	}
	utf8_copy(comm, sizeof comm, p->comm[0] ? p->comm : "?");
	snprintf(buf, len, "%d %s (RSS %s)", (int)p->pid, comm, fmt_bytes(p->rss, (char[16]){0}, 16));
}

void signal_draw(const struct theme *t, const struct tui_state *st, const struct snapshot *s,
                 int lines, int cols)
{
	char names[TUI_NSIGNALS][40], one[120], title[160];
	const char *text[TUI_NSIGNALS];
	for (int i = 0; i < TUI_NSIGNALS; i++) {
		int sig = tui_signal_at(i);
		snprintf(names[i], sizeof names[i], "%2d %s", sig,
			 procsignal_name(sig, one, sizeof one));
		text[i] = names[i];
	}
	if (st->ntargets == 1) {
		describe_target(s, &st->targets[0], one, sizeof one);
		snprintf(title, sizeof title, "send to %s", one);
	} else {
		snprintf(title, sizeof title, "send to %zu tagged processes", st->ntargets);
	}
	box_lines(t, lines, cols, title, text, TUI_NSIGNALS, st->picker_sel, 0, false);
}

int confirm_draw(const struct theme *t, const struct tui_state *st, const struct snapshot *s,
                 int lines, int cols, int scroll)
{
	enum { MAXL = TUI_MAX_TAGS + 4 };
	static char buf[MAXL][160];
	const char *text[MAXL];
	char sn[32];
	int n = 0;
	const char *name = procsignal_name(st->sig, sn, sizeof sn);
	snprintf(buf[n++], sizeof buf[0], "Send %s to %s:", name,
		 st->ntargets == 1 ? "this process" : "these processes");
	for (size_t i = 0; i < st->ntargets && n < MAXL - 2; i++) {
		char d[120];
		describe_target(s, &st->targets[i], d, sizeof d);
		snprintf(buf[n++], sizeof buf[0], "  %s", d);
	}
	snprintf(buf[n++], sizeof buf[0], "y: send   n or Esc: cancel");
	for (int i = 0; i < n; i++)
		text[i] = buf[i];
	char title[48];
	snprintf(title, sizeof title, "%s?", name);
	return box_lines(t, lines, cols, title, text, n, -1, scroll, false);
}

void setup_draw(const struct theme *t, const struct tui_state *st, int lines, int cols)
{
	static char buf[TUI_SETUP_N][64];
	const char *text[TUI_SETUP_N];
	snprintf(buf[SET_SORT], 64, "Sort column     %s", sort_key_name(st->key));
	snprintf(buf[SET_ORDER], 64, "Sort order      %s", st->reverse ? "reversed" : "natural");
	snprintf(buf[SET_DELAY], 64, "Interval        %.*f s",
		 st->delay < 1 && num_fmod(st->delay * 100, 10) > 0.5 ? 2 : 1, st->delay);
	snprintf(buf[SET_TREE], 64, "Tree view       %s", st->tree ? "on" : "off");
	snprintf(buf[SET_KTHREADS], 64, "Kernel threads  %s", st->show_kthreads ? "shown" : "hidden");
	/* what is asked for, and what is in use where that differs (a
	 * terminal with 8 colours or none, NO_COLOR, --no-color) */
	static const char *const asked[THEME_NCOLORS] = {"auto", "256", "8", "none"};
	int want = st->colors == THEME_256 ? 256 : st->colors == THEME_8 ? 8
		   : st->colors == THEME_MONO ? 0 : -1;
	char in_use[24] = "";
	if (want != t->ncolors)
		snprintf(in_use, sizeof in_use, t->ncolors ? " (%d in use)" : " (none in use)",
			 t->ncolors);
	snprintf(buf[SET_COLOR], 64, "Colours         %s%s",
		 st->colors < THEME_NCOLORS ? asked[st->colors] : "?", in_use);
	for (int i = 0; i < TUI_SETUP_NCOLS; i++) {
		int c = tui_setup_column(i);
		snprintf(buf[SET_COLUMNS + i], 64, "Column %-8s %s", column_title[c],
			 st->hide_cols & (1u << c) ? "hidden" : "shown");
	}
	for (int i = 0; i < TUI_SETUP_N; i++)
		text[i] = buf[i];
	box_lines(t, lines, cols, "setup: Left/Right change, Esc saves", text, TUI_SETUP_N,
		  st->picker_sel, 0, false);
}

int events_draw(const struct theme *t, const struct evlog *ev, int lines, int cols, int scroll)
{
	size_t n;
	evlog_at(ev, 0, &n);
	static char buf[EV_LOG_MAX][EV_SCOPE_MAX + EV_LINE_MAX + 96];
	const char *text[EV_LOG_MAX + 1];
	int k = 0;
	/* newest first; all of them, scrolled */
	for (size_t i = n; i-- > 0 && k < EV_LOG_MAX;) {
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
	return box_lines(t, lines, cols, "events (OOM kills, known errors), newest first", text, k,
			 -1, scroll, false);
}

void too_small_draw(const struct theme *t, int lines, int cols)
{
	/* the longest form that fits: what is needed stays to the last */
	char buf[80];
	snprintf(buf, sizeof buf, "terminal too small: %dx%d, need %dx%d", cols, lines,
		 TUI_MIN_COLS, TUI_MIN_LINES);
	if (draw_width(buf) > cols)
		snprintf(buf, sizeof buf, "too small, need %dx%d", TUI_MIN_COLS, TUI_MIN_LINES);
	if (draw_width(buf) > cols)
		snprintf(buf, sizeof buf, "need %dx%d", TUI_MIN_COLS, TUI_MIN_LINES);
	int w = draw_width(buf);
	int x = cols > w ? (cols - w) / 2 : 0;
	draw_text(lines / 2, x, buf, 0, cols, t->attr[R_WARN]);
}
