/* util/amount.c: typed amount tokens, written and scanned. */
#include "config.h"
#include "util/amount.h"

#include <string.h>

#include "util/buf.h"
#include "util/units.h"

static const char *
token(char out[MW_AMT_TOK_LEN], char kind, bool neg, uint64_t mag)
{
	char tmp[MW_AMT_TOK_LEN], *end = tmp + sizeof(tmp), *p;
	size_t n = 0;

	p = mw_utoa_end(end, mag);
	out[n++] = MW_AMT_OPEN;
	out[n++] = kind;
	if (neg)
		out[n++] = '-';
	memcpy(out + n, p, (size_t)(end - p));
	n += (size_t)(end - p);
	out[n++] = MW_AMT_CLOSE;
	out[n] = '\0';
	return out;
}

const char *
mw_amt_bytes(char out[MW_AMT_TOK_LEN], uint64_t bytes)
{
	return token(out, MW_AMT_BYTES, false, bytes);
}

const char *
mw_amt_delta(char out[MW_AMT_TOK_LEN], int64_t delta)
{
	uint64_t mag = delta < 0 ? 0 - (uint64_t)delta : (uint64_t)delta;

	return token(out, MW_AMT_DELTA, delta < 0, mag);
}

void
mw_buf_add_amt(struct mw_buf *b, uint64_t bytes)
{
	char t[MW_AMT_TOK_LEN];

	mw_buf_adds(b, mw_amt_bytes(t, bytes));
}

void
mw_buf_add_plain(struct mw_buf *b, const char *s, size_t n)
{
	static const char literal[] = { MW_AMT_OPEN, MW_AMT_LITERAL,
	    MW_AMT_CLOSE };
	const char *end = s + n, *o;

	while ((o = memchr(s, MW_AMT_OPEN, (size_t)(end - s))) != NULL) {
		mw_buf_add(b, s, (size_t)(o - s));
		mw_buf_add(b, literal, sizeof(literal));
		s = o + 1;
	}
	mw_buf_add(b, s, (size_t)(end - s));
}

const char *
mw_plain(struct mw_buf *b, const char *s, size_t n)
{
	mw_buf_reset(b);
	mw_buf_add_plain(b, s, n);
	return b->data;
}

size_t
mw_amt_scan(const char *p, const char *end, struct mw_amt *a)
{
	const char *q = p, *next;

	if (end - p >= 3 && p[0] == MW_AMT_OPEN && p[1] == MW_AMT_LITERAL &&
	    p[2] == MW_AMT_CLOSE) {
		a->kind = MW_AMT_LITERAL;
		a->mag = 0;
		a->neg = false;
		return 3;
	}
	if (end - p < 4 || p[0] != MW_AMT_OPEN)
		return 0;
	if (p[1] != MW_AMT_BYTES && p[1] != MW_AMT_DELTA)
		return 0;
	a->kind = (enum mw_amt_kind)p[1];
	a->neg = false;
	q = p + 2;
	if (a->kind == MW_AMT_DELTA && *q == '-') {
		a->neg = true;
		q++;
	}
	if (mw_parse_u64(q, end, &a->mag, &next) < 0 || next == end ||
	    *next != MW_AMT_CLOSE)
		return 0;
	if (a->neg && a->mag == 0)
		a->neg = false;
	return (size_t)(next + 1 - p);
}
