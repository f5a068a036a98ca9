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

enum mm_sysctl {
	MS_SWAPPINESS, MS_MIN_FREE_KBYTES, MS_WATERMARK_SCALE_FACTOR,
	MS_WATERMARK_BOOST_FACTOR, MS_OVERCOMMIT_MEMORY, MS_OVERCOMMIT_RATIO,
	MS_OVERCOMMIT_KBYTES, MS_ZONE_RECLAIM_MODE, MS_NR
};

enum mm_thp { MT_ENABLED, MT_DEFRAG, MT_SHMEM_ENABLED, MT_NR };

enum mm_pool_field { MP_NR, MP_FREE, MP_RESV, MP_SURPLUS, MP_OVERCOMMIT,
	MP_FIELD_NR };

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
