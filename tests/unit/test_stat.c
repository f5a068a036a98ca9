/* tests/unit/test_stat.c: parse/stat.c: stat_parse() on a process's stat
 * line, syscall_sp() on the layouts of /proc/PID/task/TID/syscall
 * (proc_pid_syscall(), fs/proc/base.c), /proc/stat's btime; and
 * parse/keyline.c's many keys in one pass. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "parse/keyline.h"
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

/* A process's stat: the fields kept, up to rss (the 24th); none after. */
static void
test_stat_line(void)
{
	static const char line[] =
	    "4242 (a) b) (c) S 1 4242 4242 0 -1 4194560 120 0 3 0 7 5 0 0 "
	    "20 0 1 0 8800 10485760 300 18446744073709551615 1 1 0 0 0 0 0 "
	    "0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
	char bad[sizeof(line)], *p;
	struct proc_stat st;

	ok(stat_parse(line, sizeof(line) - 1, &st) == 0 && st.pid == 4242 &&
	    st.comm_len == 8 && memcmp(st.comm, "a) b) (c", 8) == 0 &&
	    st.state == 'S' && st.ppid == 1 && st.flags == 4194560 &&
	    st.minflt == 120 && st.majflt == 3 && st.utime == 7 &&
	    st.stime == 5 && st.num_threads == 1 && st.starttime == 8800 &&
	    st.vsize == 10485760 && st.rss == 300 && st.nfields == 24,
	    "stat: comm to the last ')', fields 3 to 24 kept");
	/* a field after rss is not looked at */
	memcpy(bad, line, sizeof(line));
	p = strstr(bad, " 17 1 0");
	p[1] = 'x';
	ok(stat_parse(bad, sizeof(bad) - 1, &st) == 0 && st.rss == 300,
	    "stat: a field after rss is not looked at");
	/* one before it is */
	memcpy(bad, line, sizeof(line));
	p = strstr(bad, " 8800 ");
	p[1] = 'x';
	ok(stat_parse(bad, sizeof(bad) - 1, &st) == -EINVAL,
	    "stat: starttime not a number: refused");
	memcpy(bad, line, sizeof(line));
	p = strstr(bad, " 0 -1 ");
	p[3] = 'x';
	ok(stat_parse(bad, sizeof(bad) - 1, &st) == -EINVAL,
	    "stat: an unkept field before rss not a number: refused");
	ok(stat_parse(line, 60, &st) == -EINVAL,
	    "stat: cut before starttime: refused");
}

/* keyline_u64s: each key as keyline_u64 finds it, in one pass. */
static void
test_keylines(void)
{
	static const char text[] =
	    "Rss:                 120 kB\nPss:  64 kB\nSwapPss: 9 kB\n"
	    "Swap:\t7 kB\nPss: 1 kB\nBad: x\nLast: 5";
	static const char *const keys[] = {
		"Pss:", "Swap", "Swap:", "Missing:", "Bad:", "Last:", "Rss:",
	};
	uint64_t v[7], w;
	uint32_t got;
	size_t n = sizeof(keys) / sizeof(keys[0]), agree = 0;

	for (size_t i = 0; i < n; i++)
		v[i] = 4242;
	got = keyline_u64s(text, sizeof(text) - 1, keys, n, v);
	for (size_t i = 0; i < n; i++) {
		int rc = keyline_u64(text, sizeof(text) - 1, keys[i], &w);

		if ((rc == 0) == ((got >> i & 1) != 0) &&
		    (rc != 0 || v[i] == w) && (rc == 0 || v[i] == 4242))
			agree++;
	}
	is_u64(agree, n, "keyline_u64s agrees with keyline_u64 on each key");
	ok(got == (1u << 0 | 1u << 2 | 1u << 5 | 1u << 6) && v[0] == 64 &&
	    v[1] == 4242 && v[2] == 7 && v[5] == 5 && v[6] == 120,
	    "keyline_u64s: the first line of each key; a key that starts "
	    "another's line (Swap, SwapPss) takes that line");
	ok(keyline_u64s("", 0, keys, n, v) == 0, "keyline_u64s: empty text");
}

int
main(void)
{
	test_btime();
	test_stat_line();
	test_keylines();
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
