/* parse/slabinfo.c: slab caches (cache_show(), mm/slab_common.c). */
#include "config.h"
#include "parse/slabinfo.h"

#include <errno.h>
#include <string.h>

#include "parse/lex.h"
#include "util/arena.h"
#include "util/units.h"

/* The next " : " in [p, e), or e. */
static const char *
next_group(const char *p, const char *e)
{
	while (p + 3 <= e) {
		const char *c = memchr(p, ':', (size_t)(e - p));

		if (c == NULL)
			break;
		if (c > p && c[-1] == ' ' && c + 1 < e && c[1] == ' ')
			return c - 1;
		p = c + 1;
	}
	return e;
}

/* Three numbers after a group's label ("tunables 0 0 0"). */
static int
group3(const char *p, const char *e, const char *label, uint64_t v[3])
{
	p = lex_skip_blank(p, e);
	if (!lex_starts(p, e, label))
		return -EINVAL;
	p += strlen(label);
	for (int i = 0; i < 3; i++)
		if (lex_u64(&p, e, &v[i]) < 0)
			return -EINVAL;
	return lex_skip_blank(p, e) == e ? 0 : -EINVAL;
}

/* "name  a n s o p": five numbers read from the right, the rest is name. */
static int
first_part(const char *p, const char *e, const char **ne, uint64_t v[5])
{
	const char *t = lex_rtrim(p, e);

	for (int i = 4; i >= 0; i--) {
		const char *s = t;

		while (s > p && s[-1] >= '0' && s[-1] <= '9')
			s--;
		if (s == t || s == p || (s[-1] != ' ' && s[-1] != '\t'))
			return -EINVAL;
		if (mw_parse_u64(s, t, &v[i], NULL) < 0)
			return -EINVAL;
		t = lex_rtrim(p, s);
	}
	if (t == p)
		return -EINVAL;
	*ne = t;
	return 0;
}

/* One cache; its name is cut in place in copy (the text's arena copy). */
static int
row(const char *p, const char *e, char *copy, const char *buf,
    struct slab_cache *c)
{
	const char *g = next_group(p, e), *ne, *gn, *start = p;
	uint64_t v[5], t[3];
	bool have_data = false;

	memset(c, 0, sizeof(*c));
	if (g == e || first_part(p, g, &ne, v) < 0)
		return -EINVAL;
	c->active_objs = v[0], c->num_objs = v[1], c->objsize = v[2];
	c->objperslab = v[3], c->pagesperslab = v[4];
	while (g < e) {
		p = g + 3;
		gn = next_group(p, e);
		if (group3(p, gn, "tunables", t) == 0) {
			c->limit = t[0], c->batchcount = t[1];
			c->sharedfactor = t[2], c->has_tunables = true;
		} else if (group3(p, gn, "slabdata", t) == 0) {
			c->active_slabs = t[0], c->num_slabs = t[1];
			c->sharedavail = t[2], have_data = true;
		}	/* globalstat, cpustat and unknown groups: ignored */
		g = gn;
	}
	start = lex_skip_blank(start, ne);
	if (!have_data || start == ne ||
	    memchr(start, '\0', (size_t)(ne - start)) != NULL)
		return -EINVAL;
	copy[ne - buf] = '\0';
	c->name = copy + (start - buf);
	return 0;
}

/* "slabinfo - version: 2.1" or "... 2.1 (statistics)". */
static int
version(const char *p, const char *e, struct slabinfo *out)
{
	uint64_t a, b;
	const char *next;

	p = lex_skip_blank(p + strlen("slabinfo - version:"), e);
	if (mw_parse_u64(p, e, &a, &next) < 0 || next == e || *next != '.' ||
	    mw_parse_u64(next + 1, e, &b, &next) < 0 || a > 99 || b > 99)
		return -EINVAL;
	out->version_major = (unsigned)a;
	out->version_minor = (unsigned)b;
	out->statistics = lex_skip_blank(next, e) < e &&
	    lex_starts(lex_skip_blank(next, e), e, "(statistics)");
	return 0;
}

int
slabinfo_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct slabinfo *out)
{
	const char *end = buf + len, *p = buf, *lp, *le;
	size_t lines = lex_count_lines(buf, len);
	char *copy;

	memset(out, 0, sizeof(*out));
	out->caches = mw_arena_alloc(arena, lines * sizeof(*out->caches));
	/* One copy of the text holds every name: no allocation per row. */
	copy = mw_arena_alloc(arena, len + 1);
	memcpy(copy, buf, len);
	copy[len] = '\0';
	while (p < end) {
		p = lex_line(p, end, &lp, &le);
		if (lex_skip_blank(lp, le) == le || *lp == '#')
			continue;
		if (lex_starts(lp, le, "slabinfo - version:")) {
			if (version(lp, le, out) < 0)
				out->skipped++;
			continue;
		}
		if (row(lp, le, copy, buf, &out->caches[out->len]) < 0)
			out->skipped++;
		else
			out->len++;
	}
	return out->len == 0 && out->skipped > 0 ? -EINVAL : 0;
}

bool
slab_cache_bytes(const struct slab_cache *c, uint64_t page_size,
    uint64_t *bytes)
{
	uint64_t pages;

	return mw_mul_u64(c->num_slabs, c->pagesperslab, &pages) &&
	    mw_mul_u64(pages, page_size, bytes);
}

uint64_t
slab_cache_active_bytes(const struct slab_cache *c)
{
	uint64_t b;

	return mw_mul_u64(c->active_objs, c->objsize, &b) ? b : UINT64_MAX;
}

enum slab_allocator
slabinfo_allocator(const struct slabinfo *si)
{
	size_t zero = 0, tuned = 0;

	for (size_t i = 0; i < si->len; i++) {
		const struct slab_cache *c = &si->caches[i];

		if (!c->has_tunables)
			continue;
		if (c->limit == 0 && c->batchcount == 0 &&
		    c->sharedfactor == 0 && c->sharedavail == 0)
			zero++;
		else if (c->limit != 0 && c->batchcount != 0)
			tuned++;
		else
			return SLAB_ALLOC_UNKNOWN;
	}
	if (tuned > 0 && zero == 0)
		return SLAB_ALLOC_SLAB;
	if (zero > 0 && tuned == 0)
		return si->statistics ? SLAB_ALLOC_UNKNOWN : SLAB_ALLOC_SLUB;
	return SLAB_ALLOC_UNKNOWN;
}
