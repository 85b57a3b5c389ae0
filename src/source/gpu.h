/* gpu.h - every GPU's memory in the snapshot: NVIDIA cards through NVML
 * (nvml.c), AMD and Intel through sysfs and DRM fdinfo (drm.c, drmscan.c),
 * and each process's share of them. */
#ifndef OOMCAST_GPU_H
#define OOMCAST_GPU_H

#include "snapshot.h"

struct gpusrc;

/* nvml_path: NULL or "" for the system's libnvidia-ml, "off" for none;
 * drm_root: where sys/ and proc/ are for DRM data ("" the real ones). */
struct gpusrc *gpusrc_new(const char *nvml_path, const char *drm_root);
void gpusrc_free(struct gpusrc *g);

/* Fill s->gpus, s->gpu_procs, s->gpu_note and each process's gpu figure.
 * Call after the processes are in s. */
void gpusrc_sample(struct gpusrc *g, struct snapshot *s);

#endif
