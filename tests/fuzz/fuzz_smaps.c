/* tests/fuzz/fuzz_smaps.c: parse/smaps.c on arbitrary bytes. */
#include "config.h"

#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>

#include "model/snapshot.h"
#include "model/vma.h"
#include "parse/smaps.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The text arriving in pieces (sizes from its own bytes): the incremental
 * cut must be the whole one at every step, as snapshot.c relies on.
 */
static void
pieces(const char *text, size_t size)
{
	size_t from = 0, have = 0, seen = 0, nl = SIZE_MAX, cut, step;

	for (size_t k = 0; from < size; k++) {
		step = 1 + (unsigned char)text[k % size] % 97;
		have = have + step < size ? have + step : size;
		cut = smaps_complete(text + from, have - from);
		if (smaps_complete_from(text + from, have - from, &seen,
		    &nl) != cut)
			abort();
		seen -= cut;
		nl = nl != SIZE_MAX && nl >= cut ? nl - cut : SIZE_MAX;
		from += cut;
		if (have == size)
			break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_snapshot snap;
	size_t skipped;

	snapshot_init(&snap);
	smaps_parse((const char *)data, size, &snap.arena, &snap.vmas, &skipped);
	snapshot_sum(&snap);
	for (size_t i = 0; i < snap.vmas.len; i++)
		(void)vma_kind(&snap.vmas.v[i]);
	snapshot_free(&snap);
	if (size > 0 && size <= 65536)	/* the check itself is n^2 */
		pieces((const char *)data, size);
	return 0;
}
