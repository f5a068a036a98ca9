/* model/stacks.h: what the traced stacks say, summed.
 *
 * From the raw records of trace/stacks.h: per call stack, the bytes it
 * faulted in (faults: pages first touched, a page per fault) or still holds
 * (malloc: blocks allocated during the window and not freed), the mapping
 * those bytes landed in, and its frames named by a symbolizer. Stacks are
 * sorted by bytes; a stack that does not reach the program's entry point
 * was cut where code has no frame pointers. Faults also carry the kernel
 * stack of the fault (the path most of a stack's faults took), named from
 * /proc/kallsyms when it shows addresses.
 */
#ifndef MW_MODEL_STACKS_H
#define MW_MODEL_STACKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/kallsyms.h"
#include "parse/smaps.h"
#include "trace/stacks.h"
#include "trace/symbols.h"
#include "util/arena.h"

struct mw_source;

struct stk_place {
	const char *label;	/* "[heap]", "anon 7f12...", "/usr/lib/x.so" */
	uint64_t bytes;
};

struct stk_entry {
	uint64_t bytes;
	uint64_t count;		/* faults, or blocks */
	struct sym_frame *frames;
	size_t nframes;
	bool cut;		/* did not reach the entry point */
	struct stk_place place[2];	/* the mappings it grew most */
	size_t nplace;
	struct sym_frame *kframes;	/* faults: the kernel stack most of
					 * them took, innermost first */
	size_t nkframes;
	size_t kpaths;		/* distinct kernel stacks seen (capped at 4) */
};

struct stacks_report {
	struct mw_arena arena;
	enum stk_mode mode;
	struct stk_entry *v;
	size_t len;
	uint64_t total_bytes;	/* over every stack */
	uint64_t total_count;
	uint64_t no_stack_bytes;	/* recorded without a stack */
	size_t cut;		/* stacks cut short */
	uint64_t events, lost_stacks, lost_allocs;
	bool kernel;		/* some stack has kernel frames */
	const char *kernel_why;	/* NULL: kernel frames are named; else why
				 * not (then their frames are left out) */
};

/* The symbolizer callback: describe ip (ret: a return address). */
typedef void (*stk_symbolize_fn)(void *arg, uint64_t ip, bool ret,
    struct mw_arena *arena, struct sym_frame *f);

/*
 * Sum raw into r (initialised here). maps are the process's mappings (to
 * name where bytes landed; may be empty), page_size the bytes a fault
 * counts for. ks names kernel frames; NULL, or hidden or empty, leaves
 * them out, ks_why saying why (copied).
 */
void stacks_build(const struct stk_raw *raw, enum stk_mode mode,
    const struct vma *maps, size_t nmaps, uint64_t page_size,
    stk_symbolize_fn sym, void *sym_arg, const struct ksyms *ks,
    const char *ks_why, struct stacks_report *r);
void stacks_report_free(struct stacks_report *r);
/*
 * The kernel's code symbols (/proc/kallsyms below src's root) into ks,
 * strings in a: true when they can name kernel frames; false with why
 * filled (unreadable, or addresses hidden by kernel.kptr_restrict).
 */
bool stacks_kernel_symbols(const struct mw_source *src, struct mw_arena *a,
    struct ksyms *ks, char *why, size_t wn);

#endif
