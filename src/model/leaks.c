/* model/leaks.c: entries over time, their verdicts and their rank. */
#include "config.h"
#include "model/leaks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/procid.h"
#include "util/xmalloc.h"

void
leaks_init(struct leaks *l)
{
	memset(l, 0, sizeof(*l));
}

void
leaks_free(struct leaks *l)
{
	for (size_t i = 0; i < l->n; i++) {
		trend_series_free(&l->v[i]->s);
		free(l->v[i]);
	}
	free(l->v);
	free(l->live);
	memset(l, 0, sizeof(*l));
}

void
leaks_round_begin(struct leaks *l, double t)
{
	l->t = t;
	l->rounds++;
	for (size_t i = 0; i < l->nlive; i++)
		l->live[i]->seen = false;
}

/* Order of the live list: processes by pid, then caches by name. */
static int
live_cmp(enum leak_what what, pid_t pid, const char *name,
    const struct leak_entry *e)
{
	if (what != e->what)
		return what == LEAK_PROC ? -1 : 1;
	if (what == LEAK_PROC)
		return (pid > e->pid) - (pid < e->pid);
	return strcmp(name, e->name);
}

/* Where (what, pid, name) is or would go in the live list. */
static size_t
live_find(const struct leaks *l, enum leak_what what, pid_t pid,
    const char *name, bool *found)
{
	size_t lo = 0, hi = l->nlive;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = live_cmp(what, pid, name, l->live[mid]);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	*found = false;
	return lo;
}

static struct leak_entry *
new_entry(struct leaks *l, enum leak_what what, pid_t pid, uint64_t start,
    const char *name)
{
	struct leak_entry *e = mw_xcalloc(1, sizeof(*e));

	e->what = what;
	e->pid = pid;
	e->start = start;
	snprintf(e->name, sizeof(e->name), "%s", name);
	trend_series_init(&e->s, LEAKS_SERIES_CAP);
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = mw_xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = e;
	e->id = (uint32_t)l->n;
	return e;
}

static void
live_insert(struct leaks *l, size_t at, struct leak_entry *e)
{
	if (l->nlive == l->live_cap) {
		l->live_cap = l->live_cap ? 2 * l->live_cap : 64;
		l->live = mw_xreallocarray(l->live, l->live_cap,
		    sizeof(*l->live));
	}
	memmove(&l->live[at + 1], &l->live[at],
	    (l->nlive - at) * sizeof(*l->live));
	l->live[at] = e;
	l->nlive++;
}

static struct leak_entry *
get(struct leaks *l, enum leak_what what, pid_t pid, uint64_t start,
    const char *name, bool *is_new)
{
	bool found;
	size_t at = live_find(l, what, pid, name, &found);
	struct leak_entry *e;

	*is_new = false;
	if (found && (what == LEAK_SLAB || proc_id_same((struct proc_id){ pid,
	    true, l->live[at]->start }, (struct proc_id){ pid, true, start }))) {
		l->live[at]->seen = true;
		return l->live[at];
	}
	e = new_entry(l, what, pid, start, name);
	if (found) {		/* the pid was reused */
		l->live[at]->gone = true;
		l->live[at] = e;
	} else {
		live_insert(l, at, e);
	}
	e->seen = true;
	*is_new = true;
	return e;
}

struct leak_entry *
leaks_proc(struct leaks *l, pid_t pid, uint64_t start, const char *comm,
    bool *is_new)
{
	return get(l, LEAK_PROC, pid, start, comm, is_new);
}

struct leak_entry *
leaks_slab(struct leaks *l, const char *name, bool *is_new)
{
	return get(l, LEAK_SLAB, 0, 0, name, is_new);
}

void
leaks_value(struct leaks *l, struct leak_entry *e, uint64_t v)
{
	e->value = v;
	e->has_value = true;
	trend_series_add(&e->s, l->t, (double)v);
}

size_t
leaks_round_end(struct leaks *l, uint32_t *gone)
{
	size_t out = 0, ngone = 0;

	for (size_t i = 0; i < l->nlive; i++) {
		struct leak_entry *e = l->live[i];

		if (e->seen) {
			l->live[out++] = e;
			continue;
		}
		e->gone = true;
		if (gone != NULL)
			gone[ngone] = e->id;
		ngone++;
	}
	l->nlive = out;
	return ngone;
}

struct leak_entry *
leaks_by_id(struct leaks *l, uint32_t id)
{
	return id >= 1 && id <= l->n ? l->v[id - 1] : NULL;
}

struct leak_entry *
leaks_add_id(struct leaks *l, uint32_t id, enum leak_what what, pid_t pid,
    uint64_t start, const char *name)
{
	bool is_new;
	struct leak_entry *e;

	if (id != l->n + 1)
		return NULL;
	e = get(l, what, pid, start, name, &is_new);
	return is_new ? e : NULL;
}

static int
rank_cmp(const void *a, const void *b)
{
	const struct leak_rank *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->e->id > y->e->id) - (x->e->id < y->e->id);
}

/* Growing first (confidence x slope), then levelled (by its rise, scaled
 * below any growing entry), then the rest. */
static double
score(const struct trend_judgement *j)
{
	switch (j->verdict) {
	case TREND_GROWING:
		return 1e12 + trend_confidence(j) * j->all.slope;
	case TREND_LEVELLED:
		return 1e6 + (j->all.max - j->all.min) / 1e6;
	case TREND_NOT_ENOUGH:
	case TREND_FLAT:
	case TREND_SAWTOOTH:
	case TREND_SHRINKING:
	case TREND_VERDICT_NR:
		break;
	}
	return j->all.slope > 0 ? j->all.slope / 1e9 : 0;
}

size_t
leaks_rank(const struct leaks *l, struct leak_rank **out)
{
	struct leak_rank *r = mw_xcalloc(l->n ? l->n : 1, sizeof(*r));

	for (size_t i = 0; i < l->n; i++) {
		r[i].e = l->v[i];
		trend_series_judge(&l->v[i]->s, &r[i].j);
		r[i].score = score(&r[i].j);
	}
	qsort(r, l->n, sizeof(*r), rank_cmp);
	for (size_t i = 0; i < l->n; i++)
		if (r[i].j.verdict == TREND_GROWING)
			r[i].score = trend_confidence(&r[i].j) *
			    r[i].j.all.slope;
		else
			r[i].score = 0;
	*out = r;
	return l->n;
}

size_t
leaks_count(const struct leaks *l, enum leak_what what)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		n += l->v[i]->what == what;
	return n;
}
