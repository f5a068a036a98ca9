/* parse/vmstat.h: /proc/vmstat into ordered name/value rows; no I/O.
 *
 * Every "name value" line becomes a row, in the file's order, names the
 * parser does not know included (the kernel adds counters every release).
 * The counters memwatch explains are also indexed (vmstat_get()). Older
 * kernels printed some of them once per zone ("pgscan_kswapd_dma32",
 * "allocstall_normal"): where the plain name is absent, vmstat_get()
 * gives the sum of those rows, and vmstat_per_zone() says so. A counter
 * the kernel did not print is absent, never 0. Rows and names live in
 * the caller's arena.
 */
#ifndef MW_PARSE_VMSTAT_H
#define MW_PARSE_VMSTAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/lex.h"

struct mw_arena;

enum vmstat_key {
	VM_NR_FREE_PAGES,
	VM_PGPGIN, VM_PGPGOUT, VM_PSWPIN, VM_PSWPOUT,
	VM_PGFAULT, VM_PGMAJFAULT,
	VM_PGSCAN_KSWAPD, VM_PGSCAN_DIRECT, VM_PGSCAN_KHUGEPAGED,
	VM_PGSCAN_PROACTIVE,
	VM_PGSTEAL_KSWAPD, VM_PGSTEAL_DIRECT, VM_PGSTEAL_KHUGEPAGED,
	VM_PGSTEAL_PROACTIVE,
	VM_PGSCAN_ANON, VM_PGSCAN_FILE, VM_PGSTEAL_ANON, VM_PGSTEAL_FILE,
	VM_PGSCAN_DIRECT_THROTTLE, VM_ALLOCSTALL,
	VM_KSWAPD_LOW_WMARK_HIT_QUICKLY, VM_KSWAPD_HIGH_WMARK_HIT_QUICKLY,
	VM_PAGEOUTRUN,
	VM_WORKINGSET_REFAULT, VM_WORKINGSET_REFAULT_ANON,
	VM_WORKINGSET_REFAULT_FILE,
	VM_WORKINGSET_ACTIVATE, VM_WORKINGSET_ACTIVATE_ANON,
	VM_WORKINGSET_ACTIVATE_FILE,
	VM_WORKINGSET_RESTORE_ANON, VM_WORKINGSET_RESTORE_FILE,
	VM_PGMIGRATE_SUCCESS, VM_PGMIGRATE_FAIL,
	VM_COMPACT_MIGRATE_SCANNED, VM_COMPACT_FREE_SCANNED,
	VM_COMPACT_ISOLATED, VM_COMPACT_STALL, VM_COMPACT_FAIL,
	VM_COMPACT_SUCCESS, VM_COMPACT_DAEMON_WAKE,
	VM_THP_FAULT_ALLOC, VM_THP_FAULT_FALLBACK,
	VM_THP_FAULT_FALLBACK_CHARGE, VM_THP_COLLAPSE_ALLOC,
	VM_THP_COLLAPSE_ALLOC_FAILED, VM_THP_SPLIT_PAGE,
	VM_OOM_KILL,
	VM_ZSWPIN, VM_ZSWPOUT, VM_ZSWPWB,
	VM_NR
};

struct vmstat {
	/* "pgscan_kswapd" and a page count or an event count, in the
	 * caller's arena, file order */
	struct proc_kv *rows;
	size_t len;
	uint64_t val[VM_NR];	/* valid where have[k] */
	bool have[VM_NR];	/* printed, or summed from per-zone rows */
	bool zoned[VM_NR];	/* val[k] is the sum of "NAME_ZONE" rows */
	size_t skipped;		/* malformed lines passed over */
};

/* The kernel's name of a known counter ("pgscan_kswapd"). */
const char *vmstat_key_name(enum vmstat_key k);
/* The known counter named name, or -1. */
/* An empty result (every counter absent). */
void vmstat_init(struct vmstat *vs);
/* True and *v set when k was printed (or summed over zones). */
bool vmstat_get(const struct vmstat *vs, enum vmstat_key k, uint64_t *v);
/* True when k was only printed per zone and *v is their sum. */
bool vmstat_per_zone(const struct vmstat *vs, enum vmstat_key k);
/* The row named name, or NULL. */
const struct proc_kv *vmstat_find(const struct vmstat *vs,
    const char *name);
/*
 * Fill vs (rows in arena). 0, or -EINVAL when buf holds text but no usable
 * row. A line that is not "name value" (a printable name without blanks,
 * one decimal number) is skipped and counted.
 */
int vmstat_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct vmstat *vs);
/*
 * Index rows and len set by a loader (a snapshot read back) as
 * vmstat_parse() does: the known counters, the per-zone rows summed.
 */
void vmstat_index(struct vmstat *vs);

#endif
