/* Unit tests for the dashboard's pure parts: geometry, bars, columns, chart
 * cells, glyph tables and the key handling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curses.h>
#include <signal.h>
#include <string.h>

#include "analysis/history.h"
#include "view/layout.h"
#include "view/panels.h"
#include "view/theme.h"
#include "view/tui_state.h"

static void test_layout_sizes(void **state)
{
	(void)state;
	struct layout l;
	layout_compute(9, 80, false, 0, false, 1, &l);
	assert_true(l.too_small);
	layout_compute(24, 39, false, 0, false, 1, &l);
	assert_true(l.too_small);
	int sizes[][2] = {{10, 40}, {24, 80}, {50, 200}, {16, 60}, {12, 40}};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		for (int cg = 0; cg < 2; cg++) for (int fc = 0; fc <= 7; fc += 7) {
			int lines = sizes[i][0];
			layout_compute(lines, sizes[i][1], cg, fc % 3, cg, fc, &l);
			assert_false(l.too_small);
			/* every region inside the screen, in order, not overlapping */
			assert_int_equal(l.ram_y, 0);
			assert_true(l.info_y > l.swap_y);
			/* GPU meters sit between swap/cgroup and the info row */
			assert_true(l.gpu_h <= fc % 3);
			if (l.gpu_h)
				assert_true(l.gpu_y > l.swap_y && l.gpu_y > l.cgroup_y &&
					    l.gpu_y + l.gpu_h <= l.info_y);
			assert_true(l.table_y > l.info_y);
			/* the banner follows the pressure row, before the forecast */
			assert_true(l.banner_h <= (cg ? 3 : 0));
			if (cg)
				assert_true(l.banner_h >= 1 && l.banner_y == l.info_y + 1 &&
					    l.forecast_y >= l.banner_y + l.banner_h);
			assert_true(l.forecast_h >= (fc ? 1 : 0) && l.forecast_h <= 6);
			assert_true(l.forecast_y + l.forecast_h <= l.table_y);
			if (l.chart_h)
				assert_true(l.chart_y >= l.forecast_y + l.forecast_h && l.chart_y + l.chart_h <= l.table_y);
			assert_true(l.table_h >= 3);
			assert_int_equal(l.table_y + 1 + l.table_h, l.status_y);
			assert_int_equal(l.status_y, lines - 1);
		}
	}
	layout_compute(50, 200, true, 0, false, 3, &l);
	assert_int_equal(l.forecast_h, 3);
	assert_true(l.chart_h >= 3);
	assert_true(l.avail_y > 0);
	assert_true(l.cgroup_y > 0);
	layout_compute(10, 40, true, 0, false, 3, &l);
	assert_int_equal(l.forecast_h, 1);
	assert_int_equal(l.chart_h, 0);   /* no room: no chart */
	assert_int_equal(l.avail_y, -1);
	assert_int_equal(l.cgroup_y, -1);
	assert_int_equal(l.gpu_h, 0);
	layout_compute(50, 200, true, 6, false, 3, &l);
	assert_int_equal(l.gpu_h, 4);   /* four cards at most */
	layout_compute(20, 80, false, 3, false, 2, &l);
	assert_int_equal(l.gpu_h, 2);
	/* the banner gets the rows it wants where the screen allows, fewer
	 * (never none) on short ones, and the table keeps its rows */
	layout_compute(50, 200, true, 0, 5, 3, &l);
	assert_int_equal(l.banner_h, 5);
	layout_compute(24, 80, true, 1, 7, 3, &l);
	assert_int_equal(l.banner_h, 4);
	assert_true(l.table_h >= 8);
	layout_compute(10, 40, true, 0, 7, 3, &l);
	assert_int_equal(l.banner_h, 1);
	assert_true(l.table_h >= 3);
}

static void test_bar(void **state)
{
	(void)state;
	int cells[5];
	uint64_t p1[4] = {25, 25, 25, 25};
	layout_bar(p1, 4, 100, 10, cells);
	assert_int_equal(cells[0] + cells[1] + cells[2] + cells[3], 10);
	for (int i = 0; i < 4; i++)
		assert_in_range(cells[i], 2, 3);
	/* a tiny part still rounds; the sum is the parts' share of the width */
	uint64_t p2[3] = {1, 49, 0};
	layout_bar(p2, 3, 100, 40, cells);
	assert_int_equal(cells[0] + cells[1] + cells[2], 20);
	assert_int_equal(cells[2], 0);
	/* unknown parts and an unknown total draw nothing */
	uint64_t p3[2] = {SNAP_NA, 50};
	layout_bar(p3, 2, 100, 10, cells);
	assert_int_equal(cells[0], 0);
	assert_int_equal(cells[1], 5);
	layout_bar(p1, 4, 0, 10, cells);
	assert_int_equal(cells[0] + cells[1] + cells[2] + cells[3], 0);
	/* parts larger than the total never overflow the bar */
	uint64_t p4[2] = {80, 80};
	layout_bar(p4, 2, 100, 10, cells);
	assert_true(cells[0] + cells[1] <= 10);
}

static void test_columns(void **state)
{
	(void)state;
	bool show[COL_N];
	int w = layout_columns(200, true, show);
	for (int c = 0; c < COL_N; c++)
		assert_true(show[c]);
	assert_true(w > 10);
	w = layout_columns(40, true, show);
	assert_true(show[COL_PID] && show[COL_RSS] && show[COL_GROWTH] && show[COL_COMMAND]);
	assert_false(show[COL_SHM]);
	int used = 0;
	for (int c = 0; c < COL_N; c++)
		if (show[c] && c != COL_COMMAND)
			used += column_width[c] + 1;
	assert_int_equal(used + w, 40);
	w = layout_columns(80, false, show);
	assert_true(show[COL_OOM] && show[COL_ANON] && show[COL_SWAP]);
	assert_false(show[COL_GPU]);   /* no GPU data on this machine: no column */
	layout_columns(60, true, show);
	assert_true(show[COL_GPU]);
	assert_true(w >= 10);
}

static void test_chart_eighths(void **state)
{
	(void)state;
	assert_int_equal(layout_chart_eighths(0, 4, 0), 0);
	assert_int_equal(layout_chart_eighths(1, 4, 3), 8);
	assert_int_equal(layout_chart_eighths(0.5, 4, 0), 8);
	assert_int_equal(layout_chart_eighths(0.5, 4, 1), 8);
	assert_int_equal(layout_chart_eighths(0.5, 4, 2), 0);
	assert_int_equal(layout_chart_eighths(0.5 + 1.0 / 32, 4, 2), 1);
	assert_int_equal(layout_chart_eighths(2, 4, 3), 8);   /* clamped */
	assert_int_equal(layout_chart_eighths(-1, 4, 0), 0);
}

static void test_glyphs(void **state)
{
	(void)state;
	/* the ASCII twins are ASCII, and without colour every segment differs */
	for (int color = 0; color < 2; color++) {
		const struct glyphs *g = theme_glyphs(false, color);
		const char *all[] = {g->seg_anon, g->seg_shmem, g->seg_cache, g->seg_other,
				     g->seg_free, g->seg_swap, g->avail_mark, g->pin};
		for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
			for (const char *c = all[i]; *c; c++)
				assert_true((unsigned char)*c < 0x80);
		for (int e = 0; e < 9; e++)
			assert_true((unsigned char)g->chart[e][0] < 0x80);
	}
	for (int utf8 = 0; utf8 < 2; utf8++) {
		const struct glyphs *g = theme_glyphs(utf8, false);
		const char *seg[] = {g->seg_anon, g->seg_shmem, g->seg_cache, g->seg_other, g->seg_free};
		for (int i = 0; i < 5; i++)
			for (int j = i + 1; j < 5; j++)
				assert_string_not_equal(seg[i], seg[j]);
	}
}

static void test_history(void **state)
{
	(void)state;
	static struct history h;
	struct snapshot s;
	snapshot_init(&s);
	history_init(&h);
	for (int i = 0; i < HISTORY_MAX + 10; i++) {
		s.mem.available = (uint64_t)i;
		s.swap.total = 100, s.swap.free = 100 - (uint64_t)(i % 100);
		s.mono = 100 + i * 0.5;
		history_add(&h, &s, NULL, 0, NULL);
	}
	assert_int_equal(h.n, HISTORY_MAX);
	assert_int_equal(history_avail(&h, 0), HISTORY_MAX + 9);
	assert_int_equal(history_avail(&h, HISTORY_MAX - 1), 10);
	assert_int_equal(history_swap(&h, 0), (HISTORY_MAX + 9) % 100);
	/* the time label's truth: the span of the samples, not the ring's size */
	assert_true(history_age(&h, 6) > 2.99 && history_age(&h, 6) < 3.01);
	assert_true(history_age(&h, 0) == 0);
	snapshot_free(&s);
}

static void test_banner_rows(void **state)
{
	(void)state;
	struct advice_banner b;
	memset(&b, 0, sizeof b);
	assert_int_equal(banner_rows(&b, 200), 0);   /* no banner, no rows */
	b.active = true;
	assert_int_equal(banner_rows(&b, 200), 1);   /* a kill without a step: the heading */
	snprintf(b.now, sizeof b.now, "104 MiB left, eaten at +44.5M/s, out in ~2 s");
	/* a step of 60 five-letter words: 359 columns */
	for (int i = 0; i < 60; i++)
		strcat(b.step_plain, i ? " abcde" : "abcde");
	snprintf(b.step, sizeof b.step, "%s", b.step_plain);
	/* heading, Now on one row, the step wrapped to the width less its label */
	assert_int_equal(banner_rows(&b, 206), 1 + 1 + 2);
	assert_int_equal(banner_rows(&b, 86), 1 + 1 + 5);
	/* 40 columns: 34 for the text, 5 words a row; Now wraps too */
	assert_int_equal(banner_rows(&b, 40), 1 + 2 + 12);
}

static int by_level(const struct fc_item *a, const struct fc_item *b)
{
	return (a->level < b->level) - (a->level > b->level);
}

static void test_history_series(void **state)
{
	(void)state;
	static struct history h;
	struct snapshot s;
	snapshot_init(&s);
	history_init(&h);
	struct fc_item it[HISTORY_SERIES + 2];
	char names[HISTORY_SERIES + 2][32];
	memset(it, 0, sizeof it);
	for (int i = 0; i < HISTORY_SERIES + 2; i++) {
		snprintf(names[i], sizeof names[i], "cgroup:/h4/%d", i);
		it[i].resource = names[i];
		it[i].level = FC_OK;
		it[i].headroom = 1000 + (uint64_t)i;
	}
	it[HISTORY_SERIES + 1].level = FC_WARNING;   /* the most urgent, last in the list */
	history_add(&h, &s, it, HISTORY_SERIES + 2, by_level);
	/* only the most urgent are kept: memory stays bounded */
	int w = history_find(&h, "cgroup:/h4/7");
	assert_true(w >= 0);
	assert_int_equal(history_headroom(&h, w, 0), 1000 + HISTORY_SERIES + 1);
	int kept = 0;
	for (int i = 0; i < HISTORY_SERIES + 2; i++)
		kept += history_find(&h, it[i].resource) >= 0;
	assert_int_equal(kept, HISTORY_SERIES);
	/* a newcomer takes the place of one that left the urgent; its past is
	 * unknown, not another's */
	it[0].level = FC_CRITICAL;
	it[0].resource = "gpu:0";
	history_add(&h, &s, it, 1, by_level);
	int g = history_find(&h, "gpu:0");
	assert_true(g >= 0);
	assert_int_equal(history_headroom(&h, g, 0), 1000);
	assert_false(snap_known(history_headroom(&h, g, 1)));
	/* the one that was urgent a sample ago keeps its series */
	assert_true(history_find(&h, "cgroup:/h4/7") >= 0);
	snapshot_free(&s);
}

static const pid_t rows[] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
#define NR 10
/* the rows as the state takes them (no parents or start times) */
#define R(p, n) (&(struct tui_rows){(p), NULL, NULL, (n)})

static void test_keys_navigation(void **state)
{
	(void)state;
	struct tui_state st;
	tui_state_init(&st, 1.0, NULL, 0);
	tui_state_rows(&st, R(rows, NR), 4);
	assert_int_equal(tui_state_key(&st, KEY_DOWN, R(rows, NR), 4), TUI_REDRAW);
	assert_int_equal(st.sel, 1);
	assert_int_equal(st.sel_pid, 20);
	tui_state_key(&st, KEY_NPAGE, R(rows, NR), 4);
	assert_int_equal(st.sel, 5);
	assert_int_equal(st.top, 2);   /* scrolled so the selection shows */
	tui_state_key(&st, KEY_END, R(rows, NR), 4);
	assert_int_equal(st.sel, 9);
	assert_int_equal(st.top, 6);
	tui_state_key(&st, KEY_DOWN, R(rows, NR), 4);
	assert_int_equal(st.sel, 9);   /* stays at the end */
	tui_state_key(&st, KEY_HOME, R(rows, NR), 4);
	assert_int_equal(st.sel, 0);
	assert_int_equal(st.top, 0);
	tui_state_key(&st, KEY_UP, R(rows, NR), 4);
	assert_int_equal(st.sel, 0);
	tui_state_key(&st, KEY_RIGHT, R(rows, NR), 4);
	assert_int_equal(st.hscroll, 8);
	tui_state_key(&st, KEY_LEFT, R(rows, NR), 4);
	tui_state_key(&st, KEY_LEFT, R(rows, NR), 4);
	assert_int_equal(st.hscroll, 0);
	/* p: the programs' full paths in COMMAND, and back */
	assert_false(st.full_path);
	assert_int_equal(tui_state_key(&st, 'p', R(rows, NR), 4), TUI_REDRAW);
	assert_true(st.full_path);
	tui_state_key(&st, 'p', R(rows, NR), 4);
	assert_false(st.full_path);
	/* no rows at all: nothing breaks */
	tui_state_key(&st, KEY_END, R(rows, 0), 4);
	tui_state_key(&st, 'W', R(rows, 0), 4);
	assert_int_equal(st.npins, 0);
}

static void test_keys_sort_filter_follow(void **state)
{
	(void)state;
	struct tui_state st;
	tui_state_init(&st, 1.0, NULL, 0);
	assert_int_equal(tui_state_key(&st, 'N', R(rows, NR), 4), TUI_RESELECT);
	assert_int_equal(st.key, SORT_PID);   /* N is PID, as in htop */
	assert_false(st.reverse);
	tui_state_key(&st, 'N', R(rows, NR), 4);
	assert_true(st.reverse);
	tui_state_key(&st, 'R', R(rows, NR), 4);
	assert_int_equal(st.key, SORT_GROWTH);
	assert_false(st.reverse);
	tui_state_key(&st, '>', R(rows, NR), 4);
	assert_int_equal(st.key, SORT_SWAP);
	/* the picker */
	tui_state_key(&st, 's', R(rows, NR), 4);
	assert_int_equal(st.overlay, OV_PICKER);
	tui_state_key(&st, KEY_DOWN, R(rows, NR), 4);
	assert_int_equal(tui_state_key(&st, '\n', R(rows, NR), 4), TUI_RESELECT);
	assert_int_equal(st.overlay, OV_NONE);
	assert_int_equal(st.key, SORT_OOM);
	/* filter (\\ as htop): typed, kept with Enter, cleared with Esc */
	tui_state_key(&st, '\\', R(rows, NR), 4);
	assert_true(st.editing);
	tui_state_key(&st, 'l', R(rows, NR), 4);
	tui_state_key(&st, 'x', R(rows, NR), 4);
	tui_state_key(&st, KEY_BACKSPACE, R(rows, NR), 4);
	tui_state_key(&st, 'l', R(rows, NR), 4);
	assert_string_equal(st.filter, "ll");   /* filters as you type */
	assert_int_equal(tui_state_key(&st, '\n', R(rows, NR), 4), TUI_RESELECT);
	assert_false(st.editing);
	assert_string_equal(st.filter, "ll");
	assert_int_equal(tui_state_key(&st, 27, R(rows, NR), 4), TUI_RESELECT);
	assert_string_equal(st.filter, "");
	/* past ASCII: a character's UTF-8 bytes, a key each (getch), kept;
	 * Backspace takes back the whole character */
	tui_state_key(&st, '\\', R(rows, NR), 4);
	static const unsigned char zh[] = {0xe4, 0xb8, 0xad, 0xe6, 0x96, 0x87};   /* 中文 */
	for (size_t i = 0; i < sizeof zh; i++)
		tui_state_key(&st, zh[i], R(rows, NR), 4);
	assert_string_equal(st.filter, "\xe4\xb8\xad\xe6\x96\x87");
	tui_state_key(&st, KEY_BACKSPACE, R(rows, NR), 4);
	assert_string_equal(st.filter, "\xe4\xb8\xad");
	tui_state_key(&st, 27, R(rows, NR), 4);
	/* a stray byte (a Latin-1 terminal's degree sign): Backspace takes it
	 * alone, not the letter before it */
	tui_state_key(&st, '\\', R(rows, NR), 4);
	tui_state_key(&st, 'a', R(rows, NR), 4);
	tui_state_key(&st, 'b', R(rows, NR), 4);
	tui_state_key(&st, 0xb0, R(rows, NR), 4);
	assert_string_equal(st.filter, "ab\xb0");
	tui_state_key(&st, KEY_BACKSPACE, R(rows, NR), 4);
	assert_string_equal(st.filter, "ab");
	tui_state_key(&st, 27, R(rows, NR), 4);
	/* at the end of the line: a character that does not fit whole is not
	 * begun, nor its rest kept as strays */
	tui_state_key(&st, '\\', R(rows, NR), 4);
	for (int i = 0; i < TUI_FILTER_MAX - 2; i++)
		tui_state_key(&st, 'a', R(rows, NR), 4);
	assert_int_equal(strlen(st.filter), TUI_FILTER_MAX - 2);
	tui_state_key(&st, KEY_BACKSPACE, R(rows, NR), 4);
	tui_state_key(&st, 0xc3, R(rows, NR), 4);   /* e acute: 2 bytes, room for them */
	tui_state_key(&st, 0xa9, R(rows, NR), 4);
	assert_int_equal(strlen(st.filter), TUI_FILTER_MAX - 1);
	assert_string_equal(st.filter + TUI_FILTER_MAX - 3, "\xc3\xa9");
	tui_state_key(&st, KEY_BACKSPACE, R(rows, NR), 4);
	tui_state_key(&st, 'a', R(rows, NR), 4);   /* TUI_FILTER_MAX - 2: one byte of room */
	tui_state_key(&st, 0xc3, R(rows, NR), 4);
	tui_state_key(&st, 0xa9, R(rows, NR), 4);
	assert_int_equal(strlen(st.filter), TUI_FILTER_MAX - 2);
	tui_state_key(&st, 27, R(rows, NR), 4);
	/* watch pins the selected process, twice unpins */
	tui_state_key(&st, KEY_DOWN, R(rows, NR), 4);
	tui_state_key(&st, 'W', R(rows, NR), 4);
	assert_true(tui_state_pinned(&st, 20));
	tui_state_key(&st, 'W', R(rows, NR), 4);
	assert_false(tui_state_pinned(&st, 20));
	/* follow: the selection moves with its process */
	tui_state_key(&st, 'F', R(rows, NR), 4);
	assert_true(st.follow);
	const pid_t moved[] = {100, 90, 80, 70, 60, 50, 40, 30, 20, 10};
	tui_state_rows(&st, R(moved, NR), 4);
	assert_int_equal(st.sel, 8);
	assert_int_equal(st.sel_pid, 20);
	tui_state_key(&st, 'f', R(rows, NR), 4);
	tui_state_rows(&st, R(rows, NR), 4);
	assert_int_equal(st.sel, 8);   /* not following: the row stays */
	/* but where the user's own key reordered the rows (W put the
	 * selected process on top), the selection goes with its process:
	 * it stayed on the row, and the next k was for another process */
	st.sel = 2;
	st.sel_pid = 30;
	assert_int_equal(tui_state_key(&st, 'W', R(rows, NR), 4), TUI_RESELECT);
	const pid_t pinned_first[] = {30, 10, 20, 40, 50, 60, 70, 80, 90, 100};
	tui_state_rows(&st, R(pinned_first, NR), 4);
	assert_int_equal(st.sel, 0);
	assert_int_equal(st.sel_pid, 30);
	tui_state_key(&st, 'W', R(pinned_first, NR), 4);
	tui_state_rows(&st, R(rows, NR), 4);
	assert_int_equal(st.sel, 2);
	assert_int_equal(st.sel_pid, 30);
}

static void test_keys_misc(void **state)
{
	(void)state;
	struct tui_state st;
	pid_t pins[] = {4242};
	tui_state_init(&st, 1.0, pins, 1);
	assert_true(tui_state_pinned(&st, 4242));
	assert_int_equal(tui_state_key(&st, '+', R(rows, NR), 4), TUI_DELAY);
	assert_float_equal(st.delay, 2.0, 1e-9);
	tui_state_key(&st, '-', R(rows, NR), 4);
	tui_state_key(&st, '-', R(rows, NR), 4);
	assert_float_equal(st.delay, 0.5, 1e-9);
	for (int i = 0; i < 10; i++)
		tui_state_key(&st, '-', R(rows, NR), 4);
	assert_float_equal(st.delay, TUI_DELAY_MIN, 1e-9);
	/* Z pauses, as in htop 3 */
	tui_state_key(&st, 'Z', R(rows, NR), 4);
	assert_true(st.paused);
	tui_state_key(&st, 'Z', R(rows, NR), 4);
	assert_false(st.paused);
	tui_state_key(&st, 'E', R(rows, NR), 4);
	assert_int_equal(st.overlay, OV_EVENTS);
	/* other keys do nothing in an overlay (the table is hidden) */
	assert_int_equal(tui_state_key(&st, 'j', R(rows, NR), 4), TUI_NONE);
	assert_int_equal(st.overlay, OV_EVENTS);
	assert_int_equal(tui_state_key(&st, 27, R(rows, NR), 4), TUI_REDRAW);
	assert_int_equal(st.overlay, OV_NONE);   /* Esc closes it, and does nothing else */
	assert_int_equal(st.sel, 0);
	tui_state_key(&st, '?', R(rows, NR), 4);
	assert_int_equal(st.overlay, OV_HELP);
	assert_int_equal(tui_state_key(&st, 'h', R(rows, NR), 4), TUI_REDRAW);
	assert_int_equal(st.overlay, OV_NONE);
	assert_false(st.quit);
	assert_int_equal(tui_state_key(&st, '~', R(rows, NR), 4), TUI_NONE);
	assert_int_equal(tui_state_key(&st, KEY_F(10), R(rows, NR), 4), TUI_QUIT);
	assert_true(st.quit);
}

/* The keys the other tests leave out, one each: every row of the list's
 * key table does what the help says. */
static void test_keys_table(void **state)
{
	(void)state;
	struct tui_state st;
	tui_state_init(&st, 1.0, NULL, 0);
	tui_state_rows(&st, R(rows, NR), 4);
	/* G and g: last and first; PgUp a page back */
	tui_state_key(&st, 'G', R(rows, NR), 4);
	assert_int_equal(st.sel, 9);
	assert_int_equal(st.sel_pid, 100);
	assert_int_equal(tui_state_key(&st, KEY_PPAGE, R(rows, NR), 4), TUI_REDRAW);
	assert_int_equal(st.sel, 5);
	tui_state_key(&st, 'g', R(rows, NR), 4);
	assert_int_equal(st.sel, 0);
	assert_int_equal(st.sel_pid, 10);
	/* = and _: the interval as + and - */
	assert_int_equal(tui_state_key(&st, '=', R(rows, NR), 4), TUI_DELAY);
	assert_true(st.delay > 1.9 && st.delay < 2.1);
	assert_int_equal(tui_state_key(&st, '_', R(rows, NR), 4), TUI_DELAY);
	assert_true(st.delay > 0.9 && st.delay < 1.1);
	/* O, V sort; I inverts; < and . step through the sort columns */
	assert_int_equal(tui_state_key(&st, 'O', R(rows, NR), 4), TUI_RESELECT);
	assert_int_equal(st.key, SORT_OOM);
	tui_state_key(&st, 'V', R(rows, NR), 4);
	assert_int_equal(st.key, SORT_GPU);
	assert_false(st.reverse);
	assert_int_equal(tui_state_key(&st, 'I', R(rows, NR), 4), TUI_RESELECT);
	assert_true(st.reverse);
	tui_state_key(&st, '.', R(rows, NR), 4);
	assert_int_equal(st.key, SORT_RSS);   /* GPU is the last: round to the first */
	tui_state_key(&st, '<', R(rows, NR), 4);
	assert_int_equal(st.key, SORT_GPU);
	/* e and H: htop's keys that mean nothing here say so */
	assert_int_equal(tui_state_key(&st, 'e', R(rows, NR), 4), TUI_REDRAW);
	assert_non_null(strstr(st.msg, "no environment view"));
	tui_state_key(&st, 'H', R(rows, NR), 4);
	assert_non_null(strstr(st.msg, "not threads"));
	tui_state_key(&st, 'T', R(rows, NR), 4);
	assert_non_null(strstr(st.msg, "no time column"));
	/* F1 opens help and closes it; E does not close help */
	tui_state_key(&st, KEY_F(1), R(rows, NR), 4);
	assert_int_equal(st.overlay, OV_HELP);
	assert_int_equal(tui_state_key(&st, 'E', R(rows, NR), 4), TUI_NONE);
	assert_int_equal(st.overlay, OV_HELP);
	tui_state_key(&st, KEY_F(1), R(rows, NR), 4);
	assert_int_equal(st.overlay, OV_NONE);
	/* E opens the events, E closes them; x the entry, x closes it */
	tui_state_key(&st, 'E', R(rows, NR), 4);
	assert_int_equal(st.overlay, OV_EVENTS);
	tui_state_key(&st, 'E', R(rows, NR), 4);
	assert_int_equal(st.overlay, OV_NONE);
	/* w opens the details of the selected process, w closes them */
	tui_state_key(&st, KEY_DOWN, R(rows, NR), 4);
	assert_int_equal(tui_state_key(&st, 'w', R(rows, NR), 4), TUI_DETAIL);
	assert_int_equal(st.overlay, OV_DETAIL);
	assert_int_equal(st.detail.pid, 20);
	tui_state_key(&st, 'w', R(rows, NR), 4);
	assert_int_equal(st.overlay, OV_NONE);
	/* F4 edits the filter, F6 the sort picker, F2 the setup screen */
	tui_state_key(&st, KEY_F(4), R(rows, NR), 4);
	assert_true(st.editing);
	tui_state_key(&st, 27, R(rows, NR), 4);
	assert_false(st.editing);
	tui_state_key(&st, KEY_F(6), R(rows, NR), 4);
	assert_int_equal(st.overlay, OV_PICKER);
	assert_int_equal(st.picker_sel, (int)SORT_GPU);
	tui_state_key(&st, 27, R(rows, NR), 4);
	assert_int_equal(st.overlay, OV_NONE);
	/* Ctrl-L and a resize draw again; a key bound to nothing does nothing */
	assert_int_equal(tui_state_key(&st, 'L' & 0x1f, R(rows, NR), 4), TUI_REDRAW);
	assert_int_equal(tui_state_key(&st, KEY_RESIZE, R(rows, NR), 4), TUI_REDRAW);
	assert_int_equal(tui_state_key(&st, 'j', R(rows, NR), 4), TUI_NONE);
	/* q quits */
	assert_int_equal(tui_state_key(&st, 'q', R(rows, NR), 4), TUI_QUIT);
	assert_true(st.quit);
}

static void test_mouse(void **state)
{
	(void)state;
	/* where the columns are: PID 0-6, then USER or the next by priority */
	assert_int_equal(layout_column_at(200, true, 0), COL_PID);
	assert_int_equal(layout_column_at(200, true, 6), COL_PID);
	assert_int_equal(layout_column_at(200, true, 7), -1);   /* the gap */
	assert_int_equal(layout_column_at(200, true, 8), COL_USER);
	assert_int_equal(layout_column_at(200, true, 199), COL_COMMAND);
	assert_int_equal(layout_column_at(40, false, 30), COL_COMMAND);
	bool seen_gpu = false;
	for (int x = 0; x < 200; x++)
		seen_gpu |= layout_column_at(200, false, x) == COL_GPU;
	assert_false(seen_gpu);

	pid_t pids[40];
	for (int i = 0; i < 40; i++)
		pids[i] = 100 + i;
	struct tui_state st;
	tui_state_init(&st, 1.0, NULL, 0);
	tui_state_rows(&st, R(pids, 40), 10);
	struct tui_mouse m = {.what = MOUSE_HEADER, .column = COL_PID};
	assert_int_equal(tui_state_mouse(&st, &m, R(pids, 40), 10), TUI_RESELECT);
	assert_int_equal(st.key, SORT_PID);
	assert_false(st.reverse);
	assert_int_equal(tui_state_mouse(&st, &m, R(pids, 40), 10), TUI_RESELECT);
	assert_true(st.reverse);   /* again: reversed */
	m.column = COL_USER;   /* nothing sorts by it */
	assert_int_equal(tui_state_mouse(&st, &m, R(pids, 40), 10), TUI_NONE);
	m = (struct tui_mouse){.what = MOUSE_ROW, .row = 7};
	tui_state_mouse(&st, &m, R(pids, 40), 10);
	assert_int_equal(st.sel, 7);
	assert_int_equal(st.sel_pid, 107);
	m.row = 40;   /* past the rows */
	assert_int_equal(tui_state_mouse(&st, &m, R(pids, 40), 10), TUI_NONE);
	m = (struct tui_mouse){.what = MOUSE_WHEEL, .dir = +1};
	tui_state_mouse(&st, &m, R(pids, 40), 10);
	assert_int_equal(st.sel, 10);
	assert_true(st.top <= 10 && st.top + 10 > 10);   /* scrolled into view */
	m.dir = -1;
	for (int i = 0; i < 5; i++)
		tui_state_mouse(&st, &m, R(pids, 40), 10);
	assert_int_equal(st.sel, 0);
	/* a click closes an overlay first */
	st.overlay = OV_HELP;
	m = (struct tui_mouse){.what = MOUSE_ROW, .row = 3};
	assert_int_equal(tui_state_mouse(&st, &m, R(pids, 40), 10), TUI_REDRAW);
	assert_int_equal(st.overlay, OV_NONE);
}

static void test_keys_htop(void **state)
{
	(void)state;
	struct tui_state st;
	/* a tree: 10 <- 20 <- 30, 10 <- 40; 50 alone */
	const pid_t pid[] = {10, 20, 30, 40, 50};
	const pid_t ppid[] = {1, 10, 20, 10, 1};
	const uint64_t start[] = {100, 200, 300, 400, 500};
	const struct tui_rows r = {pid, ppid, start, 5};
	tui_state_init(&st, 1.0, NULL, 0);
	tui_state_rows(&st, &r, 4);
	/* space tags and moves down; again untags */
	tui_state_key(&st, ' ', &r, 4);
	assert_true(tui_state_tagged(&st, 10));
	assert_int_equal(st.sel, 1);
	assert_int_equal(st.tags[0].start, 100);   /* with its start time */
	tui_state_key(&st, KEY_UP, &r, 4);
	tui_state_key(&st, ' ', &r, 4);
	assert_false(tui_state_tagged(&st, 10));
	/* c: the process and its descendants */
	tui_state_key(&st, KEY_HOME, &r, 4);
	assert_int_equal(tui_state_key(&st, 'c', &r, 4), TUI_REDRAW);
	assert_int_equal(st.ntags, 4);
	assert_false(tui_state_tagged(&st, 50));
	/* k with tags: the signal picker for all of them, SIGTERM first */
	assert_int_equal(tui_state_key(&st, 'k', &r, 4), TUI_REDRAW);
	assert_int_equal(st.overlay, OV_SIGNAL);
	assert_int_equal(st.ntargets, 4);
	assert_int_equal(tui_signal_at(st.picker_sel), SIGTERM);
	assert_int_equal(tui_state_key(&st, '\n', &r, 4), TUI_REDRAW);
	assert_int_equal(st.overlay, OV_CONFIRM);
	assert_int_equal(st.sig, SIGTERM);
	/* n cancels and says so */
	assert_int_equal(tui_state_key(&st, 'n', &r, 4), TUI_REDRAW);
	assert_int_equal(st.ntargets, 0);
	assert_string_equal(st.msg, "no signal sent");
	/* U untags; k then takes the selected row; Down Enter is SIGKILL; y sends */
	tui_state_key(&st, 'U', &r, 4);
	assert_int_equal(st.ntags, 0);
	tui_state_key(&st, KEY_DOWN, &r, 4);
	tui_state_key(&st, KEY_F(9), &r, 4);
	assert_int_equal(st.ntargets, 1);
	assert_int_equal(st.targets[0].pid, 20);
	assert_int_equal(st.targets[0].start, 200);
	tui_state_key(&st, KEY_DOWN, &r, 4);
	tui_state_key(&st, '\n', &r, 4);
	assert_int_equal(st.sig, SIGKILL);
	assert_int_equal(tui_state_key(&st, 'x', &r, 4), TUI_NONE);   /* not an answer */
	assert_int_equal(tui_state_key(&st, 'y', &r, 4), TUI_SIGNAL);
	assert_int_equal(st.overlay, OV_NONE);
	/* /: each key searches from the selection; F3 from the next row */
	assert_int_equal(tui_state_key(&st, '/', &r, 4), TUI_REDRAW);
	assert_true(st.searching);
	assert_int_equal(tui_state_key(&st, 'a', &r, 4), TUI_SEARCH);
	assert_string_equal(st.search, "a");
	assert_int_equal(st.search_from, 1);
	assert_int_equal(tui_state_key(&st, KEY_F(3), &r, 4), TUI_SEARCH);
	assert_int_equal(st.search_from, 2);
	assert_int_equal(st.search_dir, 1);
	tui_state_key(&st, '\n', &r, 4);
	assert_false(st.searching);
	assert_string_equal(st.search, "a");   /* kept for F3 */
	assert_int_equal(tui_state_key(&st, KEY_F(3), &r, 4), TUI_SEARCH);
	assert_int_equal(tui_state_key(&st, KEY_F(15), &r, 4), TUI_SEARCH);
	assert_int_equal(st.search_dir, -1);
	assert_int_equal(st.search_from, 0);
	/* t, F5: tree; K: kernel threads (hidden at start) */
	assert_false(st.tree);
	assert_int_equal(tui_state_key(&st, 't', &r, 4), TUI_RESELECT);
	assert_true(st.tree);
	tui_state_key(&st, KEY_F(5), &r, 4);
	assert_false(st.tree);
	assert_false(st.show_kthreads);
	assert_int_equal(tui_state_key(&st, 'K', &r, 4), TUI_RESELECT);
	assert_true(st.show_kthreads);
	/* no CPU or time column: P and T say so and change nothing */
	enum sort_key k = st.key;
	assert_int_equal(tui_state_key(&st, 'P', &r, 4), TUI_REDRAW);
	assert_non_null(strstr(st.msg, "no CPU column"));
	tui_state_key(&st, 'T', &r, 4);
	assert_int_equal(st.key, k);
	tui_state_key(&st, 'M', &r, 4);
	assert_string_equal(st.msg, "");   /* the next key clears it */
	assert_int_equal(st.key, SORT_RSS);
	/* Enter: the detail view of the selected process; k there signals it */
	assert_int_equal(tui_state_key(&st, '\n', &r, 4), TUI_DETAIL);
	assert_int_equal(st.overlay, OV_DETAIL);
	assert_int_equal(st.detail.pid, 20);
	assert_int_equal(st.detail.start, 200);
	tui_state_key(&st, 'k', &r, 4);
	assert_int_equal(st.overlay, OV_SIGNAL);
	assert_int_equal(st.targets[0].pid, 20);
	tui_state_key(&st, 27, &r, 4);
	assert_int_equal(st.overlay, OV_NONE);
}

static void test_overlay_scroll(void **state)
{
	(void)state;
	struct tui_state st;
	tui_state_init(&st, 1.0, NULL, 0);
	const struct tui_rows r = {rows, NULL, NULL, NR};
	tui_state_key(&st, 'h', &r, 10);
	st.scroll_max = 12;   /* as the loop sets it from the drawing */
	tui_state_key(&st, KEY_DOWN, &r, 10);
	assert_int_equal(st.scroll, 1);
	tui_state_key(&st, KEY_NPAGE, &r, 10);
	assert_int_equal(st.scroll, 9);
	tui_state_key(&st, KEY_NPAGE, &r, 10);
	assert_int_equal(st.scroll, 12);   /* stops at the end */
	tui_state_key(&st, KEY_HOME, &r, 10);
	assert_int_equal(st.scroll, 0);
	tui_state_key(&st, KEY_UP, &r, 10);
	assert_int_equal(st.scroll, 0);
	tui_state_key(&st, KEY_END, &r, 10);
	assert_int_equal(st.scroll, 12);
	assert_int_equal(st.sel, 0);   /* the table did not move */
	/* the wheel scrolls an overlay; opening another starts at its top */
	struct tui_mouse m = {.what = MOUSE_WHEEL, .dir = -1};
	tui_state_mouse(&st, &m, &r, 10);
	assert_int_equal(st.scroll, 11);
	tui_state_key(&st, 27, &r, 10);
	tui_state_key(&st, 'x', &r, 10);
	assert_int_equal(st.overlay, OV_ENTRY);
	assert_int_equal(st.scroll, 0);
	/* + lengthens the interval, - shortens it (btop's way) */
	tui_state_key(&st, 'x', &r, 10);
	tui_state_key(&st, '+', &r, 10);
	assert_true(st.delay > 1.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mouse),
		cmocka_unit_test(test_layout_sizes),     cmocka_unit_test(test_bar),
		cmocka_unit_test(test_columns),          cmocka_unit_test(test_chart_eighths),
		cmocka_unit_test(test_glyphs),           cmocka_unit_test(test_history),
		cmocka_unit_test(test_history_series),
		cmocka_unit_test(test_banner_rows),
		cmocka_unit_test(test_keys_navigation),  cmocka_unit_test(test_keys_sort_filter_follow),
		cmocka_unit_test(test_keys_misc),        cmocka_unit_test(test_keys_htop),
		cmocka_unit_test(test_keys_table),
		cmocka_unit_test(test_overlay_scroll),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
