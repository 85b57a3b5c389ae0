/* forecast.h - for every resource in view (RAM, RAM+swap, swap, each memory
 * cgroup limit): the headroom, the rate it is eaten, the time to exhaustion
 * and a level; which process drives it and which one the OOM killer would
 * pick. Reads snapshots only; OOM kills are kills.c's. */
#ifndef OOMCAST_FORECAST_H
#define OOMCAST_FORECAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "snapshot.h"

enum fc_level { FC_OK, FC_WATCH, FC_WARNING, FC_CRITICAL };
enum fc_kind { FC_RAM, FC_RAM_SWAP, FC_SWAP, FC_CGROUP, FC_GPU };

#define FC_NAME_MAX (SNAP_PATH_MAX + 8)

struct fc_item {
	/* "ram", "ram+swap", "swap", "cgroup:/path", "gpu:N": the forecast's
	 * own copy, valid until its next update (a fixed 4 KiB buffer in each
	 * item and state cost 8 KiB a cgroup, most of the forecast's memory) */
	const char *resource;
	enum fc_kind kind;
	int cgroup;                   /* snapshot cgroup index for FC_CGROUP, else -1 */
	int gpu;                      /* snapshot gpu index for FC_GPU, else -1 */
	uint64_t headroom, capacity;  /* bytes */
	double rate;                  /* bytes/s eaten (negative: freed); NaN unknown */
	double eta, eta_low, eta_high;/* seconds to exhaustion; NaN when not shrinking */
	enum fc_level level;
	bool thrashing;               /* RAM: stalls on paper-free memory */
	/* cgroup: at its limit and reclaiming what it still uses (pages read
	 * back in soon after they were evicted: an mmap'd model bigger than
	 * the limit, a working set that does not fit); reread_rate is what
	 * that costs, bytes/s read back (NaN unknown) */
	bool stalled;
	double reread_rate;
	/* eaten mostly by young processes (a program starting): in their
	 * first 2 s, or up to 15 s old while the ETA is more than their age;
	 * at most WATCH from the trend, its ETA shown */
	bool starting;
	/* the load that drives it, whose end is known (forecast_apply_loads):
	 * 0 none; load_fits true when it fits, false when it will not */
	pid_t load;
	bool load_fits;
	pid_t driver;                 /* 0: none */
	bool driver_group;            /* driver is a process group (its id) */
	double driver_share;          /* of rate, 0..1 */
	pid_t victim;                 /* 0: unknown. GPU: no killer; the allocation
	                                 that fails is the driver's (else the largest user's) */
	unsigned rules;               /* the trend's rules that had a say (trend.h
	                                 TREND_R_*): for traces, not shown */
};

struct forecast_cfg {
	double warn_s, crit_s;        /* ETA under these: warning, critical */
};

#define FC_WARN_DEFAULT 60.0
#define FC_CRIT_DEFAULT 15.0

struct forecast;

struct forecast *forecast_new(const struct forecast_cfg *cfg);
void forecast_free(struct forecast *fc);

/* Take in one snapshot (after growth was computed and the candidates' and
 * rows' details read). A second call for the same sample does nothing. */
void forecast_update(struct forecast *fc, const struct snapshot *s);

const struct fc_item *forecast_items(const struct forecast *fc, size_t *n);

const char *fc_level_name(enum fc_level l);
/* Is the item held at WATCH because young processes eat it (starting, with
 * an ETA it would otherwise be alarmed by)? What the dashboard and the
 * batch text say "starting" for; the JSON gives the raw judgement. */
bool fc_held_starting(const struct fc_item *it);

struct loads;
/* The end a load is known to have (loads.h), after forecast_update: an item
 * driven by a load that fits is at most WATCH (its burst is not a trend);
 * the tightest resource of a load that will not fit is CRITICAL, with an
 * ETA from the load's pace, once that is known and the trend has a pace
 * (WARNING before: never CRITICAL without an ETA). */
void forecast_apply_loads(struct forecast *fc, const struct loads *l);

/* The OOM killer's badness of p in a scope of capacity bytes, as the kernel
 * computes it (rss + swap, plus oom_score_adj thousandths of the scope). */
double fc_badness(const struct snap_proc *p, uint64_t capacity);

#endif
