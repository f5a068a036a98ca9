/* render/json_system_read_pti.c: a system snapshot's "pagetypeinfo" back
 * into the model (json_system_read.c reads the rest). */
#include "config.h"
#include "render/json_system_read_int.h"

#include <string.h>

#include "model/system_fields.h"
#include "render/json.h"

/* "free" or "blocks" (items of which, read by their rows). */
static int
read_pti_items(struct sysrd *r, const json_t *arr, enum system_rows which)
{
	struct pagetypeinfo *p = &r->s->pti;
	bool blocks = which == SR_PTI_BLOCKS;
	size_t size = blocks ? sizeof(*p->blocks) : sizeof(*p->free);
	size_t *n = blocks ? &p->nblocks : &p->nfree;
	char *items = mw_arena_alloc(&r->s->arena,
	    (json_array_size(arr) + 1) * size);
	int rc;

	if (blocks)
		p->blocks = (struct pti_blocks *)items;
	else
		p->free = (struct pti_free *)items;
	for (size_t i = 0; i < json_array_size(arr); i++) {
		memset(items + *n * size, 0, size);
		if ((rc = sysrd_rows(r, json_array_get(arr, i), blocks ?
		    "pagetypeinfo.blocks[]." : "pagetypeinfo.free[].",
		    items + *n * size, which)) < 0)
			return rc;
		(*n)++;
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
	if ((rc = read_pti_items(r, fr, SR_PTI_FREE)) < 0 ||
	    (rc = read_pti_items(r, json_object_get(o, "blocks"),
	    SR_PTI_BLOCKS)) < 0)
		return rc;
	r->s->part[SYS_PAGETYPEINFO].have = true;
	return 0;
}
