/* tests/unit/test_pagemap.c: parse/pagemap.c on captures and edge cases. */
#include "config.h"

#include <dirent.h>

#include "parse/pagemap.h"
#include "tap.h"

static void
put(unsigned char *buf, size_t i, uint64_t e)
{
	for (int b = 0; b < 8; b++)
		buf[i * 8 + (size_t)b] = (unsigned char)(e >> (8 * b));
}

static const struct {
	const char *name;
	uint64_t entry;
	enum pagemap_state want;
} states[] = {
	{ "zero_is_untouched",     0,                             PAGEMAP_UNTOUCHED },
	{ "present_pfn_hidden",    (uint64_t)1 << 63,             PAGEMAP_IN_RAM },
	{ "present_with_pfn",      0x800000000011b5ecULL,         PAGEMAP_IN_RAM },
	{ "present_file_excl",     0xa100000000103286ULL,         PAGEMAP_IN_RAM },
	{ "guard_marker",          0x440000000000009fULL,         PAGEMAP_GUARD_PAGE },
	{ "swap_entry",            0x4000000000000a21ULL,         PAGEMAP_IN_SWAP },
	{ "swap_shmem_file_bit",   0x6000000000000a21ULL,         PAGEMAP_IN_SWAP },
	{ "soft_dirty_only",       (uint64_t)1 << 55,             PAGEMAP_UNTOUCHED },
	{ "present_beats_swap",    (uint64_t)3 << 62,             PAGEMAP_IN_RAM },
	{ "guard_bit_without_swap", (uint64_t)1 << 58,            PAGEMAP_UNTOUCHED },
};

static void
test_states(void)
{
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		is_u64(pagemap_entry_state(states[i].entry), states[i].want,
		    "state %s", states[i].name);
}

static void
test_decode(void)
{
	unsigned char buf[8 * 10 + 5];
	struct pagemap_counts c;
	struct pagemap_block blk[4];
	size_t n;

	memset(buf, 0, sizeof(buf));
	put(buf, 0, 0xa100000000103286ULL);	/* present, file, exclusive */
	put(buf, 3, (uint64_t)1 << 63);
	put(buf, 4, 0x440000000000009fULL);	/* guard */
	put(buf, 9, 0x4000000000000a21ULL);	/* swapped */
	memset(&c, 0, sizeof(c));
	memset(blk, 0, sizeof(blk));
	n = pagemap_decode(buf, sizeof(buf), 2, 3, &c, blk, 4);
	is_u64(n, 10, "trailing partial entry ignored");
	is_u64(c.pages, 10, "pages");
	is_u64(c.state[PAGEMAP_IN_RAM], 2, "present");
	is_u64(c.state[PAGEMAP_GUARD_PAGE], 1, "guard");
	is_u64(c.state[PAGEMAP_IN_SWAP], 1, "swapped");
	is_u64(c.state[PAGEMAP_UNTOUCHED], 6, "untouched");
	is_u64(c.file, 1, "file flag");
	is_u64(c.exclusive, 1, "exclusive flag");
	/* Pages 2..11 in blocks of 3: {2}, {3,4,5}, {6,7,8}, {9,10,11}. */
	is_u64(blk[0].pages, 1, "block 0 holds page 2 only");
	is_u64(blk[0].state[PAGEMAP_IN_RAM], 1, "block 0 present");
	is_u64(blk[1].state[PAGEMAP_IN_RAM], 1, "block 1: present page 5");
	is_u64(blk[2].state[PAGEMAP_GUARD_PAGE], 1, "block 2: guard page 6");
	is_u64(blk[3].pages, 3, "block 3 holds pages 9, 10 and 11");
	is_u64(blk[3].state[PAGEMAP_IN_SWAP], 1, "block 3 swapped");
	memset(&c, 0, sizeof(c));
	is_u64(pagemap_decode(buf, 7, 0, 0, &c, NULL, 0), 0,
	    "less than one entry decodes nothing");
	is_u64(c.pages, 0, "and counts nothing");
	memset(&c, 0, sizeof(c));
	memset(blk, 0, sizeof(blk));
	pagemap_decode(buf, 80, 1000, 0, &c, blk, 4);
	is_u64(blk[0].pages + blk[3].pages, 0, "blocks past nblocks dropped");
	is_u64(c.pages, 10, "but still counted");
}

/* PAGEMAP_SCAN ranges: counts and blocks, untouched derived at the end. */
static void
test_regions(void)
{
	struct pagemap_counts c;
	struct pagemap_block blk[4];

	memset(&c, 0, sizeof(c));
	memset(blk, 0, sizeof(blk));
	/* 10 pages in blocks of 3: present 0-1, swapped 4, present file 5-8. */
	pagemap_add_region(0, 2, PAGEMAP_IS_PRESENT, 3, &c, blk, 4);
	pagemap_add_region(4, 1, PAGEMAP_IS_SWAPPED, 3, &c, blk, 4);
	pagemap_add_region(5, 4, PAGEMAP_IS_PRESENT | PAGEMAP_IS_FILE, 3, &c,
	    blk, 4);
	pagemap_scan_finish(10, 3, &c, blk, 4);
	is_u64(c.pages, 10, "regions: pages");
	is_u64(c.state[PAGEMAP_IN_RAM], 6, "regions: present");
	is_u64(c.state[PAGEMAP_IN_SWAP], 1, "regions: swapped");
	is_u64(c.state[PAGEMAP_UNTOUCHED], 3, "regions: untouched derived");
	is_u64(c.file, 4, "regions: file pages");
	ok(blk[0].pages == 3 && blk[0].state[PAGEMAP_IN_RAM] == 2 &&
	    blk[0].state[PAGEMAP_UNTOUCHED] == 1, "block 0: 2 present, 1 untouched");
	ok(blk[1].state[PAGEMAP_IN_SWAP] == 1 &&
	    blk[1].state[PAGEMAP_IN_RAM] == 1 &&
	    blk[1].state[PAGEMAP_UNTOUCHED] == 1, "block 1 split across ranges");
	ok(blk[2].pages == 3 && blk[2].state[PAGEMAP_IN_RAM] == 3,
	    "block 2 all present");
	ok(blk[3].pages == 1 && blk[3].state[PAGEMAP_UNTOUCHED] == 1,
	    "last block holds the one page left");
	memset(&c, 0, sizeof(c));
	pagemap_add_region(0, (uint64_t)1 << 40, PAGEMAP_IS_GUARD |
	    PAGEMAP_IS_SWAPPED, 1, &c, NULL, 0);
	pagemap_scan_finish(((uint64_t)1 << 40) + 5, 1, &c, NULL, 0);
	ok(c.state[PAGEMAP_GUARD_PAGE] == (uint64_t)1 << 40 &&
	    c.state[PAGEMAP_UNTOUCHED] == 5, "a huge guard range, no blocks");
}

static const struct {
	const char *file;
	uint64_t pages, present, guard, untouched, file_pages;
} captures[] = {
	{ "guard-7f04d53f4000-8pages.bin", 8, 6, 2, 0, 0 },
	{ "lazy-7f04d5c94000-64pages.bin", 64, 2, 0, 62, 0 },
	{ "memfd-7f04d5c7c000-8pages.bin", 8, 5, 0, 3, 5 },
};

static void
test_captures(void)
{
	char rel[256];

	for (size_t i = 0; i < sizeof(captures) / sizeof(captures[0]); i++) {
		struct pagemap_counts c;
		size_t len = 0;
		char *p;

		snprintf(rel, sizeof(rel), "tests/data/pagemap/%s",
		    captures[i].file);
		p = tap_slurp(tap_src(rel), &len);
		if (!ok(p != NULL, "capture %s readable", captures[i].file))
			continue;
		memset(&c, 0, sizeof(c));
		pagemap_decode((const unsigned char *)p, len, 0, 1, &c, NULL, 0);
		ok(c.pages == captures[i].pages &&
		    c.state[PAGEMAP_IN_RAM] == captures[i].present &&
		    c.state[PAGEMAP_GUARD_PAGE] == captures[i].guard &&
		    c.state[PAGEMAP_UNTOUCHED] == captures[i].untouched &&
		    c.state[PAGEMAP_IN_SWAP] == 0 &&
		    c.file == captures[i].file_pages,
		    "capture %s: %" PRIu64 " present, %" PRIu64 " guard, %"
		    PRIu64 " untouched", captures[i].file,
		    c.state[PAGEMAP_IN_RAM], c.state[PAGEMAP_GUARD_PAGE],
		    c.state[PAGEMAP_UNTOUCHED]);
		free(p);
	}
}

/* The states listed for one excerpt in decoded.txt ("## NAME (FILE)"). */
static size_t
decoded_states(const char *dec, const char *file, uint64_t *want)
{
	const char *p = strstr(dec, file), *eol;
	size_t lines = 0;

	if (p == NULL || (p = strchr(p, '\n')) == NULL)
		return 0;
	/* "VADDR(16) FLAGS(7) RAW VALUE": flags P S F G U X D. */
	for (p++; *p != '\0' && *p != '#'; p = eol + 1) {
		eol = strchr(p, '\n');
		if (eol == NULL || eol - p < 25)
			break;
		if (p[17] == 'P')
			want[PAGEMAP_IN_RAM]++;
		else if (p[18] == 'S' && p[20] == 'G')
			want[PAGEMAP_GUARD_PAGE]++;
		else if (p[18] == 'S')
			want[PAGEMAP_IN_SWAP]++;
		else
			want[PAGEMAP_UNTOUCHED]++;
		lines++;
	}
	return lines;
}

/* Every fully listed excerpt of the public 6.18 capture against decoded.txt. */
static void
test_public(void)
{
	const char *top = getenv("MW_PUBLIC_SAMPLES");
	char dir[2048], path[4096];
	size_t len, dlen;
	char *dec, *p;
	DIR *d;
	struct dirent *de;
	int files = 0, agree = 0;

	if (top == NULL) {
		tap_skip("MW_PUBLIC_SAMPLES not set: public pagemap excerpts not checked");
		return;
	}
	snprintf(dir, sizeof(dir),
	    "%s/this-machine-6.18/zoo-notes/pagemap-excerpts", top);
	snprintf(path, sizeof(path), "%s/decoded.txt", dir);
	d = opendir(dir);
	dec = tap_slurp(path, &dlen);
	if (d == NULL || dec == NULL) {
		tap_skip("public pagemap excerpts not found");
		if (d != NULL)
			closedir(d);
		free(dec);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		uint64_t want[PAGEMAP_STATE_NR] = { 0 };
		struct pagemap_counts c;
		size_t n = strlen(de->d_name);

		if (n < 4 || strcmp(de->d_name + n - 4, ".bin") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		p = tap_slurp(path, &len);
		if (p == NULL)
			continue;
		memset(&c, 0, sizeof(c));
		pagemap_decode((const unsigned char *)p, len, 0, 1, &c, NULL, 0);
		free(p);
		if (decoded_states(dec, de->d_name, want) != c.pages)
			continue;	/* abridged in decoded.txt */
		files++;
		agree += memcmp(c.state, want, sizeof(want)) == 0;
	}
	closedir(d);
	free(dec);
	ok(files > 0 && agree == files,
	    "%d of %d fully listed public excerpts agree with decoded.txt",
	    agree, files);
}

int
main(void)
{
	test_states();
	test_decode();
	test_regions();
	test_captures();
	test_public();
	return tap_done();
}
