/* render/json_proc_tree.c: the process-snapshot document's small parts as
 * jansson trees (the head: stamp, process, status; the totals), and the
 * whole document or one mapping as a tree read back from the one encoder's
 * text (json_proc_text.c), for documents that embed them. */
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

/*
 * Text of the one encoder, read back: the same bytes once printed (a
 * string may hold U+0000, which jansson writes as \u0000).
 */
static json_t *
from_text(const struct mw_buf *b)
{
	json_error_t e;
	json_t *o = json_loadb(b->data, b->len, JSON_ALLOW_NUL, &e);

	if (o == NULL) {
		fprintf(stderr, "memwatch: out of memory (building JSON)\n");
		exit(1);
	}
	return o;
}

json_t *
mwjson_vma(const struct vma *v)
{
	struct mw_buf b;
	json_t *o;

	mw_buf_init(&b);
	mwjson_vma_text(&b, v);
	o = from_text(&b);
	mw_buf_free(&b);
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
	struct mw_buf b;
	json_t *o;

	mw_buf_init(&b);
	mwjson_proc_snapshot_text(s, NULL, 0, &b, NULL, NULL);
	o = from_text(&b);
	mw_buf_free(&b);
	return o;
}
