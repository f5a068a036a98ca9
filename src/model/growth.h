/* model/growth.h: the live view's GROWTH, a trend over a row's history.
 *
 * The PSS samples a process table row keeps (PT_HIST, one per refresh, so
 * evenly spaced) judged by model/trend.h: the growth is the Theil–Sen
 * slope times the samples' span (what a steady trend adds over them) and
 * the verdict's mark says what kind of growth it is.
 */
#ifndef MW_MODEL_GROWTH_H
#define MW_MODEL_GROWTH_H

#include <stdbool.h>
#include <stdint.h>

#include "model/trend.h"

struct pt_row;

/* False when fewer than two samples are kept (unknown). */
bool pt_row_trend(const struct pt_row *r, int64_t *growth,
    enum trend_verdict *verdict);

#endif
