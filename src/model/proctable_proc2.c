/* model/proctable_proc2.c: the process table read by libproc2's pids and
 * meminfo APIs: the reference memwatch's own reading (proctable_src.c) is
 * tested against, used when the table is opened without a source. */
#include "config.h"
#include "model/proctable.h"
#include "model/proctable_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libproc2/meminfo.h>
#include <libproc2/pids.h>

#include "parse/stat.h"
#include "source.h"
#include "util/buf.h"
#include "util/dl.h"
#include "util/err.h"

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

/* stat's fields from libproc2 into r (cmd as libproc2 escaped it). */
static void
apply_stat(struct proctable *pt, struct pt_row *r, const char *cmd,
    const struct stat_id *id)
{
	pt_stat_fields(pt, r, id);
	snprintf(r->comm, sizeof(r->comm), "%s", cmd != NULL ? cmd : "");
	true_comm(pt, r);
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

void
pt_proc2_meminfo(struct proctable *pt)
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

/* The libproc2 part of proctable_open(): 0, or -errno with err filled. */
int
pt_proc2_open(struct proctable *pt, struct mw_err *err)
{
	int rc = proc2_load(err);

	if (rc < 0)
		return rc;
	/* With a source, a full table reads stat itself (see merge_roll). */
	pt->own_stat = pt->full && pt->src != NULL;
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
	return mw_err_set(err, rc, MW_EXIT_TARGET,
	    "cannot read the process table (libproc2: %s); check that /proc is mounted",
	    strerror(-rc));
}

void
pt_proc2_close(struct proctable *pt)
{
	if (pt->roll != NULL)
		procps_pids_unref(&pt->roll);
	if (pt->stat != NULL)
		procps_pids_unref(&pt->stat);
	if (pt->mem_info != NULL)
		procps_meminfo_unref(&pt->mem_info);
}

/* Every process's rollup (and stat) reaped; 0, or -errno with err. */
int
pt_proc2_refresh(struct proctable *pt, const pid_t *fresh, size_t nfresh,
    struct mw_err *err)
{
	struct pids_fetch *f;

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
	return 0;
}
