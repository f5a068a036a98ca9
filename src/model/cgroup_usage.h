/* model/cgroup_usage.h: a memory cgroup's usage and the limit that binds
 * it, in a few reads (the process table's totals per cgroup show them
 * every refresh; model/cgroup.h reads everything else).
 */
#ifndef MW_MODEL_CGROUP_USAGE_H
#define MW_MODEL_CGROUP_USAGE_H

#include <stdbool.h>
#include <stdint.h>

struct mw_source;
struct cg_hier;

struct cg_usage {
	bool has_usage;		/* memory.current / memory.usage_in_bytes read */
	uint64_t usage;		/* bytes */
	bool has_limit;		/* a limit is set at path or above */
	uint64_t limit;		/* bytes: the tightest of them (v2: max or high) */
};

/*
 * Read path's usage and the tightest limit at path and above it, as
 * cg_tree_take() resolves it ("/a/b", below h's root). A file that cannot
 * be read is no limit, an unreadable usage unknown. Never fails.
 */
void cg_usage_read(const struct mw_source *src, const struct cg_hier *h,
    const char *path, struct cg_usage *u);

#endif
