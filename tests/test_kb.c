/* Unit tests for the knowledge base: every built-in entry parses and has the
 * required fields; every sample matches its own entry and classifies to it;
 * a table of real messages maps to the expected ids; ordinary log lines match
 * nothing; malformed entries are refused with the line at fault, and a user
 * folder's bad file is skipped; rendering of placeholders; wrapping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb/asksize.h"
#include "kb/kb.h"
#include "kb/match.h"
#include "util/readfile.h"
#include "util/wrap.h"

static const char *fixture(const char *name)
{
	static char buf[1024];
	const char *dir = getenv("FIXTURES");
	snprintf(buf, sizeof buf, "%s/kb/%s", dir ? dir : "tests/fixtures", name);
	return buf;
}

static struct kb *load(void)
{
	static struct kb kb;
	char err[256] = "";
	kb_init(&kb);
	if (kb_load_builtin(&kb, err, sizeof err) < 0)
		fail_msg("%s", err);
	kb_compile(&kb);
	return &kb;
}

static void test_builtin_entries(void **state)
{
	(void)state;
	static const char *const required[] = {
		"oom-killer", "cgroup-limit", "ollama-system-memory", "gpu-oom",
		"kv-cache-long-context", "vllm-kv-cache", "vllm-engine-dead", "sglang-memory",
		"swap-thrashing", "mmap-larger-than-ram", "ram-alloc-failed", "page-cache",
		"gpu-partial-offload", "mlock-failed", "shm-too-small", "oom-kill-scope-unknown",
		"pinned-host-memory", "k8s-eviction", "app-guardrail",
	};
	struct kb *kb = load();
	assert_true(kb->n >= 19);
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		const struct kb_entry *e = kb_find(kb, required[i]);
		if (!e)
			fail_msg("no built-in entry %s", required[i]);
		assert_non_null(e->title);
		assert_non_null(e->cause);
		assert_true(e->nfix >= 2);
		assert_true(e->nsigs >= 1);
		assert_true(e->nsamples >= 1);
		for (size_t j = 0; j < e->nsigs; j++)
			assert_true(e->sigs[j].compiled);
		/* related ids exist */
		if (e->related) {
			char rel[256];
			snprintf(rel, sizeof rel, "%s", e->related);
			for (char *t = strtok(rel, ", "); t; t = strtok(NULL, ", "))
				if (!kb_find(kb, t))
					fail_msg("%s: related id %s does not exist", e->id, t);
		}
	}
	kb_free(kb);
}

static void test_samples_match_their_entry(void **state)
{
	(void)state;
	struct kb *kb = load();
	for (size_t i = 0; i < kb->n; i++) {
		const struct kb_entry *e = &kb->e[i];
		for (size_t s = 0; s < e->nsamples; s++) {
			bool any = false;
			for (size_t j = 0; j < e->nsigs; j++)
				any |= kb_sig_match(&e->sigs[j], e->samples[s]);
			if (!any)
				fail_msg("%s: sample matches none of its signatures: %s", e->id, e->samples[s]);
			const struct kb_entry *best = kb_classify(kb, e->samples[s]);
			if (best != e)
				fail_msg("%s: sample classified as %s: %s", e->id, best ? best->id : "nothing",
					 e->samples[s]);
		}
	}
	/* llama-server's own error for its prompt cache ranks above the
	 * generic std::bad_alloc (ram-alloc-failed) */
	const struct kb_entry *pc = kb_classify(kb, "srv         alloc: failed to allocate memory for "
	                                        "prompt cache state: std::bad_alloc");
	assert_non_null(pc);
	assert_string_equal(pc->id, "llama-server-prompt-cache");
	kb_free(kb);
}

static void test_real_messages(void **state)
{
	(void)state;
	struct kb *kb = load();
	static char buf[65536];
	ssize_t n = readfile(fixture("messages.tsv"), buf, sizeof buf);
	assert_true(n > 0);
	int rows = 0;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#')
			continue;
		char *tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = '\0';
		const struct kb_entry *e = kb_classify(kb, tab + 1);
		if (!e || strcmp(e->id, line) != 0)
			fail_msg("expected %s, got %s: %s", line, e ? e->id : "nothing", tab + 1);
		rows++;
	}
	assert_true(rows >= 40);
	kb_free(kb);
}

static void test_ordinary_lines(void **state)
{
	(void)state;
	struct kb *kb = load();
	static char buf[65536];
	ssize_t n = readfile(fixture("ordinary.txt"), buf, sizeof buf);
	assert_true(n > 0);
	int rows = 0;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"), rows++) {
		const struct kb_entry *e = kb_classify(kb, line);
		if (e)
			fail_msg("an ordinary line matched %s: %s", e->id, line);
	}
	assert_true(rows >= 20);
	kb_free(kb);
}

static void test_when(void **state)
{
	(void)state;
	struct kb *kb = load();
	const struct kb_entry *e = kb_find(kb, "gpu-partial-offload");
	assert_non_null(e);
	assert_true(kb_sig_match(&e->sigs[0], "load_tensors: offloaded 20/33 layers to GPU"));
	assert_false(kb_sig_match(&e->sigs[0], "load_tensors: offloaded 33/33 layers to GPU"));
	assert_false(kb_sig_match(&e->sigs[0], "load_tensors: offloaded 99999999999999999999999/3 layers to GPU"));
	kb_free(kb);
}

static void test_ranking(void **state)
{
	(void)state;
	struct kb *kb = load();
	struct kb_matcher m;
	kb_matcher_init(&m, kb);
	const struct kb_result *fresh[16], *all[64];
	kb_matcher_line(&m, "ggml_backend_cuda_buffer_type_alloc_buffer: allocating 1000.00 MiB on device 0: cudaMalloc failed: out of memory", fresh, 16);
	kb_matcher_line(&m, "alloc_tensor_range: failed to allocate CUDA0 buffer of size 1879048192", fresh, 16);
	size_t nf = kb_matcher_line(&m, "llama_init_from_model: failed to initialize the context: failed to allocate buffer for kv cache", fresh, 16);
	assert_int_equal(nf, 1);
	size_t n = kb_matcher_results(&m, all, 64);
	assert_int_equal(n, 2);
	/* the specific explanation ranks above the generic one */
	assert_string_equal(all[0]->e->id, "kv-cache-long-context");
	assert_string_equal(all[1]->e->id, "gpu-oom");
	assert_int_equal(all[1]->lineno, 1);
	assert_true(all[1]->score == 22);   /* priority 2, two signatures */
	kb_matcher_free(&m);
	kb_free(kb);
}

static void expect_error(const char *text, const char *want)
{
	struct kb_entry e;
	char err[256] = "";
	assert_int_equal(kb_parse(text, strlen(text), "test", &e, err, sizeof err), -1);
	if (!strstr(err, want))
		fail_msg("error '%s' does not say '%s'", err, want);
}

static void test_malformed(void **state)
{
	(void)state;
	const char *ok = "id: a\ntitle: t\ncategory: c\ncause:\nx\nfix:\n- y\n";
	struct kb_entry e;
	char err[256];
	assert_int_equal(kb_parse(ok, strlen(ok), "t", &e, err, sizeof err), 0);
	assert_string_equal(e.fix[0], "y");
	kb_entry_free(&e);
	expect_error("title: t\ncategory: c\ncause:\nx\nfix:\n- y\n", "no id");
	expect_error("id: Bad_Id\n", "line 1: id must be");
	expect_error("id: a\nwhat: x\n", "line 2: unknown key");
	expect_error("id: a\nsignature: (unclosed\n", "line 2: bad expression");
	expect_error("id: a\nsignature: x ([0-9]+) when $1 < $3\n", "group the expression does not have");
	expect_error("id: a\nsignature: x when $1 <\n", "malformed 'when'");
	expect_error("id: a\ntitle: t\ncategory: c\nfix:\n- y\n", "out of order");
	expect_error("id: a\ntitle: t\ncategory: c\ncause:\nx\nfix:\nnot a step\n", "line 7: a fix step");
	expect_error("id: a\ntitle: t\ncategory: c\ncause:\nx\nfix:\n", "no fix steps");
	expect_error("id: a\nid: b\n", "given twice");
	expect_error("id: a\npriority: 10\n", "priority is 1 to 9");
	/* what would make regcomp take gigabytes is refused (found by fuzzing) */
	expect_error("id: a\nsignature: (x(.*)?)+++++++++++\n", "stacked repetition");
	expect_error("id: a\nsignature: ((a{16}){16}){16}\n", "at most 2 repetition counts");
	expect_error("id: a\nsignature: a{1,1000}\n", "each up to 16");
	/* back-references make glibc backtrack: tens of seconds a line */
	expect_error("id: a\nsignature: ^(a|b|ab)*c\\1$\n", "line 2: back-references");
	expect_error("id: a\nsignature: (x)\\9\n", "back-references");
	expect_error("id: a\nsignature: ([0-9]+) MiB \\1 when $1 > $1\n", "back-references");
	/* an escaped backslash before a digit is two plain characters */
	const char *plain = "id: a\ntitle: t\ncategory: c\nsignature: C:\\\\1 failed\ncause:\nx\nfix:\n- y\n";
	assert_int_equal(kb_parse(plain, strlen(plain), "t", &e, err, sizeof err), 0);
	kb_entry_free(&e);
	static char longline[KB_LINE_MAX + 20];
	memset(longline, 'a', sizeof longline - 1);
	memcpy(longline, "title: ", 7);
	expect_error(longline, "longer than");
	char nul[] = "id: a\0\n";
	assert_int_equal(kb_parse(nul, sizeof nul - 1, "t", &e, err, sizeof err), -1);
	assert_non_null(strstr(err, "NUL"));
}

static void test_user_dir(void **state)
{
	(void)state;
	struct kb kb;
	char err[256];
	kb_init(&kb);
	assert_int_equal(kb_load_builtin(&kb, err, sizeof err), 0);
	size_t before = kb.n;
	char path[1024];
	snprintf(path, sizeof path, "%s", fixture("user"));
	FILE *warn = tmpfile();
	assert_non_null(warn);
	/* good.txt added, override.txt replaces page-cache, bad-regex.txt skipped
	 * with one line, notes.md ignored */
	assert_int_equal(kb_load_dir(&kb, path, warn), 2);
	assert_int_equal(kb.n, before + 1);
	assert_non_null(kb_find(&kb, "my-own"));
	assert_null(kb_find(&kb, "broken"));
	assert_string_equal(kb_find(&kb, "page-cache")->title, "Local wording for page cache");
	rewind(warn);
	char line[512];
	int lines = 0;
	while (fgets(line, sizeof line, warn)) {
		lines++;
		assert_non_null(strstr(line, "bad-regex.txt: line 4: bad expression"));
	}
	assert_int_equal(lines, 1);
	fclose(warn);
	kb_compile(&kb);
	assert_ptr_equal(kb_classify(&kb, "12:00 MYAPP ran out of arena 9"), kb_find(&kb, "my-own"));
	assert_int_equal(kb_load_dir(&kb, "/nonexistent", NULL), 0);
	kb_free(&kb);
}

static void test_render(void **state)
{
	(void)state;
	char out[256];
	kb_render("Stop it ({driver}), then retry (now: {now}).", NULL, NULL, out, sizeof out);
	assert_string_equal(out, "Stop it, then retry.");
	kb_render("Stop it ({driver}), then retry ({now}).", "3 GiB left", "llama-server 42", out,
		  sizeof out);
	assert_string_equal(out, "Stop it (llama-server 42), then retry (3 GiB left).");
	kb_render("keep (this) text", NULL, NULL, out, sizeof out);
	assert_string_equal(out, "keep (this) text");
	kb_render("({now} is unbalanced", NULL, NULL, out, 4);   /* and truncated */
	assert_string_equal(out, "( i");
	/* figures in commands: the value where known, else the default text */
	struct kb_vars v = {.limit = "760M", .unit = "ollama.service"};
	kb_render_vars("`systemctl set-property {unit|UNIT} MemoryMax={limit|<limit>}`; "
		       "`docker update --memory {limit|<limit>} {container|CONTAINER}`", &v, out, sizeof out);
	assert_string_equal(out, "`systemctl set-property ollama.service MemoryMax=760M`; "
			    "`docker update --memory 760M CONTAINER`");
	kb_render_vars("-c {ctx|<tokens>} ({ctx} fits)", NULL, out, sizeof out);
	assert_string_equal(out, "-c <tokens>");
	/* llama-server's -cram that fits (loads.h cram_fits) */
	struct kb_vars c = {.cram = "443"};
	kb_render_vars("`-cram {cram|<MiB>}`", &c, out, sizeof out);
	assert_string_equal(out, "`-cram 443`");
	kb_render_vars("`-cram {cram|<MiB>}`", NULL, out, sizeof out);
	assert_string_equal(out, "`-cram <MiB>`");
	/* docker's own templates and unknown names are text */
	kb_render_vars("'{{.State.OOMKilled}}' {nope} {limit|x", &v, out, sizeof out);
	assert_string_equal(out, "'{{.State.OOMKilled}}' {nope} {limit|x");
}

static void test_wrap(void **state)
{
	(void)state;
	const char *s = "aaa bbb ccc\ndd";
	size_t next, n = wrap_next(s, 7, &next);
	assert_int_equal(n, 7);   /* "aaa bbb" */
	assert_string_equal(s + next, "ccc\ndd");
	n = wrap_next(s + next, 7, &next);
	assert_int_equal(n, 3);
	n = wrap_next("abcdefghij", 4, &next);
	assert_int_equal(n, 4);
	assert_int_equal(next, 4);
	assert_int_equal(wrap_next("", 4, &next), 0);
	assert_int_equal(next, 0);
	/* measured as shown: an escaped byte is four columns (an event naming
	 * a cgroup with raw bytes wraps, not runs past its box), a character
	 * beyond ASCII two at most, and no cut inside either */
	n = wrap_next("in /a\x1b\xff b", 10, &next);
	assert_int_equal(n, 2);   /* "in": "/a\x1b\xff" takes 10 columns */
	n = wrap_next("/a\x1b\xff b", 9, &next);
	assert_int_equal(n, 3);   /* one long word: "/a\x1b", whole characters */
	n = wrap_next("\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad", 5, &next);
	assert_int_equal(n, 6);   /* two of the three, not a character cut */
	n = wrap_next("\x1b", 2, &next);
	assert_int_equal(n, 1);   /* wider than the line: it alone, for progress */
	assert_int_equal(next, 1);
}

/* The size a message asked for, in each runtime's wording (lines from
 * tests/fixtures/kb/corpus.tsv), and lines whose figures are not a request. */
static void test_asked_size(void **state)
{
	(void)state;
	static const struct { const char *line; double bytes, avail; } ok[] = {
		{"ggml_backend_cpu_buffer_type_alloc_buffer: failed to allocate buffer of size 4294967296", 4294967296.0, -1},
		{"ggml_gallocr_reserve_n: failed to allocate CUDA0 buffer of size 838447104", 838447104.0, -1},
		{"ggml_backend_cuda_buffer_type_alloc_buffer: allocating 590.07 MiB on device 0: cudaMalloc failed: out of memory", 590.07 * 1048576, -1},
		{"torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.74 GiB. GPU 0 has a total capacity of 15.48 GiB", 1.74 * 1073741824.0, -1},
		{"RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 7.79 GiB total capacity; 6.11 GiB already allocated)", 20.0 * 1048576, -1},
		{"hipMalloc(&ptr, size) failed to allocate 890.06M (933298432 bytes) from device: HIP_ERROR_OutOfMemory", 933298432.0, -1},
		{"failed to allocate 127.99TiB (140729850295296 bytes) from device: HIP_ERROR_OutOfMemory", 140729850295296.0, -1},
		{"Error: model requires more system memory (63.6 GiB) than is available (18.9 GiB)", 63.6 * 1073741824.0, 18.9 * 1073741824.0},
		{"could not allocate pinned host memory of size: 221074944", 221074944.0, -1},
		{"failed to allocate 1900,00 MiB of pinned memory: invalid argument", 1900.0 * 1048576, -1},
		{"cuda_driver.cc:802] failed to alloc 34359738368 bytes on host: CUDA_ERROR_OUT_OF_MEMORY: out of memory", 34359738368.0, -1},
		{"warning: failed to mlock 39813120-byte buffer (after previously locking 4106670080 bytes): Cannot allocate memory", 39813120.0, -1},
		{"NCCL WARN Error: failed to extend /dev/shm/nccl-WU88OE to 9637892 bytes, error: No space left on device (28)", 9637892.0, -1},
		/* a random name's digit and letters that read as a size */
		{"misc/shmutils.cc:72 NCCL WARN Error: failed to extend /dev/shm/nccl-7MB1xy to 9637892 bytes", 9637892.0, -1},
		{"NCCL WARN Error while creating shared memory segment /dev/shm/nccl-WU88OE (size 9637888), error: No space left on device", 9637888.0, -1},
		{"RuntimeError: [enforce fail at alloc_cpu.cpp:114] data. DefaultCPUAllocator: not enough memory: you tried to allocate 18809.20 MB", 18809.2 * 1048576, -1},
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		struct kb_ask a;
		if (!kb_ask_parse(ok[i].line, &a))
			fail_msg("%s: no size read", ok[i].line);
		if (a.bytes < ok[i].bytes * 0.9999 || a.bytes > ok[i].bytes * 1.0001 ||
		    (ok[i].avail < 0) != (a.avail < 0) ||
		    (ok[i].avail >= 0 && (a.avail < ok[i].avail * 0.9999 || a.avail > ok[i].avail * 1.0001)))
			fail_msg("%s: read %.0f / %.0f", ok[i].line, a.bytes, a.avail);
	}
	/* past 2^63 bytes: the figure as written, never a wrapped "0 B" */
	static const struct { const char *line, *text, *json; } big[] = {
		{"failed to allocate buffer of size 18446744073709551615", "18446744073709551615 bytes",
		 "18446744073709551615"},
		{"Tried to allocate 99999999999999999999.00 GiB", "99999999999999999999.00 GiB", NULL},
		{"failed to allocate buffer of size 4294967296", "4.00 GiB (4294967296 bytes)", "4294967296"},
		{"failed to allocate 127.99TiB (140729850295296 bytes) from device", "128 TiB (140729850295296 bytes)",
		 "140729850295296"},
		{"Tried to allocate 1.74 GiB", "1.74 GiB", "1868310774"},
		/* thousands separators; leading zeros (no JSON number has them) */
		{"failed to allocate CUDA0 buffer of size 1,048,576", "1.00 MiB (1,048,576 bytes)", "1048576"},
		{"ggml_vulkan: Device memory allocation of size 000123 failed.", "123 B (000123 bytes)", "123"},
	};
	for (size_t i = 0; i < sizeof big / sizeof *big; i++) {
		struct kb_ask a;
		char text[64], json[40];
		assert_true(kb_ask_parse(big[i].line, &a));
		kb_ask_text(&a, true, text, sizeof text);
		assert_string_equal(text, big[i].text);
		kb_ask_json(&a, json, sizeof json);
		if (big[i].json)
			assert_string_equal(json, big[i].json);
	}
	static const char *none[] = {
		"llama_kv_cache_init: failed to allocate buffer for kv cache",
		"Cache is allocated. #tokens: 367404, K size: 8.23 GB",   /* no request: a report */
		"Cannot allocate memory llm_load_tensors: mem required  = 46494.72 MB",
		"failed to allocate CUDA0 buffer",
		"out of memory",
		"Tried to allocate 99999999999999999999999 bytes",        /* past 20 digits: nonsense */
		"",
	};
	for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
		struct kb_ask a;
		if (kb_ask_parse(none[i], &a))
			fail_msg("%s: read %.0f", none[i], a.bytes);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_entries),
		cmocka_unit_test(test_samples_match_their_entry),
		cmocka_unit_test(test_real_messages),
		cmocka_unit_test(test_ordinary_lines),
		cmocka_unit_test(test_when),
		cmocka_unit_test(test_ranking),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_user_dir),
		cmocka_unit_test(test_render),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_asked_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
