/* samples/lazy-alloc.c: lazy allocation, the seed experiment.
 *
 * malloc() of a large block only reserves address space: the kernel gives
 * a page of RAM the first time the page is touched. This program mallocs
 * each SIZE given (default 1575936 and 8388999 bytes) and writes only the
 * first and the last byte of each block, so the process's Size (VSZ) jumps
 * by the whole block while Rss creeps by two pages. A last step fills every
 * block with memset(), and Rss catches up with Size.
 *
 * Both default sizes are above glibc's mmap threshold (128 KiB), so each
 * block gets its own anonymous mmap(). The kernel places a new mapping just
 * below the previous one and merges neighbours that have the same
 * permissions: the second block usually extends the first block's mapping
 * downwards (same end, lower start) instead of making a new one.
 *
 * See it with memwatch:
 *   memwatch PID diff -i 10      press Enter meanwhile: what grew, and why
 *   memwatch PID explain         Size against Rss: untouched reservations
 *   memwatch PID pages ADDR      which pages of a block are present
 *
 * Usage: lazy-alloc [--fill] [SIZE...]
 *   --fill  memset each block as soon as it is allocated (no lazy phase)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample.h"

#define MAX_BLOCKS 64

int
main(int argc, char **argv)
{
	size_t sizes[MAX_BLOCKS], n = 0, made = 0, total = 0;
	char *blocks[MAX_BLOCKS];
	int fill = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--fill") == 0) {
			fill = 1;
		} else if (n == MAX_BLOCKS) {
			fprintf(stderr, "lazy-alloc: at most %d sizes\n",
			    MAX_BLOCKS);
			return 2;
		} else {
			sizes[n++] = sample_size_arg("lazy-alloc", argv[i]);
		}
	}
	if (n == 0) {
		sizes[n++] = 1575936;
		sizes[n++] = 8388999;
	}

	sample_start("lazy-alloc", fill ?
	    "malloc and fill each block at once (--fill): Rss follows Size" :
	    "malloc blocks, writing two bytes of each: Size jumps, Rss creeps",
	    NULL);
	for (size_t i = 0; i < n; i++)
		printf("  step %zu will malloc(%zu)%s\n", i + 1, sizes[i],
		    fill ? " and fill it" : ", write its first and last byte");
	if (!fill)
		printf("  step %zu will memset every block\n", n + 1);

	for (; made < n; made++) {
		char *b;

		if (!sample_next())
			goto out;
		b = blocks[made] = malloc(sizes[made]);
		if (b == NULL)
			sample_die("malloc");
		total += sizes[made];
		if (fill) {
			memset(b, 0x5a, sizes[made]);
			sample_step("malloc(%zu) = %p (every byte written)",
			    sizes[made], (void *)b);
			continue;
		}
		/* Two pages faulted in: the first and the last. */
		b[0] = 1;
		b[sizes[made] - 1] = 1;
		sample_step("malloc(%zu) = %p (first and last byte written)",
		    sizes[made], (void *)b);
	}
	if (!fill) {
		if (!sample_next())
			goto out;
		for (size_t i = 0; i < n; i++)
			memset(blocks[i], 0x5a, sizes[i]);
		sample_step("memset of all %zu blocks at %p...: %zu bytes "
		    "written (fill)", n, (void *)blocks[0], total);
	}
	sample_finish();
out:
	for (size_t i = 0; i < made; i++)
		free(blocks[i]);
	return 0;
}
