/* render/json_mm_read.c: vmstat, PSI and the settings of a system
 * snapshot back into a struct mm_state (render/json_pressure.h).
 *
 * A snapshot written before memwatch read them has none of these keys:
 * that loads, with everything unknown. A key that is there must have the
 * right type; names must be printable ASCII, as the kernel prints them.
 */
#include "config.h"
#include "render/json_pressure.h"

#include <errno.h>
#include <string.h>

#include "model/mm_fields.h"
#include "model/mmstate.h"
#include "parse/lex.h"
#include "render/json.h"
#include "render/json_fields_read.h"
#include "util/err.h"

static int
bad(const char *what, struct mw_err *err, const char *path, const char *want)
{
	return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
	    "%s: %s is missing or not %s; give a file written by 'memwatch system snapshot'",
	    what, path, want);
}

static bool
name_ok(const char *k)
{
	return lex_printable(k, k + strlen(k), false);
}

static int
read_settings(const json_t *o, const char *what, struct mm_state *st,
    struct mw_err *err)
{
	const json_t *vm = json_object_get(o, "vm"), *thp = json_object_get(o, "thp");
	const char *t;

	if (!json_is_object(o))
		return bad(what, err, "settings", "an object");
	st->parts |= MM_SETTINGS;
	for (int k = 0; vm != NULL && k < MS_NR; k++) {
		int rc = mwjson_get_u64(vm, mm_sysctl_name((enum mm_sysctl)k),
		    &st->sysctl[k]);

		if (rc == -EINVAL)
			return bad(what, err, "settings.vm.<name>",
			    "a non-negative integer");
		st->have_sysctl[k] = rc == 0;
	}
	for (int k = 0; thp != NULL && k < MT_NR; k++) {
		int rc = mwjson_get_str(thp, mm_thp_name((enum mm_thp)k), &t);

		if (rc == -EINVAL || (rc == 0 && !name_ok(t)))
			return bad(what, err, "settings.thp.<name>",
			    "a word such as madvise");
		if (rc == 0)
			st->thp[k] = mw_arena_strndup(&st->arena, t, strlen(t));
	}
	return 0;
}

int
mwjson_mm_from_doc(const json_t *doc, const char *what, struct mm_state *st,
    struct mw_err *err)
{
	const json_t *s = json_object_get(doc, "settings");
	struct field_ctx c = { .arena = &st->arena };
	struct mwjson_rows_err e;
	size_t n;
	const struct field_row *rows = mm_fields(&n);
	int rc;

	if (mwjson_rows_tree(doc, st, rows, n, &c, "", &e) < 0)
		return bad(what, err, e.path, e.want);
	if (s != NULL && (rc = read_settings(s, what, st, err)) < 0)
		return rc;
	return 0;
}
