/* parse/slabinfo.h: /proc/slabinfo into one row per cache; no I/O.
 *
 * Versions 2.x of the format, SLUB and SLAB, with or without the
 * "(statistics)" groups. A row is split on " : "; the five numbers of the
 * first part are read from the right, so names longer than the 17-column
 * field or holding spaces and parentheses are kept whole. Names live in the
 * caller's arena.
 */
#ifndef MW_PARSE_SLABINFO_H
#define MW_PARSE_SLABINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mw_arena;

struct slab_cache {
	const char *name;		/* NUL-terminated, untrusted */
	uint64_t active_objs, num_objs;
	uint64_t objsize;		/* bytes per object, stride */
	uint64_t objperslab, pagesperslab;
	uint64_t limit, batchcount, sharedfactor;	/* "tunables" (SLAB) */
	uint64_t active_slabs, num_slabs, sharedavail;	/* "slabdata" */
	bool has_tunables;
};

struct slabinfo {
	struct slab_cache *caches;	/* file order */
	size_t len;
	unsigned version_major, version_minor;	/* 0.0: no version line */
	bool statistics;		/* "(statistics)" variant */
	size_t skipped;			/* malformed lines passed over */
};

/* 0, or -EINVAL when buf holds text but no usable row. */
int slabinfo_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct slabinfo *out);
/* Bytes held: num_slabs * pagesperslab * page_size; false on overflow. */
bool slab_cache_bytes(const struct slab_cache *c, uint64_t page_size,
    uint64_t *bytes);
/* Bytes of the active objects: active_objs * objsize (saturating). */
uint64_t slab_cache_active_bytes(const struct slab_cache *c);
enum slab_allocator { SLAB_ALLOC_UNKNOWN, SLAB_ALLOC_SLUB, SLAB_ALLOC_SLAB };
/*
 * What the whole file says: SLUB prints zero tunables and sharedavail on
 * every row (slabinfo_show_stats is empty there), SLAB a non-zero limit
 * and batchcount on every row and alone has a "(statistics)" variant.
 * Anything else (mixed rows, no rows) is unknown.
 */
enum slab_allocator slabinfo_allocator(const struct slabinfo *si);

#endif
