/* drm.h - AMD and Intel GPU memory without a vendor library: card totals
 * from sysfs (mem_info_vram_*, mem_info_gtt_*) and each client's use from
 * /proc/PID/fdinfo of its DRM file descriptors (the kernel's "DRM client
 * usage stats"). Parsers take a buffer or a root directory.
 *
 * Status: parsing and card reading are done and tested on fixtures; they are
 * not yet wired into the snapshot (issue 5). */
#ifndef OOMCAST_DRM_H
#define OOMCAST_DRM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One DRM client as one fdinfo file shows it. Sizes in bytes, SNAP_NA when
 * the driver does not say. */
struct drm_client {
	char driver[32];
	char pdev[32];            /* PCI address, "" unknown */
	uint64_t client_id;
	bool has_client_id;
	uint64_t vram, gtt, system;
};

/* Parse fdinfo text. Returns false when it is not a DRM file (no
 * drm-driver key). For each region the resident figure is preferred, then
 * drm-memory-, then drm-total-: amdgpu vram/gtt/cpu, i915 local0/system0,
 * xe vram0/gtt/system. Values may carry no unit (bytes), KiB or MiB. */
bool drm_parse_fdinfo(const char *buf, size_t len, struct drm_client *out);

#define DRM_MAX_CARDS 16

struct drm_card {
	int index;                /* N of /sys/class/drm/cardN */
	char driver_vendor[16];   /* "amd", "intel" or the PCI vendor id */
	char pdev[32];            /* PCI_SLOT_NAME */
	uint64_t vram_total, vram_used, gtt_total, gtt_used;   /* SNAP_NA unknown */
};

/* The cards under ROOT/sys/class/drm that report memory; returns how many
 * (at most max). */
size_t drm_read_cards(const char *root, struct drm_card *cards, size_t max);

#endif
