/* tui_state.c - key handling for the dashboard; see tui_state.h. */
#include "view/tui_state.h"
#include "view/layout.h"

#include <curses.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
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
	st->picker_sel = 0;
}

int tui_signal_at(int i)
{
	/* SIGTERM first: it lets the program free its memory and exit, as
	 * htop's list starts there; SIGKILL when it will not */
	static const int sigs[TUI_NSIGNALS] = {
		SIGTERM, SIGKILL, SIGINT, SIGHUP, SIGQUIT, SIGSTOP, SIGCONT, SIGUSR1, SIGUSR2,
	};
	return i >= 0 && i < TUI_NSIGNALS ? sigs[i] : SIGTERM;
}

bool tui_state_tagged(const struct tui_state *st, pid_t pid)
{
	for (size_t i = 0; i < st->ntags; i++)
		if (st->tags[i].pid == pid)
			return true;
	return false;
}

static struct tui_proc row_proc(const struct tui_rows *r, size_t i)
{
	return (struct tui_proc){r->pid[i], r->start ? r->start[i] : SNAP_NA};
}

/* Tag (on true) or untag the process of row i. */
static void set_tag(struct tui_state *st, const struct tui_rows *r, size_t i, bool on)
{
	for (size_t k = 0; k < st->ntags; k++)
		if (st->tags[k].pid == r->pid[i]) {
			if (!on) {
				memmove(&st->tags[k], &st->tags[k + 1],
					(st->ntags - k - 1) * sizeof *st->tags);
				st->ntags--;
			}
			return;
		}
	if (on && st->ntags < TUI_MAX_TAGS)
		st->tags[st->ntags++] = row_proc(r, i);
}

/* c: the selected process and every descendant among the rows (htop tags
 * those it shows too). A pass per generation: rows are few thousand at most
 * and the key is rare. */
static void tag_children(struct tui_state *st, const struct tui_rows *r)
{
	set_tag(st, r, st->sel, true);
	if (!r->ppid)
		return;
	for (bool more = true; more;) {
		more = false;
		for (size_t i = 0; i < r->n; i++)
			if (!tui_state_tagged(st, r->pid[i]) && r->ppid[i] > 0 &&
			    r->ppid[i] != r->pid[i] && tui_state_tagged(st, r->ppid[i]) &&
			    st->ntags < TUI_MAX_TAGS) {
				set_tag(st, r, i, true);
				more = true;
			}
	}
}

static void open_overlay(struct tui_state *st, enum tui_overlay o)
{
	st->overlay = o;
	st->scroll = 0;
	st->scroll_max = 0;
}

/* k, F9: the tagged processes, else the selected one, get the signal
 * picker. The targets are fixed now (pid and start time), so a process
 * that exits while the dialog is open is never confused with a new one. */
static enum tui_action open_signal(struct tui_state *st, const struct tui_rows *r)
{
	st->ntargets = 0;
	if (st->ntags) {
		memcpy(st->targets, st->tags, st->ntags * sizeof *st->tags);
		st->ntargets = st->ntags;
	} else if (r->n && st->sel < r->n) {
		st->targets[st->ntargets++] = row_proc(r, st->sel);
	}
	if (!st->ntargets) {
		snprintf(st->msg, sizeof st->msg, "no process to signal");
		return TUI_REDRAW;
	}
	open_overlay(st, OV_SIGNAL);
	st->picker_sel = 0;
	return TUI_REDRAW;
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

/* The sort key dir (+1, -1) after k, round. */
static enum sort_key sort_step(enum sort_key k, int dir)
{
	return (enum sort_key)((k + SORT_NKEYS + dir) % SORT_NKEYS);
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

/* Up/Down/PgUp/PgDn/Home/End in a scrolled overlay; false for other keys. */
static bool overlay_scroll(struct tui_state *st, int key, int page)
{
	int pg = page > 2 ? page - 2 : 1;
	switch (key) {
	case KEY_UP: st->scroll--; break;
	case KEY_DOWN: st->scroll++; break;
	case KEY_PPAGE: st->scroll -= pg; break;
	case KEY_NPAGE:
	case ' ': st->scroll += pg; break;
	case KEY_HOME: st->scroll = 0; break;
	case KEY_END: st->scroll = st->scroll_max; break;
	default: return false;
	}
	if (st->scroll > st->scroll_max)
		st->scroll = st->scroll_max;
	if (st->scroll < 0)
		st->scroll = 0;
	return true;
}

/* The length of a UTF-8 character whose first byte is b (0: not a first
 * byte: a continuation, or invalid). */
static size_t utf8_len(unsigned char b)
{
	return b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3
	       : b >= 0xf0 && b < 0xf5 ? 4 : 0;
}

/* Where the last character of buf[0..n) (n > 0) starts, and how many
 * bytes it still lacks (*missing); a stray byte is a character of its own. */
static size_t utf8_last(const char *buf, size_t n, size_t *missing)
{
	size_t k = n;
	while (k > 0 && n - k < 3 && ((unsigned char)buf[k - 1] & 0xc0) == 0x80)
		k--;
	size_t want = k > 0 ? utf8_len((unsigned char)buf[k - 1]) : 0;
	if (k > 0 && want > 1 && n - (k - 1) <= want) {
		*missing = want - (n - (k - 1));
		return k - 1;
	}
	*missing = 0;
	return n - 1;
}

/* A line typed after '\' (filter) or '/' (search): the edited text. Returns
 * -1 for a key that is not editing, else 0 (text unchanged) or 1. A
 * character past ASCII comes as its UTF-8 bytes, one key each (getch):
 * they are kept as they come (a name is matched byte for byte), a first
 * byte only where its whole character fits; Backspace takes back the
 * whole character (a stray byte, as a Latin-1 terminal sends, alone). */
static int edit_line(char *buf, size_t cap, int key)
{
	size_t n = strlen(buf), missing = 0;
	switch (key) {
	case KEY_BACKSPACE:
	case 127:
	case CTRL('h'):
		if (!n)
			return 0;
		buf[utf8_last(buf, n, &missing)] = '\0';
		return 1;
	case CTRL('u'):
		buf[0] = '\0';
		return 1;
	default:
		if (key < 0x20 || key > 0xff)
			return -1;
		if (n)
			utf8_last(buf, n, &missing);
		/* a continuation a character lacks takes a byte; a first byte
		 * the room for its whole character; a stray byte (a Latin-1
		 * terminal's) the room of one, so that the rest of a character
		 * whose first byte found no room is not kept as strays */
		size_t need = (key & 0xc0) == 0x80 && missing ? 1
		            : utf8_len((unsigned char)key) ? utf8_len((unsigned char)key) : 4;
		if (n + need >= cap)
			return 0;
		buf[n] = (char)key;
		buf[n + 1] = '\0';
		return 1;
	}
}

static enum tui_action key_edit(struct tui_state *st, int key)
{
	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
	case KEY_F(4):
		st->editing = false;
		memcpy(st->filter, st->edit, sizeof st->filter);
		st->sel = st->top = 0;
		return TUI_RESELECT;
	case 27:   /* Esc: drop the filter */
		st->editing = false;
		st->edit[0] = st->filter[0] = '\0';
		return TUI_RESELECT;
	}
	if (edit_line(st->edit, sizeof st->edit, key) < 0)
		return TUI_NONE;
	/* filter as you type */
	memcpy(st->filter, st->edit, sizeof st->filter);
	st->sel = st->top = 0;
	return TUI_RESELECT;
}

/* '/': htop's incremental search: each key moves the selection to the first
 * match from where it is; F3 the next one; Enter or Esc stop typing (the
 * selection stays); F3 outside goes on with the same text. */
static enum tui_action key_search(struct tui_state *st, int key, const struct tui_rows *r)
{
	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
	case 27:
		st->searching = false;
		return TUI_REDRAW;
	case KEY_F(3):
		st->search_from = r->n ? (st->sel + 1) % r->n : 0;
		st->search_dir = +1;
		return TUI_SEARCH;
	case KEY_F(15):   /* Shift-F3 */
		st->search_from = r->n ? (st->sel + r->n - 1) % r->n : 0;
		st->search_dir = -1;
		return TUI_SEARCH;
	}
	int e = edit_line(st->search, sizeof st->search, key);
	if (e < 0)
		return TUI_NONE;
	if (e == 0)
		return TUI_REDRAW;
	st->search_from = st->sel;
	st->search_dir = +1;
	return TUI_SEARCH;
}

/* Up and Down in a picker of n choices; false for any other key. */
static bool picker_step(struct tui_state *st, int key, int n)
{
	if (key == KEY_UP && st->picker_sel > 0)
		st->picker_sel--;
	else if (key == KEY_DOWN && st->picker_sel < n - 1)
		st->picker_sel++;
	return key == KEY_UP || key == KEY_DOWN;
}

static enum tui_action key_picker(struct tui_state *st, int key)
{
	if (picker_step(st, key, SORT_NKEYS))
		return TUI_REDRAW;
	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		st->overlay = OV_NONE;
		set_sort(st, (enum sort_key)st->picker_sel);
		return TUI_RESELECT;
	case 27:
	case 'q':
	case KEY_F(6):
	case 's':
		st->overlay = OV_NONE;
		return TUI_REDRAW;
	}
	return TUI_NONE;
}

static enum tui_action key_signal(struct tui_state *st, int key)
{
	if (picker_step(st, key, TUI_NSIGNALS))
		return TUI_REDRAW;
	switch (key) {
	case KEY_HOME:
		st->picker_sel = 0;
		return TUI_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		st->sig = tui_signal_at(st->picker_sel);
		open_overlay(st, OV_CONFIRM);
		return TUI_REDRAW;
	case 27:
	case 'q':
	case KEY_F(9):
	case KEY_F(10):
		st->overlay = OV_NONE;
		st->ntargets = 0;
		return TUI_REDRAW;
	}
	return TUI_NONE;
}

int tui_setup_column(int i)
{
	static const int cols[TUI_SETUP_NCOLS] = {
		COL_USER, COL_ANON, COL_FILE, COL_SHM, COL_SWAP, COL_GPU, COL_GROWTH, COL_OOM,
	};
	return i >= 0 && i < TUI_SETUP_NCOLS ? cols[i] : COL_USER;
}

/* Change setup line i one step (dir -1 or +1; toggles ignore it). */
static void setup_change(struct tui_state *st, int i, int dir)
{
	switch (i) {
	case SET_SORT:
		st->key = sort_step(st->key, dir);
		break;
	case SET_ORDER: st->reverse = !st->reverse; break;
	case SET_DELAY: st->delay = step_delay(st->delay, dir); break;
	case SET_TREE: st->tree = !st->tree; break;
	case SET_KTHREADS: st->show_kthreads = !st->show_kthreads; break;
	case SET_COLOR:
		st->colors = (enum theme_colors)((st->colors + THEME_NCOLORS + dir) % THEME_NCOLORS);
		break;
	default:
		if (i >= SET_COLUMNS && i < TUI_SETUP_N)
			st->hide_cols ^= 1u << tui_setup_column(i - SET_COLUMNS);
	}
}

/* S, F2: htop's setup keys. Up/Down choose a line, Left/Right, space or
 * Enter change it; closing saves (as htop does). */
static enum tui_action key_setup(struct tui_state *st, int key)
{
	switch (key) {
	case KEY_UP:
		if (st->picker_sel > 0)
			st->picker_sel--;
		return TUI_REDRAW;
	case KEY_DOWN:
		if (st->picker_sel < TUI_SETUP_N - 1)
			st->picker_sel++;
		return TUI_REDRAW;
	case KEY_HOME:
		st->picker_sel = 0;
		return TUI_REDRAW;
	case KEY_END:
		st->picker_sel = TUI_SETUP_N - 1;
		return TUI_REDRAW;
	case KEY_LEFT:
	case '-':
		setup_change(st, st->picker_sel, -1);
		return TUI_REDRAW;
	case KEY_RIGHT:
	case '+':
	case ' ':
	case '\n':
	case '\r':
	case KEY_ENTER:
		setup_change(st, st->picker_sel, +1);
		return TUI_REDRAW;
	case 27:
	case 'q':
	case 'S':
	case KEY_F(2):
	case KEY_F(10):
		st->overlay = OV_NONE;
		return TUI_SAVE;
	}
	return TUI_NONE;
}

static enum tui_action key_confirm(struct tui_state *st, int key, int page)
{
	switch (key) {
	case 'y':
	case 'Y':
		st->overlay = OV_NONE;
		return TUI_SIGNAL;
	case 'n':
	case 'N':
	case 27:
	case 'q':
	case KEY_F(10):
		st->overlay = OV_NONE;
		st->ntargets = 0;
		snprintf(st->msg, sizeof st->msg, "no signal sent");
		return TUI_REDRAW;
	}
	return overlay_scroll(st, key, page) ? TUI_REDRAW : TUI_NONE;
}

/* The process list's keys: one row each in list_keys (htop's
 * Action_setBindings), the key, what it does and with what (a sort key, a
 * direction, an overlay). An action that moves the selection ends in
 * moved(). */
typedef enum tui_action (*list_action)(struct tui_state *st, const struct tui_rows *r, int page,
                                       int arg);

static size_t last_row(const struct tui_rows *r)
{
	return r->n ? r->n - 1 : 0;
}

/* the selected row, or the last where the rows shrank under it (r->n > 0) */
static size_t sel_row(const struct tui_state *st, const struct tui_rows *r)
{
	return st->sel < r->n ? st->sel : last_row(r);
}

static enum tui_action moved(struct tui_state *st, const struct tui_rows *r, int page)
{
	if (r->n)
		st->sel_pid = r->pid[st->sel];
	tui_state_rows(st, r, page);
	return TUI_REDRAW;
}

static enum tui_action act_quit(struct tui_state *st, const struct tui_rows *r, int page, int arg)
{
	(void)r, (void)page, (void)arg;
	st->quit = true;
	return TUI_QUIT;
}

/* help, the events, the knowledge-base entry (arg: which) */
static enum tui_action act_overlay(struct tui_state *st, const struct tui_rows *r, int page, int arg)
{
	(void)r, (void)page;
	open_overlay(st, (enum tui_overlay)arg);
	return TUI_REDRAW;
}

static enum tui_action act_setup(struct tui_state *st, const struct tui_rows *r, int page, int arg)
{
	(void)r, (void)page, (void)arg;
	open_overlay(st, OV_SETUP);
	st->picker_sel = 0;
	return TUI_REDRAW;
}

static enum tui_action act_picker(struct tui_state *st, const struct tui_rows *r, int page, int arg)
{
	(void)r, (void)page, (void)arg;
	open_overlay(st, OV_PICKER);
	st->picker_sel = (int)st->key;
	return TUI_REDRAW;
}

static enum tui_action act_detail(struct tui_state *st, const struct tui_rows *r, int page, int arg)
{
	(void)page;
	if (!r->n)
		return TUI_NONE;
	st->detail = row_proc(r, sel_row(st, r));
	open_overlay(st, (enum tui_overlay)arg);   /* OV_DETAIL */
	return TUI_DETAIL;
}

/* a key htop has and oomcast has not: the status line says why (arg: the
 * key) */
static enum tui_action act_unlike_htop(struct tui_state *st, const struct tui_rows *r, int page,
                                       int arg)
{
	(void)r, (void)page;
	if (arg == 'e')
		snprintf(st->msg, sizeof st->msg,
			 "e: no environment view (htop's e); the OOM kills are on E");
	else if (arg == 'H')
		snprintf(st->msg, sizeof st->msg,
			 "H: oomcast lists processes, not threads (threads share their process's memory)");
	else
		snprintf(st->msg, sizeof st->msg, "%c: oomcast has no %s column (M memory, N PID, "
			 "R growth, O OOM score, V GPU; s for all)", arg, arg == 'P' ? "CPU" : "time");
	return TUI_REDRAW;
}

/* a switch of the state (arg: its offsetof), drawn again (act_flip) or
 * with the rows selected again (act_flip_rows) */
static bool *flag_of(struct tui_state *st, int arg)
{
	return (bool *)((char *)st + arg);
}

static enum tui_action act_flip(struct tui_state *st, const struct tui_rows *r, int page, int arg)
{
	(void)r, (void)page;
	*flag_of(st, arg) = !*flag_of(st, arg);
	return TUI_REDRAW;
}

static enum tui_action act_flip_rows(struct tui_state *st, const struct tui_rows *r, int page,
                                     int arg)
{
	act_flip(st, r, page, arg);
	return TUI_RESELECT;
}

/* htop: space tags (again: untags) and moves down */
static enum tui_action act_tag(struct tui_state *st, const struct tui_rows *r, int page, int arg)
{
	(void)arg;
	if (!r->n)
		return TUI_NONE;
	set_tag(st, r, st->sel, !tui_state_tagged(st, r->pid[st->sel]));
	if (st->sel < last_row(r))
		st->sel++;
	return moved(st, r, page);
}

static enum tui_action act_tag_children(struct tui_state *st, const struct tui_rows *r, int page,
                                        int arg)
{
	(void)page, (void)arg;
	if (!r->n)
		return TUI_NONE;
	tag_children(st, r);
	return TUI_REDRAW;
}

static enum tui_action act_untag_all(struct tui_state *st, const struct tui_rows *r, int page,
                                     int arg)
{
	(void)r, (void)page, (void)arg;
	st->ntags = 0;
	return TUI_REDRAW;
}

static enum tui_action act_signal(struct tui_state *st, const struct tui_rows *r, int page, int arg)
{
	(void)page, (void)arg;
	return open_signal(st, r);
}

/* a longer (arg +1) or shorter (-1) interval */
static enum tui_action act_delay(struct tui_state *st, const struct tui_rows *r, int page, int arg)
{
	(void)r, (void)page;
	st->delay = step_delay(st->delay, arg);
	return TUI_DELAY;
}

/* the selection a row (arg -1, +1) or a page (-2, +2) up or down, to the
 * first (arg -3) or the last (+3) */
static enum tui_action act_move(struct tui_state *st, const struct tui_rows *r, int page, int arg)
{
	size_t last = last_row(r), pg = page > 1 ? (size_t)page : 1;
	switch (arg) {
	case -1:
		if (st->sel > 0)
			st->sel--;
		break;
	case +1:
		if (st->sel < last)
			st->sel++;
		break;
	case -2:
		st->sel = st->sel > pg ? st->sel - pg : 0;
		break;
	case +2:
		st->sel = st->sel + pg < last ? st->sel + pg : last;
		break;
	case -3:
		st->sel = 0;
		break;
	default:
		st->sel = last;
		break;
	}
	return moved(st, r, page);
}

/* the command line 8 columns left (arg -1) or right (+1) */
static enum tui_action act_hscroll(struct tui_state *st, const struct tui_rows *r, int page, int arg)
{
	(void)r, (void)page;
	if (arg < 0)
		st->hscroll = st->hscroll > 8 ? st->hscroll - 8 : 0;
	else
		st->hscroll += 8;
	return TUI_REDRAW;
}

static enum tui_action act_search(struct tui_state *st, const struct tui_rows *r, int page, int arg)
{
	(void)r, (void)page, (void)arg;
	st->searching = true;
	st->search[0] = '\0';
	return TUI_REDRAW;
}

/* F3 (Shift-F3: arg the key): the next (previous) match, or a new search */
static enum tui_action act_search_next(struct tui_state *st, const struct tui_rows *r, int page,
                                       int arg)
{
	(void)page;
	if (!st->search[0]) {
		st->searching = true;
		return TUI_REDRAW;
	}
	return key_search(st, arg, r);
}

static enum tui_action act_filter(struct tui_state *st, const struct tui_rows *r, int page, int arg)
{
	(void)r, (void)page, (void)arg;
	st->editing = true;
	memcpy(st->edit, st->filter, sizeof st->edit);
	return TUI_REDRAW;
}

/* Esc clears a filter */
static enum tui_action act_unfilter(struct tui_state *st, const struct tui_rows *r, int page,
                                    int arg)
{
	(void)r, (void)page, (void)arg;
	if (!st->filter[0])
		return TUI_NONE;
	st->filter[0] = '\0';
	return TUI_RESELECT;
}

static enum tui_action act_pin(struct tui_state *st, const struct tui_rows *r, int page, int arg)
{
	(void)page, (void)arg;
	if (r->n) {
		toggle_pin(st, r->pid[sel_row(st, r)]);
		/* the selection goes with it: it stayed on the row, on
		 * another process, and the next k was for that one */
		st->keep_sel = true;
	}
	return TUI_RESELECT;
}

static enum tui_action act_kthreads(struct tui_state *st, const struct tui_rows *r, int page,
                                    int arg)
{
	(void)r, (void)page, (void)arg;
	st->show_kthreads = !st->show_kthreads;
	snprintf(st->msg, sizeof st->msg, "kernel threads %s", st->show_kthreads ? "shown" : "hidden");
	return TUI_RESELECT;
}

/* sort by arg (a sort_key; again: reverse) */
static enum tui_action act_sort(struct tui_state *st, const struct tui_rows *r, int page, int arg)
{
	(void)r, (void)page;
	set_sort(st, (enum sort_key)arg);
	return TUI_RESELECT;
}

/* the next (arg +1) or previous (-1) sort column */
static enum tui_action act_sort_step(struct tui_state *st, const struct tui_rows *r, int page,
                                     int arg)
{
	(void)r, (void)page;
	set_sort(st, sort_step(st->key, arg));
	return TUI_RESELECT;
}

static enum tui_action act_redraw(struct tui_state *st, const struct tui_rows *r, int page, int arg)
{
	(void)st, (void)r, (void)page, (void)arg;
	return TUI_REDRAW;
}

/* a bool of struct tui_state, by its offset (act_flip); anything else will
 * not compile */
#define FLAG(field)                                                                            \
	((int)offsetof(struct tui_state, field) +                                              \
	 0 * (int)sizeof(char[_Generic(((struct tui_state *)0)->field, bool: 1, default: -1)]))

static const struct list_key {
	int key;
	list_action act;
	int arg;
} list_keys[] = {
	{'q', act_quit, 0},         {KEY_F(10), act_quit, 0},
	{'h', act_overlay, OV_HELP}, {'?', act_overlay, OV_HELP}, {KEY_F(1), act_overlay, OV_HELP},
	{'E', act_overlay, OV_EVENTS},
	{'x', act_overlay, OV_ENTRY},
	{'S', act_setup, 0},        {KEY_F(2), act_setup, 0},
	{'s', act_picker, 0},       {KEY_F(6), act_picker, 0},
	{'\n', act_detail, OV_DETAIL}, {'\r', act_detail, OV_DETAIL},
	{KEY_ENTER, act_detail, OV_DETAIL}, {'w', act_detail, OV_DETAIL},
	{'e', act_unlike_htop, 'e'}, {'H', act_unlike_htop, 'H'},
	{'P', act_unlike_htop, 'P'}, {'T', act_unlike_htop, 'T'},
	{'Z', act_flip, FLAG(paused)},
	{' ', act_tag, 0},
	{'c', act_tag_children, 0},
	{'U', act_untag_all, 0},
	{'k', act_signal, 0},       {KEY_F(9), act_signal, 0},
	{'+', act_delay, +1},       {'=', act_delay, +1},
	{'-', act_delay, -1},       {'_', act_delay, -1},
	{KEY_UP, act_move, -1},     {KEY_DOWN, act_move, +1},
	{KEY_PPAGE, act_move, -2},  {KEY_NPAGE, act_move, +2},
	{KEY_HOME, act_move, -3},   {'g', act_move, -3},
	{KEY_END, act_move, +3},    {'G', act_move, +3},
	{KEY_LEFT, act_hscroll, -1}, {KEY_RIGHT, act_hscroll, +1},
	{'/', act_search, 0},
	{KEY_F(3), act_search_next, KEY_F(3)}, {KEY_F(15), act_search_next, KEY_F(15)},
	{'\\', act_filter, 0},      {KEY_F(4), act_filter, 0},
	{27, act_unfilter, 0},
	{'W', act_pin, 0},
	{'F', act_flip, FLAG(follow)}, {'f', act_flip, FLAG(follow)},
	{'p', act_flip, FLAG(full_path)},   /* htop's "show program path" */
	{'t', act_flip_rows, FLAG(tree)}, {KEY_F(5), act_flip_rows, FLAG(tree)},
	{'K', act_kthreads, 0},
	{'M', act_sort, SORT_RSS},  {'N', act_sort, SORT_PID}, {'R', act_sort, SORT_GROWTH},
	{'O', act_sort, SORT_OOM},  {'V', act_sort, SORT_GPU},
	{'I', act_flip_rows, FLAG(reverse)},
	{'<', act_sort_step, -1},   {'>', act_sort_step, +1}, {'.', act_sort_step, +1},
	{KEY_RESIZE, act_redraw, 0}, {CTRL('l'), act_redraw, 0},
};

#undef FLAG

static const struct list_key *list_key_of(int key)
{
	for (size_t i = 0; i < sizeof list_keys / sizeof *list_keys; i++)
		if (list_keys[i].key == key)
			return &list_keys[i];
	return NULL;
}

/* help, events, the entry, the details: scroll keys scroll; Esc, q and the
 * key that opened it close it; F10 quits; other keys are ignored, so a
 * mistyped key never acts on a table the overlay hides. */
static enum tui_action key_view(struct tui_state *st, int key, int page)
{
	if (overlay_scroll(st, key, page))
		return TUI_REDRAW;
	switch (key) {
	case KEY_F(10):
		st->quit = true;
		return TUI_QUIT;
	case KEY_RESIZE:
	case CTRL('l'):
		return TUI_REDRAW;
	case 27:
	case 'q':
	case '\n':
	case '\r':
	case KEY_ENTER:
		st->overlay = OV_NONE;
		return TUI_REDRAW;
	}
	if (st->overlay == OV_DETAIL && (key == 'k' || key == KEY_F(9))) {
		/* signal the process shown, whatever is tagged */
		st->targets[0] = st->detail;
		st->ntargets = 1;
		open_overlay(st, OV_SIGNAL);
		st->picker_sel = 0;
		return TUI_REDRAW;
	}
	/* the key that opened it closes it */
	const struct list_key *b = list_key_of(key);
	if (b && (b->act == act_overlay || b->act == act_detail) && b->arg == (int)st->overlay) {
		st->overlay = OV_NONE;
		return TUI_REDRAW;
	}
	return TUI_NONE;
}

enum tui_action tui_state_key(struct tui_state *st, int key, const struct tui_rows *r, int page)
{
	st->msg[0] = '\0';
	if (st->editing)
		return key_edit(st, key);
	if (st->searching)
		return key_search(st, key, r);
	switch (st->overlay) {
	case OV_PICKER: return key_picker(st, key);
	case OV_SIGNAL: return key_signal(st, key);
	case OV_CONFIRM: return key_confirm(st, key, page);
	case OV_SETUP: return key_setup(st, key);
	case OV_NONE: break;
	default: return key_view(st, key, page);
	}
	const struct list_key *b = list_key_of(key);
	return b ? b->act(st, r, page, b->arg) : TUI_NONE;
}

void tui_state_select(struct tui_state *st, const struct tui_rows *r, size_t i, int page)
{
	if (i >= r->n)
		return;
	st->sel = i;
	st->sel_pid = r->pid[i];
	tui_state_rows(st, r, page);
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
                                const struct tui_rows *r, int page)
{
	st->msg[0] = '\0';
	if (st->overlay != OV_NONE) {
		if (st->overlay == OV_SETUP) {
			st->overlay = OV_NONE;
			return TUI_SAVE;
		}
		if (m->what == MOUSE_WHEEL && st->overlay != OV_PICKER && st->overlay != OV_SIGNAL) {
			overlay_scroll(st, m->dir < 0 ? KEY_UP : KEY_DOWN, page);
			return TUI_REDRAW;
		}
		if (st->overlay == OV_CONFIRM)
			snprintf(st->msg, sizeof st->msg, "no signal sent");
		st->overlay = OV_NONE;
		return TUI_REDRAW;
	}
	if (st->editing || st->searching)
		return TUI_NONE;
	size_t nrows = r->n;
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
	st->sel_pid = r->pid[st->sel];
	tui_state_rows(st, r, page);
	return TUI_REDRAW;
}

void tui_state_rows(struct tui_state *st, const struct tui_rows *r, int page)
{
	size_t nrows = r->n;
	if (nrows == 0) {
		st->sel = st->top = 0;
		return;
	}
	bool keep = st->follow || st->keep_sel;
	st->keep_sel = false;
	if (keep && st->sel_pid > 0)
		for (size_t i = 0; i < nrows; i++)
			if (r->pid[i] == st->sel_pid) {
				st->sel = i;
				break;
			}
	if (st->sel >= nrows)
		st->sel = nrows - 1;
	st->sel_pid = r->pid[st->sel];
	size_t pg = page > 1 ? (size_t)page : 1;
	if (st->sel < st->top)
		st->top = st->sel;
	if (st->sel >= st->top + pg)
		st->top = st->sel - pg + 1;
	if (st->top + pg > nrows)
		st->top = nrows > pg ? nrows - pg : 0;
}
