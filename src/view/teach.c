/* teach.c - the demo's captions and explanations; see teach.h. Every
 * figure is the sample's own, as the meters and panels show it; every name
 * or path from the recording is kept as it is (cut between characters) and
 * escaped once, where it is drawn (draw_text): escaped here too, the
 * backslash of each escape would be escaped again. */
#include "view/teach.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/advice.h"
#include "analysis/events.h"
#include "analysis/forecast.h"
#include "analysis/loads.h"
#include "snapshot.h"
#include "util/escape.h"
#include "util/fmt.h"
#include "util/wrap.h"
#include "view/draw.h"
#include "view/panels.h"
#include "view/theme.h"

/* A kill is "the moment" for this long (recorded seconds); then its fix. */
#define KILL_MOMENT_S 4.0

/* The first load with this verdict (or, v2 >= 0, that one too). */
static const struct load *find_load(const struct loads *l, int v1, int v2)
{
	for (size_t i = 0; l && i < l->n; i++)
		if ((int)l->v[i].verdict == v1 || (int)l->v[i].verdict == v2)
			return &l->v[i];
	return NULL;
}

static const struct fc_item *worst_item(const struct forecast *fc)
{
	size_t n;
	const struct fc_item *items = forecast_items(fc, &n), *w = NULL;
	for (size_t i = 0; i < n; i++)
		if (!w || fcpanel_order(&items[i], w) < 0)
			w = &items[i];
	return w;
}

/* "node (pid 42)" */
static void who(const struct snapshot *s, pid_t pid, char *buf, size_t len)
{
	char esc[SNAP_COMM_MAX * 4 + 1];
	utf8_copy(esc, sizeof esc, snapshot_comm(s, pid));
	snprintf(buf, len, "%.40s (pid %d)", esc, (int)pid);
}

/* The model file's name without its folders. */
static void model_name(const struct snapshot *s, const struct load *ld, char *buf, size_t len)
{
	const char *path = ld->model >= 0 && (size_t)ld->model < s->nmodels
				   ? snapshot_string(s, s->models[ld->model].path) : NULL;
	const char *base = path ? strrchr(path, '/') : NULL;
	utf8_copy(buf, len, base ? base + 1 : path ? path : "its model");
}

static void load_text(const struct snapshot *s, const struct load *ld, char *buf, size_t len)
{
	/* the names cut between characters by their buffers' sizes (utf8_copy),
	 * not by a printf precision, which cuts bytes */
	char w[64], m[81], need[16], room[16], scope[101];
	who(s, ld->pid, w, sizeof w);
	model_name(s, ld, m, sizeof m);
	fmt_bytes_iec(ld->fp.total, need, sizeof need);
	fmt_bytes_iec(ld->room, room, sizeof room);
	utf8_copy(scope, sizeof scope, ld->scope);
	snprintf(buf, len, "%s loads %s: it needs %s at -c %llu, and %s leaves it %s", w, m, need,
		 (unsigned long long)ld->fp.ctx, scope, room);
}

/* The load's scope is the one the kill was in: the same load, after its fix. */
static bool same_scope(const struct load *ld, const struct event *k)
{
	if (strcmp(k->scope, "system") == 0)
		return strcmp(ld->scope, "ram") == 0;
	return strncmp(ld->scope, "cgroup:", 7) == 0 && strcmp(ld->scope + 7, k->scope) == 0;
}

enum teach_moment teach_caption(const struct teach_in *in, char *buf, size_t len)
{
	const struct snapshot *s = in->s;
	char a[400], b[64], c[64], d[120];
	const struct event *k = evlog_last_kill(in->events);
	const struct load *fits = find_load(in->loads, LV_FITS, LV_TIGHT);
	const struct load *wont = find_load(in->loads, LV_WONT_FIT, -1);
	const struct advice_banner *ban = advice_banner(in->advice);
	if (k && fits && same_scope(fits, k)) {
		load_text(s, fits, a, sizeof a);
		snprintf(buf, len, "After the fix: %s. The verdict: it fits, and no alarm rises "
			 "while it loads.", a);
		return TM_FIXED;
	}
	if (k && s->t - k->t <= KILL_MOMENT_S) {
		char rss[16];
		utf8_copy(c, sizeof c, k->comm[0] ? k->comm : "?");
		utf8_copy(d, sizeof d, k->scope);
		fmt_bytes_iec(s->mem.available, b, sizeof b);
		fmt_bytes_iec(k->rss, rss, sizeof rss);
		if (k->constraint == OOMC_MEMCG || (d[0] && strcmp(k->scope, "system") != 0))
			snprintf(buf, len, "OOM kill: the kernel ended %s (pid %d, %s in RAM) because "
				 "cgroup %s hit its limit, though the machine still had %s available.",
				 c, (int)k->pid, rss, d[0] ? d : "?", b);
		else
			snprintf(buf, len, "OOM kill: the kernel ended %s (pid %d, %s in RAM): the "
				 "machine ran out of memory%s.", c, (int)k->pid, rss,
				 strcmp(k->scope, "system") == 0 ? "" : " (where, the report did not say)");
		return TM_KILL;
	}
	if (k && ban->active && ban->step[0]) {
		/* the step that carries the computed limit, else the first */
		const char *step = ban->step;
		for (size_t i = 0; ban->limit[0] && i < ban->nsteps; i++)
			if (strstr(ban->steps[i], ban->limit)) {
				step = ban->steps[i];
				break;
			}
		utf8_copy(a, sizeof a, step);
		snprintf(buf, len, "The fix, with this run's numbers (x: all the steps): %s", a);
		return TM_FIX;
	}
	if (wont) {
		load_text(s, wont, a, sizeof a);
		fmt_bytes_iec(wont->missing, b, sizeof b);
		if (ban->active && ban->limit[0])
			snprintf(buf, len, "The verdict before the end: %s. It will not fit: %s missing; "
				 "the fix, a limit of %.23s (x: the steps).", a, b, ban->limit);
		else
			snprintf(buf, len, "The verdict before the end: %s. It will not fit: %s missing.",
				 a, b);
		return TM_VERDICT;
	}
	const struct fc_item *w = worst_item(in->fc);
	if (w && w->level >= FC_WARNING) {
		char rate[16];
		utf8_copy(d, sizeof d, w->resource);
		fmt_bytes_iec(w->headroom, b, sizeof b);
		fmt_rate(w->rate, rate, sizeof rate);
		if (isfinite(w->eta))
			snprintf(buf, len, "Forecast %s: %s runs out in about %.0f s (%s left, %s): "
				 "a warning before the kernel has to kill.", fc_level_name(w->level), d,
				 w->eta, b, rate);
		else
			snprintf(buf, len, "Forecast %s: %s is about to run out (%s left).",
				 fc_level_name(w->level), d, b);
		return TM_WARNING;
	}
	if (fits) {
		load_text(s, fits, a, sizeof a);
		snprintf(buf, len, "%s: it fits.", a);
		return TM_FITS;
	}
	const struct snap_cgroup *cg = in->cgroup >= 0 && (size_t)in->cgroup < s->ncgroups
					       ? &s->cgroups[in->cgroup] : NULL;
	if (cg && snap_known(cg->file) && cg->file >= (16u << 20)) {
		utf8_copy(d, sizeof d, cg->path);
		fmt_bytes_iec(cg->file, b, sizeof b);
		snprintf(buf, len, "Page cache: %s of files read (the model's) is charged to %s; "
			 "it is not used memory: the kernel drops it when a program needs the room.",
			 b, d);
	} else {
		fmt_bytes_iec(s->mem.cached, b, sizeof b);
		fmt_bytes_iec(s->mem.available, c, sizeof c);
		snprintf(buf, len, "Page cache: %s of files kept in RAM counts as available (%s), "
			 "not used: the kernel drops it when a program needs the room.", b, c);
	}
	return TM_CACHE;
}

int teach_caption_rows(const struct teach_in *in, int cols)
{
	char buf[900];
	teach_caption(in, buf, sizeof buf);
	return draw_width(buf) + 5 > cols ? 2 : 1;
}

void teach_caption_draw(const struct theme *t, const struct teach_in *in, int y, int rows,
                        int cols)
{
	char buf[900];
	enum teach_moment m = teach_caption(in, buf, sizeof buf);
	bool alarm = m == TM_WARNING || m == TM_VERDICT || m == TM_KILL;
	/* "DEMO", then the caption over the rows given, cut at spaces; the key
	 * that explains at the end, where there is room */
	const char *p = buf;
	for (int r = 0; r < rows; r++) {
		int x = 0;
		draw_clear_row(y + r, 0);
		x += draw_text(y + r, 0, r ? "     " : "DEMO ", 0, cols, t->attr[alarm ? R_WARN : R_PIN]);
		if (cols - x < 12)
			break;
		size_t next, len = wrap_next(p, (size_t)(cols - x), &next);
		char line[900];
		snprintf(line, sizeof line, "%.*s", (int)len, p);
		/* the last row takes the rest, cut at the edge */
		x += draw_text(y + r, x, r == rows - 1 ? p : line, 0, cols - x, t->attr[R_TEXT]);
		if (r == rows - 1 || !next)
			break;
		p += next;
	}
	int hint = draw_width("i:explain");
	if (cols >= 40 && draw_width(p) + 5 + hint + 1 <= cols)
		draw_text(y + rows - 1, cols - hint, "i:explain", 0, hint, t->attr[R_LABEL]);
}

size_t teach_explain(const struct teach_in *in, char lines[][400], size_t max)
{
	const struct snapshot *s = in->s;
	size_t n = 0;
	char a[16], b[16], c[16], d[16], p[200];
#define LINE(...) (n < max ? (void)snprintf(lines[n++], 400, __VA_ARGS__) : (void)0)
	const struct snap_mem *m = &s->mem;
	if (snap_known(m->total) && snap_known(m->available)) {
		LINE("RAM: %s in all. Used %s is what programs hold and the kernel cannot take back "
		     "without swapping or killing. Available %s is free memory plus what the kernel "
		     "can reclaim at once.", fmt_bytes_iec(m->total, a, sizeof a),
		     fmt_bytes_iec(m->total - m->available, b, sizeof b),
		     fmt_bytes_iec(m->available, c, sizeof c));
	}
	if (snap_known(m->cached))
		LINE("Page cache: %s of files read (libraries, a model's weights) kept in RAM in case "
		     "they are read again. It is not used memory: the kernel drops it when a program "
		     "needs the room, so it counts as available.", fmt_bytes_iec(m->cached, a, sizeof a));
	if (snap_known(s->swap.total) && s->swap.total > 0 && snap_known(s->swap.free))
		LINE("Swap: %s of %s in use: memory moved to disk to make room; slow to read back.",
		     fmt_bytes_iec(s->swap.total - s->swap.free, a, sizeof a),
		     fmt_bytes_iec(s->swap.total, b, sizeof b));
	else
		LINE("Swap: none here. Memory that programs hold has nowhere to go: when RAM runs "
		     "out, the kernel kills.");
	const struct snap_cgroup *cg = in->cgroup >= 0 && (size_t)in->cgroup < s->ncgroups
					       ? &s->cgroups[in->cgroup] : NULL;
	if (cg && snap_known(cg->limit)) {
		char cgp[101];   /* 100 bytes at most, whole characters */
		utf8_copy(cgp, sizeof cgp, cg->path);
		LINE("Cgroup %s: a memory limit of %s on a group of processes (a service, a "
		     "container). It uses %s, %s of it page cache. At the limit the kernel first "
		     "drops that cache, then kills a process of the group (an OOM kill), even when "
		     "the machine has RAM to spare.", cgp, fmt_bytes_iec(cg->limit, a, sizeof a),
		     fmt_bytes_iec(cg->usage, b, sizeof b), fmt_bytes_iec(cg->file, c, sizeof c));
	}
	const struct snap_proc *pr = NULL;
	for (size_t i = 0; in->sel > 0 && i < s->nprocs && !pr; i++)
		if (s->procs[i].pid == in->sel)
			pr = &s->procs[i];
	if (pr) {
		who(s, pr->pid, p, sizeof p);
		LINE("The selected row, %s: RSS %s is its memory in RAM now: %s of its own data "
		     "(anonymous), %s of files it maps, %s shared.", p, fmt_bytes_iec(pr->rss, a, sizeof a),
		     fmt_bytes_iec(pr->anon, b, sizeof b), fmt_bytes_iec(pr->file, c, sizeof c),
		     fmt_bytes_iec(pr->shmem, d, sizeof d));
		if (snap_known_int(pr->oom_score))
			LINE("Its OOM score, %d of 1000, is the share of memory it holds (plus its "
			     "oom_score_adj, %d): when memory runs out, the kernel kills the process "
			     "with the highest score in the scope that ran out.", (int)pr->oom_score,
			     snap_known_int(pr->oom_score_adj) ? (int)pr->oom_score_adj : 0);
		const struct load *ld = loads_find(in->loads, pr->pid);
		if (ld && ld->fp_known) {
			char t[400];
			load_text(s, ld, t, sizeof t);
			LINE("It is a model load: %.340s. Verdict: %s.", t, load_verdict_name(ld->verdict));
		}
	}
#undef LINE
	return n;
}

int teach_explain_draw(const struct theme *t, const struct teach_in *in, int lines, int cols,
                       int scroll)
{
	static char buf[12][400];
	const char *text[12];
	size_t n = teach_explain(in, buf, 12);
	for (size_t i = 0; i < n; i++)
		text[i] = buf[i];
	return overlay_box(t, lines, cols, "what the dashboard shows (i or Esc closes)", text,
			   (int)n, scroll);
}
