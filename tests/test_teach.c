/* Unit tests for the demo's teaching layer (src/view/teach.c): the caption
 * follows the analysis (cache, the verdict, the kill, the fix) with the
 * sample's own figures, and hostile names stay harmless. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/advice.h"
#include "analysis/events.h"
#include "util/escape.h"
#include "analysis/forecast.h"
#include "analysis/loads.h"
#include "snapshot.h"
#include "view/teach.h"

#define MIB (1ULL << 20)

struct world {
	struct snapshot s;
	struct forecast *fc;
	struct evlog *ev;
	struct loads loads;
	struct advice *adv;
	struct teach_in in;
};

static void world_init(struct world *w, const char *comm)
{
	struct snapshot *s = &w->s;
	snapshot_init(s);
	s->t = 1700000100;
	s->mem.total = 16384 * MIB;
	s->mem.available = 12288 * MIB;
	s->mem.cached = 1024 * MIB;
	s->swap.total = 0;
	s->swap.free = 0;
	bool added;
	int cg = snapshot_cgroup_index(s, "/demo", CG_V1, &added);
	s->cgroups[cg].limit = 300 * MIB;
	s->cgroups[cg].limited = 1;
	s->cgroups[cg].usage = 200 * MIB;
	s->cgroups[cg].file = 190 * MIB;
	struct snap_proc *p = snapshot_add_proc(s);
	p->pid = 42;
	snprintf(p->comm, sizeof p->comm, "%s", comm);
	p->rss = 250 * MIB, p->anon = 240 * MIB, p->file = 10 * MIB, p->shmem = 0;
	p->detailed = true;
	p->oom_score = 850;
	p->oom_score_adj = 0;
	p->cgroup = cg;
	struct snap_model *m = snapshot_add_model(s);
	m->path = snapshot_add_string(s, "/models/demo-F16.gguf", 21);
	struct forecast_cfg cfg = {60, 15};
	w->fc = forecast_new(&cfg);
	w->ev = evlog_new();
	loads_init(&w->loads);
	w->adv = advice_new(NULL, "");
	w->in = (struct teach_in){s, w->fc, w->ev, &w->loads, w->adv, cg, 42};
}

static void world_free(struct world *w)
{
	forecast_free(w->fc);
	evlog_free(w->ev);
	loads_free(&w->loads);
	advice_free(w->adv);
	snapshot_free(&w->s);
}

static void add_load(struct world *w, enum load_verdict v)
{
	w->loads.v = calloc(1, sizeof *w->loads.v);
	w->loads.n = w->loads.cap = 1;
	struct load *ld = &w->loads.v[0];
	ld->pid = 42, ld->proc = 0, ld->model = 0;
	ld->fp_known = true;
	ld->fp.total = 439 * MIB, ld->fp.ctx = 2048;
	ld->room = 290 * MIB;
	snprintf(ld->scope, sizeof ld->scope, "cgroup:/demo");
	ld->verdict = v;
	ld->missing = v == LV_WONT_FIT ? 149 * MIB : 0;
}

static void add_kill(struct world *w, double ago)
{
	struct event e = {.t = w->s.t - ago, .type = EV_OOM_KILL, .source = EVS_KERNEL_LOG, .pid = 42,
			  .rss = 280 * MIB};
	snprintf(e.comm, sizeof e.comm, "%s", w->s.procs[0].comm);
	snprintf(e.scope, sizeof e.scope, "/demo");
	e.constraint = OOMC_MEMCG;
	evlog_append(w->ev, &e);
}

/* Nothing happens: the page cache charged to the cgroup, with its figure. */
static void test_cache(void **state)
{
	(void)state;
	struct world w;
	char buf[900];
	world_init(&w, "node");
	assert_int_equal(teach_caption(&w.in, buf, sizeof buf), TM_CACHE);
	assert_non_null(strstr(buf, "190 MiB"));
	assert_non_null(strstr(buf, "/demo"));
	assert_non_null(strstr(buf, "not used memory"));
	/* without a cgroup meter: the machine's cache and what is available */
	w.in.cgroup = -1;
	assert_int_equal(teach_caption(&w.in, buf, sizeof buf), TM_CACHE);
	assert_non_null(strstr(buf, "1.00 GiB"));
	assert_non_null(strstr(buf, "12.0 GiB"));
	world_free(&w);
}

/* The verdict, then the kill, then (the process loading again) the fix. */
static void test_story(void **state)
{
	(void)state;
	struct world w;
	char buf[900];
	world_init(&w, "node");
	add_load(&w, LV_WONT_FIT);
	assert_int_equal(teach_caption(&w.in, buf, sizeof buf), TM_VERDICT);
	assert_non_null(strstr(buf, "node (pid 42) loads demo-F16.gguf"));
	assert_non_null(strstr(buf, "439 MiB at -c 2048"));
	assert_non_null(strstr(buf, "290 MiB"));
	assert_non_null(strstr(buf, "149 MiB missing"));
	add_kill(&w, 2);
	assert_int_equal(teach_caption(&w.in, buf, sizeof buf), TM_KILL);
	assert_non_null(strstr(buf, "ended node (pid 42, 280 MiB in RAM)"));
	assert_non_null(strstr(buf, "because cgroup /demo hit its limit"));
	assert_non_null(strstr(buf, "12.0 GiB available"));
	/* the kill is old: no banner here (no knowledge base), so the verdict
	 * of the load still in view */
	w.s.t += 60;
	assert_int_equal(teach_caption(&w.in, buf, sizeof buf), TM_VERDICT);
	w.loads.v[0].verdict = LV_FITS;
	assert_int_equal(teach_caption(&w.in, buf, sizeof buf), TM_FIXED);
	assert_non_null(strstr(buf, "After the fix"));
	/* a load that fits elsewhere is not the fix of that kill */
	snprintf(w.loads.v[0].scope, sizeof w.loads.v[0].scope, "ram");
	assert_int_equal(teach_caption(&w.in, buf, sizeof buf), TM_FITS);
	world_free(&w);
}

/* A name with control bytes is kept as it is in the caption and the
 * explanation, for draw_text to escape once (escaped here as well, its
 * escapes' backslashes would be escaped again: "\x5cx1b"). */
static void test_hostile(void **state)
{
	(void)state;
	struct world w;
	char buf[900];
	world_init(&w, "ev\x1b[2Jil");
	add_load(&w, LV_WONT_FIT);
	teach_caption(&w.in, buf, sizeof buf);
	assert_non_null(strstr(buf, "ev\x1b[2Jil"));
	add_kill(&w, 1);
	teach_caption(&w.in, buf, sizeof buf);
	assert_non_null(strstr(buf, "ev\x1b[2Jil"));
	assert_null(strstr(buf, "\\x"));
	char lines[12][400];
	size_t n = teach_explain(&w.in, lines, 12);
	for (size_t i = 0; i < n; i++)
		assert_null(strstr(lines[i], "\\x"));
	world_free(&w);
}

static bool valid_utf8(const char *t)
{
	for (size_t n = strlen(t); n > 0;) {
		int l = utf8_seq_len((const unsigned char *)t, n);
		if (l == 0)
			return false;
		t += l, n -= (size_t)l;
	}
	return true;
}

/* Long names of wide characters (a model and a cgroup named in CJK) are cut
 * between characters in the caption and the explanation, never inside one
 * (a printf precision cut them by bytes: "模模\xe6: it needs"). */
static void test_wide_names(void **state)
{
	(void)state;
	struct world w;
	char buf[900], name[160] = "/m/", scope[200] = "cgroup:/";
	for (int i = 0; i < 40; i++)
		strcat(name, "\xe6\xa8\xa1"), strcat(scope, "\xe6\xa8\xa1");
	world_init(&w, "loader");
	w.s.models[0].path = snapshot_add_string(&w.s, name, strlen(name));
	bool added;
	int cg = snapshot_cgroup_index(&w.s, scope + 7, CG_V1, &added);
	w.s.cgroups[cg].limit = 300 * MIB;
	w.s.cgroups[cg].limited = 1;
	w.s.cgroups[cg].usage = 200 * MIB;
	w.s.cgroups[cg].file = 190 * MIB;
	w.in.cgroup = cg;
	add_load(&w, LV_WONT_FIT);
	snprintf(w.loads.v[0].scope, sizeof w.loads.v[0].scope, "%s", scope);
	teach_caption(&w.in, buf, sizeof buf);
	assert_true(valid_utf8(buf));
	assert_non_null(strstr(buf, "\xe6\xa8\xa1\xe6\xa8\xa1"));
	char lines[12][400];
	size_t n = teach_explain(&w.in, lines, 12);
	for (size_t i = 0; i < n; i++)
		if (!valid_utf8(lines[i]))
			fail_msg("line %zu cut inside a character: %s", i, lines[i]);
	world_free(&w);
}

/* The explanation: RAM, cache, swap, the cgroup, the selected row and its
 * OOM score, with the snapshot's figures. */
static void test_explain(void **state)
{
	(void)state;
	struct world w;
	world_init(&w, "node");
	char lines[12][400], all[12 * 400] = "";
	size_t n = teach_explain(&w.in, lines, 12);
	for (size_t i = 0; i < n; i++)
		strcat(all, lines[i]);
	assert_non_null(strstr(all, "RAM: 16.0 GiB in all. Used 4.00 GiB"));
	assert_non_null(strstr(all, "Available 12.0 GiB"));
	assert_non_null(strstr(all, "Page cache: 1.00 GiB"));
	assert_non_null(strstr(all, "Swap: none here"));
	assert_non_null(strstr(all, "Cgroup /demo: a memory limit of 300 MiB"));
	assert_non_null(strstr(all, "node (pid 42): RSS 250 MiB"));
	assert_non_null(strstr(all, "OOM score, 850 of 1000"));
	/* no selection: no row explained */
	w.in.sel = 0;
	assert_int_equal(teach_explain(&w.in, lines, 12), n - 2);
	world_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_story),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_wide_names),
		cmocka_unit_test(test_explain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
