/* render/json_explain.c: explain and pages as JSON documents. */
#include "config.h"
#include "render/json_explain.h"

#include <stdint.h>
#include <string.h>

#include "model/explain.h"
#include "model/finding.h"
#include "model/pages.h"
#include "model/snapshot.h"
#include "model/vma.h"
#include "render/json.h"
#include "render/json_proc.h"
#include "render/amount.h"
#include "util/amount.h"
#include "util/buf.h"

static void
amount_json(const struct mw_amt *a, void *arg)
{
	json_array_append_new(arg, a->kind == MW_AMT_DELTA && a->neg ?
	    mwjson_i64(a->mag > INT64_MAX ? INT64_MIN : -(int64_t)a->mag) :
	    mwjson_u64(a->mag));
}

json_t *
mwjson_sentence(const char *text, bool bytes)
{
	struct mw_buf b;
	json_t *s;

	mw_buf_init(&b);
	amount_text(&b, text, strlen(text), bytes);
	s = mwjson_str(b.data != NULL ? b.data : "", b.len);
	mw_buf_free(&b);
	return s;
}

void
mwjson_set_sentence(json_t *o, const char *text, bool bytes)
{
	json_t *a = json_array();

	mwjson_set(o, "text", mwjson_sentence(text, bytes));
	amount_each(text, strlen(text), amount_json, a);
	mwjson_set(o, "amounts", a);
}

json_t *
mwjson_finding(const struct finding *f, bool bytes)
{
	json_t *o = json_object();

	mwjson_set(o, "id", mwjson_cstr(f->id));
	if (f->has_bytes)
		mwjson_set(o, "bytes", mwjson_u64(f->bytes));
	mwjson_set_sentence(o, f->text, bytes);
	return o;
}

json_t *
mwjson_findings(const struct finding_list *fl, bool bytes)
{
	json_t *a = json_array();

	for (size_t i = 0; i < fl->len; i++)
		json_array_append_new(a, mwjson_finding(&fl->v[i], bytes));
	return a;
}

static json_t *
reserved_json(const struct explain *ex)
{
	json_t *a = json_array();

	for (size_t i = 0; i < ex->ntop; i++) {
		const struct vma *v = ex->top[i].vma;
		json_t *o = json_object();

		mwjson_set(o, "start", mwjson_addr(v->start));
		mwjson_set(o, "end", mwjson_addr(v->end));
		mwjson_set(o, "kind", mwjson_cstr(vma_kind_name(vma_kind(v))));
		if (v->path != NULL)
			mwjson_set(o, "path", mwjson_str(v->path, v->path_len));
		mwjson_set(o, "size", mwjson_u64(v->end - v->start));
		if (smaps_has(v, SMAPS_RSS))
			mwjson_set(o, "rss", mwjson_u64(v->val[SMAPS_RSS]));
		mwjson_set(o, "untouched", mwjson_u64(ex->top[i].untouched));
		mwjson_set(o, "thread_stack",
		    json_boolean(ex->top[i].thread_stack));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
facts_json(const struct explain *ex)
{
	json_t *o = json_object();

	for (int f = 0; f < EF_NR; f++)
		if (ex->has_fact >> f & 1)
			mwjson_set(o, explain_fact_name(f),
			    mwjson_u64(ex->fact[f]));
	if (ex->has_oom) {
		mwjson_set(o, "oom_score", mwjson_i64(ex->oom_score));
		mwjson_set(o, "oom_score_adj", mwjson_i64(ex->oom_score_adj));
	}
	mwjson_set(o, "largest_untouched", reserved_json(ex));
	return o;
}

json_t *
mwjson_explain(const struct proc_snapshot *snap, const struct explain *ex,
    bool bytes)
{
	json_t *doc = mwjson_doc_new("explain"), *a;

	mwjson_put_stamp(doc, snap->taken_at, snap->kernel, snap->page_size);
	mwjson_set(doc, "process", mwjson_process(snap));
	a = mwjson_findings(&ex->findings, bytes);
	for (size_t i = 0; i < ex->findings.len; i++)
		mwjson_set(json_array_get(a, i), "section",
		    mwjson_cstr(explain_section_title(ex->section[i])));
	mwjson_set(doc, "findings", a);
	mwjson_set(doc, "facts", facts_json(ex));
	return doc;
}

/* flags: the per-page flags are known (not for a PAGEMAP_SCAN row). */
static void
put_counts(json_t *o, const struct pagemap_counts *c, bool flags)
{
	mwjson_set(o, "pages", mwjson_u64(c->pages));
	mwjson_set(o, "present", mwjson_u64(c->state[PAGEMAP_IN_RAM]));
	mwjson_set(o, "swapped", mwjson_u64(c->state[PAGEMAP_IN_SWAP]));
	mwjson_set(o, "guard", mwjson_u64(c->state[PAGEMAP_GUARD_PAGE]));
	mwjson_set(o, "untouched", mwjson_u64(c->state[PAGEMAP_UNTOUCHED]));
	mwjson_set(o, "file", mwjson_u64(c->file));
	if (!flags)
		return;
	mwjson_set(o, "exclusive", mwjson_u64(c->exclusive));
	mwjson_set(o, "soft_dirty", mwjson_u64(c->soft_dirty));
	mwjson_set(o, "uffd_wp", mwjson_u64(c->uffd_wp));
}

static json_t *
pages_vma_json(const struct pages_report *r, const struct pages_vma *pv)
{
	const struct vma *v = pv->vma;
	json_t *o = json_object();

	mwjson_set(o, "start", mwjson_addr(v->start));
	mwjson_set(o, "end", mwjson_addr(v->end));
	mwjson_set(o, "perms", mwjson_str(v->perms, strlen(v->perms)));
	mwjson_set(o, "kind", mwjson_cstr(vma_kind_name(vma_kind(v))));
	if (v->path != NULL)
		mwjson_set(o, "path", mwjson_str(v->path, v->path_len));
	mwjson_set(o, "size", mwjson_u64(v->end - v->start));
	if (smaps_has(v, SMAPS_RSS))
		mwjson_set(o, "rss", mwjson_u64(v->val[SMAPS_RSS]));
	mwjson_set(o, "read", json_boolean(pv->read));
	if (pv->too_large)
		mwjson_set(o, "too_large", json_true());
	if (pv->read)
		mwjson_set(o, "method", mwjson_cstr(pv->scanned ?
		    "pagemap_scan" : "pagemap"));
	if (pv->read)
		put_counts(o, &pv->counts, !pv->scanned);
	else
		mwjson_set(o, "pages", mwjson_u64((v->end - v->start) /
		    r->page_size));
	return o;
}

json_t *
mwjson_pages(const struct pages_report *r)
{
	json_t *doc = mwjson_doc_new("pages"), *vmas = json_array(), *tot;
	bool flags = true;

	mwjson_put_stamp(doc, r->snap.taken_at, r->snap.kernel, r->page_size);
	mwjson_set(doc, "process", mwjson_process(&r->snap));
	for (size_t i = 0; i < r->len; i++) {
		json_array_append_new(vmas, pages_vma_json(r, &r->v[i]));
		flags = flags && !r->v[i].scanned;
	}
	mwjson_set(doc, "vmas", vmas);
	tot = json_object();
	put_counts(tot, &r->total, flags);
	mwjson_set(doc, "totals", tot);
	return doc;
}
