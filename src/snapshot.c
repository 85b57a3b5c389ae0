/* snapshot.c - storage for one sample: arrays and a string arena that are
 * reused from tick to tick, so a steady machine means a steady footprint. */
#include "snapshot.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

void snapshot_init(struct snapshot *s)
{
	memset(s, 0, sizeof *s);
	snapshot_reset(s);
}

void snapshot_reset(struct snapshot *s)
{
	s->t = s->mono = 0;
	s->procs_boot = NAN;
	s->kmsg_mono = NAN;
	memset(&s->mem, 0xff, sizeof s->mem);   /* all SNAP_NA */
	memset(&s->swap, 0xff, sizeof s->swap);
	memset(&s->vm, 0xff, sizeof s->vm);
	memset(&s->psi, 0, sizeof s->psi);
	s->self_cgroup = -1;
	s->nkills = 0;
	s->kernel_log = false;
	s->procs_partial = false;
	memset(&s->self, 0, sizeof s->self);
	s->self.adj = SNAP_NA_INT;
	s->ngpus = s->ngpu_procs = 0;
	s->gpu_note[0] = '\0';
	s->nlog_lines = 0;
	s->log_file = 0;
	s->memcg_mnt = s->memcg_mnt_root = 0;
	s->nprocs = 0;
	s->nmodels = 0;
	s->nload_args = 0;
	s->ncgroups = 0;
	xgrow((void **)&s->strings, &s->strings_cap, 1, 1);
	s->strings[0] = '\0';
	s->strings_len = 1;
}

void snapshot_free(struct snapshot *s)
{
	free(s->procs);
	/* every slot's path buffer, those of the last sample's unused slots
	 * too (slots are zeroed when the table grows) */
	for (size_t i = 0; i < s->cgroups_cap; i++)
		free(s->cgroups[i].path);
	free(s->cgroups);
	free(s->kills);
	free(s->models);
	free(s->load_args);
	free(s->log_lines);
	free(s->strings);
	memset(s, 0, sizeof *s);
}

void snapshot_reserve_procs(struct snapshot *s, size_t n)
{
	xgrow((void **)&s->procs, &s->procs_cap, n, sizeof *s->procs);
}

struct snap_proc *snapshot_add_proc(struct snapshot *s)
{
	xgrow((void **)&s->procs, &s->procs_cap, s->nprocs + 1, sizeof *s->procs);
	struct snap_proc *p = &s->procs[s->nprocs++];
	memset(p, 0, sizeof *p);
	p->rss = p->anon = p->file = p->shmem = p->swap = p->gpu = SNAP_NA;
	p->growth = NAN;
	p->oom_score = p->oom_score_adj = SNAP_NA_INT;
	p->cgroup = -1;
	p->model_size = p->model_kv_per_token = p->ctx = p->start = SNAP_NA;
	p->model_idx = -1;
	p->load = -1;
	p->uid = SNAP_NA_UID;
	p->ppid = -1;
	return p;
}

struct snap_proc *snapshot_find_proc(struct snapshot *s, pid_t pid)
{
	for (size_t i = 0; i < s->nprocs; i++)
		if (s->procs[i].pid == pid)
			return &s->procs[i];
	return NULL;
}

const char *snapshot_comm(const struct snapshot *s, pid_t pid)
{
	const struct snap_proc *p = snapshot_find_proc((struct snapshot *)s, pid);
	return p && p->comm[0] ? p->comm : "?";
}

const char *snapshot_group_comm(const struct snapshot *s, pid_t pgid)
{
	const char *leader = snapshot_comm(s, pgid);
	if (strcmp(leader, "?") != 0)
		return leader;
	const struct snap_proc *best = NULL;
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct snap_proc *p = &s->procs[i];
		if (p->pgid == pgid && p->comm[0] &&
		    (!best || (snap_known(p->rss) && (!snap_known(best->rss) || p->rss > best->rss))))
			best = p;
	}
	return best ? best->comm : "?";
}

struct snap_model *snapshot_add_model(struct snapshot *s)
{
	xgrow((void **)&s->models, &s->models_cap, s->nmodels + 1, sizeof *s->models);
	struct snap_model *m = &s->models[s->nmodels++];
	memset(m, 0, sizeof *m);
	return m;
}

/* a command line that says none of them: llama.cpp's defaults (static:
 * its padding zero too, so that flags compare as bytes) */
static const struct snap_load_args load_none = {
	.flash_attn = -1, .gpu_layers = -1, .cache_ram_mib = SNAP_CRAM_UNSAID, .gpu_backend = -1,
	.kv_unified = -1, .held_late = SNAP_NA,
};

void snap_load_args_init(struct snap_load_args *a)
{
	memcpy(a, &load_none, sizeof *a);
}

const struct snap_load_args *snap_proc_load(const struct snapshot *s, const struct snap_proc *p)
{
	return p->load >= 0 && (size_t)p->load < s->nload_args ? &s->load_args[p->load] : &load_none;
}

struct snap_load_args *snapshot_proc_load(struct snapshot *s, struct snap_proc *p)
{
	if (p->load < 0 || (size_t)p->load >= s->nload_args) {
		xgrow((void **)&s->load_args, &s->load_args_cap, s->nload_args + 1, sizeof *s->load_args);
		snap_load_args_init(&s->load_args[s->nload_args]);
		p->load = (int32_t)s->nload_args++;
	}
	return &s->load_args[p->load];
}

struct oom_kill *snapshot_add_kill(struct snapshot *s)
{
	xgrow((void **)&s->kills, &s->kills_cap, s->nkills + 1, sizeof *s->kills);
	return &s->kills[s->nkills++];
}

size_t snapshot_add_string(struct snapshot *s, const char *str, size_t len)
{
	xgrow((void **)&s->strings, &s->strings_cap, s->strings_len + len + 1, 1);
	size_t off = s->strings_len;
	memcpy(s->strings + off, str, len);
	s->strings[off + len] = '\0';
	s->strings_len += len + 1;
	return off;
}

int snapshot_cgroup_index(struct snapshot *s, const char *path, enum cg_version v, bool *added)
{
	*added = false;
	for (size_t i = 0; i < s->ncgroups; i++)
		if (s->cgroups[i].version == v && strcmp(s->cgroups[i].path, path) == 0)
			return (int)i;
	snapshot_add_cgroup(s, path, strnlen(path, SNAP_PATH_MAX - 1), v);
	*added = true;
	return (int)s->ncgroups - 1;
}

struct snap_cgroup *snapshot_add_cgroup(struct snapshot *s, const char *path, size_t len,
                                        enum cg_version v)
{
	size_t old = s->cgroups_cap;
	xgrow((void **)&s->cgroups, &s->cgroups_cap, s->ncgroups + 1, sizeof *s->cgroups);
	memset(s->cgroups + old, 0, (s->cgroups_cap - old) * sizeof *s->cgroups);
	struct snap_cgroup *c = &s->cgroups[s->ncgroups++];
	char *buf = c->path;
	size_t cap = c->path_cap;
	memset(c, 0, sizeof *c);
	c->path = buf;
	c->path_cap = cap;
	snapshot_cgroup_set_path(c, path, len);
	c->version = v;
	c->limit = c->effective_limit = c->usage = c->swap_limit = SNAP_NA;
	c->anon = c->file = c->shmem = c->oom_kills = SNAP_NA;
	c->refaults = c->faults = c->majfaults = c->limit_hits = c->refaults_anon = SNAP_NA;
	c->kernel = SNAP_NA;
	c->limited = -1;
	return c;
}

void snapshot_cgroup_set_path(struct snap_cgroup *c, const char *path, size_t len)
{
	xgrow((void **)&c->path, &c->path_cap, len + 1, 1);
	memcpy(c->path, path, len);
	c->path[len] = '\0';
}

void snapshot_cgroup_copy(struct snap_cgroup *dst, const struct snap_cgroup *src)
{
	char *path = dst->path;
	size_t cap = dst->path_cap;
	*dst = *src;
	dst->path = path;
	dst->path_cap = cap;
}

/* Larger rss first; unknown rss counts as 0, so it sorts last; ties by pid. */
static int cmp_rss(const struct snap_proc *x, const struct snap_proc *y)
{
	uint64_t rx = snap_known(x->rss) ? x->rss : 0, ry = snap_known(y->rss) ? y->rss : 0;
	if (rx != ry)
		return rx > ry ? -1 : 1;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

static int cmp_idx_rss(const void *a, const void *b, void *ctx)
{
	const struct snap_proc *p = ctx;
	return cmp_rss(&p[*(const size_t *)a], &p[*(const size_t *)b]);
}

size_t snapshot_top_by_rss(const struct snapshot *s, size_t k, size_t *idx)
{
	if (k == 0 || k >= s->nprocs) {
		for (size_t i = 0; i < s->nprocs; i++)
			idx[i] = i;
		qsort_r(idx, s->nprocs, sizeof *idx, cmp_idx_rss, s->procs);
		return s->nprocs;
	}
	/* the K largest by insertion into a sorted prefix: most processes are
	 * smaller than the K-th and cost one comparison */
	size_t n = 0;
	for (size_t i = 0; i < s->nprocs; i++) {
		if (n == k && cmp_rss(&s->procs[i], &s->procs[idx[k - 1]]) >= 0)
			continue;
		size_t j = n < k ? n++ : k - 1;
		while (j > 0 && cmp_rss(&s->procs[i], &s->procs[idx[j - 1]]) < 0) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = i;
	}
	return n;
}

double snap_proc_leak_size(const struct snap_proc *p)
{
	if (!snap_known(p->anon))
		return NAN;
	return (double)p->anon + (snap_known(p->swap) ? (double)p->swap : 0);
}

double snap_proc_age(const struct snapshot *s, const struct snap_proc *p)
{
	long tck = sysconf(_SC_CLK_TCK);   /* glibc answers from the auxv: no system call */
	if (!snap_known(p->start) || !isfinite(s->procs_boot) || tck <= 0)
		return NAN;
	double age = s->procs_boot - (double)p->start / (double)tck;
	return age >= 0 ? age : NAN;   /* a start after the scan: not this clock */
}

/* Characters a path may hold in a command the user pastes without quotes:
 * what systemd, docker and Kubernetes name their cgroups with. */
static bool shell_plain(const char *p)
{
	for (; *p; p++)
		if (!(isalnum((unsigned char)*p) || strchr("/-_.@:+,=%", *p)))
			return false;
	return true;
}

bool snap_cgroup_dir(const struct snapshot *s, const struct snap_cgroup *c, char *out, size_t outsz)
{
	if (!s->memcg_mnt || !s->memcg_mnt_root || c->path[0] != '/')
		return false;   /* unknown: a recording */
	const char *mnt = snapshot_string(s, s->memcg_mnt), *root = snapshot_string(s, s->memcg_mnt_root);
	if (!mnt[0] || !root[0])
		return false;
	const char *rel = snap_cgroup_rel(root, c->path);
	if (!rel || !shell_plain(mnt) || !shell_plain(rel))
		return false;
	int n = snprintf(out, outsz, "%s%s", mnt, rel);
	return n > 0 && (size_t)n < outsz;
}

bool snap_cgroup_within(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

const char *snap_cgroup_rel(const char *mnt_root, const char *path)
{
	const char *rel = path;
	size_t rl = strlen(mnt_root);
	if (strcmp(mnt_root, "/") != 0) {
		if (strncmp(path, mnt_root, rl) != 0 || (path[rl] != '/' && path[rl]))
			return NULL;
		rel = path + rl;
	}
	if (strstr(rel, "/.."))
		return NULL;
	return strcmp(rel, "/") == 0 ? "" : rel;
}
