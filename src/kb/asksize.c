/* asksize.c - the size a memory error asked for, read from its line.
 *
 * Runtimes word it each their own way (the corpus behind
 * tests/fixtures/kb/corpus.tsv holds these): a size after a verb of asking
 * ("Tried to allocate 1.74 GiB", "failed to alloc 34359738368 bytes on
 * host", llama.cpp's CUDA "allocating 590.07 MiB on device 0: cudaMalloc
 * failed", "failed to mlock 39813120-byte buffer", "failed to extend
 * /dev/shm/nccl-x to 9637892 bytes", "requires more system memory (7.5
 * GiB)"), a size after "size" ("buffer of size 838447104", "(size
 * 9637888)", "of size: 221074944", bytes when no unit follows), and ROCm's
 * "127.99TiB (140729850295296 bytes)", whose bytes are exact. Every one of
 * these programs divides by 1024: MB is MiB, GB GiB. llama.cpp prints
 * "%.2f" in the C locale of the user, so "1900,00 MiB" is 1900 MiB. */
#include "kb/asksize.h"

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/fmt.h"

/* Three digits and no fourth: a group after a thousands separator. */
static bool group3(const char *p)
{
	return isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
	       isdigit((unsigned char)p[2]) && !isdigit((unsigned char)p[3]);
}

/* A number at p: digits (in groups of three after ',' where the first
 * group has at most three: "1,048,576"), then '.' or a ',' with exactly
 * two digits after it (a locale's decimal comma) and digits. Sets *end
 * after it, and *whole when it had no decimal part; false when p holds no
 * digit. */
static bool read_number(const char *p, double *v, const char **end, bool *whole)
{
	if (!isdigit((unsigned char)*p))
		return false;
	double x = 0;
	int digits = 0, lead = 0;
	for (; isdigit((unsigned char)*p); p++, lead++)
		if (++digits <= 20)   /* past 20 digits the figure is nonsense: the rest is ignored */
			x = x * 10 + (*p - '0');
	while (lead <= 3 && *p == ',' && group3(p + 1))
		for (p++; isdigit((unsigned char)*p); p++)
			if (++digits <= 20)
				x = x * 10 + (*p - '0');
	if (digits > 20)
		return false;
	bool dec = *p == '.' && isdigit((unsigned char)p[1]);
	if (*p == ',' && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
	    !isdigit((unsigned char)p[3]))
		dec = true;
	if (dec) {
		double f = 0.1;
		for (p++; isdigit((unsigned char)*p); p++, f /= 10)
			x += (*p - '0') * f;
	}
	*whole = !dec;
	*v = x;
	*end = p;
	return true;
}

/* A unit at p (after at most one blank, or a '-' for "N-byte"): its factor,
 * 0 when none is there. */
static double read_unit(const char *p, const char **end)
{
	static const struct { const char *name; double f; } units[] = {
		{"bytes", 1}, {"byte", 1},
		{"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}, {"TiB", 1099511627776.0},
		{"KB", 1024.0}, {"MB", 1048576.0}, {"GB", 1073741824.0}, {"TB", 1099511627776.0},
		{"B", 1}, {"K", 1024.0}, {"M", 1048576.0}, {"G", 1073741824.0}, {"T", 1099511627776.0},
	};
	if (*p == ' ' || *p == '-')
		p++;
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		size_t n = strlen(units[i].name);
		/* "8 Gb" is not a size; "Mbps", "Million" are not units */
		if (strncasecmp(p, units[i].name, n) == 0 && !isalpha((unsigned char)p[n]) &&
		    (n > 2 || strncmp(p, units[i].name, n) == 0)) {
			*end = p + n;
			return units[i].f;
		}
	}
	return 0;
}

/* The first number that starts a word at or after p, within the phrase:
 * past at most 48 bytes, never across ':' ';' '.' ',' (the next clause);
 * a word starts after a blank or '(': digits inside a word ("CUDA0",
 * "nccl-WU88OE", a random name's "nccl-7MB1xy") are no number. */
static const char *phrase_number(const char *p)
{
	for (int i = 0; i < 48 && *p; i++, p++) {
		if (strchr(":;.,", *p))
			return NULL;
		if (isdigit((unsigned char)*p) && (i == 0 || p[-1] == ' ' || p[-1] == '('))
			return p;
	}
	return NULL;
}

/* The figure at p..e (and its unit at u..ue) into out, as written. */
static void keep_figure(struct kb_ask *out, const char *p, const char *e, const char *u, const char *ue)
{
	snprintf(out->figure, sizeof out->figure, "%.*s", (int)(e - p), p);
	/* "bytes" and "-byte" are no unit to show: the figure is bytes */
	while (u < ue && (*u == ' ' || *u == '-'))
		u++;
	if (ue - u >= 4 && strncasecmp(u, "byte", 4) == 0)
		u = ue;
	snprintf(out->unit, sizeof out->unit, "%.*s", (int)(ue - u), u);
}

/* "(N bytes)": ROCm's exact figure beside its rounded one. */
static bool exact_bytes(const char *line, double *v, struct kb_ask *keep)
{
	for (const char *p = strchr(line, '('); p; p = strchr(p + 1, '(')) {
		const char *e;
		double x;
		bool whole;
		if (read_number(p + 1, &x, &e, &whole) && strspn(p + 1, "0123456789") == (size_t)(e - p - 1) &&
		    strncmp(e, " bytes)", 7) == 0) {
			*v = x;
			keep_figure(keep, p + 1, e, e, e);
			return true;
		}
	}
	return false;
}

/* The size at anchor a: after a verb of asking (a unit is needed: "alloc
 * 367404 tokens" is no size), or after "size" (no unit: bytes). */
static bool at_anchor(const char *a, size_t alen, bool unit_needed, double *v, bool *exact,
                      struct kb_ask *keep)
{
	const char *p = a + alen;
	if (unit_needed) {
		p = phrase_number(p);
		if (!p)
			return false;
	} else {
		while (*p == ' ' || *p == ':' || *p == '=')
			p++;
	}
	double x, f;
	const char *e;
	if (!read_number(p, &x, &e, exact))
		return false;
	const char *num_end = e, *ue;
	f = read_unit(e, &ue);
	if (f == 0) {
		if (unit_needed || isalnum((unsigned char)*e))
			return false;
		f = 1;
		ue = e;
	}
	*exact = *exact && f == 1;
	*v = x * f;
	if (keep)
		keep_figure(keep, p, num_end, num_end, ue);
	return true;
}

bool kb_ask_parse(const char *line, struct kb_ask *out)
{
	static const struct { const char *a; bool unit; } anchors[] = {
		{"to alloc", true}, {"not alloc", true}, {"to mlock", true}, {"to extend", true},
		{"allocating", true},
		{"requires more system memory", true}, {"requires more memory", true},
		{"of size", false}, {"(size", false},
	};
	out->bytes = -1;
	out->avail = -1;
	out->exact = true;
	out->figure[0] = out->unit[0] = '\0';
	double v;
	bool exact;
	if (exact_bytes(line, &v, out)) {
		out->bytes = v;
	} else {
		/* the earliest anchor whose size reads: the request, not a later figure */
		const char *best = NULL;
		for (size_t i = 0; i < sizeof anchors / sizeof *anchors; i++) {
			size_t n = strlen(anchors[i].a);
			for (const char *a = strcasestr(line, anchors[i].a); a; a = strcasestr(a + 1, anchors[i].a))
				if ((!best || a < best) && at_anchor(a, n, anchors[i].unit, &v, &exact, out)) {
					best = a;
					out->bytes = v;
					out->exact = exact;
					break;
				}
		}
		if (!best)
			return false;
	}
	/* ollama: "... than is available (18.9 GiB)" */
	const char *av = strcasestr(line, "available (");
	if (av && at_anchor(av, strlen("available ("), true, &v, &exact, NULL))
		out->avail = v;
	return true;
}

void kb_ask_text(const struct kb_ask *a, bool with_bytes, char *out, size_t len)
{
	char iec[32];
	if (a->bytes >= 0x1p63)   /* past what a size in bytes can hold */
		snprintf(out, len, "%s %s", a->figure, a->unit[0] ? a->unit : "bytes");
	else if (a->exact && with_bytes)
		snprintf(out, len, "%s (%s bytes)", fmt_bytes_iec((uint64_t)a->bytes, iec, sizeof iec),
			 a->figure);
	else
		snprintf(out, len, "%s", fmt_bytes_iec((uint64_t)a->bytes, iec, sizeof iec));
}

void kb_ask_json(const struct kb_ask *a, char *out, size_t len)
{
	if (!a->exact || len == 0) {
		snprintf(out, len, "%.0f", a->bytes);
		return;
	}
	/* its digits, without separators or leading zeros: a JSON number */
	const char *f = a->figure;
	while (*f == '0' && f[1])
		f++;
	size_t n = 0;
	for (; *f && n + 1 < len; f++)
		if (isdigit((unsigned char)*f))
			out[n++] = *f;
	out[n] = '\0';
}
