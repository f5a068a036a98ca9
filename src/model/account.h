/* model/account.h: every byte of MemTotal accounted for.
 *
 * A tree of lines whose leaves sum exactly to MemTotal: free memory per
 * zone; user memory (anonymous, page cache clean, dirty and under
 * writeback, swap cache, shared memory per tmpfs mount, SysV segments and
 * the rest: memfd and shared anonymous); kernel memory (slab, stacks, page
 * tables, per-cpu, vmalloc, hugetlb pools, zswap, other reclaimable); and
 * what no counter holds (MemTotal minus every counter: driver pages from
 * alloc_pages, the kernel's own allocations that no counter tracks). Every
 * line names the file it came from and what it means for the user: can the
 * kernel take it back? Memory outside MemTotal (present - managed per zone:
 * the kernel image, crash kernel, firmware reservations) is counted apart.
 *
 * account_take() reads what it needs through the source (account_take.c);
 * account_build() is pure, over inputs that tests can make (account.c).
 */
#ifndef MW_MODEL_ACCOUNT_H
#define MW_MODEL_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/fleet.h"
#include "model/system.h"
#include "parse/ipcshm.h"
#include "parse/vmallocinfo.h"
#include "util/arena.h"

struct mw_source;
struct mw_err;

/* What the kernel can do with a line's memory. */
enum acct_fate {
	ACCT_GROUP,		/* a sum of the lines below it */
	ACCT_FREE,		/* free now */
	ACCT_DROP,		/* dropped at once when memory is needed */
	ACCT_WRITE,		/* dropped once written back */
	ACCT_SWAP,		/* leaves RAM only through swap */
	ACCT_SHRINK,		/* given back by the kernel's shrinkers, partly */
	ACCT_HELD,		/* held until its owner frees it */
	ACCT_UNKNOWN,		/* no counter says */
};
const char *acct_fate_text(enum acct_fate f);

struct acct_line {
	const char *id;		/* "page-cache-clean"; static */
	const char *label;	/* "tmpfs /dev/shm"; arena or static; stable */
	const char *state;	/* "above high" (a zone's), or NULL */
	int depth;		/* 0 for the top lines */
	uint64_t bytes;
	bool known;
	enum acct_fate fate;
	const char *source;	/* "meminfo MemFree"; static or arena */
	bool leaf;		/* no line below it: the leaves sum to MemTotal */
	bool negative;		/* counts -bytes: what the counters count twice */
};

/* One NUMA node, from its own meminfo. */
struct acct_node {
	int node;
	uint64_t total, free, anon, file, shmem, slab, kernel, hugetlb, other;
	bool known;
};

struct account {
	struct mw_arena arena;
	struct acct_line *v;
	size_t len, cap;
	uint64_t total;		/* MemTotal */
	bool overlap;		/* the counters add up past MemTotal */
	uint64_t overlap_bytes;
	uint64_t reserved;	/* present - managed over every zone */
	uint64_t present;	/* present pages, in bytes: installed RAM */
	uint64_t managed;	/* managed pages, in bytes (zoneinfo) */
	bool has_reserved;
	const char **notes;	/* what is unknown and what would give it */
	size_t nnotes;
	struct acct_node *nodes;
	size_t nnodes;
	bool nodes_read;	/* per-node meminfo was found */
};

/* One tmpfs or ramfs mount and what statfs said of it. */
struct acct_tmpfs {
	const char *point;	/* mount point */
	const char *type;	/* "tmpfs", "ramfs" */
	uint64_t used;
	bool known;
};

struct acct_input {
	const struct sys_snapshot *sys;	/* meminfo, zoneinfo, slabinfo */
	const struct fleet *fleet;	/* every process's rollup, or NULL */
	const struct acct_tmpfs *tmpfs;
	size_t ntmpfs;
	bool tmpfs_read;	/* mountinfo read and statfs possible (live) */
	const struct ipcshm_sum *shm;	/* NULL when unreadable */
	const struct vmallocinfo *vmi;	/* NULL when unreadable */
	const struct meminfo *node_mi;	/* one per node */
	const int *node_ids;
	size_t nnodes;
};

/* Everything account_take() read, owned. */
struct acct_sources {
	struct sys_snapshot sys;
	struct fleet fleet;
	bool has_fleet;
	struct mw_arena arena;
	struct acct_tmpfs *tmpfs;
	size_t ntmpfs;
	bool tmpfs_read;
	struct ipcshm_sum shm;
	bool has_shm;
	struct vmallocinfo vmi;
	bool has_vmi;
	struct meminfo *node_mi;
	int *node_ids;
	size_t nnodes;
};

/*
 * The tmpfs and ramfs mounts (each file system once, from mountinfo) with
 * statfs's bytes used, into *out (malloc'd; strings in arena); *read is
 * true when they could be measured (mountinfo read, a live machine).
 * Returns how many.
 */
size_t account_tmpfs_take(const struct mw_source *src, struct mw_arena *arena,
    struct acct_tmpfs **out, bool *read);

/* Read every source (what fails is left out, never fatal but meminfo). */
int account_take(const struct mw_source *src, struct acct_sources *s,
    struct mw_err *err);
/* Only the sources beyond a system snapshot and the processes (tmpfs
 * mounts, SysV segments, vmallocinfo, the nodes), for a caller that has
 * those already; s->sys and s->fleet stay empty. */
void account_take_extra(const struct mw_source *src, struct acct_sources *s);
void account_sources_free(struct acct_sources *s);
void account_input_from(const struct acct_sources *s, struct acct_input *in);

/* Build the tree; 0, or -EINVAL when meminfo has no MemTotal. */
int account_build(const struct acct_input *in, struct account *a);
void account_free(struct account *a);

#endif
