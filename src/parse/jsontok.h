/* parse/jsontok.h: JSON text as a stream of tokens; no I/O, no allocation.
 *
 * A pull tokenizer over a window [p, end) of a document that may arrive in
 * pieces. Every token it returns is complete and the structure around it
 * checked (commas, colons, nesting, one value at the top), so a document
 * read to JT_EOF is valid JSON (RFC 8259) as jansson reads it: an object or
 * array at the top, integers that fit in int64_t, reals that do not
 * overflow, valid UTF-8, no \u0000, at most JTOK_MAX_DEPTH nested values.
 * Duplicate keys are the caller's to refuse (it knows which it keeps).
 *
 * When the window ends inside a token and more text may follow (last is
 * false), jtok_next() returns JT_MORE and consumes nothing: the caller
 * appends text after end (keeping [p, end) in place or moving it whole and
 * setting p and end again) and calls it again. Strings are returned raw, as
 * the bytes between the quotes (s, n), pointing into the window: valid
 * until the window moves; jtok_unescape() decodes them.
 */
#ifndef MW_PARSE_JSONTOK_H
#define MW_PARSE_JSONTOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mw_buf;

#define JTOK_MAX_DEPTH 2048	/* jansson's JSON_PARSER_MAX_DEPTH */

enum jtok_type {
	JT_ERR = -2,		/* err and at say what and where */
	JT_MORE = -1,		/* the window ends inside a token */
	JT_EOF = 0,		/* the document is complete */
	JT_OBJ,			/* { */
	JT_OBJ_END,		/* } */
	JT_ARR,			/* [ */
	JT_ARR_END,		/* ] */
	JT_KEY,			/* "name": (the colon consumed) */
	JT_STR,
	JT_INT,			/* i */
	JT_REAL,
	JT_TRUE,
	JT_FALSE,
	JT_NULL,
};

struct jtok {
	const char *p, *end;	/* the unread window */
	bool last;		/* nothing follows end */
	/* the token */
	const char *at;		/* where it starts (or the error) */
	const char *s;		/* JT_KEY, JT_STR: the raw bytes */
	size_t n;
	bool esc;		/* s holds a backslash escape */
	int64_t i;		/* JT_INT */
	const char *err;	/* JT_ERR: what is wrong */
	/* the structure */
	int state;
	int depth;		/* containers open */
	unsigned char kind[JTOK_MAX_DEPTH + 1];	/* '{' or '[' per level */
};

void jtok_init(struct jtok *t, const char *p, const char *end, bool last);
enum jtok_type jtok_next(struct jtok *t);
/*
 * For a caller that reads the next item of the open array from the text
 * itself: where it starts (white space and comma passed), or NULL when the
 * array is not at an item, or levels more nesting would pass the limit.
 * Once it has read a whole value ending before next (checking it as this
 * file would), jtok_took_value() goes on after it.
 */
const char *jtok_peek_item(const struct jtok *t, int levels);
void jtok_took_value(struct jtok *t, const char *next);
/* The string of the last JT_KEY/JT_STR, escapes decoded, appended to out. */
void jtok_unescape(const char *s, size_t n, struct mw_buf *out);

#endif
