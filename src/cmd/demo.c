/* demo.c - where `oomcast demo` finds its recording: OOMCAST_DEMO when set
 * (the tests point it at a recording), else the installed one
 * ($(pkgdatadir)/demo.rec, make install), else the source tree's
 * (demo/demo.rec), so an uninstalled build plays it too. The path of each
 * is fixed by configure (Makefile.am). */
#include "cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef OOMCAST_PKGDATADIR
#define OOMCAST_PKGDATADIR "/usr/local/share/oomcast"
#endif

int demo_find(char *path, size_t len, char *err, size_t errlen)
{
	const char *env = getenv("OOMCAST_DEMO");
	if (env && *env) {
		if (access(env, R_OK) == 0) {
			snprintf(path, len, "%s", env);
			return 0;
		}
		snprintf(err, errlen, "the demo recording %s (OOMCAST_DEMO) cannot be read", env);
		return -1;
	}
	const char *const where[] = {
		OOMCAST_PKGDATADIR "/demo.rec",
#ifdef OOMCAST_SRCDIR
		OOMCAST_SRCDIR "/demo/demo.rec",
#endif
	};
	for (size_t i = 0; i < sizeof where / sizeof where[0]; i++) {
		if (access(where[i], R_OK) == 0) {
			snprintf(path, len, "%s", where[i]);
			return 0;
		}
	}
	snprintf(err, errlen, "the demo recording is not installed (looked for %s; "
		 "set OOMCAST_DEMO to a recording)", where[0]);
	return -1;
}
