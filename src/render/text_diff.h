/* render/text_diff.h: a process diff as text for a terminal. */
#ifndef MW_RENDER_TEXT_DIFF_H
#define MW_RENDER_TEXT_DIFF_H

#include <stdio.h>

struct proc_diff;
struct diff_view;

/* Print the diff to f; 0 or -EIO. Untrusted text is escaped. */
int text_diff_print(FILE *f, const struct proc_diff *pd,
    const struct diff_view *view);

#endif
