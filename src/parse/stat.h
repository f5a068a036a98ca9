/* parse/stat.h: /proc/PID/stat, one line; no I/O.
 *
 * COMM is not escaped by the kernel and may hold spaces, parentheses and
 * newlines: it runs from the first '(' to the last ')'. comm points into
 * the caller's buffer (not copied).
 */
#ifndef MW_PARSE_STAT_H
#define MW_PARSE_STAT_H

#include <stddef.h>
#include <stdint.h>

struct proc_stat {
	int64_t pid;
	const char *comm;	/* into the parsed buffer */
	size_t comm_len;
	char state;
	int64_t ppid;
	uint64_t flags;		/* PF_* (include/linux/sched.h) */
	uint64_t minflt, majflt, utime, stime;	/* ticks for the times */
	int64_t num_threads;
	uint64_t starttime;	/* clock ticks since boot: identity */
	uint64_t vsize;		/* bytes */
	uint64_t rss;		/* pages */
	size_t nfields;		/* fields read, pid and comm included: up
				 * to rss, the last one kept (those after
				 * it are not looked at) */
};

/*
 * 0, or -EINVAL when the line lacks "PID (COMM) S" and starttime, or a
 * field up to rss (the 24th) is not what proc(5) says it is.
 */
int stat_parse(const char *buf, size_t len, struct proc_stat *out);

/*
 * /proc/PID/statm: "size resident shared text lib data dt", in pages. Its
 * seven numbers into v (STATM_NR of them); 0, or -EINVAL when fewer than
 * the first three are there or one is not a number.
 */
enum { STATM_SIZE, STATM_RESIDENT, STATM_SHARED, STATM_TEXT, STATM_LIB,
	STATM_DATA, STATM_DT, STATM_NR };
int statm_parse(const char *buf, size_t len, uint64_t v[STATM_NR]);

/*
 * The stack pointer of a thread from /proc/PID/task/TID/syscall: "NR A1 ..
 * A6 SP PC" in a system call, "-1 SP PC" blocked outside one (SP and PC in
 * 0x hex), "running" on a CPU. 0, or -EINVAL when the line gives no SP.
 */
int syscall_sp(const char *buf, size_t len, uint64_t *sp);

/* The "btime" line of /proc/stat (boot time, seconds since the epoch). */
int procstat_btime(const char *buf, size_t len, uint64_t *btime);

#endif
