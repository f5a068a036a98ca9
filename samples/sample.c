/* samples/sample.c: the step loop and small helpers shared by the samples. */
#include "config.h"

#include "sample.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *sample_name = "sample";
static int sample_n, sample_waiting;
static volatile sig_atomic_t sample_signal;

static void
on_stop(int sig)
{
	sample_signal = sig;
}

void
sample_start(const char *name, const char *what, const char *const *plan)
{
	struct sigaction sa;

	sample_name = name;
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* No SA_RESTART: a stop signal interrupts the read() waiting for
	 * the next line, and the program leaves through its cleanup. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	printf("%s: pid %ld\n", name, (long)getpid());
	printf("%s: %s\n", name, what);
	for (int i = 0; plan != NULL && plan[i] != NULL; i++)
		printf("  step %d will %s\n", i + 1, plan[i]);
}

int
sample_next(void)
{
	char c;
	ssize_t n;

	/* "ready" tells a person, or a test, that input is awaited. */
	if (!sample_waiting++)
		printf("ready: press Enter for each step, Ctrl-D to quit\n");
	fflush(stdout);
	/* One byte at a time, so nothing past the newline is consumed. */
	for (;;) {
		if (sample_signal)
			return 0;
		n = read(STDIN_FILENO, &c, 1);
		if (n == 0)
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return 0;
		if (c == '\n')
			return 1;
	}
}

void
sample_step(const char *fmt, ...)
{
	va_list ap;

	printf("step %d: ", ++sample_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

void
sample_finish(void)
{
	printf("all steps done; press Enter or Ctrl-D to exit\n");
	fflush(stdout);
	sample_next();
}

void
sample_wait_eof(void)
{
	sample_waiting = 1;
	printf("ready: waiting for end of input (Ctrl-D) to exit\n");
	while (sample_next())
		;
}

int
sample_stopping(void)
{
	return sample_signal != 0;
}

size_t
sample_page_size(void)
{
	long ps = sysconf(_SC_PAGESIZE);

	return ps > 0 ? (size_t)ps : 4096;
}

size_t
sample_page_round(size_t n)
{
	size_t ps = sample_page_size();

	return (n + ps - 1) / ps * ps;
}

void
sample_touch(void *p, size_t len)
{
	volatile unsigned char *c = p;
	size_t ps = sample_page_size();

	for (size_t off = 0; off < len; off += ps)
		c[off] = 1;
}

unsigned
sample_read(const void *p, size_t len)
{
	const volatile unsigned char *c = p;
	size_t ps = sample_page_size();
	unsigned sum = 0;

	for (size_t off = 0; off < len; off += ps)
		sum += c[off];
	return sum;
}

size_t
sample_size_arg(const char *prog, const char *arg)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	errno = 0;
	if (arg[0] < '0' || arg[0] > '9')
		goto bad;
	v = strtoull(arg, &end, 10);
	if (errno == ERANGE)
		goto bad;
	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	}
	if (*end != '\0' || v == 0 || v > (SIZE_MAX >> 1) >> shift)
		goto bad;
	return (size_t)(v << shift);
bad:
	fprintf(stderr, "%s: '%s' is not a size (bytes, or a number with K, M "
	    "or G)\n", prog, arg);
	exit(2);
}

void
sample_die(const char *what)
{
	fprintf(stderr, "%s: %s failed (%s)\n", sample_name, what,
	    strerror(errno));
	exit(1);
}
