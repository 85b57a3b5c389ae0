/* explain.c - `oomcast explain` (which entries a log or a message shows) and
 * `oomcast kb` (list the entries, or show one); see explain.h. */
#include "explain.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/kb.h"
#include "kb/match.h"
#include "util/output.h"
#include "util/strbuf.h"
#include "util/wrap.h"

#define WIDTH 78

static const char explain_usage[] =
	"usage: oomcast explain [--follow] [--json] [TEXT... | -]\n"
	"Match an error message (TEXT, or standard input with -) against oomcast's\n"
	"knowledge base and print the entries it shows, best first, with the line\n"
	"that matched. Exit 0 when something matched, 1 when nothing did.\n"
	"  -f, --follow   keep reading a stream; print each entry as it appears\n"
	"      --json     {\"matches\":[{\"id\",\"title\",\"score\",\"line\"}]}\n";

static void wrapped(const char *indent, const char *text)
{
	size_t next, w = WIDTH - strlen(indent);
	for (const char *s = text; *s; s += next) {
		size_t n = wrap_next(s, w, &next);
		printf("%s%.*s\n", indent, (int)n, s);
		if (!next)
			break;
	}
}

static void print_step(const char *first, const char *rest, const char *text)
{
	char buf[4096];
	kb_render(text, NULL, NULL, buf, sizeof buf);
	size_t next, w = WIDTH - strlen(first);
	const char *s = buf;
	for (int i = 0; *s; i++, s += next) {
		size_t n = wrap_next(s, w, &next);
		printf("%s%.*s\n", i ? rest : first, (int)n, s);
		if (!next)
			break;
	}
}

static void print_entry(const struct kb_entry *e, bool full)
{
	printf("%s: %s\n", e->id, e->title);
	if (!full)
		return;
	printf("  category: %s", e->category);
	if (e->resources)
		printf("; resources: %s", e->resources);
	if (e->runtimes)
		printf("; runtimes: %s", e->runtimes);
	printf("\n\n  Cause:\n");
	wrapped("    ", e->cause);
	printf("\n  Fix:\n");
	for (size_t i = 0; i < e->nfix; i++)
		print_step("    - ", "      ", e->fix[i]);
	if (e->related)
		printf("\n  See also: %s\n", e->related);
}

static void print_match(const struct kb_result *r)
{
	printf("== %s (score %d)\n", r->e->id, r->score);
	printf("  matched line %u: %s\n\n", r->lineno, r->line);
	print_entry(r->e, true);
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
		sb_printf(&b, ",\"score\":%d,\"line\":", r[i]->score);
		sb_json_cstr(&b, r[i]->line);
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
static bool feed_text(struct kb_matcher *m, const char *text, bool follow, bool json)
{
	const struct kb_result *fresh[64];
	char line[4096];
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		size_t k = n < sizeof line - 1 ? n : sizeof line - 1;
		memcpy(line, p, k);
		line[k] = '\0';
		if (k && line[k - 1] == '\r')
			line[k - 1] = '\0';
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

/* The built-in entries and the user's; a broken built-in one is reported
 * (user entries that do not parse are reported and skipped inside). */
static int load(struct kb *kb)
{
	char err[512];
	kb_init(kb);
	if (kb_load_all(kb, stderr, err, sizeof err) < 0) {
		fprintf(stderr, "oomcast: %s\n", err);
		kb_free(kb);
		return -1;
	}
	return 0;
}

int explain_main(int argc, char **argv)
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
	while ((c = getopt_long(argc, argv, "+fh", opts, NULL)) != -1) {
		switch (c) {
		case 'f': follow = true; break;
		case 'j': json = true; break;
		case 'h': fputs(explain_usage, stdout); return output_close("explain") < 0 ? 2 : 0;
		default:
			fprintf(stderr, "oomcast: explain: unknown option '%s' (see oomcast explain --help)\n",
				argv[optind - 1]);
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
	if (load(&kb) < 0)
		return 1;
	struct kb_matcher m;
	kb_matcher_init(&m, &kb);
	if (stdin_mode) {
		char line[8192];
		while (fgets(line, sizeof line, stdin)) {
			size_t n = strlen(line);
			if (n == sizeof line - 1 && line[n - 1] != '\n') {
				/* a very long line: match its start, drop the rest */
				int ch;
				while ((ch = getchar()) != EOF && ch != '\n')
					;
			}
			if (!feed_text(&m, line, follow, json))
				break;
		}
	} else {
		struct strbuf t = {0};
		for (int i = optind; i < argc; i++) {
			if (i > optind)
				sb_putc(&t, ' ');
			sb_puts(&t, argv[i]);
		}
		sb_putc(&t, '\0');
		feed_text(&m, t.s, false, json);
		sb_free(&t);
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
	}
	kb_matcher_free(&m);
	kb_free(&kb);
	/* a lost answer is an error (2), never "nothing matched" (1) */
	if (output_close("explain") < 0)
		return 2;
	return n ? 0 : 1;
}

int kb_main(int argc, char **argv)
{
	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
			printf("usage: oomcast kb [ID]\nList the knowledge base's entries, or show one.\n");
			return output_close("kb") < 0 ? 2 : 0;
		}
		fprintf(stderr, "oomcast: kb: usage: oomcast kb [ID]\n");
		return 2;
	}
	struct kb kb;
	if (load(&kb) < 0)
		return 1;
	int rc = 0;
	if (argc == 2) {
		const struct kb_entry *e = kb_find(&kb, argv[1]);
		if (e) {
			print_entry(e, true);
			if (strcmp(e->origin, "built in") != 0)
				printf("\n  (from %s)\n", e->origin);
		} else {
			fprintf(stderr, "oomcast: kb: no entry '%.60s' (oomcast kb lists them)\n", argv[1]);
			rc = 2;
		}
	} else {
		for (size_t i = 0; i < kb.n; i++)
			printf("%-24s %-10s %s\n", kb.e[i].id, kb.e[i].category, kb.e[i].title);
	}
	kb_free(&kb);
	if (output_close("kb") < 0)
		return 2;
	return rc;
}
