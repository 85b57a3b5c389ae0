/* dlib.h - a library opened at run time with dlopen instead of linked: what
 * only one feature calls (the exporter's libmicrohttpd, recordings' zlib)
 * then stays out of the memory of every run that does not use it. */
#ifndef OOMCAST_DLIB_H
#define OOMCAST_DLIB_H

#include <stdbool.h>
#include <stddef.h>

struct dlib {
	void *lib;
	const char *said;      /* how errors name it: env's name, or names[0] */
	const char *missing;   /* the first function dlib_sym did not find */
};

/* Open the file the environment variable env names, where it is set and not
 * empty (the tests name missing and wrong ones); else the first of names
 * (NULL-terminated) that loads. False, with "cannot load SAID for WHAT
 * (Debian package PKG): REASON" in err, where none loads. */
bool dlib_open(struct dlib *d, const char *env, const char *const *names, const char *what,
               const char *pkg, char *err, size_t errlen);

/* The function called name, or NULL; the first missing one is remembered. */
void *dlib_sym(struct dlib *d, const char *name);

/* After the dlib_sym calls: true where every one was found; else false,
 * "SAID has no NAME" in err and the library closed. */
bool dlib_check(struct dlib *d, char *err, size_t errlen);

void dlib_close(struct dlib *d);

#endif
