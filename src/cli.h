/* cli.h - command-line options. Parsing never exits; it returns an error
 * line for main to print, so it can be tested. */
#ifndef OOMCAST_CLI_H
#define OOMCAST_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "analysis/forecast.h"

/* MODE_EXPORT: --prometheus or --textfile without a view of its own: no
 * terminal needed, nothing on standard output (a service's way to run). */
enum cli_mode { MODE_DEFAULT, MODE_BATCH, MODE_JSON, MODE_HELP, MODE_VERSION, MODE_RECORD, MODE_EXPORT };

/* --prometheus [HOST:]PORT: a numeric address, loopback unless one is
 * named; port 0 takes any free port (the one taken is said on stderr). */
struct cli_listen {
	bool set;
	int family;                 /* AF_INET or AF_INET6 */
	char host[48];              /* numeric, as given ("127.0.0.1", "::1") */
	unsigned port;
};

#define CLI_MAX_PINS 64

struct cli {
	enum cli_mode mode;
	double delay;               /* seconds between samples */
	bool delay_set;             /* -d given: it wins over the settings file */
	unsigned long count;        /* samples to take; 0 = until stopped */
	size_t top;                 /* processes listed; 0 = all */
	pid_t pins[CLI_MAX_PINS];   /* -p: always listed */
	size_t npins;
	double warn_s, crit_s;      /* forecast levels: ETA under these */
	bool ascii;                 /* --ascii: no Unicode glyphs */
	bool no_color;              /* --no-color (NO_COLOR does the same) */
	bool no_mouse;              /* --no-mouse: no clicks, the terminal selects text */
	const char *watch_log;      /* --watch-log FILE, or NULL */
	/* `oomcast record FILE` (MODE_RECORD) and --record FILE beside a view:
	 * the recording to write, or NULL */
	const char *record;
	/* `oomcast replay FILE`: the recording to play (any view), or NULL */
	const char *replay;
	/* `oomcast demo`: replay the bundled recording (main sets replay to
	 * its path) with the teaching layer */
	bool demo;
	double speed;               /* --speed: recorded seconds per second; 0 as fast as read */
	struct cli_listen prom;     /* --prometheus */
	const char *textfile;       /* --textfile PATH, or NULL */
	bool dashboard;             /* --dashboard: the dashboard beside an exporter */
};

/* Parse a --prometheus value into l. Returns 0, or -1 with a message. */
int cli_parse_listen(struct cli_listen *l, const char *arg, char *err, size_t errsz);

/* Fill c from argv. Returns 0, or -1 with a one-line message in err. */
int cli_parse(struct cli *c, int argc, char **argv, char *err, size_t errsz);

/* What getopt_long refused (ch '?', or ':' for a value missing, with ':'
 * first in the short options; at: optind before that call), in one line
 * into err naming the option at fault (its caller escapes it), hint after
 * an unknown one. */
struct option;
void cli_refused(const struct option *longs, char **argv, int ch, int at, const char *hint,
                 char *err, size_t errsz);

/* Used by --help. */
extern const char cli_usage[];

#endif
