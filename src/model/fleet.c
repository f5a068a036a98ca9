/* model/fleet.c: every process's rollup totals in one pass (see fleet.h). */
#include "config.h"
#include "model/fleet.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/vma.h"
#include "parse/keyline.h"
#include "parse/smaps.h"
#include "source.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/time.h"
#include "util/xmalloc.h"

#define UID_CACHE 64

/* What one pass reuses for every process. */
struct fleet_scratch {
	struct mw_buf buf;
	struct mw_arena arena;	/* the parsers' strings; released at the end */
	struct vma_vec vv;
	uint32_t uid[UID_CACHE];	/* uids already looked up */
	const char *user[UID_CACHE];	/* their names, in the fleet's arena */
	size_t nuid;
};

void
fleet_init(struct fleet *f)
{
	memset(f, 0, sizeof(*f));
	mw_arena_init(&f->arena);
}

void
fleet_free(struct fleet *f)
{
	if (f == NULL)
		return;
	free(f->procs);
	free(f->comms);
	mw_arena_free(&f->arena);
	fleet_init(f);
}

struct fleet_proc *
fleet_add(struct fleet *f, pid_t pid, const char *comm, size_t comm_len,
    const char *user)
{
	struct fleet_proc *p;

	if (f->len == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 256;
		f->procs = mw_xreallocarray(f->procs, f->cap, sizeof(*f->procs));
	}
	p = &f->procs[f->len++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	if (comm != NULL) {
		p->comm = mw_arena_strndup(&f->arena, comm, comm_len);
		p->comm_len = comm_len;
	}
	if (user != NULL)
		p->user = mw_arena_strndup(&f->arena, user, strlen(user));
	return p;
}

/* The user name of uid (its number when it has none), looked up once. */
static const char *
user_name(const struct mw_source *src, struct fleet *f,
    struct fleet_scratch *s, uint32_t uid)
{
	struct passwd pw, *res = NULL;
	char text[1024], num[16];
	const char *name = num;

	for (size_t i = 0; i < s->nuid; i++)
		if (s->uid[i] == uid)
			return s->user[i];
	snprintf(num, sizeof(num), "%u", (unsigned)uid);
	/* A captured tree's uids belong to another machine: numbers only. */
	if (src->live && getpwuid_r(uid, &pw, text, sizeof(text), &res) == 0 &&
	    res != NULL)
		name = res->pw_name;
	name = mw_arena_strndup(&f->arena, name, strlen(name));
	if (s->nuid < UID_CACHE) {
		s->uid[s->nuid] = uid;
		s->user[s->nuid++] = name;
	}
	return name;
}

/* Count a process whose rollup could not be read. */
static void
count_unread(const struct mw_source *src, struct fleet *f,
    struct fleet_scratch *s, pid_t pid, int rc)
{
	if (rc == -EACCES)
		f->denied++;
	else if (rc != -ENOENT)
		f->failed++;
	/* No rollup but a status: a kernel thread or a zombie (no mm). */
	else if (mw_source_read_pid(src, pid, "status", &s->buf, NULL) == 0 &&
	    s->buf.len > 0)
		f->no_mm++;
	else
		f->gone++;
}

static void
set_fields(struct fleet_proc *p, const struct vma *r)
{
	static const enum smaps_field from[FLEET_NR] = {
		[FLEET_RSS] = SMAPS_RSS, [FLEET_PSS] = SMAPS_PSS,
		[FLEET_SWAP] = SMAPS_SWAP, [FLEET_USS] = SMAPS_NR,
		[FLEET_PSS_ANON] = SMAPS_PSS_ANON,
	};
	uint64_t uss;

	for (int i = 0; i < FLEET_NR; i++) {
		if (from[i] == SMAPS_NR || !smaps_has(r, from[i]))
			continue;
		p->val[i] = r->val[from[i]];
		p->present |= 1u << i;
	}
	if (vma_uss(r, &uss)) {
		p->val[FLEET_USS] = uss;
		p->present |= 1u << FLEET_USS;
	}
}

/*
 * The command name and real uid from status alone (stat would be a third
 * file per process): "Name:" is the comm with a newline and a backslash
 * escaped, "Uid:" starts with the real uid.
 */
static void
read_status(const struct mw_source *src, struct fleet *f,
    struct fleet_scratch *s, struct fleet_proc *p)
{
	char comm[64];
	const char *name;
	size_t n;
	uint64_t uid;

	if (mw_source_read_pid(src, p->pid, "status", &s->buf, NULL) < 0)
		return;
	if (keyline_text(s->buf.data, s->buf.len, "Name:", &name, &n) == 0 &&
	    n <= sizeof(comm)) {
		n = keyline_unescape_name(comm, name, n);
		p->comm = mw_arena_strndup(&f->arena, comm, n);
		p->comm_len = n;
	}
	if (keyline_u64(s->buf.data, s->buf.len, "Uid:", &uid) == 0 &&
	    uid <= UINT32_MAX)
		p->user = user_name(src, f, s, (uint32_t)uid);
}

static struct fleet_proc *
read_one(const struct mw_source *src, struct fleet *f,
    struct fleet_scratch *s, pid_t pid)
{
	struct fleet_proc *p;
	int rc;

	rc = mw_source_read_pid(src, pid, "smaps_rollup", &s->buf, NULL);
	if (rc == 0 && s->buf.len == 0)
		rc = -ENOENT;
	if (rc < 0) {
		count_unread(src, f, s, pid, rc);
		return NULL;
	}
	s->vv.len = 0;
	if (smaps_parse(s->buf.data, s->buf.len, &s->arena, &s->vv, NULL) < 0 ||
	    s->vv.len != 1) {
		f->failed++;
		return NULL;
	}
	p = fleet_add(f, pid, NULL, 0, NULL);
	set_fields(p, &s->vv.v[0]);
	read_status(src, f, s, p);
	return p;
}

void
fleet_memo_init(struct fleet_memo *m, unsigned every)
{
	memset(m, 0, sizeof(*m));
	m->every = every > 0 ? every : 1;
	m->pti_every_ns = (uint64_t)FLEET_PTI_EVERY * 1000000000u;
	sys_snapshot_init(&m->pti);
	mw_kept_init(&m->kept, "statm", 0);
}

void
fleet_memo_free(struct fleet_memo *m)
{
	free(m->v);
	free(m->spare);
	sys_snapshot_free(&m->pti);
	mw_kept_free(&m->kept);
	fleet_memo_init(m, 1);
}

/*
 * The sample's pagetypeinfo: read into the memo when it is due, else the
 * one read last. The sample points into the memo's arena, which lives
 * until the next read; a sample is rendered before the next is taken.
 */
void
fleet_memo_pti(const struct mw_source *src, struct fleet_memo *m,
    struct sys_snapshot *sys)
{
	uint64_t now = mw_now_ns();

	if (m->pti_reads == 0 || now - m->pti_ns >= m->pti_every_ns) {
		sys_snapshot_free(&m->pti);
		sys_snapshot_init(&m->pti);
		sys_snapshot_take(src, SYS_PART(SYS_PAGETYPEINFO), &m->pti);
		m->pti_ns = now;
		m->pti_reads++;
	}
	sys->pti = m->pti.pti;
	sys->part[SYS_PAGETYPEINFO] = m->pti.part[SYS_PAGETYPEINFO];
	sys->requested |= SYS_PART(SYS_PAGETYPEINFO);
}

static struct fleet_memo_proc *
memo_find(struct fleet_memo *m, pid_t pid)
{
	size_t lo = 0, hi = m->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->v[mid].pid == pid)
			return &m->v[mid];
		if (m->v[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The row p (just read) into the memo's entry e. */
static void
memo_keep(struct fleet_memo_proc *e, const struct fleet_proc *p)
{
	memcpy(e->val, p->val, sizeof(e->val));
	e->present = p->present;
	e->has_comm = p->comm != NULL && p->comm_len <= sizeof(e->comm);
	if (e->has_comm) {
		memcpy(e->comm, p->comm, p->comm_len);
		e->comm_len = p->comm_len;
	}
	e->has_user = p->user != NULL && strlen(p->user) < sizeof(e->user);
	if (e->has_user)
		strcpy(e->user, p->user);
}

/* One pid through the memo: its entry is kept when it has a row. */
static void
memo_one(const struct mw_source *src, struct fleet *f,
    struct fleet_scratch *s, struct fleet_memo *m, pid_t pid, size_t *k)
{
	const struct fleet_memo_proc *old = memo_find(m, pid);
	struct fleet_memo_proc *e = &m->spare[*k];
	struct fleet_proc *p;

	if (old != NULL) {
		*e = *old;
	} else {
		memset(e, 0, sizeof(*e));
		e->pid = pid;
	}
	switch (rollup_due(src, &m->kept, pid, &e->age, m->gen, m->every,
	    &s->buf)) {
	case ROLLUP_KEEP:
		p = fleet_add(f, pid, e->has_comm ? e->comm : NULL,
		    e->comm_len, e->has_user ? e->user : NULL);
		memcpy(p->val, e->val, sizeof(p->val));
		p->present = e->present;
		++*k;
		return;
	case ROLLUP_NONE:
		f->no_mm++;
		return;
	case ROLLUP_READ:
		m->rollups++;
		p = read_one(src, f, s, pid);
		if (p == NULL)
			return;
		memo_keep(e, p);
		++*k;
		return;
	}
}

/* Every pid through the memo, which then holds this pass's entries. */
static void
memo_pass(const struct mw_source *src, struct fleet *f,
    struct fleet_scratch *s, struct fleet_memo *m, const pid_t *pids,
    size_t n)
{
	struct fleet_memo_proc *t;
	size_t k = 0, tc;

	if (n > m->spare_cap) {
		m->spare_cap = n + n / 4 + 16;
		m->spare = mw_xreallocarray(m->spare, m->spare_cap,
		    sizeof(*m->spare));
	}
	m->rollups = 0;
	for (size_t i = 0; i < n; i++)
		memo_one(src, f, s, m, pids[i], &k);
	t = m->v, tc = m->cap;
	m->v = m->spare, m->cap = m->spare_cap, m->len = k;
	m->spare = t, m->spare_cap = tc;
	mw_kept_pass(&m->kept);
	m->gen++;
}

static void
take_pids(const struct mw_source *src, struct fleet *f, const pid_t *pids,
    size_t n, struct fleet_memo *memo)
{
	struct fleet_scratch s;

	memset(&s, 0, sizeof(s));
	mw_buf_init(&s.buf);
	mw_arena_init(&s.arena);
	vma_vec_init(&s.vv);
	f->listed += n;
	if (memo != NULL)
		memo_pass(src, f, &s, memo, pids, n);
	else
		for (size_t i = 0; i < n; i++)
			(void)read_one(src, f, &s, pids[i]);
	vma_vec_free(&s.vv);
	mw_arena_free(&s.arena);
	mw_buf_free(&s.buf);
}

int
fleet_take_pids(const struct mw_source *src, struct fleet *f,
    const pid_t *pids, size_t n)
{
	take_pids(src, f, pids, n, NULL);
	return 0;
}

int
fleet_take(const struct mw_source *src, struct fleet *f,
    struct fleet_memo *memo, struct mw_err *err)
{
	pid_t *pids = NULL;
	size_t n = 0;
	int rc;

	fleet_init(f);
	rc = mw_source_pids(src, &pids, &n, err);
	if (rc < 0)
		return rc;
	take_pids(src, f, pids, n, memo);
	free(pids);
	return 0;
}

/* Orders of row indexes, with qsort_r (the serve sampler is a thread). */
static int
cmp_pss(const void *a, const void *b, void *ctx)
{
	const struct fleet *f = ctx;
	const struct fleet_proc *x = &f->procs[*(const size_t *)a];
	const struct fleet_proc *y = &f->procs[*(const size_t *)b];

	if (x->val[FLEET_PSS] != y->val[FLEET_PSS])
		return x->val[FLEET_PSS] > y->val[FLEET_PSS] ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

size_t
fleet_top(const struct fleet *f, size_t n, size_t *order)
{
	size_t k = 0;

	for (size_t i = 0; i < f->len; i++)
		if (fleet_has(&f->procs[i], FLEET_PSS))
			order[k++] = i;
	qsort_r(order, k, sizeof(*order), cmp_pss, (void *)f);
	return k < n ? k : n;
}

static int
cmp_comm(const void *a, const void *b, void *ctx)
{
	const struct fleet *f = ctx;
	const struct fleet_proc *x = &f->procs[*(const size_t *)a];
	const struct fleet_proc *y = &f->procs[*(const size_t *)b];
	size_t n = x->comm_len < y->comm_len ? x->comm_len : y->comm_len;
	int c;

	if (x->comm == NULL || y->comm == NULL)
		return (x->comm == NULL) - (y->comm == NULL);
	c = memcmp(x->comm, y->comm, n);
	if (c != 0)
		return c;
	return x->comm_len < y->comm_len ? -1 : x->comm_len > y->comm_len;
}

static int
cmp_group(const void *a, const void *b)
{
	const struct fleet_comm *x = a, *y = b;

	if (x->other != y->other)
		return x->other ? 1 : -1;
	if (x->val[FLEET_PSS] != y->val[FLEET_PSS])
		return x->val[FLEET_PSS] > y->val[FLEET_PSS] ? -1 : 1;
	return x->procs > y->procs ? -1 : x->procs < y->procs;
}

static void
group_add(struct fleet_comm *g, const uint64_t *val, uint32_t present,
    size_t procs)
{
	for (int i = 0; i < FLEET_NR; i++) {
		if (!((present >> i) & 1u))
			continue;
		if (__builtin_add_overflow(g->val[i], val[i], &g->val[i]))
			g->val[i] = UINT64_MAX;
		g->present |= 1u << i;
	}
	g->procs += procs;
}

/* One group per run of equal names in order[]; nameless rows to other. */
static size_t
group_runs(const struct fleet *f, const size_t *order, struct fleet_comm *g)
{
	size_t ng = 0;

	for (size_t i = 0; i < f->len; i++) {
		const struct fleet_proc *p = &f->procs[order[i]];
		struct fleet_comm *cur = ng ? &g[ng - 1] : NULL;

		if (cur == NULL || p->comm == NULL || cur->other ||
		    cur->comm_len != p->comm_len ||
		    memcmp(cur->comm, p->comm, p->comm_len) != 0) {
			cur = &g[ng++];
			memset(cur, 0, sizeof(*cur));
			cur->comm = p->comm ? p->comm : FLEET_OTHER;
			cur->comm_len = p->comm ? p->comm_len : strlen(FLEET_OTHER);
			cur->other = p->comm == NULL;
		}
		group_add(cur, p->val, p->present, 1);
	}
	return ng;
}

void
fleet_by_comm(struct fleet *f, size_t max)
{
	size_t *order, ng, keep;
	struct fleet_comm *g;

	free(f->comms);
	f->comms = NULL;
	f->ncomms = 0;
	if (f->len == 0)
		return;
	order = mw_xreallocarray(NULL, f->len, sizeof(*order));
	for (size_t i = 0; i < f->len; i++)
		order[i] = i;
	qsort_r(order, f->len, sizeof(*order), cmp_comm, f);
	g = mw_xreallocarray(NULL, f->len + 1, sizeof(*g));
	ng = group_runs(f, order, g);
	qsort(g, ng, sizeof(*g), cmp_group);
	/* Named groups past max join the bucket (the last group if any). */
	keep = ng > 0 && g[ng - 1].other ? ng - 1 : ng;
	if (keep > max) {
		struct fleet_comm *o = &g[keep];

		if (keep == ng) {
			memset(o, 0, sizeof(*o));
			o->comm = FLEET_OTHER;
			o->comm_len = strlen(FLEET_OTHER);
			o->other = true;
			ng++;
		}
		for (size_t i = max; i < keep; i++)
			group_add(o, g[i].val, g[i].present, g[i].procs);
		g[max] = *o;
		ng = max + 1;
	}
	f->comms = g;
	f->ncomms = ng;
	free(order);
}
