/* Unit tests for the DRM fdinfo parser (amdgpu, i915, xe, units, odd input)
 * and the sysfs card reader on a fixture tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"
#include "source/drm.h"
#include "util/readfile.h"

static const char *fixture(const char *name)
{
	static char buf[1024];
	const char *dir = getenv("FIXTURES");
	snprintf(buf, sizeof buf, "%s/drm/%s", dir ? dir : "tests/fixtures", name);
	return buf;
}

static bool parse_file(const char *name, struct drm_client *c)
{
	char buf[4096];
	ssize_t n = readfile(fixture(name), buf, sizeof buf);
	assert_true(n > 0);
	return drm_parse_fdinfo(buf, (size_t)n, c);
}

static void test_fdinfo_drivers(void **state)
{
	(void)state;
	struct drm_client c;
	assert_true(parse_file("fdinfo-amdgpu", &c));
	assert_string_equal(c.driver, "amdgpu");
	assert_string_equal(c.pdev, "0000:03:00.0");
	assert_true(c.has_client_id);
	assert_int_equal(c.client_id, 1442);
	assert_int_equal(c.vram, 8388608ULL * 1024);
	assert_int_equal(c.gtt, 2048ULL * 1024);
	assert_int_equal(c.system, 0);

	assert_true(parse_file("fdinfo-i915", &c));
	assert_int_equal(c.vram, 1536ULL << 20);     /* resident beats total */
	assert_int_equal(c.system, 60ULL << 20);
	assert_int_equal(c.gtt, SNAP_NA);

	assert_true(parse_file("fdinfo-xe", &c));
	assert_int_equal(c.system, 1048576);         /* no unit: bytes */
	assert_int_equal(c.gtt, 4096ULL * 1024);
	assert_int_equal(c.vram, 3ULL << 20);

	assert_false(parse_file("fdinfo-notdrm", &c));
}

static void test_fdinfo_odd(void **state)
{
	(void)state;
	struct drm_client c;
	const char bad[] = "drm-driver:\tx\ndrm-memory-vram:\t12 GiB\ndrm-total-gtt:\tlots\n"
			   "drm-memory-vram\ndrm-client-id:\t\ndrm-total-vram: 99999999999999999999999 KiB";
	assert_true(drm_parse_fdinfo(bad, sizeof bad - 1, &c));
	assert_int_equal(c.vram, SNAP_NA);   /* unknown units and overflow are not guessed */
	assert_int_equal(c.gtt, SNAP_NA);
	assert_false(c.has_client_id);
	assert_false(drm_parse_fdinfo("", 0, &c));
	char longname[200];
	memset(longname, 'a', sizeof longname);
	memcpy(longname, "drm-driver:", 11);
	assert_true(drm_parse_fdinfo(longname, sizeof longname, &c));
	assert_int_equal(strlen(c.driver), sizeof c.driver - 1);
}

static void test_cards(void **state)
{
	(void)state;
	struct drm_card cards[DRM_MAX_CARDS];
	size_t n = drm_read_cards(fixture("amd"), cards, DRM_MAX_CARDS);
	/* card0 is an Intel iGPU: no memory files, kept for its clients' fdinfo;
	 * connectors and render nodes skipped */
	assert_int_equal(n, 2);
	assert_int_equal(cards[0].index, 0);
	assert_string_equal(cards[0].driver_vendor, "intel");
	assert_false(snap_known(cards[0].vram_total));
	assert_int_equal(cards[1].index, 1);
	assert_string_equal(cards[1].driver_vendor, "amd");
	assert_string_equal(cards[1].pdev, "0000:03:00.0");
	assert_int_equal(cards[1].vram_total, 17163091968ULL);
	assert_int_equal(cards[1].vram_used, 4294967296ULL);
	assert_int_equal(cards[1].gtt_used, 1073741824ULL);
	assert_int_equal(drm_read_cards(fixture("none"), cards, DRM_MAX_CARDS), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fdinfo_drivers),
		cmocka_unit_test(test_fdinfo_odd),
		cmocka_unit_test(test_cards),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
