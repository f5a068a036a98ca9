/* render/text_system_diff.c: system diff as text: the meminfo counters,
 * zones and free blocks, slab caches that moved, and the notes. */
#include "config.h"
#include "render/text_system.h"

#include <inttypes.h>
#include <stdint.h>
#include <time.h>

#include "model/system.h"
#include "model/system_diff.h"
#include "render/amount.h"
#include "render/term.h"
#include "render/text_system_int.h"
#include "util/units.h"

static void
diff_meminfo(FILE *f, const struct sys_diff *d, const struct text_opts *o)
{
	char a[SZ], c[SZ], e[SZ];
	bool any = false;

	for (size_t i = 0; i < d->nmi; i++) {
		const struct sys_delta *x = &d->mi[i];

		if (x->has_before && x->has_after && x->delta == 0)
			continue;
		if (!any)
			fprintf(f, "%smeminfo%s\n", BOLD(o), OFF(o));
		any = true;
		fputs("  ", f);
		ts_put_fit(f, x->name, 18, true);
		if (!x->has_before || !x->has_after) {
			fprintf(f, " %s\n", x->has_after ? "new" : "gone");
		} else if (x->is_bytes) {
			amount_pair(c, e, x->before, x->after, o->bytes);
			fprintf(f, " %10s  (%s -> %s)\n",
			    mw_fmt_delta(a, x->delta, o->bytes), c, e);
		} else {
			fprintf(f, " %+10" PRId64 "  (%" PRIu64 " -> %" PRIu64 ")\n",
			    x->delta, x->before, x->after);
		}
	}
}

static void
diff_zones(FILE *f, const struct sys_diff *d, const struct text_opts *o)
{
	char a[SZ];
	bool any = false;

	for (size_t i = 0; i < d->nzones; i++) {
		const struct sys_zone_delta *z = &d->zones[i];
		bool changed = z->has_free && z->free != 0;

		for (unsigned k = 0; k < z->norders && z->has_blocks; k++)
			changed |= z->blocks[k] != 0;
		if (!changed)
			continue;
		if (!any)
			fprintf(f, "%szones and free blocks per order%s\n", BOLD(o), OFF(o));
		any = true;
		fprintf(f, "  node %d %-8s", z->node, z->zone);
		if (z->has_free && z->free != 0)
			fprintf(f, " free %s", mw_fmt_delta(a, z->free, o->bytes));
		for (unsigned k = 0; k < z->norders && z->has_blocks; k++)
			if (z->blocks[k] != 0)
				fprintf(f, " o%u:%+" PRId64 "%s", k, z->blocks[k],
				    z->lower_bound >> k & 1 ? "(capped)" : "");
		fputc('\n', f);
	}
}

static void
diff_slabs(FILE *f, const struct sys_diff *d, const struct text_opts *o)
{
	char a[SZ];
	size_t n = d->nslabs < 15 ? d->nslabs : 15;

	if (n == 0)
		return;
	fprintf(f, "%sslab caches, largest changes first%s\n", BOLD(o), OFF(o));
	for (size_t i = 0; i < n; i++) {
		const struct sys_slab_delta *x = &d->slabs[i];

		fputs("  ", f);
		ts_put_fit(f, x->name, 24, true);
		fprintf(f, " %-7s %10s %+10" PRId64 " objects\n",
		    sys_change_name(x->change), mw_fmt_delta(a, x->delta, o->bytes),
		    x->objs);
	}
	if (d->nslabs > n)
		fprintf(f, "  ... and %zu more caches changed\n", d->nslabs - n);
}

void
text_system_diff(FILE *f, const struct sys_diff *d, const struct text_opts *o)
{
	char t1[32], t2[32];
	struct tm tm;

	gmtime_r(&d->before->taken_at, &tm);
	strftime(t1, sizeof(t1), "%Y-%m-%dT%H:%M:%SZ", &tm);
	gmtime_r(&d->after->taken_at, &tm);
	strftime(t2, sizeof(t2), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(f, "System diff\nbefore  %s  %s\nafter   %s  %s\n", t1,
	    o->before_name != NULL ? o->before_name : "live", t2,
	    o->after_name != NULL ? o->after_name : "live");
	diff_meminfo(f, d, o);
	diff_zones(f, d, o);
	diff_slabs(f, d, o);
	fprintf(f, "%snotes%s\n", BOLD(o), OFF(o));
	for (size_t i = 0; i < d->nnotes; i++)
		ts_put_wrapped(f, "  - ", d->notes[i], 78, o->bytes);
}
