/* Unit tests for the live source on a fixture /proc (tests/fixtures/live):
 * the model and the runtime a process shows only to the kernel, in its
 * /proc/PID/fd and /proc/PID/maps: llama.cpp's libraries mapped into node
 * with no model left open or mapped (a --no-mmap load), PyTorch's, a vLLM
 * engine's process title, a model mapped or open and named nowhere,
 * ollama's runner. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/advice.h"
#include "source/source.h"

/* The fixture's /proc/PID/fd links point nowhere on this machine (a pipe,
 * a model under /models): a distribution tarball drops such links (tar
 * follows links), so they are made here, in a copy of the fixture. */
static char copy[64];

static const char *root(void)
{
	if (copy[0])
		return copy;
	const char *dir = getenv("FIXTURES");
	snprintf(copy, sizeof copy, "/tmp/oomcast-test-live.XXXXXX");
	if (!mkdtemp(copy))
		fail_msg("mkdtemp");
	char cmd[1200];
	snprintf(cmd, sizeof cmd, "cp -R '%s/live/.' '%s' && chmod -R u+w '%s'",
		 dir ? dir : "tests/fixtures", copy, copy);
	if (system(cmd) != 0)
		fail_msg("%s failed", cmd);
	static const struct { const char *at, *to; } links[] = {
		{"proc/500/fd/0", "/dev/null"}, {"proc/500/fd/1", "pipe:[1234]"},
		{"proc/504/fd/7", "/models/open.gguf"}, {"proc/504/fd/0", "/dev/null"},
	};
	char path[256];
	snprintf(path, sizeof path, "%s/proc/500/fd", copy);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/proc/504/fd", copy);
	mkdir(path, 0755);
	for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
		snprintf(path, sizeof path, "%s/%s", copy, links[i].at);
		if (symlink(links[i].to, path) != 0)
			fail_msg("symlink %s", path);
	}
	return copy;
}

static void remove_copy(void)
{
	char cmd[128];
	if (copy[0]) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", copy);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", copy);
	}
}

static const struct snap_proc *detailed(struct source *src, struct snapshot *s, pid_t pid)
{
	for (size_t i = 0; i < s->nprocs; i++)
		if (s->procs[i].pid == pid) {
			source_detail(src, s, i);
			return &s->procs[i];
		}
	fail_msg("pid %d not in the fixture", (int)pid);
	return NULL;
}

static const char *model(const struct snapshot *s, const struct snap_proc *p)
{
	const char *m = snapshot_string(s, p->model);
	return m ? m : "";
}

/* The live source on the fixture, and a snapshot for it */
static struct source *fixture_source(struct snapshot *s)
{
	const char *cause = NULL;
	struct source *src = live_source_new(root(), &cause);
	assert_non_null(src);
	snapshot_init(s);
	return src;
}

static void test_live_fixture(void **state)
{
	(void)state;
	const char *cause = NULL;
	struct snapshot s;
	struct source *src = fixture_source(&s);
	for (int tick = 0; tick < 2; tick++) {   /* from the detail cache too */
		snapshot_reset(&s);
		assert_int_equal(source_sample(src, &s, &cause), 0);
		assert_int_equal(s.nprocs, 8);
		/* the processes read before the RAM they are part of: a load
		 * growing meanwhile is not counted twice in its room (loads.c) */
		assert_true(s.procs_mono > 0 && s.procs_mono <= s.mono);
		/* node-llama-cpp after a --no-mmap load: no model, llama.cpp */
		const struct snap_proc *p = detailed(src, &s, 500);
		assert_int_equal(p->runtime, RT_LLAMACPP);
		assert_int_equal(p->model, 0);
		assert_int_equal(p->model_idx, -1);
		p = detailed(src, &s, 501);
		assert_int_equal(p->runtime, RT_PYTORCH);
		/* the title beats the torch it maps */
		p = detailed(src, &s, 502);
		assert_int_equal(p->runtime, RT_VLLM);
		/* the model mapped, named nowhere */
		p = detailed(src, &s, 503);
		assert_int_equal(p->runtime, RT_LLAMACPP);
		assert_string_equal(model(&s, p), "/models/mapped (q8).gguf");
		assert_true(p->model_idx >= 0);
		/* the model open, named nowhere; nothing of llama.cpp mapped yet */
		p = detailed(src, &s, 504);
		assert_int_equal(p->runtime, RT_UNKNOWN);
		assert_string_equal(model(&s, p), "/models/open.gguf");
		/* named with -m: the maps still say llama.cpp */
		p = detailed(src, &s, 505);
		assert_int_equal(p->runtime, RT_LLAMACPP);
		assert_string_equal(model(&s, p), "/models/named.gguf");
		/* ollama's runner: --model names its blob; it maps ggml, and its
		 * name makes it ollama's */
		p = detailed(src, &s, 507);
		assert_int_equal(p->runtime, RT_LLAMACPP);
		assert_string_equal(model(&s, p), "/usr/share/ollama/.ollama/models/blobs/"
				    "sha256-6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa");
		assert_int_equal(advice_proc_runtime(&s, p), RT_OLLAMA);
		p = detailed(src, &s, 500);
		assert_int_equal(advice_proc_runtime(&s, p), RT_LLAMACPP);
		p = detailed(src, &s, 506);
		assert_int_equal(p->runtime, RT_UNKNOWN);
		assert_int_equal(p->model, 0);
	}
	snapshot_free(&s);
	source_destroy(src);
}

/* A process with a model is read again as the sample ends, after the
 * totals it is part of (snap_load_args.held_late: its anonymous, shared and
 * swapped memory); one gone by then holds nothing; a process with no model
 * is not read again. */
static void test_held_late(void **state)
{
	(void)state;
	const char *cause = NULL;
	struct snapshot s;
	struct source *src = fixture_source(&s);
	assert_int_equal(source_sample(src, &s, &cause), 0);
	const struct snap_proc *p = detailed(src, &s, 505), *q = detailed(src, &s, 500);
	assert_true(p->model_idx >= 0);
	assert_true(q->model_idx < 0);
	source_finish(src, &s);
	assert_int_equal(snap_proc_load(&s, p)->held_late, (200704ull + 1024 + 4096) * 1024);
	assert_int_equal(snap_proc_load(&s, q)->held_late, SNAP_NA);
	/* gone between the scan and the end of the sample */
	char from[256], to[256];
	snprintf(from, sizeof from, "%s/proc/505/status", root());
	snprintf(to, sizeof to, "%s/proc/505/status.gone", root());
	snapshot_reset(&s);
	assert_int_equal(source_sample(src, &s, &cause), 0);
	p = detailed(src, &s, 505);
	assert_int_equal(rename(from, to), 0);
	source_finish(src, &s);
	assert_int_equal(rename(to, from), 0);
	assert_int_equal(snap_proc_load(&s, p)->held_late, 0);
	snapshot_free(&s);
	source_destroy(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_live_fixture),
		cmocka_unit_test(test_held_late),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	remove_copy();
	return rc;
}
