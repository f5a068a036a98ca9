/* tests/unit/test_mapview.c: model/mapview.c matches mappings across reads. */
#include "config.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/mapview.h"
#include "source.h"
#include "tap.h"
#include "util/err.h"

static char root[] = "/tmp/mw-mapview-XXXXXX";

#define KB " kB\n"
#define VMAI(range, perms, inode, path, size, rss, pss, swap) \
	range " " perms " 00000000 08:01 " inode " " path "\n" \
	"Size: " size KB "Rss: " rss KB "Pss: " pss KB "Swap: " swap KB
#define VMA(range, perms, path, size, rss, pss, swap) \
	VMAI(range, perms, "0", path, size, rss, pss, swap)

/* Opened: a heap, an anonymous region and a library. */
static const char before[] =
	VMA("1000-5000", "rw-p", "[heap]", "16", "8", "8", "0")
	VMA("7f0000010000-7f0000020000", "rw-p", "", "64", "64", "64", "0")
	VMA("7f0000100000-7f0000104000", "r-xp", "/lib/libgone.so", "16", "16", "4", "0");

/*
 * Now: the heap grew upwards (same start), the anonymous region grew
 * downwards (same end), the library is gone, a new mapping appeared.
 */
static const char after[] =
	VMA("1000-9000", "rw-p", "[heap]", "32", "24", "24", "0")
	VMA("7f0000000000-7f0000020000", "rw-p", "", "128", "96", "96", "8")
	VMA("7f0000200000-7f0000201000", "rw-p", "", "4", "4", "4", "0");

static void
cleanup(void)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/42/smaps", root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/42", root);
	rmdir(path);
	rmdir(root);
}

int
main(void)
{
	struct mw_source src;
	struct mapview mv, mv2;
	struct mw_err err;
	char path[512];
	int rc;

	if (mkdtemp(root) == NULL)
		return 99;
	atexit(cleanup);
	snprintf(path, sizeof(path), "%s/42", root);
	mkdir(path, 0700);
	tap_put(root, "42/smaps", before);
	mw_err_clear(&err);
	if (mw_source_open(&src, root, &err) < 0)
		return 99;

	rc = mapview_open(&mv, &src, 42, &err);
	if (!ok(rc == 0, "open: %s", err.msg))
		return tap_done();
	is_u64(mv.len, 3, "three mappings");
	is_u64((uint64_t)mv.total_delta[MV_RSS], 0, "no change when just opened");
	ok(!mv.rows[0].added && !mv.rows[2].added, "nothing is new yet");

	tap_put(root, "42/smaps", after);
	rc = mapview_refresh(&mv, &src, &err);
	ok(rc == 0, "refresh");
	is_u64(mv.len, 3, "three mappings now");
	ok(!mv.rows[0].added, "heap matched by its start");
	is_u64((uint64_t)mv.rows[0].delta[MV_SIZE], 16 * 1024, "heap grew 16 KiB");
	is_u64((uint64_t)mv.rows[0].delta[MV_RSS], 16 * 1024, "heap Rss +16 KiB");
	ok(!mv.rows[1].added, "region grown downwards matched by its end");
	is_u64((uint64_t)mv.rows[1].delta[MV_SIZE], 64 * 1024, "it grew 64 KiB");
	is_u64((uint64_t)mv.rows[1].delta[MV_SWAP], 8 * 1024, "swap +8 KiB");
	ok(mv.rows[2].added, "a mapping not there when opened is new");
	is_u64((uint64_t)mv.rows[2].delta[MV_PSS], 4 * 1024,
	    "a new mapping's whole Pss is change");
	is_u64(mv.removed, 1, "the library is counted gone");
	is_u64(mv.total[MV_SIZE], (32 + 128 + 4) * 1024, "total Size now");
	is_u64((uint64_t)mv.total_delta[MV_PSS], (124 - 76) * 1024,
	    "total Pss change counts the gone library too");

	tap_put(root, "42/smaps", before);
	ok(mapview_refresh(&mv, &src, &err) == 0, "back to the start");
	is_u64((uint64_t)mv.total_delta[MV_RSS], 0, "no change against the baseline");

	/*
	 * Another file at the same addresses is not the mapping that was
	 * there (matching by start alone took it for it); a region cut in
	 * two by mprotect is one change, shown once.
	 */
	tap_put(root, "42/smaps", VMAI("1000-5000", "r--p", "11", "/lib/a.so", "16", "16", "16", "0")
	    VMA("7f0000010000-7f0000020000", "rw-p", "", "64", "64", "64", "0"));
	ok(mapview_open(&mv2, &src, 42, &err) == 0, "open a second view");
	tap_put(root, "42/smaps", VMAI("1000-5000", "r--p", "22", "/lib/b.so", "16", "8", "8", "0")
	    VMA("7f0000010000-7f0000018000", "rw-p", "", "32", "32", "32", "0")
	    VMA("7f0000018000-7f0000020000", "r--p", "", "32", "32", "32", "0"));
	ok(mapview_refresh(&mv2, &src, &err) == 0, "refresh it");
	ok(mv2.rows[0].added, "another file at the same start is new");
	is_u64((uint64_t)mv2.rows[0].delta[MV_RSS], 8 * 1024,
	    "... its whole Rss is change");
	is_u64(mv2.removed, 1, "... and the file that was there is gone");
	ok(mv2.rows[1].change == DIFF_SPLIT && mv2.rows[2].change == DIFF_SPLIT,
	    "both halves of a split region are marked split");
	ok(!mv2.rows[1].added && !mv2.rows[2].added, "... neither is new");
	ok(mv2.rows[1].delta[MV_SIZE] == 0 && mv2.rows[2].delta[MV_SIZE] == 0 &&
	    mv2.rows[2].delta[MV_RSS] == 0,
	    "... and the split moved no memory (not -32 KiB on each half)");
	mapview_close(&mv2);

	tap_put(root, "42/smaps", before);
	snprintf(path, sizeof(path), "%s/42/smaps", root);
	unlink(path);
	mw_err_clear(&err);
	ok(mapview_refresh(&mv, &src, &err) < 0, "a vanished process is an error (%s)",
	    err.msg);
	ok(mv.len == 3 && mv.rows[0].vma->path != NULL &&
	    strcmp(mv.rows[0].vma->path, "[heap]") == 0,
	    "and its last rows stay");

	mapview_close(&mv);
	mw_source_close(&src);
	return tap_done();
}
