/* tests/unit/test_system.c: model/system*.c and render/json_system.c. */
#include "config.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"
#include "said.h"
#include "model/system.h"
#include "model/system_diff.h"
#include "model/finding.h"
#include "model/system_explain.h"
#include "render/json_system.h"
#include "source.h"
#include "util/err.h"

static int
take_tree(const char *dir, unsigned parts, struct sys_snapshot *s)
{
	struct mw_source src;
	struct mw_err err;

	mw_err_clear(&err);
	sys_snapshot_init(s);
	if (mw_source_open(&src, dir, &err) < 0)
		return -1;
	sys_snapshot_take(&src, parts, s);
	mw_source_close(&src);
	return 0;
}

static void
test_take(void)
{
	struct sys_snapshot s;
	struct mw_err err;

	ok(take_tree(tap_src("samples/proc/debian12-6.18-a"), SYS_ALL, &s) == 0,
	    "tree a opens");
	ok(s.part[SYS_MEMINFO].have && s.part[SYS_ZONEINFO].have &&
	    s.part[SYS_BUDDYINFO].have && s.part[SYS_SLABINFO].have &&
	    s.part[SYS_PAGETYPEINFO].have, "every part read");
	ok(s.page_size == 4096 && s.page_size_from == PAGE_SIZE_FILE,
	    "page size from the page-size file");
	is_str(s.kernel, "6.18.44-fc-v657", "kernel from kernel-release");
	{
		struct stat st;

		ok(stat(tap_src("samples/proc/debian12-6.18-a/meminfo"), &st) == 0 &&
		    s.taken_at == st.st_mtime, "taken_at: when the tree was written");
	}
	ok(s.zi.len == 5 && s.bi.len == 3 && s.si.len > 100, "zones, buddy, slabs");
	mw_err_clear(&err);
	ok(sys_require(&s, SYS_SLABINFO, &err) == 0 && err.msg[0] == '\0',
	    "require a part that is there");
	sys_snapshot_free(&s);
}

/* A tree with only some files: the rest is unavailable with a reason. */
static void
test_partial(const char *dir)
{
	struct sys_snapshot s;
	struct mw_err err;
	json_t *doc;

	ok(take_tree(dir, SYS_ALL, &s) == 0, "partial tree opens");
	ok(s.part[SYS_BUDDYINFO].have && !s.part[SYS_SLABINFO].have &&
	    s.part[SYS_SLABINFO].err == -ENOENT &&
	    s.part[SYS_SLABINFO].why != NULL, "missing slabinfo: unavailable, with why");
	ok(s.page_size == 4096 && s.page_size_from == PAGE_SIZE_ASSUMED,
	    "no page-size, no smaps: 4096 assumed");
	mw_err_clear(&err);
	ok(sys_require(&s, SYS_SLABINFO, &err) == -ENOENT &&
	    strstr(err.msg, "slabinfo") != NULL && err.exit == MW_EXIT_TARGET,
	    "require a missing part: the reason as the error");
	doc = mwjson_system_snapshot(&s);
	ok(json_object_get(doc, "slabs") == NULL &&
	    json_is_string(json_object_get(json_object_get(doc, "unavailable"), "slabs")),
	    "JSON: slabs absent, unavailable.slabs says why");
	json_decref(doc);
	sys_snapshot_free(&s);
}

static bool
same_zone(const struct zone_info *a, const struct zone_info *b)
{
	if (a->node != b->node || strcmp(a->name, b->name) != 0 ||
	    a->present != b->present || a->nprotection != b->nprotection ||
	    a->ncounters != b->ncounters || a->pcp_cpus != b->pcp_cpus ||
	    a->pcp_count != b->pcp_count)
		return false;
	for (int f = 0; f < ZF_NR; f++)
		if (a->val[f] != b->val[f])
			return false;
	for (unsigned i = 0; i < a->nprotection; i++)
		if (a->protection[i] != b->protection[i])
			return false;
	for (size_t i = 0; i < a->ncounters; i++)
		if (strcmp(a->counters[i].name, b->counters[i].name) != 0 ||
		    a->counters[i].value != b->counters[i].value)
			return false;
	return true;
}

static void
check_roundtrip(const char *path, const char *text, size_t len)
{
	char dir[4096];
	struct sys_snapshot a, b;
	struct mw_err err;
	json_t *doc, *back;
	char *dump;
	int good = 1;

	(void)text, (void)len;
	snprintf(dir, sizeof(dir), "%.*s", (int)(strrchr(path, '/') - path), path);
	if (take_tree(dir, SYS_ALL, &a) < 0)
		return;
	doc = mwjson_system_snapshot(&a);
	dump = json_dumps(doc, 0);
	back = json_loads(dump, 0, NULL);
	sys_snapshot_init(&b);
	mw_err_clear(&err);
	ok(mwjson_system_from_doc(back, "test", &b, &err) == 0,
	    "%s: snapshot reloads", dir);
	if (err.msg[0])
		tap_diag("%s", err.msg);
	good &= a.page_size == b.page_size && a.mi.len == b.mi.len &&
	    a.zi.len == b.zi.len && a.bi.len == b.bi.len && a.si.len == b.si.len &&
	    a.zi.nnodes == b.zi.nnodes && a.pti.nfree == b.pti.nfree &&
	    a.buddy_from_pti == b.buddy_from_pti &&
	    a.buddy_lower_bound == b.buddy_lower_bound;
	for (size_t i = 0; good && i < a.mi.len; i++)
		good &= strcmp(a.mi.rows[i].name, b.mi.rows[i].name) == 0 &&
		    a.mi.rows[i].value == b.mi.rows[i].value &&
		    a.mi.rows[i].is_bytes == b.mi.rows[i].is_bytes;
	for (size_t i = 0; good && i < a.zi.len; i++)
		good &= same_zone(&a.zi.zones[i], &b.zi.zones[i]);
	for (size_t i = 0; good && i < a.bi.len; i++)
		good &= memcmp(&a.bi.zones[i], &b.bi.zones[i], sizeof(a.bi.zones[i])) == 0;
	for (size_t i = 0; good && i < a.si.len; i++)
		good &= strcmp(a.si.caches[i].name, b.si.caches[i].name) == 0 &&
		    a.si.caches[i].num_slabs == b.si.caches[i].num_slabs &&
		    a.si.caches[i].active_objs == b.si.caches[i].active_objs &&
		    a.si.caches[i].limit == b.si.caches[i].limit;
	for (size_t i = 0; good && i < a.pti.nfree; i++)
		good &= memcmp(a.pti.free[i].count, b.pti.free[i].count,
		    sizeof(a.pti.free[i].count)) == 0 &&
		    strcmp(a.pti.types[a.pti.free[i].type],
		    b.pti.types[b.pti.free[i].type]) == 0;
	if (!ok(good, "%s: everything survives the round trip", dir))
		tap_diag("pti %d/%d lower %d/%d", a.buddy_from_pti,
		    b.buddy_from_pti, a.buddy_lower_bound, b.buddy_lower_bound);
	{
		struct sys_diff d;
		size_t nonzero = 0;

		sys_diff_compute(&a, &b, &d);
		for (size_t i = 0; i < d.nmi; i++)
			nonzero += d.mi[i].delta != 0;
		for (size_t i = 0; i < d.nzones; i++)
			for (unsigned o = 0; o < d.zones[i].norders; o++)
				nonzero += d.zones[i].blocks[o] != 0;
		/* One note: "nothing changed", or that slabs were not compared. */
		ok(nonzero == 0 && d.nslabs == 0 && d.nnotes == 1,
		    "%s: diff against its reload is empty", dir);
		sys_diff_free(&d);
	}
	free(dump);
	json_decref(back);
	json_decref(doc);
	sys_snapshot_free(&a);
	sys_snapshot_free(&b);
}

static void
test_reader_errors(void)
{
	static const struct {
		const char *name, *json, *want;
	} cases[] = {
		{ "no_page_size", "{\"taken_at\":\"2026-01-01T00:00:00Z\"}", "page_size" },
		{ "odd_page_size", "{\"page_size\":1000,\"taken_at\":\"2026-01-01T00:00:00Z\"}", "power of two" },
		{ "bad_time", "{\"page_size\":4096,\"taken_at\":\"yesterday\"}", "taken_at" },
		{ "zones_not_array", "{\"page_size\":4096,\"taken_at\":\"2026-01-01T00:00:00Z\",\"zones\":{}}", "zones" },
		{ "zone_without_free", "{\"page_size\":4096,\"taken_at\":\"2026-01-01T00:00:00Z\",\"zones\":[{\"node\":0,\"zone\":\"DMA\"}]}", "zones[0].free" },
		{ "buddy_negative", "{\"page_size\":4096,\"taken_at\":\"2026-01-01T00:00:00Z\",\"buddy\":[{\"node\":0,\"zone\":\"DMA\",\"free_blocks\":[1,-2]}]}", "buddy[0].free_blocks" },
		{ "cache_without_name", "{\"page_size\":4096,\"taken_at\":\"2026-01-01T00:00:00Z\",\"slabs\":{\"caches\":[{\"num_objs\":1}]}}", "slabs.caches[0]" },
		{ "meminfo_string", "{\"page_size\":4096,\"taken_at\":\"2026-01-01T00:00:00Z\",\"meminfo\":{\"MemTotal\":\"1\"}}", "meminfo.MemTotal" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *doc = json_loads(cases[i].json, 0, NULL);
		struct sys_snapshot s;
		struct mw_err err;
		int rc;

		sys_snapshot_init(&s);
		mw_err_clear(&err);
		rc = mwjson_system_from_doc(doc, "f.json", &s, &err);
		if (!ok(rc == -EINVAL && strstr(err.msg, cases[i].want) != NULL &&
		    strncmp(err.msg, "f.json: ", 8) == 0, "reader error %s",
		    cases[i].name))
			tap_diag("rc %d msg %s", rc, err.msg);
		sys_snapshot_free(&s);
		json_decref(doc);
	}
}

/* A fragmented zone made by hand: findings carry its numbers. */
static void
test_explain_fragmented(void)
{
	static const char buddy[] =
	    "Node 0, zone   Normal    500    200     50      0      0      0      0      0      0      0      0\n";
	static const char zone[] =
	    "Node 0, zone   Normal\n  pages free     1100\n        min      1000\n"
	    "        low      1250\n        high     1500\n        spanned  262144\n"
	    "        present  262144\n        managed  243535\n";
	struct sys_snapshot s;
	struct finding_list f;
	const struct finding *x;

	sys_snapshot_init(&s);
	buddyinfo_parse(buddy, sizeof(buddy) - 1, &s.arena, &s.bi);
	zoneinfo_parse(zone, sizeof(zone) - 1, &s.arena, &s.zi);
	s.part[SYS_BUDDYINFO].have = s.part[SYS_ZONEINFO].have = true;
	finding_list_init(&f);
	sys_explain(&s, &f);
	x = finding_find(&f, "fragmentation");
	ok(x != NULL && strstr(said(x->text), "largest free block is order 2 (16K)") &&
	    strstr(x->text, "Orders 3 to 10 cannot be served") &&
	    strstr(x->text, "0.816") && strstr(x->text, "fragmentation"),
	    "fragmented zone: orders 3+ fail, index 0.816 says fragmentation");
	if (x)
		tap_diag("%s", said(x->text));
	x = finding_find(&f, "thp");
	ok(x != NULL && x->bytes == 2 << 20 && strstr(x->text, "cannot be served"),
	    "a 2 MiB block cannot be served");
	x = finding_find(&f, "watermarks");
	ok(x != NULL && strstr(said(x->text), "600K below low") &&
	    strstr(x->text, "where an allocation wakes kswapd") &&
	    strstr(said(x->text), "400K remain before min"),
	    "free 150 pages below low, 100 above min");
	x = finding_find(&f, "pressure");
	ok(x != NULL && strstr(x->text, "1 of 1 zones") &&
	    strstr(x->text, "the kernel wakes kswapd") &&
	    strstr(x->text, "likely") == NULL,
	    "below low: where kswapd is woken, no guess");
	finding_list_free(&f);
	sys_snapshot_free(&s);
}

static void
test_explain_tree(void)
{
	struct sys_snapshot s;
	struct finding_list f;
	const struct finding *x;

	take_tree(tap_src("samples/proc/debian12-6.18-a"), SYS_ALL, &s);
	finding_list_init(&f);
	sys_explain(&s, &f);
	x = finding_find(&f, "zones");
	ok(x != NULL && strstr(x->text, "3 zones with memory on 1 node") &&
	    strstr(x->text, "DMA32") && strstr(x->text, "2 more zones"),
	    "zones finding names the populated zones and the empty ones");
	x = finding_find(&f, "slab");
	ok(x != NULL && x->has_bytes && strstr(x->text, "235 caches"),
	    "slab finding counts the caches");
	x = finding_find(&f, "block-4mib");
	ok(x != NULL && strstr(x->text, "can be served now"), "4 MiB block served");
	finding_list_free(&f);
	sys_snapshot_free(&s);
}

static void
test_slab_order(void)
{
	static const char text[] =
	    "b 10 20 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n"
	    "a 10 10 64 64 4 : tunables 0 0 0 : slabdata 1 1 0\n"
	    "c 1 100 64 64 2 : tunables 0 0 0 : slabdata 1 1 0\n"
	    "d 0 0 64 64 2 : tunables 0 0 0 : slabdata 0 0 0\n";
	struct mw_arena a;
	struct slabinfo si;
	struct slab_totals t;
	size_t o[4];

	mw_arena_init(&a);
	slabinfo_parse(text, sizeof(text) - 1, &a, &si);
	sys_slab_order(&si, 4096, SLAB_SORT_SIZE, o);
	ok(o[0] == 1 && o[1] == 2 && o[2] == 0 && o[3] == 3, "by size");
	sys_slab_order(&si, 4096, SLAB_SORT_OBJS, o);
	ok(o[0] == 2 && o[1] == 0 && o[2] == 1, "by objects");
	sys_slab_order(&si, 4096, SLAB_SORT_UTIL, o);
	ok(o[0] == 2 && o[1] == 0 && o[2] == 1 && o[3] == 3,
	    "by utilisation, least used first, empty last");
	sys_slab_order(&si, 4096, SLAB_SORT_NAME, o);
	ok(o[0] == 1 && o[1] == 0 && o[2] == 2 && o[3] == 3, "by name");
	sys_slab_totals(&si, 4096, &t);
	ok(t.size == 7 * 4096 && t.active_objs == 21 && t.num_objs == 130 &&
	    t.active_size == 21 * 64 && t.objs_size == 130 * 64, "totals");
	mw_arena_free(&a);
}

int
main(void)
{
	char dir[] = "/tmp/mw-test-system.XXXXXX", path[4096];
	FILE *f;

	test_take();
	if (mkdtemp(dir) != NULL) {
		snprintf(path, sizeof(path), "%s/buddyinfo", dir);
		f = fopen(path, "w");
		fputs("Node 0, zone DMA 1 2 3\n", f);
		fclose(f);
		test_partial(dir);
		unlink(path);
		rmdir(dir);
	}
	test_reader_errors();
	test_explain_fragmented();
	test_explain_tree();
	test_slab_order();
	corpus_each("zoneinfo", check_roundtrip, 2, 6);
	/* Free blocks from pagetypeinfo alone keep their capped counts. */
	check_roundtrip(tap_src("tests/data/capped-6.18/pagetypeinfo"), NULL, 0);
	return tap_done();
}
