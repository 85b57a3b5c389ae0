/* kbtext.c - the knowledge base as its commands print it; see kbtext.h. */
#include "cmd/kbtext.h"

#include <stdio.h>
#include <string.h>

#include "util/output.h"
#include "util/wrap.h"

#define WIDTH 78

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

void kbtext_print_entry(const struct kb_entry *e, bool full)
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

/* The built-in entries and the user's; a broken built-in one is reported
 * (user entries that do not parse are reported and skipped inside). */
int kbtext_load(struct kb *kb)
{
	char err[512];
	kb_init(kb);
	if (kb_load_all(kb, stderr, err, sizeof err) < 0) {
		output_error("%s", err);
		kb_free(kb);
		return -1;
	}
	return 0;
}
