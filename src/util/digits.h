/* util/digits.h: numbers written as digits, the one place that does it:
 * decimal and hexadecimal, forwards into room the caller made or
 * backwards from the end of a buffer. No NUL is written. Inline: the
 * writers of tables and documents call them for every cell. */
#ifndef MW_UTIL_DIGITS_H
#define MW_UTIL_DIGITS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* "00" to "99", two bytes each. */
extern const char mw_digit_pairs[201];

/* The number of decimal digits of v (1 for 0). */
static inline size_t
mw_dec_digits(uint64_t v)
{
	static const uint64_t pow10[20] = {
		1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
		10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
		100000000000ull, 1000000000000ull, 10000000000000ull,
		100000000000000ull, 1000000000000000ull, 10000000000000000ull,
		100000000000000000ull, 1000000000000000000ull,
		10000000000000000000ull,
	};
	/* floor(log10(2^b)) + 1 for b bits: 1233/4096 is log10(2) */
	size_t t = (size_t)((64 - __builtin_clzll(v | 1)) * 1233) >> 12;

	if (v < 10)
		return 1;
	return t + (v >= pow10[t]);
}

/* The number of hexadecimal digits of v (1 for 0). */
static inline size_t
mw_hex_digits(uint64_t v)
{
	return (size_t)(67 - __builtin_clzll(v | 1)) / 4;
}

/* Decimal v written backwards, ending before end; returns its first digit. */
static inline char *
mw_utoa_end(char *end, uint64_t v)
{
	while (v >= 100) {
		memcpy(end -= 2, mw_digit_pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		memcpy(end -= 2, mw_digit_pairs + 2 * v, 2);
		return end;
	}
	*--end = (char)('0' + v);
	return end;
}

/* Decimal v at w; returns the byte after its last digit. */
static inline char *
mw_put_u64(char *w, uint64_t v)
{
	char *e = w + mw_dec_digits(v);

	mw_utoa_end(e, v);
	return e;
}

/* Eight hex digits of x, the first in the lowest byte of memory. */
static inline uint64_t
mw_hex8(uint32_t x)
{
	const uint64_t ones = 0x0101010101010101u;
	uint64_t n = x;

	/* A nibble a byte, the most significant in the highest byte. */
	n = (n | n << 16) & 0x0000ffff0000ffffu;
	n = (n | n << 8) & 0x00ff00ff00ff00ffu;
	n = (n | n << 4) & 0x0f0f0f0f0f0f0f0fu;
	n += ones * '0' + (((n + ones * 6) >> 4) & ones) * ('a' - '0' - 10);
#ifndef WORDS_BIGENDIAN
	n = __builtin_bswap64(n);
#endif
	return n;
}

/*
 * v in lower-case hex at w, at least min digits (leading zeros), at most
 * 16; returns the byte after the last.
 */
static inline char *
mw_put_hex(char *w, uint64_t v, size_t min)
{
	uint64_t t[2] = { mw_hex8((uint32_t)(v >> 32)), mw_hex8((uint32_t)v) };
	size_t n = mw_hex_digits(v);

	if (n < min)
		n = min;
	if (n > 16)
		n = 16;
	memcpy(w, (char *)t + 16 - n, n);
	return w + n;
}

#endif
