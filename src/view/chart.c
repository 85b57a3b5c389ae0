/* chart.c - available memory over the last minutes, one column a sample,
 * newest on the right, scaled to total RAM so a falling area is memory being
 * used up. Swap in use gets the bottom row when the machine has swap. */
#include <curses.h>
#include <stdio.h>

#include "util/fmt.h"
#include "view/draw.h"
#include "view/panels.h"

#define AXIS 7   /* room for "23.5G" and a space on the left */

static void column(const struct theme *t, int y0, int rows, int x, double frac, int role)
{
	for (int r = 0; r < rows; r++) {
		int e = layout_chart_eighths(frac, rows, r);
		attron(t->attr[role]);
		mvaddstr(y0 + rows - 1 - r, x, t->g->chart[e]);
		attroff(t->attr[role]);
	}
}

void chart_draw(const struct theme *t, const struct layout *l, const struct snapshot *s,
                const struct history *h, double delay)
{
	if (l->chart_h <= 0)
		return;
	bool has_swap = snap_known(s->swap.total) && s->swap.total > 0;
	int rows = l->chart_h - (has_swap ? 1 : 0);
	int w = l->cols - AXIS;
	char top[16], span[48];
	fmt_bytes(s->mem.total, top, sizeof top);
	draw_text(l->chart_y, 0, top, 0, AXIS - 1, t->attr[R_DIM]);
	draw_text(l->chart_y + rows - 1, 0, "0", 0, AXIS - 1, t->attr[R_DIM]);
	for (int i = 0; i < w; i++) {
		size_t age = (size_t)(w - 1 - i);   /* rightmost column = newest */
		double frac = 0;
		if (age < h->n && snap_known(history_avail(h, age)) && s->mem.total)
			frac = (double)history_avail(h, age) / (double)s->mem.total;
		column(t, l->chart_y, rows, AXIS + i, frac, R_CHART);
		if (has_swap) {
			double sf = 0;
			if (age < h->n && snap_known(history_swap(h, age)))
				sf = (double)history_swap(h, age) / (double)s->swap.total;
			column(t, l->chart_y + rows, 1, AXIS + i, sf, R_SWAP);
		}
	}
	/* the title sits over the chart's top left: what and how far back */
	snprintf(span, sizeof span, " available, last %.0fs ", w * delay);
	draw_text(l->chart_y, AXIS + 1, span, 0, w - 1, t->attr[R_AVAIL]);
	if (has_swap)
		draw_text(l->chart_y + rows, 0, "swap", 0, AXIS - 1, t->attr[R_DIM]);
}
