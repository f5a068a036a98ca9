/* render/json_fields_read.h: an object of a document read by its rows.
 *
 * Both readers of a document walk the same rows (model/fields.h): the
 * tree loader over a jansson object, naming what is wrong, and the
 * streaming reader over tokens (render/json_read.h), which only says that
 * it is not sure (the caller then reads the file with the tree loader).
 * What one accepts the other accepts, into the same struct: a key that is
 * not a row is passed over, a key a row refuses refuses the object, a
 * required row (FK_REQUIRED, or one with `missing`) must be there.
 */
#ifndef MW_RENDER_JSON_FIELDS_READ_H
#define MW_RENDER_JSON_FIELDS_READ_H

#include <stddef.h>
#include <jansson.h>

#include "model/fields.h"

struct mwjson_rd;

/* What the tree loader found wrong: the key, and what it must be. */
struct mwjson_rows_err {
	char path[160];		/* at and the key ("zones[1].pcp.cpus"), or
				 * the row's why */
	const char *want;	/* "a node number" */
};

/*
 * The rows[0..n) of obj (a jansson object) into the struct at base,
 * zeroed by the caller; at prefixes the path of a message ("zones[1].").
 * 0, or -1 with e filled.
 */
int mwjson_rows_tree(const json_t *obj, void *base,
    const struct field_row *rows, size_t n, const struct field_ctx *c,
    const char *at, struct mwjson_rows_err *e);
/*
 * The same from the token stream, the object's JT_OBJ read: 0, or -1
 * where the reader is not sure (a value of another type, a repeated key,
 * a row missing, an error of the stream).
 */
int mwjson_rows_stream(struct mwjson_rd *rd, void *base,
    const struct field_row *rows, size_t n, const struct field_ctx *c);

/*
 * The value of key k[0..len) of an object whose other keys are the
 * caller's: 1 read into base by its row of rows[0..n), 0 when k is none
 * of them (nothing read), -1 where the reader is not sure.
 */
int mwjson_row_stream(struct mwjson_rd *rd, void *base,
    const struct field_row *rows, size_t n, const struct field_ctx *c,
    const char *k, size_t len);

#endif
