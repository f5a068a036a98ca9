/* render/oom.c: OOM kills as text for a person and as the "oom" document.
 *
 * The text is a headline per kill (who, whose limit, when) and the
 * event's findings as wrapped paragraphs; the JSON document carries the
 * same findings beside every number they are made of.
 */
#include "config.h"
#include "render/oom.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "model/oom.h"
#include "render/amount.h"
#include "render/json.h"
#include "render/json_explain.h"
#include "render/term.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/time.h"

void
render_oom_headline(struct mw_buf *b, const struct oom_event *e, bool color)
{
	const struct oom_report *r = e->r;
	char t[MW_RFC3339_LEN];

	term_sgr(b, color, TERM_BOLD);
	if (e->victim != NULL) {
		mw_buf_printf(b, "pid %" PRId64 " ", e->victim->pid);
		mw_escape_term(b, e->victim->comm.s, e->victim->comm.n);
		mw_buf_adds(b, " killed");
	} else {
		mw_buf_adds(b, r->no_killable ? "nothing could be killed" :
		    "a victim chosen");
	}
	term_sgr(b, color, TERM_RESET);
	if (e->constraint == OOM_CONSTRAINT_MEMCG) {
		const struct oom_text *p = r->oom_memcg.s ? &r->oom_memcg :
		    &r->stats_path;

		mw_buf_adds(b, ": memory cgroup ");
		if (p->s != NULL)
			mw_escape_term(b, p->s, p->n);
		else
			mw_buf_adds(b, "?");
		mw_buf_adds(b, " at its limit");
	} else if (e->constraint == OOM_CONSTRAINT_CPUSET ||
	    e->constraint == OOM_CONSTRAINT_MEMORY_POLICY) {
		mw_buf_adds(b, e->constraint == OOM_CONSTRAINT_CPUSET ?
		    ": a cpuset's nodes full" : ": a memory policy's nodes full");
	} else if (e->constraint == OOM_CONSTRAINT_NONE) {
		mw_buf_adds(b, ": the machine out of memory");
	}
	if (e->has_when)
		mw_buf_printf(b, " at %s", mw_rfc3339(t, e->when));
	else if (r->when.has_mono)
		mw_buf_printf(b, " %.3f s after boot", r->when.mono);
	mw_buf_addc(b, '\n');
}

int
render_oom_text(FILE *f, const struct oom_events *ev, const char *source,
    bool bytes, bool color, size_t width)
{
	struct mw_buf b, text;
	int rc = 0;

	if (width > 100)
		width = 100;
	mw_buf_init(&b);
	mw_buf_init(&text);
	if (ev->len == 0)
		mw_buf_printf(&b, "No OOM kill in %s.\n", source);
	for (size_t i = 0; i < ev->len; i++) {
		const struct oom_event *e = &ev->v[i];

		if (i > 0)
			mw_buf_addc(&b, '\n');
		render_oom_headline(&b, e, color);
		for (size_t j = 0; j < e->findings.len; j++) {
			const struct finding *fd = &e->findings.v[j];
			size_t at;

			mw_buf_reset(&text);
			amount_term(&text, fd->text, strlen(fd->text), bytes);
			at = b.len;
			term_wrap(&b, text.data, text.len, width, 4);
			b.data[at + 2] = '-';	/* a bullet in the indent */
		}
		if (term_flush(&b, f) < 0)
			rc = -EIO;
	}
	if (ev->len > 1)
		mw_buf_printf(&b, "\n%zu OOM kills in %s, newest first.\n",
		    ev->len, source);
	if (term_flush(&b, f) < 0)
		rc = -EIO;
	mw_buf_free(&text);
	mw_buf_free(&b);
	return rc;
}

static void
set_text(json_t *o, const char *key, const struct oom_text *t)
{
	if (t->s != NULL)
		mwjson_set(o, key, mwjson_str(t->s, t->n));
}

static const char *const kill_keys[OOM_KILL_NR] = {
	[OOM_KILL_TOTAL_VM] = "total_vm", [OOM_KILL_ANON_RSS] = "anon_rss",
	[OOM_KILL_FILE_RSS] = "file_rss", [OOM_KILL_SHMEM_RSS] = "shmem_rss",
	[OOM_KILL_PGTABLES] = "pgtables",
};

static json_t *
kill_json(const struct oom_event *e, const struct oom_kill *k)
{
	json_t *o = json_object();

	mwjson_set(o, "pid", mwjson_i64(k->pid));
	mwjson_set(o, "comm", mwjson_str(k->comm.s, k->comm.n));
	if (k->has_uid)
		mwjson_set(o, "uid", mwjson_i64(k->uid));
	for (int f = 0; f < OOM_KILL_NR; f++)
		if (k->present & 1u << f)
			mwjson_set(o, kill_keys[f], mwjson_u64(k->val[f]));
	if (k->has_adj)
		mwjson_set(o, "oom_score_adj", mwjson_i64(k->adj));
	if (k == e->victim && e->victim_task != NULL &&
	    (e->victim_task->present & 1u << OOM_COL_SWAPENTS))
		mwjson_set(o, "swap", mwjson_u64(oom_pages(e,
		    (uint64_t)e->victim_task->val[OOM_COL_SWAPENTS])));
	if (k->reaped)
		mwjson_set(o, "reaped_anon_rss", mwjson_u64(k->reaped_anon));
	return o;
}

static json_t *
candidates_json(const struct oom_event *e)
{
	json_t *a = json_array();

	for (size_t i = 0; i < e->ncand; i++) {
		const struct oom_candidate *c = &e->cand[i];
		json_t *o = json_object();

		mwjson_set(o, "pid", mwjson_i64(c->task->pid));
		mwjson_set(o, "comm", mwjson_str(c->task->name.s,
		    c->task->name.n));
		mwjson_set(o, "rss", mwjson_u64(oom_pages(e, c->rss)));
		mwjson_set(o, "swap", mwjson_u64(oom_pages(e, c->swap)));
		mwjson_set(o, "pgtables", mwjson_u64(oom_pages(e,
		    c->pgtables)));
		mwjson_set(o, "oom_score_adj",
		    mwjson_i64(c->task->val[OOM_COL_OOM_SCORE_ADJ]));
		if (c->has_adj_share)
			mwjson_set(o, "badness", mwjson_i64(c->points));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
memcg_json(const struct oom_report *r)
{
	static const char *const names[OOM_MEMCG_NR] = {
		"memory", "memory_swap", "swap", "kmem",
	};
	json_t *o = json_object(), *st = json_object();

	set_text(o, "path", &r->oom_memcg);
	set_text(o, "task_path", &r->task_memcg);
	set_text(o, "stats_path", &r->stats_path);
	for (int i = 0; i < OOM_MEMCG_NR; i++) {
		json_t *c;

		if (!r->memcg[i].present)
			continue;
		c = json_object();
		mwjson_set(c, "usage", mwjson_u64(r->memcg[i].usage));
		mwjson_set(c, "limit", mwjson_u64(r->memcg[i].limit));
		mwjson_set(c, "failcnt", mwjson_u64(r->memcg[i].failcnt));
		mwjson_set(o, names[i], c);
	}
	for (size_t i = 0; i < r->nstats; i++)
		mwjson_set(st, r->stats[i].name, mwjson_u64(r->stats[i].value));
	mwjson_set(o, "stats", st);
	return o;
}

static json_t *
zones_json(const struct oom_report *r)
{
	static const char *const names[OOM_ZONE_NR] = {
		"free", "min", "low", "high", "boost", "present", "managed",
		"free_cma",
	};
	json_t *a = json_array();

	for (size_t i = 0; i < r->nzones; i++) {
		const struct oom_zone *z = &r->zones[i];
		json_t *o = json_object();

		if (z->node >= 0)
			mwjson_set(o, "node", mwjson_i64(z->node));
		mwjson_set(o, "zone", mwjson_cstr(z->name));
		for (int f = 0; f < OOM_ZONE_NR; f++)
			if (z->present & 1u << f)
				mwjson_set(o, names[f], mwjson_u64(z->val[f]));
		if (z->norders > 0) {
			json_t *fb = json_array();

			for (unsigned j = 0; j < z->norders; j++)
				json_array_append_new(fb,
				    mwjson_u64(z->blocks[j]));
			mwjson_set(o, "free_blocks", fb);
		}
		json_array_append_new(a, o);
	}
	return a;
}

static const char *
constraint_word(enum oom_constraint c)
{
	switch (c) {
	case OOM_CONSTRAINT_NONE:
		return "none";
	case OOM_CONSTRAINT_CPUSET:
		return "cpuset";
	case OOM_CONSTRAINT_MEMORY_POLICY:
		return "memory_policy";
	case OOM_CONSTRAINT_MEMCG:
		return "memcg";
	case OOM_CONSTRAINT_UNKNOWN:
		break;
	}
	return NULL;
}

static void
header_json(json_t *o, const struct oom_event *e)
{
	const struct oom_report *r = e->r;
	char t[MW_RFC3339_LEN], mask[24];
	const char *cw = constraint_word(e->constraint);

	if (e->has_when)
		mwjson_set(o, "time", mwjson_cstr(mw_rfc3339(t, e->when)));
	if (r->when.has_mono)
		mwjson_set(o, "uptime", json_real(r->when.mono));
	set_text(o, "kernel", &r->kernel);
	mwjson_set(o, "first_line", mwjson_u64(r->first_line));
	mwjson_set(o, "last_line", mwjson_u64(r->last_line));
	set_text(o, "invoker", &r->invoker);
	if (r->has_gfp) {
		snprintf(mask, sizeof(mask), "0x%" PRIx64, r->gfp_mask);
		mwjson_set(o, "gfp_mask", mwjson_cstr(mask));
	}
	set_text(o, "gfp_flags", &r->gfp_names);
	if (r->has_order)
		mwjson_set(o, "order", mwjson_i64(r->order));
	if (cw != NULL)
		mwjson_set(o, "constraint", mwjson_cstr(cw));
	set_text(o, "nodemask", &r->nodemask);
	if (e->page_size_known)
		mwjson_set(o, "page_size", mwjson_u64(e->page_size));
}

static json_t *
event_json(const struct oom_event *e, bool bytes)
{
	const struct oom_report *r = e->r;
	json_t *o = json_object(), *fa = json_array();

	header_json(o, e);
	if (e->victim != NULL)
		mwjson_set(o, "victim", kill_json(e, e->victim));
	if (r->nkills > 1) {
		json_t *g = json_array();

		for (size_t i = 1; i < r->nkills; i++)
			json_array_append_new(g, kill_json(e, &r->kills[i]));
		mwjson_set(o, "group_kills", g);
	}
	if (e->constraint == OOM_CONSTRAINT_MEMCG)
		mwjson_set(o, "memcg", memcg_json(r));
	if (r->nzones > 0)
		mwjson_set(o, "zones", zones_json(r));
	if (r->has_swap_total)
		mwjson_set(o, "swap_total", mwjson_u64(r->swap_total));
	if (r->has_swap_free)
		mwjson_set(o, "swap_free", mwjson_u64(r->swap_free));
	if (r->has_table)
		mwjson_set(o, "candidates", candidates_json(e));
	mwjson_set(o, "high_order", json_boolean(e->high_order));
	mwjson_set(o, "fragmentation", json_boolean(e->fragmented));
	mwjson_set(o, "no_victim", json_boolean(r->no_killable));
	for (size_t i = 0; i < e->findings.len; i++) {
		const struct finding *fd = &e->findings.v[i];
		json_array_append_new(fa, mwjson_finding(fd, bytes));
	}
	mwjson_set(o, "findings", fa);
	return o;
}

json_t *
render_oom_event_json(const struct oom_event *e, bool bytes)
{
	return event_json(e, bytes);
}

static int
print_doc(FILE *f, const struct oom_events *ev, const char *source,
    bool compact, bool bytes)
{
	json_t *doc = mwjson_doc_new("oom"), *a = json_array();

	mwjson_set(doc, "source", mwjson_cstr(source));
	for (size_t i = 0; i < ev->len; i++)
		json_array_append_new(a, event_json(&ev->v[i], bytes));
	mwjson_set(doc, "kills", a);
	return mwjson_emit(doc, f, compact);
}

int
render_oom_json(FILE *f, const struct oom_events *ev, const char *source,
    bool bytes)
{
	return print_doc(f, ev, source, false, bytes);
}

int
render_oom_json_line(FILE *f, const struct oom_events *ev,
    const char *source, bool bytes)
{
	return print_doc(f, ev, source, true, bytes);
}
