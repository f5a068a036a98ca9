/* tests/unit/test_mmset.c: parse/psi.c and parse/mmset.c (settings, swaps). */
#include "config.h"

#include <errno.h>

#include "tap.h"
#include "parse/mmset.h"
#include "parse/psi.h"
#include "util/arena.h"

static const struct {
	const char *name, *text;
	int want_rc;
	bool some, full;
	uint32_t some_avg10, full_avg300;
	uint64_t some_total;
} psi_cases[] = {
	{ "live_6.18", "some avg10=0.00 avg60=0.00 avg300=0.00 total=383\n"
	    "full avg10=0.00 avg60=0.00 avg300=0.00 total=250\n",
	    0, true, true, 0, 0, 383 },
	{ "busy", "some avg10=12.34 avg60=5.10 avg300=1.00 total=987654321\n"
	    "full avg10=100.00 avg60=0.5 avg300=99.99 total=1\n",
	    0, true, true, 1234, 9999, 987654321 },
	{ "some_only", "some avg10=1.00 avg60=0.00 avg300=0.00 total=5",
	    0, true, false, 100, 0, 5 },
	{ "unknown_key_kept_out", "some avg10=1.00 avg60=0.00 avg300=0.00 "
	    "total=5 later=3\n", 0, true, false, 100, 0, 5 },
	{ "over_100", "some avg10=100.01 avg60=0.00 avg300=0.00 total=5\n",
	    -EINVAL, false, false, 0, 0, 0 },
	{ "missing_total", "some avg10=1.00 avg60=0.00 avg300=0.00\n",
	    -EINVAL, false, false, 0, 0, 0 },
	{ "three_decimals", "some avg10=1.001 avg60=0.00 avg300=0.00 total=1\n",
	    -EINVAL, false, false, 0, 0, 0 },
	{ "negative", "some avg10=-1.00 avg60=0.00 avg300=0.00 total=1\n",
	    -EINVAL, false, false, 0, 0, 0 },
	{ "empty", "", -EINVAL, false, false, 0, 0, 0 },
};

static void
test_psi(void)
{
	for (size_t i = 0; i < sizeof(psi_cases) / sizeof(*psi_cases); i++) {
		struct psi p;
		int rc = psi_parse(psi_cases[i].text, strlen(psi_cases[i].text),
		    &p);

		if (!ok(rc == psi_cases[i].want_rc &&
		    p.some.have == psi_cases[i].some &&
		    p.full.have == psi_cases[i].full &&
		    (!p.some.have || (p.some.avg10 == psi_cases[i].some_avg10 &&
		    p.some.total == psi_cases[i].some_total)) &&
		    (!p.full.have || p.full.avg300 == psi_cases[i].full_avg300),
		    "psi %s", psi_cases[i].name))
			tap_diag("rc %d some %d/%u/%" PRIu64 " full %d/%u", rc,
			    p.some.have, p.some.avg10, p.some.total,
			    p.full.have, p.full.avg300);
	}
}

static void
test_values(void)
{
	uint64_t v = 0;
	bool b = false;
	const char *w = NULL;
	size_t n = 0;

	ok(mmset_u64("60\n", 3, &v) == 0 && v == 60, "u64: 60");
	ok(mmset_u64(" 7 \n", 4, &v) == 0 && v == 7, "u64: blanks around");
	ok(mmset_u64("-1\n", 3, &v) < 0, "u64: sign refused");
	ok(mmset_u64("6 0\n", 4, &v) < 0, "u64: two numbers refused");
	ok(mmset_u64("", 0, &v) < 0, "u64: empty refused");
	ok(mmset_bool("Y\n", 2, &b) == 0 && b, "bool: Y");
	ok(mmset_bool("N\n", 2, &b) == 0 && !b, "bool: N");
	ok(mmset_bool("maybe\n", 6, &b) < 0, "bool: other refused");
	ok(mmset_choice("always [madvise] never\n", 23, &w, &n) == 0 &&
	    n == 7 && memcmp(w, "madvise", 7) == 0, "choice: the bracketed one");
	ok(mmset_choice("always defer defer+madvise [madvise] never\n", 43,
	    &w, &n) == 0 && n == 7 && memcmp(w, "madvise", 7) == 0,
	    "choice: defrag's, with defer+madvise before it");
	ok(mmset_choice("lzo\n", 4, &w, &n) == 0 && n == 3,
	    "choice: one word");
	ok(mmset_choice("always [madv", 12, &w, &n) < 0,
	    "choice: unclosed bracket refused");
	ok(mmset_choice("a b\n", 4, &w, &n) < 0,
	    "choice: two words, none chosen, refused");
	ok(mmset_hugepage_dir("hugepages-2048kB", &v) == 0 && v == 2097152,
	    "hugepages-2048kB is 2 MiB");
	ok(mmset_hugepage_dir("hugepages-kB", &v) < 0 &&
	    mmset_hugepage_dir("hugepages-0kB", &v) < 0 &&
	    mmset_hugepage_dir("other", &v) < 0, "other names refused");
}

static const char swaps_text[] =
"Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
"/swap\\040file\t\t\t\tfile\t\t32764\t\t1024\t\t-2\n"
"/dev/vda3                               partition\t8388604\t\t0\t\t10\n"
"broken line\n";

static void
test_swaps(void)
{
	struct mw_arena a;
	struct swaps sw;

	mw_arena_init(&a);
	ok(swaps_parse(swaps_text, sizeof(swaps_text) - 1, &a, &sw) == 0 &&
	    sw.len == 2 && sw.skipped == 1, "swaps: two devices, one bad line");
	if (sw.len == 2) {
		is_str(sw.devs[0].path, "/swap file", "swaps: \\040 is a space");
		is_str(sw.devs[1].type, "partition", "swaps: type");
		is_u64(sw.devs[0].size, 32764 * 1024ull, "swaps: size in bytes");
		is_u64(sw.devs[0].used, 1024 * 1024ull, "swaps: used in bytes");
		ok(sw.devs[0].prio == -2 && sw.devs[1].prio == 10,
		    "swaps: priorities, negative too");
	}
	ok(swaps_parse("Filename Type Size Used Priority\n", 33, &a, &sw) == 0
	    && sw.len == 0, "swaps: header only is no swap");
	ok(swaps_parse("nonsense\n", 9, &a, &sw) < 0, "swaps: nonsense refused");
	mw_arena_free(&a);
}

int
main(void)
{
	test_psi();
	test_values();
	test_swaps();
	return tap_done();
}
