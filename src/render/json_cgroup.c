/* render/json_cgroup.c: memory cgroup documents. */
#include "config.h"
#include "render/json_cgroup.h"

#include <errno.h>
#include <string.h>

#include "model/cgroup.h"
#include "model/finding.h"
#include "model/fleet.h"
#include "render/json.h"
#include "render/json_explain.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/time.h"
#include "util/units.h"

static json_t *
kv_obj(const struct cg_kv *kv)
{
	json_t *o = json_object();

	for (size_t i = 0; i < kv->len; i++)
		mwjson_set(o, kv->rows[i].name, mwjson_u64(kv->rows[i].value));
	return o;
}

/* memory.pressure rows: avg in percent (a number), total in µs. */
static json_t *
psi_obj(const struct cg_kv *kv)
{
	json_t *o = json_object();

	for (size_t i = 0; i < kv->len; i++) {
		const struct proc_kv *r = &kv->rows[i];

		if (strstr(r->name, "total") != NULL)
			mwjson_set(o, r->name, mwjson_u64(r->value));
		else
			mwjson_set(o, r->name, json_real((double)r->value / 100));
	}
	return o;
}

json_t *
mwjson_cgroup(const struct cgroup *c)
{
	json_t *o = json_object();

	mwjson_set(o, "path", mwjson_cstr(c->path));
	mwjson_set(o, "depth", json_integer(c->depth));
	for (int f = 0; f < CG_NR; f++) {
		if (!cg_has(c, f))
			continue;
		mwjson_set(o, cg_fields[f].key, cg_unlimited(c, f) ? json_null() :
		    mwjson_u64(c->val[f]));
	}
	if (c->has_limit) {
		json_t *l = json_object();

		mwjson_set(l, "bytes", mwjson_u64(c->limit));
		mwjson_set(l, "path", mwjson_cstr(c->limit_path));
		mwjson_set(l, "file", mwjson_cstr(c->limit_key));
		mwjson_set(o, "limit", l);
	} else {
		mwjson_set(o, "limit", json_null());
	}
	if (c->has_nprocs)
		mwjson_set(o, "processes", mwjson_u64(c->nprocs));
	if (c->has_stat)
		mwjson_set(o, "stat", kv_obj(&c->stat));
	if (c->has_events)
		mwjson_set(o, "events", kv_obj(&c->events));
	if (c->has_events_local)
		mwjson_set(o, "events_local", kv_obj(&c->events_local));
	if (c->has_pressure)
		mwjson_set(o, "pressure", psi_obj(&c->pressure));
	return o;
}

static void
put_hier(json_t *doc, const struct cg_hier *h)
{
	mwjson_set(doc, "version", json_integer(h->version));
	mwjson_set(doc, "mount", mwjson_cstr(h->mount));
}

json_t *
mwjson_cgroups(const struct cg_tree *t, const struct cg_hier *h,
    const size_t *order, size_t n)
{
	json_t *doc = mwjson_doc_new("cgroups"), *a = json_array();
	char ts[MW_RFC3339_LEN];

	mwjson_set(doc, "taken_at", mwjson_cstr(mw_rfc3339(ts, t->taken_at)));
	put_hier(doc, h);
	if (h->hybrid)
		mwjson_set(doc, "hybrid", json_true());
	mwjson_set(doc, "truncated", json_boolean(t->truncated));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, mwjson_cgroup(&t->v[order[i]]));
	mwjson_set(doc, "cgroups", a);
	return doc;
}

json_t *
mwjson_cgroup_snapshot(const struct cgroup *c, const struct cg_hier *h,
    time_t taken_at, const struct fleet *fl, size_t listed,
    const struct finding_list *fs, bool bytes)
{
	json_t *doc = mwjson_doc_new("cgroup-snapshot");
	char ts[MW_RFC3339_LEN];

	mwjson_set(doc, "taken_at", mwjson_cstr(mw_rfc3339(ts, taken_at)));
	put_hier(doc, h);
	mwjson_set(doc, "cgroup", mwjson_cgroup(c));
	if (fl != NULL) {
		json_t *a = json_array();

		for (size_t i = 0; i < fl->len; i++) {
			const struct fleet_proc *p = &fl->procs[i];
			json_t *r = json_object();

			mwjson_set(r, "pid", json_integer(p->pid));
			if (p->comm != NULL)
				mwjson_set(r, "comm", mwjson_str(p->comm, p->comm_len));
			if (p->user != NULL)
				mwjson_set(r, "user", mwjson_cstr(p->user));
			if (fleet_has(p, FLEET_RSS))
				mwjson_set(r, "rss", mwjson_u64(p->val[FLEET_RSS]));
			if (fleet_has(p, FLEET_PSS))
				mwjson_set(r, "pss", mwjson_u64(p->val[FLEET_PSS]));
			if (fleet_has(p, FLEET_USS))
				mwjson_set(r, "uss", mwjson_u64(p->val[FLEET_USS]));
			if (fleet_has(p, FLEET_SWAP))
				mwjson_set(r, "swap", mwjson_u64(p->val[FLEET_SWAP]));
			json_array_append_new(a, r);
		}
		mwjson_set(doc, "pids_listed", mwjson_u64(listed));
		mwjson_set(doc, "process_list", a);
	}
	if (fs != NULL)
		mwjson_set(doc, "findings", mwjson_findings(fs, bytes));
	return doc;
}

json_t *
mwjson_cgroup_diff(const struct cgroup *a, const struct cgroup *b,
    const struct cg_hier *h, const char *a_from, const char *b_from,
    time_t a_at, time_t b_at)
{
	json_t *doc = mwjson_doc_new("cgroup-diff"), *d = json_object();
	json_t *sd = json_object(), *side;
	char ts[MW_RFC3339_LEN];

	put_hier(doc, h);
	mwjson_set(doc, "path", mwjson_cstr(b->path));
	side = json_object();
	mwjson_set(side, "taken_at", mwjson_cstr(mw_rfc3339(ts, a_at)));
	mwjson_set(side, "from", mwjson_cstr(a_from));
	mwjson_set(side, "cgroup", mwjson_cgroup(a));
	mwjson_set(doc, "before", side);
	side = json_object();
	mwjson_set(side, "taken_at", mwjson_cstr(mw_rfc3339(ts, b_at)));
	mwjson_set(side, "from", mwjson_cstr(b_from));
	mwjson_set(side, "cgroup", mwjson_cgroup(b));
	mwjson_set(doc, "after", side);
	for (int f = 0; f < CG_NR; f++)
		if (cg_has(a, f) && cg_has(b, f) && !cg_unlimited(a, f) &&
		    !cg_unlimited(b, f))
			mwjson_set(d, cg_fields[f].key,
			    mwjson_i64(mw_delta(b->val[f], a->val[f])));
	mwjson_set(doc, "delta", d);
	if (a->has_stat && b->has_stat)
		for (size_t i = 0; i < b->stat.len; i++) {
			uint64_t before;

			if (cg_kv_get(&a->stat, b->stat.rows[i].name, &before) &&
			    before != b->stat.rows[i].value)
				mwjson_set(sd, b->stat.rows[i].name,
				    mwjson_i64(mw_delta(b->stat.rows[i].value,
				    before)));
		}
	mwjson_set(doc, "stat_delta", sd);
	return doc;
}

/* An object of unsigned numbers back into kv (names in arena). */
static bool
load_kv(const json_t *o, struct mw_arena *a, struct cg_kv *kv)
{
	const char *k;
	json_t *v;
	size_t n = 0;

	if (!json_is_object(o))
		return false;
	kv->rows = mw_arena_alloc(a, json_object_size(o) * sizeof(*kv->rows));
	kv->skipped = 0;
	json_object_foreach((json_t *)o, k, v) {
		if (json_is_integer(v) && json_integer_value(v) >= 0)
			kv->rows[n].value = (uint64_t)json_integer_value(v);
		else if (json_is_real(v) && json_real_value(v) >= 0)
			kv->rows[n].value = (uint64_t)(json_real_value(v) * 100 + 0.5);
		else
			continue;
		kv->rows[n].name = mw_arena_strndup(a, k, strlen(k));
		n++;
	}
	kv->len = n;
	return true;
}

int
mwjson_cgroup_load(const char *path, struct mw_arena *arena, struct cgroup *c,
    struct cg_hier *h, time_t *taken_at, struct mw_err *err)
{
	static const char *const kinds[] = { "cgroup-snapshot", NULL };
	const char *s, *mount;
	json_t *doc, *cg, *v, *lim;
	uint64_t u;
	int rc;

	rc = mwjson_load(path, kinds, &doc, err);
	if (rc < 0)
		return rc;
	memset(c, 0, sizeof(*c));
	cg = json_object_get(doc, "cgroup");
	if (!json_is_object(cg) || mwjson_get_str(cg, "path", &s) < 0 ||
	    mwjson_get_str(doc, "taken_at", &mount) < 0 ||
	    mw_parse_rfc3339(mount, taken_at) < 0 ||
	    !json_is_integer(json_object_get(doc, "version")) ||
	    mwjson_get_str(doc, "mount", &mount) < 0) {
		json_decref(doc);
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "%s: not a cgroup snapshot (\"cgroup\", \"path\", \"taken_at\", \"version\" or \"mount\" missing or mistyped); give a file written by 'memwatch cgroup PATH snapshot'",
		    path);
	}
	h->version = (int)json_integer_value(json_object_get(doc, "version"));
	snprintf(h->mount, sizeof(h->mount), "%s", mount);
	c->path = mw_arena_strndup(arena, s, strlen(s));
	for (int f = 0; f < CG_NR; f++) {
		v = json_object_get(cg, cg_fields[f].key);
		if (v == NULL)
			continue;
		if (json_is_null(v) && cg_fields[f].limit) {
			c->present |= 1u << f;
			c->unlimited |= 1u << f;
		} else if (mwjson_get_u64(cg, cg_fields[f].key, &u) == 0) {
			c->present |= 1u << f;
			c->val[f] = u;
		}
	}
	lim = json_object_get(cg, "limit");
	if (json_is_object(lim) && mwjson_get_u64(lim, "bytes", &u) == 0) {
		const char *lp = "/", *lk = "max";

		mwjson_get_str(lim, "path", &lp);
		mwjson_get_str(lim, "file", &lk);
		c->limit = u;
		c->has_limit = true;
		c->limit_path = mw_arena_strndup(arena, lp, strlen(lp));
		c->limit_key = mw_arena_strndup(arena, lk, strlen(lk));
	}
	if (mwjson_get_u64(cg, "processes", &u) == 0) {
		c->nprocs = (size_t)u;
		c->has_nprocs = true;
	}
	c->has_stat = load_kv(json_object_get(cg, "stat"), arena, &c->stat);
	c->has_events = load_kv(json_object_get(cg, "events"), arena, &c->events);
	c->has_events_local = load_kv(json_object_get(cg, "events_local"), arena,
	    &c->events_local);
	c->has_pressure = load_kv(json_object_get(cg, "pressure"), arena,
	    &c->pressure);
	json_decref(doc);
	return 0;
}
