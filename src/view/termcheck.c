/* termcheck.c - see termcheck.h. Its own file because <term.h> defines a
 * macro for every terminfo capability (lines, columns, ...). setupterm, not
 * newterm, answers the question: newterm on an unknown type leaks the screen
 * it began (LeakSanitizer sees it) and cannot say why it failed. */
#include "view/termcheck.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <term.h>
#include <unistd.h>

bool termcheck_usable(char *msg, size_t msglen)
{
	const char *term = getenv("TERM");
	if (!term || !term[0]) {
		snprintf(msg, msglen, "TERM is not set (set TERM, or use -b / --json)");
		return false;
	}
	int err = 0;
	if (setupterm(NULL, STDOUT_FILENO, &err) == OK) {
		del_curterm(cur_term);
		return true;
	}
	/* the environment is anyone's: no control bytes to the terminal */
	char name[41];
	size_t i;
	for (i = 0; term[i] && i < sizeof name - 1; i++)
		name[i] = (unsigned char)term[i] < 0x20 || term[i] == 0x7f ? '?' : term[i];
	name[i] = '\0';
	snprintf(msg, msglen, "cannot use terminal type \"%s\": %s (set TERM, or use -b / --json)", name,
		 err == 1 ? "a hardcopy terminal" : err == 0 ? "unknown terminal" : "no terminfo database");
	return false;
}
