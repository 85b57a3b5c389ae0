/* json.h - the JSON Lines output: one object per sample. The keys are a
 * stable contract, documented in oomcast(1). */
#ifndef OOMCAST_VIEW_JSON_H
#define OOMCAST_VIEW_JSON_H
#include "analysis/advice.h"
#include "analysis/events.h"
#include "analysis/loads.h"
#include "analysis/forecast.h"
#include "snapshot.h"
#include "util/strbuf.h"
#include "view/rows.h"

#define JSON_SCHEMA 1

/* Append one sample as a single line (with the newline) to out. fc may be
 * NULL (no forecast keys then); adv may be NULL (kb keys null). */
void json_write_sample(struct strbuf *out, const struct snapshot *s, const struct rows *rows,
                       const struct forecast *fc, const struct evlog *ev,
                       const struct loads *ld, const struct advice *adv);

#endif
