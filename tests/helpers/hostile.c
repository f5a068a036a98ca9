/* tests/helpers/hostile.c: a process whose names attack the terminal.
 *
 *   hostile DIR
 *
 * Names itself "evil\e[2J\n" (comm), creates in DIR a file named with an
 * ANSI escape sequence, one with the bytes 0xff 0xfe and one whose name
 * holds a newline and a fake smaps header line, and a 64 MiB one (its first
 * page touched) whose name holds a whole amount token of memwatch's
 * sentences ("\x1f" "b1099511627776" "\x1e": 1 TiB), maps them, prints
 * "ready PID" and waits for EOF on stdin. The files stay for the test to
 * remove with DIR.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

static void *
map_file(const char *dir, const char *name, size_t size)
{
	char path[4096];
	void *p;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)size) < 0) {
		perror(path);
		exit(1);
	}
	p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	close(fd);
	(void)*(volatile char *)p;
	return p;
}

int
main(int argc, char **argv)
{
	char line[64];

	if (argc != 2) {
		fprintf(stderr, "usage: hostile DIR\n");
		return 2;
	}
	map_file(argv[1], "\x1b[31mred\x1b[0m file", 8192);
	map_file(argv[1], "bad-\xff\xfe-bytes", 8192);
	/* A newline and a fake mapping row: must not forge a table row. */
	map_file(argv[1], "forged\n7f0000000000-7f0000001000 rw-p 00000000 00:00 0 FORGED", 8192);
	/* An amount token: must not forge an amount in a sentence. */
	map_file(argv[1], "amount-\x1f" "b1099511627776" "\x1e-forged",
	    (size_t)64 << 20);
	prctl(PR_SET_NAME, "evil\x1b[2J\n", 0, 0, 0);
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin) != NULL)
		;
	return 0;
}
