/* tests/unit/test_proctable_cg.c: model/proctable_cg.c: each process's
 * memory cgroup in the process table, from a captured v2 tree, from a tree
 * written here and changed between refreshes (how fresh the cache is),
 * and live (this machine's hybrid v1 memory hierarchy).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/proctable.h"
#include "source.h"
#include "tap.h"
#include "util/err.h"

#define PID 42			/* the written tree's process */

static char dir[64];

/* stat of PID with this start time (field 22). */
static void
put_stat(unsigned start)
{
	char s[512];

	snprintf(s, sizeof(s), "%d (cgx) S 1 %d %d 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 %u 8454144 1024 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
	    PID, PID, PID, start);
	tap_put(dir, "42/stat", s);
}

static void
put_cgroup(const char *path)
{
	char s[256];

	snprintf(s, sizeof(s), "0::%s\n", path);
	tap_put(dir, "42/cgroup", s);
}

static const char *
cg_of(const struct proctable *pt, pid_t pid)
{
	const struct pt_row *r = proctable_find(pt, pid);
	const char *cg = r != NULL ? pt_row_cgroup(pt, r) : NULL;

	return cg != NULL ? cg : "(unknown)";
}

static void
captured(void)
{
	static const pid_t pids[] = { 1, 3713 };
	struct mw_source src;
	struct proctable pt;
	struct mw_err err;
	struct pt_group *g;
	size_t idx[4], n;

	mw_err_clear(&err);
	if (!ok(mw_source_open(&src, tap_src("samples/cgroup/cgroup2-oom-6.1"),
	    &err) == 0 && proctable_open(&pt, &src, PT_OPEN_LISTED, &err) == 0,
	    "captured v2 tree opened"))
		return;
	proctable_only(&pt, pids, 2);
	ok(proctable_refresh(&pt, NULL, 0, &err) == 0 && pt.len == 2,
	    "captured: two rows");
	is_str(cg_of(&pt, 3713), "(unknown)", "cgroups off: unknown, not read");
	ok(proctable_cgroups(&pt, true) == 0, "cgroups on: v2 holds memory");
	is_str(cg_of(&pt, 3713), "/user.slice/user-1000.slice/dans-slice",
	    "on: read at once, the v2 path");
	is_str(cg_of(&pt, 1), "/", "the root cgroup");
	proctable_refresh(&pt, NULL, 0, &err);
	n = proctable_order(&pt, PT_KEY_PID, false, NULL, idx);
	n = proctable_group(&pt, idx, n, PT_GROUP_CGROUP, &g, NULL);
	ok(n == 2 && g[0].name != NULL && strcmp(g[0].name, "/") == 0 &&
	    g[0].rss == 12 * 1024 * 1024 && g[1].procs == 1 &&
	    g[1].pss == 2240 * 1024, "per cgroup: init's 12M RSS first, bash's PSS");
	free(g);
	proctable_cgroups(&pt, false);
	is_str(cg_of(&pt, 3713), "(unknown)", "cgroups off again: unknown");
	proctable_close(&pt);
	mw_source_close(&src);
}

/* The cache: read twice, then every PT_CG_EVERY refreshes; a new start
 * time (pid reused) reads it at once. */
static void
written(void)
{
	static const pid_t pids[] = { PID };
	struct mw_source src;
	struct proctable pt;
	struct mw_err err;
	char cmd[128];
	int k = 0;

	snprintf(dir, sizeof(dir), "/tmp/mw-test-proctable-cg-%d-XXXXXX",
	    (int)getpid());
	if (mkdtemp(dir) == NULL)
		exit(99);
	snprintf(cmd, sizeof(cmd), "%s/self", dir);
	mkdir(cmd, 0755);
	snprintf(cmd, sizeof(cmd), "%s/42", dir);
	mkdir(cmd, 0755);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/sys/fs/cgroup", dir);
	if (system(cmd) != 0)
		exit(99);
	tap_put(dir, "self/mountinfo",
	    "30 24 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n");
	tap_put(dir, "sys/fs/cgroup/cgroup.controllers", "cpu io memory pids\n");
	tap_put(dir, "42/status", "Name:\tcgx\nUid:\t0\t0\t0\t0\n");
	put_stat(100);
	put_cgroup("/a");
	mw_err_clear(&err);
	if (mw_source_open(&src, dir, &err) < 0 ||
	    proctable_open(&pt, &src, PT_OPEN_LISTED, &err) < 0)
		exit(99);
	proctable_only(&pt, pids, 1);
	proctable_cgroups(&pt, true);
	proctable_refresh(&pt, NULL, 0, &err);
	is_str(cg_of(&pt, PID), "/a", "first refresh: read");
	put_cgroup("/b");
	proctable_refresh(&pt, NULL, 0, &err);
	is_str(cg_of(&pt, PID), "/b", "second refresh: read again (a fork moved)");
	put_cgroup("/c");
	proctable_refresh(&pt, NULL, 0, &err);
	ok(strcmp(cg_of(&pt, PID), "/b") == 0 || (pt.gen + PID) %
	    PT_CG_EVERY == 0, "third: the cached path, unless due (%s)",
	    cg_of(&pt, PID));
	while (strcmp(cg_of(&pt, PID), "/c") != 0 && k++ < 2 * PT_CG_EVERY)
		proctable_refresh(&pt, NULL, 0, &err);
	ok(k <= PT_CG_EVERY, "a moved process shows its new cgroup within %d refreshes (%d)",
	    PT_CG_EVERY, k);
	put_cgroup("/d");
	put_stat(200);
	proctable_refresh(&pt, NULL, 0, &err);
	is_str(cg_of(&pt, PID), "/d", "pid reused (new start time): read at once");
	tap_put(dir, "42/cgroup", "garbage\n");
	put_stat(300);
	proctable_refresh(&pt, NULL, 0, &err);
	is_str(cg_of(&pt, PID), "(unknown)", "no usable line: unknown");
	proctable_close(&pt);
	mw_source_close(&src);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", dir);
}

/* Live: this test's own cgroup as the kernel names it. */
static void
live(void)
{
	pid_t self = getpid();
	struct mw_source src;
	struct proctable pt;
	struct mw_err err;
	char path[512], line[4200], want[4200] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)self);
	f = fopen(path, "r");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

		if (c2 == NULL)
			continue;
		*c2 = '\0';
		if (strstr(c1 + 1, "memory") != NULL ||
		    (want[0] == '\0' && c2 == c1 + 1)) {
			snprintf(want, sizeof(want), "%s", c2 + 1);
			want[strcspn(want, "\n")] = '\0';
		}
	}
	if (f != NULL)
		fclose(f);
	mw_err_clear(&err);
	if (mw_source_open(&src, NULL, &err) < 0 ||
	    proctable_open(&pt, &src, PT_OPEN_LISTED, &err) < 0)
		exit(99);
	proctable_only(&pt, &self, 1);
	proctable_refresh(&pt, NULL, 0, &err);
	if (proctable_cgroups(&pt, true) < 0) {
		tap_skip("no memory cgroup hierarchy on this machine");
	} else {
		/* A v1 memory line wins over the v2 one: it holds memory. */
		is_str(cg_of(&pt, self), want,
		    "live: this process's memory cgroup");
	}
	proctable_close(&pt);
	mw_source_close(&src);
}

int
main(void)
{
	captured();
	written();
	live();
	return tap_done();
}
