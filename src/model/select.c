/* model/select.c: filter and order mappings for a view (see select.h). */
#include "config.h"
#include "model/select.h"

#include <stdlib.h>
#include <string.h>

#include "model/vma.h"
#include "parse/smaps.h"
#include "util/xmalloc.h"

static const char *const sort_names[SELECT_SORT_NR] = {
	[SELECT_ADDR] = "addr", [SELECT_SIZE] = "size", [SELECT_RSS] = "rss",
	[SELECT_PSS] = "pss", [SELECT_SWAP] = "swap",
};

int
select_sort_by_name(const char *name)
{
	for (int i = 0; i < SELECT_SORT_NR; i++)
		if (strcmp(sort_names[i], name) == 0)
			return i;
	return -1;
}

struct keyed {
	uint64_t key;
	uint32_t idx;
};

/* Largest key first; equal keys in address order. */
static int
keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? 1 : -1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static uint64_t
sort_key(const struct vma *v, enum select_sort s)
{
	switch (s) {
	case SELECT_SIZE:
		return v->end - v->start;
	case SELECT_RSS:
		return v->val[SMAPS_RSS];
	case SELECT_PSS:
		return v->val[SMAPS_PSS];
	case SELECT_SWAP:
		return v->val[SMAPS_SWAP];
	case SELECT_ADDR:
	case SELECT_SORT_NR:
		break;
	}
	return 0;
}

size_t
select_vmas(const struct vma_vec *vv, const struct select_opts *o,
    uint32_t *idx)
{
	struct keyed *k;
	size_t n = 0;

	for (size_t i = 0; i < vv->len; i++)
		if (o->kinds == 0 || (o->kinds >> vma_kind(&vv->v[i]) & 1))
			idx[n++] = (uint32_t)i;
	if (o->sort != SELECT_ADDR && n > 1) {
		k = mw_xmalloc(n * sizeof(*k));
		for (size_t i = 0; i < n; i++) {
			k[i].key = sort_key(&vv->v[idx[i]], o->sort);
			k[i].idx = idx[i];
		}
		qsort(k, n, sizeof(*k), keyed_cmp);
		for (size_t i = 0; i < n; i++)
			idx[i] = k[i].idx;
		free(k);
	}
	if (o->top > 0 && n > o->top)
		n = o->top;
	return n;
}
