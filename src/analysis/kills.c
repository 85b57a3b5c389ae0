/* kills.c - OOM kills reconciled from three kinds of evidence; see kills.h.
 *
 * Each kill is a token that collects its evidence: the kernel's report, the
 * counter of the deepest memory cgroup that counted it, and the machine's
 * counter. A token with the kernel's report and a known scope is an event at
 * once; any other waits GRACE_S (and at least one more sample) for the rest,
 * because the counters and /dev/kmsg are read at different moments. */
#include "analysis/kills.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define GRACE_S 0.5           /* how long evidence waits for its partners */
#define KEEP_S 30.0           /* how long a token stays to be matched */
#define LOW_FRACTION 0.03     /* RAM+swap left under this share of RAM ... */
#define LOW_BYTES (64ull << 20)  /* ... or under this: the machine was out */
#define NEAR_LIMIT 0.9        /* a cgroup this full was at its limit */
#define MATCH_LATE_S 5.0      /* a report this late still belongs to its counters */
/* a report's time may come this long after the sample's last stamped read
 * where the time /dev/kmsg was read is not known (a recording before 1.10) */
#define REPORT_AFTER_S 0.5

struct tracked {              /* a process of the previous sample */
	pid_t pid;
	int cg;                   /* index into prev_cg; -1 unknown */
	char comm[SNAP_COMM_MAX];
	uint64_t rss;
};

struct token {
	double t;                 /* monotonic, when first seen */
	bool kernel, cg, vm;      /* the evidence it has */
	bool emitted;
	char cg_path[EV_SCOPE_MAX];   /* the deepest cgroup whose counter rose */
	bool cg_near_limit;       /* that cgroup was close to its limit just before */
	bool machine_low;         /* the machine was nearly out just before */
	struct tracked guess;     /* a counter's victim: the largest that vanished
	                           * in its scope when the counter rose; pid 0 none */
	char task_memcg[EV_SCOPE_MAX];   /* the report's victim cgroup; "" unknown */
	struct event ev;
};


struct cg_seen {
	size_t path;              /* offset of its path in its sample's names */
	uint64_t kills;
	bool near_limit;          /* in use: at least NEAR_LIMIT of its effective limit */
};

struct kills {
	struct token *tok;
	size_t ntok, tok_cap;
	bool have_prev;
	double prev_mono;
	uint64_t prev_vm;
	bool prev_low;            /* the machine was nearly out of memory */
	/* the cgroups of the previous sample, their paths one after another
	 * in prev_names (a path buffer in each was 8 KiB a cgroup, prev and
	 * cur: 2 MiB on a node of 250 containers) */
	struct cg_seen *prev_cg, *cur_cg;
	size_t nprev_cg, prev_cg_cap, cur_cg_cap;
	struct strbuf prev_names, cur_names;
	struct tracked *prev, *cur;
	size_t nprev, prev_cap, cur_cap;
};

struct kills *kills_new(void)
{
	return xcalloc(1, sizeof(struct kills));
}

void kills_free(struct kills *k)
{
	if (!k)
		return;
	free(k->tok);
	free(k->prev_cg);
	free(k->cur_cg);
	sb_free(&k->prev_names);
	sb_free(&k->cur_names);
	free(k->prev);
	free(k->cur);
	free(k);
}

static struct tracked *vanished(struct kills *k, const struct snapshot *s, const char *dir);

static struct token *new_token(struct kills *k, const struct snapshot *s)
{
	xgrow((void **)&k->tok, &k->tok_cap, k->ntok + 1, sizeof *k->tok);
	struct token *t = &k->tok[k->ntok++];
	memset(t, 0, sizeof *t);
	t->t = s->mono;
	t->ev.t = s->t;
	t->ev.type = EV_OOM_KILL;
	t->ev.source = EVS_COUNTER;
	t->ev.rss = UINT64_MAX;
	t->machine_low = k->prev_low;
	return t;
}

/* Who vanished in dir (NULL: anywhere) since the last sample: the guess
 * for a counter that rose, taken now, while the last sample is at hand. */
static void guess_victim(struct kills *k, const struct snapshot *s, struct token *t,
                         const char *dir)
{
	struct tracked *v = vanished(k, s, dir);
	if (!v)
		return;
	t->guess = *v;
	v->pid = -v->pid;   /* blamed once */
}

static void emit(struct token *t, struct evlog *log)
{
	if (!t->emitted)
		evlog_append(log, &t->ev);
	t->emitted = true;
}

/* ---- the kernel's reports -------------------------------------------------- */

static void kernel_event(struct token *t, const struct oom_kill *r)
{
	struct event *e = &t->ev;
	e->source = EVS_KERNEL_LOG;
	e->pid = r->pid;
	memcpy(e->comm, r->comm, sizeof e->comm);
	e->rss = r->rss;
	e->constraint = r->constraint;
	switch (r->constraint) {
	case OOMC_NONE:
	case OOMC_CPUSET:
	case OOMC_MEMORY_POLICY:
		snprintf(e->scope, sizeof e->scope, "system");
		break;
	case OOMC_MEMCG:   /* "" when the path was not in the report or too long */
		memcpy(e->scope, r->oom_memcg, sizeof e->scope);
		break;
	case OOMC_UNKNOWN:
		e->scope[0] = '\0';
		break;
	}
}

/* The latest moment this sample stamped a read (monotonic s). */
static double last_read(const struct snapshot *s)
{
	double m = s->mono;
	m = num_fmax(m, s->procs_mono);   /* a stamp unknown (NaN) is none */
	m = num_fmax(m, s->gpus_mono);
	for (size_t i = 0; i < s->ncgroups; i++)
		m = num_fmax(m, s->cgroups[i].mono);
	return m;
}

/* When the kernel killed, on the wall clock (the event's time), where its
 * report says: its time since boot is on the kernel's local clock, which
 * keeps CLOCK_MONOTONIC's pace (neither counts a suspend), placed by this
 * sample's pair of clocks, the wall clock and the monotonic read together.
 * The sample's own time was up to its interval late (at -d 1, the kill a
 * second late; bench/scenarios.sh judged every ETA by it). Only where it
 * falls after the sample before began and by the time this one read
 * /dev/kmsg (last, after its other reads, so the kill's time may come
 * after this sample's own): a report read in this sample was written by
 * then. A time outside is a clock gone apart (NTP slews CLOCK_MONOTONIC,
 * not the kernel's clock: after days up, seconds), or a report read a
 * sample late (a flood past a sample's share of records), and the
 * sample's time stands. */
static double kernel_time(const struct kills *k, const struct snapshot *s,
                          const struct oom_kill *r, double sample_t)
{
	if (!r->ts_us || !k->have_prev || !(s->mono > 0))
		return sample_t;
	double ts = (double)r->ts_us / 1e6;
	double by = isfinite(s->kmsg_mono) ? s->kmsg_mono : last_read(s) + REPORT_AFTER_S;
	if (!(ts > k->prev_mono && ts <= by))
		return sample_t;
	return s->t + (ts - s->mono);
}

/* A counter-made token this report explains: the oldest not yet emitted
 * (then the report replaces its guesses) or already emitted but without a
 * report (then the report adds nothing new: the kill is not counted again). */
static struct token *match_report(struct kills *k, const struct snapshot *s,
                                  const struct oom_kill *r)
{
	for (size_t i = 0; i < k->ntok; i++) {
		struct token *t = &k->tok[i];
		if (t->kernel || (t->emitted && s->mono - t->t > MATCH_LATE_S))
			continue;
		if (t->cg && !(r->task_memcg[0] && snap_cgroup_within(r->task_memcg, t->cg_path)) &&
		    !(r->oom_memcg[0] && snap_cgroup_within(r->oom_memcg, t->cg_path)) &&
		    !(r->task_memcg[0] == '\0' && r->oom_memcg[0] == '\0'))
			continue;
		return t;
	}
	return NULL;
}

static void take_reports(struct kills *k, const struct snapshot *s, struct evlog *log)
{
	for (size_t i = 0; i < s->nkills; i++) {
		const struct oom_kill *r = &s->kills[i];
		struct token *t = match_report(k, s, r);
		if (!t)
			t = new_token(k, s);
		bool was_emitted = t->emitted;
		char counted[EV_SCOPE_MAX];
		memcpy(counted, t->cg_path, sizeof counted);
		t->kernel = true;
		if (was_emitted)
			continue;   /* the counters told it already, late report */
		kernel_event(t, r);
		t->ev.t = kernel_time(k, s, r, t->ev.t);
		memcpy(t->task_memcg, r->task_memcg, sizeof t->task_memcg);
		/* a report without the constraint line (rate-limited, or a 4.x
		 * kernel with lost lines) takes the scope its counter showed */
		if (!t->ev.scope[0] && t->cg)
			memcpy(t->ev.scope, counted, sizeof t->ev.scope);
		if (t->ev.scope[0])
			emit(t, log);
	}
}

/* ---- the counters ---------------------------------------------------------- */

static const char *prev_path(const struct kills *k, size_t j)
{
	return k->prev_names.s + k->prev_cg[j].path;
}

/* The previous sample's cgroup at path; hint: where it likely is (the
 * snapshot's order seldom changes), -1 none */
static const struct cg_seen *prev_of(const struct kills *k, const char *path, long hint)
{
	if (hint >= 0 && (size_t)hint < k->nprev_cg && strcmp(prev_path(k, (size_t)hint), path) == 0)
		return &k->prev_cg[hint];
	for (size_t j = 0; j < k->nprev_cg; j++)
		if (strcmp(prev_path(k, j), path) == 0)
			return &k->prev_cg[j];
	return NULL;
}

static uint64_t cg_delta(const struct kills *k, const struct snapshot *s,
                         const struct snap_cgroup *c)
{
	const struct cg_seen *p = prev_of(k, c->path, c - s->cgroups);
	if (!p || !snap_known(p->kills) || !snap_known(c->oom_kills) || c->oom_kills <= p->kills)
		return 0;
	return c->oom_kills - p->kills;
}

/* A counter kill in cgroup path: a report or the machine's counter may have
 * told it already. */
static void counter_kill(struct kills *k, const struct snapshot *s, const char *path)
{
	for (size_t i = 0; i < k->ntok; i++) {
		struct token *t = &k->tok[i];
		if (t->cg)
			continue;
		/* the machine's counter is read before the cgroups' in a sample,
		 * so an older rise of it alone is another kill (one elsewhere) */
		if (!t->kernel && t->t != s->mono)
			continue;
		/* the victim's cgroup counts the kill (a whole-machine kill
		 * too): a report matches when its victim was inside path */
		if (t->kernel && t->task_memcg[0] && !snap_cgroup_within(t->task_memcg, path))
			continue;
		const char *oc = t->ev.scope;
		if (t->kernel && !t->task_memcg[0] && oc[0] && strcmp(oc, "system") != 0 &&
		    !snap_cgroup_within(oc, path) && !snap_cgroup_within(path, oc))
			continue;
		t->cg = true;
		snprintf(t->cg_path, sizeof t->cg_path, "%s", path);
		return;
	}
	struct token *t = new_token(k, s);
	t->cg = true;
	snprintf(t->cg_path, sizeof t->cg_path, "%s", path);
	const struct cg_seen *p = prev_of(k, path, -1);
	t->cg_near_limit = p && p->near_limit;
	guess_victim(k, s, t, path);
}

/* Cgroup counters are hierarchical: a kill in /a/b counts in /a too. Each
 * kill goes to the deepest cgroup that counted it: a cgroup's own kills are
 * its rise less its nearest counting descendants' rise. */
static void take_cgroup_counters(struct kills *k, const struct snapshot *s)
{
	for (size_t i = 0; i < s->ncgroups; i++) {
		const struct snap_cgroup *c = &s->cgroups[i];
		uint64_t d = cg_delta(k, s, c);
		if (!d)
			continue;
		uint64_t sub = 0;
		for (size_t j = 0; j < s->ncgroups; j++) {
			const struct snap_cgroup *y = &s->cgroups[j];
			if (j == i || !snap_cgroup_within(y->path, c->path) || !cg_delta(k, s, y))
				continue;
			bool nearest = true;   /* no counting cgroup between c and y */
			for (size_t m = 0; m < s->ncgroups && nearest; m++)
				if (m != i && m != j && cg_delta(k, s, &s->cgroups[m]) &&
				    snap_cgroup_within(y->path, s->cgroups[m].path) &&
				    snap_cgroup_within(s->cgroups[m].path, c->path))
					nearest = false;
			if (nearest)
				sub += cg_delta(k, s, y);
		}
		for (uint64_t n = d > sub ? d - sub : 0; n > 0; n--)
			counter_kill(k, s, c->path);
	}
}

static void take_vm_counter(struct kills *k, const struct snapshot *s)
{
	if (!snap_known(s->vm.oom_kills) || !snap_known(k->prev_vm) || s->vm.oom_kills <= k->prev_vm)
		return;
	for (uint64_t d = s->vm.oom_kills - k->prev_vm; d > 0; d--) {
		struct token *t = NULL;
		for (size_t i = 0; i < k->ntok && !t; i++)
			if (!k->tok[i].vm)
				t = &k->tok[i];
		if (!t) {
			t = new_token(k, s);
			guess_victim(k, s, t, NULL);
		}
		t->vm = true;
	}
}

/* ---- the victim, when no report names it ------------------------------------ */

/* Still holding memory: listed, with a resident size. A process the OOM
 * killer ended stays listed as a zombie until its parent reaps it (on a
 * busy machine, samples later), with no VmRSS (read as 0): for a kill it
 * is gone. */
static bool alive(const struct snapshot *s, pid_t pid)
{
	const struct snap_proc *p = snapshot_find_proc((struct snapshot *)s, pid);
	return p && snap_known(p->rss) && p->rss > 0;
}

/* The largest process of the previous sample that is gone now and was
 * known to be inside dir (NULL: anywhere); not yet blamed. */
static struct tracked *vanished(struct kills *k, const struct snapshot *s, const char *dir)
{
	struct tracked *best = NULL;
	for (size_t i = 0; i < k->nprev; i++) {
		struct tracked *t = &k->prev[i];
		if (t->pid <= 0 || alive(s, t->pid))
			continue;
		if (dir && (t->cg < 0 || (size_t)t->cg >= k->nprev_cg ||
		            !snap_cgroup_within(prev_path(k, (size_t)t->cg), dir)))
			continue;
		if (!best || t->rss > best->rss)
			best = t;
	}
	return best;
}

/* The cgroup whose limit binds path: the deepest of it and its ancestors in
 * view whose own limit is path's effective limit (the kernel's oom_memcg);
 * path itself when that is not in view. */
static const char *limit_holder(const struct snapshot *s, const char *path)
{
	const struct snap_cgroup *self = NULL, *best = NULL;
	for (size_t i = 0; i < s->ncgroups && !self; i++)
		if (strcmp(s->cgroups[i].path, path) == 0)
			self = &s->cgroups[i];
	if (!self || !snap_known(self->effective_limit))
		return path;
	for (size_t i = 0; i < s->ncgroups; i++) {
		const struct snap_cgroup *c = &s->cgroups[i];
		if (c->limited == 1 && c->limit == self->effective_limit && snap_cgroup_within(path, c->path) &&
		    (!best || strlen(c->path) > strlen(best->path)))
			best = c;
	}
	return best ? best->path : path;
}

static void settle(struct kills *k, const struct snapshot *s, struct evlog *log)
{
	for (size_t i = 0; i < k->ntok; i++) {
		struct token *t = &k->tok[i];
		if (t->emitted || s->mono - t->t < GRACE_S || t->t >= s->mono)
			continue;
		struct event *e = &t->ev;
		if (t->kernel) {
			/* a report without its scope: the counter's, if one rose */
			if (!e->scope[0] && t->cg)
				snprintf(e->scope, sizeof e->scope, "%s", t->cg_path);
			emit(t, log);
			continue;
		}
		if (t->cg && !t->cg_near_limit && t->machine_low) {
			/* counted in a cgroup far from its limit while the machine
			 * was out: the kernel's whole-machine killer chose it */
			snprintf(e->scope, sizeof e->scope, "system");
			e->constraint = OOMC_NONE;
		} else if (t->cg) {
			snprintf(e->scope, sizeof e->scope, "%s", limit_holder(s, t->cg_path));
			e->constraint = OOMC_MEMCG;
		} else if (t->machine_low) {
			/* no cgroup counted it, and the machine itself was out */
			snprintf(e->scope, sizeof e->scope, "system");
			e->constraint = OOMC_NONE;
		} else {
			e->scope[0] = '\0';   /* a kill somewhere oomcast does not see */
		}
		/* the guess names the victim only where the scope is known */
		if (e->scope[0] && t->guess.pid > 0) {
			e->pid = t->guess.pid;
			snprintf(e->comm, sizeof e->comm, "%s", t->guess.comm);
			e->rss = t->guess.rss;
		}
		emit(t, log);
	}
	/* forget what is settled and old */
	size_t w = 0;
	for (size_t i = 0; i < k->ntok; i++)
		if (!k->tok[i].emitted || s->mono - k->tok[i].t < KEEP_S)
			k->tok[w++] = k->tok[i];
	k->ntok = w;
}

/* ---- remembering this sample -------------------------------------------------- */

static bool machine_low(const struct snapshot *s)
{
	if (!snap_known(s->mem.total) || !snap_known(s->mem.available))
		return false;
	uint64_t left = s->mem.available + (snap_known(s->swap.free) ? s->swap.free : 0);
	return left < LOW_BYTES || (double)left < LOW_FRACTION * (double)s->mem.total;
}

static bool near_limit(const struct snap_cgroup *c)
{
	if (!snap_known(c->effective_limit) || c->effective_limit == 0)
		return false;
	/* usage counts the page cache too: a cgroup at its limit is full of
	 * it, reclaiming, just before the kill */
	if (!snap_known(c->usage))
		return false;
	uint64_t used = c->usage;
	return (double)used >= NEAR_LIMIT * (double)c->effective_limit;
}

static void remember(struct kills *k, const struct snapshot *s)
{
	k->have_prev = true;
	k->prev_mono = s->mono;
	k->prev_vm = s->vm.oom_kills;
	k->prev_low = machine_low(s);
	xgrow((void **)&k->cur_cg, &k->cur_cg_cap, s->ncgroups + 1, sizeof *k->cur_cg);
	sb_reset(&k->cur_names);
	for (size_t i = 0; i < s->ncgroups; i++) {
		/* each with its NUL, one after another */
		k->cur_cg[i].path = k->cur_names.len;
		sb_write(&k->cur_names, s->cgroups[i].path, strlen(s->cgroups[i].path) + 1);
		k->cur_cg[i].kills = s->cgroups[i].oom_kills;
		k->cur_cg[i].near_limit = near_limit(&s->cgroups[i]);
	}
	struct cg_seen *tc = k->prev_cg;
	size_t tcap = k->prev_cg_cap;
	k->prev_cg = k->cur_cg, k->prev_cg_cap = k->cur_cg_cap, k->nprev_cg = s->ncgroups;
	k->cur_cg = tc, k->cur_cg_cap = tcap;
	struct strbuf tn = k->prev_names;
	k->prev_names = k->cur_names;
	k->cur_names = tn;

	size_t n = 0;
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		if (!snap_known(p->rss) || p->rss == 0)
			continue;   /* kernel threads and the unreadable are never victims */
		xgrow((void **)&k->cur, &k->cur_cap, n + 1, sizeof *k->cur);
		struct tracked *t = &k->cur[n++];
		t->pid = p->pid;
		memcpy(t->comm, p->comm, sizeof t->comm);
		t->rss = p->rss;
		t->cg = p->cgroup;   /* the snapshot's index = prev_cg's */
	}
	struct tracked *tp = k->prev;
	size_t tpc = k->prev_cap;
	k->prev = k->cur, k->prev_cap = k->cur_cap, k->nprev = n;
	k->cur = tp, k->cur_cap = tpc;
}

void kills_update(struct kills *k, const struct snapshot *s, struct evlog *log)
{
	if (k->have_prev && s->mono == k->prev_mono)
		return;
	take_reports(k, s, log);
	if (k->have_prev) {
		take_cgroup_counters(k, s);
		take_vm_counter(k, s);
	}
	/* a victim killed between the process scan and the counters' read
	 * was still listed when its counter rose: it vanishes one sample on */
	for (size_t i = 0; i < k->ntok; i++) {
		struct token *t = &k->tok[i];
		if (!t->emitted && !t->kernel && t->guess.pid == 0 && t->t < s->mono)
			guess_victim(k, s, t, t->cg ? t->cg_path : NULL);
	}
	settle(k, s, log);
	remember(k, s);
}
