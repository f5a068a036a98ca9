/* render/json_system_stream_int.h: what the system snapshot's streaming
 * reader (json_system_stream.c, the document and its smaller parts) and its
 * zone, buddy, slab and pagetypeinfo parts (json_system_stream_parts.c)
 * share; not for other files.
 *
 * The reader takes the document as memwatch-json(5) describes it, keys in
 * any order; whatever it is not sure of (a value of another type, a null,
 * a part that needs "page_size" before it, an error of any kind) makes it
 * give up with SSR_NOPE, and the caller reads the file with the tree
 * loader, which says what is wrong in its words.
 */
#ifndef MW_RENDER_JSON_SYSTEM_STREAM_INT_H
#define MW_RENDER_JSON_SYSTEM_STREAM_INT_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "model/system.h"
#include "render/json_read.h"
#include "util/buf.h"

#define SSR_NOPE (-EAGAIN)

struct ssr {
	struct mwjson_rd *rd;
	struct sys_snapshot *s;
	/* the last string, decoded, NUL-terminated: short ones in small */
	char small[128];
	struct mw_buf tmp;
	bool have_page_size;
	bool zones, buddy;	/* the parts were read */
	bool buddy_pti;		/* "buddy_source" is "pagetypeinfo" */
	struct zone_node *nodes;	/* "nodes", kept until the end */
	size_t nnodes;
	bool have_nodes;
};

static inline bool
is(const char *k, const char *name)
{
	return strcmp(k, name) == 0;
}

/* Reads the object whose JT_OBJ was read into it, size bytes zeroed:
 * 0 or SSR_NOPE. */
typedef int (*ssr_item_fn)(struct ssr *x, void *it, const void *arg);
/*
 * Each item of the array whose JT_ARR was read, an object read by item()
 * (given arg); all of them into the arena (*out, *n; room for one more).
 * 0, or SSR_NOPE for anything that is not such an array.
 */
int ssr_items(struct ssr *x, size_t size, ssr_item_fn item, const void *arg,
    void **out, size_t *n);
/* A growing buffer of n items of size into the arena (room for one more). */
void *ssr_to_arena(struct ssr *x, const struct mw_buf *v, size_t size,
    size_t *n);
/* The value whose first token t was read, passed over. */
int ssr_skip_tok(struct ssr *x, int t);
/* The next token; JT_ERR becomes SSR_NOPE. */
int ssr_next(struct ssr *x);
/* The last string or key decoded (valid until the next), its length in
 * *n. */
const char *ssr_str(struct ssr *x, size_t *n);
/*
 * The next key of object obj (its JT_OBJ read), recorded, decoded and
 * NUL-terminated in *k[0..*n] (valid until the next string): 1; 0 after
 * the object's last value; SSR_NOPE on anything else (a repeated key).
 *
 *	while ((rc = ssr_key_next(x, obj, &k, &n)) > 0)
 *		... read or skip the value of k; on failure return ...
 *	return rc;
 */
int ssr_key_next(struct ssr *x, uint32_t obj, const char **k, size_t *n);
/* The next value as a non-negative integer: 0 or SSR_NOPE. */
int ssr_u64(struct ssr *x, uint64_t *v);
/* Skip the value that follows. */
int ssr_skip(struct ssr *x);
/* A string through mw_unescape_json into the snapshot's arena. */
const char *ssr_unescaped(struct mw_arena *a, const char *s, size_t n);
/* "tmpfs" (json_system_stream_parts.c): 0 or SSR_NOPE. */
int ssr_tmpfs(struct ssr *x);
/* An item by its rows (arg: a const enum system_rows). */
int ssr_row_item(struct ssr *x, void *it, const void *arg);

/* The parts, from their value's first token. */
int ssr_zones(struct ssr *x);
int ssr_nodes(struct ssr *x);
int ssr_buddy(struct ssr *x);
int ssr_slabs(struct ssr *x);
int ssr_pti(struct ssr *x);

#endif
