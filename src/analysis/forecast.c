/* forecast.c - time to exhaustion, driver, victim, and OOM kills.
 *
 * Headroom is what the kernel can still hand out before it must kill:
 *   ram       MemAvailable (page cache counts as free: it is reclaimed)
 *   ram+swap  MemAvailable + SwapFree (where the OOM killer acts)
 *   swap      SwapFree
 *   cgroup    effective limit - (anonymous + shared memory in it)
 * so a growing page cache (downloading a model, copying a file) never eats
 * headroom. The rate comes from trend.c; levels rise at once and fall only
 * after two calm samples, so one quiet sample in a load does not flicker. */
#include "analysis/forecast.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/trend.h"
#include "util/num.h"
#include "util/xalloc.h"

#define WINDOW_S 8.0          /* the trend's memory */
#define CALM_SAMPLES 2        /* samples at a lower level before it drops */
#define WATCH_FACTOR 10.0     /* ETA under warn_s x this: watch */
#define GROUP_MIN_GROWTH 65536.0  /* B/s: slower members do not make a group driver */

#define GPU_USERS 8           /* per card, the processes whose growth is followed */
#define GPU_MIN_RATE 1048576.0    /* B/s: slower GPU users do not drive */

struct gpu_user {
	pid_t pid;
	uint64_t used;
	double rate;              /* smoothed bytes/s */
};

struct rstate {               /* a resource's history, kept across ticks */
	char name[FC_NAME_MAX];
	bool used;                /* seen in this update */
	struct trend tr;
	enum fc_level level;
	int calm;                 /* samples in a row below level */
	struct gpu_user gu[GPU_USERS];   /* GPU items: last sample's users */
	size_t ngu;
	double gu_t;
};

struct tracked {              /* a process of the previous sample: small, */
	pid_t pid;                /* there is one for every process */
	int cg;                   /* index into prev_cg; -1 unknown */
	char comm[SNAP_COMM_MAX];
	uint64_t rss;
};

struct cg_seen {              /* a cgroup of the previous sample */
	char path[SNAP_PATH_MAX];
	uint64_t kills;
};

struct forecast {
	struct forecast_cfg cfg;
	struct rstate res[FC_MAX_ITEMS];
	struct fc_item items[FC_MAX_ITEMS];
	size_t nitems;
	/* what the previous sample said, to find OOM kills */
	bool have_prev;
	double prev_t;
	uint64_t prev_vm_kills, prev_majfault;
	uint64_t vm_debt;         /* cgroup kills the system counter has yet to show */
	struct cg_seen *prev_cg;
	size_t nprev_cg, prev_cg_cap;
	struct tracked *prev, *cur;
	size_t nprev, ncur, prev_cap, cur_cap;
	/* events */
	struct fc_event fresh[FC_MAX_ITEMS];
	size_t nfresh;
	struct fc_event log[FC_LOG_MAX];
	size_t log_head, nlog;
};

const char *fc_level_name(enum fc_level l)
{
	static const char *const names[] = {"ok", "watch", "warning", "critical"};
	return l <= FC_CRITICAL ? names[l] : "?";
}

struct forecast *forecast_new(const struct forecast_cfg *cfg)
{
	struct forecast *fc = xcalloc(1, sizeof *fc);
	fc->cfg = *cfg;
	return fc;
}

void forecast_free(struct forecast *fc)
{
	if (!fc)
		return;
	free(fc->prev);
	free(fc->cur);
	free(fc->prev_cg);
	free(fc);
}

double fc_badness(const struct snap_proc *p, uint64_t capacity)
{
	if (!snap_known(p->rss))
		return -1;
	double pts = (double)p->rss + (snap_known(p->swap) ? (double)p->swap : 0);
	if (snap_known_int(p->oom_score_adj)) {
		if (p->oom_score_adj == -1000)
			return -1;   /* never killed */
		pts += (double)p->oom_score_adj * (double)capacity / 1000.0;
	}
	return pts;
}

static struct rstate *state_for(struct forecast *fc, const char *name)
{
	struct rstate *free_slot = NULL;
	for (int i = 0; i < FC_MAX_ITEMS; i++) {
		if (fc->res[i].name[0] && strcmp(fc->res[i].name, name) == 0)
			return &fc->res[i];
		if (!fc->res[i].name[0] && !free_slot)
			free_slot = &fc->res[i];
	}
	if (!free_slot)
		return NULL;
	memset(free_slot, 0, sizeof *free_slot);
	snprintf(free_slot->name, sizeof free_slot->name, "%s", name);
	trend_init(&free_slot->tr);
	return free_slot;
}

/* Is process p inside the scope of item it? */
static bool in_scope(const struct snapshot *s, const struct fc_item *it, const struct snap_proc *p)
{
	if (it->kind != FC_CGROUP)
		return true;
	if (p->cgroup < 0)
		return false;
	const char *scope = s->cgroups[it->cgroup].path, *cg = s->cgroups[p->cgroup].path;
	size_t n = strlen(scope);
	if (strcmp(scope, "/") == 0)
		return true;
	return strncmp(cg, scope, n) == 0 && (cg[n] == '\0' || cg[n] == '/');
}

/* The victim is the kernel's own choice: the highest oom_score, which is
 * known for the candidates the sampler read (the largest by estimated
 * badness); init and oom_score 0 (unkillable) are never picked. */
static void driver_victim(const struct snapshot *s, struct fc_item *it)
{
	double best_growth = 0, best_bad = -1;
	int32_t best_score = 0;
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		if (!in_scope(s, it, p))
			continue;
		if (p->growth > best_growth)
			best_growth = p->growth, it->driver = p->pid;
		if (p->pid == 1)
			continue;
		double b = fc_badness(p, it->capacity);
		int32_t sc = snap_known_int(p->oom_score) ? p->oom_score : 0;
		if (sc > best_score || (sc == best_score && b > best_bad)) {
			if (sc == 0 && snap_known_int(p->oom_score))
				continue;   /* the kernel will not kill it */
			best_score = sc, best_bad = b, it->victim = p->pid;
		}
	}
	/* several processes of one group growing together (vLLM's engine and
	 * workers, a PyTorch launcher and its ranks): the group drives when it
	 * explains clearly more than its largest member */
	pid_t best_pgid = 0;
	double best_sum = 0;
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		if (p->pgid <= 0 || !(p->growth > GROUP_MIN_GROWTH) || !in_scope(s, it, p))
			continue;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = s->procs[j].pgid == p->pgid && s->procs[j].growth > GROUP_MIN_GROWTH &&
			       in_scope(s, it, &s->procs[j]);
		if (seen)
			continue;
		double sum = 0;
		int members = 0;
		for (size_t j = i; j < s->nprocs; j++)
			if (s->procs[j].pgid == p->pgid && s->procs[j].growth > GROUP_MIN_GROWTH &&
			    in_scope(s, it, &s->procs[j]))
				sum += s->procs[j].growth, members++;
		if (members > 1 && sum > best_sum)
			best_sum = sum, best_pgid = p->pgid;
	}
	if (best_pgid && best_sum > 1.25 * best_growth) {
		it->driver = best_pgid;
		it->driver_group = true;
		best_growth = best_sum;
	}
	if (it->driver && it->rate > 0) {
		it->driver_share = best_growth / it->rate;
		if (it->driver_share > 1)
			it->driver_share = 1;
	} else {
		it->driver = 0;
	}
}

/* A card's driver: the process whose use of it grows fastest (smoothed
 * over samples; a process that appears holding memory grew by all of it).
 * There is no OOM killer on a GPU: the allocation that fails is the one
 * being made, so the victim is the driver, else the largest user. */
static void gpu_driver(struct rstate *rs, const struct snapshot *s, struct fc_item *it)
{
	struct gpu_user now[GPU_USERS];
	size_t n = 0;
	for (size_t i = 0; i < s->ngpu_procs; i++) {
		const struct snap_gpu_proc *u = &s->gpu_procs[i];
		if (u->gpu != it->gpu || !snap_known(u->used))
			continue;
		size_t j = 0;
		while (j < n && now[j].pid != u->pid)
			j++;
		if (j == n) {
			if (n == GPU_USERS)
				continue;
			now[n++] = (struct gpu_user){.pid = u->pid};
		}
		now[j].used += u->used;
	}
	double dt = s->mono - rs->gu_t, best = 0;
	uint64_t largest = 0;
	pid_t largest_pid = 0;
	for (size_t i = 0; i < n; i++) {
		const struct gpu_user *prev = NULL;
		for (size_t j = 0; j < rs->ngu && !prev; j++)
			if (rs->gu[j].pid == now[i].pid)
				prev = &rs->gu[j];
		if (rs->gu_t > 0 && dt > 0) {
			double inst = ((double)now[i].used - (prev ? (double)prev->used : 0)) / dt;
			now[i].rate = prev ? 0.5 * prev->rate + 0.5 * inst : inst;
		}
		if (now[i].rate > best && now[i].rate >= GPU_MIN_RATE)
			best = now[i].rate, it->driver = now[i].pid;
		if (now[i].used > largest)
			largest = now[i].used, largest_pid = now[i].pid;
	}
	memcpy(rs->gu, now, n * sizeof *now);
	rs->ngu = n;
	rs->gu_t = s->mono;
	it->victim = it->driver ? it->driver : largest_pid;
	if (it->driver && it->rate > 0)
		it->driver_share = best / it->rate > 1 ? 1 : best / it->rate;
	else
		it->driver = 0;
}

static enum fc_level level_of(const struct forecast *fc, const struct fc_item *it)
{
	if (it->headroom == 0)
		return FC_CRITICAL;
	enum fc_level l = FC_OK;
	if (isfinite(it->eta)) {
		if (it->eta < fc->cfg.crit_s)
			l = FC_CRITICAL;
		else if (it->eta < fc->cfg.warn_s)
			l = FC_WARNING;
		else if (it->eta < fc->cfg.warn_s * WATCH_FACTOR)
			l = FC_WATCH;
	}
	/* little left, even if nothing eats it now */
	if (l < FC_WATCH && it->capacity && it->headroom * 20 < it->capacity)
		l = FC_WATCH;
	if (it->thrashing && l < FC_WARNING)
		l = FC_WARNING;
	return l;
}

static void add_item(struct forecast *fc, const struct snapshot *s, const char *name,
                     enum fc_kind kind, int cg, uint64_t headroom, uint64_t capacity)
{
	if (fc->nitems == FC_MAX_ITEMS || !snap_known(headroom) || !snap_known(capacity))
		return;
	struct rstate *rs = state_for(fc, name);
	if (!rs)
		return;
	rs->used = true;
	struct fc_item *it = &fc->items[fc->nitems++];
	memset(it, 0, sizeof *it);
	snprintf(it->resource, sizeof it->resource, "%s", name);
	it->kind = kind;
	it->cgroup = kind == FC_GPU ? -1 : cg;
	it->gpu = kind == FC_GPU ? cg : -1;
	it->headroom = headroom;
	it->capacity = capacity;
	/* below this a change is noise: 1/4096 of the resource, 2 MiB at least */
	double noise = dmax(2.0 * 1048576, (double)capacity / 4096);
	trend_add(&rs->tr, s->mono, (double)headroom, noise, dmax(8 * noise, (double)capacity / 100));
	struct trend_fit f;
	trend_fit(&rs->tr, WINDOW_S, noise, &f);
	it->rate = rs->tr.n >= 2 ? f.rate : NAN;
	it->eta = it->eta_low = it->eta_high = NAN;
	if (f.significant && f.rate > 0) {
		it->eta = (double)headroom / f.rate;
		it->eta_low = f.rate_high > 0 ? (double)headroom / f.rate_high : it->eta;
		it->eta_high = f.rate_low > 0 ? (double)headroom / f.rate_low : INFINITY;
		if (it->eta_low > it->eta)
			it->eta_low = it->eta;
		if (it->eta_high < it->eta)
			it->eta_high = it->eta;
	}
	if (kind == FC_RAM && fc->have_prev && s->psi.present && s->mono > fc->prev_t &&
	    snap_known(s->vm.pgmajfault) && snap_known(fc->prev_majfault)) {
		/* stalled on memory a tenth of the time while pages are read back
		 * in: thrashing, whatever MemAvailable says */
		double majrate = (double)(s->vm.pgmajfault - fc->prev_majfault) / (s->mono - fc->prev_t);
		it->thrashing = s->psi.full_avg10 >= 10.0 && majrate >= 100.0;
	}
	if (kind == FC_GPU)
		gpu_driver(rs, s, it);
	else
		driver_victim(s, it);
	enum fc_level l = level_of(fc, it);
	if (l >= rs->level) {
		rs->level = l;
		rs->calm = 0;
	} else if (++rs->calm >= CALM_SAMPLES) {
		rs->level = l;
		rs->calm = 0;
	}
	it->level = rs->level;
}

static uint64_t sub(uint64_t a, uint64_t b)
{
	return snap_known(a) && snap_known(b) ? (a > b ? a - b : 0) : SNAP_NA;
}

static uint64_t add(uint64_t a, uint64_t b)
{
	return snap_known(a) && snap_known(b) ? a + b : SNAP_NA;
}

static void items(struct forecast *fc, const struct snapshot *s)
{
	for (int i = 0; i < FC_MAX_ITEMS; i++)
		fc->res[i].used = false;
	fc->nitems = 0;
	add_item(fc, s, "ram", FC_RAM, -1, s->mem.available, s->mem.total);
	if (snap_known(s->swap.total) && s->swap.total > 0) {
		add_item(fc, s, "ram+swap", FC_RAM_SWAP, -1, add(s->mem.available, s->swap.free),
			 add(s->mem.total, s->swap.total));
		add_item(fc, s, "swap", FC_SWAP, -1, s->swap.free, s->swap.total);
	}
	for (size_t i = 0; i < s->ncgroups; i++) {
		const struct snap_cgroup *c = &s->cgroups[i];
		if (!snap_known(c->effective_limit) || !snap_known(c->usage))
			continue;
		/* what the cgroup cannot give back before it OOMs: anonymous and
		 * shared memory. Page cache is reclaimed first, and so is most
		 * kernel memory that a burst of file I/O brings (and v1's usage
		 * figure is fuzzy by design), so usage alone would make a big copy
		 * look like a load. Without memory.stat: usage less the cache. */
		uint64_t used;
		if (snap_known(c->anon))
			used = c->anon + (snap_known(c->shmem) ? c->shmem : 0);
		else
			used = sub(c->usage, sub(snap_known(c->file) ? c->file : 0,
						 snap_known(c->shmem) ? c->shmem : 0));
		char name[FC_NAME_MAX];
		snprintf(name, sizeof name, "cgroup:%s", c->path);
		add_item(fc, s, name, FC_CGROUP, (int)i, sub(c->effective_limit, used),
			 c->effective_limit);
	}
	for (size_t i = 0; i < s->ngpus; i++) {
		const struct snap_gpu *g = &s->gpus[i];
		if (g->unified || g->mig_parent || !snap_known(g->total) || !snap_known(g->used))
			continue;   /* unified memory is RAM: the ram item covers it; a
			             * card split by MIG runs out per instance */
		char name[FC_NAME_MAX];
		if (g->mig >= 0)
			snprintf(name, sizeof name, "gpu:%d/mig%d", g->index, g->mig);
		else
			snprintf(name, sizeof name, "gpu:%d", g->index);
		/* free, not total - used: NVML's v2 used leaves the reserved out */
		uint64_t head = snap_known(g->free) ? g->free : g->total > g->used ? g->total - g->used : 0;
		add_item(fc, s, name, FC_GPU, (int)i, head, g->total);
	}
	/* forget resources that left the view */
	for (int i = 0; i < FC_MAX_ITEMS; i++)
		if (!fc->res[i].used)
			fc->res[i].name[0] = '\0';
}

/* ---- OOM kills ----------------------------------------------------------- */

static void log_event(struct forecast *fc, const struct fc_event *e)
{
	if (fc->nfresh < FC_MAX_ITEMS)
		fc->fresh[fc->nfresh++] = *e;
	fc->log[fc->log_head] = *e;
	fc->log_head = (fc->log_head + 1) % FC_LOG_MAX;
	if (fc->nlog < FC_LOG_MAX)
		fc->nlog++;
}

static bool pid_alive(const struct snapshot *s, pid_t pid)
{
	return snapshot_find_proc((struct snapshot *)s, pid) != NULL;
}

/* The largest process of the previous sample that is gone now, within
 * scope ("" = anywhere), not yet blamed; NULL when none. */
static struct tracked *vanished(struct forecast *fc, const struct snapshot *s, const char *scope)
{
	struct tracked *best = NULL;
	size_t n = strlen(scope);
	for (size_t i = 0; i < fc->nprev; i++) {
		struct tracked *t = &fc->prev[i];
		if (t->pid <= 0 || pid_alive(s, t->pid))
			continue;
		/* in scope, or of unknown cgroup (only listed processes' are read) */
		const char *cg = t->cg >= 0 ? fc->prev_cg[t->cg].path : NULL;
		if (n && cg && !(strncmp(cg, scope, n) == 0 && (cg[n] == '\0' || cg[n] == '/')))
			continue;
		if (!best || t->rss > best->rss)
			best = t;
	}
	return best;
}

static void blame(struct forecast *fc, const struct snapshot *s, const char *scope,
                  uint64_t count)
{
	for (uint64_t k = 0; k < count && k < 8; k++) {
		struct fc_event e;
		memset(&e, 0, sizeof e);
		e.t = s->t;
		e.type = EV_OOM_KILL;
		e.rss = SNAP_NA;
		snprintf(e.scope, sizeof e.scope, "%s", scope[0] ? scope : "system");
		/* the kernel's own line names the victim exactly */
		for (size_t j = 0; j < s->nkills; j++)
			if (s->kills[j].pid > 0 && !s->kills[j].claimed) {
				e.pid = s->kills[j].pid;
				snprintf(e.comm, sizeof e.comm, "%s", s->kills[j].comm);
				e.rss = s->kills[j].rss;
				e.kernel_log = true;
				((struct snapshot *)s)->kills[j].claimed = true;
				break;
			}
		if (!e.kernel_log) {
			struct tracked *t = vanished(fc, s, scope);
			if (t) {
				e.pid = t->pid;
				snprintf(e.comm, sizeof e.comm, "%s", t->comm);
				e.rss = t->rss;
				t->pid = -t->pid;   /* blamed once */
			}
		}
		if (e.kernel_log && e.rss == SNAP_NA)
			for (size_t i = 0; i < fc->nprev; i++)
				if (fc->prev[i].pid == e.pid || fc->prev[i].pid == -e.pid)
					e.rss = fc->prev[i].rss;
		log_event(fc, &e);
	}
}

static void events(struct forecast *fc, const struct snapshot *s)
{
	fc->nfresh = 0;
	if (fc->have_prev) {
		uint64_t cg_total = 0;
		for (size_t i = 0; i < s->ncgroups; i++) {
			const struct snap_cgroup *c = &s->cgroups[i];
			for (size_t j = 0; j < fc->nprev_cg; j++)
				if (strcmp(fc->prev_cg[j].path, c->path) == 0 && snap_known(c->oom_kills) &&
				    snap_known(fc->prev_cg[j].kills) && c->oom_kills > fc->prev_cg[j].kills) {
					uint64_t d = c->oom_kills - fc->prev_cg[j].kills;
					blame(fc, s, c->path, d);
					cg_total += d;
				}
		}
		/* system-wide kills the cgroups in view do not explain. The two
		 * counters are read at different moments of a sample: a cgroup kill
		 * may reach vm.oom_kill only in the next one, so it is owed. */
		fc->vm_debt += cg_total;
		if (snap_known(s->vm.oom_kills) && snap_known(fc->prev_vm_kills) &&
		    s->vm.oom_kills > fc->prev_vm_kills) {
			uint64_t d = s->vm.oom_kills - fc->prev_vm_kills;
			uint64_t paid = d < fc->vm_debt ? d : fc->vm_debt;
			fc->vm_debt -= paid;
			if (d > paid)
				blame(fc, s, "", d - paid);
		}
	}
	/* remember this sample for the next */
	fc->have_prev = true;
	fc->prev_t = s->mono;
	fc->prev_vm_kills = s->vm.oom_kills;
	fc->prev_majfault = s->vm.pgmajfault;
	/* the cgroups keep the snapshot's indexes, so tracked[].cg can use them */
	xgrow((void **)&fc->prev_cg, &fc->prev_cg_cap, s->ncgroups + 1, sizeof *fc->prev_cg);
	fc->nprev_cg = s->ncgroups;
	for (size_t i = 0; i < s->ncgroups; i++) {
		memcpy(fc->prev_cg[i].path, s->cgroups[i].path, SNAP_PATH_MAX);
		fc->prev_cg[i].kills = s->cgroups[i].oom_kills;
	}
	fc->ncur = 0;
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		if (!snap_known(p->rss) || p->rss == 0)
			continue;   /* kernel threads and the unreadable are never victims */
		xgrow((void **)&fc->cur, &fc->cur_cap, fc->ncur + 1, sizeof *fc->cur);
		struct tracked *t = &fc->cur[fc->ncur++];
		t->pid = p->pid;
		memcpy(t->comm, p->comm, sizeof t->comm);
		t->rss = p->rss;
		t->cg = p->cgroup;
	}
	struct tracked *tp = fc->prev;
	size_t tc = fc->prev_cap;
	fc->prev = fc->cur, fc->nprev = fc->ncur, fc->prev_cap = fc->cur_cap;
	fc->cur = tp, fc->cur_cap = tc, fc->ncur = 0;
}

void forecast_update(struct forecast *fc, const struct snapshot *s)
{
	if (fc->have_prev && s->mono == fc->prev_t)
		return;   /* the dashboard selects rows again without a new sample */
	items(fc, s);
	events(fc, s);
}

const struct fc_item *forecast_items(const struct forecast *fc, size_t *n)
{
	*n = fc->nitems;
	return fc->items;
}

void forecast_add_event(struct forecast *fc, const struct fc_event *e)
{
	log_event(fc, e);
}

const struct fc_event *forecast_new_events(const struct forecast *fc, size_t *n)
{
	*n = fc->nfresh;
	return fc->fresh;
}

const struct fc_event *forecast_log(const struct forecast *fc, size_t i, size_t *n)
{
	*n = fc->nlog;
	if (i >= fc->nlog)
		return NULL;
	return &fc->log[(fc->log_head + FC_LOG_MAX - fc->nlog + i) % FC_LOG_MAX];
}
