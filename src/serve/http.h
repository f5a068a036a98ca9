/* serve/http.h: serve's HTTP side (serve/http.c): GET /metrics answered
 * from the sampler's current sample, / a page linking it. */
#ifndef MW_SERVE_HTTP_H
#define MW_SERVE_HTTP_H

#include <stdbool.h>

#include "util/buf.h"

#define SERVE_CONNECTIONS 1024	/* open connections at most */

struct mw_err;
struct sampler;
struct serve_guard;
struct MHD_Daemon;

struct serve_http {
	struct sampler *sp;
	struct serve_guard *guard;	/* slow headers are cut off */
	struct mw_buf index;		/* the page at "/" */
	struct MHD_Daemon *d;
};

/* Open libmicrohttpd (not linked: its TLS stack would slow every
 * command's start); 0 or -ENOENT with err filled. */
int serve_http_load(struct mw_err *err);
/* Serve on the listening socket fd (IPv6 when v6) from sp's samples:
 * 0, or -errno with fd closed. */
int serve_http_start(struct serve_http *h, struct sampler *sp, int fd,
    bool v6);
/* Stop serving (the socket is closed) and free h's parts. */
void serve_http_stop(struct serve_http *h);

#endif
