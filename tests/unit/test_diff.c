/* tests/unit/test_diff.c: model/diff.c matching, deltas and notes. */
#include "config.h"

#include <errno.h>

#include "model/diff.h"
#include "model/snapshot.h"
#include "render/diff_view.h"
#include "render/json.h"
#include "render/json_diff.h"
#include "tap.h"
#include "said.h"
#include "util/xmalloc.h"

#define PG 4096ull
#define KB 1024ull

/* A mapping with Size and Rss (and Pss = Rss) set. */
static struct vma
mk(uint64_t start, uint64_t end, const char *perms, const char *path,
    uint64_t inode, uint64_t offset, uint64_t rss)
{
	struct vma v;

	memset(&v, 0, sizeof(v));
	v.start = start;
	v.end = end;
	memcpy(v.perms, perms, 5);
	v.path = path;
	v.path_len = path ? strlen(path) : 0;
	v.inode = inode;
	v.dev_major = inode ? 8 : 0;
	v.offset = offset;
	smaps_set(&v, SMAPS_SIZE, end - start);
	smaps_set(&v, SMAPS_RSS, rss);
	smaps_set(&v, SMAPS_PSS, rss);
	smaps_set(&v, SMAPS_SHARED_CLEAN, 0);
	smaps_set(&v, SMAPS_SHARED_DIRTY, 0);
	smaps_set(&v, SMAPS_PRIVATE_CLEAN, 0);
	smaps_set(&v, SMAPS_PRIVATE_DIRTY, rss);
	smaps_set(&v, SMAPS_SWAP, 0);
	return v;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Run the matcher; the entries' changes as a string ("grown,same"). */
static const char *
changes(struct vma_diff *d, const struct vma *b, size_t nb,
    const struct vma *a, size_t na)
{
	static char out[256];
	size_t len = 0;

	vma_diff_compute(d, b, nb, a, na);
	out[0] = '\0';
	for (size_t i = 0; i < d->len && len < sizeof(out); i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s",
		    i ? "," : "", diff_change_name(d->v[i].change));
	return out;
}


/* The diff printed a mapping at a time is the tree's print, byte for byte. */
static void
printed_alike(const struct proc_diff *pd, const struct diff_view *view,
    const char *what)
{
	char *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	FILE *fa = open_memstream(&a, &na), *fb = open_memstream(&b, &nb);
	json_t *doc = mwjson_diff(pd, view);
	int ra = mwjson_print(doc, fa, false), rb = mwjson_diff_print(pd,
	    view, fb);

	json_decref(doc);
	fclose(fa);
	fclose(fb);
	ok(ra == 0 && rb == 0 && na == nb && memcmp(a, b, na) == 0,
	    "json: %s: printed a mapping at a time as the tree (%zu bytes)",
	    what, na);
	free(a);
	free(b);
}
static void
test_grown_down(void)
{
	/* glibc's second large malloc lands right below the first: merged. */
	struct vma b[] = {
		mk(0x400000, 0x401000, "r-xp", "/bin/x", 7, 0, PG),
		mk(0x7f0000180000, 0x7f0000301000, "rw-p", NULL, 0, 0, PG),
	};
	struct vma a[] = {
		mk(0x400000, 0x401000, "r-xp", "/bin/x", 7, 0, PG),
		mk(0x7effff97f000, 0x7f0000301000, "rw-p", NULL, 0, 0, 3 * PG),
	};
	struct vma_diff d;

	is_str(changes(&d, b, N(b), a, N(a)), "unchanged,grown",
	    "grown_down: same end, lower start is grown");
	is_u64(d.v[1].delta.val[SMAPS_SIZE], 8392704, "grown_down: +8196 KiB");
	is_u64(d.v[1].delta.val[SMAPS_RSS], 2 * PG, "grown_down: rss delta");
	ok(d.v[1].nb == 1 && d.v[1].na == 1, "grown_down: one row each side");
	is_u64(d.count[DIFF_GROWN], 1, "grown_down: counted");
	vma_diff_free(&d);
}

static void
test_grown_up_and_shrunk(void)
{
	struct vma b[] = {
		mk(0x1000000, 0x1021000, "rw-p", "[heap]", 0, 0, 8 * PG),
		mk(0x7f0000000000, 0x7f0000010000, "rw-p", NULL, 0, 0, 0),
		mk(0x7f0000100000, 0x7f0000110000, "rw-p", NULL, 0, 0, 0),
		mk(0x7ffc00000000, 0x7ffc00021000, "rw-p", "[stack]", 0, 0, PG),
	};
	struct vma a[] = {
		mk(0x1000000, 0x1042000, "rw-p", "[heap]", 0, 0, 16 * PG),
		mk(0x7f0000000000, 0x7f0000004000, "rw-p", NULL, 0, 0, 0),
		mk(0x7f0000108000, 0x7f0000110000, "rw-p", NULL, 0, 0, 0),
		mk(0x7ffbfffff000, 0x7ffc00021000, "rw-p", "[stack]", 0, 0, 2 * PG),
	};
	struct vma_diff d;

	is_str(changes(&d, b, N(b), a, N(a)), "grown,shrunk,shrunk,grown",
	    "heap grows up, mremap shrinks, shrinks from below, stack grows down");
	ok(d.v[0].delta.val[SMAPS_SIZE] == 0x21000, "heap: +132 KiB");
	ok(d.v[1].delta.val[SMAPS_SIZE] == -0xc000, "shrunk up: -48 KiB");
	ok(d.v[2].delta.val[SMAPS_SIZE] == -0x8000, "shrunk from below: -32 KiB");
	vma_diff_free(&d);
}

static void
test_split_and_merge(void)
{
	struct vma one[] = {
		mk(0x10000, 0x20000, "---p", NULL, 0, 0, 0),
		mk(0x20000, 0x30000, "rw-p", NULL, 0, 0, 16 * PG),
		mk(0x30000, 0x40000, "---p", NULL, 0, 0, 0),
	};
	struct vma three[] = {
		mk(0x10000, 0x20000, "---p", NULL, 0, 0, 0),
		mk(0x20000, 0x24000, "rw-p", NULL, 0, 0, 4 * PG),
		mk(0x24000, 0x28000, "r--p", NULL, 0, 0, 4 * PG),
		mk(0x28000, 0x30000, "rw-p", NULL, 0, 0, 8 * PG),
		mk(0x30000, 0x40000, "---p", NULL, 0, 0, 0),
	};
	struct vma hole[] = {
		mk(0x20000, 0x24000, "rw-p", NULL, 0, 0, 4 * PG),
		mk(0x28000, 0x30000, "rw-p", NULL, 0, 0, 8 * PG),
	};
	struct vma_diff d;

	is_str(changes(&d, one, N(one), three, N(three)),
	    "unchanged,split,unchanged", "mprotect on a part: split");
	ok(d.v[1].nb == 1 && d.v[1].na == 3, "split: one before, three pieces");
	ok(d.v[1].delta.val[SMAPS_SIZE] == 0 && d.v[1].delta.val[SMAPS_RSS] == 0,
	    "split: sums unchanged");
	vma_diff_free(&d);
	is_str(changes(&d, three, N(three), one, N(one)),
	    "unchanged,merged,unchanged", "mprotect back: merged");
	ok(d.v[1].nb == 3 && d.v[1].na == 1, "merged: three pieces, one after");
	vma_diff_free(&d);
	is_str(changes(&d, one + 1, 1, hole, N(hole)), "split",
	    "munmap in the middle: split with a hole");
	ok(d.v[0].delta.val[SMAPS_SIZE] == -0x4000, "split with hole: -16 KiB");
	vma_diff_free(&d);
}

static void
test_added_removed(void)
{
	struct vma b[] = {
		mk(0x10000, 0x20000, "rw-p", NULL, 0, 0, PG),
		mk(0x30000, 0x40000, "rw-p", NULL, 0, 0, 2 * PG),
	};
	struct vma a[] = {
		mk(0x30000, 0x40000, "rw-p", NULL, 0, 0, 2 * PG),
		mk(0x50000, 0x58000, "rw-p", NULL, 0, 0, 3 * PG),
	};
	struct vma partial[] = {
		mk(0x18000, 0x28000, "rw-p", NULL, 0, 0, PG),
	};
	struct vma_diff d;

	is_str(changes(&d, b, N(b), a, N(a)), "removed,unchanged,added",
	    "munmap and mmap elsewhere: removed, added");
	ok(d.v[0].delta.val[SMAPS_SIZE] == -0x10000 &&
	    d.v[0].delta.val[SMAPS_RSS] == -(int64_t)PG, "removed: negative delta");
	ok(d.v[2].delta.val[SMAPS_SIZE] == 0x8000 &&
	    d.v[2].delta.val[SMAPS_RSS] == 3 * (int64_t)PG, "added: positive delta");
	ok(d.v[0].na == 0 && d.v[2].nb == 0, "no partner rows");
	vma_diff_free(&d);
	is_str(changes(&d, b, 1, partial, 1), "removed,added",
	    "overlap without a shared start or end: removed + added");
	vma_diff_free(&d);
	is_str(changes(&d, NULL, 0, a, N(a)), "added,added", "nothing before");
	vma_diff_free(&d);
	is_str(changes(&d, b, N(b), NULL, 0), "removed,removed", "nothing after");
	vma_diff_free(&d);
	is_str(changes(&d, NULL, 0, NULL, 0), "", "nothing at all");
	vma_diff_free(&d);
}

static void
test_files(void)
{
	/* The same file and offset, mapped elsewhere: one mapping moved. */
	struct vma b[] = {
		mk(0x7f0000001000, 0x7f0000003000, "r--p", "/lib/a.so", 11, 0x2000, PG),
		mk(0x7f0000010000, 0x7f0000020000, "r--p", "/data/x", 12, 0, PG),
		mk(0x7f0000030000, 0x7f0000031000, "r--p", "/data/y", 13, 0, PG),
	};
	struct vma a[] = {
		mk(0x7f0000010000, 0x7f0000020000, "r--p", "/data/z", 14, 0, PG),
		mk(0x7f0000030000, 0x7f0000033000, "r--p", "/data/y", 13, 0, 2 * PG),
		mk(0x7f0000091000, 0x7f0000093000, "r--p", "/lib/a.so", 11, 0x2000, PG),
	};
	struct vma c[] = {
		mk(0x7f0000030000, 0x7f0000033000, "r--p", "/data/y", 13, 0x1000, PG),
	};
	struct vma del[] = {
		mk(0x7f0000030000, 0x7f0000031000, "r--p", "/data/y (deleted)", 13, 0, PG),
	};
	struct vma_diff d;

	is_str(changes(&d, b, N(b), a, N(a)), "changed,removed,added,grown",
	    "files: moved by inode+offset, other inode replaced, grown in place");
	ok(d.v[0].nb == 1 && d.v[0].na == 1 &&
	    diff_entry_after(&d, &d.v[0], 0)->start == 0x7f0000091000,
	    "files: the moved mapping found its new place");
	vma_diff_free(&d);
	is_str(changes(&d, b + 2, 1, c, 1), "removed,added",
	    "files: same start, another offset is another mapping");
	vma_diff_free(&d);
	is_str(changes(&d, b + 2, 1, del, 1), "changed",
	    "files: unlinked file, same inode, is the same mapping");
	vma_diff_free(&d);
}

static void
test_unchanged_and_changed(void)
{
	struct vma b[] = {
		mk(0x10000, 0x20000, "rw-p", NULL, 0, 0, PG),
		mk(0x20000, 0x30000, "rw-p", "[anon:x]", 0, 0, PG),
		mk(0x30000, 0x40000, "rw-p", NULL, 0, 0, PG),
	};
	struct vma a[3];
	struct vma named[] = {
		mk(0x28000, 0x30000, "rw-p", "[anon:y]", 0, 0, PG),
	};
	struct vma_diff d;

	memcpy(a, b, sizeof(a));
	is_str(changes(&d, b, N(b), a, N(a)), "unchanged,unchanged,unchanged",
	    "identical: all unchanged");
	is_u64(d.count[DIFF_SAME], 3, "identical: counted unchanged");
	vma_diff_free(&d);
	a[0].val[SMAPS_RSS] = 2 * PG;
	memcpy(a[2].perms, "r--p", 5);
	is_str(changes(&d, b, N(b), a, N(a)), "changed,unchanged,changed",
	    "rss moved, perms moved: changed");
	ok(d.v[0].delta.val[SMAPS_RSS] == (int64_t)PG, "changed: rss delta");
	ok(diff_vma_moved(&b[2], &a[2]), "perms count as moved");
	vma_diff_free(&d);
	is_str(changes(&d, b + 1, 1, named, 1), "removed,added",
	    "anonymous with another name does not grow into it");
	vma_diff_free(&d);
}

static void
test_fallback_and_order(void)
{
	/* Rows given out of order; a cluster that is neither split nor merge. */
	struct vma b[] = {
		mk(0x20000, 0x30000, "---p", NULL, 0, 0, 0),
		mk(0x10000, 0x20000, "rw-p", NULL, 0, 0, PG),
	};
	struct vma a[] = {
		mk(0x10000, 0x28000, "rw-p", NULL, 0, 0, 2 * PG),
		mk(0x28000, 0x30000, "---p", NULL, 0, 0, 0),
	};
	struct vma dup[] = {
		mk(0x10000, 0x20000, "rw-p", NULL, 0, 0, PG),
		mk(0x10000, 0x20000, "rw-p", NULL, 0, 0, PG),
		mk(0x18000, 0x19000, "rw-p", NULL, 0, 0, PG),
		mk(0x19000, 0x19000, "rw-p", NULL, 0, 0, 0),
	};
	struct vma_diff d;

	is_str(changes(&d, b, N(b), a, N(a)), "grown,shrunk",
	    "arena grows into its reservation: grown + shrunk guard");
	ok(diff_entry_before(&d, &d.v[0], 0)->start == 0x10000,
	    "unsorted input sorted");
	vma_diff_free(&d);
	/* Overlapping, duplicated, empty rows (a damaged file): no crash. */
	changes(&d, dup, N(dup), a, N(a));
	ok(d.len >= 2, "overlapping rows: still a diff (%zu entries)", d.len);
	vma_diff_free(&d);
}

static void
test_large(void)
{
	/* 60,000 mappings a side, every other one grown downwards. */
	size_t n = 60000;
	struct vma *b = mw_xcalloc(n, sizeof(*b)), *a = mw_xcalloc(n, sizeof(*a));
	struct vma_diff d;
	bool order = true;

	for (size_t i = 0; i < n; i++) {
		uint64_t base = 0x10000000 + (uint64_t)i * 0x10000;

		b[i] = mk(base + 0x8000, base + 0xc000, "rw-p", NULL, 0, 0, PG);
		a[i] = mk(base + (i % 2 ? 0x4000 : 0x8000), base + 0xc000,
		    "rw-p", NULL, 0, 0, PG);
	}
	vma_diff_compute(&d, b, n, a, n);
	is_u64(d.len, n, "large: one entry per mapping");
	is_u64(d.count[DIFF_GROWN], n / 2, "large: half grown");
	is_u64(d.count[DIFF_SAME], n / 2, "large: half unchanged");
	for (size_t i = 1; i < d.len; i++)
		order &= diff_entry_before(&d, &d.v[i - 1], 0)->start <
		    diff_entry_before(&d, &d.v[i], 0)->start;
	ok(order, "large: entries in address order");
	vma_diff_free(&d);
	free(b);
	free(a);
}

/* Two snapshots around rows, totals summed, for the notes. */
static void
snap_of(struct proc_snapshot *s, struct vma *rows, size_t n)
{
	snapshot_init(s);
	s->pid = 42;
	s->has_start = true;
	s->start_ticks = 1000;
	s->page_size = PG;
	s->has_vmas = true;
	for (size_t i = 0; i < n; i++)
		*vma_vec_push(&s->vmas) = rows[i];
	snapshot_sum(s);
}

/* MADV_FREE and copy-on-write in a private file mapping get notes. */
static void
test_lazyfree_filecow(void)
{
	struct vma b[] = {
		mk(0x7f0000600000, 0x7f0000700000, "rw-p", "/tmp/data", 9, 0,
		    256 * PG),
		mk(0x7f0000800000, 0x7f0000900000, "rw-p", NULL, 0, 0, 256 * PG),
	};
	struct vma a[] = { b[0], b[1] };
	struct proc_snapshot sb, sa;
	struct proc_diff pd;
	const struct finding *f;

	/* The kernel prints every field for every mapping. */
	smaps_set(&b[0], SMAPS_ANONYMOUS, 0);
	smaps_set(&b[1], SMAPS_ANONYMOUS, 0);
	smaps_set(&b[0], SMAPS_LAZY_FREE, 0);
	smaps_set(&b[1], SMAPS_LAZY_FREE, 0);
	a[0] = b[0];
	a[1] = b[1];
	smaps_set(&a[0], SMAPS_ANONYMOUS, 16 * PG);
	smaps_set(&a[1], SMAPS_LAZY_FREE, 128 * PG);
	snap_of(&sb, b, N(b));
	snap_of(&sa, a, N(a));
	proc_diff_compute(&pd, &sb, &sa);
	f = finding_find(&pd.notes, "file-cow");
	ok(f != NULL && f->bytes == 16 * PG && strstr(said(f->text), "64K") != NULL,
	    "notes: copy-on-write in a file mapping");
	f = finding_find(&pd.notes, "lazy-free");
	ok(f != NULL && f->bytes == 128 * PG && strstr(said(f->text), "512K") != NULL,
	    "notes: MADV_FREE shows as LazyFree");
	proc_diff_free(&pd);
	snapshot_free(&sb);
	snapshot_free(&sa);
}

/* A library's Pss moving by a page is the observer's noise, 1 MiB is news. */
static void
test_pss_noise(void)
{
	struct vma lib[] = {
		mk(0x7f0000600000, 0x7f0000700000, "r-xp", "/lib/libc.so.6", 8,
		    0, 256 * PG),
	};
	struct vma later[] = { lib[0] };
	struct proc_snapshot sb, sa;
	struct proc_diff pd;
	uint64_t fall[] = { PG, 256 * 1024 };

	lib[0].val[SMAPS_PSS] = 128 * PG;
	for (size_t i = 0; i < N(fall); i++) {
		later[0] = lib[0];
		later[0].val[SMAPS_PSS] = 128 * PG - fall[i];
		snap_of(&sb, lib, N(lib));
		snap_of(&sa, later, N(later));
		proc_diff_compute(&pd, &sb, &sa);
		ok((finding_find(&pd.notes, "pss-fell") != NULL) == (i == 1),
		    "notes: Pss fell by %" PRIu64 " bytes: %s", fall[i],
		    i == 1 ? "noted" : "too small to note");
		proc_diff_free(&pd);
		snapshot_free(&sb);
		snapshot_free(&sa);
	}
}

static void
test_notes(void)
{
	struct vma b[] = {
		mk(0x7f0000180000, 0x7f0000301000, "rw-p", NULL, 0, 0, PG),
		mk(0x7f0000400000, 0x7f0000410000, "rw-p", NULL, 0, 0, 16 * PG),
		mk(0x7f0000500000, 0x7f0000540000, "rw-p", NULL, 0, 0, 64 * PG),
	};
	struct vma a[] = {
		mk(0x7effff97f000, 0x7f0000301000, "rw-p", NULL, 0, 0, 3 * PG),
		mk(0x7f0000500000, 0x7f0000540000, "rw-p", NULL, 0, 0, 64 * PG),
	};
	struct proc_snapshot sb, sa;
	struct proc_diff pd;
	const struct finding *n;
	struct diff_view view = { .interval = -1, .same_process = true };
	json_t *doc;

	/* The last mapping became shared: Pss halves, Rss holds. */
	a[1].val[SMAPS_PSS] = 32 * PG;
	a[1].val[SMAPS_SHARED_DIRTY] = 64 * PG;
	a[1].val[SMAPS_PRIVATE_DIRTY] = 0;
	snap_of(&sb, b, N(b));
	snap_of(&sa, a, N(a));
	proc_diff_compute(&pd, &sb, &sa);
	n = finding_find(&pd.notes, "lazy-allocation");
	ok(n != NULL, "notes: lazy allocation found");
	if (n != NULL) {
		is_u64(n->bytes, 8392704 - 2 * PG, "notes: untouched bytes");
		ok(strstr(said(n->text), "8.0M") != NULL &&
		    strstr(said(n->text), "8.0K") != NULL,
		    "notes: figures in text");
	}
	n = finding_find(&pd.notes, "unmapped");
	ok(n != NULL && n->bytes == 16 * PG, "notes: 64 KiB unmapped");
	n = finding_find(&pd.notes, "shared-after-fork");
	ok(n != NULL && n->bytes == 32 * PG, "notes: Pss fell while Rss held");
	ok(pd.totals.val[SMAPS_SIZE] == 8392704 - 16 * (int64_t)PG,
	    "totals: size delta");
	ok(pd.mappings == -1, "totals: one mapping fewer");
	doc = mwjson_diff(&pd, &view);
	ok(json_integer_value(json_object_get(json_object_get(doc, "totals"),
	    "rss")) == -14 * (json_int_t)PG, "json: totals delta");
	ok(json_array_size(json_object_get(doc, "vmas")) == 3,
	    "json: unchanged mappings hidden");
	is_str(json_string_value(json_object_get(json_array_get(
	    json_object_get(doc, "vmas"), 0), "change")), "grown",
	    "json: first change is grown");
	ok(json_is_null(json_object_get(json_array_get(json_object_get(doc,
	    "vmas"), 1), "after")), "json: removed has after null");
	json_decref(doc);
	printed_alike(&pd, &view, "changes");
	view.all = true;
	printed_alike(&pd, &view, "changes, --all");
	view.all = false;
	proc_diff_free(&pd);
	proc_diff_compute(&pd, &sb, &sb);
	ok(pd.notes.len == 1 && finding_find(&pd.notes, "unchanged"),
	    "notes: nothing changed");
	printed_alike(&pd, &view, "nothing changed");
	proc_diff_free(&pd);
	snapshot_free(&sb);
	snapshot_free(&sa);
	test_pss_noise();
	test_lazyfree_filecow();
}

/* "Same process" is one rule: pid, and start time when both know it. */
static void
test_same_process(void)
{
	struct proc_id a = { 42, true, 1000 }, b = a;

	ok(proc_id_same(a, b), "same pid, same start: one process");
	b.start = 1001;
	ok(!proc_id_same(a, b), "same pid, another start: the pid was reused");
	b.has_start = false;
	ok(proc_id_same(a, b), "a side without a start time: the pid decides");
	b = a;
	b.pid = 43;
	ok(!proc_id_same(a, b), "another pid: another process");
}

int
main(void)
{
	test_same_process();
	test_grown_down();
	test_grown_up_and_shrunk();
	test_split_and_merge();
	test_added_removed();
	test_files();
	test_unchanged_and_changed();
	test_fallback_and_order();
	test_large();
	test_notes();
	return tap_done();
}
