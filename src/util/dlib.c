/* dlib.c - libraries opened at run time; see dlib.h. */
#include "util/dlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool dlib_open(struct dlib *d, const char *env, const char *const *names, const char *what,
               const char *pkg, char *err, size_t errlen)
{
	memset(d, 0, sizeof *d);
	const char *file = getenv(env);
	bool named = file && *file;
	d->said = named ? env : names[0];
	if (named)
		d->lib = dlopen(file, RTLD_NOW | RTLD_LOCAL);
	for (size_t i = 0; !named && !d->lib && names[i]; i++)
		d->lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (d->lib)
		return true;
	/* dlerror says why (not found, wrong class, ...); it repeats the file's
	 * name, which the environment gave (output_error escapes it) */
	const char *why = dlerror();
	snprintf(err, errlen, "cannot load %s for %s (Debian package %s): %.300s", d->said, what,
		 pkg, why ? why : "?");
	return false;
}

void *dlib_sym(struct dlib *d, const char *name)
{
	void *f = dlsym(d->lib, name);
	if (!f && !d->missing)
		d->missing = name;
	return f;
}

bool dlib_check(struct dlib *d, char *err, size_t errlen)
{
	if (!d->missing)
		return true;
	snprintf(err, errlen, "%s has no %s", d->said, d->missing);
	dlib_close(d);
	return false;
}

void dlib_close(struct dlib *d)
{
	if (d->lib)
		dlclose(d->lib);
	memset(d, 0, sizeof *d);
}
