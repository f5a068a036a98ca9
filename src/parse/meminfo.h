/* parse/meminfo.h: /proc/meminfo into ordered name/value rows; no I/O.
 *
 * Every "Key: value [kB]" line becomes a row, in the file's order, unknown
 * keys included. Values with "kB" are converted to bytes; values without a
 * unit (HugePages_Total, _Free, _Rsvd, _Surp) are counts. The well-known
 * keys are also indexed (meminfo_get()). Rows and names live in the
 * caller's arena. A key the kernel did not print is absent, never 0.
 */
#ifndef MW_PARSE_MEMINFO_H
#define MW_PARSE_MEMINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mw_arena;

enum meminfo_key {
	MI_MEM_TOTAL, MI_MEM_FREE, MI_MEM_AVAILABLE, MI_BUFFERS, MI_CACHED,
	MI_SWAP_CACHED, MI_ACTIVE, MI_INACTIVE, MI_ACTIVE_ANON,
	MI_INACTIVE_ANON, MI_ACTIVE_FILE, MI_INACTIVE_FILE, MI_UNEVICTABLE,
	MI_MLOCKED, MI_HIGH_TOTAL, MI_HIGH_FREE, MI_LOW_TOTAL, MI_LOW_FREE,
	MI_SWAP_TOTAL, MI_SWAP_FREE, MI_ZSWAP, MI_ZSWAPPED, MI_DIRTY,
	MI_WRITEBACK, MI_ANON_PAGES, MI_MAPPED, MI_SHMEM, MI_KRECLAIMABLE,
	MI_SLAB, MI_SRECLAIMABLE, MI_SUNRECLAIM, MI_KERNEL_STACK,
	MI_PAGE_TABLES, MI_SEC_PAGE_TABLES, MI_COMMIT_LIMIT, MI_COMMITTED_AS,
	MI_VMALLOC_TOTAL, MI_VMALLOC_USED, MI_PERCPU, MI_HARDWARE_CORRUPTED,
	MI_ANON_HUGE_PAGES, MI_SHMEM_HUGE_PAGES, MI_FILE_HUGE_PAGES,
	MI_CMA_TOTAL, MI_CMA_FREE, MI_HUGEPAGES_TOTAL, MI_HUGEPAGES_FREE,
	MI_HUGEPAGES_RSVD, MI_HUGEPAGES_SURP, MI_HUGEPAGESIZE, MI_HUGETLB,
	MI_NR
};

struct meminfo_row {
	const char *name;	/* "Active(anon)", NUL-terminated */
	uint64_t value;		/* bytes when is_bytes, else a count */
	bool is_bytes;
};

struct meminfo {
	struct meminfo_row *rows;	/* in the caller's arena */
	size_t len;
	int idx[MI_NR];		/* row of a known key, -1 when absent */
	size_t skipped;		/* malformed lines passed over */
};

/* The kernel's spelling of a known key ("SReclaimable"). */
const char *meminfo_key_name(enum meminfo_key k);
/* The known key spelled name, or -1. */
int meminfo_key_by_name(const char *name);
/* An empty result (every key absent). */
void meminfo_init(struct meminfo *mi);
/* True and *v set when k was printed. */
bool meminfo_get(const struct meminfo *mi, enum meminfo_key k, uint64_t *v);
/* The row named name, or NULL. */
const struct meminfo_row *meminfo_find(const struct meminfo *mi,
    const char *name);
/*
 * Fill mi (rows in arena). 0, or -EINVAL when buf holds text but no usable
 * row. A node's meminfo ("Node 0 MemTotal: ...") reads the same, the
 * prefix dropped. 2.4-style byte-table lines ("total:", "Mem:", "Swap:") are skipped
 * without being counted as malformed.
 */
int meminfo_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct meminfo *mi);
/* Append a row (loading a snapshot); the name is copied into arena. */
void meminfo_add(struct meminfo *mi, struct mw_arena *arena, size_t cap,
    const char *name, uint64_t value, bool is_bytes);

#endif
