/* layout.h - the dashboard's geometry and the arithmetic of bars, columns and
 * chart cells. Pure functions of numbers: no curses, so they are unit-tested. */
#ifndef OOMCAST_LAYOUT_H
#define OOMCAST_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#define TUI_MIN_COLS 40
#define TUI_MIN_LINES 10

struct layout {
	bool too_small;
	int cols;
	int ram_y, avail_y;         /* avail_y -1: no label row (short terminal) */
	int swap_y, cgroup_y;       /* cgroup_y -1: no cgroup row */
	int gpu_y, gpu_h;           /* one row a GPU; gpu_h 0: none */
	int info_y;
	int banner_y, banner_h;     /* the knowledge-base banner, 0 to 10 rows */
	int forecast_y, forecast_h; /* forecast_h 0: no forecast rows */
	int chart_y, chart_h;       /* chart_h 0: no chart */
	int table_y, table_h;       /* table_y is the header row; rows follow */
	int status_y;
};

/* gpu_rows: GPU meters wanted (one a card); banner_rows: the rows the
 * knowledge-base banner wants to show all (0: none; a short terminal gives
 * it fewer, at least 1); fc_rows: the forecast rows
 * wanted (resources and the last OOM kill); a short terminal gets fewer. */
void layout_compute(int lines, int cols, bool cgroup_row, int gpu_rows, int banner_rows, int fc_rows,
                    struct layout *out);

/* Split width cells among parts proportionally to their sizes out of total,
 * rounding the running sum, so the cells add up exactly to the parts' share
 * of the bar and never pass its end. Unknown (SNAP_NA) parts get no cells. */
void layout_bar(const uint64_t *parts, int nparts, uint64_t total, int width, int *cells);

/* The process table's columns, in display order. */
enum column { COL_PID, COL_USER, COL_RSS, COL_ANON, COL_FILE, COL_SHM, COL_SWAP, COL_GPU,
              COL_GROWTH, COL_OOM, COL_COMMAND, COL_N };
extern const char *const column_title[COL_N];
extern const int column_width[COL_N];   /* COMMAND: its minimum */

/* Which columns fit in cols, most useful first: marks show[] and returns the
 * COMMAND column's width. GPU only when gpu (a GPU's per-process use is
 * known on this machine). */
int layout_columns(int cols, bool gpu, bool show[COL_N]);
/* The same without the columns whose bit (1 << enum column) is set in
 * hidden (the setup screen's choice; PID, RSS and COMMAND always show). */
int layout_columns_hiding(int cols, bool gpu, unsigned hidden, bool show[COL_N]);
#define LAYOUT_UNHIDEABLE ((1u << COL_PID) | (1u << COL_RSS) | (1u << COL_COMMAND))

/* The column drawn at screen column x (as layout_columns lays them out,
 * one space between), or -1 for the gaps and past the end. */
int layout_column_at(int cols, bool gpu, int x);
int layout_column_at_hiding(int cols, bool gpu, unsigned hidden, int x);

/* A chart column of rows cells showing frac (0..1) of its height: the fill of
 * cell r (0 = bottom) in eighths, 0..8. */
int layout_chart_eighths(double frac, int rows, int r);

#endif
