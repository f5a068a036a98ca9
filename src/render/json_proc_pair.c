/* render/json_proc_pair.c: diff A B's two snapshot files, read side by side
 * so that the mappings the same in both are counted, not kept. */
#include "config.h"
#include "render/json_proc_pair.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/diff.h"
#include "model/snapshot.h"
#include "render/json_proc_read.h"
#include "render/json_read.h"
#include "util/err.h"
#include "util/xmalloc.h"

/*
 * Rows of B the same as A's in every respect (range, identity, every
 * field) are left out of both. B's row is compared with A's first row not
 * before it (A's rows are in order). A file out of order, or with an empty
 * mapping (end at start: no kernel prints one, and the diff engine may
 * pair it with a neighbour), has the pairs found so far count for
 * nothing: every row is kept.
 */
struct pair {
	struct proc_snapshot *before, *after;
	/* reading both at once */
	struct mwjson_proc_stream *bs;	/* before's, in its mappings */
	const struct vma *next;	/* before's first row not passed (its last) */
	const char *text;	/* its text, when read at once */
	size_t len;
	bool before_done;	/* no more rows of before to pair */
	uint64_t before_end;	/* before's last row's end */
	/* reading one, then the other */
	unsigned char *mark;	/* before's rows left out of after */
	size_t j;		/* before's row at or after after's last */
	/* both */
	uint64_t after_end;	/* after's last row's end */
	bool redo;		/* out of order: the pairs count for nothing */
	size_t same;		/* rows left out */
};

/* Is after's row v A's row w, so that the two are one cluster? */
static bool
pair_same(const struct vma *w, const struct vma *v)
{
	return w->start == v->start && w->end == v->end &&
	    (w->inode == 0) == (v->inode == 0) && !diff_vma_moved(w, v);
}

/* After's row v comes in order; else no more pairs. */
static bool
after_in_order(struct pair *pr, const struct vma *v)
{
	if (!pr->redo && (v->start < pr->after_end || v->end <= v->start))
		pr->redo = true;
	pr->after_end = v->end;
	return !pr->redo;
}

/* Before's next row into pr->next, or before_done. */
static void
pull(struct pair *pr)
{
	const struct vma *v;
	int r = mwjson_proc_stream_vma(pr->bs, &v, &pr->text, &pr->len);

	pr->next = NULL;
	if (r <= 0 || v == NULL) {	/* the end, or refused anyway */
		pr->before_done = true;
		return;
	}
	if (v->start < pr->before_end || v->end <= v->start) {
		pr->redo = true;
		pr->before_done = true;
		return;
	}
	pr->before_end = v->end;
	pr->next = v;
}

/* Pass before's rows that start before v; is the next one v's pair? */
static bool
pair_find(struct pair *pr, const struct vma *v)
{
	if (pr->next == NULL && !pr->before_done)
		pull(pr);
	while (pr->next != NULL && pr->next->start < v->start) {
		pr->next = NULL;	/* kept in before */
		if (!pr->before_done)
			pull(pr);
	}
	return pr->next != NULL && pair_same(pr->next, v);
}

/* Before's next row and after's v are a pair: out of both. */
static bool
pair_drop(struct pair *pr)
{
	pr->before->vmas.len--;	/* pr->next, its last row */
	pr->next = NULL;
	pr->same++;
	return false;
}

/* After's row v, read: kept, unless it pairs with before's next row. */
static bool
both_keep(void *arg, const struct vma *v)
{
	struct pair *pr = arg;

	if (!after_in_order(pr, v))
		return true;
	if (v == pr->next || pair_find(pr, v))
		return pair_drop(pr);
	return true;
}

/* After's row at q, not read yet: before's next row, if its text is q's. */
static const struct vma *
both_same(void *arg, const char *q, const char *end, size_t *len)
{
	struct pair *pr = arg;

	if (pr->redo)
		return NULL;
	if (pr->next == NULL && !pr->before_done)
		pull(pr);
	if (pr->next == NULL || pr->text == NULL ||
	    (size_t)(end - q) < pr->len || memcmp(q, pr->text, pr->len) != 0)
		return NULL;
	*len = pr->len;
	return pr->next;
}

/* Open path and read it (with keep and same, when given). */
static int
read_file(const char *path, const char *const *kinds,
    struct proc_snapshot *s, bool *other, struct pair *pr,
    bool (*keep)(void *, const struct vma *),
    const struct vma *(*same)(void *, const char *, const char *, size_t *),
    struct mw_err *err)
{
	struct mwjson_rd rd;
	int rc;

	snapshot_init(s);
	rc = mwjson_rd_open(&rd, path, err);
	if (rc == 0)
		rc = mwjson_proc_snapshot_read_same(&rd, kinds, s, other,
		    keep, same, pr);
	mwjson_rd_close(&rd);
	return rc;
}

static bool
ordered(const struct vma_vec *vv)
{
	for (size_t i = 0; i < vv->len; i++)
		if (vv->v[i].end <= vv->v[i].start ||
		    (i > 0 && vv->v[i].start < vv->v[i - 1].end))
			return false;
	return true;
}

/* After's row v, read when before is whole: kept, unless it pairs. */
static bool
one_keep(void *arg, const struct vma *v)
{
	struct pair *pr = arg;
	const struct vma_vec *bv = &pr->before->vmas;

	if (!after_in_order(pr, v))
		return true;
	while (pr->j < bv->len && bv->v[pr->j].start < v->start)
		pr->j++;
	if (pr->j == bv->len || !pair_same(&bv->v[pr->j], v))
		return true;
	pr->mark[pr->j++] = 1;
	pr->same++;
	return false;
}

/* After read: before's rows left out of it leave before too, or come back. */
static void
one_finish(struct pair *pr)
{
	struct vma_vec *bv = &pr->before->vmas;
	size_t k = 0;

	for (size_t i = 0; i < bv->len; i++) {
		if (!pr->mark[i])
			bv->v[k++] = bv->v[i];
		else if (pr->redo)	/* the same row: kept in both */
			*vma_vec_push(&pr->after->vmas) = bv->v[i],
			bv->v[k++] = bv->v[i];
	}
	bv->len = k;
	if (pr->redo)
		pr->same = 0;
}

/* Before whole, then after (the way for pipes and unordered files). */
static int
one_then_other(const char *bpath, const char *apath,
    const char *const *kinds, bool keep_all, struct pair *pr, bool *bsys,
    bool *asys, struct mw_err *err)
{
	bool off;
	int rc;

	if (read_file(bpath, kinds, pr->before, bsys, NULL, NULL, NULL,
	    err) < 0)
		return -EINVAL;
	off = keep_all || *bsys || !pr->before->has_vmas ||
	    !ordered(&pr->before->vmas);
	pr->mark = off ? NULL : mw_xcalloc(pr->before->vmas.len + 1, 1);
	rc = read_file(apath, kinds, pr->after, asys, pr,
	    off ? NULL : one_keep, NULL, err);
	if (pr->mark != NULL) {
		if (rc != 0 || *asys || !pr->after->has_vmas)
			pr->redo = true;
		if (rc == 0 && !*asys)	/* a system snapshot has no rows */
			one_finish(pr);
	}
	if (pr->redo)
		pr->same = 0;
	free(pr->mark);
	return rc;
}

/*
 * Both at once: before up to its mappings, then after, whose rows pull
 * before's; then the rest of before. 1 when out of order (nothing said:
 * read again, one then the other), else 0 or -EINVAL.
 */
static int
side_by_side(const char *bpath, const char *apath,
    const char *const *kinds, struct pair *pr, bool *bsys, bool *asys,
    struct mw_err *err)
{
	struct mwjson_rd rd;
	struct mw_err aerr;
	int rc, arc;

	rc = mwjson_rd_open(&rd, bpath, err);
	if (rc == 0)
		rc = mwjson_proc_stream_begin(&pr->bs, &rd, kinds, pr->before);
	if (rc != 1) {		/* no mappings to pair, or a failure */
		if (pr->bs != NULL)
			rc = mwjson_proc_stream_end(pr->bs, bsys);
		mwjson_rd_close(&rd);
		if (rc < 0)
			return rc;
		return read_file(apath, kinds, pr->after, asys, NULL, NULL,
		    NULL, err);
	}
	mw_err_clear(&aerr);
	arc = read_file(apath, kinds, pr->after, asys, pr, both_keep,
	    both_same, &aerr);
	while (!pr->before_done) {
		pr->next = NULL;
		pull(pr);
	}
	rc = mwjson_proc_stream_end(pr->bs, bsys);
	mwjson_rd_close(&rd);
	if (rc < 0) {
		if (arc == 0)
			snapshot_free(pr->after);
		return rc;
	}
	if (arc < 0) {
		*err = aerr;
		return arc;
	}
	if (pr->redo) {
		snapshot_free(pr->before);
		snapshot_free(pr->after);
		return 1;
	}
	if (*asys || *bsys || !pr->after->has_vmas)
		pr->same = 0;
	return 0;
}

static bool
regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int
mwjson_proc_pair_read(const char *bpath, const char *apath,
    const char *const *kinds, bool keep_all, struct proc_snapshot *before,
    bool *bsys, struct proc_snapshot *after, bool *asys, size_t *same,
    struct mw_err *err)
{
	struct pair pr;
	int rc = 1;

	memset(&pr, 0, sizeof(pr));
	pr.before = before;
	pr.after = after;
	snapshot_init(before);
	snapshot_init(after);
	*bsys = *asys = false;
	if (!keep_all && regular(bpath) && regular(apath))
		rc = side_by_side(bpath, apath, kinds, &pr, bsys, asys, err);
	if (rc == 1) {
		memset(&pr, 0, sizeof(pr));
		pr.before = before;
		pr.after = after;
		snapshot_init(before);
		snapshot_init(after);
		*bsys = *asys = false;
		rc = one_then_other(bpath, apath, kinds, keep_all, &pr, bsys,
		    asys, err);
	}
	*same = rc == 0 ? pr.same : 0;
	return rc;
}
