/* proctable.c - the process table: RSS split, swap, growth, OOM score and the
 * command line (the program's name highlighted, its arguments after it, the
 * full path on 'p'), scrolled sideways with the arrows. Narrow terminals drop
 * the least useful columns first (layout_columns). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "util/cmdsplit.h"
#include "util/fmt.h"
#include "view/draw.h"
#include "view/panels.h"

#define B(v) fmt_bytes((v), (char[16]){0}, 16)

static enum column sort_column(enum sort_key k)
{
	switch (k) {
	case SORT_RSS: return COL_RSS;
	case SORT_GROWTH: return COL_GROWTH;
	case SORT_SWAP: return COL_SWAP;
	case SORT_OOM: return COL_OOM;
	case SORT_PID: return COL_PID;
	case SORT_GPU: return COL_GPU;
	default: return COL_COMMAND;
	}
}

static void header(const struct theme *t, const struct layout *l, const bool show[COL_N],
                   int cmdw, const struct tui_state *st)
{
	int y = l->table_y, x = 0;
	enum column sc = sort_column(st->key);
	bool desc = sort_key_descending(st->key) != st->reverse;
	mvhline(y, 0, ' ' | (chtype)t->attr[R_HEADER], l->cols);
	int cmd_end = l->cols;   /* where the command's title ends */
	for (int c = 0; c < COL_N; c++) {
		if (!show[c])
			continue;
		int w = c == COL_COMMAND ? cmdw : column_width[c];
		if (c == COL_COMMAND)
			cmd_end = x + draw_width(column_title[c]);
		char title[32];
		const char *arrow = c != (int)sc ? "" : t->utf8 ? (desc ? "\u25bc" : "\u25b2")
								: (desc ? "v" : "^");
		if (c == COL_COMMAND || c == COL_USER)
			snprintf(title, sizeof title, "%s%s", column_title[c], arrow);
		else
			snprintf(title, sizeof title, "%*s%s", w - draw_width(arrow),
				 column_title[c], arrow);
		draw_text(y, x, title, 0, w, t->attr[c == (int)sc ? R_HEADER_SORT : R_HEADER]);
		x += w + 1;
	}
	/* sorted by a column not on screen (no GPU column without per-process
	 * GPU memory, a hidden one, a narrow terminal): said, at the right end
	 * over the command's header, not left to a header without an arrow */
	if (!show[sc]) {
		char note[48];
		snprintf(note, sizeof note, " sorted by %s%s, not shown ", column_title[sc],
			 desc ? "" : " (reversed)");
		int nw = draw_width(note);
		if (l->cols - nw < cmd_end) {   /* short of room: "(GPU▼)" */
			snprintf(note, sizeof note, " (%s%s)", column_title[sc],
				 t->utf8 ? (desc ? "\u25bc" : "\u25b2") : (desc ? "v" : "^"));
			nw = draw_width(note);
		}
		if (l->cols - nw >= cmd_end)   /* over no other column's title */
			draw_text(y, l->cols - nw, note, 0, nw, t->attr[R_HEADER_SORT]);
	}
}

/* One piece of the COMMAND cell (len bytes of s), after *skip columns
 * scrolled away; advances *x and *left. */
static void piece(int y, int *x, int *left, int *skip, const char *s, size_t len, int attr)
{
	char copy[1024];
	const char *buf = s;
	if (len == 0 || *left <= 0)
		return;
	if (s[len] != '\0') {   /* the arguments end the string: no copy */
		if (len >= sizeof copy)
			len = sizeof copy - 1;
		memcpy(copy, s, len);
		copy[len] = '\0';
		buf = copy;
	}
	int w = draw_width(buf);
	if (*skip >= w) {
		*skip -= w;
		return;
	}
	int n = draw_text(y, *x, buf, *skip, *left, attr);
	*skip = 0;
	*x += n;
	*left -= n;
}

/* The program's name highlighted, its arguments after it; its directory
 * only when asked for (st->full_path). Kernel threads ("[kthreadd]") dim. */
static void command(const struct theme *t, int y, int x, int w, const struct snapshot *s,
                    const struct snap_proc *p, const struct tui_state *st, bool selected, int base)
{
	const char *cmd = snapshot_string(s, p->cmdline);
	if (!cmd || !*cmd)
		cmd = p->comm;
	struct cmd_parts cp;
	cmdsplit(cmd, p->comm, &cp);
	int name = selected ? (int)(t->attr[R_SELECT] | A_BOLD) : t->attr[R_PROGRAM];
	if (cmd[0] == '[')
		name = selected ? base : t->attr[R_DIM];
	int left = w, skip = st->hscroll;
	if (st->full_path)
		piece(y, &x, &left, &skip, cmd, cp.dir_len, base);
	piece(y, &x, &left, &skip, cmd + cp.dir_len, cp.name_len, name);
	const char *args = cmd + cp.dir_len + cp.name_len;
	piece(y, &x, &left, &skip, args, strlen(args), base);
}

/* The tree view's branch before row r's command, as htop draws it: a guide
 * for each ancestor level whose subtree goes on below this row, then a
 * branch that says whether a sibling follows. One forward scan that stops
 * where the last open level closes; only rows on screen are drawn. */
static void branch_of(const struct theme *t, const struct rows *rows, size_t r, int maxw,
                      char *out, size_t outsz)
{
	enum { MAXD = 64 };
	int d = rows->depth[r] < MAXD ? rows->depth[r] : MAXD - 1;
	bool cont[MAXD] = {false};
	int open = d;   /* levels 1..open are not known yet */
	for (size_t k = r + 1; k < rows->n && open > 0; k++) {
		int e = rows->depth[k];
		if (e > open)
			continue;   /* deeper: inside a subtree still open */
		if (e >= 1)
			cont[e] = true;
		open = e - 1;   /* deeper levels ended; level e goes on */
	}
	const char *guide = t->utf8 ? "\u2502 " : "| ";
	const char *mid = t->utf8 ? "\u251c\u2500 " : "|- ";
	const char *last = t->utf8 ? "\u2514\u2500 " : "`- ";
	/* two columns a level; where they do not fit, the levels nearest the
	 * row are kept */
	int levels = d - 1, room = maxw / 2 - 3;
	int from = 1 + (levels * 2 > room ? levels - (room > 0 ? room / 2 : 0) : 0);
	size_t n = 0;
	out[0] = '\0';
	for (int L = from; L < d && n + 8 < outsz; L++)
		n += (size_t)snprintf(out + n, outsz - n, "%s", cont[L] ? guide : "  ");
	if (n + 8 < outsz)
		snprintf(out + n, outsz - n, "%s", cont[d] ? mid : last);
}

static void row(const struct theme *t, int y, const struct layout *l, const bool show[COL_N],
                int cmdw, const struct snapshot *s, const struct snap_proc *p,
                const struct tui_state *st, bool selected, const char *branch)
{
	int x = 0;
	/* tagged (space, c): bold in the warning colour, as htop marks them */
	bool tagged = tui_state_tagged(st, p->pid);
	int base = selected ? t->attr[R_SELECT] : tagged ? (int)(t->attr[R_WARN] | A_BOLD) : t->attr[R_TEXT];
	if (selected)
		mvhline(y, 0, ' ' | (chtype)base, l->cols);
	for (int c = 0; c < COL_N; c++) {
		if (!show[c])
			continue;
		int w = c == COL_COMMAND ? cmdw : column_width[c];
		char cell[64];
		int attr = base;
		switch (c) {
		case COL_PID:
			snprintf(cell, sizeof cell, "%*d", w, (int)p->pid);
			if (tui_state_pinned(st, p->pid) && !selected)
				attr = t->attr[R_PIN];
			break;
		case COL_USER:
		{
			const char *u = snapshot_string(s, p->user);
			snprintf(cell, sizeof cell, "%-*.*s", w, w, u ? u : "-");
		}
			break;
		case COL_RSS: snprintf(cell, sizeof cell, "%*s", w, B(p->rss)); break;
		case COL_ANON: snprintf(cell, sizeof cell, "%*s", w, B(p->anon)); break;
		case COL_FILE: snprintf(cell, sizeof cell, "%*s", w, B(p->file)); break;
		case COL_SHM: snprintf(cell, sizeof cell, "%*s", w, B(p->shmem)); break;
		case COL_SWAP: snprintf(cell, sizeof cell, "%*s", w, B(p->swap)); break;
		case COL_GPU: snprintf(cell, sizeof cell, "%*s", w, B(p->gpu)); break;
		case COL_GROWTH: {
			char r[24];
			snprintf(cell, sizeof cell, "%*s", w, fmt_rate(p->growth, r, sizeof r));
			/* growth above 1 MiB/s is what this tool is about: make it red */
			if (!selected && p->growth > 1048576)
				attr = t->attr[R_GROW_UP];
			else if (!selected && p->growth < -1048576)
				attr = t->attr[R_GROW_DOWN];
			break;
		}
		case COL_OOM:
			if (snap_known_int(p->oom_score))
				snprintf(cell, sizeof cell, "%*d", w, (int)p->oom_score);
			else
				snprintf(cell, sizeof cell, "%*s", w, "-");
			break;
		case COL_COMMAND: {
			int tx = x, tw = w;
			if (branch && branch[0]) {
				int bw = draw_text(y, tx, branch, 0, tw, t->attr[R_DIM] | (selected ? base : 0));
				tx += bw, tw -= bw;
			}
			if (tw > 0)
				command(t, y, tx, tw, s, p, st, selected, base);
			continue;
		}
		}
		draw_text(y, x, cell, 0, w, attr);
		x += w + 1;
	}
}

bool proctable_has_gpu(const struct snapshot *s)
{
	for (size_t i = 0; i < s->ngpus; i++)
		if (s->gpus[i].procs_known)
			return true;
	return false;
}

/* Sorted by OOM score, the table's last row says what the figure is: the
 * kernel's own formula (fs/proc/base.c, since Linux 5.9), so that 666 on
 * an idle process reads as what it is. */
static void oom_legend(const struct theme *t, const struct layout *l)
{
	const char *text = t->utf8
		? " OOM: the kernel's oom_score, highest killed first. 666 = little memory at adj 0:"
		  " (1000 + \u2030 of RAM+swap held + oom_score_adj) \u00d7 2/3, 0 = never (adj -1000);"
		  " before Linux 5.9: \u2030 + adj "
		: " OOM: the kernel's oom_score, highest killed first. 666 = little memory at adj 0:"
		  " (1000 + per mille of RAM+swap held + oom_score_adj) x 2/3, 0 = never (adj -1000);"
		  " before Linux 5.9: per mille + adj ";
	int y = l->table_y + l->table_h;
	mvhline(y, 0, ' ' | (chtype)t->attr[R_DIM], l->cols);
	draw_text(y, 0, text, 0, l->cols, t->attr[R_DIM]);
}

int proctable_rows(const struct layout *l, const struct tui_state *st)
{
	return st->key == SORT_OOM && l->table_h >= 4 ? l->table_h - 1 : l->table_h;
}

void proctable_draw(const struct theme *t, const struct layout *l, const struct snapshot *s,
                    const struct rows *rows, const struct tui_state *st)
{
	bool show[COL_N];
	int cmdw = layout_columns_hiding(l->cols, proctable_has_gpu(s), st->hide_cols, show);
	header(t, l, show, cmdw, st);
	int n = proctable_rows(l, st);
	if (n < l->table_h)
		oom_legend(t, l);
	for (int i = 0; i < n; i++) {
		size_t r = st->top + (size_t)i;
		if (r >= rows->n)
			break;
		char branch[160] = "";
		if (rows->tree && rows->depth && rows->depth[r] > 0)
			branch_of(t, rows, r, cmdw, branch, sizeof branch);
		row(t, l->table_y + 1 + i, l, show, cmdw, s, &s->procs[rows->idx[r]], st, r == st->sel,
		    branch);
	}
	if (rows->n == 0)
		draw_text(l->table_y + 1, 1, st->filter[0] ? "no process matches the filter"
							   : "no processes",
			  0, l->cols - 1, t->attr[R_DIM]);
}
