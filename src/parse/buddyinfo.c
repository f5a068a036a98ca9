/* parse/buddyinfo.c: free counts per zone (frag_show_print(), mm/vmstat.c). */
#include "config.h"
#include "parse/buddyinfo.h"

#include <errno.h>
#include <string.h>

#include "util/arena.h"

/* The counts after the zone name, one per order, up to the line's end. */
static int
row_counts(const char *p, const char *e, struct buddy_zone *z)
{
	unsigned n = 0;

	p = lex_skip_blank(p, e);
	while (p < e) {
		if (n == BUDDY_MAX_ORDERS)
			return -EINVAL;
		if (lex_u64(&p, e, &z->count[n]) < 0)
			return -EINVAL;
		n++;
		p = lex_skip_blank(p, e);
	}
	if (n == 0)
		return -EINVAL;
	z->norders = n;
	return 0;
}

int
buddyinfo_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct buddyinfo *out)
{
	const char *end = buf + len, *p = buf, *lp, *le;
	size_t lines = lex_count_lines(buf, len);

	memset(out, 0, sizeof(*out));
	out->zones = mw_arena_alloc(arena, lines * sizeof(*out->zones));
	while (p < end) {
		struct buddy_zone *z = &out->zones[out->len];

		p = lex_line(p, end, &lp, &le);
		lp = lex_skip_blank(lp, le);
		if (lp == le)
			continue;
		memset(z, 0, sizeof(*z));
		if (lex_node_zone(&lp, le, &z->node, z->zone) < 0 ||
		    row_counts(lp, le, z) < 0) {
			out->skipped++;
			continue;
		}
		if (z->norders > out->norders)
			out->norders = z->norders;
		out->len++;
	}
	return out->len == 0 && out->skipped > 0 ? -EINVAL : 0;
}

uint64_t
buddy_free_pages(const struct buddy_zone *z)
{
	uint64_t sum = 0, pages;

	for (unsigned o = 0; o < z->norders; o++) {
		if (z->count[o] > (UINT64_MAX >> o) ||
		    __builtin_add_overflow(sum, z->count[o] << o, &pages))
			return UINT64_MAX;
		sum = pages;
	}
	return sum;
}

int
buddy_largest_order(const struct buddy_zone *z)
{
	for (int o = (int)z->norders - 1; o >= 0; o--)
		if (z->count[o] > 0)
			return o;
	return -1;
}

const struct buddy_zone *
buddy_find(const struct buddyinfo *bi, int node, const char *zone)
{
	for (size_t i = 0; i < bi->len; i++)
		if (bi->zones[i].node == node &&
		    strcmp(bi->zones[i].zone, zone) == 0)
			return &bi->zones[i];
	return NULL;
}
