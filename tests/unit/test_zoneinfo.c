/* tests/unit/test_zoneinfo.c: parse/zoneinfo.c on captures and edge cases. */
#include "config.h"

#include <errno.h>

#include "corpus.h"
#include "parse/zoneinfo.h"
#include "util/arena.h"

/* Independent of the parser: the values after every "key" at a line start. */
static uint64_t
naive_sum(const char *text, const char *key, size_t *n)
{
	const char *p = text;
	size_t klen = strlen(key);
	uint64_t sum = 0;

	*n = 0;
	while ((p = strstr(p, key)) != NULL) {
		const char *b = p;

		while (b > text && b[-1] == ' ')
			b--;
		if ((b == text || b[-1] == '\n') && (p[klen] == ' ' || p[klen] == ':')) {
			const char *v = p + klen + (p[klen] == ':');

			sum += strtoull(v, NULL, 10);
			(*n)++;
		}
		p += klen;
	}
	return sum;
}

static uint64_t
field_sum(const struct zoneinfo *zi, enum zone_field f, size_t *n)
{
	uint64_t sum = 0;

	*n = 0;
	for (size_t i = 0; i < zi->len; i++)
		if (zone_has(&zi->zones[i], f)) {
			sum += zi->zones[i].val[f];
			(*n)++;
		}
	return sum;
}

static void
check_capture(const char *path, const char *text, size_t len)
{
	static const struct {
		const char *key;
		enum zone_field f;
	} keys[] = {
		{ "pages free", ZF_FREE }, { "min", ZF_MIN }, { "low", ZF_LOW },
		{ "managed", ZF_MANAGED }, { "present", ZF_PRESENT },
		{ "spanned", ZF_SPANNED }, { "start_pfn", ZF_START_PFN },
	};
	struct mw_arena a;
	struct zoneinfo zi;
	size_t zones, n1, n2, cpus, ncnt = 0;
	uint64_t counters = 0, want;
	int rc, good = 1;

	mw_arena_init(&a);
	rc = zoneinfo_parse(text, len, &a, &zi);
	naive_sum(text, "Node", &zones);
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		uint64_t w = naive_sum(text, keys[k].key, &n1);
		uint64_t g = field_sum(&zi, keys[k].f, &n2);

		if (w != g || n1 != n2) {
			tap_diag("%s: %s %" PRIu64 "/%" PRIu64 " (%zu/%zu)", path,
			    keys[k].key, g, w, n1, n2);
			good = 0;
		}
	}
	if (!ok(rc == 0 && zi.skipped == 0 && zi.len == zones && good,
	    "%s: %zu zones, watermark sums agree", path, zi.len))
		tap_diag("rc %d skipped %zu zones %zu/%zu", rc, zi.skipped, zi.len, zones);
	/* nr_free_pages, a zone counter, sums like "pages free" does. */
	want = naive_sum(text, "nr_free_pages", &n1);
	for (size_t i = 0; i < zi.len; i++) {
		uint64_t v;

		if (zone_counter(&zi.zones[i], "nr_free_pages", &v)) {
			counters += v;
			ncnt++;
		}
	}
	is_u64(counters, want, "%s: nr_free_pages counters sum", path);
	naive_sum(text, "cpu", &cpus);
	n2 = 0;
	for (size_t i = 0; i < zi.len; i++)
		n2 += zi.zones[i].pcp_cpus;
	ok(n2 == cpus && ncnt == n1, "%s: %zu pageset cpus summarised", path, n2);
	mw_arena_free(&a);
}

static const char zone618[] =
"Node 0, zone      DMA\n"
"  per-node stats\n"
"      nr_inactive_anon 914\n"
"      nr_anon_transparent_hugepages 3\n"
"  pages free     3840\n"
"        boost    0\n"
"        min      68\n"
"        low      85\n"
"        high     102\n"
"        promo    119\n"
"        spanned  4095\n"
"        present  3998\n"
"        managed  3840\n"
"        cma      0\n"
"        protection: (0, 3019, 3659, 3659, 3659)\n"
"      nr_free_pages 3840\n"
"      nr_zone_new_counter 7\n"
"  pagesets\n"
"    cpu: 0\n"
"              count:    5\n"
"              high:     0\n"
"              batch:    1\n"
"              high_min: 42\n"
"              high_max: 240\n"
"  vm stats threshold: 4\n"
"    cpu: 1\n"
"              count: 7\n"
"              high:  10\n"
"              batch: 1\n"
"  vm stats threshold: 4\n"
"  node_unreclaimable:  0\n"
"  start_pfn:           1\n"
"  reserved_highatomic: 0\n"
"Node 0, zone  Movable\n"
"  pages free     0\n"
"        boost    0\n"
"        min      32\n"
"        low      32\n"
"        high     32\n"
"        spanned  0\n"
"        present  0\n"
"        managed  0\n"
"        protection: (0, 0, 0, 0, 0)\n"
"Node 1, zone   Normal\n"
"  per-node stats\n"
"      nr_inactive_anon 5\n"
"  pages free     11093906\n"
"        min      11288\n"
"        low      14110\n"
"        high     16932\n"
"        spanned  16777216\n"
"        present  16777216\n"
"        managed  16514387\n"
"        protection: (0, 0, 0, 0)\n";

static const char zone_pre48[] =
"Node 0, zone      DMA\n"
"  pages free     3830\n"
"        min      2\n"
"        low      2\n"
"        high     3\n"
"        scanned  0\n"
"        spanned  4095\n"
"        present  3997\n"
"        managed  3974\n"
"    nr_free_pages 3830\n"
"    nr_alloc_batch 1\n"
"        protection: (0, 1754, 64216, 64216)\n"
"  pagesets\n"
"    cpu: 0\n"
"              count: 0\n"
"              high:  0\n"
"              batch: 1\n"
"  vm stats threshold: 12\n"
"  all_unreclaimable: 1\n"
"  start_pfn:         1\n"
"  inactive_ratio:    1";

static void
test_layouts(void)
{
	struct mw_arena a;
	struct zoneinfo zi;
	const struct zone_info *z;
	const struct zone_node *n;
	uint64_t v = 0;

	mw_arena_init(&a);
	ok(zoneinfo_parse(zone618, sizeof(zone618) - 1, &a, &zi) == 0 &&
	    zi.len == 3 && zi.skipped == 0 && zi.nnodes == 2, "6.18: 3 zones, 2 nodes");
	z = &zi.zones[0];
	ok(z->node == 0 && strcmp(z->name, "DMA") == 0 &&
	    z->val[ZF_FREE] == 3840 && z->val[ZF_MIN] == 68 &&
	    z->val[ZF_LOW] == 85 && z->val[ZF_HIGH] == 102 &&
	    z->val[ZF_PROMO] == 119 && z->val[ZF_MANAGED] == 3840 &&
	    zone_has(z, ZF_BOOST) && zone_has(z, ZF_CMA), "watermarks");
	ok(z->nprotection == 5 && z->protection[1] == 3019 &&
	    z->protection[4] == 3659, "protection array");
	ok(z->ncounters == 3 && zone_counter(z, "nr_zone_new_counter", &v) &&
	    v == 7 && zone_counter(z, "reserved_highatomic", &v) && v == 0,
	    "zone counters and unknown trailer kept");
	ok(!zone_counter(z, "nr_inactive_anon", &v), "per-node stat not a zone counter");
	ok(z->pcp_cpus == 2 && z->pcp_count == 12 && z->pcp_high == 10,
	    "pagesets summarised");
	ok(z->val[ZF_START_PFN] == 1 && zone_has(z, ZF_UNRECLAIMABLE) &&
	    z->val[ZF_UNRECLAIMABLE] == 0, "trailer fields");
	n = zoneinfo_node(&zi, 0);
	ok(n != NULL && n->nstats == 2 &&
	    strcmp(n->stats[1].name, "nr_anon_transparent_hugepages") == 0 &&
	    n->stats[1].value == 3, "per-node stats attached to node 0");
	z = &zi.zones[1];
	ok(!zone_populated(z) && z->val[ZF_MIN] == 32 && z->nprotection == 5 &&
	    z->ncounters == 0 && !zone_has(z, ZF_START_PFN), "empty Movable zone");
	z = &zi.zones[2];
	ok(z->node == 1 && zone_populated(z) && !zone_has(z, ZF_BOOST) &&
	    !zone_has(z, ZF_PROMO) && z->val[ZF_FREE] == 11093906,
	    "node 1 Normal, no boost/promo: absent");
	n = zoneinfo_node(&zi, 1);
	ok(n != NULL && n->nstats == 1, "per-node stats of node 1");

	ok(zoneinfo_parse(zone_pre48, sizeof(zone_pre48) - 1, &a, &zi) == 0 &&
	    zi.len == 1 && zi.skipped == 0 && zi.nnodes == 0, "pre-4.8 layout");
	z = &zi.zones[0];
	ok(z->nprotection == 4 && z->protection[2] == 64216,
	    "protection after the counters");
	ok(zone_counter(z, "nr_alloc_batch", &v) && v == 1 &&
	    zone_counter(z, "scanned", &v) && zone_counter(z, "inactive_ratio", &v),
	    "old counters kept");
	ok(z->val[ZF_UNRECLAIMABLE] == 1 && z->val[ZF_START_PFN] == 1,
	    "all_unreclaimable as unreclaimable");
	mw_arena_free(&a);
}

static const struct {
	const char *name, *text;
	int want_rc;
	size_t want_zones, want_skipped;
} edge[] = {
	{ "escape_in_zone_name", "Node 0, zone DM\033A\n  pages free 3\n", -EINVAL, 0, 2 },
	{ "non_ascii_counter", "Node 0, zone DMA\n  pages free 3\n      nr_\377x 5\n", 0, 1, 1 },
	{ "empty", "", 0, 0, 0 },
	{ "garbage", "hello world\n", -EINVAL, 0, 1 },
	{ "values_before_zone", "  pages free 5\nNode 0, zone DMA\n  pages free 3\n", 0, 1, 1 },
	{ "crlf", "Node 0, zone DMA\r\n  pages free 3\r\n        min 1\r\n", 0, 1, 0 },
	{ "overflow", "Node 0, zone DMA\n  pages free 99999999999999999999\n", 0, 1, 1 },
	{ "bad_protection", "Node 0, zone DMA\n  pages free 1\n  protection: (1, x)\n", 0, 1, 1 },
	{ "long_protection", "Node 0, zone DMA\n  protection: (1,2,3,4,5,6,7,8,9)\n", 0, 1, 1 },
	{ "truncated", "Node 0, zone DMA\n  pages free 3\n        mi", 0, 1, 1 },
	{ "node_line_junk", "Node 0, zone DMA extra\n", -EINVAL, 0, 1 },
	{ "indented_node", "  Node 0, zone DMA\n  Node 0, zone DMA32\n", 0, 1, 1 },
};

static void
test_edges(void)
{
	for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++) {
		struct mw_arena a;
		struct zoneinfo zi;
		int rc;

		mw_arena_init(&a);
		rc = zoneinfo_parse(edge[i].text, strlen(edge[i].text), &a, &zi);
		if (!ok(rc == edge[i].want_rc && zi.len == edge[i].want_zones &&
		    zi.skipped == edge[i].want_skipped, "edge %s", edge[i].name))
			tap_diag("rc %d zones %zu skipped %zu", rc, zi.len, zi.skipped);
		mw_arena_free(&a);
	}
}

/*
 * A negative free count (or managed) is unknown, and the watermarks below
 * it keep their meaning; the zone's size is unknown, not empty.
 */
static void
test_negative(void)
{
	static const char text[] =
	    "Node 0, zone DMA\n"
	    "  per-node stats\n"
	    "      nr_inactive_anon 4360\n"
	    "  pages free     -3840\n"
	    "        min      57\n"
	    "        low      71\n"
	    "        high     85\n"
	    "        spanned  4095\n"
	    "        present  -3998\n"
	    "        managed  -3840\n";
	struct mw_arena a;
	struct zoneinfo zi;
	const struct zone_info *z;

	mw_arena_init(&a);
	ok(zoneinfo_parse(text, sizeof(text) - 1, &a, &zi) == 0 && zi.len == 1,
	    "negative values: the zone is parsed");
	z = &zi.zones[0];
	ok(!zone_has(z, ZF_FREE) && !zone_has(z, ZF_MANAGED) &&
	    !zone_has(z, ZF_PRESENT) && zi.skipped == 3,
	    "negative free, present, managed: unknown, counted malformed");
	ok(zone_has(z, ZF_MIN) && z->val[ZF_MIN] == 57 && z->val[ZF_LOW] == 71 &&
	    z->val[ZF_HIGH] == 85 && z->val[ZF_SPANNED] == 4095,
	    "the watermarks after a bad free count are still watermarks");
	ok(zi.nnodes == 1 && zi.nodes[0].nstats == 1,
	    "... not per-node stats");
	ok(!zone_populated(z) && !zone_empty(z),
	    "a zone of unknown size is neither populated nor empty");
	mw_arena_free(&a);
}

int
main(void)
{
	test_layouts();
	test_edges();
	test_negative();
	corpus_each("zoneinfo", check_capture, 2, 6);
	return tap_done();
}
