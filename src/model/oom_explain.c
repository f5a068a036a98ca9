/* model/oom_explain.c: an OOM kill explained in words, with its numbers.
 *
 * Each finding is one sentence group: when, who died and how big, whose
 * limit it was (a memory cgroup's, or the machine's zones against their
 * watermarks and why reclaim could not help), why this victim (badness
 * and the next candidates), fragmentation, and the allocation in words.
 * Names from the log (comm, cgroup paths) are kept as they are: the
 * renderers escape every finding.
 */
#include "config.h"
#include "model/oom.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/time.h"
#include "util/amount.h"
#include "util/units.h"

/* Sizes in sentences: typed amounts (util/amount.h) render/ formats. */
struct sz {
	char b[6][MW_AMT_TOK_LEN];
	int i;
};

static const char *
sz(struct sz *s, uint64_t bytes)
{
	char *o = s->b[s->i++ % 6];

	return mw_amt_bytes(o, bytes);
}

/* A name from the log as a C string valid until b changes, no part of it
 * an amount (util/amount.h); renderers escape the findings (the terminal
 * or the JSON rule). */
static const char *
esc(struct mw_buf *b, const struct oom_text *t)
{
	mw_buf_reset(b);
	return t->s != NULL ? mw_plain(b, t->s, t->n) : mw_plain(b, "?", 1);
}

static void
when(struct oom_event *e, struct sz *s)
{
	const struct oom_report *r = e->r;
	char t[MW_RFC3339_LEN];
	struct mw_buf b;

	(void)s;
	mw_buf_init(&b);
	if (e->has_when)
		mw_buf_printf(&b, "At %s%s", mw_rfc3339(t, e->when),
		    r->when.has_wall && !r->when.has_year ? " (the log gives "
		    "no year: the latest such date is taken)" : "");
	else if (r->when.has_mono)
		mw_buf_printf(&b, "At %.3f s after boot (the log gives no "
		    "date)", r->when.mono);
	else
		mw_buf_adds(&b, "At an unknown time (the log has no stamps)");
	if (r->kernel.s != NULL)
		mw_buf_printf(&b, ", kernel %s", r->kernel.s);
	if (r->when.has_seq)	/* kmsg: lines of a buffer say little */
		mw_buf_printf(&b, ", from record %" PRIu64 " of the kernel "
		    "log.", r->when.seq);
	else
		mw_buf_printf(&b, ", lines %zu to %zu of the log.",
		    r->first_line, r->last_line);
	finding_add(&e->findings, "when", false, 0, b.data);
	mw_buf_free(&b);
}

static void
victim(struct oom_event *e, struct sz *s)
{
	const struct oom_kill *k = e->victim;
	const struct oom_task *t = e->victim_task;
	struct mw_buf b, n;
	uint64_t rss = 0;

	if (k == NULL)
		return;
	mw_buf_init(&b);
	mw_buf_init(&n);
	mw_buf_printf(&b, "Killed: pid %" PRId64 " %s", k->pid,
	    esc(&n, &k->comm));
	if (k->has_uid)
		mw_buf_printf(&b, " (uid %" PRId64 ")", k->uid);
	mw_buf_adds(&b, ".");
	if (k->present & 1u << OOM_KILL_TOTAL_VM)
		mw_buf_printf(&b, " Address space %s.",
		    sz(s, k->val[OOM_KILL_TOTAL_VM]));
	if ((k->present & 0xe) == 0xe) {	/* anon, file and shmem */
		rss = k->val[OOM_KILL_ANON_RSS] + k->val[OOM_KILL_FILE_RSS] +
		    k->val[OOM_KILL_SHMEM_RSS];
		mw_buf_printf(&b, " Resident %s: anonymous %s, file %s, "
		    "shmem %s.", sz(s, rss), sz(s, k->val[OOM_KILL_ANON_RSS]),
		    sz(s, k->val[OOM_KILL_FILE_RSS]),
		    sz(s, k->val[OOM_KILL_SHMEM_RSS]));
	} else if ((k->present & 0x6) == 0x6) {	/* before 4.6: no shmem */
		rss = k->val[OOM_KILL_ANON_RSS] + k->val[OOM_KILL_FILE_RSS];
		mw_buf_printf(&b, " Resident %s: anonymous %s, file and shmem "
		    "%s (this kernel does not tell them apart).", sz(s, rss),
		    sz(s, k->val[OOM_KILL_ANON_RSS]),
		    sz(s, k->val[OOM_KILL_FILE_RSS]));
	}
	if (t != NULL && (t->present & 1u << OOM_COL_SWAPENTS))
		mw_buf_printf(&b, " Swap %s.", sz(s, oom_pages(e,
		    (uint64_t)t->val[OOM_COL_SWAPENTS])));
	else
		mw_buf_adds(&b, " Swap unknown (not in the task table).");
	if (k->present & 1u << OOM_KILL_PGTABLES)
		mw_buf_printf(&b, " Page tables %s.",
		    sz(s, k->val[OOM_KILL_PGTABLES]));
	if (k->has_adj)
		mw_buf_printf(&b, " oom_score_adj %d.", k->adj);
	if (e->r->has_selected && e->r->selected_pid == k->pid)
		mw_buf_printf(&b, " The kernel scored it %" PRIu64 " of 1000.",
		    e->r->selected_score);
	if (k->reaped)
		mw_buf_printf(&b, " The OOM reaper then freed its anonymous "
		    "memory down to %s.", sz(s, k->reaped_anon));
	finding_add(&e->findings, "victim", rss > 0, rss, b.data);
	mw_buf_free(&b);
	mw_buf_free(&n);
}

static const struct proc_kv *
mstat(const struct oom_report *r, const char *name)
{
	for (size_t i = 0; i < r->nstats; i++)
		if (strcmp(r->stats[i].name, name) == 0)
			return &r->stats[i];
	return NULL;
}

/* The first of the names the cgroup's stats hold. */
static const struct proc_kv *
stat_any(const struct oom_report *r, const char *a, const char *b,
    const char *c)
{
	const struct proc_kv *kv = mstat(r, a);

	if (kv == NULL && b != NULL)
		kv = mstat(r, b);
	if (kv == NULL && c != NULL)
		kv = mstat(r, c);
	return kv;
}

static void
memcg(struct oom_event *e, struct sz *s)
{
	const struct oom_report *r = e->r;
	const struct oom_memcg_counter *m = &r->memcg[OOM_MEMCG_MEMORY];
	const struct proc_kv *anon, *file, *shmem, *swap;
	struct mw_buf b, n;

	mw_buf_init(&b);
	mw_buf_init(&n);
	mw_buf_printf(&b, "The limit was a memory cgroup's: %s",
	    esc(&n, r->oom_memcg.s ? &r->oom_memcg : &r->stats_path));
	if (m->present)
		mw_buf_printf(&b, " used %s of its limit of %s", sz(s, m->usage),
		    sz(s, m->limit));
	if (m->present && m->failcnt > 0)
		mw_buf_printf(&b, " (charges failed at the limit %" PRIu64
		    " times)", m->failcnt);
	mw_buf_adds(&b, ", so memory for the rest of the machine did not "
	    "matter.");
	if (r->task_memcg.s != NULL && r->oom_memcg.s != NULL &&
	    strcmp(r->task_memcg.s, r->oom_memcg.s) != 0)
		mw_buf_printf(&b, " The victim was in %s, below it.",
		    esc(&n, &r->task_memcg));
	finding_add(&e->findings, "memcg-limit", m->present, m->limit, b.data);
	anon = stat_any(r, "anon", "total_rss", "rss");
	file = stat_any(r, "file", "total_cache", "cache");
	shmem = stat_any(r, "shmem", "total_shmem", NULL);
	swap = stat_any(r, "total_swap", "swap", NULL);
	if (anon != NULL && file != NULL) {
		mw_buf_reset(&b);
		mw_buf_printf(&b, "It held %s of anonymous memory and %s of page "
		    "cache", sz(s, anon->value), sz(s, file->value));
		if (shmem != NULL)
			mw_buf_printf(&b, " (%s of it shmem/tmpfs)",
			    sz(s, shmem->value));
		if (swap != NULL)
			mw_buf_printf(&b, ", and %s in swap", sz(s, swap->value));
		mw_buf_adds(&b, anon->value > file->value ?
		    ": mostly anonymous memory, which reclaim can only move to "
		    "swap, so little could be freed." :
		    ": mostly page cache, which reclaim can drop unless it is "
		    "dirty, mapped or shmem.");
		finding_add(&e->findings, "memcg-held", true, anon->value,
		    b.data);
	}
	for (int i = OOM_MEMCG_MEMSW; i <= OOM_MEMCG_SWAP; i++) {
		const struct oom_memcg_counter *c = &r->memcg[i];

		if (!c->present)
			continue;
		mw_buf_reset(&b);
		if (c->limit >= (UINT64_C(1) << 50))
			mw_buf_printf(&b, "%s: %s used, no limit.", i ==
			    OOM_MEMCG_SWAP ? "Swap" : "Memory and swap",
			    sz(s, c->usage));
		else
			mw_buf_printf(&b, "%s: %s used of a limit of %s%s.", i ==
			    OOM_MEMCG_SWAP ? "Swap" : "Memory and swap",
			    sz(s, c->usage), sz(s, c->limit), c->limit == 0 ?
			    " (no swap allowed)" : "");
		finding_add(&e->findings, "memcg-swap", true, c->usage, b.data);
	}
	mw_buf_free(&b);
	mw_buf_free(&n);
}

static uint64_t
meminfo(const struct oom_report *r, const char *name, bool *have)
{
	for (size_t i = 0; i < r->nmeminfo; i++)
		if (strcmp(r->meminfo[i].name, name) == 0)
			return r->meminfo[i].value;
	*have = false;
	return 0;
}

/* Every zone's free memory against its watermarks. */
static void
zones(struct oom_event *e, struct sz *s)
{
	const struct oom_report *r = e->r;
	struct mw_buf b;

	mw_buf_init(&b);
	for (size_t i = 0; i < r->nzones; i++) {
		const struct oom_zone *z = &r->zones[i];
		const uint64_t *v = z->val;
		const char *state;

		if ((z->present & 0xf) != 0xf)
			continue;
		state = v[OOM_ZONE_FREE] < v[OOM_ZONE_MIN] ? "below min: "
		    "only emergency allocations could use it" :
		    v[OOM_ZONE_FREE] < v[OOM_ZONE_LOW] ? "below low: kswapd "
		    "was reclaiming and allocations had to reclaim themselves" :
		    v[OOM_ZONE_FREE] < v[OOM_ZONE_HIGH] ? "between low and "
		    "high" : "above high";
		mw_buf_reset(&b);
		if (z->node >= 0)
			mw_buf_printf(&b, "Node %d ", z->node);
		mw_buf_printf(&b, "%s: %s free against min %s, low %s, high %s: "
		    "%s.", z->name, sz(s, v[OOM_ZONE_FREE]),
		    sz(s, v[OOM_ZONE_MIN]), sz(s, v[OOM_ZONE_LOW]),
		    sz(s, v[OOM_ZONE_HIGH]), state);
		if ((z->present & 1u << OOM_ZONE_FREE_CMA) &&
		    v[OOM_ZONE_FREE_CMA] > v[OOM_ZONE_FREE] / 2)
			mw_buf_printf(&b, " %s of the free memory is CMA, which "
			    "only movable allocations may use.",
			    sz(s, v[OOM_ZONE_FREE_CMA]));
		if (z->nreserve > 0 && v[OOM_ZONE_FREE] >= v[OOM_ZONE_HIGH] &&
		    z->reserve[z->nreserve - 1] > 0) {
			uint64_t k = oom_pages(e, z->reserve[z->nreserve - 1]);

			mw_buf_printf(&b, " %s of it is held back for "
			    "allocations that cannot use a higher zone "
			    "(lowmem_reserve).", k >= v[OOM_ZONE_FREE] ? "All" :
			    sz(s, k));
		}
		finding_add(&e->findings, "zone", true, v[OOM_ZONE_FREE],
		    b.data);
	}
	mw_buf_free(&b);
}

/* Why reclaim could not free enough: what was left to reclaim. */
static void
reclaim(struct oom_event *e, struct sz *s)
{
	const struct oom_report *r = e->r;
	bool have = true;
	uint64_t file = meminfo(r, "active_file", &have) +
	    meminfo(r, "inactive_file", &have);
	uint64_t anon = meminfo(r, "active_anon", &have) +
	    meminfo(r, "inactive_anon", &have);
	uint64_t slab = meminfo(r, "slab_unreclaimable", &have);
	bool has_sr = true;
	uint64_t sr = meminfo(r, "slab_reclaimable", &has_sr), high = 0;
	struct mw_buf b;

	if (!have)
		return;
	for (size_t i = 0; i < r->nzones; i++)
		high += r->zones[i].val[OOM_ZONE_HIGH];
	mw_buf_init(&b);
	mw_buf_printf(&b, "What reclaim could work on: %s of page cache",
	    sz(s, oom_pages(e, file)));
	if (has_sr)
		mw_buf_printf(&b, " and %s of reclaimable slab",
		    sz(s, oom_pages(e, sr)));
	mw_buf_printf(&b, "; %s of anonymous memory can only go to swap",
	    sz(s, oom_pages(e, anon)));
	if (r->has_swap_total && r->swap_total == 0)
		mw_buf_adds(&b, ", and there is no swap");
	else if (r->has_swap_free && r->has_swap_total)
		mw_buf_printf(&b, ", and swap had %s free of %s",
		    sz(s, r->swap_free), sz(s, r->swap_total));
	mw_buf_printf(&b, "; %s was unreclaimable slab.",
	    sz(s, oom_pages(e, slab)));
	if (oom_pages(e, file + (has_sr ? sr : 0)) < 2 * high || high == 0)
		mw_buf_adds(&b, " Little was left that reclaim could free.");
	else
		mw_buf_adds(&b, " Much was reclaimable, yet reclaim did not "
		    "free enough in time: pages dirty, mapped or locked, or, "
		    "for an allocation of order > 0, not contiguous.");
	if (r->all_unreclaimable == 1)
		mw_buf_adds(&b, " The kernel had marked the node "
		    "all_unreclaimable: reclaim scanned it and freed nothing.");
	finding_add(&e->findings, "reclaim", true, oom_pages(e, file), b.data);
	mw_buf_free(&b);
}

static void
domain(struct oom_event *e, struct sz *s)
{
	const struct oom_report *r = e->r;
	struct mw_buf b, n;

	enum oom_constraint c = e->constraint;

	switch (c) {
	case OOM_CONSTRAINT_MEMCG:
		memcg(e, s);
		return;
	case OOM_CONSTRAINT_CPUSET:
	case OOM_CONSTRAINT_MEMORY_POLICY:
		mw_buf_init(&b);
		mw_buf_init(&n);
		mw_buf_printf(&b, "The limit was %s: only node(s) %s could be "
		    "used, so memory free on other nodes did not help.",
		    c == OOM_CONSTRAINT_CPUSET ? "a cpuset's" :
		    "a memory policy's (mbind, set_mempolicy or numactl)",
		    esc(&n, c == OOM_CONSTRAINT_CPUSET ?
		    &r->mems_allowed : &r->nodemask));
		finding_add(&e->findings, "constraint", false, 0, b.data);
		mw_buf_free(&b);
		mw_buf_free(&n);
		break;
	case OOM_CONSTRAINT_NONE:
	case OOM_CONSTRAINT_UNKNOWN:
		if (c == OOM_CONSTRAINT_NONE)
			finding_add(&e->findings, "machine", false, 0, "The "
			    "limit was the whole machine's: no zone had free "
			    "memory to spare for this allocation.");
		break;
	}
	zones(e, s);
	reclaim(e, s);
}

static void
candidate(struct mw_buf *b, const struct oom_event *e,
    const struct oom_candidate *c, struct sz *s, struct mw_buf *n)
{
	int64_t adj = c->task->val[OOM_COL_OOM_SCORE_ADJ];

	mw_buf_printf(b, "%s (pid %" PRId64 "): %" PRIu64 " + %" PRIu64 " + %"
	    PRIu64, esc(n, &c->task->name), c->task->pid, c->rss, c->swap,
	    c->pgtables);
	if (adj != 0 && c->has_adj_share)
		mw_buf_printf(b, " %s %" PRId64 " for oom_score_adj %" PRId64,
		    adj > 0 ? "+" : "-", (adj > 0 ? adj : -adj) *
		    (int64_t)(e->total_pages / 1000), adj);
	else if (adj != 0)
		mw_buf_printf(b, " with oom_score_adj %" PRId64 " (its share "
		    "unknown)", adj);
	mw_buf_printf(b, " = %" PRId64 " pages (%s)", c->points,
	    sz(s, c->points > 0 ? oom_pages(e, (uint64_t)c->points) : 0));
}

/* Why this process: the kernel's badness, the victim against the rest. */
static void
badness(struct oom_event *e, struct sz *s)
{
	struct mw_buf b, n;
	bool top;

	if (e->victim == NULL || e->ncand == 0) {
		if (e->victim != NULL)
			finding_add(&e->findings, "badness", false, 0, "The "
			    "task table is not in the log (vm.oom_dump_tasks=0 "
			    "or lines lost), so the choice cannot be checked.");
		return;
	}
	mw_buf_init(&b);
	mw_buf_init(&n);
	top = e->cand[0].task->pid == e->victim->pid;
	mw_buf_printf(&b, "Why this process: the kernel kills the task with "
	    "the highest badness, resident pages + swap entries + page-table "
	    "pages, plus oom_score_adj thousandths of the %s it may use; "
	    "-1000 is never chosen. %zu of %zu tasks could be chosen. ",
	    e->has_total_pages ? sz(s, oom_pages(e, e->total_pages)) :
	    "memory", e->eligible, e->r->ntasks);
	for (size_t i = 0; i < e->ncand; i++) {
		mw_buf_adds(&b, i == 0 ? "Highest: " : i == 1 ? "; next: " :
		    "; ");
		candidate(&b, e, &e->cand[i], s, &n);
	}
	mw_buf_adds(&b, ".");
	if (!top)
		mw_buf_adds(&b, " The victim was not the highest: the kernel "
		    "passes over tasks already dying or being reaped (earlier "
		    "victims), and before 4.19 it could kill a child instead "
		    "(\"sacrifice child\").");
	if (!e->page_size_known)
		mw_buf_adds(&b, " (Pages taken as " MW_AMT_LIT(4096) ": the log does not say.)");
	finding_add(&e->findings, "badness", false, 0, b.data);
	mw_buf_free(&b);
	mw_buf_free(&n);
}

/* The failing allocation in words, and fragmentation. */
static void
allocation(struct oom_event *e, struct sz *s)
{
	const struct oom_report *r = e->r;
	struct mw_buf b, n;

	if (!r->has_header)
		return;
	mw_buf_init(&b);
	mw_buf_init(&n);
	mw_buf_printf(&b, "The allocation that failed: by %s", esc(&n,
	    &r->invoker));
	if (r->has_order && r->order >= 0)
		mw_buf_printf(&b, ", order %d (%s contiguous)", r->order,
		    sz(s, oom_pages(e, UINT64_C(1) << r->order)));
	if (r->has_gfp)
		mw_buf_printf(&b, ", gfp_mask 0x%" PRIx64, r->gfp_mask);
	if (r->gfp_names.s != NULL) {
		const char *p = r->gfp_names.s, *end = p + r->gfp_names.n;

		mw_buf_adds(&b, ":");
		while (p < end) {
			const char *q = memchr(p, '|', (size_t)(end - p));
			const char *w;

			if (q == NULL)
				q = end;
			w = oom_gfp_words(p, (size_t)(q - p));
			mw_buf_adds(&b, p == r->gfp_names.s ? " " : "; ");
			if (w != NULL)
				mw_buf_adds(&b, w);
			else
				mw_buf_add(&b, p, (size_t)(q - p));
			p = q + 1;
		}
	} else if (r->has_gfp) {
		mw_buf_adds(&b, " (this kernel printed no flag names)");
	}
	mw_buf_adds(&b, ".");
	finding_add(&e->findings, "allocation", false, 0, b.data);
	if (e->no_block) {
		mw_buf_reset(&b);
		mw_buf_printf(&b, "This was fragmentation more than a lack of "
		    "memory: no zone had a free block of %s or larger (outside "
		    "the high-atomic reserve), though %s were free in smaller "
		    "blocks. Compaction could not make one in time; "
		    "vm.compact_memory, proactive compaction, or an order-0 "
		    "(vmalloc) allocation in the caller would avoid it.",
		    sz(s, oom_pages(e, UINT64_C(1) << r->order)),
		    sz(s, e->buddy_free));
		finding_add(&e->findings, "fragmentation", true, e->buddy_free,
		    b.data);
	} else if (e->fragmented) {
		finding_add(&e->findings, "fragmentation", false, 0, "This was "
		    "fragmentation, not a lack of memory: the allocation needed "
		    "contiguous pages and a zone had free memory above its high "
		    "watermark, but not in blocks that large. Compaction "
		    "(vm.compact_memory, proactive compaction) or an order-0 "
		    "allocation would avoid it.");
	}
	else if (e->high_order)
		finding_add(&e->findings, "high-order", false, 0, "The "
		    "allocation needed contiguous pages, but every zone was "
		    "also near its watermarks: memory was short, not only "
		    "fragmented.");
	mw_buf_free(&b);
	mw_buf_free(&n);
}

static void
others(struct oom_event *e)
{
	const struct oom_report *r = e->r;
	struct mw_buf b, n;

	mw_buf_init(&b);
	mw_buf_init(&n);
	if (r->oom_group && r->nkills > 1) {
		mw_buf_printf(&b, "memory.oom.group is set on %s: %zu more "
		    "processes in it were killed with the victim.",
		    esc(&n, &r->group_path), r->nkills - 1);
		finding_add(&e->findings, "oom-group", false, 0, b.data);
	}
	if (r->no_killable)
		finding_add(&e->findings, "no-victim", false, 0, "Nothing "
		    "could be killed: every task was exempt (oom_score_adj "
		    "-1000, kernel threads) or already dying, so the kernel "
		    "panicked.");
	else if (e->victim == NULL && r->has_selected) {
		mw_buf_reset(&b);
		mw_buf_printf(&b, "The kernel chose pid %" PRId64 " %s (score %"
		    PRIu64 " of 1000), but the kill line is not in the log.",
		    r->selected_pid, esc(&n, &r->selected_comm),
		    r->selected_score);
		finding_add(&e->findings, "selected", false, 0, b.data);
	}
	mw_buf_free(&b);
	mw_buf_free(&n);
}

void
oom_explain(struct oom_event *e, const struct oom_clock *c)
{
	struct sz s;

	memset(&s, 0, sizeof(s));
	when(e, &s);
	victim(e, &s);
	others(e);
	domain(e, &s);
	badness(e, &s);
	allocation(e, &s);
}
