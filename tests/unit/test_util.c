/* tests/unit/test_util.c: buf, arena, escape, units, time. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <locale.h>

#include "render/amount.h"
#include "tap.h"
#include "util/amount.h"
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
	/* Invisible format characters (Cf): the terminal never gets them. */
	{ "rlo_override", "a\xe2\x80\xae" "b", 5, "a\\xe2\\x80\\xae" "b", "a\xe2\x80\xae" "b" },
	{ "lre_first_bidi", "\xe2\x80\xaa", 3, "\\xe2\\x80\\xaa", "\xe2\x80\xaa" },
	{ "rli_isolate", "\xe2\x81\xa7", 3, "\\xe2\\x81\\xa7", "\xe2\x81\xa7" },
	{ "pdi_last_isolate", "\xe2\x81\xa9", 3, "\\xe2\\x81\\xa9", "\xe2\x81\xa9" },
	{ "zero_width_space", "\xe2\x80\x8b", 3, "\\xe2\\x80\\x8b", "\xe2\x80\x8b" },
	{ "bom", "\xef\xbb\xbf", 3, "\\xef\\xbb\\xbf", "\xef\xbb\xbf" },
	{ "soft_hyphen", "\xc2\xad", 2, "\\xc2\\xad", "\xc2\xad" },
	{ "line_separator", "\xe2\x80\xa8", 3, "\\xe2\\x80\\xa8", "\xe2\x80\xa8" },
	{ "tag_char", "\xf3\xa0\x80\x81", 4, "\\xf3\\xa0\\x80\\x81", "\xf3\xa0\x80\x81" },
	{ "arrow_kept", "\xe2\x86\x92", 3, "\xe2\x86\x92", "\xe2\x86\x92" },
	{ "nbsp_kept", "\xc2\xa0", 2, "\xc2\xa0", "\xc2\xa0" },
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
	/* The plain-ASCII shortcut: exactly what escaping and measuring give. */
	mw_buf_reset(&b);
	mw_escape_fit(&b, "abcd", 4, 4, true);
	mw_escape_fit(&b, "abcde", 5, 4, false);
	mw_escape_fit(&b, "", 0, 2, true);
	mw_escape_fit(&b, "a b", 3, 5, true);
	mw_escape_fit(&b, "a\\b", 3, 6, false);
	mw_escape_fit(&b, "x", 1, 0, true);
	mw_escape_fit(&b, "\xc3\xa9t\xc3\xa9", 5, 4, true);
	is_str(b.data, "abcdabc~  a b    a\\\\b\xc3\xa9t\xc3\xa9 ",
	    "fit: ASCII that fits as is, the rest escaped and measured");
	mw_buf_reset(&b);
	mw_escape_fit_tail(&b, "/a/b/leaf", 9, 6);
	is_str(b.data, "~/leaf", "fit_tail cuts on the left, the leaf kept");
	mw_buf_reset(&b);
	mw_escape_fit_tail(&b, "/a", 2, 4);
	is_str(b.data, "/a  ", "fit_tail pads on the right");
	mw_buf_reset(&b);
	mw_escape_fit_tail(&b, "/x\x1b[2J", 6, 6);
	is_str(b.data, "~\\e[2J", "fit_tail escapes first, then cuts");
	mw_buf_reset(&b);
	mw_escape_fit_tail(&b, "/\xc3\xa9\xc3\xa9", 5, 2);
	is_str(b.data, "~\xc3\xa9", "fit_tail keeps whole characters");
	mw_buf_reset(&b);
	mw_escape_fit_tail(&b, "/abc", 4, 0);
	is_str(b.data, "", "fit_tail in no room: nothing");
	mw_buf_free(&b);
}

/* mw_fmt_bytes() as printf writes it: what the integer path must match. */
static const char *
fmt_ref(char out[MW_FMT_BYTES_LEN], uint64_t bytes, bool exact)
{
	static const char units[] = "BKMGTPE";
	double v = (double)bytes;
	int u = 0;

	if (exact || bytes == 0)
		snprintf(out, MW_FMT_BYTES_LEN, "%" PRIu64, bytes);
	else if (bytes < 1024)
		snprintf(out, MW_FMT_BYTES_LEN, "%" PRIu64 "B", bytes);
	else {
		while (v >= 1024 && u < 6) {
			v /= 1024;
			u++;
		}
		if (v < 9.95)
			snprintf(out, MW_FMT_BYTES_LEN, "%.1f%c", v, units[u]);
		else if (v < 1023.5 || u == 6)
			snprintf(out, MW_FMT_BYTES_LEN, "%.0f%c", v, units[u]);
		else
			snprintf(out, MW_FMT_BYTES_LEN, "1.0%c", units[u + 1]);
	}
	return out;
}

/*
 * Every amount near a unit's rounding edges (x.x5 ties, 9.95, 1023.5 and
 * the unit steps), each side of them, and a pseudo-random spread: the
 * same text as printf's, and mw_fmt_delta() the same with a sign.
 */
static void
test_fmt_exhaustive(void)
{
	char a[MW_FMT_BYTES_LEN], b[MW_FMT_BYTES_LEN], c[MW_FMT_BYTES_LEN];
	uint64_t x = 88172645463325252u, bad = 0, n = 0, first = 0;

	for (int u = 0; u <= 6; u++) {
		uint64_t d = (uint64_t)1 << (10 * u);

		for (uint64_t m = 0; m <= 10240; m++) {
			/* m / 10 units, and one below and above it */
			uint64_t base = u == 0 ? m : (d / 10) * m + (d % 10) * m / 10;

			for (int k = -2; k <= 2; k++) {
				uint64_t v = base + (uint64_t)(int64_t)k;

				for (int e = 0; e < 2; e++) {
					n++;
					if (strcmp(mw_fmt_bytes(a, v, e), fmt_ref(b, v, e)) != 0 &&
					    bad++ == 0)
						first = v;
				}
			}
			if (u >= 4 && m > 64)
				break;	/* the float path: a few are enough */
		}
	}
	for (int i = 0; i < 200000; i++) {
		uint64_t v;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		v = x >> (x % 64);
		n++;
		if (strcmp(mw_fmt_bytes(a, v, false), fmt_ref(b, v, false)) != 0 &&
		    bad++ == 0)
			first = v;
		snprintf(c, sizeof(c), "%c%s", (x & 1) ? '-' : '+',
		    fmt_ref(b, v >> 1, false));
		if (v >> 1 != 0 && strcmp(mw_fmt_delta(a, (x & 1) ?
		    -(int64_t)(v >> 1) : (int64_t)(v >> 1), false), c) != 0 &&
		    bad++ == 0)
			first = v;
	}
	ok(bad == 0, "fmt: %" PRIu64 " amounts as printf writes them (%" PRIu64
	    " differ, first %" PRIu64 ")", n, bad, first);
	{
		/* The backward writer the tables use: the same text, or NULL
		 * for what only the float path writes. */
		uint64_t odd = 0, tried = 0;

		for (int i = 0; i < 100000; i++) {
			char cell[MW_FMT_BYTES_LEN], *s;
			uint64_t v;

			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			v = x >> (x % 64);
			s = mw_fmt_bytes_end(cell + sizeof(cell) - 1, v, x & 1);
			cell[sizeof(cell) - 1] = '\0';
			tried++;
			mw_fmt_bytes(a, v, x & 1);
			if (s == NULL ? (x & 1) || !strchr("TPE", a[strlen(a) - 1]) :
			    strcmp(s, a) != 0)
				odd++;
		}
		ok(odd == 0, "fmt backwards: %" PRIu64 " amounts, %" PRIu64
		    " differ", tried, odd);
	}
	is_str(mw_fmt_delta(a, 0, true), "0", "delta 0");
	is_str(mw_fmt_delta(a, INT64_MIN, true), "-9223372036854775808",
	    "delta INT64_MIN exact");
	is_str(mw_fmt_bytes(a, UINT64_MAX, false), "16E", "fmt UINT64_MAX");
	is_str(mw_fmt_bytes(a, ((uint64_t)1 << 40) - 1, false), "1.0T",
	    "fmt just below 1 TiB");
	is_str(mw_fmt_bytes(a, 10188 * 1024, false), "9.9M",
	    "fmt 9.95 edge below");
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
	ok(mw_delta(0, UINT64_MAX) == INT64_MIN, "delta saturates");
}

/* Typed amounts in a sentence, replaced by render/amount.c. */
static void
count_amt(const struct mw_amt *a, void *arg)
{
	(void)a;
	++*(size_t *)arg;
}

static void
test_amount(void)
{
	char t[MW_AMT_TOK_LEN], u[MW_AMT_TOK_LEN], d[MW_AMT_TOK_LEN];
	struct mw_buf b, s;
	struct mw_amt a;

	mw_buf_init(&b);
	mw_buf_init(&s);
	mw_buf_printf(&s, "%s of %s, then %s and %s", mw_amt_bytes(t, 9969664),
	    mw_amt_bytes(u, 512), mw_amt_delta(d, -4096), MW_AMT_2M);
	amount_text(&b, s.data, s.len, false);
	is_str(b.data, "9.5M of 512 bytes, then -4.0K and 2.0M",
	    "amounts in the unit style; below 1K in bytes");
	mw_buf_reset(&b);
	amount_text(&b, s.data, s.len, true);
	is_str(b.data, "9969664 bytes of 512 bytes, then -4096 bytes and "
	    "2097152 bytes", "exact: every amount in bytes");
	mw_buf_reset(&b);
	mw_amt_bytes(t, UINT64_MAX);
	amount_text(&b, t, strlen(t), true);
	is_str(b.data, "18446744073709551615 bytes", "UINT64_MAX exact");
	mw_buf_reset(&b);
	mw_amt_delta(t, INT64_MIN);
	amount_text(&b, t, strlen(t), true);
	is_str(b.data, "-9223372036854775808 bytes", "INT64_MIN exact");
	mw_buf_reset(&b);
	mw_amt_delta(t, 0);
	amount_text(&b, t, strlen(t), false);
	is_str(b.data, "0 bytes", "a zero change has no sign");
	ok(mw_amt_scan(t, t + strlen(t), &a) == strlen(t) &&
	    a.kind == MW_AMT_DELTA && !a.neg && a.mag == 0, "scan a token");
	{
		char x[MW_FMT_BYTES_LEN], y[MW_FMT_BYTES_LEN];

		amount_pair(x, y, 1420 * 1024, 1428 * 1024, false);
		ok(strcmp(x, "1420K") == 0 && strcmp(y, "1428K") == 0,
		    "a pair that rounds alike: in the unit of the change");
		amount_pair(x, y, 1420 * 1024, 9736 * 1024, false);
		ok(strcmp(x, "1.4M") == 0 && strcmp(y, "9.5M") == 0,
		    "a pair that differs: the one style");
		amount_pair(x, y, 1420 * 1024, 1428 * 1024, true);
		ok(strcmp(x, "1454080") == 0 && strcmp(y, "1462272") == 0,
		    "a pair, exact");
	}
	/* Not tokens: left as they are, and escaped for the terminal. */
	{
		static const char broken[] = "\x1f" "b12 " "\x1f" "b" "\x1e"
		    " " "\x1f" "q1" "\x1e" " " "\x1f" "b99";
		static const char after[] = "\x1f" "b1048576" "\x1e" "\x1b";

		mw_buf_reset(&b);
		amount_term(&b, broken, sizeof(broken) - 1, false);
		is_str(b.data, "\\x1fb12 \\x1fb\\x1e \\x1fq1\\x1e \\x1fb99",
		    "broken tokens are not amounts: escaped, not formatted");
		mw_buf_reset(&b);
		amount_term(&b, after, sizeof(after) - 1, false);
		is_str(b.data, "1.0M\\e", "text after a token still escaped");
	}
	{
		/* A name holding a whole token is text, not an amount. */
		static const char name[] = "/tmp/\x1f" "b1048576" "\x1e" "x\x1f";
		size_t n = 0;

		mw_buf_reset(&s);
		mw_buf_adds(&s, "file ");
		mw_buf_add_plain(&s, name, sizeof(name) - 1);
		mw_buf_printf(&s, " of %s", mw_amt_bytes(t, 4096));
		mw_buf_reset(&b);
		amount_term(&b, s.data, s.len, false);
		is_str(b.data, "file /tmp/\\x1fb1048576\\x1ex\\x1f of 4.0K",
		    "a name's token stays text, escaped on a terminal");
		mw_buf_reset(&b);
		amount_text(&b, s.data, s.len, false);
		ok(b.len == 5 + sizeof(name) - 1 + 8 &&
		    memcmp(b.data + 5, name, sizeof(name) - 1) == 0,
		    "a name's bytes come back as they were in plain text");
		amount_each(s.data, s.len, count_amt, &n);
		is_u64(n, 1, "the one amount of the sentence, not the name's");
	}
	mw_buf_free(&s);
	mw_buf_free(&b);
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

/* The digit writers against printf, at every length and edge. */
static void
test_digits(void)
{
	uint64_t v = 1;
	int bad = 0, bad_hex = 0;
	char got[40], want[40], *e;

	for (int i = 0; i < 2000; i++) {
		uint64_t x = i < 64 ? (i % 2 ? v - 1 : v) :
		    (uint64_t)i * 0x9e3779b97f4a7c15ull >> (i % 64);

		if (i < 64 && i % 2)
			v *= 10;	/* 1, 9, 10, 99, 100, ... */
		if (i == 63)
			x = UINT64_MAX;
		e = mw_put_u64(got, x);
		*e = '\0';
		snprintf(want, sizeof(want), "%llu", (unsigned long long)x);
		bad += strcmp(got, want) != 0 || mw_dec_digits(x) != strlen(want);
		e = mw_put_hex(got, x, (size_t)(i % 18));
		*e = '\0';
		snprintf(want, sizeof(want), "%0*llx", i % 18 > 16 ? 16 : i % 18,
		    (unsigned long long)x);
		bad_hex += strcmp(got, want) != 0;
	}
	ok(bad == 0, "decimal digits as printf writes them (%d differ)", bad);
	ok(bad_hex == 0, "hex digits as printf writes them (%d differ)", bad_hex);
	e = mw_put_u64(got, 0);
	ok(e - got == 1 && got[0] == '0' && mw_dec_digits(0) == 1, "0 is one digit");
	ok(mw_hex_digits(0) == 1 && mw_hex_digits(UINT64_MAX) == 16,
	    "hex digits of 0 and UINT64_MAX");
}

/* One rule for a process id, in the arguments and /proc's names. */
static void
test_pid(void)
{
	static const char *const bad[] = {
		"", "0", "-1", "+5", " 5", "5 ", "12a", "2147483648",
		"99999999999999999999", "self",
	};
	pid_t p = 0;

	ok(mw_parse_pid("1", &p) == 0 && p == 1, "1 is a pid");
	ok(mw_parse_pid("2147483647", &p) == 0 && p == 2147483647,
	    "INT_MAX is a pid");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(mw_parse_pid(bad[i], &p) < 0, "'%s' is not a pid", bad[i]);
}

int
main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	test_pid();
	test_digits();
	test_fmt_exhaustive();
	test_u64();
	test_escape();
	test_fmt();
	test_amount();
	test_buf_arena();
	test_time();
	return tap_done();
}
