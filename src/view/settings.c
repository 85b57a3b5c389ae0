/* settings.c - see settings.h. */
#include "view/settings.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/readfile.h"
#include "util/strbuf.h"
#include "view/layout.h"

bool settings_path(char *buf, size_t len)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;
	/* the XDG spec: a relative XDG_CONFIG_HOME is invalid, ignore it */
	if (x && x[0] == '/')
		n = snprintf(buf, len, "%s/oomcast/oomcastrc", x);
	else if (home && home[0])
		n = snprintf(buf, len, "%s/.config/oomcast/oomcastrc", home);
	else
		return false;
	return n > 0 && (size_t)n < len;
}

int settings_load(const char *path, struct rc_settings *rc, char *err, size_t errlen)
{
	rc_defaults(rc);
	char *buf = NULL;
	size_t cap = 0;
	bool cut = false;
	ssize_t n = readfile_grow(path, &buf, &cap, RC_MAX_BYTES, &cut);
	if (n < 0) {
		int e = errno;
		free(buf);
		if (e == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		return -1;
	}
	char why[160];
	int rc_ok = cut ? (snprintf(why, sizeof why, "longer than %d bytes", RC_MAX_BYTES), -1)
			: rc_parse(buf, (size_t)n, rc, why, sizeof why);
	free(buf);
	if (rc_ok < 0) {
		snprintf(err, errlen, "%s: %s; settings ignored", path, why);
		return -1;
	}
	return 1;
}

/* mkdir -p of path's directory */
static int make_dirs(const char *path)
{
	char dir[1024];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(dir, 0700) < 0 && errno != EEXIST)
				return -1;
			*p = '/';
		}
	return mkdir(dir, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

int settings_save(const char *path, const struct rc_settings *rc, char *err, size_t errlen)
{
	struct strbuf b = {0};
	rc_write(&b, rc);
	char tmp[1100];
	snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
	int rcv = -1;
	if (make_dirs(path) < 0) {
		snprintf(err, errlen, "cannot make the directory of %s: %s", path, strerror(errno));
		goto out;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	ssize_t w = write(fd, b.s, b.len);
	int e = errno;
	if (close(fd) < 0 && w == (ssize_t)b.len)
		w = -1, e = errno;
	if (w != (ssize_t)b.len || rename(tmp, path) < 0) {
		if (w == (ssize_t)b.len)
			e = errno;
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(e ? e : EIO));
		unlink(tmp);
		goto out;
	}
	rcv = 0;
out:
	sb_free(&b);
	return rcv;
}

/* The file's colour words and the theme's modes, one to one. */
static const struct { enum rc_color rc; enum theme_colors theme; } colors[] = {
	{RC_COLOR_AUTO, THEME_AUTO}, {RC_COLOR_256, THEME_256}, {RC_COLOR_8, THEME_8},
	{RC_COLOR_NONE, THEME_MONO},
};

static enum theme_colors color_theme(enum rc_color c)
{
	for (size_t i = 0; i < sizeof colors / sizeof colors[0]; i++)
		if (colors[i].rc == c)
			return colors[i].theme;
	return THEME_AUTO;
}

static enum rc_color color_rc(enum theme_colors c)
{
	for (size_t i = 0; i < sizeof colors / sizeof colors[0]; i++)
		if (colors[i].theme == c)
			return colors[i].rc;
	return RC_COLOR_AUTO;
}

void settings_apply(const struct rc_settings *rc, struct tui_state *st, bool keep_delay)
{
	for (int k = 0; k < SORT_NKEYS; k++)
		if (strcmp(sort_key_name((enum sort_key)k), rc->sort) == 0)
			st->key = (enum sort_key)k;
	st->reverse = rc->reverse;
	if (!keep_delay)
		st->delay = rc->delay;
	st->tree = rc->tree;
	st->show_kthreads = rc->show_kthreads;
	st->colors = color_theme(rc->color);
	st->hide_cols = 0;
	for (const char *p = rc->hide; *p;) {
		size_t n = strcspn(p, ",");
		for (int c = 0; c < COL_N; c++)
			if (strlen(column_title[c]) == n && strncmp(column_title[c], p, n) == 0)
				st->hide_cols |= 1u << c;
		p += n + (p[n] == ',');
	}
	st->hide_cols &= ~LAYOUT_UNHIDEABLE;
}

void settings_of(const struct tui_state *st, struct rc_settings *rc)
{
	rc_defaults(rc);
	snprintf(rc->sort, sizeof rc->sort, "%s", sort_key_name(st->key));
	rc->reverse = st->reverse;
	rc->delay = st->delay < 0.1 ? 0.1 : st->delay > 60 ? 60 : st->delay;
	rc->tree = st->tree;
	rc->show_kthreads = st->show_kthreads;
	rc->color = color_rc(st->colors);
	size_t o = 0;
	for (int c = 0; c < COL_N; c++)
		if (st->hide_cols & (1u << c)) {
			int n = snprintf(rc->hide + o, sizeof rc->hide - o, "%s%s", o ? "," : "",
					 column_title[c]);
			if (n < 0 || (size_t)n >= sizeof rc->hide - o)
				break;
			o += (size_t)n;
		}
}
