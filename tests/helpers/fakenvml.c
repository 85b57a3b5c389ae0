/* fakenvml.c - a stand-in libnvidia-ml.so for tests: it exports NVML's real
 * symbol names with NVML's ABI and answers with scripted values, so that the
 * real oomcast binary can be checked against NVIDIA cases on a machine with
 * no GPU (OOMCAST_NVML_LIBRARY=.../libfakenvml.so).
 *
 * Built twice: libfakenvml.so has the current symbols (_v2, _v3); with
 * FAKENVML_OLD, libfakenvml-old.so has only the oldest unversioned ones, as
 * an old driver does.
 *
 * Script (environment):
 *   FAKENVML_PIDS  "PID:CARD:BYTES[:LISTS],..."  BYTES "na" = not available;
 *                  LISTS c (compute, default), g (graphics) or b (both)
 *   FAKENVML       flags, comma-separated:
 *     initfail     nvmlInit says the driver is not loaded
 *     nocards      no GPU
 *     lost         card 1 falls off the bus from the third memory read on
 *     unified      card 0 has no memory figures (NOT_SUPPORTED)
 *     mig          card 0 is in MIG mode with instances 0 and 2
 *     v2mismatch   nvmlDeviceGetMemoryInfo_v2 refuses every struct version
 *     grow         the second list call finds one more process (again
 *                  INSUFFICIENT_SIZE)
 *     noperm       card 1 cannot be opened (NO_PERMISSION)
 * Cards: 0 "Fake H100 80GB HBM3" 80 GiB, 1 "Fake L4" 24 GiB; 512 MiB reserved
 * on each; used = what the scripted processes hold (1 GiB for each n/a). */
/* NVML's exports; no header declares them here (that is the point) */
#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GiB (1024ULL * 1024 * 1024)
#define MiB (1024ULL * 1024)
#define RESERVED (512 * MiB)
#define NA (~0ULL)

typedef int nvret;
struct dev {
	int card, mig;   /* mig -1: the whole card */
};

static struct dev devs[2] = {{0, -1}, {1, -1}};
static int mem_reads[2];
static int list_calls;

static bool flag(const char *f)
{
	const char *s = getenv("FAKENVML");
	size_t n = strlen(f);
	for (; s && *s; s += strcspn(s, ",") + (s[strcspn(s, ",")] != 0))
		if (strncmp(s, f, n) == 0 && (s[n] == ',' || s[n] == 0))
			return true;
	return false;
}

struct fproc {
	unsigned pid;
	int card;
	unsigned long long bytes;
	char lists;
};

static int procs(struct fproc *out, int max)
{
	const char *s = getenv("FAKENVML_PIDS");
	int n = 0;
	while (s && *s && n < max) {
		struct fproc p = {.lists = 'c'};
		char bytes[32] = "";
		char lists = 0;
		if (sscanf(s, "%u:%d:%31[^:,]:%c", &p.pid, &p.card, bytes, &lists) < 3)
			break;
		p.bytes = strcmp(bytes, "na") == 0 ? NA : strtoull(bytes, NULL, 10);
		if (lists == 'c' || lists == 'g' || lists == 'b')
			p.lists = lists;
		out[n++] = p;
		s += strcspn(s, ",");
		if (*s)
			s++;
	}
	return n;
}

static unsigned long long used_on(int card)
{
	struct fproc p[64];
	int n = procs(p, 64);
	unsigned long long u = 0;
	for (int i = 0; i < n; i++)
		if (p[i].card == card)
			u += p[i].bytes == NA ? GiB : p[i].bytes;
	return u;
}

static unsigned long long total_of(int card)
{
	return card == 0 ? 80 * GiB : 24 * GiB;
}

nvret nvmlInit(void)
{
	return flag("initfail") ? 9 : 0;
}

nvret nvmlShutdown(void)
{
	return 0;
}

const char *nvmlErrorString(nvret r)
{
	switch (r) {
	case 3: return "Not Supported";
	case 4: return "Insufficient Permissions";
	case 9: return "Driver Not Loaded";
	case 15: return "GPU is lost";
	case 25: return "Argument version mismatch";
	default: return "Unknown Error";
	}
}

nvret nvmlDeviceGetCount(unsigned *n)
{
	*n = flag("nocards") ? 0 : 2;
	return 0;
}

nvret nvmlDeviceGetHandleByIndex(unsigned i, struct dev **d)
{
	if (i > 1)
		return 2;   /* INVALID_ARGUMENT */
	if (i == 1 && flag("noperm"))
		return 4;
	*d = &devs[i];
	return 0;
}

nvret nvmlDeviceGetName(struct dev *d, char *name, unsigned len)
{
	if (d->mig >= 0)
		snprintf(name, len, "Fake H100 80GB HBM3 MIG %dg.%dgb", d->mig + 1, (d->mig + 1) * 10);
	else
		snprintf(name, len, "%s", d->card == 0 ? "Fake H100 80GB HBM3" : "Fake L4");
	return 0;
}

/* 0 or an error for a memory read of d */
static nvret mem_check(struct dev *d)
{
	if (d->mig < 0 && d->card == 1 && flag("lost") && ++mem_reads[1] > 2)
		return 15;
	if (d->mig < 0 && d->card == 0 && flag("unified"))
		return 3;
	return 0;
}

struct mem_v1 { unsigned long long total, free, used; };
struct mem_v2 { unsigned version; unsigned long long total, reserved, free, used; };

static void mem_of(struct dev *d, unsigned long long *total, unsigned long long *used)
{
	if (d->mig >= 0) {
		*total = (unsigned long long)(d->mig + 1) * 10 * GiB;
		*used = (unsigned long long)d->mig * GiB;
	} else {
		*total = total_of(d->card);
		*used = used_on(d->card);
	}
}

nvret nvmlDeviceGetMemoryInfo(struct dev *d, struct mem_v1 *m)
{
	nvret r = mem_check(d);
	if (r)
		return r;
	unsigned long long total, used;
	mem_of(d, &total, &used);
	m->total = total;
	m->used = used + RESERVED;   /* v1: used includes reserved */
	m->free = total - m->used;
	return 0;
}

/* the (pid, card) entries of list l ('c' or 'g') on d */
static int list_of(struct dev *d, char l, struct fproc *out)
{
	struct fproc p[64];
	int n = procs(p, 64), k = 0;
	for (int i = 0; i < n; i++) {
		if (p[i].card != d->card || (p[i].lists != l && p[i].lists != 'b'))
			continue;
		if (d->mig >= 0 || flag("mig"))
			p[i].bytes = NA;   /* MIG without privileges */
		if (d->mig > 0 || (flag("mig") && d->mig < 0))
			continue;   /* the processes run in instance 0 */
		out[k++] = p[i];
	}
	return k;
}

struct proc_v1 { unsigned pid; unsigned long long used; };
struct proc_v2 { unsigned pid; unsigned long long used; unsigned gi, ci; };

static nvret list(struct dev *d, char l, unsigned *count, void *infos, size_t esz)
{
	struct fproc p[64];
	int n = list_of(d, l, p);
	list_calls++;
	if (flag("grow") && list_calls == 2 && infos) {
		/* a process started between the two calls */
		*count = (unsigned)n + 1;
		return 7;
	}
	if (*count < (unsigned)n) {
		*count = (unsigned)n;
		return 7;   /* INSUFFICIENT_SIZE */
	}
	*count = (unsigned)n;
	for (int i = 0; i < n; i++) {
		if (esz == sizeof(struct proc_v1)) {
			((struct proc_v1 *)infos)[i] = (struct proc_v1){p[i].pid, p[i].bytes};
		} else {
			((struct proc_v2 *)infos)[i] = (struct proc_v2){p[i].pid, p[i].bytes,
				d->mig >= 0 ? (unsigned)d->mig : ~0u, 0};
		}
	}
	return 0;
}

nvret nvmlDeviceGetComputeRunningProcesses(struct dev *d, unsigned *c, struct proc_v1 *i)
{
	return list(d, 'c', c, i, sizeof *i);
}

nvret nvmlDeviceGetGraphicsRunningProcesses(struct dev *d, unsigned *c, struct proc_v1 *i)
{
	return list(d, 'g', c, i, sizeof *i);
}

#ifndef FAKENVML_OLD
static struct dev migs[3] = {{0, 0}, {0, 1}, {0, 2}};

nvret nvmlInit_v2(void)
{
	return nvmlInit();
}

nvret nvmlDeviceGetCount_v2(unsigned *n)
{
	return nvmlDeviceGetCount(n);
}

nvret nvmlDeviceGetHandleByIndex_v2(unsigned i, struct dev **d)
{
	return nvmlDeviceGetHandleByIndex(i, d);
}

nvret nvmlDeviceGetMemoryInfo_v2(struct dev *d, struct mem_v2 *m)
{
	/* NVML_STRUCT_VERSION(Memory, 2) */
	if (flag("v2mismatch") || m->version != (unsigned)(sizeof *m | 2u << 24))
		return 25;
	nvret r = mem_check(d);
	if (r)
		return r;
	unsigned long long total, used;
	mem_of(d, &total, &used);
	m->total = total;
	m->reserved = RESERVED;
	m->used = used;
	m->free = total - used - RESERVED;
	return 0;
}

nvret nvmlDeviceGetComputeRunningProcesses_v3(struct dev *d, unsigned *c, struct proc_v2 *i)
{
	return list(d, 'c', c, i, sizeof *i);
}

nvret nvmlDeviceGetGraphicsRunningProcesses_v3(struct dev *d, unsigned *c, struct proc_v2 *i)
{
	return list(d, 'g', c, i, sizeof *i);
}

nvret nvmlDeviceGetMigMode(struct dev *d, unsigned *cur, unsigned *pend)
{
	*cur = *pend = d->card == 0 && d->mig < 0 && flag("mig");
	return 0;
}

nvret nvmlDeviceGetMaxMigDeviceCount(struct dev *d, unsigned *n)
{
	(void)d;
	*n = 3;
	return 0;
}

nvret nvmlDeviceGetMigDeviceHandleByIndex(struct dev *d, unsigned i, struct dev **out)
{
	(void)d;
	if (i == 1)
		return 6;   /* NOT_FOUND: an empty slot */
	if (i > 2)
		return 2;
	*out = &migs[i];
	return 0;
}
#endif
