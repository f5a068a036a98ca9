/* model/snapshot.c: taking a process snapshot through the source. */
#include "config.h"
#include "model/snapshot.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "model/vma.h"
#include "parse/stat.h"
#include "source.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/units.h"

void
snapshot_init(struct proc_snapshot *snap)
{
	memset(snap, 0, sizeof(*snap));
	mw_arena_init(&snap->arena);
	vma_vec_init(&snap->vmas);
	snap->ppid = snap->threads = -1;
}

void
snapshot_free(struct proc_snapshot *snap)
{
	vma_vec_free(&snap->vmas);
	mw_arena_free(&snap->arena);
	snapshot_init(snap);
}

/* Overlay what smaps_rollup printed onto the summed totals. */
static void
apply_rollup(struct proc_snapshot *snap, const struct vma *r)
{
	for (int f = 0; f < SMAPS_NR; f++) {
		if (f == SMAPS_SIZE || !smaps_has(r, f))
			continue;
		smaps_set(&snap->totals, f, r->val[f]);
	}
	if (snap->mappings == 0) {
		snap->totals.start = r->start;
		snap->totals.end = r->end;
	}
	snap->has_rollup = true;
}

const char *
mw_host_kernel(const struct mw_source *src, struct mw_arena *a)
{
	static const char *const files[] = { "kernel-release",
	    "sys/kernel/osrelease" };
	struct utsname u;
	struct mw_buf b;
	const char *r = NULL;

	if (src->live)
		return uname(&u) == 0 ? mw_arena_strndup(a, u.release,
		    strlen(u.release)) : NULL;
	mw_buf_init(&b);
	for (size_t i = 0; i < 2 && r == NULL; i++) {
		if (mw_source_read(src, files[i], &b, NULL) < 0 || b.len == 0)
			continue;
		while (b.len > 0 && (b.data[b.len - 1] == '\n' ||
		    b.data[b.len - 1] == ' '))
			b.len--;
		if (b.len > 0 && b.len < 256)
			r = mw_arena_strndup(a, b.data, b.len);
	}
	mw_buf_free(&b);
	return r;
}

uint64_t
mw_host_page_size(const struct mw_source *src)
{
	struct mw_buf b;
	uint64_t v = 0;
	const char *next;

	if (src->live)
		return (uint64_t)sysconf(_SC_PAGESIZE);
	mw_buf_init(&b);
	if (mw_source_read(src, "page-size", &b, NULL) == 0 &&
	    mw_parse_u64(b.data, b.data + b.len, &v, &next) == 0 &&
	    (v < 1024 || (v & (v - 1)) != 0))
		v = 0;
	mw_buf_free(&b);
	return v;
}

static int
gone(pid_t pid, struct mw_err *err)
{
	return mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
	    "process %d exited while being read (gone); check the pid with ps",
	    (int)pid);
}

/* stat: identity. A missing file means the process is gone. */
static int
read_stat(const struct mw_source *src, pid_t pid, struct mw_buf *b,
    struct proc_stat *st, struct mw_err *err)
{
	struct mw_err e;
	int rc;

	mw_err_clear(&e);
	rc = mw_source_read_pid(src, pid, "stat", b, &e);
	if (rc == -ENOENT || (rc == 0 && b->len == 0))
		return mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
		    "no such process %d (it exited); check the pid with ps",
		    (int)pid);
	if (rc < 0)
		return mw_err_set(err, rc, e.exit, "%s", e.msg);
	if (stat_parse(b->data, b->len, st) < 0)
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "cannot parse %s/%d/stat (malformed line); check the file",
		    src->root, (int)pid);
	return 0;
}

/* A captured process: its directory holds smaps or status. */
static bool
captured_without_stat(const struct mw_source *src, pid_t pid)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "%d/smaps", (int)pid);
	if (mw_source_exists(src, rel))
		return true;
	snprintf(rel, sizeof(rel), "%d/status", (int)pid);
	return mw_source_exists(src, rel);
}

static void
read_identity(const struct mw_source *src, struct proc_snapshot *snap,
    struct mw_buf *b)
{
	struct passwd *pw;
	size_t skipped;

	if (mw_source_read_pid(src, snap->pid, "status", b, NULL) == 0 &&
	    status_parse(b->data, b->len, &snap->arena, &snap->status,
	    &skipped) == 0 && b->len > 0) {
		snap->has_status = true;
		snap->skipped += skipped;
		snap->has_uid = snap->status.has_uid;
		snap->uid = snap->status.uid[0];
		snap->threads = snap->status.threads;
	}
	if (mw_source_read_pid(src, snap->pid, "cmdline", b, NULL) == 0 &&
	    b->len > 0) {
		snap->cmdline = mw_arena_strndup(&snap->arena, b->data, b->len);
		snap->cmdline_len = b->len;
	}
	if (snap->has_uid && src->live && (pw = getpwuid(snap->uid)) != NULL)
		snap->user = mw_arena_strndup(&snap->arena, pw->pw_name,
		    strlen(pw->pw_name));
}

static void
read_oom(const struct mw_source *src, struct proc_snapshot *snap,
    struct mw_buf *b)
{
	const char *end;
	int64_t score, adj;

	if (mw_source_read_pid(src, snap->pid, "oom_score", b, NULL) < 0 ||
	    mw_parse_i64(b->data, b->data + b->len, &score, &end) < 0)
		return;
	if (mw_source_read_pid(src, snap->pid, "oom_score_adj", b, NULL) < 0 ||
	    mw_parse_i64(b->data, b->data + b->len, &adj, &end) < 0)
		return;
	snap->oom_score = score;
	snap->oom_score_adj = adj;
	snap->has_oom = true;
}

/* Wall-clock start from /proc/stat's btime (live only). */
static void
start_time(const struct mw_source *src, struct proc_snapshot *snap,
    struct mw_buf *b)
{
	uint64_t btime;
	long tck = sysconf(_SC_CLK_TCK);

	if (!src->live || tck <= 0 || mw_source_read(src, "stat", b, NULL) < 0)
		return;
	if (procstat_btime(b->data, b->len, &btime) == 0)
		snap->start_time = (time_t)(btime + snap->start_ticks / (uint64_t)tck);
}

/* Where streamed mappings go (snapshot_stream), and what it needs. */
struct sink {
	int (*each)(const struct proc_snapshot *snap, const struct vma *v,
	    void *arg);
	void *arg;
	struct mw_arena arena;	/* the strings of one chunk */
	uint64_t prev_end;	/* of the last mapping handed on */
	int rc;			/* what each() stopped with, else 0 */
};

/*
 * A chunk of whole mappings, one at a time into the sink: the rules of
 * smaps_parse() (a mapping below the end of the one before is malformed,
 * skipped and counted), then the sums, then each(). The chunk's strings
 * are released when it is done.
 */
static void
stream_rows(struct proc_snapshot *snap, struct sink *k, const char *buf,
    size_t len, size_t *skipped)
{
	struct smaps_iter it;
	struct vma v;

	smaps_iter_init(&it, buf, len);
	while (k->rc == 0 && smaps_next(&it, &k->arena, &v) == 1) {
		if (snap->mappings > 0 && v.start < k->prev_end) {
			it.skipped++;
			continue;
		}
		k->prev_end = v.end;
		if (snap->mappings == 0 && snap->page_size == 0 &&
		    smaps_has(&v, SMAPS_KERNEL_PAGE_SIZE))
			snap->page_size = v.val[SMAPS_KERNEL_PAGE_SIZE];
		snapshot_sum_add(snap, &v);
		k->rc = k->each(snap, &v, k->arg);
	}
	*skipped += it.skipped;
	mw_arena_free(&k->arena);
}

/*
 * smaps read and parsed a chunk at a time: one reused buffer instead of
 * the whole file (44 MB at 60,000 mappings, a page fault every 4 KiB), and
 * the text is parsed while it is still in the cache. Whole mappings are
 * parsed as they arrive; a partial one waits for the next chunk. They are
 * kept in snap->vmas, or handed to the sink when there is one.
 */
#define SMAPS_CHUNK ((size_t)256 * 1024)

/*
 * A read of procfs's smaps fills one page of the kernel's buffer with
 * whole records and throws away the one that overflows it, after walking
 * that mapping's page tables: it is made again for the next read. A read
 * of 3 KiB stops the kernel before it overflows (a record is under 1 KiB
 * but for a long path): about a tenth less kernel time than reading a
 * page or more at once, for a sixth more reads (bench/RESULTS.md).
 */
#define SMAPS_PROCFS_READ ((size_t)3072)

/* Append up to a chunk to b; the last read's result. */
static ssize_t
fill_chunk(const struct mw_source *src, const char *rel, int fd,
    struct mw_buf *b, size_t *total, struct mw_err *err)
{
	size_t want = b->len + SMAPS_CHUNK, max = src->procfs ?
	    SMAPS_PROCFS_READ : SMAPS_CHUNK;
	ssize_t n;

	/* smaps reads come a page or so at a time: gather a chunk. */
	do
		n = mw_source_read_chunk(src, rel, fd, b,
		    want - b->len < max ? want - b->len : max, total, err);
	while (n > 0 && b->len < want);
	return n;
}

/* smaps_rollup: the kernel's own sums (a second walk of the page tables). */
struct rollup_read {
	int rc;
	struct mw_buf text;
	struct mw_err err;
};

static void
read_rollup(const struct mw_source *src, pid_t pid, struct rollup_read *r)
{
	mw_err_clear(&r->err);
	r->rc = mw_source_read_pid(src, pid, "smaps_rollup", &r->text, &r->err);
}

static int
read_smaps(const struct mw_source *src, struct proc_snapshot *snap,
    struct sink *k, struct mw_buf *b, struct mw_err *err)
{
	size_t total = 0, skipped = 0, sk, cut;
	size_t seen = 0, nl = SIZE_MAX;	/* looked at before; last newline */
	char rel[64];
	ssize_t n;
	int fd;

	snprintf(rel, sizeof(rel), "%d/smaps", (int)snap->pid);
	fd = mw_source_open_file(src, rel, err);
	if (fd < 0)
		return fd;
	mw_buf_reset(b);
	for (;;) {
		n = fill_chunk(src, rel, fd, b, &total, err);
		/* Only what came since the last look: a long line is scanned
		 * once, not once per chunk. */
		cut = n > 0 ? smaps_complete_from(b->data, b->len, &seen, &nl) :
		    b->len;
		seen -= cut;
		nl = nl != SIZE_MAX && nl >= cut ? nl - cut : SIZE_MAX;
		sk = 0;
		if (k != NULL)
			stream_rows(snap, k, b->data, cut, &sk);
		else
			smaps_parse(b->data, cut, &snap->arena, &snap->vmas, &sk);
		skipped += sk;
		if (n <= 0 || (k != NULL && k->rc < 0))
			break;
		if (cut > 0) {
			memmove(b->data, b->data + cut, b->len - cut);
			mw_buf_setlen(b, b->len - cut);
		}
	}
	close(fd);
	if (k != NULL && k->rc < 0)
		return k->rc;
	if (n < 0)
		return (int)n;
	if (k == NULL)
		snapshot_sum(snap);
	if (snap->mappings == 0 && skipped > 0)
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "cannot parse %s/%d/smaps (no usable mapping in %zu bytes); check the file",
		    src->root, (int)snap->pid, total);
	snap->skipped += skipped;
	return 0;
}

static int
read_maps(const struct mw_source *src, struct proc_snapshot *snap,
    unsigned flags, struct sink *k, struct mw_buf *b, struct mw_err *err)
{
	struct rollup_read r;
	struct vma_vec rollup;
	struct mw_err e;
	int rc;

	mw_err_clear(&e);
	mw_buf_init(&r.text);
	if (flags & SNAP_VMAS) {
		snap->has_vmas = true;	/* a streamed head says so */
		rc = read_smaps(src, snap, k, b, &e);
		if (k != NULL && k->rc < 0)
			goto out;	/* each() stopped it: its own error */
		if (rc < 0 && rc != -ENOENT)
			mw_err_set(err, rc, e.exit, "%s", e.msg);
		if (rc < 0)
			goto out;
	}
	rc = 0;
	if ((flags & SNAP_NO_ROLLUP) || ((flags & SNAP_ROLLUP_IF_NEEDED) &&
	    snapshot_sums_suffice(snap)))
		goto out;
	read_rollup(src, snap->pid, &r);
	vma_vec_init(&rollup);
	if (r.rc == 0 && smaps_parse(r.text.data, r.text.len, &snap->arena,
	    &rollup, NULL) == 0 && rollup.len == 1)
		apply_rollup(snap, &rollup.v[0]);
	vma_vec_free(&rollup);
	if (r.rc < 0 && r.rc != -ENOENT && !(flags & SNAP_VMAS))
		rc = mw_err_set(err, r.rc, r.err.exit, "%s", r.err.msg);
out:
	mw_buf_free(&r.text);
	return rc;
}

/*
 * snapshot_take() and snapshot_stream(): everything about the process is
 * read before its mappings, so that a streamed document can begin with
 * it; the stat read again after them tells a process that exited or whose
 * pid was reused meanwhile.
 */
static int
take(const struct mw_source *src, pid_t pid, unsigned flags,
    struct sink *k, struct proc_snapshot *snap, struct mw_err *err)
{
	struct proc_stat st;
	struct mw_buf b;
	int rc;

	snapshot_init(snap);
	snap->pid = pid;
	snap->taken_at = time(NULL);
	mw_buf_init(&b);
	rc = read_stat(src, pid, &b, &st, err);
	if (rc == -ENOENT && !src->live && captured_without_stat(src, pid)) {
		/* A tree with smaps or status but no stat: what they allow. */
		mw_err_clear(err);
		memset(&st, 0, sizeof(st));
		snap->no_stat = true;
		rc = 0;
	}
	if (rc < 0)
		goto out;
	if (!snap->no_stat) {
		snap->comm = mw_arena_strndup(&snap->arena, st.comm,
		    st.comm_len);
		snap->comm_len = st.comm_len;
		snap->state = st.state;
		snap->ppid = st.ppid;
		snap->has_start = true;
		snap->start_ticks = st.starttime;
		snap->has_faults = true;
		snap->minflt = st.minflt;
		snap->majflt = st.majflt;
	}
	read_identity(src, snap, &b);
	if (snap->no_stat && snap->has_status) {
		if (snap->status.name != NULL) {
			snap->comm = snap->status.name;
			snap->comm_len = strlen(snap->status.name);
		}
		snap->state = snap->status.state;
		snap->ppid = snap->status.ppid;
	}
	read_oom(src, snap, &b);
	start_time(src, snap, &b);
	snap->kernel = mw_host_kernel(src, &snap->arena);
	snap->page_size = mw_host_page_size(src);
	rc = read_maps(src, snap, flags, k, &b, err);
	if (k != NULL && k->rc < 0)
		goto out;
	if (rc == -ENOENT && !src->live)
		rc = mw_err_set(err, rc, MW_EXIT_TARGET,
		    "cannot read %s/%d/smaps (not in the tree); capture the process again with 'memwatch capture'",
		    src->root, (int)pid);
	else if (rc == -ENOENT)
		rc = gone(pid, err);
	if (rc < 0)
		goto out;
	/* A zombie has exited: empty smaps, nothing to show as 0. */
	if ((st.state == 'Z' || st.state == 'X') && snap->mappings == 0) {
		rc = mw_err_set(err, -ESRCH, MW_EXIT_TARGET,
		    "process %d is a zombie (it has exited and holds no memory; its parent %d has not reaped it); look at the parent with 'memwatch %d'",
		    (int)pid, (int)st.ppid, (int)st.ppid);
		goto out;
	}
	/* The same process still? A reused pid has another start time. */
	/* ... and not exited meanwhile (its smaps then ends early). */
	if (src->live && !proc_id_alive(src, (struct proc_id){ .pid = pid,
	    .has_start = true, .start = st.starttime }, &b)) {
		rc = gone(pid, err);
		goto out;
	}
	if (snap->page_size == 0 && snap->vmas.len > 0 &&
	    smaps_has(&snap->vmas.v[0], SMAPS_KERNEL_PAGE_SIZE))
		snap->page_size = snap->vmas.v[0].val[SMAPS_KERNEL_PAGE_SIZE];
out:
	mw_buf_free(&b);
	if (rc < 0)
		snapshot_free(snap);
	return rc;
}

int
snapshot_take(const struct mw_source *src, pid_t pid, unsigned flags,
    struct proc_snapshot *snap, struct mw_err *err)
{
	return take(src, pid, flags, NULL, snap, err);
}

int
snapshot_stream(const struct mw_source *src, pid_t pid, unsigned flags,
    struct proc_snapshot *snap,
    int (*each)(const struct proc_snapshot *snap, const struct vma *v,
    void *arg), void *arg, struct mw_err *err)
{
	struct sink k;
	int rc;

	memset(&k, 0, sizeof(k));
	k.each = each;
	k.arg = arg;
	mw_arena_init(&k.arena);
	rc = take(src, pid, flags | SNAP_VMAS, &k, snap, err);
	mw_arena_free(&k.arena);
	return rc;
}

struct proc_id
proc_snapshot_id(const struct proc_snapshot *s)
{
	return (struct proc_id){ .pid = s->pid, .has_start = s->has_start,
	    .start = s->start_ticks };
}
