/* main.c - start-up: parse options, build the live source, run the chosen
 * output loop at a steady pace. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <sys/utsname.h>

#include "cli.h"
#include "cmd/cmd.h"
#include "kb/kb.h"
#include "sampler.h"
#include "selfguard.h"
#include "formats/recording.h"
#include "source/nvml.h"
#include "source/replay.h"
#include "source/source.h"
#include "util/output.h"
#include "util/xalloc.h"
#include "util/strbuf.h"
#include "view/batch.h"
#include "view/exporter.h"
#include "view/json.h"
#include "view/player.h"
#include "view/tui.h"

/* SIGTERM, SIGINT or SIGHUP while streaming: the handler only notes it, and
 * the loop stops after the line it is on, so every line is whole. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

/* Sleep until the absolute monotonic deadline: the pace stays steady however
 * long a sample took. A stop signal ends the sleep. */
static void sleep_until(struct timespec *deadline, double delay)
{
	long ns = (long)((delay - (long)delay) * 1e9);
	deadline->tv_sec += (time_t)delay;
	deadline->tv_nsec += ns;
	if (deadline->tv_nsec >= 1000000000L)
		deadline->tv_sec++, deadline->tv_nsec -= 1000000000L;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	/* a machine that stalled past the next deadline starts a new pace */
	if (now.tv_sec > deadline->tv_sec + 2) {
		*deadline = now;
		return;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, deadline, NULL) == EINTR &&
	       !stop_signal)
		;
}

/* All of buf to fd, with one write(2) as a rule and more after a short one
 * (a pipe takes 64 KiB at a time); signals restart it (SA_RESTART, EINTR). */
static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void catch_stop_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* The live source with the options that concern it, or a recording's;
 * NULL after printing the one-line reason, with the exit status in *rc. */
static struct source *open_source(const struct cli *c, struct rec_header *h, int *rc)
{
	const char *cause = NULL;
	if (c->replay) {
		char why[1024];
		struct source *src = replay_source_new(c->replay, h, why, sizeof why);
		if (!src) {
			output_error("%s", why);
			*rc = 2;
		}
		return src;
	}
	struct source *src = live_source_new("", &cause);
	if (!src) {
		output_error("%s", cause);
		*rc = 1;
		return NULL;
	}
	char err[512];
	if (c->watch_log && live_source_watch_log(src, c->watch_log, err, sizeof err) < 0) {
		output_error("%s", err);
		source_destroy(src);
		*rc = 2;
		return NULL;
	}
	return src;
}

/* ---- recording (record, --record) ---- */

struct recorder {
	struct rec_writer *w;
	char err[512];
};

static void recorder_sampled(void *ctx, const struct snapshot *s)
{
	rec_writer_mark(((struct recorder *)ctx)->w, s);
}

static int recorder_shown(void *ctx, const struct snapshot *s, const char **cause)
{
	struct recorder *r = ctx;
	if (rec_writer_add(r->w, s, r->err, sizeof r->err) < 0) {
		*cause = r->err;
		return -1;
	}
	return 0;
}

/* Create the recording and hook it to the sampler; -1 after printing why. */
static int recorder_start(struct recorder *r, const char *path, double interval,
                          struct sampler *sm)
{
	struct rec_header h;
	struct utsname u;
	struct timespec now;
	memset(&h, 0, sizeof h);
	if (uname(&u) == 0) {
		snprintf(h.host, sizeof h.host, "%s", u.nodename);
		snprintf(h.kernel, sizeof h.kernel, "%s", u.release);
	}
	snprintf(h.version, sizeof h.version, "%s", PACKAGE_VERSION);
	clock_gettime(CLOCK_REALTIME, &now);
	h.start = (double)now.tv_sec + now.tv_nsec / 1e9;
	h.interval = interval;
	r->w = rec_writer_open(path, &h, r->err, sizeof r->err);
	if (!r->w) {
		output_error("%s", r->err);
		return -1;
	}
	sm->on_sampled = recorder_sampled;
	sm->on_shown = recorder_shown;
	sm->hook_ctx = r;
	return 0;
}

/* A replay's end after played samples: the recording is over (0), cut
 * short (a warning, 0) or damaged (1), said in one line naming the file;
 * with nothing played, an error (2), as for a file that is no recording. */
static int replay_end(const struct cli *c, struct sampler *sm, const char *cause,
                      unsigned long played)
{
	const char *msg;
	enum rec_status st = replay_source_status(sm->src, &msg);
	if (played == 0) {
		output_error("%s: %s", c->replay,
			st == REC_END ? "it holds no sample" : st == REC_TRUNCATED || st == REC_DAMAGED ? msg : cause);
		return 2;
	}
	if (st == REC_END)
		return 0;
	if (st == REC_TRUNCATED) {
		output_error("warning: %s: %s (played up to there)", c->replay, msg);
		return 0;
	}
	output_error("%s: %s", c->replay, st == REC_DAMAGED ? msg : cause);
	return 1;
}

/* A recording without one whole sample: said in a line, not shown as an
 * empty dashboard. */
static int replay_empty(const struct cli *c, struct source *src)
{
	const char *msg;
	enum rec_status st = replay_source_status(src, &msg);
	output_error("%s: %s", c->replay, st == REC_END ? "it holds no sample" : msg);
	return 2;
}

/* The dashboard's player, on the replay source (a view never holds one). */
static int player_seek(void *ctx, size_t i)
{
	return replay_source_seek(ctx, i);
}

static double player_peek(void *ctx)
{
	return replay_source_peek_t(ctx);
}

static const char *player_note(void *ctx)
{
	const char *msg;
	return replay_source_status(ctx, &msg) == REC_END ? "" : msg;
}

/* Sleep until the recording's next sample is due at speed (recorded
 * seconds a second); at once when there is none or speed is 0. */
static void replay_pace(struct sampler *sm, double speed, struct timespec *deadline)
{
	double t0 = sm->snap.t, t1 = replay_source_peek_t(sm->src);
	if (speed <= 0 || t1 <= 0 || !(t1 > t0))
		return;
	double gap = (t1 - t0) / speed;
	sleep_until(deadline, gap > 3600 ? 3600 : gap);
}

static int run_stream(const struct cli *c, struct sampler *sm)
{
	const char *cause = NULL;
	/* report a closed pipe as EPIPE from write, not a silent SIGPIPE death */
	signal(SIGPIPE, SIG_IGN);
	catch_stop_signals();
	struct strbuf out = {0};
	struct timespec deadline;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	int rc = 0;
	for (unsigned long n = 1; (c->count == 0 || n <= c->count) && !stop_signal; n++) {
		if (sampler_tick(sm, &cause) < 0) {
			if (c->replay)
				rc = replay_end(c, sm, cause, n - 1);
			else
				output_error("%s", cause), rc = 1;
			break;
		}
		sampler_select_top(sm, c->top, c->pins, c->npins);
		if (sampler_shown(sm, &cause) < 0) {
			output_error("%s", cause);
			rc = 1;
			break;
		}
		if (c->mode == MODE_EXPORT) {
			/* the exporter took the sample (its hook); nothing to write */
			if ((c->count == 0 || n < c->count) && !stop_signal)
				sleep_until(&deadline, c->delay);
			continue;
		}
		sb_reset(&out);
		if (c->mode == MODE_RECORD)
			;   /* the recording is all it writes */
		else if (c->mode == MODE_JSON)
			json_write_sample(&out, &sm->snap, &sm->rows, sm->forecast, sm->events, sm->loads,
					  sm->advice);
		else
			batch_write_sample(&out, &sm->snap, &sm->rows, sm->forecast, sm->events, sm->loads,
					   sm->advice, n);
		/* the sample was built whole in memory: written with write(2),
		 * not through stdio's buffer, a stop signal cannot cut it */
		if (write_all(STDOUT_FILENO, out.s, out.len) < 0) {
			/* a closed pipe (| head) is a normal end, not an error to report */
			if (errno != EPIPE)
				output_error("cannot write the output: %s", strerror(errno));
			rc = errno == EPIPE ? 0 : 1;
			break;
		}
		if ((c->count == 0 || n < c->count) && !stop_signal) {
			if (c->replay)
				replay_pace(sm, c->speed, &deadline);
			else
				sleep_until(&deadline, c->delay);
		}
	}
	sb_free(&out);
	return rc;
}

/* The built-in entries and the user's. A user entry that does not parse is
 * one line on stderr and skipped; the first such line is kept in warning. */
static void load_kb(struct kb *kb, char *warning, size_t len)
{
	char *buf = NULL, err[256];
	size_t blen = 0;
	warning[0] = '\0';
	kb_init(kb);
	FILE *w = open_memstream(&buf, &blen);
	if (kb_load_all(kb, w ? w : stderr, err, sizeof err) < 0)
		snprintf(warning, len, "%.190s", err);
	if (w)
		fclose(w);
	if (buf && *buf) {
		fprintf(stderr, "%s", buf);
		if (!warning[0])
			snprintf(warning, len, "%.*s", (int)strcspn(buf, "\n"), buf);
	}
	free(buf);
}

/* Which NVML calls this machine's driver answers (after one reading, since
 * a refused newer call falls back then): for bug reports. */
static void print_nvml(void)
{
	char why[128];
	const char *path = getenv("OOMCAST_NVML_LIBRARY");
	struct nvml *n = path && strcmp(path, "off") == 0 ? NULL : nvml_open(path, why, sizeof why);
	if (!n) {
		printf("NVML: %s\n", path && strcmp(path, "off") == 0 ? "turned off" : why);
		return;
	}
	struct nvml_reading *r = xcalloc(1, sizeof *r);
	size_t cards = nvml_read(n, r);
	printf("NVML: %zu GPU%s, memory call %s, process lists %s%s%s\n", cards, cards == 1 ? "" : "s",
	       nvml_memory_api(n), nvml_process_api(n), r->note[0] ? "; " : "", r->note);
	free(r);
	nvml_close(n);
}

int main(int argc, char **argv)
{
	struct cli c;
	char err[1024];   /* a library's reason, a long path: whole */
	/* the commands (explain, kb, model, ...) have their own options */
	const struct cmd_entry *cmd = argc > 1 ? cmd_find(argv[1]) : NULL;
	if (cmd)
		return cmd->exec(argc - 1, argv + 1);
	if (cli_parse(&c, argc, argv, err, sizeof err) < 0) {
		output_error("%s", err);   /* it quotes the argument at fault */
		return 2;
	}
	switch (c.mode) {
	case MODE_HELP:
		fputs(cli_usage, stdout);
		return 0;
	case MODE_VERSION:
		printf("oomcast %s\n", PACKAGE_VERSION);
		print_nvml();
		return 0;
	case MODE_JSON:
	case MODE_BATCH:
	case MODE_RECORD:
	case MODE_EXPORT:
	case MODE_DEFAULT:
	default:
		break;
	}
	char demo_rec[4096];
	if (c.demo) {
		if (demo_find(demo_rec, sizeof demo_rec, err, sizeof err) < 0) {
			output_error("%s", err);
			return 2;
		}
		c.replay = demo_rec;
	}
	if (c.mode == MODE_DEFAULT && !tui_has_terminal()) {
		output_error("the dashboard needs a terminal; use -b or --json for a pipe");
		return 2;
	}
	int rc = 0;
	/* the exporter first: a port in use is said before anything starts */
	struct exporter *exp = NULL;
	if (c.prom.set || c.textfile) {
		exp = exporter_start(&c, c.mode == MODE_DEFAULT, err, sizeof err);
		if (!exp) {
			output_error("%s", err);
			return 2;
		}
		if (c.prom.set)
			fprintf(stderr, c.prom.family == AF_INET6 ? "oomcast: metrics at http://[%s]:%u/metrics\n"
								  : "oomcast: metrics at http://%s:%u/metrics\n",
				c.prom.host, exporter_port(exp));
	}
	struct rec_header rh;
	struct source *src = open_source(&c, &rh, &rc);
	if (!src) {
		exporter_stop(exp);
		return rc;
	}
	/* the chart's time axis: the recorded run's interval */
	if (c.replay && rh.interval >= 0.1 && rh.interval <= 86400)
		c.delay = rh.interval;
	struct player_src psrc = {src, player_seek, player_peek, player_note};
	/* a replay reports the protection the recorded run had */
	struct selfguard guard;
	if (!c.replay)
		selfguard_apply(&guard);
	/* the knowledge base, once: its problems said here, on stderr, and
	 * the first kept for the dashboard's help */
	struct kb kb;
	char kb_warning[200];
	load_kb(&kb, kb_warning, sizeof kb_warning);
	/* one sampler, handed to the one view that runs */
	struct sampler sm;
	struct forecast_cfg fcfg = {c.warn_s, c.crit_s};
	sampler_init(&sm, src, &fcfg, c.replay ? NULL : &guard, &kb, kb_warning);
	if (exp)
		sampler_set_hook(&sm, exporter_tick, exp);
	struct recorder rec = {0};
	if (c.record && recorder_start(&rec, c.record, c.delay, &sm) < 0)
		rc = 2;
	else if (c.mode == MODE_DEFAULT && c.replay && replay_source_peek_t(src) <= 0)
		rc = replay_empty(&c, src);
	else if (c.mode == MODE_DEFAULT)
		rc = tui_run(&c, &sm, c.replay ? &psrc : NULL);
	else
		rc = run_stream(&c, &sm);
	if (rec.w && rec_writer_close(rec.w, rec.err, sizeof rec.err) < 0 && rc == 0) {
		output_error("%s", rec.err);
		rc = 1;
	}
	exporter_stop(exp);
	sampler_free(&sm);
	kb_free(&kb);
	if (stop_signal) {
		/* a stream stopped by a signal ends as the signal would have
		 * ended it (after its last whole line): the status says so */
		signal(stop_signal, SIG_DFL);
		raise(stop_signal);
	}
	return rc;
}
