/* drm.c - GPU memory from sysfs and DRM fdinfo; see drm.h. */
#include "source/drm.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"
#include "source/kparse.h"
#include "util/readfile.h"

/* "123", "123 KiB", "5 MiB" -> bytes; SNAP_NA if malformed. */
static uint64_t drm_size(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	uint64_t v;
	if (!kparse_decimal(p, end, &v, &p))
		return SNAP_NA;
	while (p < end && *p == ' ')
		p++;
	uint64_t mul = 1;
	if (end - p >= 3 && memcmp(p, "KiB", 3) == 0)
		mul = 1024;
	else if (end - p >= 3 && memcmp(p, "MiB", 3) == 0)
		mul = 1024 * 1024;
	else if (p < end && *p != '\n')
		return SNAP_NA;
	if (v > UINT64_MAX / mul)
		return SNAP_NA;
	return v * mul;
}

enum region { R_VRAM, R_GTT, R_SYS, R_NONE };
/* how trustworthy a figure is: resident beats memory beats total */
enum rank { K_TOTAL = 1, K_MEMORY = 2, K_RESIDENT = 3 };

static enum region region_of(const char *r, size_t n)
{
	static const struct { const char *name; enum region r; } map[] = {
		{"vram", R_VRAM}, {"vram0", R_VRAM}, {"local0", R_VRAM},
		{"gtt", R_GTT},
		{"cpu", R_SYS}, {"system", R_SYS}, {"system0", R_SYS},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strlen(map[i].name) == n && memcmp(map[i].name, r, n) == 0)
			return map[i].r;
	return R_NONE;
}

static void copy_val(char *out, size_t outsz, const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	size_t n = (size_t)(end - p);
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

bool drm_parse_fdinfo(const char *buf, size_t len, struct drm_client *out)
{
	const char *p = buf, *end = buf + len;
	int rank[3] = {0, 0, 0};
	uint64_t *slot[3];
	bool drm = false;
	memset(out, 0, sizeof *out);
	out->vram = out->gtt = out->system = SNAP_NA;
	slot[R_VRAM] = &out->vram, slot[R_GTT] = &out->gtt, slot[R_SYS] = &out->system;
	while (p < end) {
		const char *le = memchr(p, '\n', (size_t)(end - p));
		if (!le)
			le = end;
		const char *colon = memchr(p, ':', (size_t)(le - p));
		if (colon && le - p > 4 && memcmp(p, "drm-", 4) == 0) {
			const char *k = p + 4, *v = colon + 1;
			size_t kl = (size_t)(colon - k);
			static const struct { const char *pre; enum rank r; } kinds[] = {
				{"resident-", K_RESIDENT}, {"memory-", K_MEMORY}, {"total-", K_TOTAL},
			};
			if (kl == 6 && memcmp(k, "driver", 6) == 0) {
				copy_val(out->driver, sizeof out->driver, v, le);
				drm = true;
			} else if (kl == 4 && memcmp(k, "pdev", 4) == 0) {
				copy_val(out->pdev, sizeof out->pdev, v, le);
			} else if (kl == 9 && memcmp(k, "client-id", 9) == 0) {
				uint64_t id = drm_size(v, le);
				if (snap_known(id))
					out->client_id = id, out->has_client_id = true;
			} else {
				for (size_t i = 0; i < 3; i++) {
					size_t pl = strlen(kinds[i].pre);
					if (kl <= pl || memcmp(k, kinds[i].pre, pl) != 0)
						continue;
					enum region r = region_of(k + pl, kl - pl);
					uint64_t b = drm_size(v, le);
					if (r != R_NONE && snap_known(b) && (int)kinds[i].r > rank[r]) {
						*slot[r] = b;
						rank[r] = (int)kinds[i].r;
					}
				}
			}
		}
		p = le + 1;
	}
	return drm;
}

static uint64_t card_u64(const char *dir, const char *name)
{
	char buf[64];
	ssize_t n = readfile2(dir, name, buf, sizeof buf);
	return n > 0 ? kparse_u64(buf, (size_t)n) : SNAP_NA;
}

static int cmp_card(const void *a, const void *b)
{
	return ((const struct drm_card *)a)->index - ((const struct drm_card *)b)->index;
}

size_t drm_read_cards(const char *root, struct drm_card *cards, size_t max)
{
	char base[512], dev[1024], buf[4096];
	snprintf(base, sizeof base, "%s/sys/class/drm", root ? root : "");
	DIR *d = opendir(base);
	if (!d)
		return 0;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < max) {
		/* cardN, not cardN-DP-1 (connectors) nor renderD128 */
		char *endp;
		if (strncmp(e->d_name, "card", 4) != 0)
			continue;
		long idx = strtol(e->d_name + 4, &endp, 10);
		if (endp == e->d_name + 4 || *endp || idx < 0)
			continue;
		snprintf(dev, sizeof dev, "%s/%s/device", base, e->d_name);
		struct drm_card *c = &cards[n];
		memset(c, 0, sizeof *c);
		c->index = (int)idx;
		c->vram_total = card_u64(dev, "mem_info_vram_total");
		c->vram_used = card_u64(dev, "mem_info_vram_used");
		c->gtt_total = card_u64(dev, "mem_info_gtt_total");
		c->gtt_used = card_u64(dev, "mem_info_gtt_used");
		ssize_t m = readfile2(dev, "vendor", buf, sizeof buf);
		bool intel = m > 0 && strncmp(buf, "0x8086", 6) == 0;
		/* amdgpu has mem_info_*; Intel (i915, xe) has no such files: its
		 * clients' use still shows in fdinfo, so keep the card */
		if (!snap_known(c->vram_total) && !snap_known(c->gtt_total) && !intel)
			continue;
		if (m > 0 && strncmp(buf, "0x1002", 6) == 0)
			snprintf(c->driver_vendor, sizeof c->driver_vendor, "amd");
		else if (intel)
			snprintf(c->driver_vendor, sizeof c->driver_vendor, "intel");
		else if (m > 0)
			copy_val(c->driver_vendor, sizeof c->driver_vendor, buf, buf + strcspn(buf, "\n"));
		m = readfile2(dev, "uevent", buf, sizeof buf);
		const char *slot = m > 0 ? strstr(buf, "PCI_SLOT_NAME=") : NULL;
		if (slot) {
			slot += strlen("PCI_SLOT_NAME=");
			copy_val(c->pdev, sizeof c->pdev, slot, slot + strcspn(slot, "\n"));
		}
		n++;
	}
	closedir(d);
	qsort(cards, n, sizeof *cards, cmp_card);
	return n;
}
