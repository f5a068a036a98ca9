/* render/json_system_tmpfs.c: a system snapshot's "tmpfs" both ways, by
 * its items' rows (model/system_fields.h). */
#include "config.h"
#include "render/json_system.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/account.h"
#include "render/json.h"
#include "model/system_fields.h"
#include "render/json_fields.h"
#include "render/json_fields_read.h"
#include "util/err.h"

static json_t *
need_new(json_t *v)
{
	if (v == NULL) {
		fprintf(stderr, "memwatch: out of memory (building JSON)\n");
		exit(1);
	}
	return v;
}

void
mwjson_system_put_tmpfs(json_t *doc, const struct sys_snapshot *s)
{
	struct field_ctx c = { .doc = s, .page_size = s->page_size };
	size_t n;
	const struct field_row *rows = system_fields(SR_TMPFS, &n);
	json_t *arr;

	if (!s->tmpfs_read)
		return;
	arr = need_new(json_array());
	for (size_t i = 0; i < s->ntmpfs; i++) {
		json_t *o = need_new(json_object());

		mwjson_put_rows(o, &s->tmpfs[i], rows, n, &c);
		if (json_array_append_new(arr, o) < 0)
			need_new(NULL);
	}
	mwjson_set(doc, "tmpfs", arr);
}

static int
bad(const char *what, size_t i, struct mw_err *err)
{
	return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
	    "%s: tmpfs[%zu] is not an object with a string mount and type and a non-negative used; give a file written by 'memwatch system snapshot'",
	    what, i);
}

int
mwjson_system_read_tmpfs(const json_t *doc, const char *what,
    struct sys_snapshot *s, struct mw_err *err)
{
	const json_t *arr = json_object_get(doc, "tmpfs");
	struct field_ctx c = { .doc = s, .page_size = s->page_size,
	    .arena = &s->arena };
	struct mwjson_rows_err e;
	size_t n, nrows;
	const struct field_row *rows = system_fields(SR_TMPFS, &nrows);

	if (arr == NULL)	/* measured on no side, or an older snapshot */
		return 0;
	if (!json_is_array(arr))
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "%s: tmpfs is not an array; give a file written by 'memwatch system snapshot'",
		    what);
	n = json_array_size(arr);
	s->tmpfs = mw_arena_alloc(&s->arena, (n + 1) * sizeof(*s->tmpfs));
	s->ntmpfs = 0;
	for (size_t i = 0; i < n; i++) {
		struct acct_tmpfs *t = &s->tmpfs[s->ntmpfs];

		memset(t, 0, sizeof(*t));
		if (mwjson_rows_tree(json_array_get(arr, i), t, rows, nrows, &c,
		    "", &e) < 0)
			return bad(what, i, err);
		s->ntmpfs++;
	}
	s->tmpfs_read = true;
	return 0;
}
