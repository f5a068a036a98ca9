/* render/json_system_stream_parts.c: a system snapshot's zones, nodes,
 * buddy lists and slab caches read from the token stream
 * (json_system_stream.c reads the rest,
 * json_system_stream_pti.c the pagetypeinfo). Each part gives up (SSR_NOPE)
 * where the tree loader (json_system_read.c) would refuse the document,
 * and reads what it accepts into the same model. */
#include "config.h"
#include "render/json_system_stream_int.h"

#include <stdlib.h>
#include <string.h>

#include "model/system_fields.h"
#include "parse/lex.h"
#include "render/json_fields.h"

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
ssr_node_zone(struct ssr *x, const char *k, size_t n, int *node, char *zone,
    unsigned *seen)
{
	const char *z;
	int t;

	(void)n;
	if (is(k, "node")) {
		if (ssr_next(x) != JT_INT || x->rd->t.i < 0 ||
		    x->rd->t.i > 1 << 20)
			return SSR_NOPE;
		*node = (int)x->rd->t.i;
		*seen |= 1;
		return 1;
	}
	if (!is(k, "zone"))
		return 0;
	if ((t = ssr_next(x)) != JT_STR)
		return SSR_NOPE;
	z = ssr_str(x, &n);
	if (n >= PROC_ZONE_NAME_MAX || !lex_printable(z, z + n, false))
		return SSR_NOPE;
	memcpy(zone, z, n + 1);
	*seen |= 2;
	return 1;
}

int
ssr_counts(struct ssr *x, uint64_t *v, unsigned max, unsigned *n)
{
	int t;

	*n = 0;
	if (ssr_next(x) != JT_ARR)
		return SSR_NOPE;
	while ((t = ssr_next(x)) == JT_INT) {
		if (x->rd->t.i < 0 || *n == max)
			return SSR_NOPE;
		v[(*n)++] = (uint64_t)x->rd->t.i;
	}
	return t == JT_ARR_END && *n > 0 ? 0 : SSR_NOPE;
}

/* Orders out of range are ignored; an item that is not an integer reads
 * as order 0, as the tree loader takes it. */
int
ssr_lower_bound(struct ssr *x, uint32_t *bits)
{
	int t = ssr_next(x);

	*bits = 0;
	if (t != JT_ARR)
		return ssr_skip_tok(x, t);
	while ((t = ssr_next(x)) != JT_ARR_END) {
		if (t == JT_INT) {
			if (x->rd->t.i >= 0 && x->rd->t.i < BUDDY_MAX_ORDERS)
				*bits |= 1u << x->rd->t.i;
		} else if (ssr_skip_tok(x, t) < 0) {
			return SSR_NOPE;
		} else {
			*bits |= 1;
		}
	}
	return 0;
}

static int
zone_field_index(const char *k)
{
	for (int f = 0; f < ZF_NR; f++)
		if (is(k, zone_field_name((enum zone_field)f)))
			return f;
	return -1;
}

static int
zone_value(struct ssr *x, int f, struct zone_info *z)
{
	int t = ssr_next(x);

	if (f == ZF_UNRECLAIMABLE) {
		if (t == JT_TRUE || t == JT_FALSE)
			zone_set(z, ZF_UNRECLAIMABLE, t == JT_TRUE);
		return ssr_skip_tok(x, t);
	}
	if (t != JT_INT || x->rd->t.i < 0)
		return SSR_NOPE;
	zone_set(z, (enum zone_field)f, zone_field_is_pages(f) ?
	    (uint64_t)x->rd->t.i / x->s->page_size : (uint64_t)x->rd->t.i);
	return 0;
}

/* "protection": items past the room are not looked at; not an array:
 * passed over. */
static int
protection(struct ssr *x, struct zone_info *z)
{
	size_t i = 0;
	int t = ssr_next(x);

	if (t != JT_ARR)
		return ssr_skip_tok(x, t);
	while ((t = ssr_next(x)) != JT_ARR_END) {
		if (i++ >= ZONE_MAX_PROTECTION) {
			if (ssr_skip_tok(x, t) < 0)
				return SSR_NOPE;
			continue;
		}
		if (t != JT_INT || x->rd->t.i < 0)
			return SSR_NOPE;
		z->protection[z->nprotection++] =
		    (uint64_t)x->rd->t.i / x->s->page_size;
	}
	return 0;
}

static int
pcp(struct ssr *x, struct zone_info *z)
{
	uint32_t obj = mwjson_rd_obj(x->rd);
	bool cpus = false;
	const char *k;
	uint64_t v;
	size_t n;
	int t = ssr_next(x);

	if (t != JT_OBJ)
		return ssr_skip_tok(x, t);
	while ((t = ssr_next(x)) == JT_KEY) {
		if ((k = ssr_key(x, obj, &n)) == NULL)
			return SSR_NOPE;
		if (is(k, "cpus")) {
			if (ssr_u64(x, &v) < 0)
				return SSR_NOPE;
			z->pcp_cpus = (unsigned)v;
			cpus = true;
		} else if (is(k, "count") || is(k, "high")) {
			uint64_t *to = is(k, "count") ? &z->pcp_count :
			    &z->pcp_high;

			if (ssr_u64(x, &v) < 0)
				return SSR_NOPE;
			*to = v / x->s->page_size;
		} else if (ssr_skip(x) < 0) {
			return SSR_NOPE;
		}
	}
	return t == JT_OBJ_END && cpus ? 0 : SSR_NOPE;
}

static int
zone(struct ssr *x, struct zone_info *z)
{
	uint32_t obj = mwjson_rd_obj(x->rd);
	unsigned seen = 0;
	const char *k;
	size_t n;
	int t, rc, f;

	memset(z, 0, sizeof(*z));
	while ((t = ssr_next(x)) == JT_KEY) {
		if ((k = ssr_key(x, obj, &n)) == NULL)
			return SSR_NOPE;
		if ((rc = ssr_node_zone(x, k, n, &z->node, z->name, &seen)) != 0)
			rc = rc < 0 ? rc : 0;
		else if (is(k, "protection"))
			rc = protection(x, z);
		else if (is(k, "pcp"))
			rc = pcp(x, z);
		else if (is(k, "counters"))
			rc = ssr_kv(x, true, &z->counters, &z->ncounters);
		else if ((f = zone_field_index(k)) >= 0)
			rc = zone_value(x, f, z);
		else
			rc = ssr_skip(x);
		if (rc < 0)
			return rc;
	}
	return t == JT_OBJ_END && seen == 3 && zone_has(z, ZF_FREE) ? 0 :
	    SSR_NOPE;
}

int
ssr_zones(struct ssr *x)
{
	struct zoneinfo *zi = &x->s->zi;
	struct zone_info z;
	struct mw_buf v;
	int t, rc = 0;

	if (!x->have_page_size || ssr_next(x) != JT_ARR)
		return SSR_NOPE;
	mw_buf_init(&v);
	while ((t = ssr_next(x)) == JT_OBJ && (rc = zone(x, &z)) == 0)
		mw_buf_add(&v, &z, sizeof(z));
	if (rc == 0 && t == JT_ARR_END) {
		zi->zones = ssr_to_arena(x, &v, sizeof(z), &zi->len);
		x->zones = true;
	} else {
		rc = SSR_NOPE;
	}
	mw_buf_free(&v);
	return rc;
}

static int
node(struct ssr *x, struct zone_node *zn)
{
	uint32_t obj = mwjson_rd_obj(x->rd);
	bool id = false;
	const char *k;
	size_t n;
	int t, rc;

	memset(zn, 0, sizeof(*zn));
	while ((t = ssr_next(x)) == JT_KEY) {
		if ((k = ssr_key(x, obj, &n)) == NULL)
			return SSR_NOPE;
		if (is(k, "node")) {
			if (ssr_next(x) != JT_INT || x->rd->t.i < 0)
				return SSR_NOPE;
			zn->node = (int)x->rd->t.i;
			id = true;
			rc = 0;
		} else if (is(k, "stats")) {
			rc = ssr_kv(x, true, &zn->stats, &zn->nstats);
		} else {
			rc = ssr_skip(x);
		}
		if (rc < 0)
			return rc;
	}
	return t == JT_OBJ_END && id ? 0 : SSR_NOPE;
}

/* "nodes": kept aside; only a document with "zones" has them. */
int
ssr_nodes(struct ssr *x)
{
	struct zone_node zn;
	struct mw_buf v;
	int t, rc = 0;

	if ((t = ssr_next(x)) != JT_ARR)
		return ssr_skip_tok(x, t);
	mw_buf_init(&v);
	while ((t = ssr_next(x)) == JT_OBJ && (rc = node(x, &zn)) == 0)
		mw_buf_add(&v, &zn, sizeof(zn));
	if (rc == 0 && t == JT_ARR_END) {
		x->nodes = ssr_to_arena(x, &v, sizeof(zn), &x->nnodes);
		x->have_nodes = true;
	} else {
		rc = SSR_NOPE;
	}
	mw_buf_free(&v);
	return rc;
}

static int
buddy_zone(struct ssr *x, struct buddy_zone *z)
{
	uint32_t obj = mwjson_rd_obj(x->rd);
	unsigned seen = 0;
	const char *k;
	size_t n;
	int t, rc;

	memset(z, 0, sizeof(*z));
	while ((t = ssr_next(x)) == JT_KEY) {
		if ((k = ssr_key(x, obj, &n)) == NULL)
			return SSR_NOPE;
		if ((rc = ssr_node_zone(x, k, n, &z->node, z->zone, &seen)) != 0)
			rc = rc < 0 ? rc : 0;
		else if (is(k, "free_blocks") && (seen |= 4))
			rc = ssr_counts(x, z->count, BUDDY_MAX_ORDERS, &z->norders);
		else if (is(k, "lower_bound_orders"))
			rc = ssr_lower_bound(x, &z->lower_bound);
		else
			rc = ssr_skip(x);
		if (rc < 0)
			return rc;
	}
	return t == JT_OBJ_END && seen == 7 ? 0 : SSR_NOPE;
}

int
ssr_buddy(struct ssr *x)
{
	struct buddyinfo *bi = &x->s->bi;
	struct buddy_zone z;
	struct mw_buf v;
	int t, rc = 0;

	if (ssr_next(x) != JT_ARR)
		return SSR_NOPE;
	mw_buf_init(&v);
	while ((t = ssr_next(x)) == JT_OBJ && (rc = buddy_zone(x, &z)) == 0) {
		if (z.norders > bi->norders)
			bi->norders = z.norders;
		x->s->buddy_lower_bound |= z.lower_bound != 0;
		mw_buf_add(&v, &z, sizeof(z));
	}
	if (rc == 0 && t == JT_ARR_END) {
		bi->zones = ssr_to_arena(x, &v, sizeof(z), &bi->len);
		x->buddy = true;
	} else {
		rc = SSR_NOPE;
	}
	mw_buf_free(&v);
	return rc;
}

/* The value after a key as a row reads it. */
static int
scalar(struct ssr *x, struct mwjson_scalar *sc)
{
	int t = ssr_next(x);

	memset(sc, 0, sizeof(*sc));
	switch (t) {
	case JT_INT:
		sc->t = SV_INT;
		sc->i = x->rd->t.i;
		return 0;
	case JT_STR:
		sc->t = SV_STR;
		sc->s = ssr_str(x, &sc->n);
		return 0;
	case JT_TRUE:
	case JT_FALSE:
		sc->t = t == JT_TRUE ? SV_TRUE : SV_FALSE;
		return 0;
	case JT_NULL:
		sc->t = SV_ABSENT;
		return 0;
	default:
		sc->t = SV_OTHER;
		return ssr_skip_tok(x, t);
	}
}

/*
 * The row keyed k[0..n): the one after the last found first (keys come in
 * the rows' order when memwatch wrote them), then every row.
 */
static const struct field_row *
row_of(const struct field_row *rows, size_t nrows, const char *k, size_t n,
    size_t *hint)
{
	static unsigned char len[64];

	if (len[0] == 0)
		for (size_t i = 0; i < nrows && i < 64; i++)
			len[i] = (unsigned char)strlen(rows[i].key);
	for (size_t j = 0; j < nrows; j++) {
		size_t i = (*hint + j) % nrows;

		if (i < 64 && len[i] == n && memcmp(rows[i].key, k, n) == 0) {
			*hint = i + 1;
			return &rows[i];
		}
	}
	return nrows > 64 ? field_by_key(rows, nrows, k, n) : NULL;
}

/* A cache's keys by its rows; every required row must be read. */
static int
cache(struct ssr *x, struct slab_cache *c)
{
	uint32_t obj = mwjson_rd_obj(x->rd);
	const struct field_row *rows, *f;
	struct mwjson_scalar sc;
	uint64_t read = 0;
	const char *k;
	size_t n, nrows, hint = 0;
	int t;

	memset(c, 0, sizeof(*c));
	rows = system_slab_fields(&nrows);
	while ((t = ssr_next(x)) == JT_KEY) {
		if ((k = ssr_key(x, obj, &n)) == NULL)
			return SSR_NOPE;
		f = row_of(rows, nrows, k, n, &hint);
		if (f == NULL || f->type == FT_DERIVED) {
			if (ssr_skip(x) < 0)
				return SSR_NOPE;
			continue;
		}
		if (scalar(x, &sc) < 0)
			return SSR_NOPE;
		if (mwjson_field_set(c, f, &sc, &x->s->arena) > 0)
			read |= (uint64_t)1 << (f - rows);
	}
	if (t != JT_OBJ_END)
		return SSR_NOPE;
	for (f = rows; f < rows + nrows; f++)
		if (f->known == FK_REQUIRED && f->type != FT_DERIVED &&
		    !(read & (uint64_t)1 << (f - rows)))
			return SSR_NOPE;
	mwjson_fields_known(c, rows, nrows, read);
	return 0;
}

static int
caches(struct ssr *x, struct slabinfo *si)
{
	struct slab_cache c;
	struct mw_buf v;
	int t, rc = 0;

	if (ssr_next(x) != JT_ARR)
		return SSR_NOPE;
	mw_buf_init(&v);
	while ((t = ssr_next(x)) == JT_OBJ && (rc = cache(x, &c)) == 0)
		mw_buf_add(&v, &c, sizeof(c));
	if (rc == 0 && t == JT_ARR_END)
		si->caches = ssr_to_arena(x, &v, sizeof(c), &si->len);
	else
		rc = SSR_NOPE;
	mw_buf_free(&v);
	return rc;
}

int
ssr_slabs(struct ssr *x)
{
	struct slabinfo *si = &x->s->si;
	uint32_t obj = mwjson_rd_obj(x->rd);
	bool have_caches = false;
	const char *k, *ver;
	size_t n;
	int t, rc;

	if (ssr_next(x) != JT_OBJ)
		return SSR_NOPE;
	while ((t = ssr_next(x)) == JT_KEY) {
		if ((k = ssr_key(x, obj, &n)) == NULL)
			return SSR_NOPE;
		if (is(k, "caches")) {
			rc = caches(x, si);
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
	if (t != JT_OBJ_END || !have_caches)
		return SSR_NOPE;
	x->s->part[SYS_SLABINFO].have = true;
	return 0;
}
