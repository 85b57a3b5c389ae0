/* cmdsplit.h - a command line (its arguments joined by spaces, as the
 * snapshot keeps it) split for showing: the program's directory, its name
 * and its arguments, so a table can show "python3 -m vllm ..." with the
 * name highlighted and the full path on demand, as htop does. */
#ifndef OOMCAST_CMDSPLIT_H
#define OOMCAST_CMDSPLIT_H
#include <stddef.h>

struct cmd_parts {
	size_t dir_len;     /* bytes of the directory before the name ("/usr/bin/") */
	size_t name_len;    /* bytes of the name; the arguments follow it */
};

/* Split cmd. comm (the kernel's name of the process, "" unknown) finds
 * the program where its path has spaces ("/opt/My App/bin/app --x"). A
 * kernel thread's "[kworker/0:1]" is all name. */
void cmdsplit(const char *cmd, const char *comm, struct cmd_parts *out);

#endif
