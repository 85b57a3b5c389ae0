/* fuzz_rcfile.c - libFuzzer target for the settings file parser: the file
 * may be damaged or written by another version, and a damaged one must be
 * rejected with one line, never crash the dashboard. What it accepts must
 * be written back and read again to the same settings. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "formats/rcfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rc_settings a, b;
	char err[200];
	if (rc_parse((const char *)data, size, &a, err, sizeof err) < 0) {
		if (strlen(err) >= sizeof err || !err[0])
			__builtin_trap();
		return 0;
	}
	struct strbuf sb = {0};
	rc_write(&sb, &a);
	if (rc_parse(sb.s, sb.len, &b, err, sizeof err) < 0 || strcmp(a.sort, b.sort) != 0 ||
	    a.reverse != b.reverse || a.tree != b.tree || strcmp(a.hide, b.hide) != 0 ||
	    a.delay - b.delay > 0.001 || b.delay - a.delay > 0.001)
		__builtin_trap();
	sb_free(&sb);
	return 0;
}
