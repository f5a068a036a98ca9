/* render/text_leaks.c: the leak hunt's ranking as text. */
#include "config.h"
#include "render/text_leaks.h"

#include <math.h>
#include <string.h>

#include "model/leaks.h"
#include "model/watch.h"
#include "render/text_watch.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/units.h"

static void
row(struct mw_buf *out, size_t k, const struct leak_rank *r, bool exact)
{
	const struct leak_entry *e = r->e;
	const struct trend_fit *f = &r->j.all;
	char g[MW_FMT_BYTES_LEN + 1], last[MW_FMT_BYTES_LEN];
	double grow = r->j.verdict == TREND_GROWING ? f->slope * 3600 :
	    f->max - f->min;

	g[0] = '+';
	mw_fmt_bytes(g + 1, (uint64_t)llround(fabs(grow)), exact);
	mw_fmt_bytes(last, e->value, exact);
	mw_buf_printf(out, "%4zu  %c %-9s %5.1f%% %10s%s %8s  ", k,
	    trend_verdict_mark(r->j.verdict), trend_verdict_key(r->j.verdict),
	    100 * trend_confidence(&r->j), g,
	    r->j.verdict == TREND_GROWING ? "/h" : "  ", last);
	if (e->what == LEAK_PROC)
		mw_buf_printf(out, "process %d ", (int)e->pid);
	else
		mw_buf_adds(out, "slab ");
	mw_escape_term(out, e->name, strlen(e->name));
	if (e->gone)
		mw_buf_adds(out, e->what == LEAK_PROC ? " (exited)" :
		    " (destroyed)");
	mw_buf_addc(out, '\n');
}

static void
others(struct mw_buf *out, const struct leak_rank *r, size_t n, size_t from)
{
	size_t count[TREND_VERDICT_NR] = { 0 };
	bool first = true;

	for (size_t k = from; k < n; k++)
		count[r[k].j.verdict]++;
	for (int v = 0; v < TREND_VERDICT_NR; v++) {
		if (count[v] == 0)
			continue;
		mw_buf_printf(out, "%s%zu %s", first ? "others: " : ", ",
		    count[v], trend_verdict_text(v));
		first = false;
	}
	if (!first)
		mw_buf_addc(out, '\n');
}

static void
next_step(struct mw_buf *out, const struct leak_rank *r, size_t n)
{
	char cmd[128];

	for (size_t k = 0; k < n; k++) {
		if (r[k].j.verdict != TREND_GROWING || r[k].e->gone)
			continue;
		if (r[k].e->what == LEAK_SLAB) {
			mw_buf_adds(out, "next step for slab ");
			mw_escape_term(out, r[k].e->name, strlen(r[k].e->name));
			mw_buf_adds(out, ": kernel memory; 'memwatch slabs' "
			    "shows it, and slub_debug=U on the kernel command "
			    "line records who allocates it\n");
			return;
		}
		watch_next_step(cmd, sizeof(cmd), r[k].e->pid);
		mw_buf_printf(out, "next step for process %d: memwatch %d watch "
		    "-d 10m (where it grows), then %s (the call stacks)\n",
		    (int)r[k].e->pid, (int)r[k].e->pid, cmd);
		return;
	}
}

void
text_leaks(struct mw_buf *out, const struct watch_info *i,
    const struct leaks *l, const struct leak_rank *r, size_t n, size_t top,
    bool exact)
{
	size_t shown = 0;

	mw_buf_printf(out, "leaks: %zu processes and %zu slab caches, %zu "
	    "rounds over ", leaks_count(l, LEAK_PROC),
	    leaks_count(l, LEAK_SLAB), l->rounds);
	text_watch_duration(out, i->watched);
	mw_buf_printf(out, " (every %g s)\n", i->interval);
	while (shown < n && (top == 0 || shown < top) &&
	    (r[shown].j.verdict == TREND_GROWING ||
	    r[shown].j.verdict == TREND_LEVELLED)) {
		if (shown == 0)
			mw_buf_adds(out, "   #    VERDICT    CONF     GROWTH"
			    "       LAST  WHAT\n");
		row(out, shown + 1, &r[shown], exact);
		shown++;
	}
	if (shown == 0)
		mw_buf_adds(out, "nothing grew steadily or levelled off\n");
	others(out, r, n, shown);
	next_step(out, r, n);
}
