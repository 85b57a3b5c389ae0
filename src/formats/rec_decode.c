/* rec_decode.c - a recording's header and sample records back into a
 * snapshot, from untrusted bytes (fuzzed: fuzz/fuzz_recording.c): every
 * length and count checked, unknown fields skipped; see recording.h. */
#include "formats/rec_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

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

static void decode_cgroup(struct rd *r, struct snapshot *s)
{
	struct fld f;
	struct snap_cgroup *c = snapshot_add_cgroup(s, "", 0, CG_NONE);
	while (rd_field(r, &f)) {
		uint64_t v;
		switch (f.num) {
		case C_PATH:
			if (f.wt != WT_BYTES)
				break;
			if (f.len >= SNAP_PATH_MAX) {
				r->bad = true;
				break;
			}
			snapshot_cgroup_set_path(c, (const char *)f.bytes, f.len);
			break;
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
		case L_PARALLEL:
			if (f_u(&f, &u) && u <= INT32_MAX)
				l->parallel = (int32_t)u;
			else
				r->bad = true;
			break;
		case L_KV_UNIFIED:
			if (f_u(&f, &u))
				l->kv_unified = u ? 1 : 0;
			break;
		case L_FIT_OFF: f_bool(&f, &l->fit_off); break;
		case L_HELD_LATE: f_na(&f, &l->held_late); break;
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
			decode_load(&sub, snapshot_proc_load(s, p));
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
		case S_KMSG_MONO: f_d(&f, &s->kmsg_mono); break;
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
		case S_MEMCG_MNT: s->memcg_mnt = f_arena(&f, s); break;
		case S_MEMCG_MNT_ROOT: s->memcg_mnt_root = f_arena(&f, s); break;
		case S_NCGROUPS_SAMPLED:
			if (f_u(&f, &u))
				out->ncgroups_sampled = u > SIZE_MAX / 2 ? SIZE_MAX / 2 : (size_t)u;
			break;
		case S_CGROUP:
			if (!nested)
				break;
			decode_cgroup(&sub, s);
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
