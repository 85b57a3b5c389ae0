/* nvml.h - NVIDIA GPU memory through NVML, loaded with dlopen at run time so
 * that oomcast has no build dependency on CUDA and runs where no driver is.
 *
 * Every symbol is looked up on its own and the newest version is preferred
 * (nvmlInit_v2, nvmlDeviceGetMemoryInfo_v2, the _v3 process lists), falling
 * back per symbol, so an old driver that lacks one function keeps the rest. */
#ifndef OOMCAST_NVML_H
#define OOMCAST_NVML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct nvml;

#define NVML_CARDS_MAX 16
#define NVML_PROCS_MAX 256

struct nvml_card {
	int index;              /* NVML's index; MIG instances: the parent's */
	int mig;                /* -1: a whole card; else the MIG device's slot */
	char name[96];
	/* bytes; SNAP_NA unknown. v1 drivers fold "reserved" into used. */
	uint64_t total, used, free, reserved;
	bool lost;              /* the card fell off the bus (GPU_IS_LOST) */
	bool procs_known;       /* the process lists could be read */
};

struct nvml_proc {
	pid_t pid;              /* as NVML says: a host pid */
	int card;               /* index into nvml_reading.cards */
	uint64_t used;          /* bytes; SNAP_NA: the driver will not say */
};

struct nvml_reading {
	struct nvml_card cards[NVML_CARDS_MAX];
	size_t ncards;
	struct nvml_proc procs[NVML_PROCS_MAX];
	size_t nprocs;
	char note[128];         /* why something is missing, "" when nothing is */
};

/* Load the library (path, or libnvidia-ml.so.1 then libnvidia-ml.so when
 * NULL) and initialise it. NULL with a one-line reason in why (which may
 * just be "no NVIDIA driver") when it cannot. */
struct nvml *nvml_open(const char *path, char *why, size_t whylen);

/* Read every card's memory and its processes. Returns the number of cards. */
size_t nvml_read(struct nvml *n, struct nvml_reading *r);

/* What was resolved, for -V style diagnostics and tests: "v2" or "v1" for
 * the memory call and "v3", "v2" or "v1" for the process lists. */
const char *nvml_memory_api(const struct nvml *n);
const char *nvml_process_api(const struct nvml *n);

void nvml_close(struct nvml *n);

#endif
