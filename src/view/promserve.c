/* promserve.c - the /metrics endpoint through libmicrohttpd; see promserve.h.
 *
 * Why a library: an HTTP server that faces a network must get request
 * parsing, slow clients, connection limits and keep-alive right, and
 * libmicrohttpd (GNU, in Debian) has done that for twenty years. oomcast
 * only decides what to answer.
 *
 * Loaded when the exporter starts, not linked: Debian's libmicrohttpd
 * links GnuTLS, whose libraries (GnuTLS, p11-kit, nettle, gmp, ...) and
 * constructors cost every oomcast run 2.3 MiB of resident memory, the
 * dashboard's included, of 8.4 MiB in all with 1,000 processes
 * (bench/sample_cost.sh, the thirty-third round: over the 6 MiB target). */
#include "view/promserve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/dlib.h"
#include "util/xalloc.h"
#include "view/prom.h"

/* Bounds: a scrape is a short GET, so a request line and headers over
 * 16 KiB are refused (libmicrohttpd answers 414 or 431), a client idle for
 * 10 s is dropped, and 64 connections at most are open, 32 from one
 * address (a Prometheus server holds one per target). */
#define REQUEST_MEMORY (16 * 1024)
#define IDLE_TIMEOUT_S 10u
#define MAX_CONNECTIONS 64u
#define MAX_PER_ADDRESS 32u

/* libmicrohttpd's functions this file calls, from dlopen */
struct mhd {
	struct dlib d;
	__typeof__(MHD_start_daemon) *start_daemon;
	__typeof__(MHD_stop_daemon) *stop_daemon;
	__typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
	__typeof__(MHD_add_response_header) *add_response_header;
	__typeof__(MHD_destroy_response) *destroy_response;
	__typeof__(MHD_queue_response) *queue_response;
	__typeof__(MHD_lookup_connection_value) *lookup_connection_value;
};

struct promserve {
	struct mhd m;
	struct MHD_Daemon *d;
	unsigned port;
	pthread_mutex_t lock;            /* guards current */
	struct MHD_Response *current;    /* the last sample's text; NULL before it */
	struct MHD_Response *not_allowed, *not_found, *not_yet, *bad_request;
};

static const char msg_405[] = "only GET and HEAD: this endpoint is read-only\n";
static const char msg_404[] = "oomcast: the metrics are at /metrics\n";
static const char msg_503[] = "oomcast: no sample taken yet\n";
static const char msg_400[] = "oomcast: a GET has no body\n";

/* Debian's soname (libmicrohttpd12, a dependency of libmicrohttpd-dev),
 * then the development link; or OOMCAST_MHD_LIBRARY's (the tests name a
 * missing one, and one without its functions) */
static bool mhd_load(struct mhd *m, char *err, size_t errsz)
{
	static const char *const names[] = {"libmicrohttpd.so.12", "libmicrohttpd.so", NULL};
	if (!dlib_open(&m->d, "OOMCAST_MHD_LIBRARY", names, "the metrics server", "libmicrohttpd12",
		       err, errsz))
		return false;
#define MHD_SYM(f) m->f = (__typeof__(m->f))dlib_sym(&m->d, "MHD_" #f)
	MHD_SYM(start_daemon);
	MHD_SYM(stop_daemon);
	MHD_SYM(create_response_from_buffer);
	MHD_SYM(add_response_header);
	MHD_SYM(destroy_response);
	MHD_SYM(queue_response);
	MHD_SYM(lookup_connection_value);
#undef MHD_SYM
	return dlib_check(&m->d, err, errsz);
}

static struct MHD_Response *fixed(const struct mhd *m, const char *text, const char *header,
                                  const char *value)
{
	struct MHD_Response *r =
		m->create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return NULL;
	m->add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	if (header)
		m->add_response_header(r, header, value);
	return r;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
	struct promserve *ps = cls;
	(void)version, (void)upload;
	/* the first call comes with the headers. What is refused is answered
	 * then, before any body is read (libmicrohttpd then closes the
	 * connection: a body is never wanted, and never read) */
	if (!*con_cls) {
		if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
			return ps->m.queue_response(conn, MHD_HTTP_METHOD_NOT_ALLOWED, ps->not_allowed);
		const char *clen = ps->m.lookup_connection_value(conn, MHD_HEADER_KIND,
							       MHD_HTTP_HEADER_CONTENT_LENGTH);
		if ((clen && strcmp(clen, "0") != 0) ||
		    ps->m.lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING))
			return ps->m.queue_response(conn, MHD_HTTP_BAD_REQUEST, ps->bad_request);
		if (strcmp(url, "/metrics") != 0)
			return ps->m.queue_response(conn, MHD_HTTP_NOT_FOUND, ps->not_found);
		/* a scrape is answered on the second call: answered on the
		 * first, the connection is closed, and a scraper could not
		 * keep it alive */
		*con_cls = ps;
		return MHD_YES;
	}
	if (*upload_size)   /* cannot be: a body was refused above */
		return MHD_NO;
	/* the response is reference-counted: queuing it takes a reference, so
	 * a publish meanwhile does not free it under this scrape */
	pthread_mutex_lock(&ps->lock);
	enum MHD_Result rc = ps->current ? ps->m.queue_response(conn, MHD_HTTP_OK, ps->current)
					 : ps->m.queue_response(conn, MHD_HTTP_SERVICE_UNAVAILABLE, ps->not_yet);
	pthread_mutex_unlock(&ps->lock);
	return rc;
}

/* A listening socket of our own, so a failure is said with its reason
 * (libmicrohttpd only returns NULL), and port 0 can be asked for. */
static int listen_on(const struct cli_listen *l, unsigned *port, char *err, size_t errsz)
{
	struct sockaddr_storage ss;
	socklen_t len;
	memset(&ss, 0, sizeof ss);
	if (l->family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)l->port);
		inet_pton(AF_INET6, l->host, &a->sin6_addr);
		len = sizeof *a;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)l->port);
		inet_pton(AF_INET, l->host, &a->sin_addr);
		len = sizeof *a;
	}
	bool v6 = l->family == AF_INET6;
	char where[80];
	snprintf(where, sizeof where, "%s%s%s:%u", v6 ? "[" : "", l->host, v6 ? "]" : "", l->port);
	int fd = socket(l->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errsz, "cannot listen on %s: %s", where, strerror(errno));
		return -1;
	}
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (l->family == AF_INET6)   /* [::] means IPv6 only: name 0.0.0.0 for IPv4 */
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, 64) < 0) {
		snprintf(err, errsz, "cannot listen on %s: %s", where, strerror(errno));
		close(fd);
		return -1;
	}
	len = sizeof ss;
	getsockname(fd, (struct sockaddr *)&ss, &len);
	*port = ntohs(l->family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
					    : ((struct sockaddr_in *)&ss)->sin_port);
	return fd;
}

struct promserve *promserve_start(const struct cli_listen *l, char *err, size_t errsz)
{
	struct promserve *ps = xcalloc(1, sizeof *ps);
	if (!mhd_load(&ps->m, err, errsz)) {
		free(ps);
		return NULL;
	}
	int fd = listen_on(l, &ps->port, err, errsz);
	if (fd < 0) {
		dlib_close(&ps->m.d);
		free(ps);
		return NULL;
	}
	pthread_mutex_init(&ps->lock, NULL);
	ps->not_allowed = fixed(&ps->m, msg_405, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ps->not_found = fixed(&ps->m, msg_404, NULL, NULL);
	ps->not_yet = fixed(&ps->m, msg_503, MHD_HTTP_HEADER_RETRY_AFTER, "1");
	ps->bad_request = fixed(&ps->m, msg_400, NULL, NULL);
	/* the server's threads take no signal: a stop signal reaches the
	 * thread that samples (and ends its sleep), SIGPIPE none */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | (l->family == AF_INET6 ? MHD_USE_IPv6 : 0);
	ps->d = ps->m.start_daemon(flags, 0, NULL, NULL, answer, ps,
				 MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
				 MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)REQUEST_MEMORY,
				 MHD_OPTION_CONNECTION_TIMEOUT, IDLE_TIMEOUT_S,
				 MHD_OPTION_CONNECTION_LIMIT, MAX_CONNECTIONS,
				 MHD_OPTION_PER_IP_CONNECTION_LIMIT, MAX_PER_ADDRESS,
				 MHD_OPTION_STRICT_FOR_CLIENT, 1,
				 MHD_OPTION_END);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!ps->d || !ps->not_allowed || !ps->not_found || !ps->not_yet || !ps->bad_request) {
		snprintf(err, errsz, "cannot start the metrics server (libmicrohttpd) on port %u",
			 ps->port);
		if (ps->d)
			ps->m.stop_daemon(ps->d);
		else
			close(fd);
		ps->d = NULL;
		promserve_stop(ps);
		return NULL;
	}
	return ps;
}

unsigned promserve_port(const struct promserve *ps)
{
	return ps->port;
}

void promserve_publish(struct promserve *ps, const char *text, size_t len)
{
	struct MHD_Response *r =
		ps->m.create_response_from_buffer(len, (void *)text, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return;   /* out of memory: the last sample stays served */
	ps->m.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, PROM_CONTENT_TYPE);
	pthread_mutex_lock(&ps->lock);
	struct MHD_Response *old = ps->current;
	ps->current = r;
	pthread_mutex_unlock(&ps->lock);
	if (old)
		ps->m.destroy_response(old);   /* freed when its last scrape ends */
}

void promserve_stop(struct promserve *ps)
{
	if (!ps)
		return;
	if (ps->d)
		ps->m.stop_daemon(ps->d);   /* its threads are joined: none runs its code after */
	struct MHD_Response *r[] = {ps->current, ps->not_allowed, ps->not_found, ps->not_yet,
				    ps->bad_request};
	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
		if (r[i])
			ps->m.destroy_response(r[i]);
	pthread_mutex_destroy(&ps->lock);
	dlib_close(&ps->m.d);
	free(ps);
}
