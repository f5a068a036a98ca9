/* tests/unit/test_proctable.c: model/proctable.c on live processes. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/sample.h"
#include "model/proctable.h"
#include "model/rollup_age.h"
#include "parse/stat.h"
#include "source.h"
#include "tap.h"
#include "util/buf.h"
#include "util/err.h"

#define MIB (1024u * 1024u)

static pid_t child;
/* The child's name, this run's own ("mwpt" and the test's pid): another
 * run of this test at the same time must not match the filter. */
static char child_name[16], child_upper[16];
static int ready_fd;
static volatile sig_atomic_t grow;

static void
on_usr1(int sig)
{
	grow = sig;
}

static char *volatile kept;	/* so the stores cannot be optimised away */

static void
touch(size_t bytes)
{
	char *p = malloc(bytes);

	memset(p, 0x5a, bytes);	/* resident and private: in PSS and USS */
	kept = p;
}

/* A process holding 4 MiB that grows by 2 MiB on SIGUSR1. */
static void
child_main(int fd)
{
	prctl(PR_SET_NAME, child_name);
	signal(SIGUSR1, on_usr1);
	touch(4 * MIB);
	(void)!write(fd, "r", 1);
	for (;;) {
		pause();
		if (grow) {
			grow = 0;
			touch(2 * MIB);
			(void)!write(fd, "g", 1);
		}
	}
}

static void
kill_child(void)
{
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		child = 0;
	}
}

static void
start_child(void)
{
	int fds[2];
	char c;

	if (pipe(fds) < 0)
		exit(99);
	child = fork();
	if (child == 0) {
		close(fds[0]);
		child_main(fds[1]);
	}
	close(fds[1]);
	ready_fd = fds[0];
	atexit(kill_child);
	if (read(ready_fd, &c, 1) != 1)
		exit(99);
}

/* Pss of pid from smaps_rollup, in bytes; 0 when unreadable. */
static uint64_t
rollup_pss(pid_t pid)
{
	char path[64], *text, *p;
	uint64_t v = 0;
	size_t len;

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)pid);
	text = tap_slurp(path, &len);
	if (text == NULL)
		return 0;
	p = strstr(text, "\nPss:");
	if (p != NULL)
		v = strtoull(p + 5, NULL, 10) * 1024;
	free(text);
	return v;
}

/*
 * Refresh until the table's PSS of pid equals smaps_rollup's read before
 * and after it: other processes mapping libc move a PSS at any time, so
 * only a refresh with nothing moving around it can be compared exactly.
 */
static int
stable_refresh(struct proctable *pt, pid_t pid, uint64_t *want)
{
	const struct pt_row *r;
	struct mw_err err;

	for (int i = 0; i < 50; i++) {
		uint64_t before = rollup_pss(pid), after;

		mw_err_clear(&err);
		if (proctable_refresh(pt, &pid, 1, &err) < 0)
			return -1;
		after = rollup_pss(pid);
		r = proctable_find(pt, pid);
		if (before == after && r != NULL && r->pss == after) {
			*want = after;
			return 0;
		}
	}
	return -1;
}

static void
test_orders(const struct proctable *pt)
{
	size_t *idx = calloc(pt->len + 1, sizeof(*idx)), n;
	bool asc = true, desc = true, unknown_seen = false, known_after = false;
	char pid[16];

	n = proctable_order(pt, PT_KEY_PID, false, NULL, idx);
	is_u64(n, pt->len, "no filter lists every row");
	for (size_t i = 1; i < n; i++)
		asc &= pt->rows[idx[i - 1]].pid < pt->rows[idx[i]].pid;
	ok(asc, "sort by pid is ascending");
	n = proctable_order(pt, PT_KEY_PID, true, NULL, idx);
	ok(n > 1 && pt->rows[idx[0]].pid > pt->rows[idx[n - 1]].pid,
	    "reversed pid sort is descending");
	n = proctable_order(pt, PT_KEY_PSS, false, NULL, idx);
	for (size_t i = 0; i < n; i++) {
		const struct pt_row *r = &pt->rows[idx[i]];

		if (!r->rollup)
			unknown_seen = true;
		else if (unknown_seen)
			known_after = true;
		if (i > 0 && r->rollup && pt->rows[idx[i - 1]].rollup)
			desc &= pt->rows[idx[i - 1]].pss >= r->pss;
	}
	ok(desc, "sort by pss is descending");
	(void)known_after;
	n = proctable_order(pt, PT_KEY_PSS, false, child_upper, idx);
	ok(n == 1 && pt->rows[idx[0]].pid == child,
	    "filter on the command, case-insensitive");
	snprintf(pid, sizeof(pid), "%d", (int)child);
	n = proctable_order(pt, PT_KEY_PSS, false, pid, idx);
	ok(n >= 1, "filter on the pid finds it");
	n = proctable_order(pt, PT_KEY_PSS, false, "no-such-command-here", idx);
	is_u64(n, 0, "filter matching nothing");
	free(idx);
}

static void
test_keys(void)
{
	for (int k = 0; k < PT_KEY_NR; k++)
		is_u64((uint64_t)pt_key_by_name(pt_key_name(k)), (uint64_t)k,
		    "key %s round trip", pt_key_name(k));
	is_u64((uint64_t)pt_key_by_name("command"), PT_KEY_COMM, "command");
	ok(pt_key_by_name("bogus") == -1, "unknown key");
}

/* A synthetic table: the order and views are pure over pt->rows. */
static struct pt_row syn[] = {
	/* pid, start, have_stat, rollup */
	{ .pid = 1, .have_stat = true, .rollup = true, .comm = "init",
	  .user = "root", .rss = 10 * MIB, .stat_rss = 10 * MIB,
	  .pss = 5 * MIB, .uss = 4 * MIB },
	{ .pid = 2, .have_stat = true, .kthread = true, .comm = "kthreadd",
	  .user = "root" },
	{ .pid = 10, .ppid = 1, .have_stat = true, .rollup = false,
	  .comm = "bigroot", .user = "root", .rss = 200 * MIB,
	  .stat_rss = 200 * MIB },
	{ .pid = 11, .ppid = 1, .have_stat = true, .rollup = true,
	  .comm = "bash", .user = "ann", .rss = 13 * MIB,
	  .stat_rss = 13 * MIB, .pss = 13 * MIB, .uss = 12 * MIB },
	{ .pid = 12, .ppid = 11, .have_stat = true, .rollup = true,
	  .comm = "bash", .user = "ann", .rss = 3 * MIB, .stat_rss = 3 * MIB,
	  .pss = 2 * MIB, .uss = 1 * MIB, .have_cmdline = true,
	  .cmdline = "bash --login" },
	{ .pid = 13, .ppid = 12, .have_stat = true, .rollup = true,
	  .comm = "vim", .user = "ann", .rss = 7 * MIB, .stat_rss = 7 * MIB,
	  .pss = 6 * MIB, .uss = 5 * MIB },
	{ .pid = 20, .ppid = 2, .have_stat = true, .kthread = true,
	  .comm = "kworker/0:1", .user = "root" },
};

static void
test_synthetic(void)
{
	struct proctable pt = { .rows = syn, .len = sizeof(syn) / sizeof(syn[0]) };
	struct pt_select sel = { .key = PT_KEY_PSS };
	struct pt_tree_row tr[8];
	struct pt_group *g;
	size_t idx[8], n;

	n = proctable_select(&pt, &sel, idx);
	is_u64(n, 5, "kernel threads hidden by default");
	ok(n == 5 && syn[idx[0]].pid == 10 && syn[idx[1]].pid == 11,
	    "unknown PSS ranks by its 200M RSS, first (%d, %d)",
	    (int)syn[idx[0]].pid, (int)syn[idx[1]].pid);
	sel.kthreads = true;
	n = proctable_select(&pt, &sel, idx);
	ok(n == 7 && (syn[idx[5]].kthread && syn[idx[6]].kthread),
	    "K: kernel threads shown, last (nothing known of them)");
	sel.kthreads = false;
	sel.user = "ann";
	is_u64(proctable_select(&pt, &sel, idx), 3, "-u ann: her 3 rows");
	sel.user = NULL;
	sel.filter = "LOGIN";
	n = proctable_select(&pt, &sel, idx);
	ok(n == 1 && syn[idx[0]].pid == 12, "the filter reads the command line");
	sel.filter = NULL;
	sel.key = PT_KEY_PID;
	n = proctable_select(&pt, &sel, idx);
	proctable_tree(&pt, idx, n, tr);
	ok(syn[tr[0].row].pid == 1 && tr[0].depth == 0 &&
	    syn[tr[1].row].pid == 10 && tr[1].depth == 1 &&
	    syn[tr[2].row].pid == 11 && syn[tr[3].row].pid == 12 &&
	    tr[3].depth == 2 && syn[tr[4].row].pid == 13 && tr[4].depth == 3,
	    "tree: children under parents, in order");
	is_u64(tr[0].procs, 5, "tree: init's subtree holds 5 rows");
	is_u64(tr[2].pss, 21 * MIB, "tree: bash's subtree PSS 13+2+6 MiB");
	ok(!tr[2].pss_partial && tr[0].pss_partial,
	    "tree: a subtree with an unknown PSS says so");
	is_u64(tr[0].rss, 233 * MIB, "tree: subtree RSS");
	n = proctable_group(&pt, idx, n, PT_GROUP_COMM, &g, NULL);
	ok(n == 4 && strcmp(g[0].name, "bash") == 0 && g[0].procs == 2 &&
	    g[0].pss == 15 * MIB, "totals per command: bash 2 rows 15M first");
	ok(n == 4 && strcmp(g[3].name, "bigroot") == 0 && g[3].known == 0 &&
	    g[3].rss == 200 * MIB, "a group without a known PSS: rss only");
	free(g);
	sel.key = PT_KEY_PSS;
	n = proctable_select(&pt, &sel, idx);
	n = proctable_group(&pt, idx, n, PT_GROUP_USER, &g, NULL);
	ok(n == 2 && strcmp(g[0].name, "ann") == 0 && g[0].procs == 3 &&
	    strcmp(g[1].name, "root") == 0 && g[1].procs == 2,
	    "totals per user");
	free(g);
	ok(pt_group_by_name("user") == PT_GROUP_USER &&
	    pt_group_by_name("command") == PT_GROUP_COMM &&
	    pt_group_by_name("cgroup") == PT_GROUP_CGROUP &&
	    pt_group_by_name("x") == -1, "group names");
	n = proctable_select(&pt, &sel, idx);
	{
		size_t of[8];

		n = proctable_group(&pt, idx, n, PT_GROUP_COMM, &g, of);
		for (size_t i = 0, bad = 0; i < 5; i++) {
			bad += !pt_group_same(g[of[i]].name,
			    syn[idx[i]].comm);
			if (i == 4)
				ok(bad == 0, "of: each row's group");
		}
		free(g);
	}
	n = proctable_select(&pt, &sel, idx);
	n = proctable_group(&pt, idx, n, PT_GROUP_CGROUP, &g, NULL);
	ok(n == 1 && g[0].name == NULL && g[0].procs == 5,
	    "cgroups not read: one group, unknown (NULL), every row");
	free(g);
}

/* Kernel threads, parents and command lines from a live table. */
static void
test_live_fields(void)
{
	struct mw_source src;
	struct proctable pt;
	struct mw_err err;
	const struct pt_row *r;
	uint64_t want;

	mw_err_clear(&err);
	memset(&src, 0, sizeof(src));
	src.root_fd = -1;
	if (!ok(mw_source_open(&src, NULL, &err) == 0, "source: %s", err.msg))
		return;
	if (ok(proctable_open(&pt, &src, PT_OPEN_CMDLINE, &err) == 0,
	    "open with command lines")) {
		stable_refresh(&pt, child, &want);
		r = proctable_find(&pt, child);
		ok(r != NULL && r->ppid == getpid() && !r->kthread,
		    "the child: its parent, no kernel thread");
		ok(r != NULL && r->have_cmdline &&
		    strstr(r->cmdline, "test_proctable") != NULL,
		    "its command line (%s)", r ? r->cmdline : "");
		r = proctable_find(&pt, 2);
		ok(r != NULL && r->kthread && !r->have_cmdline,
		    "pid 2 is a kernel thread, no command line");
		ok(pt.kthreads > 0 && pt.unreadable < pt.len - pt.kthreads + 1,
		    "kernel threads counted apart (%zu)", pt.kthreads);
		proctable_close(&pt);
	}
	if (ok(proctable_open(&pt, &src, PT_OPEN_FULL | PT_OPEN_CMDLINE,
	    &err) == 0, "open full with command lines")) {
		stable_refresh(&pt, child, &want);
		r = proctable_find(&pt, child);
		ok(r != NULL && r->ppid == getpid() && r->have_cmdline,
		    "full: parent and command line");
		r = proctable_find(&pt, 2);
		ok(r != NULL && r->kthread, "full: pid 2 is a kernel thread");
		proctable_close(&pt);
	}
	mw_source_close(&src);
}

/* stat's flags (field 9): PF_KTHREAD is how a kernel thread is told. */
static void
test_stat_flags(void)
{
	static const char kthreadd[] =
	    "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 2 0 0 "
	    "18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 17 1 0 0 0 0 0\n";
	static const char shell[] =
	    "77 (sh) S 1 77 77 0 -1 4194560 90 0 0 0 0 0 0 0 20 0 1 0 500 2633728 "
	    "400 18446744073709551615 1 1 0 0 0 0 0 0 65538 0 0 0 17 0 0 0\n";
	struct proc_stat st;

	ok(stat_parse(kthreadd, sizeof(kthreadd) - 1, &st) == 0 &&
	    (st.flags & 0x00200000) && st.ppid == 0, "stat flags: kthreadd is a kernel thread");
	ok(stat_parse(shell, sizeof(shell) - 1, &st) == 0 &&
	    !(st.flags & 0x00200000) && st.ppid == 1, "stat flags: sh is not");
}

/* A kernel thread has no smaps_rollup: unknown, not zero. */
static void
test_kthread(const struct proctable *pt)
{
	const struct pt_row *r = proctable_find(pt, 2);
	char *text;
	size_t len;

	text = tap_slurp("/proc/2/smaps_rollup", &len);
	if (r == NULL || (text != NULL && len > 0)) {
		tap_skip("pid 2 is not a kernel thread here");
	} else {
		ok(!r->rollup, "kernel thread: rollup unknown");
		ok(r->have_stat && r->comm[0] != '\0',
		    "kernel thread: stat still read (%s)", r->comm);
	}
	free(text);
}

static void
test_statm(void)
{
	uint64_t v[STATM_NR];

	ok(statm_parse("61 40 30 1 0 20 0\n", 18, v) == 0 && v[0] == 61 &&
	    v[STATM_RESIDENT] == 40 && v[STATM_DATA] == 20, "statm parsed");
	ok(statm_parse("1 2 3", 5, v) == 0 && v[STATM_SHARED] == 3,
	    "statm of three numbers, no newline");
	ok(statm_parse("1 2\n", 4, v) < 0, "statm of two numbers refused");
	ok(statm_parse("1 -2 3\n", 7, v) < 0, "a sign refused");
	ok(statm_parse("1 2x 3\n", 7, v) < 0, "garbage refused");
}

/* The rule of model/rollup_age.c on a tree of statm files. */
static void
test_due(void)
{
	char dir[] = "/tmp/mw-test-proctable-XXXXXX", sub[600];
	struct rollup_age a, z;
	struct mw_kept sk;
	struct mw_source src;
	struct mw_err err;
	struct mw_buf b;
	uint32_t g = 100;
	int reads = 0;

	if (mkdtemp(dir) == NULL)
		exit(99);
	snprintf(sub, sizeof(sub), "%s/42", dir);
	mkdir(sub, 0700);
	snprintf(sub, sizeof(sub), "%s/43", dir);
	mkdir(sub, 0700);
	tap_put(dir, "42/statm", "100 50 20 1 0 30 0\n");
	tap_put(dir, "43/statm", "0 0 0 0 0 0 0\n");
	mw_buf_init(&b);
	memset(&a, 0, sizeof(a));
	memset(&z, 0, sizeof(z));
	mw_err_clear(&err);
	if (!ok(mw_source_open(&src, dir, &err) == 0, "tree opened"))
		return;
	mw_kept_init(&sk, "statm", 0);
	ok(rollup_due(&src, &sk, 42, &a, g, 10, &b) == ROLLUP_READ,
	    "never read: read");
	ok(rollup_due(&src, &sk, 42, &a, ++g, 10, &b) == ROLLUP_KEEP,
	    "statm the same: kept");
	tap_put(dir, "42/statm", "100 51 20 1 0 30 0\n");
	ok(rollup_due(&src, &sk, 42, &a, ++g, 10, &b) == ROLLUP_READ,
	    "resident moved: read");
	for (int i = 0; i < 10; i++)
		reads += rollup_due(&src, &sk, 42, &a, ++g, 10, &b) == ROLLUP_READ;
	ok(reads == 1, "nothing moved: read once in 10 refreshes (%d)", reads);
	ok(rollup_due(&src, &sk, 43, &z, g, 10, &b) == ROLLUP_NONE,
	    "no address space: nothing to read");
	ok(rollup_due(&src, &sk, 44, &z, g, 10, &b) == ROLLUP_READ,
	    "no statm: read (the rollup read finds out)");
	ok(sk.len == 0, "a tree's statm is read afresh, not kept open");
	mw_kept_free(&sk);
	mw_source_close(&src);
	mw_buf_free(&b);
	tap_put(dir, "42/statm", "");
	snprintf(sub, sizeof(sub), "rm -rf '%s'", dir);
	(void)!system(sub);
}

/* The live view's table: rollups kept while statm stays. */
static void
test_own(void)
{
	struct proctable pt;
	struct mw_source src;
	struct mw_err err;
	const struct pt_row *r;
	uint64_t want = 0, uss;
	int fresh = 0;
	char c;

	mw_err_clear(&err);
	if (!ok(mw_source_open(&src, NULL, &err) == 0, "live source") ||
	    !ok(proctable_open(&pt, &src, 0, &err) == 0 && pt.own,
	    "live view table opened without libproc2"))
		return;
	ok(stable_refresh(&pt, child, &want) == 0, "own: pss equals the rollup");
	r = proctable_find(&pt, child);
	if (!ok(r != NULL && r->rollup && r->have_stat &&
	    strcmp(r->comm, child_name) == 0 && r->user[0] != '\0',
	    "own: the child's row, stat and user read"))
		goto out;
	uss = r->uss;
	proctable_refresh(&pt, &child, 1, &err);
	r = proctable_find(&pt, child);
	ok(r != NULL && (pt_row_stale(&pt, r) || r->age.gen == pt.gen),
	    "own: a refresh without change keeps the rollup, or it came due");
	ok(pt.rollups < pt.len, "own: fewer rollups read than rows (%zu of %zu)",
	    pt.rollups, pt.len);
	kill(child, SIGUSR1);
	if (read(ready_fd, &c, 1) != 1)
		exit(99);
	proctable_refresh(&pt, &child, 1, &err);
	r = proctable_find(&pt, child);
	ok(r != NULL && !pt_row_stale(&pt, r) && r->uss >= uss + 2 * MIB,
	    "own: 2 MiB more moved statm and the rollup was read again");
	for (int i = 0; i < ROLLUP_EVERY; i++) {
		proctable_refresh(&pt, &child, 1, &err);
		r = proctable_find(&pt, child);
		fresh += r != NULL && !pt_row_stale(&pt, r);
	}
	ok(fresh >= 1, "own: read again within %d refreshes (%d times)",
	    ROLLUP_EVERY, fresh);
	/* The live view's --pid: only that row (every process before). */
	{
		pid_t two[2] = { child, 999999999 };

		proctable_only(&pt, two, 2);
		proctable_refresh(&pt, NULL, 0, &err);
		ok(pt.len == 1 && pt.rows[0].pid == child,
		    "own --pid: the one live pid of two is the one row (%zu)",
		    pt.len);
	}
out:
	proctable_close(&pt);
	mw_source_close(&src);
}

/*
 * The live view's row on screen: stat read at every refresh, its user
 * (status) and command line only when PT_ROTATE refreshes old.
 */
static void
test_own_details(void)
{
	int cmdline_reads = 0, user_reads = 0, n = 2 * PT_ROTATE + 2;
	struct proctable pt;
	struct mw_source src;
	struct mw_err err;
	const struct pt_row *r = NULL;

	mw_err_clear(&err);
	if (!ok(mw_source_open(&src, NULL, &err) == 0 &&
	    proctable_open(&pt, &src, PT_OPEN_CMDLINE, &err) == 0 && pt.own,
	    "own with command lines: opened"))
		return;
	for (int i = 0; i < n; i++) {
		if (proctable_refresh(&pt, &child, 1, &err) < 0 ||
		    (r = proctable_find(&pt, child)) == NULL)
			break;
		cmdline_reads += r->cmdline_gen == pt.gen;
		user_reads += r->user_gen == pt.gen;
	}
	ok(r != NULL && r->have_cmdline && r->stat_gen == pt.gen &&
	    strstr(r->cmdline, "test_proctable") != NULL,
	    "own: the row's stat read at the last refresh, its command line "
	    "known");
	ok(cmdline_reads >= 2 && cmdline_reads <= 5,
	    "own: its command line read %d times in %d refreshes",
	    cmdline_reads, n);
	ok(user_reads >= 2 && user_reads <= 4,
	    "own: its user read %d times in %d refreshes", user_reads, n);
	proctable_close(&pt);
	mw_source_close(&src);
}

static const struct fleet_proc *
fleet_find(const struct fleet *f, pid_t pid)
{
	for (size_t i = 0; i < f->len; i++)
		if (f->procs[i].pid == pid)
			return &f->procs[i];
	return NULL;
}

/* pagetypeinfo read once for two samples, both showing it. */
static void
test_memo_pti(const struct mw_source *src, struct fleet_memo *memo)
{
	struct fleet_sample a, b;

	fleet_sample_take(src, memo, &a);
	fleet_sample_take(src, memo, &b);
	ok(memo->pti_reads == 1, "pagetypeinfo read once for two samples (%zu)",
	    memo->pti_reads);
	ok(a.sys.part[SYS_PAGETYPEINFO].have == b.sys.part[SYS_PAGETYPEINFO].have &&
	    a.sys.pti.nfree == b.sys.pti.nfree &&
	    (getuid() != 0 || b.sys.part[SYS_PAGETYPEINFO].have),
	    "the second sample shows the one read (%zu free rows)", b.sys.pti.nfree);
	ok(a.sys.part[SYS_ZONEINFO].have && b.sys.part[SYS_ZONEINFO].have,
	    "the other parts are read every time");
	fleet_sample_free(&a);
	fleet_sample_free(&b);
	memo->pti_every_ns = 0;
	fleet_sample_take(src, memo, &a);
	ok(memo->pti_reads == 2, "read again once due");
	fleet_sample_free(&a);
}

/* serve's sampler: the same rule through struct fleet_memo. */
static void
test_fleet_memo(void)
{
	const struct fleet_proc *p;
	struct fleet_memo memo;
	struct mw_source src;
	struct fleet f;
	struct mw_err err;
	uint64_t uss = 0;
	size_t first;
	bool due = false;
	char c;

	mw_err_clear(&err);
	if (mw_source_open(&src, NULL, &err) < 0)
		return;
	fleet_memo_init(&memo, 4);
	ok(fleet_take(&src, &f, &memo, &err) == 0, "fleet: first pass");
	first = memo.rollups;
	p = fleet_find(&f, child);
	ok(p != NULL && fleet_has(p, FLEET_USS) && p->comm != NULL &&
	    strcmp(p->comm, child_name) == 0, "fleet: the child read");
	if (p != NULL)
		uss = p->val[FLEET_USS];
	fleet_free(&f);
	ok(fleet_take(&src, &f, &memo, &err) == 0, "fleet: second pass");
	p = fleet_find(&f, child);
	/*
	 * Kept, unless its rollup came due at this pass (first reads are
	 * spread by pid % every): then read again, and its USS may have moved
	 * (pages shared with this process turn private as this one writes).
	 */
	for (size_t i = 0; i < memo.len; i++)
		if (memo.v[i].pid == child)
			due = memo.v[i].age.gen == memo.gen - 1;
	ok(p != NULL && (due || p->val[FLEET_USS] == uss) && p->comm != NULL &&
	    strcmp(p->comm, child_name) == 0,
	    "fleet: the child kept, or read again as due (%s)",
	    due ? "due" : "kept");
	ok(memo.rollups < first, "fleet: fewer rollups the second time (%zu, %zu)",
	    memo.rollups, first);
	fleet_free(&f);
	kill(child, SIGUSR1);
	if (read(ready_fd, &c, 1) != 1)
		exit(99);
	fleet_take(&src, &f, &memo, &err);
	p = fleet_find(&f, child);
	ok(p != NULL && p->val[FLEET_USS] >= uss + 2 * MIB,
	    "fleet: growth read again at once");
	fleet_free(&f);
	test_memo_pti(&src, &memo);
	fleet_memo_free(&memo);
	mw_source_close(&src);
}

/*
 * libproc2 as the oracle: the table memwatch reads itself through the
 * source (top -b's) agrees with the one libproc2's pids and meminfo APIs
 * read, on the child (whose memory holds still) and on which processes
 * exist.
 */
static void
test_oracle(void)
{
	struct proctable own, p2;
	struct mw_source src;
	struct mw_err err;
	const struct pt_row *a = NULL, *b = NULL;
	uint64_t want = 0;
	size_t lost = 0;
	bool refreshed = false;

	mw_err_clear(&err);
	if (!ok(mw_source_open(&src, NULL, &err) == 0, "oracle: live source"))
		return;
	if (!ok(proctable_open(&own, &src, PT_OPEN_FULL, &err) == 0 &&
	    proctable_open(&p2, NULL, PT_OPEN_FULL, &err) == 0,
	    "oracle: both tables open (%s)", err.msg)) {
		mw_source_close(&src);
		return;
	}
	/*
	 * The child is forked from this process: a page the two still share
	 * turns private in the child when this process writes or unmaps its
	 * copy, so the child's uss moves while the test runs (most under the
	 * sanitizers).  Two reads taken back to back agree once no such page
	 * turned between them; a bounded number of tries finds such a pair.
	 */
	for (int i = 0; i < 20; i++) {
		refreshed = stable_refresh(&own, child, &want) == 0 &&
		    stable_refresh(&p2, child, &want) == 0;
		a = proctable_find(&own, child);
		b = proctable_find(&p2, child);
		if (!refreshed || a == NULL || b == NULL ||
		    a->uss + a->swap == b->uss + b->swap)
			break;
	}
	ok(refreshed, "oracle: both refreshed");
	if (ok(a != NULL && b != NULL, "oracle: the child in both")) {
		ok(a->start == b->start && a->vsz == b->vsz &&
		    a->ppid == b->ppid && a->state == b->state,
		    "oracle: stat's start, vsz, ppid, state agree");
		is_str(a->comm, b->comm, "oracle: the command agrees");
		is_str(a->user, b->user, "oracle: the user agrees");
		/* its private pages go nowhere but swap; its shared ones move */
		ok(a->uss + a->swap == b->uss + b->swap &&
		    llabs((long long)a->rss - (long long)b->rss) <=
		    (long long)(a->rss - a->uss),
		    "oracle: rollup's uss + swap agree, rss within the shared "
		    "part (%llu+%llu/%llu+%llu)", (unsigned long long)a->uss,
		    (unsigned long long)a->swap, (unsigned long long)b->uss,
		    (unsigned long long)b->swap);
		/* the shared part's PSS moves as others map libc */
		ok(llabs((long long)a->pss - (long long)b->pss) <=
		    (long long)(a->rss - a->uss),
		    "oracle: pss agrees within the shared part (%llu/%llu)",
		    (unsigned long long)a->pss, (unsigned long long)b->pss);
	}
	/* Listed by memwatch, not by libproc2 a moment later: exited. */
	for (size_t i = 0; i < own.len; i++)
		if (proctable_find(&p2, own.rows[i].pid) == NULL &&
		    (kill(own.rows[i].pid, 0) == 0 || errno != ESRCH))
			lost++;
	is_u64(lost, 0, "oracle: every process memwatch listed and libproc2 "
	    "did not has exited");
	ok(own.mem.known && p2.mem.known && own.mem.total == p2.mem.total &&
	    own.mem.swap_total == p2.mem.swap_total,
	    "oracle: MemTotal and SwapTotal agree");
	proctable_close(&own);
	proctable_close(&p2);
	mw_source_close(&src);
}

int
main(void)
{
	struct proctable pt;
	struct mw_err err;
	const struct pt_row *r;
	uint64_t want = 0;
	int64_t growth = 0;
	char c;

	snprintf(child_name, sizeof(child_name), "mwpt%d", (int)getpid());
	snprintf(child_upper, sizeof(child_upper), "MWPT%d", (int)getpid());
	start_child();
	mw_err_clear(&err);
	if (!ok(proctable_open(&pt, NULL, 0, &err) == 0, "open: %s", err.msg))
		return tap_done();
	ok(stable_refresh(&pt, child, &want) == 0, "refresh");
	r = proctable_find(&pt, child);
	if (!ok(r != NULL, "the child is listed"))
		return tap_done();
	ok(r->rollup, "its rollup was read");
	is_u64(r->pss, want, "pss equals smaps_rollup Pss");
	ok(r->uss >= 4 * MIB, "uss holds the 4 MiB touched (%llu)",
	    (unsigned long long)r->uss);
	ok(r->rss >= r->pss, "rss >= pss");
	is_str(r->comm, child_name, "command from stat");
	ok(r->vsz >= r->rss, "vsz from stat");
	/* Only its shared pages' PSS may move, as other processes come and go. */
	ok(pt_row_growth(r, &growth) && llabs(growth) <= (long long)(r->rss - r->uss),
	    "no growth beyond the shared part yet (%lld)", (long long)growth);
	ok(pt.mem.known && pt.mem.total > 0, "meminfo read");
	ok(pt.pss_total >= r->pss, "pss total");
	test_orders(&pt);
	test_kthread(&pt);
	test_keys();
	test_synthetic();
	test_live_fields();
	test_stat_flags();

	kill(child, SIGUSR1);
	if (read(ready_fd, &c, 1) != 1)
		return 99;
	ok(stable_refresh(&pt, child, &want) == 0, "refresh after growing");
	r = proctable_find(&pt, child);
	ok(r != NULL && pt_row_growth(r, &growth) &&
	    growth + (long long)(r->rss - r->uss) >= 2 * MIB,
	    "growth shows the 2 MiB (%lld)", (long long)growth);
	ok(r != NULL && r->nhist >= 2 && r->hist[r->nhist - 1] == r->pss,
	    "history holds the samples");
	proctable_close(&pt);

	mw_err_clear(&err);
	if (ok(proctable_open(&pt, NULL, PT_OPEN_FULL, &err) == 0, "open full")) {
		ok(stable_refresh(&pt, child, &want) == 0, "full refresh");
		r = proctable_find(&pt, child);
		ok(r != NULL && r->have_stat && r->pss == want,
		    "full refresh reads stat and rollup");
		proctable_close(&pt);
	}
	test_statm();
	test_due();
	test_own();
	test_own_details();
	test_oracle();
	test_fleet_memo();
	kill_child();
	return tap_done();
}
