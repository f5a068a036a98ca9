/* render/text_leaks.h: the leak hunt's ranking as text. */
#ifndef MW_RENDER_TEXT_LEAKS_H
#define MW_RENDER_TEXT_LEAKS_H

#include <stdbool.h>
#include <stddef.h>

struct leak_rank;
struct leaks;
struct mw_buf;
struct watch_info;

/* The growing and levelled entries of r[0..n) (at most top; 0: all),
 * the count of the others by verdict, and the next step. */
void text_leaks(struct mw_buf *out, const struct watch_info *i,
    const struct leaks *l, const struct leak_rank *r, size_t n, size_t top,
    bool exact);

#endif
