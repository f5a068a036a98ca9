/* cmd/serve.c: an HTTP /metrics endpoint for Prometheus.
 *
 * A sampler thread takes the state every --interval seconds and renders
 * it once in both formats into an immutable, reference-counted struct
 * sample; the current one is swapped under a mutex. A scrape takes a
 * reference and streams the body from it, followed by its own age, so a
 * burst of scrapes costs one sample and a slow client holds only its
 * reference. libmicrohttpd serves with epoll from a small thread pool,
 * with a connection limit, a limit per client address, an idle timeout
 * and a memory limit per connection (oversized request headers are
 * refused by it); a guard (cmd/serve_net.c) bounds the time a request's
 * headers may take, which the idle timeout cannot when a client sends a
 * byte a second.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <microhttpd.h>

#include "cmd/cmd.h"
#include "cmd/serve_net.h"
#include "model/fleet.h"
#include "model/oom_tally.h"
#include "render/metrics.h"
#include "render/metrics_oom.h"
#include "render/openmetrics.h"
#include "util/buf.h"
#include "util/dl.h"
#include "util/time.h"
#include "util/units.h"
#include "util/xmalloc.h"

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
static int
mhd_load(struct mw_ctx *ctx)
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
		return mw_err_set(&ctx->err, -ENOENT, MW_EXIT_TARGET,
		    "cannot load %s (%s); install libmicrohttpd (Debian: apt-get install libmicrohttpd12)",
		    MW_MHD_SONAME, why);
	if (rc < 0)
		return mw_err_set(&ctx->err, -ENOENT, MW_EXIT_TARGET,
		    "cannot load %s (it has no %s); install libmicrohttpd 0.9.70 or newer",
		    MW_MHD_SONAME, why);
	memcpy(&mhd, fn, sizeof(mhd));	/* the library stays open */
	return 0;
}

#define SERVE_LISTEN "127.0.0.1:9842"
#define SERVE_INTERVAL 15.0
#define SERVE_THREADS 2		/* MHD's pool: requests are cheap */
#define SERVE_CONNECTIONS 1024	/* open connections at most */
#define SERVE_PER_ADDRESS 128	/* ... from one client address */
#define SERVE_TIMEOUT 10	/* seconds a connection may stay idle */
#define SERVE_HEADER_MS 3000	/* a request's headers must come by then */
#define SERVE_CONN_MEMORY (32 * 1024)	/* request headers must fit */
#define SERVE_ROLLUP_AGE 60.0	/* seconds a kept rollup may reach */

/* One rendering of the state; never changed once published. */
struct sample {
	unsigned refs;			/* under serve.lock */
	struct mw_buf body[2];		/* by enum om_format; no age, no end */
	uint64_t taken_ns;		/* monotonic, when it was ready */
};

struct serve {
	const struct mw_source *src;
	size_t top;
	double interval;
	pthread_mutex_t lock;
	pthread_cond_t wake;		/* the sampler's sleep; stop wakes it */
	bool stop;
	struct sample *cur;
	struct mw_buf index;		/* the page at "/" */
	struct serve_guard *guard;	/* slow headers are cut off */
	const char *asked;		/* --listen NAME:PORT, or NULL */
	struct fleet_memo memo;		/* the sampler's: rollups kept */
	struct oom_tally oom;		/* kills seen (the sampler's own) */
};

/* A scrape in flight: its reference and its own tail (age, end). */
struct scrape {
	struct serve *sv;
	struct sample *s;
	enum om_format fmt;
	struct mw_buf tail;
};

static struct sample *
sample_take(struct serve *sv)
{
	struct sample *s = mw_xcalloc(1, sizeof(*s));
	struct fleet_sample fs;
	struct om_writer w;

	fleet_sample_take(sv->src, &sv->memo, &fs);
	oom_tally_update(&sv->oom);
	for (int f = OM_OPENMETRICS; f <= OM_TEXT; f++) {
		mw_buf_init(&s->body[f]);
		om_writer_init(&w, &s->body[f], f);
		metrics_render(&w, &fs, sv->top);
		metrics_render_oom(&w, &sv->oom);
		om_writer_free(&w);
	}
	fleet_sample_free(&fs);
	s->taken_ns = mw_now_ns();
	return s;
}

static void
sample_put(struct serve *sv, struct sample *s)
{
	unsigned left;

	pthread_mutex_lock(&sv->lock);
	left = --s->refs;
	pthread_mutex_unlock(&sv->lock);
	if (left > 0)
		return;
	mw_buf_free(&s->body[0]);
	mw_buf_free(&s->body[1]);
	free(s);
}

static struct sample *
sample_get(struct serve *sv)
{
	struct sample *s;

	pthread_mutex_lock(&sv->lock);
	s = sv->cur;
	s->refs++;
	pthread_mutex_unlock(&sv->lock);
	return s;
}

static void
sample_publish(struct serve *sv, struct sample *s)
{
	struct sample *old;

	s->refs = 1;			/* the server's own reference */
	pthread_mutex_lock(&sv->lock);
	old = sv->cur;
	sv->cur = s;
	pthread_mutex_unlock(&sv->lock);
	if (old != NULL)
		sample_put(sv, old);
}

static void
add_ns(struct timespec *t, uint64_t ns)
{
	ns += (uint64_t)t->tv_nsec;
	t->tv_sec += (time_t)(ns / 1000000000u);
	t->tv_nsec = (long)(ns % 1000000000u);
}

/* Sample at a steady pace (start to start) until told to stop. */
static void *
sampler(void *arg)
{
	struct serve *sv = arg;
	uint64_t step = (uint64_t)(sv->interval * 1e9);
	struct timespec due, now;
	bool stop;

	clock_gettime(CLOCK_MONOTONIC, &due);
	for (;;) {
		add_ns(&due, step);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > due.tv_sec ||
		    (now.tv_sec == due.tv_sec && now.tv_nsec > due.tv_nsec))
			due = now;	/* late (a slow sample): no catching up */
		pthread_mutex_lock(&sv->lock);
		while (!sv->stop && pthread_cond_timedwait(&sv->wake, &sv->lock,
		    &due) != ETIMEDOUT)
			;
		stop = sv->stop;
		pthread_mutex_unlock(&sv->lock);
		if (stop)
			return NULL;
		sample_publish(sv, sample_take(sv));
	}
}

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

	sample_put(sc->sv, sc->s);
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
reply_metrics(struct serve *sv, struct MHD_Connection *c)
{
	struct scrape *sc = mw_xcalloc(1, sizeof(*sc));
	struct MHD_Response *r;
	struct om_writer w;

	sc->sv = sv;
	sc->s = sample_get(sv);
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
	struct serve *sv = cls;
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
	struct serve *sv = cls;
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
	struct serve *sv = cls;
	const union MHD_ConnectionInfo *ci;

	(void)con_cls;
	(void)toe;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (ci != NULL)
		serve_guard_idle(sv->guard, ci->socket_context);
}

static void
make_index(struct serve *sv)
{
	mw_buf_init(&sv->index);
	mw_buf_printf(&sv->index,
	    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "<title>memwatch</title></head>\n<body><h1>memwatch</h1>\n"
	    "<p>The memory of this machine, its zones, free lists, slab caches "
	    "and processes, for Prometheus: <a href=\"/metrics\">/metrics</a>"
	    "</p>\n<p>memwatch %s, a sample every %g s.</p>\n</body></html>\n",
	    PACKAGE_VERSION, sv->interval);
}

static struct MHD_Daemon *
start_http(struct serve *sv, int fd, bool v6)
{
	return MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD |
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
}

static void
stop_sampler(struct serve *sv, pthread_t th)
{
	pthread_mutex_lock(&sv->lock);
	sv->stop = true;
	pthread_cond_signal(&sv->wake);
	pthread_mutex_unlock(&sv->lock);
	pthread_join(th, NULL);
}

/*
 * Serve until SIGINT or SIGTERM. The signals are blocked in every thread
 * (the threads inherit the mask) and taken here with sigwait().
 */
static int
run(struct mw_ctx *ctx, struct serve *sv, int fd, const char *name,
    bool v6)
{
	struct MHD_Daemon *d = NULL;
	sigset_t set, old;
	pthread_t th;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	signal(SIGPIPE, SIG_IGN);
	sample_publish(sv, sample_take(sv));
	if (pthread_create(&th, NULL, sampler, sv) != 0) {
		close(fd);
		mw_err_set(&ctx->err, -EAGAIN, MW_EXIT_TARGET,
		    "cannot start the sampler thread (out of resources); check ulimit -u");
		goto out;
	}
	if (serve_guard_start(&sv->guard, SERVE_HEADER_MS) == 0)
		d = start_http(sv, fd, v6);
	if (d != NULL) {
		/* The address bound, and the name it came from. */
		printf("serving http://%s/metrics%s%s%s, a sample every %g s\n",
		    name, sv->asked ? " (" : "", sv->asked ? sv->asked : "",
		    sv->asked ? ")" : "", sv->interval);
		fflush(stdout);
		while (sigwait(&set, &sig) != 0)
			;
		MHD_stop_daemon(d);	/* closes fd too */
	} else {
		close(fd);
		mw_err_set(&ctx->err, -EIO, MW_EXIT_TARGET,
		    "cannot start the HTTP server on %s (libmicrohttpd refused); check the address",
		    name);
	}
	stop_sampler(sv, th);
	serve_guard_stop(sv->guard);
out:
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return d != NULL ? MW_EXIT_OK : MW_EXIT_TARGET;
}

static int
serve_main(struct mw_ctx *ctx, const char *listen_at, double interval,
    size_t top)
{
	struct serve sv = { .src = &ctx->src, .top = top, .interval = interval };
	pthread_condattr_t ca;
	struct addrinfo *ai;
	char name[INET6_ADDRSTRLEN + 16];
	int fd, rc;
	bool v6, named;

	if ((rc = serve_listen_parse(ctx, listen_at, &ai, &named)) != 0)
		return rc == MW_EXIT_USAGE ? rc : cmd_fail(ctx);
	if (mhd_load(ctx) < 0) {
		freeaddrinfo(ai);
		return cmd_fail(ctx);
	}
	v6 = ai->ai_family == AF_INET6;
	fd = serve_listen_open(ctx, listen_at, ai, name, sizeof(name));
	freeaddrinfo(ai);
	if (fd < 0)
		return cmd_fail(ctx);
	if (named)
		sv.asked = listen_at;
	serve_raise_fd_limit(SERVE_CONNECTIONS + 64);
	pthread_mutex_init(&sv.lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&sv.wake, &ca);
	pthread_condattr_destroy(&ca);
	make_index(&sv);
	/* A process's rollup is read again at least once a minute. */
	fleet_memo_init(&sv.memo, (unsigned)(SERVE_ROLLUP_AGE / interval));
	oom_tally_open(&sv.oom, &ctx->src);	/* without the log: no family */
	rc = run(ctx, &sv, fd, name, v6);
	oom_tally_close(&sv.oom);
	fleet_memo_free(&sv.memo);
	if (sv.cur != NULL)
		sample_put(&sv, sv.cur);
	mw_buf_free(&sv.index);
	pthread_cond_destroy(&sv.wake);
	pthread_mutex_destroy(&sv.lock);
	return rc;
}

static int
cmd_serve(struct mw_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "interval", required_argument, NULL, 'i' },
		{ "top", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *listen_at = SERVE_LISTEN;
	double interval = SERVE_INTERVAL;
	size_t top = METRICS_TOP_DEFAULT;
	int c;

	while ((c = cmd_getopt(ctx, argc, argv, "l:i:h", longopts)) != -1) {
		switch (c) {
		case 'l':
			listen_at = optarg;
			break;
		case 'i':
			if (mw_parse_seconds(optarg, &interval) < 0 ||
			    interval < 0.1 || interval > 86400)
				return cmd_usage_error(ctx,
				    "--interval takes seconds from 0.1 to 86400, not '%s'",
				    optarg);
			break;
		case 't':
			if (cmd_parse_metrics_top(ctx, optarg, &top) != 0)
				return MW_EXIT_USAGE;
			break;
		case 'h':
			return cmd_help(&mw_cmd_serve);
		default:
			return MW_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
	if (ctx->json)
		return cmd_usage_error(ctx,
		    "serve answers in the Prometheus text formats, not JSON; leave out --json");
	return serve_main(ctx, listen_at, interval, top);
}

const struct mw_cmd mw_cmd_serve = {
	.name = "serve",
	.fn = cmd_serve,
	.summary = "an HTTP /metrics endpoint for Prometheus",
	.usage = "memwatch serve [--listen ADDR:PORT] [--interval SECONDS] [--top N]",
	.options =
	"  -l, --listen A:P    address and port to listen on (default\n"
	"                      127.0.0.1:9842, loopback only; [::1]:9842 for IPv6,\n"
	"                      0.0.0.0:9842 for every interface; a host name\n"
	"                      binds its first address; port 0: any free)\n"
	"  -i, --interval S    take a sample every S seconds (default 15); scrapes\n"
	"                      are answered from the last sample\n"
	"      --top N         processes shown one by one, and slab caches\n"
	"                      (default 50)\n"
	"GET /metrics answers OpenMetrics when the Accept header asks for it, else\n"
	"the classic Prometheus text format; / is a page linking it. SIGINT or\n"
	"SIGTERM stop the server (exit 0).\n",
};
