/* bench/mallocs.c: a malloc-heavy program for bench/stacks.sh.
 *
 * mallocs N: prints "ready PID", waits for a line on standard input (so a
 * tracer can attach first), then makes N small allocations (16 to 256
 * bytes) and as many frees, 64 blocks live at a time, and prints
 * "ns ELAPSED" (the loop alone, CLOCK_MONOTONIC) and exits.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define LIVE 64

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int
main(int argc, char **argv)
{
	static void *live[LIVE];
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	uint32_t x = 2463534242u;
	char line[64];
	uint64_t t0, t1;

	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	if (fgets(line, sizeof(line), stdin) == NULL)
		return 1;
	t0 = now_ns();
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
	t1 = now_ns();
	for (unsigned k = 0; k < LIVE; k++)
		free(live[k]);
	printf("ns %llu\n", (unsigned long long)(t1 - t0));
	return 0;
}
