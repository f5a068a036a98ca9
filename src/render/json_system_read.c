/* render/json_system_read.c: a system-snapshot document back into the model.
 *
 * Every field is checked for presence and type; an error names the file and
 * the field ("f.json: zones[1].free is missing or not a non-negative
 * integer"). Amounts come back from bytes to pages with the document's
 * page_size; names must be what the kernel prints (printable ASCII).
 */
#include "config.h"
#include "render/json_system.h"
#include "render/json_system_read_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse/lex.h"
#include "model/system_fields.h"
#include "render/json.h"
#include "render/json_fields.h"
#include "render/json_fields_read.h"
#include "render/json_pressure.h"
#include "render/json_read.h"
#include "util/err.h"
#include "util/time.h"


int
sysrd_bad(struct sysrd *r, const char *path, const char *want)
{
	return mw_err_set(r->err, -EINVAL, MW_EXIT_TARGET,
	    "%s: %s is missing or not %s; give a file written by 'memwatch system snapshot'",
	    r->what, path, want);
}

int
sysrd_u64(struct sysrd *r, const json_t *o, const char *key, const char *at,
    uint64_t *v, bool required)
{
	char path[160];
	int rc = mwjson_get_u64(o, key, v);

	if (rc == 0 || (rc == -ENOENT && !required))
		return rc;
	snprintf(path, sizeof(path), "%s%s", at, key);
	return sysrd_bad(r, path, "a non-negative integer");
}

int
sysrd_rows(struct sysrd *r, const json_t *o, const char *at, void *base,
    enum system_rows which)
{
	struct field_ctx c = { .doc = r->s, .page_size = r->s->page_size,
	    .arena = &r->s->arena };
	struct mwjson_rows_err e;
	size_t n;
	const struct field_row *rows = system_fields(which, &n);

	if (mwjson_rows_tree(o, base, rows, n, &c, at, &e) < 0)
		return sysrd_bad(r, e.path, e.want);
	return 0;
}

static int
read_zones(struct sysrd *r, const json_t *doc)
{
	const json_t *zones = json_object_get(doc, "zones");
	const json_t *nodes = json_object_get(doc, "nodes");
	struct zoneinfo *zi = &r->s->zi;
	char at[64];

	if (zones == NULL)
		return 0;
	if (!json_is_array(zones))
		return sysrd_bad(r, "zones", "an array");
	zi->zones = mw_arena_alloc(&r->s->arena,
	    (json_array_size(zones) + 1) * sizeof(*zi->zones));
	for (size_t i = 0; i < json_array_size(zones); i++) {
		const json_t *o = json_array_get(zones, i);

		snprintf(at, sizeof(at), "zones[%zu].", i);
		if (!json_is_object(o))
			return sysrd_bad(r, at, "an object");
		memset(&zi->zones[zi->len], 0, sizeof(*zi->zones));
		if (sysrd_rows(r, o, at, &zi->zones[zi->len],
		    SR_ZONE) < 0)
			return -EINVAL;
		zi->len++;
	}
	if (json_is_array(nodes)) {
		zi->nodes = mw_arena_alloc(&r->s->arena,
		    (json_array_size(nodes) + 1) * sizeof(*zi->nodes));
		for (size_t i = 0; i < json_array_size(nodes); i++) {
			memset(&zi->nodes[zi->nnodes], 0, sizeof(*zi->nodes));
			if (sysrd_rows(r, json_array_get(nodes, i), "nodes[].",
			    &zi->nodes[zi->nnodes], SR_NODE) < 0)
				return -EINVAL;
			zi->nnodes++;
		}
	}
	r->s->part[SYS_ZONEINFO].have = true;
	return 0;
}

static int
read_buddy(struct sysrd *r, const json_t *doc)
{
	const json_t *arr = json_object_get(doc, "buddy"), *src;
	struct buddyinfo *bi = &r->s->bi;
	char at[64];

	if (arr == NULL)
		return 0;
	if (!json_is_array(arr))
		return sysrd_bad(r, "buddy", "an array");
	bi->zones = mw_arena_alloc(&r->s->arena,
	    (json_array_size(arr) + 1) * sizeof(*bi->zones));
	for (size_t i = 0; i < json_array_size(arr); i++) {
		const json_t *o = json_array_get(arr, i);
		struct buddy_zone *z = &bi->zones[bi->len];

		memset(z, 0, sizeof(*z));
		snprintf(at, sizeof(at), "buddy[%zu].", i);
		if (!json_is_object(o))
			return sysrd_bad(r, at, "an object");
		if (sysrd_rows(r, o, at, z, SR_BUDDY) < 0)
			return -EINVAL;
		if (z->norders > bi->norders)
			bi->norders = z->norders;
		r->s->buddy_lower_bound |= z->lower_bound != 0;
		bi->len++;
	}
	src = json_object_get(doc, "buddy_source");
	r->s->buddy_from_pti = json_is_string(src) &&
	    strcmp(json_string_value(src), "pagetypeinfo") == 0;
	r->s->part[SYS_BUDDYINFO].have = true;
	return 0;
}

/* A cache's keys by its rows: the required ones must be there. */
static int
read_cache(struct sysrd *r, const json_t *o, size_t idx, struct slab_cache *c)
{
	const struct field_row *rows, *f;
	struct mwjson_scalar x;
	uint64_t read = 0;
	char at[64];
	size_t n;
	int rc;

	memset(c, 0, sizeof(*c));
	snprintf(at, sizeof(at), "slabs.caches[%zu].", idx);
	if (!json_is_object(o))
		return sysrd_bad(r, at, "an object with a \"name\"");
	rows = system_fields(SR_SLAB, &n);
	for (f = rows; f < rows + n; f++) {
		if (f->type == FT_DERIVED)
			continue;
		mwjson_field_get(o, f->key, &x);
		rc = mwjson_field_set(c, f, &x, &(struct field_ctx){
		    .arena = &r->s->arena });
		if (rc > 0)
			read |= (uint64_t)1 << (f - rows);
		else if (f->known == FK_REQUIRED && f->type == FT_CSTR)
			return sysrd_bad(r, at, "an object with a \"name\"");
		else if (f->known == FK_REQUIRED)
			return sysrd_u64(r, o, f->key, at, &(uint64_t){ 0 }, true);
	}
	mwjson_fields_known(c, rows, n, read);
	return 0;
}

static int
read_slabs(struct sysrd *r, const json_t *doc)
{
	const json_t *o = json_object_get(doc, "slabs"), *arr;
	struct slabinfo *si = &r->s->si;
	const char *ver;
	int rc;

	if (o == NULL)
		return 0;
	arr = json_object_get(o, "caches");
	if (!json_is_object(o) || !json_is_array(arr))
		return sysrd_bad(r, "slabs.caches", "an array");
	si->caches = mw_arena_alloc(&r->s->arena,
	    (json_array_size(arr) + 1) * sizeof(*si->caches));
	for (size_t i = 0; i < json_array_size(arr); i++) {
		if ((rc = read_cache(r, json_array_get(arr, i), i,
		    &si->caches[si->len])) < 0)
			return rc;
		si->len++;
	}
	if (mwjson_get_str(o, "version", &ver) == 0 && ver[0] >= '0' &&
	    ver[0] <= '9') {
		si->version_major = (unsigned)strtoul(ver, NULL, 10);
		if (strchr(ver, '.') != NULL)
			si->version_minor = (unsigned)strtoul(strchr(ver, '.') + 1,
			    NULL, 10);
	}
	si->statistics = json_is_true(json_object_get(o, "statistics"));
	r->s->part[SYS_SLABINFO].have = true;
	return 0;
}

static bool
in_array(const json_t *a, const char *s)
{
	for (size_t i = 0; json_is_array(a) && i < json_array_size(a); i++)
		if (json_is_string(json_array_get(a, i)) &&
		    strcmp(json_string_value(json_array_get(a, i)), s) == 0)
			return true;
	return false;
}

static int
read_meminfo(struct sysrd *r, const json_t *doc)
{
	json_t *o = json_object_get(doc, "meminfo");
	const json_t *counts = json_object_get(doc, "meminfo_counts");
	const char *k;
	json_t *v;

	if (o == NULL)
		return 0;
	if (!json_is_object(o))
		return sysrd_bad(r, "meminfo", "an object");
	json_object_foreach(o, k, v) {
		bool is_bytes = counts != NULL ? !in_array(counts, k) :
		    strncmp(k, "HugePages_", 10) != 0;

		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    !lex_printable(k, k + strlen(k), false)) {
			char at[160];

			snprintf(at, sizeof(at), "meminfo.%s", k);
			return sysrd_bad(r, at, "a non-negative integer");
		}
		meminfo_add(&r->s->mi, &r->s->arena, json_object_size(o), k,
		    (uint64_t)json_integer_value(v), is_bytes);
	}
	r->s->part[SYS_MEMINFO].have = true;
	return 0;
}

static int
read_header(struct sysrd *r, const json_t *doc)
{
	const char *t, *k;
	time_t when;

	if (sysrd_u64(r, doc, "page_size", "", &r->s->page_size, true) < 0)
		return -EINVAL;
	if (r->s->page_size < 512 || (r->s->page_size & (r->s->page_size - 1)))
		return sysrd_bad(r, "page_size", "a power of two of at least 512");
	r->s->page_size_from = PAGE_SIZE_SNAPSHOT;
	if (mwjson_get_str(doc, "taken_at", &t) < 0 ||
	    mw_parse_rfc3339(t, &when) < 0)
		return sysrd_bad(r, "taken_at", "an RFC 3339 time");
	r->s->taken_at = when;
	if (mwjson_get_str(doc, "kernel", &k) == 0)
		r->s->kernel = mwjson_arena_str(&r->s->arena, k, strlen(k),
		    NULL);
	return 0;
}

static void
read_unavailable(struct sysrd *r, const json_t *doc)
{
	const json_t *u = json_object_get(doc, "unavailable");

	for (int p = 0; p < SYS_PART_NR; p++) {
		const char *why;

		if (r->s->part[p].have)
			continue;
		if (mwjson_get_str(u, sys_part_key(p), &why) == 0) {
			r->s->part[p].err = strstr(why, "permission denied") ?
			    -EACCES : -ENOENT;
			r->s->part[p].why = mwjson_arena_str(&r->s->arena,
			    why, strlen(why), NULL);
			r->s->requested |= SYS_PART(p);
		}
	}
}

int
mwjson_system_from_doc(const json_t *doc, const char *what,
    struct sys_snapshot *s, struct mw_err *err)
{
	struct sysrd r = { what, s, err };
	bool any = false;
	int rc;

	/* A process snapshot whose "kind" was edited is not a system one. */
	if (json_object_get(doc, "vmas") != NULL ||
	    json_object_get(doc, "process") != NULL)
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "%s says it is a system snapshot but holds a process snapshot (\"process\", \"vmas\"); give a file written by 'memwatch system snapshot'",
		    what);
	if ((rc = read_header(&r, doc)) < 0 || (rc = read_meminfo(&r, doc)) < 0 ||
	    (rc = read_zones(&r, doc)) < 0 || (rc = read_buddy(&r, doc)) < 0 ||
	    (rc = read_slabs(&r, doc)) < 0 || (rc = sysrd_pti(&r, doc)) < 0 ||
	    (rc = mwjson_mm_from_doc(doc, what, &s->mm, err)) < 0)
		return rc;
	s->mm.taken_at = s->taken_at;
	s->mm.mono_ms = (uint64_t)s->taken_at * 1000;
	s->part[SYS_VMSTAT].have = s->mm.have_vmstat;
	if ((rc = mwjson_system_read_tmpfs(doc, what, s, err)) < 0)
		return rc;
	for (int p = 0; p < SYS_PART_NR; p++)
		if (s->part[p].have) {
			s->requested |= SYS_PART(p);
			any = true;
		}
	/* memwatch writes every part, or says in "unavailable" why not. */
	if (!any && !json_is_object(json_object_get(doc, "unavailable")))
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "%s has none of a system snapshot's parts (meminfo, zones, buddy, slabs); give a file written by 'memwatch system snapshot'",
		    what);
	read_unavailable(&r, doc);
	return 0;
}

int
mwjson_system_load(const char *path, struct sys_snapshot *s,
    struct mw_err *err)
{
	static const char *const kinds[] = { "system-snapshot", NULL };
	struct mwjson_rd rd;
	struct mw_err quiet;
	json_t *doc;
	int rc;

	mw_err_clear(&quiet);
	if (mwjson_rd_open(&rd, path, &quiet) == 0) {
		rc = mwjson_system_read(&rd, s);
		mwjson_rd_close(&rd);
		if (rc == 0)
			return 0;
		sys_snapshot_free(s);
		sys_snapshot_init(s);
	}
	if ((rc = mwjson_load(path, kinds, &doc, err)) < 0)
		return rc;
	rc = mwjson_system_from_doc(doc, path, s, err);
	json_decref(doc);
	return rc;
}
