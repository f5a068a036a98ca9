/* render/json_proc_tree.c: the process-snapshot document as jansson trees:
 * the head (stamp, process, status) and the totals, which the text writer
 * prints through jansson, and a mapping from the same rows as the text
 * writer's, for documents that embed one (diff) and the tests. */
#include "config.h"
#include "render/json_proc.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/snapshot.h"
#include "model/snapshot_fields.h"
#include "model/vma.h"
#include "render/json.h"
#include "render/json_fields.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/time.h"
#include "util/units.h"

void
mwjson_put_fields(json_t *obj, const struct vma *v)
{
	for (int f = 0; f < SMAPS_NR; f++) {
		if (!smaps_has(v, f))
			continue;
		if (f == SMAPS_THP_ELIGIBLE)
			mwjson_set(obj, "thp_eligible",
			    json_boolean(v->val[f] != 0));
		else
			mwjson_set(obj, smaps_field_json_name(f),
			    mwjson_u64(v->val[f]));
	}
}

static json_t *
vmflags_json(const struct vma *v)
{
	json_t *a = json_array();
	const char *p, *w;

	for (int f = 0; f < VMF_NR_FLAGS; f++)
		if (v->vmflags >> f & 1)
			json_array_append_new(a, mwjson_cstr(vmflag_code(f)));
	for (p = v->vmflags_other; p != NULL && *p != '\0';) {
		while (*p == ' ')
			p++;
		for (w = p; *p != '\0' && *p != ' '; p++)
			;
		if (p > w)
			json_array_append_new(a, mwjson_str(w, (size_t)(p - w)));
	}
	return a;
}

json_t *
mwjson_vma_extra(const struct vma *v)
{
	json_t *o = json_object();
	const struct smaps_extra *x;

	for (x = v->extra; x != NULL; x = x->next) {
		struct mw_buf k;

		mw_buf_init(&k);
		mw_escape_json(&k, x->name, strlen(x->name));
		mwjson_set(o, k.data, x->text != NULL ?
		    mwjson_cstr(x->text) : mwjson_u64(x->value));
		mw_buf_free(&k);
	}
	return o;
}

/*
 * The same rows as the text writer (json_proc_text.c), as a tree: the one
 * table gives both the keys and their order, and jansson prints the tree
 * as the text writer writes it (tests/unit/test_roundtrip compares them).
 */
json_t *
mwjson_vma(const struct vma *v)
{
	json_t *o = json_object();
	const struct field_row *rows;
	size_t n;

	rows = snapshot_vma_fields(&n);
	for (size_t i = 0; i < n; i++) {
		const struct field_row *r = &rows[i];

		if (r->type == FT_SMAPS)
			mwjson_put_fields(o, v);
		else if (!field_known(v, r, NULL))
			continue;
		else if (r->type == FT_VMFLAGS)
			mwjson_set(o, r->key, vmflags_json(v));
		else if (r->type == FT_EXTRA)
			mwjson_set(o, r->key, mwjson_vma_extra(v));
		else
			mwjson_set(o, r->key, mwjson_field(v, r, NULL));
	}
	return o;
}

json_t *
mwjson_process(const struct proc_snapshot *s)
{
	json_t *o = json_object();
	const struct field_row *rows;
	size_t n;

	rows = snapshot_process_fields(&n);
	mwjson_put_rows(o, s, rows, n, NULL);
	return o;
}

json_t *
mwjson_proc_totals(const struct proc_snapshot *s)
{
	json_t *o = json_object();
	uint64_t uss;

	mwjson_put_fields(o, &s->totals);
	if (snapshot_uss(s, &uss))
		mwjson_set(o, "uss", mwjson_u64(uss));
	if (s->has_vmas)
		mwjson_set(o, "mappings", mwjson_u64(s->mappings));
	mwjson_set(o, "source", mwjson_cstr(s->has_rollup ? "smaps_rollup" : "smaps"));
	return o;
}

static json_t *
status_json(const struct proc_status *st)
{
	json_t *o = json_object();

	for (int f = 0; f < STATUS_NR; f++)
		if (status_has(st, f))
			mwjson_set(o, status_field_json_name(f),
			    mwjson_u64(st->val[f]));
	return o;
}

/*
 * What comes before "vmas": the stamp, the process and its status. The
 * totals come after the mappings, as a streamed document can only know
 * them then.
 */
json_t *
mwjson_proc_head(const struct proc_snapshot *s)
{
	json_t *doc = mwjson_doc_new("process-snapshot");

	mwjson_put_stamp(doc, s->taken_at, s->kernel, s->page_size);
	mwjson_set(doc, "process", mwjson_process(s));
	if (s->has_status)
		mwjson_set(doc, "status", status_json(&s->status));
	return doc;
}

json_t *
mwjson_proc_snapshot(const struct proc_snapshot *s)
{
	json_t *doc = mwjson_proc_head(s);
	json_t *vmas;

	if (s->has_vmas) {
		vmas = json_array();
		for (size_t i = 0; i < s->vmas.len; i++)
			json_array_append_new(vmas, mwjson_vma(&s->vmas.v[i]));
		mwjson_set(doc, "vmas", vmas);
	}
	mwjson_set(doc, "totals", mwjson_proc_totals(s));
	return doc;
}
