/* cgroup.c - reading memory cgroups (v1 and v2). The two versions name their
 * files differently; this is the one place that knows both. */
#include "source/cgroup.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source/kparse.h"
#include "util/readfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* v1 has a dozen controllers, each its own hierarchy and line */
#define CG_HIERARCHIES_MAX 16
/* a cgroup's directory: root prefix, mount point, path */
#define CG_DIR_MAX (256 + 256 + SNAP_PATH_MAX)

void cgroup_probe(struct cgroup_probe *cg, const char *root)
{
	char buf[16384], path[512];
	memset(cg, 0, sizeof *cg);
	snprintf(cg->root, sizeof cg->root, "%s", root ? root : "");
	snprintf(path, sizeof path, "%s/proc/self/mountinfo", cg->root);
	ssize_t n = readfile(path, buf, sizeof buf);
	if (n <= 0)
		return;
	if (kparse_mountinfo_cgroup(buf, (size_t)n, CG_V1, cg->mnt, sizeof cg->mnt,
				    cg->mnt_root, sizeof cg->mnt_root)) {
		cg->version = CG_V1;
		return;
	}
	if (kparse_mountinfo_cgroup(buf, (size_t)n, CG_V2, cg->mnt, sizeof cg->mnt,
				    cg->mnt_root, sizeof cg->mnt_root)) {
		char dir[768], ctl[512];
		snprintf(dir, sizeof dir, "%s%s", cg->root, cg->mnt);
		ssize_t m = readfile2(dir, "cgroup.controllers", ctl, sizeof ctl);
		/* cgroup2 without the memory controller (a v1 host) accounts nothing */
		if (m > 0 && (strstr(ctl, "memory ") || strstr(ctl, "memory\n") ||
			      (m >= 6 && strcmp(ctl + m - 6, "memory") == 0)))
			cg->version = CG_V2;
	}
}

/* PF_EXITING in pid's stat flags (a stat not read: not exiting) */
static bool exiting(const struct cgroup_probe *cg, pid_t pid)
{
	char path[512], buf[1024];
	snprintf(path, sizeof path, "%s/proc/%d/stat", cg->root, (int)pid);
	ssize_t n = readfile(path, buf, sizeof buf);
	uint64_t flags = n > 0 ? kparse_stat_flags(buf, (size_t)n) : SNAP_NA;
	return snap_known(flags) && (flags & KPARSE_PF_EXITING);
}

bool cgroup_of_pid(const struct cgroup_probe *cg, pid_t pid, char *out, size_t outsz)
{
	char path[512];
	if (cg->version == CG_NONE)
		return false;
	if (pid > 0)
		snprintf(path, sizeof path, "%s/proc/%d/cgroup", cg->root, (int)pid);
	else
		snprintf(path, sizeof path, "%s/proc/self/cgroup", cg->root);
	/* a line per v1 hierarchy, each path up to SNAP_PATH_MAX: a file that
	 * fills even this is cut, and its memory line may be the cut one */
	size_t cap = CG_HIERARCHIES_MAX * (SNAP_PATH_MAX + 64);
	char *buf = xrealloc(NULL, cap);
	ssize_t n = readfile(path, buf, cap);
	bool ok = n > 0 && (size_t)n < cap - 1 &&
		  kparse_proc_cgroup(buf, (size_t)n, cg->version == CG_V1, out, outsz) == cg->version;
	free(buf);
	if (ok && cg->version == CG_V1 && pid > 0 && strcmp(out, "/") == 0)
		ok = !exiting(cg, pid);
	return ok;
}

/* The directory of cgroup path under the mount, or false when the path lies
 * outside what is mounted (another cgroup namespace). */
static bool cg_dir(const struct cgroup_probe *cg, const char *cgpath, char *out, size_t outsz)
{
	const char *rel = snap_cgroup_rel(cg->mnt_root, cgpath);
	if (!rel)
		return false;
	int n = snprintf(out, outsz, "%s%s%s", cg->root, cg->mnt, rel);
	return n > 0 && (size_t)n < outsz;
}

static uint64_t read_u64(const char *dir, const char *name)
{
	char buf[64];
	ssize_t n = readfile2(dir, name, buf, sizeof buf);
	return n > 0 ? kparse_u64(buf, (size_t)n) : SNAP_NA;
}

static uint64_t read_limit(const char *dir, const char *name, int *limited)
{
	char buf[64];
	ssize_t n = readfile2(dir, name, buf, sizeof buf);
	*limited = -1;
	return n > 0 ? kparse_limit(buf, (size_t)n, limited) : SNAP_NA;
}

static uint64_t read_key(const char *dir, const char *name, const char *key)
{
	char buf[8192];
	ssize_t n = readfile2(dir, name, buf, sizeof buf);
	return n > 0 ? kparse_key(buf, (size_t)n, key) : SNAP_NA;
}

/* The smallest limit on dir (its own: own, SNAP_NA none) or any ancestor
 * up to the mount point: a child cgroup without a limit of its own is
 * still bounded by its parent's. */
static uint64_t effective_limit(const struct cgroup_probe *cg, const char *dir, const char *file,
                                uint64_t own)
{
	char d[CG_DIR_MAX];
	size_t top = strlen(cg->root) + strlen(cg->mnt);
	uint64_t best = own;
	snprintf(d, sizeof d, "%s", dir);
	for (;;) {
		char *slash = strrchr(d, '/');
		if (!slash || (size_t)(slash - d) < top)
			break;
		*slash = '\0';
		int limited;
		uint64_t v = read_limit(d, file, &limited);
		if (limited == 1 && (!snap_known(best) || v < best))
			best = v;
	}
	return best;
}

/* The files and keys each version names differently: the one table that
 * knows both. */
struct cg_files {
	const char *limit, *usage, *swap, *events, *anon, *file, *shmem;
	const char *refault_anon, *refault_file, *fault, *majfault;   /* memory.stat keys */
	const char *hits_file, *hits_key;   /* the limit hit count: file and key */
	bool swap_with_mem;       /* v1's memsw limit counts memory and swap */
};
static const struct cg_files v1_files = {
	"memory.limit_in_bytes", "memory.usage_in_bytes", "memory.memsw.limit_in_bytes",
	"memory.oom_control", "total_rss", "total_cache", "total_shmem",
	"total_workingset_refault_anon", "total_workingset_refault_file", "total_pgfault",
	"total_pgmajfault",
	"memory.failcnt", NULL, true,
};
static const struct cg_files v2_files = {
	"memory.max", "memory.current", "memory.swap.max",
	"memory.events", "anon", "file", "shmem",
	"workingset_refault_anon", "workingset_refault_file", "pgfault", "pgmajfault",
	"memory.events", "max", false,
};

/* A v2 cgroup's kernel memory that reclaim cannot give back: "kernel"
 * (5.18 on: every kernel allocation charged to it, slab included) less the
 * reclaimable slab, plus socket buffers, which v2 charges apart from it.
 * Before 5.18, its parts. Reclaimable slab is left out as page cache is: a
 * walk of a tree brings tens of MiB of dentries and inodes that reclaim
 * takes back before any OOM. SNAP_NA when memory.stat names none. */
static uint64_t v2_kernel(const char *buf, size_t n)
{
	uint64_t k = kparse_key(buf, n, "kernel");
	if (snap_known(k)) {
		uint64_t r = kparse_key(buf, n, "slab_reclaimable");
		k = snap_known(r) && r < k ? k - r : snap_known(r) ? 0 : k;
	} else {
		static const char *const part[] = {
			"kernel_stack", "pagetables", "sec_pagetables", "percpu", "vmalloc",
			"slab_unreclaimable",
		};
		for (size_t i = 0; i < sizeof part / sizeof part[0]; i++) {
			uint64_t v = kparse_key(buf, n, part[i]);
			if (snap_known(v))
				k = snap_add(snap_known(k) ? k : 0, v);
		}
	}
	uint64_t sock = kparse_key(buf, n, "sock");
	if (snap_known(sock))
		k = snap_add(snap_known(k) ? k : 0, sock);
	return k;
}

/* A v1 cgroup's page tables, at least: its memory.stat does not part
 * reclaimable slab from the rest of its kernel memory, but every 512
 * resident 4 KiB anonymous pages need a 4 KiB page-table page, which no
 * reclaim frees while they are mapped (a huge page needs none). At most
 * what it holds beyond its anonymous memory and page cache. */
static uint64_t v1_kernel(const char *buf, size_t n, uint64_t usage, uint64_t anon, uint64_t file)
{
	uint64_t huge = kparse_key(buf, n, "total_rss_huge");
	if (!snap_known(anon))
		return SNAP_NA;
	uint64_t small = snap_known(huge) && huge < anon ? anon - huge : snap_known(huge) ? 0 : anon;
	uint64_t k = small / 512;
	if (snap_known(usage) && snap_known(file)) {
		uint64_t held = usage > anon && usage - anon > file ? usage - anon - file : 0;
		if (k > held)
			k = held;
	}
	return k;
}

void cgroup_read(const struct cgroup_probe *cg, struct snap_cgroup *c)
{
	char dir[CG_DIR_MAX], buf[8192];
	int limited;
	if (c->version != CG_V1 && c->version != CG_V2)
		return;
	if (!cg_dir(cg, c->path, dir, sizeof dir))
		return;
	const struct cg_files *f = c->version == CG_V1 ? &v1_files : &v2_files;
	c->limit = read_limit(dir, f->limit, &c->limited);
	if (c->limited == -1 && c->version == CG_V2 && strcmp(c->path, "/") == 0)
		c->limited = 0;   /* the v2 root has no memory.max: never limited */
	c->usage = read_u64(dir, f->usage);
	c->swap_limit = read_limit(dir, f->swap, &limited);
	if (f->swap_with_mem)   /* report the swap part alone, as v2 does */
		c->swap_limit = snap_known(c->swap_limit) && snap_known(c->limit) &&
			c->swap_limit >= c->limit ? c->swap_limit - c->limit : SNAP_NA;
	c->oom_kills = read_key(dir, f->events, "oom_kill");
	ssize_t n = readfile2(dir, "memory.stat", buf, sizeof buf);
	if (n > 0) {
		c->anon = kparse_key(buf, (size_t)n, f->anon);
		c->file = kparse_key(buf, (size_t)n, f->file);
		c->shmem = kparse_key(buf, (size_t)n, f->shmem);
		/* older kernels have one workingset_refault: then that one */
		uint64_t ra = kparse_key(buf, (size_t)n, f->refault_anon);
		uint64_t rf = kparse_key(buf, (size_t)n, f->refault_file);
		if (!snap_known(rf))
			rf = kparse_key(buf, (size_t)n, c->version == CG_V1 ? "total_workingset_refault"
									   : "workingset_refault");
		c->refaults = snap_known(rf) ? rf + (snap_known(ra) ? ra : 0) : SNAP_NA;
		c->refaults_anon = ra;
		c->faults = kparse_key(buf, (size_t)n, f->fault);
		c->majfaults = kparse_key(buf, (size_t)n, f->majfault);
		c->kernel = c->version == CG_V2 ? v2_kernel(buf, (size_t)n)
		          : v1_kernel(buf, (size_t)n, c->usage, c->anon, c->file);
	}
	/* v1 says the smallest limit on it and its ancestors in memory.stat
	 * (to the real root, above a namespace's too); else the ancestors'
	 * files, one a level (of the dozen files read a cgroup a sample, five
	 * in a container's cgroup four levels down) */
	uint64_t hier = c->version == CG_V1 && n > 0
		? kparse_key(buf, (size_t)n, "hierarchical_memory_limit") : SNAP_NA;
	if (snap_known(hier))
		c->effective_limit = hier >= (UINT64_C(1) << 62) ? SNAP_NA : hier;
	else
		c->effective_limit = effective_limit(cg, dir, f->limit,
		                                     c->limited == 1 ? c->limit : SNAP_NA);
	c->limit_hits = f->hits_key ? read_key(dir, f->hits_file, f->hits_key)
	                            : read_u64(dir, f->hits_file);
}

/* ---- finding every limited cgroup --------------------------------------- */

struct walk {
	const struct cgroup_probe *cg;
	const struct cg_files *f;
	void (*fn)(void *ctx, const char *path);
	void *ctx;
	size_t left;              /* directories still allowed */
};

/* dir: its directory; path: its cgroup path (as /proc/PID/cgroup names it);
 * bounded: under a limit of an ancestor */
static void walk_dir(struct walk *w, const char *dir, const char *path, int depth, bool bounded)
{
	int limited;
	if (w->left == 0)
		return;
	w->left--;
	read_limit(dir, w->f->limit, &limited);
	bounded = bounded || limited == 1;
	if (bounded)
		w->fn(w->ctx, path);
	if (depth >= CGROUP_WALK_DEPTH)
		return;
	/* the children's names first, the directory closed before going down:
	 * each open DIR holds a 32 KiB buffer, one a level (160 KiB of the
	 * dashboard's peak on a machine with containers) */
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct strbuf names = {0};   /* each with its NUL, one after another */
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < w->left) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		sb_write(&names, e->d_name, strlen(e->d_name) + 1);
		n++;
	}
	closedir(d);
	for (size_t at = 0; at < names.len && w->left; at += strlen(names.s + at) + 1) {
		const char *name = names.s + at;
		char cdir[1024], cpath[1024];
		int a = snprintf(cdir, sizeof cdir, "%s/%s", dir, name);
		int b = snprintf(cpath, sizeof cpath, "%s/%s", strcmp(path, "/") ? path : "", name);
		/* a path that does not fit is skipped whole, never cut */
		if (a > 0 && (size_t)a < sizeof cdir && b > 0 && (size_t)b < sizeof cpath)
			walk_dir(w, cdir, cpath, depth + 1, bounded);
	}
	sb_free(&names);
}

void cgroup_walk_limited(const struct cgroup_probe *cg, size_t max_dirs,
                         void (*fn)(void *ctx, const char *path), void *ctx)
{
	char dir[1024];
	if (cg->version == CG_NONE || !cg_dir(cg, cg->mnt_root, dir, sizeof dir))
		return;
	struct walk w = {cg, cg->version == CG_V1 ? &v1_files : &v2_files, fn, ctx, max_dirs};
	walk_dir(&w, dir, cg->mnt_root, 0, false);
}

/* cgroup.procs lists only the cgroup's own processes, one pid a line. */
#define PROCS_MAX (4u << 20)   /* 4 MiB: about half a million pids */

bool cgroup_procs(const struct cgroup_probe *cg, const char *cgpath, char **buf, size_t *cap,
                  void (*fn)(void *ctx, pid_t pid), void *ctx)
{
	char dir[READFILE_PATH_MAX], path[READFILE_PATH_MAX + 16];
	bool cut;
	if (cg->version == CG_NONE || !cg_dir(cg, cgpath, dir, sizeof dir))
		return false;
	snprintf(path, sizeof path, "%s/cgroup.procs", dir);
	ssize_t n = readfile_grow(path, buf, cap, PROCS_MAX, &cut);
	if (n < 0 || cut)
		return false;
	const char *p = *buf, *end = *buf + n;
	while (p < end) {
		uint64_t v;
		const char *next;
		if (kparse_decimal(p, end, &v, &next) && v > 0 && v <= INT32_MAX)
			fn(ctx, (pid_t)v);
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	return true;
}
