/* tests/unit/test_util.c: buf, arena, escape, units, time. */
#include "config.h"

#include <errno.h>
#include <locale.h>

#include "tap.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/time.h"
#include "util/units.h"

static const struct {
	const char *name, *in;
	int want_rc;
	uint64_t want;
} u64_cases[] = {
	{ "plain", "132", 0, 132 },
	{ "zero", "0", 0, 0 },
	{ "max", "18446744073709551615", 0, UINT64_MAX },
	{ "overflow", "18446744073709551616", -ERANGE, 0 },
	{ "sign_refused", "-1", -EINVAL, 0 },
	{ "plus_refused", "+1", -EINVAL, 0 },
	{ "empty", "", -EINVAL, 0 },
	{ "trailing_text", "12x", -EINVAL, 0 },
};

static void
test_u64(void)
{
	for (size_t i = 0; i < sizeof(u64_cases) / sizeof(u64_cases[0]); i++) {
		uint64_t v = 0;
		int rc = mw_parse_u64_str(u64_cases[i].in, &v);

		ok(rc == u64_cases[i].want_rc && (rc != 0 || v == u64_cases[i].want),
		    "parse_u64 %s", u64_cases[i].name);
	}
}

static const struct {
	const char *name, *in;
	size_t len;
	const char *term, *json;
} esc_cases[] = {
	{ "plain", "abc", 3, "abc", "abc" },
	{ "esc_seq", "\x1b[2J", 4, "\\e[2J", "\x1b[2J" },
	{ "newline_tab_cr", "a\nb\tc\r", 6, "a\\nb\\tc\\r", "a\nb\tc\r" },
	{ "backslash", "a\\b", 3, "a\\\\b", "a\\\\b" },
	{ "invalid_ff_fe", "\xff\xfe", 2, "\\xff\\xfe", "\\xff\\xfe" },
	{ "nul_and_del", "a\0\x7f", 3, "a\\x00\\x7f", "a\0\x7f" },
	{ "utf8_kept", "caf\xc3\xa9", 5, "caf\xc3\xa9", "caf\xc3\xa9" },
	{ "c1_control", "\xc2\x9b", 2, "\\xc2\\x9b", "\xc2\x9b" },
	{ "overlong", "\xc0\xaf", 2, "\\xc0\\xaf", "\\xc0\\xaf" },
	{ "surrogate", "\xed\xa0\x80", 3, "\\xed\\xa0\\x80", "\\xed\\xa0\\x80" },
	{ "truncated_seq", "\xe2\x82", 2, "\\xe2\\x82", "\\xe2\\x82" },
};

static void
test_escape(void)
{
	struct mw_buf b;

	mw_buf_init(&b);
	for (size_t i = 0; i < sizeof(esc_cases) / sizeof(esc_cases[0]); i++) {
		mw_buf_reset(&b);
		mw_escape_term(&b, esc_cases[i].in, esc_cases[i].len);
		is_str(b.data, esc_cases[i].term, "escape_term %s", esc_cases[i].name);
		mw_buf_reset(&b);
		mw_escape_json(&b, esc_cases[i].in, esc_cases[i].len);
		ok(b.len == strlen(esc_cases[i].json) + (i == 5 ? 2 : 0) &&
		    memcmp(b.data, esc_cases[i].json, b.len) == 0,
		    "escape_json %s", esc_cases[i].name);
		{
			struct mw_buf back;

			mw_buf_init(&back);
			mw_unescape_json(&back, b.data, b.len);
			ok(back.len == esc_cases[i].len &&
			    memcmp(back.data, esc_cases[i].in, back.len) == 0,
			    "unescape_json recovers %s", esc_cases[i].name);
			mw_buf_free(&back);
		}
	}
	mw_buf_reset(&b);
	mw_escape_fit(&b, "abcdef", 6, 4, true);
	is_str(b.data, "abc~", "fit cuts with ~");
	mw_buf_reset(&b);
	mw_escape_fit(&b, "ab", 2, 4, false);
	is_str(b.data, "  ab", "fit pads on the left");
	mw_buf_reset(&b);
	mw_escape_fit(&b, "a\x1b", 2, 4, true);
	is_str(b.data, "a\\e ", "fit escapes before measuring");
	mw_buf_free(&b);
}

static void
test_fmt(void)
{
	char out[MW_FMT_BYTES_LEN];

	is_str(mw_fmt_bytes(out, 0, false), "0", "fmt 0");
	is_str(mw_fmt_bytes(out, 512, false), "512B", "fmt 512");
	is_str(mw_fmt_bytes(out, 9736 * 1024, false), "9.5M", "fmt 9736 kB");
	is_str(mw_fmt_bytes(out, 1023 * 1024, false), "1023K", "fmt 1023K");
	is_str(mw_fmt_bytes(out, 9736 * 1024, true), "9969664", "fmt exact");
	is_str(mw_fmt_delta(out, -4096, false), "-4.0K", "delta negative");
	is_str(mw_fmt_size(out, 8388608), "8 MiB", "size whole MiB");
	is_str(mw_fmt_size(out, 9969664), "9.5 MiB", "size 9.5 MiB");
	ok(mw_delta(0, UINT64_MAX) == INT64_MIN, "delta saturates");
}

static void
test_buf_arena(void)
{
	struct mw_arena a;
	struct mw_buf b;
	char *s;

	mw_buf_init(&b);
	ok(b.data != NULL && b.data[0] == '\0', "empty buf is a string");
	for (int i = 0; i < 10000; i++)
		mw_buf_printf(&b, "%d,", i);
	ok(b.len > 10000 && b.data[b.len] == '\0', "buf grows, NUL after len");
	mw_buf_free(&b);
	mw_arena_init(&a);
	for (int i = 0; i < 20000; i++)
		s = mw_arena_strndup(&a, "0123456789", 10);
	is_str(s, "0123456789", "arena keeps strings");
	ok(((uintptr_t)mw_arena_alloc(&a, 3) & 15) == 0, "arena aligns");
	(void)mw_arena_alloc(&a, 1 << 20);
	mw_arena_free(&a);
	ok(a.head == NULL, "arena freed whole");
}

static void
test_time(void)
{
	char out[MW_RFC3339_LEN];
	time_t t;

	is_str(mw_rfc3339(out, 1795000000), "2026-11-18T11:06:40Z", "rfc3339");
	ok(mw_parse_rfc3339("2026-11-18T11:06:40Z", &t) == 0 && t == 1795000000,
	    "rfc3339 round trip");
	ok(mw_parse_rfc3339("yesterday", &t) < 0, "rfc3339 refuses text");
}

int
main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	test_u64();
	test_escape();
	test_fmt();
	test_buf_arena();
	test_time();
	return tap_done();
}
