/* render/json_proc_fast.c: a mapping in memwatch's own layout, read at once. */
#include "config.h"
#include "render/json_proc_fast.h"

#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/arena.h"
#include "util/units.h"

#define IND "\n      "	/* a mapping's keys: depth 3 */

static void
key_set(struct mwjson_fast_key *k, const char *text)
{
	memset(k->text, 0, sizeof(k->text));
	k->len = (unsigned char)snprintf(k->text, sizeof(k->text), "%s", text);
	k->want = k->len >= 32 ? UINT32_MAX : ((uint32_t)1 << k->len) - 1;
}

void
mwjson_fast_init(struct mwjson_fast *f)
{
	static const char *const fixed[MWJF_NR] = {
		[MWJF_START] = "{" IND "\"start\": \"0x",
		[MWJF_END] = "," IND "\"end\": \"0x",
		[MWJF_PERMS] = "," IND "\"perms\": \"",
		[MWJF_OFFSET] = "," IND "\"offset\": ",
		[MWJF_DEV] = "," IND "\"dev\": \"",
		[MWJF_INODE] = "," IND "\"inode\": ",
		[MWJF_PATH] = "," IND "\"path\": \"",
		[MWJF_KIND] = "," IND "\"kind\": \"",
		[MWJF_VMFLAGS] = "," IND "\"vmflags\": [",
		[MWJF_FLAG] = IND "  \"",
		[MWJF_FLAGS_END] = IND "]",
		[MWJF_CLOSE] = "\n    }",
	};
	char text[40];

	for (int i = 0; i < SMAPS_NR; i++) {
		snprintf(text, sizeof(text), "," IND "\"%s\": ",
		    smaps_field_json_name(i));
		key_set(&f->field[i], text);
	}
	for (int i = 0; i < MWJF_NR; i++)
		key_set(&f->fixed[i], fixed[i]);
}

/*
 * Is k's text at q? Compared 16 bytes (SSE2) or a word at a time where
 * 40 bytes can be read (k's text is padded to 40), else byte by byte.
 */
static inline bool
key_at(const char *q, const char *end, const struct mwjson_fast_key *k)
{
	uint64_t a, b;
	size_t i = 0, n = k->len;

	if ((size_t)(end - q) < sizeof(k->text))
		return (size_t)(end - q) >= n && memcmp(q, k->text, n) == 0;
#ifdef __SSE2__
	/* 32 bytes in two compares: a bit per byte that is the key's */
	if (n <= 32) {
		__m128i lo = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)q),
		    _mm_loadu_si128((const __m128i *)k->text));
		__m128i hi = _mm_cmpeq_epi8(
		    _mm_loadu_si128((const __m128i *)(q + 16)),
		    _mm_loadu_si128((const __m128i *)(k->text + 16)));
		uint32_t eq = (uint32_t)_mm_movemask_epi8(lo) |
		    (uint32_t)_mm_movemask_epi8(hi) << 16;

		return (eq & k->want) == k->want;
	}
#endif
	for (; i + 8 <= n; i += 8) {
		memcpy(&a, q + i, 8);
		memcpy(&b, k->text + i, 8);
		if (a != b)
			return false;
	}
	if (i == n)
		return true;
	memcpy(&a, q + i, 8);
	memcpy(&b, k->text + i, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return ((a ^ b) & (~0ull >> (64 - 8 * (n - i)))) == 0;
#else
	return ((a ^ b) & (~0ull << (64 - 8 * (n - i)))) == 0;
#endif
}

/* k's text at *q: passed, or false. */
static inline bool
lit(const char **q, const char *end, const struct mwjson_fast_key *k)
{
	if (!key_at(*q, end, k))
		return false;
	*q += k->len;
	return true;
}

/* A plain JSON integer, not negative, that fits int64_t. */
static inline bool
num(const char **qp, uint64_t *v)
{
	const char *q = *qp, *s = q;
	uint64_t n = 0;

	while ((unsigned)(*q - '0') < 10)
		n = n * 10 + (unsigned)(*q++ - '0');
	if (q == s || q - s > 18 || (*s == '0' && q - s > 1))
		return false;
	*v = n;
	*qp = q;
	return true;
}

/* A string of printable ASCII but '"' and '\': [s, *qp) up to its quote. */
static inline const char *
plain(const char **qp)
{
	const char *q = *qp, *s = q;

	while ((unsigned char)(*q - 0x20) < 0x5f && *q != '"' && *q != '\\')
		q++;
	if (*q != '"')
		return NULL;
	*qp = q + 1;
	return s;
}

static const signed char hexv[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12,
	['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12,
	['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/*
 * The hex digits of an address after "0x", then its closing quote, as the
 * token reader's addr() reads them (at most 16 digits).
 */
static inline bool
addr(const char **qp, uint64_t *v)
{
	const char *q = *qp, *s = q;
	uint64_t n = 0;
	int d;

	while ((d = hexv[(unsigned char)*q]) != 0) {
		n = n << 4 | (uint64_t)(d - 1);
		q++;
	}
	if (q == s || q - s > 16 || *q != '"')
		return false;
	*v = n;
	*qp = q + 1;
	return true;
}

static inline bool
dev(const char **qp, struct vma *v)
{
	const char *q = *qp, *s = plain(&q), *e, *next;
	uint64_t maj, min;

	if (s == NULL)
		return false;
	e = q - 1;
	if (mw_parse_x64(s, e, &maj, &next) < 0 || next == e || *next != ':' ||
	    mw_parse_x64(next + 1, e, &min, &next) < 0 || next != e ||
	    maj > UINT32_MAX || min > UINT32_MAX)
		return false;
	v->dev_major = (uint32_t)maj;
	v->dev_minor = (uint32_t)min;
	*qp = q;
	return true;
}

/* Known two-letter codes only. */
static const char *
vmflags(const struct mwjson_fast *fk, const char *q, const char *end,
    struct vma *v)
{
	int f;

	if (*q == ']')
		return q + 1;
	for (;;) {
		char code[3] = { 0, 0, 0 };

		if (!lit(&q, end, &fk->fixed[MWJF_FLAG]) || end - q < 3 ||
		    q[2] != '"')
			return NULL;
		memcpy(code, q, 2);
		if ((f = vmflag_by_code(code)) < 0)
			return NULL;
		v->vmflags |= (uint64_t)1 << f;
		q += 3;
		if (*q != ',')
			break;
		q++;
	}
	return lit(&q, end, &fk->fixed[MWJF_FLAGS_END]) ? q : NULL;
}

/* The fields, in order, each at most once. */
static const char *
fields(const struct mwjson_fast *fk, const char *q, const char *end,
    struct vma *v)
{
	uint64_t x;

	for (int f = 0; f < SMAPS_NR; f++) {
		if (!lit(&q, end, &fk->field[f]))
			continue;
		if (f == SMAPS_THP_ELIGIBLE && (*q == 't' || *q == 'f')) {
			x = *q == 't';
			if (memcmp(q, x ? "true" : "false", 4 + !x) != 0 ||
			    (end - q) < 5)
				return NULL;
			q += 4 + !x;
		} else if (!num(&q, &x)) {
			return NULL;
		}
		smaps_set(v, f, x);
	}
	return q;
}

const char *
mwjson_fast_vma(const struct mwjson_fast *fk, const char *q, const char *end,
    struct mw_arena *arena, struct vma *v)
{
	const struct mwjson_fast_key *k = fk->fixed;
	const char *s;

	memset(v, 0, sizeof(*v));
	if (!lit(&q, end, &k[MWJF_START]) || !addr(&q, &v->start) ||
	    !lit(&q, end, &k[MWJF_END]) || !addr(&q, &v->end) ||
	    v->end < v->start || !lit(&q, end, &k[MWJF_PERMS]) ||
	    (s = plain(&q)) == NULL || q - 1 - s != 4)
		return NULL;
	memcpy(v->perms, s, 4);
	if (!lit(&q, end, &k[MWJF_OFFSET]) || !num(&q, &v->offset) ||
	    !lit(&q, end, &k[MWJF_DEV]) || !dev(&q, v) ||
	    !lit(&q, end, &k[MWJF_INODE]) || !num(&q, &v->inode))
		return NULL;
	if (lit(&q, end, &k[MWJF_PATH])) {
		if ((s = plain(&q)) == NULL)
			return NULL;
		v->path_len = (size_t)(q - 1 - s);
		v->path = mw_arena_strndup(arena, s, v->path_len);
	}
	if (!lit(&q, end, &k[MWJF_KIND]) || plain(&q) == NULL ||
	    (q = fields(fk, q, end, v)) == NULL)
		return NULL;
	if (lit(&q, end, &k[MWJF_VMFLAGS])) {
		v->has_vmflags = true;
		if ((q = vmflags(fk, q, end, v)) == NULL)
			return NULL;
	}
	return lit(&q, end, &k[MWJF_CLOSE]) ? q : NULL;
}
