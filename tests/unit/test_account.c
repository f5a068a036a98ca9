/* tests/unit/test_account.c: the parsers behind system account
 * (mountinfo, /proc/sysvipc/shm, /proc/vmallocinfo, a node's meminfo) and
 * account_build() on inputs made here: the counted lines add up to
 * MemTotal, shared memory splits by mount, unknown stays unknown.
 */
#include "config.h"

#include <string.h>

#include "model/account.h"
#include "parse/ipcshm.h"
#include "parse/meminfo.h"
#include "parse/mountinfo.h"
#include "parse/vmallocinfo.h"
#include "tap.h"
#include "util/arena.h"

#define S(lit) lit, sizeof(lit) - 1

static void
parsers(void)
{
	const char mi[] =
	    "21 26 0:19 / /dev/shm rw,nosuid shared:3 - tmpfs tmpfs rw\n"
	    "bad line\n"
	    "22 26 0:20 / /run/my\\040dir rw - ramfs none rw\n";
	const char *p = mi, *end = mi + sizeof(mi) - 1;
	struct mount_entry e;
	struct ipcshm_sum shm;
	struct vmallocinfo vi;
	struct meminfo m;
	struct mw_arena a;
	size_t skipped = 0;
	uint64_t v;

	ok(mountinfo_next(&p, end, &e, &skipped) &&
	    strcmp(e.point, "/dev/shm") == 0 &&
	    mountinfo_is(e.type, e.type_end, "tmpfs") &&
	    mountinfo_is(e.dev, e.dev_end, "0:19"),
	    "mountinfo: point, type, device");
	ok(mountinfo_next(&p, end, &e, &skipped) &&
	    strcmp(e.point, "/run/my dir") == 0 && skipped == 1,
	    "mountinfo: a malformed line skipped and counted, \\040 unescaped");
	ok(!mountinfo_next(&p, end, &e, &skipped), "mountinfo: the end");

	ok(ipcshm_parse(S(
	    "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n"
	    "         0          3  1600              33554432  1234  1234      0     0     0     0     0 1700000000 1700000001 1700000000              33554432                     0\n"
	    "         0          4  1600               4194304  1235  1235      1     0     0     0     0          0          0 1700000000               1048576                  8192\n"),
	    &shm) == 0 && shm.segments == 2 && shm.has_rss &&
	    shm.rss == 34603008 && shm.swap == 8192 && shm.size == 37748736,
	    "sysvipc/shm: rss and swap summed by column name");
	ok(ipcshm_parse(S("key shmid perms size cpid\n 0 1 600 4096 1\n"), &shm) == 0 &&
	    !shm.has_rss && shm.segments == 1,
	    "sysvipc/shm: an old kernel without rss says so");
	ok(ipcshm_parse(S("nonsense\n"), &shm) < 0, "sysvipc/shm: no size column");

	mw_arena_init(&a);
	ok(vmallocinfo_parse(S(
	    "0x01-0x02   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc N0=4\n"
	    "0x03-0x04   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc N0=4\n"
	    "0x05-0x06    8192 acpi_os_map_iomem+0x1bc/0x1e0 phys=0x9f000 ioremap\n"
	    "0x07-0x08 1052672 htab_map_alloc+0x11/0x20 pages=256 vmalloc N0=256\n"),
	    &a, &vi) == 0 && vi.pages == 264 && vi.len == 2 &&
	    strcmp(vi.callers[0].name, "htab_map_alloc") == 0 &&
	    vi.callers[1].pages == 8 && vi.callers[1].areas == 2,
	    "vmallocinfo: pages by caller, ioremap holds none, most first");
	ok(meminfo_parse(S("Node 1 MemTotal:       1024 kB\nNode 1 FilePages:  8 kB\n"),
	    &a, &m) == 0 && meminfo_get(&m, MI_MEM_TOTAL, &v) && v == 1048576 &&
	    meminfo_find(&m, "FilePages") != NULL,
	    "a node's meminfo: the \"Node N\" prefix dropped");
	mw_arena_free(&a);
}

static uint64_t
counted(const struct account *a)
{
	uint64_t s = 0;

	for (size_t i = 0; i < a->len; i++)
		if (a->v[i].leaf)
			s = a->v[i].negative ? s - a->v[i].bytes : s + a->v[i].bytes;
	return s;
}

static const struct acct_line *
find(const struct account *a, const char *id, const char *label)
{
	for (size_t i = 0; i < a->len; i++)
		if (strcmp(a->v[i].id, id) == 0 &&
		    (label == NULL || strcmp(a->v[i].label, label) == 0))
			return &a->v[i];
	return NULL;
}

static void
build(void)
{
	static const char text[] =
	    "MemTotal:        1048576 kB\nMemFree:          262144 kB\n"
	    "Buffers:           1024 kB\nCached:           409600 kB\n"
	    "SwapCached:           0 kB\nAnonPages:        204800 kB\n"
	    "Shmem:            307200 kB\nDirty:              2048 kB\n"
	    "Writeback:            0 kB\nSReclaimable:      20480 kB\n"
	    "SUnreclaim:        10240 kB\nKernelStack:        4096 kB\n"
	    "PageTables:        2048 kB\nVmallocUsed:       8192 kB\n"
	    "HugePages_Total:       0\nHugePages_Free:        0\n"
	    "HugePages_Rsvd:        0\nHugepagesize:       2048 kB\n";
	struct sys_snapshot sys;
	struct acct_tmpfs t[2] = {
		{ "/dev/shm", "tmpfs", 300ULL << 20, true },
		{ "/run", "tmpfs", 0, false },
	};
	struct ipcshm_sum shm = { .segments = 1, .rss = 4 << 20, .has_rss = true };
	struct acct_input in;
	struct account a;
	const struct acct_line *l;

	sys_snapshot_init(&sys);
	sys.part[SYS_MEMINFO].have = meminfo_parse(S(text), &sys.arena,
	    &sys.mi) == 0;
	memset(&in, 0, sizeof(in));
	in.sys = &sys;
	in.tmpfs = t;
	in.ntmpfs = 2;
	in.tmpfs_read = true;
	in.shm = &shm;
	ok(account_build(&in, &a) == 0, "built");
	ok(counted(&a) == a.total && a.total == 1073741824ULL,
	    "the counted lines add up to MemTotal");
	l = find(&a, "shmem-tmpfs", "tmpfs /dev/shm");
	ok(l != NULL && l->leaf && l->bytes == 300ULL << 20 &&
	    l->fate == ACCT_SWAP, "300 MiB in /dev/shm: shared memory, not "
	    "droppable cache");
	l = find(&a, "shmem-tmpfs", "tmpfs /run (no size limit: use unknown)");
	ok(l != NULL && !l->known && !l->leaf, "a tmpfs without a size: unknown");
	l = find(&a, "shmem-other", NULL);
	ok(l != NULL && l->bytes == (300ULL << 20) - (300ULL << 20) - 0,
	    "the rest of Shmem after tmpfs and SysV (clamped at the SysV share)");
	l = find(&a, "page-cache-clean", NULL);
	ok(l != NULL && l->bytes == (1024ULL + 409600 - 307200 - 2048) << 10,
	    "clean page cache = Buffers + Cached - Shmem - Dirty - Writeback");
	l = find(&a, "percpu", NULL);
	ok(l != NULL && !l->known, "no Percpu row: unknown, not 0");
	l = find(&a, "kernel", NULL);
	ok(l != NULL && !l->known && l->bytes > 0, "kernel memory: at least "
	    "its known parts");
	ok(find(&a, "unaccounted", NULL) != NULL && !a.overlap,
	    "what no counter holds is the rest, not negative");
	account_free(&a);

	/* Counters past MemTotal are an overlap, said, never a negative. */
	sys_snapshot_free(&sys);
	sys_snapshot_init(&sys);
	sys.part[SYS_MEMINFO].have = meminfo_parse(S(
	    "MemTotal: 1024 kB\nMemFree: 1000 kB\nAnonPages: 100 kB\n"), &sys.arena,
	    &sys.mi) == 0;
	in.tmpfs_read = false;
	in.shm = NULL;
	ok(account_build(&in, &a) == 0 && a.overlap &&
	    a.overlap_bytes == 76 * 1024 && counted(&a) == a.total &&
	    find(&a, "overlap", NULL) != NULL &&
	    find(&a, "overlap", NULL)->negative &&
	    find(&a, "unaccounted", NULL)->bytes == 0,
	    "overlapping counters: said, taken back by a line of their own, the lines add up");
	account_free(&a);
	sys_snapshot_free(&sys);
}

int
main(void)
{
	parsers();
	build();
	return tap_done();
}
