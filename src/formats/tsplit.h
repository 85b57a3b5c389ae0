/* tsplit.h - llama.cpp's --tensor-split value ("3,1", "1/1/2"), as its
 * common/arg.cpp reads it: shares separated by runs of ',' or '/', one per
 * device in the order llama.cpp lists them; fewer than the devices leave
 * the rest 0, more than llama_max_devices() - 1 (16 - 1) are refused. One
 * parser for `oomcast fit --tensor-split` and the live command lines
 * (kparse_load_args). */
#ifndef OOMCAST_TSPLIT_H
#define OOMCAST_TSPLIT_H

#include <stddef.h>

#define TSPLIT_MAX 15           /* llama.cpp refuses 16 (its devices) or more */

/* Parse [p, p+n) into ts[]: the number of shares (0 for an empty value:
 * llama.cpp then splits as with none), or -1 where a share is not a plain
 * non-negative decimal below 1e9 (llama.cpp's std::stof reads "3x" as 3,
 * "nan", "-1" and "inf" as such, and refuses ""), or there are more than
 * TSPLIT_MAX. ts needs room for TSPLIT_MAX. */
int tsplit_parse(const char *p, size_t n, float *ts);

#endif
