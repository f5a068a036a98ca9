/* parse/lex.c: line and token helpers shared by the /proc parsers; no I/O. */
#include "config.h"
#include "parse/lex.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "util/units.h"

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

const char *
lex_line(const char *p, const char *end, const char **lp, const char **le)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	const char *e = nl != NULL ? nl : end;

	*lp = p;
	*le = lex_rtrim(p, e);
	return nl != NULL ? nl + 1 : end;
}

const char *
lex_skip_blank(const char *p, const char *end)
{
	while (p < end && is_blank(*p))
		p++;
	return p;
}

const char *
lex_rtrim(const char *p, const char *e)
{
	while (e > p && (is_blank(e[-1]) || e[-1] == '\r'))
		e--;
	return e;
}

bool
lex_starts(const char *p, const char *end, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

size_t
lex_count_lines(const char *p, size_t len)
{
	const char *end = p + len;
	size_t n = 1;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

int
lex_u64(const char **pp, const char *end, uint64_t *v)
{
	const char *p = lex_skip_blank(*pp, end), *next;
	int rc = mw_parse_u64(p, end, v, &next);

	if (rc < 0)
		return rc;
	if (next < end && !is_blank(*next))
		return -EINVAL;
	*pp = next;
	return 0;
}

int
lex_int(const char **pp, const char *end, int *v)
{
	const char *p = lex_skip_blank(*pp, end), *next;
	int64_t x;
	int rc = mw_parse_i64(p, end, &x, &next);

	if (rc < 0)
		return rc;
	if (x < INT_MIN || x > INT_MAX)
		return -ERANGE;
	*v = (int)x;
	*pp = next;
	return 0;
}

bool
lex_token(const char **pp, const char *end, const char **tp, const char **te)
{
	const char *p = lex_skip_blank(*pp, end);

	if (p == end)
		return false;
	*tp = p;
	while (p < end && !is_blank(*p))
		p++;
	*te = p;
	*pp = p;
	return true;
}

bool
lex_printable(const char *p, const char *e, bool spaces)
{
	if (p >= e)
		return false;
	for (; p < e; p++)
		if ((*p <= ' ' || *p > '~') && !(spaces && *p == ' '))
			return false;
	return true;
}

int
lex_node_zone(const char **pp, const char *end, int *node,
    char zone[PROC_ZONE_NAME_MAX])
{
	const char *p = *pp, *tp, *te;

	if (!lex_starts(p, end, "Node"))
		return -EINVAL;
	p += 4;
	if (lex_int(&p, end, node) < 0 || *node < 0)
		return -EINVAL;
	if (p == end || *p != ',')
		return -EINVAL;
	p = lex_skip_blank(p + 1, end);
	if (!lex_starts(p, end, "zone"))
		return -EINVAL;
	p += 4;
	if (!lex_token(&p, end, &tp, &te))
		return -EINVAL;
	if (te > tp && te[-1] == ',')	/* pagetypeinfo: "zone DMA, type" */
		te--;
	if ((size_t)(te - tp) >= PROC_ZONE_NAME_MAX || !lex_printable(tp, te, false))
		return -EINVAL;
	memcpy(zone, tp, (size_t)(te - tp));
	zone[te - tp] = '\0';
	*pp = p;
	return 0;
}
