/* model/system_mm.c: system explain's findings from vmstat, PSI and the
 * memory settings: kswapd from its counters, pressure, overcommit. */
#include "config.h"
#include "model/system_explain.h"

#include <inttypes.h>
#include <stdio.h>

#include "model/finding.h"
#include "model/mmstate.h"
#include "model/system.h"
#include "util/buf.h"
#include "util/amount.h"
#include "util/units.h"

#define SZ MW_FMT_BYTES_LEN

static const char *
fsz(char out[SZ], uint64_t v)
{
	return mw_amt_bytes(out, v);
}

/* b - a of counter k in *d; false when either lacks it or it went back. */
static bool
moved(const struct mm_state *a, const struct mm_state *b, enum vmstat_key k,
    uint64_t *d)
{
	uint64_t x, y;

	if (!vmstat_get(&a->vs, k, &x) || !vmstat_get(&b->vs, k, &y) || y < x)
		return false;
	*d = y - x;
	return true;
}

static void
kswapd_now(const struct mm_state *prev, const struct mm_state *now,
    struct mw_buf *b)
{
	double secs = now->mono_ms > prev->mono_ms ?
	    (double)(now->mono_ms - prev->mono_ms) / 1000.0 : 0.001;
	uint64_t ks, ds = 0, st = 0;

	if (!moved(prev, now, VM_PGSCAN_KSWAPD, &ks)) {
		mw_buf_adds(b, "Whether kswapd runs now is unknown: this kernel does not count its scans.");
		return;
	}
	moved(prev, now, VM_PGSCAN_DIRECT, &ds);
	moved(prev, now, VM_ALLOCSTALL, &st);
	if (ks > 0)
		mw_buf_printf(b, "kswapd is awake and reclaiming: it scanned %" PRIu64 " pages in the %.1f s between two readings of its counter.",
		    ks, secs);
	else
		mw_buf_printf(b, "kswapd is asleep: it scanned no page in the %.1f s between two readings of its counter.",
		    secs);
	if (ds + st > 0)
		mw_buf_printf(b, " Allocations reclaimed for themselves meanwhile (%" PRIu64 " pages scanned, %" PRIu64 " stalls).",
		    ds, st);
}

static void
since_boot(const struct mm_state *m, struct mw_buf *b)
{
	uint64_t ks, kst, ds, dst, st, oom;

	if (!vmstat_get(&m->vs, VM_PGSCAN_KSWAPD, &ks) ||
	    !vmstat_get(&m->vs, VM_PGSTEAL_KSWAPD, &kst))
		return;
	mw_buf_printf(b, "Since boot kswapd scanned %" PRIu64 " pages and reclaimed %" PRIu64,
	    ks, kst);
	if (vmstat_get(&m->vs, VM_PGSCAN_DIRECT, &ds) &&
	    vmstat_get(&m->vs, VM_PGSTEAL_DIRECT, &dst))
		mw_buf_printf(b, "; direct reclaim scanned %" PRIu64 " and reclaimed %" PRIu64,
		    ds, dst);
	if (vmstat_get(&m->vs, VM_ALLOCSTALL, &st))
		mw_buf_printf(b, " in %" PRIu64 " allocation stalls", st);
	if (vmstat_get(&m->vs, VM_OOM_KILL, &oom))
		mw_buf_printf(b, "; the OOM killer killed %" PRIu64 " process%s",
		    oom, oom == 1 ? "" : "es");
	mw_buf_adds(b, ". One reading cannot tell whether kswapd runs now: 'memwatch pressure' compares two.");
}

static void
psi_finding(const struct mm_state *m, struct finding_list *f)
{
	const struct psi_line *s = &m->psi.some, *u = &m->psi.full;
	struct mw_buf b;

	if (!m->have_psi || !s->have)
		return;
	mw_buf_init(&b);
	mw_buf_printf(&b, "Pressure stall averages (PSI): at least one task waited for memory %u.%02u%% of the last 10 s, %u.%02u%% of 60 s, %u.%02u%% of 300 s",
	    s->avg10 / 100, s->avg10 % 100, s->avg60 / 100, s->avg60 % 100,
	    s->avg300 / 100, s->avg300 % 100);
	if (u->have)
		mw_buf_printf(&b, "; every task that could run waited %u.%02u%% of the last 10 s",
		    u->avg10 / 100, u->avg10 % 100);
	mw_buf_adds(&b, ".");
	finding_add(f, "psi", false, 0, b.data);
	mw_buf_free(&b);
}

static void
overcommit_mode(const struct mm_state *m, uint64_t limit,
    struct mw_buf *b)
{
	char a[SZ];

	if (!m->have_sysctl[MS_OVERCOMMIT_MEMORY]) {
		mw_buf_printf(b, " The overcommit mode is unknown; CommitLimit is %s.",
		    fsz(a, limit));
		return;
	}
	switch (m->sysctl[MS_OVERCOMMIT_MEMORY]) {
	case 0:
		mw_buf_printf(b, " overcommit_memory is 0 (heuristic): the kernel refuses only an allocation obviously larger than RAM and swap together; CommitLimit (%s) is not enforced.",
		    fsz(a, limit));
		break;
	case 1:
		mw_buf_adds(b, " overcommit_memory is 1 (always): every allocation is granted, and a promise that cannot be kept ends with the OOM killer when the memory is used.");
		break;
	case 2:
		mw_buf_printf(b, " overcommit_memory is 2 (strict): an allocation that would take Committed_AS past CommitLimit (%s: swap plus overcommit_ratio or overcommit_kbytes of RAM) is refused.",
		    fsz(a, limit));
		break;
	default:
		mw_buf_printf(b, " overcommit_memory is %" PRIu64 ".",
		    m->sysctl[MS_OVERCOMMIT_MEMORY]);
	}
}

static void
overcommit_finding(const struct sys_snapshot *s,
    struct finding_list *f)
{
	uint64_t as, limit, anon, st = 0, sf = 0;
	char a[SZ], c[SZ], d[SZ];
	struct mw_buf b;

	if (!meminfo_get(&s->mi, MI_COMMITTED_AS, &as) ||
	    !meminfo_get(&s->mi, MI_COMMIT_LIMIT, &limit) || limit == 0)
		return;
	mw_buf_init(&b);
	mw_buf_printf(&b, "Processes have been promised %s (Committed_AS), %" PRIu64 "%% of CommitLimit (%s).",
	    fsz(a, as), (uint64_t)((unsigned __int128)as * 100 / limit),
	    fsz(c, limit));
	if (meminfo_get(&s->mi, MI_ANON_PAGES, &anon)) {
		meminfo_get(&s->mi, MI_SWAP_TOTAL, &st);
		meminfo_get(&s->mi, MI_SWAP_FREE, &sf);
		mw_buf_printf(&b, " Of anonymous memory %s is in RAM (AnonPages) and %s in swap; the rest of the promise is address space not yet written (lazy allocation) or private file mappings.",
		    fsz(a, anon), fsz(d, st > sf ? st - sf : 0));
	}
	overcommit_mode(&s->mm, limit, &b);
	finding_add(f, "overcommit", true, as, b.data);
	mw_buf_free(&b);
}

void
sys_explain_mm(const struct sys_snapshot *s, const struct mm_state *prev,
    struct finding_list *out)
{
	struct mw_buf b;

	if (s->part[SYS_VMSTAT].have) {
		mw_buf_init(&b);
		if (prev != NULL && prev->have_vmstat)
			kswapd_now(prev, &s->mm, &b);
		else
			since_boot(&s->mm, &b);
		if (b.len > 0)
			finding_add(out, "kswapd", false, 0, b.data);
		mw_buf_free(&b);
		psi_finding(&s->mm, out);
	}
	if (s->part[SYS_MEMINFO].have)
		overcommit_finding(s, out);
}
