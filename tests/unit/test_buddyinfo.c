/* tests/unit/test_buddyinfo.c: parse/buddyinfo.c on captures and edge cases. */
#include "config.h"

#include <errno.h>

#include "corpus.h"
#include "parse/buddyinfo.h"
#include "util/arena.h"

/* Independent of the parser: rows, and sum of count << column. */
static void
naive(const char *text, size_t *rows, uint64_t *pages, uint64_t *blocks)
{
	const char *p = text;

	*rows = 0, *pages = 0, *blocks = 0;
	while ((p = strstr(p, "zone")) != NULL) {
		char *q = (char *)p + 4;
		int o = 0;

		while (*q == ' ')
			q++;
		while (*q != ' ' && *q != '\n' && *q != '\0')
			q++;	/* the zone name */
		(*rows)++;
		for (;;) {
			char *e;
			unsigned long long v = strtoull(q, &e, 10);

			if (e == q)
				break;
			*pages += v << o++;
			*blocks += v;
			q = e;
		}
		p = q;
	}
}

static void
check_capture(const char *path, const char *text, size_t len)
{
	struct mw_arena a;
	struct buddyinfo bi;
	size_t rows;
	uint64_t pages, blocks, got_pages = 0, got_blocks = 0;
	int rc;

	mw_arena_init(&a);
	rc = buddyinfo_parse(text, len, &a, &bi);
	naive(text, &rows, &pages, &blocks);
	for (size_t i = 0; i < bi.len; i++) {
		got_pages += buddy_free_pages(&bi.zones[i]);
		for (unsigned o = 0; o < bi.zones[i].norders; o++)
			got_blocks += bi.zones[i].count[o];
	}
	if (!ok(rc == 0 && bi.skipped == 0 && bi.len == rows && rows > 0 &&
	    got_pages == pages && got_blocks == blocks,
	    "%s: %zu zones, %" PRIu64 " free pages agree", path, bi.len, pages))
		tap_diag("rc %d skipped %zu rows %zu/%zu pages %" PRIu64 "/%" PRIu64,
		    rc, bi.skipped, bi.len, rows, got_pages, pages);
	ok(bi.norders == 11, "%s: 11 orders", path);
	mw_arena_free(&a);
}

static void
test_shapes(void)
{
	static const char highmem[] =
	"Node 0, zone      DMA      1      1      0      1      2      1      1      0      1      1      3 \n"
	"Node 0, zone   Normal    217    151    101     37     10      7      7      6      5      5     51 \n"
	"Node 0, zone  HighMem      3     62     29    206    246     48      7      3      3      4    358 \n";
	static const char orders13[] =
	"Node 0, zone      DMA 1 2 3 4 5 6 7 8 9 10 11 12 13\r\n"
	"Node 1, zone   Normal 0 0 0 0 0 0 0 0 0 0 0 0 1";
	static const char nodes[] =
	"Node 7, zone   Normal      1      0\n"
	"Node 12, zone   Normal      0      2\n";
	struct mw_arena a;
	struct buddyinfo bi;
	const struct buddy_zone *z;

	mw_arena_init(&a);
	ok(buddyinfo_parse(highmem, sizeof(highmem) - 1, &a, &bi) == 0 &&
	    bi.len == 3, "HighMem: 3 zones");
	z = buddy_find(&bi, 0, "HighMem");
	ok(z != NULL && z->count[10] == 358 && buddy_largest_order(z) == 10,
	    "HighMem row found, order 10 count");
	ok(buddyinfo_parse(orders13, sizeof(orders13) - 1, &a, &bi) == 0 &&
	    bi.len == 2 && bi.norders == 13 && bi.zones[0].count[12] == 13,
	    "13 orders, CRLF, no final newline");
	is_u64(buddy_free_pages(&bi.zones[1]), 4096, "order 12 block = 4096 pages");
	ok(buddyinfo_parse(nodes, sizeof(nodes) - 1, &a, &bi) == 0 &&
	    bi.len == 2 && bi.zones[1].node == 12 && bi.norders == 2,
	    "two-column rows, node 12");
	ok(buddy_largest_order(&(struct buddy_zone){ .norders = 3 }) == -1,
	    "no free block: largest order -1");
	mw_arena_free(&a);
}

static const struct {
	const char *name, *text;
	int want_rc;
	size_t want_rows, want_skipped;
} edge[] = {
	{ "empty", "", 0, 0, 0 },
	{ "garbage", "hello\n", -EINVAL, 0, 1 },
	{ "no_counts", "Node 0, zone DMA\n", -EINVAL, 0, 1 },
	{ "bad_count", "Node 0, zone DMA 1 x 3\nNode 0, zone Normal 1 2\n", 0, 1, 1 },
	{ "negative_node", "Node -1, zone DMA 1\n", -EINVAL, 0, 1 },
	{ "overflow", "Node 0, zone DMA 99999999999999999999\n", -EINVAL, 0, 1 },
	{ "too_many_orders", "Node 0, zone DMA 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1\n",
	    -EINVAL, 0, 1 },
	{ "long_zone_name", "Node 0, zone ABCDEFGHIJKLMNOPQRSTUVWXYZ 1\n", -EINVAL, 0, 1 },
	{ "truncated", "Node 0, zone DMA 1 2\nNode 0, zo", 0, 1, 1 },
	{ "trailing_blank_line", "Node 0, zone DMA 1 2\n\n", 0, 1, 0 },
};

static void
test_edges(void)
{
	for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++) {
		struct mw_arena a;
		struct buddyinfo bi;
		int rc;

		mw_arena_init(&a);
		rc = buddyinfo_parse(edge[i].text, strlen(edge[i].text), &a, &bi);
		if (!ok(rc == edge[i].want_rc && bi.len == edge[i].want_rows &&
		    bi.skipped == edge[i].want_skipped, "edge %s", edge[i].name))
			tap_diag("rc %d rows %zu skipped %zu", rc, bi.len, bi.skipped);
		mw_arena_free(&a);
	}
	/* Saturating free pages: a count that cannot be shifted. */
	{
		struct buddy_zone z = { .norders = 11 };

		z.count[10] = UINT64_MAX / 2;
		is_u64(buddy_free_pages(&z), UINT64_MAX, "free pages saturate");
	}
}

int
main(void)
{
	test_shapes();
	test_edges();
	corpus_each("buddyinfo", check_capture, 2, 6);
	return tap_done();
}
