/* render/text_system.c: zones, buddy, slabs, system show/explain/diff. */
#include "config.h"
#include "render/text_system.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/frag.h"
#include "model/system.h"
#include "model/system_diff.h"
#include "model/finding.h"
#include "model/system_explain.h"
#include "render/amount.h"
#include "render/term.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/units.h"
#include "util/xmalloc.h"

#define SZ MW_FMT_BYTES_LEN
#define BAR TEXT_ZONE_GAUGE_W

static const char *
col(const struct text_opts *o, const char *code)
{
	return o->color ? code : "";
}

#define RED(o) col(o, TERM_RED)
#define YEL(o) col(o, TERM_YELLOW)
#define GRN(o) col(o, TERM_GREEN)
#define BOLD(o) col(o, TERM_BOLD)
#define OFF(o) col(o, TERM_RESET)

static const char *
b(char out[SZ], const struct text_opts *o, uint64_t v)
{
	return mw_fmt_bytes(out, v, o->bytes);
}

static const char *
level_color(const struct text_opts *o, enum zone_level l)
{
	switch (l) {
	case ZL_ABOVE_HIGH:
		return GRN(o);
	case ZL_ABOVE_LOW:
		return YEL(o);
	case ZL_BELOW_LOW:
	case ZL_BELOW_MIN:
		return RED(o);
	case ZL_UNKNOWN:
	case ZL_EMPTY:
		break;
	}
	return "";
}

/* Escaped untrusted text fitted to width columns. */
static void
put_fit(FILE *f, const char *s, size_t width, bool left)
{
	struct mw_buf t;

	mw_buf_init(&t);
	mw_escape_fit(&t, s, strlen(s), width, left);
	fwrite(t.data, 1, t.len, f);
	mw_buf_free(&t);
}

/* Escaped untrusted text as it is. */
static void
put_esc(FILE *f, const char *s)
{
	struct mw_buf t;

	mw_buf_init(&t);
	mw_escape_term(&t, s, strlen(s));
	fwrite(t.data, 1, t.len, f);
	mw_buf_free(&t);
}

/* Word-wrapped, escaped paragraph with a hanging indent; its amounts
 * formatted (render/amount.h), in bytes with --bytes. */
static void
put_wrapped(FILE *f, const char *first, const char *text, size_t width,
    bool bytes)
{
	struct mw_buf t, w;

	mw_buf_init(&t);
	mw_buf_init(&w);
	amount_term(&t, text, strlen(text), bytes);
	term_wrap_lead(&w, first, t.data, t.len, width, strlen(first));
	fwrite(w.data, 1, w.len, f);
	mw_buf_free(&w);
	mw_buf_free(&t);
}

/* The bar position of v on a scale, inside the bar whatever v is. */
static size_t
mark(uint64_t v, uint64_t scale, size_t width)
{
	size_t i = (size_t)((unsigned __int128)v * width / scale);

	return i < width ? i : width - 1;
}

void
text_zone_gauge(char *bar, size_t width, const struct zone_info *z)
{
	uint64_t fr = z->val[ZF_FREE], hi = z->val[ZF_HIGH];
	uint64_t scale = (fr > hi ? fr : hi) + (fr > hi ? fr : hi) / 4 + 1;
	size_t fill = (size_t)((unsigned __int128)fr * width / scale);

	for (size_t i = 0; i < width; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[width] = '\0';
	if (width == 0)
		return;
	bar[mark(z->val[ZF_MIN], scale, width)] = 'm';
	bar[mark(z->val[ZF_LOW], scale, width)] = 'l';
	if (zone_has(z, ZF_HIGH))
		bar[mark(hi, scale, width)] = 'h';
}

/* [###m##l#h####      ] free against min, low and high. */
static void
gauge(FILE *f, const struct zone_info *z, const struct text_opts *o)
{
	char bar[BAR + 1];

	text_zone_gauge(bar, BAR, z);
	fprintf(f, "  [%s%s%s] %s%s%s\n", level_color(o, sys_zone_level(z)),
	    bar, OFF(o), level_color(o, sys_zone_level(z)),
	    sys_zone_level_name(sys_zone_level(z)), OFF(o));
}

static void
zone_field(FILE *f, const struct sys_snapshot *s, const struct zone_info *z,
    enum zone_field k, const char *label, const struct text_opts *o)
{
	char a[SZ];

	if (zone_has(z, k))
		fprintf(f, " %s %s", label, b(a, o, sys_bytes(s, z->val[k])));
}

/* A zone's size and free count: "?" when the kernel's number was unusable. */
static void
zone_size_field(FILE *f, const struct sys_snapshot *s,
    const struct zone_info *z, enum zone_field k, const char *label,
    const struct text_opts *o)
{
	if (zone_has(z, k))
		zone_field(f, s, z, k, label, o);
	else
		fprintf(f, " %s ?", label);
}

static void
kv_list(FILE *f, const char *title, const struct proc_kv *kv, size_t n)
{
	if (n == 0)
		return;
	fprintf(f, "  %s:\n", title);
	for (size_t i = 0; i < n; i++) {
		fputs("    ", f);
		put_fit(f, kv[i].name, 32, true);
		fprintf(f, " %" PRIu64 "\n", kv[i].value);
	}
}

static void
zone_block(FILE *f, const struct sys_snapshot *s, const struct zone_info *z,
    const struct text_opts *o)
{
	char a[SZ], c[SZ];
	int64_t hl, hm;

	fprintf(f, "%sNode %d %s%s:", BOLD(o), z->node, z->name, OFF(o));
	zone_size_field(f, s, z, ZF_FREE, "free", o);
	zone_size_field(f, s, z, ZF_MANAGED, "managed", o);
	zone_size_field(f, s, z, ZF_PRESENT, "present", o);
	zone_size_field(f, s, z, ZF_SPANNED, "spanned", o);
	fputc('\n', f);
	if (sys_zone_level(z) != ZL_UNKNOWN)
		gauge(f, z, o);
	fputs(" ", f);	/* each field adds one more blank */
	zone_field(f, s, z, ZF_MIN, "min", o);
	zone_field(f, s, z, ZF_LOW, "low", o);
	zone_field(f, s, z, ZF_HIGH, "high", o);
	zone_field(f, s, z, ZF_BOOST, "boost", o);
	zone_field(f, s, z, ZF_PROMO, "promo", o);
	zone_field(f, s, z, ZF_CMA, "cma", o);
	fputc('\n', f);
	if (zone_has(z, ZF_FREE) && zone_has(z, ZF_LOW) &&
	    zone_has(z, ZF_MIN)) {
		hl = mw_delta(sys_bytes(s, z->val[ZF_FREE]), sys_bytes(s, z->val[ZF_LOW]));
		hm = mw_delta(sys_bytes(s, z->val[ZF_FREE]), sys_bytes(s, z->val[ZF_MIN]));
		fprintf(f, "  headroom %s to low, %s to min\n",
		    mw_fmt_delta(a, hl, o->bytes), mw_fmt_delta(c, hm, o->bytes));
	}
	if (z->nprotection > 0) {
		fputs("  protection", f);
		for (unsigned i = 0; i < z->nprotection; i++)
			fprintf(f, " %s", b(a, o, sys_bytes(s, z->protection[i])));
		fputc('\n', f);
	}
	if (o->verbose) {
		if (z->pcp_cpus > 0)
			fprintf(f, "  per-cpu lists: %u cpus hold %s (high %s)\n",
			    z->pcp_cpus, b(a, o, sys_bytes(s, z->pcp_count)),
			    b(c, o, sys_bytes(s, z->pcp_high)));
		if (zone_has(z, ZF_START_PFN))
			fprintf(f, "  start_pfn %" PRIu64 "\n", z->val[ZF_START_PFN]);
		kv_list(f, "counters", z->counters, z->ncounters);
	}
}

void
text_zones(FILE *f, const struct sys_snapshot *s, const struct text_opts *o)
{
	struct mw_buf empty;

	mw_buf_init(&empty);
	for (size_t i = 0; i < s->zi.len; i++) {
		const struct zone_info *z = &s->zi.zones[i];

		if (zone_empty(z) && !o->verbose) {
			mw_buf_printf(&empty, "%snode %d %s", empty.len ? ", " : "",
			    z->node, z->name);
			continue;
		}
		zone_block(f, s, z, o);
		if (o->verbose)
			for (size_t k = 0; k < s->zi.nnodes; k++)
				if (s->zi.nodes[k].node == z->node &&
				    (i == 0 || s->zi.zones[i - 1].node != z->node))
					kv_list(f, "per-node stats",
					    s->zi.nodes[k].stats,
					    s->zi.nodes[k].nstats);
	}
	if (empty.len > 0)
		fprintf(f, "Empty zones (no present pages): %s\n", empty.data);
	mw_buf_free(&empty);
}

/* The pages of an order's blocks as a bar against the largest. */
static void
order_bar(FILE *f, uint64_t v, uint64_t max)
{
	size_t n = max ? (size_t)((unsigned __int128)v * 20 / max) : 0;

	if (n == 0 && v > 0)
		n = 1;
	if (n > 0)
		fputs("  ", f);
	for (size_t i = 0; i < n; i++)
		fputc('#', f);
}

static void
serve_line(FILE *f, const struct sys_snapshot *s, const struct buddy_zone *z,
    uint64_t bytes, const struct text_opts *o)
{
	int order = sys_order_of(bytes, s->page_size);
	char a[AMOUNT_LEN];
	uint64_t n = 0;

	if (order < 0 || (unsigned)order >= z->norders) {
		fprintf(f, "  a %s block: larger than the largest order (%u)\n",
		    amount_bytes(a, bytes, o->bytes), z->norders - 1);
		return;
	}
	for (unsigned k = (unsigned)order; k < z->norders; k++)
		n += z->count[k] << (k - (unsigned)order);
	if (n > 0)
		fprintf(f, "  a %s allocation (order %d) can be served now: %s%" PRIu64 " such block%s free\n",
		    amount_bytes(a, bytes, o->bytes), order,
		    z->lower_bound >> order ? "at least " : "", n,
		    n == 1 ? "" : "s");
	else
		fprintf(f, "  a %s allocation (order %d) cannot be served now without compaction or reclaim\n",
		    amount_bytes(a, bytes, o->bytes), order);
}

static void
buddy_zone_text(FILE *f, const struct sys_snapshot *s,
    const struct buddy_zone *z, const struct text_opts *o)
{
	int unusable[BUDDY_MAX_ORDERS], frag[BUDDY_MAX_ORDERS];
	int largest = buddy_largest_order(z);
	uint64_t fp = buddy_free_pages(z), max = 0;
	unsigned norders = z->norders < BUDDY_MAX_ORDERS ? z->norders :
	    BUDDY_MAX_ORDERS;
	char a[SZ], c[SZ], t1[FRAG_FMT_LEN], t2[FRAG_FMT_LEN];

	frag_compute(z->count, z->norders, unusable, frag);
	fprintf(f, "%sNode %d %s%s: %s%s free in %" PRIu64 " pages; largest free block ",
	    BOLD(o), z->node, z->zone, OFF(o), z->lower_bound ? "at least " : "",
	    b(a, o, sys_bytes(s, fp)), fp);
	if (largest < 0)
		fprintf(f, "none\n");
	else
		fprintf(f, "order %d (%s)\n", largest,
		    b(c, o, sys_bytes(s, (uint64_t)1 << largest)));
	for (unsigned k = 0; k < norders; k++)
		if (sys_bytes(s, z->count[k] << k) > max)
			max = sys_bytes(s, z->count[k] << k);
	fprintf(f, "  order  block     free blocks        bytes  unusable    frag\n");
	for (unsigned k = 0; k < norders; k++) {
		fprintf(f, "  %5u %6s %2s%13" PRIu64 " %12s %9s %7s", k,
		    b(a, o, sys_bytes(s, (uint64_t)1 << k)),
		    z->lower_bound >> k & 1 ? ">=" : "", z->count[k],
		    b(c, o, sys_bytes(s, z->count[k] << k)),
		    frag_fmt(t1, unusable[k], false), frag_fmt(t2, frag[k], false));
		order_bar(f, sys_bytes(s, z->count[k] << k), max);
		fputc('\n', f);
	}
	serve_line(f, s, z, (uint64_t)2 << 20, o);
	serve_line(f, s, z, (uint64_t)4 << 20, o);
}

static void
pti_text(FILE *f, const struct sys_snapshot *s, const struct text_opts *o)
{
	const struct pagetypeinfo *p = &s->pti;
	char a[SZ];
	int last_node = -1;
	const char *last_zone = "";

	fprintf(f, "Free memory by migrate type (pagetypeinfo");
	if (p->pages_per_block)
		fprintf(f, "; pageblocks of %s", b(a, o, sys_bytes(s, p->pages_per_block)));
	fprintf(f, "):\n");
	for (size_t i = 0; i < p->nfree; i++) {
		const struct pti_free *r = &p->free[i];

		if (r->node != last_node || strcmp(r->zone, last_zone) != 0) {
			fprintf(f, "%s  node %d %-8s", i ? "\n" : "", r->node, r->zone);
			last_node = r->node;
			last_zone = r->zone;
		}
		fprintf(f, " %s %s%s", p->types[r->type],
		    r->lower_bound ? ">=" : "", b(a, o, sys_bytes(s, pti_free_pages(r))));
	}
	if (p->nfree > 0)
		fputc('\n', f);
	for (size_t i = 0; i < p->nblocks; i++) {
		const struct pti_blocks *r = &p->blocks[i];

		fprintf(f, "  pageblocks node %d %-8s", r->node, r->zone);
		for (unsigned k = 0; k < r->ntypes && k < p->nblock_types; k++)
			fprintf(f, " %s %" PRIu64, p->block_types[k], r->count[k]);
		fputc('\n', f);
	}
}

void
text_buddy(FILE *f, const struct sys_snapshot *s, const struct text_opts *o)
{
	if (s->buddy_from_pti)
		fprintf(f, "(no buddyinfo: free blocks summed from pagetypeinfo's migrate types%s)\n",
		    s->buddy_lower_bound ? "; some counts were shown as >100000 and are lower bounds" : "");
	for (size_t i = 0; i < s->bi.len; i++)
		buddy_zone_text(f, s, &s->bi.zones[i], o);
	if (s->part[SYS_PAGETYPEINFO].have)
		pti_text(f, s, o);
	else if (s->part[SYS_PAGETYPEINFO].why != NULL)
		put_wrapped(f, "Migrate types unknown: ",
		    s->part[SYS_PAGETYPEINFO].why, 78, o->bytes);
}

static const struct slab_cache *
find_cache(const struct sys_snapshot *s, const char *name)
{
	for (size_t i = 0; s != NULL && i < s->si.len; i++)
		if (strcmp(s->si.caches[i].name, name) == 0)
			return &s->si.caches[i];
	return NULL;
}

static void
put_right(struct mw_buf *l, const char *s, size_t width)
{
	mw_buf_add_right(l, s, strlen(s), width);
}

void
text_slabs(FILE *f, const struct sys_snapshot *s, const size_t *order,
    size_t n, const struct sys_snapshot *prev, double interval,
    const struct text_opts *o)
{
	struct slab_totals t, pt;
	char a[SZ], c[SZ], d[SZ];
	struct mw_buf l;
	uint64_t slab;

	/* One buffer and one write: a few hundred rows, no printf per cell. */
	mw_buf_init(&l);
	mw_buf_printf(&l, "%s%-24s %9s %21s %8s %5s", BOLD(o), "CACHE", "SIZE",
	    "ACTIVE/TOTAL OBJS", "OBJSIZE", "UTIL");
	if (prev != NULL)
		mw_buf_printf(&l, " %9s %9s", "+SIZE", "+OBJS");
	mw_buf_printf(&l, "%s\n", OFF(o));
	for (size_t i = 0; i < n; i++) {
		const struct slab_cache *sc = &s->si.caches[order[i]];
		int u = sys_slab_util(sc);
		char objs[48], *p = objs + sizeof(objs);

		mw_escape_fit(&l, sc->name, strlen(sc->name), 24, true);
		mw_buf_addc(&l, ' ');
		put_right(&l, b(a, o, sys_slab_size(sc, s->page_size)), 9);
		mw_buf_addc(&l, ' ');
		p = mw_utoa_end(p, sc->num_objs);
		*--p = '/';
		p = mw_utoa_end(p, sc->active_objs);
		mw_buf_add_right(&l, p, (size_t)(objs + sizeof(objs) - p), 21);
		mw_buf_addc(&l, ' ');
		put_right(&l, b(c, o, sc->objsize), 8);
		mw_buf_addc(&l, ' ');
		if (u < 0) {
			mw_buf_add(&l, "    -", 5);
		} else {
			p = objs + sizeof(objs);
			p = mw_utoa_end(p, (uint64_t)(u / 10));
			mw_buf_add_right(&l, p, (size_t)(objs + sizeof(objs) - p), 4);
			mw_buf_addc(&l, '%');
		}
		if (prev != NULL) {
			const struct slab_cache *q = find_cache(prev, sc->name);

			mw_buf_printf(&l, " %9s %+9" PRId64,
			    mw_fmt_delta(d, mw_delta(sys_slab_size(sc, s->page_size),
			    q ? sys_slab_size(q, prev->page_size) : 0), o->bytes),
			    mw_delta(sc->active_objs, q ? q->active_objs : 0));
		}
		mw_buf_addc(&l, '\n');
	}
	fwrite(l.data, 1, l.len, f);
	mw_buf_free(&l);
	sys_slab_totals(&s->si, s->page_size, &t);
	fprintf(f, "Total: %zu caches, %s in slabs, %s in active objects",
	    t.caches, b(a, o, t.size), b(c, o, t.active_size));
	if (t.num_objs > 0)
		fprintf(f, " (%" PRIu64 "%% of object slots used)",
		    (uint64_t)((unsigned __int128)t.active_objs * 100 / t.num_objs));
	if (meminfo_get(&s->mi, MI_SLAB, &slab))
		fprintf(f, "; meminfo Slab %s", b(d, o, slab));
	fputc('\n', f);
	if (prev != NULL) {
		sys_slab_totals(&prev->si, prev->page_size, &pt);
		fprintf(f, "Change over %.1f s: %s in slabs, %+" PRId64 " active objects\n",
		    interval, mw_fmt_delta(a, mw_delta(t.size, pt.size), o->bytes),
		    mw_delta(t.active_objs, pt.active_objs));
	}
}

static void
mi_line(FILE *f, const struct sys_snapshot *s, const struct text_opts *o,
    const char *label, const enum meminfo_key *keys, size_t n)
{
	char a[SZ];
	uint64_t v;
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		if (!meminfo_get(&s->mi, keys[i], &v))
			continue;
		fprintf(f, "%s %s %s", any ? "," : label, meminfo_key_name(keys[i]),
		    s->mi.rows[s->mi.idx[keys[i]]].is_bytes ? b(a, o, v) : "");
		if (!s->mi.rows[s->mi.idx[keys[i]]].is_bytes)
			fprintf(f, "%" PRIu64, v);
		any = true;
	}
	if (any)
		fputc('\n', f);
}

/* Blocks that a 2^order-page request could be cut from. */
static uint64_t
obtainable(const struct buddy_zone *z, int order)
{
	uint64_t n = 0;

	if (order < 0)
		return 0;
	for (unsigned k = (unsigned)order; k < z->norders; k++)
		n += z->count[k] << (k - (unsigned)order);
	return n;
}

/* One line per zone: the free lists, the largest block, 2 and 4 MiB. */
/* A part that could not be read: one note with why, never zeros. */
static void
part_unknown(FILE *f, const struct sys_snapshot *s, enum sys_part p,
    const char *label)
{
	put_wrapped(f, label, s->part[p].why ? s->part[p].why : "not read",
	    78, false);
}

static void
buddy_compact(FILE *f, const struct sys_snapshot *s,
    const struct text_opts *o)
{
	int o2 = sys_order_of((uint64_t)2 << 20, s->page_size);
	int o4 = sys_order_of((uint64_t)4 << 20, s->page_size);
	char a[SZ], c[SZ];

	if (s->bi.len > 0)
		fprintf(f, "%sFree blocks per order%s (%s; 'memwatch buddy' for more):\n",
		    BOLD(o), OFF(o), s->buddy_from_pti ?
		    (s->buddy_lower_bound ?
		    "pagetypeinfo summed over migrate types, >= a lower bound" :
		    "pagetypeinfo summed over migrate types") : "buddyinfo");
	for (size_t i = 0; i < s->bi.len; i++) {
		const struct buddy_zone *z = &s->bi.zones[i];
		int largest = buddy_largest_order(z);

		char tot[SZ + 2];

		snprintf(tot, sizeof(tot), "%s%s", z->lower_bound ? ">=" : "",
		    b(a, o, sys_bytes(s, buddy_free_pages(z))));
		fprintf(f, "  node %d %-8s %8s:", z->node, z->zone, tot);
		for (unsigned k = 0; k < z->norders; k++)
			fprintf(f, " %s%" PRIu64,
			    z->lower_bound >> k & 1 ? ">=" : "", z->count[k]);
		fprintf(f, "; largest %s",
		    largest < 0 ? "none" : b(c, o, sys_bytes(s, (uint64_t)1 << largest)));
		if (o2 >= 0)
			fprintf(f, "; %s%s blocks %s%" PRIu64,
			    b(a, o, (uint64_t)2 << 20), o->bytes ? "-byte" : "",
			    z->lower_bound >> o2 ? ">=" : "", obtainable(z, o2));
		if (o4 >= 0)
			fprintf(f, ", %s%s blocks %s%" PRIu64,
			    b(a, o, (uint64_t)4 << 20), o->bytes ? "-byte" : "",
			    z->lower_bound >> o4 ? ">=" : "", obtainable(z, o4));
		fputc('\n', f);
	}
}

void
text_system_show(FILE *f, const struct sys_snapshot *s,
    const struct text_opts *o)
{
	static const enum meminfo_key mem[] = { MI_MEM_TOTAL, MI_MEM_FREE,
	    MI_MEM_AVAILABLE, MI_BUFFERS, MI_CACHED, MI_SHMEM };
	static const enum meminfo_key use[] = { MI_ANON_PAGES, MI_MAPPED,
	    MI_SLAB, MI_SRECLAIMABLE, MI_SUNRECLAIM, MI_KERNEL_STACK,
	    MI_PAGE_TABLES };
	static const enum meminfo_key swap[] = { MI_SWAP_TOTAL, MI_SWAP_FREE,
	    MI_SWAP_CACHED, MI_DIRTY, MI_WRITEBACK, MI_COMMITTED_AS,
	    MI_COMMIT_LIMIT };
	static const enum meminfo_key huge[] = { MI_ANON_HUGE_PAGES,
	    MI_HUGEPAGES_TOTAL, MI_HUGEPAGES_FREE, MI_HUGEPAGESIZE, MI_HUGETLB };
	size_t *order, n;

	fprintf(f, "%sSystem%s: kernel ", BOLD(o), OFF(o));
	if (s->kernel != NULL)
		put_esc(f, s->kernel);
	else
		fputs("unknown", f);
	fprintf(f, ", page size %" PRIu64 " bytes\n", s->page_size);
	if (s->page_size_from == PAGE_SIZE_ASSUMED)
		fprintf(f, "  (%s)\n", sys_page_size_note(s));
	if (s->part[SYS_MEMINFO].have) {
		mi_line(f, s, o, "Memory:", mem, sizeof(mem) / sizeof(mem[0]));
		mi_line(f, s, o, "In use:", use, sizeof(use) / sizeof(use[0]));
		mi_line(f, s, o, "Swap:  ", swap, sizeof(swap) / sizeof(swap[0]));
		mi_line(f, s, o, "Huge:  ", huge, sizeof(huge) / sizeof(huge[0]));
		text_system_mm(f, s, o);
	} else {
		part_unknown(f, s, SYS_MEMINFO, "Memory unknown: ");
	}
	fputc('\n', f);
	if (s->part[SYS_ZONEINFO].have)
		text_zones(f, s, o);
	else
		part_unknown(f, s, SYS_ZONEINFO, "Zones unknown: ");
	fputc('\n', f);
	if (s->part[SYS_BUDDYINFO].have)
		buddy_compact(f, s, o);
	else
		part_unknown(f, s, SYS_BUDDYINFO, "Free blocks unknown: ");
	fputc('\n', f);
	if (!s->part[SYS_SLABINFO].have) {
		put_wrapped(f, "Slab caches unknown: ",
		    s->part[SYS_SLABINFO].why ? s->part[SYS_SLABINFO].why :
		    "not read", 78, o->bytes);
		return;
	}
	order = mw_xreallocarray(NULL, s->si.len + 1, sizeof(*order));
	sys_slab_order(&s->si, s->page_size, SLAB_SORT_SIZE, order);
	n = s->si.len < 10 ? s->si.len : 10;
	text_slabs(f, s, order, n, NULL, 0, o);
	free(order);
}

void
text_system_explain(FILE *f, const struct sys_snapshot *s,
    const struct finding_list *fs, const struct text_opts *o)
{
	(void)s;
	for (size_t i = 0; i < fs->len; i++)
		put_wrapped(f, "- ", fs->v[i].text, 78, o->bytes);
}

static void
diff_meminfo(FILE *f, const struct sys_diff *d, const struct text_opts *o)
{
	char a[SZ], c[SZ], e[SZ];
	bool any = false;

	for (size_t i = 0; i < d->nmi; i++) {
		const struct sys_delta *x = &d->mi[i];

		if (x->has_before && x->has_after && x->delta == 0)
			continue;
		if (!any)
			fprintf(f, "%smeminfo%s\n", BOLD(o), OFF(o));
		any = true;
		fputs("  ", f);
		put_fit(f, x->name, 18, true);
		if (!x->has_before || !x->has_after) {
			fprintf(f, " %s\n", x->has_after ? "new" : "gone");
		} else if (x->is_bytes) {
			amount_pair(c, e, x->before, x->after, o->bytes);
			fprintf(f, " %10s  (%s -> %s)\n",
			    mw_fmt_delta(a, x->delta, o->bytes), c, e);
		} else {
			fprintf(f, " %+10" PRId64 "  (%" PRIu64 " -> %" PRIu64 ")\n",
			    x->delta, x->before, x->after);
		}
	}
}

static void
diff_zones(FILE *f, const struct sys_diff *d, const struct text_opts *o)
{
	char a[SZ];
	bool any = false;

	for (size_t i = 0; i < d->nzones; i++) {
		const struct sys_zone_delta *z = &d->zones[i];
		bool changed = z->has_free && z->free != 0;

		for (unsigned k = 0; k < z->norders && z->has_blocks; k++)
			changed |= z->blocks[k] != 0;
		if (!changed)
			continue;
		if (!any)
			fprintf(f, "%szones and free blocks per order%s\n", BOLD(o), OFF(o));
		any = true;
		fprintf(f, "  node %d %-8s", z->node, z->zone);
		if (z->has_free && z->free != 0)
			fprintf(f, " free %s", mw_fmt_delta(a, z->free, o->bytes));
		for (unsigned k = 0; k < z->norders && z->has_blocks; k++)
			if (z->blocks[k] != 0)
				fprintf(f, " o%u:%+" PRId64 "%s", k, z->blocks[k],
				    z->lower_bound >> k & 1 ? "(capped)" : "");
		fputc('\n', f);
	}
}

static void
diff_slabs(FILE *f, const struct sys_diff *d, const struct text_opts *o)
{
	char a[SZ];
	size_t n = d->nslabs < 15 ? d->nslabs : 15;

	if (n == 0)
		return;
	fprintf(f, "%sslab caches, largest changes first%s\n", BOLD(o), OFF(o));
	for (size_t i = 0; i < n; i++) {
		const struct sys_slab_delta *x = &d->slabs[i];

		fputs("  ", f);
		put_fit(f, x->name, 24, true);
		fprintf(f, " %-7s %10s %+10" PRId64 " objects\n",
		    sys_change_name(x->change), mw_fmt_delta(a, x->delta, o->bytes),
		    x->objs);
	}
	if (d->nslabs > n)
		fprintf(f, "  ... and %zu more caches changed\n", d->nslabs - n);
}

void
text_system_diff(FILE *f, const struct sys_diff *d, const struct text_opts *o)
{
	char t1[32], t2[32];
	struct tm tm;

	gmtime_r(&d->before->taken_at, &tm);
	strftime(t1, sizeof(t1), "%Y-%m-%dT%H:%M:%SZ", &tm);
	gmtime_r(&d->after->taken_at, &tm);
	strftime(t2, sizeof(t2), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(f, "System diff\nbefore  %s  %s\nafter   %s  %s\n", t1,
	    o->before_name != NULL ? o->before_name : "live", t2,
	    o->after_name != NULL ? o->after_name : "live");
	diff_meminfo(f, d, o);
	diff_zones(f, d, o);
	diff_slabs(f, d, o);
	fprintf(f, "%snotes%s\n", BOLD(o), OFF(o));
	for (size_t i = 0; i < d->nnotes; i++)
		put_wrapped(f, "  - ", d->notes[i], 78, o->bytes);
}
