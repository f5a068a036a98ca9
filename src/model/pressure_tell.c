/* model/pressure_tell.c: the pressure story, one finding per subject. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model/frag.h"
#include "model/mmstate.h"
#include "model/pressure_int.h"
#include "model/system.h"
#include "model/system_explain.h"
#include "util/amount.h"

static double
pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void
tell_psi(struct pr_ctx *c, struct mw_buf *b)
{
	const struct pressure_report *r = c->r;
	double us = r->secs * 1e6;

	if (!r->some.have)
		return;
	if (r->some.stalled_us == 0) {
		mw_buf_printf(b, "Pressure (PSI): no task waited for memory in the %.1f s.",
		    r->secs);
		pr_note(c, "psi", false, 0, b);
		return;
	}
	mw_buf_printf(b, "Pressure (PSI): for %.1f ms of the %.1f s (%.2f%%) at least one task waited for memory (some)",
	    (double)r->some.stalled_us / 1000.0, r->secs,
	    100.0 * (double)r->some.stalled_us / us);
	if (r->full.have)
		mw_buf_printf(b, ", and for %.1f ms (%.2f%%) every task that could run did (full)",
		    (double)r->full.stalled_us / 1000.0,
		    100.0 * (double)r->full.stalled_us / us);
	mw_buf_printf(b, ". The kernel's averages of some: %u.%02u%% over 10 s, %u.%02u%% over 60 s, %u.%02u%% over 300 s.",
	    r->some.avg10 / 100, r->some.avg10 % 100, r->some.avg60 / 100,
	    r->some.avg60 % 100, r->some.avg300 / 100, r->some.avg300 % 100);
	pr_note(c, "psi", false, 0, b);
}

/* "scanned N pages (...) and reclaimed M (...), efficiency E%" */
static void
scan_steal(const struct pr_ctx *c, struct mw_buf *b, enum vmstat_key scan,
    enum vmstat_key steal)
{
	const struct pressure_report *r = c->r;

	mw_buf_adds(b, "scanned ");
	pr_pages(c, b, pr_d(r, scan));
	mw_buf_adds(b, " and reclaimed ");
	pr_pages(c, b, pr_d(r, steal));
	if (pr_d(r, scan) > 0)
		mw_buf_printf(b, ", efficiency %.0f%%",
		    pct(pr_d(r, steal), pr_d(r, scan)));
}

static void
tell_reclaim_kinds(struct pr_ctx *c, struct mw_buf *b)
{
	const struct pressure_report *r = c->r;
	uint64_t anon = pr_d(r, VM_PGSTEAL_ANON), file = pr_d(r, VM_PGSTEAL_FILE);

	if (!r->have[VM_PGSCAN_ANON] || !r->have[VM_PGSCAN_FILE])
		return;
	mw_buf_adds(b, " By type, every reclaimer: anonymous memory ");
	scan_steal(c, b, VM_PGSCAN_ANON, VM_PGSTEAL_ANON);
	mw_buf_adds(b, "; file cache ");
	scan_steal(c, b, VM_PGSCAN_FILE, VM_PGSTEAL_FILE);
	mw_buf_adds(b, ".");
	if (anon + file == 0)
		return;
	if (anon * 2 > anon + file)
		mw_buf_printf(b, " Most of what was reclaimed (%.0f%%) was anonymous memory, which can only leave RAM through swap.",
		    pct(anon, anon + file));
	else
		mw_buf_printf(b, " Most of what was reclaimed (%.0f%%) was file cache, dropped or written back.",
		    pct(file, anon + file));
}

/* Pages scanned by type: every reclaimer, a memory cgroup's own too. */
static uint64_t
typed_scan(const struct pressure_report *r)
{
	return pr_d(r, VM_PGSCAN_ANON) + pr_d(r, VM_PGSCAN_FILE);
}

static void
tell_reclaimers(struct pr_ctx *c, struct mw_buf *b)
{
	const struct pressure_report *r = c->r;
	uint64_t stalls = pr_d(r, VM_ALLOCSTALL);
	bool ks = pr_d(r, VM_PGSCAN_KSWAPD) + pr_d(r, VM_PGSTEAL_KSWAPD) > 0;
	bool ds = pr_d(r, VM_PGSCAN_DIRECT) + pr_d(r, VM_PGSTEAL_DIRECT) +
	    stalls > 0;

	mw_buf_adds(b, "Reclaim:");
	if (ks) {
		mw_buf_adds(b, " kswapd (the background reclaimer) ");
		scan_steal(c, b, VM_PGSCAN_KSWAPD, VM_PGSTEAL_KSWAPD);
		mw_buf_adds(b, ".");
	}
	if (ds) {
		mw_buf_adds(b, " Direct reclaim (an allocation reclaiming for itself, and waiting) ");
		scan_steal(c, b, VM_PGSCAN_DIRECT, VM_PGSTEAL_DIRECT);
		if (r->have[VM_ALLOCSTALL])
			mw_buf_printf(b, ", in %" PRIu64 " allocation stall%s (%.1f/s)",
			    stalls, stalls == 1 ? "" : "s",
			    (double)stalls / r->secs);
		mw_buf_adds(b, ".");
	}
	if (!ks && !ds)
		mw_buf_adds(b, " neither kswapd nor the machine's direct reclaim ran.");
	if (pr_d(r, VM_PGSCAN_KHUGEPAGED) + pr_d(r, VM_PGSCAN_PROACTIVE) > 0) {
		mw_buf_adds(b, " khugepaged ");
		scan_steal(c, b, VM_PGSCAN_KHUGEPAGED, VM_PGSTEAL_KHUGEPAGED);
		mw_buf_adds(b, "; proactive reclaim (memory.reclaim) ");
		scan_steal(c, b, VM_PGSCAN_PROACTIVE, VM_PGSTEAL_PROACTIVE);
		mw_buf_adds(b, ".");
	}
}

static void
tell_reclaim(struct pr_ctx *c, struct mw_buf *b)
{
	const struct pressure_report *r = c->r;
	uint64_t ks = pr_d(r, VM_PGSCAN_KSWAPD), ds = pr_d(r, VM_PGSCAN_DIRECT);
	uint64_t stalls = pr_d(r, VM_ALLOCSTALL);
	uint64_t scan = ks + ds + pr_d(r, VM_PGSCAN_KHUGEPAGED) +
	    pr_d(r, VM_PGSCAN_PROACTIVE);
	uint64_t steal = pr_d(r, VM_PGSTEAL_KSWAPD) + pr_d(r, VM_PGSTEAL_DIRECT) +
	    pr_d(r, VM_PGSTEAL_KHUGEPAGED) + pr_d(r, VM_PGSTEAL_PROACTIVE);
	uint64_t typed = typed_scan(r);

	if (scan == 0 && stalls == 0 && steal == 0 && typed == 0)
		return;
	tell_reclaimers(c, b);
	tell_reclaim_kinds(c, b);
	/* The kernel counts a memory cgroup's own reclaim by type only
	 * (mm/vmscan.c: not as kswapd or direct). */
	if (typed > scan)
		mw_buf_printf(b, " %" PRIu64 " of the pages scanned by type were scanned by no kswapd or direct reclaim of the machine: a memory cgroup reached its limit and reclaimed from itself.",
		    typed - scan);
	if (ds > 0 || stalls > 0)
		mw_buf_adds(b, " Allocations had to reclaim memory themselves: kswapd did not keep free memory above the low watermark in time.");
	else if (ks > 0)
		mw_buf_adds(b, " kswapd kept up: no allocation had to reclaim memory itself.");
	if (typed > scan) {
		scan = typed;
		steal = pr_d(r, VM_PGSTEAL_ANON) + pr_d(r, VM_PGSTEAL_FILE);
	}
	if (scan >= 1024 && steal * 4 < scan)
		mw_buf_adds(b, " Most pages scanned could not be reclaimed: they were in use, dirty, under writeback or pinned.");
	pr_note(c, "reclaim", true, steal, b);
}

static void
refault_kind(const struct pr_ctx *c, struct mw_buf *b, const char *what,
    enum vmstat_key ref, enum vmstat_key act)
{
	const struct pressure_report *r = c->r;

	mw_buf_printf(b, " %s: ", what);
	pr_pages(c, b, pr_d(r, ref));
	mw_buf_printf(b, " read back after eviction");
	if (r->have[act] && pr_d(r, ref) > 0)
		mw_buf_printf(b, ", %" PRIu64 " (%.0f%%) of them activated at once as part of the working set",
		    pr_d(r, act), pct(pr_d(r, act), pr_d(r, ref)));
	mw_buf_adds(b, ".");
}

static void
tell_workingset(struct pr_ctx *c, struct mw_buf *b)
{
	const struct pressure_report *r = c->r;
	bool split = r->have[VM_WORKINGSET_REFAULT_FILE];
	uint64_t ref = split ? pr_d(r, VM_WORKINGSET_REFAULT_FILE) +
	    pr_d(r, VM_WORKINGSET_REFAULT_ANON) : pr_d(r, VM_WORKINGSET_REFAULT);
	uint64_t act = split ? pr_d(r, VM_WORKINGSET_ACTIVATE_FILE) +
	    pr_d(r, VM_WORKINGSET_ACTIVATE_ANON) :
	    pr_d(r, VM_WORKINGSET_ACTIVATE);

	if (ref == 0)
		return;
	mw_buf_adds(b, "Refaults: pages evicted earlier were needed again.");
	if (split) {
		refault_kind(c, b, "File cache", VM_WORKINGSET_REFAULT_FILE,
		    VM_WORKINGSET_ACTIVATE_FILE);
		if (pr_d(r, VM_WORKINGSET_REFAULT_ANON) > 0)
			refault_kind(c, b, "Anonymous memory (from swap)",
			    VM_WORKINGSET_REFAULT_ANON,
			    VM_WORKINGSET_ACTIVATE_ANON);
	} else {
		refault_kind(c, b, "All pages", VM_WORKINGSET_REFAULT,
		    VM_WORKINGSET_ACTIVATE);
	}
	if (ref >= 256 && act * 4 >= ref)
		mw_buf_adds(b, " The working set does not fit in the memory left for it: pages are evicted while still in use and read again soon after. The cache is thrashing; each refault is a read from disk or swap.");
	else if (ref >= 256)
		mw_buf_adds(b, " Few of them were part of the working set: the cache is turning over, not thrashing.");
	else
		mw_buf_adds(b, " Too few to be thrashing.");
	pr_note(c, "workingset", true, ref, b);
}

static void
tell_swap_now(struct pr_ctx *c, struct mw_buf *b)
{
	const struct mm_state *s = c->b;
	char sz[MW_FMT_BYTES_LEN], su[MW_FMT_BYTES_LEN];
	uint64_t size = 0, used = 0;

	if (!s->have_swaps)
		return;
	for (size_t i = 0; i < s->sw.len; i++) {
		size += s->sw.devs[i].size;
		used += s->sw.devs[i].used;
	}
	if (s->sw.len == 0)
		mw_buf_adds(b, " No swap device is on.");
	else
		mw_buf_printf(b, " Now %zu swap device%s, %s, %s used.",
		    s->sw.len, s->sw.len == 1 ? "" : "s", mw_amt_bytes(sz, size),
		    mw_amt_bytes(su, used));
}

static void
tell_zswap(struct pr_ctx *c, struct mw_buf *b)
{
	const struct pressure_report *r = c->r;
	const char *comp = mm_zswap_param(c->b, "compressor");

	if (c->b->zswap_enabled < 0)
		return;
	mw_buf_printf(b, " zswap is %s", c->b->zswap_enabled ? "on" : "off");
	if (comp != NULL)
		mw_buf_printf(b, " (compressor %s)", comp);
	if (pr_d(r, VM_ZSWPOUT) + pr_d(r, VM_ZSWPIN) > 0) {
		mw_buf_adds(b, ": it compressed ");
		pr_pages(c, b, pr_d(r, VM_ZSWPOUT));
		mw_buf_adds(b, " and gave back ");
		pr_pages(c, b, pr_d(r, VM_ZSWPIN));
	}
	mw_buf_adds(b, ".");
}

static void
tell_swap(struct pr_ctx *c, struct mw_buf *b)
{
	const struct pressure_report *r = c->r;
	uint64_t out = pr_d(r, VM_PSWPOUT), in = pr_d(r, VM_PSWPIN);

	if (out + in + pr_d(r, VM_ZSWPOUT) + pr_d(r, VM_ZSWPIN) == 0)
		return;
	mw_buf_adds(b, "Swap: ");
	pr_pages(c, b, out);
	mw_buf_adds(b, " written out (pswpout), ");
	pr_pages(c, b, in);
	mw_buf_adds(b, " read back in (pswpin).");
	if (out > 0 && in > 0)
		mw_buf_adds(b, " Pages go out and come back: what is in use does not fit in RAM.");
	else if (out > 0)
		mw_buf_adds(b, " Anonymous memory left RAM for swap to make room.");
	tell_swap_now(c, b);
	tell_zswap(c, b);
	pr_note(c, "swap", true, out + in, b);
}

/* Now, per zone: the largest free block and what is free below 2 MiB. */
static void
fragmentation_now(struct pr_ctx *c, struct mw_buf *b)
{
	const struct sys_snapshot *s = c->sys;
	char sz[MW_FMT_BYTES_LEN], ff[FRAG_FMT_LEN];
	int thp = s != NULL ? sys_order_of(2u << 20, s->page_size) : -1;

	if (s == NULL || !s->part[SYS_BUDDYINFO].have)
		return;
	mw_buf_adds(b, " Free memory now (buddy):");
	for (size_t i = 0; i < s->bi.len; i++) {
		const struct buddy_zone *z = &s->bi.zones[i];
		int o = buddy_largest_order(z);

		if (buddy_free_pages(z) == 0)
			continue;
		mw_buf_printf(b, " node %d %s largest block %s (order %d)",
		    z->node, z->zone, o < 0 ? "none" :
		    mw_amt_bytes(sz, s->page_size << o), o);
		if (thp > 0 && (unsigned)thp < z->norders)
			mw_buf_printf(b, ", unusable index at " MW_AMT_2M " %s",
			    frag_fmt(ff, frag_unusable_index(z->count,
			    z->norders, (unsigned)thp), false));
		mw_buf_adds(b, i + 1 < s->bi.len ? ";" : ".");
	}
}

static void
tell_compaction(struct pr_ctx *c, struct mw_buf *b)
{
	const struct pressure_report *r = c->r;
	uint64_t st = pr_d(r, VM_COMPACT_STALL), fail = pr_d(r, VM_COMPACT_FAIL);

	if (st + pr_d(r, VM_COMPACT_MIGRATE_SCANNED) +
	    pr_d(r, VM_COMPACT_FREE_SCANNED) + pr_d(r, VM_PGMIGRATE_SUCCESS) == 0)
		return;
	mw_buf_printf(b, "Compaction: %" PRIu64 " allocation%s stalled to compact memory (compact_stall), %" PRIu64 " succeeded, %" PRIu64 " failed",
	    st, st == 1 ? "" : "s", pr_d(r, VM_COMPACT_SUCCESS), fail);
	if (r->have[VM_COMPACT_DAEMON_WAKE])
		mw_buf_printf(b, "; kcompactd woke %" PRIu64 " time%s",
		    pr_d(r, VM_COMPACT_DAEMON_WAKE),
		    pr_d(r, VM_COMPACT_DAEMON_WAKE) == 1 ? "" : "s");
	mw_buf_printf(b, ". It scanned %" PRIu64 " pages to move and %" PRIu64 " free pages, and moved ",
	    pr_d(r, VM_COMPACT_MIGRATE_SCANNED), pr_d(r, VM_COMPACT_FREE_SCANNED));
	pr_pages(c, b, pr_d(r, VM_PGMIGRATE_SUCCESS));
	mw_buf_printf(b, " (pgmigrate_success; %" PRIu64 " failed to move).",
	    pr_d(r, VM_PGMIGRATE_FAIL));
	if (fail > 0)
		mw_buf_adds(b, " A failed compaction means free memory was there but in pieces too small, and pages in the way could not be moved.");
	fragmentation_now(c, b);
	pr_note(c, "compaction", true, pr_d(r, VM_PGMIGRATE_SUCCESS), b);
}

static void
thp_mode(struct pr_ctx *c, struct mw_buf *b)
{
	const char *en = c->b->thp[MT_ENABLED], *df = c->b->thp[MT_DEFRAG];

	if (en == NULL) {
		mw_buf_adds(b, " The THP mode is unknown (no /sys/kernel/mm/transparent_hugepage).");
		return;
	}
	if (strcmp(en, "madvise") == 0)
		mw_buf_adds(b, " THP is in 'madvise' mode: only regions a program marked with madvise(MADV_HUGEPAGE) get huge pages at a fault.");
	else if (strcmp(en, "always") == 0)
		mw_buf_adds(b, " THP is in 'always' mode: every large enough anonymous region may get huge pages.");
	else if (strcmp(en, "never") == 0)
		mw_buf_adds(b, " THP is in 'never' mode: no fault gets a huge page.");
	else
		mw_buf_printf(b, " THP is in '%s' mode.", en);
	if (df != NULL)
		mw_buf_printf(b, " defrag is '%s': %s", df,
		    strcmp(df, "always") == 0 ? "a fault with no free " MW_AMT_2M " block waits for reclaim and compaction." :
		    strcmp(df, "madvise") == 0 ? "a fault in a madvise(MADV_HUGEPAGE) region waits for reclaim and compaction when no " MW_AMT_2M " block is free; others fall back at once." :
		    strcmp(df, "never") == 0 ? "a fault never waits; it takes a free " MW_AMT_2M " block or falls back." :
		    "a fault wakes kcompactd and falls back at once when no " MW_AMT_2M " block is free.");
}

static void
tell_thp(struct pr_ctx *c, struct mw_buf *b)
{
	const struct pressure_report *r = c->r;
	uint64_t al = pr_d(r, VM_THP_FAULT_ALLOC), fb = pr_d(r, VM_THP_FAULT_FALLBACK);

	if (al + fb + pr_d(r, VM_THP_COLLAPSE_ALLOC) +
	    pr_d(r, VM_THP_COLLAPSE_ALLOC_FAILED) == 0)
		return;
	mw_buf_printf(b, "Transparent huge pages: %" PRIu64 " fault%s got a huge page (thp_fault_alloc), %" PRIu64 " fell back to small pages (thp_fault_fallback)",
	    al, al == 1 ? "" : "s", fb);
	if (r->have[VM_THP_FAULT_FALLBACK_CHARGE] && fb > 0)
		mw_buf_printf(b, ", %" PRIu64 " of them because the memory cgroup could not be charged a huge page",
		    pr_d(r, VM_THP_FAULT_FALLBACK_CHARGE));
	mw_buf_printf(b, "; khugepaged collapsed %" PRIu64 " and failed %" PRIu64 ".",
	    pr_d(r, VM_THP_COLLAPSE_ALLOC), pr_d(r, VM_THP_COLLAPSE_ALLOC_FAILED));
	if (fb > 0)
		mw_buf_adds(b, " A fault falls back when no free " MW_AMT_2M " block could be found or made, or the cgroup's limit left no room for one.");
	thp_mode(c, b);
	pr_note(c, "thp", false, 0, b);
}

static void
tell_oom(struct pr_ctx *c, struct mw_buf *b)
{
	uint64_t n = pr_d(c->r, VM_OOM_KILL);

	if (n == 0)
		return;
	mw_buf_printf(b, "OOM: the kernel killed %" PRIu64 " process%s for lack of memory (oom_kill), in the whole machine or in a memory cgroup at its limit; the kernel log (dmesg) names %s.",
	    n, n == 1 ? "" : "es", n == 1 ? "it" : "them");
	pr_note(c, "oom", false, 0, b);
}

static void
tell_faults(struct pr_ctx *c, struct mw_buf *b)
{
	const struct pressure_report *r = c->r;

	if (!r->have[VM_PGFAULT])
		return;
	mw_buf_printf(b, "Page faults: %" PRIu64 " (%.0f/s), %" PRIu64 " of them major (%.0f/s: the page was read from disk or swap).",
	    r->d[VM_PGFAULT], (double)r->d[VM_PGFAULT] / r->secs,
	    pr_d(r, VM_PGMAJFAULT), (double)pr_d(r, VM_PGMAJFAULT) / r->secs);
	pr_note(c, "faults", false, 0, b);
}

static void
tell_zones(struct pr_ctx *c, struct mw_buf *b)
{
	const struct sys_snapshot *s = c->sys;
	char f[MW_FMT_BYTES_LEN], lo[MW_FMT_BYTES_LEN];
	bool any = false;

	if (s == NULL || !s->part[SYS_ZONEINFO].have)
		return;
	mw_buf_adds(b, "Zones now:");
	for (size_t i = 0; i < s->zi.len; i++) {
		const struct zone_info *z = &s->zi.zones[i];
		enum zone_level l = sys_zone_level(z);

		if (l == ZL_EMPTY || l == ZL_UNKNOWN)
			continue;
		mw_buf_printf(b, "%s node %d %s free %s, %s (low %s)",
		    any ? ";" : "", z->node, z->name,
		    mw_amt_bytes(f, sys_bytes(s, z->val[ZF_FREE])),
		    sys_zone_level_name(l),
		    mw_amt_bytes(lo, sys_bytes(s, z->val[ZF_LOW])));
		any = true;
	}
	mw_buf_adds(b, ".");
	if (any)
		pr_note(c, "zones", false, 0, b);
	else
		mw_buf_reset(b);
}

static void
tell_kswapd(struct pr_ctx *c, struct mw_buf *b)
{
	const struct pressure_report *r = c->r;

	if (r->kswapd < 0)
		mw_buf_adds(b, "Whether kswapd ran is unknown: this kernel does not count its scans.");
	else if (r->kswapd > 0)
		mw_buf_printf(b, "kswapd was awake and reclaiming during the interval (it scanned %" PRIu64 " pages).",
		    r->d[VM_PGSCAN_KSWAPD]);
	else
		mw_buf_adds(b, "kswapd scanned nothing during the interval: it was asleep, free memory stayed above the watermarks it works to.");
	pr_note(c, "kswapd", false, 0, b);
}

static void
tell_settings(struct pr_ctx *c, struct mw_buf *b)
{
	const struct mm_state *s = c->b;
	bool any = false;

	mw_buf_adds(b, "Settings:");
	for (int k = 0; k < MS_NR; k++)
		if (s->have_sysctl[k]) {
			mw_buf_printf(b, "%s %s %" PRIu64, any ? "," : "",
			    mm_sysctl_name((enum mm_sysctl)k), s->sysctl[k]);
			any = true;
		}
	for (int t = 0; t < MT_NR; t++)
		if (s->thp[t] != NULL) {
			mw_buf_printf(b, "%s THP %s %s", any ? "," : "",
			    mm_thp_name((enum mm_thp)t), s->thp[t]);
			any = true;
		}
	for (size_t i = 0; i < s->npools; i++) {
		char sz[MW_FMT_BYTES_LEN];

		mw_buf_printf(b, "%s huge page pool %s: %" PRIu64 " pages, %" PRIu64 " free",
		    any ? "," : "", mw_amt_bytes(sz, s->pools[i].size),
		    s->pools[i].val[MP_NR], s->pools[i].val[MP_FREE]);
		any = true;
	}
	mw_buf_adds(b, ".");
	if (any)
		pr_note(c, "settings", false, 0, b);
	else
		mw_buf_reset(b);
}

void
pr_unknown(struct pr_ctx *c, struct mw_buf *b)
{
	const struct mm_state *s = c->b;

	if (!c->a->have_vmstat || !s->have_vmstat)
		mw_buf_adds(b, " The kernel's counters (vmstat) could not be read: what the kernel did is unknown.");
	if ((s->parts & MM_COUNTERS) && !s->have_psi)
		mw_buf_adds(b, " Pressure stall information is unknown: there is no /proc/pressure/memory (Linux 4.20 and later built with CONFIG_PSI have it, unless booted with psi=0).");
	if ((s->parts & MM_SETTINGS) && s->thp[MT_ENABLED] == NULL)
		mw_buf_adds(b, " The THP settings are unknown (no /sys/kernel/mm/transparent_hugepage).");
	if ((s->parts & MM_SETTINGS) && s->zswap_enabled < 0)
		mw_buf_adds(b, " zswap is unknown (no /sys/module/zswap).");
	if (s->have_vmstat && vmstat_per_zone(&s->vs, VM_PGSCAN_KSWAPD))
		mw_buf_adds(b, " This kernel counts reclaim per zone; the zones' counts are summed.");
	if (s->have_vmstat && !vmstat_get(&s->vs, VM_PGSCAN_ANON, &(uint64_t){ 0 }))
		mw_buf_adds(b, " Reclaim by anonymous and file pages is unknown: this kernel does not count it apart.");
	if (b->len == 0)
		return;
	/* Drop the leading space of the first sentence. */
	memmove(b->data, b->data + 1, b->len);
	b->len--;
	pr_note(c, "unknown", false, 0, b);
}

void
pr_tell(struct pr_ctx *c, struct mw_buf *b)
{
	tell_psi(c, b);
	tell_reclaim(c, b);
	tell_workingset(c, b);
	tell_swap(c, b);
	tell_compaction(c, b);
	tell_thp(c, b);
	tell_oom(c, b);
	tell_faults(c, b);
	tell_kswapd(c, b);
	tell_zones(c, b);
	tell_settings(c, b);
	pr_unknown(c, b);
}
