/* render/json_top.c: the process table as one "top-frame" document. */
#include "config.h"
#include "render/json_top.h"

#include <string.h>

#include "model/growth.h"
#include "model/proctable.h"
#include "render/json.h"

static json_t *
maybe(bool known, uint64_t v)
{
	return known ? mwjson_u64(v) : json_null();
}

static json_t *
row_json(const struct proctable *pt, const struct pt_row *r)
{
	const char *cg = pt_row_cgroup(pt, r);
	json_t *o = json_object();
	int64_t growth;
	bool g = pt_row_growth(r, &growth);
	enum trend_verdict tv;
	char state[2] = { r->state, '\0' };

	mwjson_set(o, "pid", mwjson_i64(r->pid));
	mwjson_set(o, "comm", r->have_stat ?
	    mwjson_str(r->comm, strlen(r->comm)) : json_null());
	mwjson_set(o, "user", mwjson_str(r->user, strlen(r->user)));
	mwjson_set(o, "state", r->have_stat ? mwjson_cstr(state) : json_null());
	mwjson_set(o, "size", maybe(r->have_stat, r->vsz));
	mwjson_set(o, "rss", maybe(r->rollup || r->have_stat, r->rss));
	mwjson_set(o, "pss", maybe(r->rollup, r->pss));
	mwjson_set(o, "uss", maybe(r->rollup, r->uss));
	mwjson_set(o, "swap", maybe(r->rollup, r->swap));
	mwjson_set(o, "pss_growth", g ? mwjson_i64(growth) : json_null());
	g = pt_row_trend(r, &growth, &tv);
	mwjson_set(o, "pss_trend", g ? mwjson_i64(growth) : json_null());
	mwjson_set(o, "trend", g ? json_string(trend_verdict_key(tv)) :
	    json_null());
	mwjson_set(o, "rollup", json_boolean(r->rollup));
	if (r->have_stat) {
		mwjson_set(o, "ppid", mwjson_i64(r->ppid));
		mwjson_set(o, "kernel_thread", json_boolean(r->kthread));
	}
	if (r->have_cmdline)
		mwjson_set(o, "cmdline", mwjson_str(r->cmdline,
		    strlen(r->cmdline)));
	if (cg != NULL)		/* read when asked for (--cgroup, --by cgroup) */
		mwjson_set(o, "cgroup", mwjson_str(cg, strlen(cg)));
	return o;
}

static json_t *
memory_json(const struct proctable *pt)
{
	const struct pt_mem *m = &pt->mem;
	json_t *o = json_object();

	mwjson_set(o, "total", mwjson_u64(m->total));
	mwjson_set(o, "free", mwjson_u64(m->free));
	mwjson_set(o, "available", mwjson_u64(m->avail));
	mwjson_set(o, "buffers", mwjson_u64(m->buffers));
	mwjson_set(o, "cached", mwjson_u64(m->cached));
	mwjson_set(o, "swap_total", mwjson_u64(m->swap_total));
	mwjson_set(o, "swap_free", mwjson_u64(m->swap_free));
	return o;
}

static json_t *
group_json(const struct pt_group *g, enum pt_group_by by)
{
	json_t *o = json_object();

	/* null: the processes whose cgroup is unknown */
	mwjson_set(o, "name", g->name != NULL ?
	    mwjson_str(g->name, strlen(g->name)) : json_null());
	mwjson_set(o, "processes", mwjson_u64(g->procs));
	mwjson_set(o, "readable", mwjson_u64(g->known));
	mwjson_set(o, "rss", mwjson_u64(g->rss));
	if (g->known > 0) {	/* sums over the readable processes */
		mwjson_set(o, "pss", mwjson_u64(g->pss));
		mwjson_set(o, "uss", mwjson_u64(g->uss));
		mwjson_set(o, "swap", mwjson_u64(g->swap));
	}
	if (by == PT_GROUP_CGROUP && g->has_usage)	/* the cgroup's own */
		mwjson_set(o, "usage", mwjson_u64(g->usage));
	if (by == PT_GROUP_CGROUP && g->name != NULL)
		mwjson_set(o, "limit", g->has_limit ? mwjson_u64(g->limit) :
		    json_null());
	return o;
}

int
mwjson_top_groups(FILE *f, const struct proctable *pt, const struct pt_group *g,
    size_t n, enum pt_group_by by, time_t taken_at, double interval)
{
	json_t *doc = mwjson_doc_new("top-frame");
	json_t *groups = json_array();
	int rc;

	mwjson_put_stamp(doc, taken_at, NULL, pt->page_size);
	mwjson_set(doc, "interval", json_real(interval));
	if (pt->mem.known)
		mwjson_set(doc, "memory", memory_json(pt));
	mwjson_set(doc, "by", mwjson_cstr(pt_group_name(by)));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(groups, group_json(&g[i], by));
	mwjson_set(doc, "groups", groups);
	rc = mwjson_print(doc, f, true);
	json_decref(doc);
	return rc;
}

int
mwjson_top_frame(FILE *f, const struct proctable *pt, const size_t *idx,
    size_t n, time_t taken_at, double interval)
{
	json_t *doc = mwjson_doc_new("top-frame");
	json_t *procs = json_array(), *tot = json_object();
	uint64_t pss = 0;
	size_t known = 0;
	int rc;

	mwjson_put_stamp(doc, taken_at, NULL, pt->page_size);
	mwjson_set(doc, "interval", json_real(interval));
	mwjson_set(doc, "refresh_ns", mwjson_u64(pt->cost_ns));
	if (pt->mem.known)
		mwjson_set(doc, "memory", memory_json(pt));
	for (size_t i = 0; i < n; i++) {
		const struct pt_row *r = &pt->rows[idx[i]];

		if (r->rollup) {
			pss += r->pss;
			known++;
		}
		json_array_append_new(procs, row_json(pt, r));
	}
	mwjson_set(tot, "processes", mwjson_u64(pt->len));
	mwjson_set(tot, "kernel_threads", mwjson_u64(pt->kthreads));
	mwjson_set(tot, "unreadable", mwjson_u64(pt->unreadable));
	mwjson_set(tot, "listed", mwjson_u64(n));
	mwjson_set(tot, "readable", mwjson_u64(known));
	mwjson_set(tot, "pss", mwjson_u64(pss));
	mwjson_set(doc, "totals", tot);
	mwjson_set(doc, "processes", procs);
	rc = mwjson_print(doc, f, true);
	json_decref(doc);
	return rc;
}
