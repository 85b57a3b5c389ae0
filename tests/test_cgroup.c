/* Unit tests for cgroup discovery and reading, on fixture trees that stand
 * in for /proc and /sys (tests/fixtures/{v1,v2,v2nomem,v1ns}). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
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
	c.path = (char *)path;
	c.version = cg->version;
	c.limit = c.effective_limit = c.usage = c.swap_limit = c.anon = c.file = c.shmem = SNAP_NA;
	c.oom_kills = c.kernel = SNAP_NA;
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
	assert_int_equal(c.usage, 106954752);
	assert_int_equal(c.swap_limit, 419430400 - 314572800);
	assert_int_equal(c.oom_kills, 2);
	assert_int_equal(c.anon, 83886080);
	assert_int_equal(c.file, 20971520);
	/* v1 does not part reclaimable slab from the rest: the page tables
	 * its 64 MiB of anonymous memory in 4 KiB pages need at least (the
	 * other 16 MiB are huge pages), a 512th; 2 MiB are held beyond its
	 * anonymous memory and cache */
	assert_int_equal(c.kernel, (64ULL << 20) / 512);
	/* never more than it holds beyond them: 1 GiB of anonymous memory
	 * would need 2 MiB, 256 KiB are held */
	c = read_cg(&cg, "/app/capped");
	assert_int_equal(c.kernel, 262144);

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

	/* v1 names the root for an exiting process (PF_EXITING, 0x4, in its
	 * stat's flags, after a comm holding ") 4 4 (") while its memory is
	 * still freed in its cgroup: unknown, not the root */
	assert_false(cgroup_of_pid(&cg, 44, path, sizeof path));
	/* the same file of a process that is not exiting: the root it is in */
	assert_true(cgroup_of_pid(&cg, 45, path, sizeof path));
	assert_string_equal(path, "/");
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
	/* kernel 50 MiB less 30 MiB of reclaimable slab, plus 4 MiB of
	 * socket buffers, which "kernel" leaves out */
	assert_int_equal(c.kernel, (50ULL - 30 + 4) << 20);

	/* before 5.18 no "kernel": its parts, reclaimable slab (100 MiB of
	 * dentries here) left out */
	c = read_cg(&cg, "/user.slice/old.service");
	assert_int_equal(c.limit, 2147483648ULL);
	assert_int_equal(c.kernel, 524288ULL + 2097152 + 1048576 + 4194304);

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
	/* the container's real bound is a limit above the mount's root, out
	 * of its sight: v1's memory.stat says it (hierarchical_memory_limit,
	 * the smallest on the way to the real root), and it is taken over the
	 * visible ancestors' */
	assert_int_equal(c.effective_limit, 31457280);
	assert_int_equal(c.anon, 4194304);
	c = read_cg(&cg, "/elsewhere");
	assert_int_equal(c.limited, -1);
}

static void put(const char *root, const char *rel, const char *text)
{
	char path[SNAP_PATH_MAX + 512];
	snprintf(path, sizeof path, "%s%s", root, rel);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void mkdirs(const char *root, const char *rel)
{
	char cmd[SNAP_PATH_MAX + 600];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s%s'", root, rel);
	assert_int_equal(system(cmd), 0);
}

/* A 600-byte cgroup path, in a tree made at run time (a fixture in git this
 * deep would not fit a tarball's names). The old 512-byte field cut it at a
 * '/', and the process got its parent's 1 GiB limit for its own 300 MiB. */
static void test_long_path(void **state)
{
	(void)state;
	char root[] = "/tmp/oomcast-cglong.XXXXXX";
	assert_non_null(mkdtemp(root));
	char want[SNAP_PATH_MAX], parent[SNAP_PATH_MAX], rel[SNAP_PATH_MAX + 64];
	memset(want, 0, sizeof want);
	want[0] = '/';
	memset(want + 1, 'a', 254);
	want[255] = '/';
	memset(want + 256, 'b', 255);
	want[511] = '/';
	memset(want + 512, 'c', 88);
	snprintf(parent, sizeof parent, "%.511s", want);
	mkdirs(root, "/proc/self");
	mkdirs(root, "/proc/60");
	mkdirs(root, "/proc/61");
	put(root, "/proc/self/mountinfo",
	    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:7 - cgroup cgroup rw,memory\n");
	put(root, "/proc/self/cgroup", "4:memory:/\n");
	snprintf(rel, sizeof rel, "/sys/fs/cgroup/memory%s", want);
	mkdirs(root, rel);
	snprintf(rel, sizeof rel, "/sys/fs/cgroup/memory%s/memory.limit_in_bytes", want);
	put(root, rel, "314572800\n");
	snprintf(rel, sizeof rel, "/sys/fs/cgroup/memory%s/memory.limit_in_bytes", parent);
	put(root, rel, "1073741824\n");
	char line[SNAP_PATH_MAX + 64];
	snprintf(line, sizeof line, "9:pids:/\n4:memory:%s\n1:cpu:/\n", want);
	put(root, "/proc/60/cgroup", line);
	/* past what /proc can show (PATH_MAX): unknown, not a cut */
	char *huge = malloc(5000 + 32);
	assert_non_null(huge);
	strcpy(huge, "4:memory:/");
	memset(huge + 10, 'd', 5000);
	strcpy(huge + 5010, "\n");
	put(root, "/proc/61/cgroup", huge);
	free(huge);

	struct cgroup_probe cg;
	cgroup_probe(&cg, root);
	assert_int_equal(cg.version, CG_V1);
	char path[SNAP_PATH_MAX];
	assert_true(cgroup_of_pid(&cg, 60, path, sizeof path));
	assert_int_equal(strlen(path), 600);
	assert_string_equal(path, want);
	struct snap_cgroup c = read_cg(&cg, path);
	assert_int_equal(c.limited, 1);
	assert_int_equal(c.limit, 314572800);
	assert_int_equal(c.effective_limit, 314572800);
	c = read_cg(&cg, parent);   /* what the cut path used to report */
	assert_int_equal(c.limit, 1073741824);
	assert_false(cgroup_of_pid(&cg, 61, path, sizeof path));
	/* a buffer too small for the path: unknown too */
	char small[512];
	assert_false(cgroup_of_pid(&cg, 60, small, sizeof small));

	char cmd[96];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

struct walked {
	char paths[16][128];
	int n;
};

static void walked_add(void *ctx, const char *path)
{
	struct walked *w = ctx;
	if (w->n < 16)
		snprintf(w->paths[w->n++], sizeof w->paths[0], "%s", path);
}

static bool walked_has(const struct walked *w, const char *path)
{
	for (int i = 0; i < w->n; i++)
		if (strcmp(w->paths[i], path) == 0)
			return true;
	return false;
}

/* Every cgroup under a limit of its own or an ancestor's, found by walking
 * the hierarchy (v1: a limit is any figure under the unlimited value),
 * siblings after a deep branch included, none outside; at most max_dirs
 * directories visited. (The walk reads each directory's names before going
 * down, so that one directory is open at a time.) */
static void test_walk_limited(void **state)
{
	(void)state;
	char root[] = "/tmp/oomcast-cgwalk.XXXXXX";
	assert_non_null(mkdtemp(root));
	mkdirs(root, "/proc/self");
	put(root, "/proc/self/mountinfo",
	    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:7 - cgroup cgroup rw,memory\n");
	put(root, "/proc/self/cgroup", "4:memory:/\n");
	static const char *const dirs[] = {"/a/b/c/d", "/a/e", "/f/g", "/h"};
	char rel[256];
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		snprintf(rel, sizeof rel, "/sys/fs/cgroup/memory%s", dirs[i]);
		mkdirs(root, rel);
	}
	static const char *const all[] = {"", "/a", "/a/b", "/a/b/c", "/a/b/c/d", "/a/e",
	                                  "/f", "/f/g", "/h"};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		bool lim = strcmp(all[i], "/a/b") == 0 || strcmp(all[i], "/f/g") == 0;
		snprintf(rel, sizeof rel, "/sys/fs/cgroup/memory%s/memory.limit_in_bytes", all[i]);
		put(root, rel, lim ? "268435456\n" : "9223372036854771712\n");
	}
	struct cgroup_probe cg;
	cgroup_probe(&cg, root);
	assert_int_equal(cg.version, CG_V1);
	struct walked w = {0};
	cgroup_walk_limited(&cg, 100, walked_add, &w);
	assert_int_equal(w.n, 4);
	assert_true(walked_has(&w, "/a/b"));
	assert_true(walked_has(&w, "/a/b/c"));
	assert_true(walked_has(&w, "/a/b/c/d"));
	assert_true(walked_has(&w, "/f/g"));
	/* the root and one directory more: the root and one of its children,
	 * none of them limited */
	memset(&w, 0, sizeof w);
	cgroup_walk_limited(&cg, 2, walked_add, &w);
	assert_int_equal(w.n, 0);
	char cmd[96];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
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
		cmocka_unit_test(test_long_path),
		cmocka_unit_test(test_walk_limited),
		cmocka_unit_test(test_missing_root),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
