/* sampler.c - one tick of the pipeline, and row selection; see sampler.h. */
#include "sampler.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/advice.h"
#include "analysis/events.h"
#include "analysis/growth.h"
#include "analysis/kills.h"
#include "analysis/loads.h"
#include "analysis/rsshist.h"
#include "selfguard.h"
#include "util/xalloc.h"

/* Growth is fitted over this many seconds of history. */
#define GROWTH_WINDOW_S 3.0

static const char *const key_names[SORT_NKEYS] = {
	[SORT_RSS] = "RSS", [SORT_GROWTH] = "GROWTH", [SORT_SWAP] = "SWAP",
	[SORT_OOM] = "OOM", [SORT_PID] = "PID", [SORT_NAME] = "COMMAND", [SORT_GPU] = "GPU",
};

const char *sort_key_name(enum sort_key k)
{
	return k < SORT_NKEYS ? key_names[k] : "?";
}

bool sort_key_descending(enum sort_key k)
{
	return k != SORT_PID && k != SORT_NAME;
}

static void analysis_new(struct sampler *sm)
{
	sm->growth = growth_new(GROWTH_WINDOW_S);
	sm->forecast = forecast_new(&sm->cfg);
	sm->kills = kills_new();
	sm->loads = xcalloc(1, sizeof *sm->loads);
	loads_init(sm->loads);
	sm->events = evlog_new();
	sm->advice = advice_new(sm->kb, sm->kb_warning);
}

void sampler_keep_rss_history(struct sampler *sm)
{
	if (!sm->rsshist)
		sm->rsshist = rsshist_new(RSSHIST_STEP_S);
	/* a step of 0: every sample */
	if (!sm->rss_recent)
		sm->rss_recent = rsshist_new(0);
}

void sampler_set_hook(struct sampler *sm, sampler_hook *hook, void *arg)
{
	sm->on_tick = hook;
	sm->on_tick_arg = arg;
}

static void analysis_free(struct sampler *sm)
{
	growth_free(sm->growth);
	forecast_free(sm->forecast);
	advice_free(sm->advice);
	kills_free(sm->kills);
	loads_free(sm->loads);
	free(sm->loads);
	evlog_free(sm->events);
}

void sampler_init(struct sampler *sm, struct source *src, const struct forecast_cfg *cfg,
                  const struct selfguard *guard, struct kb *kb, const char *kb_warning)
{
	memset(sm, 0, sizeof *sm);
	sm->guard = guard;
	sm->src = src;
	sm->cfg = *cfg;
	sm->kb = kb;
	sm->kb_warning = kb_warning;
	analysis_new(sm);
	snapshot_init(&sm->snap);
}

void sampler_restart(struct sampler *sm)
{
	analysis_free(sm);
	analysis_new(sm);
	if (sm->rsshist) {
		rsshist_free(sm->rsshist);
		rsshist_free(sm->rss_recent);
		sm->rsshist = NULL;
		sm->rss_recent = NULL;
		sampler_keep_rss_history(sm);
	}
	sm->rows.n = 0;
}

void sampler_free(struct sampler *sm)
{
	source_destroy(sm->src);
	analysis_free(sm);
	rsshist_free(sm->rsshist);
	rsshist_free(sm->rss_recent);
	snapshot_free(&sm->snap);
	free(sm->rows.idx);
	free(sm->rows.depth);
	free(sm->pins);
	free(sm->cg_best);
}


/* The forecast names drivers (fastest growing) and victims (largest OOM
 * badness) per cgroup, so those few need their cgroup read: the top
 * CANDIDATES by each. */
#define CANDIDATES 8

static void top_by(const struct snapshot *s, double (*key)(const struct snap_proc *, uint64_t),
                   uint64_t cap, size_t *best, size_t *n)
{
	double kb[CANDIDATES];
	*n = 0;
	for (size_t i = 0; i < s->nprocs; i++) {
		double k = key(&s->procs[i], cap);
		if (!(k > 0))
			continue;
		size_t j = *n < CANDIDATES ? (*n)++ : CANDIDATES;
		if (j == CANDIDATES) {
			if (k <= kb[CANDIDATES - 1])
				continue;
			j = CANDIDATES - 1;
		}
		while (j > 0 && kb[j - 1] < k) {
			kb[j] = kb[j - 1], best[j] = best[j - 1];
			j--;
		}
		kb[j] = k, best[j] = i;
	}
}

static double growth_key(const struct snap_proc *p, uint64_t cap)
{
	(void)cap;
	return isnan(p->growth) ? 0 : p->growth;
}

/* The largest member of each cgroup whose members are known (those under
 * a limit): its victim, which may be none of the machine's largest; read
 * in detail, the advice knows its command line (which runtime). By RSS
 * and swap: the forecast ranks them so, with oom_score_adj scaled to the
 * limit, which few set. */
static void detail_cgroup_largest(struct sampler *sm)
{
	struct snapshot *s = &sm->snap;
	if (!s->ncgroups)
		return;
	xgrow((void **)&sm->cg_best, &sm->cg_best_cap, s->ncgroups, sizeof *sm->cg_best);
	for (size_t c = 0; c < s->ncgroups; c++)
		sm->cg_best[c] = SIZE_MAX;
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		double bad = fc_badness(p, 0);
		if (p->cgroup < 0 || (size_t)p->cgroup >= s->ncgroups || !(bad > 0))
			continue;
		size_t *b = &sm->cg_best[p->cgroup];
		if (*b == SIZE_MAX || bad > fc_badness(&s->procs[*b], 0))
			*b = i;
	}
	for (size_t c = 0; c < s->ncgroups; c++)
		if (sm->cg_best[c] != SIZE_MAX)
			source_detail(sm->src, s, sm->cg_best[c]);
}

static void detail_candidates(struct sampler *sm)
{
	struct snapshot *s = &sm->snap;
	size_t best[CANDIDATES], n;
	uint64_t cap = snap_known(s->mem.total) ? s->mem.total : 0;
	top_by(s, growth_key, cap, best, &n);
	for (size_t i = 0; i < n; i++)
		source_detail(sm->src, s, best[i]);
	top_by(s, fc_badness, cap, best, &n);
	for (size_t i = 0; i < n; i++)
		source_detail(sm->src, s, best[i]);
	detail_cgroup_largest(sm);
}

/* The pinned processes (sm->pins): those still there. */
static void detail_pins(struct sampler *sm)
{
	struct snapshot *s = &sm->snap;
	for (size_t j = 0; j < sm->npins; j++)
		for (size_t i = 0; i < s->nprocs; i++)
			if (s->procs[i].pid == sm->pins[j]) {
				source_detail(sm->src, s, i);
				break;
			}
}

/* Keep the query's pins for the next ticks (detail_pins). */
static void keep_pins(struct sampler *sm, const pid_t *pins, size_t npins)
{
	xgrow((void **)&sm->pins, &sm->pins_cap, npins + 1, sizeof *sm->pins);
	if (npins)
		memcpy(sm->pins, pins, npins * sizeof *pins);
	sm->npins = npins;
}

int sampler_tick(struct sampler *sm, const char **cause)
{
	struct snapshot *s = &sm->snap;
	snapshot_reset(s);
	sm->rows.n = 0;
	if (source_sample(sm->src, s, cause) < 0)
		return -1;
	if (sm->guard && sm->guard->applied) {
		s->self.known = true;
		s->self.locked = sm->guard->locked;
		s->self.lowered = sm->guard->lowered;
		s->self.adj = sm->guard->adj == INT_MIN ? SNAP_NA_INT : sm->guard->adj;
	}
	if (sm->on_sampled)
		sm->on_sampled(sm->hook_ctx, s);
	growth_update(sm->growth, s);
	if (sm->rsshist)
		rsshist_update(sm->rsshist, s);
	if (sm->rss_recent)
		rsshist_update(sm->rss_recent, s);
	xgrow((void **)&sm->rows.idx, &sm->rows.cap, s->nprocs + 1, sizeof *sm->rows.idx);
	detail_candidates(sm);
	detail_pins(sm);
	source_finish(sm->src, s);
	evlog_tick(sm->events);
	forecast_update(sm->forecast, s);
	loads_update(sm->loads, s);
	forecast_apply_loads(sm->forecast, sm->loads);
	kills_update(sm->kills, s, sm->events);
	advice_scan_log(sm->advice, sm->events, s);
	advice_update(sm->advice, s, sm->forecast, sm->events, sm->loads);
	if (sm->on_tick)
		sm->on_tick(sm, sm->on_tick_arg);
	return 0;
}

/* Is process i among the first n rows? (n is the few pinned rows) */
static bool in_rows(const struct sampler *sm, size_t n, size_t i)
{
	for (size_t r = 0; r < n; r++)
		if (sm->rows.idx[r] == i)
			return true;
	return false;
}

/* Append the pinned processes that are not rows yet, in the order given. */
static void add_pins(struct sampler *sm, const pid_t *pins, size_t npins)
{
	struct snapshot *s = &sm->snap;
	for (size_t j = 0; j < npins; j++)
		for (size_t i = 0; i < s->nprocs; i++)
			if (s->procs[i].pid == pins[j]) {
				if (!in_rows(sm, sm->rows.n, i))
					sm->rows.idx[sm->rows.n++] = i;
				break;
			}
}

/* GPU memory users are listed even when their RSS is small (a CUDA
 * process can hold 70 GiB of VRAM with 2 GiB of RSS). */
static void add_gpu_users(struct sampler *sm)
{
	struct snapshot *s = &sm->snap;
	size_t n = sm->rows.n;
	for (size_t i = 0; i < s->nprocs; i++)
		if (snap_known(s->procs[i].gpu) && s->procs[i].gpu > 0 && !in_rows(sm, n, i))
			sm->rows.idx[sm->rows.n++] = i;
}

void sampler_select_top(struct sampler *sm, size_t top, const pid_t *pins, size_t npins)
{
	struct snapshot *s = &sm->snap;
	sm->rows.n = snapshot_top_by_rss(s, top, sm->rows.idx);
	add_pins(sm, pins, npins);
	keep_pins(sm, pins, npins);
	if (top)
		add_gpu_users(sm);
	for (size_t r = 0; r < sm->rows.n; r++)
		source_detail(sm->src, s, sm->rows.idx[r]);
}

int sampler_shown(struct sampler *sm, const char **cause)
{
	return sm->on_shown ? sm->on_shown(sm->hook_ctx, &sm->snap, cause) : 0;
}

void sampler_detail_rows(struct sampler *sm, size_t from, size_t to)
{
	for (size_t r = from; r < to && r < sm->rows.n; r++)
		source_detail(sm->src, &sm->snap, sm->rows.idx[r]);
}

/* ---- the dashboard's query ------------------------------------------------ */

struct cmp_ctx {
	const struct snapshot *s;
	enum sort_key key;
	int dir;                    /* -1 descending, +1 ascending */
};

static int cmp_u64(uint64_t a, uint64_t b)
{
	/* unknown compares below every known value */
	if (!snap_known(a) || !snap_known(b))
		return snap_known(a) - snap_known(b);
	return (a > b) - (a < b);
}

static int cmp_double(double a, double b)
{
	if (isnan(a) || isnan(b))
		return !isnan(a) - !isnan(b);
	return (a > b) - (a < b);
}

static int cmp_rows(const void *pa, const void *pb, void *vctx)
{
	const struct cmp_ctx *c = vctx;
	const struct snap_proc *a = &c->s->procs[*(const size_t *)pa];
	const struct snap_proc *b = &c->s->procs[*(const size_t *)pb];
	int r = 0;
	switch (c->key) {
	case SORT_RSS: r = cmp_u64(a->rss, b->rss); break;
	case SORT_SWAP: r = cmp_u64(a->swap, b->swap); break;
	case SORT_GPU: r = cmp_u64(a->gpu, b->gpu); break;
	case SORT_GROWTH: r = cmp_double(a->growth, b->growth); break;
	case SORT_OOM:
		r = (snap_known_int(a->oom_score) ? a->oom_score : -1) -
		    (snap_known_int(b->oom_score) ? b->oom_score : -1);
		r = (r > 0) - (r < 0);
		break;
	case SORT_NAME: r = strcmp(a->comm, b->comm); break;
	case SORT_PID:
	case SORT_NKEYS: break;
	}
	if (r == 0)   /* ties, and the PID key itself, go by pid */
		r = (a->pid > b->pid) - (a->pid < b->pid);
	return r * c->dir;
}

static bool matches(const struct snapshot *s, const struct snap_proc *p, const char *f)
{
	if (strstr(p->comm, f))
		return true;
	const char *cmd = snapshot_string(s, p->cmdline);
	return cmd && strstr(cmd, f);
}

/* ---- the tree view --------------------------------------------------------- */

struct by_ppid {
	pid_t ppid;
	size_t rank;                /* place in the sorted rows */
};

static int cmp_by_ppid(const void *pa, const void *pb)
{
	const struct by_ppid *a = pa, *b = pb;
	if (a->ppid != b->ppid)
		return (a->ppid > b->ppid) - (a->ppid < b->ppid);
	return (a->rank > b->rank) - (a->rank < b->rank);
}

static int cmp_pid_rank(const void *pa, const void *pb, void *vs)
{
	const struct snapshot *s = vs;
	pid_t a = s->procs[*(const size_t *)pa].pid, b = s->procs[*(const size_t *)pb].pid;
	return (a > b) - (a < b);
}

/* The position in bypid (rows ordered by pid) of pid, or n. */
static size_t find_pid(const struct snapshot *s, const size_t *bypid, size_t n, pid_t pid)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->procs[bypid[mid]].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && s->procs[bypid[lo]].pid == pid ? lo : n;
}

struct tree_item {
	size_t rank;
	unsigned short depth;
};

/* Reorder rows [first, n) depth first: a row whose parent is not among them
 * is a root; children follow their parent in the order they were sorted.
 * O(n log n): the rows sorted by (ppid, rank), each parent's children found
 * by binary search. */
static void make_tree(struct sampler *sm, size_t first)
{
	struct snapshot *s = &sm->snap;
	size_t n = sm->rows.n - first;
	size_t *sorted = sm->rows.idx + first;
	unsigned short *depth = sm->rows.depth + first;
	struct by_ppid *kids = xcalloc(n + 1, sizeof *kids);
	size_t *bypid = xcalloc(n + 1, sizeof *bypid);
	size_t *out = xcalloc(n + 1, sizeof *out);
	struct tree_item *stack = xcalloc(n + 1, sizeof *stack);
	bool *done = xcalloc(n + 1, sizeof *done);
	for (size_t r = 0; r < n; r++) {
		kids[r].ppid = s->procs[sorted[r]].ppid;
		kids[r].rank = r;
		bypid[r] = sorted[r];
	}
	qsort(kids, n, sizeof *kids, cmp_by_ppid);
	qsort_r(bypid, n, sizeof *bypid, cmp_pid_rank, s);
	size_t k = 0;
	for (size_t r = 0; r < n; r++) {
		const struct snap_proc *p = &s->procs[sorted[r]];
		/* not a root: its parent is shown (pid 0's "parent" is itself) */
		if (done[r] || (p->ppid > 0 && p->ppid != p->pid &&
				find_pid(s, bypid, n, p->ppid) < n))
			continue;
		size_t sp = 0;
		stack[sp++] = (struct tree_item){r, 0};
		while (sp) {
			struct tree_item cur = stack[--sp];
			if (done[cur.rank])
				continue;
			done[cur.rank] = true;
			depth[k] = cur.depth;
			out[k++] = sorted[cur.rank];
			/* its children, pushed last first so the first pops first */
			pid_t pid = s->procs[sorted[cur.rank]].pid;
			size_t lo = 0, hi = n;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (kids[mid].ppid < pid)
					lo = mid + 1;
				else
					hi = mid;
			}
			size_t end = lo;
			while (end < n && kids[end].ppid == pid)
				end++;
			unsigned short d = cur.depth < 1000 ? cur.depth + 1 : cur.depth;
			for (size_t j = end; j-- > lo;)
				if (!done[kids[j].rank] && sp < n)
					stack[sp++] = (struct tree_item){kids[j].rank, d};
		}
	}
	/* rows in a cycle of ppids have no root: after the rest, flat */
	for (size_t r = 0; r < n; r++)
		if (!done[r]) {
			depth[k] = 0;
			out[k++] = sorted[r];
		}
	memcpy(sorted, out, n * sizeof *out);
	free(kids);
	free(bypid);
	free(out);
	free(stack);
	free(done);
}

void sampler_select(struct sampler *sm, const struct row_query *q)
{
	struct snapshot *s = &sm->snap;
	bool filter = q->filter && q->filter[0];
	/* sorting by OOM score or filtering on the command line needs the
	 * details of every process: only then are they all read */
	if (q->key == SORT_OOM || filter)
		for (size_t i = 0; i < s->nprocs; i++)
			source_detail(sm->src, s, i);

	sm->rows.n = 0;
	add_pins(sm, q->pins, q->npins);
	keep_pins(sm, q->pins, q->npins);
	size_t first = sm->rows.n;
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		if (q->hide_kthreads && p->kthread)
			continue;
		if ((!filter || matches(s, p, q->filter)) && !in_rows(sm, first, i))
			sm->rows.idx[sm->rows.n++] = i;
	}
	struct cmp_ctx c = {s, q->key, (sort_key_descending(q->key) != q->reverse) ? -1 : 1};
	qsort_r(sm->rows.idx + first, sm->rows.n - first, sizeof *sm->rows.idx, cmp_rows, &c);
	sm->rows.tree = q->tree;
	if (q->tree) {
		xgrow((void **)&sm->rows.depth, &sm->rows.depth_cap, sm->rows.n + 1,
		      sizeof *sm->rows.depth);
		memset(sm->rows.depth, 0, first * sizeof *sm->rows.depth);
		make_tree(sm, first);
	}
	size_t nd = q->detail_rows && q->detail_rows < sm->rows.n ? q->detail_rows : sm->rows.n;
	for (size_t r = 0; r < nd; r++)
		source_detail(sm->src, s, sm->rows.idx[r]);
}

long sampler_find_row(struct sampler *sm, const char *needle, size_t from, int dir)
{
	size_t n = sm->rows.n;
	if (!needle || !needle[0] || n == 0)
		return -1;
	for (size_t k = 0; k < n; k++) {
		size_t r = dir < 0 ? (from + n - k % n) % n : (from + k) % n;
		source_detail(sm->src, &sm->snap, sm->rows.idx[r]);
		if (matches(&sm->snap, &sm->snap.procs[sm->rows.idx[r]], needle))
			return (long)r;
	}
	return -1;
}
