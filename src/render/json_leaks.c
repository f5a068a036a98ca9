/* render/json_leaks.c: the leak hunt's recording and "leaks" document.
 *
 * A round is one line that names what is new since the last line, what
 * is gone, and each entry whose value changed as [id, change in bytes]:
 * an idle process costs nothing, and a busy one about 14 bytes.
 */
#include "config.h"
#include "render/json_leaks.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "model/leaks.h"
#include "model/watch.h"
#include "render/json.h"
#include "render/json_record.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/time.h"
#include "util/units.h"

void
mwjson_leaks_header_line(struct mw_buf *out, const struct watch_info *i)
{
	json_t *d = mwjson_doc_new("watch-sample");
	char ts[MW_RFC3339_LEN];

	mwjson_set(d, "recording", json_string("leaks"));
	mwjson_set(d, "taken_at", json_string(mw_rfc3339(ts, i->started)));
	mwjson_set(d, "interval", mwjson_rec_seconds(i->interval));
	mwjson_dump_line(d, out);
	json_decref(d);
}

static void
put_new(json_t *d, struct leaks *l, size_t *known)
{
	json_t *procs = json_array(), *slabs = json_array();

	for (; *known < l->n; (*known)++) {
		const struct leak_entry *e = l->v[*known];

		if (e->what == LEAK_PROC)
			json_array_append_new(procs, json_pack("[IIIo]",
			    (json_int_t)e->id, (json_int_t)e->pid,
			    (json_int_t)(e->start > INT64_MAX ? 0 : e->start),
			    mwjson_str(e->name, strlen(e->name))));
		else
			json_array_append_new(slabs, json_pack("[Io]",
			    (json_int_t)e->id,
			    mwjson_str(e->name, strlen(e->name))));
	}
	if (json_array_size(procs) > 0)
		mwjson_set(d, "new", procs);
	else
		json_decref(procs);
	if (json_array_size(slabs) > 0)
		mwjson_set(d, "new_slabs", slabs);
	else
		json_decref(slabs);
}

void
mwjson_leaks_round_line(struct mw_buf *out, struct leaks *l, size_t *known,
    const uint32_t *gone, size_t ngone)
{
	json_t *d = json_object(), *v = json_array();

	mwjson_set(d, "kind", json_string("watch-sample"));
	mwjson_set(d, "t", mwjson_rec_seconds(l->t));
	put_new(d, l, known);
	if (ngone > 0) {
		json_t *g = json_array();

		for (size_t k = 0; k < ngone; k++)
			json_array_append_new(g, json_integer(gone[k]));
		mwjson_set(d, "gone", g);
	}
	for (size_t k = 0; k < l->nlive; k++) {
		struct leak_entry *e = l->live[k];

		if (!e->has_value || e->value == e->recorded)
			continue;
		json_array_append_new(v, json_pack("[II]", (json_int_t)e->id,
		    (json_int_t)mw_delta(e->value, e->recorded)));
		e->recorded = e->value;
	}
	mwjson_set(d, "v", v);
	mwjson_dump_line(d, out);
	json_decref(d);
}

void
mwjson_leaks_end_line(struct mw_buf *out, const struct watch_info *i)
{
	mwjson_rec_end_line(out, i);
}

static json_t *
rank_doc(const struct leak_rank *r, size_t rank)
{
	const struct leak_entry *e = r->e;
	const struct trend_fit *f = &r->j.all;
	json_t *o = json_object();

	mwjson_set(o, "rank", json_integer((json_int_t)rank));
	if (e->what == LEAK_PROC) {
		mwjson_set(o, "what", json_string("process"));
		mwjson_set(o, "pid", json_integer(e->pid));
		mwjson_set(o, "start_ticks", mwjson_u64(e->start));
		mwjson_set(o, "comm", mwjson_str(e->name, strlen(e->name)));
	} else {
		mwjson_set(o, "what", json_string("slab"));
		mwjson_set(o, "name", mwjson_str(e->name, strlen(e->name)));
	}
	mwjson_set(o, "verdict", json_string(trend_verdict_key(r->j.verdict)));
	mwjson_set(o, "gone", json_boolean(e->gone));
	mwjson_set(o, "samples", mwjson_u64(e->s.added));
	if (e->has_value)
		mwjson_set(o, "last", mwjson_u64(e->value));
	if (f->n >= 2) {
		mwjson_set(o, "slope", json_integer(llround(f->slope)));
		mwjson_set(o, "slope_low", json_integer(llround(f->lo)));
		mwjson_set(o, "slope_high", json_integer(llround(f->hi)));
		mwjson_set(o, "per_hour", json_integer(llround(f->slope * 3600)));
		mwjson_set(o, "confidence", json_real(round(
		    trend_confidence(&r->j) * 1e4) / 1e4));
	}
	mwjson_set(o, "score", json_integer(llround(r->score)));
	return o;
}

int
mwjson_leaks_doc(FILE *f, const struct watch_info *i, const struct leaks *l,
    const struct leak_rank *r, size_t n)
{
	json_t *d = mwjson_doc_new("leaks"), *a = json_array();
	int rc;

	mwjson_set(d, "interval", mwjson_rec_seconds(i->interval));
	mwjson_set(d, "watched", mwjson_rec_seconds(i->watched));
	mwjson_set(d, "rounds", mwjson_u64(l->rounds));
	mwjson_set(d, "end", json_string(watch_end_key(i->end)));
	mwjson_set(d, "processes", mwjson_u64(leaks_count(l, LEAK_PROC)));
	mwjson_set(d, "slab_caches", mwjson_u64(leaks_count(l, LEAK_SLAB)));
	for (size_t k = 0; k < n; k++)
		json_array_append_new(a, rank_doc(&r[k], k + 1));
	mwjson_set(d, "ranked", a);
	rc = mwjson_print(d, f, false);
	json_decref(d);
	return rc;
}

/* ---- reading a recording ------------------------------------------- */

struct rec {
	struct mwjson_rec b;	/* first: the callback's pointer is r */
	struct leaks *l;
	struct watch_info *i;
	double last_t;
};

static int
bad(struct rec *r, const char *what)
{
	return mwjson_rec_bad(&r->b, what);
}

static int
load_header(struct rec *r, const json_t *d, struct watch_info *i)
{
	const char *s;
	int rc = mwjson_rec_header(&r->b, d);

	if (rc < 0)
		return rc;
	if (json_is_number(json_object_get(d, "interval")))
		i->interval = json_number_value(json_object_get(d, "interval"));
	if (mwjson_get_str(d, "taken_at", &s) == 0)
		mw_parse_rfc3339(s, &i->started);
	return 0;
}

static int
load_new(struct rec *r, const json_t *a, enum leak_what what)
{
	size_t k;
	json_t *x;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return bad(r, "\"new\" is not an array");
	json_array_foreach(a, k, x) {
		json_int_t id, pid = 0, start = 0;
		const char *name;

		if ((what == LEAK_PROC && json_unpack(x, "[IIIs]", &id, &pid,
		    &start, &name) < 0) || (what == LEAK_SLAB &&
		    json_unpack(x, "[Is]", &id, &name) < 0) ||
		    id <= 0 || id > UINT32_MAX || pid < 0 || pid > INT32_MAX ||
		    start < 0 ||
		    leaks_add_id(r->l, (uint32_t)id, what, (pid_t)pid,
		    (uint64_t)start, name) == NULL)
			return bad(r, "a new entry without a valid id, pid, start time or name");
	}
	return 0;
}

static int
load_gone(struct rec *r, const json_t *a)
{
	size_t k;
	json_t *x;
	struct leak_entry *e;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return bad(r, "\"gone\" is not an array");
	json_array_foreach(a, k, x) {
		if (!json_is_integer(x) || json_integer_value(x) <= 0 ||
		    json_integer_value(x) > UINT32_MAX ||
		    (e = leaks_by_id(r->l, (uint32_t)json_integer_value(x))) ==
		    NULL)
			return bad(r, "\"gone\" names an entry never seen");
		e->seen = false;
	}
	return 0;
}

static int
load_values(struct rec *r, const json_t *a)
{
	size_t k;
	json_t *x;
	struct leak_entry *e;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return bad(r, "\"v\" is not an array");
	json_array_foreach(a, k, x) {
		json_int_t id, d;

		if (json_unpack(x, "[II]", &id, &d) < 0 || id <= 0 ||
		    id > UINT32_MAX ||
		    (e = leaks_by_id(r->l, (uint32_t)id)) == NULL || e->gone ||
		    (d < 0 && (uint64_t)-(d + 1) >= e->recorded))
			return bad(r, "a value for an entry not live, or below 0");
		e->recorded = (uint64_t)((int64_t)e->recorded + d);
		e->has_value = true;
	}
	return 0;
}

static int
load_round(struct rec *r, const json_t *d, struct watch_info *i,
    double *last_t)
{
	const json_t *t = json_object_get(d, "t");
	const char *end;
	int rc, e;

	if (!json_is_number(t) || !isfinite(json_number_value(t)) ||
	    json_number_value(t) < *last_t)
		return bad(r, "a round without a time \"t\" in order");
	*last_t = json_number_value(t);
	i->watched = *last_t;
	if (mwjson_get_str(d, "end", &end) == 0) {
		if ((e = watch_end_by_key(end)) >= 0)
			i->end = (enum watch_end)e;
		return 0;
	}
	leaks_round_begin(r->l, *last_t);
	for (size_t k = 0; k < r->l->nlive; k++)
		r->l->live[k]->seen = true;
	rc = load_new(r, json_object_get(d, "new"), LEAK_PROC);
	if (rc == 0)
		rc = load_new(r, json_object_get(d, "new_slabs"), LEAK_SLAB);
	if (rc == 0)
		rc = load_gone(r, json_object_get(d, "gone"));
	if (rc == 0)
		rc = load_values(r, json_object_get(d, "v"));
	for (size_t k = 0; rc == 0 && k < r->l->nlive; k++) {
		struct leak_entry *en = r->l->live[k];

		if (en->seen && en->has_value)
			leaks_value(r->l, en, en->recorded);
	}
	if (rc == 0)
		leaks_round_end(r->l, NULL);
	return rc;
}

/* One line of the recording (line 1 the header), r the struct rec. */
static int
load_line(struct mwjson_rec *b, json_t *d, void *arg)
{
	struct rec *r = arg;

	if (b->line == 1)
		return load_header(r, d, r->i);
	return load_round(r, d, r->i, &r->last_t);
}

#define REC(path, err, l, i) { .b = { (path), 0, (err), "leaks", \
	"memwatch leaks --record", "every process", "memwatch watch", \
	"one " }, (l), (i), 0 }

int
mwjson_leaks_read(FILE *f, const char *path, struct watch_info *i,
    struct leaks *l, struct mw_err *err)
{
	struct rec r = REC(path, err, l, i);

	i->end = WATCH_END_RECORDING;
	return mwjson_rec_read(f, &r.b, load_line, &r);
}

int
mwjson_leaks_load(const char *path, struct watch_info *i, struct leaks *l,
    struct mw_err *err)
{
	struct rec r = REC(path, err, l, i);

	i->end = WATCH_END_RECORDING;
	return mwjson_rec_load(&r.b, load_line, &r);
}
