/* Unit tests for JSON escaping and human formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "snapshot.h"
#include "util/fmt.h"
#include "util/strbuf.h"

static const char *js(const char *s, size_t n)
{
	static struct strbuf b;
	sb_reset(&b);
	sb_json_str(&b, s, n);
	return b.s;
}

static void test_json_escape(void **state)
{
	(void)state;
	assert_string_equal(js("plain", 5), "\"plain\"");
	assert_string_equal(js("a\"b\\c", 5), "\"a\\\"b\\\\c\"");
	assert_string_equal(js("\n\t\r\x01\x1f\x7f", 6), "\"\\n\\t\\r\\u0001\\u001f\\u007f\"");
	assert_string_equal(js("a\0b", 3), "\"a\\u0000b\"");
	/* valid UTF-8 passes through */
	assert_string_equal(js("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14),
			    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	/* invalid bytes, overlong forms, surrogates and cut sequences become U+FFFD */
	assert_string_equal(js("\xff", 1), "\"\\ufffd\"");
	assert_string_equal(js("\xc0\xaf", 2), "\"\\ufffd\\ufffd\"");
	assert_string_equal(js("\xed\xa0\x80", 3), "\"\\ufffd\\ufffd\\ufffd\"");
	assert_string_equal(js("\xe2\x82", 2), "\"\\ufffd\\ufffd\"");
	assert_string_equal(js("\xf4\x90\x80\x80", 4), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
}

static void test_json_numbers(void **state)
{
	(void)state;
	struct strbuf b = {0};
	sb_reset(&b);
	sb_json_u64(&b, SNAP_NA);
	sb_putc(&b, ' ');
	sb_json_u64(&b, 0);
	sb_putc(&b, ' ');
	sb_json_int(&b, SNAP_NA_INT);
	sb_putc(&b, ' ');
	sb_json_int(&b, -1000);
	sb_putc(&b, ' ');
	sb_json_num(&b, NAN, 2);
	sb_putc(&b, ' ');
	sb_json_num(&b, INFINITY, 2);
	sb_putc(&b, ' ');
	sb_json_num(&b, 1.5, 1);
	sb_json_cstr(&b, NULL);
	assert_string_equal(b.s, "null 0 null -1000 null null 1.5null");
	sb_free(&b);
}

static void test_fmt(void **state)
{
	(void)state;
	char o[32];
	assert_string_equal(fmt_bytes(SNAP_NA, o, sizeof o), "-");
	assert_string_equal(fmt_bytes(0, o, sizeof o), "0B");
	assert_string_equal(fmt_bytes(1023, o, sizeof o), "1023B");
	assert_string_equal(fmt_bytes(1536, o, sizeof o), "1.50K");
	assert_string_equal(fmt_bytes(300ULL << 20, o, sizeof o), "300M");
	assert_string_equal(fmt_bytes(24ULL << 30, o, sizeof o), "24.0G");
	assert_string_equal(fmt_bytes(2ULL << 40, o, sizeof o), "2.00T");
	assert_string_equal(fmt_bytes_iec(1536, o, sizeof o), "1.50 KiB");
	assert_string_equal(fmt_bytes_iec(512, o, sizeof o), "512 B");
	assert_string_equal(fmt_bytes_iec(3ULL << 40, o, sizeof o), "3.00 TiB");
	assert_string_equal(fmt_bytes_iec(SNAP_NA, o, sizeof o), "-");
	assert_string_equal(fmt_rate(NAN, o, sizeof o), "-");
	assert_string_equal(fmt_rate(0, o, sizeof o), "0B/s");
	assert_string_equal(fmt_rate(50.0 * 1048576, o, sizeof o), "+50.0M/s");
	assert_string_equal(fmt_rate(-2048, o, sizeof o), "-2.00K/s");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_json_numbers),
		cmocka_unit_test(test_fmt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
