/* panels.h - the dashboard's panels. Each draws plain data (a snapshot, the
 * history, the rows, the state) into its rows of the layout; none reads
 * /proc. Adding a panel: a file here and a call in tui.c's draw(). */
#ifndef OOMCAST_PANELS_H
#define OOMCAST_PANELS_H

#include "analysis/advice.h"
#include "analysis/events.h"
#include "analysis/forecast.h"
#include "analysis/history.h"
#include "analysis/loads.h"
#include "snapshot.h"
#include "source/inspect.h"
#include "view/layout.h"
#include "view/rows.h"
#include "view/theme.h"
#include "view/tui_state.h"

/* Facts the panels show that no single snapshot holds. */
struct tui_info {
	uint64_t oom_kills_start;   /* vm.oom_kills at the first sample */
	int cgroup;                 /* the cgroup row's entry, -1 none */
};

/* meters.c: RAM, its "available" label, swap, the cgroup limit, pressure */
void meters_draw(const struct theme *t, const struct layout *l, const struct snapshot *s,
                 const struct tui_info *info, const struct tui_state *st);
/* The cgroup the cgroup row shows: the limited one with the least headroom
 * among oomcast's own, the watched processes', those that had an OOM kill
 * in the last two minutes (of a watched process, where there are any) and,
 * where none is watched, one the forecast warns of (alarmed, an index; -1
 * none); -1 when none is limited. */
int meters_pick_cgroup(const struct snapshot *s, const pid_t *pins, size_t npins,
                       const struct evlog *ev, int alarmed);

/* fcpanel.c: the forecast, most urgent resource first (the cgroups and
 * cards of the watched processes, pins, before the rest, as their rows
 * are), and the last OOM kill */
void fcpanel_draw(const struct theme *t, const struct layout *l, const struct snapshot *s,
                  const struct forecast *fc, const struct evlog *ev, const struct loads *ld,
                  const pid_t *pins, size_t npins);
int fcpanel_rows(const struct forecast *fc, const struct evlog *ev, const struct loads *ld);
/* Most urgent first (< 0: a before b): level, then the sooner ETA, then
 * the machine's own resources before limits, then the least room left. */
int fcpanel_order(const struct fc_item *a, const struct fc_item *b);
/* items[0..n) into sorted[0..n) in the panel's order: the watched ones
 * (pins: their cgroups and the cards they use) first, each part by
 * fcpanel_order */
void fcpanel_sort(const struct snapshot *s, const struct fc_item *items, size_t n,
                  const pid_t *pins, size_t npins, const struct fc_item **sorted);

/* banner.c: the knowledge-base entry for the worst situation, its first fix
 * step with this machine's numbers; entry_draw: the whole entry (key x).
 * banner_rows: the rows it needs at cols to show all (0: no banner); the
 * layout gives it fewer on short terminals and the banner then says
 * "more: press x". */
int banner_rows(const struct advice_banner *b, int cols);
void banner_draw(const struct theme *t, const struct layout *l, const struct advice_banner *b);
int entry_draw(const struct theme *t, struct advice *a, int lines, int cols, int scroll);

/* chart.c: the headroom of the resource at risk (system "available" when
 * nothing is more urgent) and swap in use over time. chart_sample records a
 * sample in the history (with the urgent items' headroom); chart_pick: the
 * item the chart follows, NULL for system "available". */
void chart_sample(struct history *h, const struct snapshot *s, const struct forecast *fc);
const struct fc_item *chart_pick(const struct forecast *fc);
void chart_draw(const struct theme *t, const struct layout *l, const struct snapshot *s,
                const struct history *h, const struct forecast *fc);

/* proctable.c: the process table; its GPU column shows when a GPU's
 * per-process use is known */
bool proctable_has_gpu(const struct snapshot *s);
void proctable_draw(const struct theme *t, const struct layout *l, const struct snapshot *s,
                    const struct rows *rows, const struct tui_state *st);
/* The process rows it shows: one fewer than the layout's when sorted by
 * OOM score, whose legend takes the last row. */
int proctable_rows(const struct layout *l, const struct tui_state *st);

/* overlay.c: status line, help, sort picker, signal picker and its
 * confirmation, events, "too small". The overlays that scroll take their
 * first line and return the largest useful one (the loop keeps it in the
 * state, so End and PgDn stop there). */
void status_draw(const struct theme *t, const struct layout *l, const struct tui_state *st,
                 size_t nrows);
int help_draw(const struct theme *t, const struct snapshot *s, const char *kb_warning,
              const char *const *front, size_t nfront, int lines, int cols, int scroll);
void picker_draw(const struct theme *t, const struct tui_state *st, int lines, int cols);
void setup_draw(const struct theme *t, const struct tui_state *st, int lines, int cols);
void signal_draw(const struct theme *t, const struct tui_state *st, const struct snapshot *s,
                 int lines, int cols);
int confirm_draw(const struct theme *t, const struct tui_state *st, const struct snapshot *s,
                 int lines, int cols, int scroll);
/* A framed box of n lines, centred (cut to the screen), from line scroll. */
int overlay_box(const struct theme *t, int lines, int cols, const char *title,
                const char *const *text, int n, int scroll);
void too_small_draw(const struct theme *t, int lines, int cols);
int events_draw(const struct theme *t, const struct evlog *ev, int lines, int cols, int scroll);

/* detail.c: one process closely (Enter): what the loop read for it */
struct detail_view {
	const struct snapshot *s;
	const struct snap_proc *p;        /* NULL: gone */
	const struct proc_inspect *in;    /* NULL: the source cannot (a replay) */
	const struct load *load;          /* its model load, NULL none */
	const uint64_t *rss;              /* its RSS over minutes, oldest first */
	const double *rss_age;            /* seconds from each to the newest */
	size_t nrss;
	pid_t pid;
};
int detail_draw(const struct theme *t, const struct detail_view *d, int lines, int cols,
                int scroll);

#endif
