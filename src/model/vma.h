/* model/vma.h: what a mapping is, derived from its smaps row.
 *
 * The kind rule, first match wins:
 *   hugetlb   VmFlags has "ht" (hugetlbfs or MAP_HUGETLB)
 *   guard     no access: perms "---" (PROT_NONE reservations, guard gaps)
 *   heap      "[heap]"                 stack   "[stack]", "[stack:TID]"
 *   vdso      "[vdso]"                 vvar    "[vvar]", "[vvar_vclock]"
 *   vsyscall  "[vsyscall]"
 *   shmem     shared anonymous and in-memory objects: "/dev/zero (deleted)",
 *             "/SYSV...", "/memfd:...", "[anon_shmem:...]", "/dev/shm/...",
 *             Android's "/dev/ashmem/..." (and "/dev/ashmem")
 *   anon      no name, or "[anon:NAME]" (private anonymous)
 *   special   any other "[name]" the kernel prints ([uprobes], [sigpage])
 *   code      file-backed and executable
 *   file      file-backed, not executable (data, read-only segments)
 */
#ifndef MW_MODEL_VMA_H
#define MW_MODEL_VMA_H

#include <stdbool.h>
#include <stdint.h>

#include "parse/smaps.h"

enum vma_kind {
	VMA_HEAP, VMA_STACK, VMA_ANON, VMA_SHMEM, VMA_FILE, VMA_CODE,
	VMA_VDSO, VMA_VVAR, VMA_VSYSCALL, VMA_GUARD, VMA_HUGETLB, VMA_SPECIAL,
	VMA_KIND_NR
};

enum vma_kind vma_kind(const struct vma *v);
/* The name; it lies at the start of 16 readable bytes (NUL-padded). */
const char *vma_kind_name(enum vma_kind k);
/* The kind for a name ("heap"), or -1. */
int vma_kind_by_name(const char *name);
/* Private_Clean + Private_Dirty; false when either is absent. */
bool vma_uss(const struct vma *v, uint64_t *uss);
/* True for a file-backed mapping (a path that is a real file). */
bool vma_is_file(const struct vma *v);

#endif
