/* rec_thin.c - a recording thinned to what a slower sampling would have
 * read: the first sample, then each first recorded sample at least
 * SECONDS after the last one kept (its own monotonic times, as recorded). A
 * recording made at -d 0.2 thinned to 1 s is what the dashboard's default
 * -d 1 would have seen of the same load: bench/scenarios.sh -R DIR -k 1
 * judges the forecast at the default interval on the live suite's loads.
 * What a skipped sample carried once (the kernel's OOM reports, a watched
 * log's new lines) goes into the next kept one, as a slower sampler reads
 * them then; counters (the cgroups' OOM kills) need nothing.
 *   make -C build liboomcast.a
 *   cc -O2 -Isrc -Ibuild -include build/config.h -o /tmp/rec_thin bench/rec_thin.c \
 *      build/liboomcast.a $(pkg-config --libs libproc2) -lm -lz
 *   /tmp/rec_thin IN.rec OUT.rec SECONDS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/recording.h"
#include "snapshot.h"
#include "util/xalloc.h"

/* what skipped samples carried once, for the next kept one */
struct pending {
	struct oom_kill *kills;
	size_t nkills, kills_cap;
	char **lines;
	size_t nlines, lines_cap;
};

static void pending_take(struct pending *p, const struct snapshot *s)
{
	if (s->nkills) {
		xgrow((void **)&p->kills, &p->kills_cap, p->nkills + s->nkills, sizeof *p->kills);
		memcpy(p->kills + p->nkills, s->kills, s->nkills * sizeof *s->kills);
		p->nkills += s->nkills;
	}
	for (size_t i = 0; i < s->nlog_lines; i++) {
		const char *line = snapshot_string(s, s->log_lines[i]);
		xgrow((void **)&p->lines, &p->lines_cap, p->nlines + 1, sizeof *p->lines);
		p->lines[p->nlines++] = xstrdup(line ? line : "");
	}
}

/* s's own kills and lines after those that came before it */
static void pending_give(struct pending *p, struct snapshot *s)
{
	if (p->nkills) {
		xgrow((void **)&s->kills, &s->kills_cap, s->nkills + p->nkills, sizeof *s->kills);
		memmove(s->kills + p->nkills, s->kills, s->nkills * sizeof *s->kills);
		memcpy(s->kills, p->kills, p->nkills * sizeof *p->kills);
		s->nkills += p->nkills;
	}
	if (p->nlines) {
		size_t own = s->nlog_lines;
		xgrow((void **)&s->log_lines, &s->log_lines_cap, own + p->nlines, sizeof *s->log_lines);
		memmove(s->log_lines + p->nlines, s->log_lines, own * sizeof *s->log_lines);
		for (size_t i = 0; i < p->nlines; i++) {
			s->log_lines[i] = snapshot_add_string(s, p->lines[i], strlen(p->lines[i]));
			free(p->lines[i]);
		}
		s->nlog_lines = own + p->nlines;
	}
	p->nkills = p->nlines = 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: rec_thin IN.rec OUT.rec SECONDS\n");
		return 2;
	}
	char *end;
	double every = strtod(argv[3], &end);
	if (*end || !(every > 0 && every <= 86400)) {
		fprintf(stderr, "rec_thin: invalid SECONDS '%s'\n", argv[3]);
		return 2;
	}
	char err[512];
	FILE *f = fopen(argv[1], "rbe");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	struct rec_header h;
	struct rec_reader *rd = rec_reader_open(f, &h, err, sizeof err);
	if (!rd) {
		fprintf(stderr, "rec_thin: %s\n", err);
		return 1;
	}
	/* a recorded sample a hair early (its sampler's start jitters) is the
	 * one the slower sampler would have taken */
	double slack = h.interval > 0 && h.interval < every ? h.interval / 4 : 0;
	if (every > h.interval)
		h.interval = every;
	struct rec_writer *w = rec_writer_open(argv[2], &h, err, sizeof err);
	if (!w) {
		fprintf(stderr, "rec_thin: %s\n", err);
		rec_reader_close(rd);
		return 1;
	}
	struct rec_sample r;
	rec_sample_init(&r);
	struct pending p = {0};
	double last = 0;   /* the last kept sample's time: monotonic where recorded */
	size_t in = 0, out = 0;
	int rc = 0;
	enum rec_status st;
	while ((st = rec_reader_next(rd, &r, err, sizeof err)) == REC_OK) {
		in++;
		double t = r.snap.mono > 0 ? r.snap.mono : r.snap.t;
		if (out > 0 && t - last < every - slack) {
			pending_take(&p, &r.snap);
			continue;
		}
		pending_give(&p, &r.snap);
		if (rec_writer_add_recorded(w, &r, err, sizeof err) < 0) {
			fprintf(stderr, "rec_thin: %s\n", err);
			rc = 1;
			break;
		}
		last = t;
		out++;
	}
	if (st != REC_OK && st != REC_END) {
		fprintf(stderr, "rec_thin: %s (kept what came before)\n", err);
		rc = 1;
	}
	if (rec_writer_close(w, err, sizeof err) < 0) {
		fprintf(stderr, "rec_thin: %s\n", err);
		rc = 1;
	}
	fprintf(stderr, "rec_thin: %zu of %zu samples kept", out, in);
	/* what came after the last kept sample: a slower sampler never read it */
	if (p.nkills || p.nlines)
		fprintf(stderr, "; %zu OOM reports and %zu log lines after the last left out",
		        p.nkills, p.nlines);
	fputc('\n', stderr);
	rec_sample_free(&r);
	rec_reader_close(rd);
	free(p.kills);
	for (size_t i = 0; i < p.nlines; i++)
		free(p.lines[i]);
	free(p.lines);
	return rc;
}
