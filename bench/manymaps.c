/* bench/manymaps.c: a process with N separate mappings, for benchmarks.
 *
 * Usage: manymaps N
 *
 * Maps N pages in one reservation and gives every other page a different
 * protection (read-only, read-write), so the kernel cannot merge
 * neighbours: each page is its own VMA, one smaps entry. One read-write
 * page in four is touched, so some entries have Rss and some none. Prints
 * "pid PID" and "ready", then waits for end of input on stdin.
 *
 * The kernel caps a process's mappings at vm.max_map_count
 * (/proc/sys/vm/max_map_count, 65530 by default); asking for more fails
 * with a message saying how to raise it.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A count from a /proc file of one number; -1 when unreadable. */
static long
read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f != NULL) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* How many mappings this process has now: lines of /proc/self/maps. */
static long
count_maps(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	long n = 0;
	int c;

	if (f == NULL)
		return 0;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static int
parse_count(const char *arg, long *n)
{
	char *end;

	errno = 0;
	if (arg[0] < '0' || arg[0] > '9')
		return -1;
	*n = strtol(arg, &end, 10);
	return errno == 0 && *end == '\0' && *n > 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	long n, max, have;
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char *base;
	char c;

	if (argc != 2 || parse_count(argv[1], &n) != 0) {
		fprintf(stderr, "usage: manymaps N (a count of mappings, "
		    "at least 1)\n");
		return 2;
	}
	max = read_long("/proc/sys/vm/max_map_count");
	have = count_maps();
	/* +8: room for what the C library maps while we run. */
	if (max > 0 && n + have + 8 > max) {
		fprintf(stderr, "manymaps: %ld mappings do not fit under "
		    "vm.max_map_count (%ld, this process already has %ld); "
		    "raise it: sysctl -w vm.max_map_count=%ld\n", n, max, have,
		    n + have + 1024);
		return 1;
	}
	if ((unsigned long)n > SIZE_MAX / ps) {
		fprintf(stderr, "manymaps: %ld pages do not fit in the "
		    "address space\n", n);
		return 1;
	}
	base = mmap(NULL, (size_t)n * ps, PROT_READ,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED) {
		fprintf(stderr, "manymaps: mmap of %ld pages failed (%s)\n",
		    n, strerror(errno));
		return 1;
	}
	for (long i = 1; i < n; i += 2) {
		unsigned char *p = base + (size_t)i * ps;

		if (mprotect(p, ps, PROT_READ | PROT_WRITE) != 0) {
			fprintf(stderr, "manymaps: mprotect failed after %ld "
			    "mappings (%s); check vm.max_map_count\n", i,
			    strerror(errno));
			return 1;
		}
		if (i % 8 == 1)
			*p = 1;	/* one read-write page in four resident */
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("pid %ld\nready\n", (long)getpid());
	errno = 0;
	while (read(STDIN_FILENO, &c, 1) > 0 || errno == EINTR)
		errno = 0;
	munmap(base, (size_t)n * ps);
	return 0;
}
