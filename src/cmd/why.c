/* why.c - `oomcast why [PID] [--last N] [--from FILE|-] [--json]`: the first
 * fix step of every OOM entry ("confirm OOM was the cause: sudo dmesg")
 * done for the user. It reads the kernel's OOM reports (from /dev/kmsg, else
 * `journalctl -k`, or a file), parses each whole (formats/oomreport.h) and
 * prints a post-mortem: what was killed, when, in which scope, how big it
 * was, who else held the memory, and the knowledge base's entry with its
 * fix in that scope's numbers. */
#include "cmd/cmd.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analysis/advice.h"
#include "cmd/kbtext.h"
#include "formats/oomreport.h"
#include "util/escape.h"
#include "util/fmt.h"
#include "util/output.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char usage[] =
	"usage: oomcast why [PID] [--last N] [--from FILE|-] [--json]\n"
	"Why was a process killed? Reads the kernel's OOM reports (/dev/kmsg, else\n"
	"journalctl -k, or FILE: a saved dmesg or journal) and explains the last one\n"
	"(or the last N, or PID's): when (the time of day, for this boot's log), the\n"
	"victim, the scope (the whole machine or which memory cgroup), its size, who\n"
	"else held the memory, and the fix.\n"
	"Exit 0 when a kill was found, 1 when none, 2 on an error.\n";

struct kills_found {
	struct oom_kill *v;
	size_t n, cap;
};

static void feed(struct oom_assembler *a, struct kills_found *k, const char *line, size_t len)
{
	struct oom_kill one;
	if (oomreport_feed(a, line, len, &one)) {
		xgrow((void **)&k->v, &k->cap, k->n + 1, sizeof *k->v);
		k->v[k->n++] = one;
	}
}

/* The last report, when it named its victim but its kill line is missing. */
static void flush(struct oom_assembler *a, struct kills_found *k)
{
	struct oom_kill one;
	if (oomreport_flush(a, &one)) {
		xgrow((void **)&k->v, &k->cap, k->n + 1, sizeof *k->v);
		k->v[k->n++] = one;
	}
}

/* A kernel log line is at most about 1 KiB, with a journal's or syslog's
 * prefix a few hundred bytes more: longer lines are cut here (their rest
 * skipped), so that a file of one endless line does not take the memory
 * (--from /dev/zero grew to 22 GiB and was OOM-killed). */
#define WHY_LINE_MAX 16384

/* Every line of f, a byte at a time into a bounded buffer: NULs before a
 * line (runs of them in a syslog file after a crash) dropped, the '\r' of
 * a CRLF file too. */
static void read_stream(FILE *f, struct kills_found *k)
{
	struct oom_assembler a;
	oomreport_init(&a);
	static char line[WHY_LINE_MAX];
	size_t n = 0;
	for (;;) {
		int ch = getc_unlocked(f);
		if (ch == '\0' && n == 0)
			continue;   /* the NULs a crash leaves in a syslog file, before a line */
		if (ch != EOF && ch != '\n') {
			if (n < sizeof line)
				line[n++] = (char)ch;
			continue;
		}
		if (n || ch == '\n') {   /* (the last line may lack its newline) */
			if (n && line[n - 1] == '\r')
				n--;
			feed(&a, k, line, n);
		}
		if (ch == EOF)
			break;
		n = 0;
	}
	flush(&a, k);
}

/* The kernel's ring buffer from its start; -1 with errno when it cannot be
 * read (no CAP_SYSLOG with dmesg_restrict=1). */
static int read_kmsg(struct kills_found *k)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct oom_assembler a;
	oomreport_init(&a);
	char rec[8192];
	for (;;) {
		ssize_t n = read(fd, rec, sizeof rec - 1);
		if (n < 0 && errno == EPIPE)
			continue;   /* overwritten while read */
		if (n <= 0)
			break;
		feed(&a, k, rec, (size_t)n);
	}
	flush(&a, k);
	close(fd);
	return 0;
}

/* The journal keeps what the ring buffer has rolled over. */
static int read_journal(struct kills_found *k)
{
	if (access("/usr/bin/journalctl", X_OK) != 0 && access("/bin/journalctl", X_OK) != 0)
		return -1;
	FILE *p = popen("journalctl -k -q --no-pager -o short-monotonic 2>/dev/null", "r");
	if (!p)
		return -1;
	read_stream(p, k);
	return pclose(p) == 0 ? 0 : -1;
}

#define B(v) fmt_bytes_iec((v), (char[16]){0}, 16)

static const char *scope_of(const struct oom_kill *k)
{
	switch (k->constraint) {
	case OOMC_MEMCG: return k->oom_memcg[0] ? k->oom_memcg : NULL;
	case OOMC_NONE: return "system";
	/* only the NUMA nodes a cpuset or a memory policy allows ran out */
	case OOMC_CPUSET: return "cpuset";
	case OOMC_MEMORY_POLICY: return "memory_policy";
	case OOMC_UNKNOWN: break;
	}
	return NULL;
}

static const char *entry_of(const struct oom_kill *k)
{
	struct advice_situation sit = {.oom_kill = true, .in_cgroup = k->constraint == OOMC_MEMCG,
	                               .scope_unknown = k->constraint == OOMC_UNKNOWN,
	                               .node_bound = k->constraint == OOMC_CPUSET ||
	                                             k->constraint == OOMC_MEMORY_POLICY};
	return advice_choose(&sit);
}

/* This kill's numbers, for the entry's {now}. */
static void now_of(const struct oom_kill *k, char *out, size_t len)
{
	char victim[OOMR_COMM_MAX * 4 + 1];
	escape_copy(victim, sizeof victim, k->comm);
	int n = snprintf(out, len, "%s, pid %d, was killed", victim, (int)k->pid);
	if (n >= 0 && (size_t)n < len && k->rss != UINT64_MAX)
		n += snprintf(out + n, len - (size_t)n, " holding %s", B(k->rss));
	if (n < 0 || (size_t)n >= len)
		return;
	if (k->constraint == OOMC_MEMCG && k->memcg_limit != UINT64_MAX)
		snprintf(out + n, len - (size_t)n, " in a cgroup limited to %s", B(k->memcg_limit));
	else if (k->constraint == OOMC_NONE)
		snprintf(out + n, len - (size_t)n, " when the whole machine was out of memory");
	else if (k->constraint == OOMC_CPUSET || k->constraint == OOMC_MEMORY_POLICY)
		snprintf(out + n, len - (size_t)n, " when the NUMA nodes it was allowed were full");
}

/* The wall-clock time of boot, by which a stamp of this boot's kernel log
 * is a time of day: the log's clock stops in a suspend, as CLOCK_MONOTONIC
 * does, so boot = now - monotonic, as `dmesg -T` reckons it (a kill before a
 * suspend comes out late by the suspend's length; dmesg(1) warns of it). */
static double boot_wall(void)
{
	struct timespec r, m;
	if (clock_gettime(CLOCK_REALTIME, &r) != 0 || clock_gettime(CLOCK_MONOTONIC, &m) != 0)
		return NAN;
	return (double)(r.tv_sec - m.tv_sec) + (r.tv_nsec - m.tv_nsec) / 1e9;
}

/* " (2026-12-05 11:03:12, 2 min ago)" for a stamp of this boot. */
static void print_wall(double boot, uint64_t ts_us)
{
	if (!isfinite(boot) || !ts_us)
		return;
	double at = boot + (double)ts_us / 1e6;
	time_t t = (time_t)at;
	struct tm tm;
	char when[32];
	if (!localtime_r(&t, &tm) || !strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm))
		return;
	double ago = (double)time(NULL) - at;
	if (ago < 0)
		ago = 0;
	if (ago < 120)
		printf(" (%s, %.0f s ago)", when, ago);
	else if (ago < 7200)
		printf(" (%s, %.0f min ago)", when, ago / 60);
	else if (ago < 2 * 86400)
		printf(" (%s, %.0f h ago)", when, ago / 3600);
	else
		printf(" (%s, %.0f days ago)", when, ago / 86400);
}

void why_explain(const struct kb *kb, const struct oom_kill *k, double boot)
{
	char s[OOMR_PATH_MAX * 4 + 1], name[OOMR_COMM_MAX * 4 + 1];
	escape_copy(name, sizeof name, k->comm);
	printf("OOM kill: pid %d (%s)", (int)k->pid, name);
	if (k->ts_us)
		printf(", %.1f s after boot", (double)k->ts_us / 1e6);
	print_wall(boot, k->ts_us);
	printf("\n");
	const char *scope = scope_of(k);
	if (k->constraint == OOMC_MEMCG) {
		if (scope) {
			escape_copy(s, sizeof s, scope);
			printf("  scope: the memory cgroup %s reached its limit", s);
		} else {
			printf("  scope: a memory cgroup (its path is not in the report) reached its limit");
		}
		if (k->memcg_usage != UINT64_MAX && k->memcg_limit != UINT64_MAX)
			printf(" (%s used of %s)", B(k->memcg_usage), B(k->memcg_limit));
		printf("; the machine itself had room\n");
	} else if (k->constraint == OOMC_NONE) {
		if (k->constraint_inferred)
			printf("  scope: the whole machine ran out of memory (\"Out of memory\", not a cgroup's "
			       "limit; this kernel does not print the constraint)\n");
		else
			printf("  scope: the whole machine ran out of memory (constraint none: no cgroup limit)\n");
	} else if (k->constraint == OOMC_CPUSET) {
		printf("  scope: the NUMA nodes its cpuset allows (cpuset.mems) ran out; not the whole "
		       "machine: other nodes may have had room\n");
	} else if (k->constraint == OOMC_MEMORY_POLICY) {
		printf("  scope: the NUMA nodes its memory policy binds it to (mbind, set_mempolicy, "
		       "numactl --membind) ran out; not the whole machine: other nodes may have had room\n");
	} else {
		printf("  scope: not in the report (its constraint line is missing)\n");
	}
	if (k->task_memcg[0] && strcmp(k->task_memcg, k->oom_memcg) != 0) {
		escape_copy(s, sizeof s, k->task_memcg);
		printf("  its own cgroup: %s\n", s);
	}
	if (k->trigger[0]) {
		escape_copy(name, sizeof name, k->trigger);
		printf("  the allocation that failed: %s's", name);
		if (k->order >= 0 && k->gfp_flags[0]) {
			char flags[OOMR_GFP_MAX * 4 + 1];
			escape_copy(flags, sizeof flags, k->gfp_flags);
			printf(" (order %d, %s)", k->order, flags);
		} else if (k->order >= 0) {
			printf(" (order %d)", k->order);
		}
		printf("\n");
	}
	if (k->rss != UINT64_MAX)
		printf("  it held %s: anonymous %s, file %s, shared %s\n", B(k->rss), B(k->anon),
		       B(k->file), B(k->shmem));
	else if (k->cut)
		printf("  its size at death: not in the report (it ends before the kill line; the "
		       "victim is the one its oom-kill: line names)\n");
	else
		printf("  its size at death: not in the report (the kill line is cut)\n");
	if (k->ntasks) {
		printf("  who held the memory (%zu task%s in the report, the largest):\n", k->tasks_seen,
		       k->tasks_seen == 1 ? "" : "s");
		for (size_t i = 0; i < k->ntasks; i++) {
			escape_copy(name, sizeof name, k->tasks[i].name);
			printf("    %8d  %-16s %10s  oom_score_adj %d\n", (int)k->tasks[i].pid, name,
			       B(k->tasks[i].rss), k->tasks[i].oom_score_adj);
		}
	}
	const char *id = entry_of(k);
	const struct kb_entry *e = kb_find(kb, id);
	if (e) {
		char now[400], step[2048];
		now_of(k, now, sizeof now);
		printf("  entry: %s: %s\n", e->id, e->title);
		if (e->nfix) {
			kb_render(e->fix[0], now, NULL, step, sizeof step);
			printf("  first step: %s\n", step);
		}
		printf("  (oomcast kb %s shows the whole entry)\n", e->id);
	}
}

static void json_kill(struct strbuf *b, const struct oom_kill *k, double boot)
{
	sb_printf(b, "{\"pid\":%d,\"comm\":", (int)k->pid);
	sb_json_cstr(b, k->comm);
	sb_puts(b, ",\"ts_s\":");
	sb_json_num(b, k->ts_us ? (double)k->ts_us / 1e6 : NAN, 3);
	sb_puts(b, ",\"time\":");
	sb_json_num(b, k->ts_us && isfinite(boot) ? boot + (double)k->ts_us / 1e6 : NAN, 0);
	sb_printf(b, ",\"constraint\":\"%s\",\"scope\":", oomreport_constraint_name(k->constraint));
	sb_json_cstr(b, scope_of(k));
	sb_puts(b, ",\"oom_memcg\":");
	sb_json_cstr(b, k->oom_memcg[0] ? k->oom_memcg : NULL);
	sb_puts(b, ",\"task_memcg\":");
	sb_json_cstr(b, k->task_memcg[0] ? k->task_memcg : NULL);
	sb_puts(b, ",\"trigger\":");
	sb_json_cstr(b, k->trigger[0] ? k->trigger : NULL);
	sb_puts(b, ",\"order\":");
	sb_json_num(b, k->order >= 0 ? (double)k->order : NAN, 0);
	sb_puts(b, ",\"gfp_mask\":");
	sb_json_u64(b, k->gfp_mask);
	sb_puts(b, ",\"gfp_flags\":");
	sb_json_cstr(b, k->gfp_flags[0] ? k->gfp_flags : NULL);
	sb_puts(b, ",\"rss\":");
	sb_json_u64(b, k->rss);
	sb_puts(b, ",\"anon\":");
	sb_json_u64(b, k->anon);
	sb_puts(b, ",\"file\":");
	sb_json_u64(b, k->file);
	sb_puts(b, ",\"shmem\":");
	sb_json_u64(b, k->shmem);
	sb_puts(b, ",\"memcg_usage\":");
	sb_json_u64(b, k->memcg_usage);
	sb_puts(b, ",\"memcg_limit\":");
	sb_json_u64(b, k->memcg_limit);
	sb_printf(b, ",\"cut\":%s,\"constraint_inferred\":%s", k->cut ? "true" : "false",
	          k->constraint_inferred ? "true" : "false");
	sb_printf(b, ",\"tasks_seen\":%zu,\"tasks\":[", k->tasks_seen);
	for (size_t i = 0; i < k->ntasks; i++) {
		sb_printf(b, "%s{\"pid\":%d,\"name\":", i ? "," : "", (int)k->tasks[i].pid);
		sb_json_cstr(b, k->tasks[i].name);
		sb_puts(b, ",\"rss\":");
		sb_json_u64(b, k->tasks[i].rss);
		sb_printf(b, ",\"oom_score_adj\":%d}", k->tasks[i].oom_score_adj);
	}
	sb_printf(b, "],\"kb\":\"%s\"}", entry_of(k));
}

int cmd_why(int argc, char **argv)
{
	static const struct option longs[] = {
		{"last", required_argument, NULL, 'l'}, {"from", required_argument, NULL, 'f'},
		{"json", no_argument, NULL, 'j'},       {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	long last = 1, pid = 0;
	const char *from = NULL;
	bool json = false;
	int ch;
	opterr = 0;
	optind = 1;
	for (int at = optind; (ch = getopt_long(argc, argv, ":h", longs, NULL)) != -1;
	     at = optind) {
		char *end;
		switch (ch) {
		case 'l':
			last = strtol(optarg, &end, 10);
			if (*end || last < 1 || last > 1000) {
				fprintf(stderr, "oomcast: why: --last wants 1 to 1000\n");
				return 2;
			}
			break;
		case 'f': from = optarg; break;
		case 'j': json = true; break;
		case 'h':
			fputs(usage, stdout);
			return output_close("why") < 0 ? 2 : 0;
		default:
			cmd_getopt_refused("why", longs, ch, at, argv, "(oomcast why --help)");
			return 2;
		}
	}
	if (optind < argc) {
		char *end;
		pid = strtol(argv[optind], &end, 10);
		/* digits only, as -p takes them (strtol would skip spaces) */
		if (*end || !isdigit((unsigned char)argv[optind][0]) || pid < 1 || pid > 0x7fffffff ||
		    optind + 1 < argc) {
			fprintf(stderr, "oomcast: why: give one PID (oomcast why --help)\n");
			return 2;
		}
	}
	struct kills_found k = {0};
	char src[300] = "the kernel's log";
	/* only this boot's own log (the ring buffer, journalctl -k) has stamps
	 * that are a time of day here; a file may come from any boot */
	double boot = from ? NAN : boot_wall();
	if (from) {
		char name[256];
		escape_copy(name, sizeof name, from);
		FILE *f = strcmp(from, "-") == 0 ? stdin : fopen(from, "r");
		if (!f) {
			fprintf(stderr, "oomcast: why: cannot read %s: %s\n", name, strerror(errno));
			return 2;
		}
		/* a device is no log (/dev/zero would be read for ever); a pipe
		 * is (<(journalctl -k)) */
		struct stat st;
		if (f != stdin && fstat(fileno(f), &st) == 0 && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))) {
			fprintf(stderr, "oomcast: why: %s is a device, not a log\n", name);
			fclose(f);
			return 2;
		}
		errno = 0;
		read_stream(f, &k);
		/* a directory opens, and then cannot be read (EISDIR): that is no
		 * log without a kill */
		bool bad = ferror(f);
		int e = errno;
		if (f != stdin)
			fclose(f);
		if (bad) {
			fprintf(stderr, "oomcast: why: cannot read %s: %s\n", name, strerror(e ? e : EIO));
			free(k.v);
			return 2;
		}
		snprintf(src, sizeof src, "%s", strcmp(from, "-") == 0 ? "standard input" : name);
	} else {
		int kmsg = read_kmsg(&k);
		int e = errno;
		if (k.n == 0 && read_journal(&k) < 0 && kmsg < 0) {
			fprintf(stderr, "oomcast: why: cannot read the kernel log (%s: needs root, or "
				"kernel.dmesg_restrict=0); give --from FILE (a saved `dmesg` or "
				"`journalctl -k`)\n", strerror(e));
			return 2;
		}
	}
	struct kb kb;
	if (kbtext_load(&kb) < 0) {
		free(k.v);
		return 2;
	}
	/* which kills: PID's last, or the last N */
	size_t first = 0, end = k.n;
	if (pid) {
		for (end = k.n; end > 0 && k.v[end - 1].pid != pid; end--)
			;
		first = end ? end - 1 : 0;
	} else if (k.n > (size_t)last) {
		first = k.n - (size_t)last;
	}
	struct strbuf b = {0};
	if (json)
		sb_puts(&b, "{\"kills\":[");
	for (size_t i = first; i < end; i++) {
		if (json) {
			if (i > first)
				sb_putc(&b, ',');
			json_kill(&b, &k.v[i], boot);
		} else {
			if (i > first)
				printf("\n");
			why_explain(&kb, &k.v[i], boot);
		}
	}
	if (json) {
		sb_puts(&b, "]}\n");
		fwrite(b.s, 1, b.len, stdout);
	} else if (end == first) {
		if (pid)
			printf("No OOM kill of pid %ld in %s.\n", pid, src);
		else
			printf("No OOM kill in %s.\n", src);
	}
	sb_free(&b);
	kb_free(&kb);
	bool found = end > first;
	free(k.v);
	if (output_close("why") < 0)
		return 2;
	return found ? 0 : 1;
}
