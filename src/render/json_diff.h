/* render/json_diff.h: a process diff as the "diff" document.
 *
 * {"kind": "diff", "before": {...}, "after": {...}, "totals": {field: delta},
 *  "counts": {change: n}, "vmas": [{"change", "before", "after", "pieces",
 *  "delta"}], "notes": [{"id", "bytes", "text"}]} (memwatch-json(5)).
 */
#ifndef MW_RENDER_JSON_DIFF_H
#define MW_RENDER_JSON_DIFF_H

#include <stdio.h>

#include <jansson.h>

struct proc_diff;
struct diff_view;

/* The whole document (a new reference). */
json_t *mwjson_diff(const struct proc_diff *pd, const struct diff_view *view);
/*
 * The same document printed as mwjson_print() prints it, byte for byte,
 * a mapping at a time: no tree of the mappings. 0 or a negative errno.
 */
int mwjson_diff_print(const struct proc_diff *pd,
    const struct diff_view *view, FILE *f);

#endif
