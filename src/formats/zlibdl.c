/* zlibdl.c - zlib loaded at run time; see zlibdl.h. */
#include "formats/zlibdl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool zlibdl_open(struct zlibdl *z, char *err, size_t errlen)
{
	memset(z, 0, sizeof *z);
	const char *env = getenv("OOMCAST_ZLIB_LIBRARY");
	bool named = env && *env;
	const char *name = named ? env : "libz.so.1";
	const char *said = named ? "OOMCAST_ZLIB_LIBRARY" : name;   /* in errors */
	if (!(z->lib = dlopen(name, RTLD_NOW | RTLD_LOCAL))) {
		const char *why = dlerror();   /* not found, wrong class, ... */
		if (err && errlen)
			snprintf(err, errlen, "cannot load %s for recordings (Debian package zlib1g): %.200s",
				 said, why ? why : "?");
		return false;
	}
	const char *missing = NULL;
#define ZSYM(f) \
	if (!(z->f = (__typeof__(z->f))dlsym(z->lib, #f)) && !missing) \
		missing = #f
	ZSYM(compressBound);
	ZSYM(compress2);
	ZSYM(uncompress);
#undef ZSYM
	if (missing) {
		if (err && errlen)
			snprintf(err, errlen, "%s has no %s", said, missing);
		zlibdl_close(z);
		return false;
	}
	return true;
}

void zlibdl_close(struct zlibdl *z)
{
	if (z->lib)
		dlclose(z->lib);
	memset(z, 0, sizeof *z);
}
