/* model/watch.c: a process's samples, where it grows, and the verdict. */
#include "config.h"
#include "model/watch.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/vma.h"
#include "parse/smaps.h"
#include "util/xmalloc.h"

#define ARENA_ALIGN ((uint64_t)64 << 20)	/* glibc HEAP_MAX_SIZE */

void
watch_init(struct watch *w)
{
	memset(w, 0, sizeof(*w));
	trend_series_init(&w->total, TREND_CAP_DEFAULT);
	for (int c = 0; c < WATCH_CAUSE_NR; c++)
		trend_series_init(&w->part[c], TREND_CAP_DEFAULT);
}

static void
places_clear(struct watch_places *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].name);
	p->n = 0;
}

void
watch_free(struct watch *w)
{
	trend_series_free(&w->total);
	for (int c = 0; c < WATCH_CAUSE_NR; c++)
		trend_series_free(&w->part[c]);
	places_clear(&w->maps0);
	places_clear(&w->maps1);
	free(w->maps0.v);
	free(w->maps1.v);
}

bool
watch_sample_total(const struct watch_sample *s, uint64_t *total)
{
	bool rss = s->present & (1u << WV_RSS);
	bool swap = s->present & (1u << WV_SWAP);

	*total = (rss ? s->val[WV_RSS] : 0) + (swap ? s->val[WV_SWAP] : 0);
	return rss || swap;
}

static const enum watch_val part_val[WATCH_CAUSE_NR] = {
	[WATCH_ANON] = WV_ANON, [WATCH_FILE] = WV_PSS_FILE,
	[WATCH_SHMEM] = WV_PSS_SHMEM,
};

void
watch_add(struct watch *w, const struct watch_sample *s)
{
	uint64_t total;

	if (!watch_sample_total(s, &total))
		return;
	if (w->samples++ == 0)
		w->first = *s;
	w->last = *s;
	trend_series_add(&w->total, s->t, (double)total);
	for (int c = 0; c < WATCH_CAUSE_NR; c++) {
		enum watch_val f = part_val[c];
		double v;

		if (!(s->present & (1u << f)))
			continue;
		v = (double)s->val[f];
		/* private memory swapped out is still the process's */
		if (c == WATCH_ANON && (s->present & (1u << WV_SWAP)))
			v += (double)s->val[WV_SWAP];
		trend_series_add(&w->part[c], s->t, v);
	}
}

struct watch_places *
watch_places_begin(struct watch *w, double t)
{
	struct watch_places *p = w->map_reads++ == 0 ? &w->maps0 : &w->maps1;

	places_clear(p);
	p->t = t;
	return p;
}

void
watch_places_add(struct watch_places *p, const char *name, size_t len,
    enum watch_cause cause, uint64_t rss)
{
	for (size_t i = 0; i < p->n; i++) {
		if (strlen(p->v[i].name) == len &&
		    memcmp(p->v[i].name, name, len) == 0) {
			p->v[i].rss += rss;
			return;
		}
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->v = mw_xreallocarray(p->v, p->cap, sizeof(*p->v));
	}
	p->v[p->n].name = mw_xstrndup(name, len);
	p->v[p->n].cause = cause;
	p->v[p->n].rss = rss;
	p->n++;
}

static size_t
put_name(char *name, size_t size, const char *s, size_t n)
{
	if (size == 0)
		return 0;
	if (n >= size)
		n = size - 1;
	memcpy(name, s, n);
	name[n] = '\0';
	return n;
}

size_t
watch_place_of(const struct vma *v, char *name, size_t size,
    enum watch_cause *cause)
{
	enum vma_kind k = vma_kind(v);

	*cause = WATCH_ANON;
	switch (k) {
	case VMA_SHMEM:
		*cause = WATCH_SHMEM;
		break;
	case VMA_FILE:
	case VMA_CODE:
		*cause = WATCH_FILE;
		break;
	case VMA_ANON:
		if (v->path != NULL)
			break;
		if (v->start % ARENA_ALIGN == 0 &&
		    v->end - v->start <= ARENA_ALIGN)
			return put_name(name, size, "malloc arena", 12);
		return put_name(name, size, "anonymous mmap", 14);
	case VMA_HEAP: case VMA_STACK: case VMA_VDSO: case VMA_VVAR:
	case VMA_VSYSCALL: case VMA_GUARD: case VMA_HUGETLB:
	case VMA_SPECIAL: case VMA_KIND_NR:
		break;
	}
	if (v->path != NULL)
		return put_name(name, size, v->path, v->path_len);
	return put_name(name, size, vma_kind_name(k), strlen(vma_kind_name(k)));
}

static uint64_t
place_rss(const struct watch_places *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return p->v[i].rss;
	return 0;
}

/* The places that grew most between the two reads; growth by cause. */
static void
judge_where(const struct watch *w, struct watch_verdict *v, double *by)
{
	const struct watch_places *a = &w->maps0, *b = &w->maps1;

	for (size_t i = 0; i < b->n; i++) {
		int64_t g = (int64_t)b->v[i].rss -
		    (int64_t)place_rss(a, b->v[i].name);
		size_t k;

		by[b->v[i].cause] += (double)g;
		if (g <= 0)
			continue;
		for (k = v->nwhere; k > 0 && v->where[k - 1].growth < g; k--)
			if (k < WATCH_WHERE)
				v->where[k] = v->where[k - 1];
		if (k < WATCH_WHERE) {
			v->where[k].name = b->v[i].name;
			v->where[k].cause = b->v[i].cause;
			v->where[k].growth = g;
			if (v->nwhere < WATCH_WHERE)
				v->nwhere++;
		}
	}
	/* a place gone since the first read shrank by all its Rss */
	for (size_t i = 0; i < a->n; i++)
		if (place_rss(b, a->v[i].name) == 0)
			by[a->v[i].cause] -= (double)a->v[i].rss;
}

/* Which of private, file and shared memory grows most. */
static void
judge_cause(const struct watch *w, struct watch_verdict *v)
{
	double by[WATCH_CAUSE_NR] = { 0 };
	bool known = false;

	if (w->map_reads >= 2) {
		judge_where(w, v, by);
		known = true;
	} else {
		for (int c = 0; c < WATCH_CAUSE_NR; c++) {
			struct trend_judgement j;

			if (w->part[c].added < 2)
				continue;
			trend_series_judge(&w->part[c], &j);
			by[c] = j.all.slope;
			known = true;
		}
	}
	if (!known)
		return;
	v->has_cause = true;
	v->cause = WATCH_ANON;
	for (int c = 1; c < WATCH_CAUSE_NR; c++)
		if (by[c] > by[v->cause])
			v->cause = (enum watch_cause)c;
}

static void
judge_eta(const struct watch *w, struct watch_verdict *v)
{
	double slope = v->j.all.slope;

	if (!(slope > 0))
		return;
	if (w->has_limit && w->limit > w->usage) {
		v->eta = (double)(w->limit - w->usage) / slope;
		v->eta_cgroup = v->has_eta = true;
	}
	if (w->has_avail && (!v->has_eta ||
	    (double)w->avail / slope < v->eta)) {
		v->eta = (double)w->avail / slope;
		v->eta_cgroup = false;
		v->has_eta = true;
	}
}

void
watch_judge(const struct watch *w, struct watch_verdict *v)
{
	memset(v, 0, sizeof(*v));
	trend_series_judge(&w->total, &v->j);
	v->per_hour = v->j.all.slope * 3600;
	judge_cause(w, v);
	if (v->j.verdict == TREND_GROWING) {
		v->leak = !v->has_cause || v->cause == WATCH_ANON;
		judge_eta(w, v);
	}
}

static const char *const cause_keys[WATCH_CAUSE_NR] = {
	[WATCH_ANON] = "anon", [WATCH_FILE] = "file", [WATCH_SHMEM] = "shmem",
};

const char *
watch_cause_key(enum watch_cause c)
{
	return c < WATCH_CAUSE_NR ? cause_keys[c] : "?";
}

int
watch_cause_by_key(const char *key)
{
	for (int c = 0; c < WATCH_CAUSE_NR; c++)
		if (strcmp(cause_keys[c], key) == 0)
			return c;
	return -1;
}

static const char *const end_keys[WATCH_END_NR] = {
	[WATCH_END_DURATION] = "duration",
	[WATCH_END_INTERRUPTED] = "interrupted",
	[WATCH_END_EXITED] = "exited",
	[WATCH_END_RECORDING] = "recording",
};

const char *
watch_end_key(enum watch_end e)
{
	return e < WATCH_END_NR ? end_keys[e] : "?";
}

int
watch_end_by_key(const char *key)
{
	for (int e = 0; e < WATCH_END_NR; e++)
		if (strcmp(end_keys[e], key) == 0)
			return e;
	return -1;
}

void
watch_next_step(char *out, size_t size, pid_t pid)
{
	/* blocks allocated over 30 s and not freed, by the stack that
	 * allocated them: what a leak leaves behind */
	snprintf(out, size, "memwatch %d stacks --mode malloc -d 30s",
	    (int)pid);
}
