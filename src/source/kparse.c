/* kparse.c - parsers for kernel text files; see kparse.h. None of them
 * assumes a NUL terminator: kernel files can be cut at any byte. */
#include "source/kparse.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool parse_u64(const char *p, const char *end, uint64_t *out, const char **next);

bool kparse_decimal(const char *p, const char *end, uint64_t *out, const char **next)
{
	return parse_u64(p, end, out, next);
}

/* Parse an unsigned decimal at [p,end). Returns false if there is none or it
 * overflows. *next is set past the digits. */
static bool parse_u64(const char *p, const char *end, uint64_t *out, const char **next)
{
	uint64_t v = 0;
	const char *s = p;
	while (p < end && *p >= '0' && *p <= '9') {
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
		p++;
	}
	if (p == s)
		return false;
	*out = v;
	if (next)
		*next = p;
	return true;
}

/* A decimal number with optional fraction, for PSI averages ("0.00"). */
static bool parse_double(const char *p, const char *end, double *out, const char **next)
{
	uint64_t ip;
	if (!parse_u64(p, end, &ip, &p))
		return false;
	double v = (double)ip, scale = 0.1;
	if (p < end && *p == '.') {
		p++;
		while (p < end && *p >= '0' && *p <= '9') {
			v += (*p - '0') * scale;
			scale /= 10;
			p++;
		}
	}
	*out = v;
	if (next)
		*next = p;
	return true;
}

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : end;
}

static const char *skip_blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Find "name=" inside [p,end) and parse the double after it. */
static bool psi_field(const char *p, const char *end, const char *name, double *out)
{
	size_t n = strlen(name);
	while (p < end) {
		p = skip_blank(p, end);
		if ((size_t)(end - p) > n && memcmp(p, name, n) == 0 && p[n] == '=')
			return parse_double(p + n + 1, end, out, NULL);
		while (p < end && *p != ' ' && *p != '\t')
			p++;
	}
	return false;
}

bool kparse_psi(const char *buf, size_t len, struct snap_psi *out)
{
	const char *p = buf, *end = buf + len;
	bool some = false;
	memset(out, 0, sizeof *out);
	out->full_avg10 = out->full_avg60 = out->full_total_s = NAN;
	while (p < end) {
		const char *le = line_end(p, end);
		double a10, a60, tot;
		bool is_some = (size_t)(le - p) >= 5 && memcmp(p, "some ", 5) == 0;
		bool is_full = (size_t)(le - p) >= 5 && memcmp(p, "full ", 5) == 0;
		if ((is_some || is_full) && psi_field(p + 5, le, "avg10", &a10) &&
		    psi_field(p + 5, le, "avg60", &a60) && psi_field(p + 5, le, "total", &tot)) {
			/* total is in microseconds of stall */
			if (is_some) {
				out->some_avg10 = a10, out->some_avg60 = a60, out->some_total_s = tot / 1e6;
				some = true;
			} else {
				out->full_avg10 = a10, out->full_avg60 = a60, out->full_total_s = tot / 1e6;
			}
		}
		p = le + 1;
	}
	out->present = some;
	return some;
}

uint64_t kparse_key(const char *buf, size_t len, const char *key)
{
	const char *p = buf, *end = buf + len;
	size_t n = strlen(key);
	while (p < end) {
		const char *le = line_end(p, end);
		if ((size_t)(le - p) > n && memcmp(p, key, n) == 0 &&
		    (p[n] == ' ' || p[n] == '\t' || p[n] == ':')) {
			const char *q = p + n;
			if (*q == ':')
				q++;
			q = skip_blank(q, le);
			uint64_t v;
			if (!parse_u64(q, le, &v, &q))
				return SNAP_NA;
			q = skip_blank(q, le);
			if (le - q >= 2 && q[0] == 'k' && q[1] == 'B') {
				if (v > UINT64_MAX / 1024)
					return SNAP_NA;
				v *= 1024;
			}
			return v;
		}
		p = le + 1;
	}
	return SNAP_NA;
}

uint64_t kparse_u64(const char *buf, size_t len)
{
	const char *end = buf + len, *p = skip_blank(buf, end);
	uint64_t v;
	if (!parse_u64(p, end, &v, &p))
		return SNAP_NA;
	p = skip_blank(p, end);
	if (p < end && *p != '\n')
		return SNAP_NA;
	return v;
}

int32_t kparse_int(const char *buf, size_t len)
{
	const char *end = buf + len, *p = skip_blank(buf, end);
	bool neg = false;
	uint64_t v;
	if (p < end && *p == '-')
		neg = true, p++;
	if (!parse_u64(p, end, &v, &p) || v > INT32_MAX)
		return SNAP_NA_INT;
	if (p < end && *p != '\n' && *p != ' ')
		return SNAP_NA_INT;
	return neg ? -(int32_t)v : (int32_t)v;
}

uint64_t kparse_limit(const char *buf, size_t len, int *limited)
{
	const char *end = buf + len, *p = skip_blank(buf, end);
	*limited = -1;
	if (end - p >= 3 && memcmp(p, "max", 3) == 0 && (end - p == 3 || p[3] == '\n')) {
		*limited = 0;
		return SNAP_NA;
	}
	uint64_t v = kparse_u64(buf, len);
	if (!snap_known(v))
		return SNAP_NA;
	if (v >= (UINT64_C(1) << 62)) {
		*limited = 0;
		return SNAP_NA;
	}
	*limited = 1;
	return v;
}

static void copy_str(char *out, size_t outsz, const char *p, size_t n)
{
	if (!outsz)
		return;
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

/* Does the comma-separated list [p,e) contain word? */
static bool list_has(const char *p, const char *e, const char *word)
{
	size_t n = strlen(word);
	while (p < e) {
		const char *c = memchr(p, ',', (size_t)(e - p));
		const char *we = c ? c : e;
		if ((size_t)(we - p) == n && memcmp(p, word, n) == 0)
			return true;
		p = we + 1;
	}
	return false;
}

enum cg_version kparse_proc_cgroup(const char *buf, size_t len, bool want_v1,
                                   char *out, size_t outsz)
{
	const char *p = buf, *end = buf + len;
	enum cg_version found = CG_NONE;
	while (p < end) {
		const char *le = line_end(p, end);
		/* hierarchy-ID:controller-list:cgroup-path */
		const char *c1 = memchr(p, ':', (size_t)(le - p));
		const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(le - c1 - 1)) : NULL;
		/* a path cut to fit would name an ancestor (a cut at a '/') or
		 * nothing: one that does not fit is unknown */
		size_t pl = c2 ? (size_t)(le - c2 - 1) : 0;
		if (c2 && c2 + 1 < le && c2[1] == '/' && pl < outsz) {
			bool v2 = (c1 - p == 1 && p[0] == '0' && c2 == c1 + 1);
			if (want_v1 && !v2 && list_has(c1 + 1, c2, "memory")) {
				copy_str(out, outsz, c2 + 1, pl);
				return CG_V1;
			}
			if (!want_v1 && v2) {
				copy_str(out, outsz, c2 + 1, pl);
				found = CG_V2;
			}
		}
		p = le + 1;
	}
	return found;
}

/* Field i (0-based, space separated) of a mountinfo line. */
static bool field(const char *p, const char *le, int i, const char **fs, const char **fe)
{
	for (int k = 0; p < le; k++) {
		while (p < le && *p == ' ')
			p++;
		const char *s = p;
		while (p < le && *p != ' ')
			p++;
		if (k == i && p > s) {
			*fs = s, *fe = p;
			return true;
		}
	}
	return false;
}

bool kparse_mountinfo_cgroup(const char *buf, size_t len, enum cg_version v,
                             char *mnt, size_t mntsz, char *root, size_t rootsz)
{
	const char *p = buf, *end = buf + len;
	while (p < end) {
		const char *le = line_end(p, end);
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS */
		const char *dash = NULL;
		for (const char *q = p; q + 2 < le; q++)
			if (q[0] == ' ' && q[1] == '-' && q[2] == ' ') {
				dash = q;
				break;
			}
		const char *rs, *re, *ms, *me, *ts, *te, *os, *oe;
		if (dash && field(p, dash, 3, &rs, &re) && field(p, dash, 4, &ms, &me) &&
		    field(dash + 3, le, 0, &ts, &te)) {
			bool match = false;
			if (v == CG_V2)
				match = te - ts == 7 && memcmp(ts, "cgroup2", 7) == 0;
			else if (te - ts == 6 && memcmp(ts, "cgroup", 6) == 0 &&
				 field(dash + 3, le, 2, &os, &oe))
				match = list_has(os, oe, "memory");
			/* a cut mount point or root would resolve paths elsewhere */
			if (match && (size_t)(me - ms) < mntsz && (size_t)(re - rs) < rootsz) {
				copy_str(mnt, mntsz, ms, (size_t)(me - ms));
				copy_str(root, rootsz, rs, (size_t)(re - rs));
				return true;
			}
		}
		p = le + 1;
	}
	return false;
}

size_t kparse_cmdline(const char *buf, size_t len, char *out, size_t outsz)
{
	if (!outsz)
		return 0;
	while (len && buf[len - 1] == '\0')
		len--;
	if (len >= outsz)
		len = outsz - 1;
	for (size_t i = 0; i < len; i++)
		out[i] = buf[i] ? buf[i] : ' ';
	out[len] = '\0';
	return len;
}

/* "Key:\t   123 kB" -> bytes; p points after the colon. */
static uint64_t status_kb(const char *p, const char *le)
{
	uint64_t v;
	p = skip_blank(p, le);
	if (!parse_u64(p, le, &v, NULL) || v > UINT64_MAX / 1024)
		return 0;
	return v * 1024;
}

/* The Name line's value to the comm's own bytes. The kernel writes a
 * newline in a name as the two characters \n and a backslash as \\ (so the
 * line cannot end early; proc_task_name, fs/proc/array.c); every other byte
 * comes as it is. Cut at 15 bytes, the most a comm holds. */
static void unescape_name(char *out, size_t outsz, const char *p, const char *le)
{
	size_t n = 0;
	while (p < le && n + 1 < outsz) {
		char c = *p++;
		if (c == '\\' && p < le && (*p == 'n' || *p == '\\'))
			c = *p++ == 'n' ? '\n' : '\\';
		out[n++] = c;
	}
	out[n] = '\0';
}

/* If the line at p starts with key (which includes its colon), return the
 * value after it; else NULL. */
static const char *after_key(const char *p, const char *le, const char *key, size_t kl)
{
	return (size_t)(le - p) >= kl && memcmp(p, key, kl) == 0 ? p + kl : NULL;
}

bool kparse_status(const char *buf, size_t len, struct kstatus *out)
{
	const char *p = buf, *end = buf + len;
	bool named = false;
	memset(out, 0, sizeof *out);
	while (p < end) {
		const char *le = line_end(p, end), *v;
#define KEY(k) (v = after_key(p, le, k, sizeof(k) - 1))
		/* dispatch on the first letter: most of ~55 lines are skipped with
		 * one comparison and the memchr that finds their end */
		switch (p[0]) {
		case 'N':
			if (KEY("NSpgid:")) {
				/* one id per pid namespace, the one of this /proc first */
				uint64_t x;
				if (parse_u64(skip_blank(v, le), le, &x, NULL) && x <= INT32_MAX)
					out->pgid = (pid_t)x;
			} else if (KEY("Name:")) {
				if (v < le && *v == '\t')
					v++;
				unescape_name(out->name, sizeof out->name, v, le);
				named = true;
			}
			break;
		case 'P':
			if (KEY("PPid:")) {
				uint64_t x;
				if (parse_u64(skip_blank(v, le), le, &x, NULL) && x <= INT32_MAX)
					out->ppid = (pid_t)x;
			}
			break;
		case 'U':
			if (KEY("Uid:")) {
				/* real, effective, saved, fs: we want the effective one */
				const char *q = skip_blank(v, le);
				uint64_t x;
				if (parse_u64(q, le, &x, &q) &&
				    parse_u64(skip_blank(q, le), le, &x, NULL) && x <= UINT32_MAX) {
					out->euid = (uid_t)x;
					out->has_uid = true;
				}
			}
			break;
		case 'V':
			if (KEY("VmRSS:")) {
				out->rss = status_kb(v, le);
			} else if (KEY("VmSwap:")) {
				/* the last line we need: skip the ~25 after it */
				out->swap = status_kb(v, le);
				return named;
			}
			break;
		case 'R':
			if (KEY("RssAnon:"))
				out->anon = status_kb(v, le);
			else if (KEY("RssFile:"))
				out->file = status_kb(v, le);
			else if (KEY("RssShmem:"))
				out->shmem = status_kb(v, le);
			break;
		}
#undef KEY
		p = le + 1;
	}
	return named;
}

bool kparse_statm(const char *buf, size_t len, uint64_t out[3])
{
	const char *p = buf, *end = buf + len;
	for (int i = 0; i < 3; i++) {
		p = skip_blank(p, end);
		if (!parse_u64(p, end, &out[i], &p))
			return false;
	}
	return true;
}

/* Field n (3 = state, the first after the comm) of /proc/PID/stat. */
static uint64_t stat_field(const char *buf, size_t len, int n)
{
	/* "PID (COMM) S PPID ...": comm may hold anything, ") " too, so the
	 * fields start after the last ')' */
	const char *end = buf + len, *p = NULL;
	for (const char *q = buf; q < end; q++)
		if (*q == ')')
			p = q + 1;
	if (!p)
		return SNAP_NA;
	for (int f = 3; f < n; f++) {
		p = skip_blank(p, end);
		while (p < end && *p != ' ' && *p != '\n')
			p++;
	}
	uint64_t v;
	return parse_u64(skip_blank(p, end), end, &v, NULL) ? v : SNAP_NA;
}

uint64_t kparse_stat_start(const char *buf, size_t len)
{
	return stat_field(buf, len, 22);   /* starttime */
}

uint64_t kparse_stat_flags(const char *buf, size_t len)
{
	return stat_field(buf, len, 9);    /* flags: PF_* */
}

/* The next argument of a raw command line at [p, end): its length, and
 * where the one after it starts. */
static const char *next_arg(const char *p, const char *end, size_t *n)
{
	const char *z = memchr(p, '\0', (size_t)(end - p));
	*n = z ? (size_t)(z - p) : (size_t)(end - p);
	return p + *n + 1 < end ? p + *n + 1 : end;
}

/* Is the program (argv[0], [p, p+n)) a Python interpreter? python, python3,
 * python3.12, /usr/bin/python3, pypy3. */
static bool is_python(const char *p, size_t n)
{
	const char *base = p;
	for (size_t i = 0; i < n; i++)
		if (p[i] == '/')
			base = p + i + 1;
	size_t bl = (size_t)(p + n - base);
	return (bl >= 6 && memcmp(base, "python", 6) == 0) ||
	       (bl >= 4 && memcmp(base, "pypy", 4) == 0);
}

/* Where the program's own arguments start. For most programs that is
 * argv[1]. A Python interpreter has options of its own first: "-m MODULE"
 * names a module, not a model, and "-c CODE" is code, not a context; the
 * program's arguments follow the module, the code or the script. */
static const char *program_args(const char *buf, const char *end)
{
	size_t n;
	const char *p = next_arg(buf, end, &n);
	if (!is_python(buf, n))
		return p;
	while (p < end) {
		const char *a = p;
		p = next_arg(p, end, &n);
		if (n < 2 || a[0] != '-')   /* the script, or - for stdin */
			return p;
		if (a[1] == '-') {
			if (n == 2)           /* "--": the script is next */
				return p < end ? next_arg(p, end, &n) : end;
			if (n == 23 && memcmp(a, "--check-hash-based-pycs", 23) == 0)
				p = next_arg(p, end, &n);
			continue;
		}
		/* flags may be joined: -u -m M is also -um M, and -mM */
		for (size_t i = 1; i < n; i++) {
			char c = a[i];
			if (c == 'm' || c == 'c' || c == 'W' || c == 'X') {
				if (i + 1 == n && p < end)   /* the value is the next argument */
					p = next_arg(p, end, &n);
				if (c == 'm' || c == 'c')
					return p;
				break;
			}
		}
	}
	return end;
}

/* Does the argument a begin with the option opt's l bytes? In an option
 * of two dashes '_' stands for '-' (llama.cpp's parse_cli_args takes
 * --ctx_size for --ctx-size, as vLLM's parser does). */
static bool opt_prefix(const char *a, const char *opt, size_t l)
{
	bool dd = l >= 2 && opt[0] == '-' && opt[1] == '-';
	for (size_t i = 0; i < l; i++)
		if (a[i] != opt[i] && !(dd && a[i] == '_' && opt[i] == '-'))
			return false;
	return true;
}

/* The value of an option among a raw command line's (NUL-separated) program
 * arguments (see program_args): "-s V", "--long V" or "--long=V" (shortopt
 * may be NULL); the last one given, as llama.cpp applies its arguments in
 * order. False when absent, or when the option ends the line. */
static bool arg_value(const char *buf, size_t len, const char *shortopt, const char *longopt,
                      const char **val, size_t *vlen)
{
	const char *end = buf + len, *p = program_args(buf, end);
	size_t ll = strlen(longopt);
	bool want = false, found = false;
	while (p < end) {
		size_t n;
		const char *a = p;
		p = next_arg(p, end, &n);
		if (want) {
			*val = a, *vlen = n;
			found = true;
			want = false;
			continue;
		}
		if ((shortopt && n == strlen(shortopt) && memcmp(a, shortopt, n) == 0) ||
		    (n == ll && opt_prefix(a, longopt, n))) {
			want = true;
		} else if (n > ll + 1 && opt_prefix(a, longopt, ll) && a[ll] == '=') {
			*val = a + ll + 1, *vlen = n - ll - 1;
			found = true;
		}
	}
	return found;
}

bool kparse_model_arg(const char *buf, size_t len, char *out, size_t outsz)
{
	const char *v;
	size_t n;
	if (!arg_value(buf, len, "-m", "--model", &v, &n) || n == 0 || n >= outsz)
		return false;
	memcpy(out, v, n);
	out[n] = '\0';
	return true;
}

uint64_t kparse_ctx_arg(const char *buf, size_t len)
{
	const char *v, *q;
	size_t n;
	uint64_t ctx;
	if (!arg_value(buf, len, "-c", "--ctx-size", &v, &n) || !kparse_decimal(v, v + n, &ctx, &q) ||
	    q != v + n)
		return SNAP_NA;
	return ctx;
}

static const char *const kvu_on[] = {"-kvu", "--kv-unified", NULL};
static const char *const kvu_off[] = {"-no-kvu", "--no-kv-unified", NULL};
static const char *const nkvo_on[] = {"-nkvo", "--no-kv-offload", NULL};
static const char *const nkvo_off[] = {"-kvo", "--kv-offload", NULL};

/* Is the argument one of names (NULL-ended; "--x_y" reads as "--x-y")? */
static bool arg_is(const char *a, size_t n, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		if (n == strlen(names[i]) && opt_prefix(a, names[i], n))
			return true;
	return false;
}

/* Which of two sets of flags comes last: 1 on's, 0 off's, -1 neither:
 * llama.cpp applies its arguments in order */
static int last_of(const char *buf, size_t len, const char *const *on, const char *const *off)
{
	const char *end = buf + len, *p = program_args(buf, end);
	int last = -1;
	while (p < end) {
		size_t n;
		const char *a = p;
		p = next_arg(p, end, &n);
		if (arg_is(a, n, on))
			last = 1;
		else if (arg_is(a, n, off))
			last = 0;
	}
	return last;
}

/* last_of for one flag (shortopt, which may be NULL, or longopt) against
 * another (longopt2, e.g. --repack against -nr/--no-repack; NULL none) */
static int last_flag(const char *buf, size_t len, const char *shortopt, const char *longopt,
                     const char *longopt2)
{
	const char *on[] = {shortopt ? shortopt : longopt, longopt, NULL};
	const char *off[] = {longopt2, NULL};
	return last_of(buf, len, on, off);
}

/* Is the bare flag (no value) on the program's command line? */
static bool has_flag(const char *buf, size_t len, const char *shortopt, const char *longopt)
{
	return last_flag(buf, len, shortopt, longopt, NULL) == 1;
}

bool kparse_has_option(const char *buf, size_t len, const char *opt)
{
	const char *end = buf + len, *p = program_args(buf, end);
	size_t ol = strlen(opt);
	while (p < end) {
		size_t n;
		const char *a = p;
		p = next_arg(p, end, &n);
		if (n >= ol && opt_prefix(a, opt, ol) && (n == ol || a[ol] == '='))
			return true;
	}
	return false;
}

static bool value_is(const char *v, size_t n, const char *word)
{
	return n == strlen(word) && memcmp(v, word, n) == 0;
}

int kparse_onoff_word(const char *v, size_t n)
{
	if (value_is(v, n, "on") || value_is(v, n, "true") || value_is(v, n, "enabled") ||
	    value_is(v, n, "1"))
		return 1;
	if (value_is(v, n, "off") || value_is(v, n, "false") || value_is(v, n, "disabled") ||
	    value_is(v, n, "0"))
		return 0;
	if (value_is(v, n, "auto") || value_is(v, n, "-1"))
		return -1;
	return -2;
}

/* An option's value: a whole decimal that fits llama.cpp's int32_t. What
 * is not (llama.cpp's std::stoi would refuse some and read others, "512k"
 * as 512) is not parsed here: *out is left as it was, the default. */
static bool int_arg(const char *buf, size_t len, const char *shortopt, const char *longopt,
                    uint64_t *out)
{
	const char *v, *q;
	size_t n;
	uint64_t u;
	if (!arg_value(buf, len, shortopt, longopt, &v, &n) || !kparse_decimal(v, v + n, &u, &q) ||
	    q != v + n || u > INT32_MAX)
		return false;
	*out = u;
	return true;
}

/* The split over GPUs, as common/arg.cpp reads -sm, -mg and -ts. A value
 * llama.cpp would refuse, or read otherwise than here (std::stoi takes
 * "1x" as 1), sets split_bad: no split is computed from a guess. */
static void split_args(const char *buf, size_t len, struct snap_load_args *out)
{
	const char *v, *q;
	size_t n;
	uint64_t u;
	out->split_mode = 0;
	out->main_gpu = 0;
	out->nts = 0;
	memset(out->ts, 0, sizeof out->ts);
	out->split_bad = false;
	if (arg_value(buf, len, "-sm", "--split-mode", &v, &n)) {
		static const char *const modes[] = {"layer", "none", "row", "tensor"};
		int m = -1;
		for (int i = 0; i < 4; i++)
			if (value_is(v, n, modes[i]))
				m = i;
		if (m < 0)
			out->split_bad = true;
		else
			out->split_mode = (int8_t)m;
	}
	if (arg_value(buf, len, "-mg", "--main-gpu", &v, &n)) {
		bool neg = n > 0 && *v == '-';
		if (kparse_decimal(v + neg, v + n, &u, &q) && q == v + n && u <= INT32_MAX)
			out->main_gpu = neg ? -(int32_t)u : (int32_t)u;
		else
			out->split_bad = true;
	}
	if (arg_value(buf, len, "-ts", "--tensor-split", &v, &n)) {
		int k = tsplit_parse(v, n, out->ts);
		if (k < 0) {
			out->split_bad = true;
			memset(out->ts, 0, sizeof out->ts);   /* what it read before */
		} else
			out->nts = (uint8_t)k;
	}
}

/* snap_load_args's kv_type for a -ctk or -ctv value: llama.cpp's types
 * (common/arg.cpp kv_cache_types) in footprint.h's enum kv_type order */
static int kv_type_word(const char *v, size_t n)
{
	static const char *const names[] = {"f16", "q8_0", "q4_0", "f32", "bf16",
					    "q4_1", "q5_0", "q5_1", "iq4_nl"};
	for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
		if (value_is(v, n, names[i]))
			return i;
	return -1;
}

void kparse_load_args(const char *buf, size_t len, struct snap_load_args *out)
{
	const char *v, *q;
	size_t n;
	uint64_t u;
	out->no_mmap = has_flag(buf, len, NULL, "--no-mmap");
	/* llama.cpp's newer spelling (--no-mmap is deprecated for it): the
	 * weights are read into anonymous buffers unless mapped (mmap,
	 * mmap+mlock, auto); "mlock" alone is no mapping, locked. Where both
	 * are given llama.cpp takes the last; here --load-mode decides. */
	if (arg_value(buf, len, "-lm", "--load-mode", &v, &n))
		out->no_mmap = value_is(v, n, "none") || value_is(v, n, "mlock") || value_is(v, n, "dio");
	/* K and V each have a type of their own (common/arg.cpp), f16 unless said */
	out->kv_type = out->kv_type_v = 0;
	if (arg_value(buf, len, "-ctk", "--cache-type-k", &v, &n))
		out->kv_type = kv_type_word(v, n);
	if (arg_value(buf, len, "-ctv", "--cache-type-v", &v, &n))
		out->kv_type_v = kv_type_word(v, n);
	/* -fa on|off|auto (llama.cpp since 2025), or a bare -fa (before):
	 * then what follows is the next option, not a word */
	out->flash_attn = -1;
	if (arg_value(buf, len, "-fa", "--flash-attn", &v, &n)) {
		int w = kparse_onoff_word(v, n);
		out->flash_attn = w == -2 ? 1 : w;
	} else if (has_flag(buf, len, "-fa", "--flash-attn"))
		out->flash_attn = 1;
	out->no_kv_offload = last_of(buf, len, nkvo_on, nkvo_off) == 1;   /* -kvo after: on */
	/* -nr/--no-repack: no extra buffer types (the CPU backend's copies),
	 * unless a later --repack; --no-host: a GPU build's pinned host buffer
	 * not first, the extra buffers used again */
	out->no_repack = last_flag(buf, len, "-nr", "--no-repack", "--repack") == 1;
	out->no_host = has_flag(buf, len, NULL, "--no-host");
	out->gpu_layers = -1;
	out->gpu_backend = -1;   /* its maps say (live.c), not its command line */
	/* a number; "all" or a negative one but -1 (every layer, which
	 * --fit does not lower: as many as any model has); "auto" and -1 are
	 * llama.cpp's default, not said. -ngl, --n-gpu-layers and
	 * --gpu-layers are one option: the last given counts */
	const char *v2;
	size_t n2;
	bool a1 = arg_value(buf, len, "-ngl", "--n-gpu-layers", &v, &n);
	bool a2 = arg_value(buf, len, NULL, "--gpu-layers", &v2, &n2);
	if (a2 && (!a1 || v2 > v))
		v = v2, n = n2, a1 = true;
	if (a1) {
		if (kparse_decimal(v, v + n, &u, &q) && q == v + n && u < (1u << 20))
			out->gpu_layers = (int64_t)u;
		else if (value_is(v, n, "all") ||
		         (n > 1 && v[0] == '-' && kparse_decimal(v + 1, v + n, &u, &q) && q == v + n &&
		          u >= 2 && u <= (uint64_t)INT32_MAX + 1))
			out->gpu_layers = SNAP_NGL_ALL;
	}
	/* llama_context: n_ubatch = min(n_batch, n_ubatch), 0 taking n_batch;
	 * common's defaults 2048 and 512 (common/common.h) */
	uint64_t b = 2048, ub = 512;
	bool said = int_arg(buf, len, "-b", "--batch-size", &b);
	said |= int_arg(buf, len, "-ub", "--ubatch-size", &ub);
	if (ub == 0)
		ub = b;
	out->ubatch = said ? (b < ub ? b : ub) : 0;   /* both 0: llama.cpp refuses */
	/* llama-server's host prompt cache: -cram N MiB, 0 off, negative no
	 * size limit (server_prompt_cache takes any below 0 as none) */
	out->cache_ram_mib = SNAP_CRAM_UNSAID;
	if (arg_value(buf, len, "-cram", "--cache-ram", &v, &n) && n > 1 && v[0] == '-' &&
	    kparse_decimal(v + 1, v + n, &u, &q) && q == v + n && u <= (uint64_t)INT32_MAX + 1)
		out->cache_ram_mib = u ? -1 : 0;   /* "-0" is 0 to std::stoi */
	else if (int_arg(buf, len, "-cram", "--cache-ram", &u))
		out->cache_ram_mib = (int64_t)u;
	/* -np: a slot count ("-1" auto, which int_arg leaves unsaid); -kvu
	 * and -no-kvu: the last given (both set one flag in llama.cpp) */
	uint64_t np = 0;
	out->parallel = int_arg(buf, len, "-np", "--parallel", &np) ? (int32_t)np : 0;
	out->kv_unified = (int8_t)last_of(buf, len, kvu_on, kvu_off);
	/* -fit on|off, in any of llama.cpp's words for them */
	out->fit_off = arg_value(buf, len, "-fit", "--fit", &v, &n) && kparse_onoff_word(v, n) == 0;
	split_args(buf, len, out);
}

/* ---- what a process maps: its model, its runtime ------------------------ */

bool kparse_model_like(const char *path, size_t n)
{
	static const char blob[] = "/blobs/sha256-";
	if (n > 5 && memcmp(path + n - 5, ".gguf", 5) == 0)
		return true;
	for (size_t i = 0; i + sizeof blob - 1 <= n; i++)
		if (memcmp(path + i, blob, sizeof blob - 1) == 0)
			return true;
	return false;
}

/* Does name start with lib, followed by the end of the name or one of the
 * characters in next ("libggml" then "-" in libggml-base.so)? */
static bool lib_named(const char *name, size_t n, const char *lib, const char *next)
{
	size_t l = strlen(lib);
	return n > l && memcmp(name, lib, l) == 0 && strchr(next, name[l]);
}

/* The base name of the shared object at path (n bytes) into *bn bytes;
 * NULL when it is not one: "libllama.so", "libllama.so.0", never a
 * "libllama-notes.txt" some process maps */
static const char *so_base(const char *path, size_t n, size_t *bn)
{
	const char *base = path;
	for (size_t i = 0; i < n; i++)
		if (path[i] == '/')
			base = path + i + 1;
	*bn = n - (size_t)(base - path);
	for (size_t i = 0; i + 3 <= *bn; i++)
		if (memcmp(base + i, ".so", 3) == 0 && (i + 3 == *bn || base[i + 3] == '.' ||
							 base[i + 3] == ' '))
			return base;
	return NULL;
}

bool kparse_gpu_lib(const char *path, size_t n)
{
	/* ggml's own; a GPU runtime: CUDA's (a build linked with GGML_STATIC
	 * maps the driver's libcuda alone), ROCm's, Vulkan's, OpenCL's */
	static const char *const libs[] = {"libggml-cuda", "libggml-hip", "libggml-vulkan",
	                                   "libggml-sycl", "libggml-musa", "libggml-cann",
	                                   "libggml-opencl", "libcudart", "libcublas", "libcuda",
	                                   "libamdhip64", "libvulkan", "libOpenCL"};
	size_t bn;
	const char *base = so_base(path, n, &bn);
	for (size_t i = 0; base && i < sizeof libs / sizeof libs[0]; i++)
		if (lib_named(base, bn, libs[i], "."))
			return true;
	return false;
}

enum runtime kparse_runtime_lib(const char *path, size_t n)
{
	size_t bn;
	const char *base = so_base(path, n, &bn);
	if (!base)
		return RT_UNKNOWN;
	/* llama.cpp's own libraries: llama-server's, node-llama-cpp's
	 * (bins/linux-x64/libllama.so, libggml-cpu-haswell.so),
	 * llama-cpp-python's (llama_cpp/lib/libllama.so) and ollama's runner's
	 * (lib/ollama/libggml-base.so) */
	if (lib_named(base, bn, "libllama", ".-") || lib_named(base, bn, "libggml", ".-"))
		return RT_LLAMACPP;
	/* PyTorch's: torch/lib/libtorch_cpu.so, libtorch_cuda.so, libc10.so */
	if (lib_named(base, bn, "libtorch", "._") || lib_named(base, bn, "libc10", "._"))
		return RT_PYTORCH;
	return RT_UNKNOWN;
}

enum runtime kparse_runtime_title(const char *comm)
{
	/* Python's setproctitle writes the title over argv and, with
	 * prctl(PR_SET_NAME), into comm: 15 bytes of it (py-setproctitle,
	 * src/spt_status.c set_ps_display and src/linux_set_process_name.c).
	 * vLLM names its processes "<VLLM_PROCESS_NAME_PREFIX>::<name>", the
	 * prefix "VLLM" by default: "VLLM::EngineCore", "VLLM::EngineCore_DP0",
	 * "VLLM::Worker_TP1" (vllm/utils/system_utils.py set_process_title;
	 * vllm/v1/engine/core.py, vllm/v1/executor/multiproc_executor.py).
	 * SGLang's scheduler: "sglang::scheduler", "sglang::scheduler_TP0"
	 * (python/sglang/srt/managers/scheduler.py, run_scheduler_process),
	 * its other processes "sglang::..." too. In comm: "VLLM::EngineCor",
	 * "sglang::schedul". */
	if (!comm)
		return RT_UNKNOWN;
	if (strncmp(comm, "VLLM::", 6) == 0)
		return RT_VLLM;
	if (strncmp(comm, "sglang::", 8) == 0)
		return RT_SGLANG;
	return RT_UNKNOWN;
}

bool kparse_maps(const char *buf, size_t len, char *model, size_t modelsz, enum runtime *rt,
                 bool *gpu)
{
	bool found = false;
	*rt = RT_UNKNOWN;
	if (gpu)
		*gpu = false;
	for (const char *line = buf, *end = buf + len; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *le = nl ? nl : end;
		/* the path is the rest of the line from its first '/' (the
		 * kernel shows a newline in a name as \012) */
		const char *path = memchr(line, '/', (size_t)(le - line));
		if (path) {
			size_t n = (size_t)(le - path);
			enum runtime r = kparse_runtime_lib(path, n);
			/* llama.cpp's libraries beat PyTorch's: a process with both
			 * that maps a GGUF file runs it with llama.cpp */
			if (r == RT_LLAMACPP || (r == RT_PYTORCH && *rt == RT_UNKNOWN))
				*rt = r;
			if (gpu && !*gpu)
				*gpu = kparse_gpu_lib(path, n);
			if (model && !found && kparse_model_like(path, n) && n < modelsz) {
				memcpy(model, path, n);
				model[n] = '\0';
				found = true;
			}
		}
		line = le + 1;
	}
	return found;
}
