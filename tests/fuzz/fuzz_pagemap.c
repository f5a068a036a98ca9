/* tests/fuzz/fuzz_pagemap.c: parse/pagemap.c, with and without blocks. */
#include "config.h"

#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include "parse/pagemap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pagemap_counts c;
	struct pagemap_block blk[7];
	uint64_t first = 0, per = 0, sum = 0;
	size_t n;

	memset(&c, 0, sizeof(c));
	memset(blk, 0, sizeof(blk));
	/* The first bytes choose where the entries fall in the blocks. */
	if (size > 2) {
		first = data[0];
		per = data[1];
	}
	n = pagemap_decode(data, size, first, per, &c, blk, 7);
	for (int s = 0; s < PAGEMAP_STATE_NR; s++)
		sum += c.state[s];
	if (n != size / 8 || c.pages != n || sum != n ||
	    c.exclusive > c.state[PAGEMAP_IN_RAM])
		__builtin_trap();
	return 0;
}
