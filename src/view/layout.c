/* layout.c - geometry and bar arithmetic for the dashboard; see layout.h. */
#include "view/layout.h"

#include <string.h>

#include "snapshot.h"

const char *const column_title[COL_N] = {
	"PID", "USER", "RSS", "ANON", "FILE", "SHM", "SWAP", "GPU", "GROWTH", "OOM", "COMMAND",
};
const int column_width[COL_N] = {7, 9, 7, 7, 7, 7, 7, 7, 9, 5, 10};

void layout_compute(int lines, int cols, bool cgroup_row, int gpu_rows, int banner_rows, int fc_rows,
                    struct layout *o)
{
	memset(o, 0, sizeof *o);
	o->cols = cols;
	o->too_small = lines < TUI_MIN_LINES || cols < TUI_MIN_COLS;
	if (o->too_small)
		return;
	int y = 0;
	o->ram_y = y++;
	/* the "available" label under the bar is a teaching aid: worth a row
	 * only when the table keeps room */
	o->avail_y = lines >= 16 ? y++ : -1;
	o->swap_y = y++;
	o->cgroup_y = cgroup_row && lines >= 12 ? y++ : -1;
	/* GPU meters: 4 at most, 2 below 24 lines, 1 below 16, none below 12
	 * (the forecast rows still name each card) */
	int gmax = lines < 12 ? 0 : lines < 16 ? 1 : lines < 24 ? 2 : 4;
	o->gpu_y = y;
	o->gpu_h = gpu_rows < gmax ? gpu_rows : gmax;
	y += o->gpu_h;
	o->info_y = y++;
	/* what to do about it comes before the details of the forecast */
	o->banner_y = y;
	/* all of it where the screen allows: the Fix line is the point of the
	 * banner; bounded so the table keeps its rows */
	int bmax = lines >= 40 ? 10 : lines >= 30 ? 6 : lines >= 20 ? 4 : lines >= 16 ? 2 : 1;
	o->banner_h = banner_rows <= 0 ? 0 : banner_rows < bmax ? banner_rows : bmax;
	y += o->banner_h;
	/* the forecast matters more than the chart: up to 1 row on the
	 * smallest screens, 2 below 24 lines, else all wanted (6 at most) */
	int fmax = lines < 16 ? 1 : lines < 24 ? 2 : 6;
	o->forecast_y = y;
	o->forecast_h = fc_rows < fmax ? fc_rows : fmax;
	y += o->forecast_h;
	o->status_y = lines - 1;
	int left = o->status_y - y;   /* for chart + table header + rows */
	/* the chart takes a quarter of what is left, 3 to 10 rows, when the
	 * table still gets 8 rows */
	int ch = left / 4;
	if (ch > 10)
		ch = 10;
	if (ch >= 3 && left - ch - 1 >= 8) {
		o->chart_y = y;
		o->chart_h = ch;
		y += ch;
	}
	o->table_y = y;
	o->table_h = o->status_y - y - 1;
}

/* lround() for what is never negative here, without pulling in libm: the
 * dashboard's resident size is measured against htop's */
static long round_nonneg(double x)
{
	return x > 0 ? (long)(x + 0.5) : 0;
}

void layout_bar(const uint64_t *parts, int nparts, uint64_t total, int width, int *cells)
{
	/* round the running sum, not each part: the cells then add up to the
	 * rounded whole and never pass the bar's end */
	double cum = 0;
	long prev = 0;
	for (int i = 0; i < nparts; i++) {
		cells[i] = 0;
		if (!snap_known(parts[i]) || total == 0 || !snap_known(total))
			continue;
		cum += (double)parts[i] / (double)total * width;
		long end = round_nonneg(cum < width ? cum : width);
		cells[i] = (int)(end - prev);
		prev = end;
	}
}

int layout_columns(int cols, bool gpu, bool show[COL_N])
{
	return layout_columns_hiding(cols, gpu, 0, show);
}

int layout_columns_hiding(int cols, bool gpu, unsigned hidden, bool show[COL_N])
{
	static const enum column prio[] = {
		COL_PID, COL_RSS, COL_GROWTH, COL_COMMAND, COL_GPU, COL_OOM, COL_ANON,
		COL_SWAP, COL_USER, COL_FILE, COL_SHM,
	};
	int w = 0;
	memset(show, 0, sizeof(bool) * COL_N);
	for (size_t i = 0; i < sizeof prio / sizeof prio[0]; i++) {
		if ((prio[i] == COL_GPU && !gpu) || (hidden & (1u << prio[i])))
			continue;
		int cw = column_width[prio[i]] + (w ? 1 : 0);
		if (w + cw <= cols) {
			show[prio[i]] = true;
			w += cw;
		}
	}
	return column_width[COL_COMMAND] + (cols - w);
}

int layout_column_at(int cols, bool gpu, int x)
{
	return layout_column_at_hiding(cols, gpu, 0, x);
}

int layout_column_at_hiding(int cols, bool gpu, unsigned hidden, int x)
{
	bool show[COL_N];
	int cmdw = layout_columns_hiding(cols, gpu, hidden, show), pos = 0;
	for (int c = 0; c < COL_N; c++) {
		if (!show[c])
			continue;
		int w = c == COL_COMMAND ? cmdw : column_width[c];
		if (x >= pos && x < pos + w)
			return c;
		pos += w + 1;
	}
	return -1;
}

int layout_chart_eighths(double frac, int rows, int r)
{
	if (!(frac > 0))
		return 0;
	if (frac > 1)
		frac = 1;
	long total = round_nonneg(frac * rows * 8);
	long e = total - (long)r * 8;
	return e < 0 ? 0 : e > 8 ? 8 : (int)e;
}
