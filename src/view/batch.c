/* batch.c - text snapshots in the spirit of top -b: a summary block, then
 * one line per process. Human units; "-" where a value is unknown. */
#include "view/batch.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "analysis/room.h"
#include "util/escape.h"
#include "util/fmt.h"

/* Names, command lines, paths and log lines are untrusted bytes: a process
 * may name itself with an escape sequence that retitles or rewrites the
 * reader's terminal. Every such string goes out through here. */
static void put_esc(struct strbuf *b, const char *s)
{
	escape_sb_cstr(b, s);
}

#define B(v) fmt_bytes((v), (char[16]){0}, 16)

static void summary(struct strbuf *b, const struct snapshot *s, unsigned long n)
{
	char when[32];
	time_t tt = (time_t)s->t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	sb_printf(b, "oomcast - %s  sample %lu\n", when, n);
	uint64_t cache = snap_known(s->mem.cached) && snap_known(s->mem.buffers)
		? s->mem.cached + s->mem.buffers : SNAP_NA;
	sb_printf(b, "Mem:  %s total, %s available, %s free, %s anon, %s cache+buffers, %s shmem\n",
		  B(s->mem.total), B(s->mem.available), B(s->mem.free), B(s->mem.anon), B(cache),
		  B(s->mem.shmem));
	sb_printf(b, "Swap: %s total, %s free\n", B(s->swap.total), B(s->swap.free));
	if (s->psi.present)
		sb_printf(b, "PSI:  some %.2f%% full %.2f%% (avg10)", s->psi.some_avg10,
			  s->psi.full_avg10);
	else
		sb_puts(b, "PSI:  -");
	if (snap_known(s->vm.oom_kills))
		sb_printf(b, "   OOM kills since boot: %llu\n", (unsigned long long)s->vm.oom_kills);
	else
		sb_puts(b, "   OOM kills since boot: -\n");
	for (size_t i = 0; i < s->ncgroups; i++) {
		const struct snap_cgroup *c = &s->cgroups[i];
		char kills[24] = "-";
		if (snap_known(c->oom_kills))
			snprintf(kills, sizeof kills, "%llu", (unsigned long long)c->oom_kills);
		sb_printf(b, "Cgroup v%d ", (int)c->version);
		put_esc(b, c->path);
		sb_printf(b, ": limit %s, usage %s, oom kills %s%s\n",
			  c->limited == 0 ? "none" : B(c->limit), B(c->usage), kills,
			  (int)i == s->self_cgroup ? " (oomcast)" : "");
	}
	for (size_t i = 0; i < s->ngpus; i++) {
		const struct snap_gpu *g = &s->gpus[i];
		char mig[16] = "";
		if (g->mig >= 0)
			snprintf(mig, sizeof mig, " MIG %d", g->mig);
		sb_printf(b, "GPU %d%s ", g->index, mig);
		put_esc(b, g->name);   /* from the driver: a card's name is not ours either */
		sb_printf(b, " (%s): ", g->vendor);
		if (g->lost)
			sb_puts(b, "not answering (lost)\n");
		else if (g->unified)
			sb_printf(b, "no memory of its own (shares system RAM), processes hold %s\n",
				  B(g->procs_known ? g->procs_used : SNAP_NA));
		else
			sb_printf(b, "%s total, %s used, %s free%s\n", B(g->total), B(g->used),
				  B(g->free), g->mig_parent ? ", split into MIG instances" : "");
	}
	if (s->gpu_note[0]) {
		sb_puts(b, "GPU:  ");
		put_esc(b, s->gpu_note);
		sb_putc(b, '\n');
	}
	sb_printf(b, "Processes: %zu\n", s->nprocs);
}

static void forecast(struct strbuf *b, const struct snapshot *s, const struct forecast *fc)
{
	size_t n;
	const struct fc_item *it = forecast_items(fc, &n);
	for (size_t i = 0; i < n; i++, it++) {
		char rate[24], eta[64];
		if (isfinite(it->eta))
			snprintf(eta, sizeof eta, "ETA %.0fs (%.0f-%s)", it->eta, it->eta_low,
				 isfinite(it->eta_high) ? (char[24]){0} : "?");
		else
			snprintf(eta, sizeof eta, "no ETA");
		if (isfinite(it->eta) && isfinite(it->eta_high)) {
			size_t l = strlen(eta);
			snprintf(eta + l - 1, sizeof eta - l + 1, "%.0fs)", it->eta_high);
		}
		/* "cgroup:PATH": the path is the system's */
		size_t at = b->len;
		sb_puts(b, "Forecast ");
		put_esc(b, it->resource);
		for (size_t w = b->len - at; w < 19; w++)
			sb_putc(b, ' ');
		sb_printf(b, " headroom %s, eaten %s, %s, %s%s", B(it->headroom),
			  fmt_rate(it->rate, rate, sizeof rate), eta, fc_level_name(it->level),
			  it->thrashing ? " (thrashing)" : "");
		if (fc_held_starting(it))
			sb_puts(b, " (young processes: starting)");
		if (it->stalled)
			sb_printf(b, " (stalled at its limit, re-reading %s)",
				  fmt_rate(it->reread_rate, (char[24]){0}, 24));
		if (it->driver) {
			sb_printf(b, ", driver %s%d ", it->driver_group ? "group " : "", (int)it->driver);
			put_esc(b, it->driver_group ? snapshot_group_comm(s, it->driver)
			                            : snapshot_comm(s, it->driver));
			sb_printf(b, " %.0f%%", it->driver_share * 100);
		}
		if (it->victim) {
			sb_printf(b, ", victim %d ", (int)it->victim);
			put_esc(b, snapshot_comm(s, it->victim));
		}
		sb_putc(b, '\n');
	}
}

/* This sample's events, each once, as event_describe() words them. */
static void events(struct strbuf *b, const struct evlog *ev)
{
	size_t n;
	evlog_fresh(ev, 0, &n);
	for (size_t i = 0; i < n; i++) {
		char line[EV_SCOPE_MAX + EV_LINE_MAX + 160];
		event_describe(evlog_fresh(ev, i, &n), line, sizeof line);
		sb_puts(b, "Event    ");
		put_esc(b, line);
		sb_putc(b, '\n');
	}
}

/* The banner's text: the entry for the worst situation and its first step. */
static void advice_line(struct strbuf *b, const struct advice *adv)
{
	const struct advice_banner *ab = advice_banner(adv);
	if (!ab->active)
		return;
	/* what (a cgroup's name) and the step (with the driver's comm and the
	 * model's path filled in) carry the system's text */
	sb_printf(b, "Advice   %s ", fc_level_name(ab->level));
	put_esc(b, ab->what);
	sb_printf(b, "%s%s%s: [%s] %s\n", ab->situation[0] ? " (" : "", ab->situation,
		  ab->situation[0] ? ")" : "", ab->id, ab->title);
	if (ab->step[0]) {
		sb_puts(b, "         Fix: ");
		put_esc(b, ab->step);
		sb_printf(b, "\n         (oomcast kb %s shows the whole entry)\n", ab->id);
	}
}

/* One line a model load: its runtime when known (as loads[] in the JSON
 * names it), what it will take, how much is in, the verdict. */
static void loads_lines(struct strbuf *b, const struct snapshot *s, const struct loads *ld)
{
	for (size_t i = 0; i < ld->n; i++) {
		const struct load *l = &ld->v[i];
		const struct snap_model *m = &s->models[l->model];
		sb_printf(b, "Load     pid %d ", (int)l->pid);
		put_esc(b, s->procs[l->proc].comm);
		if (l->runtime != RT_UNKNOWN)
			sb_printf(b, " (%s)", advice_runtime_name(l->runtime));
		sb_puts(b, ": ");
		const char *path = snapshot_string(s, m->path), *base = path ? strrchr(path, '/') : NULL;
		put_esc(b, base ? base + 1 : path ? path : "?");
		if (!l->fp_known) {
			sb_printf(b, ", %s file, footprint unknown\n", B(m->file_size));
			continue;
		}
		char copies[48] = "";
		if (l->fp.added)
			snprintf(copies, sizeof copies, " + CPU copies %s", B(l->fp.added));
		sb_printf(b, ", ctx %llu%s, needs %s (weights %s%s%s, KV %s %s%s%s, compute %s, runtime %s), "
			  "%s in", (unsigned long long)l->opts.ctx, l->ctx_assumed ? " (assumed)" : "",
			  B(l->fp.total), B(l->fp.weights), l->opts.mmap ? " mapped" : "", copies, B(l->fp.kv),
			  kv_type_name(l->opts.kv), l->opts.kv_v != l->opts.kv ? "/" : "",
			  l->opts.kv_v != l->opts.kv ? kv_type_name(l->opts.kv_v) : "",
			  B(l->fp.compute), B(l->fp.overhead), B(l->loaded));
		if (l->scope[0]) {
			sb_printf(b, "; room %s in ", B(l->room));
			put_esc(b, l->scope);
			sb_printf(b, ": %s", load_verdict_name(l->verdict));
			if (l->verdict == LV_WONT_FIT && l->gpu_layers > 0 && !l->ngpus)
				sb_printf(b, ", %s missing", B(l->missing));
			else if (l->verdict == LV_WONT_FIT)
			{
				sb_printf(b, ", %s missing", B(l->missing));
				if (l->max_ctx || l->max_ctx_q8)
					sb_printf(b, ", -c %llu fits (-fa on -ctk q8_0 -ctv q8_0: %llu)",
						  (unsigned long long)l->max_ctx, (unsigned long long)l->max_ctx_q8);
				else
					sb_printf(b, ", no context fits");
				if (l->fit_quant >= 0)
					sb_printf(b, ", a %s file fits (%s)",
						  quantmix_name((enum quant_mix)l->fit_quant), B(l->fit_quant_total));
			} else if (l->cache_short) {
				sb_printf(b, ", but its prompt cache may grow by up to %s: -cram %llu fits",
					  l->prompt_cache == UINT64_MAX ? "any size" : B(l->prompt_cache),
					  (unsigned long long)l->cram_fits);
			}
		}
		char ngl[48];
		snprintf(ngl, sizeof ngl, l->gpu_auto ? "-ngl auto: %lld" : "-ngl %lld",
			 (long long)l->gpu_layers);
		if (l->gpu_layers > 0 && !l->split_known)
			sb_printf(b, " (%s: split unknown, not judged)", ngl);
		else if (l->gpu_layers > 0) {
			sb_printf(b, " (%s: RAM part %s %s", ngl, B(l->split.ram_total),
				  load_verdict_name(l->ram_verdict));
			for (size_t k = 0; k < l->ngpus; k++) {
				char gn[40];
				room_gpu_name(&s->gpus[l->gpu_idx[k]], gn, sizeof gn);
				sb_printf(b, ", %s part %s of %s: %s", gn, B(l->split.dev[k].total),
					  B(l->gpu_room[k]), load_verdict_name(l->gpu_verdict[k]));
			}
			if (!l->ngpus)
				sb_puts(b, ", no GPU room known: GPU part not judged");
			sb_putc(b, ')');
		}
		sb_putc(b, '\n');
	}
}

void batch_write_sample(struct strbuf *b, const struct snapshot *s, const struct rows *rows,
                        const struct forecast *fc, const struct evlog *ev,
                        const struct loads *ld, const struct advice *adv, unsigned long n)
{
	summary(b, s, n);
	if (fc)
		forecast(b, s, fc);
	if (ev)
		events(b, ev);
	if (ld)
		loads_lines(b, s, ld);
	if (adv)
		advice_line(b, adv);
	sb_putc(b, '\n');
	sb_printf(b, "%7s %-10s %7s %7s %7s %7s %7s %7s %9s %5s %s\n", "PID", "USER", "RSS", "ANON",
		  "FILE", "SHM", "SWAP", "GPU", "GROWTH", "OOM", "COMMAND");
	for (size_t i = 0; i < rows->n; i++) {
		const struct snap_proc *p = &s->procs[rows->idx[i]];
		char oom[12], rate[24];
		const char *cmd = snapshot_string(s, p->cmdline);
		if (snap_known_int(p->oom_score))
			snprintf(oom, sizeof oom, "%d", (int)p->oom_score);
		else
			snprintf(oom, sizeof oom, "-");
		const char *user = snapshot_string(s, p->user);
		/* ten bytes at most, cut before a whole character or escape (a
		 * printf precision would cut inside one) */
		char ubuf[11];
		escape_copy(ubuf, sizeof ubuf, user ? user : "-");
		sb_printf(b, "%7d %-10s %7s %7s %7s %7s %7s %7s %9s %5s ", (int)p->pid,
			  ubuf, B(p->rss), B(p->anon), B(p->file), B(p->shmem),
			  B(p->swap), B(p->gpu), fmt_rate(p->growth, rate, sizeof rate), oom);
		put_esc(b, cmd ? cmd : p->comm);
		sb_putc(b, '\n');
	}
	sb_putc(b, '\n');
}
