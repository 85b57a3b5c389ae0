/* recording.c - write and read oomcast recordings; see recording.h. */
#include "formats/recording.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/xalloc.h"

/* Field numbers. Never reuse one: a new meaning takes a new number (and a
 * new minor version); a change old readers would misread takes a new major. */
enum { H_HOST = 1, H_KERNEL, H_VERSION, H_START, H_INTERVAL };
enum {
	S_T = 1, S_MONO, S_PROCS_MONO, S_GPUS_MONO, S_PAGE_SIZE, S_MEM, S_SWAP, S_VM, S_PSI,
	S_SELF_CGROUP, S_KERNEL_LOG, S_PROCS_PARTIAL, S_SELF, S_GPU, S_GPU_PROC, S_GPU_NOTE,
	S_GPU_DROPPED, S_LOG_LINE, S_LOG_FILE, S_CGROUP, S_PROC, S_KILL, S_NCGROUPS_SAMPLED,
	S_PROCS_BOOT,   /* 1.4: the scan's time on the clock of process start times */
	S_CPU,          /* 1.7: the CPU's kind (cpuinfo.h) */
};
enum { PSI_PRESENT = 1, PSI_SOME10, PSI_SOME60, PSI_FULL10, PSI_FULL60, PSI_SOME_TOTAL, PSI_FULL_TOTAL };
enum { SELF_KNOWN = 1, SELF_LOCKED, SELF_LOWERED, SELF_ADJ };
enum {
	G_INDEX = 1, G_NAME, G_VENDOR, G_TOTAL, G_USED, G_FREE, G_RESERVED, G_GTT_TOTAL, G_GTT_USED,
	G_UNIFIED, G_LOST, G_MIG, G_MIG_PARENT, G_PROCS_KNOWN, G_PROCS_USED,
};
enum { GP_PID = 1, GP_GPU, GP_USED };
enum {
	C_PATH = 1, C_VERSION, C_LIMIT, C_LIMITED, C_EFFECTIVE, C_USAGE, C_SWAP_LIMIT, C_ANON, C_FILE,
	C_SHMEM, C_OOM_KILLS, C_REFAULTS, C_FAULTS, C_MAJFAULTS, C_LIMIT_HITS, C_REFAULTS_ANON, C_MONO,
	C_KERNEL,   /* 1.6: kernel memory reclaim cannot give back (v1: page tables) */
};
enum {
	P_PID = 1, P_PPID, P_PGID, P_START, P_UID, P_COMM, P_RSS, P_ANON, P_FILE, P_SHMEM, P_SWAP,
	P_GPU, P_OOM_ADJ, P_SAMPLED_CGROUP,
	/* details */
	P_DETAILED, P_OOM_SCORE, P_CMDLINE, P_USER, P_CGROUP, P_MODEL, P_MODEL_SIZE, P_KV_PER_TOKEN,
	P_CTX, P_LOAD, P_MODEL_INFO,
	P_KTHREAD,   /* 1.2 */
	/* 1.3: the runtime the source saw (enum runtime) */
	P_RUNTIME,
};
enum { L_NO_MMAP = 1, L_KV_TYPE, L_FLASH_ATTN, L_GPU_LAYERS,
       L_NO_KV_OFFLOAD, L_UBATCH, L_CACHE_RAM /* 1.4 */,
       /* 1.5: the split over GPUs (-sm, -mg, each -ts share in order, a
        * value not read) */
       L_SPLIT_MODE, L_MAIN_GPU, L_TS, L_SPLIT_BAD,
       /* 1.5: -ctv, where it is not -ctk's (absent: V's type is K's, as
        * every load before 1.5 was sized) */
       L_KV_TYPE_V,
       L_NO_REPACK /* 1.7 */, L_NO_HOST /* 1.7 */, L_GPU_BACKEND /* 1.7 */ };
enum {
	M_FILE_SIZE = 1, M_INFO_KNOWN, M_VERSION, M_N_TENSORS, M_N_KV, M_ARCH, M_NAME, M_BLOCKS,
	M_CONTEXT, M_EMBEDDING, M_HEADS, M_HEADS_KV, M_KEY_LEN, M_VALUE_LEN, M_SLIDING, M_KV_HEADS_SUM,
	M_KV_ELEMS, M_FILE_TYPE, M_FFN, M_VOCAB, M_PARAMS,
	/* 1.1: the sizes of llama-quantize's mixes (fit_quant) */
	M_ALIGNMENT, M_EXPERTS, M_TENSOR_BYTES, M_MIX_KNOWN, M_MIX_0,   /* M_MIX_0 + QM_N - 1 */
	/* 1.2: sliding-window layers, V widening, MLA (after room for more mixes) */
	M_SWA_LAYERS = 64, M_KV_ELEMS_SWA, M_KV_VPAD, M_KV_VPAD_SWA, M_MLA,
	/* 1.5: the V part of the KV elements (K and V of their own types) */
	M_KV_ELEMS_V, M_KV_ELEMS_SWA_V,
	/* 1.7: the CPU backend's copies of weights, by kind (gguf_copies):
	 * numbers pinned, room for 8 kinds each */
	M_COPIES_KNOWN = 71, M_COPY_SRC_0 = 72, M_COPY_0 = 80,
	/* and in each mix: M_MIX_COPY_SRC_0 + 8 mix + kind, the same for
	 * M_MIX_COPY_0 */
	M_MIX_COPIES_KNOWN = 88, M_MIX_COPY_SRC_0 = 96, M_MIX_COPY_0 = 160,
};
_Static_assert(QM_N * 8 <= M_MIX_COPY_0 - M_MIX_COPY_SRC_0, "mix copies fields overlap");
_Static_assert(M_KV_ELEMS_SWA_V < M_COPIES_KNOWN, "copies fields run into the V fields");
_Static_assert(CPU_KINDS <= 8, "more CPU kinds than the copies fields have room for");
_Static_assert(M_MIX_0 + QM_N <= M_SWA_LAYERS, "mix fields run into the window fields");
enum {
	K_PID = 1, K_COMM, K_ANON, K_FILE, K_SHMEM, K_RSS, K_CONSTRAINT, K_OOM_MEMCG, K_TASK_MEMCG,
	K_TRIGGER, K_ORDER, K_ADJ, K_TS_US, K_MEMCG_USAGE, K_MEMCG_LIMIT, K_TASK, K_TASKS_SEEN,
};
enum { T_PID = 1, T_NAME, T_RSS, T_ADJ };

enum { WT_VARINT = 0, WT_FIXED64 = 1, WT_BYTES = 2 };

/* ---- encoding ---------------------------------------------------------- */

static void put_varint(struct strbuf *b, uint64_t v)
{
	char tmp[10];
	size_t n = 0;
	do {
		tmp[n++] = (char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		v >>= 7;
	} while (v);
	sb_write(b, tmp, n);
}

static void put_key(struct strbuf *b, unsigned field, unsigned wt)
{
	put_varint(b, (uint64_t)field << 3 | wt);
}

static void put_u(struct strbuf *b, unsigned field, uint64_t v)
{
	put_key(b, field, WT_VARINT);
	put_varint(b, v);
}

/* A size or counter: plus one, so unknown (SNAP_NA) is 0. */
static void put_na(struct strbuf *b, unsigned field, uint64_t v)
{
	put_u(b, field, v + 1);
}

static void put_s(struct strbuf *b, unsigned field, int64_t v)
{
	put_u(b, field, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));   /* zigzag */
}

static void put_d(struct strbuf *b, unsigned field, double d)
{
	uint64_t v;
	char tmp[8];
	memcpy(&v, &d, 8);
	for (int i = 0; i < 8; i++)
		tmp[i] = (char)(v >> (8 * i));
	put_key(b, field, WT_FIXED64);
	sb_write(b, tmp, 8);
}

static void put_bytes(struct strbuf *b, unsigned field, const char *s, size_t n)
{
	put_key(b, field, WT_BYTES);
	put_varint(b, n);
	sb_write(b, s, n);
}

static void put_str(struct strbuf *b, unsigned field, const char *s)
{
	put_bytes(b, field, s, strlen(s));
}

/* A nested message: its key, then room for its length as a five-byte
 * varint (padded with continuation bits, which any varint reader takes),
 * filled in by sub_end. */
static size_t sub_begin(struct strbuf *b, unsigned field)
{
	put_key(b, field, WT_BYTES);
	size_t at = b->len;
	sb_write(b, "\x80\x80\x80\x80\x00", 5);
	return at;
}

static void sub_end(struct strbuf *b, size_t at)
{
	uint64_t n = b->len - at - 5;
	for (int i = 0; i < 5; i++)
		b->s[at + (size_t)i] = (char)(((n >> (7 * i)) & 0x7f) | (i < 4 ? 0x80 : 0));
}

void rec_encode_header(struct strbuf *b, const struct rec_header *h)
{
	put_str(b, H_HOST, h->host);
	put_str(b, H_KERNEL, h->kernel);
	put_str(b, H_VERSION, h->version);
	put_d(b, H_START, h->start);
	put_d(b, H_INTERVAL, h->interval);
}

static void encode_gpu(struct strbuf *b, const struct snap_gpu *g)
{
	size_t at = sub_begin(b, S_GPU);
	put_s(b, G_INDEX, g->index);
	put_str(b, G_NAME, g->name);
	put_str(b, G_VENDOR, g->vendor);
	put_na(b, G_TOTAL, g->total);
	put_na(b, G_USED, g->used);
	put_na(b, G_FREE, g->free);
	put_na(b, G_RESERVED, g->reserved);
	put_na(b, G_GTT_TOTAL, g->gtt_total);
	put_na(b, G_GTT_USED, g->gtt_used);
	put_u(b, G_UNIFIED, g->unified);
	put_u(b, G_LOST, g->lost);
	put_s(b, G_MIG, g->mig);
	put_u(b, G_MIG_PARENT, g->mig_parent);
	put_u(b, G_PROCS_KNOWN, g->procs_known);
	put_na(b, G_PROCS_USED, g->procs_used);
	sub_end(b, at);
}

static void encode_cgroup(struct strbuf *b, const struct snap_cgroup *c)
{
	size_t at = sub_begin(b, S_CGROUP);
	put_str(b, C_PATH, c->path);
	put_u(b, C_VERSION, (uint64_t)c->version);
	put_na(b, C_LIMIT, c->limit);
	put_s(b, C_LIMITED, c->limited);
	put_na(b, C_EFFECTIVE, c->effective_limit);
	put_na(b, C_USAGE, c->usage);
	put_na(b, C_SWAP_LIMIT, c->swap_limit);
	put_na(b, C_ANON, c->anon);
	put_na(b, C_FILE, c->file);
	put_na(b, C_SHMEM, c->shmem);
	put_na(b, C_OOM_KILLS, c->oom_kills);
	put_na(b, C_REFAULTS, c->refaults);
	put_na(b, C_FAULTS, c->faults);
	put_na(b, C_MAJFAULTS, c->majfaults);
	put_na(b, C_LIMIT_HITS, c->limit_hits);
	put_na(b, C_REFAULTS_ANON, c->refaults_anon);
	put_d(b, C_MONO, c->mono);
	put_na(b, C_KERNEL, c->kernel);
	sub_end(b, at);
}

static void encode_model(struct strbuf *b, const struct snap_model *m)
{
	const struct gguf_info *g = &m->info;
	size_t at = sub_begin(b, P_MODEL_INFO);
	put_na(b, M_FILE_SIZE, m->file_size);
	put_u(b, M_INFO_KNOWN, m->info_known);
	put_u(b, M_VERSION, g->version);
	put_na(b, M_N_TENSORS, g->n_tensors);
	put_na(b, M_N_KV, g->n_kv);
	put_str(b, M_ARCH, g->arch);
	put_str(b, M_NAME, g->name);
	put_na(b, M_BLOCKS, g->block_count);
	put_na(b, M_CONTEXT, g->context_length);
	put_na(b, M_EMBEDDING, g->embedding_length);
	put_na(b, M_HEADS, g->head_count);
	put_na(b, M_HEADS_KV, g->head_count_kv);
	put_na(b, M_KEY_LEN, g->key_length);
	put_na(b, M_VALUE_LEN, g->value_length);
	put_na(b, M_SLIDING, g->sliding_window);
	put_na(b, M_KV_HEADS_SUM, g->kv_heads_sum);
	put_na(b, M_KV_ELEMS, g->kv_elems);
	put_na(b, M_FILE_TYPE, g->file_type);
	put_na(b, M_FFN, g->feed_forward_length);
	put_na(b, M_VOCAB, g->n_vocab);
	put_na(b, M_PARAMS, g->n_params);
	put_na(b, M_ALIGNMENT, g->alignment);
	put_na(b, M_EXPERTS, g->expert_count);
	put_na(b, M_SWA_LAYERS, g->swa_layers);
	put_na(b, M_KV_ELEMS_SWA, g->kv_elems_swa);
	put_na(b, M_KV_VPAD, g->kv_vpad);
	put_na(b, M_KV_VPAD_SWA, g->kv_vpad_swa);
	put_na(b, M_KV_ELEMS_V, g->kv_elems_v);
	put_na(b, M_KV_ELEMS_SWA_V, g->kv_elems_swa_v);
	put_u(b, M_MLA, g->mla);
	put_u(b, M_MIX_KNOWN, g->mix_known);
	if (g->copies.known) {
		put_u(b, M_COPIES_KNOWN, 1);
		for (unsigned i = 0; i < CPU_KINDS; i++) {
			put_u(b, M_COPY_SRC_0 + i, g->copies.src[i]);
			put_u(b, M_COPY_0 + i, g->copies.copy[i]);
		}
	}
	if (g->mix_known && g->mix_copies_known) {
		put_u(b, M_MIX_COPIES_KNOWN, 1);
		for (unsigned mx = 0; mx < QM_N; mx++)
			for (unsigned i = 0; i < CPU_KINDS; i++) {
				put_u(b, M_MIX_COPY_SRC_0 + 8 * mx + i, g->mix_copy_src[mx][i]);
				put_u(b, M_MIX_COPY_0 + 8 * mx + i, g->mix_copy[mx][i]);
			}
	}
	if (g->mix_known) {
		put_na(b, M_TENSOR_BYTES, g->tensor_bytes);
		for (unsigned i = 0; i < QM_N; i++)
			put_na(b, M_MIX_0 + i, g->mix_bytes[i]);
	}
	sub_end(b, at);
}

static void put_string_off(struct strbuf *b, unsigned field, const struct snapshot *s, size_t off)
{
	if (off && off < s->strings_len)
		put_str(b, field, s->strings + off);
}

static void encode_proc(struct strbuf *b, const struct snapshot *s, const struct snap_proc *p,
                        int sampled_cgroup)
{
	size_t at = sub_begin(b, S_PROC);
	put_s(b, P_PID, p->pid);
	put_s(b, P_PPID, p->ppid);
	put_s(b, P_PGID, p->pgid);
	put_na(b, P_START, p->start);
	put_u(b, P_UID, (uint32_t)(p->uid + 1));
	put_str(b, P_COMM, p->comm);
	put_na(b, P_RSS, p->rss);
	put_na(b, P_ANON, p->anon);
	put_na(b, P_FILE, p->file);
	put_na(b, P_SHMEM, p->shmem);
	put_na(b, P_SWAP, p->swap);
	put_na(b, P_GPU, p->gpu);
	put_s(b, P_OOM_ADJ, p->oom_score_adj);
	put_s(b, P_SAMPLED_CGROUP, sampled_cgroup);
	if (p->kthread)
		put_u(b, P_KTHREAD, 1);
	if (p->detailed) {
		put_u(b, P_DETAILED, 1);
		put_s(b, P_OOM_SCORE, p->oom_score);
		put_string_off(b, P_CMDLINE, s, p->cmdline);
		put_string_off(b, P_USER, s, p->user);
		put_s(b, P_CGROUP, p->cgroup);
		put_string_off(b, P_MODEL, s, p->model);
		put_na(b, P_MODEL_SIZE, p->model_size);
		put_na(b, P_KV_PER_TOKEN, p->model_kv_per_token);
		put_na(b, P_CTX, p->ctx);
		size_t l = sub_begin(b, P_LOAD);
		put_u(b, L_NO_MMAP, p->load.no_mmap);
		put_s(b, L_KV_TYPE, p->load.kv_type);
		if (p->load.kv_type_v != p->load.kv_type)
			put_s(b, L_KV_TYPE_V, p->load.kv_type_v);
		put_s(b, L_FLASH_ATTN, p->load.flash_attn);
		put_s(b, L_GPU_LAYERS, p->load.gpu_layers);
		if (p->load.no_kv_offload)
			put_u(b, L_NO_KV_OFFLOAD, 1);
		if (p->load.ubatch)
			put_u(b, L_UBATCH, p->load.ubatch);
		if (p->load.cache_ram_mib != SNAP_CRAM_UNSAID)
			put_s(b, L_CACHE_RAM, p->load.cache_ram_mib);
		if (p->load.split_mode)
			put_s(b, L_SPLIT_MODE, p->load.split_mode);
		if (p->load.main_gpu)
			put_s(b, L_MAIN_GPU, p->load.main_gpu);
		for (size_t k = 0; k < p->load.nts && k < TSPLIT_MAX; k++)
			put_d(b, L_TS, p->load.ts[k]);
		if (p->load.split_bad)
			put_u(b, L_SPLIT_BAD, 1);
		if (p->load.no_repack)
			put_u(b, L_NO_REPACK, 1);
		if (p->load.no_host)
			put_u(b, L_NO_HOST, 1);
		if (p->load.gpu_backend >= 0)
			put_u(b, L_GPU_BACKEND, (uint64_t)p->load.gpu_backend);
		sub_end(b, l);
		if (p->model_idx >= 0 && (size_t)p->model_idx < s->nmodels)
			encode_model(b, &s->models[p->model_idx]);
		if (p->runtime != RT_UNKNOWN)
			put_u(b, P_RUNTIME, (uint64_t)p->runtime);
	}
	sub_end(b, at);
}

static void encode_kill(struct strbuf *b, const struct oom_kill *k)
{
	size_t at = sub_begin(b, S_KILL);
	put_s(b, K_PID, k->pid);
	put_str(b, K_COMM, k->comm);
	put_na(b, K_ANON, k->anon);
	put_na(b, K_FILE, k->file);
	put_na(b, K_SHMEM, k->shmem);
	put_na(b, K_RSS, k->rss);
	put_u(b, K_CONSTRAINT, (uint64_t)k->constraint);
	put_str(b, K_OOM_MEMCG, k->oom_memcg);
	put_str(b, K_TASK_MEMCG, k->task_memcg);
	put_str(b, K_TRIGGER, k->trigger);
	put_s(b, K_ORDER, k->order);
	put_s(b, K_ADJ, k->oom_score_adj);
	put_u(b, K_TS_US, k->ts_us);
	put_na(b, K_MEMCG_USAGE, k->memcg_usage);
	put_na(b, K_MEMCG_LIMIT, k->memcg_limit);
	for (size_t i = 0; i < k->ntasks && i < OOMR_TASKS_MAX; i++) {
		size_t t = sub_begin(b, K_TASK);
		put_s(b, T_PID, k->tasks[i].pid);
		put_str(b, T_NAME, k->tasks[i].name);
		put_na(b, T_RSS, k->tasks[i].rss);
		put_s(b, T_ADJ, k->tasks[i].oom_score_adj);
		sub_end(b, t);
	}
	put_u(b, K_TASKS_SEEN, k->tasks_seen);
	sub_end(b, at);
}

void rec_encode_sample(struct strbuf *b, const struct snapshot *s, const int *sampled_cgroup,
                       size_t ncgroups_sampled)
{
	put_d(b, S_T, s->t);
	put_d(b, S_MONO, s->mono);
	put_d(b, S_PROCS_MONO, s->procs_mono);
	if (isfinite(s->procs_boot))
		put_d(b, S_PROCS_BOOT, s->procs_boot);
	put_d(b, S_GPUS_MONO, s->gpus_mono);
	put_u(b, S_PAGE_SIZE, s->page_size);
	if (s->cpu != CPU_PLAIN)
		put_u(b, S_CPU, (uint64_t)s->cpu);
	size_t at = sub_begin(b, S_MEM);
	const uint64_t mem[] = {s->mem.total, s->mem.free, s->mem.available, s->mem.buffers,
				s->mem.cached, s->mem.shmem, s->mem.anon, s->mem.mlocked, s->mem.dirty};
	for (unsigned i = 0; i < sizeof mem / sizeof mem[0]; i++)
		put_na(b, i + 1, mem[i]);
	sub_end(b, at);
	at = sub_begin(b, S_SWAP);
	put_na(b, 1, s->swap.total), put_na(b, 2, s->swap.free), put_na(b, 3, s->swap.cached);
	sub_end(b, at);
	at = sub_begin(b, S_VM);
	put_na(b, 1, s->vm.oom_kills), put_na(b, 2, s->vm.pgmajfault);
	put_na(b, 3, s->vm.pswpin), put_na(b, 4, s->vm.pswpout);
	sub_end(b, at);
	at = sub_begin(b, S_PSI);
	put_u(b, PSI_PRESENT, s->psi.present);
	put_d(b, PSI_SOME10, s->psi.some_avg10), put_d(b, PSI_SOME60, s->psi.some_avg60);
	put_d(b, PSI_FULL10, s->psi.full_avg10), put_d(b, PSI_FULL60, s->psi.full_avg60);
	put_d(b, PSI_SOME_TOTAL, s->psi.some_total_s), put_d(b, PSI_FULL_TOTAL, s->psi.full_total_s);
	sub_end(b, at);
	put_s(b, S_SELF_CGROUP, s->self_cgroup);
	put_u(b, S_KERNEL_LOG, s->kernel_log);
	put_u(b, S_PROCS_PARTIAL, s->procs_partial);
	at = sub_begin(b, S_SELF);
	put_u(b, SELF_KNOWN, s->self.known), put_u(b, SELF_LOCKED, s->self.locked);
	put_u(b, SELF_LOWERED, s->self.lowered), put_s(b, SELF_ADJ, s->self.adj);
	sub_end(b, at);
	for (size_t i = 0; i < s->ngpus && i < SNAP_GPUS_MAX; i++)
		encode_gpu(b, &s->gpus[i]);
	for (size_t i = 0; i < s->ngpu_procs && i < SNAP_GPU_PROCS_MAX; i++) {
		at = sub_begin(b, S_GPU_PROC);
		put_s(b, GP_PID, s->gpu_procs[i].pid);
		put_s(b, GP_GPU, s->gpu_procs[i].gpu);
		put_na(b, GP_USED, s->gpu_procs[i].used);
		sub_end(b, at);
	}
	put_str(b, S_GPU_NOTE, s->gpu_note);
	put_u(b, S_GPU_DROPPED, s->gpu_dropped);
	for (size_t i = 0; i < s->nlog_lines; i++)
		put_string_off(b, S_LOG_LINE, s, s->log_lines[i] ? s->log_lines[i] : 0);
	put_string_off(b, S_LOG_FILE, s, s->log_file);
	put_u(b, S_NCGROUPS_SAMPLED, ncgroups_sampled);
	for (size_t i = 0; i < s->ncgroups; i++)
		encode_cgroup(b, &s->cgroups[i]);
	for (size_t i = 0; i < s->nprocs; i++)
		encode_proc(b, s, &s->procs[i], sampled_cgroup ? sampled_cgroup[i] : s->procs[i].cgroup);
	for (size_t i = 0; i < s->nkills; i++)
		encode_kill(b, &s->kills[i]);
}

/* ---- decoding ---------------------------------------------------------- */

struct rd {
	const uint8_t *p, *end;
	bool bad;
};

/* One field's value, whatever its type. */
struct fld {
	unsigned num, wt;
	uint64_t u;                 /* WT_VARINT, WT_FIXED64 */
	const uint8_t *bytes;       /* WT_BYTES */
	size_t len;
};

static uint64_t rd_varint(struct rd *r)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 70; shift += 7) {
		if (r->p >= r->end) {
			r->bad = true;
			return 0;
		}
		uint8_t c = *r->p++;
		if (shift < 64)
			v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
	r->bad = true;   /* longer than 10 bytes */
	return 0;
}

/* The next field into f; false at the end or when the bytes are damaged. */
static bool rd_field(struct rd *r, struct fld *f)
{
	if (r->bad || r->p >= r->end)
		return false;
	uint64_t key = rd_varint(r);
	if (r->bad || key >> 3 == 0 || key >> 3 > UINT32_MAX) {
		r->bad = true;
		return false;
	}
	f->num = (unsigned)(key >> 3);
	f->wt = (unsigned)(key & 7);
	f->u = 0, f->bytes = NULL, f->len = 0;
	switch (f->wt) {
	case WT_VARINT:
		f->u = rd_varint(r);
		break;
	case WT_FIXED64:
		if (r->end - r->p < 8) {
			r->bad = true;
			break;
		}
		for (int i = 0; i < 8; i++)
			f->u |= (uint64_t)r->p[i] << (8 * i);
		r->p += 8;
		break;
	case WT_BYTES: {
		uint64_t n = rd_varint(r);
		if (r->bad || n > (uint64_t)(r->end - r->p)) {
			r->bad = true;
			break;
		}
		f->bytes = r->p, f->len = (size_t)n;
		r->p += n;
		break;
	}
	default:   /* a type this major version does not have */
		r->bad = true;
	}
	return !r->bad;
}

/* Typed views of a field; a field of another type than its number has is
 * skipped, as an unknown one. */
static bool f_u(const struct fld *f, uint64_t *out)
{
	if (f->wt != WT_VARINT)
		return false;
	*out = f->u;
	return true;
}

static void f_na(const struct fld *f, uint64_t *out)
{
	uint64_t v;
	if (f_u(f, &v))
		*out = v - 1;   /* 0 wraps to SNAP_NA */
}

static void f_bool(const struct fld *f, bool *out)
{
	uint64_t v;
	if (f_u(f, &v))
		*out = v != 0;
}

static bool f_s64(const struct fld *f, int64_t *out)
{
	uint64_t v;
	if (!f_u(f, &v))
		return false;
	*out = (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
	return true;
}

/* A signed field into an int32-sized one; out of range is damage. */
static void f_s32(struct rd *r, const struct fld *f, int32_t *out)
{
	int64_t v;
	if (!f_s64(f, &v))
		return;
	if (v < INT32_MIN || v > INT32_MAX)
		r->bad = true;
	else
		*out = (int32_t)v;
}

static void f_int(struct rd *r, const struct fld *f, int *out)
{
	int32_t v = (int32_t)*out;
	f_s32(r, f, &v);
	*out = v;
}

static void f_d(const struct fld *f, double *out)
{
	if (f->wt == WT_FIXED64)
		memcpy(out, &f->u, 8);
}

/* A string into a fixed array: one that does not fit is damage (the
 * writer never writes one), never cut. */
static void f_str(struct rd *r, const struct fld *f, char *out, size_t size)
{
	if (f->wt != WT_BYTES)
		return;
	if (f->len >= size) {
		r->bad = true;
		return;
	}
	memcpy(out, f->bytes, f->len);
	out[f->len] = '\0';
}

/* A string into the snapshot's arena; 0 when it is not a string field. */
static size_t f_arena(const struct fld *f, struct snapshot *s)
{
	if (f->wt != WT_BYTES)
		return 0;
	return snapshot_add_string(s, (const char *)f->bytes, f->len);
}

/* The nested message a field holds (none unless it is length-delimited). */
static struct rd sub_of(const struct fld *f)
{
	struct rd r = {f->bytes, f->bytes ? f->bytes + f->len : NULL, false};
	return r;
}

static void set_err(char *err, size_t errlen, const char *what)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", what);
}

int rec_decode_header(const uint8_t *buf, size_t len, struct rec_header *h, char *err,
                      size_t errlen)
{
	struct rd r = {buf, buf + len, false};
	struct fld f;
	h->host[0] = h->kernel[0] = h->version[0] = '\0';
	h->start = h->interval = 0;
	while (rd_field(&r, &f)) {
		switch (f.num) {
		case H_HOST: f_str(&r, &f, h->host, sizeof h->host); break;
		case H_KERNEL: f_str(&r, &f, h->kernel, sizeof h->kernel); break;
		case H_VERSION: f_str(&r, &f, h->version, sizeof h->version); break;
		case H_START: f_d(&f, &h->start); break;
		case H_INTERVAL: f_d(&f, &h->interval); break;
		default: break;
		}
	}
	if (r.bad) {
		set_err(err, errlen, "its header is damaged");
		return -1;
	}
	return 0;
}

static void decode_mem(struct rd *r, struct snapshot *s)
{
	struct fld f;
	uint64_t *mem[] = {&s->mem.total, &s->mem.free, &s->mem.available, &s->mem.buffers,
			   &s->mem.cached, &s->mem.shmem, &s->mem.anon, &s->mem.mlocked, &s->mem.dirty};
	while (rd_field(r, &f))
		if (f.num >= 1 && f.num <= sizeof mem / sizeof mem[0])
			f_na(&f, mem[f.num - 1]);
}

static void decode_u64s(struct rd *r, uint64_t *const *v, unsigned n)
{
	struct fld f;
	while (rd_field(r, &f))
		if (f.num >= 1 && f.num <= n)
			f_na(&f, v[f.num - 1]);
}

static void decode_psi(struct rd *r, struct snap_psi *p)
{
	struct fld f;
	while (rd_field(r, &f)) {
		switch (f.num) {
		case PSI_PRESENT: f_bool(&f, &p->present); break;
		case PSI_SOME10: f_d(&f, &p->some_avg10); break;
		case PSI_SOME60: f_d(&f, &p->some_avg60); break;
		case PSI_FULL10: f_d(&f, &p->full_avg10); break;
		case PSI_FULL60: f_d(&f, &p->full_avg60); break;
		case PSI_SOME_TOTAL: f_d(&f, &p->some_total_s); break;
		case PSI_FULL_TOTAL: f_d(&f, &p->full_total_s); break;
		default: break;
		}
	}
}

static void decode_self(struct rd *r, struct snapshot *s)
{
	struct fld f;
	while (rd_field(r, &f)) {
		switch (f.num) {
		case SELF_KNOWN: f_bool(&f, &s->self.known); break;
		case SELF_LOCKED: f_bool(&f, &s->self.locked); break;
		case SELF_LOWERED: f_bool(&f, &s->self.lowered); break;
		case SELF_ADJ: f_s32(r, &f, &s->self.adj); break;
		default: break;
		}
	}
}

static void decode_gpu(struct rd *r, struct snap_gpu *g)
{
	struct fld f;
	memset(g, 0, sizeof *g);
	g->total = g->used = g->free = g->reserved = g->gtt_total = g->gtt_used = SNAP_NA;
	g->procs_used = SNAP_NA;
	g->mig = -1;
	while (rd_field(r, &f)) {
		switch (f.num) {
		case G_INDEX: f_int(r, &f, &g->index); break;
		case G_NAME: f_str(r, &f, g->name, sizeof g->name); break;
		case G_VENDOR: f_str(r, &f, g->vendor, sizeof g->vendor); break;
		case G_TOTAL: f_na(&f, &g->total); break;
		case G_USED: f_na(&f, &g->used); break;
		case G_FREE: f_na(&f, &g->free); break;
		case G_RESERVED: f_na(&f, &g->reserved); break;
		case G_GTT_TOTAL: f_na(&f, &g->gtt_total); break;
		case G_GTT_USED: f_na(&f, &g->gtt_used); break;
		case G_UNIFIED: f_bool(&f, &g->unified); break;
		case G_LOST: f_bool(&f, &g->lost); break;
		case G_MIG: f_int(r, &f, &g->mig); break;
		case G_MIG_PARENT: f_bool(&f, &g->mig_parent); break;
		case G_PROCS_KNOWN: f_bool(&f, &g->procs_known); break;
		case G_PROCS_USED: f_na(&f, &g->procs_used); break;
		default: break;
		}
	}
}

static void decode_gpu_proc(struct rd *r, struct snap_gpu_proc *g)
{
	struct fld f;
	g->pid = 0, g->gpu = 0, g->used = SNAP_NA;
	while (rd_field(r, &f)) {
		int32_t v;
		switch (f.num) {
		case GP_PID: v = 0; f_s32(r, &f, &v); g->pid = v; break;
		case GP_GPU: f_int(r, &f, &g->gpu); break;
		case GP_USED: f_na(&f, &g->used); break;
		default: break;
		}
	}
}

static void decode_cgroup(struct rd *r, struct snap_cgroup *c)
{
	struct fld f;
	memset(c, 0, sizeof *c);
	c->limit = c->effective_limit = c->usage = c->swap_limit = c->anon = c->file = SNAP_NA;
	c->shmem = c->oom_kills = c->refaults = c->faults = c->majfaults = SNAP_NA;
	c->limit_hits = c->refaults_anon = c->kernel = SNAP_NA;
	c->limited = -1;
	while (rd_field(r, &f)) {
		uint64_t v;
		switch (f.num) {
		case C_PATH: f_str(r, &f, c->path, sizeof c->path); break;
		case C_VERSION:
			if (f_u(&f, &v))
				c->version = v == CG_V1 ? CG_V1 : v == CG_V2 ? CG_V2 : CG_NONE;
			break;
		case C_LIMIT: f_na(&f, &c->limit); break;
		case C_LIMITED: f_int(r, &f, &c->limited); break;
		case C_EFFECTIVE: f_na(&f, &c->effective_limit); break;
		case C_USAGE: f_na(&f, &c->usage); break;
		case C_SWAP_LIMIT: f_na(&f, &c->swap_limit); break;
		case C_ANON: f_na(&f, &c->anon); break;
		case C_FILE: f_na(&f, &c->file); break;
		case C_SHMEM: f_na(&f, &c->shmem); break;
		case C_OOM_KILLS: f_na(&f, &c->oom_kills); break;
		case C_REFAULTS: f_na(&f, &c->refaults); break;
		case C_FAULTS: f_na(&f, &c->faults); break;
		case C_MAJFAULTS: f_na(&f, &c->majfaults); break;
		case C_LIMIT_HITS: f_na(&f, &c->limit_hits); break;
		case C_REFAULTS_ANON: f_na(&f, &c->refaults_anon); break;
		case C_MONO: f_d(&f, &c->mono); break;
		case C_KERNEL: f_na(&f, &c->kernel); break;
		default: break;
		}
	}
}

static void decode_load(struct rd *r, struct snap_load_args *l)
{
	struct fld f;
	bool said_v = false;
	while (rd_field(r, &f)) {
		int64_t v;
		uint64_t u;
		switch (f.num) {
		case L_NO_MMAP: f_bool(&f, &l->no_mmap); break;
		case L_KV_TYPE: f_int(r, &f, &l->kv_type); break;
		case L_FLASH_ATTN: f_int(r, &f, &l->flash_attn); break;
		case L_GPU_LAYERS:
			if (f_s64(&f, &v))
				l->gpu_layers = v;
			break;
		case L_NO_KV_OFFLOAD: f_bool(&f, &l->no_kv_offload); break;
		case L_CACHE_RAM:
			if (f_s64(&f, &v) && v >= -1 && v <= INT32_MAX)
				l->cache_ram_mib = v;
			break;
		case L_UBATCH:
			/* as kparse takes it: llama.cpp's int32 at most */
			if (f_u(&f, &u) && u <= INT32_MAX)
				l->ubatch = u;
			break;
		case L_SPLIT_MODE:
			/* layer, none, row, tensor: another is damage */
			if (f_s64(&f, &v) && v >= 0 && v <= 3)
				l->split_mode = (int8_t)v;
			else
				r->bad = true;
			break;
		case L_MAIN_GPU: f_s32(r, &f, &l->main_gpu); break;
		case L_TS: {
			/* shares as tsplit_parse takes them, at most TSPLIT_MAX */
			double d = -1;
			f_d(&f, &d);
			if (l->nts < TSPLIT_MAX && d >= 0 && d < 1e9)
				l->ts[l->nts++] = (float)d;
			else
				r->bad = true;
			break;
		}
		case L_SPLIT_BAD: f_bool(&f, &l->split_bad); break;
		case L_NO_REPACK: f_bool(&f, &l->no_repack); break;
		case L_NO_HOST: f_bool(&f, &l->no_host); break;
		case L_GPU_BACKEND:
			if (f_u(&f, &u))
				l->gpu_backend = u ? 1 : 0;
			break;
		case L_KV_TYPE_V:
			f_int(r, &f, &l->kv_type_v);
			said_v = true;
			break;
		default: break;
		}
	}
	if (!said_v)
		l->kv_type_v = l->kv_type;
}

static void decode_model(struct rd *r, struct snap_model *m)
{
	struct gguf_info *g = &m->info;
	struct fld f;
	uint64_t v;
	uint64_t *u64s[] = {
		[M_N_TENSORS] = &g->n_tensors, [M_N_KV] = &g->n_kv, [M_BLOCKS] = &g->block_count,
		[M_CONTEXT] = &g->context_length, [M_EMBEDDING] = &g->embedding_length,
		[M_HEADS] = &g->head_count, [M_HEADS_KV] = &g->head_count_kv,
		[M_KEY_LEN] = &g->key_length, [M_VALUE_LEN] = &g->value_length,
		[M_SLIDING] = &g->sliding_window, [M_KV_HEADS_SUM] = &g->kv_heads_sum,
		[M_KV_ELEMS] = &g->kv_elems, [M_FILE_TYPE] = &g->file_type,
		[M_FFN] = &g->feed_forward_length, [M_VOCAB] = &g->n_vocab, [M_PARAMS] = &g->n_params,
		[M_ALIGNMENT] = &g->alignment, [M_EXPERTS] = &g->expert_count,
		[M_TENSOR_BYTES] = &g->tensor_bytes, [M_SWA_LAYERS] = &g->swa_layers,
		[M_KV_ELEMS_SWA] = &g->kv_elems_swa, [M_KV_VPAD] = &g->kv_vpad,
		[M_KV_VPAD_SWA] = &g->kv_vpad_swa, [M_KV_ELEMS_V] = &g->kv_elems_v,
		[M_KV_ELEMS_SWA_V] = &g->kv_elems_swa_v,
	};
	memset(g, 0xff, sizeof *g);   /* every size GGUF_UNKNOWN */
	g->version = 0, g->arch[0] = g->name[0] = '\0';
	g->mix_known = g->mla = false;   /* not 0xff: a bool holds 0 or 1 */
	/* the RAM/GPU split's tensor sizes are not recorded: a replay has none */
	memset(&g->split, 0, sizeof g->split);
	memset(&g->copies, 0, sizeof g->copies);
	unsigned copies_seen = 0;
	g->mix_copies_known = false;
	memset(g->mix_copy_src, 0, sizeof g->mix_copy_src);
	memset(g->mix_copy, 0, sizeof g->mix_copy);
	uint64_t mix_copies_seen = 0;
	m->file_size = SNAP_NA;
	m->info_known = false;
	while (rd_field(r, &f)) {
		if (f.num < sizeof u64s / sizeof u64s[0] && u64s[f.num]) {
			f_na(&f, u64s[f.num]);
			continue;
		}
		switch (f.num) {
		case M_FILE_SIZE: f_na(&f, &m->file_size); break;
		case M_INFO_KNOWN: f_bool(&f, &m->info_known); break;
		case M_VERSION:
			if (f_u(&f, &v))
				g->version = v > UINT32_MAX ? 0 : (uint32_t)v;
			break;
		case M_ARCH: f_str(r, &f, g->arch, sizeof g->arch); break;
		case M_NAME: f_str(r, &f, g->name, sizeof g->name); break;
		case M_MIX_KNOWN: f_bool(&f, &g->mix_known); break;
		case M_MLA: f_bool(&f, &g->mla); break;
		case M_COPIES_KNOWN: f_bool(&f, &g->copies.known); break;
		case M_MIX_COPIES_KNOWN: f_bool(&f, &g->mix_copies_known); break;
		default:
			if (f.num >= M_COPY_SRC_0 && f.num < M_COPY_SRC_0 + CPU_KINDS && f_u(&f, &v)) {
				g->copies.src[f.num - M_COPY_SRC_0] = v;
				copies_seen |= 1u << (f.num - M_COPY_SRC_0);
			} else if (f.num >= M_COPY_0 && f.num < M_COPY_0 + CPU_KINDS && f_u(&f, &v)) {
				g->copies.copy[f.num - M_COPY_0] = v;
				copies_seen |= 1u << (CPU_KINDS + f.num - M_COPY_0);
			} else if (f.num >= M_MIX_COPY_SRC_0 && f.num < M_MIX_COPY_0 + 8 * QM_N &&
			           (f.num - M_MIX_COPY_SRC_0) % 8 < CPU_KINDS && f_u(&f, &v)) {
				bool src = f.num < M_MIX_COPY_0;
				unsigned at = f.num - (src ? M_MIX_COPY_SRC_0 : M_MIX_COPY_0);
				unsigned mx = at / 8, i = at % 8;
				if (mx < QM_N) {
					if (src)
						g->mix_copy_src[mx][i] = v;
					else
						g->mix_copy[mx][i] = v;
					mix_copies_seen |= 1ull << ((src ? 0 : QM_N * CPU_KINDS) + mx * CPU_KINDS + i);
				}
			}
			if (f.num >= M_MIX_0 && f.num < M_MIX_0 + QM_N)
				f_na(&f, &g->mix_bytes[f.num - M_MIX_0]);
			break;
		}
	}
	/* sizes that did not all come are not known */
	if (copies_seen != (1u << 2 * CPU_KINDS) - 1)
		g->copies.known = false;
	for (unsigned i = 0; g->mix_known && i < QM_N; i++)
		if (g->mix_bytes[i] == GGUF_UNKNOWN || g->tensor_bytes == GGUF_UNKNOWN)
			g->mix_known = false;
	if (mix_copies_seen != (1ull << 2 * QM_N * CPU_KINDS) - 1 || !g->mix_known || !g->copies.known)
		g->mix_copies_known = false;
}

static void decode_proc(struct rd *r, struct snapshot *s, int *sampled)
{
	struct snap_proc *p = snapshot_add_proc(s);
	struct fld f;
	bool kthread_said = false;
	*sampled = -1;
	while (rd_field(r, &f)) {
		int32_t v;
		uint64_t u;
		struct rd sub;
		switch (f.num) {
		case P_PID: v = 0; f_s32(r, &f, &v); p->pid = v; break;
		case P_PPID: v = -1; f_s32(r, &f, &v); p->ppid = v; break;
		case P_PGID: v = 0; f_s32(r, &f, &v); p->pgid = v; break;
		case P_START: f_na(&f, &p->start); break;
		case P_UID:
			if (f_u(&f, &u))
				p->uid = (uid_t)((uint32_t)u - 1);
			break;
		case P_COMM: f_str(r, &f, p->comm, sizeof p->comm); break;
		case P_RSS: f_na(&f, &p->rss); break;
		case P_ANON: f_na(&f, &p->anon); break;
		case P_FILE: f_na(&f, &p->file); break;
		case P_SHMEM: f_na(&f, &p->shmem); break;
		case P_SWAP: f_na(&f, &p->swap); break;
		case P_GPU: f_na(&f, &p->gpu); break;
		case P_OOM_ADJ: f_s32(r, &f, &p->oom_score_adj); break;
		case P_SAMPLED_CGROUP: f_int(r, &f, sampled); break;
		case P_KTHREAD: f_bool(&f, &p->kthread); kthread_said = true; break;
		case P_DETAILED: f_bool(&f, &p->detailed); break;
		case P_OOM_SCORE: f_s32(r, &f, &p->oom_score); break;
		case P_CMDLINE: p->cmdline = f_arena(&f, s); break;
		case P_USER: p->user = f_arena(&f, s); break;
		case P_CGROUP: f_int(r, &f, &p->cgroup); break;
		case P_MODEL: p->model = f_arena(&f, s); break;
		case P_MODEL_SIZE: f_na(&f, &p->model_size); break;
		case P_KV_PER_TOKEN: f_na(&f, &p->model_kv_per_token); break;
		case P_CTX: f_na(&f, &p->ctx); break;
		case P_LOAD:
			if (f.wt != WT_BYTES)
				break;
			sub = sub_of(&f);
			decode_load(&sub, &p->load);
			r->bad |= sub.bad;
			break;
		case P_MODEL_INFO: {
			if (f.wt != WT_BYTES || p->model_idx >= 0)
				break;
			sub = sub_of(&f);
			struct snap_model *m = snapshot_add_model(s);
			decode_model(&sub, m);
			r->bad |= sub.bad;
			p->model_idx = (int)(s->nmodels - 1);
			break;
		}
		case P_RUNTIME:
			/* one a newer writer knows and we do not: unknown */
			if (f_u(&f, &u))
				p->runtime = u <= RT_PYTORCH ? (enum runtime)u : RT_UNKNOWN;
			break;
		default: break;
		}
	}
	/* before 1.2 the flag was not written: Linux's kernel threads are
	 * kthreadd (pid 2) and its children */
	if (!kthread_said)
		p->kthread = p->pid == 2 || p->ppid == 2;
	if (p->model_idx >= 0)
		s->models[p->model_idx].path = p->model;
	if (!p->detailed)   /* details alone move a process to another cgroup */
		p->cgroup = *sampled;
}

static void decode_kill(struct rd *r, struct oom_kill *k)
{
	struct fld f;
	memset(k, 0, sizeof *k);
	k->anon = k->file = k->shmem = k->rss = k->memcg_usage = k->memcg_limit = UINT64_MAX;
	k->order = -1;
	k->oom_score_adj = INT32_MIN;
	while (rd_field(r, &f)) {
		int32_t v;
		uint64_t u;
		struct rd sub;
		switch (f.num) {
		case K_PID: v = 0; f_s32(r, &f, &v); k->pid = v; break;
		case K_COMM: f_str(r, &f, k->comm, sizeof k->comm); break;
		case K_ANON: f_na(&f, &k->anon); break;
		case K_FILE: f_na(&f, &k->file); break;
		case K_SHMEM: f_na(&f, &k->shmem); break;
		case K_RSS: f_na(&f, &k->rss); break;
		case K_CONSTRAINT:
			if (f_u(&f, &u) && u <= 16)   /* a kind a newer kernel names: kept as a number */
				k->constraint = (enum oom_constraint)u;
			break;
		case K_OOM_MEMCG: f_str(r, &f, k->oom_memcg, sizeof k->oom_memcg); break;
		case K_TASK_MEMCG: f_str(r, &f, k->task_memcg, sizeof k->task_memcg); break;
		case K_TRIGGER: f_str(r, &f, k->trigger, sizeof k->trigger); break;
		case K_ORDER: f_int(r, &f, &k->order); break;
		case K_ADJ: f_int(r, &f, &k->oom_score_adj); break;
		case K_TS_US: f_u(&f, &k->ts_us); break;
		case K_MEMCG_USAGE: f_na(&f, &k->memcg_usage); break;
		case K_MEMCG_LIMIT: f_na(&f, &k->memcg_limit); break;
		case K_TASKS_SEEN:
			if (f_u(&f, &u))
				k->tasks_seen = u > SIZE_MAX / 2 ? SIZE_MAX / 2 : (size_t)u;
			break;
		case K_TASK: {
			if (f.wt != WT_BYTES || k->ntasks >= OOMR_TASKS_MAX)
				break;
			struct oom_task *t = &k->tasks[k->ntasks++];
			t->rss = UINT64_MAX, t->oom_score_adj = INT32_MIN;
			struct fld g;
			sub = sub_of(&f);
			while (rd_field(&sub, &g)) {
				switch (g.num) {
				case T_PID: v = 0; f_s32(&sub, &g, &v); t->pid = v; break;
				case T_NAME: f_str(&sub, &g, t->name, sizeof t->name); break;
				case T_RSS: f_na(&g, &t->rss); break;
				case T_ADJ: f_int(&sub, &g, &t->oom_score_adj); break;
				default: break;
				}
			}
			r->bad |= sub.bad;
			break;
		}
		default: break;
		}
	}
	if (k->tasks_seen < k->ntasks)
		k->tasks_seen = k->ntasks;
}

void rec_sample_init(struct rec_sample *r)
{
	memset(r, 0, sizeof *r);
	snapshot_init(&r->snap);
}

void rec_sample_free(struct rec_sample *r)
{
	snapshot_free(&r->snap);
	free(r->sampled_cgroup);
	memset(r, 0, sizeof *r);
}

/* Indexes that point outside their tables make a record damaged: a reader
 * past this point never checks them again. */
static const char *check_sample(const struct rec_sample *out)
{
	const struct snapshot *s = &out->snap;
	long nc = (long)s->ncgroups;
	if (out->ncgroups_sampled > s->ncgroups)
		return "more cgroups sampled than recorded";
	if (s->self_cgroup < -1 || s->self_cgroup >= (long)out->ncgroups_sampled)
		return "its own cgroup is out of range";
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		if (p->cgroup < -1 || p->cgroup >= nc ||
		    out->sampled_cgroup[i] < -1 || out->sampled_cgroup[i] >= (long)out->ncgroups_sampled)
			return "a process's cgroup is out of range";
	}
	for (size_t i = 0; i < s->ngpu_procs; i++)
		if (s->gpu_procs[i].gpu < 0 || (size_t)s->gpu_procs[i].gpu >= s->ngpus)
			return "a GPU process's card is out of range";
	return NULL;
}

int rec_decode_sample(const uint8_t *buf, size_t len, struct rec_sample *out, char *err,
                      size_t errlen)
{
	struct snapshot *s = &out->snap;
	struct rd r = {buf, buf + len, false};
	struct fld f;
	uint64_t u;
	snapshot_reset(s);
	s->procs_mono = s->gpus_mono = 0;
	s->page_size = 0;
	s->cpu = CPU_PLAIN;
	s->gpu_dropped = 0;
	out->ncgroups_sampled = 0;
	const char *why = NULL;
	while (!why && rd_field(&r, &f)) {
		struct rd sub = sub_of(&f);
		bool nested = f.wt == WT_BYTES;
		switch (f.num) {
		case S_T: f_d(&f, &s->t); break;
		case S_MONO: f_d(&f, &s->mono); break;
		case S_PROCS_MONO: f_d(&f, &s->procs_mono); break;
		case S_PROCS_BOOT: f_d(&f, &s->procs_boot); break;
		case S_GPUS_MONO: f_d(&f, &s->gpus_mono); break;
		case S_PAGE_SIZE:
			if (f_u(&f, &u))
				s->page_size = u > UINT32_MAX ? 0 : (uint32_t)u;
			break;
		case S_CPU:
			if (f_u(&f, &u))
				s->cpu = u < CPU_KINDS ? (enum cpu_kind)u : CPU_PLAIN;
			break;
		case S_MEM: if (nested) decode_mem(&sub, s); break;
		case S_SWAP:
			if (nested) {
				uint64_t *const v[] = {&s->swap.total, &s->swap.free, &s->swap.cached};
				decode_u64s(&sub, v, 3);
			}
			break;
		case S_VM:
			if (nested) {
				uint64_t *const v[] = {&s->vm.oom_kills, &s->vm.pgmajfault, &s->vm.pswpin,
						       &s->vm.pswpout};
				decode_u64s(&sub, v, 4);
			}
			break;
		case S_PSI: if (nested) decode_psi(&sub, &s->psi); break;
		case S_SELF_CGROUP: f_int(&r, &f, &s->self_cgroup); break;
		case S_KERNEL_LOG: f_bool(&f, &s->kernel_log); break;
		case S_PROCS_PARTIAL: f_bool(&f, &s->procs_partial); break;
		case S_SELF: if (nested) decode_self(&sub, s); break;
		case S_GPU:
			if (!nested)
				break;
			if (s->ngpus == SNAP_GPUS_MAX)
				why = "too many GPUs";
			else
				decode_gpu(&sub, &s->gpus[s->ngpus++]);
			break;
		case S_GPU_PROC:
			if (!nested)
				break;
			if (s->ngpu_procs == SNAP_GPU_PROCS_MAX)
				why = "too many GPU processes";
			else
				decode_gpu_proc(&sub, &s->gpu_procs[s->ngpu_procs++]);
			break;
		case S_GPU_NOTE: f_str(&r, &f, s->gpu_note, sizeof s->gpu_note); break;
		case S_GPU_DROPPED:
			if (f_u(&f, &u))
				s->gpu_dropped = u > SIZE_MAX / 2 ? SIZE_MAX / 2 : (size_t)u;
			break;
		case S_LOG_LINE:
			if (!nested)
				break;
			xgrow((void **)&s->log_lines, &s->log_lines_cap, s->nlog_lines + 1,
			      sizeof *s->log_lines);
			s->log_lines[s->nlog_lines++] = f_arena(&f, s);
			break;
		case S_LOG_FILE: s->log_file = f_arena(&f, s); break;
		case S_NCGROUPS_SAMPLED:
			if (f_u(&f, &u))
				out->ncgroups_sampled = u > SIZE_MAX / 2 ? SIZE_MAX / 2 : (size_t)u;
			break;
		case S_CGROUP:
			if (!nested)
				break;
			xgrow((void **)&s->cgroups, &s->cgroups_cap, s->ncgroups + 1, sizeof *s->cgroups);
			decode_cgroup(&sub, &s->cgroups[s->ncgroups++]);
			break;
		case S_PROC:
			if (!nested)
				break;
			xgrow((void **)&out->sampled_cgroup, &out->sampled_cap, s->nprocs + 1,
			      sizeof *out->sampled_cgroup);
			decode_proc(&sub, s, &out->sampled_cgroup[s->nprocs]);
			break;
		case S_KILL:
			if (nested)
				decode_kill(&sub, snapshot_add_kill(s));
			break;
		default: break;
		}
		r.bad |= sub.bad;
	}
	if (!why && r.bad)
		why = "its fields are damaged";
	if (!why)
		why = check_sample(out);
	if (why) {
		set_err(err, errlen, why);
		return -1;
	}
	return 0;
}

/* ---- frames ------------------------------------------------------------ */

enum { ENC_RAW = 0, ENC_ZLIB = 1 };
#define FRAME_HEAD 12

static void le16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

struct rec_writer {
	FILE *f;
	struct strbuf raw;
	uint8_t *z;
	size_t zcap;
	int *sampled;
	size_t sampled_cap, nsampled;
	size_t ncgroups_sampled;
	bool marked;
	int error;                  /* the first write error (errno), 0 none */
};

/* One frame, compressed; the file is flushed after it, so what a crash or
 * a kill leaves behind ends with whole records. */
static int write_frame(struct rec_writer *w, char kind, char *err, size_t errlen)
{
	if (w->raw.len > REC_FRAME_MAX) {
		set_err(err, errlen, "a sample is too large to record");
		return -1;
	}
	uLongf zlen = compressBound((uLong)w->raw.len);
	xgrow((void **)&w->z, &w->zcap, (size_t)zlen + FRAME_HEAD, 1);
	if (compress2(w->z + FRAME_HEAD, &zlen, (const Bytef *)w->raw.s, (uLong)w->raw.len,
		      Z_BEST_SPEED) != Z_OK) {
		set_err(err, errlen, "cannot compress a sample");
		return -1;
	}
	w->z[0] = (uint8_t)kind, w->z[1] = ENC_ZLIB, w->z[2] = w->z[3] = 0;
	le32(w->z + 4, (uint32_t)zlen);
	le32(w->z + 8, (uint32_t)w->raw.len);
	if (fwrite(w->z, 1, (size_t)zlen + FRAME_HEAD, w->f) != (size_t)zlen + FRAME_HEAD ||
	    fflush(w->f) != 0) {
		w->error = errno ? errno : EIO;
		snprintf(err, errlen, "cannot write the recording: %s", strerror(w->error));
		return -1;
	}
	return 0;
}

struct rec_writer *rec_writer_open(const char *path, const struct rec_header *h, char *err,
                                   size_t errlen)
{
	FILE *f = fopen(path, "we");
	if (!f) {
		snprintf(err, errlen, "cannot create %.200s: %s", path, strerror(errno));
		return NULL;
	}
	struct rec_writer *w = xcalloc(1, sizeof *w);
	w->f = f;
	uint8_t head[REC_MAGIC_LEN + 4];
	memcpy(head, REC_MAGIC, REC_MAGIC_LEN);
	le16(head + REC_MAGIC_LEN, REC_MAJOR);
	le16(head + REC_MAGIC_LEN + 2, REC_MINOR);
	if (fwrite(head, 1, sizeof head, f) != sizeof head) {
		snprintf(err, errlen, "cannot write %.200s: %s", path, strerror(errno));
		rec_writer_close(w, NULL, 0);
		return NULL;
	}
	rec_encode_header(&w->raw, h);
	if (write_frame(w, 'H', err, errlen) < 0) {
		rec_writer_close(w, NULL, 0);
		return NULL;
	}
	return w;
}

void rec_writer_mark(struct rec_writer *w, const struct snapshot *s)
{
	xgrow((void **)&w->sampled, &w->sampled_cap, s->nprocs + 1, sizeof *w->sampled);
	for (size_t i = 0; i < s->nprocs; i++)
		w->sampled[i] = s->procs[i].cgroup;
	w->nsampled = s->nprocs;
	w->ncgroups_sampled = s->ncgroups;
	w->marked = true;
}

int rec_writer_add(struct rec_writer *w, const struct snapshot *s, char *err, size_t errlen)
{
	if (w->error) {
		snprintf(err, errlen, "cannot write the recording: %s", strerror(w->error));
		return -1;
	}
	bool marked = w->marked && w->nsampled == s->nprocs;
	sb_reset(&w->raw);
	rec_encode_sample(&w->raw, s, marked ? w->sampled : NULL,
			  marked ? w->ncgroups_sampled : s->ncgroups);
	w->marked = false;
	return write_frame(w, 'S', err, errlen);
}

int rec_writer_close(struct rec_writer *w, char *err, size_t errlen)
{
	if (!w)
		return 0;
	int rc = w->error ? -1 : 0;
	if (fclose(w->f) != 0 && rc == 0) {
		rc = -1;
		w->error = errno;
	}
	if (rc < 0 && err)
		snprintf(err, errlen, "cannot write the recording: %s", strerror(w->error ? w->error : EIO));
	sb_free(&w->raw);
	free(w->z);
	free(w->sampled);
	free(w);
	return rc;
}

/* ---- reading ----------------------------------------------------------- */

struct rec_reader {
	FILE *f;
	uint8_t *buf, *raw;
	size_t buf_cap, raw_cap;
	off_t *index;               /* where each sample read so far starts */
	size_t nindex, index_cap;
	size_t next;                /* the sample the next call reads */
	off_t at;                   /* the file position */
};

enum frame_status { FR_OK, FR_END, FR_TRUNC, FR_BAD };

/* Up to want bytes into r->buf, grown as they come (a length that lies
 * costs no more than the file holds). */
static size_t read_grow(struct rec_reader *r, size_t want)
{
	size_t got = 0;
	while (got < want) {
		size_t chunk = want - got < (1u << 20) ? want - got : (1u << 20);
		xgrow((void **)&r->buf, &r->buf_cap, got + chunk, 1);
		size_t n = fread(r->buf + got, 1, chunk, r->f);
		got += n;
		if (n < chunk)
			break;
	}
	return got;
}

/* The next frame: its kind, and its payload inflated into r->raw. */
static enum frame_status read_frame(struct rec_reader *r, char *kind, size_t *len, char *err,
                                    size_t errlen)
{
	uint8_t h[FRAME_HEAD];
	size_t n = fread(h, 1, sizeof h, r->f);
	if (n == 0)
		return FR_END;
	if (n < sizeof h) {
		set_err(err, errlen, "it ends inside a record header");
		return FR_TRUNC;
	}
	uint32_t stored = get32(h + 4), raw = get32(h + 8);
	if (h[1] > ENC_ZLIB || h[2] || h[3] || stored > REC_FRAME_MAX || raw > REC_FRAME_MAX ||
	    (h[1] == ENC_RAW && stored != raw)) {
		set_err(err, errlen, "a record header is damaged");
		return FR_BAD;
	}
	/* deflate shrinks at most about 1032 to 1 */
	if (h[1] == ENC_ZLIB && (uint64_t)raw > (uint64_t)stored * 1032 + 64) {
		set_err(err, errlen, "a record header is damaged");
		return FR_BAD;
	}
	xgrow((void **)&r->buf, &r->buf_cap, 1, 1);   /* never NULL, even for 0 bytes */
	if (read_grow(r, stored) < stored) {
		set_err(err, errlen, "it ends inside a record");
		return FR_TRUNC;
	}
	r->at += (off_t)(FRAME_HEAD + stored);
	*kind = (char)h[0];
	if (h[1] == ENC_RAW) {
		xgrow((void **)&r->raw, &r->raw_cap, (size_t)raw + 1, 1);
		memcpy(r->raw, r->buf, raw);
	} else {
		xgrow((void **)&r->raw, &r->raw_cap, (size_t)raw + 1, 1);
		uLongf out = raw;
		if (uncompress(r->raw, &out, r->buf, stored) != Z_OK || out != raw) {
			set_err(err, errlen, "a record's compressed data is damaged");
			return FR_BAD;
		}
	}
	*len = raw;
	return FR_OK;
}

struct rec_reader *rec_reader_open(FILE *f, struct rec_header *h, char *err, size_t errlen)
{
	uint8_t head[REC_MAGIC_LEN + 4];
	if (!f) {
		set_err(err, errlen, "cannot read it");
		return NULL;
	}
	size_t n = fread(head, 1, sizeof head, f);
	if (n < REC_MAGIC_LEN || memcmp(head, REC_MAGIC, REC_MAGIC_LEN) != 0) {
		set_err(err, errlen, "not an oomcast recording");
		fclose(f);
		return NULL;
	}
	if (n < sizeof head) {
		set_err(err, errlen, "it ends inside its header");
		fclose(f);
		return NULL;
	}
	memset(h, 0, sizeof *h);
	h->major = (uint16_t)(head[8] | head[9] << 8);
	h->minor = (uint16_t)(head[10] | head[11] << 8);
	if (h->major != REC_MAJOR) {
		if (err)
			snprintf(err, errlen, "recording format %u.%u is not supported (this oomcast reads %d.x)",
				 h->major, h->minor, REC_MAJOR);
		fclose(f);
		return NULL;
	}
	struct rec_reader *r = xcalloc(1, sizeof *r);
	r->f = f;
	r->at = (off_t)sizeof head;
	char kind = 0;
	size_t len = 0;
	enum frame_status st = read_frame(r, &kind, &len, err, errlen);
	if (st != FR_OK || kind != 'H') {
		if (st == FR_OK || st == FR_END)
			set_err(err, errlen, "its header is missing");
		else if (st == FR_TRUNC)
			set_err(err, errlen, "it ends inside its header");
		rec_reader_close(r);
		return NULL;
	}
	uint16_t major = h->major, minor = h->minor;
	if (rec_decode_header(r->raw, len, h, err, errlen) < 0) {
		rec_reader_close(r);
		return NULL;
	}
	h->major = major, h->minor = minor;
	return r;
}

void rec_reader_close(struct rec_reader *r)
{
	if (!r)
		return;
	if (r->f)
		fclose(r->f);
	free(r->buf);
	free(r->raw);
	free(r->index);
	free(r);
}

enum rec_status rec_reader_next(struct rec_reader *r, struct rec_sample *out, char *err,
                                size_t errlen)
{
	for (;;) {
		off_t start = r->at;
		char kind = 0;
		size_t len = 0;
		char why[128] = "";
		enum frame_status st = read_frame(r, &kind, &len, why, sizeof why);
		if (st == FR_END)
			return REC_END;
		if (st != FR_OK) {
			/* the file position is unknown now: the next call finds nothing */
			fseeko(r->f, 0, SEEK_END);
			r->at = ftello(r->f);
			if (err)
				snprintf(err, errlen, "%s after sample %zu", why, r->next);
			return st == FR_TRUNC ? REC_TRUNCATED : REC_DAMAGED;
		}
		if (kind != 'S')
			continue;   /* a kind of record a newer minor version added */
		if (rec_decode_sample(r->raw, len, out, why, sizeof why) < 0) {
			fseeko(r->f, 0, SEEK_END);
			r->at = ftello(r->f);
			if (err)
				snprintf(err, errlen, "sample %zu is damaged: %s", r->next + 1, why);
			return REC_DAMAGED;
		}
		if (r->next == r->nindex) {
			xgrow((void **)&r->index, &r->index_cap, r->nindex + 1, sizeof *r->index);
			r->index[r->nindex++] = start;
		}
		r->next++;
		return REC_OK;
	}
}

size_t rec_reader_tell(const struct rec_reader *r)
{
	return r->next;
}

int rec_reader_seek(struct rec_reader *r, size_t i)
{
	if (i > r->nindex || (i == r->nindex && i != r->next))
		return -1;
	off_t to = i < r->nindex ? r->index[i] : r->at;
	if (fseeko(r->f, to, SEEK_SET) != 0)
		return -1;
	r->at = to;
	r->next = i;
	return 0;
}
