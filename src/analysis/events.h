/* events.h - the one event log: OOM kills, known errors in a watched log,
 * and (to come) load verdicts and recorded markers. Analysis modules append
 * (kills.c, advice.c); every view reads it and renders an event with
 * event_describe(), so no panel formats a kind it does not know. */
#ifndef OOMCAST_EVENTS_H
#define OOMCAST_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "formats/oomreport.h"

enum ev_type { EV_OOM_KILL, EV_LOG_ERROR };

/* Where an event's facts come from. */
enum ev_source {
	EVS_KERNEL_LOG,     /* the kernel's own OOM report */
	EVS_COUNTER,        /* an OOM-kill counter rose; the victim is inferred */
	EVS_WATCHED_LOG,    /* a line of a log given with --watch-log */
};

#define EV_SCOPE_MAX OOMR_PATH_MAX
#define EV_LINE_MAX 200
#define EV_LOG_MAX 32          /* the log keeps the newest this many */

struct event {
	double t;                  /* wall clock */
	enum ev_type type;
	enum ev_source source;
	pid_t pid;                 /* 0: unknown */
	char comm[OOMR_COMM_MAX];  /* "" unknown */
	uint64_t rss;              /* bytes at the kill; SNAP_NA-like UINT64_MAX unknown */
	/* EV_OOM_KILL: "system", or the memory cgroup whose limit was hit;
	 * "" = the scope cannot be known (JSON null). EV_LOG_ERROR: the file. */
	char scope[EV_SCOPE_MAX];
	enum oom_constraint constraint;
	char kb[48];               /* EV_LOG_ERROR: its knowledge-base entry */
	char line[EV_LINE_MAX];    /* EV_LOG_ERROR: the line, as read */
};

struct evlog;

struct evlog *evlog_new(void);
void evlog_free(struct evlog *l);

/* A new sample begins: the events of the last one are no longer new. */
void evlog_tick(struct evlog *l);
void evlog_append(struct evlog *l, const struct event *e);

/* This sample's events (the JSON and batch streams report each once). */
const struct event *evlog_fresh(const struct evlog *l, size_t i, size_t *n);
/* The log, oldest first: the newest EV_LOG_MAX. */
const struct event *evlog_at(const struct evlog *l, size_t i, size_t *n);
/* The newest OOM kill in the log, NULL none (a logged error is not a kill). */
const struct event *evlog_last_kill(const struct evlog *l);
/* How many OOM kills were logged since start (the log may have dropped some). */
uint64_t evlog_kills(const struct evlog *l);

/* The JSON name of a type ("oom_kill", "log_error") and a source
 * ("kernel_log", "counter", "watched_log"). */
const char *event_type_name(enum ev_type t);
const char *event_source_name(enum ev_source s);

/* One line for people: what happened, to whom, in which scope, how it is
 * known. Every view renders events through this. Names and paths are
 * copied as they are: the caller escapes them for its output. */
void event_describe(const struct event *e, char *buf, size_t len);

#endif
