/* cmd.c - the table of commands; see cmd.h. */
#include "cmd/cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "util/output.h"

const struct cmd_entry cmd_table[] = {
	{"explain", "which knowledge-base entries a log or a message shows", cmd_explain},
	{"kb", "list the knowledge base's entries, or show one", cmd_kb},
	{"model", "how much memory a GGUF model's weights and KV cache take", cmd_model},
	{"fit", "will a model load here, in which scope, and which context fits", cmd_fit},
	{"why", "why was a process killed: the kernel's OOM report, explained", cmd_why},
	{NULL, NULL, NULL},
};

const struct cmd_entry *cmd_find(const char *name)
{
	for (const struct cmd_entry *c = cmd_table; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

void cmd_bad_arg(const char *cmd, const char *what, const char *arg, const char *hint)
{
	output_error("%s: %s '%.256s' %s", cmd, what, arg, hint);
}

void cmd_getopt_refused(const char *cmd, int ch, char **argv, const char *hint)
{
	/* after a refusal optind is past the word at fault, except inside a
	 * cluster of short options ("-xé"): there the byte itself is named */
	const char *w = optind > 0 ? argv[optind - 1] : "";
	if (ch == ':')
		output_error("%s: option '%s' needs a value %s", cmd, w, hint);
	else if (strncmp(w, "--", 2) == 0)
		output_error("%s: unknown option '%.*s' %s", cmd, (int)strcspn(w, "="), w, hint);
	else
		output_error("%s: unknown option '-%c' %s", cmd, optopt, hint);
}
