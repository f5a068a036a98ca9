/* tests/unit/test_slabinfo.c: parse/slabinfo.c on captures and edge cases. */
#include "config.h"

#include <errno.h>

#include "corpus.h"
#include "parse/slabinfo.h"
#include "util/arena.h"

/*
 * Independent of the parser (strtok on blanks): rows, num_objs (fourth
 * field before the first ":") and num_slabs * pagesperslab.
 */
static void
naive(const char *text, size_t *rows, uint64_t *pages, uint64_t *objs)
{
	const char *p = text;

	*rows = 0, *pages = 0, *objs = 0;
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char line[1024];
		char *f[64], *save = NULL, *t;
		int nf = 0, colon = -1;

		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		p += n + (nl != NULL);
		if (line[0] == '#' || strncmp(line, "slabinfo", 8) == 0 || line[0] == '\0')
			continue;
		for (t = strtok_r(line, " \r", &save); t && nf < 64; t = strtok_r(NULL, " \r", &save)) {
			if (colon < 0 && strcmp(t, ":") == 0)
				colon = nf;
			f[nf++] = t;
		}
		if (colon < 6)
			continue;
		(*rows)++;
		*objs += strtoull(f[colon - 4], NULL, 10);	/* num_objs */
		for (int i = 0; i < nf; i++)
			if (strcmp(f[i], "slabdata") == 0)
				*pages += strtoull(f[i + 2], NULL, 10) *
				    strtoull(f[colon - 1], NULL, 10);
	}
}

static void
check_capture(const char *path, const char *text, size_t len)
{
	struct mw_arena a;
	struct slabinfo si;
	size_t rows;
	uint64_t pages, objs, got_pages = 0, got_objs = 0, b;
	int rc;

	mw_arena_init(&a);
	rc = slabinfo_parse(text, len, &a, &si);
	naive(text, &rows, &pages, &objs);
	for (size_t i = 0; i < si.len; i++) {
		if (slab_cache_bytes(&si.caches[i], 1, &b))
			got_pages += b;
		got_objs += si.caches[i].num_objs;
	}
	if (!ok(rc == 0 && si.skipped == 0 && si.len == rows && rows > 0 &&
	    got_pages == pages && got_objs == objs && si.version_major == 2,
	    "%s: %zu caches, slab pages %" PRIu64 " agree", path, si.len, pages))
		tap_diag("rc %d skipped %zu rows %zu/%zu pages %" PRIu64 "/%" PRIu64,
		    rc, si.skipped, si.len, rows, got_pages, pages);
	mw_arena_free(&a);
}

static const char mixed[] =
"slabinfo - version: 2.1 (statistics)\n"
"# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n"
"size-4194304(DMA)      0      0 4194304    1 1024 : tunables    1    1    0 : slabdata      0      0      0 : globalstat       0      0     0    0    0    0    0    0    0 : cpustat      0      0      0      0\n"
"nvidia_stack_cache    321    326  12624    2    8 : tunables    0    0    0 : slabdata    163    163      0\n"
"my cache (v2) 10 20 64 64 1 : tunables 120 60 8 : slabdata 1 1 0\r\n"
"kmalloc-512        18995  80928    512   32    4 : tunables    0    0    0 : slabdata   2529   2529      0";

static void
test_shapes(void)
{
	struct mw_arena a;
	struct slabinfo si;
	const struct slab_cache *c;
	uint64_t b = 0;

	mw_arena_init(&a);
	ok(slabinfo_parse(mixed, sizeof(mixed) - 1, &a, &si) == 0 &&
	    si.len == 4 && si.skipped == 0, "4 caches, none skipped");
	ok(si.statistics && si.version_major == 2 && si.version_minor == 1,
	    "statistics variant, version 2.1");
	c = &si.caches[0];
	ok(strcmp(c->name, "size-4194304(DMA)") == 0 && c->objsize == 4194304 &&
	    c->pagesperslab == 1024 && c->limit == 1 && c->has_tunables,
	    "name with parentheses, globalstat/cpustat passed over");
	c = &si.caches[1];
	ok(strcmp(c->name, "nvidia_stack_cache") == 0 && c->active_objs == 321 &&
	    c->num_objs == 326 && c->num_slabs == 163, "name longer than 17 columns");
	c = &si.caches[2];
	ok(strcmp(c->name, "my cache (v2)") == 0 && c->active_objs == 10 &&
	    c->sharedfactor == 8, "name with spaces, CRLF");
	c = &si.caches[3];
	ok(slab_cache_bytes(c, 4096, &b) && b == 2529ull * 4 * 4096,
	    "size = num_slabs * pagesperslab * page size, no final newline");
	is_u64(slab_cache_active_bytes(c), 18995ull * 512, "active bytes");
	ok(slabinfo_allocator(&si) == SLAB_ALLOC_UNKNOWN,
	    "some rows tuned, some zero: the allocator is unknown");
	mw_arena_free(&a);
}

/* SLAB or SLUB is what every row says, never one row. */
static void
test_allocator(void)
{
	static const struct {
		const char *text;
		enum slab_allocator want;
		const char *name;
	} t[] = {
		{ "a 1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1 0\n"
		  "b 1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1 0\n",
		  SLAB_ALLOC_SLUB, "every row zero: SLUB" },
		{ "a 1 2 3 4 5 : tunables 120 60 8 : slabdata 1 1 0\n"
		  "b 1 2 3 4 5 : tunables 54 27 8 : slabdata 1 1 3\n",
		  SLAB_ALLOC_SLAB, "every row tuned: SLAB" },
		{ "a 1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1 0\n"
		  "b 1 2 3 4 5 : tunables 120 60 8 : slabdata 1 1 0\n"
		  "c 1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1 0\n",
		  SLAB_ALLOC_UNKNOWN, "one tuned row among zero rows: unknown" },
		{ "a 1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1 4\n",
		  SLAB_ALLOC_UNKNOWN, "sharedavail without tunables: unknown" },
		{ "slabinfo - version: 2.1 (statistics)\n"
		  "a 1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1 0\n",
		  SLAB_ALLOC_UNKNOWN, "statistics (SLAB only) with zero rows: unknown" },
		{ "", SLAB_ALLOC_UNKNOWN, "no rows: unknown" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct mw_arena a;
		struct slabinfo si;

		mw_arena_init(&a);
		slabinfo_parse(t[i].text, strlen(t[i].text), &a, &si);
		ok(slabinfo_allocator(&si) == t[i].want, "%s", t[i].name);
		mw_arena_free(&a);
	}
}

static const struct {
	const char *name, *text;
	int want_rc;
	size_t want_rows, want_skipped;
} edge[] = {
	{ "empty", "", 0, 0, 0 },
	{ "header_only", "slabinfo - version: 2.1\n# name ...\n", 0, 0, 0 },
	{ "garbage", "hello world\n", -EINVAL, 0, 1 },
	{ "no_slabdata", "a 1 2 3 4 5 : tunables 0 0 0\n", -EINVAL, 0, 1 },
	{ "missing_number", "a 1 2 3 4 : tunables 0 0 0 : slabdata 1 1 0\n", -EINVAL, 0, 1 },
	{ "no_name", "1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1 0\n", -EINVAL, 0, 1 },
	{ "overflow", "a 1 2 3 4 99999999999999999999 : tunables 0 0 0 : slabdata 1 1 0\nb 1 1 1 1 1 : tunables 0 0 0 : slabdata 1 1 0\n", 0, 1, 1 },
	{ "truncated", "a 1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1 0\nb 1 2 3 4 5 : tunables 0 0 0 : slab", 0, 1, 1 },
	{ "bad_version", "slabinfo - version: x\na 1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1 0\n", 0, 1, 1 },
	{ "unknown_group", "a 1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1 0 : future 1 2\n", 0, 1, 0 },
};

static void
test_edges(void)
{
	for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++) {
		struct mw_arena a;
		struct slabinfo si;
		int rc;

		mw_arena_init(&a);
		rc = slabinfo_parse(edge[i].text, strlen(edge[i].text), &a, &si);
		if (!ok(rc == edge[i].want_rc && si.len == edge[i].want_rows &&
		    si.skipped == edge[i].want_skipped, "edge %s", edge[i].name))
			tap_diag("rc %d rows %zu skipped %zu", rc, si.len, si.skipped);
		mw_arena_free(&a);
	}
	{
		struct slab_cache c = { .num_slabs = UINT64_MAX / 2, .pagesperslab = 4 };
		uint64_t b;

		ok(!slab_cache_bytes(&c, 4096, &b), "size overflow detected");
	}
}

int
main(void)
{
	test_allocator();
	test_shapes();
	test_edges();
	corpus_each("slabinfo", check_capture, 2, 8);
	return tap_done();
}
