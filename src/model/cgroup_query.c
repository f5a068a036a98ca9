/* model/cgroup_query.c: what is asked of a taken tree, no I/O: its order,
 * a cgroup's memory.stat rows by either hierarchy's name, what the kernel
 * could reclaim from it. */
#include "config.h"
#include "model/cgroup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

static int
usage_cmp(const void *a, const void *b, void *arg)
{
	const struct cg_tree *t = arg;
	const struct cgroup *x = &t->v[*(const size_t *)a];
	const struct cgroup *y = &t->v[*(const size_t *)b];
	uint64_t ux = cg_has(x, CG_CURRENT) ? x->val[CG_CURRENT] : 0;
	uint64_t uy = cg_has(y, CG_CURRENT) ? y->val[CG_CURRENT] : 0;

	if (ux != uy)
		return ux < uy ? 1 : -1;
	return strcmp(x->path, y->path);
}

/* Emit i, then its children (sorted by usage), depth first. */
static void
emit(const struct cg_tree *t, size_t i, size_t **kids, size_t *nkids,
    size_t *order, size_t *k)
{
	order[(*k)++] = i;
	for (size_t j = 0; j < nkids[i]; j++)
		emit(t, kids[i][j], kids, nkids, order, k);
}

void
cg_tree_order(const struct cg_tree *t, size_t *order)
{
	size_t *nkids, **kids, *all, k = 0;

	if (t->len == 0)
		return;
	nkids = mw_xreallocarray(NULL, t->len, sizeof(*nkids));
	kids = mw_xreallocarray(NULL, t->len, sizeof(*kids));
	all = mw_xreallocarray(NULL, t->len, sizeof(*all));
	memset(nkids, 0, t->len * sizeof(*nkids));
	for (size_t i = 1; i < t->len; i++)
		nkids[t->v[i].parent]++;
	for (size_t i = 0, off = 0; i < t->len; i++) {
		kids[i] = all + off;
		off += nkids[i];
		nkids[i] = 0;
	}
	for (size_t i = 1; i < t->len; i++) {
		size_t p = t->v[i].parent;

		kids[p][nkids[p]++] = i;
	}
	for (size_t i = 0; i < t->len; i++)
		qsort_r(kids[i], nkids[i], sizeof(size_t), usage_cmp,
		    (void *)t);
	emit(t, 0, kids, nkids, order, &k);
	free(all);
	free(kids);
	free(nkids);
}

bool
cg_stat(const struct cgroup *c, int version, const char *v2name, uint64_t *v)
{
	static const struct { const char *v2, *v1; } names[] = {
		{ "anon", "rss" }, { "file", "cache" }, { "shmem", "shmem" },
		{ "file_mapped", "mapped_file" }, { "file_dirty", "dirty" },
		{ "file_writeback", "writeback" }, { "swapcached", "swapcached" },
		{ "active_anon", "active_anon" },
		{ "inactive_anon", "inactive_anon" },
		{ "active_file", "active_file" },
		{ "inactive_file", "inactive_file" },
		{ "unevictable", "unevictable" }, { "anon_thp", "rss_huge" },
		{ "pgfault", "pgfault" }, { "pgmajfault", "pgmajfault" },
		{ "workingset_refault_file", "workingset_refault_file" },
		{ "workingset_refault_anon", "workingset_refault_anon" },
	};
	char total[160];

	if (!c->has_stat)
		return false;
	if (version == 2)
		return cg_kv_get(&c->stat, v2name, v);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(names[i].v2, v2name) != 0)
			continue;
		/* total_*: the cgroup and its descendants, as usage counts them */
		snprintf(total, sizeof(total), "total_%s", names[i].v1);
		return cg_kv_get(&c->stat, total, v) ||
		    cg_kv_get(&c->stat, names[i].v1, v);
	}
	return false;
}

bool
cg_reclaimable(const struct cgroup *c, int version, uint64_t *bytes)
{
	uint64_t af, inf, slab = 0;

	if (!cg_stat(c, version, "active_file", &af) ||
	    !cg_stat(c, version, "inactive_file", &inf))
		return false;
	if (version == 2)
		cg_kv_get(&c->stat, "slab_reclaimable", &slab);
	*bytes = af + inf + slab;
	return true;
}
