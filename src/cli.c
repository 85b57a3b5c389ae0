/* cli.c - option parsing; see cli.h. */
#include "cli.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cli_usage[] =
	"usage: oomcast [-b | --json] [-n N] [-d SECONDS] [--top K] [-p PID[,PID...]]\n"
	"               [--ascii] [--no-color] [--no-mouse] [--watch-log FILE] [--record FILE]\n"
	"               [--prometheus [HOST:]PORT] [--textfile PATH] [--dashboard]\n"
	"       oomcast record FILE [-n N] [-d SECONDS] [--top K] [-p PID[,PID...]]\n"
	"       oomcast replay FILE [-b | --json] [-n N] [--speed X] [--top K] [-p PID[,...]]\n"
	"       oomcast demo [-b | --json] [-n N] [--speed X]\n"
	"       oomcast explain [-f | --follow] [--json] [TEXT... | -]\n"
	"       oomcast kb [ID]\n"
	"       oomcast model FILE.gguf [-c CONTEXT]\n"
	"       oomcast fit FILE.gguf|OLLAMA-NAME [-c | --ctx N] [--runtime R] [--kv-type T]\n"
	"                   [--no-mmap] [--gpu-layers N] [--json] [...] (all: oomcast fit --help)\n"
	"       oomcast why [PID] [--last N] [--from FILE|-] [--json]\n"
	"\n"
	"A live memory dashboard for machines about to run out of memory. Without\n"
	"-b or --json it opens the interactive dashboard (press h there for keys).\n"
	"\n"
	"  -b, --batch          text snapshots, like top -b\n"
	"      --json           JSON Lines, one object per sample (see oomcast(1))\n"
	"  -n, --iterations N   take N samples, then exit (default: until stopped)\n"
	"  -d, --delay SECONDS  time between samples, 0.1 to 86400 (default 1)\n"
	"      --top K          list the K largest processes by RSS (default 20; 0 = all)\n"
	"  -p, --pid PID[,...]  always list these processes (dashboard: pinned on top)\n"
	"      --warn SECONDS   forecast: warning when memory runs out sooner (default 60)\n"
	"      --critical SECONDS  forecast: critical when sooner still (default 15)\n"
	"      --watch-log FILE follow a runtime's log; known errors become events\n"
	"      --record FILE    also write every sample to a recording (oomcast replay)\n"
	"      --speed X        replay: X recorded seconds a second (dashboard default 1;\n"
	"                       -b and --json default: as fast as it reads)\n"
	"      --prometheus [HOST:]PORT  serve metrics at http://HOST:PORT/metrics\n"
	"                       (HOST 127.0.0.1 unless named; alone: no dashboard)\n"
	"      --textfile PATH  write the same metrics to PATH at every sample\n"
	"      --dashboard      the dashboard too, beside --prometheus or --textfile\n"
	"      --ascii          dashboard: ASCII glyphs only\n"
	"      --no-color       dashboard: no colours (also when NO_COLOR is set)\n"
	"      --no-mouse       dashboard: leave the mouse to the terminal (text selection)\n"
	"  -h, --help           show this help\n"
	"  -V, --version        show the version\n";

enum { OPT_JSON = 256, OPT_TOP, OPT_ASCII, OPT_NO_COLOR, OPT_WARN, OPT_CRIT, OPT_WATCH_LOG,
       OPT_NO_MOUSE, OPT_RECORD, OPT_SPEED,
       OPT_PROMETHEUS, OPT_TEXTFILE, OPT_DASHBOARD };

static const struct option longopts[] = {
	{"batch", no_argument, NULL, 'b'},
	{"json", no_argument, NULL, OPT_JSON},
	{"iterations", required_argument, NULL, 'n'},
	{"delay", required_argument, NULL, 'd'},
	{"top", required_argument, NULL, OPT_TOP},
	{"pid", required_argument, NULL, 'p'},
	{"ascii", no_argument, NULL, OPT_ASCII},
	{"warn", required_argument, NULL, OPT_WARN},
	{"critical", required_argument, NULL, OPT_CRIT},
	{"watch-log", required_argument, NULL, OPT_WATCH_LOG},
	{"no-color", no_argument, NULL, OPT_NO_COLOR},
	{"no-mouse", no_argument, NULL, OPT_NO_MOUSE},
	{"record", required_argument, NULL, OPT_RECORD},
	{"speed", required_argument, NULL, OPT_SPEED},
	{"prometheus", required_argument, NULL, OPT_PROMETHEUS},
	{"textfile", required_argument, NULL, OPT_TEXTFILE},
	{"dashboard", no_argument, NULL, OPT_DASHBOARD},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

/* A whole-string unsigned decimal within [lo, hi]. */
static bool parse_ulong(const char *s, unsigned long lo, unsigned long hi, unsigned long *out)
{
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* One PID of a -p list, [p, e): digits only (leading zeros are fine), 1 to
 * INT_MAX. Parsed in place: a list has no length limit to cut it at. */
static bool parse_pid(const char *p, const char *e, pid_t *out)
{
	unsigned long v = 0;
	if (p == e)
		return false;
	for (; p < e; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > INT_MAX)
			return false;
	}
	if (v == 0)
		return false;
	*out = (pid_t)v;
	return true;
}

/* A whole-string decimal number within [lo, hi]: no hexadecimal ("0x10"
 * was taken as 16 s), no "inf" or "nan", no leading blank. */
static bool parse_decimal(const char *s, double lo, double hi, double *out)
{
	/* plain decimals, as the counts take them: no sign, hex, inf or nan */
	if (!*s || isspace((unsigned char)*s) || *s == '+' || strpbrk(s, "xXpPiInN"))
		return false;
	char *end;
	errno = 0;
	double d = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(d) || d < lo || d > hi)
		return false;
	*out = d;
	return true;
}

static int parse_pins(struct cli *c, const char *arg, bool check, char *err, size_t errsz)
{
	for (const char *p = arg; *p;) {
		const char *e = strchrnul(p, ',');
		pid_t pid;
		if (e == p) {   /* "1,,2" or a leading or trailing comma, as strtok allowed */
			p = *e ? e + 1 : e;
			continue;
		}
		if (!parse_pid(p, e, &pid)) {
			int n = (int)(e - p);
			snprintf(err, errsz, "invalid -p value '%.*s%s': expected a process ID",
				 n > 40 ? 40 : n, p, n > 40 ? "..." : "");
			return -1;
		}
		/* EPERM means it exists but belongs to someone else: fine to watch
		 * (a replay's processes are the recording's, not this machine's) */
		if (check && kill(pid, 0) < 0 && errno == ESRCH) {
			snprintf(err, errsz, "no process with PID %d (-p)", (int)pid);
			return -1;
		}
		bool dup = false;
		for (size_t i = 0; i < c->npins; i++)
			dup = dup || c->pins[i] == pid;
		if (!dup) {
			if (c->npins == CLI_MAX_PINS) {
				snprintf(err, errsz, "too many -p processes (at most %d)", CLI_MAX_PINS);
				return -1;
			}
			c->pins[c->npins++] = pid;
		}
		p = *e ? e + 1 : e;
	}
	if (c->npins == 0) {
		size_t n = strlen(arg);
		snprintf(err, errsz, "invalid -p value '%.*s%s': expected a process ID",
			 n > 40 ? 40 : (int)n, arg, n > 40 ? "..." : "");
		return -1;
	}
	return 0;
}

int cli_parse_listen(struct cli_listen *l, const char *arg, char *err, size_t errsz)
{
	memset(l, 0, sizeof *l);
	size_t n = strlen(arg);
	int shown = n > 60 ? 60 : (int)n;
	const char *dots = n > 60 ? "..." : "";
	const char *port = arg, *host = NULL;
	size_t hlen = 0;
	l->family = AF_INET;
	if (arg[0] == '[') {            /* [IPv6]:PORT */
		const char *close = strchr(arg, ']');
		if (!close || close[1] != ':') {
			snprintf(err, errsz, "invalid --prometheus value '%.*s%s': expected [IPv6]:PORT",
				 shown, arg, dots);
			return -1;
		}
		host = arg + 1, hlen = (size_t)(close - host), port = close + 2;
		l->family = AF_INET6;
	} else if (strchr(arg, ':')) {  /* IPv4:PORT */
		const char *colon = strrchr(arg, ':');
		host = arg, hlen = (size_t)(colon - arg), port = colon + 1;
	}
	unsigned long v;
	if (!parse_ulong(port, 0, 65535, &v)) {
		snprintf(err, errsz, "invalid --prometheus value '%.*s%s': expected [HOST:]PORT, "
			 "PORT from 0 (any free one) to 65535", shown, arg, dots);
		return -1;
	}
	l->port = (unsigned)v;
	if (!host) {
		/* loopback unless an address is named: metrics say what runs here */
		strcpy(l->host, "127.0.0.1");
	} else {
		unsigned char addr[sizeof(struct in6_addr)];
		if (hlen == 0 || hlen >= sizeof l->host) {
			snprintf(err, errsz, "invalid --prometheus value '%.*s%s': name the address to "
				 "listen on (0.0.0.0 for every IPv4 one)", shown, arg, dots);
			return -1;
		}
		memcpy(l->host, host, hlen);
		l->host[hlen] = '\0';
		if (inet_pton(l->family, l->host, addr) != 1) {
			snprintf(err, errsz, "invalid --prometheus address '%.*s%s': expected a numeric %s address",
				 shown, arg, dots, l->family == AF_INET ? "IPv4 (or [IPv6])" : "IPv6");
			return -1;
		}
	}
	l->set = true;
	return 0;
}

void cli_refused(const struct option *longs, char **argv, int ch, int at, const char *hint,
                 char *err, size_t errsz)
{
	bool missing = ch == ':';
	const char *w = optind > 0 ? argv[optind - 1] : "";
	/* The word before optind is the one at fault, except inside a cluster
	 * of short options ("--fa -xy": getopt has not moved past "-xy" yet,
	 * optind is where it was, at). Then optopt is the short option's byte;
	 * for a long option, 0 where it is unknown, else its code (given a
	 * value it takes none of, or missing one it needs). */
	if (optind != at && strncmp(w, "--", 2) == 0) {
		int len = (int)strcspn(w + 2, "=");
		if (optopt == 0 && !missing) {
			snprintf(err, errsz, "unknown option '--%.*s' %s", len, w + 2, hint);
			return;
		}
		for (const struct option *o = longs; o->name; o++)
			if (o->val == optopt && strncmp(o->name, w + 2, (size_t)len) == 0) {
				snprintf(err, errsz, missing ? "option '--%s' needs a value"
							     : "option '--%s' takes no value", o->name);
				return;
			}
	}
	/* a short option's byte (one from 0x80 comes negative: a char; its
	 * caller escapes it) */
	snprintf(err, errsz, missing ? "option '-%c' needs a value" : "unknown option '-%c' %s",
		 optopt, hint);
}

int cli_parse(struct cli *c, int argc, char **argv, char *err, size_t errsz)
{
	memset(c, 0, sizeof *c);
	c->delay = 1.0;
	c->top = 20;
	c->warn_s = FC_WARN_DEFAULT;
	c->crit_s = FC_CRIT_DEFAULT;
	optind = 0;   /* reset getopt, so the tests can parse several times */
	opterr = 0;
	/* record and replay are the monitor itself with another end: they take
	 * its options, and a file; demo is a replay of the bundled recording
	 * (main finds it: c->demo) */
	const char *command = NULL;
	if (argc > 1 && (strcmp(argv[1], "record") == 0 || strcmp(argv[1], "replay") == 0 ||
			 strcmp(argv[1], "demo") == 0)) {
		command = argv[1];
		argc--, argv++;
	}
	bool delay_set = false, speed_set = false;
	int ch;
	/* at: optind before each call, for cli_refused */
	for (int at = optind; (ch = getopt_long(argc, argv, ":bn:d:p:hV", longopts, NULL)) != -1;
	     at = optind) {
		unsigned long v;
		switch (ch) {
		case 'b':
		case OPT_JSON: {
			/* two outputs asked for: said, not the last one taken */
			enum cli_mode m = ch == 'b' ? MODE_BATCH : MODE_JSON;
			if (c->mode != MODE_DEFAULT && c->mode != m) {
				snprintf(err, errsz, "-b and --json are two outputs: give one");
				return -1;
			}
			c->mode = m;
			break;
		}
		case 'n':
			if (!parse_ulong(optarg, 1, ULONG_MAX / 2, &v)) {
				snprintf(err, errsz, "invalid -n value '%s': expected a count of 1 or more", optarg);
				return -1;
			}
			c->count = v;
			break;
		case 'd': {
			double d;
			if (!parse_decimal(optarg, 0.1, 86400, &d)) {
				snprintf(err, errsz, "invalid -d value '%s': expected seconds from 0.1 to 86400", optarg);
				return -1;
			}
			c->delay = d;
			delay_set = true;
			c->delay_set = true;
			break;
		}
		case OPT_SPEED: {
			double d;
			if (!parse_decimal(optarg, 0.01, 10000, &d)) {
				snprintf(err, errsz, "invalid --speed value '%s': expected 0.01 to 10000", optarg);
				return -1;
			}
			c->speed = d;
			speed_set = true;
			break;
		}
		case OPT_RECORD:
			if (!*optarg) {
				snprintf(err, errsz, "--record needs a file name");
				return -1;
			}
			c->record = optarg;
			break;
		case OPT_TOP:
			if (!parse_ulong(optarg, 0, 1000000, &v)) {
				snprintf(err, errsz, "invalid --top value '%s': expected 0 (all) to 1000000", optarg);
				return -1;
			}
			c->top = v;
			break;
		case 'p':
			if (parse_pins(c, optarg, !command || strcmp(command, "record") == 0, err, errsz) < 0)
				return -1;
			break;
		case OPT_WARN:
		case OPT_CRIT: {
			double d;
			const char *name = ch == OPT_WARN ? "--warn" : "--critical";
			if (!parse_decimal(optarg, 1, 86400, &d)) {
				snprintf(err, errsz, "invalid %s value '%s': expected seconds from 1 to 86400",
					 name, optarg);
				return -1;
			}
			if (ch == OPT_WARN)
				c->warn_s = d;
			else
				c->crit_s = d;
			break;
		}
		case OPT_WATCH_LOG:
			if (!*optarg) {
				snprintf(err, errsz, "--watch-log needs a file name");
				return -1;
			}
			c->watch_log = optarg;
			break;
		case OPT_PROMETHEUS:
			if (cli_parse_listen(&c->prom, optarg, err, errsz) < 0)
				return -1;
			break;
		case OPT_TEXTFILE:
			if (!*optarg) {
				snprintf(err, errsz, "--textfile needs a file name");
				return -1;
			}
			c->textfile = optarg;
			break;
		case OPT_DASHBOARD:
			c->dashboard = true;
			break;
		case OPT_ASCII:
			c->ascii = true;
			break;
		case OPT_NO_COLOR:
			c->no_color = true;
			break;
		case OPT_NO_MOUSE:
			c->no_mouse = true;
			break;
		case 'h':
			c->mode = MODE_HELP;
			return 0;
		case 'V':
			c->mode = MODE_VERSION;
			return 0;
		case ':':
			cli_refused(longopts, argv, ch, at, "(try --help)", err, errsz);
			return -1;
		default:
			cli_refused(longopts, argv, ch, at, "(try --help)", err, errsz);
			return -1;
		}
	}
	if (c->crit_s > c->warn_s) {
		snprintf(err, errsz, "--critical (%g s) must not be above --warn (%g s)", c->crit_s,
			 c->warn_s);
		return -1;
	}
	if (command && strcmp(command, "demo") == 0) {
		if (delay_set || c->watch_log || c->record) {
			snprintf(err, errsz, "demo takes no %s (it plays a recording; try --speed)",
				 delay_set ? "-d" : c->watch_log ? "--watch-log" : "--record");
			return -1;
		}
		c->demo = true;
		if (!speed_set && c->mode == MODE_DEFAULT)
			c->speed = 1;
	} else if (command) {
		if (optind >= argc) {
			snprintf(err, errsz, "%s needs a recording's file name", command);
			return -1;
		}
		const char *file = argv[optind++];
		if (!*file) {
			snprintf(err, errsz, "%s needs a recording's file name", command);
			return -1;
		}
		if (c->record) {
			snprintf(err, errsz, "--record does not go with %s", command);
			return -1;
		}
		if (command[2] == 'c') {   /* record */
			if (c->mode != MODE_DEFAULT || speed_set) {
				snprintf(err, errsz, "record takes no %s (use --record FILE beside it)",
					 speed_set ? "--speed" : c->mode == MODE_JSON ? "--json" : "-b");
				return -1;
			}
			c->mode = MODE_RECORD;
			c->record = file;
		} else {
			if (delay_set || c->watch_log) {
				snprintf(err, errsz, "replay takes no %s (the recording has its own pace; try --speed)",
					 delay_set ? "-d" : "--watch-log");
				return -1;
			}
			c->replay = file;
			if (!speed_set && c->mode == MODE_DEFAULT)
				c->speed = 1;
		}
	} else if (speed_set) {
		snprintf(err, errsz, "--speed is for replay");
		return -1;
	}
	if (optind < argc) {
		snprintf(err, errsz, "unexpected argument '%s' (try --help)", argv[optind]);
		return -1;
	}
	bool exporting = c->prom.set || c->textfile;
	if (c->dashboard && !exporting) {
		snprintf(err, errsz, "--dashboard goes with --prometheus or --textfile");
		return -1;
	}
	if (c->dashboard && c->mode != MODE_DEFAULT) {
		snprintf(err, errsz, "--dashboard and %s exclude each other",
			 c->mode == MODE_JSON ? "--json" : "-b");
		return -1;
	}
	/* an exporter alone needs no terminal: it samples and serves */
	if (exporting && c->mode == MODE_DEFAULT && !c->dashboard)
		c->mode = MODE_EXPORT;
	return 0;
}
