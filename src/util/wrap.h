/* wrap.h - break text into lines of at most width columns at spaces (a
 * word longer than the width is cut). "\n" in the text ends a line. */
#ifndef OOMCAST_WRAP_H
#define OOMCAST_WRAP_H
#include <stddef.h>

/* The length of the next line of s, and in *next the offset where the line
 * after it starts (spaces and one "\n" skipped). 0 with *next 0 at the end. */
size_t wrap_next(const char *s, size_t width, size_t *next);

#endif
