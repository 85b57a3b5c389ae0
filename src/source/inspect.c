/* inspect.c - see inspect.h. */
#include "source/inspect.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"
#include "source/kparse.h"
#include "util/readfile.h"

/* smaps of a process with many mappings runs to megabytes; past this the
 * rest is not counted (and the view says so through maps_read) */
#define SMAPS_MAX ((size_t)64 << 20)
/* distinct files kept while reading; the largest INSPECT_MAPS are shown */
#define SMAPS_FILES 256

void inspect_clear(struct proc_inspect *in)
{
	memset(in, 0, sizeof *in);
	in->rss = in->pss = in->anon = in->pss_file = in->pss_shmem = in->swap = in->swap_pss =
		in->locked = SNAP_NA;
	in->start = SNAP_NA;
}

/* "Key:   123 kB" at line [p, e): the value in bytes, or false. */
static bool kb_value(const char *p, const char *e, uint64_t *v)
{
	while (p < e && *p == ' ')
		p++;
	uint64_t n = 0;
	const char *d = p;
	while (p < e && *p >= '0' && *p <= '9') {
		if (n > UINT64_MAX / 10 / 1024)
			return false;
		n = n * 10 + (uint64_t)(*p++ - '0');
	}
	if (p == d)
		return false;
	*v = n * 1024;
	return true;
}

static bool key_is(const char *p, const char *e, const char *key)
{
	size_t n = strlen(key);
	return (size_t)(e - p) > n && memcmp(p, key, n) == 0 && p[n] == ':';
}

bool inspect_parse_rollup(const char *buf, size_t len, struct proc_inspect *out)
{
	static const struct { const char *key; size_t off; } keys[] = {
		{"Rss", offsetof(struct proc_inspect, rss)},
		{"Pss", offsetof(struct proc_inspect, pss)},
		{"Anonymous", offsetof(struct proc_inspect, anon)},
		{"Pss_File", offsetof(struct proc_inspect, pss_file)},
		{"Pss_Shmem", offsetof(struct proc_inspect, pss_shmem)},
		{"Swap", offsetof(struct proc_inspect, swap)},
		{"SwapPss", offsetof(struct proc_inspect, swap_pss)},
		{"Locked", offsetof(struct proc_inspect, locked)},
	};
	const char *p = buf, *end = buf + len;
	bool rss = false;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if (key_is(p, e, keys[k].key)) {
				uint64_t v;
				if (kb_value(p + strlen(keys[k].key) + 1, e, &v)) {
					*(uint64_t *)((char *)out + keys[k].off) = v;
					rss |= k == 0;
				}
				break;
			}
		p = e + 1;
	}
	return rss;
}

struct acc {
	char path[INSPECT_PATH_MAX];
	uint64_t rss;
	bool cut;
};

static int cmp_acc(const void *a, const void *b)
{
	uint64_t x = ((const struct acc *)a)->rss, y = ((const struct acc *)b)->rss;
	return (x < y) - (x > y);
}

/* A mapping's header: "start-end perms offset dev inode   path". */
static bool map_header(const char *p, const char *e, const char **path, size_t *plen)
{
	const char *q = p;
	while (q < e && ((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f')))
		q++;
	if (q == p || q >= e || *q != '-')
		return false;
	/* five fields, then the path (may be absent, may hold spaces) */
	for (int f = 0; f < 5; f++) {
		while (q < e && *q != ' ')
			q++;
		while (q < e && *q == ' ')
			q++;
	}
	*path = q;
	*plen = (size_t)(e - q);
	return true;
}

void inspect_parse_smaps(const char *buf, size_t len, struct proc_inspect *out)
{
	struct acc *a = calloc(SMAPS_FILES, sizeof *a);
	if (!a)
		return;
	size_t na = 0;
	int cur = -1;
	const char *p = buf, *end = buf + len;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		const char *path;
		size_t pl;
		uint64_t v;
		if (key_is(p, e, "Rss")) {
			if (cur >= 0 && kb_value(p + 4, e, &v))
				a[cur].rss += v;
		} else if (map_header(p, e, &path, &pl)) {
			if (pl == 0)
				path = "[anon]", pl = 6;
			bool cut = pl >= INSPECT_PATH_MAX;
			if (cut)
				pl = INSPECT_PATH_MAX - 1;
			cur = -1;
			for (size_t i = 0; i < na; i++)
				if (strlen(a[i].path) == pl && memcmp(a[i].path, path, pl) == 0) {
					cur = (int)i;
					break;
				}
			if (cur < 0 && na < SMAPS_FILES) {
				cur = (int)na++;
				memcpy(a[cur].path, path, pl);
				a[cur].path[pl] = '\0';
				a[cur].cut = cut;
			}
		}
		p = e + 1;
	}
	qsort(a, na, sizeof *a, cmp_acc);
	out->nmaps = 0;
	for (size_t i = 0; i < na && out->nmaps < INSPECT_MAPS; i++) {
		if (a[i].rss == 0)
			break;
		struct inspect_map *m = &out->maps[out->nmaps++];
		memcpy(m->path, a[i].path, sizeof m->path);
		m->rss = a[i].rss;
		m->cut = a[i].cut;
	}
	out->maps_read = true;
	free(a);
}

static uint64_t start_of(const char *dir)
{
	char buf[1024];
	ssize_t n = readfile2(dir, "stat", buf, sizeof buf);
	return n > 0 ? kparse_stat_start(buf, (size_t)n) : SNAP_NA;
}

void inspect_read(const char *root, pid_t pid, uint64_t start, struct proc_inspect *out)
{
	inspect_clear(out);
	out->pid = pid;
	out->start = start;
	char dir[320];
	snprintf(dir, sizeof dir, "%s/proc/%d", root ? root : "", (int)pid);
	if (start_of(dir) != start || !snap_known(start)) {
		out->err = ESRCH;
		return;
	}
	char small[4096];
	ssize_t n = readfile2(dir, "smaps_rollup", small, sizeof small);
	if (n < 0) {
		out->err = errno ? errno : EACCES;
		return;
	}
	out->rollup = inspect_parse_rollup(small, (size_t)n, out);
	char path[360];
	snprintf(path, sizeof path, "%s/smaps", dir);
	char *buf = NULL;
	size_t cap = 0;
	bool cut = false;
	n = readfile_grow(path, &buf, &cap, SMAPS_MAX, &cut);
	if (n >= 0)
		inspect_parse_smaps(buf, (size_t)n, out);
	free(buf);
	/* read last: the same process all along, or nothing shown */
	if (start_of(dir) != start) {
		inspect_clear(out);
		out->pid = pid;
		out->start = start;
		out->err = ESRCH;
	}
}
