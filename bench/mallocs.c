/* bench/mallocs.c: a malloc-heavy program for bench/stacks.sh.
 *
 * mallocs N: prints "ready PID", waits for a line on standard input (so a
 * tracer can attach first), then makes N small allocations (16 to 256
 * bytes) and as many frees, 64 blocks live at a time, and prints
 * "ns WALL cpu CPU": the loop's wall-clock time (CLOCK_MONOTONIC) and
 * its CPU time (CLOCK_PROCESS_CPUTIME_ID: user and system, the uprobe
 * traps and the BPF programs run for it included, time spent waiting for
 * a CPU other programs hold left out), in nanoseconds.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define LIVE 64

static uint64_t
now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int
main(int argc, char **argv)
{
	static void *live[LIVE];
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	uint32_t x = 2463534242u;
	char line[64];
	uint64_t t0, t1, c0, c1;

	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	if (fgets(line, sizeof(line), stdin) == NULL)
		return 1;
	c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	t0 = now_ns(CLOCK_MONOTONIC);
	for (unsigned long i = 0; i < n; i++) {
		unsigned k = (unsigned)(i % LIVE);

		x ^= x << 13;	/* xorshift: sizes 16..256 */
		x ^= x >> 17;
		x ^= x << 5;
		free(live[k]);
		live[k] = malloc(16 + x % 241);
		if (live[k] == NULL)
			return 1;
		*(volatile char *)live[k] = (char)i;
	}
	t1 = now_ns(CLOCK_MONOTONIC);
	c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	for (unsigned k = 0; k < LIVE; k++)
		free(live[k]);
	printf("ns %llu cpu %llu\n", (unsigned long long)(t1 - t0),
	    (unsigned long long)(c1 - c0));
	return 0;
}
