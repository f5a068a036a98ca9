/* model/proctable.c: every process's smaps_rollup, read through memwatch's
 * source (proctable_src.c) or libproc2's pids API (proctable_proc2.c). */
#include "config.h"
#include "model/proctable.h"
#include "model/proctable_int.h"
#include "model/procid.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "parse/stat.h"
#include "source.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/time.h"
#include "util/units.h"
#include "util/xmalloc.h"

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
	if (pt->own)
		mw_kept_init(&pt->kept, "statm", 0);
	pt->src = src;
	pt->comm_buf = mw_xmalloc(sizeof(*pt->comm_buf));
	mw_buf_init(pt->comm_buf);
	pt->listed = (flags & PT_OPEN_LISTED) != 0;
	pt->full = (flags & (PT_OPEN_FULL | PT_OPEN_LISTED)) != 0;
	pt->cmdline = (flags & PT_OPEN_CMDLINE) != 0 && src != NULL;
	pt->page_size = ps > 0 ? (uint64_t)ps : 4096;
	if (pt->listed || pt->own || pt->all)
		return 0;
	if ((rc = pt_proc2_open(pt, err)) < 0)
		proctable_close(pt);
	return rc;
}

void
proctable_close(struct proctable *pt)
{
	pt_proc2_close(pt);
	free(pt->rows);
	free(pt->spare);
	free(pt->want);
	pt_cgroups_free(pt);
	mw_kept_free(&pt->kept);
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
 * The command line into r, its NULs (argument ends) made spaces; nothing
 * for a kernel thread or a zombie, whose cmdline is empty.
 */
static void
read_cmdline(struct proctable *pt, struct pt_row *r)
{
	struct mw_buf *b = pt->comm_buf;
	size_t n;

	if (!pt->cmdline || r->kthread || (r->have_cmdline &&
	    r->stat_reads >= 2 && (pt->full ||
	    pt->gen - r->cmdline_gen < PT_ROTATE)))
		return;
	r->have_cmdline = false;
	r->cmdline_gen = pt->gen;
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
void
pt_stat_fields(struct proctable *pt, struct pt_row *r, const struct stat_id *id)
{
	unsigned long long began = id->began;

	if (r->have_stat && !proc_id_same((struct proc_id){ r->pid, true,
	    r->start }, (struct proc_id){ r->pid, true, began })) {
		r->has_pss0 = false;
		r->nhist = 0;
		r->have_cmdline = false;
		r->stat_reads = 0;
		r->cg = 0;	/* another process: its own cgroup */
		r->cg_reads = 0;
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

	if (strncmp(r->comm, st->comm, n) != 0 || r->comm[n] != '\0')
		r->have_cmdline = false;	/* exec'd: read it again */
	memcpy(r->comm, st->comm, n);	/* before b is read again */
	r->comm[n] = '\0';
	pt_stat_fields(pt, r, &id);
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
	if (pt_proc2_refresh(pt, fresh, nfresh, err) < 0)
		return -EIO;
	finish_rows(pt);
	pt_proc2_meminfo(pt);
out:
	if (pt->cg != NULL)
		pt_read_cgroups(pt);
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
