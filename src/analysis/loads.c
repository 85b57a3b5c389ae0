/* loads.c - model loads and their verdicts; see loads.h. */
#include "analysis/loads.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/advice.h"
#include "analysis/room.h"
#include "util/xalloc.h"

const char *load_verdict_name(enum load_verdict v)
{
	static const char *const n[] = {"unknown", "fits", "tight", "wont_fit"};
	return v <= LV_WONT_FIT ? n[v] : "unknown";
}

void loads_init(struct loads *l)
{
	memset(l, 0, sizeof *l);
}

void loads_free(struct loads *l)
{
	free(l->v);
	free(l->rooms);
	memset(l, 0, sizeof *l);
}

const struct load *loads_find(const struct loads *l, pid_t pid)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].pid == pid)
			return &l->v[i];
	return NULL;
}

enum load_verdict load_verdict_of(uint64_t total, uint64_t room)
{
	if (total > room)
		return LV_WONT_FIT;
	return (double)total > (1 - LOAD_TIGHT_SHARE) * (double)room ? LV_TIGHT : LV_FITS;
}

/* llama-server's host prompt cache at most (tools/server: limit_size from
 * --cache-ram, default 8192 MiB, 0 off, negative no size limit) */
#define CACHE_RAM_DEFAULT_MIB 8192
static uint64_t prompt_cache_of(int64_t mib)
{
	if (mib == SNAP_CRAM_UNSAID)
		mib = CACHE_RAM_DEFAULT_MIB;
	return mib < 0 ? UINT64_MAX : (uint64_t)mib << 20;
}

uint64_t load_cache_bound(uint64_t cache, const struct footprint *fp)
{
	/* no size limit: server_prompt_cache::update still drops the oldest
	 * states while they hold more than n_ctx tokens (its limit_tokens,
	 * the server's context), after each new state is saved: at most the
	 * KV cache's worth, and one more state of up to as much before the
	 * update */
	if (cache != UINT64_MAX)
		return cache;
	return fp->kv <= UINT64_MAX / 2 ? 2 * fp->kv : UINT64_MAX;
}

uint64_t load_program_opts(enum load_program prog, int fa, int64_t gpu_layers, int64_t cram_mib,
                           struct fp_opts *o)
{
	/* "auto" (llama.cpp's default since 2025) or not said: a llama.cpp
	 * program enables flash attention wherever the device runs it (the
	 * CPU always: "Flash Attention enabled", llama-context.cpp's
	 * resolve_fused_ops), a compute buffer a fifth the size (llama-server
	 * at -c 4096: 28.51 MiB, where off is 147); builds from before "auto"
	 * (2025: off) are taken as new. With layers on a GPU, whose device
	 * may not run it, and elsewhere (node-llama-cpp asks for it off
	 * unless told): off, the larger buffer, an upper bound */
	bool native = prog != LP_EMBEDDED;
	o->flash_attn = fa == 1 || (fa == -1 && native && gpu_layers <= 0);
	o->overhead = native ? FP_OVERHEAD_NATIVE : FP_OVERHEAD_DEFAULT;
	return prog == LP_SERVER ? prompt_cache_of(cram_mib) : 0;
}

bool load_cache_short(uint64_t total, uint64_t room, uint64_t cache, uint64_t *cram_mib)
{
	uint64_t after = room > total ? room - total : 0;
	if (cache <= after)
		return false;
	*cram_mib = after >> 20;
	return true;
}

bool load_cache_grows(const struct load *ld)
{
	return ld->cache_short && ld->fp_known && ld->loaded >= ld->fp.total;
}

/* A llama.cpp program of its own (llama-server, llama-cli: its comm), not
 * llama.cpp inside another runtime (node, python bindings, ollama's
 * runner): its own memory was measured small (footprint.h), and it takes
 * llama.cpp's defaults. */
static enum load_program program_of(const struct snap_proc *p, enum runtime rt)
{
	if (rt != RT_LLAMACPP || strncmp(p->comm, "llama-", 6) != 0)
		return LP_EMBEDDED;
	return strcmp(p->comm, "llama-server") == 0 ? LP_SERVER : LP_NATIVE;
}

/* Is a GPU device in the process: a card in view and a build that may use
 * it (its maps show a GPU backend, or were not read), or a build told to
 * offload beside no card oomcast sees (one NVML cannot show)? Not a build
 * whose maps show no GPU backend, whatever its -ngl (llama.cpp says "no
 * usable GPU found, --gpu-layers option will be ignored"). */
static bool gpu_in_play(const struct snapshot *s, const struct snap_load_args *la)
{
	return la->gpu_backend != 0 && (s->ngpus > 0 || la->gpu_layers > 0);
}

/* llama.cpp's programs whose context, unless -c says, is the trained one
 * (common.h n_ctx 0): llama-server, llama-cli (a server in the same
 * process), llama-completion (its comm cut to 15 bytes by the kernel) and
 * llama-mtmd-cli. Not llama-perplexity or llama-imatrix (512), nor
 * llama-bench (its own parser). */
static bool trained_ctx_program(const char *comm)
{
	static const char *const v[] = {"llama-server", "llama-cli", "llama-completion",
	                                "llama-completio", "llama-mtmd-cli"};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (strcmp(comm, v[i]) == 0)
			return true;
	return false;
}

/* The KV cache's streams of a load of one of those programs: one per
 * sequence (-np) where the cache is not unified. llama-server's -np auto
 * (its default) is 4 slots, unified; only it takes -kvu. */
static uint64_t kv_streams(const struct snap_load_args *la, enum load_program prog)
{
	if (la->parallel <= 1 || (prog == LP_SERVER && la->kv_unified == 1))
		return 1;
	return (uint64_t)la->parallel;
}

/* The context of a load whose command line gives none (no -c, or -c 0).
 * trained_ctx_program's (own) take the trained one, a stream's worth for each
 * stream (kv_streams), which their --fit (on unless -fit off) cuts where
 * no GPU device is in the process (footprint_fit_ctx, against the
 * machine's RAM; not after an explicit -c 0, which asks for all of it).
 * With -fit off, llama_context takes the trained context for all the
 * streams together. Where a GPU is (a GPU build beside a card, or maps not
 * read beside one) --fit weighs the GPUs' memory instead: the trained
 * context here, which fit_gpu_load cuts against the GPUs. Other runtimes
 * (node-llama-cpp, bindings, ollama's runner, which says its own):
 * LOAD_CTX_DEFAULT, or the trained one where smaller. */
static uint64_t ctx_unsaid(const struct snapshot *s, const struct snap_proc *p,
                           const struct snap_model *m, bool own, const struct fp_opts *o)
{
	uint64_t train = m->info_known && m->info.context_length != GGUF_UNKNOWN
	               ? m->info.context_length : 0;
	if (!own || !train)
		return train && train < LOAD_CTX_DEFAULT ? train : LOAD_CTX_DEFAULT;
	const struct snap_load_args *la = snap_proc_load(s, p);
	uint64_t streams = o->streams ? o->streams : 1;   /* kv_streams' */
	if (la->fit_off || train > UINT32_MAX / streams)
		return train;
	bool whole = snap_known(p->ctx) && p->ctx == 0;   /* -c 0 */
	uint64_t c = whole || gpu_in_play(s, la) || !snap_known(m->file_size) || !snap_known(s->mem.total)
	           ? train * streams
	           : footprint_fit_ctx(&m->info, m->file_size, o, s->mem.total, streams);
	return c ? c : train * streams;
}

static uint64_t or0(uint64_t v)
{
	return snap_known(v) ? v : 0;
}

static struct load_rooms *rooms_of(struct loads *l, const struct snap_proc *p, const char *scope)
{
	struct load_rooms *r = NULL;
	for (size_t i = 0; i < l->nrooms && !r; i++)
		if (l->rooms[i].pid == p->pid)
			r = &l->rooms[i];
	if (!r) {
		xgrow((void **)&l->rooms, &l->rooms_cap, l->nrooms + 1, sizeof *l->rooms);
		r = &l->rooms[l->nrooms++];
		r->pid = 0;
	}
	if (r->pid != p->pid || r->start != p->start || strcmp(r->scope, scope) != 0) {
		memset(r, 0, sizeof *r);
		r->pid = p->pid;
		r->start = p->start;
		snprintf(r->scope, sizeof r->scope, "%s", scope);
	}
	r->seen = true;
	return r;
}

/* room, as the largest of the last LOAD_ROOM_WINDOW_S seconds including
 * this one (see loads.h). Samples from after now (a replay stepped back)
 * do not count. */
static uint64_t room_settled(struct load_rooms *r, double now, uint64_t room)
{
	uint64_t best = room;
	for (unsigned i = 0; now > 0 && i < LOAD_ROOM_KEEP; i++)
		if (r->t[i] > 0 && r->t[i] < now && r->t[i] >= now - LOAD_ROOM_WINDOW_S &&
		    r->room[i] > best)
			best = r->room[i];
	if (now > 0) {
		r->t[r->next] = now;
		r->room[r->next] = room;
		r->next = (r->next + 1) % LOAD_ROOM_KEEP;
	}
	return best;
}

/* The GPUs a load would use and each one's share of the offloaded layers
 * (room_gpus, footprint_shares, as its -sm/-mg/-ts say); 0 GPUs where the
 * division is not known */
static size_t gpu_shares(struct load *ld, const struct snapshot *s, const struct snap_proc *p,
                         uint64_t *left, double *share, struct fp_devs_args *da)
{
	size_t n = room_gpus(s, p->pid, ld->gpu_idx, left, FP_DEVS_MAX);
	const struct snap_load_args *la = snap_proc_load(s, p);
	*da = (struct fp_devs_args){(enum fp_split_mode)la->split_mode, la->main_gpu, la->nts, la->ts};
	if (n && (la->split_bad || la->split_mode < FP_SM_LAYER || la->split_mode > FP_SM_NONE ||
	          la->nts > TSPLIT_MAX || footprint_shares(da, left, n, share) < 0))
		n = 0;
	return n;
}

/* A load with layers on a GPU (gpu_layers > 0): its RAM part against the
 * RAM room found above (ld->room), each GPU's part against that GPU's room
 * (room_gpus); the verdict is the worst, its scope the resource. A GPU
 * whose free memory is not known gets no verdict: then a RAM part that
 * fits says nothing about the load (unknown), one that does not fit does. */
static void split_verdict(struct load *ld, const struct snapshot *s, const struct snap_proc *p,
                          const struct snap_model *m)
{
	uint64_t left[FP_DEVS_MAX];
	double share[FP_DEVS_MAX];
	/* its -sm/-mg/-ts, as fit's --split-mode/--main-gpu/--tensor-split;
	 * without them llama.cpp's default, each device's free memory. Where
	 * the division over the GPUs is not known (row or tensor mode, a value
	 * not read, -mg past the GPUs) the RAM part still is, which does not
	 * depend on it: that alone, as with no GPU seen */
	const struct snap_load_args *la = snap_proc_load(s, p);
	if (la->split_mode == FP_SM_NONE && la->main_gpu < 0)
		return;   /* llama.cpp offloads nothing: not sized */
	struct fp_devs_args da;
	size_t n = gpu_shares(ld, s, p, left, share, &da);
	if (n && ld->auto_split)
		memcpy(share, ld->auto_share, sizeof ld->auto_share);
	bool kvo = !la->no_kv_offload;
	if (footprint_split(&m->info, &ld->fp, &ld->opts, ld->gpu_layers, kvo, n ? share : NULL,
	                    n ? n : 1, &ld->split) < 0)
		return;
	ld->split_known = true;
	ld->ngpus = n;
	ld->ram_room = ld->room;
	ld->ram_verdict = load_verdict_of(ld->split.ram_total, ld->room);
	ld->max_ctx = ld->max_ctx_q8 = 0;
	enum load_verdict worst = ld->ram_verdict;
	int at = -1;   /* -1 RAM, else the GPU */
	for (size_t k = 0; k < n; k++) {
		ld->gpu_room[k] = left[k];
		ld->gpu_verdict[k] = load_verdict_of(ld->split.dev[k].total, left[k]);
		if (ld->gpu_verdict[k] > worst) {
			worst = ld->gpu_verdict[k];
			at = (int)k;
		}
	}
	if (!n && worst != LV_WONT_FIT)
		return;   /* the GPU's part cannot be judged */
	ld->verdict = worst;
	if (at >= 0) {
		room_gpu_name(&s->gpus[ld->gpu_idx[at]], ld->scope, sizeof ld->scope);
		ld->room = left[at];
	}
	if (worst == LV_WONT_FIT)
		ld->missing = at >= 0 ? ld->split.dev[at].total - left[at] : ld->split.ram_total - ld->ram_room;
	if (n) {
		struct fp_opts q8 = ld->opts;
		q8.kv = q8.kv_v = KV_Q8_0;
		q8.flash_attn = true;
		ld->max_ctx = footprint_max_ctx_split(&m->info, m->file_size, &ld->opts, ld->gpu_layers,
		                                      kvo, share, n, ld->ram_room, left);
		ld->max_ctx_q8 = footprint_max_ctx_split(&m->info, m->file_size, &q8, ld->gpu_layers,
		                                         kvo, share, n, ld->ram_room, left);
	}
}

/* llama.cpp's --fit on a load of one of its own programs with a GPU
 * (footprint_fit_gpu): with -ngl not given (gpu_auto), the layers its
 * default offloads, all it can leaving its margin on each GPU (-fit off:
 * all of them), over several GPUs in the counts it fills them with
 * (auto_share); with -ngl N, the layers as set; either way the context
 * --fit sets where none was given. The GPUs' room is what each has free
 * and what the load holds there (room_gpus): as when it started. Where
 * the GPUs' room, the division or the split is not known (window layers,
 * a table not read) an auto load is taken as offloading all: its split
 * then says it is not judged, rather than a RAM verdict on all of it. */
static void fit_gpu_load(struct load *ld, const struct snapshot *s, const struct snap_proc *p,
                         const struct snap_model *m)
{
	uint64_t left[FP_DEVS_MAX];
	double share[FP_DEVS_MAX];
	const struct snap_load_args *la = snap_proc_load(s, p);
	if (!m->info_known || m->info.block_count == GGUF_UNKNOWN || m->info.block_count == 0 ||
	    m->info.block_count > GGUF_SPLIT_LAYERS)
		return;
	int64_t all = (int64_t)m->info.block_count + 1;
	if (la->fit_off) {
		if (ld->gpu_auto)
			ld->gpu_layers = all;
		return;
	}
	struct fp_devs_args da;
	size_t n = gpu_shares(ld, s, p, left, share, &da);   /* n: nts within TSPLIT_MAX */
	bool ctx_auto = ld->ctx_assumed && !(snap_known(p->ctx) && p->ctx == 0);
	struct fp_opts o = ld->opts;
	int64_t ngl;
	bool filled;
	if (!n || footprint_fit_devs(&m->info, m->file_size, &o, ctx_auto,
	                             ld->opts.streams ? ld->opts.streams : 1, !la->no_kv_offload, &da,
	                             share, n, left, ld->gpu_auto ? -1 : ld->gpu_layers, &ngl,
	                             &filled) < 0) {
		if (ld->gpu_auto)
			ld->gpu_layers = all;
		return;
	}
	if (o.ctx != ld->opts.ctx) {
		struct footprint f;
		if (footprint_of(&m->info, m->file_size, &o, &f) < 0)
			return;
		ld->opts = o;
		ld->fp = f;
	}
	ld->gpu_layers = ngl;
	if (filled) {
		memcpy(ld->auto_share, share, sizeof ld->auto_share);
		ld->auto_split = true;
	}
}

static void verdict_of(struct loads *l, struct load *ld, const struct snapshot *s,
                       const struct snap_proc *p, const struct snap_model *m)
{
	/* where memory cgroups exist, a load whose cgroup is not known yet
	 * has a room that is not known either: no verdict rather than RAM's */
	if (!ld->fp_known || (s->self_cgroup >= 0 && p->cgroup < 0))
		return;
	struct room_item r[4];
	size_t nr = room_of(s, p->cgroup, r, 4);
	if (!nr)
		return;
	/* what it holds that the room already counts as used: its anonymous
	 * and shared memory (its mapped weights are page cache: room). The
	 * scan read it before the totals, the source again after them
	 * (held_late): the less of the two is what they surely count, whether
	 * it grew or was killed between the reads. Added as the scan read it, a
	 * load killed between the scan and its cgroup's read (CI, a busy
	 * machine) had a room 193 MiB past its 330 MiB limit: "fits". Where
	 * held_late was not read (an older recording), no room past the
	 * resource's size at least. (Read, it may be: a process moved into its
	 * cgroup after it allocated left those pages charged to the old one,
	 * and may still take the whole limit.) */
	uint64_t held = or0(p->anon) + or0(p->shmem) + or0(p->swap);
	uint64_t late = snap_proc_load(s, p)->held_late;
	if (snap_known(late) && late < held)
		held = late;
	uint64_t room = r[0].left + held;
	if (!snap_known(late) && snap_known(r[0].capacity) && room > r[0].capacity)
		room = r[0].capacity;
	snprintf(ld->scope, sizeof ld->scope, "%s", r[0].name);
	ld->room = room_settled(rooms_of(l, p, r[0].name), s->mono, room);
	struct fp_opts q8 = ld->opts;
	q8.kv = q8.kv_v = KV_Q8_0;
	q8.flash_attn = true;   /* llama.cpp: "quantized V cache requires flash_attn" */
	ld->max_ctx = footprint_max_ctx(&m->info, m->file_size, &ld->opts, ld->room);
	ld->max_ctx_q8 = footprint_max_ctx(&m->info, m->file_size, &q8, ld->room);
	if (ld->fit_gpu)
		fit_gpu_load(ld, s, p, m);
	if (ld->gpu_layers > 0) {
		split_verdict(ld, s, p, m);
		return;
	}
	ld->verdict = load_verdict_of(ld->fp.total, ld->room);
	/* it fits, but llama-server's prompt cache may grow past the room */
	if (ld->verdict != LV_WONT_FIT &&
	    load_cache_short(ld->fp.total, ld->room, ld->prompt_cache, &ld->cram_fits)) {
		ld->cache_short = true;
		ld->verdict = LV_TIGHT;
	}
	if (ld->verdict == LV_WONT_FIT) {
		ld->missing = ld->fp.total - ld->room;
		struct footprint f;
		ld->fit_quant = footprint_fit_quant(&m->info, m->file_size, &ld->opts, ld->room, &f);
		if (ld->fit_quant >= 0)
			ld->fit_quant_total = f.total;
	}
}

/* Why p's llama.cpp makes no CPU copies of its weights (footprint.h
 * enum fp_copies_off), or FP_COPIES_ON: -nr; ollama's own engine (`ollama
 * runner --ollama-engine`; its runner without it is llama.cpp's); a build
 * with a GPU backend and a device for it, unless --no-host. The build is
 * what its maps show (a GPU backend's library: kparse_gpu_lib) and the
 * device any card in view, integrated ones too (llama.cpp uses those
 * where there is no other); where its maps were not read, a build that
 * offloads layers or sits beside a card with memory of its own. */
static enum fp_copies_off copies_off_of(const struct snapshot *s, const struct snap_proc *p,
                                        enum runtime rt)
{
	const struct snap_load_args *la = snap_proc_load(s, p);
	if (la->no_repack)
		return FP_COPIES_NO_REPACK;
	const char *cmd = snapshot_string(s, p->cmdline);
	if (rt == RT_OLLAMA && cmd && strstr(cmd, " --ollama-engine"))
		return FP_COPIES_RUNTIME;
	if (la->no_host || la->gpu_backend == 0)
		return FP_COPIES_ON;
	bool card = false, own = false;
	for (size_t i = 0; i < s->ngpus; i++) {
		card = true;
		own = own || !s->gpus[i].unified;
	}
	if (la->gpu_backend == 1)
		return card || la->gpu_layers > 0 ? FP_COPIES_GPU_HOST : FP_COPIES_ON;
	return la->gpu_layers > 0 || own ? FP_COPIES_GPU_HOST : FP_COPIES_ON;
}

void loads_update(struct loads *l, const struct snapshot *s)
{
	l->n = 0;
	for (size_t i = 0; i < l->nrooms; i++)
		l->rooms[i].seen = false;
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		if (p->model_idx < 0 || (size_t)p->model_idx >= s->nmodels)
			continue;
		const struct snap_model *m = &s->models[p->model_idx];
		xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
		struct load *ld = &l->v[l->n++];
		memset(ld, 0, sizeof *ld);
		ld->fit_quant = -1;
		ld->pid = p->pid;
		ld->pgid = p->pgid;
		ld->proc = (int)i;
		ld->model = p->model_idx;
		ld->runtime = advice_proc_runtime(s, p);
		const struct snap_load_args *la = snap_proc_load(s, p);
		/* -ngl where no GPU device is in the process offloads nothing:
		 * llama.cpp says "no usable GPU found, --gpu-layers option will
		 * be ignored" and holds it all in RAM */
		ld->gpu_layers = gpu_in_play(s, la) || la->gpu_layers < 0 ? la->gpu_layers : 0;
		/* -ngl all: every layer and the output one, as the model counts */
		if (ld->gpu_layers == SNAP_NGL_ALL && m->info_known &&
		    m->info.block_count != GGUF_UNKNOWN && m->info.block_count < SNAP_NGL_ALL)
			ld->gpu_layers = (int64_t)m->info.block_count + 1;
		ld->opts.mmap = !la->no_mmap;
		ld->opts.cpu = s->cpu;
		ld->opts.copies_off = copies_off_of(s, p, ld->runtime);
		/* a type llama.cpp does not take (-1) it refuses to load with */
		ld->opts.kv = la->kv_type > 0 && la->kv_type < KV_TYPES
		            ? (enum kv_type)la->kv_type : KV_F16;
		ld->opts.kv_v = la->kv_type_v > 0 && la->kv_type_v < KV_TYPES
		              ? (enum kv_type)la->kv_type_v : KV_F16;
		enum load_program prog = program_of(p, ld->runtime);
		/* no -ngl: llama.cpp's own programs offload all they can where
		 * a GPU is (auto_layers); node-llama-cpp, bindings and ollama's
		 * runner decide their own (ollama says it on the runner's line) */
		bool own = prog != LP_EMBEDDED && trained_ctx_program(p->comm);
		ld->gpu_auto = la->gpu_layers < 0 && s->ngpus > 0 && gpu_in_play(s, la) && own;
		ld->fit_gpu = ld->gpu_auto || (own && ld->gpu_layers > 0 && s->ngpus > 0);
		ld->prompt_cache = load_program_opts(prog, la->flash_attn,
		                                     ld->gpu_auto ? 1 : ld->gpu_layers,
		                                     la->cache_ram_mib, &ld->opts);
		/* a llama.cpp program built with a GPU backend (its maps say,
		 * or, not read, it offloads) needs more of its own */
		if (prog != LP_EMBEDDED && (la->gpu_backend == 1 || ld->gpu_auto ||
		                            (la->gpu_backend < 0 && la->gpu_layers > 0)))
			ld->opts.overhead = FP_OVERHEAD_NATIVE_GPU;
		ld->opts.ubatch = la->ubatch;
		/* the KV cache's streams and sequences (footprint.h) */
		if (own) {
			uint64_t st = kv_streams(la, prog);
			ld->opts.streams = (uint32_t)st;
			ld->opts.seqs = st > 1 ? 1 : prog == LP_SERVER && la->parallel <= 0 ? 4
			              : la->parallel > 1 ? (uint32_t)la->parallel : 1;
		}
		ld->ctx_assumed = !snap_known(p->ctx) || p->ctx == 0;
		ld->opts.ctx = ld->ctx_assumed ? ctx_unsaid(s, p, m, own, &ld->opts) : p->ctx;
		/* llama_context caps n_batch, so n_ubatch, at the context */
		ld->opts.ubatch = la->ubatch < ld->opts.ctx ? la->ubatch : ld->opts.ctx;
		ld->fp_known = m->info_known && snap_known(m->file_size) &&
		               footprint_of(&m->info, m->file_size, &ld->opts, &ld->fp) == 0;
		if (ld->fp_known)
			ld->prompt_cache = load_cache_bound(ld->prompt_cache, &ld->fp);
		ld->loaded = or0(p->anon) + or0(p->shmem) + (ld->opts.mmap ? or0(p->file) : 0);
		verdict_of(l, ld, s, p, m);
	}
	/* forget the loads gone */
	size_t k = 0;
	for (size_t i = 0; i < l->nrooms; i++)
		if (l->rooms[i].seen)
			l->rooms[k++] = l->rooms[i];
	l->nrooms = k;
}
