/* model/snapshot_fields.c: the process-snapshot document's rows. */
#include "config.h"
#include "model/snapshot_fields.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/snapshot.h"
#include "parse/smaps.h"

_Static_assert(sizeof(time_t) == sizeof(int64_t), "time_t is 64 bits");

#define P(k, t, u, kn, m, kf) { .key = k, .type = t, .unit = u, .known = kn, \
	.off = offsetof(struct proc_snapshot, m), \
	.known_off = offsetof(struct proc_snapshot, kf) }

/* The presence flag of a row that has none is never read: pid's is given. */
static const struct field_row process_rows[] = {
	P("pid", FT_PID, FU_NONE, FK_REQUIRED, pid, pid),
	P("comm", FT_STR, FU_NONE, FK_ALWAYS, comm, comm),
	P("cmdline", FT_ARGV, FU_NONE, FK_ALWAYS, cmdline, cmdline),
	P("uid", FT_U32, FU_NONE, FK_FLAG, uid, has_uid),
	P("user", FT_CSTR, FU_NONE, FK_NONNULL, user, user),
	P("ppid", FT_I64, FU_NONE, FK_NONNEG, ppid, ppid),
	P("threads", FT_I64, FU_COUNT, FK_NONNEG, threads, threads),
	P("minflt", FT_U64, FU_COUNT, FK_FLAG, minflt, has_faults),
	P("majflt", FT_U64, FU_COUNT, FK_FLAG, majflt, has_faults),
	P("state", FT_CHAR, FU_NONE, FK_NONZERO, state, state),
	P("start_ticks", FT_U64, FU_NONE, FK_FLAG, start_ticks, has_start),
	P("start_time", FT_TIME, FU_NONE, FK_NONZERO, start_time, start_time),
	P("oom_score", FT_I64, FU_NONE, FK_FLAG, oom_score, has_oom),
	P("oom_score_adj", FT_I64, FU_NONE, FK_FLAG, oom_score_adj, has_oom),
};
#undef P

#define V(k, t, u, kn, m, kf, w) { .key = k, .type = t, .unit = u, \
	.known = kn, .off = offsetof(struct vma, m), \
	.known_off = offsetof(struct vma, kf), .why = w }

static const struct field_row vma_rows[] = {
	V("start", FT_ADDR, FU_NONE, FK_REQUIRED, start, start, "start/end"),
	V("end", FT_ADDR, FU_NONE, FK_REQUIRED, end, end, "start/end"),
	V("perms", FT_PERMS, FU_NONE, FK_REQUIRED, perms, perms, "perms"),
	V("offset", FT_U64, FU_BYTES, FK_ALWAYS, offset, offset, "offset/inode"),
	V("dev", FT_DEV, FU_NONE, FK_ALWAYS, dev_major, dev_major, "dev"),
	V("inode", FT_U64, FU_NONE, FK_ALWAYS, inode, inode, "offset/inode"),
	V("path", FT_STR, FU_NONE, FK_NONNULL, path, path, "path"),
	V("kind", FT_KIND, FU_NONE, FK_ALWAYS, start, start, "kind"),
	/* one key per smaps field, named by parse/smaps.c's table */
	V("", FT_SMAPS, FU_BYTES, FK_FLAG, val, present, NULL),
	V("vmflags", FT_VMFLAGS, FU_NONE, FK_FLAG, vmflags, has_vmflags,
	    "vmflags"),
	V("extra", FT_EXTRA, FU_NONE, FK_NONNULL, extra, extra, "extra"),
};
#undef V

const struct field_row *
snapshot_process_fields(size_t *n)
{
	*n = sizeof(process_rows) / sizeof(process_rows[0]);
	return process_rows;
}

const struct field_row *
snapshot_vma_fields(size_t *n)
{
	*n = sizeof(vma_rows) / sizeof(vma_rows[0]);
	return vma_rows;
}
