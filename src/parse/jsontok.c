/* parse/jsontok.c: JSON text as tokens, read in pieces (RFC 8259); no I/O. */
#include "config.h"
#include "parse/jsontok.h"

#include <string.h>

#include "util/buf.h"

enum {
	ST_TOP,			/* the document's value: '{' or '[' */
	ST_VALUE,		/* a value: after a key, or ',' in an array */
	ST_KEY,			/* a key: after ',' in an object */
	ST_OBJ_FIRST,		/* after '{': a key or '}' */
	ST_ARR_FIRST,		/* after '[': a value or ']' */
	ST_NEXT,		/* after a value in a container: ',' or its end */
	ST_DONE,		/* after the document: white space only */
};

/* Bytes of a string that need no further look: printable ASCII. */
#define C_PLAIN 1
#define C_SPACE 2
#define C_DIGIT 4
#define C_ALPHA 8

static unsigned char cls[256];

static void
cls_init(void)
{
	if (cls['a'] != 0)
		return;
	for (int c = 0x20; c <= 0x7f; c++)
		cls[c] = C_PLAIN;
	cls['"'] = cls['\\'] = 0;
	cls[' '] |= C_SPACE;
	cls['\t'] = cls['\n'] = cls['\r'] = C_SPACE;
	for (int c = '0'; c <= '9'; c++)
		cls[c] |= C_DIGIT;
	for (int c = 'a'; c <= 'z'; c++)
		cls[c] |= C_ALPHA, cls[c - 'a' + 'A'] |= C_ALPHA;
}

void
jtok_init(struct jtok *t, const char *p, const char *end, bool last)
{
	cls_init();
	memset(t, 0, offsetof(struct jtok, kind));
	t->p = p;
	t->end = end;
	t->last = last;
	t->state = ST_TOP;
}

static enum jtok_type
fail(struct jtok *t, const char *at, const char *why)
{
	t->at = at;
	t->err = why;
	return JT_ERR;
}

/* The window ends inside a token: more text, or the file ends early. */
static enum jtok_type
more(struct jtok *t, const char *at)
{
	return t->last ? fail(t, at, "unexpected end of file") : JT_MORE;
}

static const char *
skip_ws(const char *q, const char *end)
{
	while (q < end && (cls[(unsigned char)*q] & C_SPACE))
		q++;
	return q;
}

static int
hex4(const char *q, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		unsigned char c = (unsigned char)q[i];
		unsigned d = c >= '0' && c <= '9' ? c - '0' :
		    c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		    c >= 'A' && c <= 'F' ? c - 'A' + 10 : 16;

		if (d == 16)
			return -1;
		*v = *v << 4 | d;
	}
	return 0;
}

/*
 * One escape at q (the backslash): its length, 0 when the window ends in
 * it, -1 when invalid. \u0000 and unpaired surrogates are refused, as
 * jansson refuses them.
 */
static int
escape_len(const char *q, const char *end)
{
	unsigned u, lo;

	if (end - q < 2)
		return 0;
	if (strchr("\"\\/bfnrt", q[1]) != NULL && q[1] != '\0')
		return 2;
	if (q[1] != 'u')
		return -1;
	if (end - q < 6)
		return 0;
	if (hex4(q + 2, &u) < 0 || u == 0 || (u >= 0xdc00 && u <= 0xdfff))
		return -1;
	if (u < 0xd800 || u > 0xdbff)
		return 6;
	if (end - q < 12)
		return (end - q >= 7 && q[6] != '\\') ||
		    (end - q >= 8 && q[7] != 'u') ? -1 : 0;
	if (q[6] != '\\' || q[7] != 'u' || hex4(q + 8, &lo) < 0 ||
	    lo < 0xdc00 || lo > 0xdfff)
		return -1;
	return 12;
}

/* One UTF-8 sequence at q: its length, 0 when cut by end, -1 invalid. */
static int
utf8_len(const unsigned char *q, const unsigned char *end)
{
	unsigned c = q[0], v;
	int n;

	if (c < 0xc2 || c > 0xf4)
		return -1;
	n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	v = c & (0x3f >> (n - 1));
	for (int i = 1; i < n; i++) {
		if (q + i >= end)
			return 0;
		if ((q[i] & 0xc0) != 0x80)
			return -1;
		v = v << 6 | (q[i] & 0x3f);
	}
	if ((n == 3 && (v < 0x800 || (v >= 0xd800 && v <= 0xdfff))) ||
	    (n == 4 && (v < 0x10000 || v > 0x10ffff)))
		return -1;
	return n;
}

/* A string from q (its opening quote); *next after the closing quote. */
static enum jtok_type
lex_string(struct jtok *t, const char *q, const char **next)
{
	const char *s = q + 1, *end = t->end;
	bool esc = false;
	int n;

	for (q = s;;) {
		while (q < end && (cls[(unsigned char)*q] & C_PLAIN))
			q++;
		if (q == end)
			return more(t, q);
		if (*q == '"')
			break;
		if (*q == '\\') {
			n = escape_len(q, end);
			if (n < 0)
				return fail(t, q, "invalid escape in a string");
			esc = true;
		} else if ((unsigned char)*q < 0x20) {
			return fail(t, q, "control character in a string");
		} else {
			n = utf8_len((const unsigned char *)q,
			    (const unsigned char *)end);
			if (n < 0)
				return fail(t, q, "invalid UTF-8 in a string");
		}
		if (n == 0)
			return more(t, end);
		q += n;
	}
	t->s = s;
	t->n = (size_t)(q - s);
	t->esc = esc;
	*next = q + 1;
	return JT_STR;
}

/* 2^1024 - 2^970: the least decimal that strtod() rounds to infinity. */
static const char huge_digits[] =
    "1797693134862315807937289714053034150799341327100378269361737789804449"
    "6829276475094664901797758720709633028641669288791094655554785194040263"
    "0657488671505820681908902000708383676273854845817711531764475730270069"
    "8555713669596228429148198608349364752927190741684443655107043427115596"
    "99508093042880177904174497792";

/*
 * Does the real [s, e) (valid JSON) overflow a double, as jansson checks
 * with strtod()? Its decimal exponent decides, and at 10^308 its digits
 * against huge_digits.
 */
static bool
real_overflows(const char *s, const char *e)
{
	const char *q = s + (*s == '-'), *dig = q;
	long long exp = 0, lead = -1;
	size_t k = 0;
	bool neg = false;

	for (long long pos = 0; q < e && *q != 'e' && *q != 'E'; q++) {
		if (*q == '.')
			continue;
		if (lead < 0 && *q != '0')
			lead = pos;
		pos++;
	}
	if (lead < 0)
		return false;	/* zero */
	if (q < e) {
		q++;
		if (*q == '-' || *q == '+')
			neg = *q++ == '-';
		for (; q < e && exp < 100000; q++)
			exp = exp * 10 + (*q - '0');
	}
	exp = neg ? -exp : exp;
	/* the decimal exponent of the first digit that is not 0 */
	for (const char *x = dig; x < e && *x != '.' && *x != 'e' &&
	    *x != 'E'; x++)
		exp++;
	exp -= lead + 1;
	if (exp != 308)
		return exp > 308;
	for (q = dig; q < e && *q != 'e' && *q != 'E'; q++) {
		if (*q == '.' || (k == 0 && *q == '0'))
			continue;
		if (huge_digits[k] == '\0')
			return true;
		if (*q != huge_digits[k])
			return *q > huge_digits[k];
		k++;
	}
	return huge_digits[k] == '\0';
}

/* An integer that fits int64_t, as jansson's strtoll() check. */
static int
int_value(const char *s, const char *e, int64_t *v)
{
	bool neg = *s == '-';
	uint64_t n = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : INT64_MAX;

	for (s += neg; s < e; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (n > (lim - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	*v = neg ? (int64_t)(0 - n) : (int64_t)n;
	return 0;
}

static const char *
digits(const char *q, const char *end)
{
	while (q < end && (cls[(unsigned char)*q] & C_DIGIT))
		q++;
	return q;
}

/* A number from q (a digit or '-'). */
static enum jtok_type
lex_number(struct jtok *t, const char *q, const char **next)
{
	const char *s = q, *end = t->end;
	bool real = false;

	if (*q == '-' && ++q == end)
		return more(t, q);
	if (*q == '0') {
		q++;
		if (q < end && (cls[(unsigned char)*q] & C_DIGIT))
			return fail(t, s, "invalid token (a number with a leading zero)");
	} else if (cls[(unsigned char)*q] & C_DIGIT) {
		q = digits(q, end);
	} else {
		return fail(t, s, "invalid token");
	}
	if (q < end && *q == '.') {
		real = true;
		if (++q == end)
			return more(t, q);
		if (!(cls[(unsigned char)*q] & C_DIGIT))
			return fail(t, s, "invalid token (a real without digits)");
		q = digits(q, end);
	}
	if (q < end && (*q == 'e' || *q == 'E')) {
		real = true;
		if (++q < end && (*q == '-' || *q == '+'))
			q++;
		if (q == end)
			return more(t, q);
		if (!(cls[(unsigned char)*q] & C_DIGIT))
			return fail(t, s, "invalid token (an exponent without digits)");
		q = digits(q, end);
	}
	if (q == end && !t->last)
		return JT_MORE;
	*next = q;
	if (real)
		return real_overflows(s, q) ?
		    fail(t, s, "real number overflow") : JT_REAL;
	if (int_value(s, q, &t->i) < 0)
		return fail(t, s, *s == '-' ? "too big negative integer" :
		    "too big integer");
	return JT_INT;
}

static enum jtok_type
lex_word(struct jtok *t, const char *q, const char **next)
{
	const char *s = q;

	while (q < t->end && (cls[(unsigned char)*q] & C_ALPHA))
		q++;
	if (q == t->end && !t->last)
		return JT_MORE;
	*next = q;
	if (q - s == 4 && memcmp(s, "true", 4) == 0)
		return JT_TRUE;
	if (q - s == 5 && memcmp(s, "false", 5) == 0)
		return JT_FALSE;
	if (q - s == 4 && memcmp(s, "null", 4) == 0)
		return JT_NULL;
	return fail(t, s, "invalid token");
}

/* A value at q: a container opens, or a scalar is read whole. */
static enum jtok_type
lex_value(struct jtok *t, int st, const char *q, const char **next)
{
	unsigned char c = (unsigned char)*q;

	if (t->depth + 1 > JTOK_MAX_DEPTH)
		return fail(t, q, "maximum parsing depth reached");
	if (c == '{' || c == '[') {
		t->kind[++t->depth] = c;
		*next = q + 1;
		return c == '{' ? JT_OBJ : JT_ARR;
	}
	if (st == ST_TOP)
		return fail(t, q, "'[' or '{' expected");
	if (c == '"')
		return lex_string(t, q, next);
	if (c == '-' || (cls[c] & C_DIGIT))
		return lex_number(t, q, next);
	if (cls[c] & C_ALPHA)
		return lex_word(t, q, next);
	return fail(t, q, "invalid token");
}

/* A key and its colon at q. */
static enum jtok_type
lex_key(struct jtok *t, const char *q, const char **next)
{
	enum jtok_type r;

	if (*q != '"')
		return fail(t, q, "string or '}' expected");
	r = lex_string(t, q, &q);
	if (r != JT_STR)
		return r;
	q = skip_ws(q, t->end);
	if (q == t->end)
		return more(t, q);
	if (*q != ':')
		return fail(t, q, "':' expected");
	*next = q + 1;
	return JT_KEY;
}

/* ',' or the end of the open container at q. */
static int
after_value(struct jtok *t, const char **qp)
{
	const char *q = *qp;
	unsigned char k = t->kind[t->depth];

	if (*q == ',') {
		q = skip_ws(q + 1, t->end);
		if (q == t->end)
			return more(t, q);
		*qp = q;
		return k == '{' ? ST_KEY : ST_VALUE;
	}
	if ((*q == '}' && k == '{') || (*q == ']' && k == '['))
		return ST_NEXT;	/* the closer: the caller takes it */
	return fail(t, q, k == '{' ? "',' or '}' expected" :
	    "',' or ']' expected");
}

enum jtok_type
jtok_next(struct jtok *t)
{
	const char *q = skip_ws(t->p, t->end), *next = NULL;
	enum jtok_type r;
	int st = t->state;

	t->at = q;
	if (q == t->end) {
		if (st == ST_DONE && t->last)
			return JT_EOF;
		return more(t, q);
	}
	if (st == ST_DONE)
		return fail(t, q, "trailing data after the document");
	if (st == ST_NEXT) {
		st = after_value(t, &q);
		if (st < 0)
			return (enum jtok_type)st;
	} else if ((st == ST_OBJ_FIRST && *q == '}') ||
	    (st == ST_ARR_FIRST && *q == ']')) {
		st = ST_NEXT;
	} else if (st == ST_OBJ_FIRST || st == ST_ARR_FIRST) {
		st = st == ST_OBJ_FIRST ? ST_KEY : ST_VALUE;
	}
	t->at = q;
	if (st == ST_NEXT) {	/* a closer */
		r = *q == '}' ? JT_OBJ_END : JT_ARR_END;
		t->depth--;
		next = q + 1;
	} else if (st == ST_KEY) {
		r = lex_key(t, q, &next);
		if (r == JT_STR)
			r = JT_KEY;
	} else {
		r = lex_value(t, st, q, &next);
	}
	if (r < 0)
		return r;
	t->p = next;
	if (r == JT_KEY)
		t->state = ST_VALUE;
	else if (r == JT_OBJ)
		t->state = ST_OBJ_FIRST;
	else if (r == JT_ARR)
		t->state = ST_ARR_FIRST;
	else
		t->state = t->depth == 0 ? ST_DONE : ST_NEXT;
	return r;
}

const char *
jtok_peek_item(const struct jtok *t, int levels)
{
	const char *q = skip_ws(t->p, t->end);

	if (t->depth == 0 || t->kind[t->depth] != '[' ||
	    t->depth + levels > JTOK_MAX_DEPTH)
		return NULL;
	if (t->state == ST_NEXT) {
		if (q == t->end || *q != ',')
			return NULL;
		q = skip_ws(q + 1, t->end);
	} else if (t->state != ST_ARR_FIRST) {
		return NULL;
	}
	return q < t->end ? q : NULL;
}

void
jtok_took_value(struct jtok *t, const char *next)
{
	t->p = next;
	t->state = ST_NEXT;
}

/* Code point u as UTF-8. */
static void
put_utf8(struct mw_buf *out, unsigned u)
{
	char b[4];
	size_t n;

	if (u < 0x80) {
		b[0] = (char)u, n = 1;
	} else if (u < 0x800) {
		b[0] = (char)(0xc0 | u >> 6), b[1] = (char)(0x80 | (u & 0x3f));
		n = 2;
	} else if (u < 0x10000) {
		b[0] = (char)(0xe0 | u >> 12);
		b[1] = (char)(0x80 | ((u >> 6) & 0x3f));
		b[2] = (char)(0x80 | (u & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | u >> 18);
		b[1] = (char)(0x80 | ((u >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((u >> 6) & 0x3f));
		b[3] = (char)(0x80 | (u & 0x3f));
		n = 4;
	}
	mw_buf_add(out, b, n);
}

void
jtok_unescape(const char *s, size_t n, struct mw_buf *out)
{
	const char *e = s + n, *bs;
	unsigned u, lo;

	while (s < e) {
		bs = memchr(s, '\\', (size_t)(e - s));
		if (bs == NULL)
			bs = e;
		mw_buf_add(out, s, (size_t)(bs - s));
		if (bs == e)
			break;
		/* the tokenizer checked every escape */
		switch (bs[1]) {
		case 'b': mw_buf_addc(out, '\b'); break;
		case 'f': mw_buf_addc(out, '\f'); break;
		case 'n': mw_buf_addc(out, '\n'); break;
		case 'r': mw_buf_addc(out, '\r'); break;
		case 't': mw_buf_addc(out, '\t'); break;
		case 'u':
			hex4(bs + 2, &u);
			if (u >= 0xd800 && u <= 0xdbff) {
				hex4(bs + 8, &lo);
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
				bs += 6;
			}
			put_utf8(out, u);
			bs += 4;
			break;
		default: mw_buf_addc(out, bs[1]); break;
		}
		s = bs + 2;
	}
}
