/* proctable.c - the process table: RSS split, swap, growth, OOM score and the
 * command line, scrolled sideways with the arrows. Narrow terminals drop the
 * least useful columns first (layout_columns). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

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
	for (int c = 0; c < COL_N; c++) {
		if (!show[c])
			continue;
		int w = c == COL_COMMAND ? cmdw : column_width[c];
		char title[32];
		const char *arrow = c != (int)sc ? "" : t->utf8 ? (desc ? "\u25bc" : "\u25b2")
								: (desc ? "v" : "^");
		if (c == COL_COMMAND || c == COL_USER)
			snprintf(title, sizeof title, "%s%s", column_title[c], arrow);
		else
			snprintf(title, sizeof title, "%*s%s", w - draw_width(arrow),
				 column_title[c], arrow);
		draw_text(y, x, title, 0, w, t->attr[R_HEADER] | (c == (int)sc ? A_BOLD : 0));
		x += w + 1;
	}
}

static void row(const struct theme *t, int y, const struct layout *l, const bool show[COL_N],
                int cmdw, const struct snapshot *s, const struct snap_proc *p,
                const struct tui_state *st, bool selected, int depth)
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
			const char *cmd = snapshot_string(s, p->cmdline);
			int tx = x, tw = w;
			if (depth > 0) {
				/* tree view: two columns a level, then a branch */
				int ind = 2 * (depth - 1);
				if (ind > tw / 2)
					ind = tw / 2;
				tx += ind, tw -= ind;
				int bw = draw_text(y, tx, t->utf8 ? "\u2514\u2500 " : "`- ", 0, tw,
						   t->attr[R_DIM] | (selected ? base : 0));
				tx += bw, tw -= bw;
			}
			if (tw > 0)
				draw_text(y, tx, cmd ? cmd : p->comm, st->hscroll, tw, base);
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

void proctable_draw(const struct theme *t, const struct layout *l, const struct snapshot *s,
                    const struct rows *rows, const struct tui_state *st)
{
	bool show[COL_N];
	int cmdw = layout_columns_hiding(l->cols, proctable_has_gpu(s), st->hide_cols, show);
	header(t, l, show, cmdw, st);
	for (int i = 0; i < l->table_h; i++) {
		size_t r = st->top + (size_t)i;
		if (r >= rows->n)
			break;
		row(t, l->table_y + 1 + i, l, show, cmdw, s, &s->procs[rows->idx[r]], st, r == st->sel,
		    rows->tree && rows->depth ? rows->depth[r] : 0);
	}
	if (rows->n == 0)
		draw_text(l->table_y + 1, 1, st->filter[0] ? "no process matches the filter"
							   : "no processes",
			  0, l->cols - 1, t->attr[R_DIM]);
}
