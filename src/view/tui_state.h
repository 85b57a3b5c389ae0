/* tui_state.h - what the dashboard's keys change: sort, filter, selection,
 * scrolling, watched processes, pause, interval, help. Pure state, no curses
 * calls (the KEY_ codes come from curses.h), so every key is unit-tested. */
#ifndef OOMCAST_TUI_STATE_H
#define OOMCAST_TUI_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stddef.h>
#include <sys/types.h>

#include "sampler.h"

#define TUI_MAX_PINS 64
#define TUI_FILTER_MAX 64

struct tui_state {
	enum sort_key key;
	bool reverse;
	char filter[TUI_FILTER_MAX];
	bool editing;               /* typing a filter after '/' */
	char edit[TUI_FILTER_MAX];
	pid_t pins[TUI_MAX_PINS];   /* 'w' watched, and -p */
	size_t npins;
	bool follow;                /* the selection stays on follow_pid */
	pid_t sel_pid;              /* pid of the selected row */
	size_t sel, top;            /* selected row, first row shown */
	int hscroll;                /* columns the COMMAND text is scrolled by */
	bool full_path;             /* 'p': COMMAND shows the program's full path */
	bool paused, help, picker, events;   /* overlays: help, sort picker, event log */
	bool entry;                 /* overlay: the banner's knowledge-base entry */
	int picker_sel;
	double delay;
	bool quit;
};

/* What the main loop must do after a key. */
enum tui_action {
	TUI_NONE,      /* nothing changed */
	TUI_REDRAW,    /* draw again */
	TUI_RESELECT,  /* sort or filter changed: select rows again, then draw */
	TUI_DELAY,     /* the interval changed: reschedule, draw */
	TUI_QUIT,
};

void tui_state_init(struct tui_state *st, double delay, const pid_t *pins, size_t npins);

/* Apply one key. row_pids[0..nrows) are the rows shown now; page is the
 * number of table rows on screen. */
enum tui_action tui_state_key(struct tui_state *st, int key, const pid_t *row_pids, size_t nrows,
                              int page);

/* After rows were selected again: keep the selection on its process when
 * following (or when it is still there), clamp it, and scroll so it shows. */
void tui_state_rows(struct tui_state *st, const pid_t *row_pids, size_t nrows, int page);

bool tui_state_pinned(const struct tui_state *st, pid_t pid);

/* A mouse event, already placed on the screen's parts by the caller. */
struct tui_mouse {
	enum { MOUSE_HEADER, MOUSE_ROW, MOUSE_WHEEL, MOUSE_ELSEWHERE } what;
	int column;     /* MOUSE_HEADER: enum column clicked (-1: a gap) */
	size_t row;     /* MOUSE_ROW: the row's index among all rows */
	int dir;        /* MOUSE_WHEEL: -1 up, +1 down */
};

/* Apply a click or a wheel step: a header sorts by its column (again:
 * reverse), a row is selected, the wheel moves the selection 3 rows; any
 * click closes an overlay. */
enum tui_action tui_state_mouse(struct tui_state *st, const struct tui_mouse *m,
                                const pid_t *row_pids, size_t nrows, int page);

#define TUI_DELAY_MIN 0.1
#define TUI_DELAY_MAX 60.0

#endif
