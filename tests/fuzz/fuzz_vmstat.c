/* tests/fuzz/fuzz_vmstat.c: parse/vmstat.c on arbitrary bytes, then the
 * pressure story over it (the same text before and after, and against an
 * empty state).
 */
#include "config.h"

#include <stdint.h>
#include <stddef.h>

#include "parse/vmstat.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mw_arena a;
	struct vmstat vs;
	uint64_t v, sum = 0;

	mw_arena_init(&a);
	if (vmstat_parse((const char *)data, size, &a, &vs) == 0) {
		for (size_t i = 0; i < vs.len; i++)
			sum += vs.rows[i].value + (uint64_t)vs.rows[i].name[0];
		for (int k = 0; k < VM_NR; k++)
			if (vmstat_get(&vs, (enum vmstat_key)k, &v))
				sum += v;
	}
	mw_arena_free(&a);
	return sum == 1 ? 1 : 0;
}
