/* render/json_pressure.c: pressure, vmstat, PSI and settings as JSON. */
#include "config.h"
#include "render/json_pressure.h"

#include <string.h>

#include "model/mm_fields.h"
#include "model/mmstate.h"
#include "model/pressure.h"
#include "model/system.h"
#include "render/json.h"
#include "render/json_explain.h"
#include "render/json_fields.h"
#include "util/units.h"

/* The row keyed key of the counters' rows (model/mm_fields.h). */
static const struct field_row *
mm_row(const char *key)
{
	size_t n;
	const struct field_row *rows = mm_fields(&n);

	return field_by_key(rows, n, key, strlen(key));
}

json_t *
mwjson_vmstat(const struct mm_state *st)
{
	return mwjson_field(st, mm_row("vmstat"), NULL);
}

void
mwjson_put_mm(json_t *doc, const struct mm_state *st, const struct meminfo *mi)
{
	struct field_ctx c = { .doc = mi };
	size_t n;
	const struct field_row *rows = mm_fields(&n);

	mwjson_put_rows(doc, st, rows, n, &c);
}

json_t *
mwjson_mm_settings(const struct mm_state *st, const struct meminfo *mi)
{
	return mwjson_field(st, mm_row("settings"),
	    &(struct field_ctx){ .doc = mi });
}

static json_t *
psi_delta(const struct pressure_psi *p, double secs)
{
	json_t *o = json_object();

	mwjson_set(o, "stalled_us", mwjson_u64(p->stalled_us));
	mwjson_set(o, "share", json_real((double)p->stalled_us / (secs * 1e4)));
	mwjson_set(o, "avg10", json_real(p->avg10 / 100.0));
	mwjson_set(o, "avg60", json_real(p->avg60 / 100.0));
	mwjson_set(o, "avg300", json_real(p->avg300 / 100.0));
	return o;
}

static json_t *
counters(const struct pressure_report *r)
{
	json_t *o = json_object();

	for (int k = 0; k < VM_NR; k++) {
		json_t *c;

		if (!r->have[k])
			continue;
		c = json_object();
		mwjson_set(c, "delta", mwjson_u64(r->d[k]));
		mwjson_set(c, "per_second", json_real((double)r->d[k] / r->secs));
		mwjson_set(o, vmstat_key_name((enum vmstat_key)k), c);
	}
	return o;
}

/* Every counter that changed, by name, unknown names included. */
static json_t *
moved(const struct mm_state *a, const struct mm_state *b)
{
	json_t *o = json_object();

	for (size_t i = 0; i < b->vs.len; i++) {
		const struct proc_kv *x = vmstat_find(&a->vs,
		    b->vs.rows[i].name);
		uint64_t after = b->vs.rows[i].value;

		if (x != NULL && x->value != after)
			mwjson_set(o, b->vs.rows[i].name,
			    mwjson_i64(mw_delta(after, x->value)));
	}
	return o;
}

static json_t *
zones(const struct sys_snapshot *s)
{
	json_t *a = json_array();

	for (size_t i = 0; i < s->zi.len; i++) {
		const struct zone_info *z = &s->zi.zones[i];
		enum zone_level l = sys_zone_level(z);
		json_t *o;

		if (l == ZL_EMPTY || l == ZL_UNKNOWN)
			continue;
		o = json_object();
		mwjson_set(o, "node", mwjson_i64(z->node));
		mwjson_set(o, "zone", mwjson_cstr(z->name));
		mwjson_set(o, "free", mwjson_u64(sys_bytes(s, z->val[ZF_FREE])));
		mwjson_set(o, "min", mwjson_u64(sys_bytes(s, z->val[ZF_MIN])));
		mwjson_set(o, "low", mwjson_u64(sys_bytes(s, z->val[ZF_LOW])));
		if (zone_has(z, ZF_HIGH))
			mwjson_set(o, "high",
			    mwjson_u64(sys_bytes(s, z->val[ZF_HIGH])));
		mwjson_set(o, "level", mwjson_cstr(sys_zone_level_name(l)));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *
mwjson_pressure(const struct pressure_report *r, const struct mm_state *a,
    const struct mm_state *b, const struct sys_snapshot *sys, bool bytes)
{
	json_t *doc = mwjson_doc_new("pressure"), *psi;

	mwjson_put_stamp(doc, b->taken_at, sys->kernel, sys->page_size);
	mwjson_set(doc, "interval_seconds", json_real(r->secs));
	mwjson_set(doc, "quiet", json_boolean(r->quiet));
	if (r->kswapd >= 0)
		mwjson_set(doc, "kswapd_ran", json_boolean(r->kswapd));
	if (r->some.have) {
		psi = json_object();
		mwjson_set(psi, "some", psi_delta(&r->some, r->secs));
		if (r->full.have)
			mwjson_set(psi, "full", psi_delta(&r->full, r->secs));
		mwjson_set(doc, "psi", psi);
	}
	mwjson_set(doc, "counters", counters(r));
	mwjson_set(doc, "moved", moved(a, b));
	mwjson_set(doc, "vmstat", mwjson_vmstat(b));
	mwjson_set(doc, "settings", mwjson_mm_settings(b,
	    sys->part[SYS_MEMINFO].have ? &sys->mi : NULL));
	if (sys->part[SYS_ZONEINFO].have)
		mwjson_set(doc, "zones", zones(sys));
	mwjson_set(doc, "notes", mwjson_findings(&r->notes, bytes));
	return doc;
}
