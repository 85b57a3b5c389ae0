/* promserve.h - the /metrics endpoint: an HTTP server (libmicrohttpd, in a
 * thread of its own) that answers every scrape with the text the sampler
 * published last. A scrape costs a reference to that text, never a walk of
 * /proc; the sampler keeps its own pace however many scrapers come. */
#ifndef OOMCAST_VIEW_PROMSERVE_H
#define OOMCAST_VIEW_PROMSERVE_H

#include <stddef.h>

#include "cli.h"

struct promserve;

/* Listen on l and serve from a thread of libmicrohttpd's. NULL with a
 * one-line reason in err when it cannot ("cannot listen on 127.0.0.1:9150:
 * Address already in use"). Until the first promserve_publish a scrape is
 * answered 503. */
struct promserve *promserve_start(const struct cli_listen *l, char *err, size_t errsz);

/* The port listened on (the one the kernel chose for port 0). */
unsigned promserve_port(const struct promserve *ps);

/* Serve text[0..len) from now on (copied); scrapes under way finish with
 * the text they began with. */
void promserve_publish(struct promserve *ps, const char *text, size_t len);

/* Stop serving and close the socket. */
void promserve_stop(struct promserve *ps);

#endif
