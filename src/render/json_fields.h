/* render/json_fields.h: a descriptor row's value to and from JSON.
 *
 * The one place that knows how each field type (model/fields.h) is
 * written as a JSON value and read back from one, for the documents'
 * writers and both readers (the streaming one and the tree loader), so
 * that they agree by construction.
 */
#ifndef MW_RENDER_JSON_FIELDS_H
#define MW_RENDER_JSON_FIELDS_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "model/fields.h"

struct mw_arena;

/* A scalar value as a reader found it; a string is decoded JSON. */
enum mwjson_sv {
	SV_ABSENT,	/* no such key, or null */
	SV_INT,
	SV_STR,
	SV_TRUE,
	SV_FALSE,
	SV_REAL,
	SV_OTHER,	/* an array, an object */
};

struct mwjson_scalar {
	enum mwjson_sv t;
	int64_t i;		/* SV_INT */
	double d;		/* SV_REAL */
	const char *s;		/* SV_STR, not NUL-terminated */
	size_t n;
};

/*
 * The string s[0..n) as a JSON writer escaped it (the text between the
 * quotes, as jansson hands it back), unescaped into arena; its length in
 * *len when len is not NULL.
 */
const char *mwjson_arena_str(struct mw_arena *a, const char *s, size_t n,
    size_t *len);

/*
 * Row r of the struct at base from v (strings, unescaped, into c->arena;
 * FT_PAGES with c->page_size). 1 set, 0 absent or a type the row passes
 * over (a dev or path that is not a string), -1 a value the row refuses.
 * Containers (FT_ARGV, FT_SMAPS, FT_VMFLAGS, FT_EXTRA, FT_PAGE_LIST,
 * FT_KV, FT_OBJECT) are the readers' (json_fields_read.h).
 */
int mwjson_field_set(void *base, const struct field_row *r,
    const struct mwjson_scalar *v, const struct field_ctx *c);
/* What a reader's message says row r's value must be ("a node number"). */
const char *mwjson_field_want(const struct field_row *r);
/* The scalar of obj[key] in a jansson tree. */
void mwjson_field_get(const json_t *obj, const char *key,
    struct mwjson_scalar *v);
/*
 * After a read: the FK_FLAG flags of the struct at base, each set when
 * every row sharing it was read (bit i of read: rows[i] was set).
 */
void mwjson_fields_known(void *base, const struct field_row *rows, size_t n,
    uint64_t read);
/*
 * Row r's value at base as a new JSON value (scalars, FT_ARGV, the
 * containers, and FT_DERIVED* from c->doc: see the table's header). c
 * may be NULL for rows that need nothing of it.
 */
json_t *mwjson_field(const void *base, const struct field_row *r,
    const struct field_ctx *c);
/* Every row of rows[0..n) known at base into obj, in order. */
void mwjson_put_rows(json_t *obj, const void *base,
    const struct field_row *rows, size_t n, const struct field_ctx *c);

#endif
