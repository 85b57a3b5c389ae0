/* kb.c - `oomcast kb [ID]`: the knowledge base's entries, or one whole. */
#include "cmd/cmd.h"

#include <stdio.h>
#include <string.h>

#include "cmd/kbtext.h"
#include "util/escape.h"
#include "util/output.h"

int cmd_kb(int argc, char **argv)
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
	if (kbtext_load(&kb) < 0)
		return 1;
	int rc = 0;
	if (argc == 2) {
		const struct kb_entry *e = kb_find(&kb, argv[1]);
		if (e) {
			kbtext_print_entry(e, true);
			if (strcmp(e->origin, "built in") != 0) {
				char o[4 * sizeof e->origin + 1];   /* a file's path */
				escape_copy(o, sizeof o, e->origin);
				printf("\n  (from %s)\n", o);
			}
		} else {
			output_error("kb: no entry '%.60s' (oomcast kb lists them)", argv[1]);
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
