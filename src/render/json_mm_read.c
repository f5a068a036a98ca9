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

#include "model/mmstate.h"
#include "parse/lex.h"
#include "render/json.h"
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
read_vmstat(const json_t *o, const char *what, struct mm_state *st,
    struct mw_err *err)
{
	const char *k;
	json_t *v;
	uint64_t n;

	if (!json_is_object(o))
		return bad(what, err, "vmstat", "an object");
	json_object_foreach((json_t *)o, k, v) {
		if (!name_ok(k) || mwjson_get_u64(o, k, &n) < 0)
			return bad(what, err, "vmstat.<counter>",
			    "a non-negative integer under a kernel name");
		vmstat_add(&st->vs, &st->arena, json_object_size(o), k, n);
	}
	vmstat_finish(&st->vs);
	st->have_vmstat = st->vs.len > 0;
	st->parts |= MM_COUNTERS;
	return 0;
}

static int
percent(const json_t *o, const char *key, uint32_t *v)
{
	const json_t *x = json_object_get(o, key);
	double d;

	if (!json_is_number(x))
		return -EINVAL;
	d = json_number_value(x);
	if (!(d >= 0 && d <= 100))
		return -EINVAL;
	*v = (uint32_t)(d * 100 + 0.5);
	return 0;
}

static int
read_psi_line(const json_t *o, struct psi_line *l)
{
	if (o == NULL)
		return 0;
	if (!json_is_object(o) || percent(o, "avg10", &l->avg10) < 0 ||
	    percent(o, "avg60", &l->avg60) < 0 ||
	    percent(o, "avg300", &l->avg300) < 0 ||
	    mwjson_get_u64(o, "total_us", &l->total) < 0)
		return -EINVAL;
	l->have = true;
	return 0;
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
	const json_t *v = json_object_get(doc, "vmstat");
	const json_t *p = json_object_get(doc, "psi");
	const json_t *s = json_object_get(doc, "settings");
	int rc;

	if (v != NULL && (rc = read_vmstat(v, what, st, err)) < 0)
		return rc;
	if (p != NULL) {
		if (!json_is_object(p) ||
		    read_psi_line(json_object_get(p, "some"), &st->psi.some) < 0 ||
		    read_psi_line(json_object_get(p, "full"), &st->psi.full) < 0)
			return bad(what, err, "psi",
			    "an object of some and full with avg10, avg60, avg300 (0 to 100) and total_us");
		st->have_psi = st->psi.some.have || st->psi.full.have;
	}
	if (s != NULL && (rc = read_settings(s, what, st, err)) < 0)
		return rc;
	return 0;
}
