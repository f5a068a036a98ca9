/* tests/helpers/undumpable.c: a process that is not dumpable (as a setuid
 * program is), so that only CAP_SYS_PTRACE lets another process read its
 * memory files, even root's; prints "ready" and sleeps until killed. */
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

int
main(void)
{
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		return 99;
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
