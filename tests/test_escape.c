/* Unit tests for util/escape: which bytes count as unsafe, and how the text
 * views, the dashboard (escape_copy) and JSON show them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/escape.h"
#include "util/strbuf.h"

static const char *esc(const char *s, size_t n)
{
	static struct strbuf b;
	sb_reset(&b);
	escape_sb(&b, s, n);
	return b.s;
}

static void test_classify(void **state)
{
	(void)state;
	size_t len;
	unsigned cp;
	assert_int_equal(escape_next("a", 1, &len, &cp), ESC_TEXT);
	assert_int_equal(escape_next("\x1b", 1, &len, &cp), ESC_CONTROL);
	assert_int_equal(escape_next("\x7f", 1, &len, &cp), ESC_CONTROL);
	assert_int_equal(escape_next("\xc2\x9b", 2, &len, &cp), ESC_CONTROL);   /* C1 CSI */
	assert_int_equal(len, 2);
	assert_int_equal(cp, 0x9b);
	assert_int_equal(escape_next("\xc2\xa0", 2, &len, &cp), ESC_TEXT);      /* NBSP */
	assert_int_equal(escape_next("\xe2\x82\xac", 3, &len, &cp), ESC_TEXT);
	assert_int_equal(cp, 0x20ac);
	/* the bidirectional controls: RLO, LRI ... PDI, ALM, LRM; not ZWJ */
	assert_int_equal(escape_next("\xe2\x80\xae", 3, &len, &cp), ESC_CONTROL);
	assert_int_equal(cp, 0x202e);
	assert_int_equal(escape_next("\xe2\x81\xa6", 3, &len, &cp), ESC_CONTROL);
	assert_int_equal(escape_next("\xe2\x81\xa9", 3, &len, &cp), ESC_CONTROL);
	assert_int_equal(escape_next("\xd8\x9c", 2, &len, &cp), ESC_CONTROL);
	assert_int_equal(escape_next("\xe2\x80\x8e", 3, &len, &cp), ESC_CONTROL);
	assert_int_equal(escape_next("\xe2\x80\x8d", 3, &len, &cp), ESC_TEXT);
	assert_int_equal(escape_next("\xe2\x81\xaa", 3, &len, &cp), ESC_TEXT);   /* U+206A: past PDI */
	assert_int_equal(escape_next("\x9b", 1, &len, &cp), ESC_INVALID);      /* 8-bit CSI */
	assert_int_equal(escape_next("\xe2\x82", 2, &len, &cp), ESC_INVALID);  /* cut */
	assert_int_equal(len, 1);
}

static void test_escape_text(void **state)
{
	(void)state;
	assert_string_equal(esc("plain \xc3\xa9", 8), "plain \xc3\xa9");
	/* the retitling sequence of the issue, a newline, invalid UTF-8 */
	assert_string_equal(esc("a\x1b]0;t\x07\nb\xff", 10), "a\\x1b]0;t\\x07\\x0ab\\xff");
	assert_string_equal(esc("\xc2\x9b" "2J", 4), "\\xc2\\x9b2J");
	assert_string_equal(esc("x\0y", 3), "x\\x00y");
	assert_string_equal(esc("back\\slash", 10), "back\\slash");   /* left alone */
	/* a backslash that would read as an escape is one itself: a name
	 * "a\x1b" must not show as a name "a" ESC does; one that cannot be
	 * misread stays (systemd's "\x2d" for "-", a trailing one) */
	assert_string_equal(esc("a\\x1b", 5), "a\\x5cx1b");
	assert_string_equal(esc("a\x1b", 2), "a\\x1b");
	assert_string_equal(esc("\\x5c \\xFF \\x7f \\x00", 19), "\\x5cx5c \\x5cxFF \\x5cx7f \\x5cx00");
	assert_string_equal(esc("dev-disk-by\\x2duuid \\x20 \\x7 \\xg1 end\\", 38),
			    "dev-disk-by\\x2duuid \\x20 \\x7 \\xg1 end\\");
	assert_string_equal(esc("\\\\x1b", 5), "\\\\x5cx1b");
	assert_string_equal(esc("", 0), "");
	assert_string_equal(esc("gpj.\xe2\x80\xae" "exe", 10), "gpj.\\xe2\\x80\\xaeexe");
}

static void test_escape_copy(void **state)
{
	(void)state;
	char out[16];
	assert_int_equal(escape_copy(out, sizeof out, "ab\x1b"), 6);
	assert_string_equal(out, "ab\\x1b");
	/* no half escape, no half character at the cut */
	char small[6];
	assert_int_equal(escape_copy(small, sizeof small, "ab\x1b"), 2);
	assert_string_equal(small, "ab");
	assert_int_equal(escape_copy(small, sizeof small, "abcd\xe2\x82\xac"), 4);
	assert_string_equal(small, "abcd");
	assert_int_equal(escape_copy(out, sizeof out, "a\\x1b"), 8);
	assert_string_equal(out, "a\\x5cx1b");
	char one[1];
	assert_int_equal(escape_copy(one, sizeof one, "abc"), 0);
	assert_string_equal(one, "");
}

static void test_json_c1(void **state)
{
	(void)state;
	struct strbuf b = {0};
	sb_reset(&b);
	sb_json_str(&b, "a\xc2\x9b" "b\x1b\xff", 6);
	assert_string_equal(b.s, "\"a\\u009bb\\u001b\\ufffd\"");
	sb_reset(&b);
	sb_json_str(&b, "exe\xe2\x80\xaetxt", 9);
	assert_string_equal(b.s, "\"exe\\u202etxt\"");
	sb_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_escape_text),
		cmocka_unit_test(test_escape_copy),
		cmocka_unit_test(test_json_c1),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
