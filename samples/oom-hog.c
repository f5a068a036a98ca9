/* samples/oom-hog.c: allocate past a memory cgroup's limit and be OOM-killed.
 *
 * The program joins the memory cgroup DIR (v1 or v2: it writes its pid
 * to DIR/cgroup.procs), then, at the first step, allocates and touches
 * STEP bytes at a time (default 1 MiB) until MAX (default 256 MiB). Below
 * a limit smaller than MAX the kernel's OOM killer ends it with SIGKILL,
 * and the kernel log holds its report: the cgroup, its usage against the
 * limit, the task table, this process as the victim. Above the limit
 * nothing happens and the step says how much was taken (bounded by MAX).
 *
 * Make a cgroup of its own first and remove it afterwards (as root):
 *   mkdir /sys/fs/cgroup/memory/hog                         (v1)
 *   echo 64M > /sys/fs/cgroup/memory/hog/memory.limit_in_bytes
 *   samples/oom-hog --cgroup /sys/fs/cgroup/memory/hog      press Enter
 *   rmdir /sys/fs/cgroup/memory/hog
 *
 * See it with memwatch:
 *   memwatch oom --since 5m      who was killed, whose limit, why
 *   memwatch oom --follow        run before the step: the kill as it happens
 *
 * Usage: oom-hog [--cgroup DIR] [--max SIZE] [STEP]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sample.h"

static void
join(const char *dir)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	f = fopen(path, "w");
	if (f == NULL || fprintf(f, "%d\n", (int)getpid()) < 0 ||
	    fclose(f) != 0)
		sample_die(path);
}

int
main(int argc, char **argv)
{
	static const char *const plan[] = {
		"allocate and touch STEP bytes at a time until MAX or the OOM killer",
		NULL,
	};
	size_t step = 1 << 20, max = (size_t)256 << 20, total = 0;
	const char *cgroup = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--cgroup") == 0 && i + 1 < argc)
			cgroup = argv[++i];
		else if (strcmp(argv[i], "--max") == 0 && i + 1 < argc)
			max = sample_size_arg("oom-hog", argv[++i]);
		else
			step = sample_size_arg("oom-hog", argv[i]);
	}
	if (step == 0)
		step = 1 << 20;
	if (cgroup != NULL)
		join(cgroup);
	sample_start("oom-hog", "a memory cgroup's OOM kill", plan);
	if (!sample_next())
		return 0;
	while (total + step <= max && !sample_stopping()) {
		void *p = mmap(NULL, step, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			sample_die("mmap");
		memset(p, 0x5a, step);	/* every byte: no page stays shared */
		total += step;
	}
	sample_step("allocated and touched %zu bytes (no OOM kill below %zu)",
	    total, max);
	sample_finish();
	return 0;
}
