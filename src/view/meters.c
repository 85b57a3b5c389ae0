/* meters.c - the header: RAM split so that page cache reads as reclaimable,
 * with "available" marked, swap, the tightest cgroup limit, and pressure. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/room.h"
#include "util/cgname.h"
#include "util/fmt.h"
#include "util/num.h"
#include "view/draw.h"
#include "view/panels.h"

/* the header has room for IEC names: "23.5 GiB" */
#define B(v) fmt_bytes_iec((v), (char[16]){0}, 16)

static uint64_t sub(uint64_t a, uint64_t b)
{
	return snap_known(a) && snap_known(b) && a >= b ? a - b : SNAP_NA;
}

/* Draw a bar of segments: "[" cells "]" at (y, x) with inner width w. */
static void bar(const struct theme *t, int y, int x, int w, const uint64_t *parts,
                const int *roles, const char *const *glyph, int n, uint64_t total,
                const char *fill)
{
	int cells[8], c = 0;
	layout_bar(parts, n, total, w, cells);
	mvaddstr(y, x, "[");
	move(y, x + 1);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < cells[i] && c < w; k++, c++) {
			attron(t->attr[roles[i]]);
			addstr(glyph[i]);
			attroff(t->attr[roles[i]]);
		}
	attron(t->attr[R_FREE]);
	for (; c < w; c++)
		addstr(fill);
	attroff(t->attr[R_FREE]);
	addstr("]");
}

static void ram(const struct theme *t, const struct layout *l, const struct snapshot *s)
{
	const struct snap_mem *m = &s->mem;
	/* Cached includes shmem (tmpfs lives in the page cache) */
	uint64_t cache = sub(m->cached + (snap_known(m->buffers) ? m->buffers : 0), m->shmem);
	uint64_t known = 0;
	uint64_t parts[5] = {m->anon, m->shmem, cache, 0, m->free};
	for (int i = 0; i < 5; i++)
		if (i != 3 && snap_known(parts[i]))
			known += parts[i];
	parts[3] = sub(m->total, known);   /* kernel: slab, page tables, ... */
	static const int roles[5] = {R_ANON, R_SHMEM, R_CACHE, R_DIM, R_FREE};
	const char *glyph[5] = {t->g->seg_anon, t->g->seg_shmem, t->g->seg_cache,
				t->g->seg_other, t->g->seg_free};
	char right[64];
	snprintf(right, sizeof right, " %s used / %s", B(sub(m->total, m->available)), B(m->total));
	int rw = draw_width(right);
	int w = l->cols - 4 - 2 - rw;
	draw_text(l->ram_y, 0, "RAM", 0, 4, t->attr[R_LABEL]);
	bar(t, l->ram_y, 4, w, parts, roles, glyph, 5, m->total, t->g->seg_free);
	draw_text(l->ram_y, l->cols - rw, right, 0, rw, t->attr[R_VALUE]);

	/* where "available" begins, and the legend, on the row below */
	int y = l->avail_y;
	char av[48];
	snprintf(av, sizeof av, "%s available %s", t->g->avail_mark, B(m->available));
	if (y < 0)
		return;
	uint64_t used = sub(m->total, m->available);
	int pos = 5;
	if (snap_known(used) && m->total)
		pos = 5 + (int)((double)used / (double)m->total * w);
	if (pos > l->cols - draw_width(av))
		pos = l->cols - draw_width(av);
	int avw = draw_text(y, pos, av, 0, l->cols - pos, t->attr[R_AVAIL]);
	/* the legend goes left of the marker when it fits there, else right */
	struct { const char *name; uint64_t v; int role; const char *g; } leg[] = {
		{"anon", m->anon, R_ANON, t->g->seg_anon},
		{"shm", m->shmem, R_SHMEM, t->g->seg_shmem},
		{"cache", cache, R_CACHE, t->g->seg_cache},
		/* the rest: slab, page tables, stacks, ... (the bar's grey part;
		 * named, so that the legend adds up to the total) */
		{"kernel", parts[3], R_DIM, t->g->seg_other},
		{"free", m->free, R_FREE, t->g->seg_free},
	};
	int lw = 0;
	for (size_t i = 0; i < sizeof leg / sizeof leg[0]; i++) {
		char item[40];
		snprintf(item, sizeof item, "%s %s ", leg[i].name, B(leg[i].v));
		lw += draw_width(item) + 1;
	}
	int x = 4, stop = pos;
	if (4 + lw >= pos)
		x = pos + avw + 3, stop = l->cols;
	for (size_t i = 0; i < sizeof leg / sizeof leg[0]; i++) {
		char item[40];
		snprintf(item, sizeof item, "%s %s ", leg[i].name, B(leg[i].v));
		int iw = draw_width(item) + 1;
		if (x + iw > stop)
			break;
		/* a coloured square names the colour; without colour, the glyph */
		const char *key = !t->color ? leg[i].g : t->utf8 ? "\u25a0" : "#";
		draw_text(y, x, key, 0, 1, t->attr[leg[i].role] | (t->color ? 0 : A_BOLD));
		draw_text(y, x + 1, item, 0, iw - 1, t->attr[R_TEXT]);
		x += iw;
	}
}

static void swap(const struct theme *t, const struct layout *l, const struct snapshot *s)
{
	draw_text(l->swap_y, 0, "Swp", 0, 4, t->attr[R_LABEL]);
	if (!snap_known(s->swap.total) || s->swap.total == 0) {
		draw_text(l->swap_y, 4, "no swap", 0, l->cols - 4, t->attr[R_DIM]);
		return;
	}
	uint64_t used = sub(s->swap.total, s->swap.free);
	char right[64];
	snprintf(right, sizeof right, " %s used / %s", B(used), B(s->swap.total));
	int rw = draw_width(right);
	static const int roles[1] = {R_SWAP};
	const char *glyph[1] = {t->g->seg_swap};
	bar(t, l->swap_y, 4, l->cols - 6 - rw, &used, roles, glyph, 1, s->swap.total, t->g->seg_free);
	draw_text(l->swap_y, l->cols - rw, right, 0, rw, t->attr[R_VALUE]);
}

/* A cgroup that had an OOM kill this recently keeps its meter, though the
 * pinned process it was shown for is gone (the kill took it). */
#define KILL_KEEPS_METER_S 120.0

static bool pinned(pid_t pid, const pid_t *pins, size_t npins)
{
	for (size_t j = 0; j < npins; j++)
		if (pins[j] == pid)
			return true;
	return false;
}

/* Where processes are pinned, only the kill of one of them counts: another
 * container's kill (its cgroup emptied, at its limit: the least room) took
 * the meter from the cgroup whose pinned loader had just been killed, on a
 * machine running another test suite beside it */
static bool recent_kill_in(const struct evlog *ev, const char *path, double now,
                           const pid_t *pins, size_t npins)
{
	size_t n = 0;
	if (ev)
		evlog_at(ev, 0, &n);
	for (size_t i = n; i-- > 0;) {
		const struct event *e = evlog_at(ev, i, &n);
		if (now - e->t > KILL_KEEPS_METER_S)
			break;
		if (e->type == EV_OOM_KILL && strcmp(e->scope, path) == 0 &&
		    (npins == 0 || pinned(e->pid, pins, npins)))
			return true;
	}
	return false;
}

/* The limited cgroup with the least room among oomcast's own, the pinned
 * processes' and those of a recent kill (with with_alarmed, the alarmed
 * one too); *watched: whether one of them is a pinned process's or its
 * kill's. -1 when none. */
static int least_room(const struct snapshot *s, const pid_t *pins, size_t npins,
                      const struct evlog *ev, int alarmed, bool with_alarmed, bool *watched)
{
	int best = -1;
	uint64_t best_room = 0;
	*watched = false;
	for (size_t i = 0; i < s->ncgroups; i++) {
		const struct snap_cgroup *c = &s->cgroups[i];
		if (!snap_known(c->effective_limit) || !snap_known(c->usage))
			continue;
		/* (a cgroup at CRITICAL got its meter only once its kill came) */
		bool mine = recent_kill_in(ev, c->path, s->t, pins, npins);
		for (size_t j = 0; j < npins && !mine; j++) {
			const struct snap_proc *p = snapshot_find_proc((struct snapshot *)s, pins[j]);
			mine = p && p->cgroup == (int)i;
		}
		if (mine && npins > 0)
			*watched = true;
		if (!mine && (int)i != s->self_cgroup && !(with_alarmed && (int)i == alarmed))
			continue;
		uint64_t room = sub(c->effective_limit, c->usage);
		if (!snap_known(room))
			room = 0;
		if (best < 0 || room < best_room)
			best = (int)i, best_room = room;
	}
	return best;
}

int meters_pick_cgroup(const struct snapshot *s, const pid_t *pins, size_t npins,
                       const struct evlog *ev, int alarmed)
{
	/* Where a pinned process (or its kill) has a limited cgroup, the
	 * meter follows it: another limit in alarm has its forecast row
	 * (beside another test suite's cgroup at its limit, the pinned
	 * loader's cgroup emptied by its kill lost its meter). Else, a pin
	 * that exited or sits under no limit, the alarmed one may take it. */
	bool watched;
	int best = least_room(s, pins, npins, ev, alarmed, false, &watched);
	if (watched)
		return best;
	return least_room(s, pins, npins, ev, alarmed, true, &watched);
}

static void cgroup_row(const struct theme *t, const struct layout *l, const struct snapshot *s,
                       int i)
{
	const struct snap_cgroup *c = &s->cgroups[i];
	/* used as the forecast counts it (what the cgroup cannot give back),
	 * as the RAM row's used leaves MemAvailable out: "used" and the
	 * forecast's "left" add up to the limit; the page cache, which the
	 * limit reclaims first, is the bar's cache part */
	uint64_t used = room_cgroup_used(c);
	if (!snap_known(used))
		used = c->usage;
	char right[64];
	snprintf(right, sizeof right, " %s used / %s", B(used), B(c->effective_limit));
	int rw = draw_width(right);
	draw_text(l->cgroup_y, 0, "Cg", 0, 4, t->attr[R_LABEL]);
	char desc[SNAP_PATH_MAX + 64], kills[40], name[SNAP_PATH_MAX];
	snprintf(kills, sizeof kills, "  oom kills %llu",
		 snap_known(c->oom_kills) ? (unsigned long long)c->oom_kills : 0ULL);
	/* the bar takes half the width; the path and OOM kills the rest, the
	 * path at least a container's short id and the mark (14), from the
	 * bar where the screen is narrow */
	int w = (l->cols - 4 - rw) / 2;
	int fixed = 5 + draw_width(kills);   /* "  v1 " and the kills */
	if (l->cols - 4 - w - rw - fixed < 14)
		w = l->cols - 4 - rw - fixed - 14;
	if (w < 8)
		w = 8;
	static const int roles[2] = {R_ANON, R_CACHE};
	const char *glyph[2] = {t->g->seg_anon, t->g->seg_cache};
	uint64_t parts[2] = {used, sub(c->usage, used)};
	if (!snap_known(parts[1]))
		parts[1] = 0;
	bar(t, l->cgroup_y, 4, w - 2, parts, roles, glyph, 2, c->effective_limit, t->g->seg_free);
	draw_text(l->cgroup_y, 4 + w, right, 0, rw, t->attr[R_VALUE]);
	/* the path shortened from the left (a container's short id kept),
	 * never cut silently at the edge */
	int pw = l->cols - 4 - w - rw - fixed;
	cgname_short(c->path, pw > 8 ? pw : 8, t->utf8 ? "\u2026" : "~", 1, name, sizeof name);
	snprintf(desc, sizeof desc, "  v%d %s%s", (int)c->version, name, kills);
	draw_text(l->cgroup_y, 4 + w + rw, desc, 0, l->cols - 4 - w - rw,
		  snap_known(c->oom_kills) && c->oom_kills ? t->attr[R_WARN] : t->attr[R_TEXT]);
}

/* One GPU a row: its memory as a bar, used / total, then its name. */
static void gpu_row(const struct theme *t, const struct layout *l, int y, const struct snap_gpu *g,
                    int namew)
{
	char label[8], right[96];
	if (g->mig >= 0)
		snprintf(label, sizeof label, "G%d.%d", g->index % 100, g->mig % 10);
	else
		snprintf(label, sizeof label, "G%d", g->index % 1000);
	draw_text(y, 0, label, 0, 4, t->attr[R_LABEL]);
	if (g->lost || g->unified || !snap_known(g->total)) {
		char buf[160];
		if (g->lost)
			snprintf(buf, sizeof buf, "not answering (lost)  %s", g->name);
		else
			snprintf(buf, sizeof buf, "no memory of its own: uses system RAM, processes hold %s  %s",
				 B(g->procs_known ? g->procs_used : SNAP_NA), g->name);
		draw_text(y, 5, buf, 0, l->cols - 5, g->lost ? t->attr[R_WARN] : t->attr[R_DIM]);
		return;
	}
	/* NVML's v2 "used" leaves the driver's reserve out: show it apart */
	uint64_t res = snap_known(g->reserved) ? g->reserved : 0;
	uint64_t parts[2] = {g->used, res};
	static const int roles[2] = {R_ANON, R_DIM};
	const char *glyph[2] = {t->g->seg_anon, t->g->seg_other};
	snprintf(right, sizeof right, " %s / %s", B(snap_known(g->used) ? g->used + res : SNAP_NA),
		 B(g->total));
	int rw = draw_width(right);
	/* the bars line up, with the longest name after them when it fits */
	int w = l->cols - 4 - 2 - rw - (l->cols >= 100 ? namew : 0);
	if (w < 10)
		w = l->cols - 4 - 2 - rw;
	bar(t, y, 4, w, parts, roles, glyph, 2, g->total, t->g->seg_free);
	draw_text(y, 4 + w + 2, right, 0, rw, t->attr[R_VALUE]);
	if (4 + w + 2 + rw + 2 < l->cols)
		draw_text(y, 4 + w + 2 + rw + 2, g->name, 0, l->cols - (4 + w + 2 + rw + 2),
			  g->mig_parent ? t->attr[R_DIM] : t->attr[R_TEXT]);
}

static void info(const struct theme *t, const struct layout *l, const struct snapshot *s,
                 const struct tui_info *in, const struct tui_state *st)
{
	int y = l->info_y, x = 0;
	char buf[160];
	x += draw_text(y, x, "PSI ", 0, l->cols - x, t->attr[R_LABEL]);
	if (s->psi.present)
		snprintf(buf, sizeof buf, "some %.1f%% full %.1f%%  ", s->psi.some_avg10,
			 s->psi.full_avg10);
	else
		snprintf(buf, sizeof buf, "n/a  ");
	bool pressure = s->psi.present && s->psi.full_avg10 >= 1.0;
	x += draw_text(y, x, buf, 0, l->cols - x, pressure ? t->attr[R_WARN] : t->attr[R_VALUE]);
	x += draw_text(y, x, "OOM kills ", 0, l->cols - x, t->attr[R_LABEL]);
	uint64_t since = sub(s->vm.oom_kills, in->oom_kills_start);
	snprintf(buf, sizeof buf, "%llu since start  ",
		 snap_known(since) ? (unsigned long long)since : 0ULL);
	x += draw_text(y, x, buf, 0, l->cols - x,
		       snap_known(since) && since ? t->attr[R_WARN] : t->attr[R_VALUE]);
	x += draw_text(y, x, "Tasks ", 0, l->cols - x, t->attr[R_LABEL]);
	snprintf(buf, sizeof buf, "%zu  ", s->nprocs);
	x += draw_text(y, x, buf, 0, l->cols - x, t->attr[R_VALUE]);
	/* 0.25 s is not 0.2 s: two decimals below a second where it has them */
	snprintf(buf, sizeof buf, "every %.*fs", st->delay < 1 && num_fmod(st->delay * 100, 10) > 0.5 ? 2 : 1, st->delay);
	x += draw_text(y, x, buf, 0, l->cols - x, t->attr[R_DIM]);
	if (st->paused)
		draw_text(y, x, "  PAUSED", 0, l->cols - x, t->attr[R_WARN] | A_REVERSE);
}

void meters_draw(const struct theme *t, const struct layout *l, const struct snapshot *s,
                 const struct tui_info *in, const struct tui_state *st)
{
	ram(t, l, s);
	swap(t, l, s);
	if (l->cgroup_y >= 0 && in->cgroup >= 0 && (size_t)in->cgroup < s->ncgroups)
		cgroup_row(t, l, s, in->cgroup);
	int namew = 0;
	for (int i = 0; i < l->gpu_h && (size_t)i < s->ngpus; i++)
		if (draw_width(s->gpus[i].name) + 2 > namew)
			namew = draw_width(s->gpus[i].name) + 2;
	for (int i = 0; i < l->gpu_h && (size_t)i < s->ngpus; i++)
		gpu_row(t, l, l->gpu_y + i, &s->gpus[i], namew);
	info(t, l, s, in, st);
}
