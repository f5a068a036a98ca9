/* model/system_diff.h: what changed between two system snapshots.
 *
 * meminfo deltas (every key of either side), per-zone free memory and
 * free blocks per order, and the slab caches that grew or shrank, largest
 * change first; plus plain-language notes. The diff points into both
 * snapshots, which must outlive it; its own rows live in its arena.
 */
#ifndef MW_MODEL_SYSTEM_DIFF_H
#define MW_MODEL_SYSTEM_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/system.h"
#include "util/arena.h"

struct sys_delta {
	const char *name;		/* meminfo key */
	bool has_before, has_after;
	uint64_t before, after;		/* bytes when is_bytes, else counts */
	int64_t delta;			/* after - before when both are there */
	bool is_bytes;
};

struct sys_zone_delta {
	int node;
	const char *zone;
	bool has_free;			/* zoneinfo on both sides */
	uint64_t free_before, free_after;	/* bytes */
	int64_t free;			/* bytes */
	bool has_blocks;		/* buddyinfo on both sides */
	unsigned norders;
	uint64_t blocks_before[BUDDY_MAX_ORDERS], blocks_after[BUDDY_MAX_ORDERS];
	int64_t blocks[BUDDY_MAX_ORDERS];	/* free blocks per order */
	uint32_t lower_bound;	/* bit o: a side's count of order o was
				 * capped (pagetypeinfo ">100000") */
};

enum sys_change { SYS_ADDED, SYS_REMOVED, SYS_GROWN, SYS_SHRUNK };

struct sys_slab_delta {
	const char *name;
	enum sys_change change;
	uint64_t before, after;		/* bytes held */
	int64_t delta;			/* bytes */
	int64_t objs;			/* active objects */
};

struct sys_diff {
	struct mw_arena arena;
	const struct sys_snapshot *before, *after;
	struct sys_delta *mi;
	size_t nmi;
	struct sys_zone_delta *zones;
	size_t nzones;
	bool has_slabs;			/* slabinfo on both sides */
	struct sys_slab_delta *slabs;	/* changed caches, |delta| descending */
	size_t nslabs;
	const char **notes;
	size_t nnotes;
};

/* Notes give sizes as typed amounts (util/amount.h) render/ formats. */
void sys_diff_compute(const struct sys_snapshot *before,
    const struct sys_snapshot *after, struct sys_diff *d);
void sys_diff_free(struct sys_diff *d);
const char *sys_change_name(enum sys_change c);
/* The delta of a known meminfo key; false when either side lacks it. */
bool sys_diff_mi(const struct sys_diff *d, enum meminfo_key k,
    int64_t *delta);

#endif
