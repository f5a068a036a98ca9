/* render/json_account.c: the "account" document. */
#include "config.h"

#include "model/account.h"
#include "render/json.h"
#include "render/json_explain.h"
#include "render/text_account.h"
#include "util/time.h"

static const char *
fate_key(enum acct_fate f)
{
	static const char *const k[] = { "group", "free", "drop", "write-back",
	    "swap", "shrink", "held", "unknown" };

	return k[f];
}

json_t *
mwjson_account(const struct account *a, time_t taken_at, bool bytes)
{
	json_t *doc = mwjson_doc_new("account"), *lines = json_array();
	json_t *notes = json_array(), *nodes = json_array();
	char ts[MW_RFC3339_LEN];

	mwjson_set(doc, "taken_at", mwjson_cstr(mw_rfc3339(ts, taken_at)));
	mwjson_set(doc, "total", mwjson_u64(a->total));
	for (size_t i = 0; i < a->len; i++) {
		const struct acct_line *l = &a->v[i];
		json_t *o = json_object();

		mwjson_set(o, "id", mwjson_cstr(l->id));
		mwjson_set(o, "label", mwjson_sentence(l->label, bytes));
		mwjson_set(o, "depth", json_integer(l->depth));
		if (l->state != NULL)
			mwjson_set(o, "state", mwjson_cstr(l->state));
		if (l->known && l->negative)
			mwjson_set(o, "bytes", mwjson_i64(-(int64_t)l->bytes));
		else if (l->known)
			mwjson_set(o, "bytes", mwjson_u64(l->bytes));
		else if (l->fate == ACCT_GROUP)
			mwjson_set(o, "at_least", mwjson_u64(l->bytes));
		mwjson_set(o, "counted", json_boolean(l->leaf));
		mwjson_set(o, "fate", mwjson_cstr(fate_key(l->fate)));
		mwjson_set(o, "source", mwjson_cstr(l->source));
		json_array_append_new(lines, o);
	}
	mwjson_set(doc, "lines", lines);
	if (a->overlap)
		mwjson_set(doc, "overlap", mwjson_u64(a->overlap_bytes));
	if (a->has_reserved) {
		json_t *o = json_object();

		mwjson_set(o, "present", mwjson_u64(a->present));
		mwjson_set(o, "reserved", mwjson_u64(a->reserved));
		mwjson_set(doc, "outside", o);
	}
	for (size_t i = 0; i < a->nnodes; i++) {
		const struct acct_node *n = &a->nodes[i];
		json_t *o = json_object();

		mwjson_set(o, "node", json_integer(n->node));
		mwjson_set(o, "total", mwjson_u64(n->total));
		if (n->known) {
			mwjson_set(o, "free", mwjson_u64(n->free));
			mwjson_set(o, "anon", mwjson_u64(n->anon));
			mwjson_set(o, "file", mwjson_u64(n->file));
			mwjson_set(o, "shmem", mwjson_u64(n->shmem));
			mwjson_set(o, "slab", mwjson_u64(n->slab));
			mwjson_set(o, "kernel", mwjson_u64(n->kernel));
			mwjson_set(o, "hugetlb", mwjson_u64(n->hugetlb));
			mwjson_set(o, "other", mwjson_u64(n->other));
		}
		json_array_append_new(nodes, o);
	}
	if (a->nodes_read)
		mwjson_set(doc, "nodes", nodes);
	else
		json_decref(nodes);
	for (size_t i = 0; i < a->nnotes; i++)
		json_array_append_new(notes, mwjson_sentence(a->notes[i], bytes));
	mwjson_set(doc, "notes", notes);
	return doc;
}
