/* live.c - the live source: this machine's kernel, read through libproc2
 * (meminfo, vmstat) and small parsers for the rest.
 *
 * Only one file is read for every process, /proc/PID/status (procscan.c);
 * cmdline, oom_score(_adj) and cgroup are read in detail() only for the
 * processes that will be shown. */
#include "source/source.h"

#include <libproc2/meminfo.h>
#include <libproc2/vmstat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "source/cgroup.h"
#include "source/kparse.h"
#include "source/procscan.h"
#include "source/detcache.h"
#include "source/modelfile.h"
#include "model/gguf.h"
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
	struct gpusrc *gpus;
	struct logtail *log;       /* --watch-log, or NULL */
};

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

/* New kernel log records since the last sample: the OOM killer's "Killed
 * process" lines name its victims exactly. /dev/kmsg needs CAP_SYSLOG (or
 * dmesg_restrict=0); without it the forecast names victims from what it saw
 * vanish. */
static void sample_kmsg(struct live *l, struct snapshot *s)
{
	char rec[2048];
	if (l->kmsg < 0)
		return;
	for (int i = 0; i < 256; i++) {   /* bounded: a flood cannot stall a tick */
		ssize_t n = read(l->kmsg, rec, sizeof rec - 1);
		if (n < 0) {
			if (errno == EPIPE)   /* overwritten records: go on */
				continue;
			break;                /* EAGAIN: nothing more */
		}
		if (n == 0)
			break;
		struct snap_kill k = {0};
		if (s->nkills < SNAP_KILLS_MAX &&
		    kparse_oom_kill(rec, (size_t)n, &k.pid, k.comm, &k.rss))
			s->kills[s->nkills++] = k;
	}
}

static void add_log_line(void *ctx, const char *text, size_t n)
{
	struct snapshot *s = ctx;
	if (s->nlog_lines < sizeof s->log_lines / sizeof s->log_lines[0])
		s->log_lines[s->nlog_lines++] = snapshot_add_string(s, text, n);
}

static void add_cgroup(struct live *l, struct snapshot *s, const char *path, int *index)
{
	bool added;
	*index = snapshot_cgroup_index(s, path, l->cg.version, &added);
	if (added)
		cgroup_read(&l->cg, &s->cgroups[*index]);
}

static int live_sample(struct source *src, struct snapshot *s, const char **cause)
{
	struct live *l = (struct live *)src;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	s->t = (double)ts.tv_sec + ts.tv_nsec / 1e9;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->mono = (double)ts.tv_sec + ts.tv_nsec / 1e9;

	sample_meminfo(l, s);
	if (!snap_known(s->mem.total) || s->mem.total == 0) {
		*cause = "cannot read /proc/meminfo (is /proc mounted?)";
		return -1;
	}
	sample_vmstat(l, s);
	sample_psi(l, s);
	sample_kmsg(l, s);
	procscan_read(l->scan, s);
	gpusrc_sample(l->gpus, s);
	if (l->log) {
		s->log_file = snapshot_add_string(s, logtail_path(l->log), strlen(logtail_path(l->log)));
		logtail_read(l->log, add_log_line, s, sizeof s->log_lines / sizeof s->log_lines[0]);
	}
	detcache_tick(l->details);
	if (l->self_cg_known)
		add_cgroup(l, s, l->self_cg, &s->self_cgroup);
	return 0;
}

/* Command line and cgroup change rarely: reread them at most this often (or
 * when comm changes). oom_score follows RSS: read every tick. (oom_score_adj
 * comes with the scan, for every process.) */
#define DETAIL_TTL_S 5.0

/* The KV cache per token (f16) a GGUF model file's header implies, or
 * SNAP_NA (not GGUF, unreadable). Only the start of the file is read, with
 * pread (a file truncated meanwhile is an error, not a SIGBUS), and parsing
 * stops before the tokenizer's arrays. */
static uint64_t gguf_kv_of(int fd)
{
	struct gguf_info g;
	uint64_t size, b;
	char err[160];
	if (gguf_read_fd(fd, GGUF_LIVE_MAX, GGUF_SIZES, &g, &size, err, sizeof err) < 0 ||
	    (b = gguf_kv_bytes(&g, 256, 2.0)) == GGUF_UNKNOWN)
		return SNAP_NA;
	return b / 256;
}

/* The size of the model file a process was started with: how big its load
 * will get. Only a regular file is opened (modelfile.h). */
static void model_of(struct live *l, pid_t pid, struct detail *d, const char *path)
{
	struct stat st;
	int fd = modelfile_open(l->root, pid, path, &st);
	detail_set_model(d, path, fd >= 0 ? (uint64_t)st.st_size : SNAP_NA);
	if (fd >= 0) {
		d->model_kv_per_token = gguf_kv_of(fd);
		close(fd);
	}
}

static void live_detail(struct source *src, struct snapshot *s, size_t i)
{
	struct live *l = (struct live *)src;
	struct snap_proc *p = &s->procs[i];
	char dir[320], buf[8192], line[8192];
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
	struct detail *d = detcache_get(l->details, p->pid, p->comm, s->mono, DETAIL_TTL_S, &stale);
	if (stale) {
		if ((n = readfile2(dir, "cmdline", buf, sizeof buf)) >= 0) {
			char model[1024];
			if (kparse_model_arg(buf, (size_t)n, model, sizeof model))
				model_of(l, p->pid, d, model);
			d->ctx = kparse_ctx_arg(buf, (size_t)n);
			size_t len = kparse_cmdline(buf, (size_t)n, line, sizeof line);
			/* kernel threads and zombies have no command line: [comm], as ps */
			if (len == 0)
				len = (size_t)snprintf(line, sizeof line, "[%s]", p->comm);
			detail_set_cmdline(d, line, len);
		}
		char cg[SNAP_PATH_MAX];
		if (cgroup_of_pid(&l->cg, p->pid, cg, sizeof cg))
			detail_set_cgroup(d, cg);
	}
	if (d->cmdline)
		p->cmdline = snapshot_add_string(s, d->cmdline, strlen(d->cmdline));
	if (d->cgroup)
		add_cgroup(l, s, d->cgroup, &p->cgroup);
	if (d->model) {
		p->model = snapshot_add_string(s, d->model, strlen(d->model));
		p->model_size = d->model_size;
		p->model_kv_per_token = d->model_kv_per_token;
	}
	p->ctx = d->ctx;
}

static void live_destroy(struct source *src)
{
	struct live *l = (struct live *)src;
	procscan_close(l->scan);
	detcache_free(l->details);
	gpusrc_free(l->gpus);
	logtail_close(l->log);
	if (l->kmsg >= 0)
		close(l->kmsg);
	procps_meminfo_unref(&l->mem);
	procps_vmstat_unref(&l->vm);
	free(l);
}

static const struct source_ops live_ops = {
	.name = "live",
	.sample = live_sample,
	.detail = live_detail,
	.destroy = live_destroy,
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
	cgroup_probe(&l->cg, l->root);
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
