/* bench/measure.c: run a command REPEAT times and report its medians.
 *
 *   measure [-r REPEAT] [-o OUTFILE] -- COMMAND [ARGS...] [--- COMMAND...]
 *
 * Prints a line per command: "wall_ns=N cpu_ns=N maxrss_kb=N user_ns=N
 * wall_x=R cpu_x=R" with the median wall time, the median user+system CPU
 * time, the largest peak RSS and the median user CPU time over the runs,
 * and the median over the rounds of its wall and CPU time over the first
 * command's in the same round (in thousandths), then the least and the
 * largest of those ratios (the spread). Several commands
 * (separated by "---") are run in turn, REPEAT rounds of one run each, so
 * that a change in the machine's load falls on all of them alike; the
 * ratio of each round compares runs made seconds apart. The
 * commands' stdout goes to OUTFILE (default /dev/null), so the cost of a
 * terminal never enters the figures.
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
    uint64_t *user, long *maxrss)
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
	*user = (uint64_t)ru.ru_utime.tv_sec * 1000000000u +
	    (uint64_t)ru.ru_utime.tv_usec * 1000u;
	*cpu = *user + (uint64_t)ru.ru_stime.tv_sec * 1000000000u +
	    (uint64_t)ru.ru_stime.tv_usec * 1000u;
	*maxrss = ru.ru_maxrss;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

#define MAX_CMDS 8

struct cmd {
	char **argv;
	uint64_t *wall, *cpu, *user;
	uint64_t *wall_x, *cpu_x;	/* over the first command's, x1000 */
	long maxrss;
};

/* a / b in thousandths (0 when b is 0). */
static uint64_t
permille(uint64_t a, uint64_t b)
{
	return b > 0 ? (a * 1000 + b / 2) / b : 0;
}

int
main(int argc, char **argv)
{
	const char *out = "/dev/null";
	struct cmd cmds[MAX_CMDS];
	int c, n = 5, ncmds = 0;
	long rss;

	while ((c = getopt(argc, argv, "+r:o:")) != -1) {
		if (c == 'r')
			n = atoi(optarg);
		else if (c == 'o')
			out = optarg;
		else
			return 2;
	}
	if (optind >= argc || n < 1) {
		fprintf(stderr, "usage: measure [-r REPEAT] [-o OUT] -- CMD... [--- CMD...]\n");
		return 2;
	}
	/* Split the rest at "---" into the commands, NULL-terminated. */
	for (int i = optind; i < argc && ncmds < MAX_CMDS; ) {
		struct cmd *k = &cmds[ncmds++];

		memset(k, 0, sizeof(*k));
		k->argv = &argv[i];
		while (i < argc && strcmp(argv[i], "---") != 0)
			i++;
		if (i < argc)
			argv[i++] = NULL;
		k->wall = calloc((size_t)n, sizeof(uint64_t));
		k->cpu = calloc((size_t)n, sizeof(uint64_t));
		k->user = calloc((size_t)n, sizeof(uint64_t));
		k->wall_x = calloc((size_t)n, sizeof(uint64_t));
		k->cpu_x = calloc((size_t)n, sizeof(uint64_t));
		if (k->wall == NULL || k->cpu == NULL || k->user == NULL ||
		    k->wall_x == NULL || k->cpu_x == NULL || k->argv[0] == NULL)
			return 1;
	}
	for (int r = 0; r < n; r++) {
		for (int j = 0; j < ncmds; j++) {
			struct cmd *k = &cmds[j];

			if (run_once(k->argv, out, &k->wall[r], &k->cpu[r],
			    &k->user[r], &rss) < 0) {
				fprintf(stderr, "measure: %s failed\n", k->argv[0]);
				return 1;
			}
			if (rss > k->maxrss)
				k->maxrss = rss;
			k->wall_x[r] = permille(k->wall[r], cmds[0].wall[r]);
			k->cpu_x[r] = permille(k->cpu[r], cmds[0].cpu[r]);
		}
	}
	for (int j = 0; j < ncmds; j++) {
		struct cmd *k = &cmds[j];

		qsort(k->wall, (size_t)n, sizeof(uint64_t), cmp_u64);
		qsort(k->cpu, (size_t)n, sizeof(uint64_t), cmp_u64);
		qsort(k->user, (size_t)n, sizeof(uint64_t), cmp_u64);
		qsort(k->wall_x, (size_t)n, sizeof(uint64_t), cmp_u64);
		qsort(k->cpu_x, (size_t)n, sizeof(uint64_t), cmp_u64);
		printf("wall_ns=%" PRIu64 " cpu_ns=%" PRIu64 " maxrss_kb=%ld user_ns=%" PRIu64
		    " wall_x=%" PRIu64 " cpu_x=%" PRIu64
		    " wall_x_lo=%" PRIu64 " wall_x_hi=%" PRIu64
		    " cpu_x_lo=%" PRIu64 " cpu_x_hi=%" PRIu64 "\n",
		    k->wall[n / 2], k->cpu[n / 2], k->maxrss, k->user[n / 2],
		    k->wall_x[n / 2], k->cpu_x[n / 2], k->wall_x[0],
		    k->wall_x[n - 1], k->cpu_x[0], k->cpu_x[n - 1]);
		free(k->wall);
		free(k->cpu);
		free(k->user);
		free(k->wall_x);
		free(k->cpu_x);
	}
	return 0;
}
