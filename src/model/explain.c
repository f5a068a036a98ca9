/* model/explain.c: findings about one process snapshot (see explain.h). */
#include "config.h"
#include "model/explain.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/explain_say.h"
#include "model/snapshot.h"
#include "model/vma.h"
#include "parse/status.h"
#include "util/units.h"
#include "util/xmalloc.h"

/* glibc's default M_MMAP_THRESHOLD (malloc/malloc.c DEFAULT_MMAP_THRESHOLD_MIN). */
#define MMAP_THRESHOLD ((uint64_t)128 * 1024)

static const struct {
	const char *name;
	bool bytes;
} facts[EF_NR] = {
	[EF_VSZ] = { "vsz", true }, [EF_RSS] = { "rss", true },
	[EF_PSS] = { "pss", true }, [EF_USS] = { "uss", true },
	[EF_SWAP] = { "swap", true }, [EF_SWAP_PSS] = { "swap_pss", true },
	[EF_LOCKED] = { "locked", true },
	[EF_MAPPINGS] = { "mappings", false },
	[EF_UNTOUCHED_ANON] = { "untouched_anon", true },
	[EF_UNTOUCHED_ANON_MAPPINGS] = { "untouched_anon_mappings", false },
	[EF_UNTOUCHED_FILE] = { "untouched_file", true },
	[EF_UNTOUCHED_FILE_MAPPINGS] = { "untouched_file_mappings", false },
	[EF_GUARD] = { "guard", true },
	[EF_GUARD_MAPPINGS] = { "guard_mappings", false },
	[EF_OTHER] = { "untouched_other", true },
	[EF_HEAP_SIZE] = { "heap_size", true },
	[EF_HEAP_RSS] = { "heap_rss", true },
	[EF_ANON_MAPPINGS] = { "anon_mappings", false },
	[EF_ANON_SIZE] = { "anon_size", true },
	[EF_ANON_RSS] = { "anon_rss", true },
	[EF_BIG_ANON_MAPPINGS] = { "big_anon_mappings", false },
	[EF_BIG_ANON_SIZE] = { "big_anon_size", true },
	[EF_BIG_ANON_RSS] = { "big_anon_rss", true },
	[EF_FILE_MAPPINGS] = { "file_mappings", false },
	[EF_FILE_RSS] = { "file_rss", true },
	[EF_FILE_PSS] = { "file_pss", true },
	[EF_SHARED_CLEAN] = { "shared_clean", true },
	[EF_SHARED_DIRTY] = { "shared_dirty", true },
	[EF_PRIVATE_CLEAN] = { "private_clean", true },
	[EF_PRIVATE_DIRTY] = { "private_dirty", true },
	[EF_ANON_HUGE_PAGES] = { "anon_huge_pages", true },
	[EF_THP_ELIGIBLE_SIZE] = { "thp_eligible_size", true },
	[EF_THP_ELIGIBLE_MAPPINGS] = { "thp_eligible_mappings", false },
	[EF_MMAP_THRESHOLD] = { "mmap_threshold", true },
	[EF_PAGE_SIZE] = { "page_size", true },
	[EF_VM_LCK] = { "vm_lck", true },
};

static const char *const titles[EXPLAIN_SECTION_NR] = {
	[EXPLAIN_SPACE] = "Address space and resident memory",
	[EXPLAIN_RESERVED] = "Largest untouched reservations",
	[EXPLAIN_HEAP] = "Heap (brk) and anonymous mmap",
	[EXPLAIN_SHARED] = "Shared pages: RSS and PSS",
	[EXPLAIN_DIRTY] = "Dirty and clean pages",
	[EXPLAIN_THP] = "Transparent huge pages",
	[EXPLAIN_LOCKED] = "Locked memory",
	[EXPLAIN_SWAP] = "Swap",
	[EXPLAIN_OOM] = "Out-of-memory killer",
	[EXPLAIN_NUMA] = "Where the memory lives (NUMA nodes)",
};

const char *
explain_fact_name(enum explain_fact f)
{
	return facts[f].name;
}

const char *
explain_section_title(enum explain_section s)
{
	return titles[s];
}

void
explain_emit(struct explain *ex, enum explain_section sec, const char *id,
    bool has_bytes, uint64_t bytes, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	finding_vprintf(&ex->findings, id, has_bytes, bytes, fmt, ap);
	va_end(ap);
	if (ex->findings.len > ex->section_cap) {
		ex->section_cap = ex->findings.cap;
		ex->section = mw_xreallocarray(ex->section, ex->section_cap,
		    sizeof(*ex->section));
	}
	ex->section[ex->findings.len - 1] = sec;
}

/* Keep the EXPLAIN_TOP mappings with the most untouched space. */
static void
note_reserved(struct explain *ex, const struct vma *v, uint64_t untouched,
    bool thread_stack)
{
	size_t i;

	if (untouched == 0)
		return;
	if (ex->ntop == EXPLAIN_TOP &&
	    ex->top[EXPLAIN_TOP - 1].untouched >= untouched)
		return;
	i = ex->ntop < EXPLAIN_TOP ? ex->ntop++ : EXPLAIN_TOP - 1;
	for (; i > 0 && ex->top[i - 1].untouched < untouched; i--)
		ex->top[i] = ex->top[i - 1];
	ex->top[i].vma = v;
	ex->top[i].untouched = untouched;
	ex->top[i].thread_stack = thread_stack;
}

static void
scan_vma(struct explain *ex, const struct proc_snapshot *snap,
    const struct vma *v)
{
	enum vma_kind k = vma_kind(v);
	uint64_t size = v->end - v->start, rss = val(v, SMAPS_RSS);
	uint64_t used = rss + val(v, SMAPS_SWAP), u;
	bool stack;

	if (k == VMA_VSYSCALL)
		return;		/* not in VmSize: no VMA of the process */
	add(ex, EF_VSZ, size);
	if (k == VMA_HUGETLB)
		used = val(v, SMAPS_SHARED_HUGETLB) + val(v, SMAPS_PRIVATE_HUGETLB);
	u = size > used ? size - used : 0;
	if (!smaps_has(v, SMAPS_THP_ELIGIBLE))
		ex->thp_unknown = true;
	else if (v->val[SMAPS_THP_ELIGIBLE]) {
		add(ex, EF_THP_ELIGIBLE_SIZE, size);
		add(ex, EF_THP_ELIGIBLE_MAPPINGS, 1);
	}
	/* A thread stack holds a thread's stack pointer; a guard region
	 * below proves nothing (malloc arenas have one too). */
	stack = k == VMA_ANON && snapshot_stack_of(snap, v->start, v->end) != 0;
	switch (k) {
	case VMA_GUARD:
		add(ex, EF_GUARD, size);
		add(ex, EF_GUARD_MAPPINGS, 1);
		return;
	case VMA_HEAP:
		add(ex, EF_HEAP_SIZE, size);
		add(ex, EF_HEAP_RSS, rss);
		/* fall through */
	case VMA_STACK:
	case VMA_SHMEM:
	case VMA_ANON:
		if (k == VMA_SHMEM)
			ex->untouched_shmem += u;
		add(ex, EF_UNTOUCHED_ANON, u);
		add(ex, EF_UNTOUCHED_ANON_MAPPINGS, u > 0);
		break;
	case VMA_FILE:
	case VMA_CODE:
		add(ex, EF_UNTOUCHED_FILE, u);
		add(ex, EF_UNTOUCHED_FILE_MAPPINGS, u > 0);
		add(ex, EF_FILE_MAPPINGS, 1);
		add(ex, EF_FILE_RSS, rss);
		add(ex, EF_FILE_PSS, val(v, SMAPS_PSS));
		break;
	case VMA_VDSO:
	case VMA_VVAR:
	case VMA_VSYSCALL:
	case VMA_HUGETLB:
	case VMA_SPECIAL:
	case VMA_KIND_NR:
		add(ex, EF_OTHER, u);
		break;
	}
	if (k == VMA_ANON) {
		add(ex, EF_ANON_MAPPINGS, 1);
		add(ex, EF_ANON_SIZE, size);
		add(ex, EF_ANON_RSS, rss);
		if (size >= MMAP_THRESHOLD) {
			add(ex, EF_BIG_ANON_MAPPINGS, 1);
			add(ex, EF_BIG_ANON_SIZE, size);
			add(ex, EF_BIG_ANON_RSS, rss);
		}
	}
	note_reserved(ex, v, u, stack);
}

static void
scan(struct explain *ex, const struct proc_snapshot *snap)
{
	static const struct {
		enum explain_fact fact;
		enum smaps_field field;
	} totals[] = {
		{ EF_RSS, SMAPS_RSS }, { EF_PSS, SMAPS_PSS },
		{ EF_SWAP, SMAPS_SWAP }, { EF_SWAP_PSS, SMAPS_SWAP_PSS },
		{ EF_LOCKED, SMAPS_LOCKED },
		{ EF_SHARED_CLEAN, SMAPS_SHARED_CLEAN },
		{ EF_SHARED_DIRTY, SMAPS_SHARED_DIRTY },
		{ EF_PRIVATE_CLEAN, SMAPS_PRIVATE_CLEAN },
		{ EF_PRIVATE_DIRTY, SMAPS_PRIVATE_DIRTY },
		{ EF_ANON_HUGE_PAGES, SMAPS_ANON_HUGE_PAGES },
	};
	uint64_t uss;

	set(ex, EF_THP_ELIGIBLE_SIZE, 0);
	set(ex, EF_THP_ELIGIBLE_MAPPINGS, 0);
	for (size_t i = 0; i < snap->vmas.len; i++)
		scan_vma(ex, snap, &snap->vmas.v[i]);
	/* Eligibility summed over some mappings only is no total. */
	if (ex->thp_unknown)
		ex->has_fact &= ~((uint64_t)1 << EF_THP_ELIGIBLE_SIZE |
		    (uint64_t)1 << EF_THP_ELIGIBLE_MAPPINGS);
	if (snap->has_status && status_has(&snap->status, STATUS_VM_LCK))
		set(ex, EF_VM_LCK, snap->status.val[STATUS_VM_LCK]);
	for (size_t i = 0; i < sizeof(totals) / sizeof(totals[0]); i++)
		if (smaps_has(&snap->totals, totals[i].field))
			set(ex, totals[i].fact, snap->totals.val[totals[i].field]);
	if (snapshot_uss(snap, &uss))
		set(ex, EF_USS, uss);
	set(ex, EF_MAPPINGS, snap->vmas.len);
	set(ex, EF_MMAP_THRESHOLD, MMAP_THRESHOLD);
	if (snap->page_size)
		set(ex, EF_PAGE_SIZE, snap->page_size);
	ex->has_oom = snap->has_oom;
	ex->oom_score = snap->oom_score;
	ex->oom_score_adj = snap->oom_score_adj;
}

static void
say_space(struct explain *ex, struct sizes *s)
{
	uint64_t vsz = F(EF_VSZ), rss = F(EF_RSS);

	if (has(ex, EF_RSS))
		explain_emit(ex, EXPLAIN_SPACE, "vsz-rss", true, vsz,
		    "The process has %s of address space (VSZ) in %s, and %s "
		    "of it (%s) is in RAM (RSS).",
		    sz(s, vsz), nmaps(s, F(EF_MAPPINGS)), sz(s, rss),
		    pct(s, rss, vsz));
	else
		explain_emit(ex, EXPLAIN_SPACE, "vsz-rss", true, vsz,
		    "The process has %s of address space (VSZ) in %s; how "
		    "much of it is in RAM is unknown (a mapping printed no "
		    "Rss).", sz(s, vsz), nmaps(s, F(EF_MAPPINGS)));
	if (F(EF_UNTOUCHED_ANON) > 0)
		explain_emit(ex, EXPLAIN_SPACE, "untouched-anon", true,
		    F(EF_UNTOUCHED_ANON),
		    "%s of anonymous memory in %s (heap, "
		    "stacks, malloc blocks and arenas, mmap) is reserved but "
		    "not resident: never touched (Linux allocates lazily, and a "
		    "page gets RAM only when it is first used), or given back "
		    "(MADV_DONTNEED, MADV_FREE once reclaimed); smaps cannot "
		    "tell the two apart. %s",
		    sz(s, F(EF_UNTOUCHED_ANON)),
		    nmaps(s, F(EF_UNTOUCHED_ANON_MAPPINGS)),
		    ex->untouched_shmem == 0 ? "Private anonymous pages that "
		    "are not resident cost no RAM until written." :
		    "Private anonymous pages that are not resident cost no RAM "
		    "until written; of shared memory (tmpfs, memfd, SysV, "
		    "shared anonymous), only this process's page tables are "
		    "counted, and the object may hold pages it has not "
		    "touched.");
	if (F(EF_UNTOUCHED_FILE) > 0)
		explain_emit(ex, EXPLAIN_SPACE, "untouched-file", true,
		    F(EF_UNTOUCHED_FILE),
		    "%s of file mappings in %s (the program, "
		    "libraries, mapped files) is not resident in this "
		    "process: a file is mapped whole, but a page is brought "
		    "in only when it is first accessed, and a clean page "
		    "read earlier may have been reclaimed since.",
		    sz(s, F(EF_UNTOUCHED_FILE)),
		    nmaps(s, F(EF_UNTOUCHED_FILE_MAPPINGS)));
	if (F(EF_GUARD) > 0)
		explain_emit(ex, EXPLAIN_SPACE, "guard", true, F(EF_GUARD),
		    "%s in %" PRIu64 " %s no access at all (PROT_NONE:"
		    " guard pages below thread stacks, address space reserved "
		    "by malloc arenas or other allocators); it can hold no data"
		    " until mprotect makes it accessible.", sz(s, F(EF_GUARD)),
		    F(EF_GUARD_MAPPINGS),
		    F(EF_GUARD_MAPPINGS) == 1 ? "region has" : "regions have");
	if (F(EF_SWAP) > 0)
		explain_emit(ex, EXPLAIN_SPACE, "swapped-out", true, F(EF_SWAP),
		    "%s was in RAM once and is now out on swap.",
		    sz(s, F(EF_SWAP)));
	if (F(EF_OTHER) > 0)
		explain_emit(ex, EXPLAIN_SPACE, "untouched-other", true, F(EF_OTHER),
		    "The remaining %s, in kernel-provided or special mappings "
		    "([vvar], [vdso], hugetlb, other [names]), is not counted "
		    "in Rss: the kernel's own pages, mapped without a page of "
		    "this process ([vvar]), or huge pages not faulted in "
		    "(hugetlb, counted apart in Shared_Hugetlb and "
		    "Private_Hugetlb).", sz(s, F(EF_OTHER)));
}

static const char *
plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void
say_reserved(struct explain *ex, const struct proc_snapshot *snap,
    struct sizes *s)
{
	uint64_t ps = snap->page_size ? snap->page_size : 4096;
	struct mw_buf pb;

	mw_buf_init(&pb);
	for (size_t i = 0; i < ex->ntop; i++) {
		const struct explain_reserved *r = &ex->top[i];
		const struct vma *v = r->vma;
		uint64_t rss = val(v, SMAPS_RSS);
		enum vma_kind k = vma_kind(v);
		char what[SAID_PATH_MAX + 64];

		if (r->thread_stack)
			snprintf(what, sizeof(what), "anon, the stack of "
			    "thread %d (its stack pointer is inside)",
			    (int)snapshot_stack_of(snap, v->start, v->end));
		else if (v->path != NULL && v->path[0] == '[' &&
		    k != VMA_HEAP && k != VMA_STACK)
			snprintf(what, sizeof(what), "%s %s",
			    vma_kind_name(k), said_path(&pb, v));
		else if (k == VMA_ANON && v->end - v->start >= MMAP_THRESHOLD)
			snprintf(what, sizeof(what), "anon, at least the "
			    "%s malloc mmap threshold: large malloc blocks "
			    "or an mmap, given address space at once and RAM "
			    "page by page as it is written", sz(s, MMAP_THRESHOLD));
		else if (v->path != NULL && v->path_len > 0 &&
		    v->path[0] == '/')
			snprintf(what, sizeof(what), "%s %s",
			    vma_kind_name(k), said_path(&pb, v));
		else
			snprintf(what, sizeof(what), "%s", vma_kind_name(k));
		explain_emit(ex, EXPLAIN_RESERVED, "untouched-mapping", true,
		    r->untouched, "%" PRIx64 "-%" PRIx64 " (%s): %s reserved, "
		    "%s resident (%" PRIu64 " %s), %s not resident (%s).",
		    v->start, v->end, what, sz(s, v->end - v->start),
		    sz(s, rss), rss / ps, plural(rss / ps, "page", "pages"),
		    sz(s, r->untouched), k == VMA_FILE || k == VMA_CODE ?
		    "never read through this process, or reclaimed since" :
		    "never touched, or given back");
	}
	mw_buf_free(&pb);
}

static void
say_heap(struct explain *ex, struct sizes *s)
{
	if (F(EF_HEAP_SIZE) > 0)
		explain_emit(ex, EXPLAIN_HEAP, "heap", true, F(EF_HEAP_SIZE),
		    "[heap], the brk area where malloc keeps small blocks, is "
		    "%s, of which %s is resident.", sz(s, F(EF_HEAP_SIZE)),
		    sz(s, F(EF_HEAP_RSS)));
	if (F(EF_ANON_MAPPINGS) == 0)
		return;
	explain_emit(ex, EXPLAIN_HEAP, "anon-mmap", true, F(EF_ANON_SIZE),
	    "%" PRIu64 " private anonymous %s %s of address space, "
	    "%s of it resident.", F(EF_ANON_MAPPINGS),
	    plural(F(EF_ANON_MAPPINGS), "mapping holds", "mappings hold"),
	    sz(s, F(EF_ANON_SIZE)),
	    sz(s, F(EF_ANON_RSS)));
	if (F(EF_BIG_ANON_MAPPINGS) > 0)
		explain_emit(ex, EXPLAIN_HEAP, "mmap-threshold", true,
		    F(EF_BIG_ANON_SIZE),
		    "%" PRIu64 " of them %s %s or larger, %s in all with %s "
		    "resident: glibc malloc gives a request of at least its "
		    "mmap threshold (%s by default, raised up to %s after "
		    "such blocks are freed) a mapping of its own instead of "
		    "space in [heap], and the kernel merges neighbouring "
		    "anonymous mappings, so several blocks can show as one.",
		    F(EF_BIG_ANON_MAPPINGS), plural(F(EF_BIG_ANON_MAPPINGS),
		    "is", "are"), sz(s, MMAP_THRESHOLD),
		    sz(s, F(EF_BIG_ANON_SIZE)), sz(s, F(EF_BIG_ANON_RSS)),
		    sz(s, MMAP_THRESHOLD), sz(s, (uint64_t)32 << 20));
}

static void
say_dirty(struct explain *ex, struct sizes *s)
{
	uint64_t dirty = F(EF_PRIVATE_DIRTY) + F(EF_SHARED_DIRTY);
	uint64_t clean = F(EF_PRIVATE_CLEAN) + F(EF_SHARED_CLEAN);

	if (!has(ex, EF_PRIVATE_DIRTY) || !has(ex, EF_SHARED_DIRTY) ||
	    !has(ex, EF_PRIVATE_CLEAN) || !has(ex, EF_SHARED_CLEAN) ||
	    dirty + clean == 0)
		return;
	explain_emit(ex, EXPLAIN_DIRTY, "dirty", true, dirty,
	    "%s of the resident pages are dirty (%s private, %s shared): "
	    "anonymous memory, and file pages written since they were read, "
	    "which the kernel must write to swap or back to their file "
	    "before it can reuse that RAM (without swap, anonymous pages stay "
	    "in RAM).",
	    sz(s, dirty), sz(s, F(EF_PRIVATE_DIRTY)), sz(s, F(EF_SHARED_DIRTY)));
	explain_emit(ex, EXPLAIN_DIRTY, "clean", true, clean,
	    "%s are clean (%s private, %s shared): unchanged copies of a file "
	    "or of swap, which the kernel can drop under pressure and read "
	    "again when needed (MADV_FREE pages it drops for good).",
	    sz(s, clean), sz(s, F(EF_PRIVATE_CLEAN)), sz(s, F(EF_SHARED_CLEAN)));
}

static uint64_t
page_size(const struct explain *ex)
{
	return has(ex, EF_PAGE_SIZE) && F(EF_PAGE_SIZE) >= 1024 ?
	    F(EF_PAGE_SIZE) : 4096;
}

/* A PMD maps a page of page table entries of 8 bytes each: 2 MiB with
 * 4 KiB pages, 32 MiB with 16 KiB, 512 MiB with 64 KiB. */
static uint64_t
pmd_size(const struct explain *ex)
{
	return page_size(ex) * (page_size(ex) / 8);
}

static void
say_thp(struct explain *ex, struct sizes *s)
{
	if (!has(ex, EF_ANON_HUGE_PAGES))
		return;
	if (!has(ex, EF_THP_ELIGIBLE_MAPPINGS)) {
		explain_emit(ex, EXPLAIN_THP, "thp", true, F(EF_ANON_HUGE_PAGES),
		    "%s of anonymous memory is backed by transparent huge "
		    "pages (AnonHugePages); which mappings are eligible for "
		    "them is unknown (this smaps has no THPeligible line).",
		    sz(s, F(EF_ANON_HUGE_PAGES)));
		return;
	}
	if (F(EF_ANON_HUGE_PAGES) == 0 && F(EF_THP_ELIGIBLE_MAPPINGS) == 0) {
		explain_emit(ex, EXPLAIN_THP, "thp", true, 0,
		    "No memory is backed by transparent huge pages "
		    "(AnonHugePages 0) and none of the %s is "
		    "eligible for them (THPeligible).", nmaps(s, F(EF_MAPPINGS)));
		return;
	}
	explain_emit(ex, EXPLAIN_THP, "thp", true, F(EF_ANON_HUGE_PAGES),
	    "%s of anonymous memory is backed by transparent huge pages "
	    "(AnonHugePages, %s pages that need one TLB entry instead of "
	    "%" PRIu64 "); %s with %s of address space %s eligible "
	    "for them (THPeligible).", sz(s, F(EF_ANON_HUGE_PAGES)),
	    sz(s, pmd_size(ex)), pmd_size(ex) / page_size(ex),
	    nmaps(s, F(EF_THP_ELIGIBLE_MAPPINGS)), sz(s, F(EF_THP_ELIGIBLE_SIZE)),
	    F(EF_THP_ELIGIBLE_MAPPINGS) == 1 ? "is" : "are");
}

/*
 * status VmLck is the locked address space (mm->locked_vm: mlock,
 * MAP_LOCKED, mlockall), whose pages stay in RAM once faulted in; smaps
 * Locked is this process's PSS of the locked pages (pss_locked in
 * fs/proc/task_mmu.c), less than VmLck when they are shared.
 */
static void
say_locked(struct explain *ex, struct sizes *s)
{
	if (has(ex, EF_VM_LCK) && F(EF_VM_LCK) == 0 &&
	    (!has(ex, EF_LOCKED) || F(EF_LOCKED) == 0)) {
		explain_emit(ex, EXPLAIN_LOCKED, "locked", true, 0,
		    "Nothing is locked in RAM (VmLck %s).", sz(s, 0));
		return;
	}
	if (has(ex, EF_VM_LCK) && has(ex, EF_LOCKED)) {
		explain_emit(ex, EXPLAIN_LOCKED, "locked", true, F(EF_VM_LCK),
		    "%s of address space is locked (VmLck: mlock, MAP_LOCKED or "
		    "mlockall): its pages stay in RAM once faulted in, and the "
		    "kernel will not swap them out. smaps' Locked, %s, is "
		    "something else: this process's proportional share (PSS) "
		    "of the locked pages, smaller when they are shared.",
		    sz(s, F(EF_VM_LCK)), sz(s, F(EF_LOCKED)));
		return;
	}
	if (has(ex, EF_VM_LCK))
		explain_emit(ex, EXPLAIN_LOCKED, "locked", true, F(EF_VM_LCK),
		    "%s of address space is locked (VmLck: mlock, MAP_LOCKED or "
		    "mlockall): its pages stay in RAM once faulted in, and the "
		    "kernel will not swap them out.", sz(s, F(EF_VM_LCK)));
	else if (has(ex, EF_LOCKED))
		explain_emit(ex, EXPLAIN_LOCKED, "locked", true, F(EF_LOCKED),
		    F(EF_LOCKED) ? "This process's proportional share (PSS) "
		    "of locked pages is %s (smaps Locked); how much address "
		    "space is locked is unknown without status VmLck." :
		    "No locked page is mapped (smaps Locked %s).",
		    sz(s, F(EF_LOCKED)));
}

static void
say_locked_swap(struct explain *ex, struct sizes *s)
{
	say_locked(ex, s);
	if (!has(ex, EF_SWAP))
		return;
	if (F(EF_SWAP) == 0) {
		explain_emit(ex, EXPLAIN_SWAP, "swap", true, 0,
		    "Nothing of this process is on swap (Swap %s).",
		    sz(s, F(EF_SWAP)));
		return;
	}
	explain_emit(ex, EXPLAIN_SWAP, "swap", true, F(EF_SWAP),
	    "%s of this process is out on swap; its proportional share is %s "
	    "(SwapPss), less when swapped pages are shared with other "
	    "processes, for example after fork.", sz(s, F(EF_SWAP)),
	    sz(s, F(EF_SWAP_PSS)));
}

static void
say_oom(struct explain *ex)
{
	int64_t usage;

	if (!ex->has_oom)
		return;
	if (ex->oom_score == 0 && ex->oom_score_adj == -1000) {
		explain_emit(ex, EXPLAIN_OOM, "oom", false, 0,
		    "oom_score is 0 (oom_score_adj -1000): the out-of-memory "
		    "killer will not choose this process.");
		return;
	}
	/* fs/proc/base.c: 0 is also printed for init, kernel threads and a
	 * badness that rounds to 0, which the killer may still pick. */
	if (ex->oom_score == 0) {
		explain_emit(ex, EXPLAIN_OOM, "oom", false, 0,
		    "oom_score is 0 (oom_score_adj %" PRId64 "): either the "
		    "killer never chooses this process (init, a process being "
		    "torn down) or its usage plus oom_score_adj rounds to "
		    "nothing, which makes it the last choice, not exempt; only "
		    "oom_score_adj -1000 exempts a process.", ex->oom_score_adj);
		return;
	}
	/* fs/proc/base.c: points = (1000 + usage + adj) * 2 / 3. */
	usage = ex->oom_score * 3 / 2 - 1000 - ex->oom_score_adj;
	if (usage < 0)
		usage = 0;
	explain_emit(ex, EXPLAIN_OOM, "oom", false, 0,
	    "oom_score is %" PRId64 " with oom_score_adj %" PRId64 ": when "
	    "memory runs out the kernel kills the process with the highest "
	    "score, (1000 + usage + oom_score_adj) x 2/3 on current kernels, "
	    "where usage is RSS, swap and page tables in thousandths of RAM "
	    "plus swap, here about %" PRId64 " (%.1f%%); oom_score_adj -1000 "
	    "exempts a process and 1000 makes it the first choice.",
	    ex->oom_score, ex->oom_score_adj, usage, (double)usage / 10.0);
}

void
explain_build(const struct proc_snapshot *snap,
    struct explain *ex)
{
	struct sizes s;

	memset(ex, 0, sizeof(*ex));
	memset(&s, 0, sizeof(s));
	finding_list_init(&ex->findings);
	scan(ex, snap);
	if (snap->vmas.len == 0) {
		explain_emit(ex, EXPLAIN_SPACE, "no-mappings", true, 0,
		    "Process %d has no user address space (0 mappings): it is "
		    "a kernel thread, or it has exited and is a zombie.",
		    (int)snap->pid);
		return;
	}
	say_space(ex, &s);
	say_reserved(ex, snap, &s);
	say_heap(ex, &s);
	explain_say_shared(ex, snap, &s);
	say_dirty(ex, &s);
	say_thp(ex, &s);
	say_locked_swap(ex, &s);
	say_oom(ex);
}

void
explain_free(struct explain *ex)
{
	finding_list_free(&ex->findings);
	free(ex->section);
	memset(ex, 0, sizeof(*ex));
}
