/* render/json_system.c: zones, buddy, slabs, system snapshot, explain, diff. */
#include "config.h"
#include "render/json_system.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/frag.h"
#include "model/system_diff.h"
#include "model/finding.h"
#include "model/system_explain.h"
#include "model/system_fields.h"
#include "render/json.h"
#include "render/json_explain.h"
#include "render/json_fields.h"
#include "render/json_pressure.h"
#include "util/units.h"

/* Writers */

static json_t *
need_new(json_t *v)
{
	if (v == NULL) {
		fprintf(stderr, "memwatch: out of memory (building JSON)\n");
		exit(1);
	}
	return v;
}

static void
append(json_t *arr, json_t *v)
{
	if (json_array_append_new(arr, v) < 0)
		need_new(NULL);
}

static void
stamp(json_t *doc, const struct sys_snapshot *s)
{
	mwjson_put_stamp(doc, s->taken_at, s->kernel, s->page_size);
}

/* "unavailable": {"slabs": "cannot read ... (permission denied); ..."}. */
static void
put_unavailable(json_t *doc, const struct sys_snapshot *s, unsigned parts)
{
	json_t *u = NULL;

	for (int p = 0; p < SYS_PART_NR; p++) {
		if (!(parts & SYS_PART(p)) || s->part[p].have ||
		    s->part[p].why == NULL)
			continue;
		if (u == NULL)
			u = need_new(json_object());
		mwjson_set(u, sys_part_key(p), mwjson_cstr(s->part[p].why));
	}
	if (u != NULL)
		mwjson_set(doc, "unavailable", u);
}

/* What a row of the snapshot's parts needs of it. */
static struct field_ctx
ctx(const struct sys_snapshot *s)
{
	return (struct field_ctx){ .doc = s, .page_size = s->page_size };
}

/* rows[0..n) of each of the n items of size bytes at items: an array. */
static json_t *
rows_array(const struct sys_snapshot *s, const void *items, size_t size,
    size_t n, enum system_rows which)
{
	json_t *a = need_new(json_array());
	struct field_ctx c = ctx(s);
	size_t nrows;
	const struct field_row *rows = system_fields(which, &nrows);

	for (size_t i = 0; i < n; i++) {
		json_t *o = need_new(json_object());

		mwjson_put_rows(o, (const char *)items + i * size, rows, nrows,
		    &c);
		append(a, o);
	}
	return a;
}

static void
put_zones(json_t *doc, const struct sys_snapshot *s)
{
	mwjson_set(doc, "zones", rows_array(s, s->zi.zones,
	    sizeof(*s->zi.zones), s->zi.len, SR_ZONE));
	mwjson_set(doc, "nodes", rows_array(s, s->zi.nodes,
	    sizeof(*s->zi.nodes), s->zi.nnodes, SR_NODE));
}

json_t *
mwjson_zones(const struct sys_snapshot *s)
{
	json_t *doc = mwjson_doc_new("zones");

	stamp(doc, s);
	put_zones(doc, s);
	return doc;
}

static json_t *
index_array(const int *v, unsigned n, bool real)
{
	json_t *a = need_new(json_array());

	for (unsigned i = 0; i < n; i++)
		append(a, real ? need_new(json_real(v[i] / 1000.0)) :
		    mwjson_i64(v[i]));
	return a;
}

static json_t *
buddy_obj(const struct sys_snapshot *s, const struct buddy_zone *z)
{
	json_t *o = need_new(json_object());
	int unusable[BUDDY_MAX_ORDERS], frag[BUDDY_MAX_ORDERS];
	struct field_ctx c = ctx(s);
	size_t n;
	const struct field_row *rows = system_fields(SR_BUDDY, &n);

	mwjson_put_rows(o, z, rows, n, &c);
	frag_compute(z->count, z->norders, unusable, frag);
	mwjson_set_own(o, "unusable_index",
	    index_array(unusable, z->norders, true));
	mwjson_set_own(o, "fragmentation_index",
	    index_array(frag, z->norders, true));
	mwjson_set_own(o, "unusable_index_x1000",
	    index_array(unusable, z->norders, false));
	mwjson_set_own(o, "fragmentation_index_x1000",
	    index_array(frag, z->norders, false));
	return o;
}

static json_t *
pti_obj(const struct sys_snapshot *s)
{
	const struct pagetypeinfo *p = &s->pti;
	json_t *o = need_new(json_object()), *types = need_new(json_array());

	if (p->has_block_order)
		mwjson_set(o, "page_block_order", mwjson_u64(p->page_block_order));
	if (p->pages_per_block)
		mwjson_set(o, "pages_per_block", mwjson_u64(p->pages_per_block));
	for (unsigned i = 0; i < p->ntypes; i++)
		append(types, mwjson_cstr(p->types[i]));
	mwjson_set(o, "migrate_types", types);
	mwjson_set(o, "free", rows_array(s, p->free, sizeof(*p->free), p->nfree,
	    SR_PTI_FREE));
	mwjson_set(o, "blocks", rows_array(s, p->blocks, sizeof(*p->blocks),
	    p->nblocks, SR_PTI_BLOCKS));
	return o;
}

static void
put_buddy(json_t *doc, const struct sys_snapshot *s, const char *key)
{
	json_t *zones = need_new(json_array());

	for (size_t i = 0; i < s->bi.len; i++)
		append(zones, buddy_obj(s, &s->bi.zones[i]));
	mwjson_set(doc, key, zones);
	if (s->part[SYS_PAGETYPEINFO].have)
		mwjson_set(doc, "pagetypeinfo", pti_obj(s));
}

json_t *
mwjson_buddy(const struct sys_snapshot *s)
{
	json_t *doc = mwjson_doc_new("buddy");

	stamp(doc, s);
	if (s->buddy_from_pti) {
		mwjson_set(doc, "source", mwjson_cstr("pagetypeinfo"));
		mwjson_set(doc, "lower_bound", json_boolean(s->buddy_lower_bound));
	}
	put_buddy(doc, s, "zones");
	put_unavailable(doc, s, SYS_PART(SYS_PAGETYPEINFO));
	return doc;
}

static const struct slab_cache *
prev_cache(const struct sys_snapshot *prev, const char *name)
{
	for (size_t i = 0; prev != NULL && i < prev->si.len; i++)
		if (strcmp(prev->si.caches[i].name, name) == 0)
			return &prev->si.caches[i];
	return NULL;
}

static json_t *
cache_obj(const struct sys_snapshot *s, const struct slab_cache *c,
    const struct sys_snapshot *prev)
{
	json_t *o = need_new(json_object());
	const struct slab_cache *p;
	struct field_ctx fc = ctx(s);
	size_t n;
	const struct field_row *rows = system_fields(SR_SLAB, &n);

	mwjson_put_rows(o, c, rows, n, &fc);
	if (prev != NULL) {
		p = prev_cache(prev, c->name);
		mwjson_set(o, "delta_size", mwjson_i64(mw_delta(
		    sys_slab_size(c, s->page_size),
		    p ? sys_slab_size(p, prev->page_size) : 0)));
		mwjson_set(o, "delta_active_objs", mwjson_i64(mw_delta(
		    c->active_objs, p ? p->active_objs : 0)));
	}
	return o;
}

static json_t *
slabs_obj(const struct sys_snapshot *s, const size_t *order, size_t n,
    const struct sys_snapshot *prev)
{
	json_t *o = need_new(json_object()), *caches = need_new(json_array());
	json_t *tot = need_new(json_object());
	struct slab_totals t;
	char ver[16];

	snprintf(ver, sizeof(ver), "%u.%u", s->si.version_major,
	    s->si.version_minor);
	switch (sys_slab_allocator(s)) {
	case SLAB_ALLOC_SLAB:
		mwjson_set(o, "allocator", mwjson_cstr("SLAB"));
		break;
	case SLAB_ALLOC_SLUB:
		mwjson_set(o, "allocator", mwjson_cstr("SLUB"));
		break;
	case SLAB_ALLOC_UNKNOWN:
		break;
	}
	if (s->si.version_major > 0)
		mwjson_set(o, "version", mwjson_cstr(ver));
	mwjson_set(o, "statistics", json_boolean(s->si.statistics));
	for (size_t i = 0; i < n; i++)
		append(caches, cache_obj(s, &s->si.caches[order ? order[i] : i],
		    prev));
	mwjson_set(o, "caches", caches);
	sys_slab_totals(&s->si, s->page_size, &t);
	mwjson_set(tot, "caches", mwjson_u64(t.caches));
	mwjson_set(tot, "active_objs", mwjson_u64(t.active_objs));
	mwjson_set(tot, "num_objs", mwjson_u64(t.num_objs));
	mwjson_set(tot, "size", mwjson_u64(t.size));
	mwjson_set(tot, "active_size", mwjson_u64(t.active_size));
	mwjson_set(tot, "objs_size", mwjson_u64(t.objs_size));
	if (prev != NULL) {
		struct slab_totals pt;

		sys_slab_totals(&prev->si, prev->page_size, &pt);
		mwjson_set(tot, "delta_size", mwjson_i64(mw_delta(t.size, pt.size)));
		mwjson_set(tot, "delta_active_objs",
		    mwjson_i64(mw_delta(t.active_objs, pt.active_objs)));
	}
	mwjson_set(o, "totals", tot);
	return o;
}

json_t *
mwjson_slabs(const struct sys_snapshot *s, const size_t *order, size_t n,
    const char *sort, const struct sys_snapshot *prev, double interval)
{
	json_t *doc = mwjson_doc_new("slabs"), *o;
	const char *k;
	json_t *v;

	stamp(doc, s);
	if (sort != NULL)
		mwjson_set(doc, "sort", mwjson_cstr(sort));
	if (prev != NULL)
		mwjson_set(doc, "interval", need_new(json_real(interval)));
	o = slabs_obj(s, order, n, prev);
	json_object_foreach(o, k, v)
		mwjson_set(doc, k, json_incref(v));
	json_decref(o);
	return doc;
}

static json_t *
meminfo_obj(const struct sys_snapshot *s, json_t **counts)
{
	json_t *o = need_new(json_object());

	*counts = need_new(json_array());
	for (size_t i = 0; i < s->mi.len; i++) {
		mwjson_set(o, s->mi.rows[i].name, mwjson_u64(s->mi.rows[i].value));
		if (!s->mi.rows[i].is_bytes)
			append(*counts, mwjson_cstr(s->mi.rows[i].name));
	}
	return o;
}

/* vmstat's counters, PSI and the memory settings (render/json_pressure.h). */
static void
put_mm(json_t *doc, const struct sys_snapshot *s)
{
	if (!s->part[SYS_VMSTAT].have)
		return;
	mwjson_put_mm(doc, &s->mm, s->part[SYS_MEMINFO].have ? &s->mi : NULL);
}

json_t *
mwjson_system_snapshot(const struct sys_snapshot *s)
{
	json_t *doc = mwjson_doc_new("system-snapshot"), *counts;

	stamp(doc, s);
	mwjson_set(doc, "page_size_source", mwjson_cstr(sys_page_size_note(s)));
	if (s->part[SYS_MEMINFO].have) {
		mwjson_set(doc, "meminfo", meminfo_obj(s, &counts));
		mwjson_set(doc, "meminfo_counts", counts);
	}
	if (s->part[SYS_ZONEINFO].have)
		put_zones(doc, s);
	if (s->part[SYS_BUDDYINFO].have)
		put_buddy(doc, s, "buddy");
	if (s->part[SYS_BUDDYINFO].have && s->buddy_from_pti)
		mwjson_set(doc, "buddy_source", mwjson_cstr("pagetypeinfo"));
	if (s->part[SYS_SLABINFO].have)
		mwjson_set(doc, "slabs", slabs_obj(s, NULL, s->si.len, NULL));
	put_mm(doc, s);
	mwjson_system_put_tmpfs(doc, s);
	put_unavailable(doc, s, SYS_ALL);
	return doc;
}

json_t *
mwjson_system_explain(const struct sys_snapshot *s,
    const struct finding_list *f, bool bytes)
{
	json_t *doc = mwjson_doc_new("explain"), *arr = need_new(json_array());

	mwjson_set(doc, "target", mwjson_cstr("system"));
	stamp(doc, s);
	for (size_t i = 0; i < f->len; i++) {
		append(arr, need_new(mwjson_finding(&f->v[i], bytes)));
	}
	mwjson_set(doc, "findings", arr);
	put_unavailable(doc, s, s->requested);
	return doc;
}

static json_t *
side(const struct sys_snapshot *s)
{
	json_t *o = need_new(json_object());

	mwjson_put_stamp(o, s->taken_at, s->kernel, s->page_size);
	return o;
}

static json_t *
diff_zones(const struct sys_diff *d)
{
	json_t *arr = need_new(json_array());

	for (size_t i = 0; i < d->nzones; i++) {
		const struct sys_zone_delta *z = &d->zones[i];
		json_t *o = need_new(json_object());

		mwjson_set(o, "node", mwjson_i64(z->node));
		mwjson_set(o, "zone", mwjson_cstr(z->zone));
		if (z->has_free) {
			mwjson_set(o, "free_before", mwjson_u64(z->free_before));
			mwjson_set(o, "free_after", mwjson_u64(z->free_after));
			mwjson_set(o, "free", mwjson_i64(z->free));
		}
		if (z->has_blocks) {
			json_t *b = need_new(json_array());

			for (unsigned k = 0; k < z->norders; k++)
				append(b, mwjson_i64(z->blocks[k]));
			mwjson_set(o, "free_blocks", b);
			if (z->lower_bound != 0) {
				json_t *lb = need_new(json_array());

				for (unsigned k = 0; k < z->norders; k++)
					if (z->lower_bound >> k & 1)
						append(lb, mwjson_u64(k));
				mwjson_set(o, "lower_bound_orders", lb);
			}
		}
		append(arr, o);
	}
	return arr;
}

json_t *
mwjson_system_diff(const struct sys_diff *d, bool bytes)
{
	json_t *doc = mwjson_doc_new("diff"), *tot = need_new(json_object());
	json_t *slabs = need_new(json_array()), *notes = need_new(json_array());

	mwjson_set(doc, "target", mwjson_cstr("system"));
	mwjson_set(doc, "before", side(d->before));
	mwjson_set(doc, "after", side(d->after));
	for (size_t i = 0; i < d->nmi; i++)
		if (d->mi[i].has_before && d->mi[i].has_after)
			mwjson_set(tot, d->mi[i].name, mwjson_i64(d->mi[i].delta));
	mwjson_set(doc, "totals", tot);
	mwjson_set(doc, "zones", diff_zones(d));
	for (size_t i = 0; i < d->nslabs; i++) {
		const struct sys_slab_delta *x = &d->slabs[i];
		json_t *o = need_new(json_object());

		mwjson_set(o, "name", mwjson_cstr(x->name));
		mwjson_set(o, "change", mwjson_cstr(sys_change_name(x->change)));
		mwjson_set(o, "before", mwjson_u64(x->before));
		mwjson_set(o, "after", mwjson_u64(x->after));
		mwjson_set(o, "delta", mwjson_i64(x->delta));
		mwjson_set(o, "delta_active_objs", mwjson_i64(x->objs));
		append(slabs, o);
	}
	if (d->has_slabs)
		mwjson_set(doc, "slabs", slabs);
	else
		json_decref(slabs);
	for (size_t i = 0; i < d->nnotes; i++)
		append(notes, mwjson_sentence(d->notes[i], bytes));
	mwjson_set(doc, "notes", notes);
	return doc;
}
