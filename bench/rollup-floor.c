/* bench/rollup-floor.c: the floors for a system-wide PSS table.
 *
 *   rollup-floor [-s]
 *
 * Reads /proc/PID/smaps_rollup of every process once, with one buffer and
 * plain read(2): the least any tool can do to learn every process's PSS
 * (the naive floor of a live view, which does it every refresh). With -s
 * it reads /proc/PID/stat beside it: a table needs stat too (its command,
 * state and start time, for pid reuse), so that is top -b's floor.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static long
slurp(const char *path, char *buf, size_t size)
{
	long n = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	while (read(fd, buf, size) > 0)
		n++;
	close(fd);
	return n;
}

int
main(int argc, char **argv)
{
	static char buf[65536];
	struct dirent *de;
	char path[300];
	DIR *d = opendir("/proc");
	int with_stat = argc > 1 && strcmp(argv[1], "-s") == 0;
	long n = 0;

	if (d == NULL)
		return 1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/smaps_rollup", de->d_name);
		n += slurp(path, buf, sizeof(buf));
		if (!with_stat)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		n += slurp(path, buf, sizeof(buf));
	}
	closedir(d);
	printf("%ld\n", n);
	return 0;
}
