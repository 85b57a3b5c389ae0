/* rcfile.h - the dashboard's settings file, oomcastrc: its parser (any
 * bytes: the file is the user's, but may be damaged or written by another
 * version) and its writer. Pure: no file is opened here (view/settings.c
 * does that).
 *
 * Format: a first line "oomcastrc 1" (name and major version), then
 * "key=value" lines; '#' begins a comment (a line or a line's end); blank
 * lines are ignored. Unknown keys
 * are ignored (a newer minor version may add some); an unknown major
 * version, a line without '=', or a bad value of a known key makes the
 * whole file rejected with one line saying where and why. */
#ifndef OOMCAST_RCFILE_H
#define OOMCAST_RCFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

#define RC_MAJOR 1
#define RC_MAX_BYTES 65536   /* longer is damaged: rejected */

/* color=: auto (256 colours where the terminal has them, else 8), 256, 8,
 * none (also read as mono) */
enum rc_color { RC_COLOR_AUTO, RC_COLOR_256, RC_COLOR_8, RC_COLOR_NONE, RC_NCOLORS };

/* The settings kept between runs; rc_defaults() fills what a missing key
 * leaves. Sort key and columns by name (as sort_key_name and column_title
 * say): the parser knows no enum of the views. */
struct rc_settings {
	char sort[16];              /* "RSS", "GROWTH", ..., as sort_key_name */
	bool reverse;
	double delay;               /* seconds, 0.1 to 60 */
	bool tree;
	bool show_kthreads;
	enum rc_color color;
	char hide[160];             /* column titles hidden, comma separated ("" none) */
};

void rc_defaults(struct rc_settings *rc);
/* "auto", "256", "8", "none": the names color= takes and the file has. */
const char *rc_color_name(enum rc_color c);

/* Parse buf[0..len). 0, or -1 with a one-line reason in err ("line 3:
 * delay 'fast' is not seconds from 0.1 to 60"); out is left as defaults
 * then. */
int rc_parse(const char *buf, size_t len, struct rc_settings *out, char *err, size_t errlen);

/* The file for rc, parsed back to the same settings. */
void rc_write(struct strbuf *b, const struct rc_settings *rc);

#endif
