/* tests/unit/test_smaps.c: parse/smaps.c on captures and edge cases. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "parse/smaps.h"
#include "tap.h"
#include "util/arena.h"

struct parsed {
	struct mw_arena arena;
	struct vma_vec vv;
	size_t skipped;
	int rc;
};

static void
parse(struct parsed *p, const char *text, size_t len)
{
	mw_arena_init(&p->arena);
	vma_vec_init(&p->vv);
	p->rc = smaps_parse(text, len, &p->arena, &p->vv, &p->skipped);
}

static void
done(struct parsed *p)
{
	vma_vec_free(&p->vv);
	mw_arena_free(&p->arena);
}

/* Sum "Key:   N kB" lines by plain string search, independent of the parser. */
static uint64_t
naive_sum(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *p = text;
	uint64_t sum = 0;

	while ((p = strstr(p, key)) != NULL) {
		if ((p == text || p[-1] == '\n') && p[klen] == ':')
			sum += strtoull(p + klen + 1, NULL, 10) * 1024;
		p += klen;
	}
	return sum;
}

static uint64_t
parsed_sum(const struct parsed *p, enum smaps_field f)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < p->vv.len; i++)
		sum += p->vv.v[i].val[f];
	return sum;
}

static size_t
naive_headers(const char *text)
{
	size_t n = 0;
	const char *p = text;

	for (; *p != '\0'; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
		const char *q = p;

		while ((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f'))
			q++;
		if (q > p && *q == '-')
			n++;
	}
	return n;
}

static bool
same_row(const struct vma *a, const struct vma *b)
{
	return a->start == b->start && a->end == b->end &&
	    a->present == b->present && a->vmflags == b->vmflags &&
	    memcmp(a->val, b->val, sizeof(a->val)) == 0 &&
	    a->path_len == b->path_len &&
	    (a->path == NULL) == (b->path == NULL) &&
	    (a->path == NULL || memcmp(a->path, b->path, a->path_len) == 0);
}

/*
 * Text that arrives in pieces, as snapshot.c reads it: each time the
 * whole mappings (smaps_complete()) are parsed and the rest carried on.
 * Every piece size must give the rows of the whole text.
 */
static void
check_pieces(const char *path, const char *text, size_t len,
    const struct parsed *whole)
{
	static const size_t sizes[] = { 1, 7, 64, 500, 4096 };

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		struct parsed p;
		size_t have = 0, from = 0, skipped = 0, sk, cut;
		size_t seen = 0, nl = SIZE_MAX, again;
		bool good, same = true;

		mw_arena_init(&p.arena);
		vma_vec_init(&p.vv);
		while (from < len) {
			have = have + sizes[k] < len ? have + sizes[k] : len;
			cut = have == len ? have - from :
			    smaps_complete(text + from, have - from);
			/* The incremental form finds the same cut. */
			again = have == len ? cut : smaps_complete_from(
			    text + from, have - from, &seen, &nl);
			same = same && again == cut;
			seen -= cut;
			nl = nl != SIZE_MAX && nl >= cut ? nl - cut : SIZE_MAX;
			if (cut == 0)
				continue;
			sk = 0;
			smaps_parse(text + from, cut, &p.arena, &p.vv, &sk);
			skipped += sk;
			from += cut;
		}
		good = same && p.vv.len == whole->vv.len &&
		    skipped == whole->skipped;
		for (size_t i = 0; good && i < p.vv.len; i++)
			good = same_row(&p.vv.v[i], &whole->vv.v[i]);
		ok(good, "capture %s in %zu-byte pieces: the same %zu rows",
		    path, sizes[k], p.vv.len);
		done(&p);
	}
}

/* One smaps file of a capture: rows and sums agree with a naive count. */
static void
check_file(const char *path)
{
	static const enum smaps_field sums[] = { SMAPS_SIZE, SMAPS_RSS,
	    SMAPS_PSS, SMAPS_PRIVATE_DIRTY, SMAPS_SWAP };
	struct parsed p;
	size_t len;
	char *text = tap_slurp(path, &len);
	int good = 1;

	if (text == NULL)
		return;
	parse(&p, text, len);
	good &= p.rc == 0 && p.skipped == 0;
	good &= p.vv.len == naive_headers(text);
	for (size_t i = 0; i < sizeof(sums) / sizeof(sums[0]); i++)
		good &= parsed_sum(&p, sums[i]) ==
		    naive_sum(text, smaps_field_kernel_name(sums[i]));
	if (!ok(good, "capture %s: %zu rows, sums agree", path, p.vv.len))
		tap_diag("rc %d skipped %zu rows %zu naive %zu", p.rc, p.skipped,
		    p.vv.len, naive_headers(text));
	check_pieces(path, text, len, &p);
	done(&p);
	free(text);
}

/* Every PID/smaps and PID/smaps_rollup under dir (one level of trees). */
static int
walk_tree(const char *dir)
{
	char path[4096];
	struct dirent *de;
	int n = 0;
	DIR *d = opendir(dir);

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "%s/%s/smaps", dir, de->d_name);
		check_file(path);
		snprintf(path, sizeof(path), "%s/%s/smaps_rollup", dir, de->d_name);
		check_file(path);
		n++;
	}
	closedir(d);
	return n;
}

static int
walk_trees(const char *top, const char *sub)
{
	char path[4096];
	struct dirent *de;
	int n = 0;
	DIR *d = opendir(top);

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s%s", top,
		    de->d_name, sub) >= sizeof(path))
			continue;
		n += walk_tree(path);
	}
	closedir(d);
	return n;
}

static const char zoo[] =
"55d0c8a00000-55d0c8a21000 rw-p 00000000 00:00 0                          [heap]\n"
"Size:                132 kB\n"
"KernelPageSize:        4 kB\n"
"MMUPageSize:           4 kB\n"
"Rss:                   8 kB\n"
"Pss:                   8 kB\n"
"Pss_Dirty:             8 kB\n"
"Shared_Clean:          0 kB\n"
"Private_Dirty:         8 kB\n"
"THPeligible:           0\n"
"VmFlags: rd wr mr mw me ac zz\n"
"7f04d5c74000-7f04d5c7c000 rw-s 00001000 fd:01 123456                     /tmp/dir with space/file (1).dat (deleted)\n"
"Size:                 32 kB\n"
"Rss:                  16 kB\n"
"NewField:             12 kB\n"
"Name:           dalvik heap\n"
"Counter:              7\n"
"VmFlags: rd wr sh mr mw me ms\n"
"7f04d5c84000-7f04d5c94000 ---p 00000000 00:00 0 \n"
"Size:                 64 kB\n"
"7f04d5ca0000-7f04d5ca1000 rw-p 00000000 00:00 0  [anon:my name]\n"
"Size:                  4 kB\n"
"ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n"
"Size:                  4 kB";

static void
test_zoo(void)
{
	struct parsed p;
	struct vma *v;
	struct smaps_extra *x;
	int n = 0;

	parse(&p, zoo, sizeof(zoo) - 1);
	ok(p.rc == 0 && p.vv.len == 5 && p.skipped == 0, "zoo: 5 rows, none skipped");
	v = &p.vv.v[0];
	is_str(v->path, "[heap]", "heap path");
	is_u64(v->start, 0x55d0c8a00000, "heap start");
	is_u64(v->val[SMAPS_SIZE], 132 * 1024, "heap size in bytes");
	ok(smaps_has(v, SMAPS_PSS_DIRTY) && !smaps_has(v, SMAPS_SWAP),
	    "printed fields present, others absent");
	ok(smaps_has(v, SMAPS_THP_ELIGIBLE) && v->val[SMAPS_THP_ELIGIBLE] == 0,
	    "THPeligible kept as a count");
	ok((v->vmflags >> VMF_AC & 1) && !(v->vmflags >> VMF_SH & 1),
	    "vmflags bits");
	is_str(v->vmflags_other, "zz", "unknown vmflag kept");
	v = &p.vv.v[1];
	is_str(v->path, "/tmp/dir with space/file (1).dat (deleted)",
	    "path with spaces, parentheses and (deleted)");
	ok(v->dev_major == 0xfd && v->dev_minor == 1 && v->inode == 123456 &&
	    v->offset == 4096 && strcmp(v->perms, "rw-s") == 0, "header fields");
	for (x = v->extra; x != NULL; x = x->next, n++) {
		if (strcmp(x->name, "NewField") == 0)
			ok(x->is_kb && x->value == 12 * 1024, "unknown kB field kept in bytes");
		else if (strcmp(x->name, "Name") == 0)
			is_str(x->text, "dalvik heap", "unknown text field kept");
		else if (strcmp(x->name, "Counter") == 0)
			ok(!x->is_kb && x->value == 7 && x->text == NULL,
			    "unknown plain number kept");
	}
	ok(n == 3, "three extra fields");
	ok(p.vv.v[2].path == NULL && p.vv.v[2].val[SMAPS_SIZE] == 65536,
	    "nameless line with trailing space");
	is_str(p.vv.v[3].path, "[anon:my name]", "anon name with a space");
	ok(p.vv.v[4].start == 0xffffffffff600000 &&
	    p.vv.v[4].val[SMAPS_SIZE] == 4096, "vsyscall, last line without newline");
	{
		/* Without an arena: the same rows, no names kept. */
		struct smaps_iter it;
		struct vma w;
		size_t i = 0, same = 0;

		smaps_iter_init(&it, zoo, sizeof(zoo) - 1);
		while (smaps_next(&it, NULL, &w) == 1 && i < p.vv.len) {
			v = &p.vv.v[i++];
			if (w.start == v->start && w.end == v->end &&
			    w.present == v->present && w.vmflags == v->vmflags &&
			    memcmp(w.val, v->val, sizeof(w.val)) == 0 &&
			    w.path == NULL && w.extra == NULL &&
			    w.vmflags_other == NULL)
				same++;
		}
		is_u64(same, 5, "no arena: the same five rows, no path, "
		    "extra field or unknown flag kept");
	}
	done(&p);
}

static const struct {
	const char *name, *text;
	int want_rc;
	size_t want_rows, want_skipped;
	uint64_t want_rss;	/* of the first row */
	int rss_present;
} edge[] = {
	{ "unknown_key_text_value", "00400000-00401000 r-xp 00000000 08:00 42 /x\ns:\xff\xff 4 kB0\n",
	    0, 1, 0, 0, 0 },
	{ "empty", "", 0, 0, 0, 0, 0 },
	{ "garbage_only", "hello world\nthis is not smaps\n", -EINVAL, 0, 2, 0, 0 },
	{ "crlf", "00400000-00401000 r-xp 00000000 08:01 42 /bin/x\r\nRss:   4 kB\r\n",
	    0, 1, 0, 4096, 1 },
	{ "truncated_mid_value", "00400000-00401000 r-xp 00000000 08:01 42 /bin/x\nRss:   4",
	    0, 1, 1, 0, 0 },
	{ "truncated_header", "00400000-004010", -EINVAL, 0, 1, 0, 0 },
	{ "kb_overflow", "00400000-00401000 r-xp 00000000 08:01 42\nRss: 18014398509481984 kB\n",
	    0, 1, 1, 0, 0 },
	{ "beyond_64_bits", "00400000-00401000 r-xp 00000000 08:01 42\nRss: 99999999999999999999 kB\n",
	    0, 1, 1, 0, 0 },
	{ "negative", "00400000-00401000 r-xp 00000000 08:01 42\nRss: -4 kB\n", 0, 1, 1, 0, 0 },
	{ "end_before_start", "00401000-00400000 r-xp 00000000 08:01 42\nRss: 4 kB\n",
	    -EINVAL, 0, 2, 0, 0 },
	{ "old_KB_unit", "00400000-00401000 r-xp 00000000 08:01 42\nRss: 4 KB\n", 0, 1, 0, 4096, 1 },
	{ "missing_unit", "00400000-00401000 r-xp 00000000 08:01 42\nRss: 4\n", 0, 1, 1, 0, 0 },
	{ "rollup", "55bbe7d77000-7ffefb1c8000 ---p 00000000 00:00 0 [rollup]\nRss: 6112 kB\nPss_Anon: 2284 kB\n",
	    0, 1, 0, 6112 * 1024, 1 },
	{ "fields_before_header", "Rss: 4 kB\n00400000-00401000 r-xp 00000000 08:01 42\n",
	    0, 1, 1, 0, 0 },
	{ "leading_zeros_in_addresses", "0000000000000000000400000-00000000000000000000401000 r-xp 00000000 08:01 42\nRss: 4 kB\n",
	    0, 1, 0, 4096, 1 },
	{ "address_beyond_64_bits", "10000000000000000-20000000000000000 r-xp 00000000 08:01 42\nRss: 4 kB\n",
	    -EINVAL, 0, 2, 0, 0 },
	{ "uppercase_hex", "0040A000-0040B000 r-xp 0000000F 0A:0B 42\nRss: 4 kB\n",
	    0, 1, 0, 4096, 1 },
	{ "nul_byte_in_path", "00400000-00401000 r-xp 00000000 08:01 42 /a\0b\nRss: 8 kB\n",
	    0, 1, 0, 8192, 1 },
};

static void
test_edges(void)
{
	for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++) {
		struct parsed p;
		size_t len = strlen(edge[i].text);
		int good;

		if (strcmp(edge[i].name, "nul_byte_in_path") == 0)
			len += 1 + strlen(edge[i].text + len + 1);
		parse(&p, edge[i].text, len);
		good = p.rc == edge[i].want_rc && p.vv.len == edge[i].want_rows &&
		    p.skipped == edge[i].want_skipped;
		if (good && p.vv.len > 0)
			good = smaps_has(&p.vv.v[0], SMAPS_RSS) == edge[i].rss_present &&
			    p.vv.v[0].val[SMAPS_RSS] == edge[i].want_rss;
		if (!ok(good, "edge %s", edge[i].name))
			tap_diag("rc %d rows %zu skipped %zu", p.rc, p.vv.len, p.skipped);
		done(&p);
	}
}

static void
test_names(void)
{
	ok(smaps_field_by_json_name("private_dirty") == SMAPS_PRIVATE_DIRTY,
	    "json name lookup");
	ok(smaps_field_by_json_name("nope") == -1, "unknown json name");
	ok(vmflag_by_code("gu") == VMF_GU && vmflag_by_code("??") == -1,
	    "vmflag codes");
	{
		bool all = true;

		for (int f = 0; f < VMF_NR_FLAGS; f++)
			all = all && vmflag_by_code(vmflag_code(f)) == f;
		ok(all, "every flag found again by its code");
	}
	is_str(smaps_field_kernel_name(SMAPS_SWAP_PSS), "SwapPss", "kernel name");
}

/* A field line in form i (0: the kernel's); its length, or -1: no such form. */
static int
spell(char *buf, size_t size, int i, enum smaps_field f, uint64_t v)
{
	const char *k = smaps_field_kernel_name(f);
	const char *unit = smaps_field_is_bytes(f) ? " kB" : "";
	unsigned long long n = (unsigned long long)v;
	int pad = 15 - (int)strlen(k);

	switch (i) {
	case 0:	/* "%-16s%8lu kB\n" */
		return snprintf(buf, size, "%s:%*s%8llu%s\n", k, pad, "", n, unit);
	case 1:	/* the same, last in the file: no newline */
		return snprintf(buf, size, "%s:%*s%8llu%s", k, pad, "", n, unit);
	case 2:
		return snprintf(buf, size, "%s:\t%llu%s\n", k, n, unit);
	case 3:
		return snprintf(buf, size, "%s:%llu%s\r\n", k, n, unit);
	case 4:
		return *unit ? snprintf(buf, size, "%s: %llu KB\n", k, n) : -1;
	case 5:
		return *unit ? snprintf(buf, size, "%s:%*s%8llu  kB\n", k, pad,
		    "", n) : -1;
	default:
		return -1;
	}
}

/*
 * Every field as the kernel prints it, with values of 1 to 15 digits, and
 * spelt otherwise (no newline at the end, tabs, CR, no padding, "KB", two
 * spaces before the unit): each gives the value the line says.
 */
static void
test_spellings(void)
{
	static const uint64_t values[] = { 0, 4, 9, 10, 132, 99999999, 100000000,
	    123456789012345 };
	static const char hdr[] = "00400000-00401000 rw-p 00000000 00:00 0\n";
	char text[256];
	bool all = true;

	for (int f = 0; f < SMAPS_NR; f++) {
		for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
			for (int i = 0; i < 6; i++) {
				uint64_t want = values[v] << (smaps_field_is_bytes(f) ? 10 : 0);
				struct parsed p;
				int n;

				memcpy(text, hdr, sizeof(hdr));
				n = spell(text + sizeof(hdr) - 1,
				    sizeof(text) - sizeof(hdr), i, f, values[v]);
				if (n < 0)
					continue;
				parse(&p, text, sizeof(hdr) - 1 + (size_t)n);
				if (p.rc != 0 || p.vv.len != 1 || p.skipped != 0 ||
				    !smaps_has(&p.vv.v[0], f) ||
				    p.vv.v[0].val[f] != want) {
					tap_diag("%s form %d value %llu: rc %d rows %zu skipped %zu",
					    smaps_field_kernel_name(f), i,
					    (unsigned long long)values[v], p.rc,
					    p.vv.len, p.skipped);
					all = false;
				}
				done(&p);
			}
		}
	}
	ok(all, "every field, in the kernel's spelling and others, 1 to 15 digits");
}

/* Lines next to the kernel's spelling that must not be read as it. */
static void
test_near_misses(void)
{
	static const struct {
		const char *line;
		bool present;
		uint64_t val;
	} miss[] = {
		{ "Rss:                  +4 kB\n", false, 0 },
		{ "Rss:                 4 4 kB\n", false, 0 },
		{ "Rss:                 4x4 kB\n", false, 0 },
		{ "Rss:                   4 kb\n", false, 0 },
		{ "Rss:                   4 kB \n", false, 0 },
		{ "Rss:                   4 kBx\n", false, 0 },
		{ "Rss:            1234567890123456 kB\n", true,
		    1234567890123456ull << 10 },
		{ "Rss:            18014398509481984 kB\n", false, 0 },
		{ "Rss:                      \n", false, 0 },
		{ "Rss:            00000004 kB\n", true, 4096 },
		{ "Rss:            12345678 kB\n", true, 12345678ull << 10 },
		{ "Rss:\t\t\t       4 kB\n", true, 4096 },
		{ "Rss:             \x0b     4 kB\n", false, 0 },
		{ "Rss:                   \xb4 kB\n", false, 0 },
	};
	char text[256];

	for (size_t i = 0; i < sizeof(miss) / sizeof(miss[0]); i++) {
		struct parsed p;
		int n = snprintf(text, sizeof(text),
		    "00400000-00401000 rw-p 00000000 00:00 0\nSize:                  4 kB\n%sPss:                   4 kB\n",
		    miss[i].line);

		parse(&p, text, (size_t)n);
		if (!ok(p.rc == 0 && p.vv.len == 1 &&
		    smaps_has(&p.vv.v[0], SMAPS_RSS) == miss[i].present &&
		    p.vv.v[0].val[SMAPS_RSS] == miss[i].val &&
		    p.vv.v[0].val[SMAPS_SIZE] == 4096 &&
		    p.vv.v[0].val[SMAPS_PSS] == 4096 &&
		    p.skipped == (miss[i].present ? 0u : 1u),
		    "near miss %zu: %s", i, miss[i].present ? "read" : "skipped"))
			tap_diag("rows %zu skipped %zu rss %llu", p.vv.len,
			    p.skipped, p.vv.len ? (unsigned long long)p.vv.v[0].val[SMAPS_RSS] : 0);
		done(&p);
	}
}

/* Rows out of address order (a file repeated or spliced) are skipped. */
static void
test_out_of_order(void)
{
	static const char twice[] =
	"7f0000000000-7f0000002000 rw-p 00000000 00:00 0\n"
	"Size:                  8 kB\n"
	"7f0000002000-7f0000003000 r--p 00000000 00:00 0\n"
	"Size:                  4 kB\n"
	"7f0000000000-7f0000002000 rw-p 00000000 00:00 0\n"
	"Size:                  8 kB\n"
	"7f0000001000-7f0000004000 rw-p 00000000 00:00 0\n"
	"Size:                 12 kB\n"
	"7f0000003000-7f0000004000 rw-p 00000000 00:00 0\n"
	"Size:                  4 kB\n";
	struct parsed p;

	parse(&p, twice, sizeof(twice) - 1);
	ok(p.rc == 0 && p.vv.len == 3 && p.skipped == 2,
	    "a repeated and an overlapping row are skipped and counted");
	ok(p.vv.len == 3 && p.vv.v[2].start == 0x7f0000003000,
	    "the next row in order is kept");
	done(&p);
}

int
main(void)
{
	char pub[4096];
	struct stat st;

	test_zoo();
	test_edges();
	test_names();
	test_spellings();
	test_near_misses();
	test_out_of_order();
	{
		int kb = 0;

		for (int f = 0; f < SMAPS_NR; f++)
			kb += smaps_field_is_bytes(f) == (f < SMAPS_THP_ELIGIBLE);
		is_u64((uint64_t)kb, SMAPS_NR,
		    "the fields in kB are those before THPeligible");
	}
	ok(walk_tree(tap_src("samples/proc/debian12-6.18-a")) > 0,
	    "captured tree a has pids");
	ok(walk_tree(tap_src("samples/proc/debian12-6.18-b")) > 0,
	    "captured tree b has pids");
	snprintf(pub, sizeof(pub), "%s", getenv("MW_PUBLIC_SAMPLES") ? getenv("MW_PUBLIC_SAMPLES") : tap_src("../shared/samples/public"));
	if (stat(pub, &st) == 0) {
		ok(walk_trees(pub, "/proc") > 0, "public corpus smaps parsed");
	} else {
		tap_skip("../shared/samples/public not present");
	}
	return tap_done();
}
