/* history.h - a fixed ring of recent samples for the dashboard's chart:
 * available memory, swap in use, when each sample was taken, and the
 * headroom of the few most urgent forecast resources (a cgroup, a GPU,
 * swap), so the chart can follow whichever is at risk. Bounded: at most
 * HISTORY_SERIES resources are kept; one that stays out of the most urgent
 * gives its place to a newcomer. */
#ifndef OOMCAST_HISTORY_H
#define OOMCAST_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/forecast.h"
#include "snapshot.h"

#define HISTORY_MAX 1024
#define HISTORY_SERIES 6

struct history_series {
	bool used;
	char name[FC_NAME_MAX];       /* the forecast item's resource */
	unsigned long seen;           /* the sample it was last among the urgent */
	int rank;                     /* its place among them then, 0 most urgent */
	uint64_t v[HISTORY_MAX];      /* headroom, bytes; SNAP_NA: not recorded */
};

struct history {
	uint64_t avail[HISTORY_MAX], swap_used[HISTORY_MAX];
	double t[HISTORY_MAX];        /* monotonic seconds of each sample */
	size_t head, n;
	unsigned long count;          /* samples added */
	struct history_series ser[HISTORY_SERIES];
};

void history_init(struct history *h);
/* Record s's MemAvailable and swap in use (unknown is recorded as SNAP_NA),
 * its time, and the headroom of the HISTORY_SERIES most urgent of items
 * (ordered by cmp, most urgent first; items may be NULL when n is 0). */
void history_add(struct history *h, const struct snapshot *s, const struct fc_item *items,
                 size_t n, int (*cmp)(const struct fc_item *, const struct fc_item *));
/* The i-th most recent sample, 0 = newest; i < n. */
uint64_t history_avail(const struct history *h, size_t i);
uint64_t history_swap(const struct history *h, size_t i);
/* Seconds from the i-th most recent sample to the newest. */
double history_age(const struct history *h, size_t i);
/* The series of resource name, -1 when none is kept. */
int history_find(const struct history *h, const char *name);
/* Its i-th most recent headroom (SNAP_NA: not recorded then). */
uint64_t history_headroom(const struct history *h, int series, size_t i);

#endif
