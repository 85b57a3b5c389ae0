/* exporter.c - one rendering per sample, handed to the server and the text
 * file; see exporter.h. */
#include "view/exporter.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/atomicfile.h"
#include "util/output.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "view/prom.h"
#include "view/promserve.h"

struct exporter {
	struct prom *prom;
	struct promserve *srv;       /* NULL without --prometheus */
	const char *textfile;        /* NULL without --textfile */
	struct strbuf text;
	bool quiet;
	int file_errno;              /* the text file's last failure, said once */
};

struct exporter *exporter_start(const struct cli *c, bool quiet, char *err, size_t errsz)
{
	struct stat st;
	if (c->textfile && stat(c->textfile, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errsz, "cannot write --textfile %.200s: it is a directory", c->textfile);
		return NULL;
	}
	if (c->textfile && atomicfile_check(c->textfile) < 0) {
		snprintf(err, errsz, "cannot write --textfile %.200s: %s", c->textfile, strerror(errno));
		return NULL;
	}
	struct exporter *e = xcalloc(1, sizeof *e);
	if (c->prom.set && !(e->srv = promserve_start(&c->prom, err, errsz))) {
		free(e);
		return NULL;
	}
	e->prom = prom_new();
	e->textfile = c->textfile;
	e->quiet = quiet;
	return e;
}

unsigned exporter_port(const struct exporter *e)
{
	return e->srv ? promserve_port(e->srv) : 0;
}

void exporter_tick(const struct sampler *sm, void *arg)
{
	struct exporter *e = arg;
	prom_count_kills(e->prom, sm->events);
	sb_reset(&e->text);
	prom_render(e->prom, &e->text, &sm->snap, sm->forecast, sm->loads);
	if (e->srv)
		promserve_publish(e->srv, e->text.s, e->text.len);
	if (!e->textfile)
		return;
	if (atomicfile_write(e->textfile, e->text.s, e->text.len) == 0) {
		e->file_errno = 0;
		return;
	}
	/* a full disk is said once, and again only when it changes; sampling
	 * (and the server) go on */
	if (errno != e->file_errno && !e->quiet)
		output_error("cannot write --textfile %s: %s", e->textfile,
			strerror(errno));
	e->file_errno = errno;
}

void exporter_stop(struct exporter *e)
{
	if (!e)
		return;
	promserve_stop(e->srv);
	prom_free(e->prom);
	sb_free(&e->text);
	free(e);
}
