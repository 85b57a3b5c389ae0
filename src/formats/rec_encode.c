/* rec_encode.c - a snapshot into the bytes of a recording's header and
 * sample records (the field numbers: rec_int.h); see recording.h. */
#include "formats/rec_int.h"

#include <math.h>
#include <string.h>

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
		const struct snap_load_args *la = snap_proc_load(s, p);
		put_u(b, L_NO_MMAP, la->no_mmap);
		put_s(b, L_KV_TYPE, la->kv_type);
		if (la->kv_type_v != la->kv_type)
			put_s(b, L_KV_TYPE_V, la->kv_type_v);
		put_s(b, L_FLASH_ATTN, la->flash_attn);
		put_s(b, L_GPU_LAYERS, la->gpu_layers);
		if (la->no_kv_offload)
			put_u(b, L_NO_KV_OFFLOAD, 1);
		if (la->ubatch)
			put_u(b, L_UBATCH, la->ubatch);
		if (la->cache_ram_mib != SNAP_CRAM_UNSAID)
			put_s(b, L_CACHE_RAM, la->cache_ram_mib);
		if (la->split_mode)
			put_s(b, L_SPLIT_MODE, la->split_mode);
		if (la->main_gpu)
			put_s(b, L_MAIN_GPU, la->main_gpu);
		for (size_t k = 0; k < la->nts && k < TSPLIT_MAX; k++)
			put_d(b, L_TS, la->ts[k]);
		if (la->split_bad)
			put_u(b, L_SPLIT_BAD, 1);
		if (la->no_repack)
			put_u(b, L_NO_REPACK, 1);
		if (la->no_host)
			put_u(b, L_NO_HOST, 1);
		if (la->gpu_backend >= 0)
			put_u(b, L_GPU_BACKEND, (uint64_t)la->gpu_backend);
		if (la->parallel > 0)
			put_u(b, L_PARALLEL, (uint64_t)la->parallel);
		if (la->kv_unified >= 0)
			put_u(b, L_KV_UNIFIED, (uint64_t)la->kv_unified);
		if (la->fit_off)
			put_u(b, L_FIT_OFF, 1);
		if (snap_known(la->held_late))
			put_na(b, L_HELD_LATE, la->held_late);
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
	if (isfinite(s->kmsg_mono))
		put_d(b, S_KMSG_MONO, s->kmsg_mono);
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
	put_string_off(b, S_MEMCG_MNT, s, s->memcg_mnt);
	put_string_off(b, S_MEMCG_MNT_ROOT, s, s->memcg_mnt_root);
	put_u(b, S_NCGROUPS_SAMPLED, ncgroups_sampled);
	for (size_t i = 0; i < s->ncgroups; i++)
		encode_cgroup(b, &s->cgroups[i]);
	for (size_t i = 0; i < s->nprocs; i++)
		encode_proc(b, s, &s->procs[i], sampled_cgroup ? sampled_cgroup[i] : s->procs[i].cgroup);
	for (size_t i = 0; i < s->nkills; i++)
		encode_kill(b, &s->kills[i]);
}
