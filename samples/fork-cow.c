/* samples/fork-cow.c: fork() shares every page, a write copies it.
 *
 * After fork() parent and child map the same physical pages, marked
 * read-only; a write to one of them makes a private copy for the writer
 * (copy-on-write). Rss cannot show this: each process still has every page
 * resident. Pss (proportional set size) can: a page mapped by two
 * processes counts half in each. So:
 *   step 1  the parent fills a block (32 MiB):       Pss = Rss
 *   step 2  fork():                                  Pss = Rss / 2
 *   step 3  the child writes half the block:         Pss = 3/4 of Rss
 *           (the written half is copied, so private in both processes)
 *   step 4  the child exits:                         Pss = Rss again
 * Both pids are printed, so each side can be looked at.
 *
 * See it with memwatch:
 *   memwatch PID diff -i 10      press Enter meanwhile: Pss halves, rises
 *   memwatch PID explain         shared pages and PSS
 *   memwatch top                 both processes, PSS against RSS
 *
 * Usage: fork-cow [SIZE]         (default 32M)
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sample.h"

/* The child: wait for a command byte, write the first half, report back;
 * leave at end of input (the parent closed the pipe, or died). */
static void
child_loop(int cmd, int ack, unsigned char *block, size_t size)
{
	char c;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(0);
	if (write(ack, "r", 1) != 1)
		_exit(1);
	while (read(cmd, &c, 1) == 1) {
		memset(block, 'c', size / 2);
		if (write(ack, "w", 1) != 1)
			_exit(1);
	}
	_exit(0);
}

/* Send a command (or, with c == 0, nothing) and wait for the child's
 * answer byte; 0 on success. */
static int
ask_child(int cmd, int ack, char c)
{
	char r;

	if (c != 0 && write(cmd, &c, 1) != 1)
		return -1;
	return read(ack, &r, 1) == 1 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	static const char *const plan[] = {
		"mmap and fill a block (Pss = Rss)",
		"fork: every page shared with the child (Pss = Rss / 2)",
		"the child writes half the block (Pss = 3/4 of Rss)",
		"the child exits (Pss = Rss)", NULL };
	size_t size = argc > 1 ? sample_size_arg("fork-cow", argv[1]) :
	    32 << 20;
	int cmd[2] = { -1, -1 }, ack[2] = { -1, -1 };
	unsigned char *block;
	pid_t child = -1;

	size = sample_page_round(size);
	sample_start("fork-cow", "fork() and copy-on-write, seen through Pss",
	    plan);

	if (!sample_next())
		return 0;
	block = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (block == MAP_FAILED)
		sample_die("mmap");
	memset(block, 'p', size);
	sample_step("filled block=%p size=%zu in parent=%ld", (void *)block,
	    size, (long)getpid());

	if (!sample_next())
		goto out;
	if (pipe(cmd) != 0 || pipe(ack) != 0)
		sample_die("pipe");
	child = fork();
	if (child < 0)
		sample_die("fork");
	if (child == 0) {
		close(cmd[1]);
		close(ack[0]);
		child_loop(cmd[0], ack[1], block, size);
	}
	close(cmd[0]);
	close(ack[1]);
	if (ask_child(cmd[1], ack[0], 0) != 0)
		sample_die("starting the child");
	sample_step("fork() = %ld: parent=%ld child=%ld share block=%p "
	    "size=%zu", (long)child, (long)getpid(), (long)child,
	    (void *)block, size);

	if (!sample_next())
		goto out;
	if (ask_child(cmd[1], ack[0], 'w') != 0)
		sample_die("asking the child to write");
	sample_step("child=%ld wrote the first half of block=%p (%zu bytes): "
	    "those pages were copied", (long)child, (void *)block, size / 2);

	if (!sample_next())
		goto out;
	close(cmd[1]);
	cmd[1] = -1;
	waitpid(child, NULL, 0);
	sample_step("child=%ld exited: parent=%ld maps block=%p alone",
	    (long)child, (long)getpid(), (void *)block);
	child = -1;
	sample_finish();
out:
	if (cmd[1] >= 0)
		close(cmd[1]);	/* the child reads end of input, exits */
	if (child > 0)
		waitpid(child, NULL, 0);
	munmap(block, size);
	return 0;
}
