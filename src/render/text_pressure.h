/* render/text_pressure.h: the pressure story as text. */
#ifndef MW_RENDER_TEXT_PRESSURE_H
#define MW_RENDER_TEXT_PRESSURE_H

#include <stdio.h>

#include "render/text_system.h"

struct pressure_report;

/*
 * A quiet interval is one line (and what is unknown); otherwise the
 * findings as wrapped paragraphs, then the counters that moved with
 * their totals and rates.
 */
void text_pressure(FILE *f, const struct pressure_report *r,
    const struct text_opts *o);

#endif
