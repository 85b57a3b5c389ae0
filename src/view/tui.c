/* tui.c - the dashboard's main loop: sample on a steady pace, answer keys
 * between samples, draw every panel from the snapshot. The terminal is
 * restored on q, on SIGINT/SIGTERM/SIGHUP, and on a fatal signal. */
#include "view/tui.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis/history.h"
#include "analysis/rsshist.h"
#include "sampler.h"
#include "source/procsignal.h"
#include "util/escape.h"
#include "util/output.h"
#include "util/xalloc.h"
#include "view/draw.h"
#include "view/panels.h"
#include "view/player.h"
#include "view/settings.h"
#include "view/teach.h"
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
	enum theme_colors theme_want;   /* what theme was made for */
	pid_t *row_pids, *row_ppids;
	uint64_t *row_starts;
	size_t row_cap, row_cap2, row_cap3;
	struct tui_rows rows;
	struct proc_inspect insp;   /* the detail view's process, read each sample */
	bool insp_known;            /* the source can inspect */
	/* the detail view's process's RSS over minutes (sampler's rsshist) */
	uint64_t det_rss[RSSHIST_SLOTS + 1];
	double det_age[RSSHIST_SLOTS + 1];
	uint64_t rec_rss[RSSHIST_SLOTS + 1];   /* the same from the recent samples */
	double rec_age[RSSHIST_SLOTS + 1];
	bool have_sample;
	bool no_color;              /* --no-color or NO_COLOR: the setup cannot undo it */
	bool utf8;
	char rc_path[1024];         /* the settings file; "" none (no HOME) */
	char rc_err[300];           /* why it was ignored, said again at exit */
	SCREEN *screen;
	bool replay;                /* a recording plays: the player paces it */
	double rc_delay;            /* the interval oomcastrc had (a replay saves it back) */
	struct player player;
	bool demo;                  /* oomcast demo: captions, and i explains */
	bool explain;               /* the explanation is open */
	int explain_scroll;
};

static struct teach_in teach_of(const struct tui *u)
{
	return (struct teach_in){&u->sm->snap, u->sm->forecast, u->sm->events, u->sm->loads,
				 u->sm->advice, u->info.cgroup, u->st.sel_pid};
}

/* The demo's key: i opens and closes the explanation, Esc closes it, the
 * arrows scroll it; true when the key was the demo's. */
static bool demo_key(struct tui *u, int ch)
{
	if (!u->demo || u->st.editing || u->st.searching || u->st.overlay != OV_NONE)
		return false;
	if (ch == TEACH_KEY || (u->explain && (ch == 27 || ch == 'q'))) {
		u->explain = ch == TEACH_KEY && !u->explain;
		u->explain_scroll = 0;
		return true;
	}
	if (u->explain && (ch == KEY_UP || ch == KEY_DOWN)) {
		u->explain_scroll += ch == KEY_DOWN ? 1 : u->explain_scroll > 0 ? -1 : 0;
		return true;
	}
	return false;
}

/* The screen's parts; in the demo the table gives its last rows to the
 * caption (one or two). */
static void layout_of(const struct tui *u, struct layout *l)
{
	layout_compute(LINES, COLS, u->info.cgroup >= 0, (int)u->sm->snap.ngpus,
		       banner_rows(advice_banner(u->sm->advice), COLS),
		       fcpanel_rows(u->sm->forecast, u->sm->events, u->sm->loads), l);
	if (u->demo && u->have_sample && !l->too_small) {
		struct teach_in in = teach_of(u);
		int rows = teach_caption_rows(&in, l->cols);
		if (l->table_h - rows < 2)
			rows = l->table_h - 2;
		if (rows > 0)
			l->table_h -= rows;
	}
}

static int page_rows(const struct tui *u)
{
	struct layout l;
	layout_of(u, &l);
	return l.too_small ? 1 : proctable_rows(&l, &u->st);
}

/* The cgroup the forecast warns of most urgently (WARNING or worse), or -1. */
static int alarmed_cgroup(const struct forecast *fc)
{
	size_t n = 0;
	const struct fc_item *it = fc ? forecast_items(fc, &n) : NULL, *worst = NULL;
	for (size_t i = 0; i < n; i++)
		if (it[i].kind == FC_CGROUP && it[i].level >= FC_WARNING &&
		    (!worst || it[i].level > worst->level ||
		     (it[i].level == worst->level && it[i].eta < worst->eta)))
			worst = &it[i];
	return worst ? worst->cgroup : -1;
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
		.hide_kthreads = !u->st.show_kthreads,
		.tree = u->st.tree,
	};
	sampler_select(u->sm, &q);
	size_t n = u->sm->rows.n;
	xgrow((void **)&u->row_pids, &u->row_cap, n + 1, sizeof *u->row_pids);
	xgrow((void **)&u->row_ppids, &u->row_cap2, n + 1, sizeof *u->row_ppids);
	xgrow((void **)&u->row_starts, &u->row_cap3, n + 1, sizeof *u->row_starts);
	for (size_t i = 0; i < n; i++) {
		const struct snap_proc *p = &s->procs[u->sm->rows.idx[i]];
		u->row_pids[i] = p->pid;
		u->row_ppids[i] = p->ppid;
		u->row_starts[i] = p->start;
	}
	u->rows = (struct tui_rows){u->row_pids, u->row_ppids, u->row_starts, n};
	tui_state_rows(&u->st, &u->rows, page);
	/* scrolling may have moved rows without details on screen */
	size_t need = u->st.top + (size_t)page;
	if (need > q.detail_rows)
		sampler_detail_rows(u->sm, q.detail_rows, need);
	u->info.cgroup = meters_pick_cgroup(s, u->st.pins, u->st.npins, u->sm->events,
					    alarmed_cgroup(u->sm->forecast));
}

/* Tags of processes that exited (or whose pid is another's now) go. */
static void prune_tags(struct tui *u)
{
	struct tui_state *st = &u->st;
	size_t k = 0;
	for (size_t i = 0; i < st->ntags; i++) {
		const struct snap_proc *p = snapshot_find_proc(&u->sm->snap, st->tags[i].pid);
		if (p && p->start == st->tags[i].start)
			st->tags[k++] = st->tags[i];
	}
	st->ntags = k;
}

/* The detail view's process: its details (command line, cgroup, OOM
 * score) and its closer look, read here in the loop, never while drawing. */
static void detail_refresh(struct tui *u)
{
	struct snapshot *s = &u->sm->snap;
	struct snap_proc *p = snapshot_find_proc(s, u->st.detail.pid);
	if (p && p->start == u->st.detail.start)
		source_detail(u->sm->src, s, (size_t)(p - s->procs));
	u->insp_known = source_inspect(u->sm->src, u->st.detail.pid, u->st.detail.start, &u->insp);
}

/* After a sample: the closer look of the detail view's process. */
static void follow_proc(struct tui *u)
{
	if (u->st.overlay == OV_DETAIL)
		detail_refresh(u);
}

static void detail_show(struct tui *u)
{
	struct snapshot *s = &u->sm->snap;
	struct snap_proc *p = snapshot_find_proc(s, u->st.detail.pid);
	if (p && p->start != u->st.detail.start)
		p = NULL;
	size_t nrss = p ? rsshist_get(u->sm->rsshist, s, p, u->det_rss, u->det_age,
				      RSSHIST_SLOTS + 1) : 0;
	/* the last samples one by one where they span about as long: a load
	 * of seconds is a point every 4 s in the minutes' history */
	size_t nrec = p && u->sm->rss_recent ? rsshist_get(u->sm->rss_recent, s, p, u->rec_rss,
							     u->rec_age, RSSHIST_SLOTS + 1) : 0;
	bool recent = nrec > nrss && (nrss == 0 || u->det_age[0] < 1.5 * u->rec_age[0]);
	struct detail_view d = {
		.s = s,
		.p = p,
		.in = u->insp_known ? &u->insp : NULL,
		.load = p ? loads_find(u->sm->loads, p->pid) : NULL,
		.rss = recent ? u->rec_rss : u->det_rss,
		.rss_age = recent ? u->rec_age : u->det_age,
		.nrss = recent ? nrec : nrss,
		.pid = u->st.detail.pid,
	};
	u->st.scroll_max = detail_draw(&u->theme, &d, LINES, COLS, u->st.scroll);
}

/* k: send the signal to each target, then say what happened on the status
 * line: "SIGTERM sent to 1234 memhog", or the error (EPERM...). */
static void send_signal(struct tui *u)
{
	struct tui_state *st = &u->st;
	char sn[32], one[96];
	const char *name = procsignal_name(st->sig, sn, sizeof sn);
	size_t ok = 0, bad = 0;
	int err = 0;
	pid_t bad_pid = 0;
	if (strcmp(u->sm->src->ops->name, "live") != 0) {
		/* a recording's pids are not this machine's processes */
		snprintf(st->msg, sizeof st->msg, "no signal sent: the %s source is not this machine's "
			 "processes now", u->sm->src->ops->name);
		st->ntargets = 0;
		return;
	}
	for (size_t i = 0; i < st->ntargets; i++) {
		int e = procsignal_send("", st->targets[i].pid, st->targets[i].start, st->sig);
		if (e == 0) {
			ok++;
		} else {
			bad++;
			err = e, bad_pid = st->targets[i].pid;
		}
	}
	if (st->ntargets == 1) {
		const char *comm = snapshot_comm(&u->sm->snap, st->targets[0].pid);
		char esc[SNAP_COMM_MAX * 4 + 1];
		utf8_copy(esc, sizeof esc, comm);
		snprintf(one, sizeof one, "%d %s", (int)st->targets[0].pid, esc);
		if (ok)
			snprintf(st->msg, sizeof st->msg, "%s sent to %s", name, one);
		else
			snprintf(st->msg, sizeof st->msg, "%s to %s failed: %s%s", name, one,
				 strerror(err), err == ESRCH ? " (it has exited)" : "");
	} else if (!bad) {
		snprintf(st->msg, sizeof st->msg, "%s sent to %zu processes", name, ok);
	} else {
		snprintf(st->msg, sizeof st->msg, "%s sent to %zu of %zu; %d and %zu more failed: %s",
			 name, ok, ok + bad, (int)bad_pid, bad - 1, strerror(err));
	}
	st->ntargets = 0;
}

/* The setup screen closed: its choices take effect, and are saved. */
static void save_settings(struct tui *u)
{
	struct tui_state *st = &u->st;
	if (!u->rc_path[0]) {
		snprintf(st->msg, sizeof st->msg, "settings not saved: neither XDG_CONFIG_HOME nor HOME is set");
		return;
	}
	struct rc_settings rc;
	settings_of(st, &rc);
	/* a replay's interval is the recording's, not a choice for live runs */
	if (u->replay)
		rc.delay = u->rc_delay;
	char err[TUI_MSG_MAX - 32];
	if (settings_save(u->rc_path, &rc, err, sizeof err) < 0)
		snprintf(st->msg, sizeof st->msg, "settings not saved: %s", err);
	else
		snprintf(st->msg, sizeof st->msg, "settings saved to %.*s", TUI_MSG_MAX - 20,
			 u->rc_path);
}

/* /, F3: put the selection on the next row that matches. */
static void search(struct tui *u)
{
	struct tui_state *st = &u->st;
	long r = sampler_find_row(u->sm, st->search, st->search_from, st->search_dir);
	if (r < 0) {
		/* typed text is printable ASCII only (tui_state.c) */
		snprintf(st->msg, sizeof st->msg, "no process matches \"%.*s\"", TUI_FILTER_MAX,
			 st->search);
		return;
	}
	tui_state_select(st, &u->rows, (size_t)r, page_rows(u));
	sampler_detail_rows(u->sm, st->top, st->top + (size_t)page_rows(u));
}

/* The colours asked for (oomcastrc, the setup screen, which changes them at
 * once), unless --no-color or NO_COLOR said none. */
static void theme_follow(struct tui *u)
{
	enum theme_colors want = u->no_color ? THEME_MONO : u->st.colors;
	if (want != u->theme_want) {
		theme_init(&u->theme, u->utf8, want);
		u->theme_want = want;
	}
}

static void draw(struct tui *u)
{
	struct layout l;
	theme_follow(u);
	erase();
	layout_of(u, &l);
	if (l.too_small) {
		too_small_draw(&u->theme, LINES, COLS);
	} else if (u->have_sample) {
		meters_draw(&u->theme, &l, &u->sm->snap, &u->info, &u->st);
		banner_draw(&u->theme, &l, advice_banner(u->sm->advice));
		fcpanel_draw(&u->theme, &l, &u->sm->snap, u->sm->forecast, u->sm->events, u->sm->loads,
			     u->st.pins, u->st.npins);
		chart_draw(&u->theme, &l, &u->sm->snap, &u->hist, u->sm->forecast);
		proctable_draw(&u->theme, &l, &u->sm->snap, &u->sm->rows, &u->st);
		status_draw(&u->theme, &l, &u->st, u->sm->rows.n);
		/* a key's notice (P, K, a signal sent, settings saved) keeps the
		 * status line until the next key */
		if (u->replay && !u->st.editing && !u->st.searching && !u->st.msg[0])
			player_draw(&u->player, &u->theme, l.status_y, l.cols);
		struct teach_in tin = teach_of(u);
		/* the rows layout_of left between the table and the status line */
		int crows = l.status_y - (l.table_y + l.table_h) - 1;
		if (u->demo && crows > 0)
			teach_caption_draw(&u->theme, &tin, l.status_y - crows, crows, l.cols);
		struct tui_state *st = &u->st;
		switch (st->overlay) {
		case OV_HELP: {
			const char *front[8];
			size_t nfront = u->replay ? player_help_lines(u->demo, front, 8) : 0;
			st->scroll_max = help_draw(&u->theme, &u->sm->snap,
						   advice_kb_warning(u->sm->advice), front, nfront,
						   LINES, COLS, st->scroll);
			break;
		}
		case OV_PICKER: picker_draw(&u->theme, st, LINES, COLS); break;
		case OV_EVENTS:
			st->scroll_max = events_draw(&u->theme, u->sm->events, LINES, COLS, st->scroll);
			break;
		case OV_ENTRY:
			st->scroll_max = entry_draw(&u->theme, u->sm->advice, LINES, COLS, st->scroll);
			break;
		case OV_DETAIL: detail_show(u); break;
		case OV_SIGNAL: signal_draw(&u->theme, st, &u->sm->snap, LINES, COLS); break;
		case OV_CONFIRM:
			st->scroll_max = confirm_draw(&u->theme, st, &u->sm->snap, LINES, COLS,
						      st->scroll);
			break;
		case OV_SETUP: setup_draw(&u->theme, st, LINES, COLS); break;
		case OV_NONE: break;
		}
		if (st->scroll > st->scroll_max)
			st->scroll = st->scroll_max;
		if (u->explain && st->overlay == OV_NONE) {
			int max = teach_explain_draw(&u->theme, &tin, LINES, COLS, u->explain_scroll);
			if (u->explain_scroll > max)
				u->explain_scroll = max;
		}
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
	layout_of(u, &l);
	if (l.too_small)
		return TUI_NONE;
	struct tui_mouse m = {.what = MOUSE_ELSEWHERE};
	if (ev.bstate & BUTTON4_PRESSED) {
		m.what = MOUSE_WHEEL, m.dir = -1;
	} else if (ev.bstate & BUTTON5_PRESSED) {
		m.what = MOUSE_WHEEL, m.dir = +1;
	} else if (ev.y == l.table_y) {
		m.what = MOUSE_HEADER;
		m.column = layout_column_at_hiding(l.cols, proctable_has_gpu(&u->sm->snap),
						  u->st.hide_cols, ev.x);
	} else if (ev.y > l.table_y && ev.y <= l.table_y + proctable_rows(&l, &u->st)) {
		m.what = MOUSE_ROW;
		m.row = u->st.top + (size_t)(ev.y - l.table_y - 1);
	}
	return tui_state_mouse(&u->st, &m, &u->rows, proctable_rows(&l, &u->st));
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
		output_error("%s", msg);
		return false;
	}
	set_escdelay(25);   /* Esc answers at once, not after a second */
	u->screen = newterm(NULL, stdout, stdin);
	if (!u->screen) {
		output_error("cannot start the dashboard on this terminal "
			     "(set TERM, or use -b / --json)");
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
	u->utf8 = utf8;
	u->no_color = no_color;
	u->theme_want = no_color ? THEME_MONO : u->st.colors;
	theme_init(&u->theme, utf8, u->theme_want);
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
	tui_state_init(&u->st, c->delay, c->pins, c->npins);
	/* the settings of the last run; a damaged file is said once on the
	 * status line and again at exit, and changes nothing */
	if (settings_path(u->rc_path, sizeof u->rc_path)) {
		struct rc_settings rc;
		int rcl = settings_load(u->rc_path, &rc, u->rc_err, sizeof u->rc_err);
		u->rc_delay = rc.delay;   /* the default where there is no file */
		if (rcl < 0)
			snprintf(u->st.msg, sizeof u->st.msg, "%.*s", TUI_MSG_MAX - 1, u->rc_err);
		else
			/* a replay keeps the recording's interval, as -d would */
			settings_apply(&rc, &u->st, c->delay_set || c->replay);
	} else {
		u->rc_path[0] = '\0';
	}
	if (!screen_start(u, c)) {
		free(u);
		return 2;
	}
	u->sm = sm;
	sampler_keep_rss_history(sm);
	history_init(&u->hist);
	u->info.cgroup = -1;
	if (replay) {
		u->replay = true;
		player_init(&u->player, replay, c->speed);
	}
	u->demo = c->demo;

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
				output_error("%s", cause);
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
				output_error("%s", cause);
				rc = 1;
				break;
			}
			prune_tags(u);
			follow_proc(u);
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
		if (ch == ERR || demo_key(u, ch))
			continue;
		if (ch == ('l' & 0x1f))   /* Ctrl-L: repaint the whole terminal, as htop */
			clearok(curscr, TRUE);
		/* a replay's keys come before the dashboard's (not while a filter or
		 * a search is typed, nor in an overlay other than help) */
		enum player_act pa = u->replay && !u->st.editing && !u->st.searching &&
				     (u->st.overlay == OV_NONE || u->st.overlay == OV_HELP)
					     ? player_key(&u->player, ch) : PLAYER_NONE;
		if (pa == PLAYER_RESTART)
			restart(u);
		if (pa != PLAYER_NONE) {
			u->st.msg[0] = '\0';   /* a key: the notice has been seen */
			next = last + player_gap(&u->player);
			continue;
		}
		enum tui_action a = ch == KEY_MOUSE ? mouse(u)
				  : tui_state_key(&u->st, ch, &u->rows, page_rows(u));
		if (a == TUI_RESELECT && u->have_sample)
			reselect(u);
		else if (a == TUI_SEARCH && u->have_sample)
			search(u);
		else if (a == TUI_SIGNAL)
			send_signal(u);
		else if (a == TUI_SAVE) {
			save_settings(u);
			if (u->have_sample)
				reselect(u);
			next = last + u->st.delay;
		}
		else if (a == TUI_DETAIL && u->have_sample)
			detail_refresh(u);
		else if (a == TUI_DELAY)
			next = last + u->st.delay;
		else if (ch == KEY_RESIZE && u->have_sample)
			reselect(u);   /* the page size changed */
	}
	if (rc == 0)
		endwin();
	if (u->rc_err[0])
		output_error("%s", u->rc_err);
	delscreen(u->screen);
	player_free(&u->player);
	free(u->row_pids);
	free(u->row_ppids);
	free(u->row_starts);
	free(u);
	return rc;
}
