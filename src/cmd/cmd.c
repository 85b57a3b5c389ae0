/* cmd.c - the table of commands; see cmd.h. */
#include "cmd/cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
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

void cmd_getopt_refused(const char *cmd, const struct option *longs, int ch, int at, char **argv,
                        const char *hint)
{
	char err[512];
	cli_refused(longs, argv, ch, at, hint, err, sizeof err);
	output_error("%s: %s", cmd, err);
}
