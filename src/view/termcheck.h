/* termcheck.h - can curses drive the terminal TERM names? Asked before the
 * dashboard starts, so an unusable type is one line of ours. */
#ifndef OOMCAST_TERMCHECK_H
#define OOMCAST_TERMCHECK_H

#include <stdbool.h>
#include <stddef.h>

/* True when TERM names a terminal type the terminfo database describes;
 * otherwise false with the line to print in msg ("cannot use terminal type
 * \"xyz\": unknown terminal (set TERM, or use -b / --json)"). */
bool termcheck_usable(char *msg, size_t msglen);

#endif
