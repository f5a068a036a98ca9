/* tests/helpers/mw-layout.c: a process with a known memory layout.
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
 *   filemany=PATH  map 4 chunks of 2 MiB of PATH (offsets 0, 2, 4, 6 MiB;
 *           PATH must hold 8 MiB) at non-adjacent places, with a PROT_NONE
 *           page between them, and read every page
 *   stacks  start a thread that blocks in read() (its stack: "thread"), map
 *           16 MiB above a PROT_NONE page as a malloc arena sits above the
 *           tail of the one below ("arena"), and 32 MiB above a PROT_NONE
 *           page named "memwatch-heap" with PR_SET_VMA_ANON_NAME where
 *           the kernel allows ("named"; "named-unnamed" when it does not)
 *   mlockall  mlockall(MCL_CURRENT): every mapping so far locked
 *   sparse=MIB:N  mmap MIB MiB (MAP_NORESERVE, MADV_NOHUGEPAGE) and write N
 *           pages spread evenly over it (page i * (pages / N))
 * then print "NAME 0xADDR" lines and "ready", and wait until stdin closes.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
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
do_filemany(const char *path)
{
	size_t chunk = (size_t)2 << 20, step = chunk + 4096;
	int fd = open(path, O_RDONLY);
	char *base = mmap(NULL, 4 * step, PROT_NONE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile char sum = 0;

	if (fd < 0 || base == MAP_FAILED) {
		perror("mw-layout: filemany");
		exit(1);
	}
	for (int i = 0; i < 4; i++) {
		char *p = mmap(base + i * step, chunk, PROT_READ,
		    MAP_PRIVATE | MAP_FIXED, fd, (off_t)i * (off_t)chunk);

		if (p == MAP_FAILED) {
			perror("mw-layout: filemany");
			exit(1);
		}
		for (size_t o = 0; o < chunk; o += 4096)
			sum += p[o];
	}
	close(fd);
	printf("filemany %p\n", (void *)base);
}

static int stack_pipe[2];

static void *
blocked_thread(void *arg)
{
	char c;
	volatile char here = 1;

	printf("thread %p\n", (void *)&here);
	fflush(stdout);
	(void)arg;
	while (read(stack_pipe[0], &c, 1) < 0)
		;
	return NULL;
}

/* len bytes right above a PROT_NONE page; returns the accessible part. */
static char *
above_guard(size_t len)
{
	char *p = mmap(NULL, len + 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED || mprotect(p, 4096, PROT_NONE) != 0) {
		perror("mw-layout: stacks");
		exit(1);
	}
	p[4096] = 1;
	return p + 4096;
}

static void
do_stacks(void)
{
	pthread_t t;
	char *arena, *named;

	if (pipe(stack_pipe) != 0 ||
	    pthread_create(&t, NULL, blocked_thread, NULL) != 0) {
		perror("mw-layout: stacks");
		exit(1);
	}
	usleep(100000);
	arena = above_guard((size_t)16 << 20);
	named = above_guard((size_t)32 << 20);
	printf("arena %p\n", (void *)arena);
#ifndef PR_SET_VMA
#define PR_SET_VMA 0x53564d41
#define PR_SET_VMA_ANON_NAME 0
#endif
	if (prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, (unsigned long)named,
	    (size_t)32 << 20, (unsigned long)"memwatch-heap") == 0)
		printf("named %p\n", (void *)named);
	else
		printf("named-unnamed %p\n", (void *)named);
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
		else if (strncmp(argv[i], "filemany=", 9) == 0)
			do_filemany(argv[i] + 9);
		else if (strcmp(argv[i], "stacks") == 0)
			do_stacks();
		else if (strcmp(argv[i], "mlockall") == 0) {
			if (mlockall(MCL_CURRENT) != 0) {
				perror("mw-layout: mlockall");
				return 1;
			}
			printf("mlockall 0x0\n");
		} else if (strncmp(argv[i], "sparse=", 7) == 0)
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
