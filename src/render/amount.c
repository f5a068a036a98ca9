/* render/amount.c: amounts in sentences, formatted once. */
#include "config.h"
#include "render/amount.h"

#include <stdio.h>
#include <string.h>

#include "util/amount.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/units.h"

const char *
amount_fmt(char out[AMOUNT_LEN], const struct mw_amt *a, bool exact)
{
	char tmp[MW_FMT_BYTES_LEN];
	size_t n = 0, k;

	if (a->kind == MW_AMT_DELTA && a->mag != 0)
		out[n++] = a->neg ? '-' : '+';
	/* Below 1K a sentence says bytes: "0 bytes", "512 bytes". */
	mw_fmt_bytes(tmp, a->mag, exact || a->mag < 1024);
	k = strlen(tmp);
	memcpy(out + n, tmp, k);
	n += k;
	if (exact || a->mag < 1024) {
		memcpy(out + n, " bytes", 6);
		n += 6;
	}
	out[n] = '\0';
	return out;
}

const char *
amount_bytes(char out[AMOUNT_LEN], uint64_t bytes, bool exact)
{
	struct mw_amt a = { .kind = MW_AMT_BYTES, .mag = bytes };

	return amount_fmt(out, &a, exact);
}

void
amount_pair(char *bs, char *as, uint64_t before, uint64_t after, bool exact)
{
	static const char units[] = "BKMGTPE";
	uint64_t d = after > before ? after - before : before - after;
	double div = 1;
	unsigned u = 0;

	mw_fmt_bytes(bs, before, exact);
	mw_fmt_bytes(as, after, exact);
	if (exact || d == 0 || strcmp(bs, as) != 0)
		return;
	while (d >= 1024 && u < 6) {
		d /= 1024;
		div *= 1024;
		u++;
	}
	snprintf(bs, MW_FMT_BYTES_LEN, "%.*f%c", u > 1, (double)before / div,
	    units[u]);
	snprintf(as, MW_FMT_BYTES_LEN, "%.*f%c", u > 1, (double)after / div,
	    units[u]);
}

/* Text of a sentence between its tokens, escaped for a terminal or not. */
static void
put_text(struct mw_buf *out, const char *s, size_t n, bool term)
{
	if (term)
		mw_escape_term(out, s, n);
	else
		mw_buf_add(out, s, n);
}

static void
walk(struct mw_buf *out, const char *s, size_t n, bool exact, bool term)
{
	const char *p = s, *end = s + n, *run = s;
	char t[AMOUNT_LEN];
	struct mw_amt a;
	size_t k;

	while (p < end) {
		const char *o = memchr(p, MW_AMT_OPEN, (size_t)(end - p));

		if (o == NULL)
			break;
		k = mw_amt_scan(o, end, &a);
		if (k == 0) {
			p = o + 1;
			continue;
		}
		put_text(out, run, (size_t)(o - run), term);
		if (a.kind == MW_AMT_LITERAL)	/* a byte of a name: itself */
			put_text(out, o, 1, term);
		else
			mw_buf_adds(out, amount_fmt(t, &a, exact));
		p = run = o + k;
	}
	put_text(out, run, (size_t)(end - run), term);
}

void
amount_text(struct mw_buf *out, const char *s, size_t n, bool exact)
{
	walk(out, s, n, exact, false);
}

void
amount_term(struct mw_buf *out, const char *s, size_t n, bool exact)
{
	walk(out, s, n, exact, true);
}

void
amount_each(const char *s, size_t n,
    void (*fn)(const struct mw_amt *a, void *arg), void *arg)
{
	const char *p = s, *end = s + n;
	struct mw_amt a;
	size_t k;

	while (p < end) {
		const char *o = memchr(p, MW_AMT_OPEN, (size_t)(end - p));

		if (o == NULL)
			return;
		k = mw_amt_scan(o, end, &a);
		if (k == 0) {
			p = o + 1;
			continue;
		}
		if (a.kind != MW_AMT_LITERAL)
			fn(&a, arg);
		p = o + k;
	}
}
