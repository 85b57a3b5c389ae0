#include <math.h>

/* json.c - one JSON object per sample; sizes in bytes, times in seconds,
 * unknown values null. Key order is fixed so diffs of recordings read well. */
#include "view/json.h"

#include "analysis/room.h"

static void key(struct strbuf *b, const char *k)
{
	sb_putc(b, '"');
	sb_puts(b, k);
	sb_puts(b, "\":");
}

static void ku64(struct strbuf *b, const char *k, uint64_t v, bool comma)
{
	key(b, k);
	sb_json_u64(b, v);
	if (comma)
		sb_putc(b, ',');
}

static void knum(struct strbuf *b, const char *k, double v, int dec, bool comma)
{
	key(b, k);
	sb_json_num(b, v, dec);
	if (comma)
		sb_putc(b, ',');
}

static void write_cgroup(struct strbuf *b, const struct snapshot *s, const struct snap_cgroup *c)
{
	sb_putc(b, '{');
	key(b, "path");
	sb_json_cstr(b, c->path);
	sb_printf(b, ",\"version\":%d,", (int)c->version);
	/* when its figures were read, on the clock of "t": after the process
	 * scan, half a second later on a busy machine; to the microsecond,
	 * since the forecast's times are these (a rule a second apart at -d 1
	 * is decided by a millisecond) */
	knum(b, "read_t", s->t + (c->mono > 0 && s->mono > 0 ? c->mono - s->mono : 0), 6, true);
	ku64(b, "limit", c->limit, true);
	key(b, "limited");
	sb_puts(b, c->limited < 0 ? "null," : c->limited ? "true," : "false,");
	ku64(b, "effective_limit", c->effective_limit, true);
	ku64(b, "usage", c->usage, true);
	ku64(b, "swap_limit", c->swap_limit, true);
	ku64(b, "anon", c->anon, true);
	ku64(b, "file", c->file, true);
	ku64(b, "shmem", c->shmem, true);
	ku64(b, "kernel", c->kernel, true);
	ku64(b, "oom_kills", c->oom_kills, true);
	ku64(b, "refaults", c->refaults, true);
	ku64(b, "faults", c->faults, true);
	ku64(b, "majfaults", c->majfaults, true);
	ku64(b, "limit_hits", c->limit_hits, false);
	sb_putc(b, '}');
}

/* The name, or NULL where it is not known (a GPU user whose /proc could
 * not be read: its status, which gives name and parent, was not read).
 * "" is a name a process can give itself (prctl(PR_SET_NAME, "")). */
static const char *proc_comm(const struct snap_proc *p)
{
	return p->comm[0] || p->ppid >= 0 ? p->comm : NULL;
}

static void write_proc(struct strbuf *b, const struct snapshot *s, const struct snap_proc *p)
{
	sb_printf(b, "{\"pid\":%d,", (int)p->pid);
	key(b, "ppid");
	sb_json_int(b, p->ppid >= 0 ? p->ppid : SNAP_NA_INT);
	sb_putc(b, ',');
	key(b, "user");
	sb_json_cstr(b, snapshot_string(s, p->user));
	sb_putc(b, ',');
	key(b, "comm");
	sb_json_cstr(b, proc_comm(p));
	sb_putc(b, ',');
	key(b, "cmdline");
	sb_json_cstr(b, snapshot_string(s, p->cmdline));
	sb_putc(b, ',');
	ku64(b, "rss", p->rss, true);
	ku64(b, "anon", p->anon, true);
	ku64(b, "file", p->file, true);
	ku64(b, "shmem", p->shmem, true);
	ku64(b, "swap", p->swap, true);
	ku64(b, "gpu", p->gpu, true);
	key(b, "model");
	sb_json_cstr(b, snapshot_string(s, p->model));
	sb_putc(b, ',');
	key(b, "runtime");   /* what its maps or title show: a constant name */
	sb_json_cstr(b, p->runtime != RT_UNKNOWN ? advice_runtime_name(p->runtime) : NULL);
	sb_putc(b, ',');
	ku64(b, "model_size", p->model_size, true);
	ku64(b, "model_kv_per_token", p->model_kv_per_token, true);
	ku64(b, "ctx", p->ctx, true);
	key(b, "oom_score");
	sb_json_int(b, p->oom_score);
	sb_putc(b, ',');
	key(b, "oom_score_adj");
	sb_json_int(b, p->oom_score_adj);
	sb_putc(b, ',');
	key(b, "cgroup");
	sb_json_cstr(b, p->cgroup >= 0 ? s->cgroups[p->cgroup].path : NULL);
	sb_putc(b, ',');
	knum(b, "growth", p->growth, 0, true);
	knum(b, "age_s", snap_proc_age(s, p), 1, false);
	sb_putc(b, '}');
}

static void kpid(struct strbuf *b, const char *k, pid_t pid, bool comma)
{
	key(b, k);
	if (pid > 0)
		sb_printf(b, "%d", (int)pid);
	else
		sb_puts(b, "null");
	if (comma)
		sb_putc(b, ',');
}

/* A load's split between RAM and GPUs (loads.h); null without -ngl. */
static void write_gpu_split(struct strbuf *b, const struct snapshot *s, const struct load *l)
{
	key(b, "gpu_split");
	if (l->gpu_layers <= 0) {
		sb_puts(b, "null,");
		return;
	}
	const struct fp_split *sp = &l->split;
	bool k = l->split_known;
	sb_printf(b, "{\"gpu_layers\":%lld,\"gpu_layers_auto\":%s,\"kv_offload\":%s,",
		  (long long)l->gpu_layers, l->gpu_auto ? "true" : "false",
		  snap_proc_load(s, &s->procs[l->proc])->no_kv_offload ? "false" : "true");
	ku64(b, "layers_on_gpu", k ? sp->layers_on_gpu : SNAP_NA, true);
	ku64(b, "ram_bytes", k ? sp->ram_total : SNAP_NA, true);
	ku64(b, "ram_weights", k ? sp->ram_weights : SNAP_NA, true);
	ku64(b, "ram_kv", k ? sp->ram_kv : SNAP_NA, true);
	ku64(b, "ram_compute", k ? sp->ram_compute : SNAP_NA, true);
	ku64(b, "ram_room", k ? l->ram_room : SNAP_NA, true);
	key(b, "ram_verdict");
	sb_json_cstr(b, k ? load_verdict_name(l->ram_verdict) : NULL);
	sb_puts(b, ",\"gpus\":[");
	for (size_t i = 0; k && i < l->ngpus; i++) {
		const struct snap_gpu *g = &s->gpus[l->gpu_idx[i]];
		char gn[40];
		room_gpu_name(g, gn, sizeof gn);
		sb_printf(b, "%s{\"resource\":\"%s\",\"index\":%d,\"name\":", i ? "," : "", gn, g->index);
		sb_json_cstr(b, g->name);
		sb_printf(b, ",\"layers\":%llu,\"output\":%s,", (unsigned long long)sp->dev[i].layers,
			  sp->dev[i].output ? "true" : "false");
		ku64(b, "weights", sp->dev[i].weights, true);
		ku64(b, "kv_bytes", sp->dev[i].kv, true);
		ku64(b, "compute_bytes", sp->dev[i].compute, true);
		ku64(b, "bytes", sp->dev[i].total, true);
		ku64(b, "room", l->gpu_room[i], true);
		key(b, "verdict");
		sb_json_cstr(b, load_verdict_name(l->gpu_verdict[i]));
		sb_putc(b, '}');
	}
	sb_puts(b, "]},");
}

/* The model loads in view, with their footprints and verdicts. */
static void write_loads(struct strbuf *b, const struct snapshot *s, const struct loads *ld)
{
	key(b, "loads");
	sb_putc(b, '[');
	for (size_t i = 0; ld && i < ld->n; i++) {
		const struct load *l = &ld->v[i];
		const struct snap_proc *p = &s->procs[l->proc];
		const struct snap_model *m = &s->models[l->model];
		if (i)
			sb_putc(b, ',');
		sb_printf(b, "{\"pid\":%d,\"runtime\":", (int)l->pid);
		sb_json_cstr(b, l->runtime != RT_UNKNOWN ? advice_runtime_name(l->runtime) : NULL);
		sb_puts(b, ",\"comm\":");
		sb_json_cstr(b, proc_comm(p));
		sb_puts(b, ",\"model\":");
		sb_json_cstr(b, m->info_known && m->info.name[0] ? m->info.name : NULL);
		sb_puts(b, ",\"path\":");
		sb_json_cstr(b, snapshot_string(s, m->path));
		sb_puts(b, ",\"format\":\"gguf\",");
		ku64(b, "file_bytes", m->file_size, true);
		bool k = l->fp_known;
		ku64(b, "weights", k ? l->fp.weights : SNAP_NA, true);
		sb_printf(b, "\"weights_mapped\":%s,\"cpu\":\"%s\",\"copies_off\":", l->opts.mmap ? "true" : "false",
			  cpu_kind_name(l->opts.cpu));
		sb_json_cstr(b, fp_copies_off_name(l->opts.copies_off));
		sb_putc(b, ',');
		ku64(b, "weights_added", k ? l->fp.added : SNAP_NA, true);
		ku64(b, "kv_bytes", k ? l->fp.kv : SNAP_NA, true);
		sb_printf(b, "\"kv_type\":\"%s\",\"kv_type_v\":\"%s\",\"ctx\":%llu,\"ctx_assumed\":%s,"
			  "\"flash_attn\":%s,", kv_type_name(l->opts.kv), kv_type_name(l->opts.kv_v),
			  (unsigned long long)l->opts.ctx,
			  l->ctx_assumed ? "true" : "false", l->opts.flash_attn ? "true" : "false");
		ku64(b, "compute_bytes", k ? l->fp.compute : SNAP_NA, true);
		ku64(b, "overhead_bytes", k ? l->fp.overhead : SNAP_NA, true);
		ku64(b, "expected_total", k ? l->fp.total : SNAP_NA, true);
		ku64(b, "loaded", l->loaded, true);
		write_gpu_split(b, s, l);
		/* an offloaded load with no GPU room: no context figure */
		bool ctx_k = k && (l->gpu_layers <= 0 || l->ngpus);
		key(b, "scope");
		sb_json_cstr(b, l->scope[0] ? l->scope : NULL);
		sb_putc(b, ',');
		ku64(b, "room", l->scope[0] ? l->room : SNAP_NA, true);
		key(b, "verdict");
		sb_json_cstr(b, l->verdict == LV_UNKNOWN ? NULL : load_verdict_name(l->verdict));
		sb_putc(b, ',');
		ku64(b, "missing", l->verdict == LV_WONT_FIT ? l->missing : (l->verdict ? 0 : SNAP_NA), true);
		ku64(b, "max_ctx", l->scope[0] && ctx_k ? l->max_ctx : SNAP_NA, true);
		ku64(b, "max_ctx_q8_0", l->scope[0] && ctx_k ? l->max_ctx_q8 : SNAP_NA, true);
		key(b, "fit_quant");
		sb_json_cstr(b, l->fit_quant >= 0 ? quantmix_name((enum quant_mix)l->fit_quant) : NULL);
		/* llama-server's prompt cache: its bound (-1 none), the -cram
		 * that keeps it in the room where it would not fit */
		sb_putc(b, ',');
		if (l->prompt_cache == UINT64_MAX)
			sb_puts(b, "\"prompt_cache_max\":-1,");
		else
			ku64(b, "prompt_cache_max", l->prompt_cache ? l->prompt_cache : SNAP_NA, true);
		ku64(b, "cache_ram_fits", l->cache_short ? l->cram_fits : SNAP_NA, false);
		sb_putc(b, '}');
	}
	sb_puts(b, "],");
}

/* This sample's events, each reported once. */
static void write_events(struct strbuf *b, const struct evlog *ev, const struct advice *adv)
{
	size_t n = 0;
	if (ev)
		evlog_fresh(ev, 0, &n);
	key(b, "events");
	sb_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		const struct event *e = evlog_fresh(ev, i, &n);
		if (i)
			sb_putc(b, ',');
		sb_putc(b, '{');
		knum(b, "t", e->t, 3, true);
		sb_printf(b, "\"type\":\"%s\",", event_type_name(e->type));
		kpid(b, "pid", e->pid, true);
		key(b, "comm");
		sb_json_cstr(b, e->comm[0] ? e->comm : NULL);
		sb_putc(b, ',');
		ku64(b, "rss", e->rss, true);
		key(b, "scope");   /* null: the scope cannot be known */
		sb_json_cstr(b, e->scope[0] ? e->scope : NULL);
		sb_printf(b, ",\"source\":\"%s\",", event_source_name(e->source));
		if (e->type == EV_OOM_KILL)
			sb_printf(b, "\"constraint\":\"%s\",", oomreport_constraint_name(e->constraint));
		key(b, "kb");
		sb_json_cstr(b, adv ? advice_event_kb(adv, i) : NULL);
		if (e->type == EV_LOG_ERROR) {
			sb_puts(b, ",\"line\":");
			sb_json_cstr(b, e->line);
		}
		sb_putc(b, '}');
	}
	sb_puts(b, "],");
}

static void write_forecast(struct strbuf *b, const struct snapshot *s, const struct forecast *fc,
                           const struct advice *adv)
{
	size_t n;
	const struct fc_item *it = forecast_items(fc, &n);
	key(b, "forecast");
	sb_putc(b, '[');
	for (size_t i = 0; i < n; i++, it++) {
		if (i)
			sb_putc(b, ',');
		sb_putc(b, '{');
		key(b, "resource");
		sb_json_cstr(b, it->resource);
		sb_putc(b, ',');
		ku64(b, "headroom", it->headroom, true);
		ku64(b, "capacity", it->capacity, true);
		knum(b, "rate", it->rate, 0, true);
		knum(b, "eta_s", it->eta, 1, true);
		knum(b, "eta_low_s", it->eta_low, 1, true);
		knum(b, "eta_high_s", it->eta_high, 1, true);
		sb_printf(b, "\"level\":\"%s\",\"thrashing\":%s,\"stalled\":%s,\"starting\":%s,",
			  fc_level_name(it->level), it->thrashing ? "true" : "false",
			  it->stalled ? "true" : "false", it->starting ? "true" : "false");
		kpid(b, "load_pid", it->load, true);
		knum(b, "reread_rate", it->reread_rate, 0, true);
		kpid(b, "driver_pid", it->driver, true);
		sb_printf(b, "\"driver_group\":%s,", it->driver_group ? "true" : "false");
		knum(b, "driver_share", it->driver ? it->driver_share : NAN, 2, true);
		kpid(b, "victim_pid", it->victim, true);
		key(b, "kb");
		sb_json_cstr(b, adv ? advice_item_kb(adv, i) : NULL);
		sb_putc(b, '}');
	}
	sb_puts(b, "],");
	(void)s;
}

/* The one piece of advice the dashboard's banner shows. */
static void write_advice(struct strbuf *b, const struct advice *adv)
{
	const struct advice_banner *ab = adv ? advice_banner(adv) : NULL;
	key(b, "advice");
	if (!ab || !ab->active) {
		sb_puts(b, "null,");
	} else {
		sb_puts(b, "{\"kb\":");
		sb_json_cstr(b, ab->id);
		sb_printf(b, ",\"level\":\"%s\",\"what\":", fc_level_name(ab->level));
		sb_json_cstr(b, ab->what);
		sb_puts(b, ",\"situation\":");
		sb_json_cstr(b, ab->situation[0] ? ab->situation : NULL);
		sb_puts(b, ",\"title\":");
		sb_json_cstr(b, ab->title);
		sb_puts(b, ",\"now\":");
		sb_json_cstr(b, ab->now[0] ? ab->now : NULL);
		sb_puts(b, ",\"fix\":");
		sb_json_cstr(b, ab->step);
		sb_puts(b, ",\"steps\":[");
		for (size_t i = 0; i < ab->nsteps; i++) {
			if (i)
				sb_putc(b, ',');
			sb_json_cstr(b, ab->steps[i]);
		}
		sb_puts(b, "]},");
	}
}

void json_write_sample(struct strbuf *b, const struct snapshot *s, const struct rows *rows,
                       const struct forecast *fc, const struct evlog *ev,
                       const struct loads *ld, const struct advice *adv)
{
	sb_printf(b, "{\"schema\":%d,", JSON_SCHEMA);
	knum(b, "t", s->t, 3, true);

	key(b, "mem");
	sb_putc(b, '{');
	ku64(b, "total", s->mem.total, true);
	ku64(b, "free", s->mem.free, true);
	ku64(b, "available", s->mem.available, true);
	ku64(b, "cached", s->mem.cached, true);
	ku64(b, "buffers", s->mem.buffers, true);
	ku64(b, "shmem", s->mem.shmem, true);
	ku64(b, "anon", s->mem.anon, true);
	ku64(b, "mlocked", s->mem.mlocked, true);
	ku64(b, "dirty", s->mem.dirty, false);
	sb_puts(b, "},");

	key(b, "swap");
	sb_putc(b, '{');
	ku64(b, "total", s->swap.total, true);
	ku64(b, "free", s->swap.free, true);
	ku64(b, "cached", s->swap.cached, false);
	sb_puts(b, "},");

	const struct snap_psi *ps = &s->psi;
	double na = NAN;
	key(b, "psi");
	sb_putc(b, '{');
	knum(b, "some_avg10", ps->present ? ps->some_avg10 : na, 2, true);
	knum(b, "some_avg60", ps->present ? ps->some_avg60 : na, 2, true);
	knum(b, "full_avg10", ps->present ? ps->full_avg10 : na, 2, true);
	knum(b, "full_avg60", ps->present ? ps->full_avg60 : na, 2, true);
	knum(b, "some_total", ps->present ? ps->some_total_s : na, 6, true);
	knum(b, "full_total", ps->present ? ps->full_total_s : na, 6, false);
	sb_puts(b, "},");

	key(b, "vm");
	sb_putc(b, '{');
	ku64(b, "oom_kills", s->vm.oom_kills, true);
	ku64(b, "pgmajfault", s->vm.pgmajfault, true);
	ku64(b, "pswpin", s->vm.pswpin, true);
	ku64(b, "pswpout", s->vm.pswpout, false);
	sb_puts(b, "},");

	key(b, "gpus");
	sb_putc(b, '[');
	for (size_t i = 0; i < s->ngpus; i++) {
		const struct snap_gpu *g = &s->gpus[i];
		if (i)
			sb_putc(b, ',');
		sb_printf(b, "{\"index\":%d,", g->index);
		key(b, "name");
		sb_json_cstr(b, g->name);
		sb_putc(b, ',');
		key(b, "vendor");
		sb_json_cstr(b, g->vendor[0] ? g->vendor : NULL);
		sb_putc(b, ',');
		ku64(b, "total", g->total, true);
		ku64(b, "used", g->used, true);
		ku64(b, "free", g->free, true);
		ku64(b, "reserved", g->reserved, true);
		ku64(b, "gtt_total", g->gtt_total, true);
		ku64(b, "gtt_used", g->gtt_used, true);
		ku64(b, "procs_used", g->procs_known ? g->procs_used : SNAP_NA, true);
		if (g->mig >= 0)
			sb_printf(b, "\"mig\":%d,", g->mig);
		else
			sb_puts(b, "\"mig\":null,");
		sb_printf(b, "\"mig_parent\":%s,\"lost\":%s,\"unified\":%s}",
			  g->mig_parent ? "true" : "false", g->lost ? "true" : "false",
			  g->unified ? "true" : "false");
	}
	sb_puts(b, "],");
	key(b, "gpu_procs");
	sb_putc(b, '[');
	for (size_t i = 0; i < s->ngpu_procs; i++) {
		const struct snap_gpu_proc *u = &s->gpu_procs[i];
		sb_printf(b, "%s{\"pid\":%d,\"gpu\":%d,", i ? "," : "", (int)u->pid,
			  s->gpus[u->gpu].index);
		ku64(b, "used", u->used, false);
		sb_putc(b, '}');
	}
	sb_puts(b, "],");
	key(b, "gpu_note");
	sb_json_cstr(b, s->gpu_note[0] ? s->gpu_note : NULL);
	sb_putc(b, ',');

	key(b, "self_cgroup");
	sb_json_cstr(b, s->self_cgroup >= 0 ? s->cgroups[s->self_cgroup].path : NULL);
	sb_putc(b, ',');

	key(b, "cgroups");
	sb_putc(b, '[');
	for (size_t i = 0; i < s->ncgroups; i++) {
		if (i)
			sb_putc(b, ',');
		write_cgroup(b, s, &s->cgroups[i]);
	}
	sb_puts(b, "],");

	if (fc) {
		write_forecast(b, s, fc, adv);
		write_events(b, ev, adv);
		write_loads(b, s, ld);
		write_advice(b, adv);
	}
	/* oomcast's own protection: whether it can be the OOM killer's pick */
	key(b, "self");
	if (!s->self.known) {
		sb_puts(b, "null,");
	} else {
		sb_printf(b, "{\"oom_score_adj\":");
		if (snap_known_int(s->self.adj))
			sb_printf(b, "%d", (int)s->self.adj);
		else
			sb_puts(b, "null");
		sb_printf(b, ",\"protected\":%s,\"mlocked\":%s},", s->self.lowered ? "true" : "false",
			  s->self.locked ? "true" : "false");
	}
	sb_printf(b, "\"nprocs\":%zu,", s->nprocs);
	key(b, "procs");
	sb_putc(b, '[');
	for (size_t i = 0; i < rows->n; i++) {
		if (i)
			sb_putc(b, ',');
		write_proc(b, s, &s->procs[rows->idx[i]]);
	}
	sb_puts(b, "]}\n");
}
