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
#include "model/system.h"
#include "util/buf.h"
#include "util/units.h"
#include "util/xmalloc.h"

#define SZ MW_FMT_BYTES_LEN

/* A size for a sentence: "9.5 MiB", or "9961472 bytes" when exact. */
static const char *
fsz(bool exact, char out[SZ], uint64_t v)
{
	if (exact) {
		snprintf(out, SZ, "%" PRIu64 " bytes", v);
		return out;
	}
	return mw_fmt_size(out, v);
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

/* What a zone type is for, in one clause. */
static const char *
zone_purpose(const char *name)
{
	if (strcmp(name, "DMA") == 0)
		return "the first 16 MiB, kept for old devices that can only address 24 bits";
	if (strcmp(name, "DMA32") == 0)
		return "memory below 4 GiB, for devices that can only address 32 bits";
	if (strcmp(name, "Normal") == 0)
		return "the rest of memory, where most allocations land";
	if (strcmp(name, "HighMem") == 0)
		return "memory a 32-bit kernel cannot map permanently";
	if (strcmp(name, "Movable") == 0)
		return "memory that only holds movable pages, so it can be offlined or compacted";
	if (strcmp(name, "Device") == 0)
		return "device memory (persistent memory or GPU) that the buddy allocator does not hand out";
	return "a zone this memwatch has no description for";
}

static void
zones_finding(const struct sys_snapshot *s, bool ex, struct finding_list *f)
{
	const struct zoneinfo *zi = &s->zi;
	struct mw_buf b;
	char sz[SZ];
	uint64_t total = 0;
	size_t populated = 0, empty = 0;
	int nodes = 0, last = -1;

	mw_buf_init(&b);
	for (size_t i = 0; i < zi->len; i++) {
		const struct zone_info *z = &zi->zones[i];

		if (z->node != last)
			nodes++, last = z->node;
		if (!zone_populated(z)) {
			empty++;
			continue;
		}
		populated++;
		total += sys_bytes(s, z->val[ZF_MANAGED]);
		mw_buf_printf(&b, "%snode %d %s has %s managed (%s)",
		    populated > 1 ? "; " : "", z->node, z->name,
		    fsz(ex, sz, sys_bytes(s, z->val[ZF_MANAGED])),
		    zone_purpose(z->name));
	}
	if (populated == 0) {
		mw_buf_free(&b);
		return;
	}
	mw_buf_addc(&b, '.');
	{
		struct mw_buf h;

		mw_buf_init(&h);
		mw_buf_printf(&h, "This machine has %zu zone%s with memory on %d node%s, %s managed in all: ",
		    populated, populated == 1 ? "" : "s", nodes,
		    nodes == 1 ? "" : "s", fsz(ex, sz, total));
		mw_buf_add(&h, b.data, b.len);
		if (empty > 0)
			mw_buf_printf(&h, " %zu more zone%s exist%s but hold no memory (the kernel lists every zone type of every node).",
			    empty, empty == 1 ? "" : "s", empty == 1 ? "s" : "");
		add(f, "zones", true, total, &h);
		mw_buf_free(&h);
	}
	mw_buf_free(&b);
}

static void
watermark_finding(const struct sys_snapshot *s, bool ex, const struct zone_info *z,
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
	    z->node, z->name, fsz(ex, a, fr),
	    fsz(ex, b2, sys_bytes(s, z->val[ZF_MANAGED])),
	    fsz(ex, c, mn), fsz(ex, d, lo), fsz(ex, e, hi));
	switch (l) {
	case ZL_ABOVE_HIGH:
		mw_buf_printf(&b, "Free memory is above high, so kswapd has nothing to do here; %s can be allocated before free falls to low and wakes kswapd, %s before min makes allocations reclaim directly.",
		    fsz(ex, a, fr - lo), fsz(ex, c, fr - mn));
		break;
	case ZL_ABOVE_LOW:
		mw_buf_printf(&b, "Free memory is between low and high: if kswapd was woken it is still reclaiming until free reaches high (%s to go); %s remain before low.",
		    fsz(ex, a, hi - fr), fsz(ex, c, fr - lo));
		break;
	case ZL_BELOW_LOW:
		mw_buf_printf(&b, "Free memory is %s below low, where an allocation wakes kswapd to reclaim; %s remain before min, where allocations must reclaim themselves and stall.",
		    fsz(ex, a, lo - fr), fsz(ex, c, fr - mn));
		break;
	case ZL_BELOW_MIN:
		mw_buf_printf(&b, "Free memory is %s below min: ordinary allocations reclaim directly (and stall); only atomic and emergency allocations may dip further.",
		    fsz(ex, a, mn - fr));
		break;
	case ZL_UNKNOWN:
	case ZL_EMPTY:
		break;
	}
	if (zone_has(z, ZF_BOOST) && z->val[ZF_BOOST] > 0)
		mw_buf_printf(&b, " The watermarks are boosted by %s for now (after a fragmenting allocation, the kernel reclaims a little more to defragment).",
		    fsz(ex, a, sys_bytes(s, z->val[ZF_BOOST])));
	if (zone_has(z, ZF_PRESENT) && zone_has(z, ZF_MANAGED) &&
	    z->val[ZF_PRESENT] > z->val[ZF_MANAGED] &&
	    z->val[ZF_PRESENT] - z->val[ZF_MANAGED] > z->val[ZF_PRESENT] / 10)
		mw_buf_printf(&b, " Of its %s present, %s are not managed by the page allocator (reserved at boot, by firmware or crash kernels, or not yet initialised or ballooned away).",
		    fsz(ex, a, sys_bytes(s, z->val[ZF_PRESENT])),
		    fsz(ex, c, sys_bytes(s, z->val[ZF_PRESENT] - z->val[ZF_MANAGED])));
	add(f, "watermarks", true, fr, &b);
	mw_buf_free(&b);
}

static void
pressure_finding(const struct sys_snapshot *s, bool ex, struct finding_list *f)
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
		    fsz(ex, a, avail), fsz(ex, c, total),
		    (uint64_t)((unsigned __int128)avail * 100 / total));
	if (b.len > 0)
		add(f, "pressure", false, 0, &b);
	mw_buf_free(&b);
}

/* Can a block of this many bytes be served from any zone, and where? */
static void
block_finding(const struct sys_snapshot *s, bool ex, uint64_t bytes, const char *id,
    const char *what, struct finding_list *f)
{
	int order = sys_order_of(bytes, s->page_size);
	struct mw_buf b, yes, no;
	char a[SZ];
	size_t ny = 0, nn = 0;
	uint64_t blocks = 0;

	if (order < 0 || s->bi.len == 0)
		return;
	mw_buf_init(&b), mw_buf_init(&yes), mw_buf_init(&no);
	for (size_t i = 0; i < s->bi.len; i++) {
		const struct buddy_zone *z = &s->bi.zones[i];
		struct mw_buf *t;
		uint64_t n = 0;

		for (unsigned o = (unsigned)order; o < z->norders; o++)
			n += z->count[o] << (o - (unsigned)order);
		t = n > 0 ? &yes : &no;
		mw_buf_printf(t, "%snode %d %s", t->len ? ", " : "", z->node, z->zone);
		if (n > 0)
			mw_buf_printf(t, " (%" PRIu64 ")", n), ny++, blocks += n;
		else
			nn++;
	}
	mw_buf_printf(&b, "A %s block (order %d with %" PRIu64 "-byte pages) ",
	    fsz(ex, a, bytes), order, s->page_size);
	if (ny == 0)
		mw_buf_printf(&b, "cannot be served from the free lists now in any zone; %s would need compaction or reclaim first.",
		    what);
	else
		mw_buf_printf(&b, "can be served now: %" PRIu64 " such blocks could be cut from the free lists of %s.",
		    blocks, yes.data);
	if (ny > 0 && nn > 0)
		mw_buf_printf(&b, " Not in %s.", no.data);
	add(f, id, true, bytes, &b);
	mw_buf_free(&b), mw_buf_free(&yes), mw_buf_free(&no);
}

static void
frag_finding(const struct sys_snapshot *s, bool ex, const struct buddy_zone *z,
    struct finding_list *f)
{
	int largest = buddy_largest_order(z), fi, ui, thp;
	uint64_t fp = buddy_free_pages(z);
	struct mw_buf b;
	char a[SZ], c[SZ], t[FRAG_FMT_LEN];

	if (fp == 0)
		return;
	mw_buf_init(&b);
	mw_buf_printf(&b, "Node %d %s: %s free in %" PRIu64 " pages; the largest free block is order %d (%s). ",
	    z->node, z->zone, fsz(ex, a, sys_bytes(s, fp)), fp, largest,
	    fsz(ex, c, sys_bytes(s, (uint64_t)1 << largest)));
	if ((unsigned)largest + 1 < z->norders) {
		unsigned j = (unsigned)largest + 1;

		fi = frag_fragmentation_index(z->count, z->norders, j);
		mw_buf_printf(&b, "Orders %u to %u cannot be served; fragmentation index at order %u is %s, which means the failure is %s. ",
		    j, z->norders - 1, j, frag_fmt(t, fi, false),
		    fi > 500 ? "due to fragmentation (compaction would help)" :
		    "due to a lack of free memory (reclaim, not compaction, would help)");
	} else {
		mw_buf_printf(&b, "Every order up to %u can be served. ", z->norders - 1);
	}
	thp = sys_order_of((uint64_t)2 << 20, s->page_size);
	if (thp >= 0 && (unsigned)thp < z->norders) {
		ui = frag_unusable_index(z->count, z->norders, (unsigned)thp);
		mw_buf_printf(&b, "%s of the free memory (unusable index %s) sits in blocks smaller than 2 MiB and cannot back a huge page.",
		    fsz(ex, a, sys_bytes(s, (uint64_t)((unsigned __int128)fp * (unsigned)ui / 1000))),
		    frag_fmt(t, ui, false));
	}
	add(f, "fragmentation", true, sys_bytes(s, fp), &b);
	mw_buf_free(&b);
}

static void
slab_finding(const struct sys_snapshot *s, bool ex, struct finding_list *f)
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
		    fsz(ex, a, slab), fsz(ex, c, srec),
		    fsz(ex, d, sunrec));
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
	mw_buf_printf(&b, "%zu caches hold %s in slabs", t.caches,
	    fsz(ex, a, t.size));
	for (size_t i = 0; i < top; i++) {
		const struct slab_cache *sc = &s->si.caches[order[i]];
		uint64_t sz = sys_slab_size(sc, s->page_size);

		top_bytes += sz;
		mw_buf_printf(&b, "%s%s %s", i == 0 ? "; the largest are " :
		    i + 1 == top ? " and " : ", ", sc->name, fsz(ex, a, sz));
	}
	if (t.size > 0 && top > 0)
		mw_buf_printf(&b, ", %" PRIu64 "%% of the total together",
		    (uint64_t)((unsigned __int128)top_bytes * 100 / t.size));
	if (t.num_objs > 0)
		mw_buf_printf(&b, ". Objects in use fill %" PRIu64 "%% of the allocated object slots.",
		    (uint64_t)((unsigned __int128)t.active_objs * 100 / t.num_objs));
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
sys_explain(const struct sys_snapshot *s, bool exact,
    struct finding_list *out)
{
	zones_finding(s, exact, out);
	pressure_finding(s, exact, out);
	for (size_t i = 0; i < s->zi.len; i++)
		watermark_finding(s, exact, &s->zi.zones[i], out);
	for (size_t i = 0; i < s->bi.len; i++)
		frag_finding(s, exact, &s->bi.zones[i], out);
	block_finding(s, exact, (uint64_t)2 << 20, "thp",
	    "a transparent huge page", out);
	block_finding(s, exact, (uint64_t)4 << 20, "block-4mib",
	    "such an allocation", out);
	slab_finding(s, exact, out);
	sys_explain_mm(s, s->mm_prev, exact, out);
	unavailable_findings(s, out);
}
