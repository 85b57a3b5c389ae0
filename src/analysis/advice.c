/* advice.c - entries for situations, and the dashboard's banner; see
 * advice.h. */
#include "analysis/advice.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#include "analysis/loads.h"
#include "analysis/pace.h"
#include "kb/asksize.h"
#include "kb/kb.h"
#include "kb/match.h"
#include "util/escape.h"
#include "util/fmt.h"
#include "util/xalloc.h"

/* an OOM kill or a logged error keeps the banner this long */
#define STICKY_S 120.0

struct advice {
	struct kb *kb;                 /* loaded once by main; NULL: none */
	bool kb_compiled;
	char kb_warning[200];
	const struct loads *loads;     /* this sample's, during advice_update */
	const char **item_kb;          /* per forecast item, per new event */
	size_t item_cap, nitem_kb;
	const char **event_kb;
	size_t event_cap, nevent_kb;
	struct advice_banner banner;
	struct advice_banner recent;   /* the last kill or logged error */
	double recent_t;
	/* the figures last computed for a load that would not fit (or whose
	 * prompt cache would not), kept for the banner of its kill: the load
	 * is gone by then, its fix is not */
	struct {
		pid_t pid;
		char limit[24], limit_k8s[24], ctx[24], cram[24];
	} last_wont;
	double scanned;                /* the sample whose log lines were scanned */
};

const char *advice_runtime_name(enum runtime r)
{
	static const char *const n[] = {"unknown", "ollama", "llama.cpp", "vllm", "sglang", "pytorch"};
	return r <= RT_PYTORCH ? n[r] : "unknown";
}

static bool has(const char *s, const char *needle)
{
	return s && strstr(s, needle);
}

enum runtime advice_runtime(const char *comm, const char *cmdline)
{
	/* ollama runs its llama.cpp server on the blobs in its model store */
	if (has(comm, "ollama") || has(cmdline, "/.ollama/") || has(cmdline, "ollama runner") ||
	    has(cmdline, "/ollama/models/"))
		return RT_OLLAMA;
	if (has(comm, "VLLM::") || has(cmdline, "vllm"))
		return RT_VLLM;
	if (has(comm, "sglang") || has(cmdline, "sglang"))
		return RT_SGLANG;
	if (has(comm, "llama-") || has(comm, "llama_") || has(cmdline, "llama-server") ||
	    has(cmdline, "llama-cli") || has(cmdline, "llama_cpp"))
		return RT_LLAMACPP;
	if (has(cmdline, "torch") || has(cmdline, "transformers") || has(cmdline, "accelerate") ||
	    has(comm, "pt_main_thread"))
		return RT_PYTORCH;
	return RT_UNKNOWN;
}


void advice_model_fit(const char *path, uint64_t size, uint64_t kv_per_token, uint64_t ctx,
                      uint64_t room, char *out, size_t outlen)
{
	/* Only what is known for sure: the file against the room. How much
	 * context or which smaller file would fit takes the whole footprint
	 * (KV cache, compute buffer, runtime: footprint.h), which this process
	 * did not give (its header, or a GPU split); `oomcast fit` sizes it. A
	 * rule of thumb here was tried and was wrong (issue 11). */
	(void)path;
	(void)kv_per_token;
	(void)ctx;
	out[0] = '\0';
	if (!snap_known(size) || !snap_known(room) || size == 0)
		return;
	char sz[16], rm[16];
	fmt_bytes_iec(size, sz, sizeof sz);
	if (size <= room) {
		snprintf(out, outlen, "; the model file (%s) fits, its KV cache and buffers come on top: "
			 "`oomcast fit FILE` sizes them", sz);
		return;
	}
	fmt_bytes_iec(size - room, rm, sizeof rm);
	snprintf(out, outlen, "; the model file alone is %s, %s more than fits: a smaller "
		 "quantisation (`oomcast fit FILE` lists them) or more room", sz, rm);
}

const char *advice_choose(const struct advice_situation *s)
{
	/* the cause is known: the load fit, its prompt cache grew after it
	 * (a kill of that server, or its room running out) */
	if (s->prompt_cache)
		return "llama-server-prompt-cache";
	if (s->oom_kill)
		return s->scope_unknown ? "oom-kill-scope-unknown" : s->in_cgroup ? "cgroup-limit"
		       : s->node_bound ? "oom-numa-constraint" : "oom-killer";
	/* at its limit re-reading: file pages (a mapped model bigger than its
	 * room), else swapped memory coming back */
	if (s->stalled)
		return s->file_backed ? "mmap-larger-than-ram" : "swap-thrashing";
	if (s->thrashing || s->kind == FC_SWAP)
		return "swap-thrashing";
	switch (s->kind) {
	case FC_CGROUP:
		return "cgroup-limit";
	case FC_GPU:
		switch (s->runtime) {
		case RT_VLLM: return "vllm-kv-cache";
		case RT_SGLANG: return "sglang-memory";
		case RT_OLLAMA: return s->loading ? "gpu-partial-offload" : "kv-cache-long-context";
		case RT_LLAMACPP: return s->loading ? "gpu-oom" : "kv-cache-long-context";
		default: return "gpu-oom";
		}
	case FC_RAM:
	case FC_RAM_SWAP:
	default:
		/* weights mapped from the file: "available" lies, pages churn */
		if (s->file_backed && (s->runtime == RT_LLAMACPP || s->runtime == RT_OLLAMA ||
				       s->runtime == RT_UNKNOWN))
			return "mmap-larger-than-ram";
		switch (s->runtime) {
		case RT_OLLAMA: return s->loading ? "ollama-system-memory" : "kv-cache-long-context";
		case RT_LLAMACPP: return s->loading ? "oom-killer" : "kv-cache-long-context";
		case RT_VLLM: return "vllm-engine-dead";
		default: return "oom-killer";
		}
	}
}

struct advice *advice_new(struct kb *kb, const char *kb_warning)
{
	struct advice *a = xcalloc(1, sizeof *a);
	a->kb = kb;
	snprintf(a->kb_warning, sizeof a->kb_warning, "%s", kb_warning ? kb_warning : "");
	return a;
}

void advice_free(struct advice *a)
{
	if (!a)
		return;
	free(a->item_kb);
	free(a->event_kb);
	free(a);
}

const struct kb_entry *advice_entry(struct advice *a, const char *id)
{
	return id && a->kb ? kb_find(a->kb, id) : NULL;
}

const char *advice_kb_warning(const struct advice *a)
{
	return a->kb_warning;
}

static const struct snap_proc *proc_of(const struct snapshot *s, pid_t pid)
{
	return pid > 0 ? snapshot_find_proc((struct snapshot *)s, pid) : NULL;
}

enum runtime advice_proc_runtime(const struct snapshot *s, const struct snap_proc *p)
{
	if (!p)
		return RT_UNKNOWN;
	/* what the kernel showed the source first (llama.cpp mapped into node
	 * is llama.cpp, whatever the script is called), unless the name is
	 * more precise: ollama runs llama.cpp's libraries, vLLM and SGLang
	 * PyTorch's */
	enum runtime named = advice_runtime(p->comm, snapshot_string(s, p->cmdline));
	enum runtime r = p->runtime;
	if (r == RT_UNKNOWN || (r == RT_LLAMACPP && named == RT_OLLAMA) ||
	    (r == RT_PYTORCH && named != RT_UNKNOWN))
		r = named;
	/* a llama.cpp server started by ollama */
	if (r == RT_LLAMACPP && p->ppid > 0) {
		const struct snap_proc *pp = proc_of(s, p->ppid);
		if (pp && advice_runtime(pp->comm, NULL) == RT_OLLAMA)
			r = RT_OLLAMA;
	}
	return r;
}

/* The item's driver is a loaded llama-server whose prompt cache eats what
 * is left (load_cache_grows): in RAM, not on a GPU. */
static bool cache_eats(const struct fc_item *it, const struct load *ld)
{
	return ld && it->kind != FC_GPU && load_cache_grows(ld);
}

/* Loading or growing: the driver's own pace (pace.h), from its known load,
 * else its rate against what it holds; a group's, from the resource's rate
 * against the room. */
static bool loading_of(const struct fc_item *it, const struct snap_proc *d, const struct loads *loads)
{
	struct pace_in in = {.rate = it->rate, .held = SNAP_NA, .room = it->headroom};
	if (d && !it->driver_group && d->pid == it->driver) {
		if (isfinite(d->growth))
			in.rate = d->growth;
		if (snap_known(d->rss))
			in.held = d->rss + (snap_known(d->swap) ? d->swap : 0);
		const struct load *ld = loads ? loads_find(loads, d->pid) : NULL;
		if (ld && ld->fp_known) {
			in.load_known = true;
			/* the weights and the CPU backend's copies of them
			 * come in while it loads */
			uint64_t w = ld->fp.weights + ld->fp.added;
			in.load_left = ld->loaded < w ? w - ld->loaded : 0;
		}
	}
	return pace_judge(&in) == PACE_LOADING;
}

static void situation_of_item(const struct snapshot *s, const struct fc_item *it,
                              const struct loads *loads, struct advice_situation *sit)
{
	memset(sit, 0, sizeof *sit);
	sit->kind = it->kind;
	sit->level = it->level;
	sit->thrashing = it->thrashing;
	sit->stalled = it->stalled;
	const struct snap_proc *d = it->driver_group ? NULL : proc_of(s, it->driver);
	/* the cache only when it is what eats: the driver's (the banner's
	 * figures are its load's too) */
	const struct load *ld = d && loads ? loads_find(loads, d->pid) : NULL;
	sit->prompt_cache = cache_eats(it, ld);
	if (!d)
		d = proc_of(s, it->victim);
	sit->runtime = advice_proc_runtime(s, d);
	sit->loading = loading_of(it, d, loads);
	sit->file_backed = d && it->kind != FC_GPU && snap_known(d->file) && snap_known(d->anon) &&
			   d->file > d->anon && d->file > 256 * 1048576ull;
	/* a stalled cgroup re-reads file pages (a mapped file) or anonymous
	 * ones (swap): its own counters say which */
	if (it->stalled && it->kind == FC_CGROUP && it->cgroup >= 0) {
		const struct snap_cgroup *c = &s->cgroups[it->cgroup];
		sit->file_backed = snap_known(c->refaults) &&
		                   (!snap_known(c->refaults_anon) || c->refaults_anon * 2 <= c->refaults);
	}
}

void advice_banner_vars(const struct advice_banner *b, struct kb_vars *v)
{
#define OR_NULL(f) (b->f[0] ? b->f : NULL)
#define OR_HINT(f) (b->f[0] ? b->f : b->f##_hint[0] ? b->f##_hint : NULL)
	*v = (struct kb_vars){OR_NULL(now), OR_NULL(driver), OR_HINT(limit), OR_HINT(limit_k8s),
			      OR_NULL(unit), OR_NULL(container), OR_NULL(ctx), OR_NULL(cram),
			      OR_NULL(cg_show), OR_NULL(cg_set)};
#undef OR_HINT
#undef OR_NULL
}

static bool hex_run(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* A container id in one path component: 64 hex digits, alone or between a
 * runtime's prefix and ".scope"; its first 12 into out. */
static bool container_of(const char *c, size_t n, char *out, size_t outlen)
{
	static const char *const pre[] = {"", "docker-", "cri-containerd-", "crio-", "libpod-"};
	for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++) {
		size_t pl = strlen(pre[i]);
		bool scope = n == pl + 64 + 6 && memcmp(c + pl + 64, ".scope", 6) == 0;
		if ((n == pl + 64 || scope) && memcmp(c, pre[i], pl) == 0 && hex_run(c + pl, 64)) {
			snprintf(out, outlen, "%.12s", c + pl);
			return true;
		}
	}
	return false;
}

void advice_scope_names(const char *path, char *unit, size_t unitlen, char *container,
                        size_t containerlen)
{
	unit[0] = container[0] = '\0';
	for (const char *p = path; p && *p;) {
		while (*p == '/')
			p++;
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		bool svc = n > 8 && memcmp(p + n - 8, ".service", 8) == 0;
		bool scope = n > 6 && memcmp(p + n - 6, ".scope", 6) == 0;
		/* the deepest unit wins; a name a shell would read otherwise is
		 * not offered as a command's argument */
		bool plain = true;
		for (size_t i = 0; i < n; i++)
			if (!(isalnum((unsigned char)p[i]) || strchr("-_.@:", p[i])))
				plain = false;
		if ((svc || scope) && plain && n < unitlen)
			snprintf(unit, unitlen, "%.*s", (int)n, p);
		container_of(p, n, container, containerlen);
		p += n;
	}
}

/* The commands that name cgroup c's own files (cgroup v1 and v2 name them
 * differently; the generic text a pasted line gets guessed the first line
 * of /proc/PID/cgroup, name=systemd's on v1, and /memory.max, v2's only),
 * and the one that raises its limit to the banner's figure (set before).
 * On v1 where swap is limited too, memory.memsw.limit_in_bytes (memory and
 * swap together) goes first, raised by as much: the kernel refuses a
 * memory limit above it (EINVAL; tried in tests/integ/llama_forecast.sh,
 * where the plain echo failed). With no figure, the limit's hint: the
 * load needs more than the limit it reached, and only its size says how
 * much more (no figure would be true). */
static void cg_commands(struct advice_banner *b, const struct snapshot *s, const struct snap_cgroup *c)
{
	if (!b->limit[0] && snap_known(c->limit)) {
		unsigned long long mib = (unsigned long long)(c->limit >> 20);
		snprintf(b->limit_hint, sizeof b->limit_hint, "<over %lluM>", mib);
		snprintf(b->limit_k8s_hint, sizeof b->limit_k8s_hint, "<over %lluMi>", mib);
	}
	if (!snap_cgroup_dir(s, c, b->cg_dir, sizeof b->cg_dir)) {
		b->cg_dir[0] = '\0';
		return;
	}
	snprintf(b->cg_show, sizeof b->cg_show, "(cd %s && grep . %s)", b->cg_dir,
		 c->version == CG_V1 ? "memory.limit_in_bytes memory.usage_in_bytes memory.max_usage_in_bytes memory.failcnt"
		                     : "memory.max memory.current memory.events");
	const char *lim = b->limit[0] ? b->limit : b->limit_hint[0] ? b->limit_hint : "<limit>";
	if (c->version != CG_V1) {
		snprintf(b->cg_set, sizeof b->cg_set, "echo %s > %s/memory.max", lim, b->cg_dir);
	} else if (!snap_known(c->swap_limit)) {
		snprintf(b->cg_set, sizeof b->cg_set, "echo %s > %s/memory.limit_in_bytes", lim, b->cg_dir);
	} else {
		char sw[40];
		if (c->swap_limit == 0)
			snprintf(sw, sizeof sw, "%s", lim);
		else if (b->limit[0])   /* "768M": in bytes, plus the swap allowed */
			snprintf(sw, sizeof sw, "%llu",
				 (unsigned long long)(strtoull(b->limit, NULL, 10) << 20) +
				 (unsigned long long)c->swap_limit);
		else
			snprintf(sw, sizeof sw, "<limit + %llu>", (unsigned long long)c->swap_limit);
		snprintf(b->cg_set, sizeof b->cg_set,
			 "(cd %s && echo %s > memory.memsw.limit_in_bytes && echo %s > memory.limit_in_bytes)",
			 b->cg_dir, sw, lim);
	}
}

/* The figures for the fix commands of an item: the unit or container of
 * the cgroup whose own limit binds, the limit the driving load fits in
 * (raised by what it misses, rounded up to a multiple of 16 MiB: a figure a
 * person types, and a few MiB for what else the cgroup gains meanwhile, as
 * the monitor's own pages when it runs inside; without them the demo's
 * second load completed in the exact figure and was judged 0.2 MiB short.
 * Tried with the real llama.cpp in tests/integ/llama_forecast.sh), the
 * largest context that fits. */
static void item_vars(struct advice_banner *b, const struct snapshot *s, const struct fc_item *it,
                      const struct load *ld)
{
	const struct snap_cgroup *c = it->kind == FC_CGROUP && it->cgroup >= 0 &&
	                              (size_t)it->cgroup < s->ncgroups ? &s->cgroups[it->cgroup] : NULL;
	bool own = c && c->limited == 1 && snap_known(c->limit) && c->limit == c->effective_limit;
	if (own)
		advice_scope_names(c->path, b->unit, sizeof b->unit, b->container, sizeof b->container);
	/* the -cram figure only once the cache is what eats (loaded: the
	 * situation's rule), so that a kill during the load is not blamed on
	 * a cache that never grew */
	if (cache_eats(it, ld))
		snprintf(b->cram, sizeof b->cram, "%llu", (unsigned long long)ld->cram_fits);
	if (ld && ld->fp_known && ld->verdict == LV_WONT_FIT) {
		if (ld->max_ctx)
			snprintf(b->ctx, sizeof b->ctx, "%llu", (unsigned long long)ld->max_ctx);
		if (own && strncmp(ld->scope, "cgroup:", 7) == 0 && strcmp(ld->scope + 7, c->path) == 0) {
			uint64_t mib = ((c->limit + ld->missing + (16u << 20) - 1) >> 24) << 4;
			snprintf(b->limit, sizeof b->limit, "%lluM", (unsigned long long)mib);
			snprintf(b->limit_k8s, sizeof b->limit_k8s, "%lluMi", (unsigned long long)mib);
		}
	}
	if (own)
		cg_commands(b, s, c);
}

/* The step the banner leads with: the first that carries a figure computed
 * for this load (the limit it fits in, the context that fits), which is the
 * one a person acts on; else the entry's first. */
static size_t first_step(const struct kb_entry *e, const struct advice_banner *b)
{
	for (size_t i = 0; i < e->nfix && i < KB_STEPS_MAX; i++)
		if ((b->limit[0] && strstr(e->fix[i], "{limit")) || (b->ctx[0] && strstr(e->fix[i], "{ctx")) ||
		    (b->cram[0] && strstr(e->fix[i], "{cram")))
			return i;
	return 0;
}

static void fill_banner(struct advice *a, struct advice_banner *b, const char *id)
{
	if (!id)
		id = "oom-killer";
	const struct kb_entry *e = advice_entry(a, id);
	snprintf(b->id, sizeof b->id, "%s", id);
	if (!e) {
		snprintf(b->title, sizeof b->title, "%s", id);
		b->step[0] = b->step_plain[0] = '\0';
		return;
	}
	snprintf(b->title, sizeof b->title, "%s", e->title);
	struct kb_vars v;
	advice_banner_vars(b, &v);
	size_t first = first_step(e, b);
	kb_render_vars(e->fix[first], &v, b->step, sizeof b->step);
	v.now = NULL;   /* the banner shows them on its own row */
	kb_render_vars(e->fix[first], &v, b->step_plain, sizeof b->step_plain);
	b->nsteps = e->nfix < KB_STEPS_MAX ? e->nfix : KB_STEPS_MAX;
	for (size_t i = 0; i < b->nsteps; i++)
		kb_render_vars(e->fix[i], &v, b->steps[i], sizeof b->steps[i]);
}

/* "; the load needs 439 MiB (...), 280 MiB missing in cgroup:/x; -c 2048
 * fits (3072 with a q8_0 KV cache)" */
static void load_text(const struct load *ld, char *out, size_t len)
{
	char tot[16], w[16], kv[16], cb[16], miss[16];
	fmt_bytes_iec(ld->fp.total, tot, sizeof tot);
	fmt_bytes_iec(ld->fp.weights, w, sizeof w);
	fmt_bytes_iec(ld->fp.kv, kv, sizeof kv);
	fmt_bytes_iec(ld->fp.compute, cb, sizeof cb);
	char cp[40] = "";
	if (ld->fp.added) {
		char a[16];
		fmt_bytes_iec(ld->fp.added, a, sizeof a);
		snprintf(cp, sizeof cp, " + CPU copies %s", a);
	}
	int n = snprintf(out, len, "; the load needs %s at -c %llu (weights %s%s, KV %s, compute %s)",
			 tot, (unsigned long long)ld->opts.ctx, w, cp, kv, cb);
	if (n < 0 || (size_t)n >= len)
		return;
	if (ld->verdict != LV_WONT_FIT && ld->cache_short) {
		/* the load fits; llama-server's prompt cache after it may not */
		snprintf(out + n, len - (size_t)n, ": it fits in %.80s, its prompt cache may not: "
			 "-cram %llu fits", ld->scope, (unsigned long long)ld->cram_fits);
		return;
	}
	if (ld->verdict != LV_WONT_FIT) {
		snprintf(out + n, len - (size_t)n, ": it fits in %.80s", ld->scope);
		return;
	}
	fmt_bytes_iec(ld->missing, miss, sizeof miss);
	int m = snprintf(out + n, len - (size_t)n, ", %s missing in %.80s", miss, ld->scope);
	if (m < 0 || (size_t)(n + m) >= len)
		return;
	int k;
	if (ld->max_ctx)
		k = snprintf(out + n + m, len - (size_t)(n + m), "; -c %llu fits (%llu with -fa on -ctk q8_0 -ctv q8_0)",
			     (unsigned long long)ld->max_ctx, (unsigned long long)ld->max_ctx_q8);
	else if (ld->max_ctx_q8)
		k = snprintf(out + n + m, len - (size_t)(n + m), "; no context fits with this KV cache, -c %llu with -fa on -ctk q8_0 -ctv q8_0",
			     (unsigned long long)ld->max_ctx_q8);
	else
		k = snprintf(out + n + m, len - (size_t)(n + m), "; no context fits at this size");
	if (k < 0 || (size_t)(n + m + k) >= len)
		return;
	if (ld->fit_quant >= 0)
		snprintf(out + n + m + k, len - (size_t)(n + m + k), "; a %s file of it fits",
			 quantmix_name((enum quant_mix)ld->fit_quant));
}

static void item_banner(struct advice *a, const struct snapshot *s, const struct fc_item *it,
                        const char *id)
{
	struct advice_banner *b = &a->banner;
	memset(b, 0, sizeof *b);
	b->active = true;
	b->level = it->level;
	if (it->kind == FC_CGROUP) {
		/* its last path component, as the forecast rows name it */
		const char *base = strrchr(it->resource, '/');
		snprintf(b->what, sizeof b->what, "cg %.80s", base && base[1] ? base + 1 : it->resource);
	} else {
		snprintf(b->what, sizeof b->what, "%.90s", it->kind == FC_RAM ? "RAM" :
			 it->kind == FC_RAM_SWAP ? "RAM+swap" : it->kind == FC_SWAP ? "swap" : it->resource);
	}
	char left[16], rate[24];
	fmt_bytes_iec(it->headroom, left, sizeof left);
	fmt_rate(it->rate, rate, sizeof rate);
	if (it->thrashing && !(it->eta == it->eta))
		snprintf(b->now, sizeof b->now, "%s left, thrashing", left);
	else if (it->eta == it->eta)
		snprintf(b->now, sizeof b->now, "%s left, eaten at %s, out in ~%.0f s", left, rate, it->eta);
	else
		snprintf(b->now, sizeof b->now, "%s left", left);
	struct advice_situation sit;
	situation_of_item(s, it, a->loads, &sit);
	snprintf(b->situation, sizeof b->situation, "%s%s%s%s",
		 sit.runtime != RT_UNKNOWN ? advice_runtime_name(sit.runtime) : "",
		 sit.runtime != RT_UNKNOWN ? ", " : "",
		 sit.loading ? "loading" : "growing", sit.thrashing ? ", thrashing" : "");
	const struct snap_proc *d = it->driver_group ? NULL : proc_of(s, it->driver);
	const struct load *ld = d && a->loads ? loads_find(a->loads, d->pid) : NULL;
	if (ld && ld->fp_known && ld->verdict != LV_UNKNOWN) {
		/* the load's own figures, tried against the real runtime */
		load_text(ld, b->now + strlen(b->now), sizeof b->now - strlen(b->now));
	} else if (d && snap_known(d->model_size)) {
		/* what the process holds of this resource, plus what is left */
		uint64_t held = it->kind == FC_GPU ? d->gpu : d->rss;
		char fit[240];
		if (snap_known(held) && snap_known(it->headroom)) {
			advice_model_fit(snapshot_string(s, d->model), d->model_size,
					 d->model_kv_per_token, d->ctx, held + it->headroom, fit, sizeof fit);
			size_t l = strlen(b->now);
			snprintf(b->now + l, sizeof b->now - l, "%s", fit);
		}
	}
	if (d)
		snprintf(b->driver, sizeof b->driver, "%s, pid %d", d->comm, (int)d->pid);
	else if (it->driver_group)
		snprintf(b->driver, sizeof b->driver, "process group %d", (int)it->driver);
	item_vars(b, s, it, ld);
	if (ld && (b->limit[0] || b->ctx[0] || b->cram[0])) {
		a->last_wont.pid = ld->pid;
		memcpy(a->last_wont.cram, b->cram, sizeof b->cram);
		memcpy(a->last_wont.limit, b->limit, sizeof b->limit);
		memcpy(a->last_wont.limit_k8s, b->limit_k8s, sizeof b->limit_k8s);
		memcpy(a->last_wont.ctx, b->ctx, sizeof b->ctx);
	}
	fill_banner(a, b, id);
}

static void event_banner(struct advice *a, const struct snapshot *s, const struct event *e,
                         const char *id)
{
	struct advice_banner *b = &a->recent;
	memset(b, 0, sizeof *b);
	b->active = true;
	b->level = FC_CRITICAL;
	if (e->type == EV_OOM_KILL) {
		snprintf(b->what, sizeof b->what, "OOM kill");  /* scope in {now} */
		char rss[16];
		fmt_bytes_iec(e->rss, rss, sizeof rss);
		const char *where = !e->scope[0] ? "a scope the kernel did not say"
		                    : strcmp(e->scope, "system") == 0 ? "the whole machine" : e->scope;
		if (e->pid)
			snprintf(b->now, sizeof b->now, "%.60s, pid %d, killed holding %s in %.100s",
				 e->comm, (int)e->pid, rss, where);
		else
			snprintf(b->now, sizeof b->now, "victim unknown, in %.100s", where);
		if (e->pid)
			snprintf(b->driver, sizeof b->driver, "%.40s, pid %d", e->comm, (int)e->pid);
		/* the cgroup whose limit the kill was for: its unit or container */
		if (e->scope[0] == '/')
			advice_scope_names(e->scope, b->unit, sizeof b->unit, b->container,
					   sizeof b->container);
		/* a load judged wont_fit before it was killed: the figures that
		 * fit it (the demo's MemoryMax, tried for real) */
		if (e->pid && e->pid == a->last_wont.pid) {
			memcpy(b->limit, a->last_wont.limit, sizeof b->limit);
			memcpy(b->limit_k8s, a->last_wont.limit_k8s, sizeof b->limit_k8s);
			memcpy(b->ctx, a->last_wont.ctx, sizeof b->ctx);
			memcpy(b->cram, a->last_wont.cram, sizeof b->cram);
		}
		/* the files of that cgroup, still there after the kill */
		for (size_t i = 0; e->scope[0] == '/' && i < s->ncgroups; i++)
			if (s->cgroups[i].limited == 1 && strcmp(s->cgroups[i].path, e->scope) == 0) {
				cg_commands(b, s, &s->cgroups[i]);
				break;
			}
	} else {
		snprintf(b->what, sizeof b->what, "log");
		/* the size the line asked for, where it says one (asksize.h) */
		struct kb_ask ask;
		char asked[64];
		if (kb_ask_parse(e->line, &ask)) {
			kb_ask_text(&ask, false, asked, sizeof asked);
			snprintf(b->now, sizeof b->now, "seen in %.140s: it asked for %s%s", e->scope, asked,
				 ask.bytes >= KB_ASK_ABSURD ? ", more than any machine has: a wrong size" : "");
		} else
			snprintf(b->now, sizeof b->now, "seen in %.140s", e->scope);
	}
	fill_banner(a, b, id);
	a->recent_t = e->t;
}

void advice_update(struct advice *a, const struct snapshot *s, const struct forecast *fc,
                   const struct evlog *log, const struct loads *loads)
{
	a->loads = loads;
	size_t n;
	const struct fc_item *it = forecast_items(fc, &n);
	const struct fc_item *worst = NULL;
	xgrow((void **)&a->item_kb, &a->item_cap, n + 1, sizeof *a->item_kb);
	a->nitem_kb = n;
	for (size_t i = 0; i < n; i++) {
		a->item_kb[i] = NULL;
		if (it[i].level < FC_WARNING)
			continue;
		struct advice_situation sit;
		situation_of_item(s, &it[i], a->loads, &sit);
		a->item_kb[i] = advice_choose(&sit);
		if (!worst || it[i].level > worst->level ||
		    (it[i].level == worst->level && it[i].eta < worst->eta))
			worst = &it[i];
	}
	evlog_fresh(log, 0, &n);
	xgrow((void **)&a->event_kb, &a->event_cap, n + 1, sizeof *a->event_kb);
	a->nevent_kb = n;
	for (size_t i = 0; i < n; i++) {
		const struct event *e = evlog_fresh(log, i, &n);
		if (e->type == EV_LOG_ERROR) {
			a->event_kb[i] = e->kb[0] ? e->kb : NULL;
		} else {
			/* only a kill the kernel placed in a cgroup is a cgroup's */
			/* a llama-server last seen with its prompt cache outgrowing
			 * its room: that cache is what killed it */
			struct advice_situation sit = {.oom_kill = true, .in_cgroup = e->scope[0] == '/',
			                               .scope_unknown = !e->scope[0],
			                               .prompt_cache = e->pid && e->pid == a->last_wont.pid &&
			                                               a->last_wont.cram[0]};
			a->event_kb[i] = advice_choose(&sit);
		}
		if (a->event_kb[i])
			event_banner(a, s, e, a->event_kb[i]);
	}
	/* critical forecasts first, then a recent kill or logged error, then
	 * warnings */
	bool recent = a->recent.active && s->t - a->recent_t < STICKY_S;
	if (worst && (worst->level == FC_CRITICAL || !recent)) {
		struct advice_situation sit;
		situation_of_item(s, worst, a->loads, &sit);
		item_banner(a, s, worst, advice_choose(&sit));
	} else if (recent) {
		a->banner = a->recent;
	} else {
		a->banner.active = false;
	}
}

const char *advice_item_kb(const struct advice *a, size_t i)
{
	return i < a->nitem_kb ? a->item_kb[i] : NULL;
}

const char *advice_event_kb(const struct advice *a, size_t i)
{
	return i < a->nevent_kb ? a->event_kb[i] : NULL;
}

const struct advice_banner *advice_banner(const struct advice *a)
{
	return &a->banner;
}

void advice_scan_log(struct advice *a, struct evlog *log, const struct snapshot *s)
{
	if (s->nlog_lines == 0 || s->mono == a->scanned)
		return;   /* nothing new, or this sample's lines are events already */
	a->scanned = s->mono;
	struct kb *kb = a->kb;
	if (!kb)
		return;
	if (!a->kb_compiled) {
		kb_compile(kb);
		a->kb_compiled = true;
	}
	for (size_t i = 0; i < s->nlog_lines; i++) {
		const char *line = snapshot_string(s, s->log_lines[i]);
		const struct kb_entry *k = line ? kb_classify(kb, line) : NULL;
		if (!k)
			continue;
		struct event e;
		memset(&e, 0, sizeof e);
		e.t = s->t;
		e.type = EV_LOG_ERROR;
		e.source = EVS_WATCHED_LOG;
		e.rss = SNAP_NA;
		snprintf(e.scope, sizeof e.scope, "%s", snapshot_string(s, s->log_file) ?
			 snapshot_string(s, s->log_file) : "log");
		snprintf(e.kb, sizeof e.kb, "%s", k->id);
		utf8_copy(e.line, sizeof e.line, line);   /* escaped where shown */
		evlog_append(log, &e);
	}
}
