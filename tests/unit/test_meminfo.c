/* tests/unit/test_meminfo.c: parse/meminfo.c on captures and edge cases. */
#include "config.h"

#include <errno.h>

#include "corpus.h"
#include "parse/meminfo.h"
#include "util/arena.h"

/* Independent of the parser: sum of "kB" values, count of rows. */
static void
naive(const char *text, uint64_t *kb_bytes, size_t *rows)
{
	const char *p = text;

	*kb_bytes = 0;
	*rows = 0;
	while (*p != '\0') {
		const char *nl = strchr(p, '\n'), *colon = strchr(p, ':');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (colon != NULL && colon < p + n) {
			char *unit;
			unsigned long long v = strtoull(colon + 1, &unit, 10);

			if (unit != colon + 1) {
				(*rows)++;
				if (strncmp(unit, " kB", 3) == 0)
					*kb_bytes += v * 1024;
			}
		}
		p += n + (nl != NULL);
	}
}

static void
check_capture(const char *path, const char *text, size_t len)
{
	struct mw_arena a;
	struct meminfo mi;
	uint64_t want_bytes, got_bytes = 0, v, hp;
	size_t want_rows;
	int rc;

	mw_arena_init(&a);
	rc = meminfo_parse(text, len, &a, &mi);
	naive(text, &want_bytes, &want_rows);
	for (size_t i = 0; i < mi.len; i++)
		if (mi.rows[i].is_bytes)
			got_bytes += mi.rows[i].value;
	if (!ok(rc == 0 && mi.skipped == 0 && mi.len == want_rows &&
	    got_bytes == want_bytes, "%s: %zu rows, kB sum agrees", path, mi.len))
		tap_diag("rc %d skipped %zu rows %zu/%zu bytes %" PRIu64 "/%" PRIu64,
		    rc, mi.skipped, mi.len, want_rows, got_bytes, want_bytes);
	ok(meminfo_get(&mi, MI_MEM_TOTAL, &v) && v > 0 &&
	    strcmp(mi.rows[0].name, "MemTotal") == 0, "%s: MemTotal first", path);
	if (meminfo_get(&mi, MI_HUGEPAGES_TOTAL, &hp))
		ok(!mi.rows[mi.idx[MI_HUGEPAGES_TOTAL]].is_bytes &&
		    mi.rows[mi.idx[MI_HUGEPAGESIZE]].is_bytes,
		    "%s: HugePages_Total is a count, Hugepagesize bytes", path);
	mw_arena_free(&a);
}

static const char sample[] =
"MemTotal:       24510164 kB\n"
"MemFree:        20020112 kB\n"
"Active(anon):       1520 kB\n"
"NewCounter:           12 kB\n"
"HugePages_Total:     200\n"
"HugePages_Free:      181\n"
"Hugepagesize:       2048 kB\n"
"DirectMap4k:      239508 kB";

static void
test_sample(void)
{
	struct mw_arena a;
	struct meminfo mi;
	uint64_t v = 0;
	const struct meminfo_row *r;

	mw_arena_init(&a);
	ok(meminfo_parse(sample, sizeof(sample) - 1, &a, &mi) == 0 &&
	    mi.len == 8 && mi.skipped == 0, "sample: 8 rows");
	ok(meminfo_get(&mi, MI_MEM_FREE, &v) && v == 20020112ull * 1024,
	    "MemFree in bytes");
	ok(meminfo_get(&mi, MI_ACTIVE_ANON, &v) && v == 1520 * 1024,
	    "key with parentheses");
	ok(meminfo_get(&mi, MI_HUGEPAGES_FREE, &v) && v == 181,
	    "HugePages_Free is a count");
	ok(!meminfo_get(&mi, MI_MEM_AVAILABLE, &v), "MemAvailable absent, not 0");
	r = meminfo_find(&mi, "NewCounter");
	ok(r != NULL && r->value == 12 * 1024 && r == &mi.rows[3],
	    "unknown key kept in order");
	r = meminfo_find(&mi, "DirectMap4k");
	ok(r != NULL && r->value == 239508ull * 1024, "last line without newline");
	is_str(meminfo_key_name(MI_SUNRECLAIM), "SUnreclaim", "key name");
	ok(meminfo_key_by_name("Committed_AS") == MI_COMMITTED_AS &&
	    meminfo_key_by_name("Nope") == -1, "key by name");
	mw_arena_free(&a);
}

static const struct {
	const char *name, *text;
	int want_rc;
	size_t want_rows, want_skipped;
	uint64_t want_first;
} edge[] = {
	/* A fuzzer's find: such a key broke the JSON writer (keys must be UTF-8). */
	{ "non_ascii_key", "SwapCached\355: 0 kB\nMemFree: 1 kB\n", 0, 1, 1, 1024 },
	{ "escape_in_key", "Mem\033[2JFree: 1 kB\n", -EINVAL, 0, 1, 0 },
	{ "empty", "", 0, 0, 0, 0 },
	{ "blank_lines", "\n\n  \n", 0, 0, 0, 0 },
	{ "crlf", "MemTotal:  4 kB\r\nMemFree:  2 kB\r\n", 0, 2, 0, 4096 },
	{ "garbage", "hello\nworld\n", -EINVAL, 0, 2, 0 },
	{ "truncated_value", "MemTotal:  4 kB\nMemFree:", 0, 1, 1, 4096 },
	{ "kb_overflow", "MemTotal: 18014398509481984 kB\nMemFree: 1 kB\n", 0, 1, 1, 1024 },
	{ "beyond_64_bits", "MemTotal: 99999999999999999999 kB\n", -EINVAL, 0, 1, 0 },
	{ "negative", "MemTotal: -4 kB\nMemFree: 8 kB\n", 0, 1, 1, 8192 },
	{ "bad_unit", "MemTotal: 4 MB\n", -EINVAL, 0, 1, 0 },
	{ "byte_table_24", "        total:    used:    free:  shared: buffers:  cached:\n"
	    "Mem:  1050112000 1034141696 15970304 0 81219584 659537920\n"
	    "Swap: 2097434624 1368064 2096066560\n"
	    "MemTotal:      1025500 kB\n", 0, 1, 0, 1025500ull * 1024 },
	{ "huge_count", "HugePages_Total: 18446744073709551615\n", 0, 1, 0, UINT64_MAX },
	{ "space_in_key", "Mem Total: 4 kB\nMemFree: 1 kB\n", 0, 1, 1, 1024 },
};

static void
test_edges(void)
{
	for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++) {
		struct mw_arena a;
		struct meminfo mi;
		int rc;

		mw_arena_init(&a);
		rc = meminfo_parse(edge[i].text, strlen(edge[i].text), &a, &mi);
		if (!ok(rc == edge[i].want_rc && mi.len == edge[i].want_rows &&
		    mi.skipped == edge[i].want_skipped &&
		    (mi.len == 0 || mi.rows[0].value == edge[i].want_first),
		    "edge %s", edge[i].name))
			tap_diag("rc %d rows %zu skipped %zu", rc, mi.len, mi.skipped);
		mw_arena_free(&a);
	}
}

int
main(void)
{
	test_sample();
	test_edges();
	corpus_each("meminfo", check_capture, 2, 7);
	return tap_done();
}
