/* rows.h - which processes of a snapshot a view shows, in order. */
#ifndef OOMCAST_ROWS_H
#define OOMCAST_ROWS_H
#include <stdbool.h>
#include <stddef.h>

struct rows {
	size_t *idx;     /* indexes into snapshot procs */
	size_t n, cap;
	/* tree view: each row's depth below its shown ancestor (0: a root);
	 * NULL or unused when the rows are not a tree */
	unsigned short *depth;
	bool tree;
	size_t depth_cap;
};

#endif
