/* render/json_system_read_pti.c: a system snapshot's "pagetypeinfo" back
 * into the model (json_system_read.c reads the rest). */
#include "config.h"
#include "render/json_system_read_int.h"

#include <string.h>

#include "parse/lex.h"
#include "render/json.h"

static int
read_pti_free(struct sysrd *r, const json_t *fr)
{
	struct pagetypeinfo *p = &r->s->pti;
	int rc;

	p->free = mw_arena_alloc(&r->s->arena,
	    (json_array_size(fr) + 1) * sizeof(*p->free));
	for (size_t i = 0; i < json_array_size(fr); i++) {
		struct pti_free *f = &p->free[p->nfree];

		memset(f, 0, sizeof(*f));
		if ((rc = sysrd_rows(r, json_array_get(fr, i),
		    "pagetypeinfo.free[].", f, SR_PTI_FREE)) < 0)
			return rc;
		p->nfree++;
	}
	return 0;
}

/* The column of a block type name, added when new; -1 when not usable. */
static int
block_type(struct pagetypeinfo *p, const char *k)
{
	unsigned t;

	for (t = 0; t < p->nblock_types; t++)
		if (strcmp(p->block_types[t], k) == 0)
			return (int)t;
	if (t == PTI_MAX_TYPES || strlen(k) >= PTI_TYPE_NAME_MAX ||
	    !lex_printable(k, k + strlen(k), false))
		return -1;
	strcpy(p->block_types[p->nblock_types], k);
	return (int)p->nblock_types++;
}

static int
read_pti_blocks(struct sysrd *r, const json_t *bl)
{
	struct pagetypeinfo *p = &r->s->pti;
	int rc;

	p->blocks = mw_arena_alloc(&r->s->arena,
	    (json_array_size(bl) + 1) * sizeof(*p->blocks));
	for (size_t i = 0; json_is_array(bl) && i < json_array_size(bl); i++) {
		const json_t *x = json_array_get(bl, i);
		struct pti_blocks *b = &p->blocks[p->nblocks];
		const char *k;
		json_t *c, *val;
		int t;

		memset(b, 0, sizeof(*b));
		if ((rc = sysrd_node_zone(r, x, "pagetypeinfo.blocks[].", &b->node,
		    b->zone)) < 0)
			return rc;
		c = json_object_get(x, "blocks");
		if (!json_is_object(c))
			return sysrd_bad(r, "pagetypeinfo.blocks[].blocks", "an object");
		json_object_foreach(c, k, val) {
			if ((t = block_type(p, k)) < 0 || !json_is_integer(val) ||
			    json_integer_value(val) < 0)
				return sysrd_bad(r, "pagetypeinfo.blocks[].blocks",
				    "an object of migrate types and counts");
			b->count[t] = (uint64_t)json_integer_value(val);
			if ((unsigned)t + 1 > b->ntypes)
				b->ntypes = (unsigned)t + 1;
		}
		p->nblocks++;
	}
	return 0;
}

int
sysrd_pti(struct sysrd *r, const json_t *doc)
{
	const json_t *o = json_object_get(doc, "pagetypeinfo"), *fr;
	struct pagetypeinfo *p = &r->s->pti;
	uint64_t v;
	int rc;

	if (o == NULL)
		return 0;
	fr = json_object_get(o, "free");
	if (!json_is_object(o) || !json_is_array(fr))
		return sysrd_bad(r, "pagetypeinfo.free", "an array");
	if (sysrd_u64(r, o, "page_block_order", "pagetypeinfo.", &v, false) == 0 &&
	    v < 64)
		p->page_block_order = (unsigned)v, p->has_block_order = true;
	sysrd_u64(r, o, "pages_per_block", "pagetypeinfo.", &p->pages_per_block,
	    false);
	if ((rc = read_pti_free(r, fr)) < 0 ||
	    (rc = read_pti_blocks(r, json_object_get(o, "blocks"))) < 0)
		return rc;
	r->s->part[SYS_PAGETYPEINFO].have = true;
	return 0;
}
