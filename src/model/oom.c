/* model/oom.c: OOM reports into events: times, page size, badness.
 *
 * The badness is mm/oom_kill.c's oom_badness(): resident pages + swap
 * entries + page-table pages, plus oom_score_adj thousandths of the pages
 * the OOM domain may use (a memory cgroup's limit, or RAM and swap);
 * oom_score_adj -1000 is never chosen.
 */
#include "config.h"
#include "model/oom.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

uint64_t
oom_pages(const struct oom_event *e, uint64_t v)
{
	uint64_t b;

	return __builtin_mul_overflow(v, e->page_size, &b) ? UINT64_MAX : b;
}

static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* A stamp's wall time as UTC seconds; false when it has none. */
static bool
wall_time(const struct oom_when *w, const struct oom_clock *c, time_t *t)
{
	struct tm tm;
	time_t v;

	if (!w->has_wall) {
		if (!w->has_mono || !c->has_boot)
			return false;
		*t = c->boot + (time_t)w->mono;
		return true;
	}
	if (w->has_tz) {
		*t = (time_t)(days_from_civil(w->year, w->mon, w->mday) *
		    86400 +
		    w->hour * 3600 + w->min * 60 + w->sec - w->utc_off);
		return true;
	}
	memset(&tm, 0, sizeof(tm));
	localtime_r(&c->now, &tm);
	if (w->has_year)
		tm.tm_year = w->year - 1900;
	tm.tm_mon = w->mon - 1;
	tm.tm_mday = w->mday;
	tm.tm_hour = w->hour;
	tm.tm_min = w->min;
	tm.tm_sec = w->sec;
	tm.tm_isdst = -1;
	v = mktime(&tm);
	if (!w->has_year && v > c->now + 86400) {	/* last year's log */
		tm.tm_year--;
		tm.tm_isdst = -1;
		v = mktime(&tm);
	}
	*t = v;
	return v != (time_t)-1;
}

/* The page size: an order-0 block of a buddy line, else the victim's
 * kB over its table rss. */
static void
page_size(struct oom_event *e)
{
	const struct oom_report *r = e->r;
	const struct oom_task *t = e->victim_task;

	e->page_size = 4096;
	for (size_t i = 0; i < r->nzones; i++)
		if (r->zones[i].block0 >= 4096) {
			e->page_size = r->zones[i].block0;
			e->page_size_known = true;
			return;
		}
	if (e->victim != NULL && t != NULL &&
	    (t->present & 1u << OOM_COL_RSS) &&
	    t->val[OOM_COL_RSS] > 0) {
		uint64_t kb = 0, ps;

		for (int f = OOM_KILL_ANON_RSS; f <= OOM_KILL_SHMEM_RSS; f++)
			kb += e->victim->val[f];
		ps = kb / (uint64_t)t->val[OOM_COL_RSS];
		for (uint64_t p = 4096; p <= 65536; p *= 2)
			if (ps > p * 3 / 4 && ps < p * 3 / 2) {
				e->page_size = p;
				e->page_size_known = true;
			}
	}
}

static uint64_t
col(const struct oom_task *t, enum oom_col c)
{
	return (t->present & 1u << c) && t->val[c] > 0 ?
	    (uint64_t)t->val[c] : 0;
}

/* The pages oom_score_adj is a share of (mem_cgroup_get_max(), or
 * totalram + total swap). */
static void
total_pages(struct oom_event *e)
{
	const struct oom_report *r = e->r;
	const struct oom_memcg_counter *m = &r->memcg[OOM_MEMCG_MEMORY];
	uint64_t ps = e->page_size, t;

	if (r->constraint == OOM_CONSTRAINT_MEMCG && m->present) {
		t = m->limit / ps;
		if (r->memcg[OOM_MEMCG_SWAP].present &&
		    r->memcg[OOM_MEMCG_SWAP].limit < (UINT64_C(1) << 50))
			t += r->memcg[OOM_MEMCG_SWAP].limit / ps;
		e->total_pages = t;
		e->has_total_pages = m->limit < (UINT64_C(1) << 50);
	} else if (r->constraint != OOM_CONSTRAINT_MEMCG && r->has_ram_pages) {
		t = r->ram_pages - (r->has_reserved_pages &&
		    r->reserved_pages < r->ram_pages ? r->reserved_pages : 0);
		if (r->has_swap_total)
			t += r->swap_total / ps;
		e->total_pages = t;
		e->has_total_pages = true;
	}
}

static int
cmp_points(const void *a, const void *b)
{
	const struct oom_candidate *x = a, *y = b;

	return x->points < y->points ? 1 : x->points > y->points ? -1 : 0;
}

/* Every eligible task scored; the best OOM_CANDIDATES kept. */
static void
rank(struct oom_event *e)
{
	const struct oom_report *r = e->r;
	struct oom_candidate *all;
	size_t n = 0;

	if (r->ntasks == 0)
		return;
	all = mw_xcalloc(r->ntasks, sizeof(*all));
	for (size_t i = 0; i < r->ntasks; i++) {
		const struct oom_task *t = &r->tasks[i];
		struct oom_candidate *c = &all[n];
		int64_t adj = (t->present & 1u << OOM_COL_OOM_SCORE_ADJ) ?
		    t->val[OOM_COL_OOM_SCORE_ADJ] : 0;

		if (adj <= -1000)
			continue;
		c->task = t;
		c->rss = col(t, OOM_COL_RSS);
		c->swap = col(t, OOM_COL_SWAPENTS);
		c->pgtables = (t->present & 1u << OOM_COL_PGTABLES_BYTES) ?
		    col(t, OOM_COL_PGTABLES_BYTES) / e->page_size :
		    col(t, OOM_COL_NR_PTES) + col(t, OOM_COL_NR_PMDS);
		c->points = (int64_t)(c->rss + c->swap + c->pgtables);
		if (adj != 0 && e->has_total_pages) {
			c->points += adj * (int64_t)(e->total_pages / 1000);
			c->has_adj_share = true;
		} else {
			c->has_adj_share = adj == 0;
		}
		n++;
	}
	e->eligible = n;
	qsort(all, n, sizeof(*all), cmp_points);
	e->ncand = n < OOM_CANDIDATES ? n : OOM_CANDIDATES;
	memcpy(e->cand, all, e->ncand * sizeof(*all));
	free(all);
}

/* True when z's buddy line shows a free block of order o or larger
 * outside the high-atomic reserve. */
static bool
has_block(const struct oom_zone *z, int o)
{
	for (unsigned j = (unsigned)o; j < z->norders; j++)
		if (z->blocks[j] > 0 && !(z->highatomic & 1u << j))
			return true;
	return false;
}

/* The most lowmem_reserve keeps back from allocations that could use a
 * higher zone, in bytes. */
static uint64_t
keep(const struct oom_event *e, const struct oom_zone *z)
{
	uint64_t k = 0;

	for (unsigned j = 0; j < z->nreserve; j++)
		if (z->reserve[j] > k)
			k = z->reserve[j];
	return oom_pages(e, k);
}

/* No zone with a buddy line (and free memory beyond its lowmem_reserve)
 * had a usable block of the order asked, while one was above its min
 * watermark and they held at least 16 such blocks' worth of free memory
 * in smaller ones: the memory was there, not contiguous. */
static void
no_block(struct oom_event *e)
{
	const struct oom_report *r = e->r;
	size_t seen = 0;
	bool above_min = false;

	for (size_t i = 0; i < r->nzones; i++) {
		const struct oom_zone *z = &r->zones[i];

		if (z->norders == 0 || !(z->present & 1u << OOM_ZONE_FREE) ||
		    z->val[OOM_ZONE_FREE] <= keep(e, z))
			continue;	/* all of it kept for lower zones */
		seen++;
		if (z->val[OOM_ZONE_FREE] > z->val[OOM_ZONE_MIN])
			above_min = true;
		if (has_block(z, r->order))
			return;
		e->buddy_free += z->val[OOM_ZONE_FREE];
	}
	/* ... and not every zone at its min: then memory was short too */
	e->no_block = seen > 0 && above_min && e->buddy_free >=
	    oom_pages(e, UINT64_C(16) << r->order);
	if (e->no_block)
		e->fragmented = true;
}

/* Order > 0 and a zone the allocation could use had free memory above
 * its high watermark (beyond what lowmem_reserve keeps back), or no
 * free block that large anywhere though memory was free. */
static void
fragmentation(struct oom_event *e)
{
	const struct oom_report *r = e->r;

	e->high_order = r->has_order && r->order > 0;
	if (!e->high_order)
		return;
	no_block(e);
	for (size_t i = 0; i < r->nzones; i++) {
		const struct oom_zone *z = &r->zones[i];

		if (!(z->present & 1u << OOM_ZONE_FREE) ||
		    !(z->present & 1u << OOM_ZONE_HIGH))
			continue;
		if (z->val[OOM_ZONE_FREE] > z->val[OOM_ZONE_HIGH] + keep(e, z))
			e->fragmented = true;
	}
}

static void
build(struct oom_event *e, const struct oom_report *r,
    const struct oom_clock *c)
{
	e->r = r;
	e->victim = r->nkills > 0 ? &r->kills[0] : NULL;
	for (size_t i = 0; e->victim != NULL && i < r->ntasks; i++)
		if (r->tasks[i].pid == e->victim->pid) {
			e->victim_task = &r->tasks[i];
			break;
		}
	/* Before 4.19 there is no summary line: a nodemask is a memory
	 * policy's (cpusets do not set one), zones are printed for the
	 * machine's OOM only. */
	e->constraint = r->constraint;
	if (e->constraint == OOM_CONSTRAINT_UNKNOWN && r->nodemask.s != NULL &&
	    strcmp(r->nodemask.s, "(null)") != 0)
		e->constraint = OOM_CONSTRAINT_MEMORY_POLICY;
	else if (e->constraint == OOM_CONSTRAINT_UNKNOWN && r->nzones > 0)
		e->constraint = OOM_CONSTRAINT_NONE;
	e->has_when = wall_time(&r->when, c, &e->when);
	page_size(e);
	total_pages(e);
	rank(e);
	fragmentation(e);
	finding_list_init(&e->findings);
	oom_explain(e, c);
}

int
oom_events_build(const struct oom_log *log, const struct oom_clock *c,
    time_t since, bool has_since, struct oom_events *out)
{
	out->len = 0;
	out->v = log->len ? mw_xcalloc(log->len, sizeof(*out->v)) : NULL;
	for (size_t i = log->len; i-- > 0;) {
		const struct oom_report *r = &log->v[i];
		struct oom_event *e = &out->v[out->len];

		if (r->nkills == 0 && !r->no_killable && !r->has_selected)
			continue;	/* a header, its end not in the log */
		build(e, r, c);
		if (has_since && e->has_when && e->when < since) {
			finding_list_free(&e->findings);
			memset(e, 0, sizeof(*e));
			continue;
		}
		out->len++;
	}
	return 0;
}

void
oom_events_free(struct oom_events *ev)
{
	for (size_t i = 0; i < ev->len; i++)
		finding_list_free(&ev->v[i].findings);
	free(ev->v);
	ev->v = NULL;
	ev->len = 0;
}
