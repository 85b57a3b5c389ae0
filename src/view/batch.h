/* batch.h - top -b style text snapshots, for logs and pipes. */
#ifndef OOMCAST_VIEW_BATCH_H
#define OOMCAST_VIEW_BATCH_H
#include "analysis/advice.h"
#include "analysis/events.h"
#include "analysis/loads.h"
#include "analysis/forecast.h"
#include "snapshot.h"
#include "util/strbuf.h"
#include "view/rows.h"

/* Append one sample as text; n is the sample number (1-based); adv may be
 * NULL (no advice line). */
void batch_write_sample(struct strbuf *out, const struct snapshot *s, const struct rows *rows,
                        const struct forecast *fc, const struct evlog *ev,
                       const struct loads *ld, const struct advice *adv, unsigned long n);

#endif
