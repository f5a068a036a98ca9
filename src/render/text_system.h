/* render/text_system.h: the system views as text for a terminal or a pipe.
 *
 * Renderers never parse and never read /proc: they print what the model
 * holds. Amounts go through util/units.h (exact with opts->bytes); cache
 * names and notes go through util/escape.h.
 */
#ifndef MW_RENDER_TEXT_SYSTEM_H
#define MW_RENDER_TEXT_SYSTEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct sys_snapshot;
struct sys_diff;
struct finding_list;

struct text_opts {
	bool bytes;		/* exact byte counts */
	bool color;		/* ANSI colour */
	bool verbose;		/* every counter */
	const char *before_name;	/* diff: the files compared; NULL: live */
	const char *after_name;
};

/*
 * The zone gauge of width cells into bar (room for width + 1): free
 * memory ('#') on a scale of 1.25 x max(free, high), with the min, low and
 * high watermarks marked 'm', 'l', 'h'. zones and the live view draw the
 * same picture with it.
 */
#define TEXT_ZONE_GAUGE_W 40	/* the cells zones draws */
struct zone_info;
void text_zone_gauge(char *bar, size_t width, const struct zone_info *z);

void text_zones(FILE *f, const struct sys_snapshot *s,
    const struct text_opts *o);
void text_buddy(FILE *f, const struct sys_snapshot *s,
    const struct text_opts *o);
/* Caches order[0..n); with prev, the change since prev over interval s. */
void text_slabs(FILE *f, const struct sys_snapshot *s, const size_t *order,
    size_t n, const struct sys_snapshot *prev, double interval,
    const struct text_opts *o);
/* meminfo summary, zones, buddy and the biggest slab caches. */
void text_system_show(FILE *f, const struct sys_snapshot *s,
    const struct text_opts *o);
/* PSI, vmstat's main counters since boot and the settings (text_mm.c). */
void text_system_mm(FILE *f, const struct sys_snapshot *s,
    const struct text_opts *o);
void text_system_explain(FILE *f, const struct sys_snapshot *s,
    const struct finding_list *fs, const struct text_opts *o);
void text_system_diff(FILE *f, const struct sys_diff *d,
    const struct text_opts *o);

#endif
