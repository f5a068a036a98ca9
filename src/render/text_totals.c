/* render/text_totals.c: several processes' summed memory, one line. */
#include "config.h"

#include "render/text_totals.h"

#include "model/totals.h"
#include "util/units.h"

void
text_totals(FILE *f, const struct proc_totals *t, bool bytes)
{
	char a[MW_FMT_BYTES_LEN], b[MW_FMT_BYTES_LEN], c[MW_FMT_BYTES_LEN];
	char d[MW_FMT_BYTES_LEN];

	if (t->known == 0)
		return;
	fprintf(f, "\ntotal of %zu processes: PSS %s  USS %s  Swap %s  (RSS %s counts a shared page once per process)\n",
	    t->known, mw_fmt_bytes(a, t->pss, bytes),
	    mw_fmt_bytes(b, t->uss, bytes), mw_fmt_bytes(c, t->swap, bytes),
	    mw_fmt_bytes(d, t->rss, bytes));
}
