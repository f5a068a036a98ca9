/* bench/rollup-floor.c: the floor for a system-wide PSS table.
 *
 * Reads /proc/PID/smaps_rollup of every process once, with one buffer and
 * plain read(2): the least any tool can do to learn every process's PSS.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int
main(void)
{
	static char buf[65536];
	struct dirent *de;
	char path[300];
	DIR *d = opendir("/proc");
	long n = 0;

	if (d == NULL)
		return 1;
	while ((de = readdir(d)) != NULL) {
		int fd;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/smaps_rollup", de->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		while (read(fd, buf, sizeof(buf)) > 0)
			n++;
		close(fd);
	}
	closedir(d);
	printf("%ld\n", n);
	return 0;
}
