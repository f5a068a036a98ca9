/* render/json_system_stream_parts.c: a system snapshot's zones, nodes,
 * buddy lists, slab caches and tmpfs mounts read from the token stream
 * (json_system_stream.c reads the rest,
 * json_system_stream_pti.c the pagetypeinfo). Each part gives up (SSR_NOPE)
 * where the tree loader (json_system_read.c) would refuse the document,
 * and reads what it accepts into the same model. */
#include "config.h"
#include "render/json_system_stream_int.h"

#include <stdlib.h>
#include <string.h>

#include "model/account.h"
#include "model/system_fields.h"
#include "parse/lex.h"
#include "render/json_fields.h"
#include "render/json_fields_read.h"

/* An array's items, kept in a growing buffer, into the arena. */
void *
ssr_to_arena(struct ssr *x, const struct mw_buf *v, size_t size, size_t *n)
{
	void *a;

	*n = v->len / size;
	a = mw_arena_alloc(&x->s->arena, (*n + 1) * size);
	if (v->len > 0)
		memcpy(a, v->data, v->len);
	return a;
}

/* A value whose first token t was read, passed over. */
int
ssr_skip_tok(struct ssr *x, int t)
{
	if (t == JT_OBJ || t == JT_ARR)
		return mwjson_rd_skip(x->rd, t) < 0 ? SSR_NOPE : 0;
	return t < 0 || t == JT_OBJ_END || t == JT_ARR_END ? SSR_NOPE : 0;
}

int
ssr_items(struct ssr *x, size_t size, ssr_item_fn item, const void *arg,
    void **out, size_t *n)
{
	struct mw_buf v;
	int t, rc = 0;

	mw_buf_init(&v);
	while ((t = ssr_next(x)) == JT_OBJ) {
		mw_buf_grow(&v, size);
		memset(v.data + v.len, 0, size);
		if ((rc = item(x, v.data + v.len, arg)) < 0)
			break;
		mw_buf_setlen(&v, v.len + size);
	}
	if (rc == 0 && t == JT_ARR_END)
		*out = ssr_to_arena(x, &v, size, n);
	else
		rc = SSR_NOPE;
	mw_buf_free(&v);
	return rc;
}

/* The rows of a part's items (arg of ssr_row_item()). */
static const enum system_rows zone_rows = SR_ZONE, node_rows = SR_NODE,
    buddy_rows = SR_BUDDY, slab_rows = SR_SLAB, tmpfs_rows = SR_TMPFS;

int
ssr_row_item(struct ssr *x, void *it, const void *arg)
{
	struct field_ctx c = { .doc = x->s, .page_size = x->s->page_size,
	    .arena = &x->s->arena };
	size_t n;
	const struct field_row *r = system_fields(
	    *(const enum system_rows *)arg, &n);

	return mwjson_rows_stream(x->rd, it, r, n, &c) < 0 ? SSR_NOPE : 0;
}

int
ssr_zones(struct ssr *x)
{
	struct zoneinfo *zi = &x->s->zi;
	void *a;

	if (!x->have_page_size || ssr_next(x) != JT_ARR ||
	    ssr_items(x, sizeof(*zi->zones), ssr_row_item, &zone_rows, &a,
	    &zi->len) < 0)
		return SSR_NOPE;
	zi->zones = a;
	x->zones = true;
	return 0;
}

/* "nodes": kept aside; only a document with "zones" has them. */
int
ssr_nodes(struct ssr *x)
{
	int t = ssr_next(x);
	void *a;

	if (t != JT_ARR)
		return ssr_skip_tok(x, t);
	if (ssr_items(x, sizeof(*x->nodes), ssr_row_item, &node_rows, &a,
	    &x->nnodes) < 0)
		return SSR_NOPE;
	x->nodes = a;
	x->have_nodes = true;
	return 0;
}

int
ssr_buddy(struct ssr *x)
{
	struct buddyinfo *bi = &x->s->bi;
	void *a;

	if (ssr_next(x) != JT_ARR ||
	    ssr_items(x, sizeof(*bi->zones), ssr_row_item, &buddy_rows, &a,
	    &bi->len) < 0)
		return SSR_NOPE;
	bi->zones = a;
	for (size_t i = 0; i < bi->len; i++) {
		if (bi->zones[i].norders > bi->norders)
			bi->norders = bi->zones[i].norders;
		x->s->buddy_lower_bound |= bi->zones[i].lower_bound != 0;
	}
	x->buddy = true;
	return 0;
}

int
ssr_slabs(struct ssr *x)
{
	struct slabinfo *si = &x->s->si;
	uint32_t obj = mwjson_rd_obj(x->rd);
	bool have_caches = false;
	const char *k, *ver;
	void *a = NULL;
	size_t n;
	int t, rc;

	if (ssr_next(x) != JT_OBJ)
		return SSR_NOPE;
	while ((rc = ssr_key_next(x, obj, &k, &n)) > 0) {
		if (is(k, "caches")) {
			rc = ssr_next(x) != JT_ARR ? SSR_NOPE :
			    ssr_items(x, sizeof(*si->caches), ssr_row_item,
			    &slab_rows, &a, &si->len);
			si->caches = a;
			have_caches = true;
		} else if (is(k, "version")) {
			t = ssr_next(x);
			rc = t == JT_STR ? 0 : ssr_skip_tok(x, t);
			ver = t == JT_STR ? ssr_str(x, &n) : "";
			if (ver[0] >= '0' && ver[0] <= '9') {
				si->version_major = (unsigned)strtoul(ver, NULL, 10);
				if (strchr(ver, '.') != NULL)
					si->version_minor = (unsigned)strtoul(
					    strchr(ver, '.') + 1, NULL, 10);
			}
		} else if (is(k, "statistics")) {
			t = ssr_next(x);
			si->statistics = t == JT_TRUE;
			rc = ssr_skip_tok(x, t);
		} else {
			rc = ssr_skip(x);
		}
		if (rc < 0)
			return rc;
	}
	if (rc < 0 || !have_caches)
		return SSR_NOPE;
	x->s->part[SYS_SLABINFO].have = true;
	return 0;
}

int
ssr_tmpfs(struct ssr *x)
{
	void *a;

	if (ssr_next(x) != JT_ARR || ssr_items(x, sizeof(*x->s->tmpfs),
	    ssr_row_item, &tmpfs_rows, &a, &x->s->ntmpfs) < 0)
		return SSR_NOPE;
	x->s->tmpfs = a;
	x->s->tmpfs_read = true;
	return 0;
}
