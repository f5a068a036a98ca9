/* render/json_text.c: JSON text in the layout jansson prints (strings,
 * indent, numbers), for documents written without a tree.
 *
 * json_dumps() with JSON_INDENT(2) and JSON_PRESERVE_ORDER: strings go
 * through mw_escape_json() and then jansson's own escaping (", \ and
 * control characters; \u00XX in upper case), so the bytes are a tree's.
 */
#include "config.h"
#include "render/json_text.h"

#include <string.h>

#include "util/buf.h"
#include "util/escape.h"

/* The JSON text of valid UTF-8 s, quoted. */
static void
text_jstr_raw(struct mw_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *run = s, *end = s + n;
	char esc[7];

	mw_buf_grow(b, n + 2);
	b->data[b->len++] = '"';
	for (const char *p = s; p < end; p++) {
		unsigned char c = (unsigned char)*p;
		size_t k = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		mw_buf_add(b, run, (size_t)(p - run));
		run = p + 1;
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			k = 6;
		}
		mw_buf_add(b, esc, k);
	}
	mw_buf_add(b, run, (size_t)(end - run));
	mw_buf_addc(b, '"');
}

/* Untrusted bytes: what mwjson_str() holds, as jansson prints it. */
void
mwjson_text_str(struct mw_buf *b, struct mw_buf *scratch, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	/* Printable ASCII but '\' needs neither escaping step. */
	for (i = 0; i < n && p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\'; i++)
		;
	if (i == n) {
		text_jstr_raw(b, s, n);
		return;
	}
	mw_buf_reset(scratch);
	mw_escape_json(scratch, s, n);
	text_jstr_raw(b, scratch->data, scratch->len);
}

/* "\n" and depth * 2 spaces: jansson's JSON_INDENT(2). */
void
mwjson_text_nl(struct mw_buf *b, int depth)
{
	mw_buf_grow(b, 1 + (size_t)depth * 2);
	b->data[b->len++] = '\n';
	memset(b->data + b->len, ' ', (size_t)depth * 2);
	mw_buf_setlen(b, b->len + (size_t)depth * 2);
}

void
mwjson_text_u64(struct mw_buf *b, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	if (v > (uint64_t)INT64_MAX)
		v = INT64_MAX;	/* as mwjson_u64() */
	do
		tmp[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	mw_buf_add(b, tmp + i, sizeof(tmp) - i);
}
