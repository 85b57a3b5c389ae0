/* Unit tests for the recording format (src/formats/rec_encode.c,
 * rec_decode.c, recording.c): a round trip keeps every field, unknown
 * fields and minor versions are read, an unknown major is refused, a
 * truncated file plays to its last whole sample, and damaged bytes are
 * reported, never a crash. */
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

#include "formats/recording.h"
#include "source/replay.h"

static void fill(struct snapshot *s, int k)
{
	snapshot_reset(s);
	s->t = 1700000000.25 + k, s->mono = 100.5 + k, s->procs_mono = 100.75 + k, s->gpus_mono = 101 + k;
	s->procs_boot = 5000.5 + k;   /* 1.4 */
	s->kmsg_mono = 101.25 + k;   /* 1.10 */
	s->page_size = 4096;
	s->cpu = CPU_AMX;   /* 1.7 */
	s->mem.total = 8ull << 30, s->mem.available = (4ull << 30) - (uint64_t)k * 4096;
	s->mem.free = 1 << 30;   /* the rest unknown */
	s->swap.total = 0, s->swap.free = 0;
	s->vm.oom_kills = 3 + (uint64_t)k;
	s->psi.present = true, s->psi.some_avg10 = 1.5, s->psi.full_total_s = 12.125;
	s->kernel_log = true;
	s->self.known = true, s->self.locked = true, s->self.adj = -500;
	bool added;
	s->self_cgroup = snapshot_cgroup_index(s, "/user.slice", CG_V2, &added);
	s->cgroups[0].limit = 2ull << 30, s->cgroups[0].limited = 1, s->cgroups[0].usage = 1ull << 30;
	s->cgroups[0].mono = 100.6;
	s->cgroups[0].kernel = 24ull << 20;   /* 1.6 */
	struct snap_gpu *g = &s->gpus[s->ngpus++];
	memset(g, 0, sizeof *g);
	g->index = 0, g->mig = -1, g->total = 80ull << 30, g->used = 1ull << 30, g->free = SNAP_NA;
	snprintf(g->name, sizeof g->name, "NVIDIA H100");
	snprintf(g->vendor, sizeof g->vendor, "nvidia");
	s->gpu_procs[0] = (struct snap_gpu_proc){.pid = 42, .gpu = 0, .used = 1ull << 30};
	s->ngpu_procs = 1;
	snprintf(s->gpu_note, sizeof s->gpu_note, "note \"quoted\"");
	s->log_file = snapshot_add_string(s, "/var/log/llama.log", 18);
	s->memcg_mnt = snapshot_add_string(s, "/sys/fs/cgroup/memory", 21);
	s->memcg_mnt_root = snapshot_add_string(s, "/", 1);
	s->log_lines = realloc(s->log_lines, sizeof *s->log_lines);
	s->log_lines_cap = 1;
	s->log_lines[s->nlog_lines++] = snapshot_add_string(s, "CUDA error: out of memory", 25);
	for (int i = 0; i < 3; i++) {
		struct snap_proc *p = snapshot_add_proc(s);
		p->pid = 40 + i, p->ppid = 1, p->pgid = 40, p->start = 1234 + (uint64_t)i, p->uid = 1000;
		snprintf(p->comm, sizeof p->comm, "proc\x1b%c", (char)('0' + i));
		p->rss = (uint64_t)(i + 1) << 20, p->anon = 1 << 20, p->file = SNAP_NA;
		p->oom_score_adj = i == 2 ? SNAP_NA_INT : -1000 + i;
		p->cgroup = i == 0 ? 0 : -1;
		p->kthread = i == 0;   /* 1.2; not a child of pid 2: the flag, not the guess */
	}
	/* process 1 detailed: a cgroup of its own, a model */
	struct snap_proc *p = &s->procs[1];
	p->detailed = true;
	p->oom_score = 667;
	p->cmdline = snapshot_add_string(s, "llama-server -m /m.gguf -c 8192", 31);
	p->user = snapshot_add_string(s, "alice", 5);
	p->cgroup = snapshot_cgroup_index(s, "/user.slice/llama", CG_V2, &added);
	p->model = snapshot_add_string(s, "/m.gguf", 7);
	p->model_size = 4ull << 30, p->ctx = 8192, p->model_kv_per_token = 131072;
	struct snap_load_args *la = snapshot_proc_load(s, p);
	la->no_mmap = true, la->kv_type = 1, la->gpu_layers = 99;
	la->no_kv_offload = true, la->ubatch = 1024, la->cache_ram_mib = 256;   /* 1.4 */
	/* 1.5: -sm none -mg 1 -ts 3,1.5 */
	la->split_mode = 1, la->main_gpu = 1, la->nts = 2;
	la->ts[0] = 3, la->ts[1] = 1.5f;
	la->split_bad = true;
	la->no_repack = la->no_host = true;   /* 1.7 */
	la->parallel = 3, la->kv_unified = 0, la->fit_off = true;   /* 1.9 */
	la->held_late = (300ull << 20) + (uint64_t)k;   /* 1.11 */
	la->kv_type_v = 0;   /* 1.5: -ctk q8_0 alone, V f16 */
	p->runtime = RT_LLAMACPP;   /* 1.2 */
	struct snap_model *m = snapshot_add_model(s);
	m->path = p->model, m->file_size = 4ull << 30, m->info_known = true;
	memset(&m->info, 0xff, sizeof m->info);
	/* the RAM/GPU split's tensor sizes are not recorded (gguf.h) */
	memset(&m->info.split, 0, sizeof m->info.split);
	m->info.version = 3, m->info.block_count = 32;
	/* 1.1: the quantisation mixes' sizes (a bool holds 0 or 1, not 0xff) */
	m->info.mix_known = true;
	m->info.tensor_bytes = 8ull << 30;
	for (int i = 0; i < QM_N; i++)
		m->info.mix_bytes[i] = (uint64_t)(QM_N - i) << 29;
	/* 1.2: window layers and MLA */
	m->info.swa_layers = 13, m->info.kv_elems_swa = 26624, m->info.kv_vpad = 0;
	m->info.sliding_window = 4096, m->info.mla = true;
	m->info.kv_elems_v = 65536, m->info.kv_elems_swa_v = 13312;   /* 1.5 */
	/* 1.7: the CPU backend's copies, by kind (a bool holds 0 or 1) */
	memset(&m->info.copies, 0, sizeof m->info.copies);
	m->info.copies.known = true;
	for (int i = 0; i < CPU_KINDS; i++)
		m->info.copies.src[i] = (uint64_t)i << 28, m->info.copies.copy[i] = (uint64_t)(i * 9) << 25;
	m->info.mix_copies_known = true;
	for (int q = 0; q < QM_N; q++)
		for (int i = 0; i < CPU_KINDS; i++)
			m->info.mix_copy_src[q][i] = (uint64_t)(q + i) << 20,
			m->info.mix_copy[q][i] = (uint64_t)(q * 3 + i) << 21;
	snprintf(m->info.arch, sizeof m->info.arch, "llama");
	snprintf(m->info.name, sizeof m->info.name, "Test");
	p->model_idx = 0;
	struct oom_kill *kl = snapshot_add_kill(s);
	memset(kl, 0, sizeof *kl);
	kl->pid = 77, kl->rss = 5 << 20, kl->anon = 4 << 20, kl->file = UINT64_MAX, kl->shmem = 0;
	kl->memcg_usage = kl->memcg_limit = UINT64_MAX;
	kl->constraint = 1, kl->order = 0, kl->oom_score_adj = 0, kl->ts_us = 99;
	snprintf(kl->comm, sizeof kl->comm, "hog");
	snprintf(kl->oom_memcg, sizeof kl->oom_memcg, "/user.slice");
	kl->ntasks = kl->tasks_seen = 1;
	kl->tasks[0] = (struct oom_task){.pid = 77, .rss = 5 << 20, .oom_score_adj = 0};
	snprintf(kl->tasks[0].name, sizeof kl->tasks[0].name, "hog");
}

static void same(const struct snapshot *a, const struct snapshot *b)
{
	assert_true(a->t == b->t && a->mono == b->mono && a->procs_mono == b->procs_mono);
	assert_true(a->gpus_mono == b->gpus_mono);
	assert_true(a->procs_boot == b->procs_boot || (isnan(a->procs_boot) && isnan(b->procs_boot)));
	assert_true(a->kmsg_mono == b->kmsg_mono || (isnan(a->kmsg_mono) && isnan(b->kmsg_mono)));
	assert_int_equal(a->page_size, b->page_size);
	assert_int_equal(a->cpu, b->cpu);
	assert_memory_equal(&a->mem, &b->mem, sizeof a->mem);
	assert_memory_equal(&a->swap, &b->swap, sizeof a->swap);
	assert_memory_equal(&a->vm, &b->vm, sizeof a->vm);
	assert_true(a->psi.present == b->psi.present && a->psi.some_avg10 == b->psi.some_avg10 &&
		    a->psi.full_total_s == b->psi.full_total_s);
	assert_int_equal(a->self_cgroup, b->self_cgroup);
	assert_int_equal(a->kernel_log, b->kernel_log);
	assert_true(a->self.known == b->self.known && a->self.locked == b->self.locked &&
		    a->self.lowered == b->self.lowered && a->self.adj == b->self.adj);
	assert_int_equal(a->ngpus, b->ngpus);
	assert_memory_equal(a->gpus, b->gpus, a->ngpus * sizeof *a->gpus);
	assert_int_equal(a->ngpu_procs, b->ngpu_procs);
	assert_memory_equal(a->gpu_procs, b->gpu_procs, a->ngpu_procs * sizeof *a->gpu_procs);
	assert_string_equal(a->gpu_note, b->gpu_note);
	assert_int_equal(a->nlog_lines, b->nlog_lines);
	for (size_t i = 0; i < a->nlog_lines; i++)
		assert_string_equal(snapshot_string(a, a->log_lines[i]), snapshot_string(b, b->log_lines[i]));
	assert_string_equal(snapshot_string(a, a->log_file), snapshot_string(b, b->log_file));
	assert_string_equal(snapshot_string(a, a->memcg_mnt), snapshot_string(b, b->memcg_mnt));
	assert_string_equal(snapshot_string(a, a->memcg_mnt_root), snapshot_string(b, b->memcg_mnt_root));
	assert_int_equal(a->ncgroups, b->ncgroups);
	for (size_t i = 0; i < a->ncgroups; i++) {
		/* the path by its text, the rest (after the path's buffer) whole */
		const size_t from = offsetof(struct snap_cgroup, version);
		assert_string_equal(a->cgroups[i].path, b->cgroups[i].path);
		assert_memory_equal((const char *)&a->cgroups[i] + from, (const char *)&b->cgroups[i] + from,
		                    sizeof *a->cgroups - from);
	}
	assert_int_equal(a->nprocs, b->nprocs);
	for (size_t i = 0; i < a->nprocs; i++) {
		const struct snap_proc *p = &a->procs[i], *q = &b->procs[i];
		assert_true(p->pid == q->pid && p->ppid == q->ppid && p->pgid == q->pgid);
		assert_true(p->start == q->start && p->uid == q->uid);
		assert_string_equal(p->comm, q->comm);
		assert_true(p->rss == q->rss && p->anon == q->anon && p->file == q->file &&
			    p->shmem == q->shmem && p->swap == q->swap && p->gpu == q->gpu);
		assert_int_equal(p->oom_score_adj, q->oom_score_adj);
		assert_int_equal(p->kthread, q->kthread);
		assert_int_equal(p->detailed, q->detailed);
		assert_int_equal(p->oom_score, q->oom_score);
		assert_int_equal(p->cgroup, q->cgroup);
		const char *pc = snapshot_string(a, p->cmdline), *qc = snapshot_string(b, q->cmdline);
		assert_true((!pc && !qc) || (pc && qc && strcmp(pc, qc) == 0));
		pc = snapshot_string(a, p->user), qc = snapshot_string(b, q->user);
		assert_true((!pc && !qc) || (pc && qc && strcmp(pc, qc) == 0));
		assert_true(p->model_size == q->model_size && p->ctx == q->ctx &&
			    p->model_kv_per_token == q->model_kv_per_token);
		assert_memory_equal(snap_proc_load(a, p), snap_proc_load(b, q), sizeof(struct snap_load_args));
		assert_int_equal(p->runtime, q->runtime);
		assert_int_equal(p->model_idx, q->model_idx);
		if (p->model_idx >= 0) {
			const struct snap_model *m = &a->models[p->model_idx], *n = &b->models[q->model_idx];
			assert_true(m->file_size == n->file_size && m->info_known == n->info_known);
			assert_memory_equal(&m->info, &n->info, sizeof m->info);
			assert_string_equal(snapshot_string(a, m->path), snapshot_string(b, n->path));
		}
	}
	assert_int_equal(a->nkills, b->nkills);
	assert_memory_equal(a->kills, b->kills, a->nkills * sizeof *a->kills);
}

static void test_round_trip(void **state)
{
	(void)state;
	struct snapshot s;
	struct rec_sample r;
	struct strbuf b = {0};
	char err[128];
	snapshot_init(&s);
	rec_sample_init(&r);
	fill(&s, 0);
	int sampled[3] = {0, -1, -1};
	rec_encode_sample(&b, &s, sampled, 1);
	assert_int_equal(rec_decode_sample((const uint8_t *)b.s, b.len, &r, err, sizeof err), 0);
	same(&s, &r.snap);
	assert_int_equal(r.ncgroups_sampled, 1);
	assert_int_equal(r.sampled_cgroup[0], 0);
	assert_int_equal(r.sampled_cgroup[1], -1);
	/* one type for K and V: no V field written, and V read as K's, as
	 * every recording before 1.5 means (not f16, the default) */
	sb_free(&b);
	snapshot_reset(&s);
	fill(&s, 0);
	snapshot_proc_load(&s, &s.procs[1])->kv_type = snapshot_proc_load(&s, &s.procs[1])->kv_type_v = 2;
	rec_encode_sample(&b, &s, sampled, 1);
	size_t len_same = b.len;
	assert_int_equal(rec_decode_sample((const uint8_t *)b.s, b.len, &r, err, sizeof err), 0);
	assert_int_equal(snap_proc_load(&r.snap, &r.snap.procs[1])->kv_type, 2);
	assert_int_equal(snap_proc_load(&r.snap, &r.snap.procs[1])->kv_type_v, 2);
	same(&s, &r.snap);
	sb_free(&b);
	snapshot_reset(&s);
	fill(&s, 0);
	snapshot_proc_load(&s, &s.procs[1])->kv_type = 2, snapshot_proc_load(&s, &s.procs[1])->kv_type_v = 0;
	rec_encode_sample(&b, &s, sampled, 1);
	assert_int_equal(b.len, len_same + 2);   /* the field: its key and value */
	assert_int_equal(rec_decode_sample((const uint8_t *)b.s, b.len, &r, err, sizeof err), 0);
	assert_int_equal(snap_proc_load(&r.snap, &r.snap.procs[1])->kv_type_v, 0);
	sb_free(&b);
	rec_sample_free(&r);
	snapshot_free(&s);
}

static char *tmpname(void)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/h2-test-recording-%d.rec", (int)getpid());
	return path;
}

/* A file of n samples through the writer; its size. */
static long write_file(const char *path, int n)
{
	struct rec_header h = {.start = 1700000000};
	snprintf(h.host, sizeof h.host, "host");
	snprintf(h.kernel, sizeof h.kernel, "6.1.0");
	snprintf(h.version, sizeof h.version, "0.1.0");
	char err[200];
	struct rec_writer *w = rec_writer_open(path, &h, err, sizeof err);
	assert_non_null(w);
	struct snapshot s;
	snapshot_init(&s);
	for (int k = 0; k < n; k++) {
		fill(&s, k);
		rec_writer_mark(w, &s);
		assert_int_equal(rec_writer_add(w, &s, err, sizeof err), 0);
	}
	snapshot_free(&s);
	assert_int_equal(rec_writer_close(w, err, sizeof err), 0);
	FILE *f = fopen(path, "r");
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fclose(f);
	return size;
}

static void test_file_round_trip_and_seek(void **state)
{
	(void)state;
	const char *path = tmpname();
	write_file(path, 4);
	struct rec_header h;
	char err[200];
	struct rec_reader *r = rec_reader_open(fopen(path, "r"), &h, err, sizeof err);
	assert_non_null(r);
	assert_int_equal(h.major, REC_MAJOR);
	assert_int_equal(h.minor, REC_MINOR);
	assert_string_equal(h.host, "host");
	assert_string_equal(h.kernel, "6.1.0");
	assert_true(h.start == 1700000000);
	struct rec_sample rs;
	struct snapshot s;
	rec_sample_init(&rs);
	snapshot_init(&s);
	for (int k = 0; k < 4; k++) {
		assert_int_equal(rec_reader_next(r, &rs, err, sizeof err), REC_OK);
		fill(&s, k);
		same(&s, &rs.snap);
	}
	assert_int_equal(rec_reader_next(r, &rs, err, sizeof err), REC_END);
	assert_int_equal(rec_reader_seek(r, 1), 0);
	assert_int_equal(rec_reader_next(r, &rs, err, sizeof err), REC_OK);
	assert_true(rs.snap.t == 1700000000.25 + 1);
	assert_int_equal(rec_reader_tell(r), 2);
	assert_int_equal(rec_reader_seek(r, 9), -1);
	rec_reader_close(r);
	rec_sample_free(&rs);
	snapshot_free(&s);
	unlink(path);
}

/* Unknown fields of every wire type, at the top and inside a process,
 * are skipped. */
static void test_unknown_fields_skipped(void **state)
{
	(void)state;
	struct snapshot s;
	struct rec_sample r;
	struct strbuf b = {0};
	char err[128];
	snapshot_init(&s);
	rec_sample_init(&r);
	fill(&s, 0);
	/* field 900 varint, 901 fixed64, 902 bytes, first of all */
	sb_write(&b, "\xa0\x38\x05", 3);
	sb_write(&b, "\xa9\x38" "12345678", 10);
	sb_write(&b, "\xb2\x38\x03xyz", 6);
	/* a process message with a future field (field 63, bytes) */
	sb_write(&b, "\xaa\x01\x08\x08\x02\xfa\x03\x03" "abc", 11);   /* S_PROC=21: pid 1 */
	struct strbuf rest = {0};
	rec_encode_sample(&rest, &s, NULL, 2);
	sb_write(&b, rest.s, rest.len);
	int rc = rec_decode_sample((const uint8_t *)b.s, b.len, &r, err, sizeof err);
	if (rc) fprintf(stderr, "%s\n", err);
	assert_int_equal(rc, 0);
	assert_int_equal(r.snap.nprocs, s.nprocs + 1);
	assert_int_equal(r.snap.procs[0].pid, 1);
	assert_int_equal(r.snap.procs[1].pid, 40);
	assert_true(r.snap.t == s.t);
	sb_free(&b);
	sb_free(&rest);
	rec_sample_free(&r);
	snapshot_free(&s);
}

static FILE *patched(const char *path, long at, const void *bytes, size_t n, long cut)
{
	FILE *f = fopen(path, "r");
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	rewind(f);
	char *buf = malloc((size_t)size);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	if (bytes)
		memcpy(buf + at, bytes, n);
	FILE *m = fmemopen(NULL, (size_t)size + 1, "w+");
	fwrite(buf, 1, cut >= 0 ? (size_t)cut : (size_t)size, m);
	rewind(m);
	free(buf);
	return m;
}

static void test_minor_accepted_major_refused(void **state)
{
	(void)state;
	const char *path = tmpname();
	write_file(path, 2);
	struct rec_header h;
	char err[200];
	struct rec_sample rs;
	rec_sample_init(&rs);
	/* 1.7: read, as 1.7 */
	struct rec_reader *r = rec_reader_open(patched(path, 10, "\x07\x00", 2, -1), &h, err, sizeof err);
	assert_non_null(r);
	assert_int_equal(h.minor, 7);
	assert_int_equal(rec_reader_next(r, &rs, err, sizeof err), REC_OK);
	rec_reader_close(r);
	/* 2.0: refused, in words */
	r = rec_reader_open(patched(path, 8, "\x02\x00\x00\x00", 4, -1), &h, err, sizeof err);
	assert_null(r);
	assert_string_equal(err, "recording format 2.0 is not supported (this oomcast reads 1.x)");
	/* not a recording at all */
	r = rec_reader_open(patched(path, 0, "GGUF", 4, -1), &h, err, sizeof err);
	assert_null(r);
	assert_string_equal(err, "not an oomcast recording");
	rec_sample_free(&rs);
	unlink(path);
}

static void test_truncated(void **state)
{
	(void)state;
	const char *path = tmpname();
	long size = write_file(path, 3);
	struct rec_header h;
	char err[200];
	struct rec_sample rs;
	rec_sample_init(&rs);
	/* every cut: the whole samples before it, then TRUNCATED (or END on
	 * a boundary); never a crash */
	int last_ok = -1;
	for (long cut = 12; cut < size; cut += 7) {
		struct rec_reader *r = rec_reader_open(patched(path, 0, NULL, 0, cut), &h, err, sizeof err);
		if (!r)
			continue;   /* inside the header */
		int n = 0;
		enum rec_status st;
		while ((st = rec_reader_next(r, &rs, err, sizeof err)) == REC_OK)
			n++;
		assert_true(st == REC_TRUNCATED || st == REC_END);
		if (st == REC_TRUNCATED)
			assert_non_null(strstr(err, "ends inside a record"));
		assert_true(n >= last_ok && n < 3);
		last_ok = n;
		rec_reader_close(r);
	}
	assert_int_equal(last_ok, 2);
	rec_sample_free(&rs);
	unlink(path);
}

static void test_corrupt(void **state)
{
	(void)state;
	const char *path = tmpname();
	long size = write_file(path, 2);
	struct rec_header h;
	char err[200];
	struct rec_sample rs;
	rec_sample_init(&rs);
	/* a byte of every position flipped: refused or read, never a crash */
	int damaged = 0;
	for (long at = 0; at < size; at++) {
		FILE *f = patched(path, 0, NULL, 0, -1);
		fseek(f, at, SEEK_SET);
		int c = fgetc(f);
		fseek(f, at, SEEK_SET);
		fputc(c ^ 0x5a, f);
		rewind(f);
		struct rec_reader *r = rec_reader_open(f, &h, err, sizeof err);
		if (!r)
			continue;
		enum rec_status st;
		while ((st = rec_reader_next(r, &rs, err, sizeof err)) == REC_OK)
			;
		damaged += st == REC_DAMAGED;
		rec_reader_close(r);
	}
	assert_true(damaged > size / 2);
	/* damaged fields: random bytes as a payload */
	srand(7);
	uint8_t buf[512];
	for (int i = 0; i < 20000; i++) {
		size_t n = (size_t)(rand() % (int)sizeof buf);
		for (size_t j = 0; j < n; j++)
			buf[j] = (uint8_t)rand();
		rec_decode_sample(buf, n, &rs, err, sizeof err);
	}
	/* an index out of its table: a process in cgroup 5 of 1 */
	struct snapshot s;
	struct strbuf b = {0};
	snapshot_init(&s);
	fill(&s, 0);
	s.procs[0].cgroup = 5;
	rec_encode_sample(&b, &s, NULL, 1);
	assert_int_equal(rec_decode_sample((const uint8_t *)b.s, b.len, &rs, err, sizeof err), -1);
	assert_string_equal(err, "a process's cgroup is out of range");
	/* 1.5: a split mode past tensor, a share past what -ts takes */
	for (int k = 0; k < 2; k++) {
		sb_free(&b);
		fill(&s, 0);
		if (k == 0)
			snapshot_proc_load(&s, &s.procs[1])->split_mode = 7;
		else
			snapshot_proc_load(&s, &s.procs[1])->ts[0] = -1;
		rec_encode_sample(&b, &s, NULL, 1);
		assert_int_equal(rec_decode_sample((const uint8_t *)b.s, b.len, &rs, err, sizeof err), -1);
	}
	sb_free(&b);
	snapshot_free(&s);
	rec_sample_free(&rs);
	unlink(path);
}

/* The replay source hands out what a live source filled in sample() at
 * once, and a process's details (its cgroup, its model) only when detail()
 * asks, as the live source did: the pipeline builds the same tables. */
static void test_replay_source(void **state)
{
	(void)state;
	const char *path = tmpname();
	write_file(path, 2);
	struct rec_header h;
	char err[200];
	struct source *src = replay_source_new(path, &h, err, sizeof err);
	assert_non_null(src);
	struct snapshot s;
	const char *cause;
	snapshot_init(&s);
	assert_int_equal(source_sample(src, &s, &cause), 0);
	assert_true(s.t == 1700000000.25 && s.mono == 100.5 && s.procs_mono == 100.75);
	assert_int_equal(s.nprocs, 3);
	assert_int_equal(s.ncgroups, 2);   /* write_file marks after fill: both sampled */
	assert_false(s.procs[1].detailed);
	assert_null(snapshot_string(&s, s.procs[1].cmdline));
	assert_int_equal(s.nkills, 0);
	source_detail(src, &s, 1);
	assert_true(s.procs[1].detailed);
	assert_string_equal(snapshot_string(&s, s.procs[1].cmdline), "llama-server -m /m.gguf -c 8192");
	assert_int_equal(s.procs[1].cgroup, 1);
	assert_int_equal(s.procs[1].model_idx, 0);
	assert_string_equal(snapshot_string(&s, s.models[0].path), "/m.gguf");
	/* a process not detailed when recorded: detailed, nothing known */
	source_detail(src, &s, 0);
	assert_true(s.procs[0].detailed);
	assert_null(snapshot_string(&s, s.procs[0].cmdline));
	assert_int_equal(s.procs[0].oom_score, SNAP_NA_INT);
	source_finish(src, &s);
	assert_int_equal(s.nkills, 1);
	assert_int_equal(s.kills[0].pid, 77);
	/* peek reads ahead without disturbing the sample handed out */
	assert_true(replay_source_peek_t(src) == 1700000001.25);
	snapshot_reset(&s);
	assert_int_equal(source_sample(src, &s, &cause), 0);
	assert_true(s.t == 1700000001.25);
	snapshot_reset(&s);
	assert_int_equal(source_sample(src, &s, &cause), -1);
	assert_string_equal(cause, "the recording ends");
	assert_int_equal(replay_source_status(src, NULL), REC_END);
	assert_int_equal(replay_source_seek(src, 0), 0);
	snapshot_reset(&s);
	assert_int_equal(source_sample(src, &s, &cause), 0);
	assert_true(s.t == 1700000000.25);
	source_destroy(src);
	snapshot_free(&s);
	unlink(path);
}

/* Cgroups a detail added after sample() come from detail() only. */
static void test_replay_cgroup_order(void **state)
{
	(void)state;
	const char *path = tmpname();
	struct rec_header h = {.start = 1};
	char err[200];
	struct rec_writer *w = rec_writer_open(path, &h, err, sizeof err);
	assert_non_null(w);
	struct snapshot s;
	const char *cause;
	snapshot_init(&s);
	fill(&s, 0);
	/* as live: process 1's cgroup was found by its detail */
	s.procs[1].cgroup = -1;
	s.ncgroups = 1;
	rec_writer_mark(w, &s);
	fill(&s, 0);
	assert_int_equal(rec_writer_add(w, &s, err, sizeof err), 0);
	assert_int_equal(rec_writer_close(w, err, sizeof err), 0);
	struct source *src = replay_source_new(path, &h, err, sizeof err);
	assert_non_null(src);
	snapshot_reset(&s);
	assert_int_equal(source_sample(src, &s, &cause), 0);
	assert_int_equal(s.ncgroups, 1);
	assert_int_equal(s.procs[1].cgroup, -1);
	source_detail(src, &s, 1);
	assert_int_equal(s.ncgroups, 2);
	assert_string_equal(s.cgroups[1].path, "/user.slice/llama");
	assert_int_equal(s.procs[1].cgroup, 1);
	source_destroy(src);
	snapshot_free(&s);
	unlink(path);
}

/* A recording copied sample by sample as read (rec_writer_add_recorded,
 * bench/rec_thin.c) reads back the same, the cgroups its source had found
 * before any detail too. */
static void test_copy_recorded(void **state)
{
	(void)state;
	const char *path = tmpname();
	char copy[80];
	snprintf(copy, sizeof copy, "%s.copy", path);
	struct rec_header h = {.start = 1};
	char err[200];
	struct rec_writer *w = rec_writer_open(path, &h, err, sizeof err);
	assert_non_null(w);
	struct snapshot s;
	snapshot_init(&s);
	for (int k = 0; k < 3; k++) {
		fill(&s, k);
		s.procs[1].cgroup = -1;   /* found by its detail, as live */
		s.ncgroups = 1;
		rec_writer_mark(w, &s);
		fill(&s, k);
		assert_int_equal(rec_writer_add(w, &s, err, sizeof err), 0);
	}
	assert_int_equal(rec_writer_close(w, err, sizeof err), 0);
	struct rec_reader *r = rec_reader_open(fopen(path, "r"), &h, err, sizeof err);
	assert_non_null(r);
	w = rec_writer_open(copy, &h, err, sizeof err);
	assert_non_null(w);
	struct rec_sample rs;
	rec_sample_init(&rs);
	while (rec_reader_next(r, &rs, err, sizeof err) == REC_OK)
		assert_int_equal(rec_writer_add_recorded(w, &rs, err, sizeof err), 0);
	assert_int_equal(rec_writer_close(w, err, sizeof err), 0);
	rec_reader_close(r);
	r = rec_reader_open(fopen(copy, "r"), &h, err, sizeof err);
	assert_non_null(r);
	for (int k = 0; k < 3; k++) {
		assert_int_equal(rec_reader_next(r, &rs, err, sizeof err), REC_OK);
		fill(&s, k);
		same(&s, &rs.snap);
		assert_int_equal(rs.ncgroups_sampled, 1);
		assert_int_equal(rs.sampled_cgroup[0], 0);
		assert_int_equal(rs.sampled_cgroup[1], -1);
	}
	assert_int_equal(rec_reader_next(r, &rs, err, sizeof err), REC_END);
	rec_reader_close(r);
	rec_sample_free(&rs);
	snapshot_free(&s);
	unlink(path);
	unlink(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_file_round_trip_and_seek),
		cmocka_unit_test(test_unknown_fields_skipped),
		cmocka_unit_test(test_minor_accepted_major_refused),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_replay_source),
		cmocka_unit_test(test_replay_cgroup_order),
		cmocka_unit_test(test_copy_recorded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
