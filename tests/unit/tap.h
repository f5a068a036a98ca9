/* tests/unit/tap.h: a minimal TAP producer for the unit tests. */
#ifndef MW_TESTS_TAP_H
#define MW_TESTS_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static inline void
tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

/* ok(cond, "name %d", ...): one test point. */
static inline int
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	if (!cond)
		tap_failed++;
	return cond;
}

#define is_u64(got, want, ...) do { \
	uint64_t g_ = (got), w_ = (want); \
	if (!ok(g_ == w_, __VA_ARGS__)) \
		tap_diag("got %" PRIu64 ", want %" PRIu64, g_, w_); \
} while (0)

#define is_str(got, want, ...) do { \
	const char *g_ = (got), *w_ = (want); \
	int same_ = (g_ == NULL && w_ == NULL) || \
	    (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0); \
	if (!ok(same_, __VA_ARGS__)) \
		tap_diag("got '%s', want '%s'", g_ ? g_ : "(null)", \
		    w_ ? w_ : "(null)"); \
} while (0)

static inline void
tap_skip(const char *why)
{
	printf("ok %d # SKIP %s\n", ++tap_n, why);
}

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

/* Read a whole file (tests only); NULL when missing. */
static inline char *
tap_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t cap = 0, n = 0, r;

	if (f == NULL)
		return NULL;
	do {
		if (n + 65536 + 1 > cap) {
			cap = (n + 65536 + 1) * 2;
			p = realloc(p, cap);
		}
		r = fread(p + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	fclose(f);
	p[n] = '\0';
	*len = n;
	return p;
}

/* Write text to dir/rel (tests only); a file that cannot be written
 * stops the test as a harness error (99). */
static inline void
tap_put(const char *dir, const char *rel, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
		exit(99);
}

/* $MW_SRCDIR/rel, or ./rel when run by hand. */
static inline const char *
tap_src(const char *rel)
{
	static char path[4096];
	const char *top = getenv("MW_SRCDIR");

	snprintf(path, sizeof(path), "%s/%s", top ? top : ".", rel);
	return path;
}

#endif
