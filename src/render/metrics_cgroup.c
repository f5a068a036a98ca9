/* render/metrics_cgroup.c: the memory cgroups' families (metrics.h). */
#include "config.h"
#include "render/metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/cgroup.h"
#include "model/fleet.h"
#include "model/sample.h"
#include "render/openmetrics.h"
#include "util/xmalloc.h"

#define LBL(n, v) { (n), (v), strlen(v) }

/* The indexes of the n cgroups with the largest usage, largest first. */
static int
cg_usage_cmp(const void *a, const void *b, void *arg)
{
	const struct cg_tree *t = arg;
	const struct cgroup *x = &t->v[*(const size_t *)a];
	const struct cgroup *y = &t->v[*(const size_t *)b];
	uint64_t ux = cg_has(x, CG_CURRENT) ? x->val[CG_CURRENT] : 0;
	uint64_t uy = cg_has(y, CG_CURRENT) ? y->val[CG_CURRENT] : 0;

	return ux != uy ? (ux < uy ? 1 : -1) : strcmp(x->path, y->path);
}

/* A family started at its first sample, so that none is left empty. */
struct lazy_family {
	const char *name, *unit, *help;
	enum om_type type;
	bool started;
};

static void
lazy_sample(struct om_writer *w, struct lazy_family *f,
    const struct om_label *l, size_t nl, uint64_t v, bool seconds_us)
{
	if (!f->started)
		om_family(w, f->name, f->type, f->unit, f->help);
	f->started = true;
	if (seconds_us)
		om_sample_double(w, l, nl, (double)v / 1e6);
	else
		om_sample_u64(w, l, nl, v);
}

static void
cg_family(struct om_writer *w, const struct cg_tree *t, const size_t *order,
    size_t n, const char *name, const char *help, enum cg_field f)
{
	struct lazy_family fam = { name, "bytes", help, OM_GAUGE, false };
	struct om_label l;

	for (size_t i = 0; i < n; i++) {
		const struct cgroup *c = &t->v[order[i]];

		if (!cg_has(c, f) || cg_unlimited(c, f))
			continue;
		l = (struct om_label)LBL("cgroup", c->path);
		lazy_sample(w, &fam, &l, 1, c->val[f], false);
	}
}

void
metrics_render_cgroups(struct om_writer *w, const struct fleet_sample *s,
    size_t top)
{
	static const char *const stats[] = { "anon", "file", "shmem",
	    "active_file", "inactive_file", "file_dirty", "file_writeback",
	    "kernel", "slab", "sock" };
	struct lazy_family limit = { "memwatch_cgroup_limit_bytes", "bytes",
	    "The tightest limit at or above a cgroup (memory.max, memory.high, v1 memory.limit_in_bytes); absent when none is set up to the root.",
	    OM_GAUGE, false };
	struct lazy_family stat = { "memwatch_cgroup_stat_bytes", "bytes",
	    "Rows of a cgroup's memory.stat (v1: the total_ rows of rss, cache, ... under their v2 names).",
	    OM_GAUGE, false };
	struct lazy_family events = { "memwatch_cgroup_events", NULL,
	    "A cgroup's memory events since it was created (memory.events: low, high, max, oom, oom_kill; v1 memory.oom_control oom_kill and memory.failcnt as failcnt).",
	    OM_COUNTER, false };
	struct lazy_family psi = { "memwatch_cgroup_pressure_stalled_seconds",
	    "seconds",
	    "Time tasks in a cgroup waited for memory (memory.pressure total): kind some (at least one task) or full (all at once).",
	    OM_COUNTER, false };
	const struct cg_tree *t = &s->cgroups;
	size_t *order, n;
	struct om_label l[2];
	char ver[4];
	uint64_t v;

	if (!s->has_cgroups || t->len == 0)
		return;
	snprintf(ver, sizeof(ver), "%d", s->cg_hier.version);
	om_family(w, "memwatch_cgroups", OM_GAUGE, NULL,
	    "Memory cgroups in the hierarchy read (version 1 or 2).");
	l[0] = (struct om_label)LBL("version", ver);
	om_sample_u64(w, l, 1, t->len);
	order = mw_xreallocarray(NULL, t->len, sizeof(*order));
	for (size_t i = 0; i < t->len; i++)
		order[i] = i;
	qsort_r(order, t->len, sizeof(*order), cg_usage_cmp, (void *)t);
	n = top < t->len ? top : t->len;
	cg_family(w, t, order, n, "memwatch_cgroup_usage_bytes",
	    "Memory charged to a cgroup, its descendants included (memory.current, v1 memory.usage_in_bytes), for the cgroups with the largest usage.",
	    CG_CURRENT);
	cg_family(w, t, order, n, "memwatch_cgroup_peak_bytes",
	    "The most a cgroup has held (memory.peak, v1 memory.max_usage_in_bytes).",
	    CG_PEAK);
	cg_family(w, t, order, n, "memwatch_cgroup_max_bytes",
	    "A cgroup's own hard limit (memory.max, v1 memory.limit_in_bytes); absent when none is set.",
	    CG_MAX);
	cg_family(w, t, order, n, "memwatch_cgroup_high_bytes",
	    "A cgroup's own throttling limit (memory.high); absent when none is set.",
	    CG_HIGH);
	cg_family(w, t, order, n, "memwatch_cgroup_swap_bytes",
	    "Swap used by a cgroup (memory.swap.current).", CG_SWAP_CURRENT);
	for (size_t i = 0; i < n; i++) {
		const struct cgroup *c = &t->v[order[i]];

		l[0] = (struct om_label)LBL("cgroup", c->path);
		if (c->has_limit)
			lazy_sample(w, &limit, l, 1, c->limit, false);
	}
	for (size_t i = 0; i < n; i++) {
		const struct cgroup *c = &t->v[order[i]];

		l[0] = (struct om_label)LBL("cgroup", c->path);
		for (size_t k = 0; k < sizeof(stats) / sizeof(stats[0]); k++) {
			if (!cg_stat(c, s->cg_hier.version, stats[k], &v) &&
			    !(s->cg_hier.version == 2 &&
			    cg_kv_get(&c->stat, stats[k], &v)))
				continue;
			l[1] = (struct om_label)LBL("stat", stats[k]);
			lazy_sample(w, &stat, l, 2, v, false);
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct cgroup *c = &t->v[order[i]];

		l[0] = (struct om_label)LBL("cgroup", c->path);
		if (s->cg_hier.version == 2) {
			for (size_t k = 0; c->has_events && k < c->events.len; k++) {
				l[1] = (struct om_label)LBL("event",
				    c->events.rows[k].name);
				lazy_sample(w, &events, l, 2,
				    c->events.rows[k].value, false);
			}
			continue;
		}
		if (c->has_events && cg_kv_get(&c->events, "oom_kill", &v)) {
			l[1] = (struct om_label)LBL("event", "oom_kill");
			lazy_sample(w, &events, l, 2, v, false);
		}
		if (cg_has(c, CG_FAILCNT)) {
			l[1] = (struct om_label)LBL("event", "failcnt");
			lazy_sample(w, &events, l, 2, c->val[CG_FAILCNT], false);
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct cgroup *c = &t->v[order[i]];

		if (!c->has_pressure)
			continue;
		l[0] = (struct om_label)LBL("cgroup", c->path);
		if (cg_kv_get(&c->pressure, "some_total", &v)) {
			l[1] = (struct om_label)LBL("kind", "some");
			lazy_sample(w, &psi, l, 2, v, true);
		}
		if (cg_kv_get(&c->pressure, "full_total", &v)) {
			l[1] = (struct om_label)LBL("kind", "full");
			lazy_sample(w, &psi, l, 2, v, true);
		}
	}
	free(order);
}
