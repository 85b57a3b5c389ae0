/* fmt.h - human units for people (batch text, the dashboard). */
#ifndef OOMCAST_FMT_H
#define OOMCAST_FMT_H
#include <stddef.h>
#include <stdint.h>

/* Binary units, 3-4 significant digits: "512B", "1.50K", "23.4G". "-" when
 * unknown. Returns out. */
char *fmt_bytes(uint64_t v, char *out, size_t outsz);
/* The same with IEC unit names, for roomier places: "1.50 KiB", "23.4 GiB". */
char *fmt_bytes_iec(uint64_t v, char *out, size_t outsz);
/* Signed rate per second: "+12.0M/s", "-300K/s", "0/s", "-" for NaN. */
char *fmt_rate(double v, char *out, size_t outsz);

#endif
