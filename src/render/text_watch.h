/* render/text_watch.h: a watch as text: one line per sample, the verdict. */
#ifndef MW_RENDER_TEXT_WATCH_H
#define MW_RENDER_TEXT_WATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "model/trend.h"

struct mw_buf;
struct watch;
struct watch_info;
struct watch_sample;
struct watch_verdict;

/* "12:00:01    3.2s  RSS 102M +2.0M  PSS ...": prev may be NULL. */
void text_watch_line(struct mw_buf *out, time_t now,
    const struct watch_sample *prev, const struct watch_sample *s,
    bool exact);
/* The verdict block (see memwatch(1), "watch"). */
void text_watch_verdict(struct mw_buf *out, const struct watch_info *i,
    const struct watch *w, const struct watch_verdict *v, bool exact);
/* "35 s", "4 min 10 s", "3 h 20 min", "12 days 4 h". */
void text_watch_duration(struct mw_buf *out, double seconds);
/* "+2.0M", "-512K" (exact: "+2097152 bytes"), a change as render/amount.h
 * writes it. */
void text_watch_amount(struct mw_buf *out, double bytes, bool exact);

/* The live view's GROWTH cell: the trend's growth and the verdict's mark
 * ("+8.0M+", "0="); returns out. */
const char *text_growth_cell(char out[32], int64_t growth,
    enum trend_verdict v, bool exact);

#endif
