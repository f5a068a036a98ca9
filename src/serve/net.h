/* serve/net.h: serve's listening address and its guard against slow
 * clients.
 *
 * serve_parse_listen() takes --listen strictly: a dotted-quad IPv4
 * address, a bracketed IPv6 address, or a host name that resolves; never
 * the shorthands inet_aton() accepts ("0", "127.1", "2130706433",
 * "0x7f.1"), which would bind an address the user did not write.
 *
 * The guard bounds the time a connection may take to send a request's
 * headers (from its start, or from the end of its previous request): a
 * client that sends a byte a second keeps libmicrohttpd's idle timeout
 * from ever firing, so a reaper thread shuts such a socket down and
 * libmicrohttpd closes it. Each call is thread-safe.
 */
#ifndef MW_SERVE_NET_H
#define MW_SERVE_NET_H

#include <stdbool.h>
#include <stddef.h>

struct addrinfo;
struct serve_guard;
struct serve_conn;

/*
 * "ADDRESS:PORT" into *ai (freeaddrinfo() it); *named is set when ADDRESS
 * was a name. 0, or -EINVAL when arg is malformed (why in *why, a static
 * string), -ENOENT when the name does not resolve.
 */
int serve_parse_listen(const char *arg, struct addrinfo **ai, bool *named,
    const char **why);

/*
 * Bind ai and listen; the socket, with the address bound written to name
 * ("127.0.0.1:9842", "[::1]:9842"), or -1 with err filled (arg, the
 * --listen given, names it).
 */
struct mw_err;
int serve_listen_open(const char *arg, const struct addrinfo *ai, char *name,
    size_t len, struct mw_err *err);
/* A guard whose reaper allows header_ms per request; 0 or -errno. */
int serve_guard_start(struct serve_guard **g, unsigned header_ms);
/* Stop the reaper and free g (NULL is allowed). */
void serve_guard_stop(struct serve_guard *g);
/* A connection on socket fd began; its handle (never NULL). */
struct serve_conn *serve_guard_open(struct serve_guard *g, int fd);
/* Its request's headers are all in: no longer bounded. */
void serve_guard_request(struct serve_guard *g, struct serve_conn *c);
/* Its request is answered: the next one's headers are bounded again. */
void serve_guard_idle(struct serve_guard *g, struct serve_conn *c);
/* It is closed (c is freed; NULL is allowed). */
void serve_guard_close(struct serve_guard *g, struct serve_conn *c);
/* Connections shut down for sending their headers too slowly. */
unsigned long serve_guard_reaped(struct serve_guard *g);

#endif
