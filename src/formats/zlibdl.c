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
	const char *name = env && *env ? env : "libz.so.1";
	if (!(z->lib = dlopen(name, RTLD_NOW | RTLD_LOCAL))) {
		const char *why = dlerror();   /* not found, wrong class, ... */
		if (err && errlen)
			snprintf(err, errlen, "cannot load %s for recordings (Debian package zlib1g): %.200s",
				 env && *env ? "OOMCAST_ZLIB_LIBRARY" : name, why ? why : "?");
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
			snprintf(err, errlen, "%s has no %s", env && *env ? "OOMCAST_ZLIB_LIBRARY" : name,
				 missing);
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
