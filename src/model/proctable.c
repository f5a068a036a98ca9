/* model/proctable.c: every process's smaps_rollup, via libproc2's pids API
 * or memwatch's source (proctable_src.c). */
#include "config.h"
#include "model/proctable.h"
#include "model/proctable_int.h"
#include "model/procid.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libproc2/meminfo.h>
#include <libproc2/pids.h>

#include "parse/keyline.h"
#include "parse/stat.h"
#include "source.h"
#include "util/buf.h"
#include "util/dl.h"
#include "util/err.h"
#include "util/time.h"
#include "util/units.h"
#include "util/xmalloc.h"

/*
 * libproc2 reads the table when no source is given (proctable_open() with
 * src NULL): the reference the tests compare memwatch's own reading with.
 * The commands give a source and read /proc themselves, which skips the
 * processes whose memory did not move and loads no library. It is opened,
 * not linked: with libsystemd and its compressors it is half of the shared
 * libraries every command would load at start-up. The headers give the
 * types; the names below call through pointers.
 */
#define PROC2_FN(name) __typeof__(&name) name
static struct {
	PROC2_FN(procps_pids_new);
	PROC2_FN(procps_pids_unref);
	PROC2_FN(procps_pids_reap);
	PROC2_FN(procps_pids_select);
	PROC2_FN(procps_meminfo_new);
	PROC2_FN(procps_meminfo_unref);
	PROC2_FN(procps_meminfo_get);
} proc2;
#undef PROC2_FN
#define procps_pids_new (*proc2.procps_pids_new)
#define procps_pids_unref (*proc2.procps_pids_unref)
#define procps_pids_reap (*proc2.procps_pids_reap)
#define procps_pids_select (*proc2.procps_pids_select)
#define procps_meminfo_new (*proc2.procps_meminfo_new)
#define procps_meminfo_unref (*proc2.procps_meminfo_unref)
#define procps_meminfo_get (*proc2.procps_meminfo_get)

/* Open the library once and find every function; 0 or -ENOENT. */
static int
proc2_load(struct mw_err *err)
{
	static const char *const names[] = {
		"procps_pids_new", "procps_pids_unref", "procps_pids_reap",
		"procps_pids_select", "procps_meminfo_new",
		"procps_meminfo_unref", "procps_meminfo_get",
	};
	static bool loaded;	/* the process table is opened by one thread */
	void *fn[sizeof(names) / sizeof(names[0])];
	const char *why;
	int rc;

	_Static_assert(sizeof(fn) == sizeof(proc2), "one pointer per function");
	if (loaded)
		return 0;
	rc = mw_dl_load(MW_PROC2_SONAME, names, sizeof(fn) / sizeof(fn[0]), fn,
	    &why);
	if (rc == -ENOENT)
		return mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
		    "cannot load %s (%s); install libproc2 (Debian: apt-get install libproc2-0)",
		    MW_PROC2_SONAME, why);
	if (rc < 0)
		return mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
		    "cannot load %s (it has no %s); install libproc2 4.0 or newer",
		    MW_PROC2_SONAME, why);
	memcpy(&proc2, fn, sizeof(proc2));	/* the library stays open */
	loaded = true;
	return 0;
}

/* libproc2 selects at most 255 pids per call (FILL_ID_MAX in pids.c). */
#define SELECT_MAX PT_ONLY_MAX

/* Items of the reap, in this order; the live view stops before R_CMD. */
enum roll_item {
	R_PID, R_USER, R_SRSS, R_PSS, R_USS, R_SWAP,
	R_CMD, R_BEGAN, R_VSIZE, R_RSS, R_STATE, R_FLAGS, R_PPID,
	R_NR
};

static enum pids_item roll_items[R_NR] = {
	PIDS_ID_PID, PIDS_ID_EUSER, PIDS_SMAP_RSS, PIDS_SMAP_PSS,
	PIDS_SMAP_PRV_TOTAL, PIDS_SMAP_SWAP,
	PIDS_CMD, PIDS_TICS_BEGAN, PIDS_VSIZE_BYTES, PIDS_RSS, PIDS_STATE,
	PIDS_FLAGS, PIDS_ID_PPID,
};

/* Items of the stat select: all from /proc/PID/stat. */
enum stat_item {
	S_PID, S_CMD, S_BEGAN, S_VSIZE, S_RSS, S_STATE, S_FLAGS, S_PPID, S_NR
};

static enum pids_item stat_items[S_NR] = {
	PIDS_ID_PID, PIDS_CMD, PIDS_TICS_BEGAN, PIDS_VSIZE_BYTES, PIDS_RSS,
	PIDS_STATE, PIDS_FLAGS, PIDS_ID_PPID,
};

/* A kernel thread's task flag (include/linux/sched.h). */
#define PT_PF_KTHREAD 0x00200000UL

static const char *const key_names[PT_KEY_NR] = {
	[PT_KEY_PID] = "pid", [PT_KEY_USER] = "user", [PT_KEY_COMM] = "comm",
	[PT_KEY_VSZ] = "vsz", [PT_KEY_RSS] = "rss", [PT_KEY_PSS] = "pss",
	[PT_KEY_USS] = "uss", [PT_KEY_SWAP] = "swap",
	[PT_KEY_GROWTH] = "growth",
};

const char *
pt_key_name(enum pt_key key)
{
	return key < PT_KEY_NR ? key_names[key] : "?";
}

int
pt_key_by_name(const char *name)
{
	for (int k = 0; k < PT_KEY_NR; k++)
		if (strcmp(name, key_names[k]) == 0)
			return k;
	if (strcmp(name, "command") == 0)
		return PT_KEY_COMM;
	if (strcmp(name, "size") == 0 || strcmp(name, "vsize") == 0)
		return PT_KEY_VSZ;
	return -1;
}

int
proctable_open(struct proctable *pt, const struct mw_source *src,
    unsigned flags, struct mw_err *err)
{
	long ps = sysconf(_SC_PAGESIZE);
	int rc;

	memset(pt, 0, sizeof(*pt));
	if ((flags & PT_OPEN_LISTED) && src == NULL)
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "cannot read the listed processes (no /proc given); report this");
	pt->own = !(flags & (PT_OPEN_LISTED | PT_OPEN_FULL)) && src != NULL;
	pt->all = (flags & PT_OPEN_FULL) && !(flags & PT_OPEN_LISTED) &&
	    src != NULL && src->live;
	pt->every = ROLLUP_EVERY;
	if (!(flags & PT_OPEN_LISTED) && !pt->own && !pt->all) {
		rc = proc2_load(err);
		if (rc < 0)
			return rc;
	}
	pt->src = src;
	pt->comm_buf = mw_xmalloc(sizeof(*pt->comm_buf));
	mw_buf_init(pt->comm_buf);
	pt->listed = (flags & PT_OPEN_LISTED) != 0;
	pt->full = (flags & (PT_OPEN_FULL | PT_OPEN_LISTED)) != 0;
	pt->cmdline = (flags & PT_OPEN_CMDLINE) != 0 && src != NULL;
	pt->page_size = ps > 0 ? (uint64_t)ps : 4096;
	if (pt->listed || pt->own || pt->all)
		return 0;
	/* With a source, a full table reads stat itself (see merge_roll). */
	pt->own_stat = pt->full && src != NULL;
	rc = procps_pids_new(&pt->roll, roll_items,
	    pt->full && !pt->own_stat ? R_NR : R_CMD);
	if (rc < 0)
		goto out_err;
	if (!pt->full) {
		rc = procps_pids_new(&pt->stat, stat_items, S_NR);
		if (rc < 0)
			goto out_err;
	}
	/* The header lives without meminfo if that fails. */
	if (procps_meminfo_new(&pt->mem_info) < 0)
		pt->mem_info = NULL;
	return 0;
out_err:
	proctable_close(pt);
	return mw_err_set(err, rc, MW_EXIT_TARGET,
	    "cannot read the process table (libproc2: %s); check that /proc is mounted",
	    strerror(-rc));
}

void
proctable_close(struct proctable *pt)
{
	if (pt->roll != NULL)
		procps_pids_unref(&pt->roll);
	if (pt->stat != NULL)
		procps_pids_unref(&pt->stat);
	if (pt->mem_info != NULL)
		procps_meminfo_unref(&pt->mem_info);
	free(pt->rows);
	free(pt->spare);
	free(pt->want);
	if (pt->comm_buf != NULL)
		mw_buf_free(pt->comm_buf);
	free(pt->comm_buf);
	memset(pt, 0, sizeof(*pt));
}

struct pt_row *
pt_find_row(struct pt_row *rows, size_t len, pid_t pid)
{
	size_t lo = 0, hi = len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rows[mid].pid == pid)
			return &rows[mid];
		if (rows[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct pt_row *
proctable_find(const struct proctable *pt, pid_t pid)
{
	return pt_find_row(pt->rows, pt->len, pid);
}

uint64_t
pt_kib(unsigned long v)
{
	uint64_t b;

	return __builtin_mul_overflow((uint64_t)v, 1024, &b) ? UINT64_MAX : b;
}

/*
 * The true name when libproc2 showed '?' (it replaces control bytes and
 * more): /proc/PID/comm keeps every byte; the renderers escape them.
 */
static void
true_comm(struct proctable *pt, struct pt_row *r)
{
	struct mw_buf *b = pt->comm_buf;

	if (pt->src == NULL || strchr(r->comm, '?') == NULL ||
	    mw_source_read_pid(pt->src, r->pid, "comm", b, NULL) < 0)
		return;
	if (b->len > 0 && b->data[b->len - 1] == '\n')
		b->len--;	/* the kernel's line end, not the name's */
	if (b->len > 0 && b->len < sizeof(r->comm) &&
	    memchr(b->data, '\0', b->len) == NULL) {
		memcpy(r->comm, b->data, b->len);
		r->comm[b->len] = '\0';
	}
}

/* stat's fields that identify and place a process. */
struct stat_id {
	unsigned long long began;
	unsigned long vsize, rss_pages, flags;
	int ppid;
	char state;
};

/*
 * The command line into r, its NULs (argument ends) made spaces; nothing
 * for a kernel thread or a zombie, whose cmdline is empty.
 */
static void
read_cmdline(struct proctable *pt, struct pt_row *r)
{
	struct mw_buf *b = pt->comm_buf;
	size_t n;

	if (!pt->cmdline || r->kthread || (r->have_cmdline &&
	    r->stat_reads >= 2 && pt->full))
		return;
	r->have_cmdline = false;
	if (mw_source_read_pid(pt->src, r->pid, "cmdline", b, NULL) < 0)
		return;
	n = b->len < sizeof(r->cmdline) ? b->len : sizeof(r->cmdline) - 1;
	while (n > 0 && b->data[n - 1] == '\0')
		n--;
	for (size_t i = 0; i < n; i++)
		r->cmdline[i] = b->data[i] == '\0' ? ' ' : b->data[i];
	r->cmdline[n] = '\0';
	r->have_cmdline = n > 0;
}

/* stat's numbers into r; a new start time means a new process. */
static void
stat_fields(struct proctable *pt, struct pt_row *r, const struct stat_id *id)
{
	unsigned long long began = id->began;

	if (r->have_stat && !proc_id_same((struct proc_id){ r->pid, true,
	    r->start }, (struct proc_id){ r->pid, true, began })) {
		r->has_pss0 = false;
		r->nhist = 0;
		r->have_cmdline = false;
		r->stat_reads = 0;
	}
	r->have_stat = true;
	r->start = began;
	r->vsz = id->vsize;
	if (__builtin_mul_overflow((uint64_t)id->rss_pages, pt->page_size,
	    &r->stat_rss))
		r->stat_rss = UINT64_MAX;
	r->state = id->state;
	r->kthread = (id->flags & PT_PF_KTHREAD) != 0;
	r->ppid = id->ppid;
	r->stat_gen = pt->gen;
	read_cmdline(pt, r);
	if (r->stat_reads < 2)
		r->stat_reads++;
}

/* stat's fields from libproc2 into r (cmd as libproc2 escaped it). */
static void
apply_stat(struct proctable *pt, struct pt_row *r, const char *cmd,
    const struct stat_id *id)
{
	stat_fields(pt, r, id);
	snprintf(r->comm, sizeof(r->comm), "%s", cmd != NULL ? cmd : "");
	true_comm(pt, r);
}

/*
 * stat read and parsed by memwatch (libproc2 parses it with sscanf, the
 * larger part of a full table's cost). False when it cannot be read.
 */
bool
pt_read_own_stat(struct proctable *pt, pid_t pid, struct proc_stat *st)
{
	struct mw_buf *b = pt->comm_buf;

	return mw_source_read_pid(pt->src, pid, "stat", b, NULL) == 0 &&
	    stat_parse(b->data, b->len, st) == 0;
}

/* Its fields into r; the raw comm, as true_comm() gets it back. */
void
pt_apply_own_stat(struct proctable *pt, struct pt_row *r,
    const struct proc_stat *st)
{
	size_t n = st->comm_len < sizeof(r->comm) ? st->comm_len :
	    sizeof(r->comm) - 1;
	struct stat_id id = {
		.began = st->starttime, .vsize = st->vsize,
		.rss_pages = st->rss, .flags = st->flags,
		.ppid = st->ppid > 0 && st->ppid <= INT32_MAX ? (int)st->ppid : 0,
		.state = st->state,
	};

	memcpy(r->comm, st->comm, n);	/* before b is read again */
	r->comm[n] = '\0';
	stat_fields(pt, r, &id);
}

/*
 * One reaped stack into row r (a copy of the old row, or zeroed). False
 * when the process exited before its stat was read: no row then, as when
 * libproc2 reads both.
 */
static bool
merge_roll(struct proctable *pt, struct pt_row *r, struct pids_stack *s)
{
	unsigned long srss = PIDS_VAL(R_SRSS, ul_int, s, pt->roll);
	unsigned long swap = PIDS_VAL(R_SWAP, ul_int, s, pt->roll);
	const char *user = PIDS_VAL(R_USER, str, s, pt->roll);

	snprintf(r->user, sizeof(r->user), "%s", user != NULL ? user : "?");
	r->rollup = srss != 0 || swap != 0;
	if (r->rollup) {
		r->rss = pt_kib(srss);
		r->pss = pt_kib(PIDS_VAL(R_PSS, ul_int, s, pt->roll));
		r->uss = pt_kib(PIDS_VAL(R_USS, ul_int, s, pt->roll));
		r->swap = pt_kib(swap);
	}
	if (pt->own_stat) {
		struct proc_stat st;

		if (!pt_read_own_stat(pt, r->pid, &st))
			return false;
		pt_apply_own_stat(pt, r, &st);
	} else if (pt->full) {
		struct stat_id id = {
			.began = PIDS_VAL(R_BEGAN, ull_int, s, pt->roll),
			.vsize = PIDS_VAL(R_VSIZE, ul_int, s, pt->roll),
			.rss_pages = PIDS_VAL(R_RSS, ul_int, s, pt->roll),
			.flags = PIDS_VAL(R_FLAGS, ul_int, s, pt->roll),
			.ppid = PIDS_VAL(R_PPID, s_int, s, pt->roll),
			.state = PIDS_VAL(R_STATE, s_ch, s, pt->roll),
		};

		apply_stat(pt, r, PIDS_VAL(R_CMD, str, s, pt->roll), &id);
	}
	return true;
}

static int
row_pid_cmp(const void *a, const void *b)
{
	pid_t x = ((const struct pt_row *)a)->pid;
	pid_t y = ((const struct pt_row *)b)->pid;

	return (x > y) - (x < y);
}

/* Room for n rows in pt->spare. */
void
pt_spare_room(struct proctable *pt, size_t n)
{
	if (n > pt->spare_cap) {
		pt->spare_cap = n + n / 4 + 16;
		pt->spare = mw_xreallocarray(pt->spare, pt->spare_cap,
		    sizeof(*pt->spare));
	}
}

/* Spare row i for pid: a copy of its old row, or a new one. */
struct pt_row *
pt_spare_row(struct proctable *pt, size_t i, pid_t pid)
{
	struct pt_row *old = pt_find_row(pt->rows, pt->len, pid);
	struct pt_row *r = &pt->spare[i];

	if (old != NULL) {
		*r = *old;
	} else {
		memset(r, 0, sizeof(*r));
		r->pid = pid;
		r->state = '?';
	}
	return r;
}

/* The n spare rows become the rows (sorted by pid first if need be). */
void
pt_take_spare(struct proctable *pt, size_t n, bool sorted)
{
	struct pt_row *tmp;
	size_t tcap;

	if (!sorted)
		qsort(pt->spare, n, sizeof(*pt->spare), row_pid_cmp);
	tmp = pt->rows, tcap = pt->cap;
	pt->rows = pt->spare, pt->cap = pt->spare_cap;
	pt->spare = tmp, pt->spare_cap = tcap;
	pt->len = n;
}

/* The reap's stacks into pt->spare, then spare becomes rows. */
static void
take_reap(struct proctable *pt, struct pids_fetch *f)
{
	size_t n = f->counts->total > 0 ? (size_t)f->counts->total : 0;
	size_t kept = 0;
	bool sorted = true;

	pt_spare_room(pt, n);
	for (size_t i = 0; i < n; i++) {
		struct pids_stack *s = f->stacks[i];
		pid_t pid = PIDS_VAL(R_PID, s_int, s, pt->roll);

		if (!merge_roll(pt, pt_spare_row(pt, kept, pid), s))
			continue;
		if (kept > 0 && pt->spare[kept - 1].pid >= pid)
			sorted = false;
		kept++;
	}
	pt_take_spare(pt, kept, sorted);
}

static void
want_add(struct proctable *pt, pid_t pid)
{
	if (pt->want_len == pt->want_cap) {
		pt->want_cap = pt->want_cap ? pt->want_cap * 2 : 256;
		pt->want = mw_xreallocarray(pt->want, pt->want_cap,
		    sizeof(*pt->want));
	}
	pt->want[pt->want_len++] = (unsigned)pid;
}

/* New rows, the caller's rows and a rotating slice: whose stat to read. */
void
pt_collect_want(struct proctable *pt, const pid_t *fresh, size_t nfresh)
{
	size_t slice = (pt->len + PT_ROTATE - 1) / PT_ROTATE;

	pt->want_len = 0;
	for (size_t i = 0; i < pt->len; i++)
		pt->rows[i].wanted = false;
	for (size_t i = 0; i < pt->len; i++)
		if (pt->rows[i].stat_reads < 2) {
			want_add(pt, pt->rows[i].pid);
			pt->rows[i].wanted = true;
		}
	for (size_t i = 0; i < nfresh; i++) {
		struct pt_row *r = pt_find_row(pt->rows, pt->len, fresh[i]);

		if (r != NULL && !r->wanted) {
			want_add(pt, r->pid);
			r->wanted = true;
		}
	}
	for (size_t k = 0; k < slice && pt->len > 0; k++) {
		struct pt_row *r = &pt->rows[pt->rot++ % pt->len];

		if (!r->wanted) {
			want_add(pt, r->pid);
			r->wanted = true;
		}
	}
	if (pt->len > 0)
		pt->rot %= pt->len;
}

/* Read stat for pt->want; rows still marked afterwards did not answer. */
static void
read_wanted(struct proctable *pt)
{
	for (size_t off = 0; off < pt->want_len; off += SELECT_MAX) {
		size_t n = pt->want_len - off;
		struct pids_fetch *f;

		if (n > SELECT_MAX)
			n = SELECT_MAX;
		f = procps_pids_select(pt->stat, pt->want + off, (int)n,
		    PIDS_SELECT_PID);
		if (f == NULL)
			continue;
		for (int i = 0; i < f->counts->total; i++) {
			struct pids_stack *s = f->stacks[i];
			struct pt_row *r = pt_find_row(pt->rows, pt->len,
			    PIDS_VAL(S_PID, s_int, s, pt->stat));
			struct stat_id id;

			if (r == NULL)
				continue;
			id.began = PIDS_VAL(S_BEGAN, ull_int, s, pt->stat);
			id.vsize = PIDS_VAL(S_VSIZE, ul_int, s, pt->stat);
			id.rss_pages = PIDS_VAL(S_RSS, ul_int, s, pt->stat);
			id.flags = PIDS_VAL(S_FLAGS, ul_int, s, pt->stat);
			id.ppid = PIDS_VAL(S_PPID, s_int, s, pt->stat);
			id.state = PIDS_VAL(S_STATE, s_ch, s, pt->stat);
			apply_stat(pt, r, PIDS_VAL(S_CMD, str, s, pt->stat),
			    &id);
			r->wanted = false;
		}
	}
}

/* Growth baseline, history, totals: after rollup and stat are in. */
static void
finish_rows(struct proctable *pt)
{
	pt->pss_total = 0;
	pt->unreadable = 0;
	pt->kthreads = 0;
	for (size_t i = 0; i < pt->len; i++) {
		struct pt_row *r = &pt->rows[i];

		if (r->kthread)
			pt->kthreads++;
		if (!r->rollup) {
			r->rss = r->stat_rss;
			pt->unreadable += !r->kthread;
			continue;
		}
		pt->pss_total += r->pss;
		if (!r->has_pss0) {
			r->pss0 = r->pss;
			r->has_pss0 = true;
		}
		if (r->nhist == PT_HIST) {
			memmove(r->hist, r->hist + 1,
			    (PT_HIST - 1) * sizeof(r->hist[0]));
			r->nhist--;
		}
		r->hist[r->nhist++] = r->pss;
	}
}

static void
read_meminfo(struct proctable *pt)
{
	struct meminfo_info *mi = pt->mem_info;
	struct pt_mem *m = &pt->mem;

	m->known = false;
	if (mi == NULL || procps_meminfo_get(mi, MEMINFO_MEM_TOTAL) == NULL)
		return;
	m->total = pt_kib(MEMINFO_GET(mi, MEMINFO_MEM_TOTAL, ul_int));
	m->free = pt_kib(MEMINFO_GET(mi, MEMINFO_MEM_FREE, ul_int));
	m->avail = pt_kib(MEMINFO_GET(mi, MEMINFO_MEM_AVAILABLE, ul_int));
	m->buffers = pt_kib(MEMINFO_GET(mi, MEMINFO_MEM_BUFFERS, ul_int));
	m->cached = pt_kib(MEMINFO_GET(mi, MEMINFO_MEM_CACHED_ALL, ul_int));
	m->swap_total = pt_kib(MEMINFO_GET(mi, MEMINFO_SWAP_TOTAL, ul_int));
	m->swap_free = pt_kib(MEMINFO_GET(mi, MEMINFO_SWAP_FREE, ul_int));
	m->known = m->total != 0;
}

/* The header's pressure line: PSI read once a refresh; unknown without. */
static void
read_psi(struct proctable *pt)
{
	struct pt_mem *m = &pt->mem;

	m->psi_known = pt->src != NULL && pt->comm_buf != NULL &&
	    mw_source_read(pt->src, "pressure/memory", pt->comm_buf,
	    NULL) == 0 &&
	    psi_parse(pt->comm_buf->data, pt->comm_buf->len, &m->psi) == 0;
}

int
proctable_refresh(struct proctable *pt, const pid_t *fresh, size_t nfresh,
    struct mw_err *err)
{
	uint64_t t0 = mw_now_ns(), c0 = mw_thread_cpu_ns();
	struct pids_fetch *f;

	if (pt->listed || pt->own || pt->all) {
		pt->gen++;
		if (pt->listed)
			pt_read_listed(pt);
		else if (pt->all && pt_read_all(pt, err) < 0)
			return -EIO;
		else if (pt->own && pt_read_own(pt, fresh, nfresh, err) < 0)
			return -EIO;
		finish_rows(pt);
		pt_read_meminfo_src(pt);
		goto out;
	}
	if (pt->only_len > 0)
		f = procps_pids_select(pt->roll, pt->only, (int)pt->only_len,
		    PIDS_SELECT_PID);
	else
		f = procps_pids_reap(pt->roll, PIDS_FETCH_TASKS_ONLY);
	if (f == NULL)
		return mw_err_set(err, errno ? -errno : -EIO, MW_EXIT_TARGET,
		    "cannot read the process table in /proc (%s); check that /proc is mounted",
		    strerror(errno ? errno : EIO));
	pt->gen++;
	take_reap(pt, f);
	if (!pt->full) {
		pt_collect_want(pt, fresh, nfresh);
		read_wanted(pt);
	}
	finish_rows(pt);
	read_meminfo(pt);
out:
	read_psi(pt);
	pt->cost_ns = mw_now_ns() - t0;
	pt->cost_cpu_ns = mw_thread_cpu_ns() - c0;
	return 0;
}

int
proctable_only(struct proctable *pt, const pid_t *pids, size_t n)
{
	if (n > PT_ONLY_MAX)
		return -EINVAL;
	pt->only_len = 0;
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;

		/* "-p 42,42": one row, its PSS counted once. */
		while (j < pt->only_len && pt->only[j] != (unsigned)pids[i])
			j++;
		if (j == pt->only_len)
			pt->only[pt->only_len++] = (unsigned)pids[i];
	}
	return 0;
}

bool
pt_row_stale(const struct proctable *pt, const struct pt_row *r)
{
	return r->rollup && r->rollup_gen != pt->gen;
}

bool
pt_row_growth(const struct pt_row *r, int64_t *growth)
{
	if (!r->rollup || !r->has_pss0)
		return false;
	if (r->pss >= r->pss0)
		*growth = r->pss - r->pss0 > (uint64_t)INT64_MAX ? INT64_MAX :
		    (int64_t)(r->pss - r->pss0);
	else
		*growth = r->pss0 - r->pss > (uint64_t)INT64_MAX ? -INT64_MAX :
		    -(int64_t)(r->pss0 - r->pss);
	return true;
}
