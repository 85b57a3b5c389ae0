/* replay.c - the replay source; see replay.h. */
#include "source/replay.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct replay {
	struct source base;
	struct rec_reader *rd;
	struct rec_sample buf[2];   /* the sample being handed out, and one read ahead */
	struct rec_sample *cur, *ahead;
	bool have_ahead;            /* ahead holds the next sample (peek) */
	enum rec_status status;
	char msg[256];
	size_t played;
};

/* The next recorded sample into r->cur, unless peek read it already. */
static enum rec_status load_next(struct replay *r)
{
	if (r->have_ahead) {
		struct rec_sample *t = r->cur;
		r->cur = r->ahead, r->ahead = t;
		r->have_ahead = false;
		return REC_OK;
	}
	if (r->status != REC_OK)
		return r->status;
	enum rec_status st = rec_reader_next(r->rd, r->cur, r->msg, sizeof r->msg);
	if (st != REC_OK)
		r->status = st;
	return st;
}

static const struct snap_cgroup *recorded_cgroup(const struct replay *r, int i)
{
	return i >= 0 && (size_t)i < r->cur->snap.ncgroups ? &r->cur->snap.cgroups[i] : NULL;
}

/* The recorded cgroup i into s, as a live source adds a cgroup it meets:
 * once, with the figures read then. Its index in s, or -1. */
static int add_cgroup(const struct replay *r, struct snapshot *s, int i)
{
	const struct snap_cgroup *c = recorded_cgroup(r, i);
	if (!c)
		return -1;
	bool added;
	int idx = snapshot_cgroup_index(s, c->path, c->version, &added);
	if (added)
		snapshot_cgroup_copy(&s->cgroups[idx], c);
	return idx;
}

static size_t copy_string(struct snapshot *to, const struct snapshot *from, size_t off)
{
	const char *str = snapshot_string(from, off);
	return str ? snapshot_add_string(to, str, strlen(str)) : 0;
}

static int replay_sample(struct source *src, struct snapshot *s, const char **cause)
{
	struct replay *r = (struct replay *)src;
	enum rec_status st = load_next(r);
	if (st != REC_OK) {
		*cause = st == REC_END ? "the recording ends" : r->msg;
		return -1;
	}
	r->played++;
	const struct snapshot *c = &r->cur->snap;
	s->t = c->t, s->mono = c->mono, s->procs_mono = c->procs_mono, s->gpus_mono = c->gpus_mono;
	s->procs_boot = c->procs_boot;
	s->page_size = c->page_size;
	s->cpu = c->cpu;
	s->mem = c->mem, s->swap = c->swap, s->vm = c->vm, s->psi = c->psi;
	s->kernel_log = c->kernel_log;
	s->procs_partial = c->procs_partial;
	s->self = c->self;
	memcpy(s->gpus, c->gpus, c->ngpus * sizeof *c->gpus);
	s->ngpus = c->ngpus;
	memcpy(s->gpu_procs, c->gpu_procs, c->ngpu_procs * sizeof *c->gpu_procs);
	s->ngpu_procs = c->ngpu_procs;
	memcpy(s->gpu_note, c->gpu_note, sizeof s->gpu_note);
	s->gpu_dropped = c->gpu_dropped;
	for (size_t i = 0; i < c->nlog_lines; i++) {
		xgrow((void **)&s->log_lines, &s->log_lines_cap, s->nlog_lines + 1, sizeof *s->log_lines);
		s->log_lines[s->nlog_lines++] = copy_string(s, c, c->log_lines[i]);
	}
	s->log_file = copy_string(s, c, c->log_file);
	s->memcg_mnt = copy_string(s, c, c->memcg_mnt);
	s->memcg_mnt_root = copy_string(s, c, c->memcg_mnt_root);
	/* the cgroups the live source had before any details, in its order */
	for (size_t i = 0; i < r->cur->ncgroups_sampled; i++)
		add_cgroup(r, s, (int)i);
	s->self_cgroup = c->self_cgroup;
	for (size_t i = 0; i < c->nprocs; i++) {
		const struct snap_proc *q = &c->procs[i];
		struct snap_proc *p = snapshot_add_proc(s);
		p->pid = q->pid, p->ppid = q->ppid, p->pgid = q->pgid, p->start = q->start;
		p->uid = q->uid;
		memcpy(p->comm, q->comm, sizeof p->comm);
		p->rss = q->rss, p->anon = q->anon, p->file = q->file, p->shmem = q->shmem;
		p->swap = q->swap, p->gpu = q->gpu;
		p->oom_score_adj = q->oom_score_adj;
		p->kthread = q->kthread;
		/* indexes below ncgroups_sampled: the same in s (checked on reading) */
		p->cgroup = r->cur->sampled_cgroup[i];
	}
	return 0;
}

/* The details recorded for process i; one not detailed when it was
 * recorded stays without (unknown), as a process gone by then would. */
static void replay_detail(struct source *src, struct snapshot *s, size_t i)
{
	struct replay *r = (struct replay *)src;
	struct snap_proc *p = &s->procs[i];
	if (p->detailed)
		return;
	p->detailed = true;
	const struct snapshot *c = &r->cur->snap;
	if (i >= c->nprocs || !c->procs[i].detailed)
		return;
	const struct snap_proc *q = &c->procs[i];
	p->oom_score = q->oom_score;
	p->user = copy_string(s, c, q->user);
	p->cmdline = copy_string(s, c, q->cmdline);
	if (q->cgroup >= 0)
		p->cgroup = add_cgroup(r, s, q->cgroup);
	p->model = copy_string(s, c, q->model);
	p->model_size = q->model_size;
	p->model_kv_per_token = q->model_kv_per_token;
	p->ctx = q->ctx;
	if (q->load >= 0)
		*snapshot_proc_load(s, p) = *snap_proc_load(c, q);
	p->runtime = q->runtime;
	if (q->model_idx >= 0 && (size_t)q->model_idx < c->nmodels) {
		struct snap_model *m = snapshot_add_model(s);
		*m = c->models[q->model_idx];
		m->path = p->model;
		p->model_idx = (int)(s->nmodels - 1);
	}
}

/* The kernel's OOM reports come last, as the live source reads them. */
static void replay_finish(struct source *src, struct snapshot *s)
{
	struct replay *r = (struct replay *)src;
	for (size_t i = 0; i < r->cur->snap.nkills; i++)
		*snapshot_add_kill(s) = r->cur->snap.kills[i];
	s->kmsg_mono = r->cur->snap.kmsg_mono;
}

static void replay_destroy(struct source *src)
{
	struct replay *r = (struct replay *)src;
	rec_reader_close(r->rd);
	rec_sample_free(&r->buf[0]);
	rec_sample_free(&r->buf[1]);
	free(r);
}

static const struct source_ops replay_ops = {
	.name = "replay",
	.sample = replay_sample,
	.detail = replay_detail,
	.finish = replay_finish,
	.destroy = replay_destroy,
};

struct source *replay_source_new(const char *path, struct rec_header *h, char *err,
                                 size_t errlen)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		snprintf(err, errlen, "cannot open %.200s: %s", path, strerror(errno));
		return NULL;
	}
	char why[400];
	struct rec_reader *rd = rec_reader_open(f, h, why, sizeof why);
	if (!rd) {
		snprintf(err, errlen, "%.200s: %s", path, why);
		return NULL;
	}
	struct replay *r = xcalloc(1, sizeof *r);
	r->base.ops = &replay_ops;
	r->rd = rd;
	r->status = REC_OK;
	rec_sample_init(&r->buf[0]);
	rec_sample_init(&r->buf[1]);
	r->cur = &r->buf[0], r->ahead = &r->buf[1];
	return &r->base;
}

enum rec_status replay_source_status(const struct source *src, const char **msg)
{
	const struct replay *r = (const struct replay *)src;
	if (msg)
		*msg = r->msg;
	return r->have_ahead ? REC_OK : r->status;
}

size_t replay_source_tell(const struct source *src)
{
	return ((const struct replay *)src)->played;
}

int replay_source_seek(struct source *src, size_t i)
{
	struct replay *r = (struct replay *)src;
	if (rec_reader_seek(r->rd, i) < 0)
		return -1;
	r->have_ahead = false;
	/* a file that ended (or broke) plays again from an earlier sample */
	r->status = REC_OK;
	r->played = i;
	return 0;
}

double replay_source_peek_t(struct source *src)
{
	struct replay *r = (struct replay *)src;
	if (!r->have_ahead) {
		if (r->status != REC_OK)
			return 0;
		enum rec_status st = rec_reader_next(r->rd, r->ahead, r->msg, sizeof r->msg);
		if (st != REC_OK) {
			r->status = st;
			return 0;
		}
		r->have_ahead = true;
	}
	return r->ahead->snap.t;
}
