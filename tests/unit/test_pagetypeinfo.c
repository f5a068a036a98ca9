/* tests/unit/test_pagetypeinfo.c: parse/pagetypeinfo.c on captures and edges. */
#include "config.h"

#include <errno.h>

#include "corpus.h"
#include "parse/pagetypeinfo.h"
#include "util/arena.h"

/* Independent: free rows (", type"), their pages, block rows and blocks. */
static void
naive(const char *text, size_t *frows, uint64_t *pages, size_t *brows,
    uint64_t *blocks)
{
	const char *p = text;

	*frows = *brows = 0, *pages = *blocks = 0;
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char line[1024], *q;

		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		p += n + (nl != NULL);
		if (strncmp(line, "Node", 4) != 0)
			continue;
		if ((q = strstr(line, ", type")) != NULL) {
			int o = 0;

			(*frows)++;
			q += 6;
			while (*q == ' ')
				q++;
			q = strchr(q, ' ');
			while (q != NULL && *q != '\0') {
				char *e;
				unsigned long long v;

				while (*q == ' ' || *q == '>')
					q++;
				v = strtoull(q, &e, 10);
				if (e == q)
					break;
				*pages += v << o++;
				q = e;
			}
		} else {
			q = strstr(line, "zone");
			q += 4;
			while (*q == ' ')
				q++;
			q = strchr(q, ' ');
			(*brows)++;
			while (q != NULL && *q != '\0') {
				char *e;
				unsigned long long v = strtoull(q, &e, 10);

				if (e == q)
					break;
				*blocks += v;
				q = e;
			}
		}
	}
}

static void
check_capture(const char *path, const char *text, size_t len)
{
	struct mw_arena a;
	struct pagetypeinfo pti;
	size_t frows, brows;
	uint64_t pages, blocks, got_pages = 0, got_blocks = 0;
	int rc;

	mw_arena_init(&a);
	rc = pagetypeinfo_parse(text, len, &a, &pti);
	naive(text, &frows, &pages, &brows, &blocks);
	for (size_t i = 0; i < pti.nfree; i++)
		got_pages += pti_free_pages(&pti.free[i]);
	for (size_t i = 0; i < pti.nblocks; i++)
		for (unsigned t = 0; t < pti.blocks[i].ntypes; t++)
			got_blocks += pti.blocks[i].count[t];
	if (!ok(rc == 0 && pti.skipped == 0 && pti.nfree == frows &&
	    pti.nblocks == brows && got_pages == pages && got_blocks == blocks &&
	    pti.page_block_order == 9 && pti.pages_per_block == 512 &&
	    pti.nblock_types == pti.ntypes,
	    "%s: %zu free rows, %zu block rows, sums agree", path, pti.nfree,
	    pti.nblocks))
		tap_diag("rc %d skipped %zu rows %zu/%zu %zu/%zu pages %" PRIu64
		    "/%" PRIu64 " blocks %" PRIu64 "/%" PRIu64, rc, pti.skipped,
		    pti.nfree, frows, pti.nblocks, brows, got_pages, pages,
		    got_blocks, blocks);
	mw_arena_free(&a);
}

static const char two_nodes[] =
"Page block order: 10\n"
"Pages per block:  1024\n"
"\n"
"Free pages count per migrate type at order       0      1      2 \n"
"Node    0, zone   Normal, type    Unmovable >100000      1      0 \n"
"Node    0, zone   Normal, type      Movable      3      0      2 \n"
"Node    0, zone   Normal, type          CMA      0      0      1 \n"
"\n"
"Number of blocks type     Unmovable      Movable          CMA \n"
"Node 0, zone   Normal           43          263           14 \n"
"\n"
"Number of mixed blocks    Unmovable      Movable          CMA \n"
"Node 0, zone   Normal            1            2            0 \n"
"Page block order: 10\n"
"Pages per block:  1024\n"
"\n"
"Free pages count per migrate type at order       0      1      2 \n"
"Node    1, zone   Normal, type    Unmovable      1      1      0 \n"
"Node    1, zone   Normal, type      Movable      0      0      0 \n"
"Node    1, zone   Normal, type          CMA      0      0      0 \n"
"\n"
"Number of blocks type     Unmovable      Movable          CMA \n"
"Node 1, zone   Normal            1            2            3";

static void
test_shapes(void)
{
	struct mw_arena a;
	struct pagetypeinfo pti;

	mw_arena_init(&a);
	ok(pagetypeinfo_parse(two_nodes, sizeof(two_nodes) - 1, &a, &pti) == 0 &&
	    pti.skipped == 0 && pti.nfree == 6 && pti.nblocks == 2,
	    "two nodes: 6 free rows, 2 block rows, mixed table passed over");
	ok(pti.page_block_order == 10 && pti.pages_per_block == 1024,
	    "block order and pages per block");
	ok(pti.ntypes == 3 && strcmp(pti.types[2], "CMA") == 0 &&
	    pti.nblock_types == 3 && strcmp(pti.block_types[1], "Movable") == 0,
	    "migrate type names from the file");
	ok(pti.free[0].count[0] == 100000 && pti.free[0].lower_bound == 1 &&
	    pti.free[1].lower_bound == 0, ">100000 kept as a lower bound");
	ok(pti.free[3].node == 1 && pti.free[3].type == 0 &&
	    pti.free[3].count[1] == 1, "node 1 row");
	ok(pti.blocks[1].node == 1 && pti.blocks[1].count[2] == 3,
	    "blocks row of node 1, last line without newline");
	mw_arena_free(&a);
}

static const struct {
	const char *name, *text;
	int want_rc;
	size_t want_free, want_skipped;
} edge[] = {
	{ "non_ascii_type", "Free pages count per migrate type at order 0 1\n"
	    "Node 0, zone DMA, type Mov\351ble 1 2\n", -EINVAL, 0, 1 },
	{ "empty", "", 0, 0, 0 },
	{ "garbage", "hello\n", -EINVAL, 0, 1 },
	{ "row_before_table", "Node 0, zone DMA, type Movable 1 2\n", -EINVAL, 0, 1 },
	{ "bad_count", "Free pages count per migrate type at order 0 1\n"
	    "Node 0, zone DMA, type Movable 1 x\nNode 0, zone DMA, type CMA 1 2\n", 0, 1, 1 },
	{ "no_type", "Free pages count per migrate type at order 0 1\n"
	    "Node 0, zone DMA, kind Movable 1 2\n", -EINVAL, 0, 1 },
	{ "bad_order", "Page block order: x\n", -EINVAL, 0, 1 },
	{ "crlf", "Free pages count per migrate type at order 0 1\r\n"
	    "Node 0, zone DMA, type Movable 1 2\r\n", 0, 1, 0 },
};

static void
test_edges(void)
{
	for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++) {
		struct mw_arena a;
		struct pagetypeinfo pti;
		int rc;

		mw_arena_init(&a);
		rc = pagetypeinfo_parse(edge[i].text, strlen(edge[i].text), &a, &pti);
		if (!ok(rc == edge[i].want_rc && pti.nfree == edge[i].want_free &&
		    pti.skipped == edge[i].want_skipped, "edge %s", edge[i].name))
			tap_diag("rc %d rows %zu skipped %zu", rc, pti.nfree, pti.skipped);
		mw_arena_free(&a);
	}
}

int
main(void)
{
	test_shapes();
	test_edges();
	corpus_each("pagetypeinfo", check_capture, 2, 3);
	return tap_done();
}
