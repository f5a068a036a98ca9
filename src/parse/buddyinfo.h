/* parse/buddyinfo.h: /proc/buddyinfo into per-zone free block counts; no I/O.
 *
 * One row per "Node N, zone NAME c0 c1 ..." line; c_o counts free blocks of
 * 2^o pages. The number of orders is counted per line (11 on x86-64, more
 * with large base pages), up to BUDDY_MAX_ORDERS. Counts are blocks, not
 * bytes: the page size is not in the file.
 */
#ifndef MW_PARSE_BUDDYINFO_H
#define MW_PARSE_BUDDYINFO_H

#include <stddef.h>
#include <stdint.h>

#include "parse/lex.h"

struct mw_arena;

#define BUDDY_MAX_ORDERS 32

struct buddy_zone {
	int node;
	char zone[PROC_ZONE_NAME_MAX];
	unsigned norders;	/* columns printed */
	uint64_t count[BUDDY_MAX_ORDERS];	/* free blocks per order */
	uint32_t lower_bound;	/* bit o: count[o] is at least this (summed
				 * from pagetypeinfo's ">100000") */
};

struct buddyinfo {
	struct buddy_zone *zones;	/* in the caller's arena */
	size_t len;
	unsigned norders;	/* the most columns of any row */
	size_t skipped;		/* malformed lines passed over */
};

/* 0, or -EINVAL when buf holds text but no usable row. */
int buddyinfo_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct buddyinfo *out);
/* Free pages of a row: sum of count[o] << o (saturating). */
uint64_t buddy_free_pages(const struct buddy_zone *z);
/* The largest order with a free block, or -1 when none is free. */
int buddy_largest_order(const struct buddy_zone *z);
/* The row of node/zone, or NULL. */
const struct buddy_zone *buddy_find(const struct buddyinfo *bi, int node,
    const char *zone);

#endif
