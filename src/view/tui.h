/* tui.h - the interactive dashboard. */
#ifndef OOMCAST_TUI_H
#define OOMCAST_TUI_H

#include "cli.h"

/* Run the dashboard until q (or -n samples). Returns the exit status. */
int tui_run(const struct cli *c);

#endif
