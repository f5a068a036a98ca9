/* model/stacks.h: what the traced stacks say, summed.
 *
 * From the raw records of trace/stacks.h: per call stack, the bytes it
 * faulted in (faults: pages first touched, a page per fault) or still holds
 * (malloc: blocks allocated during the window and not freed), the mapping
 * those bytes landed in, and its frames named by a symbolizer. Stacks are
 * sorted by bytes; a stack that does not reach the program's entry point
 * was cut where code has no frame pointers.
 */
#ifndef MW_MODEL_STACKS_H
#define MW_MODEL_STACKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/smaps.h"
#include "trace/stacks.h"
#include "trace/symbols.h"
#include "util/arena.h"

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
};

/* The symbolizer callback: describe ip (ret: a return address). */
typedef void (*stk_symbolize_fn)(void *arg, uint64_t ip, bool ret,
    struct mw_arena *arena, struct sym_frame *f);

/*
 * Sum raw into r (initialised here). maps are the process's mappings (to
 * name where bytes landed; may be empty), page_size the bytes a fault
 * counts for.
 */
void stacks_build(const struct stk_raw *raw, enum stk_mode mode,
    const struct vma *maps, size_t nmaps, uint64_t page_size,
    stk_symbolize_fn sym, void *sym_arg, struct stacks_report *r);
void stacks_report_free(struct stacks_report *r);

#endif
