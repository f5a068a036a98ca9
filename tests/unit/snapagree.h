/* tests/unit/snapagree.h: the streaming snapshot reader against jansson's.
 *
 * snap_agree(data, n, piece) reads one document both ways: jansson's tree
 * (json_loadb with duplicates refused, the checks of mwjson_load, then
 * mwjson_proc_snapshot_from) and the streaming reader handed piece bytes
 * at a time. Both must refuse it, or both accept it with the same
 * snapshot, field by field (a document holding a NUL byte must be refused:
 * see below). Returns 1 when they agree, 0 (and a reason in
 * why) when not; *accepted says whether the document was accepted.
 */
#ifndef MW_TESTS_SNAPAGREE_H
#define MW_TESTS_SNAPAGREE_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>

#include "agreedoc.h"
#include "model/snapshot.h"
#include "render/json_proc.h"
#include "render/json_proc_read.h"
#include "render/json_read.h"
#include "util/err.h"

static int
agree_tree(const char *data, size_t n, struct proc_snapshot *s)
{
	struct mw_err err;
	json_t *doc;
	int rc;

	snapshot_init(s);
	doc = agree_doc(data, n, "process-snapshot");
	if (doc == NULL)
		return -1;
	mw_err_clear(&err);
	rc = mwjson_proc_snapshot_from(doc, "doc", s, &err);
	json_decref(doc);
	return rc;
}

static bool
agree_str(const char *a, size_t an, const char *b, size_t bn)
{
	if (a == NULL || b == NULL)
		return a == b;
	return an == bn && memcmp(a, b, an) == 0;
}

static bool
agree_cstr(const char *a, const char *b)
{
	return agree_str(a, a ? strlen(a) : 0, b, b ? strlen(b) : 0);
}

static const char *
agree_vma(const struct vma *a, const struct vma *b)
{
	const struct smaps_extra *x = a->extra, *y = b->extra;

	if (a->start != b->start || a->end != b->end || a->offset != b->offset ||
	    a->inode != b->inode || a->dev_major != b->dev_major ||
	    a->dev_minor != b->dev_minor || strcmp(a->perms, b->perms) != 0)
		return "a mapping's identity";
	if (a->present != b->present ||
	    memcmp(a->val, b->val, sizeof(a->val)) != 0)
		return "a mapping's fields";
	if (a->vmflags != b->vmflags || a->has_vmflags != b->has_vmflags ||
	    !agree_cstr(a->vmflags_other, b->vmflags_other))
		return "a mapping's vmflags";
	if (!agree_str(a->path, a->path_len, b->path, b->path_len))
		return "a mapping's path";
	for (; x != NULL && y != NULL; x = x->next, y = y->next)
		if (!agree_cstr(x->name, y->name) ||
		    !agree_cstr(x->text, y->text) || x->value != y->value ||
		    x->is_kb != y->is_kb)
			return "a mapping's extra";
	return x == y ? NULL : "a mapping's extra count";
}

static const char *
agree_snap(const struct proc_snapshot *a, const struct proc_snapshot *b)
{
	if (a->pid != b->pid || a->has_uid != b->has_uid || a->uid != b->uid ||
	    a->has_start != b->has_start || a->start_ticks != b->start_ticks ||
	    a->start_time != b->start_time || a->ppid != b->ppid ||
	    a->threads != b->threads || a->state != b->state ||
	    a->has_oom != b->has_oom || a->oom_score != b->oom_score ||
	    a->oom_score_adj != b->oom_score_adj)
		return "the process";
	if (!agree_str(a->comm, a->comm_len, b->comm, b->comm_len) ||
	    !agree_str(a->cmdline, a->cmdline_len, b->cmdline, b->cmdline_len) ||
	    !agree_cstr(a->user, b->user) || !agree_cstr(a->kernel, b->kernel))
		return "the process's strings";
	if (a->taken_at != b->taken_at || a->page_size != b->page_size)
		return "the stamp";
	if (a->has_vmas != b->has_vmas || a->vmas.len != b->vmas.len ||
	    a->mappings != b->mappings || a->summed != b->summed)
		return "the number of mappings";
	for (size_t i = 0; i < a->vmas.len; i++)
		if (agree_vma(&a->vmas.v[i], &b->vmas.v[i]) != NULL)
			return agree_vma(&a->vmas.v[i], &b->vmas.v[i]);
	if (a->totals.present != b->totals.present ||
	    memcmp(a->totals.val, b->totals.val, sizeof(a->totals.val)) ||
	    a->has_rollup != b->has_rollup ||
	    memcmp(a->pss_kind, b->pss_kind, sizeof(a->pss_kind)) != 0)
		return "the totals";
	if (a->has_status != b->has_status ||
	    a->status.present != b->status.present ||
	    memcmp(a->status.val, b->status.val, sizeof(a->status.val)) != 0)
		return "the status";
	return NULL;
}

static int
snap_agree(const char *data, size_t n, size_t piece, bool *accepted,
    const char **why)
{
	static const char *const kinds[] = { "process-snapshot", NULL };
	struct proc_snapshot t, s;
	struct mwjson_rd rd;
	struct mw_err err;
	int rt, rs;
	bool other = false;

	/*
	 * A NUL byte is never JSON, and memwatch refuses it anywhere. jansson
	 * loses one that follows a number or a literal (its lexer puts the
	 * byte back into a NUL-terminated buffer, where it reads as empty) and
	 * may accept the rest: such documents are only checked to be refused.
	 */
	rt = memchr(data, '\0', n) != NULL ? -1 : agree_tree(data, n, &t);
	if (rt != 0)
		snapshot_init(&t);
	mw_err_clear(&err);
	mwjson_rd_mem(&rd, data, n, piece, "doc", &err);
	rs = mwjson_proc_snapshot_read(&rd, kinds, &s, &other);
	mwjson_rd_close(&rd);
	*accepted = rt == 0;
	*why = NULL;
	if ((rt == 0) != (rs == 0))
		*why = rt == 0 ? "only jansson's reader accepts it" :
		    "only the streaming reader accepts it";
	else if (rt == 0)
		*why = agree_snap(&t, &s);
	if (rs != 0 && err.msg[0] == '\0' && *why == NULL)
		*why = "refused without a message";
	snapshot_free(&t);
	snapshot_free(&s);
	return *why == NULL;
}

#endif
