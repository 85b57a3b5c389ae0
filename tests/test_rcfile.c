/* Unit tests for the settings file: the parser on good files, on damaged
 * ones and on garbage (each rejected with a line saying where), the
 * writer's output read back, the names agreeing with the views', the path
 * (XDG_CONFIG_HOME, HOME), and a save and load through a temporary dir. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/rcfile.h"
#include "view/layout.h"
#include "view/settings.h"
#include "view/tui_state.h"

#define S(x) (x), strlen(x)

static void test_parse(void **state)
{
	(void)state;
	struct rc_settings rc;
	char err[200] = "";
	const char good[] = "oomcastrc 1\n# a comment\n\n sort = GROWTH \nreverse=1\ndelay=0.5\r\n"
			    "tree=1\nkernel_threads=1\ncolor=none\nhide=USER,SHM\n"
			    "future_key=anything at all\n";
	assert_int_equal(rc_parse(S(good), &rc, err, sizeof err), 0);
	assert_string_equal(rc.sort, "GROWTH");
	assert_true(rc.reverse);
	assert_float_equal(rc.delay, 0.5, 1e-9);
	assert_true(rc.tree);
	assert_true(rc.show_kthreads);
	assert_int_equal(rc.color, RC_COLOR_NONE);
	assert_string_equal(rc.hide, "USER,SHM");
	/* comments at a line's end, as the man page shows them */
	assert_int_equal(rc_parse(S("oomcastrc 1\nsort=OOM     # RSS GROWTH\nhide=  # none\n"
				    "delay=2 #s\n"), &rc, err, sizeof err), 0);
	assert_string_equal(rc.sort, "OOM");
	assert_string_equal(rc.hide, "");
	assert_float_equal(rc.delay, 2, 1e-9);
	/* a minor version is read; missing keys are defaults */
	assert_int_equal(rc_parse(S("oomcastrc 1.7\nsort=PID"), &rc, err, sizeof err), 0);
	assert_string_equal(rc.sort, "PID");
	assert_float_equal(rc.delay, 1.0, 1e-9);
	assert_false(rc.tree);

	/* damaged: one line saying where and why, defaults out */
	static const struct { const char *in, *msg; } bad[] = {
		{"", "empty"},
		{"oomcastrc 2\n", "line 1: version '2' unknown"},
		{"oomcastrc x\n", "line 1: version 'x' unknown"},
		{"[settings]\nsort=RSS\n", "line 1: not an oomcastrc"},
		{"oomcastrc 1\nsort=CPU\n", "line 2: sort 'CPU' is not a sort column"},
		{"oomcastrc 1\n\ndelay=fast\n", "line 3: delay 'fast' is not seconds"},
		{"oomcastrc 1\ndelay=0.01\n", "line 2: delay '0.01'"},
		{"oomcastrc 1\ndelay=1e9\n", "line 2: delay '1e9'"},
		{"oomcastrc 1\ndelay=1.\n", "line 2: delay '1.'"},
		{"oomcastrc 1\ndelay=\n", "line 2: delay ''"},
		{"oomcastrc 1\ntree=yes\n", "line 2: tree 'yes' is not 0 or 1"},
		{"oomcastrc 1\ncolor=pink\n", "line 2: color 'pink' is not auto, 256, 8 or none"},
		{"oomcastrc 1\ncolor=16\n", "line 2: color '16'"},
		{"oomcastrc 1\ncolor=2566\n", "line 2: color '2566'"},
		{"oomcastrc 1\ncolor=\n", "line 2: color ''"},
		{"oomcastrc 1\ncolors=NONE\n", "line 2: color 'NONE'"},
		{"oomcastrc 1\nhide=PID\n", "line 2: hide 'PID' is not a column"},
		{"oomcastrc 1\nhide=USER,,SHM\n", "line 2: hide ''"},
		{"oomcastrc 1\njust words\n", "line 2: 'just words' is not key=value"},
		{"oomcastrc 1\nsort=\x1b[31m\n", "line 2: sort '?[31m'"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		assert_int_equal(rc_parse(S(bad[i].in), &rc, err, sizeof err), -1);
		if (!strstr(err, bad[i].msg))
			fail_msg("%s: '%s' lacks '%s'", bad[i].in, err, bad[i].msg);
		assert_string_equal(rc.sort, "RSS");   /* defaults, not half a file */
		assert_false(rc.reverse);
	}
	/* binary garbage, a NUL, too long */
	assert_int_equal(rc_parse("oomcastrc 1\n\0x", 14, &rc, err, sizeof err), -1);
	char *big = malloc(RC_MAX_BYTES + 2);
	memset(big, '#', RC_MAX_BYTES + 1);
	assert_int_equal(rc_parse(big, RC_MAX_BYTES + 1, &rc, err, sizeof err), -1);
	/* every byte value at every place of a small file: never a crash */
	char buf[64];
	const char base[] = "oomcastrc 1\nsort=RSS\ndelay=2.5\nhide=OOM\n";
	for (size_t pos = 0; pos < sizeof base - 1; pos++)
		for (int c = 0; c < 256; c++) {
			memcpy(buf, base, sizeof base);
			buf[pos] = (char)c;
			rc_parse(buf, sizeof base - 1, &rc, err, sizeof err);
			assert_true(strlen(err) < sizeof err);
		}
	free(big);
}

static void test_write_read(void **state)
{
	(void)state;
	struct rc_settings a, b;
	rc_defaults(&a);
	snprintf(a.sort, sizeof a.sort, "OOM");
	a.reverse = true;
	a.delay = 0.2;
	a.tree = true;
	a.color = RC_COLOR_NONE;
	snprintf(a.hide, sizeof a.hide, "FILE,GPU");
	struct strbuf sb = {0};
	rc_write(&sb, &a);
	char err[200];
	assert_int_equal(rc_parse(sb.s, sb.len, &b, err, sizeof err), 0);
	assert_string_equal(b.sort, "OOM");
	assert_true(b.reverse);
	assert_float_equal(b.delay, 0.2, 1e-9);
	assert_true(b.tree);
	assert_false(b.show_kthreads);
	assert_int_equal(b.color, RC_COLOR_NONE);
	assert_string_equal(b.hide, "FILE,GPU");
	assert_non_null(strstr(sb.s, "delay=0.200\n"));   /* no locale's comma */
	sb_free(&sb);
	/* every colour setting goes through the file and back by its name;
	 * "mono" (htop users' word) and a "colors" key are read too */
	for (int c = 0; c < RC_NCOLORS; c++) {
		a.color = (enum rc_color)c;
		struct strbuf cb = {0};
		rc_write(&cb, &a);
		char line[32];
		snprintf(line, sizeof line, "\ncolor=%s\n", rc_color_name(a.color));
		assert_non_null(strstr(cb.s, line));
		assert_int_equal(rc_parse(cb.s, cb.len, &b, err, sizeof err), 0);
		assert_int_equal(b.color, c);
		sb_free(&cb);
	}
	static const struct { const char *in; enum rc_color c; } words[] = {
		{"oomcastrc 1\ncolor=auto\n", RC_COLOR_AUTO}, {"oomcastrc 1\ncolor=256\n", RC_COLOR_256},
		{"oomcastrc 1\ncolor=8\n", RC_COLOR_8}, {"oomcastrc 1\ncolor=none\n", RC_COLOR_NONE},
		{"oomcastrc 1\ncolor=mono\n", RC_COLOR_NONE}, {"oomcastrc 1\ncolors=8\n", RC_COLOR_8},
		{"oomcastrc 1\ncolor = 256  # rich\n", RC_COLOR_256},
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		assert_int_equal(rc_parse(S(words[i].in), &b, err, sizeof err), 0);
		assert_int_equal(b.color, words[i].c);
	}
	/* every sort key and hideable column the views have is a name the
	 * file knows */
	for (int k = 0; k < SORT_NKEYS; k++) {
		char f[64];
		snprintf(f, sizeof f, "oomcastrc 1\nsort=%s\n", sort_key_name((enum sort_key)k));
		assert_int_equal(rc_parse(S(f), &b, err, sizeof err), 0);
	}
	for (int i = 0; i < TUI_SETUP_NCOLS; i++) {
		char f[64];
		snprintf(f, sizeof f, "oomcastrc 1\nhide=%s\n", column_title[tui_setup_column(i)]);
		assert_int_equal(rc_parse(S(f), &b, err, sizeof err), 0);
	}
}

static void test_settings(void **state)
{
	(void)state;
	char path[1024];
	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	assert_true(settings_path(path, sizeof path));
	assert_string_equal(path, "/x/conf/oomcast/oomcastrc");
	setenv("XDG_CONFIG_HOME", "relative", 1);   /* invalid per XDG: HOME's */
	setenv("HOME", "/home/u", 1);
	assert_true(settings_path(path, sizeof path));
	assert_string_equal(path, "/home/u/.config/oomcast/oomcastrc");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	assert_false(settings_path(path, sizeof path));

	/* state -> file -> state */
	char dir[] = "/tmp/oomcast-rc-h3.XXXXXX";
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/sub/oomcast/oomcastrc", dir);
	struct tui_state st;
	tui_state_init(&st, 1.0, NULL, 0);
	st.key = SORT_SWAP, st.reverse = true, st.delay = 5, st.tree = true;
	st.hide_cols = (1u << COL_USER) | (1u << COL_OOM);
	struct rc_settings rc;
	settings_of(&st, &rc);
	char err[300] = "";
	assert_int_equal(settings_save(path, &rc, err, sizeof err), 0);
	assert_int_equal(settings_load(path, &rc, err, sizeof err), 1);
	struct tui_state st2;
	tui_state_init(&st2, 1.0, NULL, 0);
	settings_apply(&rc, &st2, false);
	assert_int_equal(st2.key, SORT_SWAP);
	assert_true(st2.reverse);
	assert_float_equal(st2.delay, 5, 1e-9);
	assert_true(st2.tree);
	assert_false(st2.show_kthreads);
	assert_int_equal(st2.hide_cols, st.hide_cols);
	tui_state_init(&st2, 2.0, NULL, 0);
	settings_apply(&rc, &st2, true);   /* -d given: it wins */
	assert_float_equal(st2.delay, 2.0, 1e-9);
	/* damaged: -1, a line naming the file and the place, defaults */
	FILE *f = fopen(path, "w");
	fputs("oomcastrc 1\nsort=RSS\ndelay=soon\n", f);
	fclose(f);
	assert_int_equal(settings_load(path, &rc, err, sizeof err), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "line 3: delay 'soon'"));
	assert_non_null(strstr(err, "settings ignored"));
	assert_string_equal(rc.sort, "RSS");
	/* no file: defaults, not an error */
	unlink(path);
	assert_int_equal(settings_load(path, &rc, err, sizeof err), 0);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_setup_keys(void **state)
{
	(void)state;
	struct tui_state st;
	tui_state_init(&st, 1.0, NULL, 0);
	const pid_t pids[] = {1};
	const struct tui_rows r = {pids, NULL, NULL, 1};
	assert_int_equal(tui_state_key(&st, 'S', &r, 10), TUI_REDRAW);
	assert_int_equal(st.overlay, OV_SETUP);
	tui_state_key(&st, KEY_RIGHT, &r, 10);   /* sort: the next key */
	assert_int_equal(st.key, SORT_GROWTH);
	tui_state_key(&st, KEY_DOWN, &r, 10);
	tui_state_key(&st, ' ', &r, 10);
	assert_true(st.reverse);
	tui_state_key(&st, KEY_DOWN, &r, 10);
	tui_state_key(&st, KEY_RIGHT, &r, 10);
	assert_float_equal(st.delay, 2.0, 1e-9);
	tui_state_key(&st, KEY_END, &r, 10);   /* the last column: OOM */
	tui_state_key(&st, '\n', &r, 10);
	assert_int_equal(st.hide_cols, 1u << COL_OOM);
	assert_int_equal(tui_state_key(&st, 27, &r, 10), TUI_SAVE);
	assert_int_equal(st.overlay, OV_NONE);
	assert_int_equal(tui_state_key(&st, KEY_F(2), &r, 10), TUI_REDRAW);
	assert_int_equal(st.overlay, OV_SETUP);
	assert_int_equal(tui_state_key(&st, KEY_F(2), &r, 10), TUI_SAVE);
	/* hidden columns leave the table; PID, RSS, COMMAND stay */
	bool show[COL_N];
	layout_columns_hiding(200, true, (1u << COL_OOM) | (1u << COL_USER), show);
	assert_false(show[COL_OOM]);
	assert_false(show[COL_USER]);
	assert_true(show[COL_PID] && show[COL_RSS] && show[COL_COMMAND] && show[COL_ANON]);
	assert_int_equal(layout_column_at_hiding(200, true, 1u << COL_USER, 8), COL_RSS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_write_read),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_setup_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
