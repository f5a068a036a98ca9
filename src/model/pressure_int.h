/* model/pressure_int.h: what the pressure story's files share. */
#ifndef MW_MODEL_PRESSURE_INT_H
#define MW_MODEL_PRESSURE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "model/pressure.h"
#include "util/amount.h"
#include "util/buf.h"
#include "util/units.h"

struct pr_ctx {
	struct pressure_report *r;
	const struct mm_state *a, *b;
	const struct sys_snapshot *sys;
};

/* The delta of k, 0 when unknown (for "did anything happen" tests). */
uint64_t pr_d(const struct pressure_report *r, enum vmstat_key k);
/* "N pages (SIZE, R/s)" appended to b. */
void pr_pages(const struct pr_ctx *c, struct mw_buf *b, uint64_t pages);
/* b's text as a finding (about pages, when has_bytes); b is reset. */
void pr_note(const struct pr_ctx *c, const char *id, bool has_bytes,
    uint64_t pages, struct mw_buf *b);
/* The stories (model/pressure_tell.c). */
void pr_tell(struct pr_ctx *c, struct mw_buf *b);
void pr_unknown(struct pr_ctx *c, struct mw_buf *b);

#endif
