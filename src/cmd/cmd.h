/* cmd.h - oomcast's commands besides the monitor itself, one file each in
 * src/cmd/, and the one table that dispatches them (as tmux's cmd_table).
 * Each command takes its own arguments (argv[0] is its name) and returns
 * the process's exit status: 0 done, 1 nothing found (explain), 2 a usage,
 * input or output error named in one line. */
#ifndef OOMCAST_CMD_H
#define OOMCAST_CMD_H

#include <stddef.h>

struct cmd_entry {
	const char *name;
	const char *summary;      /* one line for oomcast --help */
	int (*exec)(int argc, char **argv);
};

/* "oomcast: CMD: WHAT 'ARG' HINT" on stderr, the argument at fault
 * escaped (a user's words, quoted back to a terminal). */
void cmd_bad_arg(const char *cmd, const char *what, const char *arg, const char *hint);

/* What getopt_long refused (ch '?' or, with ':' first in the short
 * options, ':' for a value missing; at: optind before that call), said in
 * one line naming the option. */
struct option;
void cmd_getopt_refused(const char *cmd, const struct option *longs, int ch, int at, char **argv,
                        const char *hint);

/* The command named name, or NULL. */
const struct cmd_entry *cmd_find(const char *name);
/* The table, ended by an entry with a NULL name. */
extern const struct cmd_entry cmd_table[];

int cmd_explain(int argc, char **argv);
int cmd_kb(int argc, char **argv);
int cmd_model(int argc, char **argv);
int cmd_fit(int argc, char **argv);
int cmd_why(int argc, char **argv);

/* `oomcast demo`'s recording: its path in path, 0; or -1 with a one-line
 * reason in err (cmd/demo.c says where it looks). */
int demo_find(char *path, size_t len, char *err, size_t errlen);

struct kb;
struct oom_kill;
/* The post-mortem of one OOM kill, as `oomcast why` prints it (explain
 * prints it for a pasted kernel report too). boot: the wall-clock time of
 * boot when k comes from this boot's log (its time of day is printed), NAN
 * for a report from a file or a paste. */
void why_explain(const struct kb *kb, const struct oom_kill *k, double boot);

#endif
