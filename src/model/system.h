/* model/system.h: a snapshot of the machine's memory as the kernel shows it.
 *
 * meminfo, zoneinfo, buddyinfo, slabinfo and pagetypeinfo, read through a
 * struct mw_source (so --proc-root trees work), with the page size and the
 * kernel release. A part that could not be read (slabinfo and pagetypeinfo
 * are root-only) is recorded as unavailable with the reason, never as
 * zeros. The snapshot owns everything it points to (one arena).
 */
#ifndef MW_MODEL_SYSTEM_H
#define MW_MODEL_SYSTEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "parse/buddyinfo.h"
#include "parse/meminfo.h"
#include "parse/pagetypeinfo.h"
#include "parse/slabinfo.h"
#include "parse/zoneinfo.h"
#include "util/arena.h"

struct mw_source;
struct mw_err;
struct acct_tmpfs;

enum sys_part {
	SYS_MEMINFO,
	SYS_ZONEINFO,
	SYS_BUDDYINFO,
	SYS_SLABINFO,
	SYS_PAGETYPEINFO,
	SYS_PART_NR
};

#define SYS_PART(p) (1u << (p))
#define SYS_ALL ((1u << SYS_PART_NR) - 1)
/* With SYS_PART(SYS_BUDDYINFO): read pagetypeinfo only if buddyinfo fails. */
#define SYS_PTI_FALLBACK (1u << SYS_PART_NR)

struct sys_part_state {
	bool have;		/* read and parsed */
	int err;		/* when !have: -errno (-EACCES denied, -ENOENT ...) */
	const char *why;	/* when !have: the reason, a full sentence */
	size_t skipped;		/* malformed lines passed over */
};

enum page_size_from {
	PAGE_SIZE_SYSCONF,	/* the running kernel */
	PAGE_SIZE_FILE,		/* "page-size" written by a capture */
	PAGE_SIZE_SMAPS,	/* KernelPageSize of a captured mapping */
	PAGE_SIZE_SNAPSHOT,	/* a loaded snapshot's page_size */
	PAGE_SIZE_ASSUMED,	/* nothing said: 4096 assumed */
};

struct sys_snapshot {
	struct mw_arena arena;
	time_t taken_at;		/* now, or when a captured tree was written */
	const char *kernel;		/* uname release; NULL when unknown */
	const char *machine;		/* uname machine ("x86_64"); NULL when
					 * unknown (a tree without "machine") */
	uint64_t page_size;		/* bytes, never 0 */
	enum page_size_from page_size_from;
	unsigned requested;		/* SYS_PART() bits asked for */
	struct sys_part_state part[SYS_PART_NR];
	bool buddy_from_pti;		/* bi summed from pagetypeinfo's free table */
	bool buddy_lower_bound;		/* ... where a count was ">100000" */
	struct meminfo mi;
	struct zoneinfo zi;
	struct buddyinfo bi;
	struct slabinfo si;
	struct pagetypeinfo pti;
	/* tmpfs and ramfs mounts with their bytes used (statfs: live only;
	 * sys_snapshot_take_tmpfs()); tmpfs_read false when not measured (a
	 * captured tree, an older snapshot). In the arena. */
	bool tmpfs_read;
	struct acct_tmpfs *tmpfs;
	size_t ntmpfs;
};

/* The /proc file name of a part ("slabinfo"). */
const char *sys_part_file(enum sys_part p);
/* The JSON key of a part in a system snapshot ("slabs"). */
const char *sys_part_key(enum sys_part p);

void sys_snapshot_init(struct sys_snapshot *s);
void sys_snapshot_free(struct sys_snapshot *s);
/*
 * Read the parts asked for (SYS_PART() bits) below src. Always 0: parts
 * that fail are marked unavailable (see sys_require()).
 */
int sys_snapshot_take(const struct mw_source *src, unsigned parts,
    struct sys_snapshot *s);
/* The tmpfs and ramfs mounts and their bytes used, into s (live only). */
void sys_snapshot_take_tmpfs(const struct mw_source *src,
    struct sys_snapshot *s);
/* 0 when part p is there, else -errno with err filled from its reason. */
int sys_require(const struct sys_snapshot *s, enum sys_part p,
    struct mw_err *err);
/* pages * page_size, saturating. */
uint64_t sys_bytes(const struct sys_snapshot *s, uint64_t pages);
/* A sentence about where the page size came from (for notes). */
const char *sys_page_size_note(const struct sys_snapshot *s);

/* Where free memory stands against a zone's watermarks. */
enum zone_level {
	ZL_UNKNOWN,
	ZL_EMPTY,		/* no pages managed */
	ZL_ABOVE_HIGH,		/* kswapd has nothing to do */
	ZL_ABOVE_LOW,		/* between low and high: kswapd, if awake, works */
	ZL_BELOW_LOW,		/* kswapd is woken */
	ZL_BELOW_MIN,		/* allocations reclaim directly */
};
enum zone_level sys_zone_level(const struct zone_info *z);
const char *sys_zone_level_name(enum zone_level l);

/* Slab caches: sort keys and totals. */
enum slab_sort { SLAB_SORT_SIZE, SLAB_SORT_OBJS, SLAB_SORT_ACTIVE,
	SLAB_SORT_UTIL, SLAB_SORT_NAME };

struct slab_totals {
	size_t caches;
	uint64_t active_objs, num_objs;
	uint64_t size;			/* bytes held by all slabs */
	uint64_t active_size;		/* bytes of active objects */
	uint64_t objs_size;		/* bytes of all object slots (procps' total) */
};

/*
 * SLAB or SLUB from the whole slabinfo and the kernel release (SLAB left
 * the kernel in 6.8); unknown when they disagree or say nothing.
 */
enum slab_allocator sys_slab_allocator(const struct sys_snapshot *s);

/* Parse "size", "objs", ...; -1 when unknown. */
int slab_sort_by_name(const char *name);
/* Indexes of si->caches in sort order, into order[si->len]. */
void sys_slab_order(const struct slabinfo *si, uint64_t page_size,
    enum slab_sort key, size_t *order);
void sys_slab_totals(const struct slabinfo *si, uint64_t page_size,
    struct slab_totals *t);
/* Size of a cache in bytes (0 on overflow, never seen). */
uint64_t sys_slab_size(const struct slab_cache *c, uint64_t page_size);
/* Utilisation in per mille: active_objs * 1000 / num_objs; -1 if none. */
int sys_slab_util(const struct slab_cache *c);

#endif
