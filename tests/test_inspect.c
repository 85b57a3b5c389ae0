/* Unit tests for the detail view's reads (source/inspect.c) on a fixture
 * /proc, their parsers on garbage, and for procsignal: a signal goes only
 * to the process that started when the snapshot said. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "snapshot.h"
#include "source/inspect.h"
#include "source/kparse.h"
#include "source/procsignal.h"
#include "util/readfile.h"

#define S(x) (x), strlen(x)
#define KB(n) ((uint64_t)(n) * 1024)

static const char *root(void)
{
	static char buf[1024];
	const char *dir = getenv("FIXTURES");
	snprintf(buf, sizeof buf, "%s/inspect", dir ? dir : "tests/fixtures");
	return buf;
}

static void test_read_fixture(void **state)
{
	(void)state;
	struct proc_inspect in;
	inspect_read(root(), 4242, 555, &in);
	assert_int_equal(in.err, 0);
	assert_true(in.rollup);
	assert_int_equal(in.rss, KB(4300800));
	assert_int_equal(in.pss, KB(4200000));
	assert_int_equal(in.anon, KB(102400));
	assert_int_equal(in.pss_file, KB(4096000));
	assert_int_equal(in.pss_shmem, KB(1600));
	assert_int_equal(in.swap, KB(2048));
	assert_int_equal(in.swap_pss, KB(1024));
	assert_int_equal(in.locked, KB(64));
	/* the largest files, a file's mappings added up, unnamed as [anon] */
	assert_true(in.maps_read);
	assert_int_equal(in.nmaps, INSPECT_MAPS);
	assert_string_equal(in.maps[0].path, "/models/llama 3 (q4).gguf");
	assert_int_equal(in.maps[0].rss, KB(4000000));
	assert_string_equal(in.maps[1].path, "[heap]");
	assert_string_equal(in.maps[2].path, "[anon]");
	assert_int_equal(in.maps[2].rss, KB(42400));
	assert_string_equal(in.maps[3].path, "/usr/lib/libc.so.6");
	/* the kernel's own escape of a newline stays as it wrote it */
	assert_string_equal(in.maps[4].path, "/dev/shm/evil\\012name (deleted)");

	/* another start time: another process with that pid, nothing read */
	inspect_read(root(), 4242, 556, &in);
	assert_int_equal(in.err, ESRCH);
	assert_false(in.rollup);
	assert_int_equal(in.rss, SNAP_NA);
	assert_int_equal(in.nmaps, 0);
	/* no such process */
	inspect_read(root(), 4243, 555, &in);
	assert_int_equal(in.err, ESRCH);
	inspect_read(root(), 4242, SNAP_NA, &in);
	assert_int_equal(in.err, ESRCH);
}

static void test_parsers_garbage(void **state)
{
	(void)state;
	struct proc_inspect in;
	inspect_clear(&in);
	assert_false(inspect_parse_rollup(S(""), &in));
	assert_false(inspect_parse_rollup(S("garbage\n\n::::\nRss:\nRss: kB\nPss: x kB"), &in));
	assert_int_equal(in.rss, SNAP_NA);
	assert_int_equal(in.pss, SNAP_NA);
	/* a value too large for bytes is unknown, not wrapped */
	assert_false(inspect_parse_rollup(S("Rss: 99999999999999999999 kB\n"), &in));
	assert_int_equal(in.rss, SNAP_NA);
	/* cut in the middle of a line: what is whole counts */
	assert_true(inspect_parse_rollup(S("Rss: 12 kB\nPss: 1"), &in));
	assert_int_equal(in.rss, KB(12));
	assert_int_equal(in.pss, KB(1));
	/* RssX is not Rss */
	inspect_clear(&in);
	assert_false(inspect_parse_rollup(S("RssX: 5 kB\n"), &in));

	inspect_clear(&in);
	inspect_parse_smaps(S(""), &in);
	assert_true(in.maps_read);
	assert_int_equal(in.nmaps, 0);
	/* Rss before any header, junk headers, a path longer than kept */
	char big[INSPECT_PATH_MAX * 3];
	int n = snprintf(big, sizeof big, "Rss: 100 kB\n-\nzz-\n1000-2000 r--p 0 0:0 1 /");
	memset(big + n, 'a', INSPECT_PATH_MAX + 10);
	n += INSPECT_PATH_MAX + 10;
	n += snprintf(big + n, sizeof big - (size_t)n, "\nRss: 8 kB\n");
	inspect_parse_smaps(big, (size_t)n, &in);
	assert_int_equal(in.nmaps, 1);
	assert_true(in.maps[0].cut);
	assert_int_equal(strlen(in.maps[0].path), INSPECT_PATH_MAX - 1);
	assert_int_equal(in.maps[0].rss, KB(8));
}

static uint64_t start_of(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	ssize_t n = readfile(path, buf, sizeof buf);
	return n > 0 ? kparse_stat_start(buf, (size_t)n) : SNAP_NA;
}

static void test_signal(void **state)
{
	(void)state;
	pid_t c = fork();
	assert_true(c >= 0);
	if (c == 0) {
		pause();
		_exit(0);
	}
	uint64_t start = start_of(c);
	assert_true(snap_known(start));
	/* a start time that is not the process's: refused, it lives on */
	assert_int_equal(procsignal_send("", c, start + 1, SIGTERM), ESRCH);
	assert_int_equal(procsignal_send("", c, SNAP_NA, SIGTERM), EINVAL);
	assert_int_equal(waitpid(c, NULL, WNOHANG), 0);
	assert_int_equal(procsignal_send("", c, start, SIGTERM), 0);
	int st;
	assert_int_equal(waitpid(c, &st, 0), c);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGTERM);
	/* another user's process: EPERM, said as such (a child as nobody
	 * tries to signal a process of root's) */
	if (geteuid() == 0) {
		pid_t victim = fork();
		assert_true(victim >= 0);
		if (victim == 0) {
			pause();
			_exit(0);
		}
		uint64_t vs = start_of(victim);
		pid_t t = fork();
		assert_true(t >= 0);
		if (t == 0) {
			if (setgid(65534) < 0 || setuid(65534) < 0)
				_exit(2);
			_exit(procsignal_send("", victim, vs, SIGTERM) == EPERM ? 0 : 1);
		}
		int ts;
		assert_int_equal(waitpid(t, &ts, 0), t);
		assert_true(WIFEXITED(ts));
		assert_int_equal(WEXITSTATUS(ts), 0);
		assert_int_equal(waitpid(victim, NULL, WNOHANG), 0);   /* alive */
		kill(victim, SIGKILL);
		waitpid(victim, NULL, 0);
	}
	/* gone now */
	assert_int_equal(procsignal_send("", c, start, SIGTERM), ESRCH);
	char buf[32];
	assert_string_equal(procsignal_name(SIGKILL, buf, sizeof buf), "SIGKILL");
	assert_string_equal(procsignal_name(64, buf, sizeof buf), "signal 64");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_fixture),
		cmocka_unit_test(test_parsers_garbage),
		cmocka_unit_test(test_signal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
