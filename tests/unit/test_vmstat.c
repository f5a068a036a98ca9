/* tests/unit/test_vmstat.c: parse/vmstat.c on captures and edge cases. */
#include "config.h"

#include <errno.h>

#include "corpus.h"
#include "parse/vmstat.h"
#include "util/arena.h"

/* Independent of the parser: the lines of two fields, the second a number. */
static size_t
naive_rows(const char *text)
{
	const char *p = text;
	size_t rows = 0;

	while (*p != '\0') {
		char name[128], rest[8];
		unsigned long long v;
		const char *nl = strchr(p, '\n');
		char line[256];
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (n < sizeof(line)) {
			memcpy(line, p, n);
			line[n] = '\0';
			if (sscanf(line, "%127s %llu %7s", name, &v, rest) == 2)
				rows++;
		}
		p += n + (nl != NULL);
	}
	return rows;
}

static void
check_capture(const char *path, const char *text, size_t len)
{
	struct mw_arena a;
	struct vmstat vs;
	uint64_t v;
	int rc;

	mw_arena_init(&a);
	rc = vmstat_parse(text, len, &a, &vs);
	if (!ok(rc == 0 && vs.skipped == 0 && vs.len == naive_rows(text),
	    "%s: %zu rows, every line kept", path, vs.len))
		tap_diag("rc %d skipped %zu want %zu", rc, vs.skipped,
		    naive_rows(text));
	ok(vmstat_get(&vs, VM_NR_FREE_PAGES, &v) &&
	    strcmp(vs.rows[0].name, "nr_free_pages") == 0,
	    "%s: nr_free_pages first", path);
	ok(vmstat_get(&vs, VM_PGSCAN_KSWAPD, &v) &&
	    vmstat_get(&vs, VM_PGSTEAL_DIRECT, &v) &&
	    vmstat_get(&vs, VM_ALLOCSTALL, &v),
	    "%s: reclaim counters known, whole or per zone", path);
	mw_arena_free(&a);
}

static const char modern[] =
"nr_free_pages 1091931\n"
"pgscan_kswapd 100\n"
"pgscan_direct 7\n"
"pgsteal_kswapd 90\n"
"allocstall_dma32 2\n"
"allocstall_normal 3\n"
"pgscan_direct_throttle 1\n"
"a_counter_of_tomorrow 42\n"
"oom_kill 1";

static void
test_modern(void)
{
	struct mw_arena a;
	struct vmstat vs;
	uint64_t v = 0;
	const struct proc_kv *r;

	mw_arena_init(&a);
	ok(vmstat_parse(modern, sizeof(modern) - 1, &a, &vs) == 0 &&
	    vs.len == 9 && vs.skipped == 0, "modern: 9 rows");
	ok(vmstat_get(&vs, VM_PGSCAN_KSWAPD, &v) && v == 100 &&
	    !vmstat_per_zone(&vs, VM_PGSCAN_KSWAPD), "pgscan_kswapd printed");
	ok(vmstat_get(&vs, VM_ALLOCSTALL, &v) && v == 5 &&
	    vmstat_per_zone(&vs, VM_ALLOCSTALL),
	    "allocstall summed over its zones (throttle is not a zone)");
	ok(vmstat_get(&vs, VM_PGSCAN_DIRECT, &v) && v == 7,
	    "pgscan_direct not mixed with pgscan_direct_throttle");
	ok(vmstat_get(&vs, VM_OOM_KILL, &v) && v == 1,
	    "last line without a newline");
	r = vmstat_find(&vs, "a_counter_of_tomorrow");
	ok(r != NULL && r->value == 42, "an unknown counter is kept");
	ok(!vmstat_get(&vs, VM_PSWPIN, &v), "a counter not printed is absent");
	ok(!vmstat_get(&vs, VM_PGSTEAL_DIRECT, &v),
	    "no per-zone rows: absent, not 0");
	mw_arena_free(&a);
}

static const struct {
	const char *name, *text;
	int want_rc;
	size_t want_rows, want_skipped;
} cases[] = {
	{ "empty", "", 0, 0, 0 },
	{ "blank_lines", "\n\n  \n", 0, 0, 0 },
	{ "garbage_only", "hello world\n", -EINVAL, 0, 1 },
	{ "sign_refused", "pswpin -1\npswpout 2\n", 0, 1, 1 },
	{ "overflow", "pswpin 18446744073709551616\n", -EINVAL, 0, 1 },
	{ "max", "pswpin 18446744073709551615\n", 0, 1, 0 },
	{ "three_fields", "pswpin 1 2\npswpout 3\n", 0, 1, 1 },
	{ "control_byte_name", "ps\x01wpin 1\npswpout 3\n", 0, 1, 1 },
	{ "crlf", "pswpin 1\r\npswpout 3\r\n", 0, 2, 0 },
	{ "name_only", "pswpin\npswpout 3\n", 0, 1, 1 },
};

static void
test_cases(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct mw_arena a;
		struct vmstat vs;
		int rc;

		mw_arena_init(&a);
		rc = vmstat_parse(cases[i].text, strlen(cases[i].text), &a, &vs);
		if (!ok(rc == cases[i].want_rc && vs.len == cases[i].want_rows &&
		    vs.skipped == cases[i].want_skipped, "%s", cases[i].name))
			tap_diag("rc %d rows %zu skipped %zu", rc, vs.len,
			    vs.skipped);
		mw_arena_free(&a);
	}
}

/* The 4.4-era capture: per-zone reclaim counters summed. */
static void
test_old(void)
{
	size_t len;
	char *text = tap_slurp(tap_src("samples/proc/node-exporter-4.x/vmstat"),
	    &len);
	struct mw_arena a;
	struct vmstat vs;
	uint64_t v = 0;

	if (text == NULL) {
		ok(0, "node-exporter-4.x/vmstat readable");
		return;
	}
	mw_arena_init(&a);
	vmstat_parse(text, len, &a, &vs);
	ok(vmstat_get(&vs, VM_PGSCAN_KSWAPD, &v) && v == 107656 + 358784 &&
	    vmstat_per_zone(&vs, VM_PGSCAN_KSWAPD),
	    "4.x: pgscan_kswapd is the sum of its zones");
	ok(vmstat_get(&vs, VM_PGSTEAL_DIRECT, &v) && v == 44 + 6484,
	    "4.x: pgsteal_direct is the sum of its zones");
	ok(vmstat_get(&vs, VM_ALLOCSTALL, &v) && v == 83165 &&
	    !vmstat_per_zone(&vs, VM_ALLOCSTALL), "4.x: one allocstall");
	ok(!vmstat_get(&vs, VM_PGSCAN_ANON, &v) &&
	    !vmstat_get(&vs, VM_WORKINGSET_REFAULT_FILE, &v) &&
	    vmstat_get(&vs, VM_WORKINGSET_REFAULT, &v) && v == 157066,
	    "4.x: no anon/file split, unsplit refaults");
	mw_arena_free(&a);
	free(text);
}

static void
test_index(void)
{
	struct proc_kv rows[] = { { "pgscan_kswapd_normal", 5 },
		{ "pgscan_kswapd_dma32", 6 }, { "oom_kill", 2 },
		{ "oom_kill", 9 } };
	struct vmstat vs;
	uint64_t v = 0;

	vmstat_init(&vs);
	vs.rows = rows;
	vs.len = 4;
	vs.have[VM_PGFAULT] = true;	/* left by an earlier index */
	vmstat_index(&vs);
	ok(vmstat_get(&vs, VM_PGSCAN_KSWAPD, &v) && v == 11 &&
	    vmstat_per_zone(&vs, VM_PGSCAN_KSWAPD) &&
	    vmstat_get(&vs, VM_OOM_KILL, &v) && v == 2 &&
	    !vmstat_get(&vs, VM_PGFAULT, &v),
	    "rows a loader set are indexed and summed, the first of a name kept");
}

int
main(void)
{
	corpus_each("vmstat", check_capture, 3, 1);
	test_modern();
	test_cases();
	test_old();
	test_index();
	return tap_done();
}
