/* advice.h - which knowledge-base entry fits what is happening: for every
 * forecast item at warning or worse, every OOM kill, every known error line
 * of a watched log; and the one banner the dashboard shows, with the entry's
 * first fix step made concrete with this machine's numbers.
 *
 * The chooser is a pure function of a situation (advice_choose), so the
 * tests can walk its table; the knowledge base is loaded once, at start,
 * by main, and handed in. */
#ifndef OOMCAST_ADVICE_H
#define OOMCAST_ADVICE_H

#include <stdbool.h>

#include "analysis/events.h"
#include "analysis/forecast.h"
#include "kb/kb.h"
#include "snapshot.h"

struct advice_situation {
	enum fc_kind kind;          /* the resource running out */
	enum fc_level level;
	bool thrashing;
	bool oom_kill;              /* an OOM kill happened ... */
	bool in_cgroup;             /* ... inside a memory cgroup, not system-wide */
	bool scope_unknown;         /* ... where, oomcast could not tell */
	bool node_bound;            /* ... for a cpuset's or a NUMA policy's nodes */
	enum runtime runtime;       /* what the driver (or victim) runs */
	bool loading;               /* eaten fast (a model loading), not slow (generation) */
	bool file_backed;           /* the driver's memory is mostly mapped file pages */
	bool stalled;               /* a cgroup at its limit, reading back what it evicts */
	bool prompt_cache;          /* the driver (or victim) is a loaded llama-server
	                               whose prompt cache can outgrow its room
	                               (load_cache_grows) */
};

/* What the model file says about the shortage, for {now}, when its load's
 * footprint is not known: whether the file alone fits in room (what the
 * process holds plus the headroom), and no more (figures that need the
 * footprint come from loads.h and `oomcast fit`). "" when size is unknown. */
void advice_model_fit(const char *path, uint64_t size, uint64_t kv_per_token, uint64_t ctx,
                      uint64_t room, char *out, size_t outlen);

/* The entry id for a situation: never NULL. */
const char *advice_choose(const struct advice_situation *s);
/* The runtime a process belongs to, from its name and command line (NULL
 * when unknown). */
enum runtime advice_runtime(const char *comm, const char *cmdline);
const char *advice_runtime_name(enum runtime r);
/* The runtime of a process in s: what its source saw (its mapped libraries,
 * its process title) where its name says no more, else its name's; a
 * llama.cpp server whose parent is ollama is ollama's. NULL p: unknown. */
enum runtime advice_proc_runtime(const struct snapshot *s, const struct snap_proc *p);

#define ADVICE_TEXT_MAX 1024

struct advice_banner {
	bool active;
	enum fc_level level;
	char what[96];              /* "RAM", "gpu:0", "OOM kill", "log" ... */
	char situation[64];         /* "ollama, loading", "llama.cpp, generating, thrashing" */
	char id[48];
	char title[160];
	char now[320];              /* this machine's numbers for {now} */
	char driver[64];            /* for {driver}; "" unknown */
	/* the figures a fix command carries (kb_vars; "" unknown): a limit
	 * the load fits in, the unit and container of the cgroup whose limit
	 * it is, the largest context that fits, llama-server's -cram that
	 * keeps its prompt cache in the room */
	char limit[24], limit_k8s[24], unit[128], container[16], ctx[24], cram[24];
	/* where no limit is known that the load fits in (no footprint: a
	 * process that is not a known load, killed or about to be), what is
	 * known in its place: "<over 256M>", more than the cgroup's limit now */
	char limit_hint[32], limit_k8s_hint[32];
	/* the cgroup's own files, as commands name them: its directory, a
	 * command that shows its limit, usage and hits, and one that sets its
	 * limit to the figure above (or its hint) */
	char cg_dir[256], cg_show[360], cg_set[460];
	char step[ADVICE_TEXT_MAX]; /* the first fix step, rendered with the numbers */
	char step_plain[ADVICE_TEXT_MAX];   /* the same without them */
	/* every fix step of the entry, rendered with the numbers (the x view) */
	char steps[KB_STEPS_MAX][ADVICE_TEXT_MAX];
	size_t nsteps;
};

/* The banner's figures as the knowledge base's placeholders take them. */
struct kb_vars;
void advice_banner_vars(const struct advice_banner *b, struct kb_vars *v);

/* The systemd unit and container a cgroup path names ("" when none):
 * ".../ollama.service" gives unit "ollama.service"; docker-ID.scope,
 * /docker/ID, cri-containerd-ID.scope and libpod-ID.scope give the
 * container's 12-character short id (and the scope as the unit). */
void advice_scope_names(const char *path, char *unit, size_t unitlen, char *container,
                        size_t containerlen);

struct advice;
struct kb_entry;

/* kb: the knowledge base, loaded once by the caller (NULL: no entries);
 * kb_warning: the first problem loading it, for the help screen. */
struct kb;
struct advice *advice_new(struct kb *kb, const char *kb_warning);
void advice_free(struct advice *a);

/* After forecast_update (and advice_scan_log): choose entries and the banner. */
struct loads;
/* loads: the sample's model loads (may be NULL): a driver's known load puts
 * its own figures in the banner's numbers. */
void advice_update(struct advice *a, const struct snapshot *s, const struct forecast *fc,
                   const struct evlog *log, const struct loads *loads);
/* The entry for forecast_items()[i], NULL below warning. */
const char *advice_item_kb(const struct advice *a, size_t i);
/* The entry for evlog_fresh()[i]. */
const char *advice_event_kb(const struct advice *a, size_t i);
const struct advice_banner *advice_banner(const struct advice *a);

/* Known error lines among s's new log lines become EV_LOG_ERROR events. */
void advice_scan_log(struct advice *a, struct evlog *log, const struct snapshot *s);

/* The whole entry (for the dashboard's overlay); NULL if unknown. */
const struct kb_entry *advice_entry(struct advice *a, const char *id);
/* A problem loading the user's entries ("" none): shown in help. */
const char *advice_kb_warning(const struct advice *a);

#endif
