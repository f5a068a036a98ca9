/* bench/farm.c: P sleeping child processes with varied memory.
 *
 * Usage: farm P [M]
 *
 * Forks P children. Before forking, the parent fills a 4 MiB shared
 * anonymous region that every child inherits; one child in three reads it
 * (so its pages are shared, and Pss divides them). Each child then
 * reserves (i % 8 + 1) * 128 KiB of private memory and touches
 * (i % 4 + 1) quarters of it, so Size, Rss and Pss differ from child to
 * child, and sleeps. With M, each child also maps M pages, touched, as M
 * mappings (every other page read-only, so that none merge) and reserves
 * 1 GiB it never touches: large address spaces, for the cost of walking
 * them. When all children are ready the parent prints their
 * pids, one per line, then "ready". At end of input on stdin, or on
 * SIGTERM, SIGINT or SIGHUP, it kills and reaps every child and exits 0.
 * A child dies with its parent (PR_SET_PDEATHSIG), even when the parent is
 * killed outright.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHARED	(4UL << 20)
#define RESERVE	(1UL << 30)

static long maps;	/* M: mappings per child */
#define UNIT	(128UL << 10)

static volatile sig_atomic_t stop;

static void
on_stop(int sig)
{
	stop = sig;
}

static void
child(long i, pid_t parent, const unsigned char *shared, int ready)
{
	size_t size = (size_t)(i % 8 + 1) * UNIT;
	size_t touch = size / 4 * (size_t)(i % 4 + 1);
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	volatile unsigned char sum = 0;
	unsigned char *p;
	int null;

	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);	/* the parent died before prctl() */
	/* Hold neither the parent's input nor its output open. */
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		if (null > STDOUT_FILENO)
			close(null);
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		_exit(1);
	for (size_t off = 0; off < touch; off += ps)
		p[off] = (unsigned char)i;
	if (maps > 0) {
		unsigned char *m = mmap(NULL, (size_t)maps * ps,
		    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (m == MAP_FAILED || mmap(NULL, RESERVE, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) ==
		    MAP_FAILED)
			_exit(1);
		for (long k = 0; k < maps; k++) {
			m[(size_t)k * ps] = (unsigned char)k;
			if (k % 2 == 1)
				mprotect(m + (size_t)k * ps, ps, PROT_READ);
		}
	}
	if (i % 3 == 0)
		for (size_t off = 0; off < SHARED; off += ps)
			sum += shared[off];
	(void)sum;	/* volatile: the reads happen, their sum is unused */
	if (write(ready, "r", 1) != 1)
		_exit(1);
	close(ready);
	for (;;)
		pause();
}

static void
reap(pid_t *kids, long n)
{
	for (long i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	for (long i = 0; i < n; i++)
		while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
			;
}

/* Fork the children and wait until each says it is ready; the number
 * started, which is n unless something failed (then with a message). */
static long
start(pid_t *kids, long n)
{
	unsigned char *shared;
	int fds[2];
	pid_t self = getpid();
	long made;
	char c;

	shared = mmap(NULL, SHARED, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED || pipe(fds) != 0) {
		fprintf(stderr, "farm: %s\n", strerror(errno));
		return 0;
	}
	memset(shared, 's', SHARED);
	for (made = 0; made < n; made++) {
		kids[made] = fork();
		if (kids[made] < 0) {
			fprintf(stderr, "farm: fork of child %ld failed (%s); "
			    "see ulimit -u and kernel.pid_max\n", made + 1,
			    strerror(errno));
			break;
		}
		if (kids[made] == 0) {
			close(fds[0]);
			child(made, self, shared, fds[1]);
		}
	}
	close(fds[1]);
	for (long i = 0; i < made && !stop; )
		if (read(fds[0], &c, 1) == 1)
			i++;
		else if (errno != EINTR)
			break;
	close(fds[0]);
	munmap(shared, SHARED);
	return made;
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	pid_t *kids;
	long n, made;
	char *end, c;

	errno = 0;
	n = (argc == 2 || argc == 3) && argv[1][0] >= '0' &&
	    argv[1][0] <= '9' ? strtol(argv[1], &end, 10) : -1;
	if (n > 0 && errno == 0 && *end == '\0' && argc == 3)
		maps = argv[2][0] >= '0' && argv[2][0] <= '9' ?
		    strtol(argv[2], &end, 10) : -1;
	if (n <= 0 || errno != 0 || *end != '\0' || n > 1000000 ||
	    maps < 0 || maps > 60000) {
		fprintf(stderr, "usage: farm P [M] (a count of children, 1 to "
		    "1000000; mappings each, 0 to 60000)\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;	/* no SA_RESTART: read() stops */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	kids = calloc((size_t)n, sizeof(*kids));
	if (kids == NULL) {
		fprintf(stderr, "farm: out of memory\n");
		return 1;
	}
	made = start(kids, n);
	if (made < n || stop) {
		reap(kids, made);
		free(kids);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (long i = 0; i < n; i++)
		printf("%ld\n", (long)kids[i]);
	printf("ready\n");
	errno = 0;
	while (!stop && (read(STDIN_FILENO, &c, 1) > 0 || errno == EINTR))
		errno = 0;
	reap(kids, n);
	free(kids);
	return 0;
}
