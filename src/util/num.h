/* num.h - the few numeric helpers we need without linking libm (its
 * relocations alone cost the dashboard 324 KiB of resident memory). */
#ifndef OOMCAST_NUM_H
#define OOMCAST_NUM_H

static inline double dmin(double a, double b) { return a < b ? a : b; }
static inline double dmax(double a, double b) { return a > b ? a : b; }

#endif
