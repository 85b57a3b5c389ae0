/* banner.c - the knowledge-base banner under the pressure row: which entry
 * fits the worst situation now, and its first fix step with this machine's
 * numbers, wrapped over as many rows as the layout gives it; and the whole
 * entry on 'x'. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "kb/kb.h"
#include "util/cgname.h"
#include "util/wrap.h"
#include "view/draw.h"
#include "view/panels.h"

#define LABEL_W 6            /* " Now: ", " Fix: " */
#define BANNER_LINES 32      /* more than any layout gives it */

/* One row of the banner below its heading: a label on the first row of a
 * part, then a slice of that part's text. */
struct bline {
	const char *label;       /* NULL: a continuation row */
	const char *s;
	int len;
	int role;
};

/* The rows below the heading at this width: "Now:" (the numbers) and
 * "Fix:" (the step without them, as the numbers have their own row), each
 * wrapped, never cut. */
static int banner_lines(const struct advice_banner *b, int cols, struct bline *out, int max)
{
	const char *part[2] = {b->now[0] ? b->now : "-", b->step_plain};
	const char *label[2] = {" Now: ", " Fix: "};
	int role[2] = {R_VALUE, R_TEXT};
	int n = 0;
	if (!b->step[0])
		return 0;
	size_t width = cols - LABEL_W > 10 ? (size_t)(cols - LABEL_W) : 10;
	for (int p = 0; p < 2; p++) {
		const char *s = part[p];
		for (int i = 0; *s && n < max; i++) {
			size_t next;
			size_t len = wrap_next(s, width, &next);
			out[n++] = (struct bline){i ? NULL : label[p], s, (int)len, role[p]};
			if (!next)
				break;
			s += next;
		}
	}
	return n;
}

int banner_rows(const struct advice_banner *b, int cols)
{
	if (!b->active)
		return 0;
	struct bline bl[BANNER_LINES];
	return 1 + banner_lines(b, cols, bl, BANNER_LINES);
}

void banner_draw(const struct theme *t, const struct layout *l, const struct advice_banner *b)
{
	if (l->banner_h == 0 || !b->active)
		return;
	int y = l->banner_y;
	int attr = b->level == FC_CRITICAL ? t->attr[R_ALERT_CRIT] : t->attr[R_ALERT_WARN];
	char head[512];
	char sit[80] = "";
	if (b->situation[0])
		snprintf(sit, sizeof sit, " (%s)", b->situation);
	/* a cgroup by its short name: a container's id is 64 hex digits */
	char what[sizeof b->what + 8];
	if (strncmp(b->what, "cg ", 3) == 0) {
		char cg[40];
		cgname_short(b->what + 3, 28, t->utf8 ? "\u2026" : "~", 1, cg, sizeof cg);
		snprintf(what, sizeof what, "cg %s", cg);
	} else {
		snprintf(what, sizeof what, "%s", b->what);
	}
	snprintf(head, sizeof head, " %s %s%s: [%s] %s ", b->level == FC_CRITICAL ? "CRITICAL" :
		 b->level == FC_WARNING ? "WARNING" : "NOTE", what, sit, b->id, b->title);
	struct bline bl[BANNER_LINES];
	int n = banner_lines(b, l->cols, bl, BANNER_LINES);
	int shown = l->banner_h - 1 < n ? l->banner_h - 1 : n;
	/* what does not fit is never cut silently: the mark says where the
	 * rest is */
	bool cut = shown < n || draw_width(head) > l->cols;
	const char *hint = cut ? " more: press x " : " x: the whole entry ";
	int hw = draw_width(hint);
	int room = cut ? l->cols - hw : l->cols;
	mvhline(y, 0, ' ' | (chtype)attr, l->cols);
	int x;
	if (draw_width(head) > room && room > 2) {
		/* a title too long for the row ends marked: at a word where that
		 * loses little, else where the row ends (a narrow one keeps the
		 * cgroup's name) */
		const char *ell = t->utf8 ? "\u2026" : "~";
		size_t next, len = wrap_next(head, (size_t)room - 2, &next);
		if ((int)len * 3 >= (room - 2) * 2) {
			char shorter[sizeof head];
			snprintf(shorter, sizeof shorter, "%.*s%s ", (int)len, head, ell);
			x = draw_text(y, 0, shorter, 0, room, attr | A_BOLD);
		} else {
			x = draw_text(y, 0, head, 0, room - 1, attr | A_BOLD);
			x += draw_text(y, x, ell, 0, 1, attr | A_BOLD);
		}
	} else {
		x = draw_text(y, 0, head, 0, room, attr | A_BOLD);
	}
	if (cut || x + hw < l->cols)
		draw_text(y, l->cols - hw, hint, 0, hw, attr | (cut ? A_BOLD : 0));
	for (int i = 0; i < shown; i++) {
		char line[ADVICE_TEXT_MAX];
		snprintf(line, sizeof line, "%.*s", bl[i].len, bl[i].s);
		if (bl[i].label)
			draw_text(y + 1 + i, 0, bl[i].label, 0, LABEL_W, t->attr[R_LABEL] | A_BOLD);
		draw_text(y + 1 + i, LABEL_W, line, 0, l->cols - LABEL_W,
			  t->attr[bl[i].role] | A_BOLD);
	}
}

/* Wrapped lines of text into out[] (static storage), from index n. */
static int wrap_into(char (*out)[160], int n, int max, const char *first, const char *rest,
                     const char *text, int width)
{
	size_t next;
	const char *s = text;
	for (int i = 0; *s && n < max; i++, s += next) {
		const char *ind = i ? rest : first;
		size_t w = width > (int)strlen(ind) + 10 ? (size_t)width - strlen(ind) : 10;
		size_t len = wrap_next(s, w < 150 ? w : 150, &next);
		snprintf(out[n++], 160, "%s%.*s", ind, (int)len, s);
		if (!next)
			break;
	}
	return n;
}

#define ENTRY_LINES 96

int entry_draw(const struct theme *t, struct advice *a, int lines, int cols, int scroll)
{
	static char buf[ENTRY_LINES][160];
	const char *text[ENTRY_LINES];
	const struct advice_banner *b = advice_banner(a);
	const struct kb_entry *e = b->active ? advice_entry(a, b->id) : NULL;
	int n = 0, width = cols - 8 > 20 ? cols - 8 : 20;
	if (!e) {
		/* say what would be here, so x never seems to do nothing */
		n = wrap_into(buf, n, ENTRY_LINES, "", "",
			      "No advice now: nothing is short of memory and no OOM kill or known error "
			      "was seen.", width);
		buf[n++][0] = '\0';
		n = wrap_into(buf, n, ENTRY_LINES, "", "",
			      "When a forecast turns WARNING or CRITICAL, a process is OOM-killed or a "
			      "watched log shows a known error, a banner names it and x shows its "
			      "knowledge-base entry here: what happens, why, and the fix steps with this "
			      "machine's numbers. `oomcast kb` lists the entries. (Esc or x closes)", width);
	} else {
		n = wrap_into(buf, n, ENTRY_LINES, "", "", e->title, width);
		char now[512];
		snprintf(now, sizeof now, "%s %s: %s", b->level == FC_CRITICAL ? "CRITICAL" : "WARNING",
			 b->what, b->now);
		n = wrap_into(buf, n, ENTRY_LINES, "", "  ", now, width);
		buf[n++][0] = '\0';
		snprintf(buf[n++], 160, "Cause:");
		n = wrap_into(buf, n, ENTRY_LINES - 4, "  ", "  ", e->cause, width);
		buf[n++][0] = '\0';
		snprintf(buf[n++], 160, "Fix:");
		/* the steps as the advice rendered them, with this machine's
		 * figures in the commands */
		for (size_t i = 0; i < b->nsteps && n < ENTRY_LINES - 2; i++)
			n = wrap_into(buf, n, ENTRY_LINES - 2, "  - ", "    ", b->steps[i], width);
		buf[n++][0] = '\0';
		snprintf(buf[n++], 160, "(oomcast kb %s prints it; Esc or x closes)", e->id);
	}
	for (int i = 0; i < n; i++)
		text[i] = buf[i];
	char title[80];
	snprintf(title, sizeof title, "%s", e ? e->id : "knowledge base");
	return overlay_box(t, lines, cols, title, text, n, scroll);
}
