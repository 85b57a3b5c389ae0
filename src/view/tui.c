/* tui.c - the dashboard's main loop: sample on a steady pace, answer keys
 * between samples, draw every panel from the snapshot. The terminal is
 * restored on q, on SIGINT/SIGTERM/SIGHUP, and on a fatal signal. */
#include "view/tui.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis/history.h"
#include "sampler.h"
#include "util/xalloc.h"
#include "view/draw.h"
#include "view/panels.h"
#include "view/player.h"
#include "view/termcheck.h"
#include "view/theme.h"
#include "view/tui_state.h"

static volatile sig_atomic_t quit_signal;

static void on_quit(int sig)
{
	quit_signal = sig;
}

/* A crash must not leave the terminal raw: restore it, then die as before. */
static void on_fatal(int sig)
{
	endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct tui {
	struct sampler *sm;         /* built by main, shared with nothing else */
	struct history hist;
	struct tui_state st;
	struct tui_info info;
	struct theme theme;
	pid_t *row_pids;
	size_t row_cap;
	bool have_sample;
	SCREEN *screen;
	bool replay;                /* a recording plays: the player paces it */
	struct player player;
};

static int page_rows(const struct tui *u)
{
	struct layout l;
	layout_compute(LINES, COLS, u->info.cgroup >= 0, (int)u->sm->snap.ngpus,
		       banner_rows(advice_banner(u->sm->advice), COLS), fcpanel_rows(u->sm->forecast, u->sm->events, u->sm->loads), &l);
	return l.too_small ? 1 : proctable_rows(&l, &u->st);
}

/* Select the rows again (after a sample, or a new sort or filter). */
static void reselect(struct tui *u)
{
	struct snapshot *s = &u->sm->snap;
	int page = page_rows(u);
	struct row_query q = {
		.key = u->st.key,
		.reverse = u->st.reverse,
		.filter = u->st.filter,
		.pins = u->st.pins,
		.npins = u->st.npins,
		/* details (command line, OOM score) for the rows on screen */
		.detail_rows = u->st.top + (size_t)page + u->st.npins + 1,
	};
	sampler_select(u->sm, &q);
	xgrow((void **)&u->row_pids, &u->row_cap, u->sm->rows.n + 1, sizeof *u->row_pids);
	for (size_t i = 0; i < u->sm->rows.n; i++)
		u->row_pids[i] = s->procs[u->sm->rows.idx[i]].pid;
	tui_state_rows(&u->st, u->row_pids, u->sm->rows.n, page);
	/* scrolling may have moved rows without details on screen */
	size_t need = u->st.top + (size_t)page;
	if (need > q.detail_rows)
		sampler_detail_rows(u->sm, q.detail_rows, need);
	u->info.cgroup = meters_pick_cgroup(s, u->st.pins, u->st.npins, u->sm->events);
}

static void draw(struct tui *u)
{
	struct layout l;
	erase();
	layout_compute(LINES, COLS, u->info.cgroup >= 0, (int)u->sm->snap.ngpus,
		       banner_rows(advice_banner(u->sm->advice), COLS), fcpanel_rows(u->sm->forecast, u->sm->events, u->sm->loads), &l);
	if (l.too_small) {
		too_small_draw(&u->theme, LINES, COLS);
	} else if (u->have_sample) {
		meters_draw(&u->theme, &l, &u->sm->snap, &u->info, &u->st);
		banner_draw(&u->theme, &l, advice_banner(u->sm->advice));
		fcpanel_draw(&u->theme, &l, &u->sm->snap, u->sm->forecast, u->sm->events, u->sm->loads);
		chart_draw(&u->theme, &l, &u->sm->snap, &u->hist, u->sm->forecast);
		proctable_draw(&u->theme, &l, &u->sm->snap, &u->sm->rows, &u->st);
		status_draw(&u->theme, &l, &u->st, u->sm->rows.n);
		if (u->replay && !u->st.editing)
			player_draw(&u->player, &u->theme, l.status_y, l.cols);
		if (u->st.help)
			help_draw(&u->theme, &u->sm->snap, advice_kb_warning(u->sm->advice), LINES, COLS);
		if (u->st.help && u->replay)
			player_help_draw(&u->theme, LINES, COLS);
		else if (u->st.picker)
			picker_draw(&u->theme, &u->st, LINES, COLS);
		else if (u->st.events)
			events_draw(&u->theme, u->sm->events, LINES, COLS);
		else if (u->st.entry)
			entry_draw(&u->theme, u->sm->advice, LINES, COLS);
	}
	refresh();
}

/* A mouse event placed on the screen's parts, then given to the state. */
static enum tui_action mouse(struct tui *u)
{
	MEVENT ev;
	if (getmouse(&ev) != OK || !u->have_sample)
		return TUI_NONE;
	struct layout l;
	layout_compute(LINES, COLS, u->info.cgroup >= 0, (int)u->sm->snap.ngpus,
		       banner_rows(advice_banner(u->sm->advice), COLS), fcpanel_rows(u->sm->forecast, u->sm->events, u->sm->loads), &l);
	if (l.too_small)
		return TUI_NONE;
	struct tui_mouse m = {.what = MOUSE_ELSEWHERE};
	if (ev.bstate & BUTTON4_PRESSED) {
		m.what = MOUSE_WHEEL, m.dir = -1;
	} else if (ev.bstate & BUTTON5_PRESSED) {
		m.what = MOUSE_WHEEL, m.dir = +1;
	} else if (ev.y == l.table_y) {
		m.what = MOUSE_HEADER;
		m.column = layout_column_at(l.cols, proctable_has_gpu(&u->sm->snap), ev.x);
	} else if (ev.y > l.table_y && ev.y <= l.table_y + proctable_rows(&l, &u->st)) {
		m.what = MOUSE_ROW;
		m.row = u->st.top + (size_t)(ev.y - l.table_y - 1);
	}
	return tui_state_mouse(&u->st, &m, u->row_pids, u->sm->rows.n, proctable_rows(&l, &u->st));
}

/* Start curses on the terminal TERM names. Not initscr, which prints
 * ncurses' own message and exits 1 on a type it does not know: termcheck
 * asks first, and newterm's result is checked all the same; either way one
 * line of ours and exit 2, as other usage errors. False after printing it. */
static bool screen_start(struct tui *u, const struct cli *c)
{
	bool utf8 = !c->ascii && strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	const char *nc = getenv("NO_COLOR");
	bool no_color = c->no_color || (nc && nc[0]);
	char msg[160];
	if (!termcheck_usable(msg, sizeof msg)) {
		fprintf(stderr, "oomcast: %s\n", msg);
		return false;
	}
	set_escdelay(25);   /* Esc answers at once, not after a second */
	u->screen = newterm(NULL, stdout, stdin);
	if (!u->screen) {
		fprintf(stderr, "oomcast: cannot start the dashboard on this terminal "
			"(set TERM, or use -b / --json)\n");
		return false;
	}
	set_term(u->screen);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	if (!c->no_mouse) {
		/* clicks sort and select, the wheel scrolls, as in htop; press
		 * and release apart, so a click is never held for a double */
		mouseinterval(0);
		mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	}
	theme_init(&u->theme, utf8, no_color);
	return true;
}

bool tui_has_terminal(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

/* A replay goes back: the analysis starts afresh and the recording plays
 * again from its start (player.c). */
static void restart(struct tui *u)
{
	sampler_restart(u->sm);
	history_init(&u->hist);
	u->have_sample = false;
	player_restarted(&u->player);
}

int tui_run(const struct cli *c, struct sampler *sm, const struct player_src *replay)
{
	const char *cause = NULL;
	setlocale(LC_ALL, "");
	struct tui *u = xcalloc(1, sizeof *u);
	if (!screen_start(u, c)) {
		free(u);
		return 2;
	}
	u->sm = sm;
	history_init(&u->hist);
	tui_state_init(&u->st, c->delay, c->pins, c->npins);
	u->info.cgroup = -1;
	if (replay) {
		u->replay = true;
		player_init(&u->player, replay, c->speed);
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_quit;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		signal(fatal[i], on_fatal);

	int rc = 0;
	unsigned long samples = 0;
	double next = now_s(), last = next;
	while (!u->st.quit && !quit_signal) {
		double t = now_s();
		bool due = !u->st.paused && t >= next;
		if (u->replay)
			due = player_want(&u->player, due);
		if (due) {
			if (sampler_tick(u->sm, &cause) < 0) {
				endwin();
				fprintf(stderr, "oomcast: %s\n", cause);
				rc = 1;
				break;
			}
			if (!u->have_sample)
				u->info.oom_kills_start = u->sm->snap.vm.oom_kills;
			u->have_sample = true;
			chart_sample(&u->hist, &u->sm->snap, u->sm->forecast);
			if (u->replay) {
				player_played(&u->player, u->sm->snap.t);
				if (player_catching_up(&u->player))
					continue;   /* a step or seek: no drawing on the way */
			}
			reselect(u);
			if (sampler_shown(u->sm, &cause) < 0) {
				endwin();
				fprintf(stderr, "oomcast: %s\n", cause);
				rc = 1;
				break;
			}
			samples++;
			last = t;
			/* keep the pace; after a stall start a new one */
			next += u->st.delay;
			if (next < t)
				next = t + u->st.delay;
			if (u->replay)   /* the recording's pace */
				next = t + player_gap(&u->player);
		}
		draw(u);
		if (c->count && samples >= c->count)
			break;
		/* wait for a key until the next sample, a quarter second at most so
		 * a signal is noticed soon */
		double wait = u->st.paused ? 0.25 : next - now_s();
		if (u->replay && (u->player.paused || u->player.ended))
			wait = 0.25;
		if (wait > 0.25)
			wait = 0.25;
		timeout(wait > 0 ? (int)(wait * 1000) + 1 : 0);
		int ch = getch();
		if (ch == ERR)
			continue;
		/* a replay's keys come before the dashboard's (not while a filter is
		 * typed or the sort picker is open) */
		enum player_act pa = u->replay && !u->st.editing && !u->st.picker
					     ? player_key(&u->player, ch) : PLAYER_NONE;
		if (pa == PLAYER_RESTART)
			restart(u);
		if (pa != PLAYER_NONE) {
			next = last + player_gap(&u->player);
			continue;
		}
		enum tui_action a = ch == KEY_MOUSE ? mouse(u)
				  : tui_state_key(&u->st, ch, u->row_pids, u->sm->rows.n, page_rows(u));
		if (a == TUI_RESELECT && u->have_sample)
			reselect(u);
		else if (a == TUI_DELAY)
			next = last + u->st.delay;
		else if (ch == KEY_RESIZE && u->have_sample)
			reselect(u);   /* the page size changed */
	}
	if (rc == 0)
		endwin();
	delscreen(u->screen);
	player_free(&u->player);
	free(u->row_pids);
	free(u);
	return rc;
}
