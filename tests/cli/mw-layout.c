/* tests/cli/mw-layout.c: a process with a known memory layout.
 *
 * mw-layout MODE...: for each MODE, in order,
 *   mmap64  mmap 64 MiB of private anonymous memory (MADV_NOHUGEPAGE, so
 *           that it stays one mapping of 4 KiB pages) and write 5 pages:
 *           0, 1, 100, 8000 and the last
 *   lazy    malloc 1575936 then 8388999 bytes and write the first and last
 *           byte of each (the classic lazy-allocation experiment)
 *   guard   mmap 16 pages and make pages 4-7 PROT_NONE
 *   file=PATH  map the first page of PATH read-only and read it
 *   big     mmap 4 GiB (MAP_NORESERVE, MADV_NOHUGEPAGE) and write pages 0,
 *           1 and 1000000
 *   sparse=MIB:N  mmap MIB MiB (MAP_NORESERVE, MADV_NOHUGEPAGE) and write N
 *           pages spread evenly over it (page i * (pages / N))
 * then print "NAME 0xADDR" lines and "ready", and wait until stdin closes.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void
do_mmap64(void)
{
	static const size_t pages[] = { 0, 1, 100, 8000, 16383 };
	size_t len = (size_t)64 << 20;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || madvise(p, len, MADV_NOHUGEPAGE) != 0) {
		perror("mw-layout: mmap64");
		exit(1);
	}
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		p[pages[i] * 4096] = 1;
	printf("mmap64 %p\n", (void *)p);
}

static void
do_lazy(void)
{
	static const size_t sizes[] = { 1575936, 8388999 };

	for (size_t i = 0; i < 2; i++) {
		char *p = malloc(sizes[i]);

		if (p == NULL) {
			perror("mw-layout: malloc");
			exit(1);
		}
		p[0] = 1;
		p[sizes[i] - 1] = 1;
		printf("malloc%zu %p\n", sizes[i], (void *)p);
	}
}

static void
do_guard(void)
{
	char *p = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || mprotect(p + 4 * 4096, 4 * 4096, PROT_NONE)) {
		perror("mw-layout: guard");
		exit(1);
	}
	memset(p, 1, 4 * 4096);
	printf("guard %p\n", (void *)p);
}

static void
do_big(void)
{
	size_t len = (size_t)4 << 30;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED || madvise(p, len, MADV_NOHUGEPAGE) != 0) {
		perror("mw-layout: big");
		exit(1);
	}
	p[0] = p[4096] = p[(size_t)1000000 * 4096] = 1;
	printf("big %p\n", (void *)p);
}

static void
do_sparse(const char *arg)
{
	char *end;
	size_t mib = strtoul(arg, &end, 10), n, len, pages, stride;
	char *p;

	n = *end == ':' ? strtoul(end + 1, NULL, 10) : 0;
	len = mib << 20;
	pages = len / 4096;
	/* One page more, unmapped again: a hole keeps it from merging with
	 * the next sparse mapping placed right below or above it. */
	p = mmap(NULL, len + 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (n == 0 || n > pages || p == MAP_FAILED ||
	    munmap(p + len, 4096) != 0 ||
	    madvise(p, len, MADV_NOHUGEPAGE) != 0) {
		perror("mw-layout: sparse");
		exit(1);
	}
	stride = pages / n;
	for (size_t i = 0; i < n; i++)
		p[i * stride * 4096] = 1;
	printf("sparse=%s %p\n", arg, (void *)p);
}

static void
do_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	volatile char *p;

	p = fd < 0 ? MAP_FAILED : mmap(NULL, 4096, PROT_READ, MAP_PRIVATE,
	    fd, 0);
	if (p == MAP_FAILED) {
		perror("mw-layout: file");
		exit(1);
	}
	(void)p[0];
	close(fd);
	printf("file %p\n", (void *)p);
}

int
main(int argc, char **argv)
{
	char buf[64];

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "mmap64") == 0)
			do_mmap64();
		else if (strcmp(argv[i], "lazy") == 0)
			do_lazy();
		else if (strcmp(argv[i], "guard") == 0)
			do_guard();
		else if (strcmp(argv[i], "big") == 0)
			do_big();
		else if (strncmp(argv[i], "sparse=", 7) == 0)
			do_sparse(argv[i] + 7);
		else if (strncmp(argv[i], "file=", 5) == 0)
			do_file(argv[i] + 5);
		else {
			fprintf(stderr, "mw-layout: unknown mode %s\n", argv[i]);
			return 2;
		}
	}
	printf("ready\n");
	fflush(stdout);
	while (read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		;
	return 0;
}
