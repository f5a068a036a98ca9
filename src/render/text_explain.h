/* render/text_explain.h: explain and pages as text for a person. */
#ifndef MW_RENDER_TEXT_EXPLAIN_H
#define MW_RENDER_TEXT_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct proc_snapshot;
struct explain;
struct pages_report;

/* Section headings and wrapped paragraphs, one per finding. 0 or -EIO. */
int render_explain(FILE *f, const struct proc_snapshot *snap,
    const struct explain *ex, bool bytes, bool color, size_t width);

/*
 * One row per mapping (page counts) and its residency map, one character
 * per block of pages, wrapped to width, with the legend and the scale.
 * 0 or -EIO.
 */
int render_pages(FILE *f, const struct pages_report *r, bool bytes,
    bool color, size_t width);

/* The map character for a block: '#' all present, 'o' half or more,
 * ':' some, 's' swapped, 'g' guard, '.' untouched. */
struct pagemap_block;
char render_page_cell(const struct pagemap_block *b);

#endif
