/* render/json_mm_read.c: vmstat, PSI and the settings of a system
 * snapshot back into a struct mm_state (render/json_pressure.h), by their
 * rows (model/mm_fields.h).
 *
 * A snapshot written before memwatch read them has none of these keys:
 * that loads, with everything unknown. A key that is there must have the
 * right type; names must be printable ASCII, as the kernel prints them.
 */
#include "config.h"
#include "render/json_pressure.h"

#include <errno.h>

#include "model/mm_fields.h"
#include "model/mmstate.h"
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

int
mwjson_mm_from_doc(const json_t *doc, const char *what, struct mm_state *st,
    struct mw_err *err)
{
	struct field_ctx c = { .arena = &st->arena };
	struct mwjson_rows_err e;
	size_t n;
	const struct field_row *rows = mm_fields(&n);

	if (mwjson_rows_tree(doc, st, rows, n, &c, "", &e) < 0)
		return bad(what, err, e.path, e.want);
	return 0;
}
