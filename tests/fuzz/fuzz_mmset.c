/* tests/fuzz/fuzz_mmset.c: parse/psi.c and parse/mmset.c (the settings
 * files and /proc/swaps) on arbitrary bytes.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include "parse/mmset.h"
#include "parse/psi.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data, *w;
	struct mw_arena a;
	struct swaps sw;
	struct psi p;
	uint64_t v = 0, sum = 0;
	size_t n;
	bool b;

	if (psi_parse(buf, size, &p) == 0)
		sum += p.some.total + p.full.avg10;
	if (mmset_u64(buf, size, &v) == 0)
		sum += v;
	if (mmset_bool(buf, size, &b) == 0)
		sum += b;
	if (mmset_choice(buf, size, &w, &n) == 0)
		sum += (uint64_t)w[n - 1];
	mw_arena_init(&a);
	if (swaps_parse(buf, size, &a, &sw) == 0)
		for (size_t i = 0; i < sw.len; i++)
			sum += strlen(sw.devs[i].path) + sw.devs[i].size;
	mw_arena_free(&a);
	return sum == 1 ? 1 : 0;
}
