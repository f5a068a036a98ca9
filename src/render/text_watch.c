/* render/text_watch.c: a watch's line per sample and its verdict. */
#include "config.h"
#include "render/text_watch.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "model/watch.h"
#include "render/amount.h"
#include "util/amount.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/units.h"

void
text_watch_duration(struct mw_buf *out, double s)
{
	unsigned long long v = (unsigned long long)llround(s);

	if (s < 60)
		mw_buf_printf(out, "%.*f s", s < 10 && s != floor(s) ? 1 : 0, s);
	else if (v < 3600)
		mw_buf_printf(out, "%llu min %llu s", v / 60, v % 60);
	else if (v < 86400 * 2)
		mw_buf_printf(out, "%llu h %llu min", v / 3600, v / 60 % 60);
	else
		mw_buf_printf(out, "%llu days %llu h", v / 86400,
		    v / 3600 % 24);
}

/* "+2.0M" style (render/amount.h), for rates and growth. */
void
text_watch_amount(struct mw_buf *out, double bytes, bool exact)
{
	char b[AMOUNT_LEN];
	double a = fabs(bytes);
	struct mw_amt m = { .kind = MW_AMT_DELTA, .neg = bytes < 0,
	    .mag = a >= 0x1p64 ? UINT64_MAX : (uint64_t)llround(a) };

	mw_buf_adds(out, amount_fmt(b, &m, exact));
}

static void
col(struct mw_buf *out, const char *name, const struct watch_sample *prev,
    const struct watch_sample *s, enum watch_val f, bool exact)
{
	char b[MW_FMT_BYTES_LEN], d[MW_FMT_BYTES_LEN];

	if (!(s->present & (1u << f))) {
		mw_buf_printf(out, "  %s %7s %7s", name, "-", "");
		return;
	}
	mw_fmt_bytes(b, s->val[f], exact);
	if (prev != NULL && (prev->present & (1u << f)))
		mw_fmt_delta(d, mw_delta(s->val[f], prev->val[f]), exact);
	else
		d[0] = '\0';
	mw_buf_printf(out, "  %s %7s %7s", name, b, d);
}

void
text_watch_line(struct mw_buf *out, time_t now,
    const struct watch_sample *prev, const struct watch_sample *s,
    bool exact)
{
	struct tm tm;

	gmtime_r(&now, &tm);
	mw_buf_printf(out, "%02d:%02d:%02d %8.1fs", tm.tm_hour, tm.tm_min,
	    tm.tm_sec, s->t);
	col(out, "RSS", prev, s, WV_RSS, exact);
	col(out, "PSS", prev, s, WV_PSS, exact);
	col(out, "anon", prev, s, WV_ANON, exact);
	col(out, "swap", prev, s, WV_SWAP, exact);
	mw_buf_addc(out, '\n');
}

static void
verdict_trend(struct mw_buf *out, const struct watch_verdict *v, bool exact)
{
	const struct trend_fit *f = &v->j.all;

	mw_buf_adds(out, "  trend ");
	text_watch_amount(out, f->slope, exact);
	mw_buf_adds(out, "/s (95% interval ");
	text_watch_amount(out, f->lo, exact);
	mw_buf_adds(out, " to ");
	text_watch_amount(out, f->hi, exact);
	mw_buf_adds(out, "), ");
	text_watch_amount(out, v->per_hour, exact);
	mw_buf_adds(out, " per hour\n  Rss+Swap ");
	text_watch_amount(out, f->last - f->first, exact);
	mw_buf_printf(out, " over the watch; %zu of %zu samples went up\n",
	    v->j.ups, v->j.steps);
	mw_buf_printf(out, "  Mann-Kendall S %.0f, confidence %.2f%% "
	    "(Theil-Sen slope)\n", f->s, 100 * trend_confidence(&v->j));
}

static void
verdict_where(struct mw_buf *out, const struct watch_verdict *v, bool exact)
{
	if (v->nwhere > 0) {
		mw_buf_adds(out, "  where:");
		for (size_t k = 0; k < v->nwhere; k++) {
			const char *n = v->where[k].name;

			mw_buf_adds(out, k ? ", " : " ");
			mw_escape_term(out, n, strlen(n));
			mw_buf_addc(out, ' ');
			text_watch_amount(out, (double)v->where[k].growth, exact);
			mw_buf_printf(out, " (%s)",
			    watch_cause_key(v->where[k].cause));
		}
		mw_buf_addc(out, '\n');
	}
	if (!v->has_cause || v->j.verdict != TREND_GROWING)
		return;
	switch (v->cause) {
	case WATCH_ANON:
		mw_buf_adds(out, "  it grows in private memory: a leak, or "
		    "data the program keeps on purpose\n");
		break;
	case WATCH_FILE:
		mw_buf_adds(out, "  it grows in file mappings: page cache, "
		    "which the kernel takes back\n  under pressure; not a "
		    "leak\n");
		break;
	case WATCH_SHMEM:
		mw_buf_adds(out, "  it grows in shared memory (shmem, tmpfs): "
		    "pages that belong to their\n  file, not to this "
		    "process; not its leak\n");
		break;
	case WATCH_CAUSE_NR:
		break;
	}
}

static void
verdict_next(struct mw_buf *out, const struct watch_info *i,
    const struct watch_verdict *v)
{
	char next[128];

	if (v->has_eta) {
		mw_buf_printf(out, "  at this rate it reaches %s in ",
		    v->eta_cgroup ? "its memory cgroup's limit" :
		    "MemAvailable");
		text_watch_duration(out, v->eta);
		mw_buf_addc(out, '\n');
	}
	if (v->leak) {
		watch_next_step(next, sizeof(next), i->pid);
		mw_buf_printf(out, "  next step, the call stacks that allocate "
		    "it:\n    %s\n", next);
	}
}

/* What the verdict means, with this watch's numbers. */
static void
verdict_says(struct mw_buf *out, const struct watch_verdict *v, bool exact)
{
	const struct trend_fit *f = &v->j.all;

	switch (v->j.verdict) {
	case TREND_NOT_ENOUGH:
		mw_buf_adds(out, "  watch at least ");
		text_watch_duration(out, ceil(v->j.more_seconds));
		mw_buf_adds(out, " more to tell\n");
		break;
	case TREND_LEVELLED:
		mw_buf_adds(out, "  Rss+Swap grew ");
		text_watch_amount(out, f->max - f->min, exact);
		mw_buf_adds(out, ", then stopped: a cache warming up or a pool\n"
		    "  filling, not a leak\n");
		break;
	case TREND_SAWTOOTH:
		mw_buf_printf(out, "  %zu times memory was given back and taken "
		    "again (a garbage\n  collector, an arena reused): no net "
		    "growth across the cycles of ", v->j.falls);
		text_watch_amount(out, f->max - f->min, exact);
		mw_buf_addc(out, '\n');
		break;
	case TREND_FLAT:
		mw_buf_adds(out, "  Rss+Swap stayed within ");
		text_watch_amount(out, f->max - f->min, exact);
		mw_buf_adds(out, " of its lowest\n");
		break;
	case TREND_GROWING:
	case TREND_SHRINKING:
	case TREND_VERDICT_NR:
		break;
	}
}

void
text_watch_verdict(struct mw_buf *out, const struct watch_info *i,
    const struct watch *w, const struct watch_verdict *v, bool exact)
{
	mw_buf_printf(out, "process %d ", (int)i->pid);
	mw_escape_term(out, i->comm, strlen(i->comm));
	mw_buf_printf(out, ": %zu samples over ", w->samples);
	text_watch_duration(out, i->watched);
	mw_buf_printf(out, " (%s)\n", i->end == WATCH_END_EXITED ?
	    "until it exited" : i->end == WATCH_END_INTERRUPTED ?
	    "until interrupted" : i->end == WATCH_END_RECORDING ?
	    "from a recording" : "the whole duration");
	mw_buf_printf(out, "verdict: %s%s\n", trend_verdict_text(v->j.verdict),
	    v->leak ? " (likely leak)" : v->j.verdict == TREND_GROWING ?
	    " (not a leak)" : "");
	verdict_says(out, v, exact);
	if (v->j.all.n >= 2 && (v->j.verdict == TREND_GROWING ||
	    v->j.verdict == TREND_SHRINKING ||
	    v->j.verdict == TREND_NOT_ENOUGH))
		verdict_trend(out, v, exact);
	if (v->j.verdict == TREND_GROWING || v->j.verdict == TREND_LEVELLED)
		verdict_where(out, v, exact);
	verdict_next(out, i, v);
}

const char *
text_growth_cell(char out[32], int64_t growth, enum trend_verdict v,
    bool exact)
{
	size_t n;

	mw_fmt_delta(out, growth, exact);
	n = strlen(out);
	if (n + 2 <= 32) {
		out[n] = trend_verdict_mark(v);
		out[n + 1] = '\0';
	}
	return out;
}
