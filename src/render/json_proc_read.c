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
#include "parse/status.h"
#include "render/json_proc_fast.h"
#include "render/json_proc_read.h"
#include "render/json_proc_read_int.h"
#include "render/json.h"
#include "render/json_read.h"
#include "util/err.h"
#include "util/escape.h"
#include "util/time.h"
#include "util/units.h"
#include "util/xmalloc.h"

/* What went wrong in a mapping, by the order the tree loader checks it. */
enum {
	VB_START_END = 1, VB_PERMS = 2, VB_OFFINO = 4, VB_DEV = 8,
	VB_FIELD = 16, VB_VMFLAGS = 32, VB_EXTRA = 64,
};

static const char *const vk_names[VK_FIELD0] = {
	"start", "end", "perms", "offset", "dev", "inode", "path", "kind",
};

void
prd_init(struct prd *p, struct mwjson_rd *rd, struct proc_snapshot *s)
{
	memset(p, 0, sizeof(*p));
	p->rd = rd;
	p->s = s;
	mw_buf_init(&p->tmp);
	mw_buf_init(&p->kind);
	mwjson_fast_init(&p->fast);
	for (int k = 0; k < VK_NR; k++) {
		const char *n = k < VK_FIELD0 ? vk_names[k] :
		    k < VK_VMFLAGS ? smaps_field_json_name(k - VK_FIELD0) :
		    k == VK_VMFLAGS ? "vmflags" : "extra";

		p->vk[k].name = n;
		p->vk[k].len = strlen(n);
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

/* "0x..." whole, as mwjson_get_addr() reads it. */
static bool
addr(const char *s, size_t n, uint64_t *v)
{
	const char *next;

	return n >= 2 && s[0] == '0' && s[1] == 'x' &&
	    mw_parse_x64(s + 2, s + n, v, &next) == 0 && next == s + n;
}

/* "fe:00" as the tree loader reads it; false when malformed. */
static bool
dev(const char *d, size_t len, struct vma *v)
{
	const char *next, *e = d + len;
	uint64_t maj, min;

	if (mw_parse_x64(d, e, &maj, &next) < 0 || next == e || *next != ':' ||
	    mw_parse_x64(next + 1, e, &min, &next) < 0 || next != e ||
	    maj > UINT32_MAX || min > UINT32_MAX)
		return false;
	v->dev_major = (uint32_t)maj;
	v->dev_minor = (uint32_t)min;
	return true;
}

static int
read_vmflags(struct prd *p, struct vma *v, unsigned *bad)
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
			*bad |= VB_VMFLAGS;
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
	if (other.len > 0 && !(*bad & VB_VMFLAGS))
		v->vmflags_other = mw_arena_strndup(&p->s->arena, other.data,
		    other.len);
	mw_buf_free(&other);
	return 0;
}

static int
read_extra(struct prd *p, struct vma *v, unsigned *bad)
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
			*bad |= VB_EXTRA;
		x->next = v->extra;
		v->extra = x;
	}
	return t == JT_ERR ? JT_ERR : 0;
}

/* The key's number, predicted to follow the one before. */
static int
vkey_of(const struct prd *p, const char *k, size_t n, int guess)
{
	for (int i = 0; i < VK_NR; i++) {
		int j = (guess + i) % VK_NR;

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

/* A string-valued key of a mapping. */
static void
vma_string(struct prd *p, int k, enum jtok_type t, struct vma *v,
    unsigned *bad, unsigned *have)
{
	const char *s;
	size_t n;

	if (t != JT_STR) {
		/* null is absent for these; anything else is wrong */
		if (k == VK_START || k == VK_END)
			*bad |= VB_START_END;
		else if (k == VK_PERMS)
			*bad |= VB_PERMS;
		return;
	}
	if (k == VK_PATH) {
		v->path = prd_arena_str(p, &v->path_len);
		return;
	}
	s = mwjson_rd_str(p->rd, &n);
	if (k == VK_START || k == VK_END) {
		if (!addr(s, n, k == VK_START ? &v->start : &v->end))
			*bad |= VB_START_END;
		*have |= 1u << k;
	} else if (k == VK_PERMS) {
		if (n != 4)
			*bad |= VB_PERMS;
		else
			memcpy(v->perms, s, 4), v->perms[4] = '\0';
		*have |= 1u << k;
	} else if (k == VK_DEV && !dev(s, n, v)) {
		*bad |= VB_DEV;
	}
}

/* A known key's value into v. */
static int
vma_value(struct prd *p, int k, struct vma *v, unsigned *bad,
    unsigned *have, int *bad_field)
{
	enum jtok_type t;

	if (k == VK_VMFLAGS || k == VK_EXTRA) {
		t = mwjson_rd_next(p->rd);
		if ((k == VK_VMFLAGS && t == JT_ARR) ||
		    (k == VK_EXTRA && t == JT_OBJ))
			return k == VK_VMFLAGS ? read_vmflags(p, v, bad) :
			    read_extra(p, v, bad);
		*bad |= k == VK_VMFLAGS ? VB_VMFLAGS : VB_EXTRA;
		return mwjson_rd_skip(p->rd, t);
	}
	t = prd_scalar(p);
	if (t == JT_ERR)
		return JT_ERR;
	if (k >= VK_FIELD0) {
		prd_field_value(p, t, k - VK_FIELD0, v, bad_field);
	} else if (k == VK_OFFSET || k == VK_INODE) {
		if (t == JT_INT && p->rd->t.i >= 0)
			*(k == VK_OFFSET ? &v->offset : &v->inode) =
			    (uint64_t)p->rd->t.i;
		else if (t != JT_NULL)
			*bad |= VB_OFFINO;
	} else if (k != VK_KIND) {
		vma_string(p, k, t, v, bad, have);
	}
	return 0;
}

/* The first problem of a mapping, in the tree loader's order. */
static const char *
vma_why(const struct prd *p, const struct vma *v, unsigned bad,
    unsigned have, int bad_field)
{
	if ((bad & VB_START_END) || (have & 3u) != 3u || v->end < v->start)
		return "start/end";
	if ((bad & VB_PERMS) || !(have & 1u << VK_PERMS))
		return "perms";
	if (bad & VB_OFFINO)
		return "offset/inode";
	if (bad & VB_DEV)
		return "dev";
	if (bad_field >= 0)
		return p->vk[VK_FIELD0 + bad_field].name;
	if (bad & VB_VMFLAGS)
		return "vmflags";
	if (bad & VB_EXTRA)
		return "extra";
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
	unsigned bad = 0, have = 0;
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
		if (vma_value(p, k, v, &bad, &have, &bad_field) < 0)
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
