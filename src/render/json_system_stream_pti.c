/* render/json_system_stream_pti.c: a system snapshot's "pagetypeinfo" read
 * from the token stream (json_system_stream.c reads the rest). */
#include "config.h"
#include "render/json_system_stream_int.h"

#include <string.h>

#include "model/system_fields.h"

/* "free" or "blocks" of "pagetypeinfo" (its JT_ARR read). */
static int
pti_array(struct ssr *x, bool blocks)
{
	struct pagetypeinfo *p = &x->s->pti;
	void *a;

	static const enum system_rows free_rows = SR_PTI_FREE,
	    block_rows = SR_PTI_BLOCKS;

	if (ssr_items(x, blocks ? sizeof(*p->blocks) : sizeof(*p->free),
	    ssr_row_item, blocks ? &block_rows : &free_rows, &a,
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
