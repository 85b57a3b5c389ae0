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
	const char *why;
	if (setupterm(NULL, STDOUT_FILENO, &err) == OK) {
		/* "dumb" and its kind are known but cannot place text: curses
		 * would draw a line of garbage on a blank screen */
		bool cup = cursor_address && cursor_address != (char *)-1;
		del_curterm(cur_term);
		if (cup)
			return true;
		why = "it cannot move the cursor";
	} else {
		why = err == 1 ? "a hardcopy terminal" : err == 0 ? "unknown terminal" : "no terminfo database";
	}
	/* (the caller's output_error escapes the name: the environment is anyone's) */
	snprintf(msg, msglen, "cannot use terminal type \"%.40s\": %s (set TERM, or use -b / --json)",
		 term, why);
	return false;
}
