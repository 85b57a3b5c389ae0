/* Unit tests for option parsing: every bad value gets a message naming it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <unistd.h>
#include <stdio.h>
#include <sys/socket.h>

#include "cli.h"

static int parse(struct cli *c, char *err, const char *a1, const char *a2, const char *a3)
{
	char *argv[5] = {(char *)"oomcast", (char *)a1, (char *)a2, (char *)a3, NULL};
	int argc = 1 + (a1 != NULL) + (a2 != NULL) + (a3 != NULL);
	err[0] = '\0';
	return cli_parse(c, argc, argv, err, 256);
}

static void test_defaults(void **state)
{
	(void)state;
	struct cli c;
	char err[256];
	assert_int_equal(parse(&c, err, NULL, NULL, NULL), 0);
	assert_int_equal(c.mode, MODE_DEFAULT);
	assert_float_equal(c.delay, 1.0, 1e-9);
	assert_int_equal(c.top, 20);
	assert_int_equal(c.count, 0);
}

static void test_good(void **state)
{
	(void)state;
	struct cli c;
	char err[256], pid[32];
	assert_int_equal(parse(&c, err, "--json", "-d", "0.1"), 0);
	assert_int_equal(c.mode, MODE_JSON);
	assert_float_equal(c.delay, 0.1, 1e-12);
	assert_int_equal(parse(&c, err, "-b", "-n", "3"), 0);
	assert_int_equal(c.mode, MODE_BATCH);
	assert_int_equal(c.count, 3);
	assert_int_equal(parse(&c, err, "--top", "0", NULL), 0);
	assert_int_equal(c.top, 0);
	snprintf(pid, sizeof pid, "1,%d", (int)getpid());
	assert_int_equal(parse(&c, err, "-p", pid, NULL), 0);
	assert_int_equal(c.npins, 2);
	assert_int_equal(c.pins[1], getpid());
	assert_int_equal(parse(&c, err, "--help", NULL, NULL), 0);
	assert_int_equal(c.mode, MODE_HELP);
	assert_int_equal(parse(&c, err, "-V", NULL, NULL), 0);
	assert_int_equal(c.mode, MODE_VERSION);
}

/* A -p list longer than the 1 KiB buffer it was once copied into: the cut
 * turned "000...0<pid>" into another pid, or a list's last pid into part of
 * itself. */
static void test_long_pid_list(void **state)
{
	(void)state;
	struct cli c;
	char err[256];
	static char arg[4096];
	/* leading zeros past 1 KiB */
	int n = snprintf(arg, sizeof arg, "%01200d", (int)getpid());
	assert_int_equal(n, 1200);
	assert_int_equal(parse(&c, err, "-p", arg, NULL), 0);
	assert_int_equal(c.npins, 1);
	assert_int_equal(c.pins[0], getpid());
	/* 600 entries, the last one past 1 KiB: repeats count once */
	size_t len = 0;
	for (int i = 0; i < 600; i++)
		len += (size_t)snprintf(arg + len, sizeof arg - len, "1,");
	snprintf(arg + len, sizeof arg - len, "%d", (int)getpid());
	assert_true(strlen(arg) > 1024);
	assert_int_equal(parse(&c, err, "-p", arg, NULL), 0);
	assert_int_equal(c.npins, 2);
	assert_int_equal(c.pins[0], 1);
	assert_int_equal(c.pins[1], getpid());
	/* a bad entry past 1 KiB is still found, and the message stays short */
	snprintf(arg + len, sizeof arg - len, "%0100dx", 7);
	assert_int_equal(parse(&c, err, "-p", arg, NULL), -1);
	assert_non_null(strstr(err, "-p value '0000"));
	assert_true(strlen(err) < 120);
}

static void bad(const char *a1, const char *a2, const char *needle)
{
	struct cli c;
	char err[256];
	assert_int_equal(parse(&c, err, a1, a2, NULL), -1);
	if (!strstr(err, needle))
		fail_msg("error '%s' does not name '%s'", err, needle);
	assert_null(strchr(err, '\n'));
}

static void test_bad(void **state)
{
	(void)state;
	bad("-d", "abc", "-d value 'abc'");
	bad("-d", "0.05", "-d value '0.05'");
	bad("-d", "nan", "-d value 'nan'");
	bad("-d", "1e9", "-d value");
	bad("-d", "", "-d value ''");
	bad("-d", "0x10", "-d value '0x10'");   /* strtod's hexadecimal: was 16 s */
	bad("-d", " 1", "-d value ' 1'");
	bad("--speed", "0x1p2", "--speed value");
	bad("--warn", "infinity", "--warn value");
	bad("-n", "0", "-n value '0'");
	bad("-n", "-3", "-n value '-3'");
	bad("-n", "12x", "-n value '12x'");
	bad("--top", "many", "--top value 'many'");
	bad("--top", "-1", "--top value '-1'");
	bad("-p", "abc", "-p value 'abc'");
	bad("-p", "99999999999", "-p value");
	bad("-p", "4194303", "no process with PID 4194303");
	bad("-p", ",", "-p value ','");
	bad("-x", NULL, "unknown option '-x'");
	bad("-b", "--json", "-b and --json are two outputs: give one");
	bad("--warn", "+3", "invalid --warn value '+3'");
	bad("--frobnicate", NULL, "unknown option '--frobnicate'");
	bad("-d", NULL, "needs a value");
	bad("--top", NULL, "option '--top' needs a value");
	bad("stray", NULL, "unexpected argument 'stray'");
	/* a value given to an option that takes none: getopt's optopt is then
	 * our code (256 and up), once printed as a byte */
	bad("--json=1", NULL, "option '--json' takes no value");
	bad("--batch=yes", NULL, "option '--batch' takes no value");
	bad("--no-mouse=1", NULL, "option '--no-mouse' takes no value");
	bad("--jso=1", NULL, "option '--json' takes no value");
	bad("--nope=3", NULL, "unknown option '--nope' (try --help)");
}

/* record and replay: the monitor's options and a file. */
static void test_record_replay(void **state)
{
	(void)state;
	struct cli c;
	char err[256];
	assert_int_equal(parse(&c, err, "record", "f.rec", "-n5"), 0);
	assert_int_equal(c.mode, MODE_RECORD);
	assert_string_equal(c.record, "f.rec");
	assert_int_equal(c.count, 5);
	assert_null(c.replay);
	assert_int_equal(parse(&c, err, "--json", "--record", "g.rec"), 0);
	assert_int_equal(c.mode, MODE_JSON);
	assert_string_equal(c.record, "g.rec");
	/* the dashboard plays at the recorded pace, a stream as fast as it reads */
	assert_int_equal(parse(&c, err, "replay", "f.rec", NULL), 0);
	assert_int_equal(c.mode, MODE_DEFAULT);
	assert_string_equal(c.replay, "f.rec");
	assert_float_equal(c.speed, 1, 0);
	assert_int_equal(parse(&c, err, "replay", "--json", "f.rec"), 0);
	assert_int_equal(c.mode, MODE_JSON);
	assert_float_equal(c.speed, 0, 0);
	assert_int_equal(parse(&c, err, "replay", "f.rec", "--speed=4"), 0);
	assert_float_equal(c.speed, 4, 0);
	/* a pid of the recording need not exist here */
	assert_int_equal(parse(&c, err, "replay", "f.rec", "-p2147483647"), 0);
	assert_int_equal(parse(&c, err, "-p2147483647", NULL, NULL), -1);
	static const char *const bads[][4] = {
		{"record", NULL, NULL, "record needs a recording's file name"},
		{"replay", "", NULL, "replay needs a recording's file name"},
		{"record", "f", "--json", "record takes no --json (use --record FILE beside it)"},
		{"record", "f", "--speed=2", "record takes no --speed (use --record FILE beside it)"},
		{"replay", "f", "-d1", "replay takes no -d (the recording has its own pace; try --speed)"},
		{"replay", "f", "--record=g", "--record does not go with replay"},
		{"replay", "f", "--speed=0", "invalid --speed value '0': expected 0.01 to 10000"},
		{"replay", "f", "g", "unexpected argument 'g' (try --help)"},
		{"--speed=2", NULL, NULL, "--speed is for replay"},
		{"--record=", NULL, NULL, "--record needs a file name"},
	};
	for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		assert_int_equal(parse(&c, err, bads[i][0], bads[i][1], bads[i][2]), -1);
		assert_string_equal(err, bads[i][3]);
	}
}

/* demo: a replay of the bundled recording (main finds its path), with the
 * replay's options and no file of its own. */
static void test_demo(void **state)
{
	(void)state;
	struct cli c;
	char err[256];
	assert_int_equal(parse(&c, err, "demo", NULL, NULL), 0);
	assert_true(c.demo);
	assert_null(c.replay);
	assert_int_equal(c.mode, MODE_DEFAULT);
	assert_float_equal(c.speed, 1, 1e-9);
	assert_int_equal(parse(&c, err, "demo", "--json", NULL), 0);
	assert_int_equal(c.mode, MODE_JSON);
	assert_float_equal(c.speed, 0, 1e-9);
	assert_int_equal(parse(&c, err, "demo", "-b", "--speed=8"), 0);
	assert_float_equal(c.speed, 8, 1e-9);
	assert_int_equal(parse(&c, err, NULL, NULL, NULL), 0);
	assert_false(c.demo);
	static const char *const bads[][4] = {
		{"demo", "-d1", NULL, "demo takes no -d (it plays a recording; try --speed)"},
		{"demo", "--record=f", NULL, "demo takes no --record (it plays a recording; try --speed)"},
		{"demo", "f.rec", NULL, "unexpected argument 'f.rec' (try --help)"},
	};
	for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		assert_int_equal(parse(&c, err, bads[i][0], bads[i][1], bads[i][2]), -1);
		assert_string_equal(err, bads[i][3]);
	}
}

/* --prometheus: loopback unless an address is named, numeric addresses
 * only, port 0 for any; alone it needs no terminal (MODE_EXPORT). */
static void test_exporter(void **state)
{
	(void)state;
	struct cli c;
	char err[256];
	assert_int_equal(parse(&c, err, "--prometheus", "9150", NULL), 0);
	assert_true(c.prom.set);
	assert_string_equal(c.prom.host, "127.0.0.1");
	assert_int_equal(c.prom.port, 9150);
	assert_int_equal(c.mode, MODE_EXPORT);
	assert_int_equal(parse(&c, err, "--prometheus", "0.0.0.0:0", NULL), 0);
	assert_string_equal(c.prom.host, "0.0.0.0");
	assert_int_equal(c.prom.port, 0);
	assert_int_equal(parse(&c, err, "--prometheus", "[::1]:9150", NULL), 0);
	assert_string_equal(c.prom.host, "::1");
	assert_int_equal(c.prom.family, AF_INET6);
	assert_int_equal(parse(&c, err, "--prometheus", "9150", "--json"), 0);
	assert_int_equal(c.mode, MODE_JSON);
	assert_int_equal(parse(&c, err, "--textfile", "/tmp/x.prom", "--dashboard"), 0);
	assert_int_equal(c.mode, MODE_DEFAULT);
	assert_string_equal(c.textfile, "/tmp/x.prom");
	assert_int_equal(parse(&c, err, "--textfile", "/tmp/x.prom", NULL), 0);
	assert_int_equal(c.mode, MODE_EXPORT);
	bad("--prometheus", "65536", "--prometheus value '65536'");
	bad("--prometheus", "-1", "--prometheus value '-1'");
	bad("--prometheus", ":9150", "name the address");
	bad("--prometheus", "localhost:9150", "numeric IPv4");
	bad("--prometheus", "::1:9150", "numeric IPv4");
	bad("--prometheus", "[::1]9150", "[IPv6]:PORT");
	bad("--prometheus", "[1.2.3.4]:1", "numeric IPv6");
	bad("--prometheus", "1.2.3.4:", "--prometheus value");
	bad("--textfile", "", "--textfile needs a file name");
	bad("--dashboard", NULL, "--dashboard goes with --prometheus or --textfile");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_record_replay),
		cmocka_unit_test(test_demo),
		cmocka_unit_test(test_long_pid_list),
		cmocka_unit_test(test_exporter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
