/* tests/fuzz/fuzz_smaps.c: parse/smaps.c on arbitrary bytes. */
#include "config.h"

#include <stdint.h>
#include <stddef.h>

#include "model/snapshot.h"
#include "model/vma.h"
#include "parse/smaps.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	return 0;
}
