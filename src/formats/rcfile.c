/* rcfile.c - see rcfile.h. */
#include "formats/rcfile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The names the views use (sort_key_name, column_title); test_rcfile
 * checks they agree. PID, RSS and COMMAND cannot be hidden. */
static const char *const sort_names[] = {"RSS", "GROWTH", "SWAP", "OOM", "PID", "COMMAND", "GPU"};
static const char *const hideable[] = {"USER", "ANON", "FILE", "SHM", "SWAP", "GPU", "GROWTH",
				       "OOM"};
static const char *const color_names[RC_NCOLORS] = {
	[RC_COLOR_AUTO] = "auto", [RC_COLOR_256] = "256", [RC_COLOR_8] = "8", [RC_COLOR_NONE] = "none",
};
#define N(a) (sizeof(a) / sizeof((a)[0]))

const char *rc_color_name(enum rc_color c)
{
	return c < RC_NCOLORS ? color_names[c] : "auto";
}

void rc_defaults(struct rc_settings *rc)
{
	memset(rc, 0, sizeof *rc);
	snprintf(rc->sort, sizeof rc->sort, "RSS");
	rc->delay = 1.0;
	rc->color = RC_COLOR_AUTO;
}

static bool one_of(const char *v, size_t n, const char *const *names, size_t nn)
{
	for (size_t i = 0; i < nn; i++)
		if (strlen(names[i]) == n && memcmp(names[i], v, n) == 0)
			return true;
	return false;
}

static bool parse_bool(const char *v, size_t n, bool *out)
{
	if (n == 1 && (*v == '0' || *v == '1')) {
		*out = *v == '1';
		return true;
	}
	return false;
}

/* A value printable in the error: control bytes as '?', at most 24. */
static void shown(const char *v, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 4 < cap && i < 24; i++)
		out[k++] = (unsigned char)v[i] < 0x20 || (unsigned char)v[i] >= 0x7f ? '?' : v[i];
	if (n > 24 && k + 4 < cap)
		out[k++] = '.', out[k++] = '.', out[k++] = '.';
	out[k] = '\0';
}

/* key=value at [k, e): false with err set when the value is bad. */
static bool set_key(struct rc_settings *rc, const char *k, size_t kn, const char *v, size_t vn,
                    int line, char *err, size_t errlen)
{
	char sv[32];
	shown(v, vn, sv, sizeof sv);
#define KEY(name) (kn == sizeof(name) - 1 && memcmp(k, name, kn) == 0)
	if (KEY("sort")) {
		if (!one_of(v, vn, sort_names, N(sort_names))) {
			snprintf(err, errlen, "line %d: sort '%s' is not a sort column", line, sv);
			return false;
		}
		memcpy(rc->sort, v, vn);
		rc->sort[vn] = '\0';
	} else if (KEY("reverse") || KEY("tree") || KEY("kernel_threads")) {
		bool b;
		if (!parse_bool(v, vn, &b)) {
			snprintf(err, errlen, "line %d: %.*s '%s' is not 0 or 1", line, (int)kn, k, sv);
			return false;
		}
		if (KEY("reverse"))
			rc->reverse = b;
		else if (KEY("tree"))
			rc->tree = b;
		else
			rc->show_kthreads = b;
	} else if (KEY("delay")) {
		/* digits[.digits], read by hand: strtod would follow the
		 * locale's decimal point, and the file must not depend on it */
		double d = NAN;
		const char *q = v, *qe = v + vn;
		long ip = 0, fp = 0, fs = 1;
		while (q < qe && *q >= '0' && *q <= '9' && ip < 100000)
			ip = ip * 10 + (*q++ - '0');
		if (q > v && q < qe && *q == '.') {
			const char *f = ++q;
			while (q < qe && *q >= '0' && *q <= '9' && fs < 1000000)
				fp = fp * 10 + (*q++ - '0'), fs *= 10;
			if (q == f)
				q = v;   /* "1." */
		}
		if (q > v && q == qe)
			d = (double)ip + (double)fp / (double)fs;
		if (!isfinite(d) || d < 0.1 || d > 60) {
			snprintf(err, errlen, "line %d: delay '%s' is not seconds from 0.1 to 60", line,
				 sv);
			return false;
		}
		rc->delay = d;
	} else if (KEY("color") || KEY("colors")) {
		int c = -1;
		for (int i = 0; i < RC_NCOLORS; i++)
			if (strlen(color_names[i]) == vn && memcmp(color_names[i], v, vn) == 0)
				c = i;
		if (vn == 4 && memcmp(v, "mono", 4) == 0)   /* htop users' word for none */
			c = RC_COLOR_NONE;
		if (c < 0) {
			snprintf(err, errlen, "line %d: color '%s' is not auto, 256, 8 or none", line,
				 sv);
			return false;
		}
		rc->color = (enum rc_color)c;
	} else if (KEY("hide")) {
		/* comma separated column titles; "" hides none */
		size_t o = 0;
		for (const char *p = v, *end = v + vn; p < end;) {
			const char *c = memchr(p, ',', (size_t)(end - p));
			size_t n = c ? (size_t)(c - p) : (size_t)(end - p);
			if (!one_of(p, n, hideable, N(hideable))) {
				char sc[32];
				shown(p, n, sc, sizeof sc);
				snprintf(err, errlen, "line %d: hide '%s' is not a column that can be hidden",
					 line, sc);
				return false;
			}
			if (o + n + 2 > sizeof rc->hide)
				break;
			if (o)
				rc->hide[o++] = ',';
			memcpy(rc->hide + o, p, n);
			o += n;
			rc->hide[o] = '\0';
			p += n + 1;
		}
	}
	/* other keys: a newer version's; ignored */
#undef KEY
	return true;
}

int rc_parse(const char *buf, size_t len, struct rc_settings *out, char *err, size_t errlen)
{
	struct rc_settings rc;
	rc_defaults(&rc);
	rc_defaults(out);
	if (len > RC_MAX_BYTES) {
		snprintf(err, errlen, "longer than %d bytes", RC_MAX_BYTES);
		return -1;
	}
	if (memchr(buf, '\0', len)) {
		snprintf(err, errlen, "holds a NUL byte: not a text file");
		return -1;
	}
	const char *p = buf, *end = buf + len;
	int line = 0;
	bool header = false;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		line++;
		const char *s = p, *t = e;
		p = e + 1;
		while (s < t && (*s == ' ' || *s == '\t'))
			s++;
		while (t > s && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r'))
			t--;
		if (!header) {
			/* "oomcastrc MAJOR[.MINOR]" */
			if (t - s < 11 || memcmp(s, "oomcastrc ", 10) != 0) {
				snprintf(err, errlen, "line 1: not an oomcastrc (no \"oomcastrc %d\" line)",
					 RC_MAJOR);
				return -1;
			}
			const char *v = s + 10;
			long major = 0;
			const char *q = v;
			while (q < t && *q >= '0' && *q <= '9' && major < 100000)
				major = major * 10 + (*q++ - '0');
			if (q == v || (q < t && *q != '.') || major != RC_MAJOR) {
				char sv[32];
				shown(v, (size_t)(t - v), sv, sizeof sv);
				snprintf(err, errlen, "line 1: version '%s' unknown (this oomcast reads %d)",
					 sv, RC_MAJOR);
				return -1;
			}
			header = true;
			continue;
		}
		if (s == t || *s == '#')
			continue;
		const char *eq = memchr(s, '=', (size_t)(t - s));
		if (!eq) {
			char sv[32];
			shown(s, (size_t)(t - s), sv, sizeof sv);
			snprintf(err, errlen, "line %d: '%s' is not key=value", line, sv);
			return -1;
		}
		/* a comment may end the line: no value holds '#' */
		const char *hash = memchr(eq, '#', (size_t)(t - eq));
		if (hash)
			for (t = hash; t > eq + 1 && (t[-1] == ' ' || t[-1] == '\t'); t--)
				;
		const char *k = s, *ke = eq, *v = eq + 1;
		while (ke > k && (ke[-1] == ' ' || ke[-1] == '\t'))
			ke--;
		while (v < t && (*v == ' ' || *v == '\t'))
			v++;
		if (!set_key(&rc, k, (size_t)(ke - k), v, (size_t)(t - v), line, err, errlen))
			return -1;
	}
	if (!header) {
		snprintf(err, errlen, "empty: not an oomcastrc");
		return -1;
	}
	*out = rc;
	return 0;
}

void rc_write(struct strbuf *b, const struct rc_settings *rc)
{
	sb_printf(b, "oomcastrc %d\n", RC_MAJOR);
	sb_puts(b, "# oomcast's dashboard settings, written by its setup screen (S, F2)\n");
	sb_printf(b, "sort=%s\n", rc->sort);
	sb_printf(b, "reverse=%d\n", rc->reverse);
	/* in thousandths, by hand (see the reader) */
	long ms = (long)(rc->delay * 1000 + 0.5);
	sb_printf(b, "delay=%ld.%03ld\n", ms / 1000, ms % 1000);
	sb_printf(b, "tree=%d\n", rc->tree);
	sb_printf(b, "kernel_threads=%d\n", rc->show_kthreads);
	sb_printf(b, "color=%s\n", rc_color_name(rc->color));
	sb_printf(b, "hide=%s\n", rc->hide);
}
