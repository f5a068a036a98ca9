/* samples/mempressure.c: make the kernel's memory stories happen, a step
 * at a time, for `memwatch pressure` to tell.
 *
 *   mempressure read FILE    each step reads FILE whole through the page
 *                            cache. In a memory cgroup whose limit is
 *                            smaller than FILE, the second read finds the
 *                            first pages evicted: refaults (workingset_*),
 *                            reclaim in the cgroup (pgscan/pgsteal_direct).
 *   mempressure anon SIZE    step 1 allocates SIZE of anonymous memory and
 *                            writes every page; each later step reads every
 *                            page again. Above a cgroup's limit, with swap
 *                            on, pages go out to swap (pswpout) and come
 *                            back (pswpin); without swap, or with a limit
 *                            too small, the cgroup's OOM killer ends this
 *                            program (oom_kill).
 *   mempressure thp N        step 1 maps N regions of 2 MiB aligned to
 *                            2 MiB, asks for huge pages (madvise
 *                            MADV_HUGEPAGE) and writes one byte of each:
 *                            N faults that get a huge page (thp_fault_alloc),
 *                            or, in a cgroup whose limit has no 2 MiB left,
 *                            fall back to 4 KiB pages (thp_fault_fallback).
 *
 * Run it as the plan says and watch with:   memwatch pressure -i 10
 * (to put it in a cgroup v1 with a limit, as root:
 *   mkdir /sys/fs/cgroup/memory/demo
 *   echo 32M > /sys/fs/cgroup/memory/demo/memory.limit_in_bytes
 *   echo PID > /sys/fs/cgroup/memory/demo/cgroup.procs)
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sample.h"

#define HUGE	(2UL << 20)

static void
usage(void)
{
	fprintf(stderr, "usage: mempressure read FILE | anon SIZE | thp N\n");
	exit(2);
}

/* Read path whole; returns the bytes read. */
static unsigned long long
read_file(const char *path)
{
	static char chunk[1 << 20];
	unsigned long long total = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		sample_die("open");
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		total += (unsigned long long)n;
	if (n < 0)
		sample_die("read");
	close(fd);
	return total;
}

static void
run_read(const char *path)
{
	static const char *const plan[] = { "read FILE whole (again and again)",
		NULL };
	unsigned long long n;

	sample_start("mempressure", "page cache: a file read through", plan);
	while (sample_next()) {
		n = read_file(path);
		sample_step("read %llu bytes of %s", n, path);
	}
}

static void
run_anon(size_t size)
{
	static const char *const plan[] = { "allocate SIZE and write every page",
		"read every page again (and again)", NULL };
	unsigned char *p = MAP_FAILED;
	unsigned sum;

	sample_start("mempressure", "anonymous memory under a limit", plan);
	if (!sample_next())
		return;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		sample_die("mmap");
	sample_touch(p, size);
	sample_step("region=%p size=%zu written", (void *)p, size);
	while (sample_next()) {
		sum = sample_read(p, size);
		sample_step("region=%p size=%zu read (sum %u)", (void *)p, size,
		    sum);
	}
	munmap(p, size);
}

static void
run_thp(unsigned long n)
{
	static const char *const plan[] = {
		"map N aligned 2 MiB regions, madvise(MADV_HUGEPAGE), write one byte of each",
		NULL };
	unsigned char *p, *r;
	uintptr_t a;
	size_t len = n * HUGE;

	sample_start("mempressure", "huge page faults and their fallback",
	    plan);
	if (!sample_next())
		return;
	p = mmap(NULL, len + HUGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		sample_die("mmap");
	a = ((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
	r = (unsigned char *)a;
	if (madvise(r, len, MADV_HUGEPAGE) != 0)
		sample_die("madvise");
	for (unsigned long i = 0; i < n; i++)
		r[i * HUGE] = 1;
	sample_step("region=%p regions=%lu of 2 MiB, one byte written in each",
	    (void *)r, n);
	sample_finish();
	munmap(p, len + HUGE);
}

int
main(int argc, char **argv)
{
	char *end;
	unsigned long n;

	if (argc != 3)
		usage();
	if (strcmp(argv[1], "read") == 0) {
		run_read(argv[2]);
	} else if (strcmp(argv[1], "anon") == 0) {
		run_anon(sample_size_arg("mempressure", argv[2]));
	} else if (strcmp(argv[1], "thp") == 0) {
		errno = 0;
		n = strtoul(argv[2], &end, 10);
		if (errno || *end != '\0' || n == 0 || n > 4096 ||
		    argv[2][0] == '-')
			usage();
		run_thp(n);
	} else {
		usage();
	}
	return 0;
}
