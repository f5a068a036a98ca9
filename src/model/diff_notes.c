/* model/diff_notes.c: what a diff means, in plain language, with its figures.
 *
 * The notes read the matched mappings (what grew, what went, what became
 * resident) and the totals (swap, Pss against Rss, huge pages). Thresholds
 * are stated where used; every note carries the amounts it is about.
 */
#include "config.h"
#include "model/diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/snapshot.h"
#include "model/vma.h"
#include "util/amount.h"
#include "util/units.h"
#include "util/xmalloc.h"

/* What the matched mappings add up to. */
struct agg {
	uint64_t up_size;	/* Size gained by mappings that grew or came */
	int64_t up_rss;		/* their Rss change */
	size_t up_grown, up_added, up_other;
	uint64_t gone_size;	/* Size lost: removed, shrunk */
	uint64_t gone_rss;	/* resident memory that went with it */
	size_t gone_removed, gone_shrunk, gone_other;
	uint64_t released_anon;	/* Rss fell in place, beyond what swap took */
	uint64_t released_file;
	uint64_t file_in;	/* Rss rose in file mappings that stayed */
	uint64_t touched;	/* Rss rose in anonymous mappings that stayed */
	/* Pss moved in mappings whose Size and Rss held (Rss moved < 1/4). */
	uint64_t cow_pss;	/* Pss fell and Shared grew: now shared */
	uint64_t cow_shared;	/* by how much Shared grew there */
	size_t cow_n;
	uint64_t pss_fell;	/* Pss fell, Shared held: more sharers */
	uint64_t pss_rose;	/* Pss rose: fewer sharers, or copies */
	uint64_t file_cow;	/* Anonymous grew inside file mappings */
	size_t file_cow_n;
	uint64_t moved_size, moved_rss;	/* removed and added as a pair */
	size_t moved_n;
	size_t changed;		/* entries that are not "unchanged" */
};

static uint64_t
mag(int64_t v)
{
	return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

static int64_t
dval(const struct diff_delta *d, enum smaps_field f)
{
	return (d->present >> f & 1) ? d->val[f] : 0;
}

static bool
entry_is_file(const struct vma_diff *d, const struct diff_entry *e)
{
	return vma_is_file(e->na ? diff_entry_after(d, e, 0) :
	    diff_entry_before(d, e, 0));
}

/* Pss moves smaller than this in shared mappings get no note. */
#define PSS_NOTE_MIN ((uint64_t)64 * 1024)

/* Pss moving while Rss holds: pages shared with more or fewer processes. */
static void
agg_pss(struct agg *g, const struct diff_delta *d)
{
	int64_t dp = dval(d, SMAPS_PSS), dr = dval(d, SMAPS_RSS);
	int64_t dsh = dval(d, SMAPS_SHARED_CLEAN) +
	    dval(d, SMAPS_SHARED_DIRTY);

	if (dp == 0 || mag(dr) * 4 > mag(dp))
		return;
	if (dp > 0) {
		g->pss_rose += (uint64_t)dp;
	} else if (dsh > 0) {
		g->cow_pss += mag(dp);
		g->cow_shared += (uint64_t)dsh;
		g->cow_n++;
	} else {
		g->pss_fell += mag(dp);
	}
}

static void
agg_entry(struct agg *g, const struct vma_diff *d, const struct diff_entry *e)
{
	int64_t ds = dval(&e->delta, SMAPS_SIZE);
	int64_t dr = dval(&e->delta, SMAPS_RSS);
	int64_t dsw = dval(&e->delta, SMAPS_SWAP);
	bool file = entry_is_file(d, e);

	g->changed++;
	if (ds == 0)
		agg_pss(g, &e->delta);
	if (file && dval(&e->delta, SMAPS_ANONYMOUS) > 0) {
		g->file_cow += (uint64_t)dval(&e->delta, SMAPS_ANONYMOUS);
		g->file_cow_n++;
	}
	if (ds > 0) {
		g->up_size += (uint64_t)ds;
		g->up_rss += dr;
		if (e->change == DIFF_GROWN)
			g->up_grown++;
		else if (e->change == DIFF_ADDED)
			g->up_added++;
		else
			g->up_other++;
	} else if (ds < 0) {
		g->gone_size += mag(ds);
		g->gone_rss += dr < 0 ? mag(dr) : 0;
		if (e->change == DIFF_REMOVED)
			g->gone_removed++;
		else if (e->change == DIFF_SHRUNK)
			g->gone_shrunk++;
		else
			g->gone_other++;
	} else if (dr > 0) {
		if (file)
			g->file_in += (uint64_t)dr;
		else
			g->touched += (uint64_t)dr;
	} else if (dr < 0 && mag(dr) > (dsw > 0 ? (uint64_t)dsw : 0)) {
		uint64_t rel = mag(dr) - (dsw > 0 ? (uint64_t)dsw : 0);

		if (file)
			g->released_file += rel;
		else
			g->released_anon += rel;
	}
}

/* "1 mapping grown, 2 added" */
static const char *
count_words(char *out, size_t n, size_t a, const char *aw, size_t b,
    const char *bw, size_t c, const char *cw)
{
	size_t total = a + b + c, len = 0;
	const size_t v[3] = { a, b, c };
	const char *w[3] = { aw, bw, cw };

	out[0] = '\0';
	for (int i = 0; i < 3 && len < n; i++) {
		if (v[i] == 0)
			continue;
		len += (size_t)snprintf(out + len, n - len, "%s%zu%s %s",
		    len ? ", " : "", v[i],
		    len ? "" : (total == 1 ? " mapping" : " mappings"), w[i]);
	}
	return out;
}

static void
note_lazy(struct finding_list *n, const struct agg *g, uint64_t page)
{
	char sz[MW_FMT_BYTES_LEN], rs[MW_FMT_BYTES_LEN], un[MW_FMT_BYTES_LEN];
	char what[128];
	uint64_t rss = g->up_rss > 0 ? (uint64_t)g->up_rss : 0;
	uint64_t untouched = g->up_size > rss ? g->up_size - rss : 0;

	if (g->up_size == 0)
		return;
	count_words(what, sizeof(what), g->up_grown, "grown", g->up_added,
	    "added", g->up_other, "larger");
	mw_amt_bytes(sz, g->up_size);
	mw_amt_bytes(rs, rss);
	mw_amt_bytes(un, untouched);
	/* Lazy when at least a page and a quarter of the growth is untouched. */
	if (untouched >= page && untouched * 4 >= g->up_size) {
		finding_printf(n, "lazy-allocation", true, untouched,
		    "The address space grew by %s (%s) but resident memory by only %s: %s was reserved and is not resident (not touched, or given back since). This is lazy allocation: malloc and mmap only reserve addresses, the kernel gives a page when it is first touched, so Size counts what was promised and Rss what is used.",
		    sz, what, rs, un);
		return;
	}
	finding_printf(n, "address-space-grew", true, g->up_size,
	    "The address space grew by %s (%s) and %s of it is already resident: the new memory was touched soon after it was mapped (written, read from its file, or populated by MAP_POPULATE or mlock).",
	    sz, what, rs);
}

static void
note_gone(struct finding_list *n, const struct agg *g)
{
	char sz[MW_FMT_BYTES_LEN], rs[MW_FMT_BYTES_LEN], what[128];

	if (g->gone_size == 0)
		return;
	count_words(what, sizeof(what), g->gone_removed, "removed",
	    g->gone_shrunk, "shrunk", g->gone_other, "smaller");
	finding_printf(n, "unmapped", true, g->gone_size,
	    "%s of address space was unmapped (%s), %s of it resident: munmap, or free() of a block malloc had mmapped, gives private anonymous memory straight back to the kernel; file pages stay in the page cache and shared memory in its object.",
	    mw_amt_bytes(sz, g->gone_size), what, mw_amt_bytes(rs, g->gone_rss));
}

static void
note_released(struct finding_list *n, const struct agg *g)
{
	char sz[MW_FMT_BYTES_LEN];

	if (g->released_anon > 0)
		finding_printf(n, "released", true, g->released_anon,
		    "%s of resident anonymous memory left RAM inside mappings that remain (Size held, Rss fell, and not to swap): given back with MADV_DONTNEED, as malloc does when it trims freed memory and glibc with a cached thread stack, or MADV_FREE pages the kernel has since reclaimed.",
		    mw_amt_bytes(sz, g->released_anon));
	if (g->released_file > 0)
		finding_printf(n, "file-pages-dropped", true, g->released_file,
		    "%s of file pages left this process's page tables (Rss of file mappings fell): the kernel reclaimed them from the page cache, or they were dropped with MADV_DONTNEED or by truncating the file.",
		    mw_amt_bytes(sz, g->released_file));
}

static void
note_swap(struct finding_list *n, const struct proc_diff *pd)
{
	const struct vma *b = &pd->before->totals, *a = &pd->after->totals;
	int64_t ds = dval(&pd->totals, SMAPS_SWAP);
	int64_t dr = dval(&pd->totals, SMAPS_RSS);
	char x[MW_FMT_BYTES_LEN], s0[MW_FMT_BYTES_LEN], s1[MW_FMT_BYTES_LEN];
	char r[MW_FMT_BYTES_LEN];

	if (ds == 0)
		return;
	mw_amt_bytes(x, mag(ds));
	mw_amt_bytes(s0, b->val[SMAPS_SWAP]);
	mw_amt_bytes(s1, a->val[SMAPS_SWAP]);
	mw_amt_bytes(r, mag(dr));
	if (ds > 0)
		finding_printf(n, "swapped-out", true, (uint64_t)ds,
		    "%s of this process's memory was swapped out (Swap %s => %s, Rss %s by %s): the kernel needed the RAM (or the process asked, with MADV_PAGEOUT); those pages come back, slowly, when touched (major page faults).",
		    x, s0, s1, dr < 0 ? "fell" : "rose", r);
	else
		finding_printf(n, "swapped-in", true, mag(ds),
		    "%s left swap (Swap %s => %s): pages were read back in when touched (or by swapoff), or freed while swapped out.",
		    x, s0, s1);
}

static void
note_pss(struct finding_list *n, const struct proc_diff *pd, const struct agg *g)
{
	const struct vma *b = &pd->before->totals, *a = &pd->after->totals;
	char x[MW_FMT_BYTES_LEN], p0[MW_FMT_BYTES_LEN], p1[MW_FMT_BYTES_LEN];
	char sh[MW_FMT_BYTES_LEN];

	mw_amt_bytes(p0, b->val[SMAPS_PSS]);
	mw_amt_bytes(p1, a->val[SMAPS_PSS]);
	if (g->cow_pss > 0)
		finding_printf(n, "shared-after-fork", true, g->cow_pss,
		    "Pss fell by %s in %zu %s whose Rss held (process Pss %s => %s), and %s of their pages went from private to shared: another process now maps them, as after fork(), where parent and child share pages copy-on-write until one of them writes, and Pss charges each its part.",
		    mw_amt_bytes(x, g->cow_pss), g->cow_n,
		    g->cow_n == 1 ? "mapping" : "mappings", p0, p1,
		    mw_amt_bytes(sh, g->cow_shared));
	/*
	 * Below PSS_NOTE_MIN the movement is usually the observer's own doing:
	 * memwatch, and whatever else runs, map libc too, and every page they
	 * map changes the share charged to this process.
	 */
	if (g->pss_fell >= PSS_NOTE_MIN)
		finding_printf(n, "pss-fell", true, g->pss_fell,
		    "Pss fell by %s in mappings whose Rss held (process Pss %s => %s): more processes now map the same pages (shared libraries, shared memory), so this process's share of them is smaller.",
		    mw_amt_bytes(x, g->pss_fell), p0, p1);
	if (g->pss_rose >= PSS_NOTE_MIN)
		finding_printf(n, "pss-rose", true, g->pss_rose,
		    "Pss rose by %s in mappings whose Rss held (process Pss %s => %s): fewer mappings share these pages now (another process, or another mapping in this one, went away or wrote its own copies), so this process carries more of each.",
		    mw_amt_bytes(x, g->pss_rose), p0, p1);
}

static void
note_thp(struct finding_list *n, const struct proc_diff *pd)
{
	int64_t dh = dval(&pd->totals, SMAPS_ANON_HUGE_PAGES);
	char x[MW_FMT_BYTES_LEN], h0[MW_FMT_BYTES_LEN], h1[MW_FMT_BYTES_LEN];

	if (dh == 0)
		return;
	mw_amt_bytes(x, mag(dh));
	mw_amt_bytes(h0, pd->before->totals.val[SMAPS_ANON_HUGE_PAGES]);
	mw_amt_bytes(h1, pd->after->totals.val[SMAPS_ANON_HUGE_PAGES]);
	if (dh > 0)
		finding_printf(n, "thp-appeared", true, (uint64_t)dh,
		    "%s of transparent huge pages appeared (AnonHugePages %s => %s): the kernel now backs that memory with huge pages, which means fewer page faults and TLB misses but whole huge pages resident.",
		    x, h0, h1);
	else
		finding_printf(n, "thp-gone", true, mag(dh),
		    "%s of transparent huge pages went away (AnonHugePages %s => %s): they were split into small pages (partial munmap, mprotect, MADV_DONTNEED, reclaim) or freed.",
		    x, h0, h1);
}

static void
note_touch(struct finding_list *n, const struct agg *g)
{
	char x[MW_FMT_BYTES_LEN];

	if (g->file_in > 0)
		finding_printf(n, "file-read-in", true, g->file_in,
		    "%s of file pages were read in or mapped (Rss of file mappings grew, Size did not): the process touched parts of its files (code, data, mmapped files) that were not in its page tables before.",
		    mw_amt_bytes(x, g->file_in));
	if (g->touched > 0)
		finding_printf(n, "first-touch", true, g->touched,
		    "%s of anonymous memory became resident in mappings that already existed (Rss grew, Size did not): memory reserved earlier was touched for the first time, or again after it was given back (smaps cannot tell which).",
		    mw_amt_bytes(x, g->touched));
}

static void
note_locked(struct finding_list *n, const struct proc_diff *pd)
{
	int64_t dl = dval(&pd->totals, SMAPS_LOCKED);
	char x[MW_FMT_BYTES_LEN], l0[MW_FMT_BYTES_LEN], l1[MW_FMT_BYTES_LEN];

	if (dl == 0)
		return;
	finding_printf(n, dl > 0 ? "locked" : "unlocked", true, mag(dl),
	    "Locked pages %s by %s of this process's share (smaps Locked, a PSS: %s => %s): mlock, MAP_LOCKED and mlockall keep pages in RAM and out of swap.",
	    dl > 0 ? "grew" : "fell", mw_amt_bytes(x, mag(dl)),
	    mw_amt_bytes(l0, pd->before->totals.val[SMAPS_LOCKED]),
	    mw_amt_bytes(l1, pd->after->totals.val[SMAPS_LOCKED]));
}

/* MADV_FREE: LazyFree counts pages the kernel may drop without swapping. */
static void
note_lazyfree(struct finding_list *n, const struct proc_diff *pd)
{
	int64_t dl = dval(&pd->totals, SMAPS_LAZY_FREE);
	char x[MW_FMT_BYTES_LEN], l0[MW_FMT_BYTES_LEN], l1[MW_FMT_BYTES_LEN];

	if (dl == 0)
		return;
	mw_amt_bytes(x, mag(dl));
	mw_amt_bytes(l0, pd->before->totals.val[SMAPS_LAZY_FREE]);
	mw_amt_bytes(l1, pd->after->totals.val[SMAPS_LAZY_FREE]);
	if (dl > 0)
		finding_printf(n, "lazy-free", true, (uint64_t)dl,
		    "%s was given back with MADV_FREE (LazyFree %s => %s): the pages stay resident and in Rss until the kernel needs memory, then it drops them without writing them to swap; writing to them again cancels that.",
		    x, l0, l1);
	else
		finding_printf(n, "lazy-free-gone", true, mag(dl),
		    "LazyFree fell by %s (%s => %s): the kernel reclaimed those pages, or the process wrote to them again, which cancels MADV_FREE.",
		    x, l0, l1);
}

/* Copy-on-write inside MAP_PRIVATE file mappings. */
static void
note_file_cow(struct finding_list *n, const struct agg *g)
{
	char x[MW_FMT_BYTES_LEN];

	if (g->file_cow == 0)
		return;
	finding_printf(n, "file-cow", true, g->file_cow,
	    "%s of private copies appeared inside %zu file %s (Anonymous grew): writing to a private (MAP_PRIVATE) file mapping copies the page, and the copy is anonymous memory that is never written back to the file.",
	    mw_amt_bytes(x, g->file_cow), g->file_cow_n,
	    g->file_cow_n == 1 ? "mapping" : "mappings");
}

static bool
totals_moved(const struct proc_diff *pd)
{
	for (int f = 0; f < SMAPS_NR; f++)
		if (dval(&pd->totals, f) != 0)
			return true;
	return pd->mappings != 0;
}

static void
note_nothing(struct finding_list *n, const struct proc_diff *pd)
{
	char sz[MW_FMT_BYTES_LEN], rs[MW_FMT_BYTES_LEN];
	const struct vma *a = &pd->after->totals;

	if (pd->after->mappings == 0 && pd->before->mappings == 0 &&
	    pd->after->totals.present == 0) {
		finding_printf(n, "no-memory", false, 0,
		    "Neither snapshot has any mapping or total: a kernel thread has no user memory, so there is nothing to compare.");
		return;
	}
	if (!smaps_has(a, SMAPS_SIZE) || !smaps_has(a, SMAPS_RSS)) {
		finding_printf(n, "unchanged", false, 0,
		    "Nothing changed: the same %zu mapping%s.",
		    pd->after->mappings, pd->after->mappings == 1 ? "" : "s");
		return;
	}
	finding_printf(n, "unchanged", false, 0,
	    "Nothing changed: the same %zu mapping%s, Size %s, Rss %s.",
	    pd->after->mappings, pd->after->mappings == 1 ? "" : "s",
	    mw_amt_bytes(sz, a->val[SMAPS_SIZE]),
	    mw_amt_bytes(rs, a->val[SMAPS_RSS]));
}

/* The one mapping of an entry that was removed or added whole. */
static const struct vma *
lone(const struct vma_diff *d, const struct diff_entry *e)
{
	if (e->change == DIFF_REMOVED && e->nb == 1)
		return diff_entry_before(d, e, 0);
	if (e->change == DIFF_ADDED && e->na == 1)
		return diff_entry_after(d, e, 0);
	return NULL;
}

/* Moved, not freed and allocated: the same kind, file, size and pages. */
static bool
same_mapping(const struct vma *x, const struct vma *y)
{
	return vma_kind(x) == vma_kind(y) && x->inode == y->inode &&
	    x->end - x->start == y->end - y->start &&
	    memcmp(x->perms, y->perms, sizeof(x->perms)) == 0 &&
	    smaps_has(x, SMAPS_RSS) && smaps_has(y, SMAPS_RSS) &&
	    x->val[SMAPS_RSS] == y->val[SMAPS_RSS] &&
	    x->val[SMAPS_SWAP] == y->val[SMAPS_SWAP];
}

struct added {
	uint64_t size, rss;
	size_t i;		/* entry index */
};

static int
by_size_rss(const void *a, const void *b)
{
	const struct added *x = a, *y = b;

	if (x->size != y->size)
		return x->size < y->size ? -1 : 1;
	if (x->rss != y->rss)
		return x->rss < y->rss ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * A mapping removed and one added with the same kind, size and residency
 * in one diff is a move (mremap with MREMAP_MAYMOVE, as realloc of a large
 * block does): pair them so that neither counts as growth or unmapping.
 * The added ones are sorted by size and Rss, so each removed one looks up
 * its candidates by binary search.
 */
static void
pair_moves(const struct vma_diff *d, bool *moved, struct agg *g)
{
	struct added *ad = mw_xcalloc(d->len + 1, sizeof(*ad));
	size_t n = 0;

	for (size_t j = 0; j < d->len; j++) {
		const struct vma *y = lone(d, &d->v[j]);

		if (y != NULL && d->v[j].change == DIFF_ADDED &&
		    smaps_has(y, SMAPS_RSS))
			ad[n++] = (struct added){ y->end - y->start,
			    y->val[SMAPS_RSS], j };
	}
	qsort(ad, n, sizeof(*ad), by_size_rss);
	for (size_t i = 0; i < d->len && n > 0; i++) {
		const struct vma *x = lone(d, &d->v[i]);
		struct added key;
		size_t lo = 0, hi = n;

		if (x == NULL || d->v[i].change != DIFF_REMOVED ||
		    !smaps_has(x, SMAPS_RSS))
			continue;
		key = (struct added){ x->end - x->start, x->val[SMAPS_RSS], 0 };
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (by_size_rss(&ad[mid], &key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < n && ad[lo].size == key.size &&
		    ad[lo].rss == key.rss; lo++) {
			if (moved[ad[lo].i] || !same_mapping(x,
			    lone(d, &d->v[ad[lo].i])))
				continue;
			moved[i] = moved[ad[lo].i] = true;
			g->moved_n++;
			g->moved_size += key.size;
			g->moved_rss += key.rss;
			g->changed += 2;
			break;
		}
	}
	free(ad);
}

static void
note_moved(struct finding_list *n, const struct agg *g)
{
	char sz[MW_FMT_BYTES_LEN], rs[MW_FMT_BYTES_LEN];

	if (g->moved_n == 0)
		return;
	finding_printf(n, "moved", true, g->moved_size,
	    "%s of address space in %zu %s moved to a new address with its %s resident (a mapping went and one of the same kind, size and residency came): mremap with MREMAP_MAYMOVE, as realloc does with a large block; nothing was allocated or freed.",
	    mw_amt_bytes(sz, g->moved_size), g->moved_n,
	    g->moved_n == 1 ? "mapping" : "mappings",
	    mw_amt_bytes(rs, g->moved_rss));
}

void
diff_notes_build(struct proc_diff *pd)
{
	struct agg g;
	uint64_t page = pd->after->page_size ? pd->after->page_size : 4096;
	bool *moved = mw_xcalloc(pd->vmas.len + 1, sizeof(*moved));

	memset(&g, 0, sizeof(g));
	pair_moves(&pd->vmas, moved, &g);
	for (size_t i = 0; i < pd->vmas.len; i++)
		if (pd->vmas.v[i].change != DIFF_SAME && !moved[i])
			agg_entry(&g, &pd->vmas, &pd->vmas.v[i]);
	free(moved);
	if (g.changed == 0 && !totals_moved(pd)) {
		note_nothing(&pd->notes, pd);
		return;
	}
	note_moved(&pd->notes, &g);
	note_lazy(&pd->notes, &g, page);
	note_gone(&pd->notes, &g);
	note_released(&pd->notes, &g);
	note_swap(&pd->notes, pd);
	note_pss(&pd->notes, pd, &g);
	note_thp(&pd->notes, pd);
	note_touch(&pd->notes, &g);
	note_file_cow(&pd->notes, &g);
	note_lazyfree(&pd->notes, pd);
	note_locked(&pd->notes, pd);
}
