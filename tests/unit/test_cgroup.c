/* tests/unit/test_cgroup.c: parse/cgroupfs.c on real and hand-made files,
 * and model/cgroup.c on the captured v2 trees in samples/proc.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/cgroup.h"
#include "model/cgroup_explain.h"
#include "parse/cgroupfs.h"
#include "source.h"
#include "tap.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/xmalloc.h"

#define S(lit) lit, sizeof(lit) - 1

static void
values(void)
{
	uint64_t v = 7;
	bool unl;

	ok(cg_parse_value(S("max\n"), &v, &unl) == 0 && unl && v == 7,
	    "\"max\" is no limit, the value untouched");
	ok(cg_parse_value(S("20971520\n"), &v, &unl) == 0 && !unl &&
	    v == 20971520, "a number of bytes");
	ok(cg_parse_value(S("9223372036854771712\n"), &v, &unl) == 0 && unl,
	    "v1's page counter maximum is no limit");
	ok(cg_parse_value(S("-1\n"), &v, &unl) < 0, "a negative value is refused");
	ok(cg_parse_value(S("12 kB\n"), &v, &unl) < 0, "trailing text is refused");
	ok(cg_parse_value(S("\n"), &v, &unl) < 0, "an empty file is refused");
	ok(cg_parse_value(S("99999999999999999999999\n"), &v, &unl) < 0,
	    "overflow is refused");
}

static void
kv(void)
{
	struct mw_arena a;
	struct cg_kv k;
	uint64_t v;

	mw_arena_init(&a);
	ok(cg_parse_kv(S("anon 20705280\nfile 0\nbad\nx y\nkernel 188416\n"),
	    &a, &k) == 0 && k.len == 3 && k.skipped == 2,
	    "rows kept, malformed lines counted");
	ok(cg_kv_get(&k, "kernel", &v) && v == 188416 &&
	    !cg_kv_get(&k, "slab", &v), "lookup by name; absent is absent");
	ok(cg_parse_kv(S("anon 12288 N0=8192 N1=4096\nfile 0 N0=0\n"), &a,
	    &k) == 0 && k.len == 2 && k.rows[0].value == 12288,
	    "v2 memory.numa_stat: the total before the per-node list");
	ok(cg_parse_kv(S("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n"), &a,
	    &k) == 0 && cg_kv_get(&k, "oom_kill", &v) && v == 3,
	    "v1 memory.oom_control");
	ok(cg_parse_kv(S("garbage\n"), &a, &k) < 0, "no row at all: -EINVAL");
	ok(cg_parse_kv(S(""), &a, &k) == 0 && k.len == 0, "an empty file: no rows");
	mw_arena_free(&a);
}

static void
membership(void)
{
	struct cg_membership m;
	struct cg_mounts mi;

	ok(cg_parse_proc_cgroup(S("9:name=systemd:/\n4:memory:/process_api/abc\n"
	    "0::/\n"), &m) == 0 && m.has_v1_memory && m.has_v2 &&
	    strcmp(m.v1_memory, "/process_api/abc") == 0 &&
	    strcmp(m.v2, "/") == 0, "hybrid: the v1 memory path and the v2 one");
	ok(cg_parse_proc_cgroup(S("0::/a:b/c\n"), &m) == 0 &&
	    strcmp(m.v2, "/a:b/c") == 0 && !m.has_v1_memory,
	    "v2 only; a ':' in the path is kept");
	ok(cg_parse_proc_cgroup(S("5:cpu,memory:/x\n"), &m) == 0 &&
	    strcmp(m.v1_memory, "/x") == 0, "memory co-mounted with cpu");
	ok(cg_parse_proc_cgroup(S("nonsense\n"), &m) < 0, "no cgroup line: -EINVAL");
	ok(cg_parse_mountinfo(S(
	    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"),
	    &mi) == 0 && mi.has_v1_memory && mi.has_v2 &&
	    strcmp(mi.v1_memory, "/sys/fs/cgroup/memory") == 0 &&
	    strcmp(mi.v2, "/sys/fs/cgroup/unified") == 0,
	    "mountinfo: both hierarchies found");
	ok(cg_parse_mountinfo(S(
	    "30 24 0:26 /kubepods/x /sys/fs/cgroup rw shared:9 master:2 - cgroup2 cgroup2 rw\n"),
	    &mi) == 0 && mi.has_v2 && strcmp(mi.v2_root, "/kubepods/x") == 0,
	    "optional fields skipped; the mount's root kept");
	ok(cg_parse_mountinfo(S(
	    "30 24 0:26 / /sys/fs/my\\040cgroup rw - cgroup2 cgroup2 rw\n"),
	    &mi) == 0 && strcmp(mi.v2, "/sys/fs/my cgroup") == 0,
	    "\\040 in a mount point is a space");
	ok(cg_parse_mountinfo(S(
	    "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n"),
	    &mi) == 0 && !mi.has_v1_memory && !mi.has_v2,
	    "a cgroup mount of another controller is not the memory one");
	ok(cg_controllers_have(S("cpuset cpu io memory pids\n"), "memory") &&
	    !cg_controllers_have(S("cpuset cpu io pids\n"), "memory") &&
	    !cg_controllers_have(S("memoryx\n"), "memory"),
	    "cgroup.controllers: a whole word");
}

static void
tree(void)
{
	struct mw_source src;
	struct mw_err err;
	struct cg_hier h;
	struct cg_tree t;
	struct finding_list fs;
	size_t *order;
	char path[256];

	mw_err_clear(&err);
	if (mw_source_open(&src, tap_src("samples/cgroup/cgroup2-pagecache-5.10"),
	    &err) < 0) {
		ok(0, "open the v2 tree: %s", err.msg);
		return;
	}
	ok(cg_hier_find(&src, &h, &err) == 0 && h.version == 2 &&
	    strcmp(h.rel, "fs/cgroup") == 0, "v2 found below the sys root");
	ok(cg_path_norm(&h, "kubepods//pod1/", path, sizeof(path)) == 0 &&
	    strcmp(path, "/kubepods/pod1") == 0, "a path normalised");
	ok(cg_path_norm(&h, "/sys/fs/cgroup/kubepods", path, sizeof(path)) == 0 &&
	    strcmp(path, "/kubepods") == 0, "a directory below the mount");
	ok(cg_path_norm(&h, "/a/../b", path, sizeof(path)) < 0, "'..' refused");
	ok(cg_tree_take(&src, &h, "/", -1, &t, &err) == 0 && t.len == 4,
	    "the whole tree: root, kubepods, pod1, ctr (%zu)", t.len);
	order = mw_xreallocarray(NULL, t.len, sizeof(*order));
	cg_tree_order(&t, order);
	ok(strcmp(t.v[order[3]].path, "/kubepods/pod1/ctr") == 0 &&
	    t.v[order[3]].depth == 3, "parents before children");
	ok(!cg_has(&t.v[0], CG_CURRENT), "the root's usage is unknown, not 0");
	ok(t.v[order[3]].has_limit && t.v[order[3]].limit == 6442450944ULL &&
	    strcmp(t.v[order[3]].limit_key, "high") == 0,
	    "the tightest limit: memory.high of the container itself");
	ok(t.v[order[2]].has_limit && t.v[order[2]].limit == 8589934592ULL &&
	    strcmp(t.v[order[2]].limit_path, "/kubepods/pod1") == 0,
	    "the pod's own memory.max");
	finding_list_init(&fs);
	cgroup_explain(&t.v[order[3]], &h, NULL, &fs);
	ok(finding_find(&fs, "throttled") != NULL &&
	    strstr(finding_find(&fs, "throttled")->text, "above memory.high") != NULL,
	    "explain: throttled above memory.high");
	ok(finding_find(&fs, "reclaimable") != NULL &&
	    finding_find(&fs, "reclaimable")->bytes ==
	    5307346944ULL + 1179316224ULL + 348866240ULL,
	    "explain: reclaimable = inactive + active file + reclaimable slab");
	finding_list_free(&fs);
	free(order);
	cg_tree_free(&t);
	ok(cg_tree_take(&src, &h, "/kubepods", 0, &t, &err) == 0 && t.len == 1 &&
	    t.truncated == false, "depth 0: the cgroup alone");
	cg_tree_free(&t);
	ok(cg_tree_take(&src, &h, "/kubepods", 1, &t, &err) == 0 && t.len == 2 &&
	    t.truncated, "depth 1: one level, the rest cut and said so");
	cg_tree_free(&t);
	mw_err_clear(&err);
	ok(cg_tree_take(&src, &h, "/nope", 0, &t, &err) == -ENOENT &&
	    strstr(err.msg, "no memory cgroup /nope") != NULL,
	    "no such cgroup: %s", err.msg);
	cg_tree_free(&t);
	mw_source_close(&src);

	if (mw_source_open(&src, tap_src("samples/cgroup/cgroup2-oom-6.1"),
	    &err) < 0 || cg_hier_find(&src, &h, &err) < 0) {
		ok(0, "open the second v2 tree: %s", err.msg);
		return;
	}
	ok(cg_of_pid(&src, &h, 3713, path, sizeof(path), &err) == 0 &&
	    strcmp(path, "/user.slice/user-1000.slice/dans-slice") == 0,
	    "a process's cgroup from /proc/PID/cgroup");
	mw_source_close(&src);
}

int
main(void)
{
	values();
	kv();
	membership();
	tree();
	return tap_done();
}
