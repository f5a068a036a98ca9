/* tests/unit/test_stat.c: parse/stat.c's syscall_sp() on the layouts of
 * /proc/PID/task/TID/syscall (proc_pid_syscall(), fs/proc/base.c). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "parse/stat.h"
#include "tap.h"

/* /proc/stat's boot time: the line that starts "btime ". */
static void
test_btime(void)
{
	static const char stat[] =
	    "cpu  10 0 20 300 0 0 0 0 0 0\nintr 1 2\nbtime 1765000000\n"
	    "processes 4242\n";
	uint64_t bt = 0;

	ok(procstat_btime(stat, sizeof(stat) - 1, &bt) == 0 &&
	    bt == 1765000000, "btime read from its line");
	ok(procstat_btime(stat, 20, &bt) == -ENOENT, "no btime line: -ENOENT");
	ok(procstat_btime("btime x\n", 8, &bt) < 0, "btime not a number: error");
	ok(procstat_btime("xbtime 5\n", 9, &bt) == -ENOENT,
	    "btime must start its line");
}

int
main(void)
{
	test_btime();
	static const struct {
		const char *text;
		int rc;
		uint64_t sp;
		const char *name;
	} t[] = {
		{ "7 0x3 0x7ffd5c3b1e40 0x400 0x0 0x0 0x0 0x7ffd5c3b1e18 0x7f2a1c91a7e2\n",
		  0, 0x7ffd5c3b1e18, "in a system call: the 8th field" },
		{ "-1 0x7f2a1bfffe60 0x7f2a1c8e5f16\n", 0, 0x7f2a1bfffe60,
		  "blocked outside one: the 2nd field" },
		{ "-1 0x7f2a1bfffe60 0x7f2a1c8e5f16", 0, 0x7f2a1bfffe60,
		  "no final newline" },
		{ "running\n", -1, 0, "running: no stack pointer" },
		{ "", -1, 0, "empty" },
		{ "7 0x3 0x4 0x5 0x6 0x7 0x8 0x9 0xa 0xb\n", -1, 0, "ten fields" },
		{ "-1 7ffd 0x1\n", -1, 0, "no 0x" },
		{ "-1 0xzz 0x1\n", -1, 0, "not hex" },
		{ "-1 0x1ffffffffffffffff 0x1\n", -1, 0, "overflow" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint64_t sp = 0;
		int rc = syscall_sp(t[i].text, strlen(t[i].text), &sp);

		ok((rc == 0) == (t[i].rc == 0) && (rc != 0 || sp == t[i].sp),
		    "%s", t[i].name);
	}
	return tap_done();
}
