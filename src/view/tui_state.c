/* tui_state.c - key handling for the dashboard; see tui_state.h. */
#include "view/tui_state.h"
#include "view/layout.h"

#include <curses.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

void tui_state_init(struct tui_state *st, double delay, const pid_t *pins, size_t npins)
{
	memset(st, 0, sizeof *st);
	st->key = SORT_RSS;
	st->delay = delay;
	if (npins > TUI_MAX_PINS)
		npins = TUI_MAX_PINS;
	if (npins)   /* pins may be NULL then, and memcpy must not see it */
		memcpy(st->pins, pins, npins * sizeof *pins);
	st->npins = npins;
	st->sel_pid = -1;
}

bool tui_state_pinned(const struct tui_state *st, pid_t pid)
{
	for (size_t i = 0; i < st->npins; i++)
		if (st->pins[i] == pid)
			return true;
	return false;
}

static void toggle_pin(struct tui_state *st, pid_t pid)
{
	for (size_t i = 0; i < st->npins; i++)
		if (st->pins[i] == pid) {
			memmove(&st->pins[i], &st->pins[i + 1], (st->npins - i - 1) * sizeof *st->pins);
			st->npins--;
			return;
		}
	if (st->npins < TUI_MAX_PINS)
		st->pins[st->npins++] = pid;
}

static void set_sort(struct tui_state *st, enum sort_key k)
{
	/* choosing the current key again flips the order, as in htop */
	if (st->key == k)
		st->reverse = !st->reverse;
	else
		st->key = k, st->reverse = false;
}

/* Interval steps people expect: fine below a second, coarse above. */
static double step_delay(double d, int dir)
{
	static const double steps[] = {0.1, 0.2, 0.5, 1, 2, 3, 5, 10, 30, 60};
	const int n = sizeof steps / sizeof steps[0];
	if (dir > 0) {
		for (int i = 0; i < n; i++)
			if (steps[i] > d + 1e-9)
				return steps[i];
		return steps[n - 1];
	}
	for (int i = n - 1; i >= 0; i--)
		if (steps[i] < d - 1e-9)
			return steps[i];
	return steps[0];
}

static enum tui_action key_edit(struct tui_state *st, int key)
{
	size_t n = strlen(st->edit);
	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		st->editing = false;
		memcpy(st->filter, st->edit, sizeof st->filter);
		st->sel = st->top = 0;
		return TUI_RESELECT;
	case 27:   /* Esc: drop the filter */
		st->editing = false;
		st->edit[0] = st->filter[0] = '\0';
		return TUI_RESELECT;
	case KEY_BACKSPACE:
	case 127:
	case CTRL('h'):
		if (n)
			st->edit[n - 1] = '\0';
		break;
	case CTRL('u'):
		st->edit[0] = '\0';
		break;
	default:
		if (key >= 0x20 && key < 0x7f && n + 1 < sizeof st->edit) {
			st->edit[n] = (char)key;
			st->edit[n + 1] = '\0';
		} else {
			return TUI_NONE;
		}
	}
	/* filter as you type */
	memcpy(st->filter, st->edit, sizeof st->filter);
	st->sel = st->top = 0;
	return TUI_RESELECT;
}

static enum tui_action key_picker(struct tui_state *st, int key)
{
	switch (key) {
	case KEY_UP:
		if (st->picker_sel > 0)
			st->picker_sel--;
		return TUI_REDRAW;
	case KEY_DOWN:
		if (st->picker_sel < SORT_NKEYS - 1)
			st->picker_sel++;
		return TUI_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		st->picker = false;
		set_sort(st, (enum sort_key)st->picker_sel);
		return TUI_RESELECT;
	case 27:
	case 'q':
	case KEY_F(6):
	case 's':
		st->picker = false;
		return TUI_REDRAW;
	}
	return TUI_NONE;
}

enum tui_action tui_state_key(struct tui_state *st, int key, const pid_t *row_pids, size_t nrows,
                              int page)
{
	if (st->editing)
		return key_edit(st, key);
	if (st->picker)
		return key_picker(st, key);
	if (st->help || st->events || st->entry) {
		/* any key closes help, the event log or the entry; q still quits */
		st->help = st->events = st->entry = false;
		return key == 'q' || key == KEY_F(10) ? (st->quit = true, TUI_QUIT) : TUI_REDRAW;
	}
	size_t pg = page > 1 ? (size_t)page : 1;
	size_t last = nrows ? nrows - 1 : 0;
	switch (key) {
	case 'q':
	case KEY_F(10):
		st->quit = true;
		return TUI_QUIT;
	case 'h':
	case '?':
	case KEY_F(1):
		st->help = true;
		return TUI_REDRAW;
	case 'e':
		st->events = true;
		return TUI_REDRAW;
	case 'x':
		st->entry = true;
		return TUI_REDRAW;
	case ' ':
		st->paused = !st->paused;
		return TUI_REDRAW;
	case '+':
	case '=':
		st->delay = step_delay(st->delay, +1);
		return TUI_DELAY;
	case '-':
	case '_':
		st->delay = step_delay(st->delay, -1);
		return TUI_DELAY;
	case KEY_UP:
	case 'k':
		if (st->sel > 0)
			st->sel--;
		break;
	case KEY_DOWN:
	case 'j':
		if (st->sel < last)
			st->sel++;
		break;
	case KEY_PPAGE:
		st->sel = st->sel > pg ? st->sel - pg : 0;
		break;
	case KEY_NPAGE:
		st->sel = st->sel + pg < last ? st->sel + pg : last;
		break;
	case KEY_HOME:
	case 'g':
		st->sel = 0;
		break;
	case KEY_END:
	case 'G':
		st->sel = last;
		break;
	case KEY_LEFT:
		st->hscroll = st->hscroll > 8 ? st->hscroll - 8 : 0;
		return TUI_REDRAW;
	case KEY_RIGHT:
		st->hscroll += 8;
		return TUI_REDRAW;
	case '/':
		st->editing = true;
		memcpy(st->edit, st->filter, sizeof st->edit);
		return TUI_REDRAW;
	case 27:   /* Esc clears a filter */
		if (!st->filter[0])
			return TUI_NONE;
		st->filter[0] = '\0';
		return TUI_RESELECT;
	case 'w':
		if (nrows)
			toggle_pin(st, row_pids[st->sel < nrows ? st->sel : last]);
		return TUI_RESELECT;
	case 'F':
	case 'f':
		st->follow = !st->follow;
		return TUI_REDRAW;
	case 'p':   /* htop's "show program path" */
		st->full_path = !st->full_path;
		return TUI_REDRAW;
	case 's':
	case KEY_F(6):
		st->picker = true;
		st->picker_sel = (int)st->key;
		return TUI_REDRAW;
	case 'M': set_sort(st, SORT_RSS); return TUI_RESELECT;
	case 'R': set_sort(st, SORT_GROWTH); return TUI_RESELECT;
	case 'S': set_sort(st, SORT_SWAP); return TUI_RESELECT;
	case 'O': set_sort(st, SORT_OOM); return TUI_RESELECT;
	case 'P': set_sort(st, SORT_PID); return TUI_RESELECT;
	case 'N': set_sort(st, SORT_NAME); return TUI_RESELECT;
	case 'V': set_sort(st, SORT_GPU); return TUI_RESELECT;
	case 'I':
		st->reverse = !st->reverse;
		return TUI_RESELECT;
	case '<':
		set_sort(st, (enum sort_key)((st->key + SORT_NKEYS - 1) % SORT_NKEYS));
		return TUI_RESELECT;
	case '>':
		set_sort(st, (enum sort_key)((st->key + 1) % SORT_NKEYS));
		return TUI_RESELECT;
	case KEY_RESIZE:
	case CTRL('l'):
		return TUI_REDRAW;
	default:
		return TUI_NONE;
	}
	/* the selection moved */
	if (nrows)
		st->sel_pid = row_pids[st->sel];
	tui_state_rows(st, row_pids, nrows, page);
	return TUI_REDRAW;
}

/* The sort key of a table column; -1 for columns nothing sorts by. */
static int column_key(int c)
{
	switch (c) {
	case COL_PID: return SORT_PID;
	case COL_RSS: return SORT_RSS;
	case COL_SWAP: return SORT_SWAP;
	case COL_GPU: return SORT_GPU;
	case COL_GROWTH: return SORT_GROWTH;
	case COL_OOM: return SORT_OOM;
	case COL_COMMAND: return SORT_NAME;
	default: return -1;
	}
}

enum tui_action tui_state_mouse(struct tui_state *st, const struct tui_mouse *m,
                                const pid_t *row_pids, size_t nrows, int page)
{
	if (st->help || st->events || st->entry || st->picker) {
		st->help = st->events = st->entry = st->picker = false;
		return TUI_REDRAW;
	}
	if (st->editing)
		return TUI_NONE;
	switch (m->what) {
	case MOUSE_HEADER: {
		int k = column_key(m->column);
		if (k < 0)
			return TUI_NONE;
		set_sort(st, (enum sort_key)k);
		return TUI_RESELECT;
	}
	case MOUSE_ROW:
		if (m->row >= nrows)
			return TUI_NONE;
		st->sel = m->row;
		break;
	case MOUSE_WHEEL:
		if (nrows == 0)
			return TUI_NONE;
		if (m->dir < 0)
			st->sel = st->sel > 3 ? st->sel - 3 : 0;
		else
			st->sel = st->sel + 3 < nrows ? st->sel + 3 : nrows - 1;
		break;
	default:
		return TUI_NONE;
	}
	st->sel_pid = row_pids[st->sel];
	tui_state_rows(st, row_pids, nrows, page);
	return TUI_REDRAW;
}

void tui_state_rows(struct tui_state *st, const pid_t *row_pids, size_t nrows, int page)
{
	if (nrows == 0) {
		st->sel = st->top = 0;
		return;
	}
	if (st->follow && st->sel_pid > 0)
		for (size_t i = 0; i < nrows; i++)
			if (row_pids[i] == st->sel_pid) {
				st->sel = i;
				break;
			}
	if (st->sel >= nrows)
		st->sel = nrows - 1;
	st->sel_pid = row_pids[st->sel];
	size_t pg = page > 1 ? (size_t)page : 1;
	if (st->sel < st->top)
		st->top = st->sel;
	if (st->sel >= st->top + pg)
		st->top = st->sel - pg + 1;
	if (st->top + pg > nrows)
		st->top = nrows > pg ? nrows - pg : 0;
}
