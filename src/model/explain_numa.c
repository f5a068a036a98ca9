/* model/explain_numa.c: where the process's memory lives, by NUMA node. */
#include "config.h"

#include <string.h>

#include "model/explain_say.h"
#include "parse/numa_maps.h"
#include "util/buf.h"

#define MAX_NODES 64
#define MAX_POLICIES 4

struct policy_sum {
	const char *name;
	uint64_t bytes;
	size_t mappings;
};

/* The policies with the most bytes on them, largest first. */
static size_t
policies(const struct numa_maps *nm, struct policy_sum *p, size_t max,
    size_t *others)
{
	struct policy_sum all[MAX_POLICIES * 4];
	size_t n = 0;

	*others = 0;
	for (size_t i = 0; i < nm->len; i++) {
		const struct numa_map *m = &nm->v[i];
		uint64_t bytes = 0;
		size_t k;

		for (size_t j = 0; j < m->n; j++)
			bytes += nm->nodes[m->first + j].bytes;
		for (k = 0; k < n && strcmp(all[k].name, m->policy) != 0; k++)
			;
		if (k == n) {
			if (n == sizeof(all) / sizeof(all[0])) {
				(*others)++;
				continue;
			}
			all[n].name = m->policy;
			all[n].bytes = 0;
			all[n].mappings = 0;
			n++;
		}
		all[k].bytes += bytes;
		all[k].mappings++;
	}
	for (size_t i = 1; i < n; i++)	/* by bytes, then mappings */
		for (size_t k = i; k > 0 && (all[k].bytes > all[k - 1].bytes ||
		    (all[k].bytes == all[k - 1].bytes &&
		    all[k].mappings > all[k - 1].mappings)); k--) {
			struct policy_sum t = all[k];

			all[k] = all[k - 1];
			all[k - 1] = t;
		}
	for (size_t i = max; i < n; i++)
		*others += all[i].mappings;
	n = n < max ? n : max;
	memcpy(p, all, n * sizeof(*p));
	return n;
}

/* "the default policy (pages from the node of the CPU that touches them
 * first)", "policy bind:1". */
static void
say_policy(struct mw_buf *b, const char *name)
{
	if (strcmp(name, "default") == 0)
		mw_buf_adds(b, "the default policy (each page from the node of the CPU that first touched it)");
	else
		mw_buf_printf(b, "policy %s", name);
}

void
explain_numa(struct explain *ex, const struct numa_maps *nm)
{
	struct numa_on_node by[MAX_NODES];
	struct policy_sum pol[MAX_POLICIES];
	struct sizes s = { .i = 0 };
	struct mw_buf b;
	uint64_t total = 0;
	size_t n = numa_maps_by_node(nm, by, MAX_NODES), npol, others;

	for (size_t i = 0; i < n; i++)
		total += by[i].bytes;
	npol = policies(nm, pol, MAX_POLICIES, &others);
	mw_buf_init(&b);
	if (n == 0) {
		mw_buf_adds(&b, "No page of this process is on any NUMA node yet (numa_maps shows none resident)");
	} else if (n == 1) {
		mw_buf_printf(&b, "All %s of this process's resident pages are on NUMA node %u",
		    sz(&s, total), by[0].node);
	} else {
		mw_buf_printf(&b, "This process's %s of resident pages are on %zu NUMA nodes:",
		    sz(&s, total), n);
		for (size_t i = 0; i < n; i++)
			mw_buf_printf(&b, "%s node %u %s (%s)", i ? "," : "",
			    by[i].node, sz(&s, by[i].bytes),
			    pct(&s, by[i].bytes, total));
	}
	if (npol == 1 && others == 0) {
		mw_buf_adds(&b, ", every mapping under ");
		say_policy(&b, pol[0].name);
	} else {
		mw_buf_adds(&b, "; policies:");
		for (size_t i = 0; i < npol; i++) {
			mw_buf_printf(&b, "%s %s in %s (%s)", i ? "," : "",
			    pol[i].name, nmaps(&s, pol[i].mappings),
			    sz(&s, pol[i].bytes));
		}
		if (others > 0)
			mw_buf_printf(&b, ", others in %s", nmaps(&s, others));
	}
	mw_buf_adds(&b, ".");
	explain_emit(ex, EXPLAIN_NUMA, "numa-nodes", true, total, "%s", b.data);
#if defined(__x86_64__)
	explain_emit(ex, EXPLAIN_NUMA, "no-highmem", false, 0,
	    "On 64-bit x86 a large malloc (served by mmap) and the heap (brk) take their pages from the same zones, DMA32 and Normal, under the same policy: there is no HighMem zone on a 64-bit kernel, whatever the old advice that large allocations go to high memory.");
#endif
	mw_buf_free(&b);
}
