/* util/escape.c: one escaping rule for every renderer (see escape.h). */
#include "config.h"
#include "util/escape.h"

#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include "util/buf.h"

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes) and its code
 * point in *cp, or 0 when the bytes are not valid UTF-8 (overlong forms,
 * surrogates and values above U+10FFFF are invalid).
 */
static size_t
utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		len = 2, c = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, c = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/*
 * Characters a terminal shows as nothing or that reorder what follows:
 * Unicode's format characters (general category Cf: the bidirectional
 * embeddings, overrides and isolates U+202A..U+202E and U+2066..U+2069,
 * zero-width spaces and joiners, the byte-order mark, tags, ...) and the
 * line and paragraph separators U+2028, U+2029. Sorted, inclusive.
 */
static const struct {
	uint32_t lo, hi;
} invisible[] = {
	{ 0x00ad, 0x00ad }, { 0x0600, 0x0605 }, { 0x061c, 0x061c },
	{ 0x06dd, 0x06dd }, { 0x070f, 0x070f }, { 0x0890, 0x0891 },
	{ 0x08e2, 0x08e2 }, { 0x180e, 0x180e }, { 0x200b, 0x200f },
	{ 0x2028, 0x202e }, { 0x2060, 0x2064 }, { 0x2066, 0x206f },
	{ 0xfeff, 0xfeff }, { 0xfff9, 0xfffb }, { 0x110bd, 0x110bd },
	{ 0x110cd, 0x110cd }, { 0x13430, 0x1343f }, { 0x1bca0, 0x1bca3 },
	{ 0x1d173, 0x1d17a }, { 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f },
};

/* A code point the terminal rule escapes though it is valid UTF-8. */
static bool
term_hidden(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(invisible) / sizeof(invisible[0]);

	if (cp >= 0x80 && cp <= 0x9f)	/* C1 controls */
		return true;
	if (cp < 0xad)
		return false;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp < invisible[mid].lo)
			hi = mid;
		else if (cp > invisible[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

static void
add_hex(struct mw_buf *out, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char e[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

	mw_buf_add(out, e, 4);
}

/* The terminal escape of an ASCII byte, or NULL when it passes as is. */
static const char *
term_ascii(unsigned char c)
{
	switch (c) {
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\t': return "\\t";
	case '\r': return "\\r";
	case 0x1b: return "\\e";
	default: return NULL;
	}
}

void
mw_escape_term(struct mw_buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + n;
	const unsigned char *run = p;	/* start of bytes passed as is */
	const char *e;
	uint32_t cp;
	size_t len;

	while (p < end) {
		len = utf8_seq(p, (size_t)(end - p), &cp);
		if (len == 1 && cp >= 0x20 && cp != 0x7f && cp != '\\') {
			p++;
			continue;
		}
		if (len > 1 && !term_hidden(cp)) {
			p += len;
			continue;
		}
		mw_buf_add(out, run, (size_t)(p - run));
		if (len == 1 && (e = term_ascii(*p)) != NULL) {
			mw_buf_adds(out, e);
			p++;
		} else if (len > 1) {	/* C1, Cf: each byte as \xNN */
			for (size_t i = 0; i < len; i++)
				add_hex(out, p[i]);
			p += len;
		} else {
			add_hex(out, *p++);
		}
		run = p;
	}
	mw_buf_add(out, run, (size_t)(p - run));
}

void
mw_escape_json(struct mw_buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + n;
	const unsigned char *run = p;
	uint32_t cp;
	size_t len;

	while (p < end) {
		len = utf8_seq(p, (size_t)(end - p), &cp);
		if (len != 0 && cp != '\\') {
			p += len;
			continue;
		}
		mw_buf_add(out, run, (size_t)(p - run));
		if (len != 0)
			mw_buf_add(out, "\\\\", 2);
		else
			add_hex(out, *p);
		p++;
		run = p;
	}
	mw_buf_add(out, run, (size_t)(p - run));
}

static size_t
cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x7f)
		return 1;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : (size_t)w;
}

size_t
mw_text_width(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + n;
	size_t w = 0, len;
	uint32_t cp;

	while (p < end) {
		len = utf8_seq(p, (size_t)(end - p), &cp);
		if (len == 0) {
			len = 1;
			cp = '?';
		}
		w += cp_width(cp);
		p += len;
	}
	return w;
}

static void
add_spaces(struct mw_buf *out, size_t n)
{
	static const char sp[] = "                                ";

	for (; n >= sizeof(sp) - 1; n -= sizeof(sp) - 1)
		mw_buf_add(out, sp, sizeof(sp) - 1);
	mw_buf_add(out, sp, n);
}

void
mw_escape_fit(struct mw_buf *out, const char *s, size_t n, size_t width,
    bool left)
{
	struct mw_buf tmp;
	const unsigned char *p, *end;
	size_t w = 0, len, cw;
	uint32_t cp;

	/* Printable ASCII that fits: itself, padded (most names are). */
	for (len = 0; len < n && len <= width; len++) {
		unsigned char c = (unsigned char)s[len];

		if (c < 0x20 || c >= 0x7f || c == '\\')
			break;
	}
	if (len == n && n <= width) {
		if (!left)
			add_spaces(out, width - n);
		mw_buf_add(out, s, n);
		if (left)
			add_spaces(out, width - n);
		return;
	}
	mw_buf_init(&tmp);
	mw_escape_term(&tmp, s, n);
	p = (const unsigned char *)tmp.data;
	end = p + tmp.len;
	if (mw_text_width(tmp.data, tmp.len) <= width) {
		w = mw_text_width(tmp.data, tmp.len);
		if (!left)
			for (; w < width; w++)
				mw_buf_addc(out, ' ');
		mw_buf_add(out, tmp.data, tmp.len);
		if (left)
			for (; w < width; w++)
				mw_buf_addc(out, ' ');
		mw_buf_free(&tmp);
		return;
	}
	while (p < end && width > 0) {
		len = utf8_seq(p, (size_t)(end - p), &cp);
		cw = cp_width(cp);
		if (w + cw > width - 1)
			break;
		mw_buf_add(out, p, len);
		w += cw;
		p += len;
	}
	if (width > 0) {
		mw_buf_addc(out, '~');
		w++;
	}
	for (; w < width; w++)
		mw_buf_addc(out, ' ');
	mw_buf_free(&tmp);
}

void
mw_escape_fit_tail(struct mw_buf *out, const char *s, size_t n, size_t width)
{
	struct mw_buf tmp;
	const unsigned char *p, *end;
	size_t w, len;
	uint32_t cp;

	mw_buf_init(&tmp);
	mw_escape_term(&tmp, s, n);
	p = (const unsigned char *)tmp.data;
	end = p + tmp.len;
	w = mw_text_width(tmp.data, tmp.len);
	if (w > width && width > 0) {
		/* Drop whole characters from the left until '~' + rest fit. */
		while (p < end && w > width - 1) {
			len = utf8_seq(p, (size_t)(end - p), &cp);
			w -= cp_width(cp);
			p += len;
		}
		mw_buf_addc(out, '~');
		w++;
	} else if (w > width) {
		p = end;
		w = 0;
	}
	mw_buf_add(out, p, (size_t)(end - p));
	if (w < width)
		add_spaces(out, width - w);
	mw_buf_free(&tmp);
}

static int
hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

void
mw_unescape_json(struct mw_buf *out, const char *s, size_t n)
{
	const char *end = s + n;
	int hi, lo;

	while (s < end) {
		if (*s == '\\' && end - s >= 2 && s[1] == '\\') {
			mw_buf_addc(out, '\\');
			s += 2;
		} else if (*s == '\\' && end - s >= 4 && s[1] == 'x' &&
		    (hi = hexdigit(s[2])) >= 0 && (lo = hexdigit(s[3])) >= 0) {
			mw_buf_addc(out, (char)(hi << 4 | lo));
			s += 4;
		} else {
			mw_buf_addc(out, *s++);
		}
	}
}
