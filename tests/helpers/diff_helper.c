/* tests/helpers/diff_helper.c: memory that changes on cue, for diff tests.
 *
 * diff_helper MODE does MODE's first step, writes "ready", waits for a
 * line on stdin, does the second step, writes "done" (and, for fork, the
 * child's pid), waits for another line or end of input, and exits. Only
 * read(2) and write(2) talk to the test, so stdio never touches the heap
 * between the steps.
 *
 *   malloc    malloc(1575936); then malloc(8388999) and write its first
 *             and last byte (the classic lazy-allocation experiment: glibc
 *             mmaps both, the kernel puts the second right below the first
 *             and merges them into one mapping grown downwards)
 *   munmap    16 written pages inside a PROT_NONE reservation; then munmap
 *   mprotect  the same 16 pages; then pages 4..7 made read-only (a split)
 *   merge     the split state; then pages 4..7 writable again (a merge)
 *   fork      64 written pages; then fork() a child that waits
 *   touch     16 pages reserved, none written; then all written
 *   dontneed  16 written pages; then MADV_DONTNEED on all of them
 *   thp       4 MiB (2 MiB aligned) with MADV_HUGEPAGE; then all written
 *   pageout   64 written pages; then MADV_PAGEOUT on all of them (to swap,
 *             where swap is on)
 *   mremap    512 written pages (2 MiB) and a 2 MiB hole elsewhere; then
 *             mremap(MREMAP_MAYMOVE | MREMAP_FIXED) moves them into the hole:
 *             the same size and residency at a new address
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

/* Linux 5.4; older headers lack it. */
#define MW_MADV_PAGEOUT 21

static char *volatile keep[2];

static void
say(const char *s)
{
	size_t n = strlen(s);

	if (write(STDOUT_FILENO, s, n) != (ssize_t)n)
		_exit(3);
}

/* A line (or end of input) on stdin. */
static void
wait_line(void)
{
	char c;

	while (read(STDIN_FILENO, &c, 1) == 1 && c != '\n')
		;
}

static void
fill(char *p, size_t len)
{
	for (size_t i = 0; i < len; i += 4096)
		((volatile char *)p)[i] = 1;
}

/* n pages 16 pages into a PROT_NONE reservation 32 pages larger: no merges. */
static char *
fenced(size_t n, int prot)
{
	size_t pg = 4096;
	char *r = mmap(NULL, (n + 32) * pg, PROT_NONE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p;

	if (r == MAP_FAILED)
		_exit(4);
	p = mmap(r + 16 * pg, n * pg, prot, MAP_PRIVATE | MAP_ANONYMOUS |
	    MAP_FIXED, -1, 0);
	if (p == MAP_FAILED)
		_exit(4);
	return p;
}

#define HUGE_LEN ((size_t)4 << 20)

/* 4 MiB on a 2 MiB boundary, asking for transparent huge pages. */
static char *
huge_aligned(void)
{
	size_t align = (size_t)2 << 20;
	char *r = fenced((HUGE_LEN + align) / 4096, PROT_READ | PROT_WRITE);
	char *p = (char *)(((uintptr_t)r + align - 1) & ~(uintptr_t)(align - 1));

	madvise(p, HUGE_LEN, MADV_HUGEPAGE);
	return p;
}

static void
step(const char *mode, int second)
{
	size_t pg = 4096;
	char buf[64];
	pid_t child;

	if (strcmp(mode, "malloc") == 0 && !second) {
		keep[0] = malloc(1575936);
	} else if (strcmp(mode, "malloc") == 0) {
		keep[1] = malloc(8388999);
		keep[1][0] = 1;
		keep[1][8388998] = 1;
	} else if (strcmp(mode, "munmap") == 0 && !second) {
		keep[0] = fenced(16, PROT_READ | PROT_WRITE);
		fill(keep[0], 16 * pg);
	} else if (strcmp(mode, "munmap") == 0) {
		munmap(keep[0], 16 * pg);
	} else if ((strcmp(mode, "mprotect") == 0 ||
	    strcmp(mode, "merge") == 0) && !second) {
		keep[0] = fenced(16, PROT_READ | PROT_WRITE);
		fill(keep[0], 16 * pg);
		if (strcmp(mode, "merge") == 0)
			mprotect(keep[0] + 4 * pg, 4 * pg, PROT_READ);
	} else if (strcmp(mode, "mprotect") == 0) {
		mprotect(keep[0] + 4 * pg, 4 * pg, PROT_READ);
	} else if (strcmp(mode, "merge") == 0) {
		mprotect(keep[0] + 4 * pg, 4 * pg, PROT_READ | PROT_WRITE);
	} else if (strcmp(mode, "fork") == 0 && !second) {
		keep[0] = fenced(64, PROT_READ | PROT_WRITE);
		fill(keep[0], 64 * pg);
	} else if (strcmp(mode, "fork") == 0) {
		child = fork();
		if (child == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			for (;;)
				pause();
		}
		snprintf(buf, sizeof(buf), "child %d\n", (int)child);
		say(buf);
	} else if (strcmp(mode, "touch") == 0 && !second) {
		keep[0] = fenced(16, PROT_READ | PROT_WRITE);
	} else if (strcmp(mode, "touch") == 0) {
		fill(keep[0], 16 * pg);
	} else if (strcmp(mode, "mremap") == 0 && !second) {
		keep[0] = fenced(512, PROT_READ | PROT_WRITE);
		fill(keep[0], 512 * pg);
		keep[1] = fenced(512, PROT_READ);
		munmap(keep[1], 512 * pg);
	} else if (strcmp(mode, "mremap") == 0) {
		if (mremap(keep[0], 512 * pg, 512 * pg,
		    MREMAP_MAYMOVE | MREMAP_FIXED, keep[1]) == MAP_FAILED)
			_exit(5);
	} else if (strcmp(mode, "dontneed") == 0 && !second) {
		keep[0] = fenced(16, PROT_READ | PROT_WRITE);
		fill(keep[0], 16 * pg);
	} else if (strcmp(mode, "dontneed") == 0) {
		madvise(keep[0], 16 * pg, MADV_DONTNEED);
	} else if (strcmp(mode, "pageout") == 0 && !second) {
		cpu_set_t one;

		/* Pages just faulted wait in a per-CPU batch before they reach
		 * the LRU lists; MADV_PAGEOUT drains only its own CPU's: stay
		 * on one CPU, so every page can go out. */
		CPU_ZERO(&one);
		CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &one);
		sched_setaffinity(0, sizeof(one), &one);
		keep[0] = fenced(64, PROT_READ | PROT_WRITE);
		fill(keep[0], 64 * pg);
	} else if (strcmp(mode, "pageout") == 0) {
		madvise(keep[0], 64 * pg, MW_MADV_PAGEOUT);
	} else if (strcmp(mode, "thp") == 0 && !second) {
		keep[0] = huge_aligned();
	} else if (strcmp(mode, "thp") == 0) {
		fill(keep[0], HUGE_LEN);
	} else {
		_exit(2);
	}
}

int
main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	step(argv[1], 0);
	say("ready\n");
	wait_line();
	step(argv[1], 1);
	say("done\n");
	wait_line();
	return 0;
}
