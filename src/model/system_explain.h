/* model/system_explain.h: plain-language findings about a system snapshot.
 *
 * Each finding is {id, bytes, text}: a stable id for scripts ("zones",
 * "watermarks:0:Normal", "thp", ...), the amount it is about (when one
 * is), and one or more sentences that carry this machine's numbers. The
 * texts may hold slab cache names: escape them before printing.
 */
#ifndef MW_MODEL_SYSTEM_EXPLAIN_H
#define MW_MODEL_SYSTEM_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

struct sys_snapshot;

struct sys_finding {
	const char *id;
	bool has_bytes;
	uint64_t bytes;
	const char *text;
};

struct sys_findings {
	struct mw_arena arena;
	struct sys_finding *v;
	size_t len, cap;
};

void sys_explain(const struct sys_snapshot *s, struct sys_findings *out);
void sys_findings_free(struct sys_findings *f);
/* The finding with this id, or NULL. */
const struct sys_finding *sys_finding_get(const struct sys_findings *f,
    const char *id);

/* The order of a block of bytes with this page size, or -1. */
int sys_order_of(uint64_t bytes, uint64_t page_size);

#endif
