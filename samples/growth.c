/* samples/growth.c: four ways memory grows over time, one per run.
 *
 * A leak and a cache warming up both make RSS go up; a garbage collector
 * makes it go up and down; reading a file through a mapping makes it go up
 * too, without costing anything the kernel cannot take back. This program
 * does one of them, from its start until it is stopped, so that
 * 'memwatch PID watch' can tell them apart:
 *
 *   leak      malloc'ed blocks of 4 to 64 KiB (in the [heap]) that are
 *             never freed, RATE bytes a second, while it also allocates
 *             and frees: small blocks freed at the next tick, large ones
 *             (above the mmap threshold) held for a tick or two, so RSS
 *             wobbles around the trend by up to RATE / 2
 *   plateau   the same kept blocks at RATE for 3 seconds (a cache filling),
 *             then nothing
 *   sawtooth  an anonymous mapping written page by page at RATE and
 *             emptied every 2 seconds (MADV_DONTNEED), as a collector or
 *             a reused arena does: up and down, no net growth
 *   filemap   a file of 60 seconds' worth (written to $TMPDIR, default
 *             /tmp, first) mapped and read page by page at RATE: the
 *             growth is page cache in a file mapping, not a leak
 *
 * See it with memwatch:
 *   memwatch PID watch -i 0.2 -d 15s   the verdict, the slope, where
 *
 * Usage: growth leak|plateau|sawtooth|filemap [RATE]   (default 2M)
 * It runs until end of input (Ctrl-D), Ctrl-C or SIGTERM.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "sample.h"

#define TICK_MS 50
#define TEMP_BIG ((size_t)256 << 10)	/* above the mmap threshold */

static char path[4096];

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wait one tick; 0 at end of input or after a stop signal. */
static int
tick(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	char buf[64];

	if (sample_stopping())
		return 0;
	if (poll(&p, 1, TICK_MS) > 0 && read(STDIN_FILENO, buf,
	    sizeof(buf)) == 0)
		return 0;
	return !sample_stopping();
}

/* Blocks never freed, until *kept reaches want. */
static void
keep(size_t *kept, double want)
{
	while ((double)*kept < want) {
		size_t n = 4096 + (size_t)(rand() % (60 * 1024));
		char *p = malloc(n);

		if (p == NULL)
			sample_die("malloc");
		memset(p, 'k', n);
		*kept += n;
	}
}

static void
run_leak(double rate, double stop_after)
{
	void *small[16] = { 0 }, *big[2] = { 0 };
	double t0 = now();
	size_t kept = 0;
	unsigned k = 0;

	while (tick()) {
		double t = now() - t0;

		keep(&kept, rate * (t < stop_after ? t : stop_after));
		if (stop_after < 1e9)
			continue;
		/* what it frees: the last tick's small blocks and a large
		 * block two ticks old */
		for (int i = 0; i < 16; i++) {
			size_t n = 1024 + (size_t)(rand() % 8192);

			free(small[i]);
			small[i] = malloc(n);
			if (small[i] != NULL)
				memset(small[i], 's', n);
		}
		free(big[k % 2]);
		big[k % 2] = NULL;
		if (rand() % 2) {
			size_t n = TEMP_BIG * (1 + (size_t)rand() %
			    (size_t)(rate / 2 / TEMP_BIG + 1));

			big[k % 2] = malloc(n);
			if (big[k % 2] != NULL)
				memset(big[k % 2], 'b', n);
		}
		k++;
	}
}

static void
run_sawtooth(double rate)
{
	size_t ps = sample_page_size(), len = sample_page_round(
	    (size_t)(rate * 2) + ps), done = 0;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	double t0 = now(), cycle = 0;

	if (p == MAP_FAILED)
		sample_die("mmap");
	while (tick()) {
		double t = now() - t0;

		if (t - cycle >= 2.0) {
			madvise(p, len, MADV_DONTNEED);
			cycle += 2.0;
			done = 0;
		}
		for (; (double)done < rate * (t - cycle) && done < len;
		    done += ps)
			p[done] = 1;
	}
	munmap(p, len);
}

static int
make_file(size_t size)
{
	const char *tmp = getenv("TMPDIR");
	static char chunk[1 << 16];
	int fd;

	snprintf(path, sizeof(path), "%s/growth.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		sample_die("mkstemp in $TMPDIR");
	memset(chunk, 'f', sizeof(chunk));
	for (size_t done = 0; done < size; done += sizeof(chunk)) {
		if (write(fd, chunk, sizeof(chunk)) != (ssize_t)sizeof(chunk)) {
			unlink(path);
			sample_die("write");
		}
	}
	return fd;
}

static void
run_filemap(double rate)
{
	size_t ps = sample_page_size();
	size_t len = sample_page_round((size_t)(rate * 60)) + ps, done = 0;
	int fd = make_file(len);
	const volatile char *p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	double t0 = now();
	unsigned sum = 0;

	if (p == MAP_FAILED) {
		unlink(path);
		sample_die("mmap");
	}
	while (tick()) {
		double t = now() - t0;

		for (; (double)done < rate * t && done < len; done += ps)
			sum += (unsigned)p[done];
	}
	munmap((void *)p, len);
	close(fd);
	unlink(path);
	(void)sum;
}

int
main(int argc, char **argv)
{
	double rate;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: growth leak|plateau|sawtooth|filemap "
		    "[RATE]\n");
		return 2;
	}
	rate = argc == 3 ? (double)sample_size_arg("growth", argv[2]) :
	    2 << 20;
	/* a fixed threshold: glibc otherwise raises it when a large block
	 * is freed, and the large blocks would land in the heap */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	srand(1);
	sample_start("growth", "memory that grows over time, one pattern",
	    NULL);
	printf("growth: %s at %.0f bytes a second\n", argv[1], rate);
	printf("ready: running; Ctrl-D or Ctrl-C stops it\n");
	fflush(stdout);
	if (strcmp(argv[1], "leak") == 0)
		run_leak(rate, 1e18);
	else if (strcmp(argv[1], "plateau") == 0)
		run_leak(rate, 3.0);
	else if (strcmp(argv[1], "sawtooth") == 0)
		run_sawtooth(rate);
	else if (strcmp(argv[1], "filemap") == 0)
		run_filemap(rate);
	else {
		fprintf(stderr, "growth: '%s' is not leak, plateau, sawtooth "
		    "or filemap\n", argv[1]);
		return 2;
	}
	return 0;
}
