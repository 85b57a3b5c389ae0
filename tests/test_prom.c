/* Unit tests for the Prometheus view: label values from the system are
 * escaped as the exposition format says, unknown figures and an absent ETA
 * leave their sample out (never 0, never +Inf), OOM kills are counted by
 * scope with a bounded number of labels, and the whole page passes
 * promtool's own parser where promtool is installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/events.h"
#include "analysis/forecast.h"
#include "analysis/loads.h"
#include "snapshot.h"
#include "view/prom.h"

#define MiB (1024.0 * 1024)
#define GiB (1024.0 * MiB)

static const struct forecast_cfg cfg = {FC_WARN_DEFAULT, FC_CRIT_DEFAULT};

/* A cgroup path and a comm that try to break out of a label value, end the
 * line, talk to a terminal and be invalid UTF-8. */
static const char hostile_cg[] = "/evil\"} 1\noomcast_fake 2\n\\\x1b[2J\xff\xc2\x9b";
static const char hostile_comm[] = "a\"b\\c\nd\x1b\xfe";

/* A 16 GiB machine at time t, avail bytes available; a cgroup with a 1 GiB
 * limit holding used bytes, and in it pid 300 (hostile comm) growing. */
static void machine(struct snapshot *s, double t, double avail, double used)
{
	snapshot_reset(s);
	s->t = 1.7e9 + t;
	s->mono = t;
	s->mem.total = (uint64_t)(16 * GiB);
	s->mem.available = (uint64_t)avail;
	s->mem.free = SNAP_NA;   /* unknown: its sample is left out */
	s->mem.cached = 0;
	s->swap.total = 0;
	s->swap.free = 0;
	s->vm.oom_kills = 3;
	s->vm.pgmajfault = 10;
	bool added;
	int cg = snapshot_cgroup_index(s, hostile_cg, CG_V2, &added);
	struct snap_cgroup *c = &s->cgroups[cg];
	c->limit = c->effective_limit = (uint64_t)GiB;
	c->limited = 1;
	c->usage = c->anon = (uint64_t)used;
	c->file = 0;
	c->shmem = 0;
	c->oom_kills = 1;
	/* a cgroup without any limit: not among the cgroups exported */
	cg = snapshot_cgroup_index(s, "/free", CG_V2, &added);
	s->cgroups[cg].usage = 5;
	struct snap_proc *p = snapshot_add_proc(s);
	p->pid = 300;
	memcpy(p->comm, hostile_comm, sizeof hostile_comm);
	p->rss = (uint64_t)used;
	p->swap = 0;
	p->growth = 80 * MiB;
	p->oom_score = 700;
	p->cgroup = 0;
	p = snapshot_add_proc(s);
	p->pid = 1;
	snprintf(p->comm, sizeof p->comm, "init");
	p->rss = 4096;
	p->swap = 0;
	p->growth = 0;
	p->oom_score = 0;
}

/* The value of the sample line that starts after nl: after its last space
 * (a label value may hold "} " itself). */
static double value_of(const char *nl)
{
	const char *sp = strchr(nl + 1, '\n');
	while (*sp != ' ')
		sp--;
	return strtod(sp + 1, NULL);
}

static struct strbuf render(const struct prom *pr, const struct snapshot *s,
                            const struct forecast *fc, const struct loads *ld)
{
	struct strbuf b = {0};
	sb_reset(&b);
	prom_render(pr, &b, s, fc, ld);
	return b;
}

/* Run promtool check metrics on the page, where promtool is installed. */
static void promtool_accepts(const struct strbuf *b)
{
	if (system("command -v promtool > /dev/null 2>&1") != 0) {
		print_message("promtool not installed: the page's syntax is not checked by it\n");
		return;
	}
	char path[] = "/tmp/oomcast-test-prom.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b->s, b->len), (ssize_t)b->len);
	close(fd);
	char cmd[128];
	/* promtool's lint notes (none expected) go to stdout with status 3 */
	snprintf(cmd, sizeof cmd, "promtool check metrics < %s", path);
	int rc = system(cmd);
	unlink(path);
	assert_int_equal(rc, 0);
}

static void test_label_value(void **state)
{
	(void)state;
	struct strbuf b = {0};
	sb_reset(&b);
	prom_label_value(&b, hostile_comm, strlen(hostile_comm));
	/* backslash, quote and newline as the format escapes them; ESC and
	 * the invalid byte as the text \xNN, its backslash escaped */
	assert_string_equal(b.s, "a\\\"b\\\\c\\nd\\\\x1b\\\\xfe");
	sb_reset(&b);
	/* valid UTF-8 passes as it is; a C1 control does not */
	prom_label_value(&b, "caf\xc3\xa9 \xc2\x9b", 8);
	assert_string_equal(b.s, "caf\xc3\xa9 \\\\xc2\\\\x9b");
	/* two cgroups, one named with ESC and one with the text \x1b, are
	 * two series: the second's backslash is escaped too */
	sb_reset(&b);
	prom_label_value(&b, "/a\x1b", 3);
	assert_string_equal(b.s, "/a\\\\x1b");
	sb_reset(&b);
	prom_label_value(&b, "/a\\x1b", 6);
	assert_string_equal(b.s, "/a\\\\x5cx1b");
	sb_reset(&b);
	prom_label_value(&b, "/m-\\x2dn", 8);   /* systemd's, as it is */
	assert_string_equal(b.s, "/m-\\\\x2dn");
	sb_free(&b);
}

static void test_page(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	machine(&s, 0, 12 * GiB, 100 * MiB);
	struct prom *pr = prom_new();
	struct strbuf b = render(pr, &s, NULL, NULL);
	assert_non_null(strstr(b.s, "# HELP oomcast_memory_total_bytes "));
	assert_non_null(strstr(b.s, "# TYPE oomcast_memory_total_bytes gauge\n"
				    "oomcast_memory_total_bytes 17179869184\n"));
	/* unknown: the family is there, its sample is not */
	assert_non_null(strstr(b.s, "# TYPE oomcast_memory_free_bytes gauge\n# HELP"));
	assert_null(strstr(b.s, "\noomcast_memory_free_bytes "));
	assert_non_null(strstr(b.s, "\noomcast_kernel_oom_kills_total 3\n"));
	assert_non_null(strstr(b.s, "# TYPE oomcast_kernel_oom_kills_total counter\n"));
	assert_non_null(strstr(b.s, "\noomcast_oom_kills_total{scope=\"system\"} 0\n"));
	/* the hostile cgroup: one line, its label value escaped */
	const char *want = "\noomcast_cgroup_limit_bytes{cgroup=\"/evil\\\"} 1\\noomcast_fake 2\\n"
			   "\\\\\\\\x1b[2J\\\\xff\\\\xc2\\\\x9b\"} 1073741824\n";
	assert_non_null(strstr(b.s, want));
	assert_null(strstr(b.s, "\noomcast_fake"));
	assert_non_null(strstr(b.s, "\noomcast_cgroup_oom_kills_total{cgroup=\"/evil"));
	assert_null(strstr(b.s, "cgroup=\"/free\""));
	/* the top processes: pid and comm, nothing of the command line */
	assert_non_null(strstr(b.s, "\noomcast_process_resident_memory_bytes{pid=\"300\",comm=\"a\\\"b\\\\c\\nd\\\\x1b\\\\xfe\"} 104857600\n"));
	assert_non_null(strstr(b.s, "\noomcast_process_resident_memory_bytes{pid=\"1\",comm=\"init\"} 4096\n"));
	/* no ESC byte, no invalid UTF-8 anywhere on the page */
	assert_null(strchr(b.s, '\x1b'));
	assert_null(strchr(b.s, '\xff'));
	/* every line is a comment or a sample: name, optional labels, a value */
	promtool_accepts(&b);
	sb_free(&b);
	prom_free(pr);
	snapshot_free(&s);
}

static void test_forecast(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	struct forecast *fc = forecast_new(&cfg);
	struct prom *pr = prom_new();
	/* still: no ETA for anything, and no sample of it */
	for (int k = 0; k < 4; k++) {
		machine(&s, k * 0.5, 12 * GiB, 100 * MiB);
		forecast_update(fc, &s);
	}
	struct strbuf b = render(pr, &s, fc, NULL);
	assert_non_null(strstr(b.s, "# TYPE oomcast_seconds_to_exhaustion gauge\n"));
	assert_null(strstr(b.s, "\noomcast_seconds_to_exhaustion{"));
	assert_null(strstr(b.s, "\noomcast_seconds_to_exhaustion_high{"));
	assert_null(strstr(b.s, "Inf"));
	assert_non_null(strstr(b.s, "\noomcast_forecast_level{resource=\"ram\"} 0\n"));
	assert_non_null(strstr(b.s, "\noomcast_forecast_capacity_bytes{resource=\"ram\"} 17179869184\n"));
	sb_free(&b);
	/* the cgroup fills at 80 MiB/s: an ETA, its bounds, a level of
	 * warning or worse, and the driver and victim named */
	for (int k = 0; k < 14; k++) {
		machine(&s, 2 + k * 0.5, 12 * GiB, (100 + k * 40) * MiB);
		forecast_update(fc, &s);
	}
	size_t n;
	const struct fc_item *it = forecast_items(fc, &n);
	const struct fc_item *cgi = NULL;
	for (size_t i = 0; i < n; i++)
		if (it[i].kind == FC_CGROUP)
			cgi = &it[i];
	assert_non_null(cgi);
	assert_true(isfinite(cgi->eta));
	b = render(pr, &s, fc, NULL);
	const char *line = strstr(b.s, "\noomcast_seconds_to_exhaustion{resource=\"cgroup:/evil\\\"} 1\\n");
	assert_non_null(line);
	assert_float_equal(value_of(line), cgi->eta, 1e-6 * cgi->eta + 1e-9);
	assert_non_null(strstr(b.s, "\noomcast_seconds_to_exhaustion_low{resource=\"cgroup:/evil"));
	assert_true(cgi->level >= FC_WARNING);
	const char *fl = strstr(b.s, "\noomcast_forecast_level{resource=\"cgroup:/evil");
	assert_non_null(fl);
	assert_float_equal(value_of(fl), cgi->level, 0);
	assert_non_null(strstr(b.s, "\noomcast_forecast_driver_info{resource=\"cgroup:/evil"));
	assert_non_null(strstr(b.s, "\",pid=\"300\",comm=\"a\\\"b\\\\c\\nd\\\\x1b\\\\xfe\",kind=\"process\"} 1\n"));
	assert_non_null(strstr(b.s, "\noomcast_forecast_victim_info{resource=\"cgroup:/evil"));
	assert_null(strstr(b.s, "Inf"));
	assert_null(strstr(b.s, "NaN"));
	promtool_accepts(&b);
	sb_free(&b);
	prom_free(pr);
	forecast_free(fc);
	snapshot_free(&s);
}

static void kill_in(struct evlog *ev, const char *scope)
{
	struct event e;
	memset(&e, 0, sizeof e);
	e.type = EV_OOM_KILL;
	e.pid = 77;
	snprintf(e.scope, sizeof e.scope, "%s", scope);
	evlog_append(ev, &e);
}

static void test_kills_by_scope(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	machine(&s, 0, 12 * GiB, 100 * MiB);
	struct evlog *ev = evlog_new();
	struct prom *pr = prom_new();
	evlog_tick(ev);
	kill_in(ev, "system");
	kill_in(ev, "");
	kill_in(ev, "/job\"x");
	struct event logline;
	memset(&logline, 0, sizeof logline);
	logline.type = EV_LOG_ERROR;
	evlog_append(ev, &logline);   /* not a kill */
	prom_count_kills(pr, ev);
	evlog_tick(ev);
	kill_in(ev, "/job\"x");
	prom_count_kills(pr, ev);
	/* a sample without new events counts nothing */
	evlog_tick(ev);
	prom_count_kills(pr, ev);
	struct strbuf b = render(pr, &s, NULL, NULL);
	assert_non_null(strstr(b.s, "\noomcast_oom_kills_total{scope=\"system\"} 1\n"));
	assert_non_null(strstr(b.s, "\noomcast_oom_kills_total{scope=\"unknown\"} 1\n"));
	assert_non_null(strstr(b.s, "\noomcast_oom_kills_total{scope=\"other\"} 0\n"));
	assert_non_null(strstr(b.s, "\noomcast_oom_kills_total{scope=\"/job\\\"x\"} 2\n"));
	sb_free(&b);
	/* past PROM_SCOPES_MAX scopes, the rest are "other": bounded labels */
	for (int i = 0; i < PROM_SCOPES_MAX + 10; i++) {
		char sc[32];
		snprintf(sc, sizeof sc, "/many/%d", i);
		evlog_tick(ev);
		kill_in(ev, sc);
		prom_count_kills(pr, ev);
	}
	b = render(pr, &s, NULL, NULL);
	size_t series = 0;
	for (const char *p = b.s; (p = strstr(p, "\noomcast_oom_kills_total{")); p++)
		series++;
	assert_int_equal(series, PROM_SCOPES_MAX + 3);
	/* 64 scopes: "/job\"x" and 63 of the many; 11 more in other */
	assert_non_null(strstr(b.s, "\noomcast_oom_kills_total{scope=\"other\"} 11\n"));
	promtool_accepts(&b);
	sb_free(&b);
	prom_free(pr);
	evlog_free(ev);
	snapshot_free(&s);
}

/* GPUs (one with dedicated memory, a MIG instance, a unified one, and a
 * second entry with the first's label), their largest users, and a model
 * load with its verdict as a state set. */
static void test_gpus_and_loads(void **state)
{
	(void)state;
	struct snapshot s;
	snapshot_init(&s);
	machine(&s, 0, 12 * GiB, 100 * MiB);
	struct snap_gpu *g = &s.gpus[0];
	g->index = 0, g->mig = -1;
	snprintf(g->name, sizeof g->name, "NVIDIA \"H100\"");
	snprintf(g->vendor, sizeof g->vendor, "nvidia");
	g->total = 80ULL << 30, g->used = 20ULL << 30, g->reserved = 480ULL << 20;
	g = &s.gpus[1];
	g->index = 0, g->mig = 3;
	snprintf(g->name, sizeof g->name, "MIG 1g.10gb");
	g->total = 10ULL << 30, g->used = 1ULL << 30, g->reserved = SNAP_NA;
	g = &s.gpus[2];
	g->index = 1, g->mig = -1, g->unified = true;
	g->total = SNAP_NA, g->used = SNAP_NA, g->reserved = SNAP_NA;
	g = &s.gpus[3];
	g->index = 0, g->mig = -1;   /* the first's label again */
	g->total = 1, g->used = 1, g->reserved = 1;
	s.ngpus = 4;
	for (int i = 0; i < 12; i++) {
		s.gpu_procs[i].pid = 1000 + i;
		s.gpu_procs[i].gpu = 0;
		s.gpu_procs[i].used = (uint64_t)(i + 1) << 20;
	}
	s.gpu_procs[12] = (struct snap_gpu_proc){300, 0, SNAP_NA};   /* the driver will not say */
	s.ngpu_procs = 13;
	struct snap_model *m = snapshot_add_model(&s);
	m->info_known = true;
	snprintf(m->info.name, sizeof m->info.name, "Llama \"3\"");
	struct loads ld;
	loads_init(&ld);
	struct load l;
	memset(&l, 0, sizeof l);
	l.pid = 300, l.proc = 0, l.model = 0;
	l.fp_known = true;
	l.fp.total = 2ULL << 30;
	l.loaded = 1ULL << 30;
	snprintf(l.scope, sizeof l.scope, "ram");
	l.room = 1536ULL << 20;
	l.verdict = LV_WONT_FIT;
	l.missing = 512ULL << 20;
	l.runtime = RT_LLAMACPP;
	ld.v = &l, ld.n = 1;

	struct prom *pr = prom_new();
	struct strbuf b = render(pr, &s, NULL, &ld);
	assert_non_null(strstr(b.s, "\noomcast_gpu_info{gpu=\"0\",name=\"NVIDIA \\\"H100\\\"\",vendor=\"nvidia\"} 1\n"));
	assert_non_null(strstr(b.s, "\noomcast_gpu_memory_total_bytes{gpu=\"0\"} 85899345920\n"));
	assert_non_null(strstr(b.s, "\noomcast_gpu_memory_reserved_bytes{gpu=\"0\"} 503316480\n"));
	assert_non_null(strstr(b.s, "\noomcast_gpu_memory_total_bytes{gpu=\"0/mig3\"} 10737418240\n"));
	assert_null(strstr(b.s, "oomcast_gpu_memory_reserved_bytes{gpu=\"0/mig3\"}"));
	assert_null(strstr(b.s, "_bytes{gpu=\"1\"}"));   /* unified: no dedicated memory */
	assert_null(strstr(b.s, "{gpu=\"0\"} 1\n"));     /* the duplicate label is left out */
	/* the 10 largest users of card 0: 1003..1011, not 1000..1002 nor the unknown */
	assert_non_null(strstr(b.s, "\noomcast_gpu_process_memory_bytes{gpu=\"0\",pid=\"1011\",comm=\"?\"} 12582912\n"));
	assert_non_null(strstr(b.s, "pid=\"1002\",comm=\"?\"} 3145728\n"));
	assert_null(strstr(b.s, "pid=\"1001\""));
	assert_null(strstr(b.s, "oomcast_gpu_process_memory_bytes{gpu=\"0\",pid=\"300\""));
	const char *lb = "{pid=\"300\",comm=\"a\\\"b\\\\c\\nd\\\\x1b\\\\xfe\",runtime=\"llama.cpp\","
	                 "model=\"Llama \\\"3\\\"\"";
	char want[512];
	snprintf(want, sizeof want, "\noomcast_load_footprint_bytes%s} 2147483648\n", lb);
	assert_non_null(strstr(b.s, want));
	snprintf(want, sizeof want, "\noomcast_load_missing_bytes%s} 536870912\n", lb);
	assert_non_null(strstr(b.s, want));
	snprintf(want, sizeof want, "\noomcast_load_room_bytes%s,scope=\"ram\"} 1610612736\n", lb);
	assert_non_null(strstr(b.s, want));
	snprintf(want, sizeof want, "\noomcast_load_verdict%s,verdict=\"wont_fit\"} 1\n", lb);
	assert_non_null(strstr(b.s, want));
	snprintf(want, sizeof want, "\noomcast_load_verdict%s,verdict=\"fits\"} 0\n", lb);
	assert_non_null(strstr(b.s, want));
	promtool_accepts(&b);
	sb_free(&b);
	/* a runtime not known: an empty label, which Prometheus takes as none */
	l.runtime = RT_UNKNOWN;
	b = render(pr, &s, NULL, &ld);
	assert_non_null(strstr(b.s, "\noomcast_load_loaded_bytes{pid=\"300\",comm=\"a\\\"b\\\\c\\nd"
	                            "\\\\x1b\\\\xfe\",runtime=\"\",model=\"Llama \\\"3\\\"\"} 1073741824\n"));
	promtool_accepts(&b);
	sb_free(&b);
	prom_free(pr);
	snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label_value),
		cmocka_unit_test(test_page),
		cmocka_unit_test(test_forecast),
		cmocka_unit_test(test_kills_by_scope),
		cmocka_unit_test(test_gpus_and_loads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
