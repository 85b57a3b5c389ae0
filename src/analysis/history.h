/* history.h - a fixed ring of recent system samples for the dashboard's
 * chart: available memory and swap in use, oldest first. */
#ifndef OOMCAST_HISTORY_H
#define OOMCAST_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "snapshot.h"

#define HISTORY_MAX 1024

struct history {
	uint64_t avail[HISTORY_MAX], swap_used[HISTORY_MAX];
	size_t head, n;
};

void history_init(struct history *h);
/* Record s's MemAvailable and swap in use (unknown is recorded as SNAP_NA). */
void history_add(struct history *h, const struct snapshot *s);
/* The i-th most recent sample, 0 = newest; i < n. */
uint64_t history_avail(const struct history *h, size_t i);
uint64_t history_swap(const struct history *h, size_t i);

#endif
