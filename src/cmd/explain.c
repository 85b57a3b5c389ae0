/* explain.c - `oomcast explain [--follow] [--json] [TEXT... | -]`: which
 * entries of the knowledge base a log or a message shows, best first. */
#include "cmd/cmd.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/asksize.h"
#include "kb/kb.h"
#include "kb/match.h"
#include "util/output.h"
#include "util/strbuf.h"
#include "cmd/kbtext.h"
#include "formats/oomreport.h"
#include "util/xalloc.h"
#include "util/escape.h"
#include "util/fmt.h"

static const char explain_usage[] =
	"usage: oomcast explain [--follow] [--json] [TEXT... | -]\n"
	"Match an error message (TEXT, or standard input with -) against oomcast's\n"
	"knowledge base and print the entries it shows, best first, with the line\n"
	"that matched. Exit 0 when something matched, 1 when nothing did, 2 for\n"
	"bad usage or a failed write.\n"
	"  -f, --follow   keep reading a stream; print each entry as it appears\n"
	"      --json     {\"matches\":[{\"id\",\"title\",\"score\",\"confidence\",\"line\"}]}\n"
	"                 (confidence \"exact\", or \"weak\" for a line that only hints;\n"
	"                 \"asked_bytes\", \"available_bytes\" where the line says them)\n";

/* The size the line asked for, when it says one: the figure to hold
 * against what is there, and a size no machine has told apart from a
 * shortage. */
static void print_asked(const char *line)
{
	struct kb_ask ask;
	if (!kb_ask_parse(line, &ask))
		return;
	char a[64], b[32];
	kb_ask_text(&ask, true, a, sizeof a);
	/* the figures as the line gives them: ollama's are rounded to 0.1 GiB,
	 * so their difference is no figure to print */
	if (ask.avail >= 0 && ask.avail < KB_ASK_ABSURD)
		printf("  it asked for %s with %s available\n", a,
		       fmt_bytes_iec((uint64_t)ask.avail, b, sizeof b));
	else
		printf("  it asked for %s\n", a);
	if (ask.bytes >= KB_ASK_ABSURD)
		printf("  more memory than any machine has: a wrong size (an overflow, a bad setting),\n"
		       "  not a shortage\n");
}

static void print_match(const struct kb_result *r)
{
	printf("== %s (score %d, %s)\n", r->e->id, r->score, r->e->check ? "a weak hint" : "an exact match");
	/* the line is the user's input, a log's: escaped like every name */
	char line[4 * 4096 + 1];
	escape_copy(line, sizeof line, r->line);
	printf("  matched line %u: %s\n", r->lineno, line);
	print_asked(r->line);
	if (r->e->check)
		printf("  %s\n", r->e->check);
	printf("\n");
	kbtext_print_entry(r->e, true);
	printf("\n");
}

static void json_matches(const struct kb_result *const *r, size_t n)
{
	struct strbuf b = {0};
	sb_puts(&b, "{\"matches\":[");
	for (size_t i = 0; i < n; i++) {
		sb_puts(&b, i ? ",{\"id\":" : "{\"id\":");
		sb_json_cstr(&b, r[i]->e->id);
		sb_puts(&b, ",\"title\":");
		sb_json_cstr(&b, r[i]->e->title);
		sb_printf(&b, ",\"score\":%d,\"confidence\":\"%s\",\"line\":", r[i]->score,
			  r[i]->e->check ? "weak" : "exact");
		sb_json_cstr(&b, r[i]->line);
		struct kb_ask ask;
		if (kb_ask_parse(r[i]->line, &ask)) {
			char j[40];
			kb_ask_json(&ask, j, sizeof j);
			sb_printf(&b, ",\"asked_bytes\":%s", j);
			if (ask.avail >= 0)
				sb_printf(&b, ",\"available_bytes\":%.0f", ask.avail);
		}
		sb_putc(&b, '}');
	}
	sb_puts(&b, "]}\n");
	fwrite(b.s, 1, b.len, stdout);
	fflush(stdout);
	sb_free(&b);
}

/* Split text at newlines and feed each line. With follow, new matches are
 * printed at once; false when they could not be written (a full disk, a
 * closed pipe): following on would print into the void. */
/* A pasted kernel report is also read whole: its kills are explained as
 * `oomcast why` does (why.c). */
struct pasted {
	struct oom_assembler a;
	struct oom_kill *kills;
	size_t n, cap;
};

/* A line is matched by its first 4 KiB: an error's words come early, and a
 * line without end (a binary piped in) must not grow without bound. */
#define EXPLAIN_LINE_MAX 4096

/* One line of f into line (its end not kept), the rest of a longer one
 * read and dropped; a NUL byte becomes a space, as in a watched log, not
 * the line's end. False at the end of f. */
static bool read_line(FILE *f, char *line, size_t cap)
{
	size_t n = 0;
	int ch;
	while ((ch = getc(f)) != EOF && ch != '\n')
		if (n + 1 < cap)
			line[n++] = ch ? (char)ch : ' ';
	line[n] = '\0';
	return ch != EOF || n > 0;
}

static bool feed_text(struct kb_matcher *m, struct pasted *ps, const char *text, bool follow,
                      bool json)
{
	const struct kb_result *fresh[64];
	char line[EXPLAIN_LINE_MAX];
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		size_t k = n < sizeof line - 1 ? n : sizeof line - 1;
		memcpy(line, p, k);
		line[k] = '\0';
		if (k && line[k - 1] == '\r')
			line[k - 1] = '\0';
		struct oom_kill kill;
		if (oomreport_feed(&ps->a, line, k, &kill)) {
			xgrow((void **)&ps->kills, &ps->cap, ps->n + 1, sizeof *ps->kills);
			ps->kills[ps->n++] = kill;
		}
		size_t nf = kb_matcher_line(m, line, fresh, 64);
		if (follow && nf) {
			if (json)
				json_matches(fresh, nf);
			else
				for (size_t i = 0; i < nf; i++)
					print_match(fresh[i]);
			if (output_failed(stdout))
				return false;
		}
		p += n + (p[n] == '\n');
	}
	return true;
}

int cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		{"follow", no_argument, NULL, 'f'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool follow = false, json = false;
	int c;
	opterr = 0;
	optind = 1;
	for (int at = optind; (c = getopt_long(argc, argv, "+fh", opts, NULL)) != -1;
	     at = optind) {
		switch (c) {
		case 'f': follow = true; break;
		case 'j': json = true; break;
		case 'h': fputs(explain_usage, stdout); return output_close("explain") < 0 ? 2 : 0;
		default:
			cmd_getopt_refused("explain", opts, c, at, argv, "(see oomcast explain --help)");
			return 2;
		}
	}
	bool stdin_mode = optind < argc && strcmp(argv[optind], "-") == 0 && optind + 1 == argc;
	if (optind == argc) {
		fprintf(stderr, "oomcast: explain: give the error text, or - to read standard input\n");
		return 2;
	}
	if (follow && !stdin_mode) {
		fprintf(stderr, "oomcast: explain: --follow reads standard input: use -\n");
		return 2;
	}
	struct kb kb;
	if (kbtext_load(&kb) < 0)
		return 1;
	struct kb_matcher m;
	struct pasted ps = {0};
	oomreport_init(&ps.a);
	kb_matcher_init(&m, &kb);
	if (stdin_mode) {
		char line[EXPLAIN_LINE_MAX];
		while (read_line(stdin, line, sizeof line))
			if (!feed_text(&m, &ps, line, follow, json))
				break;
	} else {
		struct strbuf t = {0};
		for (int i = optind; i < argc; i++) {
			if (i > optind)
				sb_putc(&t, ' ');
			sb_puts(&t, argv[i]);
		}
		sb_putc(&t, '\0');
		feed_text(&m, &ps, t.s, false, json);
		sb_free(&t);
	}
	/* a report cut before its kill line still names its victim */
	struct oom_kill last;
	if (oomreport_flush(&ps.a, &last)) {
		xgrow((void **)&ps.kills, &ps.cap, ps.n + 1, sizeof *ps.kills);
		ps.kills[ps.n++] = last;
	}
	const struct kb_result *r[256];
	size_t n = kb_matcher_results(&m, r, 256);
	if (!follow) {
		if (json)
			json_matches(r, n);
		else if (n == 0)
			printf("No entry of the knowledge base matches (oomcast kb lists them).\n");
		else
			for (size_t i = 0; i < n; i++)
				print_match(r[i]);
		/* the kernel's own report, if it was pasted: explained whole */
		for (size_t i = 0; !json && i < ps.n; i++) {
			printf("The kernel's OOM report, read whole (as oomcast why does):\n");
			why_explain(&kb, &ps.kills[i], NAN);   /* pasted: from any boot */
			printf("\n");
		}
	}
	free(ps.kills);
	kb_matcher_free(&m);
	kb_free(&kb);
	/* a lost answer is an error (2), never "nothing matched" (1) */
	if (output_close("explain") < 0)
		return 2;
	return n ? 0 : 1;
}
