/* drmscan.h - which processes hold DRM clients, and how much GPU memory each
 * client has (AMD, Intel). Finding the DRM file descriptors means a readlink
 * of every fd of every process, so that walk runs every few seconds; the
 * fdinfo files of the fds found are read on every tick. */
#ifndef OOMCAST_DRMSCAN_H
#define OOMCAST_DRMSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct drmscan;

struct drm_use {
	pid_t pid;
	char pdev[32];
	uint64_t vram, gtt, system;   /* bytes; SNAP_NA when the driver does not say */
};

/* root: where proc/ is ("" for the real one). */
struct drmscan *drmscan_new(const char *root);
void drmscan_free(struct drmscan *d);

/* Each DRM client once (by pdev and client id, though several fds or a
 * parent and its children share it), credited to the lowest pid holding
 * it. Returns how many were written to out. */
size_t drmscan_read(struct drmscan *d, double now, struct drm_use *out, size_t max);

/* Could pid's fds be listed in the last walk? (False for other users'
 * processes without privileges: their GPU use is unknown, not zero.) */
bool drmscan_readable(const struct drmscan *d, pid_t pid);

#endif
