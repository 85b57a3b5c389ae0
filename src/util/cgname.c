/* cgname.c - cgroup names for narrow cells; see cgname.h. */
#include "util/cgname.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/escape.h"

#define ID_LEN 64
#define SHORT_ID 12
#define NAME_MAX_LEN 4200

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* comp (len bytes) with every 64-hex run cut to its first 12 characters,
 * and ".scope" dropped after one (docker-<id>.scope: the scope is the
 * container's, its id names it). */
static size_t component(const char *comp, size_t len, char *out, size_t outlen)
{
	size_t o = 0;
	bool had_id = false;
	for (size_t i = 0; i < len && o + 1 < outlen;) {
		size_t run = 0;
		while (i + run < len && is_hex(comp[i + run]))
			run++;
		bool id = run == ID_LEN && (i == 0 || !is_hex(comp[i - 1]));
		if (id) {
			size_t k = SHORT_ID < outlen - 1 - o ? SHORT_ID : outlen - 1 - o;
			memcpy(out + o, comp + i, k);
			o += k;
			i += run;
			had_id = true;
			continue;
		}
		size_t k = run ? run : 1;
		if (k > outlen - 1 - o)
			k = outlen - 1 - o;
		memcpy(out + o, comp + i, k);
		o += k;
		i += k;
	}
	out[o] = '\0';
	if (had_id && o >= 6 && strcmp(out + o - 6, ".scope") == 0)
		out[o -= 6] = '\0';
	return o;
}

/* The columns s takes as the views show it (escape_cols). Measured in
 * bytes instead, a name with an escape would be cut by the cell at its end,
 * the part that tells names apart, without a mark. */
static int shown_cols(const char *s)
{
	int cols = 0;
	for (size_t n = strlen(s), len; n > 0; s += len, n -= len)
		cols += escape_cols(s, n, &len);
	return cols;
}

/* Where the end of s that shows in at most cols columns and takes at most
 * bytes bytes starts (a wide character has more bytes than columns: the
 * caller's buffer bounds it too): a whole character, never half of one or
 * of an escape. */
static const char *tail_within(const char *s, int cols, size_t bytes)
{
	int total = shown_cols(s);
	for (size_t n = strlen(s), len; n > 0 && (total > cols || n > bytes); s += len, n -= len)
		total -= escape_cols(s, n, &len);
	return s;
}

char *cgname_short(const char *path, int width, const char *ell, int ell_cols, char *out,
                   size_t outlen)
{
	if (outlen == 0)
		return out;
	out[0] = '\0';
	if (width <= 0)
		return out;
	/* each component shortened (never longer than it was), joined */
	char tmp[NAME_MAX_LEN], buf[NAME_MAX_LEN];
	size_t t = 0;
	for (const char *c = path; *c && t + 2 < sizeof tmp;) {
		if (*c == '/') {
			if (t == 0 || tmp[t - 1] != '/')
				tmp[t++] = '/';
			c++;
			continue;
		}
		size_t clen = strcspn(c, "/");
		size_t n = component(c, clen, buf, sizeof buf);
		if (n > sizeof tmp - 1 - t)
			n = sizeof tmp - 1 - t;
		memcpy(tmp + t, buf, n);
		t += n;
		c += clen;
	}
	while (t > 1 && tmp[t - 1] == '/')
		t--;
	tmp[t] = '\0';
	const char *s = tmp;
	if (*s == '\0')
		s = path[0] ? "/" : "";
	if (shown_cols(s) <= width && strlen(s) < outlen) {
		snprintf(out, outlen, "%s", s);
		return out;
	}
	/* too long: keep the right end, the distinguishing part, after the
	 * mark; whole components where the last one fits, else whole words
	 * ("docker-<id>" cut to "<id>", not to "ker-<id>") */
	int keep = width - ell_cols;
	size_t ell_len = strlen(ell);
	if (keep <= 0 || outlen <= ell_len + 1) {
		snprintf(out, outlen, "%s", tail_within(s, width, outlen - 1));
		return out;
	}
	const char *tail = tail_within(s, keep, outlen - 1 - ell_len);
	const char *slash = strchr(tail, '/');
	const char *dash = strchr(tail, '-');
	if (slash && slash[1])
		tail = slash + 1;   /* whole components */
	else if (dash && dash[1] && tail > s && tail[-1] != '-' && tail[-1] != '/')
		tail = dash + 1;    /* cut inside a word: from the next whole one */
	snprintf(out, outlen, "%s%s", ell, tail);
	return out;
}
