/* model/system_explain.c: zones, watermarks, fragmentation and slab, told. */
#include "config.h"
#include "model/system_explain.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/finding.h"
#include "model/frag.h"
#include "model/reserve.h"
#include "model/system.h"
#include "util/buf.h"
#include "util/amount.h"
#include "util/units.h"
#include "util/xmalloc.h"

#define SZ MW_FMT_BYTES_LEN

/* A size for a sentence: a typed amount that render/ formats. */
static const char *
fsz(char out[SZ], uint64_t v)
{
	return mw_amt_bytes(out, v);
}

/* ids are static strings (model/finding.h). */
static void
add(struct finding_list *f, const char *id, bool has_bytes, uint64_t bytes,
    const struct mw_buf *text)
{
	finding_add(f, id, has_bytes, bytes, text->data);
}

int
sys_order_of(uint64_t bytes, uint64_t page_size)
{
	for (int o = 0; o < 40; o++)
		if ((page_size << o) == bytes)
			return o;
	return -1;
}

static bool
is_x86(const char *machine)
{
	return machine != NULL && (strcmp(machine, "x86_64") == 0 ||
	    (machine[0] == 'i' && strcmp(machine + 2, "86") == 0));
}

/*
 * What a zone type is for, in one clause. ZONE_DMA's reach is set per
 * architecture (24 bits on x86, up to 30 or 32 bits on arm64 and others),
 * so outside x86 only its span is told.
 */
static const char *
zone_purpose(const char *name, const char *machine)
{
	if (strcmp(name, "DMA") == 0)
		return is_x86(machine) ?
		    "on x86, kept for old devices that can only address 24 bits" :
		    "for devices whose DMA reach is limited; the limit depends on the architecture and platform";
	if (strcmp(name, "DMA32") == 0)
		return "for devices that can only address 32 bits";
	if (strcmp(name, "Normal") == 0)
		return "where most allocations land";
	if (strcmp(name, "HighMem") == 0)
		return "memory a 32-bit kernel cannot map permanently";
	if (strcmp(name, "Movable") == 0)
		return "memory that only holds movable pages, so it can be offlined or compacted";
	if (strcmp(name, "Device") == 0)
		return "device memory (persistent memory or GPU) that the buddy allocator does not hand out";
	return "a zone this memwatch has no description for";
}

/* "(spans 4 KiB to 16 MiB; PURPOSE)", the span from start_pfn and spanned. */
static void
zone_span(struct mw_buf *b, const struct sys_snapshot *s,
    const struct zone_info *z)
{
	char a[SZ], c[SZ];

	mw_buf_addc(b, '(');
	if (zone_has(z, ZF_START_PFN) && zone_has(z, ZF_SPANNED))
		mw_buf_printf(b, "spans %s to %s of physical addresses; ",
		    fsz(a, sys_bytes(s, z->val[ZF_START_PFN])),
		    fsz(c, sys_bytes(s, z->val[ZF_START_PFN] +
		    z->val[ZF_SPANNED])));
	mw_buf_printf(b, "%s)", zone_purpose(z->name, s->machine));
}

static void
zones_finding(const struct sys_snapshot *s, struct finding_list *f)
{
	const struct zoneinfo *zi = &s->zi;
	struct mw_buf b;
	char sz[SZ];
	uint64_t total = 0;
	size_t populated = 0, empty = 0, unknown = 0;
	int nodes = 0, last = -1;

	mw_buf_init(&b);
	for (size_t i = 0; i < zi->len; i++) {
		const struct zone_info *z = &zi->zones[i];

		if (z->node != last)
			nodes++, last = z->node;
		if (zone_empty(z))
			empty++;
		if (!zone_populated(z))
			continue;	/* empty, or its size unknown */
		populated++;
		if (!zone_has(z, ZF_MANAGED)) {
			unknown++;
			mw_buf_printf(&b, "%snode %d %s (managed memory unknown) ",
			    populated > 1 ? "; " : "", z->node, z->name);
			zone_span(&b, s, z);
			continue;
		}
		total += sys_bytes(s, z->val[ZF_MANAGED]);
		mw_buf_printf(&b, "%snode %d %s has %s managed ",
		    populated > 1 ? "; " : "", z->node, z->name,
		    fsz(sz, sys_bytes(s, z->val[ZF_MANAGED])));
		zone_span(&b, s, z);
	}
	if (populated == 0) {
		mw_buf_free(&b);
		return;
	}
	mw_buf_addc(&b, '.');
	{
		struct mw_buf h;

		mw_buf_init(&h);
		mw_buf_printf(&h, "This machine has %zu zone%s with memory on %d node%s, ",
		    populated, populated == 1 ? "" : "s", nodes,
		    nodes == 1 ? "" : "s");
		if (unknown == populated)
			mw_buf_adds(&h, "their managed size unknown: ");
		else
			mw_buf_printf(&h, "%s%s managed in all: ",
			    unknown > 0 ? "at least " : "", fsz(sz, total));
		mw_buf_add(&h, b.data, b.len);
		if (empty > 0)
			mw_buf_printf(&h, " %zu more zone%s exist%s but hold no memory (the kernel lists every zone type of every node).",
			    empty, empty == 1 ? "" : "s", empty == 1 ? "s" : "");
		add(f, "zones", true, total, &h);
		mw_buf_free(&h);
	}
	mw_buf_free(&b);
}

/* The name of a node's zone type idx, or NULL. */
static const char *
zone_type_name(const struct zoneinfo *zi, int node, unsigned idx)
{
	unsigned k = 0;

	for (size_t i = 0; i < zi->len; i++)
		if (zi->zones[i].node == node && k++ == idx)
			return zi->zones[i].name;
	return NULL;
}

/*
 * The protection (lowmem_reserve) a zone keeps from requests that could
 * use a higher zone: the figures before it hold only for requests whose
 * highest zone is this one.
 */
static void
protection_text(struct mw_buf *b, const struct sys_snapshot *s,
    const struct zone_info *z)
{
	int own = zone_type_index(&s->zi, z->node, z->name);
	uint64_t fr = z->val[ZF_FREE], lo = z->val[ZF_LOW], last = 0;
	char a[SZ], c[SZ];
	bool any = false;

	if (own < 0)
		return;
	for (unsigned j = (unsigned)own + 1; j < z->nprotection; j++) {
		const char *name = zone_type_name(&s->zi, z->node, j);
		uint64_t p = z->protection[j];
		bool rest = true;

		if (p == 0 || p == last || name == NULL)
			continue;
		last = p;
		for (unsigned k = j + 1; k < z->nprotection; k++)
			rest &= z->protection[k] == p;
		mw_buf_printf(b, "%s%s from requests that may use %s%s",
		    any ? "; " : " The amounts above hold for requests that may use no higher zone. The kernel adds this zone's protection (lowmem_reserve) to the watermark for the others: ",
		    fsz(a, sys_bytes(s, p)), name,
		    rest && j + 1 < z->nprotection ? " or higher" : "");
		if (fr > lo + p)
			mw_buf_printf(b, ", which can take %s before low",
			    fsz(c, sys_bytes(s, fr - lo - p)));
		else
			mw_buf_printf(b, ", which cannot take pages here now");
		any = true;
	}
	if (any)
		mw_buf_addc(b, '.');
}

static void
watermark_finding(const struct sys_snapshot *s, const struct zone_info *z,
    struct finding_list *f)
{
	uint64_t fr = sys_bytes(s, z->val[ZF_FREE]);
	uint64_t mn = sys_bytes(s, z->val[ZF_MIN]), lo = sys_bytes(s, z->val[ZF_LOW]);
	uint64_t hi = zone_has(z, ZF_HIGH) ? sys_bytes(s, z->val[ZF_HIGH]) : 0;
	enum zone_level l = sys_zone_level(z);
	char a[SZ], b2[SZ], c[SZ], d[SZ], e[SZ];
	struct mw_buf b;

	if (l == ZL_UNKNOWN || l == ZL_EMPTY)
		return;
	mw_buf_init(&b);
	mw_buf_printf(&b, "Node %d %s: %s free of %s managed; watermarks min %s, low %s, high %s. ",
	    z->node, z->name, fsz(a, fr),
	    zone_has(z, ZF_MANAGED) ?
	    fsz(b2, sys_bytes(s, z->val[ZF_MANAGED])) : "an unknown amount",
	    fsz(c, mn), fsz(d, lo),
	    zone_has(z, ZF_HIGH) ? fsz(e, hi) : "unknown");
	switch (l) {
	case ZL_ABOVE_HIGH:
		if (!zone_has(z, ZF_HIGH)) {
			mw_buf_printf(&b, "Free memory is above low; %s can be allocated before free falls to low and wakes kswapd, %s before min makes allocations reclaim directly.",
			    fsz(a, fr - lo), fsz(c, fr - mn));
			break;
		}
		mw_buf_printf(&b, "Free memory is above high, so kswapd has nothing to do here; %s can be allocated before free falls to low and wakes kswapd, %s before min makes allocations reclaim directly.",
		    fsz(a, fr - lo), fsz(c, fr - mn));
		break;
	case ZL_ABOVE_LOW:
		mw_buf_printf(&b, "Free memory is between low and high: if kswapd was woken it is still reclaiming until free reaches high (%s to go); %s remain before low.",
		    fsz(a, hi - fr), fsz(c, fr - lo));
		break;
	case ZL_BELOW_LOW:
		mw_buf_printf(&b, "Free memory is %s below low, where an allocation wakes kswapd to reclaim; %s remain before min, where allocations must reclaim themselves and stall.",
		    fsz(a, lo - fr), fsz(c, fr - mn));
		break;
	case ZL_BELOW_MIN:
		mw_buf_printf(&b, "Free memory is %s below min: ordinary allocations reclaim directly (and stall); only atomic and emergency allocations may dip further.",
		    fsz(a, mn - fr));
		break;
	case ZL_UNKNOWN:
	case ZL_EMPTY:
		break;
	}
	if (l == ZL_ABOVE_HIGH || l == ZL_ABOVE_LOW)
		protection_text(&b, s, z);
	if (zone_has(z, ZF_BOOST) && z->val[ZF_BOOST] > 0)
		mw_buf_printf(&b, " The watermarks are boosted by %s for now, included in the figures above (after a fragmenting allocation, kswapd reclaims a little more to defragment).",
		    fsz(a, sys_bytes(s, z->val[ZF_BOOST])));
	if (zone_has(z, ZF_PRESENT) && zone_has(z, ZF_MANAGED) &&
	    z->val[ZF_PRESENT] > z->val[ZF_MANAGED] &&
	    z->val[ZF_PRESENT] - z->val[ZF_MANAGED] > z->val[ZF_PRESENT] / 10)
		mw_buf_printf(&b, " Of its %s present, %s are not managed by the page allocator (reserved at boot: the kernel image, page structures, firmware, a crash kernel, huge pages taken at boot; or not yet initialised, or ballooned away).",
		    fsz(a, sys_bytes(s, z->val[ZF_PRESENT])),
		    fsz(c, sys_bytes(s, z->val[ZF_PRESENT] - z->val[ZF_MANAGED])));
	add(f, "watermarks", true, fr, &b);
	mw_buf_free(&b);
}

static void
pressure_finding(const struct sys_snapshot *s, struct finding_list *f)
{
	struct mw_buf b;
	size_t low = 0, nz = 0;
	uint64_t avail, total;
	char a[SZ], c[SZ];

	for (size_t i = 0; i < s->zi.len; i++) {
		enum zone_level l = sys_zone_level(&s->zi.zones[i]);

		if (l == ZL_UNKNOWN || l == ZL_EMPTY)
			continue;
		nz++;
		low += l == ZL_BELOW_LOW || l == ZL_BELOW_MIN;
	}
	mw_buf_init(&b);
	if (nz > 0 && low == 0)
		mw_buf_printf(&b, "No zone with memory (%zu) is below its low watermark, the level at which the kernel wakes kswapd. ",
		    nz);
	else if (nz > 0)
		mw_buf_printf(&b, "%zu of %zu zones with memory %s below the low watermark, the level at which the kernel wakes kswapd to reclaim. ",
		    low, nz, low == 1 ? "is" : "are");
	if (meminfo_get(&s->mi, MI_MEM_AVAILABLE, &avail) &&
	    meminfo_get(&s->mi, MI_MEM_TOTAL, &total) && total > 0)
		mw_buf_printf(&b, "The kernel estimates %s of %s (%" PRIu64 "%%) could be allocated without swapping (MemAvailable).",
		    fsz(a, avail), fsz(c, total),
		    (uint64_t)((unsigned __int128)avail * 100 / total));
	if (b.len > 0)
		add(f, "pressure", false, 0, &b);
	mw_buf_free(&b);
}

/* "N such blocks", "at least N such blocks", "1 such block". */
static void
blocks_phrase(struct mw_buf *b, uint64_t n, bool lower)
{
	mw_buf_printf(b, "%s%" PRIu64 " such block%s", lower ? "at least " : "",
	    n, n == 1 && !lower ? "" : "s");
}

/* Free blocks of a zone that a 2^order request could be cut from. */
static uint64_t
blocks_from(const struct buddy_zone *z, unsigned order, bool *lower)
{
	uint64_t n = 0;

	*lower = false;
	for (unsigned o = order; o < z->norders; o++) {
		n += z->count[o] << (o - order);
		*lower |= (z->lower_bound >> o & 1) != 0;
	}
	return n;
}

static const char *const class_text[] = {
	[ALLOC_KERNEL] = "a kernel allocation (GFP_KERNEL, which may use zones up to Normal)",
	[ALLOC_MOVABLE] = "a transparent huge page (a movable request, which may use every zone up to Movable)",
};

/*
 * Can a block of this many bytes for a request of class c be served from
 * any zone, and where? A zone's blocks count only where the request may
 * take them: not above the zone's low watermark plus its protection
 * against the request's highest zone, they are held back.
 */
static void
block_finding(const struct sys_snapshot *s, uint64_t bytes,
    const char *id, enum alloc_class c, struct finding_list *f)
{
	int order = sys_order_of(bytes, s->page_size);
	struct mw_buf b, yes, no, held;
	char a[SZ], d[SZ], e[SZ];
	uint64_t blocks = 0;
	bool lower = false, unknown = false;

	if (order < 0 || s->bi.len == 0)
		return;
	mw_buf_init(&b), mw_buf_init(&yes), mw_buf_init(&no), mw_buf_init(&held);
	for (size_t i = 0; i < s->bi.len; i++) {
		const struct buddy_zone *z = &s->bi.zones[i];
		const struct zone_info *zz = zone_row(&s->zi, z->node, z->zone);
		enum zone_access acc = ZA_UNKNOWN;
		uint64_t reserve = 0, n;
		bool lb;

		n = blocks_from(z, (unsigned)order, &lb);
		if (zz != NULL)
			acc = zone_access(&s->zi, zz, c, (unsigned)order, &reserve);
		if (n == 0 || acc == ZA_ABOVE) {
			mw_buf_printf(&no, "%snode %d %s", no.len ? ", " : "",
			    z->node, z->zone);
			continue;
		}
		if (acc == ZA_RESERVED) {
			mw_buf_printf(&held, "%snode %d %s (", held.len ? "; " : "",
			    z->node, z->zone);
			blocks_phrase(&held, n, lb);
			mw_buf_printf(&held, ": taking one would leave its free %s below low %s plus protection %s)",
			    fsz(a, sys_bytes(s, zz->val[ZF_FREE])),
			    fsz(d, sys_bytes(s, zz->val[ZF_LOW])),
			    fsz(e, sys_bytes(s, reserve)));
			continue;
		}
		unknown |= acc == ZA_UNKNOWN;
		mw_buf_printf(&yes, "%snode %d %s (%s%" PRIu64 ")",
		    yes.len ? ", " : "", z->node, z->zone, lb ? ">=" : "", n);
		blocks += n;
		lower |= lb;
	}
	mw_buf_printf(&b, "A %s block (order %d with %" PRIu64 "-byte pages) for %s ",
	    fsz(a, bytes), order, s->page_size, class_text[c]);
	if (yes.len == 0) {
		mw_buf_printf(&b, "cannot be served from the free lists now in any zone it may use; it would need compaction or reclaim first.");
	} else {
		mw_buf_printf(&b, "can be served now: ");
		blocks_phrase(&b, blocks, lower);
		mw_buf_printf(&b, " could be cut from the free lists of %s.",
		    yes.data);
		if (no.len > 0)
			mw_buf_printf(&b, " Not in %s.", no.data);
	}
	if (held.len > 0)
		mw_buf_printf(&b, " Held back from this request by the zone's reserve (lowmem_reserve, added to the low watermark for requests that could use a higher zone): %s.",
		    held.data);
	if (unknown)
		mw_buf_printf(&b, " Whether the zone reserves allow it is unknown where zoneinfo lacks the zone's watermarks or protection.");
	add(f, id, true, bytes, &b);
	mw_buf_free(&b), mw_buf_free(&yes), mw_buf_free(&no), mw_buf_free(&held);
}

static void
frag_finding(const struct sys_snapshot *s, const struct buddy_zone *z,
    struct finding_list *f)
{
	int largest = buddy_largest_order(z), fi, ui, thp;
	uint64_t fp = buddy_free_pages(z), small = 0;
	struct mw_buf b;
	char a[SZ], c[SZ], t[FRAG_FMT_LEN];

	if (fp == 0)
		return;
	mw_buf_init(&b);
	mw_buf_printf(&b, "Node %d %s: %s%s free in %" PRIu64 " pages; the largest free block is order %d (%s). ",
	    z->node, z->zone, z->lower_bound ? "at least " : "",
	    fsz(a, sys_bytes(s, fp)), fp, largest,
	    fsz(c, sys_bytes(s, (uint64_t)1 << largest)));
	if ((unsigned)largest + 1 < z->norders) {
		unsigned j = (unsigned)largest + 1;

		fi = frag_fragmentation_index(z->count, z->norders, j);
		if (j == z->norders - 1)
			mw_buf_printf(&b, "Order %u cannot be served", j);
		else
			mw_buf_printf(&b, "Orders %u to %u cannot be served",
			    j, z->norders - 1);
		mw_buf_printf(&b, "; fragmentation index at order %u is %s, which means the failure is %s. ",
		    j, frag_fmt(t, fi, false),
		    fi > 500 ? "due to fragmentation (compaction would help)" :
		    "due to a lack of free memory (reclaim, not compaction, would help)");
	} else {
		mw_buf_printf(&b, "Every order up to %u can be served. ", z->norders - 1);
	}
	thp = sys_order_of((uint64_t)2 << 20, s->page_size);
	if (thp >= 0 && (unsigned)thp < z->norders) {
		bool lower = false;

		/* Summed from the free lists; the index is rounded down. */
		for (unsigned o = 0; o < (unsigned)thp; o++) {
			small += z->count[o] << o;
			lower |= (z->lower_bound >> o & 1) != 0;
		}
		ui = frag_unusable_index(z->count, z->norders, (unsigned)thp);
		mw_buf_printf(&b, "%s%s of the free memory (unusable index %s%s) sits in blocks smaller than " MW_AMT_2M " and cannot back a huge page.",
		    lower ? "At least " : "", fsz(a, sys_bytes(s, small)),
		    frag_fmt(t, ui, false),
		    z->lower_bound ? ", from counts the kernel capped" : "");
	}
	add(f, "fragmentation", true, sys_bytes(s, fp), &b);
	mw_buf_free(&b);
}

static void
slab_finding(const struct sys_snapshot *s, struct finding_list *f)
{
	struct slab_totals t;
	struct mw_buf b;
	size_t *order, top;
	uint64_t slab, srec, sunrec, top_bytes = 0;
	char a[SZ], c[SZ], d[SZ];

	mw_buf_init(&b);
	if (meminfo_get(&s->mi, MI_SLAB, &slab) &&
	    meminfo_get(&s->mi, MI_SRECLAIMABLE, &srec) &&
	    meminfo_get(&s->mi, MI_SUNRECLAIM, &sunrec))
		mw_buf_printf(&b, "The kernel's slab allocator holds %s (meminfo Slab): %s reclaimable (freed under pressure, mostly dentry and inode caches) and %s unreclaimable. ",
		    fsz(a, slab), fsz(c, srec),
		    fsz(d, sunrec));
	if (!s->part[SYS_SLABINFO].have) {
		if (s->part[SYS_SLABINFO].why != NULL)
			mw_buf_printf(&b, "Which caches dominate is unknown: %s.",
			    s->part[SYS_SLABINFO].why);
		if (b.len > 0)
			add(f, "slab", false, 0, &b);
		mw_buf_free(&b);
		return;
	}
	sys_slab_totals(&s->si, s->page_size, &t);
	order = mw_xreallocarray(NULL, s->si.len + 1, sizeof(*order));
	sys_slab_order(&s->si, s->page_size, SLAB_SORT_SIZE, order);
	top = s->si.len < 3 ? s->si.len : 3;
	mw_buf_printf(&b, "%zu %s %s in slabs", t.caches,
	    t.caches == 1 ? "cache holds" : "caches hold", fsz(a, t.size));
	for (size_t i = 0; i < top; i++) {
		const struct slab_cache *sc = &s->si.caches[order[i]];
		uint64_t sz = sys_slab_size(sc, s->page_size);

		top_bytes += sz;
		mw_buf_printf(&b, "%s%s %s", i == 0 ? "; the largest are " :
		    i + 1 == top ? " and " : ", ", sc->name, fsz(a, sz));
	}
	if (t.size > 0 && top > 0)
		mw_buf_printf(&b, ", %" PRIu64 "%% of the total together",
		    (uint64_t)((unsigned __int128)top_bytes * 100 / t.size));
	if (t.num_objs > 0)
		mw_buf_printf(&b, ". Objects in use fill %" PRIu64 "%% of the allocated object slots%s.",
		    (uint64_t)((unsigned __int128)t.active_objs * 100 / t.num_objs),
		    sys_slab_allocator(s) == SLAB_ALLOC_SLAB ? "" :
		    " (at most: SLUB counts the free objects of per-CPU slabs as in use, mm/slub.c)");
	else
		mw_buf_addc(&b, '.');
	add(f, "slab", true, t.size, &b);
	free(order);
	mw_buf_free(&b);
}

static void
unavailable_findings(const struct sys_snapshot *s, struct finding_list *f)
{
	struct mw_buf b;

	if (s->page_size_from == PAGE_SIZE_ASSUMED) {
		mw_buf_init(&b);
		mw_buf_printf(&b, "There is %s; byte amounts here may be off by that factor.",
		    sys_page_size_note(s));
		add(f, "page-size", true, s->page_size, &b);
		mw_buf_free(&b);
	}
	for (int p = 0; p < SYS_PART_NR; p++) {
		if (p == SYS_SLABINFO || !(s->requested & SYS_PART(p)) ||
		    s->part[p].have || s->part[p].why == NULL)
			continue;
		mw_buf_init(&b);
		mw_buf_printf(&b, "%s is unknown here: %s.", sys_part_file(p),
		    s->part[p].why);
		add(f, "unavailable", false, 0, &b);
		mw_buf_free(&b);
	}
}

void
sys_explain(const struct sys_snapshot *s, struct finding_list *out)
{
	zones_finding(s, out);
	pressure_finding(s, out);
	for (size_t i = 0; i < s->zi.len; i++)
		watermark_finding(s, &s->zi.zones[i], out);
	for (size_t i = 0; i < s->bi.len; i++)
		frag_finding(s, &s->bi.zones[i], out);
	block_finding(s, (uint64_t)2 << 20, "thp", ALLOC_MOVABLE, out);
	block_finding(s, (uint64_t)4 << 20, "block-4mib", ALLOC_KERNEL,
	    out);
	slab_finding(s, out);
	sys_explain_mm(s, s->mm_prev, out);
	sys_explain_shmem(s, out);
	unavailable_findings(s, out);
}
