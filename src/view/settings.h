/* settings.h - the dashboard's settings between runs: where oomcastrc is
 * ($XDG_CONFIG_HOME/oomcast/oomcastrc, else ~/.config/oomcast/oomcastrc),
 * reading and writing it (formats/rcfile.c parses), and how its settings
 * map to the dashboard's state. */
#ifndef OOMCAST_SETTINGS_H
#define OOMCAST_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "formats/rcfile.h"
#include "view/tui_state.h"

/* False when neither XDG_CONFIG_HOME nor HOME says where. */
bool settings_path(char *buf, size_t len);

/* 1 read, 0 no file (defaults), -1 damaged or unreadable: a one-line
 * reason in err, defaults in rc. */
int settings_load(const char *path, struct rc_settings *rc, char *err, size_t errlen);

/* Write rc to path (its directory made if missing), through a temporary
 * file renamed over it. 0, or -1 with a reason in err. */
int settings_save(const char *path, const struct rc_settings *rc, char *err, size_t errlen);

/* rc into st; keep_delay: the command line's -d wins. */
void settings_apply(const struct rc_settings *rc, struct tui_state *st, bool keep_delay);
void settings_of(const struct tui_state *st, struct rc_settings *rc);

#endif
