/* banner.c - the knowledge-base banner under the pressure row: which entry
 * fits the worst situation now, and its first fix step with this machine's
 * numbers; and the whole entry on 'x'. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "kb/kb.h"
#include "util/wrap.h"
#include "view/draw.h"
#include "view/panels.h"

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
	snprintf(head, sizeof head, " %s %s%s: [%s] %s ", b->level == FC_CRITICAL ? "CRITICAL" :
		 b->level == FC_WARNING ? "WARNING" : "NOTE", b->what, sit, b->id, b->title);
	mvhline(y, 0, ' ' | (chtype)attr, l->cols);
	int x = draw_text(y, 0, head, 0, l->cols, attr | A_BOLD);
	const char *hint = " x: the whole entry ";
	if (x + draw_width(hint) < l->cols)
		draw_text(y, l->cols - draw_width(hint), hint, 0, draw_width(hint), attr);
	if (l->banner_h < 2 || !b->step[0])
		return;
	if (l->banner_h == 2) {
		/* one row for the step: with the numbers in it */
		draw_text(y + 1, 0, " Fix: ", 0, l->cols, t->attr[R_LABEL] | A_BOLD);
		draw_text(y + 1, 6, b->step, 0, l->cols - 6, t->attr[R_TEXT] | A_BOLD);
		return;
	}
	/* the numbers on a row of their own, so the step's command fits after */
	draw_text(y + 1, 0, " Now: ", 0, l->cols, t->attr[R_LABEL] | A_BOLD);
	draw_text(y + 1, 6, b->now[0] ? b->now : "-", 0, l->cols - 6, t->attr[R_VALUE] | A_BOLD);
	draw_text(y + 2, 0, " Fix: ", 0, l->cols, t->attr[R_LABEL] | A_BOLD);
	draw_text(y + 2, 6, b->step_plain, 0, l->cols - 6, t->attr[R_TEXT] | A_BOLD);
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
		snprintf(buf[n++], 160, "No advice now: nothing is short of memory and no OOM kill");
		snprintf(buf[n++], 160, "or known error was seen.");
		buf[n++][0] = '\0';
		snprintf(buf[n++], 160, "When a forecast turns WARNING or CRITICAL, a process is");
		snprintf(buf[n++], 160, "OOM-killed or a watched log shows a known error, a banner");
		snprintf(buf[n++], 160, "names it and x shows its knowledge-base entry here: what");
		snprintf(buf[n++], 160, "happens, why, and the fix steps with this machine's numbers.");
		snprintf(buf[n++], 160, "`oomcast kb` lists the entries. (Esc or x closes)");
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
		for (size_t i = 0; i < e->nfix && n < ENTRY_LINES - 2; i++) {
			char step[ADVICE_TEXT_MAX];
			kb_render(e->fix[i], b->now[0] ? b->now : NULL, b->driver[0] ? b->driver : NULL,
				  step, sizeof step);
			n = wrap_into(buf, n, ENTRY_LINES - 2, "  - ", "    ", step, width);
		}
		buf[n++][0] = '\0';
		snprintf(buf[n++], 160, "(oomcast kb %s prints it; Esc or x closes)", e->id);
	}
	for (int i = 0; i < n; i++)
		text[i] = buf[i];
	char title[80];
	snprintf(title, sizeof title, "%s", e ? e->id : "knowledge base");
	return overlay_box(t, lines, cols, title, text, n, scroll);
}
