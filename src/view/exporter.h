/* exporter.h - the metrics of every sample for others to collect: served
 * at /metrics (--prometheus) and written to a file (--textfile). Runs
 * beside whichever view runs the ticks, or alone (MODE_EXPORT). */
#ifndef OOMCAST_VIEW_EXPORTER_H
#define OOMCAST_VIEW_EXPORTER_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "sampler.h"

struct exporter;

/* Start what c asks for (the server listening, the text file's directory
 * checked). NULL with a one-line reason in err when it cannot. quiet: the
 * dashboard owns the terminal, so later write errors are not printed. */
struct exporter *exporter_start(const struct cli *c, bool quiet, char *err, size_t errsz);

/* The port the server listens on; 0 when there is no server. */
unsigned exporter_port(const struct exporter *e);

/* The sampler's hook (sampler_set_hook): render the sample once, then
 * publish it to the server and the file. */
void exporter_tick(const struct sampler *sm, void *exporter);

void exporter_stop(struct exporter *e);

#endif
