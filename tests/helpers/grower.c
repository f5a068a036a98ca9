/* tests/helpers/grower.c: a process that holds still until told to grow.
 *
 * Touches 1 MiB at start; every SIGUSR1 maps and touches 8 MiB more in a
 * new anonymous mapping. It prints "ready" and "grown N" on stdout, so a
 * test can wait for it, and it exits on SIGTERM or after an hour.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile sig_atomic_t grow;

static void
on_usr1(int sig)
{
	grow = sig;
}

static void
touch(size_t bytes)
{
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p != MAP_FAILED)
		memset(p, 0x5a, bytes);
}

int
main(void)
{
	struct sigaction sa;
	int n = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	touch(1 << 20);
	printf("ready\n");
	fflush(stdout);
	alarm(3600);
	for (;;) {
		pause();
		if (grow) {
			grow = 0;
			touch(8 << 20);
			printf("grown %d\n", ++n);
			fflush(stdout);
		}
	}
}
