/* zlibdl.c - zlib loaded at run time; see zlibdl.h. */
#include "formats/zlibdl.h"

#include <string.h>

bool zlibdl_open(struct zlibdl *z, char *err, size_t errlen)
{
	static const char *const names[] = {"libz.so.1", NULL};
	memset(z, 0, sizeof *z);
	if (!dlib_open(&z->d, "OOMCAST_ZLIB_LIBRARY", names, "recordings", "zlib1g", err, errlen))
		return false;
#define ZSYM(f) z->f = (__typeof__(z->f))dlib_sym(&z->d, #f)
	ZSYM(compressBound);
	ZSYM(compress2);
	ZSYM(uncompress);
#undef ZSYM
	if (!dlib_check(&z->d, err, errlen)) {
		memset(z, 0, sizeof *z);
		return false;
	}
	return true;
}

void zlibdl_close(struct zlibdl *z)
{
	dlib_close(&z->d);
	memset(z, 0, sizeof *z);
}
