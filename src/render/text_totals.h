/* render/text_totals.h: several processes' summed memory, one line. */
#ifndef MW_RENDER_TEXT_TOTALS_H
#define MW_RENDER_TEXT_TOTALS_H

#include <stdbool.h>
#include <stdio.h>

struct proc_totals;

/* "total of N processes: PSS ..  USS ..  Swap .." after a blank line;
 * nothing when no process was read. */
void text_totals(FILE *f, const struct proc_totals *t, bool bytes);

#endif
