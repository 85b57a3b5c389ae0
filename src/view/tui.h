/* tui.h - the interactive dashboard. */
#ifndef OOMCAST_TUI_H
#define OOMCAST_TUI_H

#include <stdbool.h>

#include "cli.h"
#include "source/source.h"

/* Can the dashboard run here (a terminal on standard input and output)? */
bool tui_has_terminal(void);
/* Run the dashboard on src (taken over) until q (or -n samples); the exit
 * status. */
struct sampler;
struct player_src;
/* Run the dashboard on a sampler main() built (it stays main's to free);
 * replay: the player's calls on a replay source, NULL when live. */
int tui_run(const struct cli *c, struct sampler *sm, const struct player_src *replay);

#endif
