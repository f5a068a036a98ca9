/* render/json_top.h: one "top-frame" document (NDJSON, for top -b --json). */
#ifndef MW_RENDER_JSON_TOP_H
#define MW_RENDER_JSON_TOP_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "model/proctable.h"

/*
 * Print rows idx[0..n) of pt as one compact "top-frame" line on f. A value
 * that could not be read is null. 0, or -EIO when f fails.
 */
int mwjson_top_frame(FILE *f, const struct proctable *pt, const size_t *idx,
    size_t n, time_t taken_at, double interval);

/* A "top-frame" with "by" and "groups" (totals) instead of processes. */
int mwjson_top_groups(FILE *f, const struct proctable *pt,
    const struct pt_group *g, size_t n, enum pt_group_by by, time_t taken_at,
    double interval);

#endif
