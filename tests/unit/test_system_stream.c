/* tests/unit/test_system_stream.c: the system snapshot's streaming reader
 * (render/json_system_stream*.c) against the tree loader, on snapshots of
 * every capture in samples/proc written as memwatch writes them, with
 * their keys reordered and escaped, read in pieces, and broken. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <unistd.h>

#include "tap.h"
#include "sysagree.h"
#include "model/account.h"
#include "model/system.h"
#include "render/json.h"
#include "source.h"
#include "util/buf.h"
#include "util/err.h"

static const size_t pieces[] = { 0, 1, 7, 4096 };

/* Both readers agree on text, whole and in pieces; *stream: every
 * time the streaming reader took it. */
static bool
agrees(const char *text, size_t n, bool *tree, bool *stream)
{
	const char *why = NULL;
	bool all = true, t, s;

	*tree = true;
	for (size_t i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		if (!sys_agree(text, n, pieces[i] ? pieces[i] : n, &t, &s, &why)) {
			tap_diag("pieces of %zu: %s", pieces[i], why);
			return false;
		}
		*tree &= t;
		all &= s;
	}
	*stream = all;
	return true;
}

static json_t *
take_doc(const char *dir)
{
	struct sys_snapshot s;
	struct mw_source src;
	struct mw_err err;
	json_t *doc;

	mw_err_clear(&err);
	sys_snapshot_init(&s);
	if (mw_source_open(&src, dir, &err) < 0)
		return NULL;
	sys_snapshot_take(&src, SYS_ALL, &s);
	mw_source_close(&src);
	doc = mwjson_system_snapshot(&s);
	sys_snapshot_free(&s);
	return doc;
}

/* doc with key moved to the end of its object. */
static void
move_last(json_t *doc, const char *key)
{
	json_t *v = json_object_get(doc, key);

	json_incref(v);
	json_object_del(doc, key);
	json_object_set_new(doc, key, v);
}

static void
check_capture(const char *name)
{
	char dir[4400], *text;
	json_t *doc, *z;
	struct mw_buf b;
	bool tree, stream;

	snprintf(dir, sizeof(dir), "%s/%s", tap_src("samples/proc"), name);
	if ((doc = take_doc(dir)) == NULL) {
		ok(0, "%s: a snapshot of the capture", name);
		return;
	}
	mw_buf_init(&b);
	mwjson_dump_indented(doc, &b);
	ok(agrees(b.data, b.len, &tree, &stream) && tree && stream,
	    "%s: as memwatch writes it, streamed (whole and in pieces)", name);
	mw_buf_free(&b);

	text = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
	ok(agrees(text, strlen(text), &tree, &stream) && tree && stream,
	    "%s: keys sorted, no white space, \\u escapes: streamed", name);
	free(text);

	move_last(doc, "page_size");
	text = json_dumps(doc, JSON_INDENT(1));
	ok(agrees(text, strlen(text), &tree, &stream) && tree && !stream,
	    "%s: page_size after the zones: given to the tree loader", name);
	free(text);

	z = json_array_get(json_object_get(doc, "zones"), 1);
	json_object_del(z, "free");
	text = json_dumps(doc, 0);
	ok(agrees(text, strlen(text), &tree, &stream) && !tree && !stream,
	    "%s: a zone without free: refused by both", name);
	free(text);
	json_decref(doc);
}

/* doc as memwatch writes it (a final newline), into a new string. */
static char *
dumped(json_t *doc)
{
	struct mw_buf b;
	char *text;

	mw_buf_init(&b);
	mwjson_dump_indented(doc, &b);
	mw_buf_addc(&b, '\n');
	text = strndup(b.data, b.len);
	mw_buf_free(&b);
	return text;
}

/* s written back, with the two keys that do not come from the document
 * (the version, where the page size came from) as in kept. */
static char *
written(const struct sys_snapshot *s, const json_t *kept)
{
	json_t *doc = mwjson_system_snapshot(s);
	char *text;

	json_object_set(doc, "memwatch", json_object_get(kept, "memwatch"));
	json_object_set(doc, "page_size_source",
	    json_object_get(kept, "page_size_source"));
	text = dumped(doc);
	json_decref(doc);
	return text;
}

/*
 * A kept snapshot (tests/data/sysdoc, tests/cli/sysdoc.sh) read by each
 * reader and written back: the same bytes, but for the settings neither
 * reader takes back (khugepaged's, the huge page pools, swaps, zswap's
 * own).
 */
static void
check_kept(const char *name)
{
	char path[4400], *text, *want, *a, *b;
	struct sys_snapshot t, s;
	json_t *kept, *set;
	struct mwjson_rd rd;
	struct mw_err err;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s.snapshot.json",
	    tap_src("tests/data/sysdoc"), name);
	text = tap_slurp(path, &n);
	kept = text ? json_loadb(text, n, 0, NULL) : NULL;
	if (kept == NULL) {
		ok(0, "%s: the kept snapshot read", name);
		free(text);
		return;
	}
	sys_snapshot_init(&t);
	sys_snapshot_init(&s);
	mw_err_clear(&err);
	mwjson_rd_mem(&rd, text, n, 4096, path, &err);
	ok(mwjson_system_read(&rd, &s) == 0 &&
	    mwjson_system_from_doc(kept, path, &t, &err) == 0,
	    "%s: the kept snapshot read by both readers", name);
	mwjson_rd_close(&rd);
	want = dumped(kept);
	ok(strcmp(want, text) == 0, "%s: the kept file as jansson writes it",
	    name);
	free(want);
	if ((set = json_object_get(kept, "settings")) != NULL) {
		json_object_del(json_object_get(set, "thp"), "khugepaged");
		json_object_del(set, "hugepages");
		json_object_del(set, "swaps");
		json_object_del(json_object_get(set, "zswap"), "enabled");
		json_object_del(json_object_get(set, "zswap"), "parameters");
	}
	want = dumped(kept);
	a = written(&t, kept);
	b = written(&s, kept);
	ok(strcmp(a, want) == 0,
	    "%s: tree reader, written back: the same bytes", name);
	ok(strcmp(b, want) == 0,
	    "%s: streaming reader, written back: the same bytes", name);
	free(want);
	free(a);
	free(b);
	sys_snapshot_free(&t);
	sys_snapshot_free(&s);
	json_decref(kept);
	free(text);
}

/* Through mwjson_system_load: the tree loader's message when the stream
 * gives up. */
static void
check_load(void)
{
	char path[] = "/tmp/test_system_stream.XXXXXX";
	static const char bad[] = "{\"kind\": \"system-snapshot\", \"schema\": 1,"
	    " \"page_size\": 4096, \"taken_at\": \"2026-01-02T03:04:05Z\","
	    " \"meminfo\": {\"MemTotal\": 1}, \"zones\": [{\"node\": 0,"
	    " \"zone\": \"Normal\"}]}";
	struct sys_snapshot s;
	struct mw_err err;
	int fd = mkstemp(path);

	ok(fd >= 0 && write(fd, bad, sizeof(bad) - 1) == (ssize_t)sizeof(bad) - 1,
	    "a broken snapshot written");
	close(fd);
	sys_snapshot_init(&s);
	mw_err_clear(&err);
	ok(mwjson_system_load(path, &s, &err) == -EINVAL &&
	    strstr(err.msg, ": zones[0].free is missing or not present") != NULL &&
	    strncmp(err.msg, path, strlen(path)) == 0,
	    "load: the tree loader's message, file and field named");
	sys_snapshot_free(&s);
	unlink(path);
}

/*
 * A snapshot whose key is value: read alike by both readers and, when msg
 * is not NULL, refused by both with the tree loader's message holding
 * msg; else loaded into s (the caller frees it).
 */
static void
part_case(const char *key, const char *value, const char *msg,
    const char *name, struct sys_snapshot *s)
{
	char path[64], text[1024];
	struct mw_err err;
	bool tree, stream;
	int fd, n;

	n = snprintf(text, sizeof(text), "{\"kind\": \"system-snapshot\","
	    " \"schema\": 1, \"page_size\": 4096, \"taken_at\":"
	    " \"2026-01-02T03:04:05Z\", \"meminfo\": {\"MemTotal\": 1},"
	    " \"vmstat\": {\"nr_free_pages\": 2}, \"%s\": %s}",
	    key, value);
	ok(agrees(text, (size_t)n, &tree, &stream) &&
	    tree == (msg == NULL) && stream == (msg == NULL),
	    "%s, %s: %s by both readers", key, name,
	    msg ? "refused" : "read");
	snprintf(path, sizeof(path), "/tmp/test_system_stream.%d.XXXXXX",
	    (int)getpid());
	fd = mkstemp(path);
	ok(fd >= 0 && write(fd, text, (size_t)n) == n, "%s, %s: written",
	    key, name);
	if (fd >= 0)
		close(fd);
	sys_snapshot_init(s);
	mw_err_clear(&err);
	if (msg != NULL) {
		ok(mwjson_system_load(path, s, &err) == -EINVAL &&
		    strstr(err.msg, msg) != NULL,
		    "%s, %s: the message names the key", key, name);
		if (strstr(err.msg, msg) == NULL)
			tap_diag("said: %s", err.msg);
		sys_snapshot_free(s);
	} else {
		ok(mwjson_system_load(path, s, &err) == 0, "%s, %s: loaded",
		    key, name);
	}
	unlink(path);
}

/* The vm sysctls and the THP modes are read back; the rest is passed
 * over; a value of the wrong type is refused, as the rows say. */
static void
check_settings(void)
{
	struct sys_snapshot s;

	part_case("settings", "{\"vm\": {\"swappiness\": 60, \"bogus\": \"x\","
	    " \"zone_reclaim_mode\": null}, \"thp\": {\"enabled\":"
	    " \"madvise\", \"khugepaged\": {\"pages_to_scan\": \"4096\"}},"
	    " \"swaps\": 3, \"zswap\": {\"enabled\": true}}", NULL, "good",
	    &s);
	ok((s.mm.parts & MM_SETTINGS) && s.mm.have_sysctl[MS_SWAPPINESS] &&
	    s.mm.sysctl[MS_SWAPPINESS] == 60 &&
	    !s.mm.have_sysctl[MS_ZONE_RECLAIM_MODE] &&
	    !s.mm.have_sysctl[MS_MIN_FREE_KBYTES] &&
	    s.mm.thp[MT_ENABLED] != NULL &&
	    strcmp(s.mm.thp[MT_ENABLED], "madvise") == 0 &&
	    s.mm.thp[MT_DEFRAG] == NULL && s.mm.nkhugepaged == 0 &&
	    s.mm.zswap_enabled == -1,
	    "settings: the sysctl and the THP mode read, the rest unknown");
	sys_snapshot_free(&s);
	part_case("settings", "{\"vm\": [1], \"thp\": 2}", NULL, "vm and thp not "
	    "objects", &s);
	ok((s.mm.parts & MM_SETTINGS) && !s.mm.have_sysctl[MS_SWAPPINESS] &&
	    s.mm.thp[MT_ENABLED] == NULL, "settings: passed over, known none");
	sys_snapshot_free(&s);
	part_case("settings", "{\"thp\": {\"enabled\": \"always [madvise]\"}}",
	    ": settings.thp.<name> is missing or not a word such as madvise",
	    "a THP mode with blanks", &s);
	part_case("settings", "{\"thp\": {\"defrag\": 1}}",
	    ": settings.thp.<name> is missing or not a word such as madvise",
	    "a THP mode not a string", &s);
	part_case("settings", "{\"vm\": {\"swappiness\": -1}}",
	    ": settings.vm.<name> is missing or not a non-negative integer",
	    "a negative sysctl", &s);
	part_case("settings", "{\"vm\": {\"min_free_kbytes\": 1.5}}",
	    ": settings.vm.<name> is missing or not a non-negative integer",
	    "a sysctl not an integer", &s);
	part_case("settings", "[]", ": settings is missing or not an object",
	    "not an object", &s);
}

/* pagetypeinfo's blocks: each item's counts by the migrate types their
 * names give, one column a name; what is wrong named as before. */
static void
check_pti_blocks(void)
{
#define PTI(items) "{\"free\": [], \"blocks\": [" items "]}"
	struct sys_snapshot s;

	part_case("pagetypeinfo", PTI("{\"node\": 0, \"zone\": \"DMA\","
	    " \"blocks\": {\"Unmovable\": 1, \"Movable\": 2}}, {\"zone\":"
	    " \"Normal\", \"later\": [], \"blocks\": {\"Movable\": 3,"
	    " \"CMA\": 4}, \"node\": 1}"), NULL, "two zones", &s);
	ok(s.pti.nblocks == 2 && s.pti.nblock_types == 3 &&
	    strcmp(s.pti.block_types[2], "CMA") == 0 &&
	    s.pti.blocks[0].ntypes == 2 && s.pti.blocks[0].count[1] == 2 &&
	    s.pti.blocks[1].ntypes == 3 && s.pti.blocks[1].count[0] == 0 &&
	    s.pti.blocks[1].count[1] == 3 && s.pti.blocks[1].count[2] == 4 &&
	    s.pti.blocks[1].node == 1 &&
	    strcmp(s.pti.blocks[1].zone, "Normal") == 0,
	    "pagetypeinfo: the blocks by their columns");
	sys_snapshot_free(&s);
	part_case("pagetypeinfo", PTI("{\"node\": 0, \"zone\": \"DMA\","
	    " \"blocks\": {\"Unmovable\": 1, \"Hi there\": 2}}"),
	    ": pagetypeinfo.blocks[].blocks is missing or not an object of "
	    "migrate types and counts", "a type with a blank", &s);
	part_case("pagetypeinfo", PTI("{\"node\": 0, \"zone\": \"DMA\","
	    " \"blocks\": {\"Unmovable\": -1}}"),
	    ": pagetypeinfo.blocks[].blocks is missing or not an object of "
	    "migrate types and counts", "a negative count", &s);
	part_case("pagetypeinfo", PTI("{\"node\": 0, \"zone\": \"DMA\","
	    " \"blocks\": [1]}"),
	    ": pagetypeinfo.blocks[].blocks is missing or not an object",
	    "blocks not an object", &s);
	part_case("pagetypeinfo", PTI("{\"node\": 0, \"zone\": \"DMA\"}"),
	    ": pagetypeinfo.blocks[].blocks is missing or not an object",
	    "no blocks", &s);
	part_case("pagetypeinfo", PTI("{\"node\": -1, \"zone\": \"DMA\","
	    " \"blocks\": {}}"),
	    ": pagetypeinfo.blocks[].node is missing or not a node number",
	    "a negative node", &s);
	part_case("pagetypeinfo", PTI("{\"node\": 0, \"blocks\": {}}"),
	    ": pagetypeinfo.blocks[].zone is missing or not a zone name",
	    "no zone", &s);
	part_case("pagetypeinfo", PTI("3"),
	    ": pagetypeinfo.blocks[].node is missing or not a node number",
	    "an item not an object", &s);
#undef PTI
}

/* tmpfs: each mount by its rows, the message the part's own. */
static void
check_tmpfs(void)
{
	static const char item_msg[] = ": tmpfs[1] is not an object with a "
	    "string mount and type and a non-negative used";
	struct sys_snapshot s;

	part_case("tmpfs", "[{\"mount\": \"/dev/shm\", \"type\": \"tmpfs\","
	    " \"used\": 5}, {\"used\": null, \"type\": \"ramfs\", \"mount\":"
	    " \"/a\\\\x20b\"}, {\"mount\": \"/c\", \"type\": \"other\"}]",
	    NULL, "three mounts", &s);
	ok(s.tmpfs_read && s.ntmpfs == 3 && s.tmpfs[0].known &&
	    s.tmpfs[0].used == 5 && !s.tmpfs[1].known &&
	    strcmp(s.tmpfs[1].type, "ramfs") == 0 &&
	    strcmp(s.tmpfs[1].point, "/a b") == 0 &&
	    strcmp(s.tmpfs[2].type, "tmpfs") == 0,
	    "tmpfs: the mounts, their use where known");
	sys_snapshot_free(&s);
	part_case("tmpfs", "[{\"mount\": \"/a\", \"type\": \"tmpfs\"},"
	    " {\"type\": \"tmpfs\"}]", item_msg, "no mount", &s);
	part_case("tmpfs", "[{\"mount\": \"/a\", \"type\": \"tmpfs\"},"
	    " {\"mount\": \"/b\", \"type\": \"tmpfs\", \"used\": -1}]",
	    item_msg, "a negative use", &s);
	part_case("tmpfs", "[{\"mount\": \"/a\", \"type\": \"tmpfs\"},"
	    " {\"mount\": \"/b\", \"type\": 1}]", item_msg,
	    "a type not a string", &s);
	part_case("tmpfs", "[{\"mount\": \"/a\", \"type\": \"tmpfs\"}, 2]",
	    item_msg, "an item not an object", &s);
	part_case("tmpfs", "{}", ": tmpfs is not an array", "not an array", &s);
}

int
main(void)
{
	DIR *d = opendir(tap_src("samples/proc"));
	struct dirent *e;
	int n = 0;

	while (d != NULL && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		check_capture(e->d_name);
		n++;
	}
	if (d != NULL)
		closedir(d);
	ok(n >= 3, "%d captures read", n);
	check_kept("debian12-6.18-a");
	check_kept("node-exporter-4.x");
	check_kept("reserve-6.18");
	check_kept("sysdoc-6.18");
	check_load();
	check_settings();
	check_pti_blocks();
	check_tmpfs();
	return tap_done();
}
