/* util/xmalloc.c: checked allocation; out of memory ends the process. */
#include "config.h"
#include "util/xmalloc.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>
#include <unistd.h>

static void (*oom_hook)(void);

void
mw_set_oom_hook(void (*hook)(void))
{
	oom_hook = hook;
}

static void
oom(size_t n, size_t size)
{
	char msg[96];
	int len;

	if (oom_hook != NULL)
		oom_hook();
	len = snprintf(msg, sizeof(msg), "memwatch: out of memory (%zu x %zu bytes)\n",
	    n, size);
	if (len > 0)
		(void)!write(STDERR_FILENO, msg, (size_t)len);
	_exit(1);
}

void *
mw_xmalloc(size_t size)
{
	void *p;

	assert(size != 0);
	p = malloc(size);
	if (p == NULL)
		oom(1, size);
	return p;
}

void *
mw_xcalloc(size_t n, size_t size)
{
	void *p;

	assert(n != 0 && size != 0);
	p = calloc(n, size);
	if (p == NULL)
		oom(n, size);
	return p;
}

void *
mw_xreallocarray(void *p, size_t n, size_t size)
{
	size_t total;

	assert(n != 0 && size != 0);
	if (__builtin_mul_overflow(n, size, &total))
		oom(n, size);
	p = realloc(p, total);
	if (p == NULL)
		oom(n, size);
	return p;
}

char *
mw_xstrndup(const char *s, size_t n)
{
	char *d = mw_xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
mw_xstrdup(const char *s)
{
	return mw_xstrndup(s, strlen(s));
}

void
mw_advise_huge(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
	uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t e = ((uintptr_t)p + len) & ~(huge - 1);

	if (e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)len;
#endif
}
