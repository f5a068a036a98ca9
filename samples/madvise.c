/* samples/madvise.c: giving memory back without unmapping it.
 *
 * madvise(MADV_DONTNEED) drops the pages of a range at once: Rss falls, the
 * mapping (Size) stays, and the next read finds zeros. madvise(MADV_FREE)
 * (Linux 4.5) only marks the pages as free to take: they stay resident
 * (Rss unchanged) and show as LazyFree in smaps until the kernel needs the
 * memory and reclaims them; a write before that cancels the offer for the
 * page written.
 *
 * The block is a 16 MiB anonymous mapping:
 *   step 1  fill it:                                  Rss = Size
 *   step 2  MADV_DONTNEED on the first half:          Rss = Size / 2
 *   step 3  MADV_FREE on the second half:             LazyFree = Size / 2
 *   step 4  write one byte in each freed page:        LazyFree = 0
 *
 * See it with memwatch:
 *   memwatch PID diff -i 10      press Enter meanwhile: Rss, LazyFree
 *   memwatch PID pages ADDR      present and never-touched pages
 *   memwatch PID explain
 *
 * Usage: madvise [SIZE]          (default 16M)
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "sample.h"

int
main(int argc, char **argv)
{
	static const char *const plan[] = {
		"mmap and fill a block (Rss = Size)",
		"MADV_DONTNEED the first half (Rss halves)",
		"MADV_FREE the second half (LazyFree, Rss unchanged)",
		"write one byte per page of the second half (LazyFree gone)",
		NULL };
	size_t size = argc > 1 ? sample_size_arg("madvise", argv[1]) :
	    16 << 20;
	unsigned char *block = MAP_FAILED, *second;
	size_t half;

	size = sample_page_round(size);
	half = sample_page_round(size / 2);
	sample_start("madvise", "MADV_DONTNEED and MADV_FREE on a filled "
	    "block", plan);

	if (!sample_next())
		goto out;
	block = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (block == MAP_FAILED)
		sample_die("mmap");
	memset(block, 'm', size);
	second = block + half;
	sample_step("filled block=%p size=%zu", (void *)block, size);

	if (!sample_next())
		goto out;
	if (madvise(block, half, MADV_DONTNEED) != 0)
		sample_die("madvise(MADV_DONTNEED)");
	sample_step("madvise(%p, %zu, MADV_DONTNEED): first half dropped, "
	    "block=%p", (void *)block, half, (void *)block);

	if (!sample_next())
		goto out;
#ifdef MADV_FREE
	if (madvise(second, size - half, MADV_FREE) == 0)
		sample_step("madvise(%p, %zu, MADV_FREE): second half lazily "
		    "free, block=%p", (void *)second, size - half,
		    (void *)block);
	else if (errno == EINVAL)
		sample_step("MADV_FREE not supported by this kernel (EINVAL; "
		    "it needs Linux 4.5), block=%p", (void *)block);
	else
		sample_die("madvise(MADV_FREE)");
#else
	sample_step("MADV_FREE not supported: not defined by this C library, "
	    "block=%p", (void *)block);
#endif

	if (!sample_next())
		goto out;
	sample_touch(second, size - half);
	sample_step("wrote one byte in each page of %p (%zu bytes): written "
	    "pages are no longer lazily free, block=%p", (void *)second,
	    size - half, (void *)block);
	sample_finish();
out:
	if (block != MAP_FAILED)
		munmap(block, size);
	return 0;
}
