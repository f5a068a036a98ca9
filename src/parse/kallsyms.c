/* parse/kallsyms.c: /proc/kallsyms into sorted code symbols; no I/O. */
#include "config.h"
#include "parse/kallsyms.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse/lex.h"
#include "util/arena.h"

/* A hexadecimal token at *pp, ending at a blank or end. 0 or -EINVAL. */
static int
hex(const char **pp, const char *end, uint64_t *v)
{
	const char *p = lex_skip_blank(*pp, end);
	uint64_t x = 0;
	int digits = 0;

	for (; p < end && *p != ' ' && *p != '\t'; p++, digits++) {
		int d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			return -EINVAL;
		if (digits >= 16)
			return -EINVAL;
		x = x << 4 | (uint64_t)d;
	}
	if (digits == 0)
		return -EINVAL;
	*v = x;
	*pp = p;
	return 0;
}

static int
by_addr(const void *x, const void *y)
{
	const struct ksym *a = x, *b = y;

	return (a->addr > b->addr) - (a->addr < b->addr);
}

/* One line into *k; 1 kept, 0 not code, -EINVAL malformed. */
static int
line(const char *p, const char *e, struct mw_arena *a, struct ksym *k,
    bool *zero)
{
	const char *tp, *te, *np, *ne, *mp, *me;
	uint64_t addr;

	if (hex(&p, e, &addr) < 0 || !lex_token(&p, e, &tp, &te) ||
	    te - tp != 1 || !lex_token(&p, e, &np, &ne) ||
	    !lex_printable(np, ne, false))
		return -EINVAL;
	mp = me = NULL;
	if (lex_token(&p, e, &mp, &me)) {
		if (me - mp < 3 || *mp != '[' || me[-1] != ']' ||
		    !lex_printable(mp + 1, me - 1, false) ||
		    lex_skip_blank(p, e) != e)
			return -EINVAL;
	}
	if (*tp != 't' && *tp != 'T')
		return 0;
	if (addr == 0) {
		*zero = true;
		return 0;
	}
	k->addr = addr;
	k->name = mw_arena_strndup(a, np, (size_t)(ne - np));
	k->module = mp != NULL ?
	    mw_arena_strndup(a, mp + 1, (size_t)(me - mp - 2)) : NULL;
	return 1;
}

int
kallsyms_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct ksyms *out)
{
	const char *p = buf, *end = buf + len, *lp, *le;
	size_t max = lex_count_lines(buf, len), usable = 0;
	bool zero = false;

	memset(out, 0, sizeof(*out));
	out->v = mw_arena_alloc(arena, max * sizeof(*out->v));
	while (p < end) {
		int rc;

		p = lex_line(p, end, &lp, &le);
		if (lp == le)
			continue;
		rc = line(lp, le, arena, &out->v[out->len], &zero);
		if (rc < 0) {
			out->skipped++;
			continue;
		}
		usable++;
		out->len += (size_t)rc;
	}
	if (usable == 0)
		return -EINVAL;
	out->hidden = zero && out->len == 0;
	qsort(out->v, out->len, sizeof(*out->v), by_addr);
	return 0;
}

const struct ksym *
kallsyms_find(const struct ksyms *k, uint64_t addr)
{
	size_t lo = 0, hi = k->len;

	/* the first symbol above addr is at lo when the loop ends */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? &k->v[lo - 1] : NULL;
}
