/* cmdsplit.c - a command line's directory, name and arguments; see
 * cmdsplit.h. */
#include "util/cmdsplit.h"

#include <stdbool.h>
#include <string.h>

/* The name at s (up to len bytes) starts with comm, the kernel's 15-byte
 * cut of it. */
static bool named(const char *s, size_t len, const char *comm)
{
	size_t c = strlen(comm);
	return c && len >= c && strncmp(s, comm, c) == 0;
}

void cmdsplit(const char *cmd, const char *comm, struct cmd_parts *out)
{
	out->dir_len = out->name_len = 0;
	if (!cmd || !*cmd)
		return;
	size_t len = strlen(cmd);
	if (cmd[0] == '[' && cmd[len - 1] == ']') {   /* a kernel thread, as ps shows it */
		out->name_len = len;
		return;
	}
	size_t end = strcspn(cmd, " ");
	const char *slash = memrchr(cmd, '/', end);
	size_t start = slash ? (size_t)(slash - cmd) + 1 : 0;
	/* a path with spaces: the first word is not the program; the comm
	 * says where its name is, when a "/<comm>" ends a word further on */
	if (comm && *comm && slash && !named(cmd + start, end - start, comm)) {
		for (const char *p = strchr(cmd + end, '/'); p; p = strchr(p + 1, '/')) {
			size_t w = strcspn(p + 1, " ");
			if (p[-1] != ' ' && named(p + 1, w, comm)) {
				start = (size_t)(p - cmd) + 1;
				end = start + w;
				break;
			}
			if (p[-1] == ' ')
				break;   /* a new word starting with '/': an argument */
		}
	}
	out->dir_len = start;
	out->name_len = end - start;
}
