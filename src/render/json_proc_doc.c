/* render/json_proc_doc.c: a process-snapshot document read as a stream: its
 * head, process, status, totals and the checks, in the tree loader's order
 * (the mappings are json_proc_read.c's). */
#include "config.h"
#include "render/json_proc_read.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/snapshot.h"
#include "model/snapshot_fields.h"
#include "parse/status.h"
#include "render/json.h"
#include "render/json_fields.h"
#include "render/json_proc_read_int.h"
#include "render/json_read.h"
#include "util/err.h"
#include "util/escape.h"
#include "util/time.h"
#include "util/xmalloc.h"

/* Fields of "totals" in field order; the first bad one voids them all. */
static int
read_totals(struct prd *p)
{
	uint32_t obj = mwjson_rd_obj(p->rd);
	int bad_field = -1, f;
	enum jtok_type t;
	const char *k;
	size_t n;

	p->has_totals = true;
	while ((t = mwjson_rd_next(p->rd)) == JT_KEY) {
		if (prd_key(p, obj, &k, &n) < 0)
			return JT_ERR;
		f = smaps_field_by_json_name(prd_cstr(p, &n));
		if (f < 0 && is(p->tmp.data, n, "source")) {
			if ((t = prd_scalar(p)) == JT_ERR)
				return JT_ERR;
			k = t == JT_STR ? mwjson_rd_str(p->rd, &n) : NULL;
			p->rollup = k != NULL && is(k, n, "smaps_rollup");
		} else if (f >= 0) {
			if ((t = prd_scalar(p)) == JT_ERR)
				return JT_ERR;
			prd_field_value(p, t, f, &p->totals, &bad_field);
		} else if (mwjson_rd_skip(p->rd, mwjson_rd_next(p->rd)) < 0) {
			return JT_ERR;
		}
	}
	p->totals_ok = bad_field < 0;
	return t == JT_ERR ? JT_ERR : 0;
}

static int
read_status(struct prd *p)
{
	uint32_t obj = mwjson_rd_obj(p->rd);
	struct proc_snapshot *s = p->s;
	enum jtok_type t;
	const char *k;
	size_t n;

	s->has_status = true;
	while ((t = mwjson_rd_next(p->rd)) == JT_KEY) {
		int f = -1;

		if (prd_key(p, obj, &k, &n) < 0)
			return JT_ERR;
		for (int i = 0; i < STATUS_NR && f < 0; i++)
			if (is(k, n, status_field_json_name(i)))
				f = i;
		if ((t = prd_scalar(p)) == JT_ERR)
			return JT_ERR;
		if (f >= 0 && t == JT_INT && p->rd->t.i >= 0) {
			s->status.val[f] = (uint64_t)p->rd->t.i;
			s->status.present |= 1u << f;
		}
	}
	return t == JT_ERR ? JT_ERR : 0;
}

/* "cmdline": its strings, each NUL-terminated; other values left out. */
static int
read_argv(struct prd *p, const struct field_row *r)
{
	struct mw_buf cmd;
	enum jtok_type t;
	const char *s;
	size_t n;

	mw_buf_init(&cmd);
	while ((t = prd_scalar(p)) != JT_ARR_END && t != JT_ERR) {
		if (t != JT_STR)
			continue;
		s = mwjson_rd_str(p->rd, &n);
		mw_unescape_json(&cmd, s, n);
		mw_buf_addc(&cmd, '\0');
	}
	if (t != JT_ERR && cmd.len > 0) {
		*FIELD_AT(p->s, r->off, const char *) =
		    mw_arena_strndup(&p->s->arena, cmd.data, cmd.len);
		*FIELD_AT(p->s, r->off + sizeof(char *), size_t) = cmd.len;
	}
	mw_buf_free(&cmd);
	return t == JT_ERR ? JT_ERR : 0;
}

/* One key of "process", its row found by name (none: skipped). */
static int
process_value(struct prd *p, const struct field_row *rows,
    const struct field_row *r, uint64_t *read)
{
	struct mwjson_scalar x;
	enum jtok_type t;

	if (r != NULL && r->type == FT_ARGV) {
		t = mwjson_rd_next(p->rd);
		return t == JT_ARR ? read_argv(p, r) : mwjson_rd_skip(p->rd, t);
	}
	if ((t = prd_scalar(p)) == JT_ERR)
		return JT_ERR;
	if (r == NULL)
		return 0;
	memset(&x, 0, sizeof(x));
	x.t = t == JT_NULL ? SV_ABSENT : t == JT_INT ? SV_INT :
	    t == JT_STR ? SV_STR : SV_OTHER;
	x.i = p->rd->t.i;
	if (t == JT_STR)
		x.s = mwjson_rd_str(p->rd, &x.n);
	if (mwjson_field_set(p->s, r, &x,
	    &(struct field_ctx){ .arena = &p->s->arena }) > 0) {
		*read |= (uint64_t)1 << (r - rows);
		if (r->known == FK_REQUIRED)
			p->process_ok = true;
	} else if (r->known == FK_REQUIRED) {
		p->process_ok = false;
	}
	return 0;
}

static int
read_process(struct prd *p)
{
	uint32_t obj = mwjson_rd_obj(p->rd);
	const struct field_row *rows;
	uint64_t read = 0;
	enum jtok_type t;
	const char *k;
	size_t n, nrows;

	rows = snapshot_process_fields(&nrows);
	while ((t = mwjson_rd_next(p->rd)) == JT_KEY) {
		if (prd_key(p, obj, &k, &n) < 0)
			return JT_ERR;
		/* k is in the window: its row is found before the next token */
		if (process_value(p, rows, field_by_key(rows, nrows, k, n),
		    &read) < 0)
			return JT_ERR;
	}
	mwjson_fields_known(p->s, rows, nrows, read);
	return t == JT_ERR ? JT_ERR : 0;
}

/* Is the kind just read one the caller takes that is no process's? */
static bool
other_kind(const struct prd *p)
{
	if (p->kinds == NULL || strlen(p->kind.data) != p->kind.len ||
	    strcmp(p->kind.data, "process-snapshot") == 0)
		return false;
	for (size_t i = 0; p->kinds[i] != NULL; i++)
		if (strcmp(p->kinds[i], p->kind.data) == 0)
			return true;
	return false;
}

/* A key of the document's top object and its value. */
static int
top_value(struct prd *p, int w)
{
	struct proc_snapshot *s = p->s;
	enum jtok_type t = mwjson_rd_next(p->rd);
	size_t n;

	if (w == 5 || w == 6 || w == 7 || w == 8) {
		if (w == 7)
			p->has_vmas = true;
		if (w == 5 && t == JT_OBJ)
			return read_process(p);
		if (w == 6 && t == JT_OBJ)
			return read_status(p);
		if (w == 7 && t == JT_ARR && p->pause) {
			p->pause = false;
			p->in_vmas = true;
			return 1;	/* the caller reads the mappings */
		}
		if (w == 7 && t == JT_ARR) {
			/*
			 * memwatch writes about 800 bytes a mapping: room
			 * for all at once, so the rows are never copied.
			 */
			vma_vec_reserve(&s->vmas, (size_t)(p->rd->size / 512));
			mw_advise_huge(s->vmas.v,
			    s->vmas.cap * sizeof(*s->vmas.v));
			return prd_read_vmas(p);
		}
		if (w == 8 && t == JT_OBJ)
			return read_totals(p);
		p->vmas_bad |= w == 7;
		return mwjson_rd_skip(p->rd, t);
	}
	if (t == JT_OBJ || t == JT_ARR)
		return mwjson_rd_skip(p->rd, t);
	if (t == JT_ERR)
		return JT_ERR;
	if (w == 1 && t == JT_STR) {
		const char *k = mwjson_rd_str(p->rd, &n);

		mw_buf_add(&p->kind, k, n);
		p->has_kind = true;
		if (other_kind(p))
			return PRD_OTHER;
	} else if (w == 2 && t == JT_INT) {
		p->schema = p->rd->t.i;
		p->has_schema = true;
	} else if (w == 3 && t == JT_STR) {
		p->stamp_ok = mw_parse_rfc3339(prd_cstr(p, &n), &s->taken_at) == 0;
	} else if (w == 4 && t == JT_STR) {
		s->kernel = prd_arena_str(p, &n);
	} else if (w == 9 && t == JT_INT && p->rd->t.i >= 0) {
		s->page_size = (uint64_t)p->rd->t.i;
	}
	return 0;
}

/* The top object's keys from the next on; 1 when paused in "vmas". */
static int
doc_keys(struct prd *p)
{
	enum jtok_type t;
	const char *k;
	size_t n;
	int r;

	while ((t = mwjson_rd_next(p->rd)) == JT_KEY) {
		if (prd_key(p, p->top_obj, &k, &n) < 0)
			return JT_ERR;
		int w = is(k, n, "kind") ? 1 : is(k, n, "schema") ? 2 :
		    is(k, n, "taken_at") ? 3 : is(k, n, "kernel") ? 4 :
		    is(k, n, "process") ? 5 : is(k, n, "status") ? 6 :
		    is(k, n, "vmas") ? 7 : is(k, n, "totals") ? 8 :
		    is(k, n, "page_size") ? 9 : 0;

		if ((r = top_value(p, w)) != 0)
			return r;
	}
	if (t == JT_ERR)
		return JT_ERR;
	return mwjson_rd_next(p->rd) == JT_EOF ? 0 : JT_ERR;
}

/* 0 read whole, 1 paused in "vmas" (p->pause), or JT_ERR. */
static int
read_document(struct prd *p)
{
	enum jtok_type t = mwjson_rd_next(p->rd);

	if (t == JT_ARR && mwjson_rd_skip(p->rd, t) < 0)
		return JT_ERR;
	if (t == JT_OBJ) {
		p->object = true;
		p->top_obj = mwjson_rd_obj(p->rd);
		return doc_keys(p);
	}
	if (t == JT_ERR)
		return JT_ERR;
	return mwjson_rd_next(p->rd) == JT_EOF ? 0 : JT_ERR;
}

/* The snapshot's own checks, then its sums and totals. */
static int
snapshot_verdict(struct prd *p)
{
	struct proc_snapshot *s = p->s;
	const char *why = NULL;

	if (!p->stamp_ok)
		why = "\"taken_at\" missing or not RFC 3339";
	else if (!p->process_ok)
		why = "\"process\" missing or without a valid \"pid\"";
	else if (p->vmas_bad)
		why = "\"vmas\" is not an array";
	if (why == NULL && p->bad_map != 0)
		return mw_err_set(p->rd->err, -EINVAL, MW_EXIT_TARGET,
		    "%s: mapping %zu has a bad \"%s\"; give a file written by 'memwatch PID snapshot'",
		    p->rd->path, p->bad_map - 1, p->bad_why);
	if (why != NULL)
		return mw_err_set(p->rd->err, -EINVAL, MW_EXIT_TARGET,
		    "%s: %s; give a file written by 'memwatch PID snapshot'",
		    p->rd->path, why);
	s->has_vmas = p->has_vmas;
	/* the sums were taken as the rows were read (row_done) */
	if (p->has_totals && p->totals_ok)
		for (int f = 0; f < SMAPS_NR; f++)
			if (smaps_has(&p->totals, f))
				smaps_set(&s->totals, f, p->totals.val[f]);
	s->has_rollup = p->rollup;
	return 0;
}

/* Everything wrong but the JSON itself, in the tree loader's order. */
static int
verdict(struct prd *p, const char *const *kinds, bool *other)
{
	struct mwjson_rd *rd = p->rd;
	const char *path = rd->path;
	char want[128];
	size_t i;

	*other = false;
	if (!p->object || !p->has_kind)
		return mw_err_set(rd->err, -EINVAL, MW_EXIT_TARGET,
		    "%s is not a memwatch document (no \"kind\"); give a file written by 'memwatch ... snapshot'",
		    path);
	for (i = 0; kinds[i] != NULL && strcmp(kinds[i], p->kind.data); i++)
		;
	if (kinds[i] == NULL || strlen(p->kind.data) != p->kind.len) {
		mwjson_kinds_text(want, sizeof(want), kinds);
		return mw_err_set(rd->err, -EINVAL, MW_EXIT_TARGET,
		    "%s holds a \"%s\" document, not a %s; give the right file",
		    path, p->kind.data, want);
	}
	if (!p->has_schema || p->schema != 1) {
		if (p->has_schema && p->schema > 1)
			return mw_err_set(rd->err, -EINVAL, MW_EXIT_TARGET,
			    "%s has schema %lld, newer than this memwatch reads (1); use a newer memwatch",
			    path, (long long)p->schema);
		return mw_err_set(rd->err, -EINVAL, MW_EXIT_TARGET,
		    "%s has no valid \"schema\"; give a file written by 'memwatch ... snapshot'",
		    path);
	}
	if (strcmp(p->kind.data, "process-snapshot") != 0) {
		*other = true;
		return 0;
	}
	return snapshot_verdict(p);
}

int
mwjson_proc_snapshot_read(struct mwjson_rd *rd, const char *const *kinds,
    struct proc_snapshot *s, bool *other_kind)
{
	return mwjson_proc_snapshot_read_some(rd, kinds, s, other_kind, NULL,
	    NULL);
}

int
mwjson_proc_snapshot_read_same(struct mwjson_rd *rd,
    const char *const *kinds, struct proc_snapshot *s, bool *other_kind,
    bool (*keep)(void *arg, const struct vma *v),
    const struct vma *(*same)(void *arg, const char *q, const char *end,
    size_t *len), void *arg)
{
	struct prd p;
	int rc;

	snapshot_init(s);
	prd_init(&p, rd, s);
	p.keep = keep;
	p.same = same;
	p.keep_arg = arg;
	p.kinds = kinds;
	rc = read_document(&p);
	if (rc == PRD_OTHER) {
		*other_kind = true;
		rc = 0;
	} else if (rc == 0) {
		rc = verdict(&p, kinds, other_kind);
	}
	mw_buf_free(&p.tmp);
	mw_buf_free(&p.kind);
	if (rc < 0 || *other_kind)
		snapshot_free(s);
	return rc < 0 ? -EINVAL : 0;
}

int
mwjson_proc_snapshot_read_some(struct mwjson_rd *rd,
    const char *const *kinds, struct proc_snapshot *s, bool *other_kind,
    bool (*keep)(void *arg, const struct vma *v), void *arg)
{
	return mwjson_proc_snapshot_read_same(rd, kinds, s, other_kind, keep,
	    NULL, arg);
}

struct mwjson_proc_stream {
	struct prd p;
	const char *const *kinds;
	int rc;			/* JT_ERR once the document failed */
};

int
mwjson_proc_stream_begin(struct mwjson_proc_stream **out,
    struct mwjson_rd *rd, const char *const *kinds, struct proc_snapshot *s)
{
	struct mwjson_proc_stream *ps = mw_xmalloc(sizeof(*ps));

	snapshot_init(s);
	prd_init(&ps->p, rd, s);
	ps->kinds = kinds;
	ps->p.kinds = kinds;
	ps->p.pause = true;
	ps->rc = read_document(&ps->p);
	*out = ps;
	return ps->rc < 0 ? -EINVAL : ps->rc;
}

int
mwjson_proc_stream_vma(struct mwjson_proc_stream *ps, const struct vma **v,
    const char **text, size_t *len)
{
	struct prd *p = &ps->p;
	int r;

	*v = NULL;
	*text = NULL;
	if (ps->rc != 1 || !p->in_vmas)
		return 0;
	r = prd_vma_next(p);
	if (r <= 0) {
		p->in_vmas = false;
		ps->rc = r < 0 ? JT_ERR : 1;
		return r < 0 ? -EINVAL : 0;
	}
	if (p->bad_map == 0) {
		*v = &p->s->vmas.v[p->s->vmas.len - 1];
		*text = p->row_text;
		*len = p->row_len;
	}
	return 1;
}

int
mwjson_proc_stream_end(struct mwjson_proc_stream *ps, bool *other_kind)
{
	struct prd *p = &ps->p;
	int rc = ps->rc;

	*other_kind = rc == PRD_OTHER;
	if (rc == PRD_OTHER)
		rc = 0;
	else if (rc == 1 && p->in_vmas)
		rc = prd_read_vmas(p);
	if (rc >= 0 && ps->rc == 1)
		rc = doc_keys(p);
	if (rc == 0 && !*other_kind)
		rc = verdict(p, ps->kinds, other_kind);
	mw_buf_free(&p->tmp);
	mw_buf_free(&p->kind);
	if (rc < 0 || *other_kind)
		snapshot_free(p->s);
	free(ps);
	return rc < 0 ? -EINVAL : 0;
}
