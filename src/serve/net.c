/* serve/net.c: serve's --listen address and its slow-client guard. */
#include "config.h"
#include "serve/net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "util/err.h"
#include "util/time.h"
#include "util/units.h"
#include "util/xmalloc.h"

/* A host name as DNS writes them: letters, digits, '-', '.', '_'. */
static bool
name_ok(const char *h)
{
	bool letter = false;

	for (const char *p = h; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			letter = true;
		else if (!(*p >= '0' && *p <= '9') && *p != '-' &&
		    *p != '.' && *p != '_')
			return false;
	}
	return letter;
}

int
serve_parse_listen(const char *arg, struct addrinfo **ai, bool *named,
    const char **why)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
	    .ai_flags = AI_NUMERICSERV | AI_PASSIVE };
	const char *colon = strrchr(arg, ':');
	size_t n = colon ? (size_t)(colon - arg) : 0;
	unsigned char bin[sizeof(struct in6_addr)];
	struct in_addr loose;
	char host[256];
	uint64_t port;

	*named = false;
	*why = "it needs ADDRESS:PORT";
	if (colon == NULL || n == 0 || n >= sizeof(host))
		return -EINVAL;
	*why = "the port is a number from 0 to 65535";
	if (mw_parse_u64_str(colon + 1, &port) < 0 || port > 65535)
		return -EINVAL;
	memcpy(host, arg, n);
	host[n] = '\0';
	if (host[0] == '[') {
		*why = "an IPv6 address goes in brackets, like [::1]";
		if (n < 3 || host[n - 1] != ']')
			return -EINVAL;
		memmove(host, host + 1, n - 2);
		host[n - 2] = '\0';
		if (inet_pton(AF_INET6, host, bin) != 1)
			return -EINVAL;
		hints.ai_family = AF_INET6;
		hints.ai_flags |= AI_NUMERICHOST;
	} else if (inet_pton(AF_INET, host, bin) == 1) {
		hints.ai_family = AF_INET;	/* exactly a.b.c.d */
		hints.ai_flags |= AI_NUMERICHOST;
	} else {
		*why = "give a dotted-quad IPv4 address (127.0.0.1), a bracketed IPv6 address ([::1]) or a host name";
		if (strchr(host, ':') != NULL || inet_aton(host, &loose) != 0 ||
		    !name_ok(host))
			return -EINVAL;
		*named = true;
	}
	*why = "the name does not resolve";
	if (getaddrinfo(host, colon + 1, &hints, ai) != 0)
		return *named ? -ENOENT : -EINVAL;
	return 0;
}

/* Bind and listen; the socket, or -1 with err filled. */
int
serve_listen_open(const char *arg, const struct addrinfo *ai, char *name,
    size_t len, struct mw_err *err)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char host[INET6_ADDRSTRLEN], port[8];
	int fd, one = 1;

	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one)) < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 ||
	    listen(fd, SOMAXCONN) < 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &sl) < 0 ||
	    getnameinfo((struct sockaddr *)&ss, sl, host, sizeof(host), port,
	    sizeof(port), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		mw_err_set(err, -e, MW_EXIT_TARGET,
		    "cannot listen on %s (%s); give --listen a free port on an address of this machine",
		    arg, strerror(e));
		return -1;
	}
	snprintf(name, len, ai->ai_family == AF_INET6 ? "[%s]:%s" : "%s:%s",
	    host, port);
	return fd;
}

struct serve_conn {
	int fd;
	uint64_t since_ns;	/* start, or the end of the last request */
	bool waiting;		/* headers not yet complete */
	bool shut;
	struct serve_conn *prev, *next;
};

struct serve_guard {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t th;
	bool stop;
	uint64_t header_ns;
	struct serve_conn head;		/* a ring; head is no connection */
	unsigned long reaped;
};

/* Shut down what is over its time; called with the lock held. */
static void
reap(struct serve_guard *g, uint64_t now)
{
	for (struct serve_conn *c = g->head.next; c != &g->head; c = c->next)
		if (c->waiting && !c->shut && now - c->since_ns > g->header_ns) {
			/* libmicrohttpd sees the end and closes it. */
			shutdown(c->fd, SHUT_RDWR);
			c->shut = true;
			g->reaped++;
		}
}

static void *
reaper(void *arg)
{
	struct serve_guard *g = arg;
	struct timespec due;

	pthread_mutex_lock(&g->lock);
	while (!g->stop) {
		clock_gettime(CLOCK_MONOTONIC, &due);
		due.tv_nsec += 250 * 1000 * 1000;	/* four times a second */
		if (due.tv_nsec >= 1000000000) {
			due.tv_sec++;
			due.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&g->wake, &g->lock, &due);
		reap(g, mw_now_ns());
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

int
serve_guard_start(struct serve_guard **out, unsigned header_ms)
{
	struct serve_guard *g = mw_xcalloc(1, sizeof(*g));
	pthread_condattr_t ca;
	int rc;

	g->header_ns = (uint64_t)header_ms * 1000000u;
	g->head.next = g->head.prev = &g->head;
	pthread_mutex_init(&g->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->wake, &ca);
	pthread_condattr_destroy(&ca);
	rc = pthread_create(&g->th, NULL, reaper, g);
	if (rc != 0) {
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->lock);
		free(g);
		return -rc;
	}
	*out = g;
	return 0;
}

void
serve_guard_stop(struct serve_guard *g)
{
	struct serve_conn *c, *next;

	if (g == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	g->stop = true;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->th, NULL);
	for (c = g->head.next; c != &g->head; c = next) {
		next = c->next;
		free(c);
	}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

struct serve_conn *
serve_guard_open(struct serve_guard *g, int fd)
{
	struct serve_conn *c = mw_xcalloc(1, sizeof(*c));

	c->fd = fd;
	c->since_ns = mw_now_ns();
	c->waiting = fd >= 0;
	pthread_mutex_lock(&g->lock);
	c->next = g->head.next;
	c->prev = &g->head;
	g->head.next->prev = c;
	g->head.next = c;
	pthread_mutex_unlock(&g->lock);
	return c;
}

void
serve_guard_request(struct serve_guard *g, struct serve_conn *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	c->waiting = false;
	pthread_mutex_unlock(&g->lock);
}

void
serve_guard_idle(struct serve_guard *g, struct serve_conn *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	c->since_ns = mw_now_ns();
	c->waiting = c->fd >= 0;
	pthread_mutex_unlock(&g->lock);
}

void
serve_guard_close(struct serve_guard *g, struct serve_conn *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	c->prev->next = c->next;
	c->next->prev = c->prev;
	pthread_mutex_unlock(&g->lock);
	free(c);
}

unsigned long
serve_guard_reaped(struct serve_guard *g)
{
	unsigned long n;

	pthread_mutex_lock(&g->lock);
	n = g->reaped;
	pthread_mutex_unlock(&g->lock);
	return n;
}
