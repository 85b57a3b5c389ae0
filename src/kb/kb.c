/* kb.c - parse, load and match knowledge-base entries; see kb.h and
 * kb/README.md for the file format. Entry files are untrusted input (a
 * user's folder): every size is bounded and a bad file is one error line. */
#include "kb/kb.h"

#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/readfile.h"
#include "util/xalloc.h"

/* the generated table of built-in entries (kb/embed.sh) */
extern const char *const kb_builtin_text[];
extern const char *const kb_builtin_name[];
extern const size_t kb_builtin_count;

__attribute__((format(printf, 4, 5)))
static int fail(char *err, size_t errlen, int line, const char *fmt, ...)
{
	int n = line ? snprintf(err, errlen, "line %d: ", line) : 0;
	if (n < 0 || (size_t)n >= errlen)
		n = 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = xrealloc(NULL, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* Append text to *dst with a separator (a space or "\n"). */
static void append(char **dst, const char *sep, const char *s, size_t n)
{
	size_t old = *dst ? strlen(*dst) : 0, sl = old ? strlen(sep) : 0;
	char *d = xrealloc(NULL, old + sl + n + 1);
	if (old) {
		memcpy(d, *dst, old);
		memcpy(d + old, sep, sl);
	}
	memcpy(d + old + sl, s, n);
	d[old + sl + n] = '\0';
	free(*dst);
	*dst = d;
}

static bool valid_id(const char *s, size_t n)
{
	if (n == 0 || n >= KB_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-'))
			return false;
	return true;
}

/* glibc's regcomp copies a subexpression once per repetition count, and
 * "x+++" doubles the copies at each +: nested intervals or stacked operators
 * in a user's entry would take gigabytes. A back-reference (\1 to \9) turns
 * glibc's matcher into a backtracking one that took tens of seconds a line
 * (explain, --watch-log). The entries need none of that. src is
 * NUL-terminated. */
static const char *too_costly(const char *src)
{
	size_t n = strlen(src);
	if (n > KB_SIG_MAX)
		return "expression longer than 300 bytes";
	bool esc = false, after_rep = false;
	int intervals = 0;
	for (size_t i = 0; i < n; i++) {
		bool rep = !esc && (src[i] == '*' || src[i] == '+' || src[i] == '?' || src[i] == '{');
		if (rep && after_rep)
			return "stacked repetition operators";
		/* refused in brackets too, where it would be two plain characters:
		 * simpler to explain, and no entry needs it */
		if (!esc && src[i] == '\\' && src[i + 1] >= '1' && src[i + 1] <= '9')
			return "back-references (\\1 to \\9) are not allowed";
		if (!esc && src[i] == '{' && src[i + 1] >= '0' && src[i + 1] <= '9') {
			char *endp;
			long lo = strtol(src + i + 1, &endp, 10), hi = lo;
			if (*endp == ',' && endp[1] >= '0' && endp[1] <= '9')
				hi = strtol(endp + 1, NULL, 10);
			if (++intervals > 2 || lo > 16 || hi > 16)
				return "at most 2 repetition counts, each up to 16";
		}
		after_rep = !esc && (src[i] == '*' || src[i] == '+' || src[i] == '?' || src[i] == '}');
		esc = !esc && src[i] == '\\';
	}
	return NULL;
}

/* "EXPR when $A < $B": split off the test. */
static int parse_sig(struct kb_sig *s, const char *v, size_t n, char *err, size_t errlen, int line)
{
	memset(s, 0, sizeof *s);
	const char *w = NULL;
	for (const char *p = v; p + 7 <= v + n; p++)
		if (memcmp(p, " when $", 7) == 0)
			w = p;
	if (w) {
		int a, b, used = 0;
		char op;
		char tail[64];
		size_t tl = (size_t)(v + n - w);
		if (tl >= sizeof tail)
			return fail(err, errlen, line, "malformed 'when' test");
		memcpy(tail, w, tl);
		tail[tl] = '\0';
		if (sscanf(tail, " when $%d %c $%d%n", &a, &op, &b, &used) != 3 || tail[used] ||
		    a < 1 || a > 9 || b < 1 || b > 9 || (op != '<' && op != '>' && op != '!'))
			return fail(err, errlen, line, "malformed 'when' test (want: when $1 < $2)");
		if (op == '!' && !strstr(tail, "!="))
			return fail(err, errlen, line, "malformed 'when' test");
		s->cmp_a = a, s->cmp_b = b, s->cmp_op = op;
		n = (size_t)(w - v);
	}
	s->src = dup_n(v, n);
	const char *costly = too_costly(s->src);
	if (costly)
		return fail(err, errlen, line, "%s", costly);
	regex_t re;
	int rc = regcomp(&re, s->src, REG_EXTENDED | REG_ICASE | (s->cmp_op ? 0 : REG_NOSUB));
	if (rc != 0) {
		char msg[128];
		regerror(rc, &re, msg, sizeof msg);
		return fail(err, errlen, line, "bad expression '%s': %s", s->src, msg);
	}
	if (s->cmp_op && re.re_nsub < (size_t)(s->cmp_a > s->cmp_b ? s->cmp_a : s->cmp_b)) {
		regfree(&re);
		return fail(err, errlen, line, "'when' names a group the expression does not have");
	}
	regfree(&re);
	return 0;
}

enum section { S_HEAD, S_CAUSE, S_FIX };

static int parse_line(struct kb_entry *e, enum section *sec, const char *l, size_t n, int line,
                      bool *blank_before, char *err, size_t errlen)
{
	if (n && l[0] == '#')
		return 0;
	bool blank = true;
	for (size_t i = 0; i < n; i++)
		blank &= isspace((unsigned char)l[i]) != 0;
	if ((n == 6 && memcmp(l, "cause:", 6) == 0) || (n == 4 && memcmp(l, "fix:", 4) == 0)) {
		enum section want = l[0] == 'c' ? S_CAUSE : S_FIX;
		if ((want == S_CAUSE && *sec != S_HEAD) || (want == S_FIX && *sec != S_CAUSE))
			return fail(err, errlen, line, "'%.*s' out of order (head, cause:, fix:)", (int)n, l);
		*sec = want;
		*blank_before = false;
		return 0;
	}
	if (*sec == S_CAUSE) {
		if (blank) {
			*blank_before = e->cause != NULL;
			return 0;
		}
		while (n && isspace((unsigned char)*l))
			l++, n--;
		append(&e->cause, *blank_before ? "\n" : " ", l, n);
		*blank_before = false;
		return 0;
	}
	if (*sec == S_FIX) {
		if (blank)
			return 0;
		if (n >= 2 && l[0] == '-' && l[1] == ' ') {
			if (e->nfix == KB_STEPS_MAX)
				return fail(err, errlen, line, "more than %d fix steps", KB_STEPS_MAX);
			e->fix[e->nfix++] = dup_n(l + 2, n - 2);
			return 0;
		}
		if (isspace((unsigned char)l[0]) && e->nfix) {
			while (n && isspace((unsigned char)*l))
				l++, n--;
			append(&e->fix[e->nfix - 1], " ", l, n);
			return 0;
		}
		return fail(err, errlen, line, "a fix step starts with \"- \" (continuations are indented)");
	}
	if (blank)
		return 0;
	const char *colon = memchr(l, ':', n);
	if (!colon)
		return fail(err, errlen, line, "expected 'key: value'");
	size_t kl = (size_t)(colon - l);
	const char *v = colon + 1, *end = l + n;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && isspace((unsigned char)end[-1]))
		end--;
	size_t vl = (size_t)(end - v);
#define KEY(s) (kl == sizeof(s) - 1 && memcmp(l, s, kl) == 0)
	char **text = KEY("title") ? &e->title : KEY("category") ? &e->category
		    : KEY("resources") ? &e->resources : KEY("runtimes") ? &e->runtimes
		    : KEY("related") ? &e->related : NULL;
	if (text) {
		if (*text)
			return fail(err, errlen, line, "'%.*s' given twice", (int)kl, l);
		*text = dup_n(v, vl);
	} else if (KEY("id")) {
		if (e->id[0])
			return fail(err, errlen, line, "'id' given twice");
		if (!valid_id(v, vl))
			return fail(err, errlen, line, "id must be 1-%d of a-z 0-9 -", KB_ID_MAX - 1);
		memcpy(e->id, v, vl);
		e->id[vl] = '\0';
	} else if (KEY("check")) {
		if (e->check)
			return fail(err, errlen, line, "'check' given twice");
		e->check = dup_n(v, vl);
	} else if (KEY("priority")) {
		if (vl != 1 || v[0] < '1' || v[0] > '9')
			return fail(err, errlen, line, "priority is 1 to 9");
		e->priority = v[0] - '0';
	} else if (KEY("signature")) {
		if (e->nsigs == KB_SIGS_MAX)
			return fail(err, errlen, line, "more than %d signatures", KB_SIGS_MAX);
		if (vl == 0)
			return fail(err, errlen, line, "empty signature");
		xgrow((void **)&e->sigs, &e->sigs_cap, e->nsigs + 1, sizeof *e->sigs);
		if (parse_sig(&e->sigs[e->nsigs], v, vl, err, errlen, line) < 0) {
			free(e->sigs[e->nsigs].src);
			return -1;
		}
		e->nsigs++;
	} else if (KEY("sample")) {
		if (e->nsamples == KB_SAMPLES_MAX)
			return fail(err, errlen, line, "more than %d samples", KB_SAMPLES_MAX);
		e->samples[e->nsamples++] = dup_n(v, vl);
	} else {
		return fail(err, errlen, line, "unknown key '%.*s'", (int)(kl < 40 ? kl : 40), l);
	}
#undef KEY
	return 0;
}

int kb_parse(const char *buf, size_t len, const char *origin, struct kb_entry *e, char *err,
             size_t errlen)
{
	memset(e, 0, sizeof *e);
	snprintf(e->origin, sizeof e->origin, "%s", origin ? origin : "");
	e->priority = 1;
	if (len > KB_FILE_MAX)
		return fail(err, errlen, 0, "larger than %d bytes", KB_FILE_MAX);
	if (memchr(buf, '\0', len)) {
		kb_entry_free(e);
		return fail(err, errlen, 0, "not a text file (NUL byte)");
	}
	enum section sec = S_HEAD;
	bool blank_before = false;
	const char *p = buf, *end = buf + len;
	for (int line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t n = (size_t)(le - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n > KB_LINE_MAX ||
		    parse_line(e, &sec, p, n, line, &blank_before, err, errlen) < 0) {
			if (n > KB_LINE_MAX)
				fail(err, errlen, line, "longer than %d bytes", KB_LINE_MAX);
			kb_entry_free(e);
			return -1;
		}
		p = le + (nl ? 1 : 0);
	}
	const char *missing = !e->id[0] ? "id" : !e->title ? "title" : !e->category ? "category"
			    : !e->cause ? "cause" : e->nfix == 0 ? "fix steps" : NULL;
	if (missing) {
		kb_entry_free(e);
		return fail(err, errlen, 0, "no %s", missing);
	}
	return 0;
}

void kb_entry_free(struct kb_entry *e)
{
	free(e->check);
	for (size_t i = 0; i < e->nsigs; i++) {
		if (e->sigs[i].compiled)
			regfree(&e->sigs[i].re);
		free(e->sigs[i].src);
	}
	free(e->sigs);
	for (size_t i = 0; i < e->nsamples; i++)
		free(e->samples[i]);
	for (size_t i = 0; i < e->nfix; i++)
		free(e->fix[i]);
	free(e->title);
	free(e->category);
	free(e->resources);
	free(e->runtimes);
	free(e->related);
	free(e->cause);
	memset(e, 0, sizeof *e);
}

void kb_init(struct kb *kb)
{
	memset(kb, 0, sizeof *kb);
}

void kb_free(struct kb *kb)
{
	for (size_t i = 0; i < kb->n; i++)
		kb_entry_free(&kb->e[i]);
	free(kb->e);
	memset(kb, 0, sizeof *kb);
}

/* Add e (taken over): an entry with the same id is replaced. */
static void add(struct kb *kb, struct kb_entry *e)
{
	for (size_t i = 0; i < kb->n; i++)
		if (strcmp(kb->e[i].id, e->id) == 0) {
			kb_entry_free(&kb->e[i]);
			kb->e[i] = *e;
			return;
		}
	xgrow((void **)&kb->e, &kb->cap, kb->n + 1, sizeof *kb->e);
	kb->e[kb->n++] = *e;
}

int kb_load_builtin(struct kb *kb, char *err, size_t errlen)
{
	for (size_t i = 0; i < kb_builtin_count; i++) {
		struct kb_entry e;
		char why[256];
		const char *t = kb_builtin_text[i];
		if (kb_parse(t, strlen(t), "built in", &e, why, sizeof why) < 0)
			return fail(err, errlen, 0, "built-in %s: %s", kb_builtin_name[i], why);
		add(kb, &e);
	}
	kb->compiled = false;
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t kb_load_dir(struct kb *kb, const char *dir, FILE *warn)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	char **names = NULL;
	size_t n = 0, cap = 0, added = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l < 5 || strcmp(de->d_name + l - 4, ".txt") != 0 || de->d_name[0] == '.')
			continue;
		xgrow((void **)&names, &cap, n + 1, sizeof *names);
		names[n++] = dup_n(de->d_name, l);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_name);   /* a stable order for overrides */
	char *buf = xrealloc(NULL, KB_FILE_MAX + 2);
	for (size_t i = 0; i < n; i++) {
		char path[1024], why[256];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		struct stat st;
		ssize_t len = -1;
		/* a FIFO or device named *.txt would block or never end */
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			len = readfile(path, buf, KB_FILE_MAX + 2);
		struct kb_entry e;
		if (len < 0)
			snprintf(why, sizeof why, "cannot read it as a file");
		else if (kb_parse(buf, (size_t)len, path, &e, why, sizeof why) == 0) {
			add(kb, &e);
			added++;
			free(names[i]);
			continue;
		}
		if (warn)
			fprintf(warn, "oomcast: knowledge base: skipped %s: %s\n", path, why);
		free(names[i]);
	}
	free(buf);
	free(names);
	kb->compiled = false;
	return added;
}

int kb_load_all(struct kb *kb, FILE *warn, char *err, size_t errlen)
{
	if (kb_load_builtin(kb, err, errlen) < 0)
		return -1;
	char dir[768];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(dir, sizeof dir, "%s/oomcast/kb", xdg);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.config/oomcast/kb", home);
	else
		return 0;
	kb_load_dir(kb, dir, warn);
	return 0;
}

const struct kb_entry *kb_find(const struct kb *kb, const char *id)
{
	for (size_t i = 0; i < kb->n; i++)
		if (strcmp(kb->e[i].id, id) == 0)
			return &kb->e[i];
	return NULL;
}

void kb_compile(struct kb *kb)
{
	if (kb->compiled)
		return;
	for (size_t i = 0; i < kb->n; i++)
		for (size_t j = 0; j < kb->e[i].nsigs; j++) {
			struct kb_sig *s = &kb->e[i].sigs[j];
			if (!s->compiled)
				s->compiled = regcomp(&s->re, s->src, REG_EXTENDED | REG_ICASE |
						      (s->cmp_op ? 0 : REG_NOSUB)) == 0;
		}
	kb->compiled = true;
}

static unsigned long long group_num(const char *line, const regmatch_t *m, bool *ok)
{
	if (m->rm_so < 0) {
		*ok = false;
		return 0;
	}
	char buf[32];
	size_t n = (size_t)(m->rm_eo - m->rm_so);
	if (n == 0 || n >= sizeof buf) {
		*ok = false;
		return 0;
	}
	memcpy(buf, line + m->rm_so, n);
	buf[n] = '\0';
	char *endp;
	unsigned long long v = strtoull(buf, &endp, 10);
	*ok = *endp == '\0';
	return v;
}

bool kb_sig_match(const struct kb_sig *s, const char *line)
{
	if (!s->compiled)
		return false;
	if (!s->cmp_op)
		return regexec(&s->re, line, 0, NULL, 0) == 0;
	regmatch_t m[10];
	if (regexec(&s->re, line, 10, m, 0) != 0)
		return false;
	bool oka, okb;
	unsigned long long a = group_num(line, &m[s->cmp_a], &oka);
	unsigned long long b = group_num(line, &m[s->cmp_b], &okb);
	if (!oka || !okb)
		return false;
	return s->cmp_op == '<' ? a < b : s->cmp_op == '>' ? a > b : a != b;
}

/* The placeholder at p ("{name}" or "{name|default}", name one of struct
 * kb_vars's): its length, its value (NULL: unknown) and its default (dlen 0:
 * none). 0 when p is not one (a literal brace: docker's {{.State}}). */
static size_t placeholder(const char *p, const struct kb_vars *v, const char **val,
                          const char **def, size_t *dlen)
{
	static const struct {
		const char *name;
		size_t off;
	} names[] = {
		{"now", offsetof(struct kb_vars, now)},
		{"driver", offsetof(struct kb_vars, driver)},
		{"limit", offsetof(struct kb_vars, limit)},
		{"limit_k8s", offsetof(struct kb_vars, limit_k8s)},
		{"unit", offsetof(struct kb_vars, unit)},
		{"container", offsetof(struct kb_vars, container)},
		{"ctx", offsetof(struct kb_vars, ctx)},
		{"cram", offsetof(struct kb_vars, cram)},
		{"cg_show", offsetof(struct kb_vars, cg_show)},
		{"cg_set", offsetof(struct kb_vars, cg_set)},
	};
	if (*p != '{')
		return 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		size_t n = strlen(names[i].name);
		if (strncmp(p + 1, names[i].name, n) != 0)
			continue;
		const char *q = p + 1 + n;
		*def = NULL;
		*dlen = 0;
		if (*q == '|') {
			const char *end = strchr(q, '}');
			if (!end)
				return 0;
			*def = q + 1;
			*dlen = (size_t)(end - q - 1);
			q = end;
		}
		if (*q != '}')
			continue;
		*val = v ? *(const char *const *)((const char *)v + names[i].off) : NULL;
		return (size_t)(q + 1 - p);
	}
	return 0;
}

void kb_render_vars(const char *text, const struct kb_vars *v, char *out, size_t outlen)
{
	size_t o = 0;
	if (outlen == 0)
		return;
	for (const char *p = text; *p && o + 1 < outlen;) {
		if (*p == '(' || (*p == ' ' && p[1] == '(')) {
			/* a parenthesised group with a placeholder whose value is
			 * unknown and that has no default goes, with the space
			 * before it */
			const char *open = *p == '(' ? p : p + 1, *close = strchr(open, ')');
			bool drop = false;
			for (const char *q = open; close && q < close && !drop; q++) {
				const char *val, *def;
				size_t dl;
				if (placeholder(q, v, &val, &def, &dl) && !val && !def)
					drop = true;
			}
			if (drop) {
				p = close + 1;
				continue;
			}
		}
		const char *val, *def;
		size_t dl, skip = placeholder(p, v, &val, &def, &dl);
		if (skip) {
			if (val)
				for (; *val && o + 1 < outlen; val++)
					out[o++] = *val;
			else
				for (size_t i = 0; i < dl && o + 1 < outlen; i++)
					out[o++] = def[i];
			p += skip;
			continue;
		}
		out[o++] = *p++;
	}
	out[o] = '\0';
}

void kb_render(const char *text, const char *now, const char *driver, char *out, size_t outlen)
{
	struct kb_vars v = {.now = now, .driver = driver};
	kb_render_vars(text, &v, out, outlen);
}
