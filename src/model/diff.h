/* model/diff.h: what changed between two process snapshots; no I/O.
 *
 * Matching follows how the kernel changes mappings. Both sides are sorted
 * by start and swept once, grouping mappings that overlap into clusters
 * (O(n log n) for the sort, O(n) for the sweep). In a cluster:
 *
 *   one before, one after, same range      unchanged or "changed" (any field
 *                                          moved), unless both are files of
 *                                          other dev:inode (removed + added)
 *   one and one, same end, other start     "grown" or "shrunk" downwards (a
 *                                          second large malloc below the
 *                                          first, a stack)
 *   one and one, same start, other end     "grown" or "shrunk" upwards (brk
 *                                          heap, mremap)
 *   one before, several after, the same    "split" (mprotect or munmap on a
 *   outer range                            part of a region)
 *   several before, one after, the same    "merged" (the reverse)
 *   outer range
 *   anything else                          pairs by same start, then same
 *                                          end; the rest added / removed
 *
 * Growth needs the same identity: both anonymous with the same name, or the
 * same file (dev, inode) at a consistent offset. Last, a file mapping that
 * was removed is paired with an added one of the same dev, inode and
 * offset (mremap moved it, or the library was mapped again elsewhere).
 *
 * The diff borrows the rows it is given: keep both vectors (snapshots)
 * alive while it is used. Notes are findings (model/finding.h) built from
 * the numbers (diff_notes.c).
 */
#ifndef MW_MODEL_DIFF_H
#define MW_MODEL_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/finding.h"
#include "parse/smaps.h"

struct proc_snapshot;

enum diff_change {
	DIFF_SAME,		/* nothing moved; hidden unless asked */
	DIFF_CHANGED,		/* same mapping, some field moved */
	DIFF_GROWN,
	DIFF_SHRUNK,
	DIFF_ADDED,
	DIFF_REMOVED,
	DIFF_SPLIT,		/* one before, several after */
	DIFF_MERGED,		/* several before, one after */
	DIFF_CHANGE_NR
};

/* Per-field after - before, in bytes; a field is present when known. */
struct diff_delta {
	int64_t val[SMAPS_NR];
	uint32_t present;	/* bit f: both sides knew field f */
	int64_t uss;		/* Private_Clean + Private_Dirty */
	bool has_uss;
};

struct diff_entry {
	enum diff_change change;
	size_t b, nb;		/* rows [b, b + nb) of diff->before */
	size_t a, na;		/* rows [a, a + na) of diff->after */
	struct diff_delta delta;
};

struct vma_diff {
	const struct vma **before;	/* sorted by start; rows borrowed */
	const struct vma **after;
	size_t nbefore, nafter;
	struct diff_entry *v;	/* in address order */
	size_t len, cap;
	size_t count[DIFF_CHANGE_NR];
};

/* Two snapshots compared: mappings, totals and notes. */
struct proc_diff {
	const struct proc_snapshot *before, *after;	/* borrowed */
	bool has_vmas;		/* both sides have their mappings */
	struct vma_diff vmas;
	struct diff_delta totals;
	int64_t mappings;	/* change in the number of mappings */
	struct finding_list notes;	/* findings: ids, amounts, text */
};

const char *diff_change_name(enum diff_change c);

void vma_diff_init(struct vma_diff *d);
void vma_diff_free(struct vma_diff *d);
/*
 * Match before[0..nb) against after[0..na) into d (initialised here). The
 * rows need not be sorted; they are borrowed, not copied.
 */
void vma_diff_compute(struct vma_diff *d, const struct vma *before,
    size_t nb, const struct vma *after, size_t na);

/* The i-th before / after row of an entry. */
static inline const struct vma *
diff_entry_before(const struct vma_diff *d, const struct diff_entry *e,
    size_t i)
{
	return d->before[e->b + i];
}

static inline const struct vma *
diff_entry_after(const struct vma_diff *d, const struct diff_entry *e,
    size_t i)
{
	return d->after[e->a + i];
}

/* Fields that are amounts and get a delta (not page sizes, flags, keys). */
bool diff_field_is_amount(enum smaps_field f);
/* True when a and b differ in anything smaps shows (range excluded). */
bool diff_vma_moved(const struct vma *b, const struct vma *a);
/* after - before of two field sets (totals or rows). */
void diff_delta_of(const struct vma *b, const struct vma *a,
    struct diff_delta *out);

/* Compare two snapshots (borrowed; keep them alive); notes included. */
void proc_diff_compute(struct proc_diff *pd, const struct proc_snapshot *b,
    const struct proc_snapshot *a);
void proc_diff_free(struct proc_diff *pd);

/* Build pd->notes from the matched mappings and the totals. */
void diff_notes_build(struct proc_diff *pd);

#endif
