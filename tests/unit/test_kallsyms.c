/* tests/unit/test_kallsyms.c: parse/kallsyms.c on made-up text, on text
 * whose addresses are hidden, on damage, and on this machine's own. */
#include "config.h"

#include <errno.h>

#include "parse/kallsyms.h"
#include "tap.h"
#include "util/arena.h"

static const char sample[] =
"ffffffff81000000 T _stext\n"
"ffffffff8160b2e0 T handle_mm_fault\n"
"ffffffff8160a320 t __handle_mm_fault\n"
"ffffffff82400000 D __start_rodata\n"
"ffffffff82243a40 T exc_page_fault\n"
"0000000000000000 A fixed_percpu_data\n"
"ffffffff81000c60 T asm_exc_page_fault\n"
"ffffffffc0a01000 t nf_hook_slow_x\t[nf_tables]\n"
"ffffffffc0a01200 T nft_do_chain\t[nf_tables]\n"
"ffffffffc0a00000 b nft_counters\t[nf_tables]\n";

static void
test_sample(void)
{
	struct mw_arena a;
	struct ksyms k;
	const struct ksym *s;

	mw_arena_init(&a);
	ok(kallsyms_parse(sample, sizeof(sample) - 1, &a, &k) == 0,
	    "sample: parsed");
	is_u64(k.len, 7, "code symbols only (t, T): 7 of 10");
	is_u64(k.skipped, 0, "no line skipped");
	ok(!k.hidden, "addresses shown: not hidden");
	ok(k.v[0].addr == 0xffffffff81000000 && k.v[1].addr ==
	    0xffffffff81000c60, "sorted by address");
	s = kallsyms_find(&k, 0xffffffff8160b2e4);
	is_str(s ? s->name : NULL, "handle_mm_fault", "an address inside a function");
	ok(s != NULL && s->module == NULL, "... of the kernel itself");
	s = kallsyms_find(&k, 0xffffffff8160b2e0);
	is_str(s ? s->name : NULL, "handle_mm_fault", "a function's first byte");
	s = kallsyms_find(&k, 0xffffffff8160b2df);
	is_str(s ? s->name : NULL, "__handle_mm_fault", "the byte before: the one below");
	s = kallsyms_find(&k, 0xffffffffc0a01210);
	is_str(s ? s->name : NULL, "nft_do_chain", "a module's function");
	is_str(s ? s->module : NULL, "nf_tables", "... with its module");
	ok(kallsyms_find(&k, 0xffffffff80ffffff) == NULL,
	    "below the first symbol: none");
	mw_arena_free(&a);
}

static void
test_hidden(void)
{
	static const char hidden[] =
	    "0000000000000000 T _stext\n"
	    "0000000000000000 T handle_mm_fault\n"
	    "0000000000000000 t nft_do_chain\t[nf_tables]\n";
	struct mw_arena a;
	struct ksyms k;

	mw_arena_init(&a);
	ok(kallsyms_parse(hidden, sizeof(hidden) - 1, &a, &k) == 0 &&
	    k.hidden && k.len == 0,
	    "every address 0 (kptr_restrict): hidden, no symbol to name a frame");
	ok(kallsyms_find(&k, 0xffffffff8160b2e4) == NULL,
	    "... and a lookup finds nothing");
	mw_arena_free(&a);
}

static void
test_damage(void)
{
	static const char bad[] =
	    "ffffffff81000000 T _stext\n"
	    "zzzz T not_hex\n"
	    "ffffffff81000010 TT two_letters\n"
	    "ffffffff81000020 t\n"
	    "ffffffffc0000000 t open_module\t[mod\n"
	    "ffffffff81000030 T trailing\t[m]\textra\n"
	    "11112222333344445 T too_long\n"
	    "ffffffff81000040 T fine\n";
	struct mw_arena a;
	struct ksyms k;

	mw_arena_init(&a);
	ok(kallsyms_parse(bad, sizeof(bad) - 1, &a, &k) == 0,
	    "damaged: parsed");
	ok(k.len == 2 && k.skipped == 6,
	    "damaged lines skipped, the good kept (%zu kept, %zu skipped)",
	    k.len, k.skipped);
	ok(kallsyms_parse("", 0, &a, &k) == -EINVAL, "empty: -EINVAL");
	ok(kallsyms_parse("garbage\n", 8, &a, &k) == -EINVAL,
	    "no usable line: -EINVAL");
	ok(kallsyms_parse("ffffffff81000000 D data\n", 24, &a, &k) == 0 &&
	    k.len == 0 && !k.hidden, "only data symbols: none, not hidden");
	mw_arena_free(&a);
}

/* This machine's: as many code symbols as lines of type t or T. */
static void
test_live(void)
{
	struct mw_arena a;
	struct ksyms k;
	size_t len, want = 0;
	char *text = tap_slurp("/proc/kallsyms", &len), *p;

	if (text == NULL) {
		tap_skip("/proc/kallsyms unreadable");
		return;
	}
	for (p = text; (p = strchr(p, ' ')) != NULL; p = strchr(p, '\n')) {
		if ((p[1] == 't' || p[1] == 'T') && p[2] == ' ' &&
		    strncmp(p - 16, "0000000000000000", 16) != 0)
			want++;
		if (strchr(p, '\n') == NULL)
			break;
	}
	mw_arena_init(&a);
	ok(kallsyms_parse(text, len, &a, &k) == 0 && k.skipped == 0,
	    "/proc/kallsyms: parsed, no line skipped");
	if (k.hidden) {
		ok(k.len == 0, "/proc/kallsyms: addresses hidden, no symbol kept");
	} else {
		is_u64(k.len, want, "/proc/kallsyms: every code symbol kept");
		ok(kallsyms_find(&k, kallsyms_find(&k, UINT64_MAX)->addr) != NULL,
		    "/proc/kallsyms: the last symbol found again");
	}
	mw_arena_free(&a);
	free(text);
}

int
main(void)
{
	test_sample();
	test_hidden();
	test_damage();
	test_live();
	return tap_done();
}
