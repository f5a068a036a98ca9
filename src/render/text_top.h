/* render/text_top.h: the process table as a text frame (top -b). */
#ifndef MW_RENDER_TEXT_TOP_H
#define MW_RENDER_TEXT_TOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "model/proctable.h"

/*
 * Print a header (time, memory, swap, totals, the refresh's cost) and rows
 * idx[0..n) of pt as a table; '?' marks what could not be read. exact:
 * byte counts instead of units. 0, or -EIO when f fails.
 */
int text_top_frame(FILE *f, const struct proctable *pt, const size_t *idx,
    size_t n, time_t taken_at, enum pt_key key, bool exact);

#endif
