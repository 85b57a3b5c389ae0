/* Unit tests for what makes the dashboard's rows readable: cgroup names
 * shortened from the left (cgname), command lines split into directory,
 * name and arguments (cmdsplit), and loading told from growing (pace). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "analysis/pace.h"
#include "snapshot.h"
#include "util/cgname.h"
#include "util/cmdsplit.h"

#define ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define MiB (1024.0 * 1024)
#define GiB (1024.0 * MiB)

static const char *cg(const char *path, int width)
{
	static char out[256];
	return cgname_short(path, width, "~", 1, out, sizeof out);
}

static void test_cgname(void **state)
{
	(void)state;
	/* docker (cgroupfs and systemd drivers), containerd, podman: the short id */
	assert_string_equal(cg("/docker/" ID, 40), "/docker/0123456789ab");
	assert_string_equal(cg("/system.slice/docker-" ID ".scope", 60),
			    "/system.slice/docker-0123456789ab");
	assert_string_equal(cg("/kubepods/besteffort/pod1/cri-containerd-" ID ".scope", 20),
			    "~0123456789ab");
	assert_string_equal(cg("/machine.slice/libpod-" ID ".scope", 20), "~libpod-0123456789ab");
	assert_string_equal(cg("/machine.slice/libpod-" ID ".scope", 18), "~0123456789ab");
	/* from the left: the last components kept whole where they fit */
	assert_string_equal(cg("/docker/" ID, 15), "~0123456789ab");
	assert_string_equal(cg("/user.slice/user-1000.slice/session-2.scope", 33),
			    "~user-1000.slice/session-2.scope");
	assert_string_equal(cg("/user.slice/user-1000.slice/session-2.scope", 28), "~session-2.scope");
	/* a unit's name stays whole when it fits */
	assert_string_equal(cg("/system.slice/ollama.service", 15), "~ollama.service");
	assert_string_equal(cg("/system.slice/ollama.service", 40), "/system.slice/ollama.service");
	/* a name longer than the cell: its end, marked */
	assert_string_equal(cg("/a/very-long-unit-name.service", 12), "~ame.service");
	/* not an id: 63 or 65 hex digits stay */
	assert_string_equal(cg("/x/" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde", 80),
			    "/x/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde");
	assert_string_equal(cg("/", 10), "/");
	assert_string_equal(cg("", 10), "");
	/* measured as the views show it: an escaped byte takes four columns,
	 * so the name's end (what tells it apart) is kept and the cut marked,
	 * not clipped off by the cell; a wide character at most two */
	assert_string_equal(cg("/hA5\rcr\tt\a", 12), "~cr\tt\a");
	assert_string_equal(cg("/job/n\x1b", 9), "~n\x1b");
	assert_string_equal(cg("/job/n\x1b", 10), "/job/n\x1b");
	assert_string_equal(cg("/x\xe2\x80\xae\xe4\xb8\xad", 12), "~\xe4\xb8\xad");
	assert_string_equal(cg("/job\\x1bz", 9), "~\\x1bz");   /* shown \x5cx1bz: 8 */
	assert_string_equal(cg("/ab\x1b", 3), "~");   /* no whole escape fits: the mark */
	/* a wide character has more bytes than columns: the caller's buffer
	 * bounds the name too, and it is still cut between characters, its
	 * end kept (a 20-byte cell of 15 columns once got half a character) */
	char small[20];
	cgname_short("/\xe4\xb8\xad\xe6\x96\x87\xe5\x90\x8d\xe5\xad\x97\xe4\xb8\xad\xe6\x96\x87x", 15, "~", 1,
		     small, sizeof small);
	assert_string_equal(small, "~\xe6\x96\x87\xe5\x90\x8d\xe5\xad\x97\xe4\xb8\xad\xe6\x96\x87x");
	cgname_short("/\xe4\xb8\xad\xe6\x96\x87\xe5\x90\x8d", 15, "~", 1, small, 8);
	assert_string_equal(small, "~\xe6\x96\x87\xe5\x90\x8d");   /* 7 bytes and the NUL */
	/* never wider than asked (the mark counts as its columns) */
	static const char *paths[] = {"/docker/" ID, "/a/b/c/d/e/f", "/system.slice/docker-" ID ".scope",
				      "/" ID "/" ID};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
		for (int w = 1; w < 40; w++) {
			const char *o = cg(paths[i], w);
			assert_true((int)strlen(o) <= w);
			assert_true(o[0] != '\0');
		}
}

static void split(const char *cmd, const char *comm, const char *dir, const char *name)
{
	struct cmd_parts p;
	cmdsplit(cmd, comm, &p);
	assert_int_equal(p.dir_len, strlen(dir));
	assert_memory_equal(cmd, dir, p.dir_len);
	assert_int_equal(p.name_len, strlen(name));
	assert_memory_equal(cmd + p.dir_len, name, p.name_len);
}

static void test_cmdsplit(void **state)
{
	(void)state;
	split("/usr/bin/python3 -m vllm.entrypoints.openai.api_server", "python3", "/usr/bin/", "python3");
	split("llama-server -m /models/x.gguf", "llama-server", "", "llama-server");
	/* an argument that is a path is not the program */
	split("/usr/bin/python3 /srv/app.py", "MainThread", "/usr/bin/", "python3");
	split("python3 /srv/app.py", "python3", "", "python3");
	/* a path with spaces: comm finds the name */
	split("/opt/My App/bin/app --x", "app", "/opt/My App/bin/", "app");
	/* comm is the kernel's 15-byte cut of the name */
	split("/usr/local/bin/llama-server-cuda -ngl 99", "llama-server-cu", "/usr/local/bin/",
	      "llama-server-cuda");
	/* kernel threads, titles set by the program, nothing */
	split("[kworker/0:1-events]", "kworker/0:1-eve", "", "[kworker/0:1-events]");
	split("postgres: writer", "postgres", "", "postgres:");
	split("sh", "sh", "", "sh");
	split("", "", "", "");
	split("/", "", "/", "");
}

static enum pace judge(double rate, double held, double room, bool known, double left)
{
	struct pace_in in = {
		.rate = rate,
		.held = held < 0 ? SNAP_NA : (uint64_t)held,
		.room = room < 0 ? SNAP_NA : (uint64_t)room,
		.load_known = known,
		.load_left = (uint64_t)left,
	};
	return pace_judge(&in);
}

static void test_pace(void **state)
{
	(void)state;
	/* a model read from a slow disk at 20-45 MiB/s: a load, though far
	 * below the 48 MiB/s the banner once needed, its room small or large */
	for (double r = 20; r <= 45; r += 5) {
		assert_int_equal(judge(r * MiB, 2 * GiB, 1 * GiB, false, 0), PACE_LOADING);
		assert_int_equal(judge(r * MiB, 4 * GiB, 40 * GiB, false, 0), PACE_LOADING);
	}
	/* a 2 MiB/s leak in a process that has held its gigabytes a while:
	 * growing, even when it is about to fill what is left */
	assert_int_equal(judge(2 * MiB, 1 * GiB, 100 * MiB, false, 0), PACE_GROWING);
	assert_int_equal(judge(2 * MiB, 6 * GiB, 20 * GiB, false, 0), PACE_GROWING);
	/* a KV cache growing at 8 MiB/s in a server holding 8 GiB of weights */
	assert_int_equal(judge(8 * MiB, 8 * GiB, 1 * GiB, false, 0), PACE_GROWING);
	/* idle, shrinking, unknown: neither */
	assert_int_equal(judge(0, 1 * GiB, 1 * GiB, false, 0), PACE_IDLE);
	assert_int_equal(judge(4096, 1 * GiB, 1 * GiB, false, 0), PACE_IDLE);
	assert_int_equal(judge(-50 * MiB, 1 * GiB, 1 * GiB, false, 0), PACE_IDLE);
	assert_int_equal(judge(NAN, 1 * GiB, 1 * GiB, false, 0), PACE_IDLE);
	assert_int_equal(judge(0, 1 * GiB, 1 * GiB, true, 1 * GiB), PACE_IDLE);
	/* a known load: its own figures, whatever the pace */
	assert_int_equal(judge(5 * MiB, 30 * GiB, 2 * GiB, true, 1 * GiB), PACE_LOADING);
	assert_int_equal(judge(400 * MiB, 1 * GiB, 2 * GiB, true, 0), PACE_GROWING);
	/* a group (its size unknown): the rate against the room */
	assert_int_equal(judge(30 * MiB, -1, 1 * GiB, false, 0), PACE_LOADING);
	assert_int_equal(judge(2 * MiB, -1, 10 * GiB, false, 0), PACE_GROWING);
	assert_int_equal(judge(2 * MiB, -1, -1, false, 0), PACE_GROWING);
	assert_string_equal(pace_name(PACE_LOADING), "loading");
	assert_string_equal(pace_name(PACE_GROWING), "growing");
	assert_string_equal(pace_name(PACE_IDLE), "idle");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cgname),
		cmocka_unit_test(test_cmdsplit),
		cmocka_unit_test(test_pace),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
