/* model/totals.c: several processes' rollups summed. */
#include "config.h"

#include "model/totals.h"

#include <string.h>

#include "model/proctable.h"
#include "util/err.h"

void
proc_totals_take(struct mw_source *src, const pid_t *pids, size_t n,
    struct proc_totals *t)
{
	struct proctable pt;
	struct mw_err err;

	memset(t, 0, sizeof(*t));
	mw_err_clear(&err);
	if (n > PT_ONLY_MAX)
		n = PT_ONLY_MAX;
	if (proctable_open(&pt, src, PT_OPEN_LISTED, &err) < 0)
		return;
	if (proctable_only(&pt, pids, n) == 0 &&
	    proctable_refresh(&pt, NULL, 0, &err) == 0) {
		for (size_t i = 0; i < pt.len; i++) {
			const struct pt_row *r = &pt.rows[i];

			if (!r->rollup)
				continue;
			t->known++;
			t->rss += r->rss, t->pss += r->pss, t->uss += r->uss;
			t->swap += r->swap;
		}
	}
	proctable_close(&pt);
}
