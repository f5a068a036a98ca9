/* samples/thp.c: transparent huge pages on a 2 MiB-aligned region.
 *
 * On x86-64 a page is 4 KiB, but the kernel can map a 2 MiB-aligned 2 MiB
 * range with one huge page: one fault instead of 512, one TLB entry, and
 * all 2 MiB resident after touching one byte. smaps shows it as
 * AnonHugePages; THPeligible says whether the mapping may get one, and the
 * "hg" VmFlag that madvise(MADV_HUGEPAGE) was given.
 *
 * Whether it happens is the administrator's choice, in
 * /sys/kernel/mm/transparent_hugepage/enabled:
 *   always   any large enough anonymous mapping may get huge pages
 *   madvise  only ranges given madvise(MADV_HUGEPAGE)
 *   never    none: this program then shows 4 KiB pages only
 * (Linux 6.8+ adds per-size settings in hugepages-2048kB/enabled, where
 * "inherit" means "as the global setting"). A huge page also needs 2 MiB
 * of contiguous free memory; without it the fault falls back to 4 KiB.
 *
 *   step 1  reserve a 4 MiB region aligned to 2 MiB, untouched
 *   step 2  madvise(MADV_HUGEPAGE):            VmFlags hg, THPeligible 1
 *   step 3  write one byte per 2 MiB:          AnonHugePages = 4 MiB
 *
 * See it with memwatch:
 *   memwatch PID explain         THP use
 *   memwatch PID pages ADDR      512 present pages per touched huge page
 *   memwatch PID diff -i 10      press Enter meanwhile
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "sample.h"

#define HUGE	(2UL << 20)
#define SIZE	(2 * HUGE)
#define THP_DIR	"/sys/kernel/mm/transparent_hugepage"

/* The bracketed word of a sysfs choice ("always [madvise] never"), or
 * "unknown" when the file cannot be read. */
static void
thp_setting(const char *path, char *out, size_t outlen)
{
	char line[256], *open, *close;
	FILE *f = fopen(path, "r");

	snprintf(out, outlen, "unknown");
	if (f == NULL)
		return;
	if (fgets(line, sizeof(line), f) != NULL &&
	    (open = strchr(line, '[')) != NULL &&
	    (close = strchr(open, ']')) != NULL) {
		*close = '\0';
		snprintf(out, outlen, "%s", open + 1);
	}
	fclose(f);
}

static void
explain(const char *global, const char *pmd)
{
	printf("thp: %s/enabled is [%s]", THP_DIR, global);
	if (strcmp(pmd, "unknown") != 0)
		printf(", hugepages-2048kB/enabled is [%s]", pmd);
	printf("\n");
	if (strcmp(pmd, "inherit") != 0 && strcmp(pmd, "unknown") != 0)
		global = pmd;
	if (strcmp(global, "never") == 0)
		printf("thp: huge pages are disabled: madvise(MADV_HUGEPAGE) "
		    "changes nothing, expect AnonHugePages 0; as root: echo "
		    "madvise > %s/enabled\n", THP_DIR);
	else if (strcmp(global, "madvise") == 0)
		printf("thp: huge pages only where asked for: this program "
		    "asks, expect AnonHugePages > 0\n");
	else if (strcmp(global, "always") == 0)
		printf("thp: huge pages for any large anonymous mapping, "
		    "asked for or not\n");
	else
		printf("thp: this kernel has no transparent huge pages\n");
	if (prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0) == 1)
		printf("thp: disabled for this process (prctl "
		    "PR_SET_THP_DISABLE, inherited from the parent)\n");
}

/* A SIZE-byte region whose start is a multiple of HUGE: over-reserve by
 * HUGE and unmap the unaligned head and the tail. */
static unsigned char *
reserve_aligned(void)
{
	unsigned char *p, *start;
	uintptr_t a;

	p = mmap(NULL, SIZE + HUGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		sample_die("mmap");
	a = ((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
	start = (unsigned char *)a;
	if (start > p)
		munmap(p, (size_t)(start - p));
	if (start + SIZE < p + SIZE + HUGE)
		munmap(start + SIZE, (size_t)(p + HUGE - start));
	return start;
}

int
main(void)
{
	static const char *const plan[] = {
		"reserve 4 MiB aligned to 2 MiB, untouched",
		"madvise(MADV_HUGEPAGE) on it",
		"write one byte in each 2 MiB half", NULL };
	char global[32], pmd[32];
	unsigned char *r = MAP_FAILED;

	thp_setting(THP_DIR "/enabled", global, sizeof(global));
	thp_setting(THP_DIR "/hugepages-2048kB/enabled", pmd, sizeof(pmd));
	sample_start("thp", "transparent huge pages on an aligned region",
	    plan);
	explain(global, pmd);

	if (!sample_next())
		goto out;
	r = reserve_aligned();
	sample_step("region=%p size=%lu aligned to 2 MiB, untouched "
	    "(thp=%s)", (void *)r, SIZE, global);

	if (!sample_next())
		goto out;
	if (madvise(r, SIZE, MADV_HUGEPAGE) != 0)
		sample_step("madvise(region=%p, MADV_HUGEPAGE) failed: %m "
		    "(thp=%s)", (void *)r, global);
	else
		sample_step("madvise(region=%p, %lu, MADV_HUGEPAGE) done "
		    "(thp=%s)", (void *)r, SIZE, global);

	if (!sample_next())
		goto out;
	r[0] = 1;
	r[HUGE] = 1;
	sample_step("wrote region=%p and %p: two faults, each 2 MiB if a "
	    "huge page was given, else 4 KiB (thp=%s)", (void *)r,
	    (void *)(r + HUGE), global);
	sample_finish();
out:
	if (r != MAP_FAILED)
		munmap(r, SIZE);
	return 0;
}
