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
sort_key(const struct map_row *r, enum select_sort s)
{
	switch (s) {
	case SELECT_SIZE:
		return r->end - r->start;
	case SELECT_RSS:
		return r->val[MAP_RSS];
	case SELECT_PSS:
		return r->val[MAP_PSS];
	case SELECT_SWAP:
		return r->val[MAP_SWAP];
	case SELECT_ADDR:
	case SELECT_SORT_NR:
		break;
	}
	return 0;
}

void
map_table_init(struct map_table *t)
{
	memset(t, 0, sizeof(*t));
	mw_arena_init(&t->arena);
}

void
map_table_free(struct map_table *t)
{
	free(t->v);
	mw_arena_free(&t->arena);
	map_table_init(t);
}

void
map_table_add(struct map_table *t, const struct vma *v)
{
	static const enum smaps_field from[MAP_NR] = {
		[MAP_RSS] = SMAPS_RSS, [MAP_PSS] = SMAPS_PSS,
		[MAP_PRIVATE_DIRTY] = SMAPS_PRIVATE_DIRTY,
		[MAP_SWAP] = SMAPS_SWAP,
	};
	struct map_row *r;

	if (t->len == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->v = mw_xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	r = &t->v[t->len++];
	memset(r, 0, sizeof(*r));
	r->start = v->start;
	r->end = v->end;
	for (int f = 0; f < MAP_NR; f++) {
		if (!smaps_has(v, from[f]))
			continue;
		r->val[f] = v->val[from[f]];
		r->present |= (uint8_t)(1u << f);
	}
	r->kind = (uint8_t)vma_kind(v);
	memcpy(r->perms, v->perms, sizeof(r->perms));
	if (v->path == NULL)
		return;
	/* Neighbours often share a file (a library's segments). */
	if (t->last_path == NULL || t->last_len != v->path_len ||
	    memcmp(t->last_path, v->path, v->path_len) != 0) {
		t->last_path = mw_arena_strndup(&t->arena, v->path,
		    v->path_len);
		t->last_len = v->path_len;
	}
	r->path = t->last_path;
	r->path_len = (uint32_t)v->path_len;
}

size_t
select_rows(const struct map_table *t, const struct select_opts *o,
    uint32_t *idx)
{
	struct keyed *k;
	size_t n = 0;

	for (size_t i = 0; i < t->len; i++)
		if (o->kinds == 0 || (o->kinds >> t->v[i].kind & 1))
			idx[n++] = (uint32_t)i;
	if (o->sort != SELECT_ADDR && n > 1) {
		k = mw_xmalloc(n * sizeof(*k));
		for (size_t i = 0; i < n; i++) {
			k[i].key = sort_key(&t->v[idx[i]], o->sort);
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
