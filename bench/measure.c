/* bench/measure.c: run a command REPEAT times and report its medians.
 *
 *   measure [-r REPEAT] [-o OUTFILE] -- COMMAND [ARGS...]
 *
 * Prints one line: "wall_ns=N cpu_ns=N maxrss_kb=N" with the median wall
 * time, the median user+system CPU time and the largest peak RSS over the
 * runs. The command's stdout goes to OUTFILE (default /dev/null), so the
 * cost of a terminal never enters the figures.
 */
#include "config.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static int
run_once(char **argv, const char *out, uint64_t *wall, uint64_t *cpu,
    long *maxrss)
{
	struct rusage ru;
	uint64_t t0 = now_ns();
	int status, fd;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*wall = now_ns() - t0;
	*cpu = (uint64_t)ru.ru_utime.tv_sec * 1000000000u +
	    (uint64_t)ru.ru_utime.tv_usec * 1000u +
	    (uint64_t)ru.ru_stime.tv_sec * 1000000000u +
	    (uint64_t)ru.ru_stime.tv_usec * 1000u;
	*maxrss = ru.ru_maxrss;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	const char *out = "/dev/null";
	uint64_t *wall, *cpu;
	long rss, maxrss = 0;
	int c, n = 5;

	while ((c = getopt(argc, argv, "+r:o:")) != -1) {
		if (c == 'r')
			n = atoi(optarg);
		else if (c == 'o')
			out = optarg;
		else
			return 2;
	}
	if (optind >= argc || n < 1) {
		fprintf(stderr, "usage: measure [-r REPEAT] [-o OUT] -- CMD...\n");
		return 2;
	}
	wall = calloc((size_t)n, sizeof(*wall));
	cpu = calloc((size_t)n, sizeof(*cpu));
	if (wall == NULL || cpu == NULL)
		return 1;
	for (int i = 0; i < n; i++) {
		if (run_once(argv + optind, out, &wall[i], &cpu[i], &rss) < 0) {
			fprintf(stderr, "measure: %s failed\n", argv[optind]);
			return 1;
		}
		if (rss > maxrss)
			maxrss = rss;
	}
	qsort(wall, (size_t)n, sizeof(*wall), cmp_u64);
	qsort(cpu, (size_t)n, sizeof(*cpu), cmp_u64);
	printf("wall_ns=%" PRIu64 " cpu_ns=%" PRIu64 " maxrss_kb=%ld\n",
	    wall[n / 2], cpu[n / 2], maxrss);
	free(wall);
	free(cpu);
	return 0;
}
