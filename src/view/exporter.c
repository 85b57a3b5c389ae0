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

/* Why the text file cannot be path, or NULL: it is written beside and
 * renamed over, and a rename replaces whatever had that name. As root,
 * --textfile /dev/null would have made /dev/null a file; a link would be
 * replaced, not written through. */
static const char *not_a_file(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0 || S_ISREG(st.st_mode))
		return NULL;   /* none yet (made), or a file */
	if (S_ISDIR(st.st_mode))
		return "it is a directory";
	if (S_ISLNK(st.st_mode))
		return "it is a symbolic link (name the file it points to)";
	return "it is not a regular file (a device, a FIFO or a socket)";
}

struct exporter *exporter_start(const struct cli *c, bool quiet, char *err, size_t errsz)
{
	const char *why = c->textfile ? not_a_file(c->textfile) : NULL;
	if (why) {
		snprintf(err, errsz, "cannot write --textfile %.200s: %s", c->textfile, why);
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
	/* (something else may take the name while oomcast runs: asked
	 * again after a refused write, which checks it last) */
	const char *why = not_a_file(e->textfile);
	if (!why && atomicfile_write(e->textfile, e->text.s, e->text.len) == 0) {
		e->file_errno = 0;
		return;
	}
	if (!why && (errno == EEXIST || errno == EISDIR))
		why = not_a_file(e->textfile);
	/* a full disk is said once, and again only when it changes; sampling
	 * (and the server) go on */
	int code = why ? -1 : errno;
	if (code != e->file_errno && !e->quiet)
		output_error("cannot write --textfile %s: %s", e->textfile, why ? why : strerror(code));
	e->file_errno = code;
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
