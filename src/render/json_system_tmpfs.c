/* render/json_system_tmpfs.c: a system snapshot's "tmpfs" both ways. */
#include "config.h"
#include "render/json_system.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/account.h"
#include "render/json.h"
#include "render/json_fields.h"
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
	json_t *arr;

	if (!s->tmpfs_read)
		return;
	arr = need_new(json_array());
	for (size_t i = 0; i < s->ntmpfs; i++) {
		const struct acct_tmpfs *t = &s->tmpfs[i];
		json_t *o = need_new(json_object());

		mwjson_set(o, "mount", mwjson_cstr(t->point));
		mwjson_set(o, "type", mwjson_cstr(t->type));
		if (t->known)
			mwjson_set(o, "used", mwjson_u64(t->used));
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
	size_t n;

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
		const json_t *o = json_array_get(arr, i);
		struct acct_tmpfs *t = &s->tmpfs[s->ntmpfs];
		const char *point, *type;
		int rc;

		if (!json_is_object(o) ||
		    mwjson_get_str(o, "mount", &point) < 0 ||
		    mwjson_get_str(o, "type", &type) < 0)
			return bad(what, i, err);
		rc = mwjson_get_u64(o, "used", &t->used);
		if (rc < 0 && rc != -ENOENT)
			return bad(what, i, err);
		t->known = rc == 0;
		t->point = mwjson_arena_str(&s->arena, point, strlen(point),
		    NULL);
		t->type = strcmp(type, "ramfs") == 0 ? "ramfs" : "tmpfs";
		s->ntmpfs++;
	}
	s->tmpfs_read = true;
	return 0;
}
