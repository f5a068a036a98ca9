/* parse/psi.c: pressure stall lines (kernel/sched/psi.c, psi_show()); no I/O. */
#include "config.h"
#include "parse/psi.h"

#include <errno.h>
#include <string.h>

#include "parse/lex.h"
#include "util/units.h"

/* "12.34" (at most 100.00, two decimals as the kernel prints) in hundredths. */
static int
percent(const char *p, const char *e, uint32_t *v)
{
	const char *next;
	uint64_t whole, frac = 0;
	int rc = mw_parse_u64(p, e, &whole, &next);

	if (rc < 0)
		return rc;
	if (next < e && *next == '.') {
		const char *f = next + 1;

		if (e - f < 1 || e - f > 2 || mw_parse_u64(f, e, &frac, &next) < 0
		    || next != e)
			return -EINVAL;
		if (e - f == 1)
			frac *= 10;
	} else if (next != e) {
		return -EINVAL;
	}
	if (whole > 100 || (whole == 100 && frac > 0))
		return -ERANGE;
	*v = (uint32_t)(whole * 100 + frac);
	return 0;
}

/* One "key=value" token of a line into l; 0, 1 unknown key, or -errno. */
static int
field(const char *tp, const char *te, struct psi_line *l, unsigned *seen)
{
	const char *eq = memchr(tp, '=', (size_t)(te - tp));
	size_t n;

	if (eq == NULL)
		return -EINVAL;
	n = (size_t)(eq - tp);
	if (n == 5 && memcmp(tp, "avg10", 5) == 0)
		return *seen |= 1, percent(eq + 1, te, &l->avg10);
	if (n == 5 && memcmp(tp, "avg60", 5) == 0)
		return *seen |= 2, percent(eq + 1, te, &l->avg60);
	if (n == 6 && memcmp(tp, "avg300", 6) == 0)
		return *seen |= 4, percent(eq + 1, te, &l->avg300);
	if (n == 5 && memcmp(tp, "total", 5) == 0) {
		const char *next;

		*seen |= 8;
		if (mw_parse_u64(eq + 1, te, &l->total, &next) < 0 ||
		    next != te)
			return -EINVAL;
		return 0;
	}
	return 1;
}

static int
parse_line(const char *p, const char *e, struct psi_line *l)
{
	struct psi_line tmp;
	const char *tp, *te;
	unsigned seen = 0;

	memset(&tmp, 0, sizeof(tmp));
	while (lex_token(&p, e, &tp, &te))
		if (field(tp, te, &tmp, &seen) < 0)
			return -EINVAL;
	if (seen != 15)
		return -EINVAL;
	tmp.have = true;
	*l = tmp;
	return 0;
}

int
psi_parse(const char *buf, size_t len, struct psi *psi)
{
	const char *end = buf + len, *p = buf, *lp, *le, *tp, *te;

	memset(psi, 0, sizeof(*psi));
	while (p < end) {
		struct psi_line *l = NULL;

		p = lex_line(p, end, &lp, &le);
		if (!lex_token(&lp, le, &tp, &te))
			continue;
		if (te - tp == 4 && memcmp(tp, "some", 4) == 0 && !psi->some.have)
			l = &psi->some;
		else if (te - tp == 4 && memcmp(tp, "full", 4) == 0 &&
		    !psi->full.have)
			l = &psi->full;
		if (l == NULL || parse_line(lp, le, l) < 0)
			psi->skipped++;
	}
	return psi->some.have || psi->full.have ? 0 : -EINVAL;
}
