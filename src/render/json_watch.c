/* render/json_watch.c: a watch's recording lines and "watch" document. */
#include "config.h"
#include "render/json_watch.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "model/watch.h"
#include "render/json.h"
#include "render/json_record.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/time.h"

static const char *const val_keys[WV_NR] = {
	[WV_RSS] = "rss", [WV_PSS] = "pss", [WV_ANON] = "anonymous",
	[WV_PSS_FILE] = "pss_file", [WV_PSS_SHMEM] = "pss_shmem",
	[WV_SWAP] = "swap",
};

static json_t *
sample_doc(void)
{
	json_t *d = json_object();

	mwjson_set(d, "kind", json_string("watch-sample"));
	return d;
}

void
mwjson_watch_header_line(struct mw_buf *out, const struct watch_info *i,
    const struct watch *w)
{
	json_t *d = mwjson_doc_new("watch-sample"), *p = json_object();
	char ts[MW_RFC3339_LEN];

	mwjson_set(d, "recording", json_string("process"));
	mwjson_set(d, "taken_at", json_string(mw_rfc3339(ts, i->started)));
	mwjson_set(d, "interval", mwjson_rec_seconds(i->interval));
	mwjson_set(p, "pid", json_integer(i->pid));
	mwjson_set(p, "comm", mwjson_str(i->comm, strlen(i->comm)));
	mwjson_set(p, "start_ticks", mwjson_u64(i->start));
	mwjson_set(d, "process", p);
	if (w->has_avail)
		mwjson_set(d, "mem_available", mwjson_u64(w->avail));
	if (w->has_limit) {
		mwjson_set(d, "cgroup_limit", mwjson_u64(w->limit));
		mwjson_set(d, "cgroup_usage", mwjson_u64(w->usage));
	}
	mwjson_dump_line(d, out);
	json_decref(d);
}

void
mwjson_watch_sample_line(struct mw_buf *out, const struct watch_sample *s,
    const struct watch_places *p)
{
	json_t *d = sample_doc();

	mwjson_set(d, "t", mwjson_rec_seconds(s->t));
	for (int f = 0; f < WV_NR; f++)
		if (s->present & (1u << f))
			mwjson_set(d, val_keys[f], mwjson_u64(s->val[f]));
	if (p != NULL) {
		json_t *a = json_array();

		for (size_t k = 0; k < p->n; k++) {
			json_t *o = json_object();

			mwjson_set(o, "place", mwjson_str(p->v[k].name,
			    strlen(p->v[k].name)));
			mwjson_set(o, "cause",
			    json_string(watch_cause_key(p->v[k].cause)));
			mwjson_set(o, "rss", mwjson_u64(p->v[k].rss));
			json_array_append_new(a, o);
		}
		mwjson_set(d, "places", a);
	}
	mwjson_dump_line(d, out);
	json_decref(d);
}

void
mwjson_watch_end_line(struct mw_buf *out, const struct watch_info *i)
{
	mwjson_rec_end_line(out, i);
}

static json_t *
where_doc(const struct watch_verdict *v)
{
	json_t *a = json_array();

	for (size_t k = 0; k < v->nwhere; k++) {
		json_t *o = json_object();

		mwjson_set(o, "place", mwjson_str(v->where[k].name,
		    strlen(v->where[k].name)));
		mwjson_set(o, "cause", json_string(
		    watch_cause_key(v->where[k].cause)));
		mwjson_set(o, "growth", mwjson_i64(v->where[k].growth));
		json_array_append_new(a, o);
	}
	return a;
}

static void
put_fit(json_t *d, const struct watch_verdict *v)
{
	const struct trend_fit *f = &v->j.all;

	mwjson_set(d, "slope", json_integer(llround(f->slope)));
	mwjson_set(d, "slope_low", json_integer(llround(f->lo)));
	mwjson_set(d, "slope_high", json_integer(llround(f->hi)));
	mwjson_set(d, "per_hour", json_integer(llround(v->per_hour)));
	mwjson_set(d, "confidence", json_real(round(
	    trend_confidence(&v->j) * 1e4) / 1e4));
	mwjson_set(d, "mann_kendall_s", json_integer(llround(f->s)));
	mwjson_set(d, "mann_kendall_z", json_real(round(f->z * 100) / 100));
	mwjson_set(d, "steps_up", mwjson_u64(v->j.ups));
	mwjson_set(d, "steps", mwjson_u64(v->j.steps));
	mwjson_set(d, "first", mwjson_u64((uint64_t)llround(f->first)));
	mwjson_set(d, "last", mwjson_u64((uint64_t)llround(f->last)));
	mwjson_set(d, "min", mwjson_u64((uint64_t)llround(f->min)));
	mwjson_set(d, "max", mwjson_u64((uint64_t)llround(f->max)));
}

int
mwjson_watch_doc(FILE *f, const struct watch_info *i, const struct watch *w,
    const struct watch_verdict *v, json_t *stacks)
{
	json_t *d = mwjson_doc_new("watch"), *p = json_object();
	char next[128];
	int rc;

	mwjson_set(p, "pid", json_integer(i->pid));
	mwjson_set(p, "comm", mwjson_str(i->comm, strlen(i->comm)));
	mwjson_set(p, "start_ticks", mwjson_u64(i->start));
	mwjson_set(d, "process", p);
	mwjson_set(d, "interval", mwjson_rec_seconds(i->interval));
	mwjson_set(d, "watched", mwjson_rec_seconds(i->watched));
	mwjson_set(d, "samples", mwjson_u64(w->samples));
	mwjson_set(d, "end", json_string(watch_end_key(i->end)));
	mwjson_set(d, "verdict", json_string(trend_verdict_key(v->j.verdict)));
	mwjson_set(d, "verdict_text",
	    json_string(trend_verdict_text(v->j.verdict)));
	mwjson_set(d, "leak", json_boolean(v->leak));
	if (v->j.all.n >= 2)
		put_fit(d, v);
	if (v->j.verdict == TREND_NOT_ENOUGH)
		mwjson_set(d, "watch_more", json_integer(
		    llround(ceil(v->j.more_seconds))));
	if (v->has_cause)
		mwjson_set(d, "cause", json_string(watch_cause_key(v->cause)));
	mwjson_set(d, "where", where_doc(v));
	if (v->has_eta) {
		mwjson_set(d, "eta", json_integer(llround(v->eta)));
		mwjson_set(d, "eta_limit", json_string(v->eta_cgroup ?
		    "cgroup" : "mem_available"));
	}
	if (v->leak) {
		watch_next_step(next, sizeof(next), i->pid);
		mwjson_set(d, "next", json_string(next));
	}
	if (stacks != NULL)
		mwjson_set(d, "stacks", stacks);
	rc = mwjson_print(d, f, false);
	json_decref(d);
	return rc;
}

/* ---- reading a recording ------------------------------------------- */

struct rec {
	struct mwjson_rec b;	/* first: the callback's pointer is r */
	struct watch_info *i;
	struct watch *w;
	double last_t;
};

static int
bad(struct rec *r, const char *what)
{
	return mwjson_rec_bad(&r->b, what);
}

static int
load_header(struct rec *r, json_t *d, struct watch_info *i, struct watch *w)
{
	const json_t *p = json_object_get(d, "process");
	const char *s, *comm = "";
	uint64_t v;
	int64_t pid;
	int rc = mwjson_rec_header(&r->b, d);

	if (rc < 0)
		return rc;
	if (!json_is_object(p) || mwjson_get_i64(p, "pid", &pid) < 0 ||
	    pid <= 0 || pid > INT32_MAX)
		return bad(r, "no valid \"process\".\"pid\"");
	i->pid = (pid_t)pid;
	mwjson_get_u64(p, "start_ticks", &i->start);
	mwjson_get_str(p, "comm", &comm);
	snprintf(i->comm, sizeof(i->comm), "%s", comm);
	if (json_is_number(json_object_get(d, "interval")))
		i->interval = json_number_value(json_object_get(d, "interval"));
	if (mwjson_get_str(d, "taken_at", &s) == 0)
		mw_parse_rfc3339(s, &i->started);
	if (mwjson_get_u64(d, "mem_available", &v) == 0) {
		w->avail = v;
		w->has_avail = true;
	}
	if (mwjson_get_u64(d, "cgroup_limit", &w->limit) == 0 &&
	    mwjson_get_u64(d, "cgroup_usage", &w->usage) == 0)
		w->has_limit = true;
	return 0;
}

static int
load_places(struct rec *r, const json_t *a, struct watch *w, double t)
{
	struct watch_places *p = watch_places_begin(w, t);
	size_t k;
	const json_t *o;

	if (!json_is_array(a))
		return bad(r, "\"places\" is not an array");
	json_array_foreach(a, k, o) {
		const char *name, *cause;
		uint64_t rss;
		int c;

		if (mwjson_get_str(o, "place", &name) < 0 ||
		    mwjson_get_str(o, "cause", &cause) < 0 ||
		    (c = watch_cause_by_key(cause)) < 0 ||
		    mwjson_get_u64(o, "rss", &rss) < 0)
			return bad(r, "a place without a valid place, cause and rss");
		watch_places_add(p, name, strlen(name), (enum watch_cause)c,
		    rss);
	}
	return 0;
}

static int
load_sample(struct rec *r, json_t *d, struct watch_info *i, struct watch *w,
    double *last_t)
{
	const json_t *t = json_object_get(d, "t");
	struct watch_sample s = { 0 };
	const char *end;
	int e;

	if (!json_is_number(t) || !isfinite(json_number_value(t)))
		return bad(r, "a sample without a time \"t\"");
	s.t = json_number_value(t);
	if (s.t < *last_t)
		return bad(r, "samples out of time order");
	*last_t = s.t;
	i->watched = s.t;
	if (mwjson_get_str(d, "end", &end) == 0) {
		if ((e = watch_end_by_key(end)) >= 0)
			i->end = (enum watch_end)e;
		return 0;
	}
	for (int f = 0; f < WV_NR; f++) {
		int rc = mwjson_get_u64(d, val_keys[f], &s.val[f]);

		if (rc == -EINVAL)
			return bad(r, "an amount that is not a byte count");
		if (rc == 0)
			s.present |= 1u << f;
	}
	watch_add(w, &s);
	if (json_object_get(d, "places") != NULL)
		return load_places(r, json_object_get(d, "places"), w, s.t);
	return 0;
}

/* One line of the recording (line 1 the header), r the struct rec. */
static int
load_line(struct mwjson_rec *b, json_t *d, void *arg)
{
	struct rec *r = arg;

	if (b->line == 1)
		return load_header(r, d, r->i, r->w);
	return load_sample(r, d, r->i, r->w, &r->last_t);
}

#define REC(path, err, i, w) { .b = { (path), 0, (err), "process", \
	"memwatch PID watch --record", "one process", "memwatch leaks", \
	"" }, (i), (w), 0 }

int
mwjson_watch_read(FILE *f, const char *path, struct watch_info *i,
    struct watch *w, struct mw_err *err)
{
	struct rec r = REC(path, err, i, w);

	i->end = WATCH_END_RECORDING;
	return mwjson_rec_read(f, &r.b, load_line, &r);
}

int
mwjson_watch_load(const char *path, struct watch_info *i, struct watch *w,
    struct mw_err *err)
{
	struct rec r = REC(path, err, i, w);

	i->end = WATCH_END_RECORDING;
	return mwjson_rec_load(&r.b, load_line, &r);
}
