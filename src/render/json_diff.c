/* render/json_diff.c: the "diff" document (memwatch-json(5), DIFF). */
#include "config.h"
#include "render/json_diff.h"

#include <errno.h>
#include <string.h>

#include "model/diff.h"
#include "model/snapshot.h"
#include "render/diff_view.h"
#include "render/json.h"
#include "render/json_explain.h"
#include "render/json_proc.h"
#include "util/buf.h"

/* One side: when and where it was taken, then the process identity. */
static json_t *
side_json(const struct proc_snapshot *s, const char *file)
{
	json_t *o = json_object(), *p = mwjson_process(s);
	const char *key;
	json_t *val;

	mwjson_put_stamp(o, s->taken_at, s->kernel, s->page_size);
	mwjson_set(o, "source", mwjson_cstr(file != NULL ? "file" : "live"));
	if (file != NULL)
		mwjson_set(o, "file", mwjson_cstr(file));
	json_object_foreach(p, key, val)
		mwjson_set(o, key, json_incref(val));
	json_decref(p);
	if (s->has_vmas)
		mwjson_set(o, "mappings", mwjson_u64(s->mappings));
	return o;
}

static json_t *
delta_json(const struct diff_delta *d)
{
	json_t *o = json_object();

	for (int f = 0; f < SMAPS_NR; f++)
		if (d->present >> f & 1)
			mwjson_set(o, smaps_field_json_name(f),
			    mwjson_i64(d->val[f]));
	if (d->has_uss)
		mwjson_set(o, "uss", mwjson_i64(d->uss));
	return o;
}

static json_t *
entry_json(const struct vma_diff *d, const struct diff_entry *e)
{
	json_t *o = json_object(), *pieces;
	bool split = e->change == DIFF_SPLIT, merged = e->change == DIFF_MERGED;

	mwjson_set(o, "change", mwjson_cstr(diff_change_name(e->change)));
	mwjson_set(o, "before", e->nb == 1 ?
	    mwjson_vma(diff_entry_before(d, e, 0)) : json_null());
	mwjson_set(o, "after", e->na == 1 ?
	    mwjson_vma(diff_entry_after(d, e, 0)) : json_null());
	if (split || merged) {
		pieces = json_array();
		for (size_t i = 0; i < (split ? e->na : e->nb); i++)
			json_array_append_new(pieces, mwjson_vma(split ?
			    diff_entry_after(d, e, i) :
			    diff_entry_before(d, e, i)));
		mwjson_set(o, "pieces", pieces);
	}
	mwjson_set(o, "delta", delta_json(&e->delta));
	return o;
}

static json_t *
counts_json(const struct vma_diff *d)
{
	json_t *o = json_object();

	for (int c = 0; c < DIFF_CHANGE_NR; c++)
		mwjson_set(o, diff_change_name(c), mwjson_u64(d->count[c]));
	return o;
}

static json_t *
notes_json(const struct finding_list *n, bool bytes)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n->len; i++) {
		json_array_append_new(a, mwjson_finding(&n->v[i], bytes));
	}
	return a;
}

/* The document up to its "vmas" (not included), as a tree. */
static json_t *
head_json(const struct proc_diff *pd, const struct diff_view *view)
{
	json_t *doc = mwjson_doc_new("diff"), *tot;

	mwjson_set(doc, "before", side_json(pd->before, view->before_file));
	mwjson_set(doc, "after", side_json(pd->after, view->after_file));
	if (view->interval >= 0)
		mwjson_set(doc, "interval", json_real(view->interval));
	mwjson_set(doc, "same_process", json_boolean(view->same_process));
	tot = delta_json(&pd->totals);
	if (pd->has_vmas)
		mwjson_set(tot, "mappings", mwjson_i64(pd->mappings));
	if (pd->before->has_faults && pd->after->has_faults &&
	    pd->after->minflt >= pd->before->minflt &&
	    pd->after->majflt >= pd->before->majflt) {
		mwjson_set(tot, "minflt", mwjson_u64(pd->after->minflt -
		    pd->before->minflt));
		mwjson_set(tot, "majflt", mwjson_u64(pd->after->majflt -
		    pd->before->majflt));
	}
	mwjson_set(doc, "totals", tot);
	if (pd->has_vmas)
		mwjson_set(doc, "counts", counts_json(&pd->vmas));
	return doc;
}

static bool
shown(const struct diff_view *view, const struct diff_entry *e)
{
	return view->all || e->change != DIFF_SAME;
}

json_t *
mwjson_diff(const struct proc_diff *pd, const struct diff_view *view)
{
	json_t *doc = head_json(pd, view), *vmas;

	if (pd->has_vmas) {
		vmas = json_array();
		for (size_t i = 0; i < pd->vmas.len; i++)
			if (shown(view, &pd->vmas.v[i]))
				json_array_append_new(vmas,
				    entry_json(&pd->vmas, &pd->vmas.v[i]));
		mwjson_set(doc, "vmas", vmas);
	}
	mwjson_set(doc, "notes", notes_json(&pd->notes, view->bytes));
	return doc;
}

/*
 * v's text, indented as a value at depth levels of an indented document,
 * after what. Raw newlines in jansson's text are only its layout (strings
 * escape theirs), so each is followed by the deeper indent.
 */
static void
put_nested(struct mw_buf *out, const char *what, json_t *v, int depth)
{
	struct mw_buf t;
	const char *p, *end, *nl;

	mw_buf_init(&t);
	mwjson_dump_indented(v, &t);
	json_decref(v);
	mw_buf_adds(out, what);
	for (p = t.data, end = t.data + t.len; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			mw_buf_add(out, p, (size_t)(end - p));
			break;
		}
		mw_buf_add(out, p, (size_t)(nl + 1 - p));
		for (int i = 0; i < depth; i++)
			mw_buf_add(out, "  ", 2);
	}
	mw_buf_free(&t);
}

/* out's text to f, out emptied; 0 or a negative errno. */
static int
flush(struct mw_buf *out, FILE *f)
{
	int rc = 0;

	if (out->len > 0 && fwrite(out->data, 1, out->len, f) != out->len)
		rc = errno != 0 ? -errno : -EIO;
	mw_buf_reset(out);
	return rc;
}

int
mwjson_diff_print(const struct proc_diff *pd, const struct diff_view *view,
    FILE *f)
{
	struct mw_buf out;
	const char *sep = "\n    ";
	json_t *head;
	int rc = 0;

	mw_buf_init(&out);
	head = head_json(pd, view);
	mwjson_dump_indented(head, &out);
	json_decref(head);
	/* the head's closing "\n}": the document goes on */
	mw_buf_setlen(&out, out.len - 2);
	if (pd->has_vmas) {
		mw_buf_adds(&out, ",\n  \"vmas\": [");
		for (size_t i = 0; rc == 0 && i < pd->vmas.len; i++) {
			if (!shown(view, &pd->vmas.v[i]))
				continue;
			put_nested(&out, sep, entry_json(&pd->vmas,
			    &pd->vmas.v[i]), 2);
			sep = ",\n    ";
			if (out.len >= 65536)
				rc = flush(&out, f);
		}
		mw_buf_adds(&out, *sep == ',' ? "\n  ]" : "]");
	}
	put_nested(&out, ",\n  \"notes\": ", notes_json(&pd->notes, view->bytes), 1);
	mw_buf_adds(&out, "\n}\n");
	if (rc == 0)
		rc = flush(&out, f);
	mw_buf_free(&out);
	return rc;
}
