/* Unit tests for the JSON and batch views on a synthetic snapshot: unknown
 * values print as null / "-", hostile names stay harmless. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analysis/events.h"
#include "analysis/forecast.h"
#include "analysis/loads.h"
#include "snapshot.h"
#include "view/batch.h"
#include "view/json.h"
#include "view/panels.h"

static void fill(struct snapshot *s, struct rows *rows, size_t *idx)
{
	snapshot_init(s);
	s->t = 1700000000.25;
	s->mem.total = 1ULL << 34;
	s->mem.available = 1ULL << 33;
	bool added;
	int cg = snapshot_cgroup_index(s, "/app", CG_V2, &added);
	assert_true(added);
	s->cgroups[cg].limit = 300ULL << 20;
	s->cgroups[cg].limited = 1;
	s->self_cgroup = snapshot_cgroup_index(s, "/app", CG_V2, &added);
	assert_false(added);

	struct snap_proc *p = snapshot_add_proc(s);
	p->pid = 42;
	p->ppid = 1;
	p->user = snapshot_add_string(s, "al\xc2\x9bice", 7);
	snprintf(p->comm, sizeof p->comm, "evil\x1b[2J\"\xff");
	p->rss = 256ULL << 20;
	p->detailed = true;
	p->oom_score = 900;
	p->oom_score_adj = -100;
	p->cgroup = cg;
	p->growth = 1048576.4;
	s->procs_boot = 1000.0;   /* the scan's time since boot: it started 12.5 s before */
	p->start = (uint64_t)(987.5 * (double)sysconf(_SC_CLK_TCK));
	const char cmd[] = "llama-server --model /m/\x1b]0;x\x07.gguf";
	p->cmdline = snapshot_add_string(s, cmd, sizeof cmd - 1);
	p = snapshot_add_proc(s);   /* everything unknown */
	p->pid = 7;
	idx[0] = 0, idx[1] = 1;
	rows->idx = idx;
	rows->n = 2;
}

static void test_json(void **state)
{
	(void)state;
	struct snapshot s;
	struct rows rows;
	size_t idx[2];
	fill(&s, &rows, idx);
	struct strbuf b = {0};
	sb_reset(&b);
	json_write_sample(&b, &s, &rows, NULL, NULL, NULL, NULL);
	assert_non_null(strstr(b.s, "\"schema\":1,\"t\":1700000000.250,"));
	assert_non_null(strstr(b.s, "\"total\":17179869184,"));
	assert_non_null(strstr(b.s, "\"free\":null,"));
	assert_non_null(strstr(b.s, "\"psi\":{\"some_avg10\":null,"));
	assert_non_null(strstr(b.s, "\"self_cgroup\":\"/app\""));
	assert_non_null(strstr(b.s, "\"limit\":314572800,\"limited\":true,"));
	/* a cgroup's figures read after the process scan: when, on t's clock,
	 * to the microsecond (t itself when that time is unknown) */
	assert_non_null(strstr(b.s, "\"version\":2,\"read_t\":1700000000.250000,\"limit\""));
	s.mono = 100, s.cgroups[0].mono = 100.4321234;
	sb_reset(&b);
	json_write_sample(&b, &s, &rows, NULL, NULL, NULL, NULL);
	assert_non_null(strstr(b.s, "\"read_t\":1700000000.682123,"));
	assert_non_null(strstr(b.s, "\"comm\":\"evil\\u001b[2J\\\"\\ufffd\""));
	assert_non_null(strstr(b.s, "\\u001b]0;x\\u0007.gguf\""));
	/* a C1 control (U+009B, CSI to some terminals) is escaped too */
	assert_non_null(strstr(b.s, "\"user\":\"al\\u009bice\""));
	assert_non_null(strstr(b.s, "\"oom_score\":900,\"oom_score_adj\":-100,\"cgroup\":\"/app\",\"growth\":1048576,\"age_s\":12.5}"));
	assert_non_null(strstr(b.s, "{\"pid\":7,\"ppid\":null,\"user\":null,\"comm\":null,\"cmdline\":null,\"rss\":null,"));
	assert_non_null(strstr(b.s, "\"oom_score\":null,\"oom_score_adj\":null,\"cgroup\":null,\"growth\":null,\"age_s\":null}]}\n"));
	/* one line per sample */
	assert_ptr_equal(strchr(b.s, '\n'), b.s + b.len - 1);
	sb_free(&b);
	snapshot_free(&s);
}

static void test_batch(void **state)
{
	(void)state;
	struct snapshot s;
	struct rows rows;
	size_t idx[2];
	fill(&s, &rows, idx);
	struct strbuf b = {0};
	sb_reset(&b);
	batch_write_sample(&b, &s, &rows, NULL, NULL, NULL, NULL, 1);
	assert_non_null(strstr(b.s, "Mem:  16.0G total, 8.00G available, - free"));
	assert_non_null(strstr(b.s, "Cgroup v2 /app: limit 300M"));
	assert_non_null(strstr(b.s, "(oomcast)"));
	assert_non_null(strstr(b.s, "+1.00M/s"));
	/* no escape character reaches the terminal */
	assert_null(strchr(b.s, '\x1b'));
	assert_null(strchr(b.s, '\x07'));
	/* escaped, not dropped: the name can still be read */
	assert_non_null(strstr(b.s, "llama-server --model /m/\\x1b]0;x\\x07.gguf"));
	sb_free(&b);
	snapshot_free(&s);
}

/* Every line that names something of the system escapes it: the cgroup line,
 * the forecast's resource, driver and victim, the user column. */
static void test_batch_hostile_names(void **state)
{
	(void)state;
	struct snapshot s;
	struct rows rows;
	size_t idx[2];
	fill(&s, &rows, idx);
	bool added;
	int cg = snapshot_cgroup_index(&s, "/job\x1b]0;pwn\x07\xff", CG_V1, &added);
	struct snap_cgroup *c = &s.cgroups[cg];
	c->limit = c->effective_limit = 1ULL << 30;
	c->limited = 1;
	c->usage = c->anon = 512ULL << 20;
	s.procs[0].cgroup = cg;
	s.procs[0].user = snapshot_add_string(&s, "b\x1b[31mob", 8);
	s.mono = 10;
	struct forecast_cfg cfg = {FC_WARN_DEFAULT, FC_CRIT_DEFAULT};
	struct forecast *fc = forecast_new(&cfg);
	forecast_update(fc, &s);
	struct strbuf b = {0};
	sb_reset(&b);
	batch_write_sample(&b, &s, &rows, fc, NULL, NULL, NULL, 1);
	assert_null(strchr(b.s, '\x1b'));
	assert_null(strchr(b.s, '\x07'));
	assert_null(strchr(b.s, '\xff'));
	assert_non_null(strstr(b.s, "Cgroup v1 /job\\x1b]0;pwn\\x07\\xff: limit 1.00G"));
	const char *f = strstr(b.s, "Forecast cgroup:/job\\x1b]0;pwn\\x07\\xff headroom");
	assert_non_null(f);
	assert_non_null(strstr(f, "victim 42 evil\\x1b[2J\"\\xff"));
	assert_non_null(strstr(b.s, "b\\x1b[31"));   /* the user column, cut to its width */
	sb_free(&b);
	forecast_free(fc);
	snapshot_free(&s);
}

/* The Load line: the runtime named when known, the escaped comm and model
 * file, the footprint; no runtime when none is known. */
static void test_batch_load(void **state)
{
	(void)state;
	struct snapshot s;
	struct rows rows;
	size_t idx[2];
	fill(&s, &rows, idx);
	struct snap_model *m = snapshot_add_model(&s);
	const char path[] = "/m/\x1b]0;x\x07.gguf";
	m->path = snapshot_add_string(&s, path, sizeof path - 1);
	m->file_size = 100ULL << 20;
	struct load l;
	memset(&l, 0, sizeof l);
	l.pid = 42, l.proc = 0, l.model = 0;
	l.runtime = RT_LLAMACPP;
	l.fp_known = true;
	l.opts.ctx = 4096, l.opts.mmap = true;
	l.fp.weights = 100ULL << 20, l.fp.kv = 64ULL << 20, l.fp.compute = 147ULL << 20;
	l.fp.overhead = 160ULL << 20;
	l.fp.total = l.fp.weights + l.fp.kv + l.fp.compute + l.fp.overhead;
	l.loaded = 20ULL << 20;
	l.gpu_layers = -1;
	struct loads ld = {.v = &l, .n = 1};
	struct strbuf b = {0};
	sb_reset(&b);
	batch_write_sample(&b, &s, &rows, NULL, NULL, &ld, NULL, 1);
	assert_non_null(strstr(b.s, "\nLoad     pid 42 evil\\x1b[2J\"\\xff (llama.cpp): \\x1b]0;x\\x07.gguf, "
	                            "ctx 4096, needs 471M (weights 100M mapped, KV 64.0M f16, compute 147M, "
	                            "runtime 160M), 20.0M in\n"));
	assert_null(strchr(b.s, '\x1b'));
	l.runtime = RT_UNKNOWN;
	sb_reset(&b);
	batch_write_sample(&b, &s, &rows, NULL, NULL, &ld, NULL, 1);
	assert_non_null(strstr(b.s, "\nLoad     pid 42 evil\\x1b[2J\"\\xff: \\x1b]0;x\\x07.gguf, ctx 4096"));
	/* no -ngl, on a GPU: llama.cpp's own choice of layers, said so */
	s.ngpus = 1;
	s.gpus[0] = (struct snap_gpu){.index = 0, .total = 8ull << 30, .free = 8ull << 30, .mig = -1};
	l.gpu_layers = 33, l.gpu_auto = true, l.split_known = true, l.ngpus = 1, l.gpu_idx[0] = 0;
	l.split.ram_total = 200ull << 20, l.split.ndev = 1, l.split.dev[0].total = 300ull << 20;
	l.gpu_room[0] = 8ull << 30, l.ram_verdict = l.gpu_verdict[0] = LV_FITS;
	sb_reset(&b);
	batch_write_sample(&b, &s, &rows, NULL, NULL, &ld, NULL, 1);
	assert_non_null(strstr(b.s, " (-ngl auto: 33: RAM part 200M fits, gpu:0 part 300M of 8.00G: fits)"));
	sb_free(&b);
	snapshot_free(&s);
}

/* The cgroup meter: oomcast's own limit, a watched process's, a killed
 * one's, or one the forecast warns of (it was shown only once its kill
 * came); the one with the least room among them. */
static void test_pick_cgroup(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	bool added;
	int big = snapshot_cgroup_index(&s, "/big", CG_V1, &added);
	int box = snapshot_cgroup_index(&s, "/box", CG_V1, &added);
	s.cgroups[big].limited = s.cgroups[box].limited = 1;
	s.cgroups[big].limit = s.cgroups[big].effective_limit = 8ull << 30;
	s.cgroups[box].limit = s.cgroups[box].effective_limit = 256ull << 20;
	s.cgroups[big].usage = 1ull << 30;
	s.cgroups[box].usage = 250ull << 20;
	s.self_cgroup = -1;
	assert_int_equal(meters_pick_cgroup(&s, NULL, 0, NULL, -1), -1);
	assert_int_equal(meters_pick_cgroup(&s, NULL, 0, NULL, box), box);
	s.self_cgroup = big;
	assert_int_equal(meters_pick_cgroup(&s, NULL, 0, NULL, -1), big);
	assert_int_equal(meters_pick_cgroup(&s, NULL, 0, NULL, box), box);   /* less room */
	/* two cgroups just had a kill each: the pinned loader's (pid 42, its
	 * cgroup emptied, much room) and another container's (pid 99, at its
	 * limit). With 42 pinned, its cgroup keeps the meter; another's kill
	 * counts only where nothing is pinned (it took the meter from the
	 * pinned one's on a machine running another test suite) */
	s.self_cgroup = -1;
	s.cgroups[big].usage = 0;
	s.t = 1000;
	struct evlog *ev = evlog_new();
	struct event e = {.t = 999, .type = EV_OOM_KILL, .pid = 42};
	snprintf(e.scope, sizeof e.scope, "/big");
	evlog_append(ev, &e);
	e.pid = 99;
	snprintf(e.scope, sizeof e.scope, "/box");
	evlog_append(ev, &e);
	const pid_t pins[1] = {42};
	assert_int_equal(meters_pick_cgroup(&s, pins, 1, ev, -1), big);
	assert_int_equal(meters_pick_cgroup(&s, NULL, 0, ev, -1), box);
	/* ... nor does another cgroup in alarm (at its limit, the least room) */
	assert_int_equal(meters_pick_cgroup(&s, pins, 1, ev, box), big);
	assert_int_equal(meters_pick_cgroup(&s, NULL, 0, NULL, box), box);
	/* a pin with no limited cgroup of its own (gone, its kill long past):
	 * the one in alarm has the meter, not none */
	const pid_t gone[1] = {77};
	assert_int_equal(meters_pick_cgroup(&s, gone, 1, ev, box), box);
	assert_int_equal(meters_pick_cgroup(&s, gone, 1, ev, -1), -1);
	evlog_free(ev);
	snapshot_free(&s);
}

/* The forecast rows' order: level, then the sooner ETA; where both are
 * alike (all OK, no ETA), the machine's own (RAM, cards) before limits,
 * then the least room for its size (a card 3/4 full sat under a dozen
 * empty limits, off the panel) */
static void test_forecast_order(void **state)
{
	(void)state;
	const uint64_t G = 1ull << 30;
	struct fc_item it[5] = {
		{.kind = FC_RAM, .headroom = 23 * G, .capacity = 24 * G, .eta = NAN},
		{.kind = FC_CGROUP, .headroom = G, .capacity = G, .eta = NAN},          /* empty */
		{.kind = FC_CGROUP, .headroom = G / 2, .capacity = G, .eta = NAN},      /* half full */
		{.kind = FC_GPU, .headroom = 20 * G, .capacity = 80 * G, .eta = NAN},
		{.kind = FC_CGROUP, .headroom = 8 * G, .capacity = 9 * G, .eta = 30,
		 .level = FC_WARNING},
	};
	const int want[5] = {4, 3, 0, 2, 1};
	const struct fc_item *sorted[5];
	for (int i = 0; i < 5; i++) {
		int j = i;
		while (j > 0 && fcpanel_order(&it[i], sorted[j - 1]) < 0) {
			sorted[j] = sorted[j - 1];
			j--;
		}
		sorted[j] = &it[i];
	}
	for (int i = 0; i < 5; i++)
		if (sorted[i] != &it[want[i]])
			fail_msg("row %d: item %d, want %d", i, (int)(sorted[i] - it), want[i]);
	/* an ETA outranks room; a level outranks an ETA */
	it[1].eta = 500;
	assert_true(fcpanel_order(&it[1], &it[3]) < 0);
	it[3].level = FC_WATCH;
	assert_true(fcpanel_order(&it[3], &it[1]) < 0);
	assert_int_equal(fcpanel_order(&it[0], &it[0]), 0);
	/* a card a pinned process uses, and its cgroup, on top of the rest */
	struct snapshot s;
	snapshot_init(&s);
	s.ngpus = 2;
	s.ngpu_procs = 1;
	s.gpu_procs[0] = (struct snap_gpu_proc){.pid = 7, .gpu = 1, .used = G};
	struct fc_item g[3] = {
		{.kind = FC_CGROUP, .cgroup = -1, .gpu = -1, .headroom = G, .capacity = 9 * G,
		 .eta = 30, .level = FC_WARNING},
		{.kind = FC_GPU, .cgroup = -1, .gpu = 0, .headroom = G, .capacity = 80 * G, .eta = NAN},
		{.kind = FC_GPU, .cgroup = -1, .gpu = 1, .headroom = 70 * G, .capacity = 80 * G, .eta = NAN},
	};
	const struct fc_item *gs[3];
	const pid_t pins[1] = {7};
	fcpanel_sort(&s, g, 3, NULL, 0, gs);
	assert_ptr_equal(gs[0], &g[0]);
	assert_ptr_equal(gs[2], &g[2]);
	fcpanel_sort(&s, g, 3, pins, 1, gs);
	assert_ptr_equal(gs[0], &g[2]);
	assert_ptr_equal(gs[1], &g[0]);
	assert_ptr_equal(gs[2], &g[1]);
	snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_batch),
		cmocka_unit_test(test_batch_hostile_names),
		cmocka_unit_test(test_batch_load),
		cmocka_unit_test(test_pick_cgroup),
		cmocka_unit_test(test_forecast_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
