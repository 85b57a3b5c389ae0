/* prom.c - one sample in the Prometheus text exposition format; see prom.h.
 * Every family has its HELP and TYPE lines even when it has no sample this
 * time (no GPU, no load), so a scrape always says what oomcast can export. */
#include "view/prom.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/advice.h"
#include "util/escape.h"
#include "util/xalloc.h"

struct scope_count {
	char scope[EV_SCOPE_MAX];
	uint64_t n;
};

struct prom {
	/* [0] "system", [1] "unknown", [2] "other", then cgroups as they come */
	struct scope_count scopes[PROM_SCOPES_MAX + 3];
	size_t nscopes;
};

void prom_label_value(struct strbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t len;
		unsigned cp;
		enum esc_kind k = escape_shown(s + i, n - i, &len, &cp);
		if (k == ESC_TEXT && s[i] == '\\')
			sb_puts(b, "\\\\");
		else if (k == ESC_TEXT && s[i] == '"')
			sb_puts(b, "\\\"");
		else if (k == ESC_TEXT)
			sb_write(b, s + i, len);
		else if (cp == '\n')
			sb_puts(b, "\\n");
		else
			for (size_t j = 0; j < len; j++) {
				char e[5] = {'\\'};   /* the format's escape of the backslash */
				escape_hex(e + 1, (unsigned char)s[i + j]);
				sb_write(b, e, 5);
			}
		i += len;
	}
}

struct prom *prom_new(void)
{
	struct prom *p = xcalloc(1, sizeof *p);
	/* present from the start at 0, so the first kill is an increase */
	strcpy(p->scopes[0].scope, "system");
	strcpy(p->scopes[1].scope, "unknown");
	strcpy(p->scopes[2].scope, "other");
	p->nscopes = 3;
	return p;
}

void prom_free(struct prom *p)
{
	free(p);
}

void prom_count_kills(struct prom *p, const struct evlog *ev)
{
	size_t n = 0;
	if (ev)
		evlog_fresh(ev, 0, &n);
	for (size_t i = 0; i < n; i++) {
		const struct event *e = evlog_fresh(ev, i, &n);
		if (e->type != EV_OOM_KILL)
			continue;
		const char *scope = e->scope[0] ? e->scope : "unknown";
		size_t j = 0;
		while (j < p->nscopes && strcmp(p->scopes[j].scope, scope) != 0)
			j++;
		if (j == p->nscopes) {
			if (p->nscopes < sizeof p->scopes / sizeof p->scopes[0]) {
				snprintf(p->scopes[j].scope, sizeof p->scopes[j].scope, "%s", scope);
				p->nscopes++;
			} else {
				j = 2;   /* "other": the number of labels stays bounded */
			}
		}
		p->scopes[j].n++;
	}
}

/* ---- writing samples --------------------------------------------------- */

static void family(struct strbuf *b, const char *name, const char *type, const char *help)
{
	sb_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A sample is written name, labels, value; labels are pairs of key and
 * value (the value untrusted), ended by NULL. */
static void labels_v(struct strbuf *b, const char *name, va_list ap)
{
	sb_puts(b, name);
	int n = 0;
	const char *k;
	while ((k = va_arg(ap, const char *)) != NULL) {
		const char *v = va_arg(ap, const char *);
		sb_putc(b, n++ ? ',' : '{');
		sb_puts(b, k);
		sb_puts(b, "=\"");
		prom_label_value(b, v, strlen(v));
		sb_putc(b, '"');
	}
	if (n)
		sb_putc(b, '}');
}

/* A size or counter; SNAP_NA writes nothing. */
static void u64_sample(struct strbuf *b, uint64_t v, const char *name, ...)
{
	if (!snap_known(v))
		return;
	va_list ap;
	va_start(ap, name);
	labels_v(b, name, ap);
	va_end(ap);
	sb_printf(b, " %llu\n", (unsigned long long)v);
}

/* A real number; NaN and infinities write nothing (absent, not +Inf). */
static void num_sample(struct strbuf *b, double v, const char *name, ...)
{
	if (!isfinite(v))
		return;
	va_list ap;
	va_start(ap, name);
	labels_v(b, name, ap);
	va_end(ap);
	if (v == 0)
		v = 0;   /* no "-0" */
	sb_printf(b, " %.15g\n", v);
}

static bool seen_path(const struct snapshot *s, size_t i)
{
	/* hybrid cgroups: the same path may be in v1 and v2; one series each */
	for (size_t j = 0; j < i; j++)
		if (snap_known(s->cgroups[j].effective_limit) &&
		    strcmp(s->cgroups[j].path, s->cgroups[i].path) == 0)
			return true;
	return false;
}

static void render_machine(struct strbuf *b, const struct snapshot *s)
{
	static const struct {
		const char *name, *help;
		size_t off;
	} mem[] = {
		{"oomcast_memory_total_bytes", "Usable RAM (MemTotal).", offsetof(struct snap_mem, total)},
		{"oomcast_memory_available_bytes", "RAM available to new work without swapping (MemAvailable).",
		 offsetof(struct snap_mem, available)},
		{"oomcast_memory_free_bytes", "RAM unused (MemFree).", offsetof(struct snap_mem, free)},
		{"oomcast_memory_cached_bytes", "Page cache (Cached).", offsetof(struct snap_mem, cached)},
		{"oomcast_memory_buffers_bytes", "Block device buffers (Buffers).", offsetof(struct snap_mem, buffers)},
		{"oomcast_memory_shmem_bytes", "Shared memory and tmpfs (Shmem).", offsetof(struct snap_mem, shmem)},
		{"oomcast_memory_anon_bytes", "Anonymous memory (AnonPages).", offsetof(struct snap_mem, anon)},
		{"oomcast_memory_mlocked_bytes", "Locked memory (Mlocked).", offsetof(struct snap_mem, mlocked)},
		{"oomcast_memory_dirty_bytes", "Memory waiting to be written back (Dirty).", offsetof(struct snap_mem, dirty)},
	};
	for (size_t i = 0; i < sizeof mem / sizeof mem[0]; i++) {
		uint64_t v;
		memcpy(&v, (const char *)&s->mem + mem[i].off, sizeof v);
		family(b, mem[i].name, "gauge", mem[i].help);
		u64_sample(b, v, mem[i].name, NULL);
	}
	family(b, "oomcast_swap_total_bytes", "gauge", "Swap space (SwapTotal).");
	u64_sample(b, s->swap.total, "oomcast_swap_total_bytes", NULL);
	family(b, "oomcast_swap_free_bytes", "gauge", "Swap space unused (SwapFree).");
	u64_sample(b, s->swap.free, "oomcast_swap_free_bytes", NULL);
	family(b, "oomcast_swap_cached_bytes", "gauge", "Memory that is also in swap (SwapCached).");
	u64_sample(b, s->swap.cached, "oomcast_swap_cached_bytes", NULL);

	const struct snap_psi *ps = &s->psi;
	static const char *const kinds[] = {"some", "full"};
	family(b, "oomcast_memory_pressure_ratio", "gauge",
	       "Share of time tasks stalled on memory (/proc/pressure/memory avg10, avg60); kind some: at least one task, full: all at once.");
	if (ps->present) {
		double avg[2][2] = {{ps->some_avg10, ps->some_avg60}, {ps->full_avg10, ps->full_avg60}};
		for (int k = 0; k < 2; k++) {
			num_sample(b, avg[k][0] / 100, "oomcast_memory_pressure_ratio", "kind", kinds[k],
				   "window", "10s", NULL);
			num_sample(b, avg[k][1] / 100, "oomcast_memory_pressure_ratio", "kind", kinds[k],
				   "window", "60s", NULL);
		}
	}
	family(b, "oomcast_memory_pressure_stall_seconds_total", "counter",
	       "Time tasks stalled on memory since boot (/proc/pressure/memory total).");
	if (ps->present) {
		num_sample(b, ps->some_total_s, "oomcast_memory_pressure_stall_seconds_total", "kind",
			   "some", NULL);
		num_sample(b, ps->full_total_s, "oomcast_memory_pressure_stall_seconds_total", "kind",
			   "full", NULL);
	}

	family(b, "oomcast_major_page_faults_total", "counter",
	       "Page faults that read from disk since boot (/proc/vmstat pgmajfault).");
	u64_sample(b, s->vm.pgmajfault, "oomcast_major_page_faults_total", NULL);
	family(b, "oomcast_swap_in_pages_total", "counter", "Pages read in from swap since boot (/proc/vmstat pswpin).");
	u64_sample(b, s->vm.pswpin, "oomcast_swap_in_pages_total", NULL);
	family(b, "oomcast_swap_out_pages_total", "counter", "Pages written out to swap since boot (/proc/vmstat pswpout).");
	u64_sample(b, s->vm.pswpout, "oomcast_swap_out_pages_total", NULL);
}

static void render_kills(struct strbuf *b, const struct prom *p, const struct snapshot *s)
{
	family(b, "oomcast_kernel_oom_kills_total", "counter",
	       "OOM kills on this machine since boot, in any scope (/proc/vmstat oom_kill).");
	u64_sample(b, s->vm.oom_kills, "oomcast_kernel_oom_kills_total", NULL);
	family(b, "oomcast_oom_kills_total", "counter",
	       "OOM kills oomcast saw since it started, by scope: system, the memory cgroup whose limit was hit, unknown (no kernel report to say), or other (past the first 64 scopes).");
	for (size_t i = 0; p && i < p->nscopes; i++)
		if (i < 3 || p->scopes[i].n)
			u64_sample(b, p->scopes[i].n, "oomcast_oom_kills_total", "scope",
				   p->scopes[i].scope, NULL);
}

static void render_cgroups(struct strbuf *b, const struct snapshot *s)
{
	static const struct {
		const char *name, *type, *help;
		size_t off;
	} f[] = {
		{"oomcast_cgroup_limit_bytes", "gauge",
		 "Memory limit that applies to a memory cgroup: the smallest of its own and its ancestors'.",
		 offsetof(struct snap_cgroup, effective_limit)},
		{"oomcast_cgroup_usage_bytes", "gauge", "Memory a cgroup uses, page cache included.",
		 offsetof(struct snap_cgroup, usage)},
		{"oomcast_cgroup_anon_bytes", "gauge", "Anonymous memory of a cgroup (memory.stat).",
		 offsetof(struct snap_cgroup, anon)},
		{"oomcast_cgroup_file_bytes", "gauge", "Page cache of a cgroup (memory.stat).",
		 offsetof(struct snap_cgroup, file)},
		{"oomcast_cgroup_kernel_bytes", "gauge",
		 "Kernel memory of a cgroup that reclaim cannot give back: page tables, stacks, unreclaimable slab, socket buffers (v2 memory.stat); on v1 a lower bound, its page tables.",
		 offsetof(struct snap_cgroup, kernel)},
		{"oomcast_cgroup_oom_kills_total", "counter",
		 "OOM kills in a cgroup and its children since it was made (memory.events oom_kill, v1 memory.oom_control).",
		 offsetof(struct snap_cgroup, oom_kills)},
	};
	for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
		family(b, f[k].name, f[k].type, f[k].help);
		for (size_t i = 0; i < s->ncgroups; i++) {
			const struct snap_cgroup *c = &s->cgroups[i];
			/* the cgroups with a limit: the ones that can OOM on their own */
			if (!snap_known(c->effective_limit) || seen_path(s, i))
				continue;
			uint64_t v;
			memcpy(&v, (const char *)c + f[k].off, sizeof v);
			u64_sample(b, v, f[k].name, "cgroup", c->path, NULL);
		}
	}
}

/* "0", or "0/mig3" for a MIG instance: as the forecast names it (gpu:...). */
static void gpu_label(const struct snap_gpu *g, char *buf, size_t len)
{
	if (g->mig >= 0)
		snprintf(buf, len, "%d/mig%d", g->index, g->mig);
	else
		snprintf(buf, len, "%d", g->index);
}

/* A series twice on one page makes Prometheus refuse the whole scrape:
 * a GPU whose label an earlier one has (the source keeps them distinct) is
 * left out. */
static bool gpu_seen(const struct snapshot *s, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (s->gpus[j].index == s->gpus[i].index && s->gpus[j].mig == s->gpus[i].mig)
			return true;
	return false;
}

static void render_gpus(struct strbuf *b, const struct snapshot *s)
{
	char id[32];
	family(b, "oomcast_gpu_info", "gauge", "A GPU oomcast reads, with its name and vendor; always 1.");
	for (size_t i = 0; i < s->ngpus; i++) {
		if (gpu_seen(s, i))
			continue;
		gpu_label(&s->gpus[i], id, sizeof id);
		u64_sample(b, 1, "oomcast_gpu_info", "gpu", id, "name", s->gpus[i].name, "vendor",
			   s->gpus[i].vendor, NULL);
	}
	static const struct {
		const char *name, *help;
		size_t off;
	} f[] = {
		{"oomcast_gpu_memory_total_bytes", "Dedicated memory of a GPU.", offsetof(struct snap_gpu, total)},
		{"oomcast_gpu_memory_used_bytes", "Dedicated memory of a GPU in use.", offsetof(struct snap_gpu, used)},
		{"oomcast_gpu_memory_reserved_bytes", "GPU memory the driver holds for itself (NVML), part of used.",
		 offsetof(struct snap_gpu, reserved)},
	};
	for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
		family(b, f[k].name, "gauge", f[k].help);
		for (size_t i = 0; i < s->ngpus; i++) {
			const struct snap_gpu *g = &s->gpus[i];
			if (g->unified || g->lost || gpu_seen(s, i))
				continue;   /* no dedicated memory; a lost card's figures are old */
			uint64_t v;
			memcpy(&v, (const char *)g + f[k].off, sizeof v);
			gpu_label(g, id, sizeof id);
			u64_sample(b, v, f[k].name, "gpu", id, NULL);
		}
	}
	/* each card's PROM_TOP_K largest users, pid and comm only */
	family(b, "oomcast_gpu_process_memory_bytes", "gauge",
	       "GPU memory of the largest users of each GPU (at most 10 a GPU).");
	bool taken[SNAP_GPU_PROCS_MAX] = {false};
	for (size_t gi = 0; gi < s->ngpus; gi++) {
		if (gpu_seen(s, gi))
			continue;
		gpu_label(&s->gpus[gi], id, sizeof id);
		for (int k = 0; k < PROM_TOP_K; k++) {
			size_t best = SIZE_MAX;
			for (size_t i = 0; i < s->ngpu_procs; i++) {
				const struct snap_gpu_proc *u = &s->gpu_procs[i];
				if (taken[i] || u->gpu != (int)gi || !snap_known(u->used))
					continue;
				if (best == SIZE_MAX || u->used > s->gpu_procs[best].used)
					best = i;
			}
			if (best == SIZE_MAX)
				break;
			taken[best] = true;
			const struct snap_gpu_proc *u = &s->gpu_procs[best];
			bool dup = false;   /* one series per pid and card */
			for (size_t i = 0; i < s->ngpu_procs; i++)
				dup = dup || (taken[i] && i != best && s->gpu_procs[i].gpu == u->gpu &&
					      s->gpu_procs[i].pid == u->pid);
			if (dup)
				continue;
			char pid[16];
			snprintf(pid, sizeof pid, "%d", (int)u->pid);
			u64_sample(b, u->used, "oomcast_gpu_process_memory_bytes", "gpu", id, "pid", pid,
				   "comm", snapshot_comm(s, u->pid), NULL);
		}
	}
}

static void render_procs(struct strbuf *b, const struct snapshot *s)
{
	size_t idx[PROM_TOP_K];
	size_t n = s->nprocs ? snapshot_top_by_rss(s, PROM_TOP_K, idx) : 0;
	family(b, "oomcast_processes", "gauge", "Processes in view.");
	u64_sample(b, s->nprocs, "oomcast_processes", NULL);
	static const struct {
		const char *name, *help;
		size_t off;
	} f[] = {
		{"oomcast_process_resident_memory_bytes",
		 "Resident memory of the 10 largest processes by RSS (VmRSS).", offsetof(struct snap_proc, rss)},
		{"oomcast_process_swap_bytes", "Swapped-out memory of the 10 largest processes by RSS (VmSwap).",
		 offsetof(struct snap_proc, swap)},
	};
	for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
		family(b, f[k].name, "gauge", f[k].help);
		for (size_t i = 0; i < n; i++) {
			const struct snap_proc *pr = &s->procs[idx[i]];
			if (!snap_known(pr->rss))
				continue;   /* unknown sizes sort last: not among the largest */
			uint64_t v;
			memcpy(&v, (const char *)pr + f[k].off, sizeof v);
			char pid[16];
			snprintf(pid, sizeof pid, "%d", (int)pr->pid);
			u64_sample(b, v, f[k].name, "pid", pid, "comm", pr->comm[0] ? pr->comm : "?", NULL);
		}
	}
}

/* A load's identity: its pid, its runtime's comm, the runtime (as loads[]
 * in the JSON names it; "" unknown, as Prometheus takes a missing label) and
 * its model (the name in its GGUF header, else the file's base name). */
struct load_labels {
	char pid[16];
	const char *comm, *runtime, *model;
};

static void load_labels_of(const struct snapshot *s, const struct load *l, struct load_labels *o)
{
	snprintf(o->pid, sizeof o->pid, "%d", (int)l->pid);
	const struct snap_proc *p = &s->procs[l->proc];
	const struct snap_model *m = &s->models[l->model];
	o->comm = p->comm[0] ? p->comm : "?";
	o->runtime = l->runtime != RT_UNKNOWN ? advice_runtime_name(l->runtime) : "";
	const char *path = snapshot_string(s, m->path);
	const char *base = path ? strrchr(path, '/') : NULL;
	o->model = m->info_known && m->info.name[0] ? m->info.name : base ? base + 1 : path ? path : "";
}

static void render_loads(struct strbuf *b, const struct snapshot *s, const struct loads *ld)
{
	size_t n = ld ? ld->n : 0;
	struct load_labels lb;
	family(b, "oomcast_load_footprint_bytes", "gauge",
	       "Memory a model load needs when whole: weights, KV cache at its context, compute buffers, runtime.");
	for (size_t i = 0; i < n; i++) {
		const struct load *l = &ld->v[i];
		load_labels_of(s, l, &lb);
		u64_sample(b, l->fp_known ? l->fp.total : SNAP_NA, "oomcast_load_footprint_bytes", "pid",
			   lb.pid, "comm", lb.comm, "runtime", lb.runtime, "model", lb.model, NULL);
	}
	family(b, "oomcast_load_loaded_bytes", "gauge", "Memory of a model load in RAM now.");
	for (size_t i = 0; i < n; i++) {
		const struct load *l = &ld->v[i];
		load_labels_of(s, l, &lb);
		u64_sample(b, l->loaded, "oomcast_load_loaded_bytes", "pid", lb.pid, "comm", lb.comm,
			   "runtime", lb.runtime, "model", lb.model, NULL);
	}
	family(b, "oomcast_load_room_bytes", "gauge",
	       "Memory a model load can have in its tightest scope (what is left there and what it holds).");
	for (size_t i = 0; i < n; i++) {
		const struct load *l = &ld->v[i];
		load_labels_of(s, l, &lb);
		if (l->scope[0])
			u64_sample(b, l->room, "oomcast_load_room_bytes", "pid", lb.pid, "comm", lb.comm,
				   "runtime", lb.runtime, "model", lb.model, "scope", l->scope, NULL);
	}
	family(b, "oomcast_load_missing_bytes", "gauge",
	       "Memory a model load that will not fit lacks in its tightest scope.");
	for (size_t i = 0; i < n; i++) {
		const struct load *l = &ld->v[i];
		load_labels_of(s, l, &lb);
		if (l->verdict == LV_WONT_FIT)
			u64_sample(b, l->missing, "oomcast_load_missing_bytes", "pid", lb.pid, "comm",
				   lb.comm, "runtime", lb.runtime, "model", lb.model, NULL);
	}
	family(b, "oomcast_load_verdict", "gauge",
	       "Whether a model load fits: 1 for its verdict (fits, tight, wont_fit, unknown), 0 for the others.");
	for (size_t i = 0; i < n; i++) {
		const struct load *l = &ld->v[i];
		load_labels_of(s, l, &lb);
		for (enum load_verdict v = LV_UNKNOWN; v <= LV_WONT_FIT; v++)
			u64_sample(b, l->verdict == v, "oomcast_load_verdict", "pid", lb.pid, "comm",
				   lb.comm, "runtime", lb.runtime, "model", lb.model, "verdict",
				   load_verdict_name(v), NULL);
	}
}

static bool seen_resource(const struct fc_item *it, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (strcmp(it[j].resource, it[i].resource) == 0)
			return true;
	return false;
}

/* The forecast's number of one item, by field. */
enum fc_field { F_HEADROOM, F_CAPACITY, F_RATE, F_ETA, F_ETA_LOW, F_ETA_HIGH, F_LEVEL };

static void render_forecast(struct strbuf *b, const struct snapshot *s, const struct forecast *fc)
{
	size_t n = 0;
	const struct fc_item *it = fc ? forecast_items(fc, &n) : NULL;
	static const struct {
		const char *name, *help;
		enum fc_field f;
	} f[] = {
		{"oomcast_forecast_headroom_bytes", "Memory left before a resource runs out (for a cgroup: before its limit, page cache not counted).", F_HEADROOM},
		{"oomcast_forecast_capacity_bytes", "Size of a resource the forecast watches.", F_CAPACITY},
		{"oomcast_forecast_rate_bytes_per_second", "Rate a resource's headroom is eaten (negative: freed), fitted over the last seconds.", F_RATE},
		{"oomcast_seconds_to_exhaustion", "Forecast time until a resource runs out at the present rate; absent when it is not running out.", F_ETA},
		{"oomcast_seconds_to_exhaustion_low", "Low bound of the time to exhaustion (the fastest rate the fit allows).", F_ETA_LOW},
		{"oomcast_seconds_to_exhaustion_high", "High bound of the time to exhaustion (the slowest rate the fit allows); absent when unbounded.", F_ETA_HIGH},
		{"oomcast_forecast_level", "Forecast level of a resource: 0 ok, 1 watch, 2 warning, 3 critical.", F_LEVEL},
	};
	for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
		family(b, f[k].name, "gauge", f[k].help);
		for (size_t i = 0; i < n; i++) {
			const struct fc_item *x = &it[i];
			if (seen_resource(it, i))
				continue;
			const char *name = f[k].name, *r = x->resource;
			switch (f[k].f) {
			case F_HEADROOM: u64_sample(b, x->headroom, name, "resource", r, NULL); break;
			case F_CAPACITY: u64_sample(b, x->capacity, name, "resource", r, NULL); break;
			case F_RATE: num_sample(b, x->rate, name, "resource", r, NULL); break;
			case F_ETA: num_sample(b, x->eta, name, "resource", r, NULL); break;
			case F_ETA_LOW: num_sample(b, x->eta_low, name, "resource", r, NULL); break;
			case F_ETA_HIGH: num_sample(b, x->eta_high, name, "resource", r, NULL); break;
			case F_LEVEL: u64_sample(b, (uint64_t)x->level, name, "resource", r, NULL); break;
			}
		}
	}
	char pid[16];
	family(b, "oomcast_forecast_driver_info", "gauge",
	       "The process (or process group, kind=group) that eats a resource fastest; always 1.");
	for (size_t i = 0; i < n; i++) {
		if (!it[i].driver || seen_resource(it, i))
			continue;
		snprintf(pid, sizeof pid, "%d", (int)it[i].driver);
		u64_sample(b, 1, "oomcast_forecast_driver_info", "resource", it[i].resource, "pid", pid,
			   "comm", it[i].driver_group ? snapshot_group_comm(s, it[i].driver)
			                              : snapshot_comm(s, it[i].driver), "kind",
			   it[i].driver_group ? "group" : "process", NULL);
	}
	family(b, "oomcast_forecast_victim_info", "gauge",
	       "The process the OOM killer would pick when a resource runs out (GPU: whose allocation fails); always 1.");
	for (size_t i = 0; i < n; i++) {
		if (!it[i].victim || seen_resource(it, i))
			continue;
		snprintf(pid, sizeof pid, "%d", (int)it[i].victim);
		u64_sample(b, 1, "oomcast_forecast_victim_info", "resource", it[i].resource, "pid", pid,
			   "comm", snapshot_comm(s, it[i].victim), NULL);
	}
}

void prom_render(const struct prom *p, struct strbuf *b, const struct snapshot *s,
                 const struct forecast *fc, const struct loads *ld)
{
	family(b, "oomcast_build_info", "gauge", "The oomcast that exports these metrics; always 1.");
	u64_sample(b, 1, "oomcast_build_info", "version", PACKAGE_VERSION, NULL);
	family(b, "oomcast_sample_timestamp_seconds", "gauge",
	       "When the sample these metrics come from was taken (seconds since the epoch): a scrape never walks /proc.");
	num_sample(b, s->t, "oomcast_sample_timestamp_seconds", NULL);
	family(b, "oomcast_kernel_log_readable", "gauge",
	       "1 when oomcast can read the kernel's OOM reports (/dev/kmsg), 0 when it cannot (not root, dmesg_restrict).");
	u64_sample(b, s->kernel_log, "oomcast_kernel_log_readable", NULL);
	family(b, "oomcast_processes_partial", "gauge",
	       "1 when only oomcast's own processes are in view (/proc mounted with hidepid).");
	u64_sample(b, s->procs_partial, "oomcast_processes_partial", NULL);
	render_machine(b, s);
	render_kills(b, p, s);
	render_cgroups(b, s);
	render_gpus(b, s);
	render_procs(b, s);
	render_loads(b, s, ld);
	render_forecast(b, s, fc);
}
