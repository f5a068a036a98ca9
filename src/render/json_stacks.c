/* render/json_stacks.c: the "stacks" document. */
#include "config.h"
#include "render/stacks_view.h"

#include <stdio.h>

#include "model/stacks.h"
#include "render/json.h"

static json_t *
frame_json(const struct sym_frame *f)
{
	json_t *q = json_object();

	mwjson_set(q, "ip", mwjson_addr(f->ip));
	if (f->func != NULL) {
		mwjson_set(q, "function", mwjson_cstr(f->func));
		mwjson_set(q, "offset", mwjson_u64(f->off));
	}
	if (f->module != NULL)
		mwjson_set(q, "module", mwjson_cstr(f->module));
	if (f->file != NULL) {
		mwjson_set(q, "file", mwjson_cstr(f->file));
		mwjson_set(q, "line", json_integer(f->line));
	}
	return q;
}

json_t *
mwjson_stacks(const struct stacks_report *r, const struct stacks_context *c)
{
	json_t *doc = mwjson_doc_new("stacks"), *p = json_object();
	json_t *a = json_array();
	size_t n = c->top < r->len ? c->top : r->len;

	mwjson_set(p, "pid", json_integer(c->pid));
	mwjson_set(p, "comm", mwjson_str(c->comm, c->comm_len));
	mwjson_set(doc, "process", p);
	mwjson_set(doc, "mode", mwjson_cstr(r->mode == STK_FAULTS ? "faults" :
	    "malloc"));
	mwjson_set(doc, "seconds", json_real(c->seconds));
	mwjson_set(doc, "exited", json_boolean(c->exited));
	mwjson_set(doc, "bytes", mwjson_u64(r->total_bytes));
	mwjson_set(doc, "count", mwjson_u64(r->total_count));
	if (c->has_growth) {
		mwjson_set(doc, "rss_growth", mwjson_i64(c->rss_growth));
		mwjson_set(doc, "anon_growth", mwjson_i64(c->anon_growth));
	}
	mwjson_set(doc, "no_stack_bytes", mwjson_u64(r->no_stack_bytes));
	mwjson_set(doc, "lost_stacks", mwjson_u64(r->lost_stacks));
	mwjson_set(doc, "lost_blocks", mwjson_u64(r->lost_allocs));
	mwjson_set(doc, "cut", mwjson_u64(r->cut));
	if (r->kernel) {
		mwjson_set(doc, "kernel_symbols", json_boolean(r->kernel_why == NULL));
		if (r->kernel_why != NULL)
			mwjson_set(doc, "kernel_symbols_why",
			    mwjson_cstr(r->kernel_why));
	}
	for (size_t i = 0; i < n; i++) {
		const struct stk_entry *e = &r->v[i];
		json_t *o = json_object(), *fr = json_array(), *pl = json_array();

		mwjson_set(o, "bytes", mwjson_u64(e->bytes));
		mwjson_set(o, "count", mwjson_u64(e->count));
		mwjson_set(o, "cut", json_boolean(e->cut));
		for (size_t k = 0; k < e->nplace; k++) {
			json_t *q = json_object();

			mwjson_set(q, "mapping", mwjson_cstr(e->place[k].label));
			mwjson_set(q, "bytes", mwjson_u64(e->place[k].bytes));
			json_array_append_new(pl, q);
		}
		mwjson_set(o, "places", pl);
		for (size_t k = 0; k < e->nframes; k++)
			json_array_append_new(fr, frame_json(&e->frames[k]));
		mwjson_set(o, "frames", fr);
		if (e->nkframes > 0) {
			json_t *kf = json_array();

			for (size_t k = 0; k < e->nkframes; k++)
				json_array_append_new(kf, frame_json(&e->kframes[k]));
			mwjson_set(o, "kernel_frames", kf);
			mwjson_set(o, "kernel_paths", mwjson_u64(e->kpaths));
		}
		json_array_append_new(a, o);
	}
	mwjson_set(doc, "stacks", a);
	return doc;
}
