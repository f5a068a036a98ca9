/* model/proctable_src.c: the process table read through memwatch's source.
 *
 * Two tables do without libproc2: the listed one (a few pids, for
 * top -b --pid) and the live view's, which reads a process's smaps_rollup
 * only when model/rollup_age.h says its memory moved.
 */
#include "config.h"
#include "model/proctable.h"
#include "model/proctable_int.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/keyline.h"
#include "parse/smaps.h"
#include "parse/stat.h"
#include "source.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/units.h"
#include "util/xmalloc.h"

/*
 * PT_OPEN_LISTED: the rows libproc2's select would give, read through
 * src. A pid is a row when its status (for the effective uid) and its stat
 * can be read, as libproc2 needs them; the rollup may not be readable.
 */
#define LISTED_UIDS 8

struct listed_users {
	uint32_t uid[LISTED_UIDS];
	char name[LISTED_UIDS][PT_USER_LEN];
	size_t n;
};

/* The effective uid: the second number of status's "Uid:" line. */
static int
status_euid(const char *buf, size_t len, uint32_t *euid)
{
	const char *p, *end, *next;
	uint64_t v;
	size_t n;

	if (keyline_text(buf, len, "Uid:", &p, &n) < 0)
		return -ENOENT;
	end = p + n;
	if (mw_parse_u64(p, end, &v, &next) < 0)
		return -EINVAL;
	for (p = next; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	if (mw_parse_u64(p, end, &v, NULL) < 0 || v > UINT32_MAX)
		return -EINVAL;
	*euid = (uint32_t)v;
	return 0;
}

/*
 * The user name of uid into out, as libproc2 gives it: the number when
 * the uid has no name or one too long for PT_USER_LEN.
 */
static void
listed_user(struct listed_users *u, uint32_t uid, char *out)
{
	struct passwd pw, *res = NULL;
	char text[4096];

	for (size_t i = 0; i < u->n; i++)
		if (u->uid[i] == uid) {
			memcpy(out, u->name[i], PT_USER_LEN);
			return;
		}
	if (getpwuid_r(uid, &pw, text, sizeof(text), &res) == 0 &&
	    res != NULL && strlen(res->pw_name) < PT_USER_LEN)
		snprintf(out, PT_USER_LEN, "%s", res->pw_name);
	else
		snprintf(out, PT_USER_LEN, "%u", (unsigned)uid);
	if (u->n < LISTED_UIDS) {
		u->uid[u->n] = uid;
		memcpy(u->name[u->n++], out, PT_USER_LEN);
	}
}

/*
 * smaps_rollup's sums into r, in bytes; rollup false when not read. A
 * kernel thread has no address space (its smaps_rollup says ESRCH): not
 * opened.
 */
static void
listed_rollup(struct proctable *pt, struct pt_row *r)
{
	struct mw_buf *b = pt->comm_buf;
	struct smaps_iter it;
	struct vma v;

	r->rollup = false;
	if (r->kthread || mw_source_read_pid(pt->src, r->pid, "smaps_rollup",
	    b, NULL) < 0)
		return;
	/* its one record, read as smaps is (names not kept) */
	smaps_iter_init(&it, b->data, b->len);
	if (smaps_next(&it, NULL, &v) != 1 ||
	    (v.val[SMAPS_RSS] == 0 && v.val[SMAPS_SWAP] == 0))
		return;
	r->rollup = true;
	r->rss = v.val[SMAPS_RSS];
	r->pss = v.val[SMAPS_PSS];
	r->uss = __builtin_add_overflow(v.val[SMAPS_PRIVATE_CLEAN],
	    v.val[SMAPS_PRIVATE_DIRTY], &r->uss) ? UINT64_MAX : r->uss;
	r->swap = v.val[SMAPS_SWAP];
}

/* Spare row i for pid; false when pid is no row (gone, unreadable). */
static bool
listed_one(struct proctable *pt, pid_t pid, size_t i,
    struct listed_users *u)
{
	struct mw_buf *b = pt->comm_buf;
	char user[PT_USER_LEN] = "?";
	struct proc_stat st;
	struct pt_row *r;
	uint32_t euid;

	if (mw_source_read_pid(pt->src, pid, "status", b, NULL) < 0)
		return false;
	if (status_euid(b->data, b->len, &euid) == 0)
		listed_user(u, euid, user);
	if (!pt_read_own_stat(pt, pid, &st))
		return false;
	r = pt_spare_row(pt, i, pid);
	memcpy(r->user, user, sizeof(r->user));
	pt_apply_own_stat(pt, r, &st);
	listed_rollup(pt, r);
	return true;
}

void
pt_read_listed(struct proctable *pt)
{
	struct listed_users u;
	bool sorted = true;
	size_t n = 0;

	u.n = 0;
	pt_spare_room(pt, pt->only_len);
	for (size_t i = 0; i < pt->only_len; i++) {
		if (!listed_one(pt, (pid_t)pt->only[i], n, &u))
			continue;
		if (n > 0 && pt->spare[n - 1].pid >= pt->spare[n].pid)
			sorted = false;
		n++;
	}
	pt_take_spare(pt, n, sorted);
}

/*
 * PT_OPEN_FULL on the live /proc: every process as libproc2's reap gives
 * it (its user the owner of /proc/PID, as libproc2 takes it; no row when
 * stat cannot be read), each one's stat and smaps_rollup read once: the
 * least a table of every process can read, without libproc2's load.
 */
int
pt_read_all(struct proctable *pt, struct mw_err *err)
{
	struct listed_users u;
	struct proc_stat st;
	pid_t *pids;
	size_t n, kept = 0;
	int rc;

	rc = mw_source_pids(pt->src, &pids, &n, err);
	if (rc < 0)
		return rc;
	u.n = 0;
	pt_spare_room(pt, n);
	for (size_t i = 0; i < n; i++) {
		char user[PT_USER_LEN];
		struct pt_row *r;
		uint32_t uid;

		/* the user: the owner of the stat file, as of its directory */
		if (mw_source_read_pid_owner(pt->src, pids[i], "stat",
		    pt->comm_buf, &uid, NULL) < 0 ||
		    stat_parse(pt->comm_buf->data, pt->comm_buf->len, &st) < 0)
			continue;
		if (uid == UINT32_MAX)
			memcpy(user, "?", 2);
		else
			listed_user(&u, uid, user);
		r = pt_spare_row(pt, kept++, pids[i]);
		memcpy(r->user, user, sizeof(r->user));
		pt_apply_own_stat(pt, r, &st);
		listed_rollup(pt, r);
	}
	free(pids);
	pt_take_spare(pt, kept, true);
	return 0;
}

/* meminfo as libproc2 gives it: cached is Cached + SReclaimable. */
void
pt_read_meminfo_src(struct proctable *pt)
{
	static const char *const keys[] = {
		"MemTotal:", "MemFree:", "MemAvailable:", "Buffers:",
		"Cached:", "SReclaimable:", "SwapTotal:", "SwapFree:",
	};
	struct mw_buf *b = pt->comm_buf;
	struct pt_mem *m = &pt->mem;
	uint64_t v[sizeof(keys) / sizeof(keys[0])];
	bool avail;

	m->known = false;
	if (mw_source_read(pt->src, "meminfo", b, NULL) < 0)
		return;
	memset(v, 0, sizeof(v));
	avail = keyline_u64s(b->data, b->len, keys,
	    sizeof(keys) / sizeof(keys[0]), v) >> 2 & 1;
	m->total = pt_kib(v[0]);
	m->free = pt_kib(v[1]);
	m->avail = pt_kib(avail ? v[2] : v[1]);
	m->buffers = pt_kib(v[3]);
	m->cached = __builtin_add_overflow(v[4], v[5], &v[4]) ? UINT64_MAX :
	    pt_kib(v[4]);
	m->swap_total = pt_kib(v[6]);
	m->swap_free = pt_kib(v[7]);
	m->known = m->total != 0;
}


/* The user of a row: status's effective uid, named. */
static bool
own_user(struct proctable *pt, struct pt_row *r, struct listed_users *u)
{
	struct mw_buf *b = pt->comm_buf;
	uint32_t euid;

	if (mw_source_read_pid(pt->src, r->pid, "status", b, NULL) < 0)
		return false;
	r->user_gen = pt->gen;
	if (status_euid(b->data, b->len, &euid) == 0)
		listed_user(u, euid, r->user);
	else
		snprintf(r->user, sizeof(r->user), "?");
	return true;
}

/* The rollup of r if it is due, else the values read before. */
static void
own_rollup(struct proctable *pt, struct pt_row *r)
{
	switch (rollup_due(pt->src, &pt->kept, r->pid, &r->age, pt->gen,
	    pt->every, pt->comm_buf)) {
	case ROLLUP_KEEP:
		return;
	case ROLLUP_NONE:
		r->rollup = false;
		break;
	case ROLLUP_READ:
		listed_rollup(pt, r);
		r->age.known = r->rollup;
		pt->rollups++;
		break;
	}
	r->rollup_gen = pt->gen;
}

/* stat (and status) of the rows pt_collect_want() chose. */
static void
own_wanted(struct proctable *pt, struct listed_users *u)
{
	struct proc_stat st;

	for (size_t i = 0; i < pt->want_len; i++) {
		struct pt_row *r = pt_find_row(pt->rows, pt->len,
		    (pid_t)pt->want[i]);
		unsigned long long start = r != NULL ? r->start : 0;
		bool had = r != NULL && r->have_stat;

		if (r == NULL || !pt_read_own_stat(pt, r->pid, &st))
			continue;
		pt_apply_own_stat(pt, r, &st);
		r->wanted = false;
		if (had && r->start != start) {
			/* the pid was reused: another process */
			r->age.known = false;
			own_rollup(pt, r);
			r->user_gen = pt->gen - PT_ROTATE;
		}
		if (had && pt->gen - r->user_gen >= PT_ROTATE)
			(void)own_user(pt, r, u);
	}
}

static int
pid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* Every pid of the source, or only those of proctable_only(), ascending. */
static int
own_pids(struct proctable *pt, pid_t **pids, size_t *n, struct mw_err *err)
{
	if (pt->only_len == 0)
		return mw_source_pids(pt->src, pids, n, err);
	*pids = mw_xreallocarray(NULL, pt->only_len, sizeof(**pids));
	for (size_t i = 0; i < pt->only_len; i++)
		(*pids)[i] = (pid_t)pt->only[i];
	qsort(*pids, pt->only_len, sizeof(**pids), pid_cmp);
	*n = pt->only_len;
	return 0;
}

int
pt_read_own(struct proctable *pt, const pid_t *fresh, size_t nfresh,
    struct mw_err *err)
{
	struct listed_users u;
	pid_t *pids;
	size_t n, kept = 0;
	int rc;

	rc = own_pids(pt, &pids, &n, err);
	if (rc < 0)
		return rc;
	u.n = 0;
	pt->rollups = 0;
	pt_spare_room(pt, n);
	for (size_t i = 0; i < n; i++) {
		struct pt_row *r = pt_spare_row(pt, kept, pids[i]);

		/*
		 * A new pid: its user first; gone by then, no row. A listed
		 * pid is not known to exist: its status says so each time.
		 */
		if (((!r->have_stat && r->user[0] == '\0') || pt->only_len > 0) &&
		    !own_user(pt, r, &u))
			continue;
		own_rollup(pt, r);
		kept++;
	}
	free(pids);
	mw_kept_pass(&pt->kept);
	pt_take_spare(pt, kept, true);
	pt_collect_want(pt, fresh, nfresh);
	own_wanted(pt, &u);
	return 0;
}
