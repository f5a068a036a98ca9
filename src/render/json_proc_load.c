/* render/json_proc_load.c: a process-snapshot document read from jansson's
 * tree of it: the reference the streaming reader (json_proc_read.c,
 * json_proc_doc.c) must agree with (tests/unit/snapagree.h, the fuzzer),
 * and the file loader, which reads as a stream. */
#include "config.h"
#include "render/json_proc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/snapshot.h"
#include "model/snapshot_fields.h"
#include "render/json.h"
#include "render/json_fields.h"
#include "render/json_proc_read.h"
#include "render/json_read.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/escape.h"
#include "util/time.h"
#include "util/units.h"

static const char *
arena_unescape(struct mw_arena *a, const char *s, size_t *len)
{
	struct mw_buf b;
	const char *r;

	mw_buf_init(&b);
	mw_unescape_json(&b, s, strlen(s));
	r = mw_arena_strndup(a, b.data, b.len);
	*len = b.len;
	mw_buf_free(&b);
	return r;
}

static int
load_fields(const json_t *obj, struct vma *v, const char **why)
{
	/* One hash lookup per known field: far cheaper than a name search per key. */
	for (int f = 0; f < SMAPS_NR; f++) {
		const char *key = smaps_field_json_name(f);
		json_t *val = json_object_get(obj, key);

		if (val == NULL)
			continue;
		if (f == SMAPS_THP_ELIGIBLE && json_is_boolean(val)) {
			smaps_set(v, f, json_is_true(val));
		} else if (json_is_integer(val) && json_integer_value(val) >= 0) {
			smaps_set(v, f, (uint64_t)json_integer_value(val));
		} else {
			*why = key;
			return -EINVAL;
		}
	}
	return 0;
}

static int
load_vmflags(const json_t *a, struct mw_arena *arena, struct vma *v)
{
	struct mw_buf other;
	size_t i;
	json_t *x;

	if (!json_is_array(a))
		return -EINVAL;
	v->has_vmflags = true;
	mw_buf_init(&other);
	json_array_foreach(a, i, x) {
		const char *c = json_string_value(x);
		int f = c != NULL ? vmflag_by_code(c) : -1;

		if (c == NULL)
			return mw_buf_free(&other), -EINVAL;
		if (f >= 0) {
			v->vmflags |= (uint64_t)1 << f;
		} else {
			if (other.len > 0)
				mw_buf_addc(&other, ' ');
			mw_buf_adds(&other, c);
		}
	}
	if (other.len > 0)
		v->vmflags_other = mw_arena_strndup(arena, other.data, other.len);
	mw_buf_free(&other);
	return 0;
}

static int
load_extra(const json_t *o, struct mw_arena *arena, struct vma *v)
{
	const char *key;
	json_t *val;
	size_t n;

	if (!json_is_object(o))
		return -EINVAL;
	json_object_foreach((json_t *)o, key, val) {
		struct smaps_extra *x = mw_arena_alloc(arena, sizeof(*x));

		memset(x, 0, sizeof(*x));
		x->name = arena_unescape(arena, key, &n);
		if (json_is_integer(val) && json_integer_value(val) >= 0)
			x->value = (uint64_t)json_integer_value(val);
		else if (json_is_string(val))
			x->text = arena_unescape(arena, json_string_value(val), &n);
		else
			return -EINVAL;
		x->next = v->extra;
		v->extra = x;
	}
	return 0;
}

/* A container row of a mapping: 0, or -EINVAL with *why set. */
static int
load_container(const json_t *obj, const struct field_row *r,
    struct mw_arena *arena, struct vma *v, const char **why)
{
	json_t *x = json_object_get(obj, r->key);

	if (r->type == FT_SMAPS)
		return load_fields(obj, v, why);
	if (x == NULL)
		return 0;
	if ((r->type == FT_VMFLAGS ? load_vmflags(x, arena, v) :
	    load_extra(x, arena, v)) < 0)
		return *why = r->why, -EINVAL;
	return 0;
}

int
mwjson_vma_load(const json_t *obj, struct mw_arena *arena, struct vma *v,
    const char **why)
{
	const struct field_row *rows, *r;
	struct mwjson_scalar x;
	uint64_t below = 0;
	size_t n;
	int rc;

	memset(v, 0, sizeof(*v));
	if (!json_is_object(obj))
		return *why = "a mapping that is not an object", -EINVAL;
	rows = snapshot_vma_fields(&n);
	for (r = rows; r < rows + n; r++) {
		if (r->type == FT_SMAPS || r->type == FT_VMFLAGS ||
		    r->type == FT_EXTRA) {
			if (load_container(obj, r, arena, v, why) < 0)
				return -EINVAL;
			continue;
		}
		mwjson_field_get(obj, r->key, &x);
		rc = mwjson_field_set(v, r, &x,
		    &(struct field_ctx){ .arena = arena });
		if (rc < 0 || (rc == 0 && r->known == FK_REQUIRED))
			return *why = r->why, -EINVAL;
		/* the addresses are a range: none below the one before */
		if (r->type == FT_ADDR) {
			if (*FIELD_AT_C(v, r->off, uint64_t) < below)
				return *why = r->why, -EINVAL;
			below = *FIELD_AT_C(v, r->off, uint64_t);
		}
	}
	return 0;
}

/* "cmdline": its strings, each NUL-terminated; other values left out. */
static void
load_argv(const json_t *a, struct proc_snapshot *s, const struct field_row *r)
{
	struct mw_buf cmd;
	size_t i;
	json_t *x;

	if (!json_is_array(a))
		return;
	mw_buf_init(&cmd);
	json_array_foreach(a, i, x) {
		if (!json_is_string(x))
			continue;
		mw_unescape_json(&cmd, json_string_value(x),
		    json_string_length(x));
		mw_buf_addc(&cmd, '\0');
	}
	if (cmd.len > 0) {
		*FIELD_AT(s, r->off, const char *) =
		    mw_arena_strndup(&s->arena, cmd.data, cmd.len);
		*FIELD_AT(s, r->off + sizeof(char *), size_t) = cmd.len;
	}
	mw_buf_free(&cmd);
}

static int
load_process(const json_t *p, struct proc_snapshot *s)
{
	const struct field_row *rows;
	struct mwjson_scalar x;
	uint64_t read = 0;
	size_t n;

	if (!json_is_object(p))
		return -EINVAL;
	rows = snapshot_process_fields(&n);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].type == FT_ARGV) {
			load_argv(json_object_get(p, rows[i].key), s, &rows[i]);
			continue;
		}
		mwjson_field_get(p, rows[i].key, &x);
		if (mwjson_field_set(s, &rows[i], &x,
		    &(struct field_ctx){ .arena = &s->arena }) > 0)
			read |= (uint64_t)1 << i;
		else if (rows[i].known == FK_REQUIRED)
			return -EINVAL;
	}
	mwjson_fields_known(s, rows, n, read);
	return 0;
}

static void
load_status(const json_t *o, struct proc_snapshot *s)
{
	if (!json_is_object(o))
		return;
	s->has_status = true;
	for (int f = 0; f < STATUS_NR; f++)
		if (mwjson_get_u64(o, status_field_json_name(f),
		    &s->status.val[f]) == 0)
			s->status.present |= 1u << f;
}

static int
load_stamp(const json_t *doc, struct proc_snapshot *s)
{
	const char *str;
	size_t n;

	if (mwjson_get_str(doc, "taken_at", &str) < 0 ||
	    mw_parse_rfc3339(str, &s->taken_at) < 0)
		return -EINVAL;
	if (mwjson_get_str(doc, "kernel", &str) == 0)
		s->kernel = arena_unescape(&s->arena, str, &n);
	mwjson_get_u64(doc, "page_size", &s->page_size);
	return 0;
}

int
mwjson_proc_snapshot_from(const json_t *doc, const char *path,
    struct proc_snapshot *s, struct mw_err *err)
{
	const char *why = NULL;
	json_t *vmas, *x, *tot;
	size_t i;

	snapshot_init(s);
	if (load_stamp(doc, s) < 0)
		why = "\"taken_at\" missing or not RFC 3339";
	else if (load_process(json_object_get(doc, "process"), s) < 0)
		why = "\"process\" missing or without a valid \"pid\"";
	vmas = json_object_get(doc, "vmas");
	if (why == NULL && vmas != NULL && !json_is_array(vmas))
		why = "\"vmas\" is not an array";
	json_array_foreach(vmas, i, x) {
		if (why != NULL)
			break;
		if (mwjson_vma_load(x, &s->arena, vma_vec_push(&s->vmas), &why) < 0) {
			snapshot_free(s);
			return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
			    "%s: mapping %zu has a bad \"%s\"; give a file written by 'memwatch PID snapshot'",
			    path, i, why);
		}
	}
	if (why != NULL) {
		snapshot_free(s);
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "%s: %s; give a file written by 'memwatch PID snapshot'",
		    path, why);
	}
	s->has_vmas = vmas != NULL;
	snapshot_sum(s);
	tot = json_object_get(doc, "totals");
	if (json_is_object(tot)) {
		struct vma t;

		memset(&t, 0, sizeof(t));
		if (load_fields(tot, &t, &why) == 0) {
			for (int f = 0; f < SMAPS_NR; f++)
				if (smaps_has(&t, f))
					smaps_set(&s->totals, f, t.val[f]);
		}
		s->has_rollup = json_is_string(json_object_get(tot, "source")) &&
		    strcmp(json_string_value(json_object_get(tot, "source")),
		    "smaps_rollup") == 0;
	}
	load_status(json_object_get(doc, "status"), s);
	return 0;
}

int
mwjson_proc_snapshot_load(const char *path, struct proc_snapshot *s,
    struct mw_err *err)
{
	static const char *const kinds[] = { "process-snapshot", NULL };
	struct mwjson_rd rd;
	bool other;
	int rc;

	snapshot_init(s);
	rc = mwjson_rd_open(&rd, path, err);
	if (rc == 0)
		rc = mwjson_proc_snapshot_read(&rd, kinds, s, &other);
	mwjson_rd_close(&rd);
	return rc;
}
