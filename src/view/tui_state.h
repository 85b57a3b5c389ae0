/* tui_state.h - what the dashboard's keys change: sort, filter, search,
 * selection, scrolling, tags, watched processes, pause, interval, tree, the
 * overlays and the signal dialog. Pure state, no curses calls (the KEY_
 * codes come from curses.h), so every key is unit-tested. Keys follow htop
 * where a key means the same thing in both (see help_draw and the man page
 * for the differences). */
#ifndef OOMCAST_TUI_STATE_H
#define OOMCAST_TUI_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sampler.h"
#include "view/theme.h"

#define TUI_MAX_PINS 64
#define TUI_MAX_TAGS 256
#define TUI_FILTER_MAX 64
#define TUI_MSG_MAX 200

/* The signals the picker offers, SIGTERM first (see tui_state.c). */
#define TUI_NSIGNALS 9
int tui_signal_at(int i);

/* A process as the rows and the tags know it: the same pid with another
 * start time is another process. */
struct tui_proc {
	pid_t pid;
	uint64_t start;             /* SNAP_NA unknown */
};

/* The rows shown now; ppid and start may be NULL (unknown). */
struct tui_rows {
	const pid_t *pid;
	const pid_t *ppid;
	const uint64_t *start;
	size_t n;
};

/* Which overlay is open; one at a time. */
enum tui_overlay {
	OV_NONE, OV_HELP, OV_PICKER, OV_EVENTS, OV_ENTRY, OV_DETAIL, OV_SIGNAL, OV_CONFIRM,
	OV_SETUP,
};

/* The setup screen's lines (S, F2): these, then one a hideable column. */
enum tui_setup_item {
	SET_SORT, SET_ORDER, SET_DELAY, SET_TREE, SET_KTHREADS, SET_COLOR, SET_COLUMNS,
};
/* The columns the setup screen can hide, in its order (enum column). */
#define TUI_SETUP_NCOLS 8
int tui_setup_column(int i);
#define TUI_SETUP_N (SET_COLUMNS + TUI_SETUP_NCOLS)

struct tui_state {
	enum sort_key key;
	bool reverse;
	char filter[TUI_FILTER_MAX];
	bool editing;               /* typing a filter after '\' */
	char edit[TUI_FILTER_MAX];
	bool searching;             /* typing a search after '/' */
	char search[TUI_FILTER_MAX];
	int search_dir;             /* TUI_SEARCH: +1 from the selection on, -1 back */
	size_t search_from;         /* TUI_SEARCH: the row to start at */
	pid_t pins[TUI_MAX_PINS];   /* 'W' watched, and -p */
	size_t npins;
	struct tui_proc tags[TUI_MAX_TAGS];   /* space, c */
	size_t ntags;
	bool follow;                /* the selection stays on follow_pid */
	pid_t sel_pid;              /* pid of the selected row */
	/* the next rows keep the selection on sel_pid once, following or not:
	 * W moved that process to the top (or back) */
	bool keep_sel;
	size_t sel, top;            /* selected row, first row shown */
	int hscroll;                /* columns the COMMAND text is scrolled by */
	bool full_path;             /* 'p': COMMAND shows the program's full path */
	bool paused;
	bool tree;                  /* t, F5: children under their parents */
	bool show_kthreads;         /* K: kernel threads are hidden by default */
	unsigned hide_cols;         /* 1 << enum column: hidden in the setup screen */
	enum theme_colors colors;   /* asked for (setup screen, oomcastrc); --no-color
	                               and NO_COLOR override it without changing it */
	enum tui_overlay overlay;
	int scroll, scroll_max;     /* the overlay's first line; its last (set by the loop) */
	int picker_sel;             /* sort picker, and the signal picker */
	struct tui_proc detail;     /* OV_DETAIL: the process shown */
	/* the signal dialog: what to send to whom */
	int sig;
	struct tui_proc targets[TUI_MAX_TAGS];
	size_t ntargets;
	char msg[TUI_MSG_MAX];      /* one line for the status bar until the next key */
	double delay;
	bool quit;
};

/* What the main loop must do after a key. */
enum tui_action {
	TUI_NONE,      /* nothing changed */
	TUI_REDRAW,    /* draw again */
	TUI_RESELECT,  /* sort or filter changed: select rows again, then draw */
	TUI_DELAY,     /* the interval changed: reschedule, draw */
	TUI_SEARCH,    /* find st->search from row st->search_from, st->search_dir */
	TUI_SIGNAL,    /* send st->sig to st->targets (confirmed) */
	TUI_DETAIL,    /* the detail view opened on st->detail: read it now */
	TUI_SAVE,      /* the setup screen closed: save the settings, select rows again */
	TUI_QUIT,
};

void tui_state_init(struct tui_state *st, double delay, const pid_t *pins, size_t npins);

/* Apply one key; page is the number of table rows on screen. */
enum tui_action tui_state_key(struct tui_state *st, int key, const struct tui_rows *r, int page);

/* After rows were selected again: keep the selection on its process when
 * following or after W (else on its row, as htop does), clamp it, and
 * scroll so it shows. */
void tui_state_rows(struct tui_state *st, const struct tui_rows *r, int page);

/* Put the selection on row i (a search's match). */
void tui_state_select(struct tui_state *st, const struct tui_rows *r, size_t i, int page);

bool tui_state_pinned(const struct tui_state *st, pid_t pid);
bool tui_state_tagged(const struct tui_state *st, pid_t pid);

/* A mouse event, already placed on the screen's parts by the caller. */
struct tui_mouse {
	enum { MOUSE_HEADER, MOUSE_ROW, MOUSE_WHEEL, MOUSE_ELSEWHERE } what;
	int column;     /* MOUSE_HEADER: enum column clicked (-1: a gap) */
	size_t row;     /* MOUSE_ROW: the row's index among all rows */
	int dir;        /* MOUSE_WHEEL: -1 up, +1 down */
};

/* Apply a click or a wheel step: a header sorts by its column (again:
 * reverse), a row is selected, the wheel moves the selection 3 rows (in an
 * overlay: scrolls it); any click closes an overlay. */
enum tui_action tui_state_mouse(struct tui_state *st, const struct tui_mouse *m,
                                const struct tui_rows *r, int page);

#define TUI_DELAY_MIN 0.1
#define TUI_DELAY_MAX 60.0

#endif
