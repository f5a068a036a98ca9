/* parse/pagetypeinfo.h: /proc/pagetypeinfo free lists and pageblocks; no I/O.
 *
 * The file repeats, per node with memory: "Page block order", "Pages per
 * block", the free table (one row per zone and migrate type, one count per
 * order; since 5.4 a list longer than 100000 prints ">100000", kept here as
 * 100000 with its lower-bound bit set), and the blocks table (pageblocks
 * per migrate type). Migrate type names and their order come from the file
 * (modern: Unmovable Movable Reclaimable HighAtomic [CMA] [Isolate]; before
 * 4.4: Unmovable Reclaimable Movable Reserve Isolate). A "Number of mixed
 * blocks" table (page_owner) is recognised and passed over.
 */
#ifndef MW_PARSE_PAGETYPEINFO_H
#define MW_PARSE_PAGETYPEINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/buddyinfo.h"
#include "parse/lex.h"

struct mw_arena;

#define PTI_MAX_TYPES 12
#define PTI_TYPE_NAME_MAX 16
#define PTI_LOWER_BOUND 100000	/* ">100000" */

struct pti_free {
	int node;
	char zone[PROC_ZONE_NAME_MAX];
	unsigned type;			/* index into pagetypeinfo.types */
	unsigned norders;
	uint64_t count[BUDDY_MAX_ORDERS];	/* free blocks per order */
	uint32_t lower_bound;		/* bit o: printed as ">100000" */
};

struct pti_blocks {
	int node;
	char zone[PROC_ZONE_NAME_MAX];
	unsigned ntypes;		/* columns, named by block_types */
	uint64_t count[PTI_MAX_TYPES];	/* pageblocks per migrate type */
};

struct pagetypeinfo {
	bool has_block_order;
	unsigned page_block_order;
	uint64_t pages_per_block;	/* 0: not printed */
	char types[PTI_MAX_TYPES][PTI_TYPE_NAME_MAX];	/* free-table types */
	unsigned ntypes;
	char block_types[PTI_MAX_TYPES][PTI_TYPE_NAME_MAX];	/* blocks header */
	unsigned nblock_types;
	struct pti_free *free;		/* in the caller's arena */
	size_t nfree;
	struct pti_blocks *blocks;
	size_t nblocks;
	size_t skipped;			/* malformed lines passed over */
};

/* 0, or -EINVAL when buf holds text but no usable row. */
int pagetypeinfo_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct pagetypeinfo *out);
/* The index of a migrate type name in pti->types (of the blocks' header,
 * pti->block_types), adding it; -1 if full or not printable ASCII. */
int pti_type_index(struct pagetypeinfo *pti, const char *name, size_t n);
int pti_block_type_index(struct pagetypeinfo *pti, const char *name,
    size_t n);
/* Free pages of one row (sum count << order, saturating). */
uint64_t pti_free_pages(const struct pti_free *r);

#endif
