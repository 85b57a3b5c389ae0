/* prom.h - the Prometheus view: one sample as the text exposition format
 * (version 0.0.4), for the /metrics endpoint and node_exporter's textfile
 * collector. Sizes in bytes, times in seconds; a figure oomcast does not
 * know is left out, never written as 0 or +Inf. The metrics are listed in
 * oomcast(1) and README.md. */
#ifndef OOMCAST_VIEW_PROM_H
#define OOMCAST_VIEW_PROM_H

#include <stddef.h>

#include "analysis/events.h"
#include "analysis/forecast.h"
#include "analysis/loads.h"
#include "snapshot.h"
#include "util/strbuf.h"

#define PROM_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* Label cardinality is bounded: the top PROM_TOP_K processes by RSS (and
 * per GPU by GPU memory), and the OOM kills of at most PROM_SCOPES_MAX
 * scopes (later ones are counted under scope="other"). */
#define PROM_TOP_K 10
#define PROM_SCOPES_MAX 64

/* What the exporter keeps across samples: OOM kills counted by scope. */
struct prom;

struct prom *prom_new(void);
void prom_free(struct prom *p);

/* Count this sample's new OOM-kill events (once per sample). */
void prom_count_kills(struct prom *p, const struct evlog *ev);

/* Append one sample's exposition to out. fc and ld may be NULL. */
void prom_render(const struct prom *p, struct strbuf *out, const struct snapshot *s,
                 const struct forecast *fc, const struct loads *ld);

/* A label value as the exposition format writes it, inside the quotes:
 * backslash, double quote and newline escaped as the format says; other
 * control characters and bytes that are not UTF-8 become the text \xNN
 * (as in every oomcast view), so no terminal that shows the page acts on
 * them and the page stays valid UTF-8; and a backslash that would read as
 * such an escape becomes \x5c, so two names never make one series. */
void prom_label_value(struct strbuf *b, const char *s, size_t n);

#endif
