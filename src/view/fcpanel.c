/* fcpanel.c - the forecast rows: each resource's level, time to exhaustion,
 * the rate it is eaten, the driver and the likely victim, most urgent first,
 * coloured by level; and the last OOM kill seen. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "formats/quantmix.h"
#include "util/cgname.h"
#include "util/fmt.h"
#include "util/num.h"
#include "util/xalloc.h"
#include "view/draw.h"
#include "view/panels.h"

#define B(v) fmt_bytes_iec((v), (char[16]){0}, 16)

static int level_attr(const struct theme *t, enum fc_level l)
{
	switch (l) {
	case FC_CRITICAL: return t->attr[R_ALERT_CRIT];
	case FC_WARNING: return t->attr[R_WARN] | A_BOLD;
	case FC_WATCH: return t->attr[R_LABEL];
	default: return t->attr[R_GROW_DOWN];
	}
}

/* Most urgent first: level, then the sooner ETA, then the machine's own
 * resources (RAM, swap, cards) before limits, then the least room left
 * for its size. (Rows at one level without an ETA kept the forecast's
 * order, cards last: on a GPU box beside a dozen idle containers, the
 * card 3/4 full was off the panel, under empty limits.) */
int fcpanel_order(const struct fc_item *a, const struct fc_item *b)
{
	if (a->level != b->level)
		return a->level > b->level ? -1 : 1;
	double ea = isfinite(a->eta) ? a->eta : INFINITY, eb = isfinite(b->eta) ? b->eta : INFINITY;
	if (ea != eb)
		return ea > eb ? 1 : -1;
	bool ca = a->kind == FC_CGROUP, cb = b->kind == FC_CGROUP;
	if (ca != cb)
		return ca ? 1 : -1;
	double sa = a->capacity ? (double)a->headroom / (double)a->capacity : 1.0;
	double sb = b->capacity ? (double)b->headroom / (double)b->capacity : 1.0;
	return (sa > sb) - (sa < sb);
}

/* Loads shown in the panel: the first few (a machine loads one or two). */
#define LOAD_ROWS_MAX 2

static size_t load_rows(const struct loads *ld)
{
	return ld ? (ld->n < LOAD_ROWS_MAX ? ld->n : LOAD_ROWS_MAX) : 0;
}

int fcpanel_rows(const struct forecast *fc, const struct evlog *ev, const struct loads *ld)
{
	size_t n;
	forecast_items(fc, &n);
	return (int)(n + load_rows(ld)) + (evlog_last_kill(ev) ? 1 : 0);
}

/* "LOAD 1234 node  random-f16.gguf  needs 443 MiB at -c 2048 (weights 188 MiB
 * read in), 260 MiB in (59%)  FITS in cg x" */
static void load_row(const struct theme *t, int y, int cols, const struct snapshot *s,
                     const struct load *l)
{
	const struct snap_model *m = &s->models[l->model];
	const char *path = snapshot_string(s, m->path), *base = path ? strrchr(path, '/') : NULL;
	char buf[512];
	int x = draw_text(y, 0, "LOAD", 0, cols, t->attr[R_LABEL]);
	snprintf(buf, sizeof buf, " %d %s  %s", (int)l->pid, s->procs[l->proc].comm,
		 base ? base + 1 : path ? path : "?");
	x += draw_text(y, x, buf, 0, cols - x, t->attr[R_TEXT]);
	if (!l->fp_known) {
		draw_text(y, x, "  footprint unknown", 0, cols - x, t->attr[R_DIM]);
		return;
	}
	double pct = l->fp.total ? 100.0 * (double)l->loaded / (double)l->fp.total : 0;
	snprintf(buf, sizeof buf, "  needs %s at -c %llu%s, %s in (%.0f%%)", B(l->fp.total),
		 (unsigned long long)l->opts.ctx, l->ctx_assumed ? "?" : "", B(l->loaded), pct);
	x += draw_text(y, x, buf, 0, cols - x, t->attr[R_TEXT]);
	/* layers on GPUs: where the footprint goes ("auto": llama.cpp's own
	 * choice, as its --fit makes it), last: the verdict goes first */
	char gbuf[96] = "";
	if (l->gpu_layers > 0 && l->split_known) {
		uint64_t gpu = 0;
		for (size_t k = 0; k < l->split.ndev; k++)
			gpu += l->split.dev[k].total;
		snprintf(gbuf, sizeof gbuf, "; -ngl %s%lld: RAM %s, GPU %s", l->gpu_auto ? "auto " : "",
			 (long long)l->gpu_layers, B(l->split.ram_total), B(gpu));
	}
	if (l->verdict == LV_UNKNOWN) {
		draw_text(y, x, gbuf, 0, cols - x, t->attr[R_TEXT]);
		return;
	}
	enum fc_level lv = l->verdict == LV_WONT_FIT ? FC_CRITICAL : l->verdict == LV_TIGHT ? FC_WARNING : FC_OK;
	snprintf(buf, sizeof buf, "  %s ", l->verdict == LV_WONT_FIT ? "WON'T FIT" : l->verdict == LV_TIGHT
		 ? "TIGHT" : "FITS");
	x += draw_text(y, x, buf, 0, cols - x, level_attr(t, lv));
	/* a cgroup scope by its short name, as the forecast rows */
	char scope[64];
	if (strncmp(l->scope, "cgroup:", 7) == 0) {
		char cg[48];
		cgname_short(l->scope + 7, 40, t->utf8 ? "\u2026" : "~", 1, cg, sizeof cg);
		snprintf(scope, sizeof scope, "cg %s", cg);
	} else {
		snprintf(scope, sizeof scope, "%.60s", l->scope);
	}
	if (l->verdict == LV_WONT_FIT && l->max_ctx)
		snprintf(buf, sizeof buf, " %s missing in %s; -c %llu fits", B(l->missing), scope,
			 (unsigned long long)l->max_ctx);
	else if (l->verdict == LV_WONT_FIT && l->fit_quant >= 0)
		snprintf(buf, sizeof buf, " %s missing in %s; a %s file fits", B(l->missing), scope,
			 quantmix_name((enum quant_mix)l->fit_quant));
	else if (l->verdict == LV_WONT_FIT)
		snprintf(buf, sizeof buf, " %s missing in %s; no context fits", B(l->missing), scope);
	else if (l->cache_short)
		snprintf(buf, sizeof buf, " in %s: its prompt cache may grow past it; -cram %llu fits", scope,
			 (unsigned long long)l->cram_fits);
	else
		snprintf(buf, sizeof buf, " in %s", scope);
	x += draw_text(y, x, buf, 0, cols - x, t->attr[R_TEXT]);
	draw_text(y, x, gbuf, 0, cols - x, t->attr[R_TEXT]);
}

static void item_row(const struct theme *t, int y, int cols, const struct snapshot *s,
                     const struct fc_item *it)
{
	char name[SNAP_PATH_MAX + 8], buf[256], rate[24];
	int x = 0;
	/* under 100 columns a narrower name and no words before the figures:
	 * at 80 the driver and the victim were cut off ("eaten +8.02M/s  d") */
	bool narrow = cols < 100;
	int namew = narrow ? 16 : 18;   /* "cg ", "…" and a container's 12-character short id */
	if (it->kind == FC_CGROUP) {
		/* the last path component names it; the meters row has the rest */
		char cg[20];
		cgname_short(s->cgroups[it->cgroup].path, namew - 3, t->utf8 ? "\u2026" : "~", 1, cg,
			     sizeof cg);
		snprintf(name, sizeof name, "cg %s", cg);
	}
	else
		snprintf(name, sizeof name, "%s", it->kind == FC_RAM ? "RAM" : it->kind == FC_SWAP ? "swap"
						  : it->kind == FC_GPU ? it->resource : "RAM+swap");
	x += draw_text(y, x, name, 0, namew, t->attr[R_LABEL]);
	x = namew + 1;
	char lv[16];
	snprintf(lv, sizeof lv, " %s ", fc_level_name(it->level));
	for (char *c = lv; *c; c++)
		*c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
	x += draw_text(y, x, lv, 0, cols - x, level_attr(t, it->level));
	if (isfinite(it->eta)) {
		/* a range that rounds to one figure is that figure */
		if (isfinite(it->eta_high) && num_lround(it->eta_low) == num_lround(it->eta_high))
			snprintf(buf, sizeof buf, " ETA %.0fs", it->eta);
		else if (isfinite(it->eta_high))
			snprintf(buf, sizeof buf, " ETA %.0fs (%.0f-%.0fs)", it->eta, it->eta_low,
				 it->eta_high);
		else
			snprintf(buf, sizeof buf, " ETA %.0fs (%.0fs-?)", it->eta, it->eta_low);
	} else {
		snprintf(buf, sizeof buf, " no ETA");
	}
	x += draw_text(y, x, buf, 0, cols - x, it->level >= FC_WARNING ? level_attr(t, it->level)
								   : t->attr[R_VALUE]);
	snprintf(buf, sizeof buf, narrow ? "  %s left  %s" : "  left %s  eaten %s", B(it->headroom),
		 isfinite(it->rate) ? fmt_rate(it->rate, rate, sizeof rate) : "-");
	x += draw_text(y, x, buf, 0, cols - x, t->attr[R_TEXT]);
	if (it->stalled) {
		snprintf(buf, sizeof buf, "  STALLED AT LIMIT re-reading %s",
			 fmt_rate(it->reread_rate, rate, sizeof rate));
		x += draw_text(y, x, buf, 0, cols - x, t->attr[R_WARN] | A_BOLD);
	}
	if (it->thrashing)
		x += draw_text(y, x, "  THRASHING", 0, cols - x, t->attr[R_WARN] | A_BOLD);
	if (fc_held_starting(it))
		x += draw_text(y, x, "  starting", 0, cols - x, t->attr[R_TEXT]);
	if (it->driver) {
		snprintf(buf, sizeof buf, "  driver %s%d %s %.0f%%", it->driver_group ? "group " : "",
			 (int)it->driver, it->driver_group ? snapshot_group_comm(s, it->driver)
			                                   : snapshot_comm(s, it->driver),
			 it->driver_share * 100);
		x += draw_text(y, x, buf, 0, cols - x, t->attr[R_TEXT]);
	}
	if (it->victim) {
		snprintf(buf, sizeof buf, "  victim %d %s", (int)it->victim, snapshot_comm(s, it->victim));
		draw_text(y, x, buf, 0, cols - x, t->attr[R_DIM]);
	}
}

/* Is item it the limit of a cgroup that holds a watched process (in it, or
 * in a cgroup below it)? pin_cg: the watched processes' cgroup paths. */
static bool watched_item(const struct snapshot *s, const struct fc_item *it, const char **pin_cg,
                         size_t m, const pid_t *pins, size_t npins)
{
	/* a card a watched process has memory on */
	if (it->kind == FC_GPU) {
		for (size_t i = 0; i < s->ngpu_procs; i++)
			for (size_t j = 0; j < npins; j++)
				if (s->gpu_procs[i].pid == pins[j] && s->gpu_procs[i].gpu == it->gpu)
					return true;
		return false;
	}
	if (it->kind != FC_CGROUP || it->cgroup < 0 || (size_t)it->cgroup >= s->ncgroups)
		return false;
	for (size_t j = 0; j < m; j++)
		if (snap_cgroup_within(pin_cg[j], s->cgroups[it->cgroup].path))
			return true;
	return false;
}

void fcpanel_sort(const struct snapshot *s, const struct fc_item *items, size_t n,
                  const pid_t *pins, size_t npins, const struct fc_item **sorted)
{
	/* the watched processes' cgroups and cards first, as their rows are
	 * pinned on top: on a machine with many limits in alarm, the one a
	 * person watches kept its row off the panel */
	const char **pin_cg = xcalloc(npins + 1, sizeof *pin_cg);
	size_t m = 0;
	for (size_t j = 0; j < npins; j++) {
		const struct snap_proc *p = snapshot_find_proc((struct snapshot *)s, pins[j]);
		if (p && p->cgroup >= 0 && (size_t)p->cgroup < s->ncgroups)
			pin_cg[m++] = s->cgroups[p->cgroup].path;
	}
	bool *watched = xcalloc(n + 1, sizeof *watched);
	for (size_t i = 0; i < n; i++)
		watched[i] = watched_item(s, &items[i], pin_cg, m, pins, npins);
	free(pin_cg);
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		while (j > 0 && (watched[i] > watched[sorted[j - 1] - items] ||
		                 (watched[i] == watched[sorted[j - 1] - items] &&
		                  fcpanel_order(&items[i], sorted[j - 1]) < 0))) {
			sorted[j] = sorted[j - 1];
			j--;
		}
		sorted[j] = &items[i];
	}
	free(watched);
}

void fcpanel_draw(const struct theme *t, const struct layout *l, const struct snapshot *s,
                  const struct forecast *fc, const struct evlog *ev, const struct loads *ld,
                  const pid_t *pins, size_t npins)
{
	if (l->forecast_h <= 0)
		return;
	size_t n;
	const struct fc_item *items = forecast_items(fc, &n);
	const struct event *kill = evlog_last_kill(ev);
	const struct fc_item **sorted = xcalloc(n + 1, sizeof *sorted);
	fcpanel_sort(s, items, n, pins, npins, sorted);
	int rows = l->forecast_h - (kill && l->forecast_h > 1 ? 1 : 0);
	/* the loads first: what will happen, then what the trend says */
	int y = l->forecast_y;
	for (size_t i = 0; i < load_rows(ld) && y < l->forecast_y + rows; i++)
		load_row(t, y++, l->cols, s, &ld->v[i]);
	for (size_t i = 0; i < n && y < l->forecast_y + rows; i++)
		item_row(t, y++, l->cols, s, sorted[i]);
	free(sorted);
	if (kill && l->forecast_h > 1) {
		char when[16], what[EV_SCOPE_MAX + 160], buf[sizeof what + 64];
		time_t tt = (time_t)kill->t;
		struct tm tm;
		localtime_r(&tt, &tm);
		strftime(when, sizeof when, "%H:%M:%S", &tm);
		event_describe(kill, what, sizeof what);
		snprintf(buf, sizeof buf, "%s  %s  (%llu seen)", when, what,
			 (unsigned long long)evlog_kills(ev));
		draw_text(l->forecast_y + l->forecast_h - 1, 0, buf, 0, l->cols,
			  t->attr[R_GROW_UP] | A_BOLD);
	}
}
