/* model/reserve.h: which zones an allocation may take pages from.
 *
 * A request names the highest zone it may use (gfp_zone()); it may take
 * from that zone and every lower one of its node, but from a lower zone
 * only while the zone's free pages, less the block, stay above the
 * watermark plus the zone's protection against that highest zone
 * (lowmem_reserve[highest_zoneidx] in __zone_watermark_ok(),
 * mm/page_alloc.c). zoneinfo lists every zone type of a node in order and
 * prints lowmem_reserve as "protection: (...)", one entry per zone type.
 */
#ifndef MW_MODEL_RESERVE_H
#define MW_MODEL_RESERVE_H

#include <stdbool.h>
#include <stdint.h>

struct zone_info;
struct zoneinfo;

enum alloc_class {
	ALLOC_KERNEL,		/* GFP_KERNEL: up to Normal */
	ALLOC_MOVABLE,		/* GFP_HIGHUSER_MOVABLE (THP): up to Movable */
};

/* The place of a node's zone among its zone types, or -1. */
int zone_type_index(const struct zoneinfo *zi, int node, const char *name);
/* The zoneinfo row of a node's zone, or NULL. */
const struct zone_info *zone_row(const struct zoneinfo *zi, int node,
    const char *name);
/* The zone type index of the highest zone class c may use on node, or -1. */
int alloc_class_top(const struct zoneinfo *zi, int node, enum alloc_class c);

enum zone_access {
	ZA_UNKNOWN,		/* zoneinfo lacks the zone, its watermark or
				 * its protection */
	ZA_ABOVE,		/* the zone is above the class's highest zone */
	ZA_RESERVED,		/* free - (block - 1) page is not above
				 * low + protection */
	ZA_OPEN,
};
/*
 * Can class c take a block of 2^order pages from zone z (of zoneinfo zi)
 * past the low watermark? *reserve gets the protection in pages (0 when
 * unknown).
 */
enum zone_access zone_access(const struct zoneinfo *zi,
    const struct zone_info *z, enum alloc_class c, unsigned order,
    uint64_t *reserve);

#endif
