/* tests/fuzz/fuzz_snapshot_stream.c: the streaming snapshot reader agrees
 * with jansson's reading of the same document (tests/unit/snapagree.h),
 * read whole and in small pieces. A disagreement aborts. */
#include "config.h"

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "../unit/snapagree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pieces[2] = { size ? size : 1, 1 + size % 13 };
	const char *why;
	bool accepted;

	for (int i = 0; i < 2; i++) {
		if (!snap_agree((const char *)data, size, pieces[i], &accepted,
		    &why)) {
			fprintf(stderr, "disagreement (pieces of %zu): %s\n",
			    pieces[i], why);
			abort();
		}
	}
	return 0;
}
