/* nvml.c - NVIDIA GPU memory through a dlopen'ed NVML.
 *
 * The types below are NVML's ABI as nvml.h declares it (we carry no header):
 * handles are opaque pointers, results are ints, structs are plain C. The
 * unversioned exports are the oldest ABI (nvmlDeviceGetMemoryInfo fills the
 * 3-field struct, nvmlDeviceGetComputeRunningProcesses the 16-byte entry);
 * the suffixed ones are newer. */
#include "source/nvml.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "snapshot.h"
#include "util/xalloc.h"

typedef int nvret;
typedef struct nv_device *nvdev;

enum {
	NV_SUCCESS = 0,
	NV_NOT_SUPPORTED = 3,
	NV_NO_PERMISSION = 4,
	NV_NOT_FOUND = 6,
	NV_INSUFFICIENT_SIZE = 7,
	NV_DRIVER_NOT_LOADED = 9,
	NV_FUNCTION_NOT_FOUND = 13,
	NV_GPU_IS_LOST = 15,
	NV_LIB_RM_VERSION_MISMATCH = 18,
	NV_ARGUMENT_VERSION_MISMATCH = 25,
};

struct nv_mem_v1 {
	unsigned long long total, free, used;
};
struct nv_mem_v2 {
	unsigned int version;
	unsigned long long total, reserved, free, used;
};
/* NVML_STRUCT_VERSION(Memory, 2): the size in the low bits, the version in
 * the top byte. A wrong value is refused with ARGUMENT_VERSION_MISMATCH. */
#define NV_MEM_V2_VERSION ((unsigned int)(sizeof(struct nv_mem_v2) | (2u << 24)))
_Static_assert(sizeof(struct nv_mem_v2) == 40, "nvmlMemory_v2_t is 40 bytes");

struct nv_proc_v1 {
	unsigned int pid;
	unsigned long long used;
};
struct nv_proc_v2 {          /* the _v2 and _v3 calls */
	unsigned int pid;
	unsigned long long used;
	unsigned int gpu_instance, compute_instance;
};
_Static_assert(sizeof(struct nv_proc_v1) == 16, "nvmlProcessInfo_v1_t is 16 bytes");
_Static_assert(sizeof(struct nv_proc_v2) == 24, "nvmlProcessInfo_v2_t is 24 bytes");

#define NV_VALUE_NOT_AVAILABLE (~0ULL)   /* usedGpuMemory the driver will not give */

typedef nvret (*nv_void_fn)(void);
typedef nvret (*nv_count_fn)(unsigned int *);
typedef nvret (*nv_handle_fn)(unsigned int, nvdev *);
typedef nvret (*nv_name_fn)(nvdev, char *, unsigned int);
typedef nvret (*nv_mem_fn)(nvdev, void *);
typedef nvret (*nv_procs_fn)(nvdev, unsigned int *, void *);
typedef nvret (*nv_mig_mode_fn)(nvdev, unsigned int *, unsigned int *);
typedef nvret (*nv_dev_count_fn)(nvdev, unsigned int *);
typedef nvret (*nv_mig_handle_fn)(nvdev, unsigned int, nvdev *);
typedef const char *(*nv_error_fn)(nvret);

enum { API_NONE = -1 };

struct nvml {
	void *lib;
	nv_void_fn shutdown;
	nv_count_fn count;
	nv_handle_fn handle;
	nv_name_fn name;
	nv_mem_fn mem[2];           /* [0] _v2, [1] v1 */
	int mem_api;                /* index into mem, API_NONE */
	nv_procs_fn compute[3], graphics[3];   /* [0] _v3, [1] _v2, [2] v1 */
	int proc_api;
	nv_mig_mode_fn mig_mode;
	nv_dev_count_fn mig_count;
	nv_mig_handle_fn mig_handle;
	nv_error_fn error;
	struct nv_proc_v2 *buf;     /* process list scratch */
	size_t buf_cap;
};

static void *sym(void *lib, const char *name)
{
	return dlsym(lib, name);
}

static const char *errstr(const struct nvml *n, nvret r)
{
	const char *s = n->error ? n->error(r) : NULL;
	return s ? s : "unknown NVML error";
}

static int first_api(void *const *fns, int n)
{
	for (int i = 0; i < n; i++)
		if (fns[i])
			return i;
	return API_NONE;
}

struct nvml *nvml_open(const char *path, char *why, size_t whylen)
{
	static const char *const names[] = {"libnvidia-ml.so.1", "libnvidia-ml.so"};
	void *lib = NULL;
	if (path && *path) {
		if (!(lib = dlopen(path, RTLD_NOW | RTLD_LOCAL))) {
			snprintf(why, whylen, "cannot load NVML from %s: %s", path, dlerror());
			return NULL;
		}
	} else {
		/* no NVIDIA kernel driver (or WSL's GPU bridge): do not search the
		 * library path for nothing, it costs the monitor memory */
		if (access("/proc/driver/nvidia/version", F_OK) != 0 && access("/dev/dxg", F_OK) != 0) {
			snprintf(why, whylen, "no NVIDIA driver (no /proc/driver/nvidia)");
			return NULL;
		}
		for (size_t i = 0; i < 2 && !lib; i++)
			lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
		if (!lib) {
			snprintf(why, whylen, "no NVIDIA driver (libnvidia-ml.so.1 not found)");
			return NULL;
		}
	}

	struct nvml *n = xcalloc(1, sizeof *n);
	n->lib = lib;
	nv_void_fn init = (nv_void_fn)sym(lib, "nvmlInit_v2");
	if (!init)
		init = (nv_void_fn)sym(lib, "nvmlInit");
	n->shutdown = (nv_void_fn)sym(lib, "nvmlShutdown");
	n->error = (nv_error_fn)sym(lib, "nvmlErrorString");
	n->count = (nv_count_fn)sym(lib, "nvmlDeviceGetCount_v2");
	if (!n->count)
		n->count = (nv_count_fn)sym(lib, "nvmlDeviceGetCount");
	n->handle = (nv_handle_fn)sym(lib, "nvmlDeviceGetHandleByIndex_v2");
	if (!n->handle)
		n->handle = (nv_handle_fn)sym(lib, "nvmlDeviceGetHandleByIndex");
	n->name = (nv_name_fn)sym(lib, "nvmlDeviceGetName");
	n->mem[0] = (nv_mem_fn)sym(lib, "nvmlDeviceGetMemoryInfo_v2");
	n->mem[1] = (nv_mem_fn)sym(lib, "nvmlDeviceGetMemoryInfo");
	n->mem_api = first_api((void *const *)n->mem, 2);
	static const char *const cnames[] = {"nvmlDeviceGetComputeRunningProcesses_v3",
		"nvmlDeviceGetComputeRunningProcesses_v2", "nvmlDeviceGetComputeRunningProcesses"};
	static const char *const gnames[] = {"nvmlDeviceGetGraphicsRunningProcesses_v3",
		"nvmlDeviceGetGraphicsRunningProcesses_v2", "nvmlDeviceGetGraphicsRunningProcesses"};
	for (int i = 0; i < 3; i++) {
		n->compute[i] = (nv_procs_fn)sym(lib, cnames[i]);
		n->graphics[i] = (nv_procs_fn)sym(lib, gnames[i]);
	}
	n->proc_api = first_api((void *const *)n->compute, 3);
	n->mig_mode = (nv_mig_mode_fn)sym(lib, "nvmlDeviceGetMigMode");
	n->mig_count = (nv_dev_count_fn)sym(lib, "nvmlDeviceGetMaxMigDeviceCount");
	n->mig_handle = (nv_mig_handle_fn)sym(lib, "nvmlDeviceGetMigDeviceHandleByIndex");

	if (!init || !n->count || !n->handle) {
		snprintf(why, whylen, "%s is not a usable NVML (no nvmlInit or device calls)",
			 path && *path ? path : "libnvidia-ml");
		dlclose(lib);
		free(n);
		return NULL;
	}
	nvret r = init();
	if (r != NV_SUCCESS) {
		if (r == NV_DRIVER_NOT_LOADED)
			snprintf(why, whylen, "NVIDIA driver not loaded (NVML: %s)", errstr(n, r));
		else if (r == NV_LIB_RM_VERSION_MISMATCH)
			snprintf(why, whylen, "NVML does not match the loaded NVIDIA driver "
				 "(reboot or reload nvidia.ko)");
		else
			snprintf(why, whylen, "NVML did not start: %s (%d)", errstr(n, r), r);
		dlclose(lib);
		free(n);
		return NULL;
	}
	return n;
}

void nvml_close(struct nvml *n)
{
	if (!n)
		return;
	if (n->shutdown)
		n->shutdown();
	dlclose(n->lib);
	free(n->buf);
	free(n);
}

const char *nvml_memory_api(const struct nvml *n)
{
	static const char *const s[] = {"v2", "v1"};
	return n->mem_api == API_NONE ? "none" : s[n->mem_api];
}

const char *nvml_process_api(const struct nvml *n)
{
	static const char *const s[] = {"v3", "v2", "v1"};
	return n->proc_api == API_NONE ? "none" : s[n->proc_api];
}

static uint64_t na(unsigned long long v)
{
	return v == NV_VALUE_NOT_AVAILABLE ? SNAP_NA : (uint64_t)v;
}

/* Memory of one device. Falls back from _v2 to v1 (for good) when the
 * driver refuses the newer call. Returns the last NVML result. */
static nvret read_memory(struct nvml *n, nvdev d, struct nvml_card *c)
{
	nvret r = NV_FUNCTION_NOT_FOUND;
	while (n->mem_api != API_NONE) {
		if (n->mem_api == 0) {
			struct nv_mem_v2 m = {.version = NV_MEM_V2_VERSION};
			r = n->mem[0](d, &m);
			if (r == NV_SUCCESS) {
				c->total = na(m.total), c->used = na(m.used);
				c->free = na(m.free), c->reserved = na(m.reserved);
				return r;
			}
		} else {
			struct nv_mem_v1 m = {0};
			r = n->mem[1](d, &m);
			if (r == NV_SUCCESS) {
				c->total = na(m.total), c->used = na(m.used), c->free = na(m.free);
				return r;
			}
		}
		if (r != NV_ARGUMENT_VERSION_MISMATCH && r != NV_FUNCTION_NOT_FOUND)
			return r;
		/* this driver has the symbol but not the call: use the older one */
		n->mem_api = n->mem_api == 0 && n->mem[1] ? 1 : API_NONE;
	}
	return r;
}

/* Convert list entries in n->buf (entry size esz) in place to v2 layout. */
static void widen(struct nvml *n, unsigned int cnt, int api)
{
	if (api != 2)
		return;
	struct nv_proc_v1 *v1 = (struct nv_proc_v1 *)n->buf;
	for (unsigned int i = cnt; i-- > 0;) {   /* backwards: v2 entries are larger */
		struct nv_proc_v1 e = v1[i];
		n->buf[i] = (struct nv_proc_v2){.pid = e.pid, .used = e.used};
	}
}

/* One process list (fns = compute or graphics) with the two-call pattern:
 * ask for the count, size the buffer, ask again (a process may start in
 * between: then again, a few times). Returns entries in n->buf, or -1. */
static int read_list(struct nvml *n, nv_procs_fn *fns, nvdev d)
{
	while (n->proc_api != API_NONE) {
		nv_procs_fn f = fns[n->proc_api];
		if (!f)
			return -1;
		nvret r = NV_SUCCESS;
		unsigned int cnt = 0;
		for (int tries = 0; tries < 4; tries++) {
			if (tries == 0) {
				cnt = 0;
				r = f(d, &cnt, NULL);
			} else {
				/* room for a few that start meanwhile; v1 entries fit too */
				size_t want = (size_t)cnt + 8;
				xgrow((void **)&n->buf, &n->buf_cap, want, sizeof *n->buf);
				cnt = (unsigned int)n->buf_cap;
				r = f(d, &cnt, n->buf);
			}
			if (r != NV_INSUFFICIENT_SIZE)
				break;
		}
		if (r == NV_SUCCESS) {
			widen(n, cnt, n->proc_api);
			return (int)cnt;
		}
		if (r != NV_ARGUMENT_VERSION_MISMATCH && r != NV_FUNCTION_NOT_FOUND)
			return -1;
		int next = n->proc_api + 1;
		while (next < 3 && !n->compute[next])
			next++;
		n->proc_api = next < 3 ? next : API_NONE;
	}
	return -1;
}

/* A process may hold memory through a compute and a graphics context; both
 * lists then report the same allocation: take the larger, never the sum.
 * Entries of one list for the same pid (several MIG instances) add up. */
struct acc {
	pid_t pid;
	uint64_t list[2];   /* per list; SNAP_NA not available, 0 absent */
	bool seen[2];
};

static struct acc *acc_find(struct acc *a, size_t *na_, size_t max, pid_t pid)
{
	for (size_t i = 0; i < *na_; i++)
		if (a[i].pid == pid)
			return &a[i];
	if (*na_ == max)
		return NULL;
	a[*na_] = (struct acc){.pid = pid};
	return &a[(*na_)++];
}

static void read_procs(struct nvml *n, nvdev d, struct nvml_reading *r, int card)
{
	struct acc a[NVML_PROCS_MAX];
	size_t na_ = 0;
	nv_procs_fn *lists[2] = {n->compute, n->graphics};
	bool any = false;
	for (int l = 0; l < 2; l++) {
		int cnt = read_list(n, lists[l], d);
		if (cnt < 0)
			continue;
		any = true;
		for (int i = 0; i < cnt; i++) {
			struct acc *e = acc_find(a, &na_, NVML_PROCS_MAX, (pid_t)n->buf[i].pid);
			if (!e)
				break;
			uint64_t v = na(n->buf[i].used);
			if (!snap_known(v) || !snap_known(e->list[l]))
				e->list[l] = SNAP_NA;
			else
				e->list[l] += v;
			e->seen[l] = true;
		}
	}
	r->cards[card].procs_known = any;
	for (size_t i = 0; i < na_ && r->nprocs < NVML_PROCS_MAX; i++) {
		uint64_t v = 0;
		bool known = false, unknown = false;
		for (int l = 0; l < 2; l++) {
			if (!a[i].seen[l])
				continue;
			if (!snap_known(a[i].list[l]))
				unknown = true;
			else if (!known || a[i].list[l] > v)
				v = a[i].list[l], known = true;
		}
		r->procs[r->nprocs++] = (struct nvml_proc){
			.pid = a[i].pid, .card = card, .used = known ? v : unknown ? SNAP_NA : 0};
	}
}

static void read_name(struct nvml *n, nvdev d, struct nvml_card *c)
{
	char name[96] = "";
	if (n->name && n->name(d, name, sizeof name) == NV_SUCCESS)
		snprintf(c->name, sizeof c->name, "%s", name);
	else
		snprintf(c->name, sizeof c->name, "NVIDIA GPU %d", c->index);
}

/* The first problem of a reading, for the status line. */
__attribute__((format(printf, 2, 3)))
static void note(struct nvml_reading *r, const char *fmt, ...)
{
	if (r->note[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->note, sizeof r->note, fmt, ap);
	va_end(ap);
}

/* One device (a whole card or a MIG instance) into the reading. */
static void read_device(struct nvml *n, nvdev d, struct nvml_reading *r, int index, int mig)
{
	if (r->ncards == NVML_CARDS_MAX)
		return;
	int ci = (int)r->ncards++;
	struct nvml_card *c = &r->cards[ci];
	*c = (struct nvml_card){.index = index, .mig = mig, .total = SNAP_NA, .used = SNAP_NA,
				.free = SNAP_NA, .reserved = SNAP_NA};
	read_name(n, d, c);
	nvret m = read_memory(n, d, c);
	if (m == NV_GPU_IS_LOST) {
		c->lost = true;
		note(r, "GPU %d fell off the bus (%s)", index, errstr(n, m));
		return;
	}
	if (m != NV_SUCCESS && m != NV_NOT_SUPPORTED)
		note(r, "GPU %d memory: %s", index, errstr(n, m));
	read_procs(n, d, r, ci);
}

/* MIG instances of a card in MIG mode, after the card itself. Per-process
 * memory inside an instance is only given to root (N/A otherwise). */
static void read_mig(struct nvml *n, nvdev d, struct nvml_reading *r, int index)
{
	unsigned int cur = 0, pend = 0, max = 0;
	if (!n->mig_mode || n->mig_mode(d, &cur, &pend) != NV_SUCCESS || cur != 1)
		return;
	if (!n->mig_count || !n->mig_handle || n->mig_count(d, &max) != NV_SUCCESS) {
		note(r, "GPU %d is in MIG mode; this driver cannot list its instances", index);
		return;
	}
	size_t before = r->nprocs;
	for (unsigned int i = 0; i < max; i++) {
		nvdev md;
		nvret h = n->mig_handle(d, i, &md);
		if (h == NV_NOT_FOUND)
			continue;   /* an empty slot */
		if (h != NV_SUCCESS) {
			note(r, "GPU %d MIG instances: %s", index, errstr(n, h));
			break;
		}
		read_device(n, md, r, index, (int)i);
	}
	for (size_t i = before; i < r->nprocs; i++)
		if (!snap_known(r->procs[i].used)) {
			note(r, "GPU %d is in MIG mode: per-process memory needs root", index);
			break;
		}
}

size_t nvml_read(struct nvml *n, struct nvml_reading *r)
{
	r->ncards = r->nprocs = 0;
	r->note[0] = '\0';
	unsigned int count = 0;
	nvret rc = n->count(&count);
	if (rc != NV_SUCCESS) {
		note(r, "NVML cannot count GPUs: %s", errstr(n, rc));
		return 0;
	}
	for (unsigned int i = 0; i < count && r->ncards < NVML_CARDS_MAX; i++) {
		nvdev d;
		nvret h = n->handle(i, &d);
		if (h != NV_SUCCESS) {
			if (h == NV_NO_PERMISSION)
				note(r, "GPU %d: no permission to read it (%s)", (int)i, errstr(n, h));
			else
				note(r, "GPU %d: %s", (int)i, errstr(n, h));
			continue;
		}
		read_device(n, d, r, (int)i, -1);
		read_mig(n, d, r, (int)i);
	}
	return r->ncards;
}
