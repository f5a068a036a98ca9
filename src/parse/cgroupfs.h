/* parse/cgroupfs.h: the memory controller's files and the files that place
 * a cgroup hierarchy and a process in it; no I/O.
 *
 * A memory cgroup is a directory of small files in two shapes: one value
 * ("memory.current", "memory.max": a number of bytes, or "max" for no limit)
 * and "name value" lines ("memory.stat", "memory.events", v1's
 * "memory.oom_control"). /proc/PID/cgroup names the cgroup of a process in
 * each hierarchy ("4:memory:/a/b" for v1, "0::/a/b" for v2) and
 * /proc/self/mountinfo says where each hierarchy is mounted.
 */
#ifndef MW_PARSE_CGROUPFS_H
#define MW_PARSE_CGROUPFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/lex.h"

struct mw_arena;

/*
 * A v1 limit that was never set reads as the page counter's maximum,
 * rounded down to a page (9223372036854771712 with 4 KiB pages): anything
 * at or above this is "no limit".
 */
#define CG_V1_UNLIMITED ((uint64_t)1 << 62)

/*
 * One value: a decimal number (bytes or a count), or "max" (*unlimited
 * set, *v left alone). A v1 value of CG_V1_UNLIMITED or more is also no
 * limit. 0, -EINVAL (not a number) or -ERANGE.
 */
int cg_parse_value(const char *buf, size_t len, uint64_t *v, bool *unlimited);

/* "name value" lines, in order; names in the caller's arena. */
struct cg_kv {
	struct proc_kv *rows;
	size_t len;
	size_t skipped;		/* malformed lines passed over */
};
/*
 * Every "name value" line of buf into kv (rows in arena). A line whose
 * value is not one unsigned number (a negative v1 counter, a nested
 * "N0=..." list of memory.numa_stat after the first number) keeps the
 * first number when there is one, else is skipped. 0, or -EINVAL when buf
 * holds text but no row.
 */
int cg_parse_kv(const char *buf, size_t len, struct mw_arena *arena,
    struct cg_kv *kv);
/* True and *v set when kv has a row named name. */
bool cg_kv_get(const struct cg_kv *kv, const char *name, uint64_t *v);

/* The cgroups of a process, from /proc/PID/cgroup. */
struct cg_membership {
	char v1_memory[4096];	/* v1 memory hierarchy path, "" when none */
	char v2[4096];		/* the unified hierarchy's path, "" when none */
	bool has_v1_memory, has_v2;
};
/* 0, or -EINVAL when no line is usable. */
int cg_parse_proc_cgroup(const char *buf, size_t len,
    struct cg_membership *m);

/*
 * The same without copying, for a caller that reads many: the path of one
 * hierarchy (the unified one, "0::PATH", when v2; else the v1 line whose
 * controllers list memory; the first such line) as [*path, *path + *n)
 * inside buf. 0, or -ENOENT when buf has no such usable line.
 */
int cg_proc_cgroup_find(const char *buf, size_t len, bool v2,
    const char **path, size_t *n);

/* Where the hierarchies that matter are mounted, from mountinfo. */
struct cg_mounts {
	char v1_memory[4096];	/* mount point of the v1 memory hierarchy */
	char v1_memory_root[4096];	/* the mount's root inside it ("/") */
	char v2[4096];		/* mount point of cgroup2 */
	char v2_root[4096];
	bool has_v1_memory, has_v2;
};
/*
 * 0 (either may be absent), or -EINVAL when buf holds no mountinfo line at
 * all. Mount points are unescaped (\040 is a space). The first mount of
 * each kind wins, as the kernel lists the oldest first.
 */
int cg_parse_mountinfo(const char *buf, size_t len, struct cg_mounts *m);

/*
 * True when the cgroup.controllers text (space-separated names) lists
 * name.
 */
bool cg_controllers_have(const char *buf, size_t len, const char *name);

#endif
