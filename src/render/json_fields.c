/* render/json_fields.c: a descriptor row's value to and from JSON. */
#include "config.h"
#include "render/json_fields.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/types.h>

#include "model/mmstate.h"
#include "model/vma.h"
#include "parse/lex.h"
#include "render/json.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/time.h"
#include "util/units.h"

/* The length kept after a FT_STR or FT_ARGV pointer. */
#define LEN_AT(base, r) FIELD_AT(base, (r)->off + sizeof(const char *), size_t)
#define LEN_AT_C(base, r) \
	FIELD_AT_C(base, (r)->off + sizeof(const char *), size_t)

/* pages as bytes with the context's page size, saturating. */
static uint64_t
pages_bytes(uint64_t pages, const struct field_ctx *c)
{
	uint64_t v;

	return mw_mul_u64(pages, c->page_size, &v) ? v : UINT64_MAX;
}

const char *
mwjson_arena_str(struct mw_arena *a, const char *s, size_t n, size_t *len)
{
	struct mw_buf b;
	const char *r;

	mw_buf_init(&b);
	mw_unescape_json(&b, s, n);
	r = mw_arena_strndup(a, b.data, b.len);
	if (len != NULL)
		*len = b.len;
	mw_buf_free(&b);
	return r;
}

/* "fe:01": major and minor in hex, each at most 32 bits. */
static int
set_dev(void *base, const struct field_row *r, const char *s, size_t n)
{
	const char *next, *e = s + n;
	uint64_t maj, min;

	if (mw_parse_x64(s, e, &maj, &next) < 0 || next == e || *next != ':' ||
	    mw_parse_x64(next + 1, e, &min, &next) < 0 || next != e ||
	    maj > UINT32_MAX || min > UINT32_MAX)
		return -1;
	FIELD_AT(base, r->off, uint32_t)[0] = (uint32_t)maj;
	FIELD_AT(base, r->off, uint32_t)[1] = (uint32_t)min;
	return 1;
}

static int
set_text(void *base, const struct field_row *r, const struct mwjson_scalar *v,
    const struct field_ctx *c)
{
	const char *next;
	char t[64];

	switch ((enum field_type)r->type) {
	case FT_ADDR:
		if (v->n < 2 || v->s[0] != '0' || v->s[1] != 'x' ||
		    mw_parse_x64(v->s + 2, v->s + v->n,
		    FIELD_AT(base, r->off, uint64_t), &next) < 0 ||
		    next != v->s + v->n)
			return -1;
		return 1;
	case FT_PERMS:
		if (v->n != 4)
			return -1;
		memcpy(FIELD_AT(base, r->off, char), v->s, 4);
		FIELD_AT(base, r->off, char)[4] = '\0';
		return 1;
	case FT_DEV:
		return set_dev(base, r, v->s, v->n);
	case FT_NAMED:
		return r->index(base, (void *)c->doc, v->s, v->n) < 0 ? -1 : 1;
	case FT_ZONE:
		if (v->n >= r->size || !lex_printable(v->s, v->s + v->n, false))
			return -1;
		memcpy(FIELD_AT(base, r->off, char), v->s, v->n);
		FIELD_AT(base, r->off, char)[v->n] = '\0';
		return 1;
	case FT_STR:
		*FIELD_AT(base, r->off, const char *) = mwjson_arena_str(c->arena, v->s,
		    v->n, LEN_AT(base, r));
		return 1;
	case FT_CSTR:
		*FIELD_AT(base, r->off, const char *) = mwjson_arena_str(c->arena, v->s,
		    v->n, NULL);
		return 1;
	case FT_WORD:
		if (!lex_printable(v->s, v->s + v->n, false))
			return -1;
		*FIELD_AT(base, r->off, const char *) = mw_arena_strndup(c->arena,
		    v->s, v->n);
		return 1;
	case FT_CHAR:
		if (v->n != 1 || v->s[0] == '\0')
			return 0;
		*FIELD_AT(base, r->off, char) = v->s[0];
		return 1;
	case FT_TIME:
		if (v->n >= sizeof(t))
			return 0;
		memcpy(t, v->s, v->n);
		t[v->n] = '\0';
		return mw_parse_rfc3339(t, FIELD_AT(base, r->off, time_t)) == 0;
	default:
		return 0;
	}
}

static int
set_int(void *base, const struct field_row *r, int64_t i,
    const struct field_ctx *c)
{
	switch ((enum field_type)r->type) {
	case FT_U64:
		if (i < 0)
			return -1;
		*FIELD_AT(base, r->off, uint64_t) = (uint64_t)i;
		return 1;
	case FT_PAGES:
		if (i < 0)
			return -1;
		*FIELD_AT(base, r->off, uint64_t) = (uint64_t)i / c->page_size;
		return 1;
	case FT_NODE:
		if (i < 0 || i > MW_NODE_MAX)
			return -1;
		*FIELD_AT(base, r->off, int) = (int)i;
		return 1;
	case FT_U32:
		if (i < 0 || i > UINT32_MAX)
			return -1;
		*FIELD_AT(base, r->off, uint32_t) = (uint32_t)i;
		return 1;
	case FT_I64:
		*FIELD_AT(base, r->off, int64_t) = i;
		return 1;
	case FT_PID:
		if (i <= 0 || i > INT32_MAX)
			return -1;
		*FIELD_AT(base, r->off, pid_t) = (pid_t)i;
		return 1;
	default:
		return -1;
	}
}

/* A string row given something else: passed over, or refused. */
static int
not_text(const struct field_row *r)
{
	return r->type == FT_DEV || r->type == FT_STR || r->type == FT_CSTR ||
	    r->type == FT_CHAR || r->type == FT_TIME ? 0 : -1;
}

int
mwjson_field_set(void *base, const struct field_row *r,
    const struct mwjson_scalar *v, const struct field_ctx *c)
{
	bool text = r->type == FT_ADDR || r->type == FT_PERMS ||
	    r->type == FT_DEV || r->type == FT_STR || r->type == FT_CSTR ||
	    r->type == FT_CHAR || r->type == FT_TIME || r->type == FT_ZONE ||
	    r->type == FT_NAMED || r->type == FT_WORD;

	if (v->t == SV_ABSENT || r->type == FT_KIND || field_written_only(r))
		return 0;
	if (r->type == FT_PERCENT) {
		double d = v->t == SV_INT ? (double)v->i : v->d;

		if ((v->t != SV_INT && v->t != SV_REAL) || !(d >= 0 && d <= 100))
			return -1;
		*FIELD_AT(base, r->off, uint32_t) = (uint32_t)(d * 100 + 0.5);
		return 1;
	}
	if (r->type == FT_BOOL) {
		if (v->t != SV_TRUE && v->t != SV_FALSE)
			return 0;
		*FIELD_AT(base, r->off, uint64_t) = v->t == SV_TRUE;
		return 1;
	}
	if (text)
		return v->t == SV_STR ? set_text(base, r, v, c) :
		    not_text(r);
	return v->t == SV_INT ? set_int(base, r, v->i, c) : -1;
}

const char *
mwjson_field_want(const struct field_row *r)
{
	if (r->want != NULL)
		return r->want;
	switch ((enum field_type)r->type) {
	case FT_NODE:
		return "a node number";
	case FT_ZONE:
		return "a zone name";
	case FT_PAGE_LIST:
		return "an array of byte counts";
	case FT_COUNTS:
		return "an array of counts";
	case FT_KV:
		return "an object of kernel names and non-negative integers";
	default:
		return "a non-negative integer";
	}
}

void
mwjson_field_get(const json_t *obj, const char *key, struct mwjson_scalar *v)
{
	const json_t *x = json_object_get(obj, key);

	memset(v, 0, sizeof(*v));
	if (x == NULL || json_is_null(x))
		v->t = SV_ABSENT;
	else if (json_is_integer(x))
		v->t = SV_INT, v->i = (int64_t)json_integer_value(x);
	else if (json_is_real(x))
		v->t = SV_REAL, v->d = json_real_value(x);
	else if (json_is_string(x))
		v->t = SV_STR, v->s = json_string_value(x),
		v->n = json_string_length(x);
	else if (json_is_true(x))
		v->t = SV_TRUE;
	else if (json_is_false(x))
		v->t = SV_FALSE;
	else
		v->t = SV_OTHER;
}

static json_t *
argv_json(const char *p, size_t len)
{
	json_t *a = json_array();
	const char *end, *z;

	/* No cmdline (a kernel thread, a snapshot without one): []. */
	if (p == NULL)
		return a;
	end = p + len;
	while (p < end) {
		z = memchr(p, '\0', (size_t)(end - p));
		if (z == NULL)
			z = end;
		json_array_append_new(a, mwjson_str(p, (size_t)(z - p)));
		p = z + 1;
	}
	return a;
}

void
mwjson_fields_known(void *base, const struct field_row *rows, size_t n,
    uint64_t read)
{
	for (size_t i = 0; i < n; i++) {
		bool all = true;

		if (rows[i].known == FK_BIT) {
			uint32_t *bits = FIELD_AT(base, rows[i].known_off,
			    uint32_t);

			*bits = (*bits & ~(1u << rows[i].bit)) |
			    (uint32_t)(read >> i & 1) << rows[i].bit;
			continue;
		}
		if (rows[i].known != FK_FLAG)
			continue;
		for (size_t j = 0; j < n; j++)
			if (rows[j].known == FK_FLAG &&
			    rows[j].known_off == rows[i].known_off &&
			    !(read >> j & 1))
				all = false;
		*FIELD_AT(base, rows[i].known_off, bool) = all;
	}
}

/* FT_ITEMS: an array, an object of the rows sub for each item. */
static json_t *
items(const void *base, const struct field_row *r, const struct field_ctx *c)
{
	json_t *a = json_array();
	const char *p = *FIELD_AT_C(base, r->off, const char *);
	size_t n = *LEN_AT_C(base, r);

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();

		mwjson_put_rows(o, p + i * r->size, r->sub, r->nsub, c);
		json_array_append_new(a, o);
	}
	return a;
}

/* FT_PAGE_LIST, FT_COUNTS, FT_ORDERS, FT_KV, FT_PARAMS, FT_COLUMNS and
 * FT_OBJECT. */
static json_t *
container(const void *base, const struct field_row *r,
    const struct field_ctx *c)
{
	const struct proc_kv *kv;
	const struct mm_param *pm;
	const char *name;
	bool list = r->type == FT_PAGE_LIST || r->type == FT_COUNTS ||
	    r->type == FT_ORDERS;
	json_t *o = list ? json_array() : json_object();
	uint32_t bits;
	size_t n = list ? *FIELD_AT_C(base, r->count_off, unsigned) : 0;

	switch ((enum field_type)r->type) {
	case FT_PAGE_LIST:
	case FT_COUNTS:
		for (size_t i = 0; i < n; i++) {
			uint64_t v = FIELD_AT_C(base, r->off, uint64_t)[i];

			json_array_append_new(o, mwjson_u64(r->type == FT_COUNTS ?
			    v : pages_bytes(v, c)));
		}
		break;
	case FT_ORDERS:
		bits = *FIELD_AT_C(base, r->off, uint32_t);
		for (size_t i = 0; i < n; i++)
			if (bits >> i & 1)
				json_array_append_new(o, mwjson_u64(i));
		break;
	case FT_KV:
	case FT_PARAMS:	/* names and counts, or names and text */
		kv = *FIELD_AT_C(base, r->off, struct proc_kv *);
		pm = *FIELD_AT_C(base, r->off, struct mm_param *);
		for (size_t i = 0; i < *LEN_AT_C(base, r); i++)
			mwjson_set(o, r->type == FT_KV ? kv[i].name : pm[i].name,
			    r->type == FT_KV ? mwjson_u64(kv[i].value) :
			    mwjson_cstr(pm[i].value));
		break;
	case FT_COLUMNS:
		n = *FIELD_AT_C(base, r->count_off, unsigned);
		for (unsigned i = 0; i < n && (name = r->column(c->doc,
		    i)) != NULL; i++)
			mwjson_set(o, name, mwjson_u64(FIELD_AT_C(base, r->off,
			    uint64_t)[i]));
		break;
	default:
		mwjson_put_rows(o, (const char *)base + r->off, r->sub, r->nsub,
		    c);
		break;
	}
	return o;
}

/* The text rows that need room to be written, and FT_KIND. */
static json_t *
text_field(const void *base, const struct field_row *r)
{
	char t[MW_RFC3339_LEN], dev[24];

	switch ((enum field_type)r->type) {
	case FT_DEV:
		snprintf(dev, sizeof(dev), "%02" PRIx32 ":%02" PRIx32,
		    FIELD_AT_C(base, r->off, uint32_t)[0],
		    FIELD_AT_C(base, r->off, uint32_t)[1]);
		return mwjson_cstr(dev);
	case FT_TIME:
		return mwjson_cstr(mw_rfc3339(t,
		    *FIELD_AT_C(base, r->off, time_t)));
	default:
		return mwjson_cstr(vma_kind_name(vma_kind(base)));
	}
}

/* FT_DERIVED*: from get() or text() and the document. */
static json_t *
derived(const void *base, const struct field_row *r,
    const struct field_ctx *c)
{
	const void *ctx = c != NULL ? c->doc : NULL;

	switch ((enum field_type)r->type) {
	case FT_DERIVED_I64:
		if (r->known == FK_NULL && !r->has(base, ctx))
			return json_null();
		return mwjson_i64((int64_t)r->get(base, ctx));
	case FT_DERIVED_BOOL:
		return json_boolean(r->get(base, ctx) != 0);
	case FT_DERIVED_STR:
	case FT_NAMED:
		return mwjson_cstr(r->text(base, ctx));
	default:
		return mwjson_u64(r->get(base, ctx));
	}
}

json_t *
mwjson_field(const void *base, const struct field_row *r,
    const struct field_ctx *c)
{
	/* a pointer, read only where the row is one (else misaligned) */
#define S_AT() (*FIELD_AT_C(base, r->off, const char *))
	switch ((enum field_type)r->type) {
	case FT_U64:
		return mwjson_u64(*FIELD_AT_C(base, r->off, uint64_t));
	case FT_U32:
		return mwjson_u64(*FIELD_AT_C(base, r->off, uint32_t));
	case FT_I64:
		return mwjson_i64(*FIELD_AT_C(base, r->off, int64_t));
	case FT_PID:
		return mwjson_i64(*FIELD_AT_C(base, r->off, pid_t));
	case FT_ADDR:
		return mwjson_addr(*FIELD_AT_C(base, r->off, uint64_t));
	case FT_PERMS:
	case FT_ZONE:
		return mwjson_cstr(FIELD_AT_C(base, r->off, char));
	case FT_STR:
		return mwjson_str(S_AT() ? S_AT() : "",
		    S_AT() ? *LEN_AT_C(base, r) : 0);
	case FT_CSTR:
	case FT_WORD:
		return mwjson_cstr(S_AT());
	case FT_CHAR:
		return mwjson_str(FIELD_AT_C(base, r->off, char), 1);
	case FT_ARGV:
		return argv_json(S_AT(), *LEN_AT_C(base, r));
	case FT_DEV:
	case FT_TIME:
	case FT_KIND:
		return text_field(base, r);
	case FT_DERIVED:
	case FT_DERIVED_I64:
	case FT_DERIVED_BOOL:
	case FT_DERIVED_STR:
	case FT_NAMED:
		return derived(base, r, c);
	case FT_NODE:
		return mwjson_i64(*FIELD_AT_C(base, r->off, int));
	case FT_PAGES:
		return mwjson_u64(pages_bytes(*FIELD_AT_C(base, r->off,
		    uint64_t), c));
	case FT_BOOL:
		return json_boolean(*FIELD_AT_C(base, r->off, uint64_t) != 0);
	case FT_PERCENT:
		return json_real(*FIELD_AT_C(base, r->off, uint32_t) / 100.0);
	case FT_PAGE_LIST:
	case FT_COUNTS:
	case FT_ORDERS:
	case FT_KV:
	case FT_PARAMS:
	case FT_COLUMNS:
	case FT_OBJECT:
		return container(base, r, c);
	case FT_ITEMS:
		return items(base, r, c);
	case FT_SMAPS:
	case FT_VMFLAGS:
	case FT_EXTRA:
		break;
	}
	return json_null();
#undef S_AT
}

void
mwjson_put_rows(json_t *obj, const void *base, const struct field_row *rows,
    size_t n, const struct field_ctx *c)
{
	const void *doc = c != NULL ? c->doc : NULL;

	for (size_t i = 0; i < n; i++)
		if (field_known(base, &rows[i], doc))
			mwjson_set_own(obj, rows[i].key,
			    mwjson_field(base, &rows[i], c));
}
