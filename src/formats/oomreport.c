/* oomreport.c - the kernel's OOM report, see oomreport.h. */
#include "formats/oomreport.h"

#include <stdio.h>
#include <string.h>

#include "util/escape.h"

#define UNKNOWN_SIZE UINT64_MAX

const char *oomreport_constraint_name(enum oom_constraint c)
{
	static const char *const names[] = {
		[OOMC_UNKNOWN] = "unknown", [OOMC_NONE] = "none", [OOMC_CPUSET] = "cpuset",
		[OOMC_MEMORY_POLICY] = "memory_policy", [OOMC_MEMCG] = "memcg",
	};
	return c <= OOMC_MEMCG ? names[c] : "unknown";
}

/* ---- small scanners over [p, end) ---------------------------------------- */

static const char *find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);
	for (; p && (size_t)(end - p) >= n; p++)
		if (memcmp(p, needle, n) == 0)
			return p;
	return NULL;
}

static bool starts(const char *p, const char *end, const char *prefix)
{
	size_t n = strlen(prefix);
	return (size_t)(end - p) >= n && memcmp(p, prefix, n) == 0;
}

/* An unsigned decimal; false when there is none or it overflows. */
static bool decimal(const char *p, const char *end, uint64_t *out, const char **next)
{
	uint64_t v = 0;
	const char *q = p;
	for (; q < end && *q >= '0' && *q <= '9'; q++) {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*q - '0');
	}
	if (q == p)
		return false;
	*out = v;
	if (next)
		*next = q;
	return true;
}

static bool signed_decimal(const char *p, const char *end, int64_t *out)
{
	bool neg = p < end && *p == '-';
	uint64_t v;
	if (!decimal(p + neg, end, &v, NULL) || v > INT32_MAX)
		return false;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return true;
}

/* Copy [p, p+n) into out; false (and out "") when it does not fit. */
static bool copy_field(char *out, size_t outsz, const char *p, size_t n)
{
	if (n >= outsz) {
		out[0] = '\0';
		return false;
	}
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

static bool pid_of(uint64_t v, pid_t *pid)
{
	if (v == 0 || v > INT32_MAX)
		return false;
	*pid = (pid_t)v;
	return true;
}

/* "Killed process 123 (comm) ..." / "Kill process 123 (comm) score ...":
 * the pid after prefix and the comm in parentheses, which may itself hold
 * ")" or spaces: it ends at the last ") " (4.x: "), ") before stop (or the
 * line's end). */
static bool pid_comm(const char *p, const char *end, const char *stop, struct oom_line *o)
{
	uint64_t v;
	if (!decimal(p, end, &v, &p) || !pid_of(v, &o->pid))
		return false;
	/* 2.6.32 (RHEL 6): "Killed process 21578, UID 503, (redis-server) ..." */
	const char *u;
	if (starts(p, end, ", UID ") && decimal(p + 6, end, &v, &u) && starts(u, end, ", ("))
		p = u + 1;
	if (end - p < 2 || p[0] != ' ' || p[1] != '(')
		return true;   /* no comm: the line was cut */
	const char *s = p + 2, *e = NULL, *lim = stop ? find(s, end, stop) : NULL;
	if (!lim)
		lim = end;
	for (const char *q = s; q + 1 < end && q < lim; q++)
		if (q[0] == ')' && (q[1] == ' ' || q[1] == ','))
			e = q;
	if (!e && end > s && end[-1] == ')')
		e = end - 1;
	if (e)
		copy_field(o->comm, sizeof o->comm, s, (size_t)(e - s));
	return true;
}

/* "KEY:NkB" after p: bytes, or UNKNOWN_SIZE. */
static uint64_t kb_field(const char *p, const char *end, const char *key)
{
	const char *q = find(p, end, key);
	uint64_t v;
	if (!q || !decimal(q + strlen(key), end, &v, &q) || !starts(q, end, "kB") ||
	    v > UINT64_MAX / 1024)
		return UNKNOWN_SIZE;
	return v * 1024;
}

/* The value of ",KEY=" or "KEY=" at the start of the list in [p, end): up to
 * the next ','. For the paths that is ambiguous (a cgroup may be named with
 * a comma), so the known order of the keys is used: a value ends at
 * ",NEXTKEY=", and without it (a cut line) it is unknown. */
static bool kv(const char *p, const char *end, const char *key, const char *next_key,
               const char **val, size_t *n)
{
	char k[32];
	snprintf(k, sizeof k, "%s=", key);
	const char *q = p;
	for (;;) {
		q = find(q, end, k);
		if (!q)
			return false;
		if (q == p || q[-1] == ',')
			break;
		q++;
	}
	q += strlen(k);
	const char *e = NULL;
	if (next_key) {
		char nk[32];
		snprintf(nk, sizeof nk, ",%s=", next_key);
		e = find(q, end, nk);
		if (!e)   /* the line was cut: where the path ends is not known */
			return false;
	} else {
		const char *c = memchr(q, ',', (size_t)(end - q));
		e = c ? c : end;
	}
	*val = q, *n = (size_t)(e - q);
	return true;
}

static enum oom_constraint constraint_of(const char *v, size_t n)
{
	static const struct { const char *name; enum oom_constraint c; } tab[] = {
		{"CONSTRAINT_NONE", OOMC_NONE}, {"CONSTRAINT_CPUSET", OOMC_CPUSET},
		{"CONSTRAINT_MEMORY_POLICY", OOMC_MEMORY_POLICY}, {"CONSTRAINT_MEMCG", OOMC_MEMCG},
	};
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strlen(tab[i].name) == n && memcmp(tab[i].name, v, n) == 0)
			return tab[i].c;
	return OOMC_UNKNOWN;
}

/* ---- the line kinds -------------------------------------------------------- */

static void parse_constraint(const char *p, const char *end, struct oom_line *o)
{
	const char *v;
	size_t n;
	uint64_t u;
	o->kind = OOML_CONSTRAINT;
	if (kv(p, end, "constraint", NULL, &v, &n))
		o->constraint = constraint_of(v, n);
	if (kv(p, end, "oom_memcg", "task_memcg", &v, &n))
		copy_field(o->oom_memcg, sizeof o->oom_memcg, v, n);
	if (kv(p, end, "task_memcg", "task", &v, &n))
		copy_field(o->task_memcg, sizeof o->task_memcg, v, n);
	/* task=COMM,pid=N,uid=N: the comm ends at the last ",pid=" */
	const char *t = find(p, end, ",task="), *pp = NULL;
	for (const char *q = t; q && (q = find(q + 1, end, ",pid="));)
		pp = q;
	if (t && pp && pp > t) {
		copy_field(o->comm, sizeof o->comm, t + 6, (size_t)(pp - t - 6));
		if (decimal(pp + 5, end, &u, NULL))
			pid_of(u, &o->pid);
		const char *ui = find(pp, end, ",uid=");
		int64_t s;
		if (ui && signed_decimal(ui + 5, end, &s))
			o->uid = s;
	}
}

static void parse_invoked(const char *text, const char *at, const char *end, struct oom_line *o)
{
	o->kind = OOML_INVOKED;
	copy_field(o->comm, sizeof o->comm, text, (size_t)(at - text));
	const char *q = find(at, end, "order=");
	uint64_t v;
	if (q && decimal(q + 6, end, &v, NULL) && v < 64)
		o->order = (int)v;
	/* "gfp_mask=0x1100cca(GFP_HIGHUSER_MOVABLE)", 3.x "gfp_mask=0x280da" */
	q = find(at, end, "gfp_mask=0x");
	if (q) {
		q += strlen("gfp_mask=0x");
		uint64_t m = 0;
		int digits = 0;
		for (; q < end && digits <= 16; q++, digits++) {
			int d = *q >= '0' && *q <= '9' ? *q - '0' : *q >= 'a' && *q <= 'f' ? *q - 'a' + 10 : -1;
			if (d < 0)
				break;
			m = m << 4 | (uint64_t)d;
		}
		if (digits > 0 && digits <= 16)
			o->gfp_mask = m;
		const char *close = q < end && *q == '(' ? memchr(q, ')', (size_t)(end - q)) : NULL;
		if (digits > 0 && digits <= 16 && close)
			copy_field(o->gfp_flags, sizeof o->gfp_flags, q + 1, (size_t)(close - q - 1));
	}
	q = find(at, end, "oom_score_adj=");
	int64_t s;
	if (q && signed_decimal(q + 14, end, &s))
		o->oom_score_adj = (int)s;
}

static void parse_killed(const char *text, const char *at, const char *end, struct oom_line *o)
{
	o->memcg_reason = find(text, at, "Memory cgroup out of memory") != NULL;
	o->system_reason = !o->memcg_reason && find(text, at, "Out of memory") != NULL;
	/* the kernel's line has a reason before it or sizes after it: any
	 * other "Killed process" (a service manager's, a shell's) is not one */
	if (!o->memcg_reason && !o->system_reason && !find(at, end, "total-vm:") &&
	    !find(at, end, "anon-rss:"))
		return;
	if (!pid_comm(at + strlen("Killed process "), end, " total-vm:", o))
		return;
	o->kind = OOML_KILLED;
	o->anon = kb_field(at, end, "anon-rss:");
	o->file = kb_field(at, end, "file-rss:");
	o->shmem = kb_field(at, end, "shmem-rss:");
	const char *q = find(at, end, "oom_score_adj:");
	int64_t s;
	if (q && signed_decimal(q + 14, end, &s))
		o->oom_score_adj = (int)s;
}

static void parse_kill_old(const char *text, const char *at, const char *end, struct oom_line *o)
{
	o->memcg_reason = find(text, at, "Memory cgroup out of memory") != NULL;
	o->system_reason = !o->memcg_reason && find(text, at, "Out of memory") != NULL;
	if (pid_comm(at + strlen("Kill process "), end, " score ", o))
		o->kind = OOML_KILL_OLD;
}

static void parse_task_in(const char *p, const char *end, struct oom_line *o)
{
	/* "Task in /A killed as a result of limit of /B" */
	static const char mid[] = " killed as a result of limit of ";
	const char *m = find(p, end, mid);
	if (!m)
		return;
	o->kind = OOML_TASK_IN;
	o->constraint = OOMC_MEMCG;
	copy_field(o->task_memcg, sizeof o->task_memcg, p, (size_t)(m - p));
	m += strlen(mid);
	copy_field(o->oom_memcg, sizeof o->oom_memcg, m, (size_t)(end - m));
	/* the cgroup whose limit was hit is the task's own or an ancestor: a
	 * path that is not was cut (a terminal wrapped the line) */
	size_t n = strlen(o->oom_memcg);
	if (n && strcmp(o->oom_memcg, "/") != 0 &&
	    (strncmp(o->task_memcg, o->oom_memcg, n) != 0 ||
	     (o->task_memcg[n] != '\0' && o->task_memcg[n] != '/')))
		o->oom_memcg[0] = '\0';
}

/* "[  pid  ]   uid  tgid total_vm      rss rss_anon ... oom_score_adj name":
 * which columns (0 = pid) hold rss and oom_score_adj. */
static void parse_tasks_header(const char *p, const char *end, struct oom_line *o)
{
	const char *q = memchr(p, ']', (size_t)(end - p));
	if (!q)
		return;
	int col = 0;
	for (q++; q < end;) {
		while (q < end && *q == ' ')
			q++;
		const char *w = q;
		while (q < end && *q != ' ')
			q++;
		if (q == w)
			break;
		col++;
		size_t n = (size_t)(q - w);
		if (n == 3 && memcmp(w, "rss", 3) == 0)
			o->rss_col = col;
		else if (n == 13 && memcmp(w, "oom_score_adj", 13) == 0)
			o->adj_col = col;
	}
	if (o->rss_col)
		o->kind = OOML_TASKS_HEADER;
}

/* "[   2354]     0  2354    16970    16599 ... 0 memhog": the numbers
 * after the pid, then the name (the rest of the line). */
static void parse_task(const char *p, const char *end, int rss_col, int adj_col,
                       struct oom_line *o)
{
	uint64_t v;
	const char *q = p + 1;
	while (q < end && *q == ' ')
		q++;
	if (!decimal(q, end, &v, &q) || q >= end || *q != ']' || !pid_of(v, &o->pid))
		return;
	q++;
	for (int col = 1;; col++) {
		while (q < end && *q == ' ')
			q++;
		const char *w = q;
		bool neg = q < end && *q == '-';
		if (!decimal(q + neg, end, &v, &q)) {
			/* the name: what is left of the line */
			if (w < end && o->rss_pages != UNKNOWN_SIZE) {
				copy_field(o->comm, sizeof o->comm, w, (size_t)(end - w));
				o->kind = OOML_TASK;
			}
			return;
		}
		if (col == rss_col)
			o->rss_pages = v;
		else if (col == adj_col && v <= 1000)
			o->oom_score_adj = neg ? -(int)v : (int)v;
	}
}

static void parse_usage(const char *p, const char *end, struct oom_line *o)
{
	o->usage = kb_field(p, end, "usage ");
	o->limit = kb_field(p, end, "limit ");
	if (o->usage != UNKNOWN_SIZE)
		o->kind = OOML_MEMCG_USAGE;
}

/* A dmesg time "[  12.345678]" in [p, r): microseconds into *ts_us. */
static bool dmesg_time(const char *p, const char *r, uint64_t *ts_us)
{
	const char *q = p + 1, *d;
	uint64_t s, us = 0;
	while (q < r && *q == ' ')
		q++;
	/* a time has a fraction: "[ 12]" is a task row */
	if (!decimal(q, r, &s, &d) || d >= r || *d != '.')
		return false;
	int digits = 0;
	const char *f = d + 1;
	for (; f < r && *f >= '0' && *f <= '9' && digits < 6; f++, digits++)
		us = us * 10 + (uint64_t)(*f - '0');
	while (f < r && *f >= '0' && *f <= '9')
		f++;
	if (f != r)
		return false;
	for (; digits > 0 && digits < 6; digits++)
		us *= 10;
	*ts_us = s <= UINT64_MAX / 1000000 ? s * 1000000 + us : 0;
	return true;
}

/* A bracket the kernel's own lines never start with, [p, r) with r its
 * ']': `dmesg -T`'s wall time ("[Thu May  9 14:52:38 2024]", in any locale:
 * it has "HH:MM") or a printk caller id ("[ T1308]", "[C3]"). A task row
 * ("[   2354]"), the table's header ("[  pid  ]") and a stack address
 * ("[<ffffffff8168863d>]") are neither. */
static bool skippable_bracket(const char *p, const char *r)
{
	const char *q = p + 1;
	while (q < r && *q == ' ')
		q++;
	if (q < r && (*q == 'T' || *q == 'C')) {
		const char *d = q + 1;
		while (d < r && *d >= '0' && *d <= '9')
			d++;
		if (d == r && d > q + 1)
			return true;
	}
	for (const char *c = p + 2; c + 2 < r; c++)
		if (*c == ':' && c[-1] >= '0' && c[-1] <= '9' && c[1] >= '0' && c[1] <= '9' &&
		    c[2] >= '0' && c[2] <= '9' && !memchr(p + 1, '[', (size_t)(r - p - 1)))
			return true;
	return false;
}

/* `dmesg -x`: "kern  :info  : " */
static const char *facility_level(const char *p, const char *end)
{
	const char *q = p;
	for (int field = 0; field < 2; field++) {
		const char *w = q;
		while (q < end && *q >= 'a' && *q <= 'z')
			q++;
		if (q == w)
			return p;
		while (q < end && *q == ' ')
			q++;
		if (q >= end || *q != ':')
			return p;
		q++;
	}
	return q < end && *q == ' ' ? q + 1 : p;
}

/* Where the text starts, past what was put before it: a kmsg record's
 * "PRIO,SEQ,TIME,FLAGS;", a "<4>" priority, a dmesg "[ TIME]" (its time in
 * microseconds into *ts_us), `dmesg -T`'s wall time, `dmesg -x`'s
 * "kern  :info  : ", a printk caller id, a syslog or journal line's
 * "Oct 27 14:26:24 host kernel: ", and what pasting adds: indentation and
 * a mail's quote marks ("> ", "> | "). */
static const char *text_of(const char *p, const char *end, uint64_t *ts_us, bool *kmsg)
{
	uint64_t v;
	const char *q;
	*ts_us = 0;
	*kmsg = false;
	/* kmsg: digits ',' digits ',' digits ',' ... ';' */
	if (decimal(p, end, &v, &q) && q < end && *q == ',' && decimal(q + 1, end, &v, &q) &&
	    q < end && *q == ',' && decimal(q + 1, end, &v, &q)) {
		const char *semi = memchr(q, ';', (size_t)(end - q));
		if (semi) {
			*ts_us = v;
			*kmsg = true;
			return semi + 1;
		}
	}
	bool syslog_seen = false;
	for (int round = 0; round < 8; round++) {
		const char *was = p;
		while (p < end && (*p == ' ' || *p == '\t' || *p == '>' ||
		                   (*p == '|' && (p + 1 == end || p[1] == ' '))))
			p++;
		if (p < end && *p == '<') {   /* "<4>" */
			const char *d = p + 1;
			while (d < end && *d >= '0' && *d <= '9')
				d++;
			if (d > p + 1 && d < end && *d == '>')
				p = d + 1;
		}
		if (p < end && *p == '[') {
			const char *r = memchr(p, ']', (size_t)(end - p));
			uint64_t t;
			if (r && dmesg_time(p, r, &t)) {
				if (!*ts_us)
					*ts_us = t;
				p = r + 1;
			} else if (r && skippable_bracket(p, r)) {
				p = r + 1;
			}
		}
		p = facility_level(p, end);
		/* syslog and journalctl -k: "Oct 27 14:26:24 host kernel: TEXT" */
		const char *k = syslog_seen ? NULL : find(p, end - p > 96 ? p + 96 : end, " kernel: ");
		if (k) {
			p = k + strlen(" kernel: ");
			syslog_seen = true;
		}
		if (p == was)
			break;
	}
	return p;
}

/* A /dev/kmsg record's text has every byte below ' ', from 127 up, and the
 * backslash itself written "\xNN" (printk's reader of /dev/kmsg; seen here:
 * a backslash comes as \x5c), so there every backslash starts one: the
 * name's own bytes again, in place (not \x00, which would end the name).
 * Without this a kill in a cgroup named with such a byte would not match
 * the cgroup the counters name, and be counted twice. Other logs (a saved
 * dmesg, the journal) may or may not have been unescaped: left as they are. */
static void kmsg_unescape(char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		int b = escape_hexbyte(r, strnlen(r, 4));
		if (b > 0) {
			*w++ = (char)b;
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

/* The text before a "Killed process"/"Kill process" at at is one of the
 * kernel's reasons (or nothing): a line that only quotes the kernel's (a
 * service manager's, node-problem-detector's "Message:...") is not one. */
static bool kernel_reason(const char *text, const char *at)
{
	static const char *const reasons[] = {
		"", "Out of memory: ", "Out of Memory: ", "Memory cgroup out of memory: ",
	};
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if ((size_t)(at - text) == strlen(reasons[i]) && memcmp(text, reasons[i], strlen(reasons[i])) == 0)
			return true;
	return false;
}

void oomreport_parse_line(const char *buf, size_t len, struct oom_line *o)
{
	memset(o, 0, sizeof *o);
	o->uid = -1;
	o->order = -1;
	o->oom_score_adj = INT32_MIN;
	o->anon = o->file = o->shmem = UNKNOWN_SIZE;
	o->rss_pages = o->usage = o->limit = o->gfp_mask = UNKNOWN_SIZE;
	const char *end = buf + len, *nl = memchr(buf, '\n', len);
	if (nl)
		end = nl;
	bool kmsg;
	const char *text = text_of(buf, end, &o->ts_us, &kmsg), *at;
	/* "oom-kill:constraint=..."; RHEL 7's backport prints "oom-kill:,cpuset=" */
	if (starts(text, end, "oom-kill:constraint=") || starts(text, end, "oom-kill:,"))
		parse_constraint(text + strlen("oom-kill:"), end, o);
	else if ((at = find(text, end, " invoked oom-killer: ")))
		parse_invoked(text, at, end, o);
	else if ((at = find(text, end, "Killed process ")) && kernel_reason(text, at))
		parse_killed(text, at, end, o);
	else if ((at = find(text, end, "Kill process ")) && kernel_reason(text, at) &&
	         find(at, end, " or sacrifice child"))
		parse_kill_old(text, at, end, o);
	else if (starts(text, end, "Task in "))
		parse_task_in(text + strlen("Task in "), end, o);
	else if (starts(text, end, "[  pid  ]") || starts(text, end, "[ pid ]"))
		parse_tasks_header(text, end, o);
	else if (starts(text, end, "memory: usage "))
		parse_usage(text + strlen("memory:"), end, o);
	else if (starts(text, end, "["))
		o->kind = OOML_OTHER, o->oom_score_adj = INT32_MIN;   /* a task row: feed() knows the columns */
	if (kmsg) {
		kmsg_unescape(o->comm);
		kmsg_unescape(o->oom_memcg);
		kmsg_unescape(o->task_memcg);
	}
}

/* A task row needs the header's columns: the assembler has them. */
static bool task_row(const struct oom_assembler *a, const char *buf, size_t len, struct oom_line *o)
{
	if (!a->rss_col)
		return false;
	const char *end = buf + len, *nl = memchr(buf, '\n', len);
	if (nl)
		end = nl;
	uint64_t ts;
	bool kmsg;
	const char *text = text_of(buf, end, &ts, &kmsg);
	if (!starts(text, end, "["))
		return false;
	parse_task(text, end, a->rss_col, a->adj_col, o);
	if (kmsg)
		kmsg_unescape(o->comm);   /* the table's names as the victim's */
	return o->kind == OOML_TASK;
}

static void keep_task(struct oom_assembler *a, const struct oom_line *l)
{
	struct oom_task t = {.pid = l->pid, .oom_score_adj = l->oom_score_adj};
	memcpy(t.name, l->comm, sizeof t.name);
	t.rss = l->rss_pages <= UINT64_MAX / 4096 ? l->rss_pages * 4096 : UNKNOWN_SIZE;
	a->tasks_seen++;
	/* the largest OOMR_TASKS_MAX, largest first */
	size_t i = a->ntasks < OOMR_TASKS_MAX ? a->ntasks++ : OOMR_TASKS_MAX;
	if (i == OOMR_TASKS_MAX) {
		if (t.rss <= a->tasks[OOMR_TASKS_MAX - 1].rss)
			return;
		i = OOMR_TASKS_MAX - 1;
	}
	while (i > 0 && a->tasks[i - 1].rss < t.rss) {
		a->tasks[i] = a->tasks[i - 1];
		i--;
	}
	a->tasks[i] = t;
}

/* ---- assembling a kill ------------------------------------------------------ */

void oomreport_init(struct oom_assembler *a)
{
	memset(a, 0, sizeof *a);
}

static uint64_t sum3(uint64_t a, uint64_t b, uint64_t c)
{
	if (a == UNKNOWN_SIZE)
		return UNKNOWN_SIZE;
	uint64_t s = a;
	if (b != UNKNOWN_SIZE && __builtin_add_overflow(s, b, &s))
		return UNKNOWN_SIZE;
	if (c != UNKNOWN_SIZE && __builtin_add_overflow(s, c, &s))
		return UNKNOWN_SIZE;
	return s;
}

/* The parts remembered before the last line belong to this kill only when
 * they name the same victim (constraint, old kill line) or came just before
 * it (the trigger: at most a report's length earlier). */
#define REPORT_SPAN_US (10 * 1000000ull)

static bool recent(const struct oom_line *part, const struct oom_line *last)
{
	if (!part->ts_us || !last->ts_us)
		return true;
	return part->ts_us <= last->ts_us && last->ts_us - part->ts_us <= REPORT_SPAN_US;
}

static void complete(struct oom_assembler *a, const struct oom_line *k, struct oom_kill *out)
{
	memset(out, 0, sizeof *out);
	out->pid = k->pid;
	memcpy(out->comm, k->comm, sizeof out->comm);
	out->anon = k->anon, out->file = k->file, out->shmem = k->shmem;
	out->rss = sum3(k->anon, k->file, k->shmem);
	out->oom_score_adj = k->oom_score_adj;
	out->ts_us = k->ts_us;
	out->order = -1;
	out->gfp_mask = UNKNOWN_SIZE;
	/* "Kill process P ... or sacrifice child" (up to 4.18) then kills a
	 * child of P: the lines naming P belong to this kill too */
	bool old = a->have_kill_old && recent(&a->kill_old, k);
	pid_t chosen = old ? a->kill_old.pid : k->pid;
	if (a->have_constraint && (a->constraint.pid == k->pid || a->constraint.pid == chosen) &&
	    recent(&a->constraint, k)) {
		out->constraint = a->constraint.constraint;
		memcpy(out->oom_memcg, a->constraint.oom_memcg, sizeof out->oom_memcg);
		memcpy(out->task_memcg, a->constraint.task_memcg, sizeof out->task_memcg);
		if (!out->comm[0] && a->constraint.pid == k->pid)
			memcpy(out->comm, a->constraint.comm, sizeof out->comm);
	} else if (a->have_task_in && recent(&a->task_in, k)) {
		out->constraint = OOMC_MEMCG;
		memcpy(out->oom_memcg, a->task_in.oom_memcg, sizeof out->oom_memcg);
		memcpy(out->task_memcg, a->task_in.task_memcg, sizeof out->task_memcg);
	}
	/* without the constraint itself the rest tells the scope's kind: only
	 * a memory cgroup's OOM names an oom_memcg, and the reason */
	bool memcg = k->memcg_reason || (old && a->kill_old.memcg_reason);
	bool system = k->system_reason || (old && a->kill_old.system_reason);
	if (out->constraint == OOMC_UNKNOWN) {
		out->constraint = out->oom_memcg[0] || memcg ? OOMC_MEMCG : system ? OOMC_NONE : OOMC_UNKNOWN;
		out->constraint_inferred = out->constraint != OOMC_UNKNOWN;
	}
	if (a->have_invoked && recent(&a->invoked, k)) {
		memcpy(out->trigger, a->invoked.comm, sizeof out->trigger);
		out->order = a->invoked.order;
		out->gfp_mask = a->invoked.gfp_mask;
		memcpy(out->gfp_flags, a->invoked.gfp_flags, sizeof out->gfp_flags);
	}
	out->memcg_usage = out->memcg_limit = UNKNOWN_SIZE;
	if (a->have_usage && recent(&a->usage, k)) {
		out->memcg_usage = a->usage.usage;
		out->memcg_limit = a->usage.limit;
	}
	memcpy(out->tasks, a->tasks, sizeof out->tasks);
	out->ntasks = a->ntasks;
	out->tasks_seen = a->tasks_seen;
	oomreport_init(a);
}

/* A report whose "Killed process" line never came (cut when it was pasted,
 * or rate-limited away): its oom-kill: line still names the victim, so it
 * is handed out with the sizes at death unknown. */
static bool complete_cut(struct oom_assembler *a, struct oom_kill *out)
{
	if (!a->have_constraint || !a->constraint.pid)
		return false;
	struct oom_line k = a->constraint;
	k.kind = OOML_KILLED;
	k.anon = k.file = k.shmem = UNKNOWN_SIZE;
	k.oom_score_adj = INT32_MIN;
	k.memcg_reason = k.system_reason = false;
	a->have_kill_old = false;
	complete(a, &k, out);
	out->cut = true;
	return true;
}

bool oomreport_flush(struct oom_assembler *a, struct oom_kill *out)
{
	bool done = complete_cut(a, out);
	oomreport_init(a);
	return done;
}

bool oomreport_feed(struct oom_assembler *a, const char *buf, size_t len, struct oom_kill *out)
{
	struct oom_line l;
	oomreport_parse_line(buf, len, &l);
	if (l.kind == OOML_OTHER && task_row(a, buf, len, &l)) {
		keep_task(a, &l);
		return false;
	}
	switch (l.kind) {
	case OOML_INVOKED: {
		/* a new report begins: an unfinished one is handed out if it
		 * named its victim, and what else it left is stale */
		bool cut = complete_cut(a, out);
		oomreport_init(a);
		a->invoked = l, a->have_invoked = true;
		return cut;
	}
	case OOML_CONSTRAINT:
		a->constraint = l, a->have_constraint = true;
		return false;
	case OOML_TASK_IN:
		a->task_in = l, a->have_task_in = true;
		return false;
	case OOML_KILL_OLD:
		a->kill_old = l, a->have_kill_old = true;
		return false;
	case OOML_KILLED:
		complete(a, &l, out);
		return true;
	case OOML_TASKS_HEADER:
		a->rss_col = l.rss_col, a->adj_col = l.adj_col;
		a->ntasks = a->tasks_seen = 0;
		return false;
	case OOML_MEMCG_USAGE:
		a->usage = l, a->have_usage = true;
		return false;
	case OOML_TASK:
	case OOML_OTHER:
		break;
	}
	return false;
}
