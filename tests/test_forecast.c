/* Unit tests for the forecast on synthetic series: ramps at several rates,
 * steps, noise, spikes, a load that stops, page cache alone, and OOM kills
 * (with and without the kernel's log line). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/forecast.h"
#include "analysis/lifepace.h"
#include "analysis/trend.h"
#include "analysis/loads.h"

#define MiB (1024.0 * 1024)
#define GiB (1024.0 * MiB)

static const struct forecast_cfg cfg = {FC_WARN_DEFAULT, FC_CRIT_DEFAULT};

static double dmin_(double a, double b)
{
	return a < b ? a : b;
}

static double urand(void)   /* in [0, 1), from srand()'s sequence */
{
	return rand() / (RAND_MAX + 1.0);
}

static double dmax_(double a, double b)
{
	return a > b ? a : b;
}

/* A snapshot of a 16 GiB machine with avail bytes available and one
 * process (pid 100) growing at growth bytes/s. */
static void machine(struct snapshot *s, double t, double avail, double growth)
{
	snapshot_reset(s);
	s->t = 1e9 + t;
	s->mono = t;
	s->mem.total = (uint64_t)(16 * GiB);
	s->mem.available = avail > 0 ? (uint64_t)avail : 0;
	s->swap.total = 0;
	s->swap.free = 0;
	s->vm.oom_kills = 0;
	s->vm.pgmajfault = 0;
	struct snap_proc *p = snapshot_add_proc(s);
	p->pid = 100;
	snprintf(p->comm, sizeof p->comm, "llama-server");
	p->rss = (uint64_t)(16 * GiB - avail);
	p->swap = 0;
	p->growth = growth;
	p->oom_score = 900;
	p = snapshot_add_proc(s);
	p->pid = 200;
	snprintf(p->comm, sizeof p->comm, "bash");
	p->rss = (uint64_t)(4 * MiB);
	p->swap = 0;
	p->growth = 0;
	p->oom_score = 666;
}

static const struct fc_item *ram(struct forecast *fc)
{
	size_t n;
	const struct fc_item *it = forecast_items(fc, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(it[i].resource, "ram") == 0)
			return &it[i];
	fail_msg("no ram item");
	return NULL;
}

/* One sample of a machine with a v1 cgroup at path whose limit is limit and
 * whose anonymous memory is used: the cgroup's forecast item */
static const struct fc_item *cgroup_sample(struct forecast *fc, struct snapshot *s, double t,
                                           const char *path, double limit, double used)
{
	machine(s, t, 12 * GiB, 0);
	if (limit > (double)s->mem.total)
		s->mem.total = (uint64_t)(2 * limit);   /* room for a big cgroup */
	bool added;
	int cg = snapshot_cgroup_index(s, path, CG_V1, &added);
	struct snap_cgroup *c = &s->cgroups[cg];
	c->effective_limit = (uint64_t)limit;
	c->usage = c->anon = (uint64_t)used;
	c->shmem = c->file = 0;
	forecast_update(fc, s);
	size_t n;
	const struct fc_item *it = forecast_items(fc, &n);
	assert_true(n >= 2);
	assert_int_equal(it[1].kind, FC_CGROUP);
	return &it[1];
}

static void test_linear_ramps(void **state)
{
	(void)state;
	double rates[] = {20 * MiB, 100 * MiB, 500 * MiB, 2 * GiB};
	struct snapshot s;
	snapshot_init(&s);
	for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++) {
		struct forecast *fc = forecast_new(&cfg);
		double dt = 0.5, avail0 = 12 * GiB, start = 5;
		/* flat, then the ramp starts at t = start */
		for (int k = 0; k <= 10; k++) {
			machine(&s, k * dt, avail0, 0);
			forecast_update(fc, &s);
			assert_int_equal(ram(fc)->level, FC_OK);
		}
		for (int k = 1; ; k++) {
			double t = start + k * dt, avail = avail0 - rates[r] * k * dt;
			if (avail <= 0.5 * GiB)
				break;
			machine(&s, t, avail, rates[r]);
			forecast_update(fc, &s);
			const struct fc_item *it = ram(fc);
			double truth = avail / rates[r];
			if (k >= 2) {   /* the third sample of the ramp */
				if (!isfinite(it->eta))
					fail_msg("rate %.0f MiB/s: no ETA at sample %d", rates[r] / MiB, k);
				if (fabs(it->eta - truth) > 0.25 * truth)
					fail_msg("rate %.0f MiB/s, sample %d: ETA %.1f s, truth %.1f s",
						 rates[r] / MiB, k, it->eta, truth);
				assert_true(it->eta_low <= it->eta && it->eta <= it->eta_high);
				assert_int_equal(it->driver, 100);
				assert_true(it->driver_share > 0.9);
				if (truth < FC_CRIT_DEFAULT * 0.8)
					assert_int_equal(it->level, FC_CRITICAL);
				else if (truth < FC_WARN_DEFAULT * 0.8 && truth > FC_CRIT_DEFAULT * 1.25)
					assert_int_equal(it->level, FC_WARNING);
			}
			assert_int_equal(it->victim, 100);
			assert_false(it->driver_group);
		}
		forecast_free(fc);
	}
	snapshot_free(&s);
}

static void test_stepwise_load(void **state)
{
	(void)state;
	/* a model loaded tensor by tensor: 256 MiB every 2 s, flat between */
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	double avail = 10 * GiB, dt = 0.5, avg = 128 * MiB;
	int warned_at = -1;
	for (int k = 0; k < 60; k++) {
		if (k > 4 && k % 4 == 0)
			avail -= 256 * MiB;
		machine(&s, k * dt, avail, avg);
		forecast_update(fc, &s);
		const struct fc_item *it = ram(fc);
		if (k >= 20) {
			/* the ETA follows the average rate, not the bursts or pauses */
			assert_true(isfinite(it->eta));
			double truth = avail / avg;
			if (fabs(it->eta - truth) > 0.5 * truth)
				fail_msg("step %d: ETA %.1f s, average-rate truth %.1f s", k, it->eta, truth);
			if (it->level >= FC_WARNING && warned_at < 0)
				warned_at = k;
		}
	}
	forecast_free(fc);
	snapshot_free(&s);
}

static void test_noise_and_spikes(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	for (unsigned seed = 1; seed <= 100; seed++) {
	struct forecast *fc = forecast_new(&cfg);
	srand(seed);
	for (int k = 0; k < 400; k++) {
		double jitter = ((rand() % 2001) - 1000) / 1000.0 * 30 * MiB;
		double avail = 8 * GiB + jitter;
		if (k % 37 == 0)
			avail -= 1.5 * GiB;   /* a one-sample dip (a burst of page cache) */
		machine(&s, k * 0.2, avail, 0);
		forecast_update(fc, &s);
		if (ram(fc)->level >= FC_WARNING)
			fail_msg("seed %u: false alarm at sample %d: eta %.1f rate %.0f", seed, k,
				 ram(fc)->eta, ram(fc)->rate);
	}
	forecast_free(fc);
	}
	snapshot_free(&s);
}

static void test_load_stops(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	double avail = 4 * GiB, t = 0;
	for (int k = 0; k < 12; k++, t += 0.5) {   /* 200 MiB/s: ETA ~20 s: warning */
		avail -= 100 * MiB;
		machine(&s, t, avail, 200 * MiB);
		forecast_update(fc, &s);
	}
	assert_true(ram(fc)->level >= FC_WARNING);
	double stop = t;
	double ok_at = -1;
	for (int k = 0; k < 20; k++, t += 0.5) {
		machine(&s, t, avail, 0);
		forecast_update(fc, &s);
		if (ram(fc)->level == FC_OK && ok_at < 0)
			ok_at = t;
	}
	assert_true(ok_at > 0);
	/* a kill frees the memory at once: the level drops as soon as the
	 * calm samples allow, the old ramp is forgotten */
	for (int k = 0; k < 12; k++, t += 0.5) {
		avail -= 100 * MiB;
		machine(&s, t, avail, 200 * MiB);
		forecast_update(fc, &s);
	}
	assert_true(ram(fc)->level >= FC_WARNING);
	avail += 3 * GiB;
	for (int k = 0; k < 2; k++, t += 0.5) {
		machine(&s, t, avail, 0);
		forecast_update(fc, &s);
		assert_false(isfinite(ram(fc)->eta));
	}
	assert_int_equal(ram(fc)->level, FC_OK);
	if (ok_at - stop > 4.0)
		fail_msg("back to ok only %.1f s after the load ended", ok_at - stop);
	forecast_free(fc);
	snapshot_free(&s);
}

/* A cgroup with a 2 GiB limit whose usage grows by page cache only. */
static void test_page_cache_only(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	for (int k = 0; k < 40; k++) {
		machine(&s, k * 0.5, 12 * GiB, 0);
		bool added;
		int cg = snapshot_cgroup_index(&s, "/dl", CG_V2, &added);
		struct snap_cgroup *c = &s.cgroups[cg];
		c->effective_limit = (uint64_t)(2 * GiB);
		c->file = (uint64_t)(k * 40 * MiB);     /* a download filling the cache */
		c->shmem = 0;
		c->anon = (uint64_t)(100 * MiB);
		c->usage = c->anon + c->file + (uint64_t)(k * MiB);   /* and some slab */
		forecast_update(fc, &s);
		size_t n;
		const struct fc_item *it = forecast_items(fc, &n);
		assert_int_equal(n, 2);
		assert_string_equal(it[1].resource, "cgroup:/dl");
		assert_int_equal(it[1].level, FC_OK);
		assert_false(isfinite(it[1].eta));
	}
	forecast_free(fc);
	snapshot_free(&s);
}

/* A sample at t of a machine with 12 GiB available and "/job", a 1 GiB
 * cgroup holding used bytes, all anonymous: its index */
static int job_cgroup(struct snapshot *s, double t, uint64_t used)
{
	machine(s, t, 12 * GiB, 0);
	bool added;
	int cg = snapshot_cgroup_index(s, "/job", CG_V1, &added);
	struct snap_cgroup *c = &s->cgroups[cg];
	c->effective_limit = (uint64_t)GiB;
	c->usage = c->anon = used;
	c->shmem = 0;
	c->file = 0;
	return cg;
}

/* a process of cgroup cg holding rss bytes, none swapped */
static struct snap_proc *member(struct snapshot *s, int cg, pid_t pid, const char *comm, uint64_t rss)
{
	struct snap_proc *p = snapshot_add_proc(s);
	p->pid = pid;
	snprintf(p->comm, sizeof p->comm, "%s", comm);
	p->rss = rss;
	p->swap = 0;
	p->cgroup = cg;
	return p;
}

static void test_cgroup_ramp_scope(void **state)
{
	(void)state;
	/* anonymous growth in a 1 GiB cgroup: the cgroup item warns, RAM does
	 * not; driver and victim come from inside the cgroup */
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	const struct fc_item *cgi = NULL;
	for (int k = 0; k < 12; k++) {
		int cg = job_cgroup(&s, k * 0.5, (uint64_t)(k * 40 * MiB));
		struct snap_proc *p = member(&s, cg, 300, "python3", s.cgroups[cg].usage);
		p->growth = 80 * MiB;
		p->oom_score = 700;
		forecast_update(fc, &s);
		size_t n;
		const struct fc_item *it = forecast_items(fc, &n);
		cgi = &it[1];
		assert_int_equal(it[0].level, FC_OK);
	}
	assert_true(cgi->level >= FC_WARNING);
	assert_int_equal(cgi->driver, 300);
	assert_int_equal(cgi->victim, 300);   /* pid 100 is larger, but outside */
	forecast_free(fc);
	snapshot_free(&s);
}

/* A cgroup's victim is its largest member, read in detail or not: a big
 * idle member the sampler never read oom_score for (not among the
 * machine's largest, not a row on screen) outranks a small growing one it
 * did read (oom_score 668, as for any small process on a 5.9+ kernel).
 * An unkillable member (oom_score 0, or oom_score_adj -1000) is never it. */
static void test_cgroup_victim_unread(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	const struct fc_item *cgi = NULL;
	for (int k = 0; k < 4; k++) {
		int cg = job_cgroup(&s, k * 0.5, (uint64_t)(600 * MiB + k * 40 * MiB));
		/* small, growing, read in detail */
		struct snap_proc *p = member(&s, cg, 300, "worker", (uint64_t)(50 * MiB + k * 40 * MiB));
		p->growth = 80 * MiB;
		p->oom_score = 668;
		/* large, idle, never read in detail */
		member(&s, cg, 301, "server", 500 * MiB)->growth = 0;
		/* larger still, but the kernel will not kill it */
		member(&s, cg, 302, "guard", 700 * MiB)->oom_score = 0;
		/* and one that opted out */
		member(&s, cg, 303, "optout", 900 * MiB)->oom_score_adj = -1000;
		forecast_update(fc, &s);
		size_t n;
		const struct fc_item *it = forecast_items(fc, &n);
		cgi = &it[1];
		assert_int_equal(cgi->kind, FC_CGROUP);
		assert_int_equal(cgi->victim, 301);
	}
	assert_int_equal(cgi->driver, 300);
	forecast_free(fc);
	snapshot_free(&s);
}

/* A raised limit is no free: a load killed at 300 MiB (its memory freed),
 * the limit raised to 445 MiB, and the next load eating 100 MiB/s must
 * read as eaten at about that pace, not as the trend of two "low points"
 * (that was cyclic, -3.6 MiB/s, in the demo's recording). */
static void test_limit_raised(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	const struct fc_item *cgi = NULL;
	double t = 0, used = 0, limit = 300 * MiB;
	for (int k = 0; k < 60; k++, t += 0.25) {
		if (k < 12)
			used = k * 25 * MiB;        /* the first load, to 275 MiB */
		else if (k < 20)
			used = 2 * MiB;             /* killed: freed */
		else if (k < 28)
			limit = 445 * MiB;          /* the limit raised */
		else
			used = dmin_(2 * MiB + (k - 27) * 25 * MiB, 440 * MiB);
		machine(&s, t, 12 * GiB, 0);
		bool added;
		int cg = snapshot_cgroup_index(&s, "/job", CG_V1, &added);
		struct snap_cgroup *c = &s.cgroups[cg];
		c->effective_limit = c->limit = (uint64_t)limit;
		c->usage = c->anon = (uint64_t)used;
		c->shmem = c->file = 0;
		forecast_update(fc, &s);
		size_t n;
		cgi = &forecast_items(fc, &n)[1];
		if (k >= 32 && used < 400 * MiB) {
			assert_true(cgi->rate > 80 * MiB && cgi->rate < 120 * MiB);
			assert_true(cgi->level >= FC_WARNING);
		}
	}
	forecast_free(fc);
	snapshot_free(&s);
}

/* A sample's parts are read at different moments: on a busy machine the
 * cgroup's figures come up to half a second after meminfo. The rate must
 * follow the moments the figures were read, not when the sample began. */
static void test_timestamps_of_parts(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	const double rate = 20 * MiB;
	double got = NAN;
	for (int k = 0; k < 16; k++) {
		/* the machine gets busier as the load grows: the scan before the
		 * cgroup is read takes longer each time (0 to 0.75 s) */
		double t = k * 1.0, read_at = t + 0.05 * k;
		machine(&s, t, 12 * GiB, 0);
		bool added;
		int cg = snapshot_cgroup_index(&s, "/job", CG_V1, &added);
		struct snap_cgroup *c = &s.cgroups[cg];
		c->effective_limit = (uint64_t)(2 * GiB);
		c->usage = c->anon = (uint64_t)(rate * read_at);
		c->shmem = c->file = 0;
		c->mono = read_at;
		forecast_update(fc, &s);
		size_t n;
		const struct fc_item *it = forecast_items(fc, &n);
		got = it[1].rate;
	}
	/* within 2 %: with the sample's start as its time it is 5 % too fast */
	assert_true(fabs(got - rate) < 0.02 * rate);
	forecast_free(fc);
	snapshot_free(&s);
}

/* A slow leak (2 MiB/s, sampled every 0.2 s: 0.4 MiB a step, under the
 * 2 MiB noise floor) toward a limit minutes away: an ETA, and a warning a
 * minute ahead, as a least-squares line over 10 s gives (issue 12). Judged
 * step by step it read as a pause: no ETA, no warning at all. */
static void test_slow_leak(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	const double rate = 2 * MiB, limit = 1 * GiB, start = 600 * MiB;
	double first_warning = -1, eta_at_warning = NAN;
	for (int k = 0; k <= 300 * 5; k++) {   /* 300 s */
		double t = k * 0.2;
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/leak", limit, start + rate * t);
		double left = (limit - start - rate * t) / rate;   /* true seconds left */
		if (left < 0)
			break;
		if (first_warning < 0 && it->level >= FC_WARNING) {
			first_warning = left;
			eta_at_warning = it->eta;
		}
		if (t > 20 && left > 30) {
			assert_true(isfinite(it->eta));
			assert_true(fabs(it->rate - rate) < 0.25 * rate);
		}
	}
	/* warned with 45 to 75 s left, its ETA then within 25 % */
	assert_true(first_warning >= 45 && first_warning <= 75);
	assert_true(fabs(eta_at_warning - first_warning) < 0.25 * first_warning);
	forecast_free(fc);
	snapshot_free(&s);
}

/* Buffers held a moment on top of a creep: size bytes for hold s, from the
 * 3rd s of every every s (size 0: none); and blips of blip bytes for a
 * sample, from the 2nd s of every blip_every s (0: none) */
struct spikes {
	double size, every, hold, blip, blip_every;
	bool halves;   /* each spike touched over two samples, half in the first */
	double at;     /* where in each period a spike begins (s; 0: 3 s) */
	double page;   /* bytes charged beside each MiB the creep takes (its page tables) */
};

static double creep_used(double start, double rate, double stop, const struct spikes *sp, double t)
{
	double used = start + floor(rate * dmin_(t, stop) / MiB) * (MiB + sp->page);
	double in = fmod(t + 1e-9, sp->every), at = sp->at > 0 ? sp->at : 3;
	if (sp->size > 0 && in >= at && in < at + sp->hold)
		used += sp->halves && in < at + 0.2 ? sp->size / 2 : sp->size;
	else if (sp->blip > 0 && fabs(fmod(t + 1e-9, sp->blip_every) - 2) < 0.1)
		used += sp->blip;
	return used;
}

/* A leak slower than the noise moves between two of its pauses, in whole
 * MiB (a process's heap grows a MiB at a time): the window reads pauses, and
 * each step of it a new load, never a rate (before the slow view: no ETA at
 * all). Its cgroup is killed 300 s in, unless the leak stops at stop s; with
 * spikes, at the first of them that no longer fits. */
static void creep_run(double limit, double rate, double stop, const struct spikes *sp)
{
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	const double start = limit - 300 * rate;
	/* the forecast knows which spike will be the first that does not fit,
	 * to the noise: one that fits by less may be taken for it (early by
	 * a period is the safer error) */
	double kill_t = INFINITY, near_t = INFINITY;   /* if it goes on */
	for (int k = 0; k <= 400 * 5 && !isfinite(kill_t); k++) {
		double used = creep_used(start, rate, 1e9, sp, k * 0.2);
		if (used >= limit)
			kill_t = k * 0.2;
		if (!isfinite(near_t) && used > limit - trend_noise(limit))
			near_t = k * 0.2;
	}
	double early = sp->size > 0 ? kill_t - near_t : 0;
	double first_warning = -1, eta_at_warning = NAN, stopped_at = -1;
	for (int k = 0; k <= 300 * 5; k++) {
		double t = k * 0.2;
		if (t >= kill_t && t < stop)
			break;
		double used = creep_used(start, rate, stop, sp, t);
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/leak", limit, used);
		double left = kill_t - t;   /* while it creeps on, it may not stop */
		/* spikes touched over two samples are ramps to the window
		 * (30 MiB/s, CRITICAL for a sample) until two came back:
		 * nothing tells them from a load's start before */
		bool seen = !sp->halves || t >= sp->every + 3 + sp->hold;
		if (t < stop) {
			if (first_warning < 0 && seen && it->level >= FC_WARNING) {
				first_warning = left;
				eta_at_warning = it->eta;
			}
			/* an ETA from the 120 s mark on, within 5 % (and never
			 * late by more) */
			double tol = 0.05 * left + 2 * MiB / rate;
			if (left <= 120 && !(it->eta <= left + tol && it->eta >= left - tol - early))
				fail_msg("%.0f MiB at %.1f MiB/s, spikes of %.0f MiB: ETA %.1f s with %.1f s left",
					 limit / MiB, rate / MiB, sp->size / MiB, it->eta, left);
		} else if (isfinite(it->eta)) {
			stopped_at = t;   /* the last ETA after the stop */
		}
	}
	if (stop > 300) {
		/* warned at the 60 s mark, a MiB's time either way */
		if (first_warning < 60 - MiB / rate - 0.2 || first_warning > 60 + early + MiB / rate + 0.2)
			fail_msg("%.0f MiB at %.1f MiB/s, spikes of %.0f MiB: warned with %.1f s left",
				 limit / MiB, rate / MiB, sp->size / MiB, first_warning);
		assert_true(eta_at_warning <= first_warning * 1.05 &&
			    eta_at_warning >= first_warning * 0.95 - early);
	} else {
		/* stopped: no ETA within twice the time it took to move the noise */
		double noise = trend_noise(limit);
		if (stopped_at - stop > 2 * noise / rate + 1)
			fail_msg("%.0f MiB at %.1f MiB/s, spikes of %.0f MiB: an ETA %.1f s after it stopped",
				 limit / MiB, rate / MiB, sp->size / MiB, stopped_at - stop);
	}
	forecast_free(fc);
	snapshot_free(&s);
}

struct creep_case {
	double limit, rate, stop;   /* stop: when the creep stops (s; 1e9 never) */
	struct spikes sp;
};

static void creep_cases(const struct creep_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		creep_run(c[i].limit, c[i].rate, c[i].stop, &c[i].sp);
}

/* 0.5 MiB/s in a 384 MiB cgroup (its noise, 2 MiB, in 4 s) and 1.5 MiB/s
 * in a 64 GiB one (16 MiB in 11 s): KV caches grow so in long generations */
static void test_slow_creep(void **state)
{
	(void)state;
	static const struct creep_case c[] = {
		{384 * MiB, 0.5 * MiB, 1e9, {0, 1, 0, 0, 1, false, 0, 0}}, {64 * GiB, 1.5 * MiB, 1e9, {0, 1, 0, 0, 1, false, 0, 0}},
		{384 * MiB, 0.5 * MiB, 200, {0, 1, 0, 0, 1, false, 0, 0}}, {64 * GiB, 1.5 * MiB, 200, {0, 1, 0, 0, 1, false, 0, 0}},
	};
	creep_cases(c, sizeof c / sizeof *c);
}

/* The same creeps under buffers held a moment and given back (a request's
 * scratch space, another program's burst beside it): more than the noise
 * at once, under a big free. Each spike began a new slow view, which never
 * spanned its 30 s (no ETA at all); and between spikes the headroom is
 * more than the next spike will find (the ETA 16 s late at 0.5 MiB/s). */
static void test_slow_creep_spikes(void **state)
{
	(void)state;
	static const struct creep_case c[] = {
		/* the 8 MiB spike before the kill fits by a MiB, the 9 MiB
		 * one before it by none */
		{384 * MiB, 0.5 * MiB, 1e9, {8 * MiB, 10, 1, 0, 1, false, 0, 0}},
		{384 * MiB, 0.5 * MiB, 1e9, {9 * MiB, 10, 1, 0, 1, false, 0, 0}},
		/* 3 MiB blips every 3 s beside 9 MiB spikes every 20 s: more
		 * than the slots of a minute, and the deep spikes must stay
		 * among them */
		{384 * MiB, 0.5 * MiB, 1e9, {9 * MiB, 20, 1, 3 * MiB, 3, false, 0, 0}},
		/* the creep ends it 3 s before the next spike would: the ETA
		 * is to the creep's end, not to that spike */
		{64 * GiB, 1.5 * MiB, 1e9, {20 * MiB, 20, 2, 0, 1, false, 0, 0}},
		{64 * GiB, 1.5 * MiB, 1e9, {64 * MiB, 15, 2, 0, 1, false, 0, 0}},
		{384 * MiB, 0.5 * MiB, 200, {8 * MiB, 10, 1, 0, 1, false, 0, 0}},
		{64 * GiB, 1.5 * MiB, 200, {64 * MiB, 15, 2, 0, 1, false, 0, 0}},
		/* buffers held seconds: the creep beside them moves the
		 * headroom more than the noise before they come back (each read
		 * as a jump, no slow view: no ETA at 120 s to go), and while
		 * held they read to the window as a staircase's step or a new
		 * ramp (ETAs of 31 to 60 s with 119 to 219 s left) */
		{384 * MiB, 0.5 * MiB, 1e9, {12 * MiB, 20, 6, 0, 1, false, 0, 0}},
		{384 * MiB, 0.5 * MiB, 1e9, {12 * MiB, 20, 3, 0, 1, false, 0, 0}},
		{64 * GiB, 1.5 * MiB, 1e9, {64 * MiB, 20, 6, 0, 1, false, 0, 0}},
		{384 * MiB, 0.5 * MiB, 200, {12 * MiB, 20, 6, 0, 1, false, 0, 0}},
		/* the buffer comes and goes in the samples the creep takes a
		 * MiB in, and each MiB charges 2 KiB of page tables (a v1
		 * cgroup's kernel memory): back 2.01 MiB off where the creep
		 * took the level, a noise and a little; read as a jump each
		 * time, the creep was never read (held-creep, 2026-12-02: no
		 * ETA, 20 s ahead) */
		{384 * MiB, 0.5 * MiB, 1e9, {12 * MiB, 20, 6, 0, 1, false, 4, 2048}},
		/* touched over two samples: a ramp to the window while held */
		{384 * MiB, 0.5 * MiB, 1e9, {12 * MiB, 20, 6, 0, 1, true, 0, 0}},
		{64 * GiB, 1.5 * MiB, 1e9, {64 * MiB, 20, 6, 0, 1, true, 0, 0}},
	};
	creep_cases(c, sizeof c / sizeof *c);
}

/* What spikes must not hide or add. A buffer held once says nothing of the
 * next: a creep with 80 s left is warned at the 60 s mark, not 43 s early
 * for one 64 MiB spike (room kept for it for a minute). And an allocation
 * as deep as the spikes that came and went, which stays and leaves less
 * than a spike, is CRITICAL at once where nothing makes room for the
 * spikes (no creep: no slow view): the next spike kills. */
static void test_spikes_once_and_stay(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	double limit = 64 * GiB, rate = 1.5 * MiB;
	struct forecast *fc = forecast_new(&cfg);
	/* 240 s to go at first, under the slow view (16 MiB of noise): warned
	 * 60 s before the end, a MiB's time either way */
	for (int k = 0; k < 240 * 5; k++) {
		double t = k * 0.2, left = 240 - t;
		double used = limit - 360 * MiB + floor(rate * t / MiB) * MiB;
		if (left <= 81 && left > 80)
			used += 64 * MiB;
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/once", limit, used);
		if (it->level >= FC_WARNING && left > 60 + MiB / rate + 0.2)
			fail_msg("one spike: %s with %.1f s left, ETA %.1f s", fc_level_name(it->level),
				 left, it->eta);
	}
	forecast_free(fc);
	fc = forecast_new(&cfg);
	limit = 384 * MiB;
	bool critical = false;
	for (int k = 0; k < 70 * 5; k++) {
		double t = k * 0.2, in = fmod(t + 1e-9, 10);
		double used = limit - 20 * MiB;
		if (t >= 65)
			used += 14 * MiB;   /* and it stays: 6 MiB left, a spike is 12 */
		else if (in >= 3 && in < 4)
			used += 12 * MiB;
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/stays", limit, used);
		if (t >= 65 && t < 65.5)
			critical |= it->level == FC_CRITICAL;
	}
	if (!critical)
		fail_msg("an allocation that stays, as deep as the spikes: not critical");
	forecast_free(fc);
	snapshot_free(&s);
}

/* A load that starts beside a creep is a load, not the creep's next step:
 * a model loading at 20 MiB/s after a 0.5 MiB/s creep's 2 MiB moves each
 * few seconds, over its 234 MiB base touched at once, read as a staircase
 * (its ramp "the next step": 1.6 MiB/s, an ETA of 45 s with 3 s left).
 * Nor do spikes that recur hide it: beside 12 MiB buffers held 6 s it is a
 * load as soon as it is deeper than they are (1.25 x), not a spike for the
 * 8 s a spike may last; and one that starts while a buffer is held, even
 * under the noise each sample (8 MiB/s), is no creep beside that buffer.
 * From `after` seconds after it starts, its ETA is its own, within a fifth
 * (3/10 under the noise: the window needs 4 s to read such a ramp beside
 * a creep, and pairs across a buffer given back read it slower), at every
 * sample until 2 s are left. */
static void load_beside(double spike, double from, double load, double after)
{
	struct snapshot s;
	snapshot_init(&s);
	struct forecast *fc = forecast_new(&cfg);
	const double limit = 384 * MiB, rate = 0.5 * MiB;
	const struct spikes sp = {spike, 20, 6, 0, 1, false, 0, 0};
	const double start = limit - 300 * rate;
	const double tol = load > 2 * MiB / 0.2 ? 0.2 : 0.3;
	int checked = 0;
	for (int k = 0; k <= 150 * 5; k++) {
		double t = k * 0.2;
		double used = t < 1 ? 0 : creep_used(start, rate, 1e9, &sp, t);
		if (t >= from)
			used += load * (t - from);
		if (used >= limit)
			break;
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/load", limit, used);
		/* the load alone, and the buffer held, if any, stays */
		double left = (limit - used) / (load + rate);
		if (t >= from + after && left > 2) {
			if (!(it->level >= FC_WARNING && it->eta <= (1 + tol) * left &&
			      it->eta >= (1 - tol) * left))
				fail_msg("a %.0f MiB/s load beside %.0f MiB spikes, %.1f s in: %s, ETA %.1f s "
					 "with %.1f s left",
					 load / MiB, spike / MiB, t - from, fc_level_name(it->level), it->eta, left);
			checked++;
		}
	}
	assert_true(checked >= 3);
	forecast_free(fc);
	snapshot_free(&s);
}

static void test_load_beside_creep(void **state)
{
	(void)state;
	load_beside(0, 100.1, 20 * MiB, 1.4);
	load_beside(12 * MiB, 100.1, 20 * MiB, 1.4);
	load_beside(12 * MiB, 89.4, 20 * MiB, 1.4);   /* just after a buffer was given back */
	load_beside(0, 103.5, 8 * MiB, 6.0);          /* under the noise each sample */
	load_beside(12 * MiB, 103.5, 8 * MiB, 6.0);   /* ... while a buffer is held (since 103) */
}

/* Memory given back beside a creep under recurring buffers (a cache
 * trimmed, a worker gone): a move up, no buffer held, and the creep goes on
 * from there. 8 MiB freed for good (under the 16 MiB that start a trend
 * again) puts the end 16 s further. Taken for a buffer held, the old level
 * stood for the 8 s a buffer may last (an ETA 10 s short, CRITICAL when the
 * next buffer came), and then the slow view began again: no ETA, OK, for
 * the 35 s left. From 2 s after the free, the ETA is to the first buffer
 * that will not fit, within 5 % and a MiB's time, at every sample until
 * 2 s are left; the same where a 6 MiB buffer taken a second before was
 * given back with those 8 MiB, in one move (a spike that came back higher
 * than it left: held open, it kept the old level). A creep that had
 * stopped before the free has no ETA after it: the free is no new creep.
 * And 8 MiB taken for good beside a creep (no buffers) is known once it
 * has stayed longer than a buffer may (8 s): from then on, the same ETA
 * (the slow view began again there, and had no ETA and WATCH for the 26 s
 * left). */
struct free_case {
	double at, stop;   /* the free's time, the creep's stop (1e9: never), s */
	double freed;      /* bytes given back for good (< 0: taken) */
	double before;     /* bytes taken a second before, given back with them */
	double spike;      /* the buffers' size (held 1 s every 10 s; 0: none) */
	double known;      /* checked from this many s after the free */
	double rate_err;   /* the creep's rate within this share of it */
};

static void free_beside(const struct free_case *c)
{
	struct snapshot s;
	snapshot_init(&s);
	struct forecast *fc = forecast_new(&cfg);
	const double limit = 384 * MiB, rate = 0.5 * MiB;
	const struct spikes sp = {c->spike, 10, 1, 0, 1, false, 0, 0};
	const double start = limit - 150 * rate;
	double kill_t = INFINITY;
	for (int k = 0; k <= 400 * 5 && !isfinite(kill_t); k++)
		if (creep_used(start, rate, c->stop, &sp, k * 0.2) - c->freed >= limit)
			kill_t = k * 0.2;
	for (int k = 0; k <= 180 * 5 && k * 0.2 < kill_t; k++) {
		double t = k * 0.2;
		double used = creep_used(start, rate, c->stop, &sp, t) - (t >= c->at ? c->freed : 0);
		if (t >= c->at - 1 && t < c->at)
			used += c->before;
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/freed", limit, used);
		double left = kill_t - t;
		if (t < c->at + c->known || left <= 2)
			continue;
		if (isfinite(kill_t) ? !(fabs(it->eta - left) <= 0.05 * left + MiB / rate) ||
		                           fabs(it->rate - rate) > c->rate_err * rate
		                     : isfinite(it->eta) || it->level >= FC_WARNING)
			fail_msg("%.1f s after %.0f MiB were given back beside a creep (stopped at %.0f s): "
				 "%s, ETA %.1f s with %.1f s left, %.3f MiB/s",
				 t - c->at, c->freed / MiB, c->stop, fc_level_name(it->level), it->eta, left,
				 it->rate / MiB);
	}
	forecast_free(fc);
	snapshot_free(&s);
}

static void test_free_beside_creep(void **state)
{
	(void)state;
	static const struct free_case c[] = {
		/* a free is carried across from its one sample, where a step
		 * of the creep may fall too (here: 7 MiB for 8, 2 % slow) */
		{100, 1e9, 8 * MiB, 0, 12 * MiB, 2, 0.03},
		{115, 100, 8 * MiB, 0, 12 * MiB, 2, 0.03},
		{100, 1e9, 8 * MiB, 6 * MiB, 12 * MiB, 2, 0.03},
		/* an allocation from the means inside and before it: two
		 * samples were two steps off here (2 % slow; 7 % live) */
		{60, 1e9, -8 * MiB, 0, 0, 8.5, 0.01},
	};
	for (size_t i = 0; i < sizeof c / sizeof *c; i++)
		free_beside(&c[i]);
}

/* A heap that grows 0.375 MiB/s and frees 15 MiB every 40 s (under the
 * 16 MiB that start a trend again), nothing net, 30 MiB left after each
 * free, 15 before it: moves that recur are the load's own shape, not a
 * creep's one-off. Its first free is carried across (nothing tells a
 * one-off yet: the creep read goes on, WARNING as it would), but from the
 * second on the slow view begins again at each (8 s later, when it has
 * stayed longer than a buffer would): no WARNING from 90 s to
 * 400 s (carried each time, its gross growth read as the creep: an ETA of
 * 45-80 s, WARNING on a third of the samples). */
static void test_small_frees_recur(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	struct forecast *fc = forecast_new(&cfg);
	const double limit = 384 * MiB;
	for (int k = 0; k <= 400 * 5; k++) {
		double t = k * 0.2;
		double used = limit - 30 * MiB + floor(0.375 * t) * MiB - floor(t / 40) * 15 * MiB;
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/heap", limit, used);
		if (t > 90 && it->level >= FC_WARNING)
			fail_msg("a heap freeing 15 MiB every 40 s, %.1f s: %s, ETA %.1f s at %.3f MiB/s", t,
				 fc_level_name(it->level), it->eta, it->rate / MiB);
	}
	forecast_free(fc);
	snapshot_free(&s);
}

/* A creep that speeds up: a second process beginning to creep at 60 s,
 * beside the first's 0.5 MiB/s (a KV cache growing beside a leak), with
 * an allocation that stays or not. The slow view's line over a minute and
 * more lagged it: 0.5 more read 0.67-0.92 until the kill, the ETA 30-60 %
 * long, WARNING 14-16 s late (0.25 more: 4-8 s late, 35 % long). Its
 * latest pace from 40 s after the change: the ETA within 8 % and two
 * MiB's time, WARNING within two MiB's time of the 60 s mark and never
 * before it. */
static void creep_speeds_up(double extra, double jump)
{
	struct snapshot s;
	snapshot_init(&s);
	struct forecast *fc = forecast_new(&cfg);
	const double limit = 384 * MiB, rate = 0.5 * MiB, at = 60, start = limit - 300 * rate;
	const double mib_t = MiB / (rate + extra);
	double kill_t = INFINITY, warning = -1;
	for (int pass = 0; pass < 2; pass++)
		for (int k = 0; k * 0.2 < (pass ? kill_t : 600); k++) {
			double t = k * 0.2;
			double used = start + floor(rate * t / MiB) * MiB;
			if (t >= at)   /* its steps out of phase with the first's */
				used += jump + floor(extra * (t - at) / MiB + 0.37) * MiB;
			if (!pass) {
				if (used >= limit && !isfinite(kill_t))
					kill_t = t;
				continue;
			}
			const struct fc_item *it = cgroup_sample(fc, &s, t, "/faster", limit, used);
			double left = kill_t - t;
			if (warning < 0 && it->level >= FC_WARNING)
				warning = left;
			if (t >= at + 40 && left > 5 && !(fabs(it->eta - left) <= 0.08 * left + 2 * mib_t))
				fail_msg("a creep %.2f MiB/s faster from %.0f s (%.0f MiB at once): ETA %.1f s "
					 "with %.1f s left, %.3f MiB/s", extra / MiB, at, jump / MiB, it->eta, left,
					 it->rate / MiB);
		}
	if (!(warning <= 60 + 0.2 && warning >= 60 - 2 * mib_t))
		fail_msg("a creep %.2f MiB/s faster (%.0f MiB at once): WARNING %.1f s before the kill",
			 extra / MiB, jump / MiB, warning);
	forecast_free(fc);
	snapshot_free(&s);
}

static void test_creep_speeds_up(void **state)
{
	(void)state;
	creep_speeds_up(0.5 * MiB, 0);
	creep_speeds_up(0.5 * MiB, 8 * MiB);
	creep_speeds_up(0.25 * MiB, 0);
	creep_speeds_up(0.25 * MiB, 8 * MiB);
}

/* Chunks of a 1 MiB buffer and its 2 KiB of page tables, each process
 * taking one every 2 s, the second 0.7 s after the first (a leak beside a
 * cache that grows by blocks), in a 384 MiB cgroup where a chunk fits only
 * with 96 KiB more left: killed with 1.02 MiB left, as live (two processes
 * creeping a MiB at a time: alloc-creep, second-creep), a chunk's time
 * (1 s) before the headroom would reach zero. The ETA is to that chunk, to
 * a sample and the two processes' phase (the ETA to zero: up to 1.3 s
 * late), and the WARNING comes 60 s ahead. */
static double chunks_used(double t, double base, double chunk)
{
	double n = t >= 0 ? floor(t / 2) + 1 : 0;
	if (t >= 0.7)
		n += floor((t - 0.7) / 2) + 1;
	return base + n * chunk;
}

static void test_chunks_to_the_kill(void **state)
{
	(void)state;
	const double limit = 384 * MiB, chunk = MiB + 2048, margin = 96 * 1024;
	const double base = limit - 151 * chunk - 22 * 1024;
	/* the chunk that does not fit: the 151st, at 150 s */
	double kill_t = NAN;
	for (double e = 0; !isfinite(kill_t); e += 0.1) {
		double before = chunks_used(e - 0.05, base, chunk), after = chunks_used(e + 0.05, base, chunk);
		if (after > before && limit - before < chunk + margin)
			kill_t = e;
	}
	assert_true(fabs(kill_t - 150) < 0.01);
	struct snapshot s;
	snapshot_init(&s);
	struct forecast *fc = forecast_new(&cfg);
	double warning = -1;
	for (int k = 0; k * 0.2 < kill_t - 1e-9; k++) {
		double t = k * 0.2, left = kill_t - t;
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/chunks", limit,
		                                         chunks_used(t, base, chunk));
		if (warning < 0 && it->level >= FC_WARNING)
			warning = left;
		if (left <= 50 && !(fabs(it->eta - left) <= 0.02 * left + 0.45))
			fail_msg("chunks: ETA %.2f s with %.2f s left", it->eta, left);
		if (isfinite(it->eta))
			assert_true(it->eta_low <= it->eta && it->eta <= it->eta_high);
	}
	if (!(fabs(warning - 60) <= 0.45))
		fail_msg("chunks: WARNING %.1f s before the kill", warning);
	forecast_free(fc);
	snapshot_free(&s);
}

/* A load taking 4 MiB every 2 s (2 MiB/s, steps under a staircase's),
 * sampled every 0.2 s, 150 MiB from its limit: steady, so it has an ETA
 * from when it is timed to its kill and its alarm never breaks off. Its
 * one-second samples drifted to 1.2 s apart, so its two-second steps held
 * 2.0 then 2.4 s and read 2.0 then 1.67 MiB/s: "slowing down", no ETA and
 * OK for 10 s with a minute left (bench/series_sweep.sh, 0 2 4 ... 150). */
static void test_steps_under_noise(void **state)
{
	(void)state;
	const double limit = 384 * MiB, used0 = limit - 150 * MiB;
	struct snapshot s;
	snapshot_init(&s);
	struct forecast *fc = forecast_new(&cfg);
	enum fc_level top = FC_OK;
	/* the sampler's clock as a sum of its periods (not k x 0.2: the one-
	 * second samples fall where they did) */
	for (double t = 0; t < 74; t += 0.2) {
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/steps", limit,
		                                         used0 + floor(t / 2) * 4 * MiB);
		if (t >= 10 && !isfinite(it->eta))
			fail_msg("steps: no ETA at %.1f s, %.0f s left", t, 76 - t);
		if (it->level < top && top >= FC_WARNING)
			fail_msg("steps: %d after %d at %.1f s", it->level, top, t);
		if (it->level > top)
			top = it->level;
	}
	forecast_free(fc);
	snapshot_free(&s);
}

/* A smooth load slowing down (2 GiB decaying with a time constant of
 * 20 s, sampled each second, as the dashboard does by default): read as
 * slowing to its stop at most samples once it has slowed for a while.
 * A decay must fall by more than a quantum a step (test_steps_under_noise);
 * a smooth load has none: with the most it fell between two samples as
 * its quantum it had to fall by a whole second's worth over the view, and
 * was read so at 20 of 99 samples (89 before; the review of c71406f). */
static void test_smooth_decay_read(void **state)
{
	(void)state;
	const double limit = 8192 * MiB, total = 2048 * MiB, tau = 20;
	struct trend tr;
	trend_init(&tr);
	int read = 0, n = 0;
	for (int k = 0; k < 100; k++) {
		double used = 512 * MiB + total * (1 - exp(-k / tau));
		trend_add(&tr, k, limit - used, trend_noise(limit), trend_reset(limit));
		struct trend_fit f;
		trend_fit(&tr, 8, trend_noise(limit), &f);
		if (k >= 20) {
			n++;
			read += isfinite(f.remaining);
		}
	}
	if (read * 10 < n * 7)
		fail_msg("a smooth decay read as slowing at %d of %d samples", read, n);
}

/* Bursts at 2 MiB/s in whole MiB, after 40 s of idle, that begin at
 * start[i] and last len[i] s (the last repeating every period s): MiB in
 * use at t */
struct duty_shape {
	double start[6], len[6], period;
};

static double duty_shape_used(const struct duty_shape *d, double t)
{
	double u = 0;
	for (int i = 0;; i++) {
		double b = i < 6 ? d->start[i] : d->start[5] + (i - 5) * d->period;
		double l = i < 6 ? d->len[i] : d->len[5];
		if (b > t)
			return u;
		u += floor(2 * fmin(t - b, l));
	}
}

/* What a duty run must show, from `from` s on: an ETA within 5 % and a
 * second (exact), or else never more than a second late and at most
 * `early` s early; WARNING with 59 s left or less; where exact, 1 MiB/s
 * and WARNING at the 60 s mark, else no later than 59 s (where the
 * kill is a minute after `from`) and no earlier than 60 + early */
struct duty_want {
	double from, early;
	bool exact;
};

static void duty_check(const struct duty_shape *d, double headroom, const struct duty_want *w,
                       const char *what)
{
	const double limit = 384 * MiB, base = limit - headroom;
	double kill_t = NAN;
	for (int k = 0; !isfinite(kill_t); k++)
		if (base + duty_shape_used(d, k * 0.2) * MiB >= limit)
			kill_t = k * 0.2;
	struct snapshot s;
	snapshot_init(&s);
	struct forecast *fc = forecast_new(&cfg);
	double warning = -1;
	for (int k = 0; k * 0.2 < kill_t - 1e-9; k++) {
		double t = k * 0.2, left = kill_t - t;
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/duty", limit,
		                                         base + duty_shape_used(d, t) * MiB);
		if (warning < 0 && it->level >= FC_WARNING)
			warning = left;
		if (t < w->from)
			continue;
		bool ok = w->exact ? fabs(it->eta - left) <= 0.05 * left + 1.0
		                   : it->eta <= left + 1.0 && it->eta >= left - w->early;
		if (!ok)
			fail_msg("%s: ETA %.2f s with %.2f s left at %.1f s", what, it->eta, left, t);
		if (left < 59 && it->level < FC_WARNING)
			fail_msg("%s: %s with %.1f s left", what, fc_level_name(it->level), left);
		if (w->exact && fabs(it->rate - MiB) > 0.05 * MiB)
			fail_msg("%s: %.2f MiB/s at %.1f s", what, it->rate / MiB, t);
	}
	if (w->exact ? !(fabs(warning - 60) <= 1.0)
	             : (kill_t > w->from + 60 && warning < 59) || warning > 60 + w->early + 1)
		fail_msg("%s: WARNING %.1f s before the kill", what, warning);
	forecast_free(fc);
	snapshot_free(&s);
}

/* A load working 10 s and resting 10 s, in turn (a server's cache growing
 * with each burst of requests), was read at its working pace (an ETA half
 * the time left) and as stopped in each pause, OK with 15 s left; once
 * three bursts show it (80 s), its pace is a burst a period, in the pauses
 * too, and it runs out inside the burst that does not fit. Left over after
 * whole bursts: 5 MiB (a quarter of a burst: within 5 % and a second), or
 * 0.5 MiB (on the edge: the size known to less than that, it may run out a
 * pause, and a second or two of a burst's start, earlier; never later). */
static void test_duty_cycle(void **state)
{
	(void)state;
	static const struct duty_shape even = {{40, 60, 80, 100, 120, 140}, {10, 10, 10, 10, 10, 10}, 20};
	static const struct duty_want exact = {82, 0, true}, edge = {82, 12, false};
	duty_check(&even, 205 * MiB, &exact, "duty cycle, 5 MiB over");
	duty_check(&even, 200.5 * MiB, &edge, "duty cycle, 0.5 MiB over");
}

/* A burst under way that runs longer than those before, or pauses that
 * shrink: never late (a review found the first read to end at the mean
 * size, the ETA 9-10 s late with 10 s left, CRITICAL dropping back to
 * WARNING; and the second at the mean period, WARNING 53 s ahead). A
 * burst longer than all before is known once it has taken more than the
 * largest and the noise: up to then it may be late by what it takes more. */
static void test_duty_never_late(void **state)
{
	(void)state;
	/* the fourth burst 16 s where the others took 10, the kill 15 s in:
	 * past 24 MiB (the largest and the noise, 12.5 s in) it goes on at
	 * its pace */
	static const struct duty_shape longer = {{40, 60, 80, 100, 120, 140}, {10, 10, 10, 16, 10, 10}, 20};
	static const struct duty_want past = {112.6, INFINITY, false};
	duty_check(&longer, (60 + 30) * MiB + 512 * 1024, &past, "a longer burst");
	/* pauses of 10 s, then 5 (known from the first short one, 97 s) */
	static const struct duty_shape shrink = {{40, 60, 80, 95, 110, 125}, {10, 10, 10, 10, 10, 10}, 15};
	static const struct duty_want shown = {97, INFINITY, false};
	duty_check(&shrink, 200.5 * MiB, &shown, "pauses shrinking");
	duty_check(&shrink, 250.5 * MiB, &shown, "pauses shrinking");
}

/* 4 MiB at once every 40 s, after 40 s of idle (a cache growing a block
 * at a time): each step over the noise but under a staircase's (four
 * noises), each pause longer than any view, so nothing read it: never an
 * ETA, never a WARNING, all the way to the kill (bench/series_sweep.sh,
 * kind 0 at 0.1 MiB/s). From the third step on its pace is a step a
 * period and it runs out at the step that does not fit: 62 MiB left, the
 * sixteenth, at 640 s. */
static void test_slow_small_steps(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	struct forecast *fc = forecast_new(&cfg);
	const double limit = 384 * MiB, base = limit - 62 * MiB, kill_t = 640;
	double warning = -1;
	for (int k = 0; k * 0.2 < kill_t - 1e-9; k++) {
		double t = k * 0.2, left = kill_t - t;
		double used = t < 40 ? 0 : 4 * (floor((t - 40) / 40 + 1e-9) + 1);
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/blocks", limit, base + used * MiB);
		if (warning < 0 && it->level >= FC_WARNING)
			warning = left;
		if (t >= 125 && !(fabs(it->eta - left) <= 0.05 * left + 1.0))
			fail_msg("ETA %.2f s with %.2f s left at %.1f s", it->eta, left, t);
	}
	if (!(warning >= 59 && warning <= 61))
		fail_msg("WARNING %.1f s before the kill", warning);
	forecast_free(fc);
	snapshot_free(&s);
}

/* A 0.5 MiB/s creep under a slow random walk of sd MiB over tau s (other
 * tenants' caches, a heap's fragmentation), from a fixed generator: how
 * long before the kill the first WARNING came (-1: never) */
static double creep_walk_first(unsigned seed, double sd, double tau)
{
	struct snapshot s;
	snapshot_init(&s);
	struct forecast *fc = forecast_new(&cfg);
	const double limit = 384 * MiB, start = limit - 200 * MiB, rate = 0.5, dt = 0.2;
	static double walk[4000];
	uint64_t x = seed * 2654435761u + 1;
	double w = 0, a = exp(-dt / tau);
	for (int k = 0; k < 4000; k++) {
		x = x * 6364136223846793005u + 1442695040888963407u;
		double u = (double)(x >> 11) / 9007199254740992.0;
		w = a * w + sqrt(1 - a * a) * sd * (u * 2 - 1) * sqrt(3.0);
		walk[k] = w;
	}
	double kill_t = INFINITY, first = -1;
	for (int k = 0; k < 4000 && !isfinite(kill_t); k++)
		if (start + (floor(rate * k * dt + 0.6) + walk[k]) * MiB >= limit)
			kill_t = k * dt;
	for (int k = 0; k * dt < kill_t; k++) {
		const struct fc_item *it = cgroup_sample(fc, &s, k * dt, "/walk", limit,
		                                         start + (floor(rate * k * dt + 0.6) + walk[k]) * MiB);
		if (first < 0 && it->level >= FC_WARNING)
			first = kill_t - k * dt;
	}
	forecast_free(fc);
	snapshot_free(&s);
	return first;
}

/* Seed 28 of a walk of 1 MiB over 10 s: a later stretch of the view read
 * as a creep sped up by more than the noise, the first WARNING 69 s before
 * the kill, where the view whole says 58 s; by two noises, not. (Of forty
 * seeds, the code with or without the change warns 60.4-73.6 s before the
 * kill on eighteen: the walk's own moves, left.) */
static void test_creep_under_walk(void **state)
{
	(void)state;
	double first = creep_walk_first(28, 1, 10);
	if (!(first >= 0 && first <= 62))
		fail_msg("a creep under a random walk: the first WARNING %.1f s before the kill", first);
}

/* Creeps whose pace changes and comes back, with nothing sped up for good:
 * one that works 60 s and pauses 40 (0.5 MiB/s while it works), and one
 * that frees 3 MiB every 30 s beside a gross 0.3 MiB/s (0.2 net). Read at
 * the pace of their last stretch (a view cut to its later half where that
 * was faster than the earlier, tried in the thirteenth round), both were
 * at WARNING 14-15 s with more than 75 s left, their ETAs 0.5-0.6 x the
 * time left. Before the last 75 s: no WARNING, and from the second cycle
 * on an ETA of 0.75 x the time left at least (the first cycle's work is
 * all there is to know of it yet: 0.6 x); the creep that works and
 * pauses from its third: one pause says nothing of the next, and a creep
 * that paused once is read at its working pace until it pauses again (a
 * creep that works on after one pause, read over both, ran out 34 s
 * after its first WARNING: once_paused_pace), its ETA 0.6 x. */
static void creep_comes_back(bool frees)
{
	struct snapshot s;
	snapshot_init(&s);
	struct forecast *fc = forecast_new(&cfg);
	const double limit = 384 * MiB, start = limit - 150 * MiB;
	double kill_t = INFINITY;
	for (int pass = 0; pass < 2; pass++)
		for (int k = 0; k * 0.2 < (pass ? kill_t : 3000); k++) {
			double t = k * 0.2, eaten;
			if (frees)
				eaten = floor((0.2 * MiB + 3 * MiB / 30) * t / MiB + 0.1) * MiB -
				        floor(t / 30) * 3 * MiB;
			else
				eaten = floor(0.5 * (floor(t / 100) * 60 + dmin_(fmod(t, 100), 60)) + 0.1) * MiB;
			if (!pass) {
				if (start + eaten >= limit && !isfinite(kill_t))
					kill_t = t;
				continue;
			}
			const struct fc_item *it = cgroup_sample(fc, &s, t, "/back", limit, start + eaten);
			if (kill_t - t > 75 && (it->level >= FC_WARNING ||
			                        (t > (frees ? 100 : 200) && it->eta < 0.75 * (kill_t - t))))
				fail_msg("a creep %s, %.1f s with %.1f s left: %s, ETA %.1f s at %.3f MiB/s",
					 frees ? "freeing 3 MiB every 30 s" : "working 60 s, pausing 40", t,
					 kill_t - t, fc_level_name(it->level), it->eta, it->rate / MiB);
		}
	assert_true(isfinite(kill_t));
	forecast_free(fc);
	snapshot_free(&s);
}

static void test_creep_comes_back(void **state)
{
	(void)state;
	creep_comes_back(true);
	creep_comes_back(false);
}

/* A creep that begins with a move after an idle while (a model loaded into
 * a server idle for minutes, its cache creeping after it; or memory given
 * back, a buffer with them or not, and a creep from there): the slow view
 * begins at the move. Carried
 * across it, the idle seconds before (nothing crept there) diluted the
 * creep: after the load an ETA of 163 s with 60 s left. From the 60 s mark
 * on, its ETA within 5 % and a MiB's time, WARNING at the mark (a MiB's
 * time either way; the load's start aside). */
static void creep_after_idle(double before, double buffer)
{
	struct snapshot s;
	snapshot_init(&s);
	struct forecast *fc = forecast_new(&cfg);
	const double limit = 384 * MiB, rate = 0.5 * MiB, jump_t = 120;
	const double kill_t = jump_t + 120;   /* 60 MiB left after the move */
	double first_warning = -1;
	for (int k = 0; k * 0.2 < kill_t; k++) {
		double t = k * 0.2, left = kill_t - t;
		double used = before + (t >= jump_t - 1 ? buffer : 0);
		if (t >= jump_t)
			used = limit - 60 * MiB + floor(rate * (t - jump_t) / MiB) * MiB;
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/idle", limit, used);
		/* the load itself left less than it took: CRITICAL a moment
		 * (the imminent rule; a young process's start, live) */
		if (first_warning < 0 && t > jump_t + 5 && it->level >= FC_WARNING)
			first_warning = left;
		if (left <= 60 && left > 2 && !(fabs(it->eta - left) <= 0.05 * left + MiB / rate))
			fail_msg("a creep after an idle while at %.0f MiB, %.1f s left: %s, ETA %.1f s",
				 before / MiB, left, fc_level_name(it->level), it->eta);
	}
	if (fabs(first_warning - 60) > MiB / rate + 0.2)
		fail_msg("a creep after an idle while at %.0f MiB: warned with %.1f s left", before / MiB,
			 first_warning);
	forecast_free(fc);
	snapshot_free(&s);
}

static void test_creep_after_idle(void **state)
{
	(void)state;
	creep_after_idle(64 * MiB, 0);                 /* loaded */
	creep_after_idle(384 * MiB - 52 * MiB, 0);     /* 8 MiB given back */
	/* ... with a 6 MiB buffer taken a second before */
	creep_after_idle(384 * MiB - 52 * MiB, 6 * MiB);
}

/* A staircase's first steps, read live (2026-12-01, bench/scenarios.sh):
 * 32 MiB at once, then 24 MiB every 5 s (a little more or less), each
 * touched over up to 0.3 s, sampled each 0.2 s with 20 ms of jitter, in
 * 384 MiB. Before four steps make it a regular staircase, its rate is the
 * long view's; a median over pairs of one-second samples across two steps
 * and their pauses read 4.0 to 5.5 MiB/s for 4.8 by the pause's phase, and
 * an ETA 6 % short held a WARNING 63 s before the kill in one live run
 * (2.6 s of false alarm). The steps after the first over the time since it
 * began are the pace. Judged over 400 runs of random phases: the first ETA
 * under 60 s comes more than 0.4 s early in at most 15 % (39 % with the
 * median) and within 0.4 s in 70 % at least (53 %). */
static void test_staircase_phases(void **state)
{
	(void)state;
	const double limit = 384 * MiB;
	int early = 0, on = 0;
	srand(7);
	for (int r = 0; r < 400; r++) {
		double b0 = 2.0 + urand() * 0.2, st[20], touch;
		st[0] = b0 + 5.0 + (urand() - 0.5) * 0.3;
		for (int k = 1; k < 20; k++)
			st[k] = st[k - 1] + 5.0 + (urand() - 0.5) * 0.3;
		touch = urand() * 0.3;
		/* the 15th step of 24 MiB does not fit: killed when it has
		 * touched what was left */
		double kill = st[14] + touch * (384 - 32 - 24.0 * 14) / 24;
		struct trend tr;
		trend_init(&tr);
		double noise = trend_noise(limit), first = -1;
		for (int i = 0;; i++) {
			double t = i * 0.2 + (urand() - 0.5) * 0.04;
			if (t >= kill)
				break;
			double used = t >= b0 ? 32 * dmin_(1, (t - b0) / 0.25 + 0.01) : 0;
			for (int k = 0; k < 20 && st[k] <= t; k++)
				used += 24 * (touch > 0 ? dmin_(1, (t - st[k]) / touch) : 1);
			double h = limit - floor(used) * MiB;
			trend_add(&tr, t, h, noise, trend_reset(limit));
			struct trend_fit f;
			trend_fit(&tr, 8.0, noise, &f);
			double eta = NAN;
			if (f.significant && f.rate > 0)
				eta = isfinite(f.stairs_eta) ? f.stairs_eta : h / f.rate;
			/* the load's start is a young process's, held at WATCH */
			if (first < 0 && eta < 60 && t > b0 + 2.5)
				first = kill - t;
		}
		early += first > 60.4;
		on += first >= 59.6 && first <= 60.4;
	}
	if (early > 60 || on < 280)
		fail_msg("of 400 staircases, %d warned early, %d on the 60 s mark", early, on);
}

/* A flat headroom that jitters by more than the noise on most samples (a
 * busy machine, a cgroup beside a program that allocates and frees all the
 * time): its moves are no spikes. Taken for spikes, the levels they came
 * back to walked, and the slow view read that walk as a creep: an ETA under
 * a minute in 30 runs of 200 of the first case. */
static void test_slow_view_jitter(void **state)
{
	(void)state;
	static const struct {
		double limit, left, jitter;
	} cases[] = {{384 * MiB, 20 * MiB, 5 * MiB}, {64 * GiB, 600 * MiB, 40 * MiB},
		     {24 * GiB, 300 * MiB, 12 * MiB}};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++)
		for (unsigned seed = 1; seed <= 40; seed++) {
			struct forecast *fc = forecast_new(&cfg);
			struct snapshot s;
			snapshot_init(&s);
			srand(seed);
			for (int k = 0; k < 300 * 5; k++) {
				double j = ((rand() % 2001) - 1000) / 1000.0 * cases[c].jitter;
				const struct fc_item *it =
					cgroup_sample(fc, &s, k * 0.2, "/busy", cases[c].limit,
						      cases[c].limit - cases[c].left + j);
				/* from 10 s: the first seconds, before the jitter is
				 * known, are not the slow view's */
				if (k >= 50 && it->level >= FC_WARNING)
					fail_msg("%.0f MiB, %.0f left, jitter %.0f MiB, seed %u: %s at %.1f s, ETA %.1f s",
						 cases[c].limit / MiB, cases[c].left / MiB,
						 cases[c].jitter / MiB, seed, fc_level_name(it->level), k * 0.2,
						 it->eta);
			}
			forecast_free(fc);
			snapshot_free(&s);
		}
}

/* A steady 16 MiB/s in whole MiB, sampled each 0.2 s: 3 or 4 MiB a sample.
 * Two samples of 4 after one of 3 are no fresh ramp steeper than the
 * window's (they read 17.5 MiB/s: an ETA 9 % short, the 60 s mark 5 s
 * early); a fresh ramp must eat a noise more than the window's pace. */
static void test_steady_quantized_ramp(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	const double limit = 4 * GiB, rate = 16 * MiB, start = limit - 120 * rate;
	for (int k = 0; k <= 120 * 5; k++) {
		double t = k * 0.2;
		double used = start + floor(rate * t / MiB) * MiB;
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/load", limit, used);
		double left = (limit - used) / rate;
		if (left <= 0)
			break;
		if (t > 15 && !(fabs(it->eta - left) <= 0.02 * left + 0.2))
			fail_msg("ETA %.2f s with %.2f s left (rate %.2f MiB/s)", it->eta, left,
				 it->rate / MiB);
		if (left > 60.4)
			assert_true(it->level < FC_WARNING);
	}
	forecast_free(fc);
	snapshot_free(&s);
}

/* A leak in whole MiB too slow for the window: 1 MiB/s sampled each 0.2 s,
 * most pairs of the window under the 2 MiB noise, its median a zero. The
 * slow view times it after 30 s; until then the long view's pace is shown,
 * without an ETA, and the level is WATCH where that pace would empty the
 * cgroup within the warning time (it said "OK, eaten 0 B/s" for 30 s while
 * a MiB a second went). Once the leak stops, it is not shown eating 3.4 s
 * later (its last 5 s moved less than 3/4 of its pace). */
static void test_creep_seen(void **state)
{
	(void)state;
	for (int stop = 0; stop <= 1; stop++) {
		struct forecast *fc = forecast_new(&cfg);
		struct snapshot s;
		snapshot_init(&s);
		const double limit = 384 * MiB, rate = 1 * MiB, left0 = 70 * MiB, stop_t = 25;
		for (int k = 0; k * 0.2 < 65; k++) {
			double t = k * 0.2, e = stop ? fmin(t, stop_t) : t;
			double ate = floor(rate * e / MiB) * MiB;
			const struct fc_item *it = cgroup_sample(fc, &s, t, "/leak", limit, limit - left0 + ate);
			double left = left0 - ate;
			if (!stop && t >= 15 && !(fabs(it->rate - rate) <= 0.1 * rate))
				fail_msg("%.1f s: shown eating %.2f MiB/s, the leak 1.00", t, it->rate / MiB);
			if (!stop && t >= 15 && left < rate * 60 && it->level < FC_WATCH)
				fail_msg("%.1f s: %s with %.0f MiB left at 1 MiB/s", t, fc_level_name(it->level),
					 left / MiB);
			if (stop && t > stop_t + 3.4 && it->rate > 0)
				fail_msg("%.1f s: shown eating %.2f MiB/s, %.1f s after the leak stopped", t,
					 it->rate / MiB, t - stop_t);
			if (stop && it->level >= FC_WARNING)
				fail_msg("%.1f s: %s, a leak that stopped with %.0f MiB left", t,
					 fc_level_name(it->level), left / MiB);
		}
		forecast_free(fc);
		snapshot_free(&s);
	}
	/* a creep of 0.5 MiB/s beside 12 MiB held 6 s from 20 s (a buffer, as
	 * the held-creep shape's): the buffer is no pace, before or after the
	 * slow view times the creep */
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	const double limit = 384 * MiB, rate = 0.5 * MiB, left0 = 100 * MiB;
	for (int k = 0; k * 0.2 < 29; k++) {
		double t = k * 0.2, buf = t >= 20 && t < 26 ? 12 * MiB : 0;
		double ate = floor(rate * t / MiB) * MiB;
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/leak", limit, limit - left0 + ate + buf);
		if (it->rate > 1.5 * rate)
			fail_msg("%.1f s: shown eating %.2f MiB/s beside a buffer, the creep 0.50", t, it->rate / MiB);
		if (t >= 15 && it->level >= FC_WATCH)
			fail_msg("%.1f s: %s with %.0f MiB left at 0.5 MiB/s", t, fc_level_name(it->level),
				 (left0 - ate - buf) / MiB);
	}
	forecast_free(fc);
	snapshot_free(&s);
}

/* A creep of 0.1 MiB/s under a slow random walk (sd 4 MiB, time constant
 * 10 s: series_sim.c's kind 6), its ETA about the watch threshold (10 x
 * the warning time, 600 s) for minutes: the read pace wobbles, and the ETA
 * across 600 s with it. That threshold had no leaving factor: OK <-> WATCH
 * every few seconds (35 flips in one of the sweep's such series). Left,
 * as every level, only beyond its threshold x 1.1. (The walk: a fixed
 * sequence, from an LCG.) */
static void test_watch_hysteresis(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	const double limit = 384 * MiB, left0 = 150 * MiB, a = exp(-0.2 / 10);
	uint32_t x = 12345;
	double walk = 0;
	int flips = 0;   /* a change OK <-> WATCH within 5 s of the last */
	double changed = -INFINITY;
	enum fc_level last = FC_OK;
	for (int k = 0; k * 0.2 < 900; k++) {
		double t = k * 0.2;
		x = x * 1664525u + 1013904223u;
		walk = a * walk + sqrt(1 - a * a) * 4 * ((x >> 8) / 8388608.0 - 1) * sqrt(3.0);
		double used = limit - left0 + floor(0.1 * t + walk) * MiB;
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/leak", limit, used);
		if ((last == FC_OK && it->level == FC_WATCH) || (last == FC_WATCH && it->level == FC_OK)) {
			flips += t - changed < 5;
			changed = t;
		}
		last = it->level;
	}
	/* 22 without the leaving factor; the 2 left are the walk's own
	 * excursions, read as bursts for a moment */
	if (flips > 2)
		fail_msg("OK <-> WATCH %d times within 5 s of the change before", flips);
	forecast_free(fc);
	snapshot_free(&s);
}

/* Seen, not shown where it is no growth or comes and goes: a collector
 * that takes 0.67 MiB/s and frees 20 MiB every 30 s (no net growth: each
 * free begins the long view again, which then sees the clean ramp; it was
 * shown eating 0.65 MiB/s, WATCH, half of every cycle), and a creep of 0.35
 * MiB/s in whole MiB (a MiB or two in 5 s: its pace shown on and off eleven
 * times in 14 s, WATCH and OK in turn). The helper's review of 4b6fce9. */
static void test_creep_seen_not(void **state)
{
	(void)state;
	const double limit = 384 * MiB;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	for (int k = 0; k * 0.2 < 300; k++) {
		double t = k * 0.2, c = fmod(t, 30);
		double held = floor(20.0 / 30 * c);   /* MiB, given back at each 30 s */
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/gc", limit, limit - 35 * MiB + held * MiB);
		if (t >= 31 && it->rate > 0.2 * MiB)
			fail_msg("%.1f s: shown eating %.2f MiB/s, a collector with no growth", t,
				 it->rate / MiB);
	}
	forecast_free(fc);
	snapshot_free(&s);
	fc = forecast_new(&cfg);
	snapshot_init(&s);
	int toggles = 0;
	bool was = false;
	for (int k = 0; k * 0.2 < 60; k++) {
		double t = k * 0.2, ate = floor(0.35 * t) * MiB;
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/creep", limit, limit - 30 * MiB + ate);
		bool shown = it->rate > 0;
		toggles += k > 0 && shown != was;
		was = shown;
	}
	if (toggles > 2)
		fail_msg("a 0.35 MiB/s creep's rate shown and not %d times", toggles);
	forecast_free(fc);
	snapshot_free(&s);
	/* ... and the level it raises holds: a pace shown that would empty it
	 * within the warning time is WATCH, left only 1.1 x beyond it, as an
	 * ETA's levels (0.8 MiB/s, 60 MiB: WATCH, OK for 0.6 s, WATCH) */
	fc = forecast_new(&cfg);
	snapshot_init(&s);
	bool watched = false;
	for (int k = 0; k * 0.2 < 70; k++) {
		double t = k * 0.2, ate = floor(0.8 * t) * MiB;
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/creep", limit, limit - 60 * MiB + ate);
		if (watched && it->level == FC_OK)
			fail_msg("%.1f s: OK again, %.0f MiB left at 0.8 MiB/s", t, (60 * MiB - ate) / MiB);
		watched |= it->level >= FC_WATCH;
	}
	forecast_free(fc);
	snapshot_free(&s);
}

/* The slowing shape's load: 1.6 MiB/s for 30 s beside a creep of 0.4 that
 * goes on, 104 MiB left at first. Once the load stopped, the long view's
 * pairs spread between the two paces: its pace is not shown as the
 * creep's (live, 0.74 MiB/s shown with 34 MiB left, WATCH off and on) */
static void test_creep_seen_slowing(void **state)
{
	(void)state;
	const double limit = 384 * MiB;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	for (int k = 0; k * 0.2 < 90; k++) {
		double t = k * 0.2;
		double ate = floor((0.4 * t + 1.6 * fmin(t, 30)) * MiB / MiB) * MiB;
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/slowing", limit, limit - 104 * MiB + ate);
		double left = (104 * MiB - ate) / (0.4 * MiB);
		if (t > 45 && it->rate > 1.25 * 0.4 * MiB)
			fail_msg("%.1f s: %s, eating %.2f MiB/s shown, %.0f s left at the creep's 0.4",
				 t, fc_level_name(it->level), it->rate / MiB, left);
	}
	forecast_free(fc);
	snapshot_free(&s);
}

/* One allocation touched within a sample (400 MiB: 276 of it read, 44 MiB
 * left in a 384 MiB cgroup): one more such sample empties it, so it is
 * CRITICAL now, with an ETA under a sample, not when a second moving sample
 * would make a ramp (the kill comes first). If nothing more comes, it is
 * over within the levels' hold and two calm samples (3 s here). The same
 * jump leaving more than itself (a request's 96 MiB) raises nothing. */
static void test_imminent(void **state)
{
	(void)state;
	static const double jump[2] = {276 * MiB, 96 * MiB};
	for (int j = 0; j < 2; j++) {
		struct forecast *fc = forecast_new(&cfg);
		struct snapshot s;
		snapshot_init(&s);
		const double limit = 384 * MiB;
		for (int k = 0; k <= 115; k++) {
			double t = k * 0.2, used = 64 * MiB + (k >= 100 ? jump[j] : 0);
			const struct fc_item *it = cgroup_sample(fc, &s, t, "/one", limit, used);
			if (j == 0 && k == 100) {
				assert_int_equal(it->level, FC_CRITICAL);
				assert_true(it->eta >= 0 && it->eta < 0.2);
			} else if (k < 100 || j == 1 || k == 115) {
				if (it->level >= FC_WARNING)
					fail_msg("jump %d: %s at sample %d", j,
						 it->level == FC_CRITICAL ? "critical" : "warning", k);
			}
		}
		forecast_free(fc);
		snapshot_free(&s);
	}
}

/* A load that stalls a sample or two now and then (a file read
 * waiting on the disk, a loader between tensors) is not over: at 40 MiB/s
 * with each fifth sample, or each fourth and fifth, flat, the alarm holds
 * to the end once the load has 3 s of samples in the window. (Before
 * that, it breaks off at each stall: with most of the window still the
 * idle before the load, the window's pace is no trend, and a stall ends
 * the two-sample ramp. Not fixed: a request that stops looks the same for
 * that sample.) */
static void test_stalls_hold(void **state)
{
	(void)state;
	for (int stall = 1; stall <= 2; stall++) {
		struct forecast *fc = forecast_new(&cfg);
		struct snapshot s;
		snapshot_init(&s);
		const double limit = 1024 * MiB;
		double used = 64 * MiB;
		for (int k = 0; used < limit - 8 * MiB; k++) {
			if (k >= 50 && k % 5 < 5 - stall)
				used += 40 * MiB * 0.2 * 5 / (5 - stall);   /* 40 MiB/s on average */
			const struct fc_item *it = cgroup_sample(fc, &s, k * 0.2, "/stalls", limit, used);
			if (k >= 66 && it->level < FC_WARNING)
				fail_msg("stalls of %d samples: %s at sample %d, %.0f MiB left", stall,
					 fc_level_name(it->level), k, (limit - used) / MiB);
		}
		forecast_free(fc);
		snapshot_free(&s);
	}
}

/* A loader reading from a busy disk: at 10 MiB/s on average, 0.2 s
 * sampling, two samples in five eat nothing and the others 0-2x their
 * share (bench/series_sim.c kind 8). Its seconds spread 5 MiB/s: one at
 * less than half the pace, a third that slowed after two, is its jitter,
 * not a stop. Each such second took the alarm down (10-12 breaks in the
 * last minute on every seed) until the slowdown rules had to stand out
 * of the load's own spread. Over eight seeds, the alarm may break off
 * twice in all in the last 50 s, and once at WARNING stays there or
 * above: none of its breaks falls to OK. Own generator, for the same
 * series on every libc. */
static double lcg_unit(uint64_t *x)
{
	*x = *x * 6364136223846793005ull + 1442695040888963407ull;
	return (double)(*x >> 11) / 9007199254740992.0;
}

/* What that loader eats in a sample of dt s at rate (bytes/s) on average:
 * nothing two times in five, else 0-2x rate x dt / 0.6 */
static double stalling_bite(uint64_t *x, double rate, double dt)
{
	return lcg_unit(x) >= 0.4 ? rate * dt / 0.6 * 2 * lcg_unit(x) : 0;
}

static void test_stalling_jitter(void **state)
{
	(void)state;
	int breaks = 0;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		struct forecast *fc = forecast_new(&cfg);
		struct snapshot s;
		snapshot_init(&s);
		const double limit = 1024 * MiB;
		double used = 64 * MiB, kill = -1;
		uint64_t x = seed;
		/* the kill first: the time the series reaches the limit */
		double series[2000];
		int n = 0;
		for (; n < 2000; n++) {
			if (n > 0)
				used += stalling_bite(&x, 10 * MiB, 0.2);
			if (used >= limit) {
				kill = n * 0.2;
				break;
			}
			series[n] = used;
		}
		assert_true(kill > 60);
		enum fc_level prev = FC_OK;
		for (int k = 0; k < n; k++) {
			const struct fc_item *it = cgroup_sample(fc, &s, k * 0.2, "/stalls", limit, series[k]);
			if (kill - k * 0.2 < 50 && prev >= FC_WARNING && it->level < FC_WARNING) {
				breaks++;
				if (it->level == FC_OK)
					fail_msg("seed %d: OK at %.1f s, %.1f s before the kill", (int)seed,
						 k * 0.2, kill - k * 0.2);
			}
			prev = it->level;
		}
		assert_true(prev >= FC_WARNING);
		forecast_free(fc);
		snapshot_free(&s);
	}
	if (breaks > 2)
		fail_msg("the alarm broke off %d times in the last 50 s of 8 series", breaks);
}

/* A load that slows smoothly and stops short: 40 MiB/s decaying with a
 * time constant of 7 s from t = 1 s (280 MiB in all, whole MiB), 414 MiB
 * limit. Its one-second rates are far apart (40 down to a few MiB/s) but
 * each alike to its neighbours: read about their median, that spread
 * was taken for jitter and the slowing for noise (the review of 99b7760:
 * the false alarm 6.1 -> 10.2 s, cleared at 11.6 s). The spread is from
 * second to second: cleared by 9 s, 7 s of alarm at most. */
static void test_smooth_slowdown(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	double alarm = 0;
	for (int k = 0; k < 40 * 5; k++) {
		double t = k * 0.2, e = t > 1 ? t - 1 : 0;
		double used = 64 * MiB + floor(280 * (1 - exp(-e / 7))) * MiB;
		const struct fc_item *it = cgroup_sample(fc, &s, t, "/slows", 414 * MiB, used);
		if (it->level >= FC_WARNING) {
			alarm += 0.2;
			if (t >= 9)
				fail_msg("%s at %.1f s, %.0f MiB left", fc_level_name(it->level), t,
					 (414 * MiB - used) / MiB);
		}
	}
	if (alarm > 7)
		fail_msg("%.1f s of false alarm", alarm);
	forecast_free(fc);
	snapshot_free(&s);
}

/* The same loader sampled each second: a stall of two samples or more
 * makes it "stepwise" (each moving sample a step after a pause), and a
 * staircase's pace is its steps over their time. Over its last six steps
 * (6-8 s of a stream) that read 33 % off the pace of its last 30 s on
 * average (8 seeds, 200 s each); a staircase's steps are a period of
 * 2 s or more apart, and a stream's pace is the long view's: 18 %. */
static void test_stalling_stream_pace(void **state)
{
	(void)state;
	double err = 0;
	int cnt = 0;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		uint64_t x = seed;
		double limit = 4096 * MiB, used = 64 * MiB, hist[200];
		struct trend tr;
		trend_init(&tr);
		for (int n = 0; n < 200; n++) {
			if (n > 0)
				used += stalling_bite(&x, 10 * MiB, 1);
			hist[n] = used;
			trend_add(&tr, n, limit - used, trend_noise(limit), trend_reset(limit));
			struct trend_fit f;
			trend_fit(&tr, 8, trend_noise(limit), &f);
			if (n >= 40 && (f.rules & TREND_R_STEPWISE)) {
				double real = (used - hist[n - 30]) / 30;
				err += fabs(f.rate - real) / real;
				cnt++;
			}
		}
	}
	assert_true(cnt >= 400);   /* read as steps, most of the time */
	if (err / cnt > 0.25)
		fail_msg("a stalling stream's pace: %.0f %% off on average", 100 * err / cnt);
}

/* A staircase with a creep in its pauses: 40 MiB every 10 s and 0.3
 * MiB/s between, each 0.2 s. The creep's moves after a pause are steps
 * too (2 MiB over the noise), and where the last that ended was one of
 * them, the big steps were not "alike" it: no staircase for 7 s in 10,
 * its steps taken out as lone, no rate (the review of the fortieth round).
 * The staircase is judged by its steps over the noise's mark. */
static void test_stairs_with_creep(void **state)
{
	(void)state;
	const double limit = 384 * MiB, noise = trend_noise(limit);
	struct trend tr;
	trend_init(&tr);
	int n = 0, stepwise = 0;
	for (int k = 0; k * 0.2 <= 80; k++) {
		double t = k * 0.2;
		double used = 40 * MiB + 40 * MiB * floor(t / 10 + 1e-9) + floor(0.3 * t * 4) / 4 * MiB;
		trend_add(&tr, t, limit - used, noise, trend_reset(limit));
		struct trend_fit f;
		trend_fit(&tr, 8, noise, &f);
		if (t >= 32) {
			n++;
			stepwise += (f.rules & TREND_R_STEPWISE) != 0;
		}
	}
	if (stepwise < 0.9 * n)
		fail_msg("a staircase with a creep between its steps read as one %d samples in %d",
			 stepwise, n);
}

/* A lone step under the window's jitter (lone_steps in trend_fit.c,
 * three times every other move of the window: faster-creep-d1-procs.tsv
 * and faster-creep-d1-live-procs.tsv in test_forecast_shapes), not a
 * stalling stream's largest move, under three times the next: that is its
 * pace (taken out at once as big as the next, the sweep's stalling
 * streams' ETAs were longer) */
static void test_lone_stream_kept(void **state)
{
	(void)state;
	/* a stream that stalls, each 0.4 s (bench/series_sim.c kind 8) */
	static const double moves[] = {0, 5, 0, 9, 0, 6, 4, 0, 9, 0, 3, 0, 13,
				       0, 7, 0, 5, 8, 0, 2, 0, 6, 0, 9, 0};   /* 8.5 MiB/s */
	struct trend tr;
	trend_init(&tr);
	double used = 20 * MiB;
	for (int n = 0; n <= 100; n++) {
		used += moves[n % 25] * MiB;
		trend_add(&tr, n * 0.4, 4096 * MiB - used, trend_noise(4096 * MiB), trend_reset(4096 * MiB));
		struct trend_fit f;
		trend_fit(&tr, 8, trend_noise(4096 * MiB), &f);
		if (n >= 30 && (f.rules & TREND_R_LONE))
			fail_msg("%.1f s: a stream's move taken out as a lone step (%.2f MiB/s)", n * 0.4,
				 f.rate / MiB);
	}
}

/* A creep under jitter larger than the noise on most samples: 0.5 MiB/s
 * with +-2 MiB a sample (uniform, each sample its own), sampled each
 * 0.2 s, 150 MiB from a 384 MiB limit. Every sample's move was a jump, the
 * slow view began again at each, and the window's pairs are noise: no ETA
 * and no WARNING to the kill, on every seed. Its moves come back (its
 * steps' autocorrelation -0.5), and the slow view reads on: WARNING 50 s
 * ahead at least and nine ETAs in ten within 20 % (and 4 s) from 200 s
 * to 20 s before the creep's line reaches the limit. */
static void test_jittery_creep(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct forecast *fc = forecast_new(&cfg);
		struct snapshot s;
		snapshot_init(&s);
		const double limit = 384 * MiB, end = 300;   /* the creep's line reaches it */
		uint64_t x = seed;
		double first = -1;
		int off = 0, etas = 0;
		for (int k = 0; k * 0.2 < end - 5; k++) {
			double t = k * 0.2, j = (2 * lcg_unit(&x) - 1) * 2 * MiB;
			const struct fc_item *it = cgroup_sample(fc, &s, t, "/jitter", limit,
								 limit - 150 * MiB + 0.5 * MiB * t + j);
			if (first < 0 && it->level >= FC_WARNING)
				first = end - t;
			if (end - t <= 200 && end - t >= 20) {
				etas++;
				/* within a fifth, and the 4 s the jitter moves it */
				off += !(fabs(it->eta - (end - t)) <= 0.2 * (end - t) + 4);
			}
		}
		if (first < 50 || first > 75)
			fail_msg("seed %d: first WARNING %.1f s ahead", (int)seed, first);
		if (off * 10 > etas)
			fail_msg("seed %d: %d of %d ETAs more than 20 %% off", (int)seed, off, etas);
		forecast_free(fc);
		snapshot_free(&s);
	}
}

/* A staircase (24 MiB at once every 5 s, from 32 MiB, in 384 MiB) runs out
 * at the 15th step, t = 75 s: the ETA is the time to that step, not to
 * where the line through the steps reaches the limit (up to a period
 * sooner: 3.5 s right after a step). Steps that are not alike (12 and 36
 * MiB by turns), or steps that grow or come faster, have no such ETA. */
static void test_stairs(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	const double limit = 384 * MiB;
	int checked = 0;
	for (int k = 0; k < 75 * 5; k++) {
		double t = k * 0.2;
		machine(&s, t, 12 * GiB, 0);
		bool added;
		int cg = snapshot_cgroup_index(&s, "/stairs", CG_V1, &added);
		struct snap_cgroup *c = &s.cgroups[cg];
		c->effective_limit = (uint64_t)limit;
		c->usage = c->anon = (uint64_t)((32 + 24 * floor((t + 1e-9) / 5)) * MiB);
		c->shmem = c->file = 0;
		forecast_update(fc, &s);
		size_t n;
		const struct fc_item *it = forecast_items(fc, &n);
		if (t >= 30 && t < 70) {
			if (!(fabs(it[1].eta - (75 - t)) <= 0.5))
				fail_msg("t %.1f: ETA %.1f, %.1f s left", t, it[1].eta, 75 - t);
			checked++;
		}
	}
	assert_true(checked >= 190);
	forecast_free(fc);

	struct trend tr;
	trend_init(&tr);
	struct trend_fit f;
	double used = 32 * MiB;
	for (int k = 0; k < 60 * 5; k++) {
		double t = k * 0.2;
		if (k > 0 && k % 25 == 0)
			used += (k / 25) % 2 ? 12 * MiB : 36 * MiB;
		trend_add(&tr, t, limit - used, 2 * MiB, 8 * 2 * MiB);
		trend_fit(&tr, 10, 2 * MiB, &f);
		if (t > 30)
			assert_true(isnan(f.stairs_eta));
	}
	/* steps that grow by 8 % each, or come 0.5 s sooner each: the mean
	 * step and period would put the end late (the review's case: 25 s
	 * late at 20 s) */
	for (int faster = 0; faster <= 1; faster++) {
		trend_init(&tr);
		used = 32 * MiB;
		double step = 20 * MiB, period = 6, next = 2;
		for (int k = 0; k < 40 * 5; k++) {
			double t = k * 0.2;
			if (t >= next - 1e-9) {
				used += step;
				if (faster)
					period -= 0.5;
				else
					step *= 1.08;
				next += period;
			}
			trend_add(&tr, t, limit - used, 2 * MiB, 8 * 2 * MiB);
			trend_fit(&tr, 10, 2 * MiB, &f);
			if (!isnan(f.stairs_eta))
				fail_msg("%s steps: t %.1f: a staircase ETA %.1f", faster ? "faster" : "growing",
					 t, f.stairs_eta);
		}
	}
	/* sampled each second (-d 1), each step half-way between two samples
	 * and seen half a second after it came: the next is due a period
	 * after it came. Just after the step of 60.5 s, 116 MiB left in 380:
	 * four more fit, the one of 85.5 s does not, 24.5 s on (25.0 from
	 * when each was seen) */
	trend_init(&tr);
	for (int t = 0; t <= 61; t++) {
		double u = t < 10.5 ? 0 : 24 * (floor((t - 10.5) / 5) + 1);
		trend_add(&tr, t, (380 - u) * MiB, 2 * MiB, 8 * 2 * MiB);
	}
	trend_fit(&tr, 10, 2 * MiB, &f);
	if (!(fabs(f.stairs_eta - 24.5) < 0.05))
		fail_msg("steps between samples: a staircase ETA %.2f, not 24.5", f.stairs_eta);
	snapshot_free(&s);
}

/* A steady leak with jitter, its ETA passing the thresholds slowly: once
 * WARNING (after the first 10 s), the level never falls back while the leak goes on (issue 12:
 * levels flipped OK<->CRITICAL every few seconds), and CRITICAL always
 * has an ETA. */
static void test_levels_do_not_flip(void **state)
{
	(void)state;
	for (unsigned seed = 1; seed <= 20; seed++) {
		struct forecast *fc = forecast_new(&cfg);
		struct snapshot s;
		snapshot_init(&s);
		srand(seed);
		const double limit = 2 * GiB, rate = 5 * MiB;
		enum fc_level top = FC_OK;
		int falls = 0;
		for (int k = 0; ; k++) {
			double t = k * 0.2, head = 420 * MiB - rate * t + ((rand() % 2001) - 1000) / 1000.0 * 4 * MiB;
			if (head < 20 * MiB)
				break;
			machine(&s, t, 12 * GiB, 0);
			bool added;
			int cg = snapshot_cgroup_index(&s, "/leak", CG_V1, &added);
			struct snap_cgroup *c = &s.cgroups[cg];
			c->effective_limit = (uint64_t)limit;
			c->usage = c->anon = (uint64_t)(limit - head);
			c->shmem = c->file = 0;
			forecast_update(fc, &s);
			size_t n;
			const struct fc_item *it = &forecast_items(fc, &n)[1];
			if (it->level == FC_CRITICAL)
				assert_true(isfinite(it->eta));
			if (t < 10)
				continue;   /* the first samples: judged by test_noise_and_spikes */
			if (top >= FC_WARNING && it->level < top)
				falls++;
			if (it->level > top)
				top = it->level;
		}
		if (falls)
			fail_msg("seed %u: the level fell back %d times during a steady leak", seed, falls);
		assert_int_equal(top, FC_CRITICAL);
		forecast_free(fc);
		snapshot_free(&s);
	}
}

/* A creep working 10 s at 1 MiB/s (in whole MiB) and pausing 5 s, in
 * turn: the slow view reads its pace over both (0.67 MiB/s), but took every
 * pause for its stop (calm for as long as it takes to move two noises) and
 * dropped to OK in it: WARNING -> OK four times in the last minute
 * (bench/series_sweep.sh kind 2). A pause it came back from is its own: a
 * stop must outlast it by half. And one that does stop (at stop s, before
 * the kill) has no ETA within half as long again as its pauses' calm
 * (5 s, and up to the noise's 3 s of work before) and a second, and no
 * WARNING after that: read as stopped 4-6 s later than before. */
struct duty {
	double rate, work, pause;   /* MiB/s, s, s */
};

static const struct duty short_pauses = {1, 10, 5};

static double paused_creep_used(const struct duty *d, double base, double t)
{
	double per = d->work + d->pause, c = floor(t / per), x = t - per * c;
	return base + floor(d->rate * (c * d->work + dmin_(x, d->work))) * MiB;
}

/* A synthetic cgroup's series: what it uses at t s (bytes), from its
 * numbers below */
struct series {
	double (*used)(const struct series *l, double t);
	double base;      /* bytes at the start */
	struct duty d;    /* its pace, work and pauses */
	double after;     /* its pace after a change (MiB/s) */
	double stop;      /* where it stops for good (s) */
	double noise;     /* +-MiB at each sample, uniform (noisy_duty_load), or
	                   * a buffer's MiB (buffered_duty_load) */
};

/* working and pausing in turn to its stop */
static double duty_load(const struct series *l, double t)
{
	return paused_creep_used(&l->d, l->base, dmin_(t, l->stop));
}

/* ... and 6 MiB given back at 410 s */
static double freed_duty_load(const struct series *l, double t)
{
	return duty_load(l, t) - (t >= 410 ? 6 * MiB : 0);
}

/* d.rate for d.work s, paused d.pause s, then after MiB/s to its stop: in
 * whole MiB */
static double once_paused_load(const struct series *l, double t)
{
	double e = dmin_(t, l->stop);
	return l->base + floor(l->d.rate * dmin_(e, l->d.work) +
	                       l->after * dmax_(e - l->d.work - l->d.pause, 0)) * MiB;
}

/* d.rate MiB/s, after MiB/s from 60 s on, never still: in whole MiB */
static double slowing_load(const struct series *l, double t)
{
	return once_paused_load(&(struct series){.base = l->base, .d = {l->d.rate, 60, 0},
	                                       .after = l->after, .stop = INFINITY}, t);
}

/* duty_load, and noise drawn from t: a reading's own (+-0.5 MiB: the
 * page cache a cgroup's tools read beside it) */
static double noisy_duty_load(const struct series *l, double t)
{
	uint64_t x = (uint64_t)(t * 1000 + 0.5) * 0x9e3779b97f4a7c15ULL;
	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 32;
	return duty_load(l, t) + ((double)(x >> 11) / 9007199254740992.0 * 2 - 1) * l->noise * MiB;
}

/* duty_load, and a buffer of noise MiB held 2 s, 15 s into every other
 * pause (a request's scratch space between bursts) */
static double buffered_duty_load(const struct series *l, double t)
{
	double per = l->d.work + l->d.pause, c = floor(t / per), x = t - c * per;
	bool held = fmod(c, 2) == 0 && x >= l->d.work + 15 && x < l->d.work + 17;
	return duty_load(l, t) + (held ? l->noise * MiB : 0);
}

/* 1.3 MiB/s gross, 8 MiB freed every 10 s, to its stop */
static double freeing_load(const struct series *l, double t)
{
	double e = dmin_(t, l->stop);
	return l->base + (floor(1.3 * e) - floor(e / 10) * 8) * MiB;
}

/* The sample after t, dt later, or where jitter is not 0 (the seed of *x,
 * an LCG's state), dt x U(0.5, 1.5) later: a busy machine's */
static double jittered_next(double t, double dt, unsigned jitter, uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return t + (jitter ? dt * (0.5 + (double)(*x >> 11) / 9007199254740992.0) : dt);
}

/* One load's run through the forecast in a cgroup of limit bytes: a
 * sample every dt s (jittered: jittered_next) from 0 until the load fills
 * the limit (kill_t, to 0.01 s) or end s, whichever comes first:
 *   struct run r;
 *   for (run_begin(&r, ...); run_next(&r); )
 *           ... r.t, r.prev (the sample before), r.it (the forecast) ...
 *   run_end(&r); */
struct run {
	const struct series *l;
	const char *cg;
	double limit, dt, kill_t, t, prev;
	unsigned jitter;
	uint64_t x;
	bool started;
	struct forecast *fc;
	struct snapshot s;
	const struct fc_item *it;
};

static void run_begin(struct run *r, const char *cg, const struct series *l, double limit,
                      double dt, unsigned jitter, double end)
{
	*r = (struct run){.l = l, .cg = cg, .limit = limit, .dt = dt, .jitter = jitter, .x = jitter};
	int k = 0;
	while (k * 0.01 < end && l->used(l, k * 0.01) < limit)
		k++;
	r->kill_t = dmin_(k * 0.01, end);
	r->fc = forecast_new(&cfg);
	snapshot_init(&r->s);
}

/* the next sample, into r->t and r->it; false past the run's end */
static bool run_next(struct run *r)
{
	if (r->started) {
		r->prev = r->t;
		r->t = jittered_next(r->t, r->dt, r->jitter, &r->x);
	}
	r->started = true;
	if (r->t >= r->kill_t)
		return false;
	r->it = cgroup_sample(r->fc, &r->s, r->t, r->cg, r->limit, r->l->used(r->l, r->t));
	return true;
}

static void run_end(struct run *r)
{
	forecast_free(r->fc);
	snapshot_free(&r->s);
}

/* jitter: each sample's period 0.2 s x U(0.5, 1.5) where not 0 (a busy
 * machine's; the pause's stillness then ends a sample or two before its
 * calm does) */
static void paused_creep_run(const struct duty *d, double stop, unsigned jitter, double headroom,
                             int falls_max)
{
	const double limit = 384 * MiB;
	const struct series unstopped = {duty_load, limit - headroom, *d, 0, INFINITY, 0};
	struct series l = unstopped;
	l.stop = stop;
	struct run r, k;
	/* the run goes on to the kill it would have had */
	run_begin(&k, "/paused", &unstopped, limit, 0.2, jitter, INFINITY);
	run_end(&k);
	int falls = 0;
	bool warned = false;
	double last_eta = -1;
	for (run_begin(&r, "/paused", &l, limit, 0.2, jitter, k.kill_t); run_next(&r); ) {
		if (warned && r.it->level < FC_WARNING)
			falls++;
		warned = r.it->level >= FC_WARNING;
		if (isfinite(r.it->eta))
			last_eta = r.t;
		if (r.t > stop + 14 && r.it->level >= FC_WARNING)
			fail_msg("stopped at %.0f s: %s at %.1f s", stop, fc_level_name(r.it->level), r.t);
	}
	if (stop > r.kill_t && falls > falls_max)
		fail_msg("%.0f MiB, jitter %u: the alarm fell back %d times", headroom / MiB, jitter, falls);
	if (stop < r.kill_t && last_eta > stop + 1.5 * (d->pause + 3 / d->rate) + 1)
		fail_msg("stopped at %.0f s: an ETA until %.1f s", stop, last_eta);
	run_end(&r);
}

/* ... and a creep's calm is no pause unless the headroom stood still: a
 * creep freeing 8 MiB every 10 s (net 0.5 MiB/s) that stops, whose calms
 * after each free were taken for pauses, was read stopped 2-3 s later
 * (an ETA 7.8-8 s after its stop; 4.8-6.6 s before pauses were known) */
static void freeing_creep_stop(double stop)
{
	const double limit = 384 * MiB;
	const struct series l = {freeing_load, limit - 150 * MiB, {0, 0, 0}, 0, stop, 0};
	double last_eta = -1;
	struct run r;
	for (run_begin(&r, "/freeing", &l, limit, 0.2, 0, stop + 60); run_next(&r); )
		if (r.t > stop && isfinite(r.it->eta))
			last_eta = r.t - stop;
	if (last_eta > 7)
		fail_msg("a freeing creep stopped at %.0f s: an ETA %.1f s after", stop, last_eta);
	run_end(&r);
}

/* ... and one that does not stop keeps its ETA: each free, eaten back
 * within 6 s, was left out of the slow view as a buffer held the other way
 * (a spike up), and the calm from before it counted on across it: 8 s of
 * it read as the stop, no ETA for a sample or two, the alarm broken off
 * six times in the last minute (bench/series_sweep.sh kind 5). After the
 * first minute, an ETA at every sample, and no fall of the alarm in the
 * last. */
static void freeing_creep_held(unsigned jitter, double headroom)
{
	const double limit = 384 * MiB;
	const struct series l = {freeing_load, limit - headroom, {0, 0, 0}, 0, INFINITY, 0};
	double no_eta = 0;
	int falls = 0;
	bool warned = false;
	struct run r;
	for (run_begin(&r, "/freeing", &l, limit, 0.2, jitter, INFINITY); run_next(&r); ) {
		if (r.t > 60 && !isfinite(r.it->eta))
			no_eta += r.t - r.prev;
		falls += warned && r.it->level < FC_WARNING && r.t > r.kill_t - 60;
		warned = r.it->level >= FC_WARNING;
	}
	if (no_eta > 0 || falls)
		fail_msg("a creep freeing 8 MiB every 10 s, %.0f MiB, jitter %u: %.1f s without an "
		         "ETA, the alarm fell back %d times in the last minute", headroom / MiB, jitter,
		         no_eta, falls);
	run_end(&r);
}

/* its first 20 MiB over 10 s, 25 s calm, then 2 MiB/s for 50 s */
static double started_load(const struct series *l, double t)
{
	return l->base + floor(2 * (dmin_(dmax_(t - 10, 0), 10) + dmin_(dmax_(t - 45, 0), 50))) * MiB;
}

/* A calm is a pause only where the slow view read a creep before it: a
 * load's first 20 MiB over 10 s, 25 s calm, then 2 MiB/s for 50 s, which
 * stops with 60 MiB left: the calm after the first burst taken for a
 * pause held the stop's WARNING 40 s (the review of 112e1d7; 3 s before) */
static void pause_after_start(void)
{
	const double limit = 384 * MiB;
	const struct series l = {started_load, limit - 180 * MiB, {0, 0, 0}, 0, INFINITY, 0};
	struct run r;
	for (run_begin(&r, "/started", &l, limit, 0.2, 0, 160); run_next(&r); )
		if (r.t > 95 + 10 && r.it->level >= FC_WARNING)
			fail_msg("stopped at 95 s: %s at %.1f s", fc_level_name(r.it->level), r.t);
	run_end(&r);
}

/* ... and pauses longer than half the slow view's reach: a creep working
 * 60 s and pausing 40 s (a cache growing while a server generates, idle
 * between requests), whose "still going" test (the later half of the
 * slow view at half the whole's pace at least) took the pause that filled
 * most of that half for its end just as it worked again: no rate and no
 * ETA for the first 20-30 s of every burst, OK where 60 s were left. From
 * 10 s into its third burst on (a pause it came back from known: the
 * first is not where its first burst was too short for the slow view),
 * the forecast has an ETA but for a second or two as each burst begins,
 * 5 s in all at most, and the alarm, once raised, stays. (The pause under
 * way is cut out of the test only while it is one more of those it came
 * back from: cut out whatever it was, a creep slowing to a stop was
 * excused by it, read 30 s after its stop, the review of 4fc1a05; not
 * cut out, the alarm fell at the end of each pause for 2 s.)
 * Its timing (all creeps too slow for their moves to show the bursts, read by
 * bursts_paused from the pauses): the ETA of its last minute was at the
 * pace over work and pauses, 1.7 x the time left as it ran out within
 * a burst, the first WARNING 34 s before the kill; now from three pauses
 * on its bursts give it: WARNING 55-75 s ahead, the ETA of the last
 * minute within 1.25 x the time left and a MiB step's time (2 s at
 * least: a sample and a step). Without an ETA counts from 10 s into the
 * periods-th burst on (2; 3 where the pauses outlast the work: until it
 * came back from two, the first pauses read as its stop). */
static void long_pauses_run(const struct duty *d, double headroom, unsigned jitter, double dt,
                            int periods)
{
	const double limit = 384 * MiB;
	const struct series l = {duty_load, limit - headroom, *d, 0, INFINITY, 0};
	double no_eta = 0, late = 0, warn_t = -1, step = dmax_(2, 1 / d->rate);
	int falls = 0;
	bool warned = false;
	struct run r;
	for (run_begin(&r, "/duty", &l, limit, dt, jitter, INFINITY); run_next(&r); ) {
		if (r.t > periods * (d->work + d->pause) + 10 && !isfinite(r.it->eta))
			no_eta += r.t - r.prev;
		if (r.kill_t - r.t <= 60 && !(r.it->eta <= 1.25 * (r.kill_t - r.t) + step))
			late += r.t - r.prev;
		falls += warned && r.it->level < FC_WARNING;
		warned = r.it->level >= FC_WARNING;
		if (warned && warn_t < 0)
			warn_t = r.t;
	}
	if (no_eta > 5 || falls)
		fail_msg("%.1f MiB/s, %.0f s on, %.0f s off, jitter %u: %.1f s without an ETA, "
		         "the alarm fell back %d times", d->rate, d->work, d->pause, jitter, no_eta, falls);
	if (late > 0 || warn_t < 0 || r.kill_t - warn_t < 55 || r.kill_t - warn_t > 75)
		fail_msg("%.2f MiB/s, %.0f s on, %.0f s off, jitter %u: first WARNING %.1f s before "
		         "the kill, ETA over 1.25 x the time left + %.0f s for %.1f s of the last "
		         "minute", d->rate, d->work, d->pause, jitter,
		         warn_t < 0 ? -1 : r.kill_t - warn_t, step, late);
	run_end(&r);
}

/* ... and one that gives 6 MiB back early in a burst (a cache trimmed):
 * its pauses' levels move with it, or the burst under way is read as
 * having taken 6 MiB less than it has, and the kill put within it
 * (CRITICAL with 50 s left; the review of 85ad974). Right before it the
 * kill was 50 s away, and WARNING is right; from the free on, an ETA at
 * 0.75 x the time left at least, and from the levels' least hold after
 * it, no WARNING with more than 75 s left. */
static void long_pauses_free(unsigned jitter)
{
	const double limit = 384 * MiB;
	const struct series l = {freed_duty_load, limit - 150 * MiB, {0.5, 60, 40}, 0, INFINITY, 0};
	struct run r;
	for (run_begin(&r, "/duty-free", &l, limit, 0.2, jitter, INFINITY); run_next(&r); )
		if (r.t >= 410 && r.kill_t - r.t > 75 &&
		    ((r.t >= 412 && r.it->level >= FC_WARNING) || r.it->eta < 0.75 * (r.kill_t - r.t)))
			fail_msg("6 MiB freed at 410 s, jitter %u: %s at %.1f s, %.0f s before the kill "
			         "(ETA %.0f s)", jitter, fc_level_name(r.it->level), r.t, r.kill_t - r.t,
			         r.it->eta);
	run_end(&r);
}

/* ... but a creep that slows down without pausing is read at its new pace
 * (after: 1 MiB/s for 60 s, then 0.2 MiB/s, never still). Its "still
 * going" test (the later half of its working time at half the whole's
 * pace at least) failed and the slow view gave nothing: no ETA from 65 to
 * 155 s, then 0.33 MiB/s (the old pace still in its line) down to 0.2 by
 * 180 s; without that test, 0.5-0.8 MiB/s for a minute. The change, as
 * where a creep speeds up (slow_changed): from 35 s after it on, an ETA at
 * every sample, from a rate within 20 % of the new pace. (Before that, a
 * few seconds after the slowdown, the calm that reads as its stop.) */
static void slowing_creep(double rate, double after, double headroom, unsigned jitter)
{
	const double limit = 384 * MiB;
	const struct series l = {slowing_load, limit - headroom, {rate, 0, 0}, after, INFINITY, 0};
	struct run r;
	for (run_begin(&r, "/slowing", &l, limit, 0.2, jitter, 240); run_next(&r); )
		if (r.t >= 95 && !(isfinite(r.it->eta) && fabs(r.it->rate / MiB - after) <= 0.2 * after))
			fail_msg("%.1f MiB/s, then %.1f from 60 s, jitter %u: %.2f MiB/s, ETA %.1f s at "
			         "%.1f s", rate, after, jitter, r.it->rate / MiB, r.it->eta, r.t);
	run_end(&r);
}

/* ... and once it came back from a pause, the pause and its first
 * seconds after are no slower pace: a creep of 0.5 MiB/s pausing 15 s
 * after a minute, read at 0.11 MiB/s for 5 s as it worked again, fell
 * from WARNING to WATCH with 53 s left (the review of 4fc1a05, D3). Once
 * its alarm is back after the pause, it stays to the kill. */
static void resumed_creep_held(double rate, unsigned jitter)
{
	const double limit = 384 * MiB;
	const struct series l = {duty_load, limit - 60 * rate / 0.5 * MiB, {rate, 60, 15}, 0,
	                         INFINITY, 0};
	bool warned = false, was = false;
	int falls = 0;
	struct run r;
	for (run_begin(&r, "/resumed", &l, limit, 0.2, jitter, INFINITY); run_next(&r); )
		if (r.t > l.d.work + l.d.pause) {
			falls += was && r.it->level < FC_WARNING;
			was = r.it->level >= FC_WARNING;
			warned = warned || was;
		}
	if (!warned || falls)
		fail_msg("%.1f MiB/s, paused 15 s at 60 s, jitter %u: %s, the alarm fell back %d "
		         "times after the pause", rate, jitter, warned ? "warned" : "no WARNING",
		         falls);
	run_end(&r);
}

/* ... but one that comes back from its pause slower is read at its
 * slower pace once its means since say so: 0.5 MiB/s, a 10 s pause at
 * 60 s, then 0.25 MiB/s, sampled each second, was read at 0.32-0.39
 * MiB/s after the pause (the slower reading dropped as D3's), WARNING
 * with 80 s left, not 60, to 115 s (the review of 69a5c13). No WARNING
 * more than 75 s before the kill from 32 s after the pause on. Until
 * then its pace over work and pause, and its old pace the first seconds
 * after it, are all there is to go by (the calm that records the pause
 * ends 3 MiB after it, three means after that read its pace): on one
 * jitter, WARNING from 82 to 100 s, 108 s ahead, where the code before
 * D3, taking pause and return for a slower pace, had none. */
static void slower_after_pause(unsigned jitter)
{
	const double limit = 384 * MiB;
	const struct series l = {once_paused_load, limit - 60 * MiB, {0.5, 60, 10}, 0.25, INFINITY, 0};
	struct run r;
	for (run_begin(&r, "/slower", &l, limit, 1, jitter, INFINITY); run_next(&r); )
		if (r.t > 102 && r.kill_t - r.t > 75 && r.it->level >= FC_WARNING)
			fail_msg("paused at 60 s, back at half its pace, jitter %u: %s at %.0f s, "
			         "%.0f s before the kill (%.2f MiB/s)", jitter,
			         fc_level_name(r.it->level), r.t, r.kill_t - r.t, r.it->rate / MiB);
	run_end(&r);
}

/* ... and one that slows at once to a pace still fast enough to kill
 * (2 MiB/s, then 0.5, 30 MiB left at the change): each 2-4 s calm at the
 * new pace read as the old pace's stop, ended by its next MiB, the alarm
 * OK <-> CRITICAL four times in the last minute, until the slow view read
 * the change about 25 s on. From two cycles (a calm and the move that
 * ended it) alike on, their pace: the alarm falls twice at most (the
 * first cycle holds the change and no pace of its own). */
static void slowed_creep_held(double after, unsigned jitter, int falls_max)
{
	const double limit = 384 * MiB;
	const struct series l = {slowing_load, limit - 150 * MiB, {2, 0, 0}, after, INFINITY, 0};
	bool was = false;
	int falls = 0;
	struct run r;
	for (run_begin(&r, "/slowed", &l, limit, 0.2, jitter, INFINITY); run_next(&r); ) {
		falls += was && r.it->level < FC_WARNING && r.kill_t - r.t < 60;
		was = r.it->level >= FC_WARNING;
	}
	if (falls > falls_max)
		fail_msg("2 MiB/s, then %.1f from 60 s, jitter %u: the alarm fell %d times in the last "
		         "minute", after, jitter, falls);
	run_end(&r);
}

/* ... and one that paused once, 40 s after working a minute, and works on
 * at its pace is read at that pace, not at its pace over work and pause:
 * read so (0.24-0.3 MiB/s for 0.5), its first WARNING came 34 s before
 * the kill, its ETA 25 % long for 50 s of its last minute (B1, a 10-s
 * line: 60 s ahead). One pause says nothing of the next; a second makes
 * it a load that works and pauses in turn, read over both (bursts.c);
 * one that comes back slower is read so (slower_after_pause). */
static void once_paused_pace(double dt, unsigned jitter)
{
	const double limit = 384 * MiB;
	const struct series l = {once_paused_load, limit - 80 * MiB, {0.5, 60, 40}, 0.5, INFINITY, 0};
	struct run r;
	for (run_begin(&r, "/once", &l, limit, dt, jitter, INFINITY); run_next(&r); ) {
		double left = r.kill_t - r.t;
		if (left <= 55 && (r.it->level < FC_WARNING || !(r.it->eta <= 1.25 * left + 1)))
			fail_msg("0.5 MiB/s, paused 40 s at 60 s, sampled each %.1f s, jitter %u: %s, "
			         "ETA %.1f s with %.1f s left (%.2f MiB/s)", dt, jitter,
			         fc_level_name(r.it->level), r.it->eta, left, r.it->rate / MiB);
	}
	run_end(&r);
}

/* ... but not where it came back slower, nor where it paused before
 * unseen: read at its working pace, a creep back from a 90 s pause at
 * 0.45 MiB/s after 1 warned 94 s ahead (0.71 MiB/s), and a load working
 * 30 s and pausing 60, whose first pause was too early to be recorded,
 * 99 s ahead (the review of 39ae926). After the first pause, no WARNING
 * with more than 75 s left (as the first pause begins, the creep's pace
 * before it is all there is to go by). */
static void once_paused_early(const struct series *l, double dt, unsigned jitter)
{
	const double limit = 384 * MiB;
	struct run r;
	for (run_begin(&r, "/early", l, limit, dt, jitter, INFINITY); run_next(&r); )
		if (r.t > l->d.work + l->d.pause && r.kill_t - r.t > 75 && r.it->level >= FC_WARNING)
			fail_msg("%.2f MiB/s, %.0f s on, %.0f s off, then %.2f MiB/s, jitter %u: %s at "
			         "%.1f s, %.0f s before the kill (%.2f MiB/s)", l->d.rate, l->d.work,
			         l->d.pause, l->after, jitter, fc_level_name(r.it->level), r.t,
			         r.kill_t - r.t, r.it->rate / MiB);
	run_end(&r);
}

/* The series l, sampled each dt s with jitter, from "from" s before its
 * kill on: at WARNING or above, its ETA within 10 % of the time left and
 * slack s (the last two samples aside) */
static void warned_to_kill(const char *what, const struct series *l, double dt,
                           unsigned jitter, double from, double slack)
{
	struct run r;
	for (run_begin(&r, "/tokill", l, 384 * MiB, dt, jitter, INFINITY); run_next(&r); ) {
		double left = r.kill_t - r.t;
		if (left <= from && left > 2 * dt &&
		    (r.it->level < FC_WARNING || !(fabs(r.it->eta - left) <= 0.1 * left + slack)))
			fail_msg("%s, sampled each %.1f s, jitter %u: %s, ETA %.1f s with %.1f s left "
			         "(%.2f MiB/s)", what, dt, jitter, fc_level_name(r.it->level), r.it->eta,
			         left, r.it->rate / MiB);
	}
	run_end(&r);
}

/* ... and where its first pause outlasted the work before it, so does
 * one that runs out in the burst after that pause (0.5 MiB/s, 60 s on,
 * 80 s off): at WARNING from 35 s before the kill, its ETA within 10 %
 * and a whole MiB (2 s). Read over work and pause (0.12-0.17 MiB/s), it
 * warned 14 s before the kill. (A load that pauses that long again is
 * read so too, early: the price, bench/HISTORY.md's twenty-fourth
 * round.) And one idle longer than it had worked that then works on
 * (1 MiB/s for 45 s, still 70 s, then on): at WARNING from 55 s before
 * the kill (the twenty-fourth round's guard against that price, the rule
 * only once such a load had worked 1.25 x as long again or a burst like
 * its first did not fit, warned 46 s before it). */
static void once_paused_long(double dt, unsigned jitter)
{
	const double limit = 384 * MiB;
	const struct series not_fitting = {duty_load, limit - 60 * MiB, {0.5, 60, 80}, 0, INFINITY,
	                                   0};
	const struct series works_on = {once_paused_load, limit - 150 * MiB, {1, 45, 70}, 1,
	                                 INFINITY, 0};
	warned_to_kill("0.5 MiB/s, 60 s on, 80 s off", &not_fitting, dt, jitter, 35, 2);
	warned_to_kill("1 MiB/s, 45 s on, 70 s off, then on", &works_on, dt, jitter, 55, 1);
}

/* ... and where the bursts' model reads such a load, a buffer held in a
 * pause does not break the alarm: 0.2 MiB/s, 30 s on, 40 s off, 4 MiB
 * held 2 s in every other pause, a sample a second. While the buffer was
 * held the spike rule had the say, its ETA from the line (70 s where the
 * model's said 58): WATCH for two samples 54 s before the kill. */
static void buffered_model_held(void)
{
	const double limit = 384 * MiB;
	const struct series l = {buffered_duty_load, limit - 60 * MiB, {0.2, 30, 40}, 0, INFINITY, 4};
	double first = -1;
	int breaks = 0;
	bool warned = false;
	struct run r;
	for (run_begin(&r, "/heldmodel", &l, limit, 1.0, 0, INFINITY); run_next(&r); ) {
		double left = r.kill_t - r.t;
		bool w = r.it->level >= FC_WARNING;
		if (w && first < 0)
			first = left;
		if (warned && !w && left <= 60)
			breaks++;
		warned = w;
	}
	if (breaks || first < 55)
		fail_msg("0.2 MiB/s, 30 s on, 40 s off, 4 MiB held in every other pause: first "
		         "WARNING %.1f s ahead, the alarm broke off %d times", first, breaks);
	run_end(&r);
}

/* ... nor a load working and pausing in turn with a buffer held in every
 * other pause: 0.2 MiB/s, 60 s on, 30 s off, 1 MiB held 2 s. Until the
 * twenty-sixth round the buffer's pauses went unrecorded (the pause's
 * stillness across the buffer was begun again 8 s after the creep's
 * first move back, and the creep's calm ends 15 s after it at this pace:
 * a calm the slow view could not record, odd_t), and the bursts' model
 * never read it: its first WARNING 35 s before the kill, its ETA 25 %
 * long for 36 s of the last minute (with 10 s left or more), 10 % short
 * of the time left for 47 s. Now every pause is recorded and the model
 * reads it: WARNING 61 s ahead, none long; the price, its ETA 10 % short
 * for 98 s (read at its working pace between its first recorded pauses,
 * the twenty-third round's). */
static void once_paused_buffered(void)
{
	const double limit = 384 * MiB;
	const struct series l = {buffered_duty_load, limit - 60 * MiB, {0.2, 60, 30}, 0, INFINITY, 1};
	double short_s = 0, long_s = 0, first = -1;
	struct run r;
	for (run_begin(&r, "/buffered", &l, limit, 0.2, 0, INFINITY); run_next(&r); ) {
		double left = r.kill_t - r.t;
		if (left > 10 && r.it->eta < 0.9 * left)
			short_s += r.t - r.prev;
		if (left <= 60 && left > 10 && r.it->eta > 1.25 * left)
			long_s += r.t - r.prev;
		if (first < 0 && r.it->level >= FC_WARNING)
			first = left;
	}
	if (short_s > 105 || long_s > 5 || first < 55 || first > 75)
		fail_msg("0.2 MiB/s, 60 s on, 30 s off, 1 MiB held in every other pause: ETA 10 %% "
		         "short for %.1f s, 25 %% long for %.1f s, first WARNING %.1f s ahead",
		         short_s, long_s, first);
	run_end(&r);
}

/* ... and one that paused once and then stops for good has its stop
 * read as a creep's: 0.5 MiB/s for 45 s, still 60 s, on for 45 s and
 * stopped with 15 MiB left, its calm after the stop read as one more
 * pause at the working pace, held WARNING 69 s past the stop (the review
 * of 0a753c7; a creep with no pause, 4 s). No WARNING 15 s after it. */
static void once_paused_stop(double dt, unsigned jitter)
{
	const double limit = 384 * MiB;
	const struct series l = {once_paused_load, limit - 60 * MiB, {0.5, 45, 60}, 0.5, 150, 0};
	struct run r;
	for (run_begin(&r, "/stopped", &l, limit, dt, jitter, 300); run_next(&r); )
		if (r.t > l.stop + 15 && r.it->level >= FC_WARNING)
			fail_msg("paused once, stopped at 150 s, sampled each %.1f s, jitter %u: %s at "
			         "%.1f s", dt, jitter, fc_level_name(r.it->level), r.t);
	run_end(&r);
}

/* ... and a load working and pausing in turn with a buffer held 2 s in
 * every other pause (0.5 MiB/s, 60 s on, 30 off, 4 MiB; 150 MiB left):
 * those pauses recorded too, across the buffer, it runs out in its
 * fifth burst, at WARNING from 55 s before the kill, its ETA never 25 %
 * long (and 2 s: the last seconds' whole MiB). Unrecorded, read at the
 * pace over work and pause (0.32 MiB/s): its first WARNING 38 s before
 * the kill, 44 s of its last minute long. */
static void buffered_pauses_held(double dt, unsigned jitter)
{
	const struct series l = {buffered_duty_load, 234 * MiB, {0.5, 60, 30}, 0, INFINITY, 4};
	struct run r;
	for (run_begin(&r, "/bufheld", &l, 384 * MiB, dt, jitter, INFINITY); run_next(&r); ) {
		double left = r.kill_t - r.t;
		if (left <= 55 && left > 3 &&
		    (r.it->level < FC_WARNING || !(r.it->eta <= 1.25 * left + 2)))
			fail_msg("a buffer in every other pause, sampled each %.1f s, jitter %u: %s, "
			         "ETA %.1f s with %.1f s left (%.2f MiB/s)", dt, jitter,
			         fc_level_name(r.it->level), r.it->eta, left, r.it->rate / MiB);
	}
	run_end(&r);
}

/* ... and a buffer under the noise in every other pause (0.3 MiB/s, 15 s
 * on, 30 off, 1.5 MiB): the creep's level and it a noise off the calm's,
 * that pause's calm cut in two, neither half recorded, the others were
 * (for their stillness, at the pace over work and pauses): the bursts'
 * model read two cycles as one, 9 MiB every 90 s, CRITICAL 36 s before
 * the kill, its ETA 12 s (the review of the twenty-seventh round). Half
 * such a pause marks the load odd, as a calm not still enough does. */
static void buffered_sparse(double dt)
{
	const struct series l = {buffered_duty_load, 234 * MiB, {0.3, 15, 30}, 0, INFINITY, 1.5};
	struct run r;
	double worst = INFINITY, worst_t = 0;
	for (run_begin(&r, "/bufsparse", &l, 384 * MiB, dt, 0, INFINITY); run_next(&r); ) {
		double left = r.kill_t - r.t;
		if (left <= 60 && left > 25 && r.it->eta / left < worst)
			worst = r.it->eta / left, worst_t = r.t;
	}
	if (!(worst >= 0.45))
		fail_msg("a 1.5 MiB buffer in every other pause, sampled each %.1f s: ETA %.2f x "
		         "the time left at %.1f s", dt, worst, worst_t);
	run_end(&r);
}

/* idle 60 s, one 6 MiB burst (0.5 MiB/s), idle 60 s, then another load at
 * 1 MiB/s for 40 s that stops for good 8 MiB short of the limit: the idle
 * after the one burst is no pause of the second load, and its stop must
 * leave WARNING within 30 s (review of f3a202d: held 93 s, 14 s before) */
static double burst_idle_load(const struct series *l, double t)
{
	double e = dmin_(t, l->stop), u = floor(0.5 * dmin_(dmax_(e - 60, 0), 12));
	u += floor(1.0 * dmax_(e - 132, 0));
	return l->base + u * MiB;
}

static void test_burst_idle_then_load_stops(void **state)
{
	(void)state;
	const double limit = 384 * MiB;
	for (unsigned jitter = 0; jitter <= 1; jitter++) {
		const struct series l = {.used = burst_idle_load, .base = limit - 54 * MiB, .stop = 172};
		struct run r;
		double last_warn = -1;
		for (run_begin(&r, "/burst_idle", &l, limit, 1, jitter, 600); run_next(&r);)
			if (r.it && r.it->level >= FC_WARNING)
				last_warn = r.t;
		run_end(&r);
		print_message("jitter %u: last WARNING at %.1f s (stop at 172 s)\n", jitter, last_warn);
		assert_true(last_warn < 172 + 30);
	}
}

static void test_creep_pauses(void **state)
{
	(void)state;
	/* 150 MiB: the kill 220 s in, never a fall; 60 MiB: 85 s in, the
	 * first pause the slow view reads (at 46 s) is its stop, as nothing
	 * before it said the load pauses, and one more where the jitter
	 * puts a pause's stillness out of the view's reach */
	for (unsigned jitter = 0; jitter <= 4; jitter++) {
		paused_creep_run(&short_pauses, 1e9, jitter, 150 * MiB, 0);
		paused_creep_run(&short_pauses, 1e9, jitter, 60 * MiB, 2);
	}
	/* stopped in a pause, before a burst, and in a burst */
	paused_creep_run(&short_pauses, 130, 0, 150 * MiB, 0);
	paused_creep_run(&short_pauses, 135, 0, 150 * MiB, 0);
	paused_creep_run(&short_pauses, 125, 1, 150 * MiB, 0);
	freeing_creep_stop(150);
	freeing_creep_stop(190);
	for (unsigned jitter = 0; jitter <= 2; jitter++) {
		freeing_creep_held(jitter, 60 * MiB);
		freeing_creep_held(jitter, 150 * MiB);
	}
	pause_after_start();
	for (unsigned jitter = 0; jitter <= 2; jitter++) {
		slowing_creep(1, 0.2, 150 * MiB, jitter);
		slowing_creep(2, 0.5, 250 * MiB, jitter);
	}
	static const struct duty long_pauses[] = {{0.5, 60, 40}, {0.5, 30, 40}, {1, 30, 30}};
	for (size_t k = 0; k < sizeof long_pauses / sizeof *long_pauses; k++)
		for (unsigned jitter = 0; jitter <= 2; jitter++)
			long_pauses_run(&long_pauses[k], 150 * MiB, jitter, 0.2, 2);
	/* ... and pauses that outlast the work: their calms, at the pace over
	 * work and pauses (0.1 and 0.09 MiB/s), under two noises. Unrecorded,
	 * such a pause filled the later half of the working time, the creep
	 * read stopped for 687 s of its run (first WARNING 41 s before the
	 * kill; the review of 4fc1a05); then read at that pace, its kill
	 * within a burst 25 % late, the first WARNING 71 s and 3.4 s before
	 * it. Recorded for their stillness (a noise at that pace, where the
	 * creep's own moves stand still for a fifth of that), they are the
	 * bursts' model's (bench/HISTORY.md, the twenty-seventh round) */
	static const struct duty unrecorded = {0.3, 15, 30};
	for (unsigned jitter = 0; jitter <= 2; jitter++) {
		long_pauses_run(&unrecorded, 150 * MiB, jitter, 1, 2);
		long_pauses_run(&unrecorded, 150 * MiB, jitter, 0.2, 2);
	}
	buffered_sparse(1);
	buffered_sparse(0.2);
	static const struct duty outlasting = {0.2, 30, 40};
	for (unsigned jitter = 0; jitter <= 2; jitter++) {
		long_pauses_run(&outlasting, 60 * MiB, jitter, 0.2, 3);
		long_pauses_run(&outlasting, 150 * MiB, jitter, 0.2, 3);
		long_pauses_run(&outlasting, 150 * MiB, jitter, 1, 3);
	}
	/* ... twice over: the view before a pause's calm mostly the pause
	 * before it, no line over it, the pause unrecorded (no ETA in each
	 * burst; at a sample a second the first WARNING 1 s before the
	 * kill, 15 s at 0.2 s). Its net pace (bench/HISTORY.md, the
	 * twenty-eighth round) */
	static const struct duty twice = {0.2, 30, 60};
	for (unsigned jitter = 0; jitter <= 2; jitter++) {
		long_pauses_run(&twice, 60 * MiB, jitter, 1, 3);
		long_pauses_run(&twice, 60 * MiB, jitter, 0.2, 3);
		long_pauses_run(&twice, 150 * MiB, jitter, 1, 3);
	}
	/* a pause's level is where it stood still, not where its calm began
	 * (a noise above: 0.25 MiB/s working 50 s and pausing 50, its last
	 * burst read 2 MiB further on, the kill a period late, WARNING 7.6 s
	 * before it; the review of 85ad974) */
	static const struct duty quarter = {0.25, 50, 50};
	for (unsigned jitter = 0; jitter <= 2; jitter++) {
		long_pauses_run(&quarter, 136 * MiB, jitter, 1, 2);
		long_pauses_free(jitter);
	}
	for (unsigned jitter = 0; jitter <= 4; jitter++) {
		resumed_creep_held(0.5, jitter);
		resumed_creep_held(1, jitter);
		slower_after_pause(jitter);
		slowed_creep_held(0.5, jitter, 2);
		once_paused_pace(0.2, jitter);
		once_paused_pace(1, jitter);
	}
	const double limit = 384 * MiB;
	const struct series slower_back = {once_paused_load, limit - 150 * MiB, {1, 90, 90}, 0.45,
	                                   INFINITY, 0};
	const struct series unseen = {duty_load, limit - 60 * MiB, {0.5, 30, 60}, 0, INFINITY, 0};
	const struct series gapped = {duty_load, limit - 150 * MiB, {1, 30, 60}, 0, INFINITY, 0};
	/* the review's noisy work/pause creep (kind 16: its fourth pause the
	 * first recorded, 20 s false under 39ae926); this noise, drawn from t,
	 * does not reproduce that case: it passed under 39ae926 too */
	const struct series noisy = {noisy_duty_load, limit - 60 * MiB, {0.2, 60, 30}, 0, INFINITY,
	                             0.5};
	for (unsigned jitter = 0; jitter <= 2; jitter++) {
		once_paused_early(&slower_back, 1, jitter);
		once_paused_early(&unseen, 0.2, jitter);
		once_paused_early(&noisy, 1, jitter);
	}
	/* (jittered, its third burst's end warns 0.4-0.9 s as before) */
	once_paused_early(&gapped, 0.2, 0);
	/* a first pause too early to be recorded, 100 s: the view moved past
	 * what it read before the second (WARNING 260 s ahead) */
	const struct series long_off = {duty_load, limit - 150 * MiB, {1, 30, 100}, 0, INFINITY, 0};
	once_paused_early(&long_off, 0.2, 0);
	for (unsigned jitter = 0; jitter <= 2; jitter++) {
		once_paused_long(0.2, jitter);
		once_paused_long(1, jitter);
		once_paused_stop(0.2, jitter);
		once_paused_stop(1, jitter);
	}
	once_paused_buffered();
	buffered_model_held();
	for (unsigned jitter = 0; jitter <= 2; jitter++) {
		buffered_pauses_held(0.2, jitter);
		buffered_pauses_held(1, jitter);
	}
}

/* A load that slows down but not enough: 20 MiB/s decaying with a 40 s time
 * constant would take 800 MiB in all, and 300 MiB are left: it runs out
 * after 18.8 s. Recognising the slowdown must not clear that alarm. */
static void test_slowing_but_running_out(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	const double limit = 1 * GiB, head0 = 300 * MiB, r0 = 20 * MiB, tau = 40;
	double warned_left = -1;
	for (int k = 0; ; k++) {
		double t = k * 0.2, head = head0 - r0 * tau * (1 - exp(-t / tau));
		if (head <= 0)
			break;
		machine(&s, t, 12 * GiB, 0);
		bool added;
		int cg = snapshot_cgroup_index(&s, "/slow", CG_V1, &added);
		struct snap_cgroup *c = &s.cgroups[cg];
		c->effective_limit = (uint64_t)limit;
		c->usage = c->anon = (uint64_t)(limit - head);
		c->shmem = c->file = 0;
		forecast_update(fc, &s);
		size_t n;
		const struct fc_item *it = &forecast_items(fc, &n)[1];
		double left = -tau * log(1 - head0 / (r0 * tau)) - t;
		if (t > 3 && it->level < FC_WARNING && left < 12)
			fail_msg("t=%.1f s: %s with %.1f s left (ETA %.1f)", t, fc_level_name(it->level), left, it->eta);
		if (warned_left < 0 && it->level >= FC_WARNING)
			warned_left = left;
	}
	assert_true(warned_left >= 12);
	forecast_free(fc);
	snapshot_free(&s);
}

/* A garbage collector's sawtooth (100 MiB eaten at 50 MiB/s, then freed,
 * with 700 MiB free at its low points): no alarm from its cycles. Then a
 * cycle that is not freed, eating on at the same pace: it is warned as soon
 * as it has eaten clearly more than a cycle does (125 MiB), with 9 s left. */
static void test_sawtooth_then_runaway(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	const double limit = 1 * GiB, rate = 50 * MiB;
	double t = 0, head = 800 * MiB, warned_left = -1;
	for (int k = 0; head > 0; k++, t += 0.2) {
		double in_cycle = fmod(t, 3.0);
		bool runaway = t >= 30;
		if (!runaway && in_cycle < 2.0)
			head = 800 * MiB - rate * in_cycle;
		else if (!runaway)
			head = 800 * MiB;
		else
			head -= rate * 0.2;
		if (head <= 0)
			break;
		machine(&s, t, 12 * GiB, 0);
		bool added;
		int cg = snapshot_cgroup_index(&s, "/gc", CG_V1, &added);
		struct snap_cgroup *c = &s.cgroups[cg];
		c->effective_limit = (uint64_t)limit;
		c->usage = c->anon = (uint64_t)(limit - head);
		c->shmem = c->file = 0;
		forecast_update(fc, &s);
		size_t n;
		const struct fc_item *it = &forecast_items(fc, &n)[1];
		if (t >= 8 && !runaway && it->level >= FC_WARNING)
			fail_msg("t=%.1f s: %s in an ordinary GC cycle (ETA %.1f)", t, fc_level_name(it->level), it->eta);
		if (runaway && warned_left < 0 && it->level >= FC_WARNING)
			warned_left = head / rate;
	}
	if (warned_left < 8)
		fail_msg("the runaway cycle warned with %.1f s left", warned_left);
	forecast_free(fc);
	snapshot_free(&s);
}

/* A garbage collector that holds its peak a second before it frees (the
 * sawtooth shape: 96 MiB of garbage at 48 MiB/s, 8 MiB live a cycle, a 1 s
 * pause at the peak and after the free): its low points are the peaks,
 * reached a second before the free. Timed at the free, the low points'
 * line ran a second late, and so did the ETA (0.7 s long at the 60 s mark
 * live). It runs out at the first peak past where the low points' line
 * reaches zero, up to a cycle after: along the line the ETA is never late
 * (by more than a sample or two), and never more than a cycle early. */
static double gc_used(double base, double t)
{
	double c = floor((t + 1e-9) / 4), in = t - 4 * c;
	if (in < 2 - 1e-9)
		return base + 8 * MiB * c + 48 * MiB * in;
	return base + 8 * MiB * (c + 1) + (in < 3 - 1e-9 ? 96 * MiB : 0);
}

/* The same collector, one of whose cycles (late; -1 none) ramps for 3 s
 * instead of 2: its low point read a second late, as a free read over two
 * samples was live. */
static double gc_used_late(double base, double t, int late)
{
	double c = floor((t + 1e-9) / 4), in = t - 4 * c;
	if ((int)c != late)
		return gc_used(base, t);
	if (in < 3 - 1e-9)   /* the same 104 MiB, over 3 s, freed at once */
		return base + 8 * MiB * c + 104 * MiB / 3 * in;
	return base + 8 * MiB * (c + 1);
}

/* check(f, t, left): false fails the test */
typedef bool gc_check_fn(const struct trend_fit *f, double t, double left);

/* Feed that collector's headroom under a 384 MiB limit to a trend every
 * 0.2 s until its kill, and check the fit at every sample with 10-70 s
 * left (250 of them at least). */
static void gc_feed(double base, int late, gc_check_fn *check)
{
	const double limit = 384 * MiB;
	double kill = -1;
	for (double t = 0; t < 400 && kill < 0; t += 0.01)
		if (gc_used_late(base, t, late) > limit)
			kill = t;
	assert_true(kill > 100);
	struct trend tr;
	trend_init(&tr);
	struct trend_fit f;
	int checked = 0;
	for (int k = 0; k * 0.2 < kill - 0.2; k++) {
		double t = k * 0.2;
		trend_add(&tr, t, limit - gc_used_late(base, t, late), 2 * MiB, 16 * MiB);
		trend_fit(&tr, 10, 2 * MiB, &f);
		double left = kill - t;
		if (left > 70 || left < 10)
			continue;
		assert_true(f.cyclic && f.significant && f.rate > 0);
		if (!check(&f, t, left))
			fail_msg("base %.1f MiB, late cycle %d, t %.1f: %.2f s left", base / MiB, late,
				 t, left);
		checked++;
	}
	assert_true(checked >= 250);
}

/* along the low points' line: never late, never more than a cycle early */
static bool line_eta_ok(const struct trend_fit *f, double t, double left)
{
	double eta = dmax_(f->low, 0) / f->rate;
	if (eta > left + 0.4 || eta < left - 4 - 0.4) {
		print_message("t %.1f: ETA %.2f s\n", t, eta);
		return false;
	}
	return true;
}

static void test_sawtooth_low_times(void **state)
{
	(void)state;
	/* the last low 0.1 MiB short of the limit (as live) or 4 MiB: the
	 * kill at the line's zero or 2 s after it */
	gc_feed(48.1 * MiB, -1, line_eta_ok);
	gc_feed(52 * MiB, -1, line_eta_ok);
}

/* It runs out at the first peak past where the low points' line reaches
 * zero, and the ETA says so (peak_eta), within two samples, never later
 * than a sample, with a late low point or without. Along the line the ETA
 * was up to a cycle short (2 s here): the 60 s mark early. */
static bool peak_eta_ok(const struct trend_fit *f, double t, double left)
{
	if (!(f->peak_eta <= left + 0.2 && f->peak_eta >= left - 0.4)) {
		print_message("t %.1f: ETA %.2f s\n", t, f->peak_eta);
		return false;
	}
	return true;
}

static void test_sawtooth_peak_eta(void **state)
{
	(void)state;
	const double bases[] = {48.1 * MiB, 52 * MiB};
	for (size_t b = 0; b < sizeof bases / sizeof *bases; b++) {
		gc_feed(bases[b], -1, peak_eta_ok);
		gc_feed(bases[b], 14, peak_eta_ok);
	}
}

/* A steady load read by the window alone (no long view yet): two growers
 * of 2.5 and 2 MiB/s in 1 MiB pieces, read every 0.2 s as the live run's
 * cgroup read them (a 2 s pattern of 1, 1, 1, 1, 0, 2, 0, 2, 0, 1 MiB):
 * the pairs of samples closer than the 2 MiB noise count as no change,
 * and their zeros pulled the median 0.6 % under the real rate (4.47 MiB/s
 * for 4.5: the ETA 0.3 s long at the 60 s mark). Within 0.3 % now. */
static void test_window_rate_exact(void **state)
{
	(void)state;
	static const int step[10] = {1, 1, 1, 1, 0, 2, 0, 2, 0, 1};
	struct trend tr;
	trend_init(&tr);
	struct trend_fit f;
	const double limit = 384 * MiB;
	double used = 70.2 * MiB;
	for (int k = 0; k < 50; k++) {
		used += step[k % 10] * MiB;
		trend_add(&tr, 100 + k * 0.2, limit - used, 2 * MiB, 16 * MiB);
	}
	trend_fit(&tr, 10, 2 * MiB, &f);
	assert_true(f.significant);
	if (fabs(f.rate - 4.5 * MiB) > 0.003 * 4.5 * MiB)
		fail_msg("rate %.4f MiB/s for 4.5", f.rate / MiB);
}

/* Nothing left: CRITICAL, and its ETA says now (never CRITICAL without one) */
static void test_critical_has_eta(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	for (int k = 0; k < 3; k++) {
		machine(&s, k * 0.5, 0, 0);
		forecast_update(fc, &s);
	}
	const struct fc_item *it = ram(fc);
	assert_int_equal(it->level, FC_CRITICAL);
	assert_true(isfinite(it->eta) && it->eta == 0);
	forecast_free(fc);
	snapshot_free(&s);
}

/* One load of pid 100 in RAM with its footprint's total, what it holds
 * and its verdict, as the loads' list ld holds it. */
static void ram_load(struct load *l, struct loads *ld, uint64_t total, uint64_t loaded,
                     enum load_verdict v)
{
	memset(l, 0, sizeof *l);
	l->pid = 100;
	l->fp_known = true;
	l->fp.total = total;
	l->loaded = loaded;
	snprintf(l->scope, sizeof l->scope, "ram");
	l->verdict = v;
	loads_init(ld);
	ld->v = l, ld->n = 1;
}

/* A load that will not fit (its verdict from loads.c) makes its resource
 * CRITICAL with an ETA from its pace; before the trend has a pace (its
 * first samples, or held still) it is WARNING, an alarm with no ETA:
 * never CRITICAL without one. */
static void test_wont_fit_eta(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	struct load l;
	struct loads ld;
	ram_load(&l, &ld, 8 * (uint64_t)GiB, 1 * (uint64_t)GiB, LV_WONT_FIT);
	l.room = 5 * (uint64_t)GiB;
	l.missing = 3 * (uint64_t)GiB;
	double t = 0, avail = 12 * GiB;
	for (int k = 0; k < 4; k++, t += 0.25) {
		machine(&s, t, avail, 0);
		forecast_update(fc, &s);
		forecast_apply_loads(fc, &ld);
		assert_int_equal(ram(fc)->level, FC_WARNING);
		assert_true(isnan(ram(fc)->eta));
		assert_int_equal(ram(fc)->load, 100);
	}
	bool critical = false;
	for (int k = 0; k < 8; k++, t += 0.25) {
		avail -= 500 * MiB * 0.25;
		l.loaded += (uint64_t)(500 * MiB * 0.25);
		machine(&s, t, avail, 500 * MiB);
		forecast_update(fc, &s);
		forecast_apply_loads(fc, &ld);
		const struct fc_item *it = ram(fc);
		assert_true(it->level >= FC_WARNING);
		if (it->level == FC_CRITICAL) {
			critical = true;
			assert_true(isfinite(it->eta));
			/* what the load still takes (room - loaded), at its pace */
			double left = (double)(l.room - l.loaded);
			assert_true(fabs(it->eta - left / it->rate) < 0.01);
		}
	}
	assert_true(critical);
	snapshot_free(&s);
	forecast_free(fc);
}

/* A load that fits, loaded, whose process goes on growing (a leak, a
 * cache kept after the load: h10's find, a llama-server with a -cram that
 * fits never alarmed however much it ate). While it holds what its
 * footprint says, its growth is the load's (WATCH at most, no ETA); once it
 * holds clearly more, the growth is a trend: an alarm with an ETA before
 * RAM runs out. The room grows with what it holds, so it still "fits". */
static void test_fitting_load_outgrown(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	struct load l;
	struct loads ld;
	ram_load(&l, &ld, 2 * (uint64_t)GiB, 1 * (uint64_t)GiB, LV_FITS);
	const double rate = 100 * MiB;
	double t = 0, avail = 12 * GiB, alarm_left = -1;
	for (int k = 0; avail > 0; k++, t += 0.25) {
		avail -= rate * 0.25;
		l.loaded += (uint64_t)(rate * 0.25);
		l.room = (uint64_t)avail + l.loaded;
		machine(&s, t, avail, rate);
		forecast_update(fc, &s);
		forecast_apply_loads(fc, &ld);
		const struct fc_item *it = ram(fc);
		bool past = (double)l.loaded > (double)l.fp.total + 0.1 * (double)l.fp.total + 1;
		if (!past && (double)l.loaded < (double)l.fp.total) {
			/* the load itself: not an alarm of its own */
			assert_true(it->level <= FC_WATCH);
			assert_int_equal(it->load, 100);
		}
		if (alarm_left < 0 && it->level >= FC_WARNING) {
			assert_true(isfinite(it->eta));
			alarm_left = avail / rate;
		}
	}
	/* it outgrows its footprint with 108 s left: warned at the warning
	 * threshold's time left, or near it */
	if (!(alarm_left >= 50 && alarm_left <= 75))
		fail_msg("alarm with %.1f s left", alarm_left);
	snapshot_free(&s);
	forecast_free(fc);
}

/* RAM eaten fast by a process in a memory cgroup with 200 MiB left: its
 * growth ends at that limit, so RAM gets no ETA and no alarm; the same
 * process outside any cgroup (or in an unlimited one) gives both. */
static void test_capped_by_cgroup(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	for (int limited = 1; limited >= 0; limited--) {
		struct forecast *fc = forecast_new(&cfg);
		double rate = 400 * MiB, avail0 = 12 * GiB;
		for (int k = 0; k <= 20; k++) {
			double t = k * 0.5, avail = avail0 - (k > 4 ? rate * (k - 4) * 0.5 : 0);
			machine(&s, t, avail, k > 4 ? rate : 0);
			bool added;
			int cg = snapshot_cgroup_index(&s, "/box", CG_V2, &added);
			struct snap_cgroup *c = &s.cgroups[cg];
			c->usage = (uint64_t)(800 * MiB), c->anon = c->usage, c->shmem = 0;
			c->limit = c->effective_limit = limited ? (uint64_t)(1 * GiB) : SNAP_NA;
			c->limited = limited;
			s.procs[0].cgroup = cg;
			forecast_update(fc, &s);
			const struct fc_item *it = ram(fc);
			if (k < 10)
				continue;
			if (limited) {
				if (isfinite(it->eta) || it->level > FC_WATCH)
					fail_msg("capped at t %.1f: ETA %.1f, level %d", t, it->eta, it->level);
			} else if (!isfinite(it->eta) || it->level < FC_WARNING) {
				fail_msg("not capped at t %.1f: ETA %.1f, level %d", t, it->eta, it->level);
			}
		}
		forecast_free(fc);
	}
	snapshot_free(&s);
}

/* A program starting eats 400 MiB/s of 4 GiB: an ETA of 10.2 s at its
 * start, shown, at WATCH at most while the time left is more than its age
 * (Gott's odds of 1 in 2 that it goes on so long); CRITICAL a sample after
 * 5.1 s (a start ends after two samples without it). The
 * same ramp from a process a minute old is CRITICAL at once; a fresh
 * process that has eaten it all is CRITICAL. */
static void test_program_starting(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	long tck = sysconf(_SC_CLK_TCK);
	for (int old = 0; old <= 1; old++) {
		struct forecast *fc = forecast_new(&cfg);
		double rate = 400 * MiB, avail0 = 4 * GiB, first_alarm = NAN;
		for (int k = 0; k <= 30; k++) {
			double t = k * 0.2, avail = avail0 - rate * t;
			machine(&s, t, avail, k ? rate : 0);
			s.procs_boot = 1000 + t;
			s.procs[0].start = (uint64_t)((old ? 940 : 1000) * tck);
			s.procs[1].start = (uint64_t)(500 * tck);
			forecast_update(fc, &s);
			const struct fc_item *it = ram(fc);
			if (it->level >= FC_WARNING && isnan(first_alarm))
				first_alarm = t;
			if (!old && t < 5.0) {
				assert_true(it->starting || k == 0);
				if (it->level > FC_WATCH)
					fail_msg("starting program alarmed at t %.1f: level %d", t, it->level);
				/* what the views say "starting" for */
				if (k >= 4 && !fc_held_starting(it))
					fail_msg("starting program at t %.1f: not shown as held", t);
				if (k >= 4 && !(fabs(it->eta - (avail / rate)) < 0.2))
					fail_msg("starting program at t %.1f: ETA %.1f not shown", t, it->eta);
			}
			if (old)
				assert_false(it->starting);
		}
		if (!old && fc_held_starting(ram(fc)))
			fail_msg("starting program: still shown as held at %d", ram(fc)->level);
		if (!old && !(first_alarm >= 5.0 && first_alarm <= 5.6))
			fail_msg("starting program: first alarm at %.1f s, want 5.0-5.6", first_alarm);
		if (old && !(first_alarm <= 1.0))
			fail_msg("old process: first alarm at %.1f s, want by 1.0", first_alarm);
		assert_int_equal(ram(fc)->level, FC_CRITICAL);
		forecast_free(fc);
	}
	/* 30 s left: a process 10 s old is still starting (odds of 1 in 4 that
	 * it grows so long), one of 20 s is past any grace: WARNING */
	for (int age = 10; age <= 20; age += 10) {
		struct forecast *fc = forecast_new(&cfg);
		double rate = 100 * MiB;
		for (int k = 0; k <= 10; k++) {
			double t = k * 0.2;
			machine(&s, t, rate * (32 - t), rate);
			s.procs_boot = 1000 + t;
			s.procs[0].start = (uint64_t)((1000 - age) * tck);
			s.procs[1].start = (uint64_t)(500 * tck);
			forecast_update(fc, &s);
		}
		const struct fc_item *it = ram(fc);
		if (!(fabs(it->eta - 30) < 1) || it->starting != (age == 10) ||
		    it->level != (age == 10 ? FC_WATCH : FC_WARNING))
			fail_msg("%d s old, ETA %.1f: starting %d, level %d", age, it->eta, it->starting,
				 it->level);
		forecast_free(fc);
	}
	/* an old process leaking 50 MiB/s beside one 10 s old that took 1 GiB
	 * at birth and holds it (a server's fork, its copy-on-write pages in
	 * its RssAnon): the leak is no start, whatever the young one made
	 * since birth */
	{
		struct forecast *fc = forecast_new(&cfg);
		for (int k = 0; k <= 10; k++) {
			double t = k * 0.2;
			machine(&s, t, 2 * GiB - 50 * MiB * t, 50 * MiB);
			s.procs_boot = 1000 + t;
			s.procs[0].start = (uint64_t)(500 * tck);
			s.procs[1].start = (uint64_t)(500 * tck);
			struct snap_proc *p = snapshot_add_proc(&s);
			p->pid = 300;
			snprintf(p->comm, sizeof p->comm, "fork");
			p->rss = p->anon = (uint64_t)(1 * GiB);
			p->shmem = 0;
			p->growth = 0;
			p->start = (uint64_t)((990 + t) * tck);
			forecast_update(fc, &s);
		}
		const struct fc_item *it = ram(fc);
		if (it->starting || it->level < FC_WARNING)
			fail_msg("a leak beside a big young process: starting %d, level %d, ETA %.1f",
				 it->starting, it->level, it->eta);
		forecast_free(fc);
	}
	/* a start ends after two samples without it: one sample in which an
	 * old process makes the growth (a build's job grown up for a sample,
	 * then gone) raises no alarm; two do, at the second */
	for (int gap = 1; gap <= 2; gap++) {
		struct forecast *fc = forecast_new(&cfg);
		for (int k = 0; k <= 9; k++) {
			double t = k * 0.2;
			bool old_grows = k >= 5 && k < 5 + gap;
			machine(&s, t, 4 * GiB - 400 * MiB * t, old_grows ? 0 : 400 * MiB);
			s.procs_boot = 1000 + t;
			s.procs[0].start = (uint64_t)(1000 * tck);   /* started at t = 0 */
			s.procs[1].start = (uint64_t)(500 * tck);
			s.procs[1].growth = old_grows ? 400 * MiB : 0;
			forecast_update(fc, &s);
			const struct fc_item *it = ram(fc);
			bool alarm = it->level > FC_WATCH;
			if (alarm != (gap == 2 && k >= 6))
				fail_msg("%d sample(s) of an old grower, t %.1f: starting %d, level %d", gap, t,
					 it->starting, it->level);
		}
		forecast_free(fc);
	}
	/* a program that touches 48 MiB at birth, then grows 50 MiB/s: the
	 * window's rate holds its birth, which its growth alone does not
	 * explain; what it made since birth does: starting, with 1 GiB left
	 * (an ETA of 7-20 s), not alarmed */
	{
		struct forecast *fc = forecast_new(&cfg);
		for (int k = 0; k <= 4; k++) {
			double t = k * 0.2, made = k ? 48 * MiB + 50 * MiB * (t - 0.1) : 0;
			machine(&s, t, 1 * GiB - made, k >= 2 ? 50 * MiB : NAN);
			s.procs_boot = 1000 + t;
			s.procs[0].start = (uint64_t)(1000.1 * tck);
			s.procs[0].anon = (uint64_t)made;
			s.procs[0].shmem = 0;
			s.procs[1].start = (uint64_t)(500 * tck);
			forecast_update(fc, &s);
			const struct fc_item *it = ram(fc);
			if (k >= 2 && (!it->starting || it->level > FC_WATCH))
				fail_msg("born at 48 MiB, t %.1f: rate %.0f MiB/s, starting %d, level %d", t,
					 it->rate / MiB, it->starting, it->level);
		}
		forecast_free(fc);
	}
	/* a program seen for the first time (no growth yet): its anonymous
	 * memory over its age is its rate; and a young process (200 MiB/s, half
	 * the rate) beside an old one that grows faster (250) is no start */
	for (int beside = 0; beside <= 1; beside++) {
		struct forecast *fc = forecast_new(&cfg);
		for (int k = 0; k <= 4; k++) {
			double t = k * 0.2;
			machine(&s, t, 4 * GiB - 400 * MiB * t, beside ? 250 * MiB : 0);
			s.procs_boot = 1000 + t;
			s.procs[0].start = (uint64_t)(900 * tck);   /* 100 s old */
			s.procs[1].start = (uint64_t)(1000 * tck);  /* started at t = 0 */
			s.procs[1].anon = (uint64_t)((beside ? 200 : 400) * MiB * t);
			s.procs[1].shmem = 0;
			s.procs[1].growth = k < 2 ? NAN : (beside ? 200 : 400) * MiB;
			forecast_update(fc, &s);
		}
		const struct fc_item *it = ram(fc);
		if (it->starting == beside || (!beside && it->level > FC_WATCH))
			fail_msg("beside %d: starting %d, level %d", beside, it->starting, it->level);
		forecast_free(fc);
	}
	/* nothing left: CRITICAL, starting or not */
	struct forecast *fc = forecast_new(&cfg);
	machine(&s, 0, 12 * GiB, 0);
	s.procs_boot = 1000;
	forecast_update(fc, &s);
	machine(&s, 0.2, 0, 400 * MiB);
	s.procs_boot = 1000.2;
	s.procs[0].start = (uint64_t)(1000 * tck);
	forecast_update(fc, &s);
	assert_int_equal(ram(fc)->level, FC_CRITICAL);
	forecast_free(fc);
	snapshot_free(&s);
}

/* A garbage collector's second cycle, after one free: taken for a cycle
 * (WATCH, no ETA) while it eats no more than the free gave back; a load
 * killed and restarted again and again (a restart loop) alarms at every
 * ramp: a kill's free is no cycle (its low point is forgotten; a cycle that
 * ended at nothing left is no ordinary cycle either). */
static void test_one_free_and_kills(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	for (int killed = 0; killed <= 1; killed++) {
		struct forecast *fc = forecast_new(&cfg);
		/* 4 GiB left; a ramp of 200 MiB/s for 5 s (1000 MiB), then
		 * back: a GC frees 1000 MiB, a kill frees it all */
		double base = 4 * GiB, t = 0;
		uint64_t kills = 0;
		for (int cycle = 0; cycle < 3; cycle++) {
			double top = killed ? 20.0 : 5.0;   /* s of ramp */
			bool alarmed = false;
			for (double r = 0; r <= top; r += 0.2, t += 0.2) {
				double avail = base - 200 * MiB * r;
				if (avail < 0)
					avail = 0;
				machine(&s, t, avail, 200 * MiB);
				s.vm.oom_kills = kills;
				forecast_update(fc, &s);
				const struct fc_item *it = ram(fc);
				alarmed |= it->level == FC_CRITICAL && isfinite(it->eta);
				if (!killed && cycle == 1 && r > 1.0 && it->level > FC_WATCH)
					fail_msg("GC cycle after one free alarmed at %.1f s: level %d", r, it->level);
			}
			if (killed && !alarmed)
				fail_msg("restart %d after a kill not alarmed", cycle);
			kills += killed;
			for (int k = 0; k < 5; k++, t += 0.2) {   /* freed */
				machine(&s, t, base, 0);
				s.vm.oom_kills = kills;
				forecast_update(fc, &s);
			}
		}
		forecast_free(fc);
	}
	snapshot_free(&s);
}

/* A kill that left memory over (a cgroup killed for its page cache, an
 * mmap'd model: 1 GiB of 4 still free) frees 3 GiB; the load restarts and
 * ramps again. That free is no garbage collector's cycle: the restart
 * alarms, whether the kill counter rose with the free, a sample before it,
 * or the free was read over two samples. */
static void test_kill_is_no_cycle(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	for (int variant = 0; variant < 3; variant++) {
		struct forecast *fc = forecast_new(&cfg);
		double base = 4 * GiB, t = 0;
		uint64_t kills = 0;
		for (int run = 0; run < 2; run++) {
			bool alarmed = false;
			for (double r = 0; r <= 15.0; r += 0.2, t += 0.2) {
				machine(&s, t, base - 200 * MiB * r, 200 * MiB);
				/* variant 1: the counter rises a sample before the free */
				s.vm.oom_kills = kills + (variant == 1 && r > 14.9);
				forecast_update(fc, &s);
				const struct fc_item *it = ram(fc);
				/* 8-10 s in (ETA 12.5 s and less), when the last run's
				 * level is long gone */
				alarmed |= r >= 8 && r <= 10 && it->level >= FC_WARNING && isfinite(it->eta);
			}
			if (!alarmed)
				fail_msg("variant %d: the restart after a kill did not alarm", variant);
			kills++;
			/* the kill's free: at once, or (variant 2) over two samples */
			if (variant == 2) {
				machine(&s, t, base - 1500 * MiB, 0);
				s.vm.oom_kills = kills;
				forecast_update(fc, &s);
				t += 0.2;
			}
			for (int k = 0; k < 5; k++, t += 0.2) {
				machine(&s, t, base, 0);
				s.vm.oom_kills = kills;
				forecast_update(fc, &s);
				/* the kill ended the alarm: no level held over
				 * what it emptied ("WARNING, no ETA", 4 GiB left) */
				if (ram(fc)->level >= FC_WARNING)
					fail_msg("variant %d, %d samples after the kill's free: level %d held",
						 variant, k, ram(fc)->level);
			}
		}
		forecast_free(fc);
	}
	snapshot_free(&s);
}

static void test_group_driver(void **state)
{
	(void)state;
	/* four workers of one process group, 60 MiB/s each, and a lone process
	 * at 100 MiB/s: the group drives */
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	double avail = 10 * GiB;
	for (int k = 0; k < 12; k++) {
		avail -= 0.5 * (4 * 60 + 100) * MiB;
		machine(&s, k * 0.5, avail, 0);
		for (int w = 0; w < 5; w++) {
			struct snap_proc *p = snapshot_add_proc(&s);
			p->pid = 500 + w;
			p->pgid = w < 4 ? 500 : 600;
			snprintf(p->comm, sizeof p->comm, w < 4 ? "VLLM::Worker" : "other");
			p->rss = (uint64_t)GiB;
			p->swap = 0;
			p->growth = (w < 4 ? 60 : 100) * MiB;
		}
		forecast_update(fc, &s);
	}
	const struct fc_item *it = ram(fc);
	assert_int_equal(it->driver, 500);
	assert_true(it->driver_group);
	assert_true(it->driver_share > 0.6 && it->driver_share <= 1.0);
	forecast_free(fc);
	snapshot_free(&s);
}

static void test_thrashing(void **state)
{
	(void)state;
	/* plenty available on paper, but stalled a third of the time while
	 * 500 pages a second are read back: thrashing, at least a warning */
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	for (int k = 0; k < 6; k++) {
		machine(&s, k * 1.0, 6 * GiB, 0);
		s.psi.present = true;
		s.psi.full_avg10 = k < 3 ? 0.5 : 35.0;
		s.vm.pgmajfault = (uint64_t)(k < 3 ? 1000 : 1000 + (k - 2) * 500);
		forecast_update(fc, &s);
		assert_int_equal(ram(fc)->thrashing, k >= 3);
		if (k >= 3)
			assert_true(ram(fc)->level >= FC_WARNING);
	}
	/* pressure without major faults (a cgroup reclaiming cache) is not it */
	struct forecast *fc2 = forecast_new(&cfg);
	for (int k = 0; k < 4; k++) {
		machine(&s, k * 1.0, 6 * GiB, 0);
		s.psi.present = true;
		s.psi.full_avg10 = 35.0;
		s.vm.pgmajfault = 1000;
		forecast_update(fc2, &s);
		assert_false(ram(fc2)->thrashing);
	}
	forecast_free(fc);
	forecast_free(fc2);
	snapshot_free(&s);
}

/* Opened on a leak already under way (lifepace.h): samples each 0.2 s for
 * secs; pid 500, age0 s old at the first sample holding base0 anonymous
 * bytes, grows rate bytes/s from then in whole MiB; pid 501, as old,
 * holding 40 MiB, gives back back bytes/s in whole MiB meanwhile; a v1
 * cgroup limited to room bytes more than both held at first. When the item
 * first had a rate of at least half the leak's (NAN never), its first
 * WARNING in *warn (NAN never) and the highest rate it showed in *peak. */
static double opened_on_peak(double age0, double base0, double rate, double quantum, double back,
                             double room, double secs, double *warn, double *peak)
{
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	long tck = sysconf(_SC_CLK_TCK);
	double limit = base0 + 40 * MiB + room, first_rate = NAN;
	*warn = NAN;
	*peak = 0;
	for (int k = 0; k * 0.2 <= secs + 1e-9; k++) {
		double t = k * 0.2;
		double grown = floor(rate * t / quantum + 1e-9) * quantum, given = floor(back * t / MiB + 1e-9) * MiB;
		machine(&s, t, 12 * GiB, 0);
		s.procs_boot = 1000 + t;
		bool added;
		int cg = snapshot_cgroup_index(&s, "/leak", CG_V1, &added);
		struct snap_cgroup *c = &s.cgroups[cg];
		c->effective_limit = (uint64_t)limit;
		c->usage = c->anon = (uint64_t)(base0 + grown + 40 * MiB - given);
		c->shmem = c->file = 0;
		struct snap_proc *p = member(&s, cg, 500, "leak", (uint64_t)(base0 + grown));
		p->anon = p->rss;
		p->start = (uint64_t)((1000 - age0) * (double)tck);
		p->growth = rate;
		p = member(&s, cg, 501, "cache", (uint64_t)(40 * MiB - given));
		p->anon = p->rss;
		p->start = (uint64_t)((1000 - age0) * (double)tck);
		forecast_update(fc, &s);
		size_t n;
		const struct fc_item *it = forecast_items(fc, &n);
		assert_int_equal(it[1].kind, FC_CGROUP);
		if (isnan(first_rate) && rate > 0 && it[1].rate >= rate / 2)
			first_rate = t;
		if (it[1].rate > *peak)
			*peak = it[1].rate;
		if (isnan(*warn) && it[1].level >= FC_WARNING)
			*warn = t;
	}
	forecast_free(fc);
	snapshot_free(&s);
	return first_rate;
}

static double opened_on(double age0, double base0, double rate, double back, double room, double secs,
                        double *warn)
{
	double peak;
	return opened_on_peak(age0, base0, rate, MiB, back, room, secs, warn, &peak);
}

static void test_opened_on_leak(void **state)
{
	(void)state;
	double warn;
	/* 90 s old, 90 MiB, a MiB a second since: its life's pace read in 4 s
	 * (the curve alone, blind to moves under its 2 MiB noise, at 10 s),
	 * warned as its ETA reaches a minute: 66 MiB left, 6 s in */
	double r = opened_on(90, 90 * MiB, 1 * MiB, 0, 66 * MiB, 12, &warn);
	if (!(r <= 4.4) || !(warn <= 6.6))
		fail_msg("a leak since its start: rate at %.1f s, WARNING at %.1f s", r, warn);
	/* ... in 2 MiB steps: its life read at 4 s all the same, where its
	 * run needs a third rise (runpace.h: 6 s) */
	double peak;
	r = opened_on_peak(90, 90 * MiB, 1 * MiB, 2 * MiB, 0, 66 * MiB, 12, &warn, &peak);
	if (!(r <= 4.4))
		fail_msg("a leak since its start in 2 MiB steps: rate at %.1f s", r);
	/* 900 MiB at 90 s (loaded at its start), a MiB a second now: its life
	 * says 10 MiB/s, so no say; its run of steady growth (runpace.h) says
	 * its pace now, from 4 s (the curve's own views, from 10 s) */
	r = opened_on_peak(90, 900 * MiB, 1 * MiB, MiB, 0, 66 * MiB, 12, &warn, &peak);
	if (!(r <= 4.4) || peak > 1.25 * MiB)
		fail_msg("a load's life taken for a leak's: rate at %.1f s, %.2f MiB/s at most", r,
			 peak / MiB);
	/* only 20 s old at the first sample: too short a life to go by; its
	 * run, again */
	r = opened_on_peak(20, 20 * MiB, 1 * MiB, MiB, 0, 66 * MiB, 12, &warn, &peak);
	if (!(r <= 4.4) || peak > 1.25 * MiB)
		fail_msg("a young process: rate at %.1f s, %.2f MiB/s at most", r, peak / MiB);
	/* growing 2 MiB in the 30 s (under the 3 MiB it takes) at its life's
	 * pace, with 4 MiB left: no say on so little */
	r = opened_on(400, 400 * 0.07 * MiB, 0.07 * MiB, 0, 4 * MiB, 30, &warn);
	if (r <= 30)
		fail_msg("2 MiB taken for a pace: rate at %.1f s", r);
	/* still: nothing, ever */
	opened_on(90, 90 * MiB, 0, 0, 50 * MiB, 40, &warn);
	assert_true(isnan(warn));
	/* growing as its life says, but another process gives back as much:
	 * the headroom stays (50 MiB: a minute at the leak's pace), no
	 * warning */
	opened_on(90, 90 * MiB, 1 * MiB, 1 * MiB, 50 * MiB, 40, &warn);
	if (!isnan(warn))
		fail_msg("the headroom stood still, WARNING at %.1f s", warn);
}

/* The same on the machine's own items: 16 GiB of RAM, its available held
 * at avail (another process gives back what the leak takes: the curve
 * still) or falling with the leak, and 16 GiB of swap with 50 MiB free,
 * still. The worst level each item reached in secs. */
static void opened_on_machine(double avail, bool falls, double secs, enum fc_level *ram_l,
                              enum fc_level *swap_l)
{
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	long tck = sysconf(_SC_CLK_TCK);
	*ram_l = *swap_l = FC_OK;
	for (int k = 0; k * 0.2 <= secs + 1e-9; k++) {
		double t = 1 + k * 0.2, grown = floor((t - 1) + 1e-9) * MiB;
		snapshot_reset(&s);
		s.t = 1e9 + t, s.mono = t, s.procs_boot = 1000 + t;
		s.mem.total = (uint64_t)(16 * GiB);
		s.mem.available = (uint64_t)(falls ? avail - grown : avail);
		s.swap.total = (uint64_t)(16 * GiB);
		s.swap.free = (uint64_t)(50 * MiB);
		s.vm.oom_kills = 0, s.vm.pgmajfault = 0;
		s.self_cgroup = -1;
		struct snap_proc *p = snapshot_add_proc(&s);
		p->pid = 500;
		snprintf(p->comm, sizeof p->comm, "leak");
		p->rss = p->anon = (uint64_t)(90 * MiB + grown);
		p->swap = 0, p->cgroup = -1, p->growth = MiB;
		p->start = (uint64_t)((1000 - 90) * (double)tck);
		p = snapshot_add_proc(&s);
		p->pid = 501;
		snprintf(p->comm, sizeof p->comm, "cache");
		p->rss = p->anon = (uint64_t)(400 * MiB - (falls ? 0 : grown));
		p->swap = 0, p->cgroup = -1, p->growth = 0;
		p->start = (uint64_t)((1000 - 90) * (double)tck);
		forecast_update(fc, &s);
		size_t n;
		const struct fc_item *it = forecast_items(fc, &n);
		for (size_t i = 0; i < n; i++) {
			if (it[i].kind == FC_RAM && it[i].level > *ram_l)
				*ram_l = it[i].level;
			if (it[i].kind == FC_SWAP && it[i].level > *swap_l)
				*swap_l = it[i].level;
		}
	}
	forecast_free(fc);
	snapshot_free(&s);
}

static void test_opened_on_leak_machine(void **state)
{
	(void)state;
	enum fc_level ram_l, swap_l;
	/* 50 MiB available, held there by another process's frees: a 16 GiB
	 * machine's RAM jitters by 4 MiB, and the leak's first MiB were within
	 * that (its growth taken for the pace: WARNING at 4 s) */
	opened_on_machine(50 * MiB, false, 20, &ram_l, &swap_l);
	assert_true(ram_l < FC_WARNING);
	/* RAM falling with the leak, 4 GiB of it: swap, with 50 MiB free and
	 * still, is not what the leak eats (its headroom did not go down) */
	opened_on_machine(4 * GiB, true, 20, &ram_l, &swap_l);
	assert_true(swap_l < FC_WARNING);
	/* 50 MiB and falling with the leak: RAM warned, from its life's pace
	 * (two noises, 8 MiB, grown at 8 s) */
	opened_on_machine(50 * MiB, true, 12, &ram_l, &swap_l);
	assert_true(ram_l >= FC_WARNING);
}

static bool any_proc(const struct snapshot *s, const struct snap_proc *p, const void *arg)
{
	(void)s, (void)p, (void)arg;
	return true;
}

/* lifepace's own bounds: it speaks from LIFEPACE_MIN_SPAN_S to LIFEPACE_S
 * after the first sample, and a pid taken again by a younger process (its
 * start a minute later) is not the process it was. */
static void test_lifepace_bounds(void **state)
{
	(void)state;
	long tck = sysconf(_SC_CLK_TCK);
	struct lifepace *lp = lifepace_new();
	struct snapshot s;
	snapshot_init(&s);
	struct lifepace_read r;
	for (int k = 0; k <= 40; k++) {   /* a sample a second, a MiB a second since a 90 s life */
		double t = k;
		snapshot_reset(&s);
		s.mono = t, s.procs_boot = 1000 + t;
		struct snap_proc *p = snapshot_add_proc(&s);
		p->pid = 500;
		p->anon = p->rss = (uint64_t)((90 + t) * MiB);
		p->swap = 0;
		p->start = (uint64_t)((1000 - 90) * (double)tck);
		lifepace_sample(lp, &s);
		bool said = lifepace_read(lp, &s, any_proc, NULL, &r);
		if (said != (t >= LIFEPACE_MIN_SPAN_S && t <= LIFEPACE_S))
			fail_msg("at %.0f s: %s", t, said ? "spoke" : "silent");
		if (said && fabs(r.pace - 1.0 * MiB) > 0.01 * MiB)
			fail_msg("at %.0f s: pace %.3f MiB/s", t, r.pace / MiB);
		if (k == 10) {   /* the same pid, a process started a minute ago */
			p->start = (uint64_t)((1000 + t - 60) * (double)tck);
			assert_false(lifepace_read(lp, &s, any_proc, NULL, &r));
		}
	}
	snapshot_free(&s);
	lifepace_free(lp);
}

/* Two processes in a v1 cgroup limited to 384 MiB, 120 s old at the
 * first sample, sampled each 0.2 s for secs: their anonymous bytes at t
 * from a(t, arg) and b(t, arg), and what else the cgroup holds (another's
 * file pages, say) from c(t, arg). The first WARNING (NAN never), the
 * worst level and the highest rate the cgroup's item showed from `from` s
 * on, and its rate at `at` s. */
struct runs_out {
	double warn, peak, rate_at;
	enum fc_level worst;
};

typedef double (*size_fn)(double t, double arg);

/* The sample at t s of the tests below: the machine, and the cgroup /runs
 * (384 MiB) holding anon bytes and usage in all; its index */
static int runs_cgroup(struct snapshot *s, double t, double anon, double usage)
{
	machine(s, t, 12 * GiB, 0);
	s->procs_boot = 1000 + t;
	bool added;
	int cg = snapshot_cgroup_index(s, "/runs", CG_V1, &added);
	struct snap_cgroup *c = &s->cgroups[cg];
	c->effective_limit = (uint64_t)(384 * MiB);
	c->anon = (uint64_t)anon;
	c->usage = (uint64_t)usage;
	c->shmem = c->file = 0;
	return cg;
}

/* ... and a process of it, bytes of anonymous memory, born `born` s on
 * the boot clock (1000 s: the first sample) */
static void runs_member(struct snapshot *s, int cg, int pid, const char *comm, double bytes,
                        double born)
{
	struct snap_proc *p = member(s, cg, pid, comm, (uint64_t)bytes);
	p->anon = p->rss;
	p->start = (uint64_t)(born * (double)sysconf(_SC_CLK_TCK));
}

static void runs_series(size_fn a, size_fn b, size_fn c_fn, double arg, double secs, double from,
                        double at, struct runs_out *o)
{
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	*o = (struct runs_out){NAN, 0, NAN, FC_OK};
	for (int k = 0; k * 0.2 <= secs + 1e-9; k++) {
		double t = k * 0.2;
		double av = a(t, arg), bv = b(t, arg);
		int cg = runs_cgroup(&s, t, av + bv, av + bv + (c_fn ? c_fn(t, arg) : 0));
		runs_member(&s, cg, 500, "model", av, 1000 - 120);
		runs_member(&s, cg, 501, "cache", bv, 1000 - 120);
		forecast_update(fc, &s);
		size_t n;
		const struct fc_item *it = forecast_items(fc, &n);
		assert_int_equal(it[1].kind, FC_CGROUP);
		if (fabs(t - at) < 0.1)
			o->rate_at = it[1].rate;
		if (t < from)
			continue;
		if (isnan(o->warn) && it[1].level >= FC_WARNING)
			o->warn = t;
		if (it[1].level > o->worst)
			o->worst = it[1].level;
		if (it[1].rate > o->peak)
			o->peak = it[1].rate;
	}
	forecast_free(fc);
	snapshot_free(&s);
}

/* bench/scenarios.sh load-creep: a model's 40 MiB at once 20 s in, 280
 * MiB before, and its cache creeping at 1 MiB/s from then (arg: the
 * creep's start, s after the step; whole MiB) */
static double model_step(double t, double arg)
{
	(void)arg;
	return (t >= 20 ? 320 : 280) * MiB;
}

static double cache_creep(double t, double arg)
{
	return (1 + (t >= 20 + arg ? floor(t - 20 - arg + 1e-9) + 1 : 0)) * MiB;
}

/* ... a cache that grows 12 MiB over three samples 3 s in, and holds it */
static double cache_buffer(double t, double arg)
{
	(void)arg;
	return (1 + (t >= 23 ? 12 : t >= 22.8 ? 8 : t >= 22.6 ? 4 : 0)) * MiB;
}

/* ... a cache that creeps 1 MiB/s for arg s, then stops */
static double cache_stops(double t, double arg)
{
	return cache_creep(fmin(t, 20 + arg), 0);
}

/* ... a model that gives back what the cache takes (the headroom still) */
static double model_gives(double t, double arg)
{
	return model_step(t, arg) - (cache_creep(t, 0) - MiB);
}

/* ... a model nearer its limit (24 MiB left after its step), and a cache
 * creeping 0.5 MiB/s in half MiB from 20 s */
static double model_near(double t, double arg)
{
	(void)arg;
	return (t >= 20 ? 360 : 320) * MiB;
}

static double cache_half(double t, double arg)
{
	(void)arg;
	return (1 + (t >= 20 ? 0.5 * (floor(t - 20 + 1e-9) + 1) : 0)) * MiB;
}

/* bench/scenarios.sh decelerating: 21 MiB/s at first, slowing (tau 15 s),
 * stopping 24 MiB short of the limit, in whole MiB, from 40 MiB */
static double decel(double t, double arg)
{
	(void)arg;
	return (40 + floor(320 * (1 - exp(-t / 15)) + 1e-9)) * MiB;
}

static double one_mib(double t, double arg)
{
	(void)t, (void)arg;
	return MiB;
}

/* A process's own steady growth (runpace.h): a creep under the headroom's
 * noise, begun just after a load's step that started the curve again, is
 * timed from its process's runs: WARNING about 6 s into it (the curve
 * alone: 12 s, bench/scenarios.sh load-creep: 52 s ahead, B1 60), its
 * rate the creep's. No say for a buffer touched over three samples, a
 * creep that stopped, or growth the headroom does not show. */
static void test_run_pace(void **state)
{
	(void)state;
	struct runs_out o;
	/* 64 MiB left after the step: the kill 64 s after the creep's start */
	runs_series(model_step, cache_creep, NULL, 0, 40, 24, 27, &o);
	if (!(o.warn <= 26.6) || !(fabs(o.rate_at - MiB) <= 0.1 * MiB))
		fail_msg("a creep after a step: WARNING at %.1f s (from 24 s), %.2f MiB/s at 27 s", o.warn,
			 o.rate_at / MiB);
	runs_series(model_step, cache_buffer, NULL, 0, 40, 26, 27, &o);
	if (o.worst >= FC_WARNING)
		fail_msg("a 12 MiB buffer taken for a run: %s at %.1f s", fc_level_name(o.worst), o.warn);
	/* ... a creep that stops 8 s in: once stopped, none of it shown (its
	 * rate falls within two of its rises) */
	runs_series(model_step, cache_stops, NULL, 8, 40, 30.2, 31, &o);
	if (o.peak > 0.1 * MiB)
		fail_msg("a creep that stopped at 28 s: %.2f MiB/s shown from 30.2 s", o.peak / MiB);
	runs_series(model_gives, cache_creep, NULL, 0, 40, 23, 27, &o);
	if (o.worst >= FC_WARNING || o.peak > 0.5 * MiB)
		fail_msg("the headroom stood still: %s, %.2f MiB/s", fc_level_name(o.worst), o.peak / MiB);
	/* no say on less than two of the headroom's noises (4 MiB here): 0.5
	 * MiB/s with 23 MiB left is timed when it has grown that much */
	runs_series(model_near, cache_half, NULL, 0, 40, 24, 27, &o);
	if (o.warn < 26.9)
		fail_msg("a run of %.1f MiB taken for a pace: WARNING at %.1f s",
			 (cache_half(o.warn, 0) - MiB) / MiB, o.warn);
	/* a load slowing to a stop short of its limit: its run's pace lags
	 * the slowdown as the window's would; where the curve reads the stop
	 * coming, the run has no say (live: WARNING on and off at 50 s with
	 * 59 MiB left, at 1.5 MiB/s) */
	runs_series(decel, one_mib, NULL, 0, 80, 35, 60, &o);
	if (o.worst >= FC_WARNING)
		fail_msg("a load slowing to its stop: %s at %.1f s", fc_level_name(o.worst), o.warn);
}

/* One process growing 0.035 MiB/s while another gives back as much: the
 * headroom stands still at 1.5 MiB. The grower's run, older than the
 * trend's history by the time it has grown two noises, is judged over
 * what the history holds; there it grew under the noise, too little to
 * say the headroom fell with it (judged on that, WARNING for good with an
 * ETA of 43 s and nothing eaten: the review of the thirty-ninth round). */
static double grows_slowly(double t, double arg)
{
	(void)arg;
	return (300 + 0.035 * t) * MiB;
}

static double gives_back(double t, double arg)
{
	(void)arg;
	return (82.5 - 0.035 * t) * MiB;
}

static void test_run_pace_flat(void **state)
{
	(void)state;
	struct runs_out o;
	runs_series(grows_slowly, gives_back, NULL, 0, 150, 100, 140, &o);
	if (o.worst >= FC_WARNING)
		fail_msg("a still headroom: %s from %.1f s", fc_level_name(o.worst), o.warn);
}

/* A creep of 0.4 MiB/s older than the trend's history, while the
 * headroom falls 0.8 MiB/s (as much again eaten by memory no listed
 * process holds, jittering by 2.5 MiB): the runs' pace betters the slow
 * view's rate only where the headroom's fall agrees with it; here it does
 * not, and the slow view's 0.8 stands (not 0.4: an ETA twice too long) */
static void test_run_pace_disagrees(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	for (int k = 0; k * 0.2 <= 150 + 1e-9; k++) {
		double t = k * 0.2;
		double av = (200 + 0.4 * t) * MiB;
		double jitter = (double)(k * 7919 % 11) / 10 * 2.5;
		double other = (1 + 0.4 * t + jitter) * MiB;
		int cg = runs_cgroup(&s, t, av + other, av + other);
		runs_member(&s, cg, 500, "model", av, 1000 - 120);
		forecast_update(fc, &s);
		size_t n;
		const struct fc_item *it = forecast_items(fc, &n);
		assert_int_equal(it[1].kind, FC_CGROUP);
		if (t >= 50 && !(fabs(it[1].rate - 0.8 * MiB) <= 0.15 * 0.8 * MiB))
			fail_msg("%.1f s: %.2f MiB/s where the headroom falls 0.8", t, it[1].rate / MiB);
	}
	forecast_free(fc);
	snapshot_free(&s);
}

/* ... and on the live source's clocks: the process scan read a little
 * before the cgroup in each sample. A process born with 20 MiB (the
 * headroom 45 -> 25 MiB) grows 0.5 MiB/s while another gives back as
 * much: the headroom stays. Its run began at the scan's time; the
 * headroom then is the cgroup's in the same sample, not the one before
 * (which held the 20 MiB it was born with: WARNING at 0.5 MiB/s, ETA 50
 * s, for 13 s; the review of 650c075) */
static void test_run_pace_clocks(void **state)
{
	(void)state;
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	for (int k = 0; k * 0.2 <= 40; k++) {
		double t = 1 + k * 0.2, moved = t >= 20 ? floor((t - 20) / 0.2 + 1e-9) * 0.1 * MiB : 0;
		double av = 339 * MiB - moved, bv = t >= 20 ? 20 * MiB + moved : 0;
		int cg = runs_cgroup(&s, t, av + bv, av + bv);
		s.procs_mono = t + 0.05;
		s.cgroups[cg].mono = t + 0.1;
		runs_member(&s, cg, 500, "model", av, 1000 - 120);
		if (t >= 20)
			runs_member(&s, cg, 501, "newproc", bv, 1000 + 20 - 0.1);
		forecast_update(fc, &s);
		size_t n;
		const struct fc_item *it = forecast_items(fc, &n);
		assert_int_equal(it[1].kind, FC_CGROUP);
		if (t > 21 && it[1].level >= FC_WARNING)
			fail_msg("%.1f s: %s with the headroom still at %.0f MiB (%.2f MiB/s)", t,
				 fc_level_name(it[1].level), (double)it[1].headroom / MiB, it[1].rate / MiB);
	}
	forecast_free(fc);
	snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linear_ramps),     cmocka_unit_test(test_stepwise_load),
		cmocka_unit_test(test_noise_and_spikes), cmocka_unit_test(test_load_stops),
		cmocka_unit_test(test_page_cache_only),  cmocka_unit_test(test_cgroup_ramp_scope),
		cmocka_unit_test(test_cgroup_victim_unread),
		cmocka_unit_test(test_thrashing),
		cmocka_unit_test(test_group_driver),      cmocka_unit_test(test_timestamps_of_parts),
		cmocka_unit_test(test_slow_leak),        cmocka_unit_test(test_stairs),
		cmocka_unit_test(test_fitting_load_outgrown),        cmocka_unit_test(test_critical_has_eta),
		cmocka_unit_test(test_levels_do_not_flip), cmocka_unit_test(test_slowing_but_running_out),
		cmocka_unit_test(test_sawtooth_then_runaway), cmocka_unit_test(test_wont_fit_eta),
		cmocka_unit_test(test_limit_raised),      cmocka_unit_test(test_capped_by_cgroup),
		cmocka_unit_test(test_program_starting), cmocka_unit_test(test_one_free_and_kills),
		cmocka_unit_test(test_kill_is_no_cycle), cmocka_unit_test(test_sawtooth_low_times),
		cmocka_unit_test(test_window_rate_exact), cmocka_unit_test(test_sawtooth_peak_eta),
		cmocka_unit_test(test_slow_creep),       cmocka_unit_test(test_slow_creep_spikes),
		cmocka_unit_test(test_slow_view_jitter), cmocka_unit_test(test_spikes_once_and_stay),
		cmocka_unit_test(test_load_beside_creep), cmocka_unit_test(test_free_beside_creep),
		cmocka_unit_test(test_creep_after_idle), cmocka_unit_test(test_small_frees_recur),
		cmocka_unit_test(test_staircase_phases), cmocka_unit_test(test_imminent),
		cmocka_unit_test(test_chunks_to_the_kill), cmocka_unit_test(test_steps_under_noise), cmocka_unit_test(test_smooth_decay_read),
		cmocka_unit_test(test_duty_cycle),
		cmocka_unit_test(test_duty_never_late), cmocka_unit_test(test_slow_small_steps),
		cmocka_unit_test(test_stalls_hold), cmocka_unit_test(test_stalling_jitter),
		cmocka_unit_test(test_stalling_stream_pace), cmocka_unit_test(test_lone_stream_kept), cmocka_unit_test(test_stairs_with_creep), cmocka_unit_test(test_smooth_slowdown),
		cmocka_unit_test(test_jittery_creep), cmocka_unit_test(test_creep_pauses), cmocka_unit_test(test_burst_idle_then_load_stops),
		cmocka_unit_test(test_steady_quantized_ramp), cmocka_unit_test(test_creep_seen), cmocka_unit_test(test_opened_on_leak), cmocka_unit_test(test_opened_on_leak_machine), cmocka_unit_test(test_lifepace_bounds), cmocka_unit_test(test_watch_hysteresis), cmocka_unit_test(test_creep_seen_slowing), cmocka_unit_test(test_creep_seen_not), cmocka_unit_test(test_creep_comes_back), cmocka_unit_test(test_creep_under_walk), cmocka_unit_test(test_creep_speeds_up), cmocka_unit_test(test_run_pace), cmocka_unit_test(test_run_pace_flat), cmocka_unit_test(test_run_pace_disagrees), cmocka_unit_test(test_run_pace_clocks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
