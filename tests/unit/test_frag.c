/* tests/unit/test_frag.c: model/frag.c against the kernel's formulas. */
#include "config.h"

#include "corpus.h"
#include "model/frag.h"
#include "parse/buddyinfo.h"
#include "util/arena.h"

/* Hand-computed from mm/vmstat.c (docs/proc-formats.md section 12). */
static const struct {
	const char *name;
	uint64_t count[11];
	unsigned j;
	int want_unusable, want_frag;
	const char *want_text;		/* frag_fmt of want_unusable */
} cases[] = {
	/* free_pages = 111374; only the 128 order-0 pages are unusable. */
	{ "normal_j1", { 128, 113, 159, 142, 76, 98, 95, 52, 44, 18, 70 }, 1, 1, -1000, "0.001" },
	/* suitable = 70: (111374 - 71680) * 1000 / 111374 = 356. */
	{ "normal_j10", { 128, 113, 159, 142, 76, 98, 95, 52, 44, 18, 70 }, 10, 356, -1000, "0.356" },
	/* 1100 pages in 750 blocks: 1000 - (1000 + 137500) / 750 = 816. */
	{ "fragmented_j3", { 500, 200, 50 }, 3, 1000, 816, "1.000" },
	/* suitable = 300 order-1 blocks: (1100 - 600) * 1000 / 1100 = 454. */
	{ "fragmented_j1", { 500, 200, 50 }, 1, 454, -1000, "0.454" },
	{ "fragmented_j0", { 500, 200, 50 }, 0, 0, -1000, "0.000" },
	/* nothing free: U = 1000, F = 0. */
	{ "empty", { 0 }, 4, 1000, 0, "1.000" },
	/* one order-3 block, order 4 asked: 1000 - (1000 + 500) / 1 = -500. */
	{ "just_below", { 0, 0, 0, 1 }, 4, 1000, -500, "1.000" },
	/* 2 order-0 pages, order 1: 1000 - (1000 + 1000) / 2 = 0. */
	{ "lack_of_memory", { 2 }, 1, 1000, 0, "1.000" },
};

static void
test_cases(void)
{
	char t[FRAG_FMT_LEN];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int u = frag_unusable_index(cases[i].count, 11, cases[i].j);
		int f = frag_fragmentation_index(cases[i].count, 11, cases[i].j);

		if (!ok(u == cases[i].want_unusable && f == cases[i].want_frag,
		    "case %s", cases[i].name))
			tap_diag("unusable %d/%d frag %d/%d", u,
			    cases[i].want_unusable, f, cases[i].want_frag);
		is_str(frag_fmt(t, u, false), cases[i].want_text, "case %s text",
		    cases[i].name);
	}
	is_str(frag_fmt(t, -1000, true), "-1.000", "extfrag -1 padded");
	is_str(frag_fmt(t, 816, true), " 0.816", "extfrag 0.816 padded");
	is_str(frag_fmt(t, -500, false), "0.-500", "negative as the kernel prints it");
	ok(frag_fragmentation_index(cases[0].count, 11, 11) == 0,
	    "order above the maximum: 0");
	ok(frag_can_serve(cases[0].count, 11, 10) &&
	    !frag_can_serve(cases[2].count, 11, 3), "can serve");
}

struct line {
	char s[4096];
};

/* Print a zone's row as the kernel's debugfs file does. */
static void
render(struct line *out, const struct buddy_zone *z,
    bool extfrag)
{
	char t[FRAG_FMT_LEN];
	size_t n;

	n = (size_t)snprintf(out->s, sizeof(out->s), "Node %d, zone %8s ",
	    z->node, z->zone);
	for (unsigned j = 0; j < z->norders; j++) {
		int v = extfrag ? frag_fragmentation_index(z->count, z->norders, j) :
		    frag_unusable_index(z->count, z->norders, j);

		n += (size_t)snprintf(out->s + n, sizeof(out->s) - n, "%s ",
		    frag_fmt(t, v, extfrag));
	}
	snprintf(out->s + n, sizeof(out->s) - n, "\n");
}

/* Every line of extfrag/FILE equals memwatch's rendering of the buddy rows. */
static void
check_debugfs(const char *dir, const char *file, bool extfrag)
{
	char path[4096];
	struct mw_arena a;
	struct buddyinfo bi;
	size_t len, blen;
	char *want, *buddy;
	struct line got;
	const char *p;
	int good = 1, values = 0;

	snprintf(path, sizeof(path), "%s/this-machine-6.18/debugfs/extfrag/buddyinfo-same-instant", dir);
	buddy = tap_slurp(path, &blen);
	snprintf(path, sizeof(path), "%s/this-machine-6.18/debugfs/extfrag/%s", dir, file);
	want = tap_slurp(path, &len);
	if (buddy == NULL || want == NULL) {
		ok(0, "%s readable", path);
		free(buddy);
		free(want);
		return;
	}
	mw_arena_init(&a);
	ok(buddyinfo_parse(buddy, blen, &a, &bi) == 0 && bi.len == 3,
	    "buddyinfo-same-instant: 3 zones");
	p = want;
	for (size_t i = 0; i < bi.len; i++) {
		size_t n;

		render(&got, &bi.zones[i], extfrag);
		n = strlen(got.s);
		if (strncmp(p, got.s, n) != 0) {
			tap_diag("got  %s", got.s);
			tap_diag("want %.*s", (int)n, p);
			good = 0;
		}
		values += (int)bi.zones[i].norders;
		p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n');
	}
	ok(good && *p == '\0' && values == 33, "%s: all %d values as the kernel", file, values);
	mw_arena_free(&a);
	free(buddy);
	free(want);
}

int
main(void)
{
	const char *why = NULL, *pub;

	test_cases();
	pub = corpus_public(&why);
	if (pub == NULL) {
		tap_skip(why);
	} else {
		check_debugfs(pub, "unusable_index", false);
		check_debugfs(pub, "extfrag_index", true);
	}
	return tap_done();
}
