/* model/system_fields.c: the system-snapshot document's rows. */
#include "config.h"
#include "model/system_fields.h"

#include <stdbool.h>
#include <string.h>

#include "model/account.h"
#include "model/system.h"
#include "parse/buddyinfo.h"
#include "parse/meminfo.h"
#include "parse/pagetypeinfo.h"
#include "parse/slabinfo.h"
#include "parse/zoneinfo.h"
#include "util/units.h"

#define NROWS(a) (sizeof(a) / sizeof((a)[0]))

/* Bytes held by the cache's slabs (the snapshot's page size). */
static uint64_t
slab_size(const void *c, const void *sys)
{
	const struct sys_snapshot *s = sys;

	return sys_slab_size(c, s->page_size);
}

static uint64_t
slab_active_size(const void *c, const void *sys)
{
	(void)sys;
	return slab_cache_active_bytes(c);
}

#define S(k, t, u, kn, m, kf) { .key = k, .type = t, .unit = u, \
	.known = kn, .off = offsetof(struct slab_cache, m), \
	.known_off = offsetof(struct slab_cache, kf) }
#define SD(k, g, om, help) { .key = k, .type = FT_DERIVED, .unit = FU_BYTES, \
	.known = FK_ALWAYS, .get = g, .om_name = om, .om_help = help }
#define SOM(k, m, om, help) { .key = k, .type = FT_U64, .unit = FU_COUNT, \
	.known = FK_REQUIRED, .off = offsetof(struct slab_cache, m), \
	.om_name = om, .om_help = help }

static const struct field_row slab_rows[] = {
	S("name", FT_CSTR, FU_NONE, FK_REQUIRED, name, name),
	SOM("active_objs", active_objs, "memwatch_slab_active_objects",
	    "Objects in use in a cache (slabinfo active_objs)."),
	SOM("num_objs", num_objs, "memwatch_slab_objects",
	    "Object slots in a cache (slabinfo num_objs)."),
	S("objsize", FT_U64, FU_BYTES, FK_REQUIRED, objsize, objsize),
	S("objperslab", FT_U64, FU_COUNT, FK_REQUIRED, objperslab, objperslab),
	S("pagesperslab", FT_U64, FU_PAGES, FK_REQUIRED, pagesperslab,
	    pagesperslab),
	S("active_slabs", FT_U64, FU_COUNT, FK_REQUIRED, active_slabs,
	    active_slabs),
	S("num_slabs", FT_U64, FU_COUNT, FK_REQUIRED, num_slabs, num_slabs),
	SD("size", slab_size, "memwatch_slab_size_bytes",
	    "Memory held by the slabs of a cache (slabinfo)."),
	SD("active_size", slab_active_size, NULL, NULL),
	S("limit", FT_U64, FU_COUNT, FK_FLAG, limit, has_tunables),
	S("batchcount", FT_U64, FU_COUNT, FK_FLAG, batchcount, has_tunables),
	S("sharedfactor", FT_U64, FU_COUNT, FK_FLAG, sharedfactor,
	    has_tunables),
	S("sharedavail", FT_U64, FU_COUNT, FK_ALWAYS, sharedavail,
	    sharedavail),
};
#undef S
#undef SD
#undef SOM

/* A zone: what is written beside the watermark block. */
static bool
zone_sized(const void *z, const void *sys)
{
	(void)sys;
	return zone_populated(z) || zone_empty(z);
}

static uint64_t
zone_is_populated(const void *z, const void *sys)
{
	(void)sys;
	return zone_populated(z);
}

/* sys_zone_level() is known: free and the min and low watermarks are. */
static bool
zone_has_level(const void *z, const void *sys)
{
	const uint32_t need = 1u << ZF_FREE | 1u << ZF_MIN | 1u << ZF_LOW;

	(void)sys;
	return (((const struct zone_info *)z)->present & need) == need;
}

static const char *
zone_level_name(const void *z, const void *sys)
{
	(void)sys;
	return sys_zone_level_name(sys_zone_level(z));
}

/* Free bytes above the low (min) watermark, negative below. */
static uint64_t
zone_headroom(const struct zone_info *z, const struct sys_snapshot *s,
    enum zone_field mark)
{
	return (uint64_t)mw_delta(sys_bytes(s, z->val[ZF_FREE]),
	    sys_bytes(s, z->val[mark]));
}

static uint64_t
zone_headroom_low(const void *z, const void *sys)
{
	return zone_headroom(z, sys, ZF_LOW);
}

static uint64_t
zone_headroom_min(const void *z, const void *sys)
{
	return zone_headroom(z, sys, ZF_MIN);
}

static bool
zone_has_protection(const void *z, const void *sys)
{
	(void)sys;
	return ((const struct zone_info *)z)->nprotection > 0;
}

static bool
zone_has_pcp(const void *z, const void *sys)
{
	(void)sys;
	return ((const struct zone_info *)z)->pcp_cpus > 0;
}

#define ZOFF(m) offsetof(struct zone_info, m)
/* Field f of the watermark block: bit f of present says it was printed. */
#define ZF(k, t, f, ...) { .key = k, .type = t, \
	.unit = t == FT_PAGES ? FU_BYTES : FU_NONE, .known = FK_BIT, \
	.off = ZOFF(val) + (f) * sizeof(uint64_t), .known_off = ZOFF(present), \
	.bit = f, __VA_ARGS__ }
/* A zone's family: memwatch_zone_NAME_bytes. */
#define OM(name, help) .om_name = "memwatch_zone_" name "_bytes", \
	.om_help = help
#define ZD(k, t, has_fn, ...) { .key = k, .type = t, .known = FK_GET, \
	.has = has_fn, __VA_ARGS__ }

/* "pcp": the per-CPU lists, summed. */
static const struct field_row pcp_rows[] = {
	{ .key = "cpus", .type = FT_U32, .unit = FU_COUNT, .known = FK_ALWAYS,
	    .off = ZOFF(pcp_cpus), .missing = "a non-negative integer" },
	{ .key = "count", .type = FT_PAGES, .unit = FU_BYTES,
	    .known = FK_ALWAYS, .off = ZOFF(pcp_count) },
	{ .key = "high", .type = FT_PAGES, .unit = FU_BYTES,
	    .known = FK_ALWAYS, .off = ZOFF(pcp_high) },
};

static const struct field_row zone_rows[] = {
	{ .key = "node", .type = FT_NODE, .known = FK_REQUIRED,
	    .off = ZOFF(node) },
	{ .key = "zone", .type = FT_ZONE, .known = FK_REQUIRED,
	    .off = ZOFF(name), .size = PROC_ZONE_NAME_MAX },
	ZD("populated", FT_DERIVED_BOOL, zone_sized, .get = zone_is_populated),
	ZF("free", FT_PAGES, ZF_FREE, .missing = "present (every zone has it)",
	    OM("free", "Free memory of the zone (zoneinfo pages free).")),
	ZF("boost", FT_PAGES, ZF_BOOST, OM("watermark_boost",
	    "Temporary watermark boost after fragmentation events.")),
	ZF("min", FT_PAGES, ZF_MIN, OM("watermark_min",
	    "Min watermark: below it allocations reclaim directly.")),
	ZF("low", FT_PAGES, ZF_LOW, OM("watermark_low",
	    "Low watermark: below it kswapd is woken.")),
	ZF("high", FT_PAGES, ZF_HIGH, OM("watermark_high",
	    "High watermark: kswapd reclaims up to it.")),
	ZF("promo", FT_PAGES, ZF_PROMO, OM("watermark_promo",
	    "Promotion watermark (memory tiering).")),
	ZF("spanned", FT_PAGES, ZF_SPANNED, OM("spanned",
	    "Address range the zone spans, holes included.")),
	ZF("present", FT_PAGES, ZF_PRESENT, OM("present",
	    "Physical memory present in the zone.")),
	ZF("managed", FT_PAGES, ZF_MANAGED, OM("managed",
	    "Memory the buddy allocator manages in the zone.")),
	ZF("cma", FT_PAGES, ZF_CMA),
	ZF("start_pfn", FT_U64, ZF_START_PFN),
	ZF("node_unreclaimable", FT_BOOL, ZF_UNRECLAIMABLE),
	ZD("protection", FT_PAGE_LIST, zone_has_protection,
	    .unit = FU_BYTES, .off = ZOFF(protection),
	    .count_off = ZOFF(nprotection), .size = ZONE_MAX_PROTECTION),
	ZD("level", FT_DERIVED_STR, zone_has_level, .text = zone_level_name),
	ZD("headroom_low", FT_DERIVED_I64, zone_has_level, .unit = FU_BYTES,
	    .get = zone_headroom_low),
	ZD("headroom_min", FT_DERIVED_I64, zone_has_level, .unit = FU_BYTES,
	    .get = zone_headroom_min),
	ZD("pcp", FT_OBJECT, zone_has_pcp, .sub = pcp_rows,
	    .nsub = NROWS(pcp_rows)),
	{ .key = "counters", .type = FT_KV, .unit = FU_COUNT,
	    .known = FK_ALWAYS, .flags = RF_BLANKS, .off = ZOFF(counters),
	    .why = "counters" },
};
#undef ZF
#undef ZD
#undef OM
#undef ZOFF

_Static_assert(NROWS(zone_rows) <= 64, "a zone's rows fit a read mask");

static const struct field_row node_rows[] = {
	{ .key = "node", .type = FT_NODE, .known = FK_REQUIRED,
	    .off = offsetof(struct zone_node, node) },
	{ .key = "stats", .type = FT_KV, .unit = FU_COUNT, .known = FK_ALWAYS,
	    .flags = RF_BLANKS, .off = offsetof(struct zone_node, stats),
	    .why = "nodes[].stats" },
};

/* A zone's free lists: what is written beside the counts. */
static bool
buddy_has_lower_bound(const void *z, const void *sys)
{
	(void)sys;
	return ((const struct buddy_zone *)z)->lower_bound != 0;
}

static uint64_t
buddy_pages(const void *z, const void *sys)
{
	(void)sys;
	return buddy_free_pages(z);
}

static uint64_t
buddy_bytes(const void *z, const void *sys)
{
	return sys_bytes(sys, buddy_free_pages(z));
}

static bool
buddy_has_largest(const void *z, const void *sys)
{
	(void)sys;
	return buddy_largest_order(z) >= 0;
}

static uint64_t
buddy_largest(const void *z, const void *sys)
{
	(void)sys;
	return (uint64_t)buddy_largest_order(z);
}

static uint64_t
buddy_largest_bytes(const void *z, const void *sys)
{
	return sys_bytes(sys, (uint64_t)1 << buddy_largest_order(z));
}

/* The node and zone an item of a part is about (struct S). */
#define NODE_ZONE(S) \
	{ .key = "node", .type = FT_NODE, .known = FK_REQUIRED, \
	    .off = offsetof(S, node) }, \
	{ .key = "zone", .type = FT_ZONE, .known = FK_REQUIRED, \
	    .off = offsetof(S, zone), .size = PROC_ZONE_NAME_MAX }

#define BOFF(m) offsetof(struct buddy_zone, m)

/* Before the fragmentation indexes (render/json_system.c: computed
 * together, for every order). */
static const struct field_row buddy_rows[] = {
	NODE_ZONE(struct buddy_zone),
	{ .key = "free_blocks", .type = FT_COUNTS, .unit = FU_COUNT,
	    .known = FK_REQUIRED, .off = BOFF(count), .count_off = BOFF(norders),
	    .size = BUDDY_MAX_ORDERS },
	{ .key = "lower_bound_orders", .type = FT_ORDERS, .known = FK_GET,
	    .off = BOFF(lower_bound), .count_off = BOFF(norders),
	    .size = BUDDY_MAX_ORDERS, .has = buddy_has_lower_bound },
	{ .key = "free_pages", .type = FT_DERIVED, .unit = FU_PAGES,
	    .known = FK_ALWAYS, .get = buddy_pages },
	{ .key = "free", .type = FT_DERIVED, .unit = FU_BYTES,
	    .known = FK_ALWAYS, .get = buddy_bytes },
	{ .key = "largest_free_order", .type = FT_DERIVED_I64,
	    .known = FK_NULL, .has = buddy_has_largest, .get = buddy_largest },
	{ .key = "largest_free_block", .type = FT_DERIVED, .unit = FU_BYTES,
	    .known = FK_GET, .has = buddy_has_largest,
	    .get = buddy_largest_bytes },
};
#undef BOFF

/* A row of pagetypeinfo's free lists: its migrate type by name. */
static const char *
pti_type_name(const void *f, const void *sys)
{
	const struct sys_snapshot *s = sys;

	return s->pti.types[((const struct pti_free *)f)->type];
}

static int
pti_type_of(void *f, void *sys, const char *name, size_t n)
{
	struct sys_snapshot *s = sys;
	int t = pti_type_index(&s->pti, name, n);

	if (t >= 0)
		((struct pti_free *)f)->type = (unsigned)t;
	return t;
}

static uint64_t
pti_free_bytes(const void *f, const void *sys)
{
	return sys_bytes(sys, pti_free_pages(f));
}

#define POFF(m) offsetof(struct pti_free, m)

static const struct field_row pti_free_rows[] = {
	NODE_ZONE(struct pti_free),
	{ .key = "type", .type = FT_NAMED, .known = FK_REQUIRED,
	    .off = POFF(type), .text = pti_type_name, .index = pti_type_of,
	    .want = "a migrate type" },
	{ .key = "free_blocks", .type = FT_COUNTS, .unit = FU_COUNT,
	    .known = FK_REQUIRED, .off = POFF(count), .count_off = POFF(norders),
	    .size = BUDDY_MAX_ORDERS },
	{ .key = "free", .type = FT_DERIVED, .unit = FU_BYTES,
	    .known = FK_ALWAYS, .get = pti_free_bytes },
	{ .key = "lower_bound_orders", .type = FT_ORDERS, .known = FK_ALWAYS,
	    .off = POFF(lower_bound), .count_off = POFF(norders),
	    .size = BUDDY_MAX_ORDERS },
};
#undef POFF

/* A row of pagetypeinfo's blocks: its counts by the header's names. */
static int
pti_block_col(void *b, void *sys, const char *name, size_t n)
{
	(void)b;
	return pti_block_type_index(&((struct sys_snapshot *)sys)->pti, name,
	    n);
}

static const char *
pti_block_name(const void *sys, unsigned i)
{
	const struct pagetypeinfo *p = &((const struct sys_snapshot *)sys)->pti;

	return i < p->nblock_types ? p->block_types[i] : NULL;
}

#define KOFF(m) offsetof(struct pti_blocks, m)

static const struct field_row pti_block_rows[] = {
	NODE_ZONE(struct pti_blocks),
	{ .key = "blocks", .type = FT_COLUMNS, .unit = FU_COUNT,
	    .known = FK_ALWAYS, .off = KOFF(count), .count_off = KOFF(ntypes),
	    .size = PTI_MAX_TYPES, .index = pti_block_col,
	    .column = pti_block_name, .missing = "an object",
	    .want = "an object of migrate types and counts" },
};
#undef KOFF

/* A tmpfs or ramfs mount (struct acct_tmpfs): its type one of the two. */
static const char *
tmpfs_type(const void *t, const void *sys)
{
	(void)sys;
	return ((const struct acct_tmpfs *)t)->type;
}

static int
tmpfs_type_of(void *t, void *sys, const char *name, size_t n)
{
	(void)sys;
	((struct acct_tmpfs *)t)->type = n == 5 && memcmp(name, "ramfs", 5) == 0 ?
	    "ramfs" : "tmpfs";
	return 0;
}

#define TOFF(m) offsetof(struct acct_tmpfs, m)

static const struct field_row tmpfs_rows[] = {
	{ .key = "mount", .type = FT_CSTR, .known = FK_REQUIRED,
	    .off = TOFF(point) },
	{ .key = "type", .type = FT_NAMED, .known = FK_REQUIRED,
	    .off = TOFF(type), .text = tmpfs_type, .index = tmpfs_type_of },
	{ .key = "used", .type = FT_U64, .unit = FU_BYTES, .known = FK_FLAG,
	    .off = TOFF(used), .known_off = TOFF(known) },
};
#undef TOFF

/* The known meminfo keys exported as metric families, in bytes. */
#define MI(k, om, help) { .type = FT_U64, .unit = FU_BYTES, .known = FK_GET, \
	.off = k, .om_name = om, .om_help = help }

static const struct field_row meminfo_rows[] = {
	MI(MI_MEM_TOTAL, "memwatch_memory_total_bytes",
	    "Usable RAM (meminfo MemTotal)."),
	MI(MI_MEM_FREE, "memwatch_memory_free_bytes",
	    "RAM left unused (meminfo MemFree)."),
	MI(MI_MEM_AVAILABLE, "memwatch_memory_available_bytes",
	    "RAM available for new work without swapping, the kernel's estimate (meminfo MemAvailable)."),
	MI(MI_BUFFERS, "memwatch_memory_buffers_bytes",
	    "Block device buffers (meminfo Buffers)."),
	MI(MI_CACHED, "memwatch_memory_cached_bytes",
	    "Page cache, shmem included (meminfo Cached)."),
	MI(MI_SWAP_CACHED, "memwatch_memory_swap_cached_bytes",
	    "Swapped pages also in RAM (meminfo SwapCached)."),
	MI(MI_ACTIVE_ANON, "memwatch_memory_active_anon_bytes",
	    "Recently used anonymous pages (meminfo Active(anon))."),
	MI(MI_INACTIVE_ANON, "memwatch_memory_inactive_anon_bytes",
	    "Anonymous pages that may be swapped (meminfo Inactive(anon))."),
	MI(MI_ACTIVE_FILE, "memwatch_memory_active_file_bytes",
	    "Recently used file pages (meminfo Active(file))."),
	MI(MI_INACTIVE_FILE, "memwatch_memory_inactive_file_bytes",
	    "File pages that may be reclaimed (meminfo Inactive(file))."),
	MI(MI_UNEVICTABLE, "memwatch_memory_unevictable_bytes",
	    "Pages that cannot be reclaimed (meminfo Unevictable)."),
	MI(MI_MLOCKED, "memwatch_memory_mlocked_bytes",
	    "Pages locked with mlock (meminfo Mlocked)."),
	MI(MI_SWAP_TOTAL, "memwatch_memory_swap_total_bytes",
	    "Swap space (meminfo SwapTotal)."),
	MI(MI_SWAP_FREE, "memwatch_memory_swap_free_bytes",
	    "Swap space unused (meminfo SwapFree)."),
	MI(MI_DIRTY, "memwatch_memory_dirty_bytes",
	    "Pages waiting to be written back (meminfo Dirty)."),
	MI(MI_WRITEBACK, "memwatch_memory_writeback_bytes",
	    "Pages being written back (meminfo Writeback)."),
	MI(MI_ANON_PAGES, "memwatch_memory_anon_pages_bytes",
	    "Anonymous pages mapped into processes (meminfo AnonPages)."),
	MI(MI_MAPPED, "memwatch_memory_mapped_bytes",
	    "File pages mapped into processes (meminfo Mapped)."),
	MI(MI_SHMEM, "memwatch_memory_shmem_bytes",
	    "Shared memory and tmpfs (meminfo Shmem)."),
	MI(MI_KRECLAIMABLE, "memwatch_memory_kreclaimable_bytes",
	    "Kernel memory the kernel can reclaim (meminfo KReclaimable)."),
	MI(MI_SLAB, "memwatch_memory_slab_bytes",
	    "Slab allocator (meminfo Slab)."),
	MI(MI_SRECLAIMABLE, "memwatch_memory_slab_reclaimable_bytes",
	    "Reclaimable slab (meminfo SReclaimable)."),
	MI(MI_SUNRECLAIM, "memwatch_memory_slab_unreclaimable_bytes",
	    "Unreclaimable slab (meminfo SUnreclaim)."),
	MI(MI_KERNEL_STACK, "memwatch_memory_kernel_stack_bytes",
	    "Kernel stacks (meminfo KernelStack)."),
	MI(MI_PAGE_TABLES, "memwatch_memory_page_tables_bytes",
	    "Page tables (meminfo PageTables)."),
	MI(MI_COMMIT_LIMIT, "memwatch_memory_commit_limit_bytes",
	    "Commit limit under strict overcommit (meminfo CommitLimit)."),
	MI(MI_COMMITTED_AS, "memwatch_memory_committed_as_bytes",
	    "Memory promised to processes (meminfo Committed_AS)."),
	MI(MI_VMALLOC_USED, "memwatch_memory_vmalloc_used_bytes",
	    "vmalloc area in use (meminfo VmallocUsed)."),
	MI(MI_PERCPU, "memwatch_memory_percpu_bytes",
	    "Per-CPU allocator (meminfo Percpu)."),
	MI(MI_ANON_HUGE_PAGES, "memwatch_memory_anon_huge_pages_bytes",
	    "Anonymous transparent huge pages (meminfo AnonHugePages)."),
	MI(MI_HUGETLB, "memwatch_memory_hugetlb_bytes",
	    "Memory in huge pages of every size (meminfo Hugetlb)."),
};
#undef MI

static const struct {
	const struct field_row *rows;
	size_t n;
} tables[SR_NR] = {
	[SR_SLAB] = { slab_rows, NROWS(slab_rows) },
	[SR_ZONE] = { zone_rows, NROWS(zone_rows) },
	[SR_NODE] = { node_rows, NROWS(node_rows) },
	[SR_BUDDY] = { buddy_rows, NROWS(buddy_rows) },
	[SR_MEMINFO] = { meminfo_rows, NROWS(meminfo_rows) },
	[SR_PTI_FREE] = { pti_free_rows, NROWS(pti_free_rows) },
	[SR_PTI_BLOCKS] = { pti_block_rows, NROWS(pti_block_rows) },
	[SR_TMPFS] = { tmpfs_rows, NROWS(tmpfs_rows) },
};

const struct field_row *
system_fields(enum system_rows which, size_t *n)
{
	*n = tables[which].n;
	return tables[which].rows;
}
