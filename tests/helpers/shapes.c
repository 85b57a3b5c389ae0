/* shapes - a load generator for the forecast benchmark (bench/scenarios.sh):
 * one process that draws a memory shape over time with anonymous memory it
 * touches (or, for page cache, with a file it reads), saying on stderr what it
 * does, each line stamped with seconds since it started.
 *
 *   shapes SHAPE [KEY=VALUE...]
 *
 * Sizes in MiB, rates in MiB/s, times in seconds, counted from its start. Every
 * shape waits start=S (default 0), touches base=MIB (default 16), and exits 0
 * at end=S (default 3600): the endless shapes grow until then, the others hold
 * what they have.
 * It never holds more than cap=MIB (default 4096: then it stops growing and
 * says so), so a run outside a memory cgroup cannot take the machine.
 *
 *   leak     rate=2 grow=0 on=0 off=0  a steady leak, without end (grow=S:
 *                                      for S s, then holding what it took;
 *                                      on=S off=P: working S s, then
 *                                      pausing P s, in turn)
 *   stairs   step=32 every=5 burst=0   step MiB every S, without end; the step
 *                                      itself at burst MiB/s (0: at once)
 *   sawtooth garbage=96 live=8 rate=48 pause=1
 *                                      a garbage-collected heap, without end:
 *                                      garbage grows at rate, the collector frees
 *                                      all of it pause s later and the next cycle
 *                                      starts pause s after that; each cycle
 *                                      leaves live MiB behind
 *   decel    total=300 tau=15          grows total*(1-exp(-t/tau)) MiB: fast at
 *                                      first (total/tau MiB/s), slowing, stopping
 *                                      one MiB short of total
 *   build    jobs=4 min=40 max=110 life=1:4 duration=60 seed=1
 *                                      a build: up to jobs short-lived children
 *                                      at a time, each touching min..max MiB over
 *                                      half its life (life=LO:HI s), then exiting
 *   read     file=PATH calm=25 rate=64 after calm s, reads FILE into anonymous
 *                                      buffers at rate (0: flat out), round and
 *                                      round, without end
 *   sudden   calm=40 size=400          one allocation of size MiB after calm s
 *   requests calm=20 size=96 every=12 hold=3
 *                                      a server's requests: after calm s, size
 *                                      MiB at once every S, each freed hold s
 *                                      later, without end
 *   cache    file=PATH rate=48 duration=60
 *                                      reads FILE at rate for duration s into one
 *                                      small buffer, dropping the file's cached
 *                                      pages at each end of file so each pass
 *                                      comes from the disk and is charged as page
 *                                      cache again
 * Unknown keys are an error, so a typo in the benchmark cannot pass unseen. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MIB ((size_t)1 << 20)

static double t_start, t_end;
static size_t total_mib, cap_mib;   /* all it holds, and the most it may */

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static bool alive(void)
{
	return now() < t_end;
}

__attribute__((format(printf, 1, 2))) static void say(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "shapes[%ld] %7.2f ", (long)getpid(), now() - t_start);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void sleep_until(double when)
{
	if (when > t_end)
		when = t_end;
	double d = when - now();
	if (d <= 0)
		return;
	struct timespec ts = {(time_t)d, (long)((d - (long)d) * 1e9)};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* A mapping of mib MiB, every page touched: resident, not just address
 * space, so the cgroup's anonymous memory moves by exactly what the shape
 * says. NULL at the cap. */
static char *touch_new(size_t mib)
{
	if (total_mib + mib > cap_mib) {
		static bool told;
		if (!told)
			say("cap of %zu MiB reached: no more growth", cap_mib);
		told = true;
		return NULL;
	}
	char *p = mmap(NULL, mib * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		say("mmap %zu MiB: %s", mib, strerror(errno));
		exit(1);
	}
	memset(p, 0x5a, mib * MIB);
	total_mib += mib;
	return p;
}

/* Memory held in 1 MiB mappings, so a part can be freed. */
struct heap {
	char **chunk;
	size_t n, cap;
};

static bool heap_add(struct heap *h, char *p)
{
	if (!p)
		return false;
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 256;
		h->chunk = realloc(h->chunk, h->cap * sizeof *h->chunk);
		if (!h->chunk)
			exit(1);
	}
	h->chunk[h->n++] = p;
	return true;
}

static void heap_grow(struct heap *h, size_t mib)
{
	for (size_t i = 0; i < mib; i++)
		if (!heap_add(h, touch_new(1)))
			return;
}

static void heap_free(struct heap *h)
{
	for (size_t i = 0; i < h->n; i++)
		munmap(h->chunk[i], MIB);
	total_mib -= h->n;
	h->n = 0;
}

/* Grow h by mib at rate MiB/s (0: at once), paced against absolute deadlines
 * so a busy machine delays a chunk but does not lower the rate. */
static void heap_grow_at(struct heap *h, size_t mib, double rate)
{
	double t0 = now();
	for (size_t i = 0; i < mib && alive(); i++) {
		heap_grow(h, 1);
		if (rate > 0)
			sleep_until(t0 + (i + 1) / rate);
	}
}

/* ---- parameters ---------------------------------------------------------- */

struct param {
	const char *key;
	const char *val;
	bool used;
};

static struct param params[32];
static int nparams;

static const char *param_str(const char *key, const char *dflt)
{
	for (int i = 0; i < nparams; i++)
		if (strcmp(params[i].key, key) == 0) {
			params[i].used = true;
			return params[i].val;
		}
	return dflt;
}

static double param(const char *key, double dflt)
{
	const char *v = param_str(key, NULL);
	if (!v)
		return dflt;
	char *end;
	double d = strtod(v, &end);
	if (end == v || *end || d < 0) {
		fprintf(stderr, "shapes: %s=%s: not a number >= 0\n", key, v);
		exit(2);
	}
	return d;
}

static void params_check(void)
{
	for (int i = 0; i < nparams; i++)
		if (!params[i].used) {
			fprintf(stderr, "shapes: unknown parameter %s\n", params[i].key);
			exit(2);
		}
}

/* ---- shapes -------------------------------------------------------------- */

static struct heap held;

/* When a leak working on s and pausing off s in turn (on 0: never
 * pausing) has worked w s: a MiB due at the end of a working stretch
 * comes before its pause */
static double leak_time(double w, double on, double off)
{
	return on > 0 ? w + fmax(ceil(w / on) - 1, 0) * off : w;
}

static void shape_leak(void)
{
	double rate = param("rate", 2), grow = param("grow", 0);
	double on = param("on", 0), off = param("off", 0);
	params_check();
	say("leak: %.2f MiB/s %s", rate, grow > 0 ? "for a while" : "without end");
	if (on > 0)
		say("leak: working %.0f s, then pausing %.0f s, in turn", on, off);
	double t0 = now();
	for (size_t i = 1; alive(); i++) {
		if (grow > 0 && now() - t0 >= grow) {
			say("leak: stopped, %zu MiB held", total_mib);
			while (alive())
				sleep_until(now() + 0.5);
			break;
		}
		heap_grow(&held, 1);
		if (i % 32 == 0)
			say("leak: %zu MiB held", total_mib);
		sleep_until(t0 + leak_time(i / (rate > 0 ? rate : 1e-9), on, off));
	}
}

static void shape_stairs(void)
{
	double step = param("step", 32), every = param("every", 5), burst = param("burst", 0);
	params_check();
	say("stairs: %.0f MiB every %.2f s, each step at %.1f MiB/s (0: at once)", step, every, burst);
	double t0 = now();
	for (size_t i = 1; alive(); i++) {
		sleep_until(t0 + i * every);
		if (!alive())
			break;
		heap_grow_at(&held, (size_t)step, burst);
		say("stairs: step %zu, %zu MiB held", i, total_mib);
	}
}

static void shape_sawtooth(void)
{
	double garbage = param("garbage", 96), live = param("live", 8);
	double rate = param("rate", 48), pause = param("pause", 1);
	params_check();
	say("sawtooth: %.0f MiB of garbage at %.1f MiB/s, collected after %.2f s, %.0f MiB live per cycle",
	    garbage, rate, pause, live);
	struct heap junk = {0};
	for (size_t i = 1; alive(); i++) {
		heap_grow_at(&junk, (size_t)garbage, rate);
		heap_grow(&held, (size_t)live);
		sleep_until(now() + pause);
		heap_free(&junk);
		say("sawtooth: cycle %zu collected, %zu MiB held", i, total_mib);
		sleep_until(now() + pause);
	}
}

static void shape_decel(void)
{
	double total = param("total", 300), tau = param("tau", 15);
	params_check();
	if (tau <= 0)
		tau = 1;
	say("decel: up to %.0f MiB, %.1f MiB/s at first, time constant %.1f s", total, total / tau, tau);
	double t0 = now();
	size_t got = 0;
	while (got + 1 < (size_t)total && alive()) {
		sleep_until(t0 - tau * log(1 - (got + 1) / total));
		heap_grow(&held, 1);
		got++;
		if (got % 32 == 0)
			say("decel: %zu MiB, now %.2f MiB/s", got, (total - got) / tau);
	}
	say("decel: stopped after %zu MiB", got);
}

static uint64_t rng_state = 1;

static double rnd(void)   /* uniform in [0,1), the same on every libc */
{
	rng_state = rng_state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
	return (double)(rng_state >> 11) / (double)(UINT64_C(1) << 53);
}

static void shape_build(void)
{
	int jobs = (int)param("jobs", 4);
	double lo = param("min", 40), hi = param("max", 110);
	double duration = param("duration", 60), seed = param("seed", 1);
	double lmin = 1, lmax = 4;
	const char *life = param_str("life", "1:4");
	params_check();
	if (sscanf(life, "%lf:%lf", &lmin, &lmax) != 2 || lmin <= 0 || lmax < lmin) {
		fprintf(stderr, "shapes: life=%s: want LO:HI seconds\n", life);
		exit(2);
	}
	if (jobs < 1)
		jobs = 1;
	rng_state = (uint64_t)seed * UINT64_C(2654435761) + 1;
	say("build: %d jobs at a time, %.0f..%.0f MiB each over %.1f..%.1f s, for %.0f s",
	    jobs, lo, hi, lmin, lmax, duration);
	double end = now() + duration;
	int running = 0, started = 0, failed = 0;
	while (running > 0 || (now() < end && alive())) {
		while (running < jobs && now() < end && alive()) {
			size_t mib = (size_t)(lo + rnd() * (hi - lo));
			double span = lmin + rnd() * (lmax - lmin);
			pid_t pid = fork();
			if (pid < 0) {
				say("build: fork: %s", strerror(errno));
				break;
			}
			if (pid == 0) {   /* a compiler: grows, works a while, exits */
				struct heap mine = {0};
				total_mib = 0;
				heap_grow_at(&mine, mib, mib / (span / 2));
				sleep_until(now() + span / 2);
				_exit(0);
			}
			running++;
			started++;
		}
		int st;
		if (wait(&st) < 0)
			break;
		running--;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			failed++;
	}
	say("build: %d jobs done, %d failed", started, failed);
}

static int open_fresh(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		say("%s: %s", path, strerror(errno));
		exit(1);
	}
	/* Drop the file's clean cached pages, so the reads that follow come
	 * from the disk and are charged to this cgroup, whoever cached it. */
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	return fd;
}

static void read_full(int fd, char *p, size_t len, bool drop_at_eof)
{
	size_t got = 0;
	while (got < len) {
		ssize_t r = read(fd, p + got, len - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			say("read: %s", strerror(errno));
			exit(1);
		}
		if (r == 0) {   /* end of file: round again */
			if (drop_at_eof)
				posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
			lseek(fd, 0, SEEK_SET);
			continue;
		}
		got += (size_t)r;
	}
}

static void shape_read(void)
{
	const char *file = param_str("file", NULL);
	double calm = param("calm", 25), rate = param("rate", 64);
	params_check();
	if (!file) {
		fprintf(stderr, "shapes: read needs file=PATH\n");
		exit(2);
	}
	int fd = open_fresh(file);
	say("read: calm for %.1f s, then %s into memory at %.1f MiB/s (0: flat out)", calm, file, rate);
	sleep_until(t_start + calm);
	double t0 = now();
	for (size_t i = 1; alive(); i++) {
		/* Fresh pages that read() fills: anonymous memory, plus the file's
		 * page cache on the first pass. */
		char *p = mmap(NULL, MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED || total_mib + 1 > cap_mib) {
			say("read: no more memory (cap %zu MiB)", cap_mib);
			return;
		}
		read_full(fd, p, MIB, false);
		total_mib++;
		heap_add(&held, p);
		if (i % 64 == 0)
			say("read: %zu MiB read into memory", i);
		if (rate > 0)
			sleep_until(t0 + i / rate);
	}
}

static void shape_sudden(void)
{
	double calm = param("calm", 40), size = param("size", 400);
	params_check();
	say("sudden: calm for %.1f s, then %.0f MiB at once", calm, size);
	sleep_until(t_start + calm);
	if (!alive())
		return;
	say("sudden: allocating %.0f MiB", size);
	if (touch_new((size_t)size))
		say("sudden: %.0f MiB touched", size);
}

static void shape_requests(void)
{
	double calm = param("calm", 20), size = param("size", 96);
	double every = param("every", 12), hold = param("hold", 3);
	params_check();
	say("requests: after %.1f s, %.0f MiB at once every %.1f s, freed %.1f s later", calm, size,
	    every, hold);
	struct heap req = {0};
	for (size_t i = 0; alive(); i++) {
		sleep_until(t_start + calm + (double)i * every);
		if (!alive())
			break;
		heap_grow(&req, (size_t)size);
		say("requests: request %zu, %zu MiB held", i + 1, total_mib);
		sleep_until(now() + hold);
		heap_free(&req);
	}
}

static void shape_cache(void)
{
	const char *file = param_str("file", NULL);
	double rate = param("rate", 48), duration = param("duration", 60);
	params_check();
	if (!file) {
		fprintf(stderr, "shapes: cache needs file=PATH\n");
		exit(2);
	}
	int fd = open_fresh(file);
	say("cache: reading %s at %.1f MiB/s for %.0f s", file, rate, duration);
	static char buf[1 << 20];
	double t0 = now();
	for (size_t i = 1; now() < t0 + duration && alive(); i++) {
		read_full(fd, buf, sizeof buf, true);
		if (i % 256 == 0)
			say("cache: %zu MiB read", i);
		sleep_until(t0 + i / (rate > 0 ? rate : 1e9));
	}
	say("cache: done");
}

static const struct {
	const char *name;
	void (*run)(void);
} shapes[] = {
	{"leak", shape_leak},     {"stairs", shape_stairs}, {"sawtooth", shape_sawtooth},
	{"decel", shape_decel},   {"build", shape_build},   {"read", shape_read},
	{"sudden", shape_sudden}, {"cache", shape_cache},     {"requests", shape_requests},
};

int main(int argc, char **argv)
{
	t_start = now();
	setvbuf(stderr, NULL, _IOLBF, 0);
	if (argc < 2) {
		fprintf(stderr, "usage: shapes SHAPE [KEY=VALUE...] (see the head of shapes.c)\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq || nparams == (int)(sizeof params / sizeof params[0])) {
			fprintf(stderr, "shapes: %s: want KEY=VALUE\n", argv[i]);
			return 2;
		}
		/* a copy of the key: argv stays as it was, for ps and oomcast */
		char *key = strndup(argv[i], (size_t)(eq - argv[i]));
		if (!key)
			return 1;
		params[nparams++] = (struct param){key, eq + 1, false};
	}
	double start = param("start", 0);
	double base = param("base", 16);
	t_end = t_start + param("end", 3600);
	cap_mib = (size_t)param("cap", 4096);
	for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
		if (strcmp(argv[1], shapes[i].name) != 0)
			continue;
		sleep_until(t_start + start);
		heap_grow(&held, (size_t)base);
		say("%s: base %zu MiB touched", argv[1], total_mib);
		shapes[i].run();
		say("%s: holding %zu MiB until %.0f s", argv[1], total_mib, t_end - t_start);
		sleep_until(t_end);
		return 0;
	}
	fprintf(stderr, "shapes: unknown shape %s\n", argv[1]);
	return 2;
}
