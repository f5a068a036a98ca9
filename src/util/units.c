/* util/units.c: checked number parsing and byte formatting. */
#include "config.h"
#include "util/units.h"

#include <errno.h>
#include <limits.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
mw_parse_u64(const char *p, const char *end, uint64_t *v, const char **next)
{
	uint64_t n = 0;

	if (next != NULL)
		*next = p;
	if (p == end || *p < '0' || *p > '9')
		return -EINVAL;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (__builtin_mul_overflow(n, 10, &n) ||
		    __builtin_add_overflow(n, (uint64_t)(*p - '0'), &n)) {
			while (p < end && *p >= '0' && *p <= '9')
				p++;
			if (next != NULL)
				*next = p;
			return -ERANGE;
		}
	}
	*v = n;
	if (next != NULL)
		*next = p;
	return 0;
}

const unsigned char mw_hex_digit1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

static int
hexval(char c)
{
	return (int)mw_hex_digit1[(unsigned char)c] - 1;
}

int
mw_parse_x64(const char *p, const char *end, uint64_t *v, const char **next)
{
	uint64_t n = 0;
	int d, rc = 0;

	if (next != NULL)
		*next = p;
	if (p == end || hexval(*p) < 0)
		return -EINVAL;
	for (; p < end && (d = hexval(*p)) >= 0; p++) {
		if (n >> 60)
			rc = -ERANGE;
		n = (n << 4) | (uint64_t)d;
	}
	if (next != NULL)
		*next = p;
	if (rc == 0)
		*v = n;
	return rc;
}

int
mw_parse_i64(const char *p, const char *end, int64_t *v, const char **next)
{
	bool neg = false;
	uint64_t u;
	int rc;

	if (p < end && *p == '-') {
		neg = true;
		p++;
	}
	rc = mw_parse_u64(p, end, &u, next);
	if (rc < 0)
		return rc;
	if (u > (uint64_t)INT64_MAX + (neg ? 1 : 0))
		return -ERANGE;
	*v = neg ? (int64_t)(0 - u) : (int64_t)u;
	return 0;
}

int
mw_parse_u64_str(const char *s, uint64_t *v)
{
	const char *end = s + strlen(s), *next;
	int rc = mw_parse_u64(s, end, v, &next);

	if (rc == 0 && next != end)
		return -EINVAL;
	return rc;
}

int
mw_parse_pid(const char *s, pid_t *pid)
{
	uint64_t v;

	if (s[0] < '0' || s[0] > '9' || mw_parse_u64_str(s, &v) < 0 ||
	    v == 0 || v > INT_MAX)
		return -EINVAL;
	*pid = (pid_t)v;
	return 0;
}

int
mw_parse_seconds(const char *s, double *v)
{
	char *next;
	double d;

	if (*s < '0' || *s > '9') {
		if (*s != '.')
			return -EINVAL;
	}
	errno = 0;
	d = strtod(s, &next);
	if (errno != 0 || next == s || *next != '\0' || !isfinite(d) ||
	    d < 0 || d > 86400.0 * 365)
		return -EINVAL;
	*v = d;
	return 0;
}

int
mw_parse_duration(const char *s, double *seconds)
{
	static const struct { char c; double mul; } units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
	};
	size_t n = strlen(s);
	char num[64];

	if (n == 0 || n >= sizeof(num))
		return -EINVAL;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (s[n - 1] == units[i].c) {
			double v;

			memcpy(num, s, n - 1);
			num[n - 1] = '\0';
			if (mw_parse_seconds(num, &v) < 0 ||
			    v * units[i].mul > 86400.0 * 365)
				return -EINVAL;
			*seconds = v * units[i].mul;
			return 0;
		}
	return mw_parse_seconds(s, seconds);
}

bool
mw_kib_to_bytes(uint64_t kib, uint64_t *bytes)
{
	return !__builtin_mul_overflow(kib, 1024, bytes);
}

bool
mw_mul_u64(uint64_t a, uint64_t b, uint64_t *out)
{
	return !__builtin_mul_overflow(a, b, out);
}

static const char units[] = "BKMGTPE";

char *
mw_utoa_end(char *end, uint64_t v)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

/* a / d rounded half to even, as printf rounds an exact binary value. */
static uint64_t
div_round(uint64_t a, uint64_t d)
{
	uint64_t q = a / d, r = a % d;

	if (2 * r > d || (2 * r == d && (q & 1)))
		q++;
	return q;
}

/*
 * mw_fmt_bytes() in integers, for the tables' many cells: below 1 TiB the
 * amount over its unit is an exact binary fraction, which printf's "%.1f"
 * and "%.0f" round half to even; so does div_round(). NULL for what is
 * left to the floating-point code (1 TiB and more, and "1.0T").
 */
char *
mw_fmt_bytes_end(char *end, uint64_t v, bool exact)
{
	uint64_t d = 1024, q;
	int u = 1;

	if (exact || v < 1024) {
		if (!exact && v != 0)
			*--end = 'B';
		return mw_utoa_end(end, v);
	}
	if (v >= (uint64_t)1 << 40)
		return NULL;
	while (v / d >= 1024 && u < 3) {
		d <<= 10;
		u++;
	}
	if (v * 100 < 995 * d) {	/* below 9.95: one decimal */
		*--end = units[u];
		q = div_round(v * 10, d);
		*--end = (char)('0' + q % 10);
		*--end = '.';
		return mw_utoa_end(end, q / 10);
	}
	if (v * 2 < 2047 * d) {		/* below 1023.5 */
		*--end = units[u];
		return mw_utoa_end(end, div_round(v, d));
	}
	if (u == 3)
		return NULL;
	end -= 4;
	memcpy(end, "1.0", 3);
	end[3] = units[u + 1];
	return end;
}

static bool
fmt_bytes_int(char out[MW_FMT_BYTES_LEN], uint64_t v, bool exact)
{
	char tmp[MW_FMT_BYTES_LEN], *end = tmp + sizeof(tmp) - 1, *p;

	*end = '\0';
	p = mw_fmt_bytes_end(end, v, exact);
	if (p == NULL)
		return false;
	memcpy(out, p, (size_t)(tmp + sizeof(tmp) - p));
	return true;
}

const char *
mw_fmt_bytes(char out[MW_FMT_BYTES_LEN], uint64_t bytes, bool exact)
{
	double v = (double)bytes;
	int u = 0;

	if (fmt_bytes_int(out, bytes, exact))
		return out;
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
	return out;
}

const char *
mw_fmt_delta(char out[MW_FMT_BYTES_LEN], int64_t delta, bool exact)
{
	char tmp[MW_FMT_BYTES_LEN];
	uint64_t mag;

	if (delta == 0) {
		memcpy(out, "0", 2);
		return out;
	}
	mag = delta < 0 ? 0 - (uint64_t)delta : (uint64_t)delta;
	mw_fmt_bytes(tmp, mag, exact);
	out[0] = delta < 0 ? '-' : '+';
	memcpy(out + 1, tmp, strnlen(tmp, MW_FMT_BYTES_LEN - 2));
	out[1 + strnlen(tmp, MW_FMT_BYTES_LEN - 2)] = '\0';
	return out;
}

int64_t
mw_delta(uint64_t after, uint64_t before)
{
	if (after >= before)
		return after - before > (uint64_t)INT64_MAX ? INT64_MAX :
		    (int64_t)(after - before);
	return before - after > (uint64_t)INT64_MAX ? INT64_MIN :
	    -(int64_t)(before - after);
}
