/* tests/fuzz/fuzz_numa_maps.c: parse/numa_maps.c on arbitrary bytes, then
 * the look-ups and sums over what it kept.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "parse/numa_maps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct numa_maps nm;
	struct numa_on_node by[8];
	size_t n;

	numa_maps_parse((const char *)data, size, &nm);
	for (size_t i = 0; i < nm.len; i++) {
		const struct numa_map *m = numa_maps_find(&nm, nm.v[i].start);

		if (m == NULL || m->start != nm.v[i].start ||
		    m->first + m->n > nm.nnodes || m->policy[0] == '\0')
			abort();
	}
	n = numa_maps_by_node(&nm, by, 8);
	for (size_t i = 1; i < n; i++)
		if (by[i].node <= by[i - 1].node)
			abort();
	numa_maps_free(&nm);
	return 0;
}
