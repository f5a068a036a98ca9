/* tests/fuzz/fuzz_system_stream.c: the system snapshot's streaming reader
 * agrees with jansson's reading of the same document (tests/unit/
 * sysagree.h), read whole and in small pieces. A disagreement aborts. */
#include "config.h"

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "../unit/sysagree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pieces[2] = { size ? size : 1, 1 + size % 13 };
	bool tree, stream;
	const char *why;

	for (int i = 0; i < 2; i++) {
		if (!sys_agree((const char *)data, size, pieces[i], &tree,
		    &stream, &why)) {
			fprintf(stderr, "disagreement (pieces of %zu): %s\n",
			    pieces[i], why);
			abort();
		}
	}
	return 0;
}
