/* render/json_fields_read.c: an object of a document read by its rows,
 * from a jansson tree or from the token stream. */
#include "config.h"
#include "render/json_fields_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/lex.h"
#include "render/json_fields.h"
#include "render/json_read.h"
#include "util/arena.h"
#include "util/buf.h"

#define BIT(i) ((uint64_t)1 << (i))

/* The count kept after a FT_KV pointer. */
#define KV_N(base, r) FIELD_AT(base, (r)->off + sizeof(void *), size_t)

/* A required row that was not read. */
static bool
needed(const struct field_row *r)
{
	return r->known == FK_REQUIRED || r->missing != NULL;
}

/* From the tree */

static int
bad(struct mwjson_rows_err *e, const char *at, const struct field_row *r,
    const char *want)
{
	snprintf(e->path, sizeof(e->path), "%s%s", r->why ? "" : at,
	    r->why ? r->why : r->key);
	e->want = want;
	return -1;
}

/* An item of a FT_KV row that is wrong: "vmstat.<counter>", or its why. */
static int
bad_item(struct mwjson_rows_err *e, const char *at, const struct field_row *r)
{
	bad(e, at, r, mwjson_field_want(r));
	if (r->why == NULL)
		snprintf(e->path, sizeof(e->path), "%s%s.<counter>", at, r->key);
	return -1;
}

static int
tree_kv(const json_t *o, void *base, const struct field_row *r,
    const struct field_ctx *c, const char *at, struct mwjson_rows_err *e)
{
	bool blanks = r->flags & RF_BLANKS;
	struct proc_kv *kv;
	const char *k;
	json_t *v;
	size_t i = 0;

	if (!json_is_object(o))
		return bad(e, at, r, "an object");
	kv = mw_arena_alloc(c->arena, (json_object_size(o) + 1) * sizeof(*kv));
	json_object_foreach((json_t *)o, k, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    !lex_printable(k, k + strlen(k), blanks))
			return bad_item(e, at, r);
		kv[i].name = mw_arena_strndup(c->arena, k, strlen(k));
		kv[i++].value = (uint64_t)json_integer_value(v);
	}
	*FIELD_AT(base, r->off, struct proc_kv *) = kv;
	*KV_N(base, r) = i;
	if (r->done != NULL)
		r->done(base);
	return 0;
}

/* Counts by column: a name index() cannot take refuses the object. */
static int
tree_columns(const json_t *o, void *base, const struct field_row *r,
    const struct field_ctx *c, const char *at, struct mwjson_rows_err *e)
{
	unsigned *n = FIELD_AT(base, r->count_off, unsigned);
	const char *k;
	json_t *v;
	int col;

	if (!json_is_object(o))
		return bad(e, at, r, "an object");
	json_object_foreach((json_t *)o, k, v) {
		col = r->index(base, (void *)c->doc, k, strlen(k));
		if (col < 0 || col >= r->size || !json_is_integer(v) ||
		    json_integer_value(v) < 0)
			return bad(e, at, r, mwjson_field_want(r));
		FIELD_AT(base, r->off, uint64_t)[col] =
		    (uint64_t)json_integer_value(v);
		if ((unsigned)col + 1 > *n)
			*n = (unsigned)col + 1;
	}
	return 1;
}

/* The first size items of an array, each a byte count. */
static int
tree_list(const json_t *a, void *base, const struct field_row *r,
    const struct field_ctx *c, const char *at, struct mwjson_rows_err *e)
{
	unsigned *n = FIELD_AT(base, r->count_off, unsigned);

	*n = 0;
	for (size_t i = 0; i < json_array_size(a) && i < r->size; i++) {
		const json_t *x = json_array_get(a, i);

		if (!json_is_integer(x) || json_integer_value(x) < 0)
			return bad(e, at, r, mwjson_field_want(r));
		FIELD_AT(base, r->off, uint64_t)[(*n)++] =
		    (uint64_t)json_integer_value(x) / c->page_size;
	}
	return 0;
}

/* An array of 1 to size counts. */
static int
tree_counts(const json_t *a, void *base, const struct field_row *r,
    const char *at, struct mwjson_rows_err *e)
{
	size_t n = json_array_size(a);

	if (!json_is_array(a) || n == 0 || n > r->size)
		return bad(e, at, r, mwjson_field_want(r));
	for (size_t i = 0; i < n; i++) {
		const json_t *x = json_array_get(a, i);

		if (!json_is_integer(x) || json_integer_value(x) < 0)
			return bad(e, at, r, mwjson_field_want(r));
		FIELD_AT(base, r->off, uint64_t)[i] =
		    (uint64_t)json_integer_value(x);
	}
	*FIELD_AT(base, r->count_off, unsigned) = (unsigned)n;
	return 1;
}

/* Orders as bits: an item that is not an integer is order 0. */
static int
tree_orders(const json_t *a, void *base, const struct field_row *r)
{
	uint32_t *bits = FIELD_AT(base, r->off, uint32_t);

	*bits = 0;
	if (!json_is_array(a))
		return 0;
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_int_t o = json_integer_value(json_array_get(a, i));

		if (o >= 0 && o < r->size)
			*bits |= 1u << o;
	}
	return 1;
}

/* Row r from obj: 1 read, 0 not there (or passed over), -1 refused. */
static int
tree_row(const json_t *obj, void *base, const struct field_row *r,
    const struct field_ctx *c, const char *at, struct mwjson_rows_err *e)
{
	const json_t *x = json_object_get(obj, r->key);
	struct mwjson_scalar v;
	char sub[sizeof(e->path)];
	int rc;

	switch ((enum field_type)r->type) {
	case FT_KV:
		return x == NULL ? 0 : tree_kv(x, base, r, c, at, e) < 0 ? -1 : 1;
	case FT_COLUMNS:
		return x == NULL ? 0 : tree_columns(x, base, r, c, at, e);
	case FT_PAGE_LIST:
		return !json_is_array(x) ? 0 :
		    tree_list(x, base, r, c, at, e) < 0 ? -1 : 1;
	case FT_COUNTS:
		return tree_counts(x, base, r, at, e);
	case FT_ORDERS:
		return tree_orders(x, base, r);
	case FT_OBJECT:
		if (!json_is_object(x))
			return x != NULL && (r->flags & RF_STRICT) ?
			    bad(e, at, r, mwjson_field_want(r)) : 0;
		snprintf(sub, sizeof(sub), "%s%s.", at, r->key);
		if (mwjson_rows_tree(x, (char *)base + r->off, r->sub, r->nsub,
		    c, sub, e) < 0)
			return -1;
		if (r->done != NULL)
			r->done(base);
		return 1;
	default:
		mwjson_field_get(obj, r->key, &v);
		rc = mwjson_field_set(base, r, &v, c);
		return rc < 0 ? bad(e, at, r, mwjson_field_want(r)) : rc;
	}
}

int
mwjson_rows_tree(const json_t *obj, void *base, const struct field_row *rows,
    size_t n, const struct field_ctx *c, const char *at,
    struct mwjson_rows_err *e)
{
	uint64_t read = 0;
	int rc;

	for (size_t i = 0; i < n; i++) {
		const struct field_row *r = &rows[i];

		if (field_written_only(r))
			continue;
		if ((rc = tree_row(obj, base, r, c, at, e)) < 0)
			return -1;
		if (rc > 0)
			read |= BIT(i);
		else if (needed(r))
			return bad(e, at, r, r->missing ? r->missing :
			    mwjson_field_want(r));
	}
	mwjson_fields_known(base, rows, n, read);
	return 0;
}

/* From the stream */

/* The value that comes next as a row's scalar. */
static int
stream_scalar(struct mwjson_rd *rd, struct mwjson_scalar *v)
{
	int t = mwjson_rd_next(rd);
	char num[64];
	size_t n;

	memset(v, 0, sizeof(*v));
	switch (t) {
	case JT_INT:
		v->t = SV_INT;
		v->i = rd->t.i;
		return 0;
	case JT_REAL:
		n = (size_t)(rd->t.p - rd->t.at);
		if (n >= sizeof(num))
			return -1;
		memcpy(num, rd->t.at, n);
		num[n] = '\0';
		v->t = SV_REAL;
		v->d = strtod(num, NULL);
		return 0;
	case JT_STR:
		v->t = SV_STR;
		v->s = mwjson_rd_str(rd, &v->n);
		return 0;
	case JT_TRUE:
	case JT_FALSE:
		v->t = t == JT_TRUE ? SV_TRUE : SV_FALSE;
		return 0;
	case JT_NULL:
		v->t = SV_ABSENT;
		return 0;
	case JT_OBJ:
	case JT_ARR:
		v->t = SV_OTHER;
		return mwjson_rd_skip(rd, t) < 0 ? -1 : 0;
	default:
		return -1;
	}
}

/* FT_KV, and FT_COLUMNS (counts by the columns index() gives). */
static int
stream_kv(struct mwjson_rd *rd, void *base, const struct field_row *r,
    const struct field_ctx *c)
{
	uint32_t obj = mwjson_rd_obj(rd);
	bool cols = r->type == FT_COLUMNS;
	struct mw_buf rows;
	struct proc_kv kv, *out;
	const char *k;
	size_t n, len = 0;
	int rc, col;

	if (mwjson_rd_next(rd) != JT_OBJ)
		return -1;
	mw_buf_init(&rows);
	while ((rc = mwjson_rd_key_next(rd, obj, &k, &n)) > 0) {
		if (cols) {
			col = r->index(base, (void *)c->doc, k, n);
			if (col < 0 || col >= r->size ||
			    mwjson_rd_next(rd) != JT_INT || rd->t.i < 0)
				return -1;
			FIELD_AT(base, r->off, uint64_t)[col] = (uint64_t)rd->t.i;
			if ((unsigned)col >= *FIELD_AT(base, r->count_off, unsigned))
				*FIELD_AT(base, r->count_off, unsigned) =
				    (unsigned)col + 1;
			continue;
		}
		if (!lex_printable(k, k + n, r->flags & RF_BLANKS)) {
			rc = -1;
			break;
		}
		kv.name = mw_arena_strndup(c->arena, k, n);
		if (mwjson_rd_next(rd) != JT_INT || rd->t.i < 0) {
			rc = -1;
			break;
		}
		kv.value = (uint64_t)rd->t.i;
		mw_buf_add(&rows, &kv, sizeof(kv));
		len++;
	}
	if (rc == 0 && !cols) {
		out = mw_arena_alloc(c->arena, (len + 1) * sizeof(*out));
		if (len > 0)
			memcpy(out, rows.data, rows.len);
		*FIELD_AT(base, r->off, struct proc_kv *) = out;
		*KV_N(base, r) = len;
		if (r->done != NULL)
			r->done(base);
	}
	mw_buf_free(&rows);
	return rc;
}

/* The end of a value whose first token t was read: 0, or -1 if t cannot
 * begin one. */
static int
stream_pass(struct mwjson_rd *rd, int t)
{
	if (t == JT_OBJ || t == JT_ARR)
		return mwjson_rd_skip(rd, t) < 0 ? -1 : 0;
	return t < 0 || t == JT_OBJ_END || t == JT_ARR_END ? -1 : 0;
}

/* Not an array: passed over; items past size: not looked at. */
static int
stream_list(struct mwjson_rd *rd, void *base, const struct field_row *r,
    const struct field_ctx *c)
{
	unsigned *n = FIELD_AT(base, r->count_off, unsigned);
	size_t i = 0;
	int t = mwjson_rd_next(rd);

	if (t != JT_ARR)
		return stream_pass(rd, t);
	*n = 0;
	while ((t = mwjson_rd_next(rd)) != JT_ARR_END) {
		if (i++ >= r->size) {
			if (stream_pass(rd, t) < 0)
				return -1;
			continue;
		}
		if (t != JT_INT || rd->t.i < 0)
			return -1;
		FIELD_AT(base, r->off, uint64_t)[(*n)++] =
		    (uint64_t)rd->t.i / c->page_size;
	}
	return 1;
}

static int
stream_counts(struct mwjson_rd *rd, void *base, const struct field_row *r)
{
	unsigned *n = FIELD_AT(base, r->count_off, unsigned);
	int t;

	*n = 0;
	if (mwjson_rd_next(rd) != JT_ARR)
		return -1;
	while ((t = mwjson_rd_next(rd)) == JT_INT) {
		if (rd->t.i < 0 || *n == r->size)
			return -1;
		FIELD_AT(base, r->off, uint64_t)[(*n)++] = (uint64_t)rd->t.i;
	}
	return t == JT_ARR_END && *n > 0 ? 1 : -1;
}

static int
stream_orders(struct mwjson_rd *rd, void *base, const struct field_row *r)
{
	uint32_t *bits = FIELD_AT(base, r->off, uint32_t);
	int t = mwjson_rd_next(rd);

	*bits = 0;
	if (t != JT_ARR)
		return stream_pass(rd, t);
	while ((t = mwjson_rd_next(rd)) != JT_ARR_END) {
		if (t == JT_INT) {
			if (rd->t.i >= 0 && rd->t.i < r->size)
				*bits |= 1u << rd->t.i;
		} else if (stream_pass(rd, t) < 0) {
			return -1;
		} else {
			*bits |= 1;
		}
	}
	return 1;
}

/* Row r from the value that comes next: as tree_row(). */
static int
stream_row(struct mwjson_rd *rd, void *base, const struct field_row *r,
    const struct field_ctx *c)
{
	struct mwjson_scalar v;
	int t;

	switch ((enum field_type)r->type) {
	case FT_KV:
	case FT_COLUMNS:
		return stream_kv(rd, base, r, c) < 0 ? -1 : 1;
	case FT_PAGE_LIST:
		return stream_list(rd, base, r, c);
	case FT_COUNTS:
		return stream_counts(rd, base, r);
	case FT_ORDERS:
		return stream_orders(rd, base, r);
	case FT_OBJECT:
		if ((t = mwjson_rd_next(rd)) != JT_OBJ)
			return r->flags & RF_STRICT ? -1 : stream_pass(rd, t);
		if (mwjson_rows_stream(rd, (char *)base + r->off, r->sub,
		    r->nsub, c) < 0)
			return -1;
		if (r->done != NULL)
			r->done(base);
		return 1;
	default:
		if (stream_scalar(rd, &v) < 0)
			return -1;
		return mwjson_field_set(base, r, &v, c);
	}
}

int
mwjson_rows_stream(struct mwjson_rd *rd, void *base,
    const struct field_row *rows, size_t n, const struct field_ctx *c)
{
	uint32_t obj = mwjson_rd_obj(rd);
	const struct field_row *r;
	uint64_t read = 0;
	size_t len, hint = 0;
	const char *k;
	int rc;

	while ((rc = mwjson_rd_key_next(rd, obj, &k, &len)) > 0) {
		r = field_next_key(rows, n, k, len, &hint);
		if (r == NULL || field_written_only(r)) {
			if (mwjson_rd_skip_value(rd) < 0)
				return -1;
			continue;
		}
		if ((rc = stream_row(rd, base, r, c)) < 0)
			return -1;
		if (rc > 0)
			read |= BIT(r - rows);
	}
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (needed(&rows[i]) && !field_written_only(&rows[i]) &&
		    !(read & BIT(i)))
			return -1;
	mwjson_fields_known(base, rows, n, read);
	return 0;
}

int
mwjson_row_stream(struct mwjson_rd *rd, void *base,
    const struct field_row *rows, size_t n, const struct field_ctx *c,
    const char *k, size_t len)
{
	size_t hint = 0;
	const struct field_row *r = field_next_key(rows, n, k, len, &hint);

	if (r == NULL)
		return 0;
	if (field_written_only(r))
		return mwjson_rd_skip_value(rd) < 0 ? -1 : 1;
	return stream_row(rd, base, r, c) < 0 ? -1 : 1;
}
