/* serve/http.c: serve's HTTP side: /metrics and / over libmicrohttpd.
 *
 * A scrape takes a reference to the sampler's current sample and streams
 * the body from it, followed by its own age, so a burst of scrapes costs
 * one sample and a slow client holds only its reference. libmicrohttpd
 * serves with epoll from a small thread pool, with a connection limit, a
 * limit per client address, an idle timeout and a memory limit per
 * connection (oversized request headers are refused by it); a guard
 * (serve/net.c) bounds the time a request's headers may take, which the
 * idle timeout cannot when a client sends a byte a second.
 */
#include "config.h"

#include "serve/http.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <microhttpd.h>

#include "render/metrics.h"
#include "render/openmetrics.h"
#include "serve/net.h"
#include "serve/sampler.h"
#include "util/buf.h"
#include "util/dl.h"
#include "util/err.h"
#include "util/time.h"
#include "util/xmalloc.h"

#define SERVE_THREADS 2		/* MHD's pool: requests are cheap */
#define SERVE_PER_ADDRESS 128	/* ... from one client address */
#define SERVE_TIMEOUT 10	/* seconds a connection may stay idle */
#define SERVE_HEADER_MS 3000	/* a request's headers must come by then */
#define SERVE_CONN_MEMORY (32 * 1024)	/* request headers must fit */

/*
 * libmicrohttpd is opened when serve runs, not linked: with its TLS stack
 * (gnutls and a dozen more libraries) it cost every command about 2.5 ms
 * of start-up, more than zones, buddy or slabs take to do their work. The
 * header still gives every type; the names below call through pointers.
 */
#define MHD_FN(name) __typeof__(&name) name
static struct {
	MHD_FN(MHD_start_daemon);
	MHD_FN(MHD_stop_daemon);
	MHD_FN(MHD_queue_response);
	MHD_FN(MHD_destroy_response);
	MHD_FN(MHD_add_response_header);
	MHD_FN(MHD_create_response_from_buffer);
	MHD_FN(MHD_create_response_from_callback);
	MHD_FN(MHD_lookup_connection_value);
	MHD_FN(MHD_get_connection_info);
} mhd;
#undef MHD_FN
#define MHD_start_daemon (*mhd.MHD_start_daemon)
#define MHD_stop_daemon (*mhd.MHD_stop_daemon)
#define MHD_queue_response (*mhd.MHD_queue_response)
#define MHD_destroy_response (*mhd.MHD_destroy_response)
#define MHD_add_response_header (*mhd.MHD_add_response_header)
#define MHD_create_response_from_buffer (*mhd.MHD_create_response_from_buffer)
#define MHD_create_response_from_callback \
	(*mhd.MHD_create_response_from_callback)
#define MHD_lookup_connection_value (*mhd.MHD_lookup_connection_value)
#define MHD_get_connection_info (*mhd.MHD_get_connection_info)

/* Open the library and find every function; 0 or -ENOENT with err set. */
int
serve_http_load(struct mw_err *err)
{
	static const char *const names[] = {
		"MHD_start_daemon", "MHD_stop_daemon", "MHD_queue_response",
		"MHD_destroy_response", "MHD_add_response_header",
		"MHD_create_response_from_buffer",
		"MHD_create_response_from_callback",
		"MHD_lookup_connection_value", "MHD_get_connection_info",
	};
	void *fn[sizeof(names) / sizeof(names[0])];
	const char *why;
	int rc = mw_dl_load(MW_MHD_SONAME, names, sizeof(fn) / sizeof(fn[0]),
	    fn, &why);

	_Static_assert(sizeof(fn) == sizeof(mhd), "one pointer per function");
	if (rc == -ENOENT)
		return mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
		    "cannot load %s (%s); install libmicrohttpd (Debian: apt-get install libmicrohttpd12)",
		    MW_MHD_SONAME, why);
	if (rc < 0)
		return mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
		    "cannot load %s (it has no %s); install libmicrohttpd 0.9.70 or newer",
		    MW_MHD_SONAME, why);
	memcpy(&mhd, fn, sizeof(mhd));	/* the library stays open */
	return 0;
}

/* A scrape in flight: its reference and its own tail (age, end). */
struct scrape {
	struct serve_http *sv;
	struct serve_sample *s;
	enum om_format fmt;
	struct mw_buf tail;
};

static ssize_t
scrape_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct scrape *sc = cls;
	const struct mw_buf *b = &sc->s->body[sc->fmt];
	size_t n = 0, p;

	if (pos >= b->len + sc->tail.len)
		return MHD_CONTENT_READER_END_OF_STREAM;
	p = (size_t)pos;
	if (p < b->len) {
		n = b->len - p < max ? b->len - p : max;
		memcpy(buf, b->data + p, n);
	}
	if (n < max && p + n >= b->len) {
		size_t t = p + n - b->len;
		size_t m = sc->tail.len - t < max - n ? sc->tail.len - t : max - n;

		memcpy(buf + n, sc->tail.data + t, m);
		n += m;
	}
	return (ssize_t)n;
}

static void
scrape_free(void *cls)
{
	struct scrape *sc = cls;

	sampler_put(sc->sv->sp, sc->s);
	mw_buf_free(&sc->tail);
	free(sc);
}

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned status, struct MHD_Response *r,
    const char *type)
{
	enum MHD_Result ret;

	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
reply_text(struct MHD_Connection *c, unsigned status, const char *text,
    bool allow)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text),
	    (void *)text, MHD_RESPMEM_PERSISTENT);

	if (r != NULL && allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	return reply(c, status, r, "text/plain; charset=utf-8");
}

static enum MHD_Result
reply_metrics(struct serve_http *sv, struct MHD_Connection *c)
{
	struct scrape *sc = mw_xcalloc(1, sizeof(*sc));
	struct MHD_Response *r;
	struct om_writer w;

	sc->sv = sv;
	sc->s = sampler_get(sv->sp);
	sc->fmt = om_negotiate(MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT));
	mw_buf_init(&sc->tail);
	om_writer_init(&w, &sc->tail, sc->fmt);
	metrics_render_age(&w, (double)(mw_now_ns() - sc->s->taken_ns) / 1e9);
	om_finish(&w);
	om_writer_free(&w);
	r = MHD_create_response_from_callback(sc->s->body[sc->fmt].len +
	    sc->tail.len, 64 * 1024, scrape_read, sc, scrape_free);
	if (r == NULL) {
		scrape_free(sc);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	return reply(c, MHD_HTTP_OK, r, om_content_type(sc->fmt));
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_size, void **con_cls)
{
	static char seen;		/* marks a request whose headers came */
	struct serve_http *sv = cls;
	bool get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
	    strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
	bool metrics = strcmp(url, "/metrics") == 0;
	const union MHD_ConnectionInfo *ci;

	if (*con_cls == NULL && (ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_SOCKET_CONTEXT)) != NULL)
		serve_guard_request(sv->guard, ci->socket_context);

	/*
	 * A GET is answered once the whole request is in (a response queued
	 * on the first call closes the connection: no keep-alive); a body
	 * sent with it is read and dropped. Anything else is refused at once.
	 */
	if (get && *con_cls == NULL) {
		*con_cls = &seen;
		return MHD_YES;
	}
	if (get && *upload_size > 0) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (!metrics && strcmp(url, "/") != 0)
		return reply_text(c, MHD_HTTP_NOT_FOUND,
		    "not found: the metrics are at /metrics\n", false);
	if (!get)
		return reply_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "method not allowed: use GET or HEAD\n", true);
	if (metrics)
		return reply_metrics(sv, c);
	return reply(c, MHD_HTTP_OK, MHD_create_response_from_buffer(
	    sv->index.len, sv->index.data, MHD_RESPMEM_PERSISTENT),
	    "text/html; charset=utf-8");
}

/* Connections as they open and close: the guard tracks each one. */
static void
notify_conn(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct serve_http *sv = cls;
	const union MHD_ConnectionInfo *ci;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(c,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = serve_guard_open(sv->guard,
		    ci != NULL ? ci->connect_fd : -1);
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		serve_guard_close(sv->guard, *socket_context);
		*socket_context = NULL;
	}
}

/* A request answered: the next one on the connection is bounded again. */
static void
request_done(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct serve_http *sv = cls;
	const union MHD_ConnectionInfo *ci;

	(void)con_cls;
	(void)toe;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (ci != NULL)
		serve_guard_idle(sv->guard, ci->socket_context);
}

static void
make_index(struct serve_http *sv)
{
	mw_buf_init(&sv->index);
	mw_buf_printf(&sv->index,
	    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "<title>memwatch</title></head>\n<body><h1>memwatch</h1>\n"
	    "<p>The memory of this machine, its zones, free lists, slab caches "
	    "and processes, for Prometheus: <a href=\"/metrics\">/metrics</a>"
	    "</p>\n<p>memwatch %s, a sample every %g s.</p>\n</body></html>\n",
	    PACKAGE_VERSION, sv->sp->interval);
}

int
serve_http_start(struct serve_http *sv, struct sampler *sp, int fd, bool v6)
{
	sv->sp = sp;
	sv->d = NULL;
	make_index(sv);
	if (serve_guard_start(&sv->guard, SERVE_HEADER_MS) != 0) {
		sv->guard = NULL;
		close(fd);
		return -EAGAIN;
	}
	sv->d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD |
	    (v6 ? MHD_USE_IPv6 : 0), 0, NULL, NULL, handle, sv,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)SERVE_THREADS,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_CONNECTIONS,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)SERVE_PER_ADDRESS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_TIMEOUT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_CONN_MEMORY,
	    MHD_OPTION_NOTIFY_CONNECTION, notify_conn, sv,
	    MHD_OPTION_NOTIFY_COMPLETED, request_done, sv,
	    MHD_OPTION_END);
	if (sv->d == NULL) {
		close(fd);
		return -EIO;
	}
	return 0;
}

void
serve_http_stop(struct serve_http *sv)
{
	if (sv->d != NULL)
		MHD_stop_daemon(sv->d);	/* closes the socket too */
	sv->d = NULL;
	serve_guard_stop(sv->guard);
	sv->guard = NULL;
	mw_buf_free(&sv->index);
}

