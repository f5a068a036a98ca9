/* render/json_system_stream_pti.c: a system snapshot's "pagetypeinfo" read
 * from the token stream (json_system_stream.c reads the rest). */
#include "config.h"
#include "render/json_system_stream_int.h"

#include <string.h>

#include "model/system_fields.h"
#include "parse/lex.h"

/* The column of a block type name, added when new; -1 when not usable. */
static int
block_type(struct pagetypeinfo *p, const char *k, size_t n)
{
	unsigned t;

	for (t = 0; t < p->nblock_types; t++)
		if (strcmp(p->block_types[t], k) == 0)
			return (int)t;
	if (t == PTI_MAX_TYPES || n >= PTI_TYPE_NAME_MAX ||
	    !lex_printable(k, k + n, false))
		return -1;
	memcpy(p->block_types[p->nblock_types], k, n + 1);
	return (int)p->nblock_types++;
}

static int
pti_block_counts(struct ssr *x, struct pti_blocks *b)
{
	struct pagetypeinfo *p = &x->s->pti;
	uint32_t obj = mwjson_rd_obj(x->rd);
	const char *k;
	size_t n;
	int rc, col;

	if (ssr_next(x) != JT_OBJ)
		return SSR_NOPE;
	while ((rc = ssr_key_next(x, obj, &k, &n)) > 0) {
		if ((col = block_type(p, k, n)) < 0 ||
		    ssr_next(x) != JT_INT || x->rd->t.i < 0)
			return SSR_NOPE;
		b->count[col] = (uint64_t)x->rd->t.i;
		if ((unsigned)col + 1 > b->ntypes)
			b->ntypes = (unsigned)col + 1;
	}
	return rc;
}

/* An item of "blocks" (arg unused). */
static int
pti_blocks(struct ssr *x, void *it, const void *arg)
{
	struct pti_blocks *b = it;
	uint32_t obj = mwjson_rd_obj(x->rd);
	unsigned seen = 0;
	const char *k;
	size_t n;
	int rc;

	(void)arg;
	while ((rc = ssr_key_next(x, obj, &k, &n)) > 0) {
		if ((rc = ssr_node_zone(x, k, n, &b->node, b->zone, &seen)) != 0)
			rc = rc < 0 ? rc : 0;
		else if (is(k, "blocks") && (seen |= 4))
			rc = pti_block_counts(x, b);
		else
			rc = ssr_skip(x);
		if (rc < 0)
			return rc;
	}
	return rc == 0 && seen == 7 ? 0 : SSR_NOPE;
}

/* "free" or "blocks" of "pagetypeinfo" (its JT_ARR read). */
static int
pti_array(struct ssr *x, bool blocks)
{
	struct pagetypeinfo *p = &x->s->pti;
	void *a;

	static const enum system_rows free_rows = SR_PTI_FREE;

	if (ssr_items(x, blocks ? sizeof(*p->blocks) : sizeof(*p->free),
	    blocks ? pti_blocks : ssr_row_item, &free_rows, &a,
	    blocks ? &p->nblocks : &p->nfree) < 0)
		return SSR_NOPE;
	if (blocks)
		p->blocks = a;
	else
		p->free = a;
	return 0;
}

int
ssr_pti(struct ssr *x)
{
	struct pagetypeinfo *p = &x->s->pti;
	uint32_t obj = mwjson_rd_obj(x->rd);
	bool have_free = false, have_blocks = false;
	const char *k;
	size_t n;
	int t, rc;

	if (ssr_next(x) != JT_OBJ)
		return SSR_NOPE;
	while ((rc = ssr_key_next(x, obj, &k, &n)) > 0) {
		if (is(k, "free")) {
			rc = ssr_next(x) == JT_ARR ? pti_array(x, false) : SSR_NOPE;
			have_free = true;
		} else if (is(k, "blocks")) {
			t = ssr_next(x);
			rc = t == JT_ARR ? pti_array(x, true) : ssr_skip_tok(x, t);
			have_blocks = t == JT_ARR;
		} else if (is(k, "page_block_order") || is(k, "pages_per_block")) {
			bool order = is(k, "page_block_order");

			t = ssr_next(x);
			rc = ssr_skip_tok(x, t);
			if (t == JT_INT && x->rd->t.i >= 0 && !order)
				p->pages_per_block = (uint64_t)x->rd->t.i;
			else if (t == JT_INT && x->rd->t.i >= 0 &&
			    x->rd->t.i < 64) {
				p->page_block_order = (unsigned)x->rd->t.i;
				p->has_block_order = true;
			}
		} else {
			rc = ssr_skip(x);
		}
		if (rc < 0)
			return rc;
	}
	if (rc < 0 || !have_free)
		return SSR_NOPE;
	if (!have_blocks)
		p->blocks = mw_arena_alloc(&x->s->arena, sizeof(*p->blocks));
	x->s->part[SYS_PAGETYPEINFO].have = true;
	return 0;
}
