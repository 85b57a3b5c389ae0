/* Unit tests for cgroup discovery and reading, on fixture trees that stand
 * in for /proc and /sys (tests/fixtures/{v1,v2,v2nomem,v1ns}). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source/cgroup.h"

static const char *fixture(const char *name)
{
	static char buf[1024];
	const char *dir = getenv("FIXTURES");
	snprintf(buf, sizeof buf, "%s/%s", dir ? dir : "tests/fixtures", name);
	return buf;
}

static struct snap_cgroup read_cg(const struct cgroup_probe *cg, const char *path)
{
	struct snap_cgroup c;
	memset(&c, 0, sizeof c);
	snprintf(c.path, sizeof c.path, "%s", path);
	c.version = cg->version;
	c.limit = c.effective_limit = c.usage = c.swap_limit = c.anon = c.file = c.shmem = SNAP_NA;
	c.oom_kills = SNAP_NA;
	c.limited = -1;
	cgroup_read(cg, &c);
	return c;
}

static void test_v1(void **state)
{
	(void)state;
	struct cgroup_probe cg;
	char path[256];
	cgroup_probe(&cg, fixture("v1"));
	assert_int_equal(cg.version, CG_V1);
	assert_string_equal(cg.mnt, "/sys/fs/cgroup/memory");

	assert_true(cgroup_of_pid(&cg, 0, path, sizeof path));
	assert_string_equal(path, "/app/job");
	struct snap_cgroup c = read_cg(&cg, path);
	assert_int_equal(c.limit, 314572800);
	assert_int_equal(c.limited, 1);
	assert_int_equal(c.effective_limit, 314572800);   /* own limit below the parent's */
	assert_int_equal(c.usage, 104857600);
	assert_int_equal(c.swap_limit, 419430400 - 314572800);
	assert_int_equal(c.oom_kills, 2);
	assert_int_equal(c.anon, 83886080);
	assert_int_equal(c.file, 20971520);

	/* no limit of its own, but bounded by its parent's 1 GiB */
	assert_true(cgroup_of_pid(&cg, 42, path, sizeof path));
	c = read_cg(&cg, path);
	assert_int_equal(c.limited, 0);
	assert_int_equal(c.limit, SNAP_NA);
	assert_int_equal(c.effective_limit, 1073741824);
	assert_int_equal(c.oom_kills, 0);
	assert_int_equal(c.anon, SNAP_NA);   /* no memory.stat: unknown, not 0 */

	/* the root: huge v1 number means no limit */
	c = read_cg(&cg, "/");
	assert_int_equal(c.limited, 0);
	assert_int_equal(c.effective_limit, SNAP_NA);
	assert_int_equal(c.usage, 2000000000);

	/* a path that escapes the mount is never read */
	assert_true(cgroup_of_pid(&cg, 43, path, sizeof path));
	c = read_cg(&cg, path);
	assert_int_equal(c.limited, -1);
	assert_int_equal(c.usage, SNAP_NA);

	/* a process that vanished */
	assert_false(cgroup_of_pid(&cg, 999, path, sizeof path));
}

static void test_v2(void **state)
{
	(void)state;
	struct cgroup_probe cg;
	char path[256];
	cgroup_probe(&cg, fixture("v2"));
	assert_int_equal(cg.version, CG_V2);
	assert_true(cgroup_of_pid(&cg, 0, path, sizeof path));
	assert_string_equal(path, "/user.slice/ollama.service");
	struct snap_cgroup c = read_cg(&cg, path);
	assert_int_equal(c.limit, 8589934592ULL);
	assert_int_equal(c.limited, 1);
	assert_int_equal(c.effective_limit, 8589934592ULL);
	assert_int_equal(c.usage, 6442450944ULL);
	assert_int_equal(c.swap_limit, SNAP_NA);   /* "max" */
	assert_int_equal(c.oom_kills, 1);
	assert_int_equal(c.anon, 5368709120ULL);
	assert_int_equal(c.file, 1073741824ULL);

	c = read_cg(&cg, "/user.slice");
	assert_int_equal(c.limit, 17179869184ULL);
	assert_int_equal(c.usage, SNAP_NA);        /* file missing in the fixture */

	assert_true(cgroup_of_pid(&cg, 77, path, sizeof path));
	assert_string_equal(path, "/");
	c = read_cg(&cg, path);
	assert_int_equal(c.limited, 0);            /* the v2 root has no memory.max */
}

static void test_v2_without_memory_controller(void **state)
{
	(void)state;
	struct cgroup_probe cg;
	char path[256];
	cgroup_probe(&cg, fixture("v2nomem"));
	assert_int_equal(cg.version, CG_NONE);
	assert_false(cgroup_of_pid(&cg, 0, path, sizeof path));
}

static void test_v1_namespaced_mount(void **state)
{
	(void)state;
	struct cgroup_probe cg;
	char path[256];
	cgroup_probe(&cg, fixture("v1ns"));
	assert_int_equal(cg.version, CG_V1);
	assert_string_equal(cg.mnt_root, "/outer");
	assert_true(cgroup_of_pid(&cg, 0, path, sizeof path));
	struct snap_cgroup c = read_cg(&cg, path);
	assert_int_equal(c.limit, 52428800);
	c = read_cg(&cg, "/elsewhere");
	assert_int_equal(c.limited, -1);
}

static void test_missing_root(void **state)
{
	(void)state;
	struct cgroup_probe cg;
	cgroup_probe(&cg, fixture("does-not-exist"));
	assert_int_equal(cg.version, CG_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v1),
		cmocka_unit_test(test_v2),
		cmocka_unit_test(test_v2_without_memory_controller),
		cmocka_unit_test(test_v1_namespaced_mount),
		cmocka_unit_test(test_missing_root),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
