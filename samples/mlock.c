/* samples/mlock.c: locking pages in RAM.
 *
 * mlock() faults in every page of a range at once (no lazy allocation) and
 * pins it: it is never swapped out. smaps shows the pages as Locked, the
 * mapping gains the "lo" VmFlag, and /proc/PID/status counts them in VmLck.
 * munlock() unpins them; they stay resident.
 *
 * An unprivileged process may lock at most RLIMIT_MEMLOCK bytes (see
 * `ulimit -l`, in KiB; often 64 KiB or 8 MiB); beyond it mlock() fails
 * with ENOMEM (or EPERM when the limit is 0). Root, or CAP_IPC_LOCK, has
 * no limit. This program says so and goes on with the next step.
 *
 *   step 1  mmap a block (4 MiB), untouched:    Rss = 0
 *   step 2  mlock it:                           Rss = Locked = Size
 *   step 3  munlock it:                         Locked = 0, Rss = Size
 *
 * See it with memwatch:
 *   memwatch PID diff -i 10      press Enter meanwhile: Rss, Locked
 *   memwatch PID explain         locked memory
 *
 * Usage: mlock [SIZE]            (default 4M)
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "sample.h"

/* Why mlock() failed, and what to do. */
static void
explain_failure(int err, size_t size)
{
	struct rlimit rl;
	char lim[64] = "unknown";

	if (getrlimit(RLIMIT_MEMLOCK, &rl) == 0) {
		if (rl.rlim_cur == RLIM_INFINITY)
			snprintf(lim, sizeof(lim), "unlimited");
		else
			snprintf(lim, sizeof(lim), "%ju bytes",
			    (uintmax_t)rl.rlim_cur);
	}
	sample_step("mlock(%zu bytes) failed: %s; RLIMIT_MEMLOCK is %s; "
	    "raise it (ulimit -l, limits.conf) or run as root; nothing locked",
	    size, strerror(err), lim);
}

int
main(int argc, char **argv)
{
	static const char *const plan[] = {
		"mmap a block without touching it (Rss = 0)",
		"mlock it (every page faulted in and pinned: Locked = Size)",
		"munlock it (Locked = 0, the pages stay resident)", NULL };
	size_t size = argc > 1 ? sample_size_arg("mlock", argv[1]) :
	    4 << 20;
	unsigned char *block = MAP_FAILED;
	int locked = 0;

	size = sample_page_round(size);
	sample_start("mlock", "mlock populates and pins pages", plan);

	if (!sample_next())
		goto out;
	block = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (block == MAP_FAILED)
		sample_die("mmap");
	sample_step("mmap'd block=%p size=%zu, untouched", (void *)block,
	    size);

	if (!sample_next())
		goto out;
	if (mlock(block, size) == 0) {
		locked = 1;
		sample_step("mlock(block=%p, %zu): locked, every page "
		    "resident", (void *)block, size);
	} else if (errno == EPERM || errno == ENOMEM || errno == EAGAIN) {
		explain_failure(errno, size);
	} else {
		sample_die("mlock");
	}

	if (!sample_next())
		goto out;
	if (locked && munlock(block, size) != 0)
		sample_die("munlock");
	sample_step("munlock(block=%p, %zu)%s", (void *)block, size,
	    locked ? ": unlocked, the pages stay resident" :
	    ": nothing was locked");
	sample_finish();
out:
	if (block != MAP_FAILED)
		munmap(block, size);
	return 0;
}
