/* samples/malloc-threshold.c: heap or mmap, decided by the size asked for.
 *
 * glibc's malloc serves a request below its mmap threshold (128 KiB at
 * start, M_MMAP_THRESHOLD) from the heap, which it grows with brk(): the
 * [heap] mapping gets longer, same start. A request at or above the
 * threshold gets a mapping of its own, an anonymous mmap().
 *
 * free() returns them differently: an mmap'd block is munmap'd at once, its
 * mapping disappears; a heap block only goes back to the kernel when it
 * sits at the top of the heap and the free space there exceeds the trim
 * threshold (M_TRIM_THRESHOLD, 128 KiB at start); otherwise the heap keeps
 * it for later requests. And freeing an mmap'd block raises the threshold
 * to that block's size (glibc's dynamic threshold; the trim threshold
 * becomes twice that), so the same request made again now comes from the
 * heap.
 *
 *   step 1  malloc(120 KiB):  the heap grows (same start, higher end)
 *   step 2  malloc(136 KiB):  a new anonymous mapping
 *   step 3  free the first:   the heap top is trimmed (or kept, as said)
 *   step 4  free the second:  its mapping is gone
 *   step 5  malloc(136 KiB):  from the heap this time
 *
 * See it with memwatch:
 *   memwatch PID diff -i 10     press Enter meanwhile: [heap] grown, or a
 *                               new anonymous mapping added / removed
 *   memwatch PID explain        heap against anonymous mmap
 */
#include "config.h"

#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sample.h"

/* mallinfo2() tells the free space at the heap top: glibc 2.33 on. */
#if defined(__GLIBC__) && defined(__GLIBC_MINOR__)
#if __GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33)
#define HAVE_MALLINFO2 1
#endif
#endif

#define BELOW	(120 * 1024)	/* below the 128 KiB threshold */
#define ABOVE	(136 * 1024)	/* above it */

static uintptr_t
brk_now(void)
{
	return (uintptr_t)sbrk(0);
}

/* The heap starts with about 128 KiB of free space at its top, where a
 * small request would fit without growing it. Allocate that space first,
 * so that step 1 visibly grows the heap. */
static char *
use_up_heap_top(void)
{
	char *p = malloc(1);	/* the heap exists from here on */
#ifdef HAVE_MALLINFO2
	struct mallinfo2 mi = mallinfo2();	/* keepcost: free top size */

	if (mi.keepcost > 1024) {
		free(p);
		p = malloc(mi.keepcost - 1024);
	}
#endif
	return p;
}

int
main(void)
{
	static const char *const plan[] = {
		"malloc(122880), below the threshold: from the heap",
		"malloc(139264), above the threshold: a new anonymous mmap",
		"free the 122880-byte block: the heap top is trimmed or kept",
		"free the 139264-byte block: munmap'd at once",
		"malloc(139264) again: the threshold has risen, so the heap",
		NULL };
	char *below = NULL, *above = NULL, *again = NULL, *filler;
	uintptr_t b0, b1, addr;

	sample_start("malloc-threshold",
	    "allocations just below and above the mmap threshold", plan);
	filler = use_up_heap_top();

	if (!sample_next())
		goto out;
	b0 = brk_now();
	below = malloc(BELOW);
	if (below == NULL)
		sample_die("malloc");
	memset(below, 1, BELOW);
	b1 = brk_now();
	sample_step("malloc(%d) = %p (heap; break 0x%jx -> 0x%jx, grew "
	    "%ju bytes)", BELOW, (void *)below, (uintmax_t)b0,
	    (uintmax_t)b1, (uintmax_t)(b1 - b0));

	if (!sample_next())
		goto out;
	above = malloc(ABOVE);
	if (above == NULL)
		sample_die("malloc");
	memset(above, 1, ABOVE);
	sample_step("malloc(%d) = %p (own anonymous mmap; break 0x%jx "
	    "unchanged)", ABOVE, (void *)above, (uintmax_t)brk_now());

	if (!sample_next())
		goto out;
	b0 = brk_now();
	addr = (uintptr_t)below;
	free(below);
	below = NULL;
	b1 = brk_now();
	if (b1 < b0)
		sample_step("free(0x%jx): heap top trimmed, break 0x%jx -> "
		    "0x%jx, %ju bytes back to the kernel", (uintmax_t)addr,
		    (uintmax_t)b0, (uintmax_t)b1, (uintmax_t)(b0 - b1));
	else
		sample_step("free(0x%jx): heap kept, break 0x%jx unchanged "
		    "(the free space stays with malloc)", (uintmax_t)addr,
		    (uintmax_t)b0);

	if (!sample_next())
		goto out;
	addr = (uintptr_t)above;	/* printed after free(), not used */
	free(above);
	above = NULL;
	sample_step("free(0x%jx): the %d-byte block was munmap'd, its "
	    "mapping is gone", (uintmax_t)addr, ABOVE);

	if (!sample_next())
		goto out;
	b0 = brk_now();
	again = malloc(ABOVE);
	if (again == NULL)
		sample_die("malloc");
	memset(again, 1, ABOVE);
	b1 = brk_now();
	/* The heap lies below the break, mmap'd blocks far above it. */
	sample_step("malloc(%d) = %p (%s; break 0x%jx -> 0x%jx)", ABOVE,
	    (void *)again, (uintptr_t)again < b1 ? "heap: the threshold "
	    "rose when the mmap'd block was freed" : "own anonymous mmap",
	    (uintmax_t)b0, (uintmax_t)b1);
	sample_finish();
out:
	free(again);
	free(filler);
	free(above);
	free(below);
	return 0;
}
