/* source.h - the seam between where data comes from and everything else.
 *
 * A source fills snapshots. sample() fills the system figures and the basic
 * memory of every process (cheap: one /proc/PID/status read each). detail()
 * then fills what costs an extra read per process (command line, OOM score,
 * cgroup) for the few processes that will be shown, so a monitor with a
 * 20-row table does not pay for 2,000 processes. */
#ifndef OOMCAST_SOURCE_H
#define OOMCAST_SOURCE_H

#include "snapshot.h"
#include "source/inspect.h"

struct source;

struct source_ops {
	const char *name;
	/* Fill snap (already reset). Returns 0, or -1 with *cause set (static). */
	int (*sample)(struct source *src, struct snapshot *snap, const char **cause);
	/* Fill the details of snap->procs[i]; also adds its cgroup entry. */
	void (*detail)(struct source *src, struct snapshot *snap, size_t i);
	/* The sample's last step, after the details: what must be read after
	 * every counter (the kernel's OOM reports: a kill counted in this
	 * sample then has its report in this sample too). May be NULL. */
	void (*finish)(struct source *src, struct snapshot *snap);
	void (*destroy)(struct source *src);
	/* One process looked at closely (the detail view): out filled for pid
	 * if it is still the process that started at start. NULL when the
	 * source cannot (a replay: not recorded). */
	void (*inspect)(struct source *src, pid_t pid, uint64_t start, struct proc_inspect *out);
};

struct source {
	const struct source_ops *ops;
};

static inline int source_sample(struct source *s, struct snapshot *snap, const char **cause)
{
	return s->ops->sample(s, snap, cause);
}
static inline void source_detail(struct source *s, struct snapshot *snap, size_t i)
{
	s->ops->detail(s, snap, i);
}
static inline void source_finish(struct source *s, struct snapshot *snap)
{
	if (s->ops->finish)
		s->ops->finish(s, snap);
}
/* False when the source cannot inspect (out untouched). */
static inline bool source_inspect(struct source *s, pid_t pid, uint64_t start,
                                  struct proc_inspect *out)
{
	if (!s->ops->inspect)
		return false;
	s->ops->inspect(s, pid, start, out);
	return true;
}
static inline void source_destroy(struct source *s)
{
	if (s)
		s->ops->destroy(s);
}

/* The live source: libproc2 for meminfo, vmstat and the process scan; small
 * parsers under root (normally "") for /proc/pressure, cgroups and details.
 * Returns NULL with *cause set when libproc2 cannot start (no /proc). */
struct source *live_source_new(const char *root, const char **cause);
/* Also follow a runtime's log: its new lines go into each snapshot. 0, or
 * -1 with a one-line reason in err (the file cannot be read). */
int live_source_watch_log(struct source *src, const char *path, char *err, size_t errlen);

#endif
