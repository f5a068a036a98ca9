/* model/mapview.c: one process's smaps against the one read when opened. */
#include "config.h"
#include "model/mapview.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/diff.h"
#include "source.h"
#include "util/err.h"
#include "util/time.h"
#include "util/units.h"
#include "util/xmalloc.h"

static const enum smaps_field col_field[MV_NR] = {
	[MV_SIZE] = SMAPS_SIZE, [MV_RSS] = SMAPS_RSS, [MV_PSS] = SMAPS_PSS,
	[MV_SWAP] = SMAPS_SWAP,
};

/* mv->text parsed into vv (emptied first), strings into arena. */
static int
parse_smaps(struct mapview *mv, const struct mw_source *src,
    struct mw_arena *arena, struct vma_vec *vv, struct mw_err *err)
{
	int rc;

	mw_arena_free(arena);
	vv->len = 0;
	rc = smaps_parse(mv->text.data, mv->text.len, arena, vv, NULL);
	if (rc < 0 && mv->text.len > 0)
		return mw_err_set(err, rc, MW_EXIT_TARGET,
		    "cannot parse %s/%d/smaps (no usable line); check the kernel's smaps format",
		    src->root, (int)mv->pid);
	return 0;
}

/* Row r's deltas: the entry's change for its first row, 0 for the rest. */
static void
row_set(struct mv_row *r, const struct vma *v, const struct diff_entry *e,
    bool first)
{
	r->vma = v;
	r->change = e->change;
	r->added = e->change == DIFF_ADDED;
	for (int c = 0; c < MV_NR; c++) {
		enum smaps_field f = col_field[c];

		r->known[c] = smaps_has(v, f);
		if (!r->known[c] || !first)
			r->delta[c] = 0;
		else if (r->added)
			r->delta[c] = (int64_t)v->val[f];
		else
			r->delta[c] = (e->delta.present >> f) & 1 ?
			    e->delta.val[f] : 0;
	}
}

/*
 * The rows from the diff engine's matching (model/diff.c: identity, split,
 * merge, growth at either end): a split or merge's change is shown once, on
 * the first row of its group.
 */
static void
compute(struct mapview *mv)
{
	struct vma_diff *d = &mv->diff;

	vma_diff_free(d);
	vma_diff_compute(d, mv->base.v, mv->base.len, mv->cur.v, mv->cur.len);
	if (mv->cur.len > mv->cap) {
		mv->cap = mv->cur.len + mv->cur.len / 4 + 16;
		mv->rows = mw_xreallocarray(mv->rows, mv->cap,
		    sizeof(*mv->rows));
	}
	mv->removed = 0;
	for (size_t k = 0; k < d->len; k++) {
		const struct diff_entry *e = &d->v[k];

		if (e->change == DIFF_REMOVED)
			mv->removed += e->nb;
		for (size_t i = 0; i < e->na; i++) {
			const struct vma *v = diff_entry_after(d, e, i);

			row_set(&mv->rows[v - mv->cur.v], v, e,
			    i == 0 || e->change == DIFF_ADDED);
		}
	}
	memset(mv->total, 0, sizeof(mv->total));
	for (size_t i = 0; i < mv->cur.len; i++)
		for (int c = 0; c < MV_NR; c++)
			if (mv->rows[i].known[c])
				mv->total[c] += mv->cur.v[i].val[col_field[c]];
	for (int c = 0; c < MV_NR; c++)
		mv->total_delta[c] = mw_delta(mv->total[c], mv->base_total[c]);
	mv->len = mv->cur.len;
}

int
mapview_open(struct mapview *mv, const struct mw_source *src, pid_t pid,
    struct mw_err *err)
{
	int rc;

	memset(mv, 0, sizeof(*mv));
	mv->pid = pid;
	mw_buf_init(&mv->text);
	mw_arena_init(&mv->base_arena);
	mw_arena_init(&mv->cur_arena);
	vma_vec_init(&mv->base);
	vma_vec_init(&mv->cur);
	vma_diff_init(&mv->diff);
	rc = mw_source_read_pid(src, pid, "smaps", &mv->text, err);
	if (rc == 0)
		rc = parse_smaps(mv, src, &mv->base_arena, &mv->base, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < mv->base.len; i++)
		for (int c = 0; c < MV_NR; c++)
			if (smaps_has(&mv->base.v[i], col_field[c]))
				mv->base_total[c] += mv->base.v[i].val[col_field[c]];
	return mapview_refresh(mv, src, err);
}

int
mapview_refresh(struct mapview *mv, const struct mw_source *src,
    struct mw_err *err)
{
	uint64_t t0 = mw_now_ns();
	int rc;

	rc = mw_source_read_pid(src, mv->pid, "smaps", &mv->text, err);
	if (rc < 0)
		return rc;	/* nothing touched: the last rows stay */
	/* An exited process not yet waited for (a zombie) reads as empty */
	if (mv->text.len == 0 && mv->base.len > 0)
		return mw_err_set(err, -ESRCH, MW_EXIT_TARGET,
		    "process %d has exited (its smaps is empty); pick another process",
		    (int)mv->pid);
	rc = parse_smaps(mv, src, &mv->cur_arena, &mv->cur, err);
	if (rc < 0) {
		mv->len = 0;	/* the rows pointed into what was freed */
		return rc;
	}
	compute(mv);
	mv->cost_ns = mw_now_ns() - t0;
	return 0;
}

void
mapview_close(struct mapview *mv)
{
	free(mv->rows);
	vma_diff_free(&mv->diff);
	vma_vec_free(&mv->base);
	vma_vec_free(&mv->cur);
	mw_arena_free(&mv->base_arena);
	mw_arena_free(&mv->cur_arena);
	mw_buf_free(&mv->text);
	memset(mv, 0, sizeof(*mv));
}
