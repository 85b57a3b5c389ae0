/* oomreport.h - the kernel's OOM-killer report, read line by line from
 * /dev/kmsg records or dmesg/journal lines, assembled into one kill: who was
 * killed, in which scope (the whole machine or a memory cgroup), how big it
 * was. Untrusted bytes: every field is checked, a line that does not parse is
 * ignored, a field that does not fit is unknown (never cut into another
 * value). Fuzzed by fuzz/fuzz_oomreport.c.
 *
 * The report, as kernels 5.0 to 6.x print it:
 *   COMM invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0
 *   ... memory summary, task table ...
 *   oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,
 *            oom_memcg=/PATH,task_memcg=/PATH,task=COMM,pid=N,uid=N
 *   Memory cgroup out of memory: Killed process N (COMM) total-vm:NkB, anon-rss:NkB,
 *            file-rss:NkB, shmem-rss:NkB, UID:N pgtables:NkB oom_score_adj:N
 * ("Out of memory: Killed process ..." for a whole-machine kill, constraint
 * CONSTRAINT_NONE; CONSTRAINT_CPUSET or _MEMORY_POLICY when only the NUMA
 * nodes a cpuset or an mbind() allows ran out). Kernels 3.x and 4.x print
 * "Task in /A killed as a result of limit of /B" and "Memory cgroup out of
 * memory: Kill process N (COMM) score N or sacrifice child" before "Killed
 * process M (COMM) total-vm:...", where M may be a child of N. The lines
 * may come with a dmesg, dmesg -T, dmesg -x, syslog, journal or /dev/kmsg
 * prefix, indented or quoted as in a mail. */
#ifndef OOMCAST_OOMREPORT_H
#define OOMCAST_OOMREPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Longer cgroup paths than this are reported unknown, never cut. */
#define OOMR_PATH_MAX 4096
#define OOMR_COMM_MAX 64   /* comm is 15 bytes, but the kernel may escape it */
#define OOMR_GFP_MAX 96    /* the gfp_mask's flag names; longer ones are unknown */

enum oom_constraint {
	OOMC_UNKNOWN = 0,   /* the report did not say (old kernel, lost lines) */
	OOMC_NONE,          /* the whole machine ran out */
	OOMC_CPUSET,        /* the nodes of a cpuset */
	OOMC_MEMORY_POLICY, /* the nodes of an mbind/set_mempolicy */
	OOMC_MEMCG,         /* a memory cgroup's limit */
};

const char *oomreport_constraint_name(enum oom_constraint c);

/* One kernel log line, classified. */
enum oom_line_kind {
	OOML_OTHER = 0,
	OOML_INVOKED,       /* "COMM invoked oom-killer: gfp_mask=..., order=N" */
	OOML_CONSTRAINT,    /* "oom-kill:constraint=...,task=...,pid=N,uid=N" */
	OOML_TASK_IN,       /* "Task in /A killed as a result of limit of /B" (4.x) */
	OOML_KILL_OLD,      /* "... out of memory: Kill process N (COMM) score N or sacrifice child" */
	OOML_KILLED,        /* "... Killed process N (COMM) total-vm:... anon-rss:..." */
	OOML_TASKS_HEADER,  /* "[  pid  ]   uid  tgid total_vm      rss ... name" */
	OOML_TASK,          /* one row of the task table */
	OOML_MEMCG_USAGE,   /* "memory: usage NkB, limit NkB, failcnt N" */
};

struct oom_line {
	enum oom_line_kind kind;
	uint64_t ts_us;             /* kmsg/dmesg time since boot, microseconds; 0 unknown */
	bool memcg_reason;          /* "Memory cgroup out of memory" (KILLED, KILL_OLD) */
	bool system_reason;         /* "Out of memory" without "Memory cgroup" */
	enum oom_constraint constraint;
	char oom_memcg[OOMR_PATH_MAX];   /* "" unknown */
	char task_memcg[OOMR_PATH_MAX];  /* "" unknown */
	char comm[OOMR_COMM_MAX];        /* the victim's (or, INVOKED, the allocator's) */
	pid_t pid;                       /* 0 unknown */
	int64_t uid;                     /* -1 unknown */
	int order;                       /* INVOKED: allocation order; -1 unknown */
	uint64_t gfp_mask;               /* INVOKED: its gfp_mask; UINT64_MAX unknown */
	char gfp_flags[OOMR_GFP_MAX];    /* INVOKED: "GFP_KERNEL", "" unknown */
	uint64_t anon, file, shmem;      /* KILLED: bytes; UINT64_MAX unknown */
	int oom_score_adj;               /* KILLED/INVOKED/TASK: INT32_MIN unknown */
	uint64_t rss_pages;              /* TASK: its rss, in pages */
	uint64_t usage, limit;           /* MEMCG_USAGE: bytes */
	int rss_col;                     /* TASKS_HEADER: the rss column (0 = pid) */
	int adj_col;                     /* TASKS_HEADER: the oom_score_adj column */
};

/* One task of the report's table ("Tasks state"): who else held memory. */
struct oom_task {
	pid_t pid;
	char name[OOMR_COMM_MAX];
	uint64_t rss;                    /* bytes (pages x 4096: the table's unit) */
	int oom_score_adj;
};
#define OOMR_TASKS_MAX 8                 /* the largest this many are kept */

/* Classify one line: a /dev/kmsg record ("PRIO,SEQ,TIME,FLAGS;TEXT"), a
 * dmesg line ("[  12.345678] TEXT"), a journal line or the bare text.
 * Only the first line of buf is read. */
void oomreport_parse_line(const char *buf, size_t len, struct oom_line *out);

/* One assembled kill. */
struct oom_kill {
	pid_t pid;
	char comm[OOMR_COMM_MAX];
	uint64_t anon, file, shmem;      /* bytes at death; UINT64_MAX unknown */
	uint64_t rss;                    /* their sum; UINT64_MAX unknown */
	enum oom_constraint constraint;
	char oom_memcg[OOMR_PATH_MAX];   /* the cgroup whose limit was hit; "" */
	char task_memcg[OOMR_PATH_MAX];  /* the victim's own cgroup; "" */
	char trigger[OOMR_COMM_MAX];     /* who invoked the OOM killer; "" */
	int order;                       /* its allocation order; -1 */
	uint64_t gfp_mask;               /* its gfp_mask; UINT64_MAX unknown */
	char gfp_flags[OOMR_GFP_MAX];    /* their names ("GFP_KERNEL"); "" */
	int oom_score_adj;               /* INT32_MIN unknown */
	uint64_t ts_us;
	/* the memory cgroup's usage and limit when it hit it ("memory: usage
	 * ..."); UINT64_MAX unknown */
	uint64_t memcg_usage, memcg_limit;
	/* the task table: the largest tasks, largest first, and how many rows */
	struct oom_task tasks[OOMR_TASKS_MAX];
	size_t ntasks, tasks_seen;
	/* the constraint was not printed (before 5.0, or the line was lost):
	 * its kind comes from the kill line's reason or an oom_memcg, and
	 * "Out of memory" (OOMC_NONE) may also have been a cpuset's */
	bool constraint_inferred;
	/* the report had no "Killed process" line (cut, or rate-limited):
	 * the victim is the oom-kill: line's, its sizes unknown */
	bool cut;
};

/* Feeds lines, remembers the parts of a report that precede its last line,
 * and hands out a kill when "Killed process" arrives. */
struct oom_assembler {
	struct oom_line invoked, constraint, task_in, kill_old, usage;
	bool have_invoked, have_constraint, have_task_in, have_kill_old, have_usage;
	int rss_col, adj_col;            /* the task table's columns; rss_col 0 none */
	struct oom_task tasks[OOMR_TASKS_MAX];
	size_t ntasks, tasks_seen;
};

void oomreport_init(struct oom_assembler *a);
/* Feed one line; returns true and fills *out when it completes a kill (a
 * "Killed process" line, or the next report's first line after a report
 * that named its victim but lost its kill line). */
bool oomreport_feed(struct oom_assembler *a, const char *buf, size_t len, struct oom_kill *out);
/* At the end of the input: true and *out when the last report named its
 * victim but its kill line never came. The assembler starts afresh. */
bool oomreport_flush(struct oom_assembler *a, struct oom_kill *out);

#endif
