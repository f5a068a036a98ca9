/* parse/numa_maps.h: /proc/PID/numa_maps, per mapping and per node; no I/O.
 *
 * A line per mapping: its start address (hex), the memory policy that
 * places its pages ("default", "bind:0-1", "interleave=static:0-3",
 * "prefer (many):0,2", "weighted interleave:0-1", "local"), then
 * "key=value" words. The words that say where pages are, "N<node>=<pages>",
 * count pages of "kernelpagesize_kB" each; a mapping with no page present
 * prints none of them (and no page size). The other words (file=, anon=,
 * dirty=, mapmax=, heap, stack, huge) are not kept: smaps says them better.
 */
#ifndef MW_PARSE_NUMA_MAPS_H
#define MW_PARSE_NUMA_MAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NUMA_POLICY_MAX 48

/* Bytes of one mapping on one node. */
struct numa_on_node {
	uint32_t node;
	uint64_t bytes;
};

struct numa_map {
	uint64_t start;
	char policy[NUMA_POLICY_MAX];	/* printable ASCII, NUL-terminated */
	size_t first, n;	/* its nodes: nodes[first .. first + n) */
};

struct numa_maps {
	struct numa_map *v;	/* by ascending start */
	size_t len, cap;
	struct numa_on_node *nodes;
	size_t nnodes, nodes_cap;
	size_t skipped;		/* malformed lines, left out */
};

/*
 * Every line of buf into nm (initialised here; free with numa_maps_free()).
 * A line that cannot be read (no address, a policy that is not printable,
 * node words without a page size, numbers that overflow) is left out and
 * counted in skipped. Returns 0, or -EINVAL when no line could be read
 * from a non-empty buf.
 */
int numa_maps_parse(const char *buf, size_t len, struct numa_maps *nm);
void numa_maps_free(struct numa_maps *nm);

/* The mapping that starts at start, or NULL (binary search). */
const struct numa_map *numa_maps_find(const struct numa_maps *nm,
    uint64_t start);

/*
 * Bytes per node over every mapping, into out (ascending node, each node
 * once); returns how many nodes, at most max.
 */
size_t numa_maps_by_node(const struct numa_maps *nm, struct numa_on_node *out,
    size_t max);

#endif
