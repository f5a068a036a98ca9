/* render/json_proc_read.c: a process-snapshot file read as a stream; its
 * mappings here, the rest of the document in json_proc_doc.c.
 *
 * The document is read a piece at a time (render/json_read.c) and each
 * mapping goes straight into its row: no tree, so a 60,000-mapping file
 * costs its rows, not several times its text. Keys may come in any order;
 * what is kept, refused and reported is what mwjson_proc_snapshot_from()
 * does with jansson's tree of the same document (tests/fuzz checks it),
 * and its errors come in the same order: the JSON itself, then "kind" and
 * "schema", then the snapshot's fields.
 */
#include "config.h"
#include "render/json_proc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/snapshot.h"
#include "model/snapshot_fields.h"
#include "parse/status.h"
#include "render/json_proc_fast.h"
#include "render/json_proc_read.h"
#include "render/json_proc_read_int.h"
#include "render/json.h"
#include "render/json_fields.h"
#include "render/json_read.h"
#include "util/err.h"
#include "util/escape.h"
#include "util/time.h"
#include "util/units.h"
#include "util/xmalloc.h"

void
prd_init(struct prd *p, struct mwjson_rd *rd, struct proc_snapshot *s)
{
	memset(p, 0, sizeof(*p));
	p->rd = rd;
	p->s = s;
	mw_buf_init(&p->tmp);
	mw_buf_init(&p->kind);
	mwjson_fast_init(&p->fast);
	p->rows = snapshot_vma_fields(&p->nrows);
	for (size_t i = 0; i < p->nrows; i++) {
		const struct field_row *r = &p->rows[i];
		int nf = r->type == FT_SMAPS ? SMAPS_NR : 1;

		for (int f = 0; f < nf && p->nvk < VK_MAX; f++) {
			struct vkey *k = &p->vk[p->nvk++];

			k->name = r->type == FT_SMAPS ?
			    smaps_field_json_name(f) : r->key;
			k->len = strlen(k->name);
			k->row = r;
			k->idx = (unsigned char)i;
			k->field = (signed char)(r->type == FT_SMAPS ? f : -1);
		}
	}
}

/* The decoded string of the last token, NUL-terminated, in p->tmp. */
const char *
prd_cstr(struct prd *p, size_t *n)
{
	const char *s = mwjson_rd_str(p->rd, n);

	mw_buf_reset(&p->tmp);
	mw_buf_add(&p->tmp, s, *n);
	return p->tmp.data;
}

/* The same through mw_unescape_json, into the snapshot's arena. */
const char *
prd_arena_str(struct prd *p, size_t *len)
{
	struct mw_buf b;
	const char *s, *r;
	size_t n;

	s = mwjson_rd_str(p->rd, &n);
	mw_buf_init(&b);
	mw_unescape_json(&b, s, n);
	r = mw_arena_strndup(&p->s->arena, b.data, b.len);
	*len = b.len;
	mw_buf_free(&b);
	return r;
}

/* A key of object obj, decoded; JT_ERR on a duplicate. */
int
prd_key(struct prd *p, uint32_t obj, const char **k, size_t *n)
{
	*k = mwjson_rd_str(p->rd, n);
	return mwjson_rd_key(p->rd, obj, *k, *n);
}

/* The value's first token; a container not wanted is skipped (JT_NULL). */
enum jtok_type
prd_scalar(struct prd *p)
{
	enum jtok_type t = mwjson_rd_next(p->rd);

	if (t == JT_OBJ || t == JT_ARR)
		return mwjson_rd_skip(p->rd, t) < 0 ? JT_ERR : JT_ARR;
	return t;
}

static int
read_vmflags(struct prd *p, struct vma *v, bool *bad)
{
	struct mw_buf other;
	enum jtok_type t;
	size_t n;

	v->has_vmflags = true;
	mw_buf_init(&other);
	while ((t = prd_scalar(p)) != JT_ARR_END) {
		const char *c;
		int f;

		if (t == JT_ERR)
			return mw_buf_free(&other), JT_ERR;
		if (t != JT_STR) {
			*bad = true;
			continue;
		}
		c = prd_cstr(p, &n);
		f = vmflag_by_code(c);
		if (f >= 0) {
			v->vmflags |= (uint64_t)1 << f;
		} else {
			if (other.len > 0)
				mw_buf_addc(&other, ' ');
			mw_buf_add(&other, c, n);
		}
	}
	if (other.len > 0 && !*bad)
		v->vmflags_other = mw_arena_strndup(&p->s->arena, other.data,
		    other.len);
	mw_buf_free(&other);
	return 0;
}

static int
read_extra(struct prd *p, struct vma *v, bool *bad)
{
	uint32_t obj = mwjson_rd_obj(p->rd);
	enum jtok_type t;
	const char *k;
	size_t n;

	while ((t = mwjson_rd_next(p->rd)) == JT_KEY) {
		struct smaps_extra *x;

		if (prd_key(p, obj, &k, &n) < 0)
			return JT_ERR;
		x = mw_arena_alloc(&p->s->arena, sizeof(*x));
		memset(x, 0, sizeof(*x));
		x->name = prd_arena_str(p, &n);
		t = prd_scalar(p);
		if (t == JT_ERR)
			return JT_ERR;
		if (t == JT_INT && p->rd->t.i >= 0)
			x->value = (uint64_t)p->rd->t.i;
		else if (t == JT_STR)
			x->text = prd_arena_str(p, &n);
		else
			*bad = true;
		x->next = v->extra;
		v->extra = x;
	}
	return t == JT_ERR ? JT_ERR : 0;
}

/* The key's number, predicted to follow the one before. */
static int
vkey_of(const struct prd *p, const char *k, size_t n, int guess)
{
	for (size_t i = 0; i < p->nvk; i++) {
		int j = (int)(((size_t)guess + i) % p->nvk);

		if (p->vk[j].len == n && memcmp(p->vk[j].name, k, n) == 0)
			return j;
	}
	return -1;
}

/* One field's value (a smaps amount, or thp_eligible's boolean). */
void
prd_field_value(struct prd *p, enum jtok_type t, int f, struct vma *v,
    int *bad_field)
{
	if (f == SMAPS_THP_ELIGIBLE && (t == JT_TRUE || t == JT_FALSE))
		smaps_set(v, f, t == JT_TRUE);
	else if (t == JT_INT && p->rd->t.i >= 0)
		smaps_set(v, f, (uint64_t)p->rd->t.i);
	else if (*bad_field < 0 || f < *bad_field)
		*bad_field = f;
}

/* The last token as a scalar for mwjson_field_set(). */
static void
scalar_of(struct prd *p, enum jtok_type t, struct mwjson_scalar *x)
{
	memset(x, 0, sizeof(*x));
	x->t = t == JT_NULL ? SV_ABSENT : t == JT_INT ? SV_INT :
	    t == JT_STR ? SV_STR : t == JT_TRUE ? SV_TRUE :
	    t == JT_FALSE ? SV_FALSE : SV_OTHER;
	x->i = p->rd->t.i;
	if (t == JT_STR)
		x->s = mwjson_rd_str(p->rd, &x->n);
}

/* A known key's value into v; bad and have are bits by row. */
static int
vma_value(struct prd *p, const struct vkey *k, struct vma *v,
    uint32_t *bad, uint32_t *have, int *bad_field)
{
	const struct field_row *r = k->row;
	struct mwjson_scalar x;
	enum jtok_type t;
	bool wrong = false;
	int rc;

	if (r->type == FT_VMFLAGS || r->type == FT_EXTRA) {
		t = mwjson_rd_next(p->rd);
		if (r->type == FT_VMFLAGS && t == JT_ARR)
			rc = read_vmflags(p, v, &wrong);
		else if (r->type == FT_EXTRA && t == JT_OBJ)
			rc = read_extra(p, v, &wrong);
		else
			wrong = true, rc = mwjson_rd_skip(p->rd, t);
		*bad |= (uint32_t)wrong << k->idx;
		return rc;
	}
	t = prd_scalar(p);
	if (t == JT_ERR)
		return JT_ERR;
	if (r->type == FT_SMAPS) {
		prd_field_value(p, t, k->field, v, bad_field);
		return 0;
	}
	scalar_of(p, t, &x);
	rc = mwjson_field_set(v, r, &x,
	    &(struct field_ctx){ .arena = &p->s->arena });
	if (rc < 0)
		*bad |= 1u << k->idx;
	else if (rc > 0)
		*have |= 1u << k->idx;
	return 0;
}

/* The first problem of a mapping, in the order of its rows (the tree
 * loader's order too). */
static const char *
vma_why(const struct prd *p, const struct vma *v, uint32_t bad,
    uint32_t have, int bad_field)
{
	uint64_t below = 0;

	for (size_t i = 0; i < p->nrows; i++) {
		const struct field_row *r = &p->rows[i];

		if (r->type == FT_SMAPS) {
			if (bad_field >= 0)
				return smaps_field_json_name(bad_field);
			continue;
		}
		if ((bad >> i & 1) ||
		    (r->known == FK_REQUIRED && !(have >> i & 1)))
			return r->why;
		if (r->type == FT_ADDR) {
			if (*FIELD_AT_C(v, r->off, uint64_t) < below)
				return r->why;
			below = *FIELD_AT_C(v, r->off, uint64_t);
		}
	}
	return NULL;
}

/*
 * A mapping just read whole, and good: into the sums (in file order, as
 * snapshot_sum() adds them), and kept unless the caller's keep() says not.
 */
static void
row_done(struct prd *p)
{
	struct vma_vec *vv = &p->s->vmas;

	snapshot_sum_add(p->s, &vv->v[vv->len - 1]);
	if (p->keep != NULL && !p->keep(p->keep_arg, &vv->v[vv->len - 1]))
		vv->len--;
}

/* One mapping object (its '{' read) into a new row. */
static int
read_vma(struct prd *p, size_t idx)
{
	struct vma *v = vma_vec_push(&p->s->vmas);
	uint32_t obj = mwjson_rd_obj(p->rd);
	uint64_t seen = 0;
	uint32_t bad = 0, have = 0;
	int bad_field = -1, k = 0;
	enum jtok_type t;
	const char *why, *name;
	size_t n;

	while ((t = mwjson_rd_next(p->rd)) == JT_KEY) {
		name = mwjson_rd_str(p->rd, &n);
		k = vkey_of(p, name, n, k + 1);
		if (k < 0) {
			if (mwjson_rd_key(p->rd, obj, name, n) < 0 ||
			    mwjson_rd_skip(p->rd, mwjson_rd_next(p->rd)) < 0)
				return JT_ERR;
			k = 0;
			continue;
		}
		if (seen & (uint64_t)1 << k)
			return mwjson_rd_fail(p->rd, p->rd->t.at,
			    "duplicate object key"), JT_ERR;
		seen |= (uint64_t)1 << k;
		if (vma_value(p, &p->vk[k], v, &bad, &have, &bad_field) < 0)
			return JT_ERR;
	}
	if (t == JT_ERR)
		return JT_ERR;
	why = vma_why(p, v, bad, have, bad_field);
	if (why != NULL && p->bad_map == 0) {
		p->bad_map = idx + 1;
		p->bad_why = why;
	}
	if (p->bad_map == 0)
		row_done(p);
	return 0;
}

/*
 * A row of the caller's (same() found its text here) stands for this
 * mapping: summed, and kept (a copy, its path in this arena) only if the
 * caller's keep() says so.
 */
static void
same_done(struct prd *p, const struct vma *v)
{
	struct vma *w;

	snapshot_sum_add(p->s, v);
	if (!p->keep(p->keep_arg, v))
		return;
	w = vma_vec_push(&p->s->vmas);
	*w = *v;
	if (v->path != NULL)
		w->path = mw_arena_strndup(&p->s->arena, v->path, v->path_len);
}

/* A mapping in memwatch's own layout, read at once: true if it was. */
static bool
fast_vma(struct prd *p)
{
	struct jtok *t = &p->rd->t;
	const char *q = jtok_peek_item(t, 3), *s;
	struct vma_vec *vv = &p->s->vmas;
	const struct vma *v;
	size_t n;

	if (q == NULL || *q != '{')
		return false;
	if (p->same != NULL &&
	    (v = p->same(p->keep_arg, q, t->end, &n)) != NULL) {
		jtok_took_value(t, q + n);
		same_done(p, v);
		return true;
	}
	s = q;
	q = mwjson_fast_vma(&p->fast, q, t->end, &p->s->arena,
	    vma_vec_push(vv));
	if (q == NULL) {
		vv->len--;
		return false;
	}
	jtok_took_value(t, q);
	p->row_text = s;
	p->row_len = (size_t)(q - s);
	row_done(p);
	return true;
}

int
prd_vma_next(struct prd *p)
{
	size_t i = p->item++;
	enum jtok_type t;

	p->row_text = NULL;
	if (fast_vma(p))
		return 1;
	if ((t = mwjson_rd_next(p->rd)) == JT_ARR_END)
		return 0;
	if (t == JT_ERR)
		return JT_ERR;
	if (t == JT_OBJ)
		return read_vma(p, i) < 0 ? JT_ERR : 1;
	if (mwjson_rd_skip(p->rd, t) < 0)
		return JT_ERR;
	vma_vec_push(&p->s->vmas);
	if (p->bad_map == 0) {
		p->bad_map = i + 1;
		p->bad_why = "a mapping that is not an object";
	}
	return 1;
}

int
prd_read_vmas(struct prd *p)
{
	int r;

	while ((r = prd_vma_next(p)) > 0)
		;
	return r;
}
