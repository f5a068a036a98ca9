/* model/system_fields.h: the system-snapshot document's rows.
 *
 * Rows (model/fields.h) for the parts of "system-snapshot" (and of the
 * "zones" and "slabs" documents) whose keys are fixed: a zone (struct
 * zone_info), a node's stats (struct zone_node), a slab cache (struct
 * slab_cache), pagetypeinfo's free lists and blocks, a tmpfs mount. The context of a FT_DERIVED* row and of a FK_GET one is
 * the struct sys_snapshot; FT_PAGES rows take its page size. The JSON
 * writer, both JSON readers and the OpenMetrics walk go over them.
 */
#ifndef MW_MODEL_SYSTEM_FIELDS_H
#define MW_MODEL_SYSTEM_FIELDS_H

#include <stddef.h>

#include "model/fields.h"

enum system_rows {
	SR_SLAB,	/* a slab cache, in order (struct slab_cache) */
	SR_ZONE,	/* an item of "zones", in order (struct zone_info) */
	SR_NODE,	/* an item of "nodes", in order (struct zone_node) */
	SR_BUDDY,	/* an item of "buddy" (or of the "buddy" document's
			 * "zones"), the keys before its fragmentation
			 * indexes (struct buddy_zone) */
	/*
	 * The meminfo keys exported as metric families. The "meminfo"
	 * object holds every key the kernel printed (bytes, or counts where
	 * listed in "meminfo_counts"); these rows have no key of their own:
	 * off is the enum meminfo_key, spelled by parse/meminfo.c.
	 */
	SR_MEMINFO,
	SR_PTI_FREE,	/* an item of "pagetypeinfo"'s "free", in order
			 * (struct pti_free) */
	SR_PTI_BLOCKS,	/* an item of "pagetypeinfo"'s "blocks" (struct
			 * pti_blocks) */
	SR_TMPFS,	/* an item of "tmpfs" (struct acct_tmpfs) */
	SR_NR
};

/* The rows of which, *n of them. */
const struct field_row *system_fields(enum system_rows which, size_t *n);

#endif
