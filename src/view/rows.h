/* rows.h - which processes of a snapshot a view shows, in order. */
#ifndef OOMCAST_ROWS_H
#define OOMCAST_ROWS_H
#include <stddef.h>

struct rows {
	size_t *idx;     /* indexes into snapshot procs */
	size_t n, cap;
};

#endif
