/* forecast.c - time to exhaustion, driver and victim for every resource.
 *
 * Headroom is what the kernel can still hand out before it must kill:
 *   ram       MemAvailable (page cache counts as free: it is reclaimed)
 *   ram+swap  MemAvailable + SwapFree (where the OOM killer acts)
 *   swap      SwapFree
 *   cgroup    effective limit - (anonymous + shared memory in it)
 * so a growing page cache (downloading a model, copying a file) never eats
 * headroom. The rate comes from trend.h (trend*.c); a load that takes memory a
 * whole chunk at a time runs out at the first chunk that does not fit
 * (chunks.c), not where the headroom reaches zero. Levels rise at once; they fall
 * only with hysteresis: after two calm samples, MIN_HOLD_S after they were
 * reached (unless nothing is eaten any more, or the ETA is now twice the
 * threshold: a CRITICAL with a minute left is not shown), and only when the ETA is
 * LEAVE_FACTOR beyond the threshold that raised them, so a forecast near a threshold does not flip every few
 * seconds (issue 12). A level is never CRITICAL without an ETA: a held
 * CRITICAL whose ETA went away shows WARNING until it may fall. An OOM kill
 * in the resource's scope ends the episode: its level falls at once. */
#include "analysis/forecast.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/bursts.h"
#include "analysis/chunks.h"
#include "analysis/lifepace.h"
#include "analysis/runpace.h"
#include "analysis/loads.h"
#include "analysis/room.h"
#include "analysis/trend.h"
#include "util/num.h"
#include "util/xalloc.h"

#define WINDOW_S 8.0          /* the trend's memory */
#define AGREE_RUN 0.1         /* the runs' pace and another within this share agree */
#define CALM_SAMPLES 2        /* samples at a lower level before it drops */
#define MIN_HOLD_S 1.5        /* a level reached is held at least this long */
#define LEAVE_FACTOR 1.1      /* ETA beyond threshold x this to fall below it */
#define FAR_FACTOR 2.0        /* ETA beyond threshold x this: no least hold */
/* a load slowing down that will take less than this share of what is
 * left stops short of the limit: it clears an alarm (never raises one) */
#define SLOWING_SHARE 0.75
/* ... and is still taken to stop short for this long after it was last
 * seen so, unless the rate rises again */
#define SLOWING_KEEP_S 10.0
#define SLOWING_RISE 1.1
#define WATCH_FACTOR 10.0     /* ETA under warn_s x this: watch */
#define GROUP_MIN_GROWTH 65536.0  /* B/s: slower members do not make a group driver */
/* Growth by processes in their first seconds: a program's start (its
 * libraries, a heap, a runtime's arenas) is the commonest fast ramp and
 * almost never its end, and a warning less than this before a kill cannot
 * be acted on anyway. Measured on bench/scenarios.sh: every false alarm
 * of the slow leak, the two growers, fast reads, the sudden allocation
 * and page cache was a load's start (16-144 MiB at 50-120 MiB/s, an ETA
 * of 3-13 s), while the kills those shapes end in come from processes a
 * minute old. A load whose end is known is judged from its footprint
 * (forecast_apply_loads), young or not. */
#define START_GRACE_S 2.0     /* a process this young is starting */
/* ... and one older, up to START_MAX_S, while the time left is more than
 * START_ODDS x its age (see young_for) */
#define START_MAX_S 15.0
#define START_ODDS 1.0
#define START_END_SAMPLES 2
#define KILL_FREE_S 2.0       /* a free this close to an OOM kill is the kill's */
#define START_SHARE 0.5       /* of the rate: starting processes drive it */
#define START_MIN_AGE_S 0.1   /* a process's rate since birth: over this at least */

#define GPU_USERS 8           /* per card, the processes whose growth is followed */
#define GPU_MIN_RATE 1048576.0    /* B/s: slower GPU users do not drive */
/* At its limit: usage within this of the limit (or this share of it) ... */
#define AT_LIMIT_BYTES (8.0 * 1048576)
#define AT_LIMIT_SHARE 0.02
/* ... reading back what it evicted at least this fast, through page faults
 * (mapped files such as mmap'd weights, swapped anonymous memory), for
 * this long: stalled. A copy reads with read(2): pages it wrote and that
 * were evicted come back once, without faults, and are never read again;
 * that is the page cache doing its job. Readahead and fault-around bring
 * 16 or more pages a fault, so a mapping re-read faults for 1 page in 16
 * to 50 (measured here: 2 %); a copy for 1 in 1,500. */
#define REREAD_MIN_RATE (1.0 * 1048576)
#define REREAD_MIN_FAULTS 200.0       /* page faults a second ... */
#define REREAD_FAULT_SHARE 0.005      /* ... and this share of the pages read back */
#define REREAD_HOLD_S 1.5

struct gpu_user {
	pid_t pid;
	uint64_t used;
	double rate;              /* smoothed bytes/s */
};

struct rstate {               /* a resource's history, kept across ticks */
	char *name;               /* NULL: a free slot; the items point at it */
	bool used;                /* seen in this update */
	struct trend tr;
	enum fc_level level;
	double level_t;           /* when level was reached */
	double slow_t, slow_rate; /* last seen slowing to a stop short of the limit, at that rate */
	uint64_t capacity;        /* the last sample's; 0 none yet */
	int calm;                 /* samples in a row below level */
	struct gpu_user gu[GPU_USERS];   /* GPU items: last sample's users */
	size_t ngu;
	double gu_t;
	/* cgroup items: the reclaim counters of the last sample */
	uint64_t refaults, faults;
	double refault_t;
	double reread_since;      /* at the limit, re-reading since; 0 not */
	uint64_t oom_kills;       /* the scope's OOM-kill counter, last sample; SNAP_NA none */
	double kill_t;            /* when that counter last rose; 0 never */
	bool starting;            /* the last sample's starting */
	int unstarted;            /* samples in a row not starting since it was */
	/* the bursts' model of a slow creep (bursts_paused): when it was last
	 * read (0 never) and when it said the headroom runs out */
	double bursts_t, bursts_at;
	/* its first sample (under this capacity): the headroom then */
	double head0;
	bool head0_set;
};

/* Items and their states grow with what is in view: every limited cgroup
 * and every card gets its forecast, however many there are. */
struct forecast {
	struct forecast_cfg cfg;
	struct rstate *res;
	size_t nres, res_cap;
	struct fc_item *items;
	size_t nitems, items_cap;
	/* what the previous sample said */
	bool have_prev;
	double prev_t;
	uint64_t prev_majfault;
	struct lifepace *life;    /* the processes of the first sample */
	struct runpace *runs;     /* each process's run of steady growth */
};

const char *fc_level_name(enum fc_level l)
{
	static const char *const names[] = {"ok", "watch", "warning", "critical"};
	return l <= FC_CRITICAL ? names[l] : "?";
}

bool fc_held_starting(const struct fc_item *it)
{
	return it->starting && isfinite(it->eta) && it->level <= FC_WATCH;
}

struct forecast *forecast_new(const struct forecast_cfg *cfg)
{
	struct forecast *fc = xcalloc(1, sizeof *fc);
	fc->cfg = *cfg;
	fc->life = lifepace_new();
	fc->runs = runpace_new();
	return fc;
}

void forecast_free(struct forecast *fc)
{
	if (!fc)
		return;
	for (size_t i = 0; i < fc->nres; i++)
		free(fc->res[i].name);
	free(fc->res);
	free(fc->items);
	lifepace_free(fc->life);
	runpace_free(fc->runs);
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
	for (size_t i = 0; i < fc->nres; i++) {
		if (fc->res[i].name && strcmp(fc->res[i].name, name) == 0)
			return &fc->res[i];
		if (!fc->res[i].name && !free_slot)
			free_slot = &fc->res[i];
	}
	if (!free_slot) {
		xgrow((void **)&fc->res, &fc->res_cap, fc->nres + 1, sizeof *fc->res);
		free_slot = &fc->res[fc->nres++];
	}
	memset(free_slot, 0, sizeof *free_slot);
	free_slot->name = xstrdup(name);
	trend_init(&free_slot->tr);
	free_slot->oom_kills = SNAP_NA;
	return free_slot;
}

/* Is process p inside the scope of item it? */
static bool in_scope(const struct snapshot *s, const struct fc_item *it, const struct snap_proc *p)
{
	if (it->kind != FC_CGROUP)
		return true;
	if (p->cgroup < 0)
		return false;
	return snap_cgroup_within(s->cgroups[p->cgroup].path, s->cgroups[it->cgroup].path);
}

/* The victim is the kernel's own choice. For the machine, the highest
 * oom_score, which is known for the candidates the sampler read (the
 * largest by estimated badness, so the top one among them). For a cgroup,
 * the kernel ranks its members by badness with oom_score_adj scaled to the
 * cgroup's limit; oom_score is scaled to the machine and known only for
 * the few processes read in detail, so a small member read in detail must
 * not outrank a large one that was not: badness alone decides there. Init
 * and oom_score 0 (unkillable) are never picked. */
static void driver_victim(const struct snapshot *s, struct fc_item *it)
{
	double best_growth = 0, best_bad = -1;
	int32_t best_score = 0;
	bool by_score = it->kind != FC_CGROUP;
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		if (!in_scope(s, it, p))
			continue;
		if (p->growth > best_growth)
			best_growth = p->growth, it->driver = p->pid;
		if (p->pid == 1)
			continue;
		if (snap_known_int(p->oom_score) && p->oom_score == 0)
			continue;   /* the kernel will not kill it */
		double b = fc_badness(p, it->capacity);
		int32_t sc = by_score && snap_known_int(p->oom_score) ? p->oom_score : 0;
		if (sc > best_score || (sc == best_score && b > best_bad))
			best_score = sc, best_bad = b, it->victim = p->pid;
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
	/* with others' processes hidden (hidepid), the largest we see is not
	 * the killer's choice: unknown, rather than oomcast itself */
	if (s->procs_partial)
		it->victim = 0;
	if (it->driver && it->rate > 0) {
		it->driver_share = best_growth / it->rate;
		if (it->driver_share > 1)
			it->driver_share = 1;
	} else {
		it->driver = 0;
	}
}

/* Is a process of this age, eating a resource that runs out in eta
 * seconds, still starting? In its first START_GRACE_S seconds, always.
 * After that, a growth that has lasted age seconds goes on for another eta
 * seconds with odds of about age / (age + eta) (Gott's rule: nothing known
 * of how long it lasts but how long it has lasted). A young process is
 * alarmed once those odds reach 1 in (1 + START_ODDS), an ETA of at most
 * START_ODDS x its age, and at START_MAX_S old whatever they are: one that
 * would fill its limit T seconds after it started is held at WATCH, its ETA
 * shown, until it is T / 2 old (2 s at least) or 15 s, the earlier, and a
 * sample more (started); before, until 2 s. The shapes it was made for (a
 * garbage collector's first cycle, a build's jobs, a load that slows to a
 * stop: bench/HISTORY.md) each raised an alarm just as the
 * fixed grace ended, and none of them was about to kill. */
static bool young_for(double age, double eta)
{
	if (age < START_GRACE_S)
		return true;
	return age < START_MAX_S && isfinite(eta) && eta > START_ODDS * age;
}

/* Do processes young for its ETA (young_for) eat most of it? A young
 * process's rate is its growth, or in its first START_GRACE_S seconds its
 * size over its age where that is more (seen once, or born in the window). */
static bool starting_of(const struct snapshot *s, const struct fc_item *it)
{
	if (!(it->rate > 0))
		return false;
	double young = 0, old = 0;
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		if (p->kthread || !in_scope(s, it, p))
			continue;
		double age = snap_proc_age(s, p);
		if (!young_for(age, it->eta)) {
			old += p->growth > 0 ? p->growth : 0;
			continue;
		}
		double g = p->growth > 0 ? p->growth : 0;
		if (age < START_GRACE_S && snap_known(p->anon))
			/* in its first seconds, what it made since birth: the
			 * resource's rate spans the window, the birth with it, and
			 * a program touches its base at once (16 MiB in its first
			 * 0.2 s, then 25 MiB/s: a rate of 58 MiB/s in the window
			 * that its growth alone, 25, did not explain). Not the
			 * libraries it maps, already in the page cache; a fork's
			 * copy-on-write pages do count in its RssAnon from birth,
			 * so not later either: a server forked a minute ago, or a
			 * 10 s old process that took 1 GiB at birth and holds it,
			 * never hides an older process's leak */
			g = dmax(g, ((double)p->anon + (snap_known(p->shmem) ? (double)p->shmem : 0)) /
			            dmax(age, START_MIN_AGE_S));
		young += g;
	}
	/* the young make most of it, and more than the old grow beside them
	 * (a stream of short jobs beside a leak does not hide the leak) */
	return young >= START_SHARE * it->rate && young >= START_SHARE * (young + old);
}

/* A start ends after START_END_SAMPLES samples in a row without it: a
 * build's job as old as the time left (1.5 s) counts as grown up for one
 * sample, then exits, and that one sample raised an alarm the level's hold
 * kept for 1.5 s. A start that has really ended is alarmed a sample later. */
static bool started(struct rstate *rs, bool now)
{
	if (now || !rs->starting)
		rs->unstarted = 0;
	else if (++rs->unstarted < START_END_SAMPLES)
		now = true;
	rs->starting = now;
	return now;
}

/* Is all the growth in this resource's scope held by tighter memory
 * cgroups below it, with less than half its headroom left in them all?
 * Then it ends at those limits, by a kill or by reclaim, long before this
 * resource runs out: no ETA from it. The demo's load in a 300 MiB cgroup
 * put RAM (23 GiB available) at WARNING, "ETA 54 s": the cgroup reclaiming
 * its page cache while the load's anonymous memory grew moved MemAvailable
 * by 450 MB/s. Any growing process outside such a cgroup, or in one not
 * known, and the trend stands. */
#define CAP_MIN_GROWTH (1024.0 * 1024)   /* B/s: a process growing */
static bool capped_below(const struct snapshot *s, const struct fc_item *it)
{
	int seen[16];
	size_t nseen = 0;
	double room = 0;
	bool any = false;
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		if (!(p->growth > CAP_MIN_GROWTH) || !in_scope(s, it, p))
			continue;
		any = true;
		if (p->cgroup < 0 || (size_t)p->cgroup >= s->ncgroups ||
		    (it->kind == FC_CGROUP && p->cgroup == it->cgroup))
			return false;
		const struct snap_cgroup *c = &s->cgroups[p->cgroup];
		if (!snap_known(c->effective_limit) || !snap_known(c->usage) ||
		    (it->kind == FC_CGROUP && c->effective_limit >= it->capacity))
			return false;
		bool dup = false;
		for (size_t j = 0; j < nseen && !dup; j++)
			dup = seen[j] == p->cgroup;
		if (dup)
			continue;
		if (nseen == sizeof seen / sizeof *seen)
			return false;
		seen[nseen++] = p->cgroup;
		/* an ancestor's limit with this cgroup's usage: room overstated,
		 * which only makes the cap rarer */
		room += c->effective_limit > c->usage ? (double)(c->effective_limit - c->usage) : 0;
	}
	return any && room < 0.5 * (double)it->headroom;
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
	double t_now = snap_when(s->gpus_mono, s->mono);
	double dt = t_now - rs->gu_t, best = 0;
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
	rs->gu_t = t_now;
	it->victim = it->driver ? it->driver : largest_pid;
	if (it->driver && it->rate > 0)
		it->driver_share = best / it->rate > 1 ? 1 : best / it->rate;
	else
		it->driver = 0;
}

/* A cgroup at its limit that reads back what it just evicted. */
static void stall_of(struct rstate *rs, const struct snapshot *s, const struct snap_cgroup *c,
                     double when, struct fc_item *it)
{
	it->reread_rate = NAN;
	if (!snap_known(c->refaults) || !snap_known(c->faults)) {
		rs->reread_since = 0;
		return;
	}
	double faults = NAN, pages = NAN;
	if (rs->refault_t > 0 && when > rs->refault_t && c->refaults >= rs->refaults &&
	    c->faults >= rs->faults) {
		double page = s->page_size ? s->page_size : 4096, dt = when - rs->refault_t;
		pages = (double)(c->refaults - rs->refaults) / dt;
		it->reread_rate = pages * page;
		faults = (double)(c->faults - rs->faults) / dt;
	}
	rs->refaults = c->refaults;
	rs->faults = c->faults;
	rs->refault_t = when;
	double lim = (double)c->effective_limit;
	bool at_limit = snap_known(c->usage) && snap_known(c->effective_limit) &&
	                (double)c->usage >= lim - dmax(AT_LIMIT_BYTES, AT_LIMIT_SHARE * lim);
	if (at_limit && it->reread_rate >= REREAD_MIN_RATE && faults >= REREAD_MIN_FAULTS &&
	    faults >= REREAD_FAULT_SHARE * pages) {
		if (rs->reread_since == 0)
			rs->reread_since = when;
	} else {
		rs->reread_since = 0;
	}
	it->stalled = rs->reread_since > 0 && when - rs->reread_since >= REREAD_HOLD_S;
}

/* The ETA under which a level is reached. */
static double threshold_of(const struct forecast *fc, enum fc_level l)
{
	return l == FC_CRITICAL ? fc->cfg.crit_s : l == FC_WARNING ? fc->cfg.warn_s
	     : fc->cfg.warn_s * WATCH_FACTOR;
}

/* The level for the item's ETA with the thresholds times factor (1 to
 * rise, LEAVE_FACTOR to judge whether a level may fall). */
static enum fc_level level_of(const struct forecast *fc, const struct fc_item *it, double factor)
{
	if (it->headroom == 0)
		return FC_CRITICAL;
	enum fc_level l = FC_OK;
	if (isfinite(it->eta)) {
		if (it->eta < fc->cfg.crit_s * factor)
			l = FC_CRITICAL;
		else if (it->eta < fc->cfg.warn_s * factor)
			l = FC_WARNING;
		else if (it->eta < fc->cfg.warn_s * WATCH_FACTOR * factor)
			l = FC_WATCH;
	}
	/* eaten at a pace that would empty it within the warning time, with
	 * no firm ETA (a pause, a load slowing down): not OK */
	if (l < FC_WATCH && it->rate > 0 && (double)it->headroom < it->rate * fc->cfg.warn_s * factor)
		l = FC_WATCH;
	/* little left, even if nothing eats it now */
	if (l < FC_WATCH && it->capacity && it->headroom * 20 < it->capacity)
		l = FC_WATCH;
	/* a program starting: watched, not alarmed (but a fresh process
	 * that has filled it is) */
	if (it->starting && l > FC_WATCH && it->headroom > 0)
		l = FC_WATCH;
	if ((it->thrashing || it->stalled) && l < FC_WARNING)
		l = FC_WARNING;
	return l;
}

/* The headroom into the resource's history, at the time it was read
 * (returned): the history begun again under a new limit, and the frees
 * near a kill in its scope forgotten. */
static double item_history(struct rstate *rs, const struct snapshot *s, enum fc_kind kind, int cg,
                           uint64_t headroom, uint64_t capacity, double noise)
{
	/* a new limit (raised after a kill, lowered by hand): the headroom
	 * jumps by the change, which is no free and no load, and the frees
	 * and pace seen under the old limit say nothing of the new one (the
	 * demo's limit raised by 145 MiB after its kill read as a second
	 * free: cyclic, a rate of -3.6 MiB/s while the next load ate
	 * 100 MiB/s). The history starts again. */
	if (rs->capacity && rs->capacity != capacity) {
		trend_init(&rs->tr);
		rs->slow_t = 0;
		rs->starting = false;
		rs->unstarted = 0;
		rs->head0_set = false;
	}
	rs->capacity = capacity;
	/* the time its figures were read: a cgroup's come after the process
	 * scan, which takes half a second on a busy machine */
	double when = kind == FC_CGROUP ? snap_when(s->cgroups[cg].mono, s->mono)
	            : kind == FC_GPU ? snap_when(s->gpus_mono, s->mono) : s->mono;
	trend_add(&rs->tr, when, (double)headroom, noise, trend_reset((double)capacity));
	if (!rs->head0_set)
		rs->head0 = (double)headroom, rs->head0_set = true;
	/* a kill in its scope: what came back was no cycle of a garbage
	 * collector. The counter may rise a sample before the free shows, and
	 * a free may be read over two samples: frees within KILL_FREE_S of a
	 * kill are forgotten */
	uint64_t kills = kind == FC_CGROUP ? s->cgroups[cg].oom_kills : kind == FC_GPU ? SNAP_NA
	               : s->vm.oom_kills;
	if (snap_known(kills) && snap_known(rs->oom_kills) && kills > rs->oom_kills)
		rs->kill_t = when;
	rs->oom_kills = kills;
	if (rs->kill_t > 0 && when - rs->kill_t <= KILL_FREE_S)
		trend_forget_frees(&rs->tr);
	return when;
}

/* The fit bettered by the bursts' model, where the load works and pauses
 * in turn. */
static void item_bursts(struct rstate *rs, double when, uint64_t headroom, double noise,
                        struct trend_fit *f)
{
	/* working and pausing in turn: its pace over whole periods, in its
	 * pauses too, and it runs out inside a burst (bursts.c) */
	struct bursts bu;
	if (!f->cyclic && !isfinite(f->stairs_eta) && !isfinite(f->peak_eta) &&
	    bursts_read(&rs->tr, when, (double)headroom, noise, &bu)) {
		f->rate = bu.rate;
		f->rate_low = bu.rate_low;
		f->rate_high = bu.rate_high;
		f->significant = true;
		f->ramp = false;
		f->remaining = NAN;
		f->stairs_eta = bursts_eta(&bu, when, (double)headroom);
	} else if ((f->rules & TREND_R_SLOW) && !isfinite(f->stairs_eta) && !isfinite(f->peak_eta) &&
	           !(f->rules & TREND_R_IMMINENT)) {
		/* ... a creep too slow for its moves to show its bursts; while a
		 * buffer is held (the spike rule's low point), when it last said,
		 * for as long as a buffer may be held (the spike rule's ETA
		 * from the line, 70 s where the model's said 58: the alarm broke
		 * off; 0.2 MiB/s working 30 s and pausing 40, a 4 MiB buffer in
		 * every other pause) */
		if (!isfinite(f->low) && bursts_paused(&rs->tr, when, (double)headroom, noise, &bu)) {
			f->stairs_eta = bursts_eta(&bu, when, (double)headroom);
			rs->bursts_t = when;
			rs->bursts_at = when + f->stairs_eta;
		} else if (isfinite(f->low) && rs->bursts_t > 0 && when - rs->bursts_t <= TREND_SPIKE_S) {
			f->stairs_eta = dmax(rs->bursts_at - when, 0);
		}
	}
}

static bool in_item(const struct snapshot *s, const struct snap_proc *p, const void *it)
{
	return in_scope(s, it, p);
}

/* Opened on a leak already under way: before the curve can tell (the
 * window blind to a creep under the noise, the long view 10 s away), the
 * pace its processes kept all their lives, where they have kept it since
 * the first sample (lifepace.h), have grown since by two of the headroom's
 * noises at least (less is what the curve calls no change: a 64 GiB
 * machine's RAM jitters by 16 MiB), and the headroom went down by what
 * they grew, less a noise (another process giving back as much: no say;
 * an item first seen later has lost less since than they grew since the
 * first sample: no say; swap that stays while RAM goes: no say either). */
static void item_life(struct forecast *fc, struct rstate *rs, const struct snapshot *s,
                      const struct fc_item *it, uint64_t headroom, double noise, struct trend_fit *f)
{
	struct lifepace_read lr;
	if (f->significant || f->cyclic || it->kind == FC_GPU ||
	    !lifepace_read(fc->life, s, in_item, it, &lr) || lr.moved < 2 * noise ||
	    rs->head0 - (double)headroom < lr.moved - noise)
		return;
	f->rate = lr.pace;
	f->rate_low = dmin(lr.pace, lr.since);
	f->rate_high = dmax(lr.pace, lr.since);
	f->significant = true;
	f->ramp = false;
	f->rules |= TREND_R_LIFE;
}

/* A creep the curve has not timed yet (under the noise, or begun just
 * after a step that started the curve again): the pace of its processes'
 * runs of steady growth (runpace.h), where they grew by two of the
 * headroom's noises at least (less is what the curve calls no change) and
 * the headroom went down by what they grew since the earliest began, and
 * at their pace over the last RUNPACE_MIN_S, less a noise each (another
 * process giving back as much, or a headroom that stood still while a run
 * had not yet read as stopped: no say). Its range: that pace and the
 * headroom's own fall since the earliest run began (or since the history
 * does: a run older than that is judged at its pace over what it holds). */
static void item_run(struct forecast *fc, struct rstate *rs, const struct snapshot *s,
                     const struct fc_item *it, double when, uint64_t headroom, double noise,
                     struct trend_fit *f)
{
	struct runpace_read rr;
	/* the slow view's rate too, where the runs have kept a pace all the
	 * history long (below) that the headroom's fall agrees with and the
	 * slow view's does not: its means of 30 s and more still held a
	 * load's last seconds beside the creep (0.45-0.6 MiB/s for 0.4, the
	 * ETA 14 % short to the kill; bench/scenarios.sh slowing, its second
	 * run of 2026-12-06) */
	bool refine = f->significant && (f->rules & TREND_R_SLOW) && !(f->rules & TREND_R_IMMINENT) &&
	              !f->ramp && !isfinite(f->stairs_eta) && !isfinite(f->peak_eta);
	if ((f->significant && !refine) || f->cyclic || it->kind == FC_GPU ||
	    !runpace_read(fc->runs, s, in_item, it, &rr) || rr.moved < 2 * noise || !(when > rr.since))
		return;
	/* not where the curve reads a load slowing to a stop (its runs' pace
	 * lags that as the window's would: a decelerating load's last MiB
	 * read at 1.5 MiB/s, WARNING on and off with 40 s "left") */
	bool slowing = isfinite(f->remaining) || (rs->slow_t > 0 && when - rs->slow_t < SLOWING_KEEP_S);
	if (slowing)
		return;
	/* a run older than the history (a creep from a load's start, 40 s
	 * and more): judged over what the history holds, at its pace */
	double from = rr.since, grew = rr.moved;
	bool older = !isfinite(trend_headroom_at(&rs->tr, from));
	if (older) {
		from = trend_oldest(&rs->tr);
		grew = rr.pace * (when - from);
		if (grew < 2 * noise)
			return;   /* too little of it in the history to judge */
	}
	/* ... and the slow view's only from runs older than the history:
	 * a run since a creep's last pause is no pace of its pauses too (a
	 * creep working 30 s and pausing 30 read at its working pace: 10 s
	 * of false alarm a run) */
	if (refine && !older)
		return;
	double fell = trend_headroom_at(&rs->tr, from) - (double)headroom;
	double recent = trend_headroom_at(&rs->tr, when - RUNPACE_MIN_S) - (double)headroom;
	if (!(fell >= grew - noise) || !(recent >= rr.pace * RUNPACE_MIN_S - noise) || !(when > from))
		return;
	double since = fell / (when - from);
	if (refine && (!(fabs(since - rr.pace) <= AGREE_RUN * rr.pace) ||
	               fabs(f->rate - rr.pace) <= AGREE_RUN * rr.pace))
		return;
	f->rate = rr.pace;
	f->rate_low = dmin(rr.pace, since);
	f->rate_high = dmax(rr.pace, since);
	f->rules |= TREND_R_RUN;
	if (refine)
		return;   /* the slow view's room for spikes stands */
	f->significant = true;
	f->ramp = false;
}

/* The ETA and its range from the fit: along the line, at a staircase's
 * step or a sawtooth's peak, or at the first chunk that does not fit. */
static void item_eta(struct fc_item *it, struct rstate *rs, enum fc_kind kind, uint64_t headroom,
                     const struct trend_fit *f)
{
	it->eta = it->eta_low = it->eta_high = NAN;
	/* frees come again and again: it runs out when the trend of the low
	 * points reaches zero, not when this cycle's ramp would; a creep under
	 * spikes, when the next spike no longer fits */
	double base = isfinite(f->low) ? dmax(f->low, 0) : (double)headroom;
	if (f->significant && f->rate > 0) {
		it->eta = base / f->rate;
		it->eta_low = f->rate_high > 0 ? base / f->rate_high : it->eta;
		it->eta_high = f->rate_low > 0 ? base / f->rate_low : INFINITY;
		/* a staircase runs out at its step, a sawtooth at its peak, not
		 * along the line */
		double at = isfinite(f->stairs_eta) ? f->stairs_eta : f->peak_eta;
		struct chunks ch;
		if (isfinite(at)) {
			it->eta = at;
		} else if (kind == FC_CGROUP && !f->ramp && !f->cyclic && !isfinite(f->low) &&
		           chunks_read(&rs->tr, &ch) && chunks_at(&ch, f->rate)) {
			/* a chunk at a time: it runs out at the first that does
			 * not fit, up to a chunk's time before zero (a cgroup's
			 * charge fails so; its margin was read from cgroup kills).
			 * At their own pace (chunks.h): a line through the samples
			 * between them reads where the steps fall among its
			 * samples (a MiB a second read at 0.98-0.99 by the long
			 * view, its WARNING a MiB late: bench/scenarios.sh
			 * cold-creep); not where the slow view timed it, over 30 s
			 * and more of means, or a process's run of steady growth,
			 * each more exact than the window's few chunks
			 * (bench/scenarios.sh slowing: the creep after the load,
			 * 0.4 MiB/s, read at 0.396-0.406 from them, its alarm a
			 * second too soon or too late; at 0.398 beside its run's
			 * 0.399, the ETA 0.5 s long at the minute's mark) */
			double pace = !(f->rules & (TREND_R_SLOW | TREND_R_RUN)) ? ch.rate : f->rate;
			it->eta = chunks_eta(&ch, base, pace);
			it->rate = pace;
			it->eta_low = f->rate_high > 0 ? chunks_eta(&ch, base, f->rate_high) : it->eta;
			it->eta_high = f->rate_low > 0 ? chunks_eta(&ch, base, f->rate_low) : INFINITY;
		}
		/* the range holds the ETA, whichever rule gave it */
		it->eta_low = dmin(it->eta_low, it->eta);
		it->eta_high = dmax(it->eta_high, it->eta);
	}
}

/* Slowing down so that it stops short of the limit: no ETA, and the level
 * may fall at once (true). */
static bool item_stops_short(struct rstate *rs, struct fc_item *it, const struct trend_fit *f,
                             double when, uint64_t headroom)
{
	/* slowing down so that it stops short of the limit: no alarm (unless
	 * it is stalled at its limit: then reclaim is what slows it) */
	bool stops_short = isfinite(f->remaining) && f->remaining < SLOWING_SHARE * (double)headroom &&
	                   !it->stalled && !it->thrashing && headroom > 0;
	if (stops_short) {
		rs->slow_t = when;
		rs->slow_rate = f->rate;
	} else if (rs->slow_t > 0 && when - rs->slow_t < SLOWING_KEEP_S && !f->cyclic &&
	           f->rate <= SLOWING_RISE * rs->slow_rate && !it->stalled && !it->thrashing &&
	           headroom > 0) {
		stops_short = true;   /* still slowing: one half-window's jitter does not undo it */
	} else {
		rs->slow_t = 0;
	}
	if (stops_short)
		it->eta = it->eta_low = it->eta_high = NAN;
	return stops_short;
}

/* The level with hysteresis: up at once, down only to what the leaving
 * thresholds allow, after the calm samples and the least hold. */
static void item_level(struct forecast *fc, struct rstate *rs, struct fc_item *it, double when,
                       bool stops_short)
{
	enum fc_level l = level_of(fc, it, 1.0);
	if (l >= rs->level) {
		if (l > rs->level || rs->level_t == 0)
			rs->level_t = when;
		rs->level = l;
		rs->calm = 0;
	} else {
		/* falls only to what the leaving thresholds allow, after the calm
		 * samples and the least hold */
		enum fc_level stay = level_of(fc, it, LEAVE_FACTOR);
		enum fc_level to = stay > l ? (stay < rs->level ? stay : rs->level) : l;
		/* an OOM kill in its scope just now ended what the level warned
		 * of: it falls at once (held, it showed "WARNING, no ETA" beside
		 * an emptied cgroup) */
		bool killed = rs->kill_t > 0 && when - rs->kill_t <= KILL_FREE_S;
		if (stops_short || killed)
			to = l;
		if (killed && to < rs->level) {
			rs->level = to;
			rs->level_t = when;
			rs->calm = 0;
		} else if (to >= rs->level) {
			rs->calm = 0;
		} else if (++rs->calm >= CALM_SAMPLES &&
		           (when - rs->level_t >= MIN_HOLD_S || !isfinite(it->eta) ||
		            it->eta > FAR_FACTOR * threshold_of(fc, rs->level))) {
			rs->level = to;
			rs->level_t = when;
			rs->calm = 0;
		}
	}
	it->level = rs->level;
	if (it->level == FC_CRITICAL && !isfinite(it->eta))
		it->level = FC_WARNING;
}

static void add_item(struct forecast *fc, const struct snapshot *s, const char *name,
                     enum fc_kind kind, int cg, uint64_t headroom, uint64_t capacity)
{
	if (!snap_known(headroom) || !snap_known(capacity))
		return;
	struct rstate *rs = state_for(fc, name);
	rs->used = true;
	xgrow((void **)&fc->items, &fc->items_cap, fc->nitems + 1, sizeof *fc->items);
	struct fc_item *it = &fc->items[fc->nitems++];
	memset(it, 0, sizeof *it);
	it->resource = rs->name;
	it->kind = kind;
	it->cgroup = kind == FC_GPU ? -1 : cg;
	it->gpu = kind == FC_GPU ? cg : -1;
	it->headroom = headroom;
	it->capacity = capacity;
	double noise = trend_noise((double)capacity);
	double when = item_history(rs, s, kind, cg, headroom, capacity, noise);
	struct trend_fit f;
	trend_fit(&rs->tr, WINDOW_S, noise, &f);
	item_bursts(rs, when, headroom, noise, &f);
	item_life(fc, rs, s, it, headroom, noise, &f);
	item_run(fc, rs, s, it, when, headroom, noise, &f);
	it->rate = rs->tr.n >= 2 || f.cyclic ? f.rate : NAN;
	/* a creep seen but not yet timed: its pace shown, no ETA (WATCH at
	 * most, where it would empty the resource within the warning time) */
	if (!f.significant && isfinite(f.seen) && !(it->rate >= f.seen))
		it->rate = f.seen;
	item_eta(it, rs, kind, headroom, &f);
	it->rules = f.rules;
	if (kind == FC_RAM && fc->have_prev && s->psi.present && s->mono > fc->prev_t &&
	    snap_known(s->vm.pgmajfault) && snap_known(fc->prev_majfault)) {
		/* stalled on memory a tenth of the time while pages are read back
		 * in: thrashing, whatever MemAvailable says */
		double majrate = (double)(s->vm.pgmajfault - fc->prev_majfault) / (s->mono - fc->prev_t);
		it->thrashing = s->psi.full_avg10 >= 10.0 && majrate >= 100.0;
	}
	/* nothing left is an ETA of now: never CRITICAL without an ETA */
	if (headroom == 0)
		it->eta = it->eta_low = it->eta_high = 0;
	it->reread_rate = NAN;
	if (kind == FC_CGROUP)
		stall_of(rs, s, &s->cgroups[cg], when, it);
	if (kind == FC_GPU)
		gpu_driver(rs, s, it);
	else
		driver_victim(s, it);
	if (it->kind != FC_GPU)
		it->starting = started(rs, starting_of(s, it));
	if (it->kind != FC_GPU && capped_below(s, it))
		it->eta = it->eta_low = it->eta_high = NAN;
	item_level(fc, rs, it, when, item_stops_short(rs, it, &f, when, headroom));
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
	for (size_t i = 0; i < fc->nres; i++)
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
		uint64_t used = room_cgroup_used(c);
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
	/* forget resources that left the view (no item of this update points
	 * at their names) */
	for (size_t i = 0; i < fc->nres; i++)
		if (!fc->res[i].used) {
			free(fc->res[i].name);
			fc->res[i].name = NULL;
		}
}

void forecast_update(struct forecast *fc, const struct snapshot *s)
{
	if (fc->have_prev && s->mono == fc->prev_t)
		return;   /* the dashboard selects rows again without a new sample */
	lifepace_sample(fc->life, s);
	runpace_sample(fc->runs, s);
	items(fc, s);
	fc->have_prev = true;
	fc->prev_t = s->mono;
	fc->prev_majfault = s->vm.pgmajfault;
}

const struct fc_item *forecast_items(const struct forecast *fc, size_t *n)
{
	*n = fc->nitems;
	return fc->items;
}

static bool load_in(const struct fc_item *it, const struct load *ld)
{
	return strcmp(it->resource, ld->scope) == 0 || (it->kind == FC_RAM && strcmp(ld->scope, "ram") == 0);
}

/* The load an item's figures come from: its driver's; else a load that will
 * not fit there: one held at the limit (reclaiming, or between two of its
 * allocations) grows no more and drives nothing, and will still not fit. */
static const struct load *load_of(const struct fc_item *it, const struct loads *l)
{
	const struct load *ld = it->driver && !it->driver_group ? loads_find(l, it->driver) : NULL;
	if (ld)
		return ld;
	for (size_t j = 0; l && j < l->n; j++)
		if (l->v[j].verdict == LV_WONT_FIT && load_in(it, &l->v[j]))
			return &l->v[j];
	/* a process group drives (a script and the loader it started): its
	 * load, when it is in the group */
	for (size_t j = 0; l && it->driver_group && j < l->n; j++)
		if (l->v[j].pgid == it->driver && l->v[j].verdict != LV_UNKNOWN)
			return &l->v[j];
	/* nothing drives it now (a pause, a level held from before): the
	 * load in its scope, if there is one */
	for (size_t j = 0; l && !it->driver && j < l->n; j++)
		if (l->v[j].verdict != LV_UNKNOWN && load_in(it, &l->v[j]))
			return &l->v[j];
	return NULL;
}

/* The verdict of a load's part that this item holds: a load with layers on
 * a GPU (loads.h) has one for its RAM part and one per GPU judged; a GPU
 * item takes only a verdict on that card. */
static enum load_verdict verdict_for(const struct fc_item *it, const struct load *ld)
{
	if (it->kind == FC_GPU) {
		for (size_t k = 0; ld->split_known && k < ld->ngpus; k++)
			if (ld->gpu_idx[k] == it->gpu)
				return ld->gpu_verdict[k];
		return LV_UNKNOWN;
	}
	return ld->split_known ? ld->ram_verdict : ld->verdict;
}

/* A load that has taken clearly more than its footprint (a leak, a cache
 * the runtime keeps after the load) is past what its verdict knows: what
 * it eats now is a trend like any other, forecast as such. The footprint
 * is an upper bound (the runtime's allowance is the most it was measured
 * to take), so the margin is for its slack, not its error. */
#define OUTGROWN_SHARE 0.1
#define OUTGROWN_MIN (64.0 * 1048576)
static bool load_outgrown(const struct load *ld)
{
	return ld->fp_known &&
	       (double)ld->loaded > (double)ld->fp.total +
	                            dmax(OUTGROWN_MIN, OUTGROWN_SHARE * (double)ld->fp.total);
}

void forecast_apply_loads(struct forecast *fc, const struct loads *l)
{
	for (size_t i = 0; i < fc->nitems; i++) {
		struct fc_item *it = &fc->items[i];
		const struct load *ld = load_of(it, l);
		enum load_verdict v = ld ? verdict_for(it, ld) : LV_UNKNOWN;
		if (v == LV_UNKNOWN)
			continue;
		if (v != LV_WONT_FIT && it->kind != FC_GPU && load_outgrown(ld))
			continue;
		it->load = ld->pid;
		it->load_fits = v != LV_WONT_FIT;
		/* its end is known: no guess from its age, now or in the
		 * sample after it (started's debounce) */
		it->starting = false;
		state_for(fc, it->resource)->starting = false;
		/* a loaded llama-server whose prompt cache may outgrow the room:
		 * what it eats now is that cache, a trend to forecast */
		bool cache_grows = load_cache_grows(ld);
		if (it->load_fits && !cache_grows) {
			/* it ends inside the room: what is eaten now is not a
			 * trend, and an ETA from it would be a false figure */
			if (it->level > FC_WATCH)
				it->level = FC_WATCH;
			it->eta = it->eta_low = it->eta_high = NAN;
		} else if (it->kind == FC_GPU || load_in(it, ld)) {
			/* out when the load has taken what is left, at its pace (on
			 * a GPU: its free memory, the item's headroom) */
			uint64_t left = it->kind == FC_GPU ? it->headroom
			              : ld->room > ld->loaded ? ld->room - ld->loaded : 0;
			if (it->rate > 0) {
				double eta = (double)(left < it->headroom ? left : it->headroom) / it->rate;
				it->eta = eta;
				if (!(it->eta_low <= eta))
					it->eta_low = eta;
				if (!(it->eta_high >= eta))
					it->eta_high = eta;
			}
			/* CRITICAL only with an ETA. With no rate yet (its first
			 * samples, a pause, held at the limit while reclaim makes
			 * room) the verdict says it will run out, not when: its
			 * pace since it started or was first seen would be a guess
			 * (a runtime parses for seconds before it loads; one held
			 * at its limit sat there 3 s in the demo's recording before
			 * the kill, where that pace said 0.4 s). So WARNING, still
			 * an alarm, until the trend gives a rate (three samples
			 * of a ramp); nothing left is an ETA of 0, so CRITICAL. */
			if (isfinite(it->eta))
				it->level = FC_CRITICAL;
			else if (it->level < FC_WARNING)
				it->level = FC_WARNING;
		}
	}
}
