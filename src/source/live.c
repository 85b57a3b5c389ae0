/* live.c - the live source: this machine's kernel, read through libproc2
 * (meminfo, vmstat) and small parsers for the rest.
 *
 * Only one file is read for every process, /proc/PID/status (procscan.c);
 * cmdline, oom_score(_adj) and cgroup are read in detail() only for the
 * processes that will be shown (and a llama.cpp program's environ, for its
 * LLAMA_ARG_* variables). */
#include "source/source.h"

#include <libproc2/meminfo.h>
#include <libproc2/vmstat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "formats/oomreport.h"
#include "source/cgroup.h"
#include "source/kparse.h"
#include "source/llamaenv.h"
#include "source/procscan.h"
#include "source/detcache.h"
#include "source/modelfile.h"
#include "formats/gguf.h"
#include "source/gpu.h"
#include "source/logtail.h"
#include "util/readfile.h"
#include "util/xalloc.h"

static enum meminfo_item mem_items[] = {
	MEMINFO_MEM_TOTAL, MEMINFO_MEM_FREE, MEMINFO_MEM_AVAILABLE, MEMINFO_MEM_BUFFERS,
	MEMINFO_MEM_CACHED, MEMINFO_MEM_SHARED, MEMINFO_MEM_ANON, MEMINFO_MEM_LOCKED,
	MEMINFO_MEM_DIRTY, MEMINFO_SWAP_TOTAL, MEMINFO_SWAP_FREE, MEMINFO_SWAP_CACHED,
};

static enum vmstat_item vm_items[] = {
	VMSTAT_OOM_KILL, VMSTAT_PGMAJFAULT, VMSTAT_PSWPIN, VMSTAT_PSWPOUT,
};

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define GGUF_LIVE_MAX ((size_t)16 << 20)   /* the most read of a model file's header */
#define MODEL_SCAN_MIN_RSS (32ull << 20)   /* smaller processes are not loaders */
/* A command line is read up to this much, then marked cut (the mark in
 * cmdline_of names it): the kernel allows a quarter of the stack limit, 2 MiB
 * by default, and real ones are far shorter */
#define CMDLINE_MAX (1u << 20)

struct live {
	struct source base;
	struct procscan *scan;
	struct detcache *details;
	struct meminfo_info *mem;
	struct vmstat_info *vm;
	struct cgroup_probe cg;
	char root[256];
	char self_cg[SNAP_PATH_MAX];
	bool self_cg_known;
	int kmsg;                  /* /dev/kmsg, -1 when we may not read it */
	struct oom_assembler oomasm;   /* a report read in part, across samples */
	/* every memory cgroup with a limit of its own: found by a walk of the
	 * hierarchy now and then, and each one seen with a limit. They stay in
	 * every snapshot while they exist, so a cgroup whose last process was
	 * just OOM-killed still shows its counter (and its meter). */
	char **watch;
	size_t nwatch, watch_cap;
	bool *keep;                /* per watched cgroup: still there (a sample's) */
	size_t keep_cap;
	double walked;             /* monotonic time of the last walk */
	char *procs_buf;           /* cgroup.procs of a watched cgroup */
	size_t procs_cap;
	bool procs_partial;        /* others' processes are hidden from us */
	uint32_t page_size;
	enum cpu_kind cpu;         /* /proc/cpuinfo's, read once */
	struct gpusrc *gpus;
	struct logtail *log;       /* --watch-log, or NULL */
	char *cmd;                 /* a command line being read, reused */
	size_t cmd_cap;
	char *env, *args;          /* a llama.cpp program's environ; its options (reused) */
	size_t env_cap, args_cap;
};

/* Is /proc mounted with hidepid, and we are not root? Then the processes
 * in view are only ours, and the largest of them is not the OOM killer's
 * choice. */
static bool proc_hidden(const char *root)
{
	char path[300], buf[16384];
	if (geteuid() == 0)
		return false;
	snprintf(path, sizeof path, "%s/proc/self/mountinfo", root);
	ssize_t n = readfile(path, buf, sizeof buf);
	if (n <= 0)
		return false;
	for (char *line = buf; line && *line; ) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (strstr(line, " /proc ") && strstr(line, " - proc ") &&
		    (strstr(line, "hidepid=1") || strstr(line, "hidepid=2") ||
		     strstr(line, "hidepid=noaccess") || strstr(line, "hidepid=invisible")))
			return true;
		line = nl ? nl + 1 : NULL;
	}
	return false;
}

static double clock_s(clockid_t clk)
{
	struct timespec ts;
	if (clock_gettime(clk, &ts) != 0)
		return NAN;
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double mono_now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static uint64_t kib(unsigned long v)
{
	return (uint64_t)v * 1024;
}

static void sample_meminfo(struct live *l, struct snapshot *s)
{
	/* select, not get: procps_meminfo_get rereads at most once a second */
	struct meminfo_stack *st = procps_meminfo_select(l->mem, mem_items, N(mem_items));
	if (!st)
		return;
#define MV(i) kib(MEMINFO_VAL(i, ul_int, st, l->mem))
	s->mem.total = MV(0), s->mem.free = MV(1), s->mem.available = MV(2);
	s->mem.buffers = MV(3), s->mem.cached = MV(4), s->mem.shmem = MV(5);
	s->mem.anon = MV(6), s->mem.mlocked = MV(7), s->mem.dirty = MV(8);
	s->swap.total = MV(9), s->swap.free = MV(10), s->swap.cached = MV(11);
#undef MV
}

static void sample_vmstat(struct live *l, struct snapshot *s)
{
	struct vmstat_stack *st = procps_vmstat_select(l->vm, vm_items, N(vm_items));
	if (!st)
		return;
	s->vm.oom_kills = VMSTAT_VAL(0, ul_int, st, l->vm);
	s->vm.pgmajfault = VMSTAT_VAL(1, ul_int, st, l->vm);
	s->vm.pswpin = VMSTAT_VAL(2, ul_int, st, l->vm);
	s->vm.pswpout = VMSTAT_VAL(3, ul_int, st, l->vm);
}

static void sample_psi(struct live *l, struct snapshot *s)
{
	char buf[512], path[512];
	snprintf(path, sizeof path, "%s/proc/pressure/memory", l->root);
	ssize_t n = readfile(path, buf, sizeof buf);
	if (n > 0)
		kparse_psi(buf, (size_t)n, &s->psi);
}

/* New kernel log records since the last sample: the OOM killer's reports
 * name each victim, its size and its scope exactly. /dev/kmsg needs
 * CAP_SYSLOG (or dmesg_restrict=0); without it kills.c works from the
 * counters. Read last in a sample (live_finish), after every counter. */
static void sample_kmsg(struct live *l, struct snapshot *s)
{
	char rec[8192];   /* a record is at most 1 KiB of text, escaped 4x */
	if (l->kmsg < 0)
		return;
	s->kernel_log = true;
	/* bounded: a flood cannot stall a tick; what is left is read next time */
	for (int i = 0; i < 4096; i++) {
		ssize_t n = read(l->kmsg, rec, sizeof rec - 1);
		if (n < 0) {
			if (errno == EPIPE)   /* overwritten records: go on */
				continue;
			break;                /* EAGAIN: nothing more */
		}
		if (n == 0)
			break;
		struct oom_kill k;
		if (oomreport_feed(&l->oomasm, rec, (size_t)n, &k))
			*snapshot_add_kill(s) = k;
	}
	s->kmsg_mono = mono_now();
}

/* ---- watched cgroups ---------------------------------------------------- */

/* lines of a watched log taken per sample: the rest wait in the file for
 * the next (a traceback of a few hundred lines goes in one) */
#define LOG_LINES_PER_SAMPLE 4096

#define WALK_EVERY_S 5.0
#define WALK_MAX_DIRS 4096

static void watch_add(void *ctx, const char *path)
{
	struct live *l = ctx;
	for (size_t i = 0; i < l->nwatch; i++)
		if (strcmp(l->watch[i], path) == 0)
			return;
	xgrow((void **)&l->watch, &l->watch_cap, l->nwatch + 1, sizeof *l->watch);
	l->watch[l->nwatch++] = xstrdup(path);
}

static void add_cgroup(struct live *l, struct snapshot *s, const char *path, int *index);

/* Still there (its own limit file could be read: a removed cgroup's cannot,
 * though an ancestor's limit still reads as its effective one) and bounded
 * by a limit, its own or an ancestor's. */
static bool watchable(const struct snap_cgroup *c)
{
	return c->limited != -1 && snap_known(c->effective_limit);
}

struct member_ctx {
	struct snapshot *s;
	int cgroup;
};

static void set_member(void *vctx, pid_t pid)
{
	struct member_ctx *m = vctx;
	struct snap_proc *p = snapshot_find_proc(m->s, pid);
	if (p)
		p->cgroup = m->cgroup;
}

/* Every watched cgroup into the snapshot; those that are gone (removed, or
 * no limit on them or above them any more) are forgotten. */
static void sample_watched(struct live *l, struct snapshot *s)
{
	if (l->walked == 0 || s->mono - l->walked >= WALK_EVERY_S) {
		l->walked = s->mono;
		cgroup_walk_limited(&l->cg, WALK_MAX_DIRS, watch_add, l);
	}
	/* add_cgroup may add to the list (a cgroup seen with a limit): it is
	 * walked by index, and the ones gone are dropped only after it */
	for (size_t i = 0; i < l->nwatch; i++) {
		int idx;
		add_cgroup(l, s, l->watch[i], &idx);
		xgrow((void **)&l->keep, &l->keep_cap, l->nwatch, sizeof *l->keep);
		l->keep[i] = watchable(&s->cgroups[idx]);
		if (l->keep[i]) {
			/* its processes are known members, detailed or not: the
			 * forecast's driver and victim of a limit are found among
			 * all of them, however few rows a view shows */
			struct member_ctx m = {s, idx};
			cgroup_procs(&l->cg, l->watch[i], &l->procs_buf, &l->procs_cap, set_member, &m);
		}
	}
	size_t w = 0;
	for (size_t i = 0; i < l->nwatch; i++) {
		if (l->keep[i])
			l->watch[w++] = l->watch[i];
		else
			free(l->watch[i]);
	}
	l->nwatch = w;
}

/* A watched log's lines go into the snapshot; a cut one (over
 * LOGTAIL_LINE_MAX) is marked so, never passed off as whole. */
static void add_log_line(void *ctx, const char *text, size_t n, bool cut)
{
	struct snapshot *s = ctx;
	xgrow((void **)&s->log_lines, &s->log_lines_cap, s->nlog_lines + 1, sizeof *s->log_lines);
	s->log_lines[s->nlog_lines++] = snapshot_add_string(s, text, n);
	(void)cut;   /* matched on what was kept: an error is said early in a line */
}
static void add_cgroup(struct live *l, struct snapshot *s, const char *path, int *index)
{
	bool added;
	*index = snapshot_cgroup_index(s, path, l->cg.version, &added);
	if (added) {
		cgroup_read(&l->cg, &s->cgroups[*index]);
		s->cgroups[*index].mono = mono_now();
		if (watchable(&s->cgroups[*index]))
			watch_add(l, path);
	}
}

static int live_sample(struct source *src, struct snapshot *s, const char **cause)
{
	struct live *l = (struct live *)src;
	struct timespec ts;
	/* the processes before the totals they are part of (RAM here, their
	 * cgroups below), and a load's again after them (reread_loads): its
	 * room is a total's plus what it holds, and the less of its two reads
	 * is what the total surely counts, where it grew or was killed during
	 * the scan (half a second of 2,000 processes on a busy machine). The
	 * counters with RAM, next to the time they are stamped with. A victim
	 * killed during the scan is then still listed when the kill counter
	 * rises, and without /dev/kmsg kills.c names it when it is gone a
	 * sample on, unless another process ended in the sample before (then
	 * that one is named). Read before the scan, a victim killed between
	 * the two was gone before its count showed, and was never named. */
	procscan_read(l->scan, s, mono_now());
	s->procs_mono = mono_now();
	s->procs_boot = clock_s(CLOCK_BOOTTIME);
	sample_vmstat(l, s);
	sample_psi(l, s);
	sample_meminfo(l, s);
	clock_gettime(CLOCK_REALTIME, &ts);
	s->t = (double)ts.tv_sec + ts.tv_nsec / 1e9;
	s->mono = mono_now();
	s->page_size = l->page_size;
	s->cpu = l->cpu;
	if (!snap_known(s->mem.total) || s->mem.total == 0) {
		*cause = "cannot read /proc/meminfo (is /proc mounted?)";
		return -1;
	}
	gpusrc_sample(l->gpus, s);
	s->gpus_mono = mono_now();
	if (l->log) {
		s->log_file = snapshot_add_string(s, logtail_path(l->log), strlen(logtail_path(l->log)));
		logtail_read(l->log, add_log_line, s, LOG_LINES_PER_SAMPLE);
	}
	detcache_tick(l->details);
	if (l->self_cg_known)
		add_cgroup(l, s, l->self_cg, &s->self_cgroup);
	if (l->cg.version != CG_NONE) {
		s->memcg_mnt = snapshot_add_string(s, l->cg.mnt, strlen(l->cg.mnt));
		s->memcg_mnt_root = snapshot_add_string(s, l->cg.mnt_root, strlen(l->cg.mnt_root));
	}
	sample_watched(l, s);
	s->procs_partial = l->procs_partial;
	return 0;
}

/* What each process with a model holds, read again now that the totals it
 * is part of are read (RAM above, its cgroup in live_detail): the scan read
 * it before them, so a load that grew meanwhile holds more there than they
 * count, and one killed or freeing meanwhile less here. The less of the two
 * is what they surely count of it (snap_load_args.held_late, loads.c). One
 * status read for each load: there are few. */
static void reread_loads(struct live *l, struct snapshot *s)
{
	for (size_t i = 0; i < s->nprocs; i++) {
		struct snap_proc *p = &s->procs[i];
		if (p->model_idx >= 0)
			snapshot_proc_load(s, p)->held_late = procscan_held(l->scan, p->pid);
	}
}

static void live_finish(struct source *src, struct snapshot *s)
{
	struct live *l = (struct live *)src;
	reread_loads(l, s);
	sample_kmsg(l, s);
}

/* Command line and cgroup change rarely: reread them at most this often (or
 * when comm changes). oom_score follows RSS: read every tick. (oom_score_adj
 * comes with the scan, for every process.) */
#define DETAIL_TTL_S 5.0

/* The header of a GGUF model file, into d: the KV cache per token (f16)
 * and, for a load's footprint, the vocabulary (the tensor table, read when
 * the header's first GGUF_LIVE_MAX bytes hold it; else the sizes alone).
 * Only the start of the file is read, with pread (a file truncated
 * meanwhile is an error, not a SIGBUS). */
static void gguf_of(int fd, struct detail *d)
{
	uint64_t size, b;
	char err[160];
	d->info_known = false;
	if (!d->info)
		d->info = xcalloc(1, sizeof *d->info);
	if (gguf_read_fd(fd, GGUF_LIVE_MAX, GGUF_ALL, d->info, &size, err, sizeof err) < 0 &&
	    gguf_read_fd(fd, GGUF_LIVE_MAX, GGUF_SIZES, d->info, &size, err, sizeof err) < 0) {
		free(d->info);
		d->info = NULL;
		return;
	}
	d->info_known = true;
	if ((b = gguf_kv_bytes(d->info, 256, 2.0)) != GGUF_UNKNOWN)
		d->model_kv_per_token = b / 256;
}

/* The size of the model file a process was started with: how big its load
 * will get. Only a regular file is opened (modelfile.h). -m names a model
 * for llama.cpp, but a module for python (-m vllm.entrypoints...) and an
 * emulation for ld (-m elf_x86_64, seen as a load on a busy machine): it is
 * a model only when the file is GGUF or is named like one (a name that
 * cannot be read, as another user's, still says which model). */
static void model_of(struct live *l, pid_t pid, struct detail *d, const char *path)
{
	struct stat st;
	int fd = modelfile_open(l->root, pid, path, &st);
	d->info_known = false;
	if (fd >= 0) {
		gguf_of(fd, d);
		close(fd);
	}
	if (!d->info_known && !kparse_model_like(path, strlen(path))) {
		free(d->model);
		d->model = NULL;
		d->model_size = d->model_kv_per_token = SNAP_NA;
		return;
	}
	detail_set_model(d, path, fd >= 0 ? (uint64_t)st.st_size : SNAP_NA);
}

/* A model the process did not name with -m: one it has open (a --no-mmap
 * load reading it), from its own /proc/PID/fd. */
static bool model_from_fds(struct live *l, pid_t pid, char *out, size_t outsz)
{
	char dir[320], link[600];
	snprintf(dir, sizeof dir, "%s/proc/%d/fd", l->root, (int)pid);
	DIR *d = opendir(dir);
	if (!d)
		return false;
	struct dirent *e;
	bool found = false;
	while (!found && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(link, sizeof link, "%s/%s", dir, e->d_name);
		ssize_t n = readlink(link, out, outsz - 1);
		if (n <= 0)
			continue;
		out[n] = '\0';
		found = out[0] == '/' && (size_t)n < outsz - 1 && kparse_model_like(out, (size_t)n);
	}
	closedir(d);
	return found;
}

/* One read of /proc/PID/maps: the runtime its libraries show (llama.cpp's
 * inside node or python bindings too, whether or not a model file is still
 * mapped: a --no-mmap load closes it) and, when want_model, a model file it
 * maps (llama.cpp's default). */
static bool maps_of(struct live *l, pid_t pid, bool want_model, char *model, size_t modelsz,
                    enum runtime *rt, int8_t *gpu)
{
	char path[320];
	bool cut, g = false;
	*rt = RT_UNKNOWN;
	*gpu = -1;
	snprintf(path, sizeof path, "%s/proc/%d/maps", l->root, (int)pid);
	ssize_t n = readfile_grow(path, &l->cmd, &l->cmd_cap, 4u << 20, &cut);
	if (n <= 0)
		return false;
	bool found = kparse_maps(l->cmd, (size_t)n, want_model ? model : NULL, modelsz, rt, &g);
	*gpu = g;
	return found;
}

/* Of n bytes of NUL-separated entries (cmdline, environ) read with the
 * file cut at the cap: the whole ones. The last is cut too: not a value
 * to use. */
static size_t whole_entries(const char *buf, size_t n, bool cut)
{
	if (cut)
		while (n && buf[n - 1] != '\0')
			n--;
	return n;
}

/* The options a llama.cpp program reads (its command line: cmd, len bytes)
 * with those its LLAMA_ARG_* variables stand for (llamaenv.h) after them:
 * a buffer of its own, the command line is shown as it is. Only the
 * environment of a llama.cpp program that reads them (llamaenv_reads) is
 * read, nothing but those variables is taken from it, and the copy is
 * wiped after use (it holds secrets: API keys). Returns cmd
 * itself when there are none. */
static const char *with_llama_env(struct live *l, const struct snap_proc *p, const char *dir,
                                  const char *cmd, size_t *len)
{
	char path[400], add[8192];
	bool cut;
	if (!llamaenv_reads(p->comm))
		return cmd;
	snprintf(path, sizeof path, "%s/environ", dir);
	ssize_t n = readfile_grow(path, &l->env, &l->env_cap, CMDLINE_MAX, &cut);
	if (n <= 0)
		return cmd;
	size_t k = llamaenv_args(l->env, whole_entries(l->env, (size_t)n, cut), cmd, *len, add,
	                         sizeof add);
	explicit_bzero(l->env, (size_t)n);   /* all that was read, the cut end too */
	if (k == 0)
		return cmd;
	bool ends = *len == 0 || cmd[*len - 1] == '\0';
	xgrow((void **)&l->args, &l->args_cap, *len + 1 + k, 1);
	memcpy(l->args, cmd, *len);
	if (!ends)
		l->args[(*len)++] = '\0';
	memcpy(l->args + *len, add, k);
	*len += k;
	return l->args;
}

/* The command line, read whole: the option that matters (-c 32768 at the
 * end of a long line) can come after any number of others. The model and
 * context are looked for before the line is joined for showing. */
static void cmdline_of(struct live *l, const struct snap_proc *p, struct detail *d,
                       const char *dir)
{
	char path[400];
	bool cut;
	snprintf(path, sizeof path, "%s/cmdline", dir);
	ssize_t n = readfile_grow(path, &l->cmd, &l->cmd_cap, CMDLINE_MAX, &cut);
	if (n < 0)
		return;
	size_t len = whole_entries(l->cmd, (size_t)n, cut);
	char model[1024];
	size_t alen = len;
	const char *args = with_llama_env(l, p, dir, l->cmd, &alen);
	bool named = kparse_model_arg(args, alen, model, sizeof model);
	d->ctx = kparse_ctx_arg(args, alen);
	kparse_load_args(args, alen, &d->load);
	if (named)
		model_of(l, p->pid, d, model);
	/* joined in place: NULs become spaces */
	len = kparse_cmdline(l->cmd, (size_t)n, l->cmd, (size_t)n + 1);
	if (len == 0) {   /* kernel threads and zombies have none: [comm], as ps */
		char k[SNAP_COMM_MAX + 2];
		len = (size_t)snprintf(k, sizeof k, "[%s]", p->comm);
		detail_set_cmdline(d, k, len);
		return;
	}
	if (cut) {
		static const char mark[] = " [cut at 1 MiB]";
		xgrow((void **)&l->cmd, &l->cmd_cap, len + sizeof mark, 1);
		memcpy(l->cmd + len, mark, sizeof mark);
		len += sizeof mark - 1;
	}
	detail_set_cmdline(d, l->cmd, len);
}

static void live_detail(struct source *src, struct snapshot *s, size_t i)
{
	struct live *l = (struct live *)src;
	struct snap_proc *p = &s->procs[i];
	char dir[320], buf[64];
	ssize_t n;

	if (p->detailed)
		return;
	p->detailed = true;
	if (p->uid != SNAP_NA_UID)
	{
		const char *u = procscan_user(l->scan, p->uid);
		p->user = snapshot_add_string(s, u, strlen(u));
	}
	snprintf(dir, sizeof dir, "%s/proc/%d", l->root, (int)p->pid);
	if ((n = readfile2(dir, "oom_score", buf, sizeof buf)) > 0)
		p->oom_score = kparse_int(buf, (size_t)n);

	bool stale;
	struct detail *d = detcache_get(l->details, p->pid, p->start, p->comm, s->mono, DETAIL_TTL_S,
					&stale);
	if (stale) {
		cmdline_of(l, p, d, dir);
		char cg[SNAP_PATH_MAX];
		if (cgroup_of_pid(&l->cg, p->pid, cg, sizeof cg))
			detail_set_cgroup(d, cg);
	}
	/* a vLLM or SGLang worker says so in its title; a loader that names
	 * no model: the one it has open or mapped; and the runtime its
	 * libraries show (big processes only: the fds and maps are read for
	 * them alone, once a DETAIL_TTL_S) */
	if (stale) {
		d->runtime = kparse_runtime_title(p->comm);
		d->gpu_backend = -1;
	}
	if (stale && snap_known(p->rss) && p->rss >= MODEL_SCAN_MIN_RSS) {
		char model[1024];
		enum runtime rt;
		bool want = !d->model;
		bool found = want && model_from_fds(l, p->pid, model, sizeof model);
		found |= maps_of(l, p->pid, want && !found, model, sizeof model, &rt, &d->gpu_backend);
		if (found)
			model_of(l, p->pid, d, model);
		if (d->runtime == RT_UNKNOWN)
			d->runtime = rt;
	}
	if (d->cmdline)
		p->cmdline = snapshot_add_string(s, d->cmdline, strlen(d->cmdline));
	if (d->cgroup)
		add_cgroup(l, s, d->cgroup, &p->cgroup);
	if (d->model) {
		p->model = snapshot_add_string(s, d->model, strlen(d->model));
		p->model_size = d->model_size;
		p->model_kv_per_token = d->model_kv_per_token;
		struct snap_model *m = snapshot_add_model(s);
		m->path = p->model;
		m->file_size = d->model_size;
		m->info_known = d->info_known && d->info;
		if (m->info_known)
			m->info = *d->info;
		p->model_idx = (int)(s->nmodels - 1);
	}
	struct snap_load_args *la = snapshot_proc_load(s, p);
	*la = d->load;
	la->gpu_backend = d->gpu_backend;
	p->ctx = d->ctx;
	p->runtime = d->runtime;
}

static void live_destroy(struct source *src)
{
	struct live *l = (struct live *)src;
	procscan_close(l->scan);
	detcache_free(l->details);
	gpusrc_free(l->gpus);
	logtail_close(l->log);
	free(l->cmd);
	free(l->env);
	free(l->args);
	if (l->kmsg >= 0)
		close(l->kmsg);
	for (size_t i = 0; i < l->nwatch; i++)
		free(l->watch[i]);
	free(l->watch);
	free(l->keep);
	free(l->procs_buf);
	procps_meminfo_unref(&l->mem);
	procps_vmstat_unref(&l->vm);
	free(l);
}

static void live_inspect(struct source *src, pid_t pid, uint64_t start, struct proc_inspect *out)
{
	struct live *l = (struct live *)src;
	inspect_read(l->root, pid, start, out);
}

static const struct source_ops live_ops = {
	.name = "live",
	.sample = live_sample,
	.detail = live_detail,
	.finish = live_finish,
	.destroy = live_destroy,
	.inspect = live_inspect,
};

struct source *live_source_new(const char *root, const char **cause)
{
	struct live *l = xcalloc(1, sizeof *l);
	l->base.ops = &live_ops;
	l->kmsg = -1;
	snprintf(l->root, sizeof l->root, "%s", root ? root : "");
	if (procps_meminfo_new(&l->mem) < 0 || procps_vmstat_new(&l->vm) < 0 ||
	    !(l->scan = procscan_open(l->root))) {
		*cause = "libproc2 cannot read /proc (is it mounted?)";
		live_destroy(&l->base);
		return NULL;
	}
	l->details = detcache_new();
	/* tests point these at a fake NVML and a fixture sysfs and proc tree
	 * (see oomcast(1), ENVIRONMENT) */
	const char *dr = getenv("OOMCAST_DRM_ROOT");
	l->gpus = gpusrc_new(getenv("OOMCAST_NVML_LIBRARY"), dr ? dr : l->root);
	/* only what is logged from now on: start at the end */
	char kpath[300];
	snprintf(kpath, sizeof kpath, "%s/dev/kmsg", l->root);
	l->kmsg = open(kpath, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (l->kmsg >= 0)
		lseek(l->kmsg, 0, SEEK_END);
	oomreport_init(&l->oomasm);
	cgroup_probe(&l->cg, l->root);
	l->procs_partial = proc_hidden(l->root);
	long ps = sysconf(_SC_PAGESIZE);
	l->page_size = ps > 0 && ps <= (1l << 30) ? (uint32_t)ps : 0;
	l->cpu = cpuinfo_read(l->root);
	l->self_cg_known = cgroup_of_pid(&l->cg, 0, l->self_cg, sizeof l->self_cg);
	return &l->base;
}

int live_source_watch_log(struct source *src, const char *path, char *err, size_t errlen)
{
	struct live *l = (struct live *)src;
	logtail_close(l->log);
	l->log = logtail_open(path, err, errlen);
	return l->log ? 0 : -1;
}
