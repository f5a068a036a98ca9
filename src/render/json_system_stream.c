/* render/json_system_stream.c: a system-snapshot document read from the
 * token stream (render/json_read.h) into the model, no tree built: its
 * head, meminfo, vmstat, PSI, the settings and "unavailable" here, the
 * larger parts (and tmpfs) in json_system_stream_parts.c, pagetypeinfo in
 * json_system_stream_pti.c.
 *
 * It reads what the tree loader (json_system_read.c) reads from a document
 * it accepts, into the same model. A document it is not sure of (see
 * json_system_stream_int.h) is read again by the tree loader, whose
 * messages say what is wrong; tests/fuzz/fuzz_system_stream.c checks that
 * the two agree.
 */
#include "config.h"
#include "render/json_system.h"
#include "render/json_system_stream_int.h"

#include <stdlib.h>
#include <string.h>

#include "model/account.h"
#include "model/mm_fields.h"
#include "model/mmstate.h"
#include "parse/lex.h"
#include "render/json_fields_read.h"
#include "util/err.h"
#include "util/escape.h"
#include "util/time.h"

int
ssr_next(struct ssr *x)
{
	int t = mwjson_rd_next(x->rd);

	return t == JT_ERR ? SSR_NOPE : t;
}

/* s[0..n) NUL-terminated in x (valid until the next). */
static const char *
ssr_copy(struct ssr *x, const char *s, size_t n)
{
	if (n < sizeof(x->small)) {	/* keys and names: no buffer work */
		memcpy(x->small, s, n);
		x->small[n] = '\0';
		return x->small;
	}
	mw_buf_reset(&x->tmp);
	mw_buf_add(&x->tmp, s, n);
	mw_buf_addc(&x->tmp, '\0');
	return x->tmp.data;
}

const char *
ssr_str(struct ssr *x, size_t *n)
{
	const char *s = mwjson_rd_str(x->rd, n);

	return ssr_copy(x, s, *n);
}

int
ssr_key_next(struct ssr *x, uint32_t obj, const char **k, size_t *n)
{
	int rc = mwjson_rd_key_next(x->rd, obj, k, n);

	if (rc <= 0)
		return rc < 0 ? SSR_NOPE : 0;
	*k = ssr_copy(x, *k, *n);
	return 1;
}

int
ssr_u64(struct ssr *x, uint64_t *v)
{
	if (ssr_next(x) != JT_INT || x->rd->t.i < 0)
		return SSR_NOPE;
	*v = (uint64_t)x->rd->t.i;
	return 0;
}

int
ssr_skip(struct ssr *x)
{
	int t = ssr_next(x);

	if (t == JT_OBJ || t == JT_ARR)
		return mwjson_rd_skip(x->rd, t) < 0 ? SSR_NOPE : 0;
	return t < 0 || t == JT_OBJ_END || t == JT_ARR_END ? SSR_NOPE : 0;
}

const char *
ssr_unescaped(struct mw_arena *a, const char *s, size_t n)
{
	struct mw_buf b;
	const char *d;

	mw_buf_init(&b);
	mw_unescape_json(&b, s, n);
	d = mw_arena_strndup(a, b.data, b.len);
	mw_buf_free(&b);
	return d;
}

/* The rows of an object of names and counts, names in a's arena. */
struct kv_rows {
	struct mw_buf rows;	/* struct proc_kv */
	size_t n;
};

/* meminfo's names and values (its units are known at the end). */
static int
kv_read(struct ssr *x, struct mw_arena *a, struct kv_rows *kv)
{
	uint32_t obj = mwjson_rd_obj(x->rd);
	struct proc_kv row;
	const char *k;
	size_t n;
	int rc;

	mw_buf_init(&kv->rows);
	kv->n = 0;
	if (ssr_next(x) != JT_OBJ)
		return SSR_NOPE;
	while ((rc = ssr_key_next(x, obj, &k, &n)) > 0) {
		if (!lex_printable(k, k + n, false))
			return SSR_NOPE;
		row.name = mw_arena_strndup(a, k, n);
		if (ssr_u64(x, &row.value) < 0)
			return SSR_NOPE;
		mw_buf_add(&kv->rows, &row, sizeof(row));
		kv->n++;
	}
	return rc;
}

/* The document's state between its keys. */
struct top {
	bool kind, schema, page_size, taken_at, unavailable;
	struct kv_rows meminfo;
	bool have_meminfo, have_counts;
	struct mw_buf counts;	/* "meminfo_counts": names, NUL after each */
	const char *why[SYS_PART_NR];	/* "unavailable", decoded */
};

static int
meminfo_counts(struct ssr *x, struct top *d)
{
	int t = ssr_next(x);
	size_t n;

	d->have_counts = true;
	if (t != JT_ARR)
		return t == JT_OBJ ? ssr_skip(x) : t < 0 ? SSR_NOPE : 0;
	while ((t = ssr_next(x)) != JT_ARR_END) {
		if (t == JT_STR) {
			const char *s = ssr_str(x, &n);

			mw_buf_add(&d->counts, s, n + 1);
		} else if (t == JT_OBJ || t == JT_ARR) {
			if (mwjson_rd_skip(x->rd, t) < 0)
				return SSR_NOPE;
		} else if (t < 0) {
			return SSR_NOPE;
		}
	}
	return 0;
}

static bool
counted(const struct top *d, const char *k)
{
	for (size_t i = 0; i < d->counts.len; i += strlen(d->counts.data + i) + 1)
		if (strcmp(d->counts.data + i, k) == 0)
			return true;
	return false;
}

static void
meminfo_finish(struct ssr *x, struct top *d)
{
	const struct proc_kv *row = (const struct proc_kv *)d->meminfo.rows.data;

	for (size_t i = 0; i < d->meminfo.n; i++) {
		bool is_bytes = d->have_counts ? !counted(d, row[i].name) :
		    strncmp(row[i].name, "HugePages_", 10) != 0;

		meminfo_add(&x->s->mi, &x->s->arena, d->meminfo.n, row[i].name,
		    row[i].value, is_bytes);
	}
	x->s->part[SYS_MEMINFO].have = true;
}

/* "unavailable": the why of each part, kept until the parts are known. */
static int
unavailable(struct ssr *x, struct top *d)
{
	uint32_t obj = mwjson_rd_obj(x->rd);
	const char *k;
	size_t n;
	int t, p, rc;

	if (ssr_next(x) != JT_OBJ)
		return SSR_NOPE;
	d->unavailable = true;
	while ((rc = ssr_key_next(x, obj, &k, &n)) > 0) {
		for (p = 0; p < SYS_PART_NR; p++)
			if (strcmp(k, sys_part_key((enum sys_part)p)) == 0)
				break;
		t = ssr_next(x);
		if (p < SYS_PART_NR && t == JT_STR) {
			k = ssr_str(x, &n);
			d->why[p] = ssr_unescaped(&x->s->arena, k, n);
		} else if (ssr_skip_tok(x, t) < 0) {
			return SSR_NOPE;
		}
	}
	return rc;
}

/* "kind", "schema", "page_size", "taken_at" and "kernel". */
static int
head(struct ssr *x, struct top *d, const char *k)
{
	struct sys_snapshot *s = x->s;
	size_t n;
	int t;

	if (strcmp(k, "page_size") == 0) {
		if (ssr_u64(x, &s->page_size) < 0 || s->page_size < 512 ||
		    (s->page_size & (s->page_size - 1)))
			return SSR_NOPE;
		s->page_size_from = PAGE_SIZE_SNAPSHOT;
		x->have_page_size = d->page_size = true;
		return 0;
	}
	if (strcmp(k, "schema") == 0) {
		d->schema = ssr_next(x) == JT_INT && x->rd->t.i == 1;
		return d->schema ? 0 : SSR_NOPE;
	}
	if ((t = ssr_next(x)) != JT_STR)
		return SSR_NOPE;
	k = strcmp(k, "kind") == 0 ? "kind" : strcmp(k, "kernel") == 0 ?
	    "kernel" : "taken_at";
	if (strcmp(k, "kind") == 0) {
		d->kind = strcmp(ssr_str(x, &n), "system-snapshot") == 0;
		return d->kind ? 0 : SSR_NOPE;
	}
	if (strcmp(k, "kernel") == 0) {
		k = ssr_str(x, &n);
		s->kernel = ssr_unescaped(&s->arena, k, n);
		return 0;
	}
	d->taken_at = mw_parse_rfc3339(ssr_str(x, &n), &s->taken_at) == 0;
	return d->taken_at ? 0 : SSR_NOPE;
}

static int
top_key(struct ssr *x, struct top *d, const char *k, size_t n)
{
	static const char *const heads[] = { "kind", "schema", "page_size",
	    "taken_at", "kernel", NULL };
	struct field_ctx c = { .arena = &x->s->mm.arena };
	size_t nrows;
	const struct field_row *rows = mm_fields(&nrows);
	int rc;

	/* vmstat, psi, settings: by their rows */
	if ((rc = mwjson_row_stream(x->rd, &x->s->mm, rows, nrows, &c, k,
	    n)) != 0)
		return rc < 0 ? SSR_NOPE : 0;

	for (const char *const *h = heads; *h != NULL; h++)
		if (strcmp(k, *h) == 0)
			return head(x, d, k);
	if (strcmp(k, "vmas") == 0 || strcmp(k, "process") == 0)
		return SSR_NOPE;	/* a process snapshot: the loader says so */
	if (strcmp(k, "meminfo") == 0) {
		d->have_meminfo = true;
		return kv_read(x, &x->s->arena, &d->meminfo);
	}
	if (strcmp(k, "meminfo_counts") == 0)
		return meminfo_counts(x, d);
	if (strcmp(k, "zones") == 0)
		return ssr_zones(x);
	if (strcmp(k, "nodes") == 0)
		return ssr_nodes(x);
	if (strcmp(k, "buddy") == 0)
		return ssr_buddy(x);
	if (strcmp(k, "buddy_source") == 0) {
		int t = ssr_next(x);
		size_t len;

		x->buddy_pti = t == JT_STR &&
		    strcmp(ssr_str(x, &len), "pagetypeinfo") == 0;
		return t == JT_OBJ || t == JT_ARR ? mwjson_rd_skip(x->rd, t) < 0 ?
		    SSR_NOPE : 0 : t < 0 ? SSR_NOPE : 0;
	}
	if (strcmp(k, "slabs") == 0)
		return ssr_slabs(x);
	if (strcmp(k, "pagetypeinfo") == 0)
		return ssr_pti(x);
	if (strcmp(k, "tmpfs") == 0)
		return ssr_tmpfs(x);
	if (strcmp(k, "unavailable") == 0)
		return unavailable(x, d);
	return ssr_skip(x);
}

/* After the last key: what the tree loader sets once it read the parts. */
static int
finish(struct ssr *x, struct top *d)
{
	struct sys_snapshot *s = x->s;
	bool any = false;

	if (!d->kind || !d->schema || !d->page_size || !d->taken_at)
		return SSR_NOPE;
	if (d->have_meminfo)
		meminfo_finish(x, d);
	if (x->zones) {
		if (x->have_nodes) {
			s->zi.nodes = x->nodes;
			s->zi.nnodes = x->nnodes;
		}
		s->part[SYS_ZONEINFO].have = true;
	}
	if (x->buddy) {
		s->buddy_from_pti = x->buddy_pti;
		s->part[SYS_BUDDYINFO].have = true;
	}
	s->mm.taken_at = s->taken_at;
	s->mm.mono_ms = (uint64_t)s->taken_at * 1000;
	s->part[SYS_VMSTAT].have = s->mm.have_vmstat;
	for (int p = 0; p < SYS_PART_NR; p++)
		if (s->part[p].have) {
			s->requested |= SYS_PART(p);
			any = true;
		}
	if (!any && !d->unavailable)
		return SSR_NOPE;
	for (int p = 0; p < SYS_PART_NR; p++)
		if (!s->part[p].have && d->why[p] != NULL) {
			s->part[p].err = strstr(d->why[p], "permission denied") ?
			    -EACCES : -ENOENT;
			s->part[p].why = d->why[p];
			s->requested |= SYS_PART(p);
		}
	return 0;
}

int
mwjson_system_read(struct mwjson_rd *rd, struct sys_snapshot *s)
{
	struct ssr x = { .rd = rd, .s = s };
	struct top d;
	uint32_t obj = mwjson_rd_obj(rd);
	const char *k;
	size_t n;
	int rc = 0;

	memset(&d, 0, sizeof(d));
	mw_buf_init(&x.tmp);
	mw_buf_init(&d.counts);
	if (ssr_next(&x) != JT_OBJ)
		rc = SSR_NOPE;
	while (rc == 0 && (rc = ssr_key_next(&x, obj, &k, &n)) > 0)
		rc = top_key(&x, &d, k, n);
	if (rc == 0 && ssr_next(&x) != JT_EOF)
		rc = SSR_NOPE;
	if (rc == 0)
		rc = finish(&x, &d);
	mw_buf_free(&x.tmp);
	mw_buf_free(&d.counts);
	mw_buf_free(&d.meminfo.rows);
	return rc;
}
