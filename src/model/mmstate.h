/* model/mmstate.h: what the kernel has been doing with memory (vmstat's
 * counters, pressure stall information) and the settings that decide how
 * (THP, huge page pools, /proc/sys/vm, swap devices, zswap), read through
 * struct mw_source so that captured trees work.
 *
 * Anything that could not be read is unknown: a kernel without PSI, THP or
 * zswap leaves that part absent, never zero. The state owns everything it
 * points to (one arena).
 */
#ifndef MW_MODEL_MMSTATE_H
#define MW_MODEL_MMSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "parse/mmset.h"
#include "parse/psi.h"
#include "parse/vmstat.h"
#include "source.h"
#include "util/arena.h"

/*
 * The settings memwatch reads, each named once: X(enum suffix, file name),
 * the file name also the document's key (model/mm_fields.c's rows). A new
 * /proc/sys/vm knob is a line here.
 */
#define MM_SYSCTLS(X) \
	X(SWAPPINESS, "swappiness") \
	X(MIN_FREE_KBYTES, "min_free_kbytes") \
	X(WATERMARK_SCALE_FACTOR, "watermark_scale_factor") \
	X(WATERMARK_BOOST_FACTOR, "watermark_boost_factor") \
	X(OVERCOMMIT_MEMORY, "overcommit_memory") \
	X(OVERCOMMIT_RATIO, "overcommit_ratio") \
	X(OVERCOMMIT_KBYTES, "overcommit_kbytes") \
	X(ZONE_RECLAIM_MODE, "zone_reclaim_mode")
/* The THP modes below /sys/kernel/mm/transparent_hugepage. */
#define MM_THPS(X) \
	X(ENABLED, "enabled") \
	X(DEFRAG, "defrag") \
	X(SHMEM_ENABLED, "shmem_enabled")
/* A huge page pool's files: X(suffix, the document's key, file name). */
#define MM_POOL_FIELDS(X) \
	X(NR, "nr", "nr_hugepages") \
	X(FREE, "free", "free_hugepages") \
	X(RESV, "resv", "resv_hugepages") \
	X(SURPLUS, "surplus", "surplus_hugepages") \
	X(OVERCOMMIT, "overcommit", "nr_overcommit_hugepages")

#define MM_ENUM_(e, ...) MS_##e,
enum mm_sysctl { MM_SYSCTLS(MM_ENUM_) MS_NR };
#undef MM_ENUM_
#define MM_ENUM_(e, ...) MT_##e,
enum mm_thp { MM_THPS(MM_ENUM_) MT_NR };
#undef MM_ENUM_
#define MM_ENUM_(e, ...) MP_##e,
enum mm_pool_field { MM_POOL_FIELDS(MM_ENUM_) MP_FIELD_NR };
#undef MM_ENUM_

/* A setting kept as the kernel printed it (khugepaged, zswap). */
struct mm_param {
	const char *name;	/* file name, "pages_to_scan" */
	const char *value;	/* printable ASCII, trimmed; in the arena */
};

struct mm_pool {
	uint64_t size;			/* bytes per huge page */
	uint64_t val[MP_FIELD_NR];	/* pages; valid where have bit set */
	unsigned have;			/* bit f: field f read */
};

/* The parts mm_take() reads. */
#define MM_COUNTERS 1u		/* vmstat, pressure/memory */
#define MM_SETTINGS 2u		/* everything else */

struct mm_state {
	struct mw_arena arena;
	uint64_t mono_ms;		/* when the counters were read */
	time_t taken_at;
	unsigned parts;			/* MM_* read (or tried) */
	bool have_vmstat, have_psi, have_swaps;
	int vmstat_err, psi_err;	/* -errno when absent */
	struct vmstat vs;
	struct psi psi;
	uint64_t sysctl[MS_NR];
	bool have_sysctl[MS_NR];
	const char *thp[MT_NR];		/* the selected mode; NULL unknown */
	struct mm_param *khugepaged;
	size_t nkhugepaged;
	struct mm_pool *pools;		/* ascending size */
	size_t npools;
	struct swaps sw;
	struct mm_param *zswap;		/* module parameters */
	size_t nzswap;
	int zswap_enabled;		/* 1, 0, -1 unknown */
};

/* The file name of a sysctl ("swappiness") and of a THP mode ("defrag"). */
const char *mm_sysctl_name(enum mm_sysctl s);
const char *mm_thp_name(enum mm_thp t);
/* "nr", "free", "resv", "surplus", "overcommit" (JSON keys). */
const char *mm_pool_field_name(enum mm_pool_field f);

void mm_state_init(struct mm_state *st);
void mm_state_free(struct mm_state *st);
/* Read the MM_* parts below src. Always 0: what fails is unknown. */
int mm_take(const struct mw_source *src, unsigned parts, struct mm_state *st);
/* A zswap parameter's value, or NULL. */
const char *mm_zswap_param(const struct mm_state *st, const char *name);

/*
 * Every file mm_take() reads that exists below src (directories listed),
 * as (root, relative path), for capture. fn's nonzero return stops the
 * walk and is returned.
 */
typedef int (*mm_file_fn)(enum mw_root root, const char *rel, void *arg);
int mm_files(const struct mw_source *src, mm_file_fn fn, void *arg);

#endif
