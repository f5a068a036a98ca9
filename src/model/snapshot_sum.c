/* model/snapshot_sum.c: a process's totals and PSS by kind, summed over
 * its mappings. */
#include "config.h"
#include "model/snapshot.h"

#include <string.h>

#include "model/vma.h"

static const uint32_t no_sum = 1u << SMAPS_THP_ELIGIBLE |
    1u << SMAPS_PROTECTION_KEY | 1u << SMAPS_KERNEL_PAGE_SIZE |
    1u << SMAPS_MMU_PAGE_SIZE;

/*
 * The kernel sums Pss_Anon, Pss_Shmem and Pss_File by page
 * (smaps_account(), fs/proc/task_mmu.c: anonymous, else swap-backed, else
 * file), so a file mapping holds anonymous copy-on-write pages and a
 * special mapping ([vdso]) file-like ones. Per mapping, the Anonymous:
 * field says how much of Rss is anonymous; its Pss share is that much when
 * those pages are this process's alone, which Shared_Dirty 0 shows (a
 * shared anonymous page is dirty). Otherwise the split is an estimate.
 */
static void
pss_by_kind(struct proc_snapshot *snap, const struct vma *v,
    enum vma_kind k)
{
	uint64_t pss = v->val[SMAPS_PSS], a = v->val[SMAPS_ANONYMOUS];
	enum snapshot_pss to = SNAP_PSS_FILE;

	switch (k) {
	case VMA_HEAP:
	case VMA_STACK:
	case VMA_ANON:
	case VMA_GUARD:
		snap->pss_kind[SNAP_PSS_ANON] += pss;
		return;
	case VMA_SHMEM:
		to = SNAP_PSS_SHMEM;
		break;
	case VMA_FILE:
	case VMA_CODE:
	case VMA_VDSO:
	case VMA_VVAR:
	case VMA_VSYSCALL:
	case VMA_HUGETLB:
	case VMA_SPECIAL:
	case VMA_KIND_NR:
		break;
	}
	if (!smaps_has(v, SMAPS_ANONYMOUS)) {
		snap->pss_kind_estimated |= pss > 0;
		a = 0;
	}
	if (a > pss)
		a = pss;
	if (a > 0 && (!smaps_has(v, SMAPS_SHARED_DIRTY) ||
	    v->val[SMAPS_SHARED_DIRTY] > 0))
		snap->pss_kind_estimated = true;
	snap->pss_kind[SNAP_PSS_ANON] += a;
	snap->pss_kind[to] += pss - a;
}

void
snapshot_sum_add(struct proc_snapshot *snap, const struct vma *v)
{
	struct vma *tot = &snap->totals;
	enum vma_kind k = vma_kind(v);
	uint32_t p;

	if (snap->mappings++ == 0)
		tot->start = v->start;
	tot->end = v->end;
	pss_by_kind(snap, v, k);
	/* The vsyscall page is no VMA of the process (not in VmSize). */
	if (k == VMA_VSYSCALL)
		return;
	/*
	 * The fields printed, but those that are no amounts to add up. A
	 * total is known only when every mapping printed the field: a sum
	 * that misses a mapping (a line that could not be read) is no total.
	 * A sum that would pass 2^64 stays at its largest value.
	 */
	p = v->present & ~no_sum;
	snap->sum_all = snap->summed++ == 0 ? p : snap->sum_all & p;
	tot->present = snap->sum_all;
	for (uint32_t left = p; left != 0; left &= left - 1) {
		int f = __builtin_ctz(left);
		uint64_t sum = tot->val[f] + v->val[f];

		tot->val[f] = sum < v->val[f] ? UINT64_MAX : sum;
	}
}

void
snapshot_sum(struct proc_snapshot *snap)
{
	memset(&snap->totals, 0, sizeof(snap->totals));
	memset(snap->pss_kind, 0, sizeof(snap->pss_kind));
	snap->pss_kind_estimated = false;
	snap->mappings = 0;
	snap->summed = 0;
	for (size_t i = 0; i < snap->vmas.len; i++)
		snapshot_sum_add(snap, &snap->vmas.v[i]);
}

bool
snapshot_uss(const struct proc_snapshot *snap, uint64_t *uss)
{
	return vma_uss(&snap->totals, uss);
}

bool
snapshot_sums_suffice(const struct proc_snapshot *snap)
{
	static const uint32_t shown = 1u << SMAPS_RSS | 1u << SMAPS_PSS |
	    1u << SMAPS_PRIVATE_CLEAN | 1u << SMAPS_PRIVATE_DIRTY |
	    1u << SMAPS_SWAP | 1u << SMAPS_SWAP_PSS | 1u << SMAPS_LOCKED;

	return snap->summed > 0 && !snap->pss_kind_estimated &&
	    (snap->totals.present & shown) == shown;
}
