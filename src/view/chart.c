/* chart.c - the resource at risk over the last minutes, one column a
 * sample, newest on the right: the headroom of the most urgent forecast
 * item (a cgroup, a GPU, swap, RAM), scaled to its limit, so a falling area
 * is room being used up. System "available" when nothing is more urgent.
 * Swap in use gets the bottom row when the machine has swap. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "util/cgname.h"
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

void chart_sample(struct history *h, const struct snapshot *s, const struct forecast *fc)
{
	size_t n = 0;
	const struct fc_item *items = fc ? forecast_items(fc, &n) : NULL;
	history_add(h, s, items, n, fcpanel_order);
}

const struct fc_item *chart_pick(const struct forecast *fc)
{
	size_t n = 0;
	const struct fc_item *items = fc ? forecast_items(fc, &n) : NULL, *best = NULL;
	for (size_t i = 0; i < n; i++)
		if (!best || fcpanel_order(&items[i], best) < 0)
			best = &items[i];
	/* all calm: the machine's "available", the figure people know */
	if (!best || best->level == FC_OK || best->kind == FC_RAM || !snap_known(best->capacity) ||
	    best->capacity == 0)
		return NULL;
	return best;
}

/* What the chart shows, as its title says it. */
static void title_of(const struct theme *t, const struct snapshot *s, const struct fc_item *it,
                     char *out, size_t len)
{
	char name[64];
	if (!it) {
		snprintf(out, len, "available");
		return;
	}
	switch (it->kind) {
	case FC_CGROUP: {
		const char *path = it->cgroup >= 0 && (size_t)it->cgroup < s->ncgroups
				   ? s->cgroups[it->cgroup].path : it->resource;
		cgname_short(path, 28, t->utf8 ? "\u2026" : "~", 1, name, sizeof name);
		snprintf(out, len, "cg %s room under its limit", name);
		break;
	}
	case FC_GPU: snprintf(out, len, "%.40s free", it->resource); break;
	case FC_SWAP: snprintf(out, len, "swap free"); break;
	case FC_RAM_SWAP: snprintf(out, len, "RAM+swap available"); break;
	default: snprintf(out, len, "available"); break;
	}
}

void chart_draw(const struct theme *t, const struct layout *l, const struct snapshot *s,
                const struct history *h, const struct forecast *fc)
{
	if (l->chart_h <= 0)
		return;
	bool has_swap = snap_known(s->swap.total) && s->swap.total > 0;
	int rows = l->chart_h - (has_swap ? 1 : 0);
	int w = l->cols - AXIS;
	const struct fc_item *it = chart_pick(fc);
	int ser = it ? history_find(h, it->resource) : -1;
	if (ser < 0)
		it = NULL;
	/* the top line is the limit of what is shown */
	uint64_t cap = it ? it->capacity : s->mem.total;
	char top[16], what[96], span[160];
	fmt_bytes(cap, top, sizeof top);
	draw_text(l->chart_y, 0, top, 0, AXIS - 1, t->attr[R_DIM]);
	draw_text(l->chart_y + rows - 1, 0, "0", 0, AXIS - 1, t->attr[R_DIM]);
	size_t shown = 0;
	for (int i = 0; i < w; i++) {
		size_t age = (size_t)(w - 1 - i);   /* rightmost column = newest */
		double frac = 0;
		if (age < h->n) {
			uint64_t v = it ? history_headroom(h, ser, age) : history_avail(h, age);
			if (snap_known(v) && snap_known(cap) && cap) {
				frac = (double)v / (double)cap;
				if (age + 1 > shown)
					shown = age + 1;
			}
		}
		column(t, l->chart_y, rows, AXIS + i, frac, R_CHART);
		if (has_swap) {
			double sf = 0;
			if (age < h->n && snap_known(history_swap(h, age)))
				sf = (double)history_swap(h, age) / (double)s->swap.total;
			column(t, l->chart_y + rows, 1, AXIS + i, sf, R_SWAP);
		}
	}
	/* the title sits over the chart's top left: what and how far back the
	 * drawn samples really go (not the width times the interval) */
	title_of(t, s, it, what, sizeof what);
	snprintf(span, sizeof span, " %s, last %.0fs ", what, shown ? history_age(h, shown - 1) : 0.0);
	draw_text(l->chart_y, AXIS + 1, span, 0, w - 1, t->attr[R_AVAIL]);
	if (has_swap)
		draw_text(l->chart_y + rows, 0, "swap", 0, AXIS - 1, t->attr[R_DIM]);
}
