/* teach.h - `oomcast demo`'s teaching layer over the dashboard: a caption
 * for the moment the recording is at (the first warning, the load's
 * verdict, the kill, the fix), chosen from the analysis of the sample shown
 * (forecast levels, loads, events, advice) and never from a clock, so a
 * sample reached going back reads as going forward; and, on a key, what the
 * meters and the selected row mean, in plain words with their figures. */
#ifndef OOMCAST_TEACH_H
#define OOMCAST_TEACH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct snapshot;
struct forecast;
struct evlog;
struct loads;
struct advice;
struct theme;

/* What the layer reads: the sample shown and its analysis. */
struct teach_in {
	const struct snapshot *s;
	const struct forecast *fc;
	const struct evlog *events;
	const struct loads *loads;
	const struct advice *advice;
	int cgroup;                 /* the cgroup meter's entry, -1 none */
	pid_t sel;                  /* the selected row's process, 0 none */
};

/* The key that opens (and closes) the explanation. */
#define TEACH_KEY 'i'

enum teach_moment { TM_CACHE, TM_FITS, TM_WARNING, TM_VERDICT, TM_KILL, TM_FIX, TM_FIXED };

/* The caption for the sample: its moment, and the text in buf. */
enum teach_moment teach_caption(const struct teach_in *in, char *buf, size_t len);
/* The rows the caption takes at cols: 1, or 2 when it is longer. */
int teach_caption_rows(const struct teach_in *in, int cols);
/* The caption on rows y.. y + rows - 1 (over the end of the table). */
void teach_caption_draw(const struct theme *t, const struct teach_in *in, int y, int rows,
                        int cols);
/* The explanation's lines (the RAM meter, page cache, swap, the cgroup
 * meter, the selected row) into buf, one per entry of lines; the count. */
size_t teach_explain(const struct teach_in *in, char lines[][400], size_t max);
/* The explanation as a box over the dashboard; the largest useful scroll. */
int teach_explain_draw(const struct theme *t, const struct teach_in *in, int lines, int cols,
                       int scroll);

#endif
