/* cmd/serve.c: memwatch serve: an HTTP /metrics endpoint for Prometheus.
 *
 * The sampler (serve/sampler.c) takes the state every --interval seconds
 * on a thread of its own; the HTTP side (serve/http.c) answers scrapes
 * from its last sample; this file reads the options, opens the socket and
 * waits for SIGINT or SIGTERM.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "render/metrics.h"
#include "serve/http.h"
#include "serve/net.h"
#include "serve/sampler.h"
#include "util/err.h"
#include "util/units.h"

#define SERVE_LISTEN "127.0.0.1:9842"
#define SERVE_INTERVAL 15.0
#define SERVE_ROLLUP_AGE 60.0	/* seconds a kept rollup may reach */

/* "127.0.0.1:9842", "[::1]:9842", "localhost:9842" into an address. */
static int
listen_parse(struct mw_ctx *ctx, const char *arg, struct addrinfo **ai,
    bool *named)
{
	const char *why;
	int rc = serve_parse_listen(arg, ai, named, &why);

	if (rc == -ENOENT)
		return mw_err_set(&ctx->err, rc, MW_EXIT_TARGET,
		    "cannot listen on %s (the name does not resolve); give an address or a name this machine resolves",
		    arg);
	if (rc < 0)
		return cmd_usage_error(ctx,
		    "--listen takes ADDRESS:PORT such as 127.0.0.1:9842, [::1]:9842 or localhost:9842, not '%s' (%s)",
		    arg, why);
	return 0;
}

/*
 * Serve until SIGINT or SIGTERM. The signals are blocked in every thread
 * (the threads inherit the mask) and taken here with sigwait().
 */
static int
run(struct mw_ctx *ctx, struct sampler *sp, int fd, const char *name,
    const char *asked, bool v6)
{
	struct serve_http http;
	sigset_t set, old;
	bool up = false;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	signal(SIGPIPE, SIG_IGN);
	if (sampler_start(sp) < 0) {
		close(fd);
		mw_err_set(&ctx->err, -EAGAIN, MW_EXIT_TARGET,
		    "cannot start the sampler thread (out of resources); check ulimit -u");
		goto out;
	}
	if (serve_http_start(&http, sp, fd, v6) == 0) {
		up = true;
		/* The address bound, and the name it came from. */
		printf("serving http://%s/metrics%s%s%s, a sample every %g s\n",
		    name, asked ? " (" : "", asked ? asked : "",
		    asked ? ")" : "", sp->interval);
		fflush(stdout);
		while (sigwait(&set, &sig) != 0)
			;
	} else {
		mw_err_set(&ctx->err, -EIO, MW_EXIT_TARGET,
		    "cannot start the HTTP server on %s (libmicrohttpd refused); check the address",
		    name);
	}
	serve_http_stop(&http);
out:
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return up ? MW_EXIT_OK : MW_EXIT_TARGET;
}

static int
serve_main(struct mw_ctx *ctx, const char *listen_at, double interval,
    size_t top, double pti_every)
{
	struct sampler sp;
	struct addrinfo *ai;
	char name[INET6_ADDRSTRLEN + 16];
	int fd, rc;
	bool v6, named;

	if ((rc = listen_parse(ctx, listen_at, &ai, &named)) != 0)
		return rc == MW_EXIT_USAGE ? rc : cmd_fail(ctx);
	if (serve_http_load(&ctx->err) < 0) {
		freeaddrinfo(ai);
		return cmd_fail(ctx);
	}
	v6 = ai->ai_family == AF_INET6;
	fd = serve_listen_open(listen_at, ai, name, sizeof(name), &ctx->err);
	freeaddrinfo(ai);
	if (fd < 0)
		return cmd_fail(ctx);
	(void)mw_source_fd_room(SERVE_CONNECTIONS + 64);
	/* A process's rollup is read again at least once a minute. */
	sampler_init(&sp, &ctx->src, interval, top, SERVE_ROLLUP_AGE);
	sp.memo.pti_every_ns = (uint64_t)(pti_every * 1e9);
	rc = run(ctx, &sp, fd, name, named ? listen_at : NULL, v6);
	sampler_free(&sp);
	return rc;
}

struct serve_opts {
	const char *listen_at;	/* -l ADDR:PORT */
	double interval;	/* -i SECONDS */
	size_t top;		/* --top N */
	double pti_every;	/* --pagetypeinfo-every SECONDS */
};

static int
set_interval(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct serve_opts *o = opts;

	if (mw_parse_seconds(arg, &o->interval) < 0 || o->interval < 0.1 ||
	    o->interval > 86400)
		return cmd_usage_error(ctx,
		    "--interval takes seconds from 0.1 to 86400, not '%s'", arg);
	return 0;
}

static int
set_top(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct serve_opts *o = opts;

	return cmd_parse_metrics_top(ctx, arg, &o->top);
}

static int
set_pti_every(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct serve_opts *o = opts;

	if (mw_parse_seconds(arg, &o->pti_every) < 0 || o->pti_every < 0 ||
	    o->pti_every > 86400)
		return cmd_usage_error(ctx,
		    "--pagetypeinfo-every takes seconds from 0 to 86400, not '%s'",
		    arg);
	return 0;
}

static const struct mw_opt serve_opts[] = {
	CMD_STRING('l', "listen", "A:P",
	    "address and port to listen on (default\n"
	    "127.0.0.1:9842, loopback only; [::1]:9842 for IPv6,\n"
	    "0.0.0.0:9842 for every interface; a host name\n"
	    "binds its first address; port 0: any free)",
	    struct serve_opts, listen_at),
	CMD_CALL('i', "interval", "S",
	    "take a sample every S seconds (default 15); scrapes\n"
	    "are answered from the last sample", set_interval),
	CMD_CALL(0, "top", "N",
	    "processes shown one by one, and slab caches\n"
	    "(default 50)", set_top),
	CMD_CALL(0, "pagetypeinfo-every", "S",
	    "read /proc/pagetypeinfo (about 10 ms of kernel\n"
	    "time) at most every S seconds (default 60; 0: every\n"
	    "sample); samples between repeat the last read", set_pti_every),
	CMD_OPT_END,
};

static int
cmd_serve(struct mw_ctx *ctx, int argc, char **argv)
{
	struct serve_opts o = { SERVE_LISTEN, SERVE_INTERVAL,
	    METRICS_TOP_DEFAULT, FLEET_PTI_EVERY };
	int rc;

	if ((rc = cmd_parse(ctx, &mw_cmd_serve, argc, argv, &o)) != CMD_RUN)
		return rc;
	if (ctx->json)
		return cmd_usage_error(ctx,
		    "serve answers in the Prometheus text formats, not JSON; leave out --json");
	return serve_main(ctx, o.listen_at, o.interval, o.top,
	    o.pti_every);
}

const struct mw_cmd mw_cmd_serve = {
	.name = "serve",
	.fn = cmd_serve,
	.summary = "an HTTP /metrics endpoint for Prometheus",
	.usage = "memwatch serve [--listen ADDR:PORT] [--interval SECONDS] [--top N] [--pagetypeinfo-every SECONDS]",
	.opts = serve_opts,
	.notes =
	"GET /metrics answers OpenMetrics when the Accept header asks for it, else\n"
	"the classic Prometheus text format; / is a page linking it. SIGINT or\n"
	"SIGTERM stop the server (exit 0).\n",
};
