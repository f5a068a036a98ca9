/* model/cgroup.h: memory cgroups, v1 and v2, read through the source.
 *
 * Where the hierarchy lives is read from the proc root's self/mountinfo,
 * not assumed: the unified (v2) hierarchy when its root lists the memory
 * controller, else the v1 memory hierarchy (a hybrid system mounts both,
 * with the memory controller on v1). Its mount point must lie below /sys
 * (the sys root, which --proc-root redirects to DIR/sys).
 *
 * Each cgroup's figures are read into one array indexed by enum cg_field
 * with a presence bit each (an unreadable file is unknown, never 0) and an
 * "unlimited" bit for "max" (v2) or the page counter's maximum (v1).
 * cg_fields[] names each field once: its v2 file, its v1 file and its JSON
 * key; readers, writers and renderers walk it.
 */
#ifndef MW_MODEL_CGROUP_H
#define MW_MODEL_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "parse/cgroupfs.h"
#include "source.h"
#include "util/arena.h"

struct mw_source;
struct mw_err;

enum cg_field {
	CG_CURRENT,		/* memory.current, memory.usage_in_bytes */
	CG_PEAK,		/* memory.peak, memory.max_usage_in_bytes */
	CG_MIN,			/* memory.min (v2) */
	CG_LOW,			/* memory.low (v2) */
	CG_HIGH,		/* memory.high (v2) */
	CG_MAX,			/* memory.max, memory.limit_in_bytes */
	CG_SOFT_LIMIT,		/* memory.soft_limit_in_bytes (v1) */
	CG_SWAP_CURRENT,	/* memory.swap.current (v2) */
	CG_SWAP_MAX,		/* memory.swap.max (v2) */
	CG_SWAP_PEAK,		/* memory.swap.peak (v2) */
	CG_ZSWAP_CURRENT,	/* memory.zswap.current (v2) */
	CG_ZSWAP_MAX,		/* memory.zswap.max (v2) */
	CG_MEMSW_USAGE,		/* memory.memsw.usage_in_bytes (v1) */
	CG_MEMSW_LIMIT,		/* memory.memsw.limit_in_bytes (v1) */
	CG_MEMSW_PEAK,		/* memory.memsw.max_usage_in_bytes (v1) */
	CG_KMEM_USAGE,		/* memory.kmem.usage_in_bytes (v1) */
	CG_KMEM_LIMIT,		/* memory.kmem.limit_in_bytes (v1) */
	CG_FAILCNT,		/* memory.failcnt (v1), a count */
	CG_MEMSW_FAILCNT,	/* memory.memsw.failcnt (v1), a count */
	CG_NR
};

struct cg_field_desc {
	const char *key;	/* JSON key */
	const char *v2;		/* file in a v2 cgroup, or NULL */
	const char *v1;		/* file in a v1 cgroup, or NULL */
	bool limit;		/* may read "max" / unlimited */
	bool count;		/* a count, not bytes */
};
extern const struct cg_field_desc cg_fields[CG_NR];

struct cgroup {
	const char *path;	/* "/" or "/a/b", below the hierarchy's root */
	int depth;		/* 0 for the root */
	size_t parent;		/* index in the tree; (size_t)-1 for the first */
	uint64_t val[CG_NR];
	uint32_t present;	/* bit f: val[f] read */
	uint32_t unlimited;	/* bit f: "max", no limit */
	struct cg_kv stat;	/* memory.stat */
	bool has_stat;
	struct cg_kv events;	/* v2 memory.events; v1 memory.oom_control */
	bool has_events;
	struct cg_kv events_local;	/* v2 memory.events.local */
	bool has_events_local;
	struct cg_kv pressure;	/* memory.pressure as "some_avg10" ... rows */
	bool has_pressure;
	size_t nprocs;		/* lines of cgroup.procs */
	bool has_nprocs;
	/* The tightest limit at or above this cgroup (v2: max or high). */
	uint64_t limit;
	bool has_limit;
	const char *limit_path;	/* where it is set */
	const char *limit_key;	/* "max", "high" or "limit_in_bytes" */
};

static inline bool
cg_has(const struct cgroup *c, enum cg_field f)
{
	return (c->present >> f) & 1u;
}

static inline bool
cg_unlimited(const struct cgroup *c, enum cg_field f)
{
	return (c->unlimited >> f) & 1u;
}

/* The hierarchy memwatch reads. */
struct cg_hier {
	int version;		/* 1 or 2 */
	char mount[4096];	/* its mount point, "/sys/fs/cgroup/memory" */
	char rel[4096];		/* the same below the sys root: "fs/cgroup/memory" */
	char mount_root[4096];	/* the mount's root inside the hierarchy, "/" */
	bool hybrid;		/* v1 memory while cgroup2 is mounted too */
};

/*
 * Find the memory hierarchy. 0, or -ENOENT with err filled when none is
 * mounted (or mountinfo cannot be read), -EXDEV when it is mounted outside
 * /sys.
 */
int cg_hier_find(const struct mw_source *src, struct cg_hier *h,
    struct mw_err *err);

/* A set of cgroups: a tree in depth-first order, or one. */
struct cg_tree {
	struct mw_arena arena;
	struct cgroup *v;
	size_t len, cap;
	size_t unreadable;	/* directories whose files could not be read */
	bool truncated;		/* --depth cut the walk */
	time_t taken_at;
};

void cg_tree_init(struct cg_tree *t);
void cg_tree_free(struct cg_tree *t);

/*
 * Normalise a user's PATH ("a/b", "/a/b/", "/sys/fs/cgroup/memory/a/b")
 * into a path below the hierarchy root ("/a/b") in out. 0 or -EINVAL.
 */
int cg_path_norm(const struct cg_hier *h, const char *in, char *out,
    size_t n);
/*
 * The cgroup in h that the /proc/PID/cgroup text buf names, below h's
 * mount root ("/a/b"), as [*path, *path + *n): into buf, or a static "/".
 * Raw bytes, untrusted. 0, or -EINVAL when buf names no cgroup of h.
 */
int cg_place(const struct cg_hier *h, const char *buf, size_t len,
    const char **path, size_t *n);
/*
 * The cgroup of pid in the hierarchy into out ("/a/b"). 0, -ENOENT (no
 * such process), -EINVAL (the process is in no cgroup of this hierarchy).
 */
int cg_of_pid(const struct mw_source *src, const struct cg_hier *h,
    pid_t pid, char *out, size_t n, struct mw_err *err);

/*
 * Read path and, when depth > 0, the cgroups below it down to depth levels
 * (depth < 0: every level), parents before children, into t (initialised
 * here). Limits up the tree are resolved from path's ancestors too. 0, or
 * -ENOENT with err filled when path is not a cgroup.
 */
int cg_tree_take(const struct mw_source *src, const struct cg_hier *h,
    const char *path, int depth, struct cg_tree *t, struct mw_err *err);

/*
 * The pids in cgroup c (cgroup.procs), ascending, malloc'd. The count or
 * -errno with err filled.
 */
int cg_pids(const struct mw_source *src, const struct cg_hier *h,
    const char *path, pid_t **pids, size_t *n, struct mw_err *err);

/*
 * Children order: indexes of t->v sorted for display: every cgroup after
 * its parent, siblings by usage (largest first). order has room for len.
 */
void cg_tree_order(const struct cg_tree *t, size_t *order);

/*
 * Every file memwatch reads of the memory cgroup hierarchy, for capture:
 * the proc root's self/mountinfo, then, below the sys root, each cgroup's
 * cgroup.procs, the files of cg_fields[], memory.stat, memory.events
 * (.local), memory.oom_control, memory.pressure and the root's
 * cgroup.controllers, as (root, rel) pairs handed to fn; a file the
 * hierarchy lacks is handed over too (fn may skip it). The first negative
 * return of fn stops the walk and is returned; 0 when there is no
 * hierarchy.
 */
int cg_files(const struct mw_source *src,
    int (*fn)(enum mw_root root, const char *rel, void *arg), void *arg);

/* How much of c the kernel could reclaim before an OOM kill: page cache
 * (inactive and active file) and reclaimable slab. False when unknown. */
bool cg_reclaimable(const struct cgroup *c, int version, uint64_t *bytes);

/* A memory.stat row by its v2 name, looked up under its v1 name when the
 * hierarchy is v1 ("anon" is v1's "rss", "file" is "cache"). */
bool cg_stat(const struct cgroup *c, int version, const char *v2name,
    uint64_t *v);

#endif
