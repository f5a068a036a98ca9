/* tests/helpers/cg-fill.c: join a memory cgroup, then fill it.
 *
 *	cg-fill CGROUP_DIR ANON_MIB FILE FILE_MIB
 *
 * Writes "0" to CGROUP_DIR/cgroup.procs (the kernel moves the writer),
 * then writes every page of ANON_MIB MiB of anonymous memory and FILE_MIB
 * MiB to FILE (page cache charged to the cgroup), prints "ready" and waits
 * for its standard input to close. Each line read on the way ("more N")
 * adds N MiB of anonymous memory and prints "step K: ..." (the shape the
 * shell library's step_sample waits for).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Where the blocks are kept, so that the compiler cannot drop the writes. */
static char *volatile kept[64];
static int nkept;

static void
fill_anon(size_t mib)
{
	char *p;

	if (mib == 0)
		return;
	p = malloc(mib << 20);
	if (p == NULL) {
		perror("malloc");
		exit(1);
	}
	memset(p, 0x5a, mib << 20);
	kept[nkept++ % 64] = p;	/* the pages stay charged */
}

int
main(int argc, char **argv)
{
	static char block[1 << 20];
	char line[64];
	int fd, k = 0;
	size_t anon, file;
	FILE *f;

	if (argc != 5) {
		fprintf(stderr, "usage: cg-fill CGROUP_DIR ANON_MIB FILE FILE_MIB\n");
		return 2;
	}
	snprintf(line, sizeof(line), "%s", "cgroup.procs");
	{
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", argv[1], line);
		f = fopen(path, "w");
		if (f == NULL || fputs("0\n", f) < 0 || fclose(f) != 0) {
			perror(path);
			return 1;
		}
	}
	anon = strtoul(argv[2], NULL, 10);
	file = strtoul(argv[4], NULL, 10);
	fill_anon(anon);
	fd = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(argv[3]);
		return 1;
	}
	memset(block, 0x33, sizeof(block));
	for (size_t i = 0; i < file; i++)
		if (write(fd, block, sizeof(block)) != (ssize_t)sizeof(block)) {
			perror("write");
			return 1;
		}
	close(fd);
	printf("ready pid=%d\n", (int)getpid());
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin) != NULL) {
		unsigned long n;

		if (sscanf(line, "more %lu", &n) == 1)
			fill_anon(n);
		printf("step %d: anon +%lu MiB\n", ++k,
		    sscanf(line, "more %lu", &n) == 1 ? n : 0UL);
		fflush(stdout);
	}
	return 0;
}
