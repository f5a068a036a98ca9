/* util/buf.c: growable byte buffer, always NUL-terminated. */
#include "config.h"
#include "util/buf.h"

#include <assert.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

static char empty_buf[1];

void
mw_buf_init(struct mw_buf *b)
{
	b->data = empty_buf;
	b->len = 0;
	b->cap = 0;
}

void
mw_buf_free(struct mw_buf *b)
{
	if (b->cap != 0)
		free(b->data);
	mw_buf_init(b);
}

void
mw_buf_reset(struct mw_buf *b)
{
	b->len = 0;
	if (b->cap != 0)
		b->data[0] = '\0';
}

void
mw_buf_grow(struct mw_buf *b, size_t extra)
{
	size_t need, cap;

	if (__builtin_add_overflow(b->len, extra, &need) ||
	    __builtin_add_overflow(need, 1, &need))
		need = SIZE_MAX;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (b->cap == 0) {
		b->data = mw_xmalloc(cap);
		b->data[0] = '\0';
	} else {
		b->data = mw_xreallocarray(b->data, cap, 1);
	}
	b->cap = cap;
}

void
mw_buf_add(struct mw_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	mw_buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
mw_buf_addc(struct mw_buf *b, char c)
{
	if (b->len + 2 > b->cap)	/* the byte and the NUL */
		mw_buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void
mw_buf_adds(struct mw_buf *b, const char *s)
{
	mw_buf_add(b, s, strlen(s));
}

void
mw_buf_vprintf(struct mw_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	mw_buf_grow(b, 64);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, cp);
	va_end(cp);
	assert(n >= 0);
	if ((size_t)n >= b->cap - b->len) {
		mw_buf_grow(b, (size_t)n);
		n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void
mw_buf_printf(struct mw_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mw_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
mw_buf_setlen(struct mw_buf *b, size_t len)
{
	assert(b->cap != 0 && len < b->cap);
	b->len = len;
	b->data[len] = '\0';
}

char *
mw_buf_detach(struct mw_buf *b, size_t *len)
{
	char *p;

	if (b->cap == 0)
		mw_buf_grow(b, 0);
	p = b->data;
	if (len != NULL)
		*len = b->len;
	mw_buf_init(b);
	return p;
}

void
mw_buf_add_right(struct mw_buf *b, const char *s, size_t n, size_t width)
{
	size_t pad = n < width ? width - n : 0;

	mw_buf_grow(b, pad + n);
	memset(b->data + b->len, ' ', pad);
	memcpy(b->data + b->len + pad, s, n);
	mw_buf_setlen(b, b->len + pad + n);
}
