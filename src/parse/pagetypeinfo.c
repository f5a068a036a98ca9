/* parse/pagetypeinfo.c: pagetypeinfo_show() of mm/vmstat.c; no I/O. */
#include "config.h"
#include "parse/pagetypeinfo.h"

#include <errno.h>
#include <string.h>

#include "util/arena.h"
#include "util/units.h"

enum pti_table { PT_NONE, PT_FREE, PT_BLOCKS, PT_MIXED };

/* The index of name[0..n) among names[0..*count), added when new. */
static int
name_index(char (*names)[PTI_TYPE_NAME_MAX], unsigned *count,
    const char *name, size_t n)
{
	unsigned i;

	if (n >= PTI_TYPE_NAME_MAX || !lex_printable(name, name + n, false))
		return -1;
	for (i = 0; i < *count; i++)
		if (strlen(names[i]) == n && memcmp(names[i], name, n) == 0)
			return (int)i;
	if (*count == PTI_MAX_TYPES)
		return -1;
	memcpy(names[i], name, n);
	names[i][n] = '\0';
	return (int)(*count)++;
}

int
pti_type_index(struct pagetypeinfo *pti, const char *name, size_t n)
{
	return name_index(pti->types, &pti->ntypes, name, n);
}

int
pti_block_type_index(struct pagetypeinfo *pti, const char *name, size_t n)
{
	return name_index(pti->block_types, &pti->nblock_types, name, n);
}

uint64_t
pti_free_pages(const struct pti_free *r)
{
	uint64_t sum = 0, pages;

	for (unsigned o = 0; o < r->norders; o++) {
		if (r->count[o] > (UINT64_MAX >> o) ||
		    __builtin_add_overflow(sum, r->count[o] << o, &pages))
			return UINT64_MAX;
		sum = pages;
	}
	return sum;
}

/* "Number of blocks type     Unmovable      Movable ...". */
static int
block_header(const char *p, const char *e, struct pagetypeinfo *out)
{
	const char *tp, *te;
	unsigned n = 0;

	p += strlen("Number of blocks type");
	while (lex_token(&p, e, &tp, &te)) {
		if (n == PTI_MAX_TYPES || te - tp >= PTI_TYPE_NAME_MAX ||
		    !lex_printable(tp, te, false))
			return -EINVAL;
		memcpy(out->block_types[n], tp, (size_t)(te - tp));
		out->block_types[n][te - tp] = '\0';
		n++;
	}
	if (n == 0)
		return -EINVAL;
	out->nblock_types = n;
	return 0;
}

/* ", type    Unmovable      0      1 >100000 ...". */
static int
free_row(const char *p, const char *e, struct pagetypeinfo *out,
    struct pti_free *r)
{
	const char *tp, *te;
	int t;

	p = lex_skip_blank(p, e);
	if (!lex_starts(p, e, "type"))
		return -EINVAL;
	p += 4;
	if (!lex_token(&p, e, &tp, &te) || (t = pti_type_index(out, tp,
	    (size_t)(te - tp))) < 0)
		return -EINVAL;
	r->type = (unsigned)t;
	for (p = lex_skip_blank(p, e); p < e; p = lex_skip_blank(p, e)) {
		if (r->norders == BUDDY_MAX_ORDERS)
			return -EINVAL;
		if (*p == '>') {	/* ">100000": a lower bound (5.4+) */
			p++;
			r->lower_bound |= 1u << r->norders;
		}
		if (lex_u64(&p, e, &r->count[r->norders]) < 0)
			return -EINVAL;
		r->norders++;
	}
	return r->norders > 0 ? 0 : -EINVAL;
}

static int
blocks_row(const char *p, const char *e, struct pti_blocks *b)
{
	for (p = lex_skip_blank(p, e); p < e; p = lex_skip_blank(p, e)) {
		if (b->ntypes == PTI_MAX_TYPES ||
		    lex_u64(&p, e, &b->count[b->ntypes]) < 0)
			return -EINVAL;
		b->ntypes++;
	}
	return b->ntypes > 0 ? 0 : -EINVAL;
}

/* A "Node N, zone Z ..." row of the current table. */
static int
node_row(const char *p, const char *e, enum pti_table table,
    struct pagetypeinfo *out, size_t cap)
{
	int node;
	char zone[PROC_ZONE_NAME_MAX];

	if (lex_node_zone(&p, e, &node, zone) < 0)
		return -EINVAL;
	if (table == PT_FREE) {
		struct pti_free *r = &out->free[out->nfree];

		memset(r, 0, sizeof(*r));
		r->node = node;
		memcpy(r->zone, zone, sizeof(zone));
		if (out->nfree == cap || free_row(p, e, out, r) < 0)
			return -EINVAL;
		out->nfree++;
	} else if (table == PT_BLOCKS) {
		struct pti_blocks *b = &out->blocks[out->nblocks];

		memset(b, 0, sizeof(*b));
		b->node = node;
		memcpy(b->zone, zone, sizeof(zone));
		if (out->nblocks == cap || blocks_row(p, e, b) < 0)
			return -EINVAL;
		out->nblocks++;
	} else if (table != PT_MIXED) {
		return -EINVAL;
	}
	return 0;
}

/* Header lines; 1 when the line was one, 0 when not, -EINVAL if bad. */
static int
header(const char *p, const char *e, struct pagetypeinfo *out,
    enum pti_table *table)
{
	uint64_t v;

	if (lex_starts(p, e, "Page block order:")) {
		p += strlen("Page block order:");
		if (lex_u64(&p, e, &v) < 0 || v > 63)
			return -EINVAL;
		out->page_block_order = (unsigned)v;
		out->has_block_order = true;
	} else if (lex_starts(p, e, "Pages per block:")) {
		p += strlen("Pages per block:");
		if (lex_u64(&p, e, &out->pages_per_block) < 0)
			return -EINVAL;
	} else if (lex_starts(p, e, "Free pages count per migrate type")) {
		*table = PT_FREE;
	} else if (lex_starts(p, e, "Number of blocks type")) {
		*table = PT_BLOCKS;
		return block_header(p, e, out) < 0 ? -EINVAL : 1;
	} else if (lex_starts(p, e, "Number of mixed blocks")) {
		*table = PT_MIXED;
	} else {
		return 0;
	}
	return 1;
}

int
pagetypeinfo_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct pagetypeinfo *out)
{
	const char *end = buf + len, *p = buf, *lp, *le;
	size_t lines = lex_count_lines(buf, len);
	enum pti_table table = PT_NONE;
	int rc;

	memset(out, 0, sizeof(*out));
	out->free = mw_arena_alloc(arena, lines * sizeof(*out->free));
	out->blocks = mw_arena_alloc(arena, lines * sizeof(*out->blocks));
	while (p < end) {
		p = lex_line(p, end, &lp, &le);
		lp = lex_skip_blank(lp, le);
		if (lp == le)
			continue;
		rc = header(lp, le, out, &table);
		if (rc == 0)
			rc = node_row(lp, le, table, out, lines);
		if (rc < 0)
			out->skipped++;
	}
	return out->nfree + out->nblocks == 0 && out->skipped > 0 ? -EINVAL : 0;
}
