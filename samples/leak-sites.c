/* samples/leak-sites.c: memory that grows from two call sites.
 *
 * Each step calls two functions that allocate and keep memory, at known
 * sizes, writing every page of it:
 *
 *   grow_cache()  8 blocks of 256 KiB (2 MiB), each its own anonymous
 *                 mapping (the mmap threshold is held at 128 KiB), and
 *                 frees every other one: 1 MiB more is held after each step;
 *   grow_index()  32 blocks of 96 KiB (3 MiB) on the heap, all kept.
 *
 * 'memwatch PID stacks --mode malloc' shows the two stacks with what each
 * still holds (1 MiB and 3 MiB a step); '--mode faults' shows the pages
 * each first touched. Built with frame pointers, so that the stacks reach
 * main.
 *
 *   samples/leak-sites        then press Enter for each step
 */
#include <malloc.h>
#include <stdlib.h>

#include "sample.h"

#define CACHE_BLOCK (256 * 1024)
#define CACHE_BLOCKS 8
#define INDEX_BLOCK (96 * 1024)
#define INDEX_BLOCKS 32

static void *volatile *kept;
static size_t nkept, capkept;

static void
keep(void *p)
{
	if (nkept == capkept) {
		capkept = capkept ? capkept * 2 : 4096;
		kept = realloc((void *)kept, capkept * sizeof(*kept));
		if (kept == NULL)
			sample_die("realloc");
	}
	kept[nkept++] = p;
}

/* Write a byte in every page: the pages are first touched here. */
static void
touch(char *p, size_t len)
{
	for (size_t i = 0; i < len; i += 1024)
		((volatile char *)p)[i] = 1;
}

__attribute__((noinline)) static void
grow_cache(void)
{
	void *prev = NULL;

	for (int i = 0; i < CACHE_BLOCKS; i++) {
		char *p = malloc(CACHE_BLOCK);

		if (p == NULL)
			sample_die("malloc");
		touch(p, CACHE_BLOCK);
		if (i % 2 == 1) {	/* every other block is given back */
			free(prev);
			keep(p);
		}
		prev = p;
	}
}

__attribute__((noinline)) static void
grow_index(void)
{
	for (int i = 0; i < INDEX_BLOCKS; i++) {
		char *p = malloc(INDEX_BLOCK);

		if (p == NULL)
			sample_die("malloc");
		touch(p, INDEX_BLOCK);
		keep(p);
	}
}

int
main(void)
{
	static const char *const plan[] = {
		"each step: grow_cache() keeps 1 MiB (allocates 2 MiB, frees half), grow_index() keeps 3 MiB",
		NULL,
	};
	int n = 0;

	sample_start("leak-sites", "memory that grows from two call sites",
	    plan);
	/* a fixed threshold: glibc would raise it after the first free of a
	 * mapped block and move the 256 KiB blocks to the heap */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	while (sample_next()) {
		grow_cache();
		grow_index();
		n++;
		sample_step("grow_cache kept %d KiB, grow_index kept %d KiB "
		    "(in all %d KiB and %d KiB)",
		    CACHE_BLOCK * CACHE_BLOCKS / 2 / 1024,
		    INDEX_BLOCK * INDEX_BLOCKS / 1024,
		    n * CACHE_BLOCK * CACHE_BLOCKS / 2 / 1024,
		    n * INDEX_BLOCK * INDEX_BLOCKS / 1024);
	}
	return 0;
}
