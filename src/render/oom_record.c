/* render/oom_record.c: one kill with the samples before it, as a file. */
#include "config.h"
#include "render/oom.h"

#include "model/oom.h"
#include "model/oom_ring.h"
#include "render/json.h"
#include "util/time.h"

static json_t *
sample_json(const struct oom_sample *s)
{
	json_t *o = json_object(), *mi = json_object(), *z = json_array();
	json_t *top = json_array();
	char t[MW_RFC3339_LEN];

	mwjson_set(o, "taken_at", mwjson_cstr(mw_rfc3339(t, s->taken_at)));
	for (int k = 0; k < MI_NR && k < 64; k++)
		if (s->mi_present & UINT64_C(1) << k)
			mwjson_set(mi, meminfo_key_name(k),
			    mwjson_u64(s->mi[k]));
	mwjson_set(o, "meminfo", mi);
	for (size_t i = 0; i < s->nzones; i++) {
		const struct oom_sample_zone *sz = &s->zones[i];
		json_t *zo = json_object();

		mwjson_set(zo, "node", mwjson_i64(sz->node));
		mwjson_set(zo, "zone", mwjson_cstr(sz->name));
		mwjson_set(zo, "free", mwjson_u64(sz->free));
		mwjson_set(zo, "min", mwjson_u64(sz->min));
		mwjson_set(zo, "low", mwjson_u64(sz->low));
		mwjson_set(zo, "high", mwjson_u64(sz->high));
		json_array_append_new(z, zo);
	}
	mwjson_set(o, "zones", z);
	if (s->psi[0] != '\0')
		mwjson_set(o, "pressure_memory", mwjson_cstr(s->psi));
	for (size_t i = 0; i < s->ntop; i++) {
		json_t *p = json_object();

		mwjson_set(p, "pid", mwjson_i64(s->top[i].pid));
		mwjson_set(p, "comm", mwjson_cstr(s->top[i].comm));
		mwjson_set(p, "pss", mwjson_u64(s->top[i].pss));
		mwjson_set(p, "rss", mwjson_u64(s->top[i].rss));
		json_array_append_new(top, p);
	}
	mwjson_set(o, "top", top);
	return o;
}

int
render_oom_record(const char *path, const struct oom_event *e,
    const char *report, size_t report_len, const struct oom_ring *ring,
    struct mw_err *err)
{
	json_t *doc = mwjson_doc_new("oom"), *kills = json_array();
	json_t *samples = json_array();
	int rc;

	mwjson_set(doc, "source", mwjson_cstr("the kernel log"));
	json_array_append_new(kills, render_oom_event_json(e, false));
	mwjson_set(doc, "kills", kills);
	mwjson_set(doc, "report", mwjson_str(report, report_len));
	for (size_t i = 0; ring != NULL && i < ring->len; i++)
		json_array_append_new(samples,
		    sample_json(oom_ring_at(ring, i)));
	mwjson_set(doc, "samples", samples);
	rc = mwjson_write_file(doc, path, err);
	json_decref(doc);
	return rc;
}
