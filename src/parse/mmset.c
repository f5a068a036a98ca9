/* parse/mmset.c: memory settings files and /proc/swaps; no I/O. */
#include "config.h"
#include "parse/mmset.h"

#include <errno.h>
#include <string.h>

#include "parse/lex.h"
#include "util/arena.h"
#include "util/units.h"

/* [*p, *e) without the blanks and newlines around it. */
static void
trim(const char **p, const char **e)
{
	while (*p < *e && (**p == ' ' || **p == '\t' || **p == '\n'))
		(*p)++;
	while (*e > *p && ((*e)[-1] == ' ' || (*e)[-1] == '\t' ||
	    (*e)[-1] == '\n' || (*e)[-1] == '\r'))
		(*e)--;
}

int
mmset_u64(const char *buf, size_t len, uint64_t *v)
{
	const char *p = buf, *e = buf + len, *next;
	int rc;

	trim(&p, &e);
	rc = mw_parse_u64(p, e, v, &next);
	if (rc < 0)
		return rc;
	return next == e ? 0 : -EINVAL;
}

int
mmset_bool(const char *buf, size_t len, bool *v)
{
	const char *p = buf, *e = buf + len;

	trim(&p, &e);
	if (e - p != 1)
		return -EINVAL;
	if (*p == 'Y' || *p == 'y' || *p == '1')
		*v = true;
	else if (*p == 'N' || *p == 'n' || *p == '0')
		*v = false;
	else
		return -EINVAL;
	return 0;
}

int
mmset_choice(const char *buf, size_t len, const char **w, size_t *n)
{
	const char *p = buf, *e = buf + len, *o, *c;

	trim(&p, &e);
	o = memchr(p, '[', (size_t)(e - p));
	if (o != NULL) {
		c = memchr(o, ']', (size_t)(e - o));
		if (c == NULL || !lex_printable(o + 1, c, false))
			return -EINVAL;
		*w = o + 1;
		*n = (size_t)(c - o - 1);
		return 0;
	}
	if (!lex_printable(p, e, false))
		return -EINVAL;
	*w = p;
	*n = (size_t)(e - p);
	return 0;
}

int
mmset_hugepage_dir(const char *name, uint64_t *bytes)
{
	const char *p = name, *e, *next;
	uint64_t kib;

	if (strncmp(p, "hugepages-", 10) != 0)
		return -EINVAL;
	p += 10;
	e = p + strlen(p);
	if (mw_parse_u64(p, e, &kib, &next) < 0 || strcmp(next, "kB") != 0 ||
	    kib == 0)
		return -EINVAL;
	return mw_kib_to_bytes(kib, bytes) ? 0 : -ERANGE;
}

/* Octal escapes "\040" of seq_file's mangle_path() back to bytes. */
static char *
unescape(struct mw_arena *a, const char *p, const char *e)
{
	char *out = mw_arena_alloc(a, (size_t)(e - p) + 1), *o = out;

	while (p < e) {
		if (*p == '\\' && e - p >= 4 && p[1] >= '0' && p[1] <= '3' &&
		    p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7') {
			*o++ = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 +
			    (p[3] - '0'));
			p += 4;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

/* "PATH TYPE SIZE USED PRIO", sizes in KiB. */
static int
swap_line(const char *p, const char *e, struct mw_arena *a,
    struct swap_dev *d)
{
	const char *pt, *pe, *tt, *te;
	uint64_t size, used;
	int64_t prio;
	const char *next;

	if (!lex_token(&p, e, &pt, &pe) || !lex_token(&p, e, &tt, &te) ||
	    !lex_printable(tt, te, false) || lex_u64(&p, e, &size) < 0 ||
	    lex_u64(&p, e, &used) < 0)
		return -EINVAL;
	p = lex_skip_blank(p, e);
	if (mw_parse_i64(p, e, &prio, &next) < 0 ||
	    lex_skip_blank(next, e) != e)
		return -EINVAL;
	if (!mw_kib_to_bytes(size, &d->size) ||
	    !mw_kib_to_bytes(used, &d->used))
		return -ERANGE;
	d->path = unescape(a, pt, pe);
	d->type = mw_arena_strndup(a, tt, (size_t)(te - tt));
	d->prio = prio;
	return 0;
}

int
swaps_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct swaps *sw)
{
	const char *end = buf + len, *p = buf, *lp, *le;
	bool header = false;

	memset(sw, 0, sizeof(*sw));
	sw->devs = mw_arena_alloc(arena,
	    lex_count_lines(buf, len) * sizeof(*sw->devs));
	while (p < end) {
		p = lex_line(p, end, &lp, &le);
		lp = lex_skip_blank(lp, le);
		if (lp == le)
			continue;
		if (!header && lex_starts(lp, le, "Filename")) {
			header = true;
			continue;
		}
		if (swap_line(lp, le, arena, &sw->devs[sw->len]) == 0)
			sw->len++;
		else
			sw->skipped++;
	}
	return header || sw->len > 0 ? 0 : -EINVAL;
}
