/* model/explain.h: a process's memory in plain language, with its numbers.
 *
 * explain_build() derives facts from one snapshot (taken with SNAP_VMAS)
 * and turns them into findings (model/finding.h), in sections. A finding
 * whose facts are absent or zero is left out, or said in one line with the
 * number. Every text carries a figure of this process.
 *
 * The explain owns its findings; it points into the snapshot (largest
 * reservations), which must outlive it.
 */
#ifndef MW_MODEL_EXPLAIN_H
#define MW_MODEL_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/finding.h"

struct proc_snapshot;
struct vma;

enum explain_section {
	EXPLAIN_SPACE,		/* address space vs resident */
	EXPLAIN_RESERVED,	/* the largest untouched reservations */
	EXPLAIN_HEAP,		/* brk heap vs anonymous mmap */
	EXPLAIN_SHARED,		/* files, RSS vs PSS */
	EXPLAIN_DIRTY,		/* dirty vs clean */
	EXPLAIN_THP,
	EXPLAIN_LOCKED,
	EXPLAIN_SWAP,
	EXPLAIN_OOM,
	EXPLAIN_NUMA,		/* NUMA nodes and policies (numa_maps) */
	EXPLAIN_SECTION_NR
};

/* Amounts (bytes) and counts derived from the snapshot, by name. */
enum explain_fact {
	EF_VSZ, EF_RSS, EF_PSS, EF_USS, EF_SWAP, EF_SWAP_PSS, EF_LOCKED,
	EF_MAPPINGS,
	EF_UNTOUCHED_ANON, EF_UNTOUCHED_ANON_MAPPINGS,
	EF_UNTOUCHED_FILE, EF_UNTOUCHED_FILE_MAPPINGS,
	EF_GUARD, EF_GUARD_MAPPINGS, EF_OTHER,
	EF_HEAP_SIZE, EF_HEAP_RSS,
	EF_ANON_MAPPINGS, EF_ANON_SIZE, EF_ANON_RSS,
	EF_BIG_ANON_MAPPINGS, EF_BIG_ANON_SIZE, EF_BIG_ANON_RSS,
	EF_FILE_MAPPINGS, EF_FILE_RSS, EF_FILE_PSS,
	EF_SHARED_CLEAN, EF_SHARED_DIRTY, EF_PRIVATE_CLEAN, EF_PRIVATE_DIRTY,
	EF_ANON_HUGE_PAGES, EF_THP_ELIGIBLE_SIZE, EF_THP_ELIGIBLE_MAPPINGS,
	EF_MMAP_THRESHOLD, EF_PAGE_SIZE, EF_VM_LCK,
	EF_NR
};

#define EXPLAIN_TOP 5

/* A mapping with much address space never touched. */
struct explain_reserved {
	const struct vma *vma;
	uint64_t untouched;	/* Size - Rss - Swap */
	bool thread_stack;	/* a thread's stack pointer is inside it */
};

struct explain {
	uint64_t fact[EF_NR];
	uint64_t has_fact;	/* bit f: fact f is known */
	bool has_oom;
	int64_t oom_score, oom_score_adj;
	bool thp_unknown;	/* a mapping printed no THPeligible */
	uint64_t untouched_shmem;	/* of untouched_anon, in shmem kinds */
	struct explain_reserved top[EXPLAIN_TOP];	/* largest first */
	size_t ntop;
	struct finding_list findings;
	enum explain_section *section;	/* section[i] of findings.v[i] */
	size_t section_cap;
};

/*
 * What the kernel's settings and counters add (model/explain_mm.c): why
 * there are no huge pages when the THP mode (enabled, defrag: the selected
 * words, NULL when unknown) is madvise or never, and the page faults the
 * process took (stat minflt, majflt). Call after explain_build().
 */
void explain_mm(struct explain *ex, const struct proc_snapshot *snap,
    const char *thp_enabled, const char *thp_defrag);

/* JSON name of a fact ("untouched_anon"). */
const char *explain_fact_name(enum explain_fact f);
/* A section's heading ("Address space and resident memory"). */
const char *explain_section_title(enum explain_section s);

/*
 * Facts and findings of snap into ex (initialised here). Sizes in the
 * sentences are typed amounts (util/amount.h) that render/ formats.
 */
void explain_build(const struct proc_snapshot *snap, struct explain *ex);
void explain_free(struct explain *ex);

/*
 * Where the memory lives: the process's resident pages per NUMA node and
 * the policies that placed them (nm from numa_take()), appended to ex.
 */
struct numa_maps;
void explain_numa(struct explain *ex, const struct numa_maps *nm);

#endif
