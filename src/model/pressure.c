/* model/pressure.c: counter deltas over an interval and the story they tell. */
#include "config.h"
#include "model/pressure.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model/mmstate.h"
#include "model/pressure_int.h"
#include "model/system.h"
#include "util/amount.h"
#include "util/units.h"

void
pressure_report_init(struct pressure_report *r)
{
	memset(r, 0, sizeof(*r));
	r->kswapd = -1;
	finding_list_init(&r->notes);
}

void
pressure_report_free(struct pressure_report *r)
{
	if (r == NULL)
		return;
	finding_list_free(&r->notes);
	memset(r, 0, sizeof(*r));
}

static void
psi_delta(const struct psi_line *a, const struct psi_line *b,
    struct pressure_psi *out)
{
	if (!a->have || !b->have || b->total < a->total)
		return;
	out->have = true;
	out->stalled_us = b->total - a->total;
	out->avg10 = b->avg10;
	out->avg60 = b->avg60;
	out->avg300 = b->avg300;
}

static void
deltas(const struct mm_state *a, const struct mm_state *b,
    struct pressure_report *r)
{
	uint64_t x, y;

	/* nr_* are gauges (pages now), not counters: they have no rate. */
	for (int k = 0; k < VM_NR; k++)
		if (k != VM_NR_FREE_PAGES && vmstat_get(&a->vs, (enum vmstat_key)k, &x) &&
		    vmstat_get(&b->vs, (enum vmstat_key)k, &y) && y >= x) {
			r->have[k] = true;
			r->d[k] = y - x;
		}
	if (a->have_psi && b->have_psi) {
		psi_delta(&a->psi.some, &b->psi.some, &r->some);
		psi_delta(&a->psi.full, &b->psi.full, &r->full);
	}
}

/* The delta of k, 0 when unknown: for "did anything happen" only. */
uint64_t
pr_d(const struct pressure_report *r, enum vmstat_key k)
{
	return r->have[k] ? r->d[k] : 0;
}

static bool
nothing_happened(const struct pressure_report *r)
{
	static const enum vmstat_key moving[] = {
		VM_PGSCAN_KSWAPD, VM_PGSCAN_DIRECT, VM_PGSCAN_KHUGEPAGED,
		VM_PGSCAN_PROACTIVE, VM_PGSTEAL_KSWAPD, VM_PGSTEAL_DIRECT,
		VM_PGSCAN_ANON, VM_PGSCAN_FILE, VM_PGSTEAL_ANON, VM_PGSTEAL_FILE,
		VM_ALLOCSTALL, VM_PSWPIN, VM_PSWPOUT, VM_ZSWPIN, VM_ZSWPOUT,
		VM_WORKINGSET_REFAULT, VM_WORKINGSET_REFAULT_ANON,
		VM_WORKINGSET_REFAULT_FILE, VM_COMPACT_STALL,
		VM_COMPACT_MIGRATE_SCANNED, VM_COMPACT_FREE_SCANNED,
		VM_PGMIGRATE_SUCCESS, VM_THP_FAULT_ALLOC,
		VM_THP_FAULT_FALLBACK, VM_THP_COLLAPSE_ALLOC, VM_OOM_KILL,
	};

	for (size_t i = 0; i < sizeof(moving) / sizeof(*moving); i++)
		if (pr_d(r, moving[i]) > 0)
			return false;
	return !(r->some.have && r->some.stalled_us > 0);
}

/* "1234 pages (4.8M), 411/s" into b (the size a typed amount). */
void
pr_pages(const struct pr_ctx *c, struct mw_buf *b, uint64_t pages)
{
	char sz[MW_FMT_BYTES_LEN];
	uint64_t bytes;

	if (!mw_mul_u64(pages, c->r->page_size, &bytes))
		bytes = UINT64_MAX;
	mw_buf_printf(b, "%" PRIu64 " page%s (%s, %.0f/s)", pages,
	    pages == 1 ? "" : "s", mw_amt_bytes(sz, bytes),
	    (double)pages / c->r->secs);
}

void
pr_note(const struct pr_ctx *c, const char *id, bool has_bytes,
    uint64_t pages, struct mw_buf *b)
{
	uint64_t bytes = 0;

	if (has_bytes && !mw_mul_u64(pages, c->r->page_size, &bytes))
		bytes = UINT64_MAX;
	finding_add(&c->r->notes, id, has_bytes, bytes, b->data);
	mw_buf_reset(b);
}

static void
tell_quiet(struct pr_ctx *c, struct mw_buf *b)
{
	const struct pressure_report *r = c->r;

	mw_buf_printf(b, "Quiet over %.1f s: no reclaim, swapping, refaults, compaction, huge page faults or OOM kill; %s",
	    r->secs, r->some.have ? "no task waited for memory (PSI)." :
	    "whether a task waited for memory is unknown (no PSI).");
	pr_note(c, "quiet", false, 0, b);
}

void
pressure_compute(const struct mm_state *a, const struct mm_state *b,
    const struct sys_snapshot *sys, struct pressure_report *r)
{
	struct pr_ctx c = { r, a, b, sys };
	struct mw_buf t;
	uint64_t ms = b->mono_ms > a->mono_ms ? b->mono_ms - a->mono_ms : 1;

	r->secs = (double)ms / 1000.0;
	r->page_size = sys != NULL ? sys->page_size : 4096;
	deltas(a, b, r);
	if (r->have[VM_PGSCAN_KSWAPD])
		r->kswapd = r->d[VM_PGSCAN_KSWAPD] > 0 ||
		    pr_d(r, VM_PAGEOUTRUN) > 0;
	r->quiet = a->have_vmstat && b->have_vmstat && nothing_happened(r);
	mw_buf_init(&t);
	if (!b->have_vmstat || !a->have_vmstat)
		pr_unknown(&c, &t);
	else if (r->quiet) {
		tell_quiet(&c, &t);
		pr_unknown(&c, &t);
	} else
		pr_tell(&c, &t);
	mw_buf_free(&t);
}
