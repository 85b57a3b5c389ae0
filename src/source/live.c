/* live.c - the live source: this machine's kernel, read through libproc2
 * (meminfo, vmstat, the process scan) and small parsers for the rest.
 *
 * Only files cheap enough for every process are read for every process: the
 * scan asks libproc2 for items that all come from /proc/PID/status, so each
 * process costs one open+read. cmdline, oom_score(_adj) and cgroup are read in
 * detail() only for processes that will be shown. */
#include "source/source.h"

#include <libproc2/meminfo.h>
#include <libproc2/pids.h>
#include <libproc2/vmstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "source/cgroup.h"
#include "source/kparse.h"
#include "util/readfile.h"
#include "util/xalloc.h"

/* Every item here must come from /proc/PID/status (see file comment). */
static enum pids_item scan_items[] = {
	PIDS_ID_PID, PIDS_ID_PPID, PIDS_ID_EUID, PIDS_ID_EUSER, PIDS_CMD,
	PIDS_VM_RSS, PIDS_VM_RSS_ANON, PIDS_VM_RSS_FILE, PIDS_VM_RSS_SHARED, PIDS_VM_SWAP,
};
enum { I_PID, I_PPID, I_EUID, I_EUSER, I_CMD, I_RSS, I_ANON, I_FILE, I_SHM, I_SWAP };

static enum meminfo_item mem_items[] = {
	MEMINFO_MEM_TOTAL, MEMINFO_MEM_FREE, MEMINFO_MEM_AVAILABLE, MEMINFO_MEM_BUFFERS,
	MEMINFO_MEM_CACHED, MEMINFO_MEM_SHARED, MEMINFO_MEM_ANON, MEMINFO_MEM_LOCKED,
	MEMINFO_MEM_DIRTY, MEMINFO_SWAP_TOTAL, MEMINFO_SWAP_FREE, MEMINFO_SWAP_CACHED,
};

static enum vmstat_item vm_items[] = {
	VMSTAT_OOM_KILL, VMSTAT_PGMAJFAULT, VMSTAT_PSWPIN, VMSTAT_PSWPOUT,
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct live {
	struct source base;
	struct pids_info *pids;
	struct meminfo_info *mem;
	struct vmstat_info *vm;
	struct cgroup_probe cg;
	char root[256];
	char self_cg[SNAP_PATH_MAX];
	bool self_cg_known;
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

static void add_cgroup(struct live *l, struct snapshot *s, const char *path, int *index)
{
	bool added;
	*index = snapshot_cgroup_index(s, path, l->cg.version, &added);
	if (added)
		cgroup_read(&l->cg, &s->cgroups[*index]);
}

static void sample_procs(struct live *l, struct snapshot *s)
{
	struct pids_fetch *f = procps_pids_reap(l->pids, PIDS_FETCH_TASKS_ONLY);
	if (!f)
		return;
	for (int i = 0; i < f->counts->total; i++) {
		struct pids_stack *st = f->stacks[i];
		struct snap_proc *p = snapshot_add_proc(s);
		p->pid = PIDS_VAL(I_PID, s_int, st, l->pids);
		p->ppid = PIDS_VAL(I_PPID, s_int, st, l->pids);
		p->uid = PIDS_VAL(I_EUID, u_int, st, l->pids);
		snprintf(p->user, sizeof p->user, "%s", PIDS_VAL(I_EUSER, str, st, l->pids));
		snprintf(p->comm, sizeof p->comm, "%s", PIDS_VAL(I_CMD, str, st, l->pids));
		p->rss = kib(PIDS_VAL(I_RSS, ul_int, st, l->pids));
		p->anon = kib(PIDS_VAL(I_ANON, ul_int, st, l->pids));
		p->file = kib(PIDS_VAL(I_FILE, ul_int, st, l->pids));
		p->shmem = kib(PIDS_VAL(I_SHM, ul_int, st, l->pids));
		p->swap = kib(PIDS_VAL(I_SWAP, ul_int, st, l->pids));
	}
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
	sample_procs(l, s);
	if (l->self_cg_known)
		add_cgroup(l, s, l->self_cg, &s->self_cgroup);
	return 0;
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
	snprintf(dir, sizeof dir, "%s/proc/%d", l->root, (int)p->pid);
	if ((n = readfile2(dir, "cmdline", buf, sizeof buf)) >= 0) {
		size_t len = kparse_cmdline(buf, (size_t)n, line, sizeof line);
		/* kernel threads and zombies have an empty cmdline: show [comm] like ps */
		if (len == 0)
			len = (size_t)snprintf(line, sizeof line, "[%s]", p->comm);
		p->cmdline = snapshot_add_string(s, line, len);
	}
	if ((n = readfile2(dir, "oom_score", buf, sizeof buf)) > 0)
		p->oom_score = kparse_int(buf, (size_t)n);
	if ((n = readfile2(dir, "oom_score_adj", buf, sizeof buf)) > 0)
		p->oom_score_adj = kparse_int(buf, (size_t)n);
	char cg[SNAP_PATH_MAX];
	if (cgroup_of_pid(&l->cg, p->pid, cg, sizeof cg))
		add_cgroup(l, s, cg, &p->cgroup);
}

static void live_destroy(struct source *src)
{
	struct live *l = (struct live *)src;
	procps_pids_unref(&l->pids);
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
	snprintf(l->root, sizeof l->root, "%s", root ? root : "");
	if (procps_meminfo_new(&l->mem) < 0 || procps_vmstat_new(&l->vm) < 0 ||
	    procps_pids_new(&l->pids, scan_items, N(scan_items)) < 0) {
		*cause = "libproc2 cannot read /proc (is it mounted?)";
		live_destroy(&l->base);
		return NULL;
	}
	cgroup_probe(&l->cg, l->root);
	l->self_cg_known = cgroup_of_pid(&l->cg, 0, l->self_cg, sizeof l->self_cg);
	return &l->base;
}
