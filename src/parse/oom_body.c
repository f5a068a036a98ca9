/* parse/oom_body.c: the lines of an OOM report, one by one; no I/O.
 *
 * The formats are mm/oom_kill.c's (dump_header, dump_tasks,
 * dump_oom_summary, __oom_kill_process), mm/memcontrol.c's
 * (mem_cgroup_print_oom_meminfo, _context) and mm/show_mem.c's, from
 * 3.x to 6.x. A line that looks like one of them but does not read is
 * counted in skipped.
 */
#include "config.h"
#include "parse/oom.h"

#include <string.h>

#include "parse/oom_int.h"
#include "util/units.h"

static const char *const col_names[OOM_COL_NR] = {
	[OOM_COL_UID] = "uid", [OOM_COL_TGID] = "tgid",
	[OOM_COL_TOTAL_VM] = "total_vm", [OOM_COL_RSS] = "rss",
	[OOM_COL_RSS_ANON] = "rss_anon", [OOM_COL_RSS_FILE] = "rss_file",
	[OOM_COL_RSS_SHMEM] = "rss_shmem",
	[OOM_COL_PGTABLES_BYTES] = "pgtables_bytes",
	[OOM_COL_NR_PTES] = "nr_ptes", [OOM_COL_NR_PMDS] = "nr_pmds",
	[OOM_COL_SWAPENTS] = "swapents",
	[OOM_COL_OOM_SCORE_ADJ] = "oom_score_adj",
};

static const char *const zone_keys[OOM_ZONE_NR] = {
	[OOM_ZONE_FREE] = "free:", [OOM_ZONE_MIN] = "min:",
	[OOM_ZONE_LOW] = "low:", [OOM_ZONE_HIGH] = "high:",
	[OOM_ZONE_BOOST] = "boost:", [OOM_ZONE_PRESENT] = "present:",
	[OOM_ZONE_MANAGED] = "managed:", [OOM_ZONE_FREE_CMA] = "free_cma:",
};

static const char *const kill_keys[OOM_KILL_NR] = {
	[OOM_KILL_TOTAL_VM] = "total-vm:", [OOM_KILL_ANON_RSS] = "anon-rss:",
	[OOM_KILL_FILE_RSS] = "file-rss:",
	[OOM_KILL_SHMEM_RSS] = "shmem-rss:", [OOM_KILL_PGTABLES] = "pgtables:",
};

static const char *
find(const char *p, const char *e, const char *lit)
{
	size_t n = strlen(lit);

	for (; e - p >= (ptrdiff_t)n; p++) {
		p = memchr(p, lit[0], (size_t)(e - p) - n + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, lit, n) == 0)
			return p;
	}
	return NULL;
}

/* The number after the first "key" at or after p (a blank or a word
 * boundary before it). 0, or -1 when absent or not a number. */
static int
key_u64(const char *p, const char *e, const char *key, uint64_t *v,
    const char **next)
{
	const char *k = p;

	while ((k = find(k, e, key)) != NULL) {
		if (k == p || k[-1] == ' ' || k[-1] == ',' || k[-1] == '(')
			break;
		k++;
	}
	if (k == NULL)
		return -1;
	k = lex_skip_blank(k + strlen(key), e);
	return mw_parse_u64(k, e, v, next) == 0 ? 0 : -1;
}

/* The same for an amount "NkB" (or "NKB"): bytes. */
static int
key_kib(const char *p, const char *e, const char *key, uint64_t *bytes)
{
	uint64_t v;
	const char *q;

	if (key_u64(p, e, key, &v, &q) < 0 || e - q < 2 ||
	    (q[0] != 'k' && q[0] != 'K') || q[1] != 'B')
		return -1;
	return mw_kib_to_bytes(v, bytes) ? 0 : -1;
}

static int
key_i64(const char *p, const char *e, const char *key, int64_t *v)
{
	const char *k = find(p, e, key);

	if (k == NULL)
		return -1;
	return mw_parse_i64(k + strlen(key), e, v, NULL) == 0 ? 0 : -1;
}

static void
skip(struct oom_state *st)
{
	st->log->skipped++;
}

/* The report a body line belongs to: the current one, or a new one
 * without header when there is none or it is complete. */
static struct oom_report *
body(struct oom_state *st)
{
	struct oom_report *r = st->cur;

	if (r == NULL || (r->nkills > 0 && !r->oom_group))
		r = oom_new_report(st, false);
	r->last_line = st->line;
	return r;
}

/* The current report when still open, for lines show_mem() also prints
 * outside OOM reports (Mem-Info, zones, swap): never a new one. */
static struct oom_report *
open_report(struct oom_state *st)
{
	struct oom_report *r = st->cur;

	if (r == NULL || r->nkills > 0 || r->no_killable)
		return NULL;
	r->last_line = st->line;
	return r;
}

/* "COMM invoked oom-killer: gfp_mask=0x...(NAMES), order=N, ..." */
static void
header(struct oom_state *st, const char *p, const char *e, const char *inv)
{
	struct oom_report *r = oom_new_report(st, true);
	const char *g, *q;
	int64_t v;

	r->invoker = oom_text(st, p, inv);
	p = inv + strlen(" invoked oom-killer:");
	if ((g = find(p, e, "gfp_mask=0x")) != NULL &&
	    mw_parse_x64(g + 11, e, &r->gfp_mask, &q) == 0) {
		r->has_gfp = true;
		if (q < e && *q == '(') {
			const char *c = memchr(q, ')', (size_t)(e - q));

			if (c != NULL)
				r->gfp_names = oom_text(st, q + 1, c);
		}
	}
	if (key_i64(p, e, "order=", &v) == 0 && v >= -1 && v < 64) {
		r->order = (int)v;
		r->has_order = true;
	}
	if (key_i64(p, e, "oom_score_adj=", &v) == 0 && v >= -1000 &&
	    v <= 1000) {
		r->invoker_adj = (int)v;
		r->has_invoker_adj = true;
	}
	if ((g = find(p, e, "nodemask=")) != NULL) {
		g += 9;
		q = memchr(g, ',', (size_t)(e - g));
		r->nodemask = oom_text(st, g, q ? q : e);
	}
}

/* "CPU: 1 UID: 0 PID: 9667 Comm: x Not tainted 6.18.44 #1 ...": the
 * release is the word before " #". */
static void
cpu_line(struct oom_state *st, const char *p, const char *e)
{
	struct oom_report *r = open_report(st);
	const char *h = find(p, e, " #"), *b;

	if (r == NULL || r->kernel.s != NULL || h == NULL)
		return;
	for (b = h; b > p && b[-1] != ' '; b--)
		;
	if (b < h)
		r->kernel = oom_text(st, b, h);
}

static void
set_path(struct oom_state *st, struct oom_text *t, const char *v,
    const char *e)
{
	if (v < e)
		*t = oom_text(st, v, e);
}

/* "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),...,uid=0" */
static void
summary(struct oom_state *st, const char *p, const char *e)
{
	struct oom_report *r = body(st);
	const char *f = p + strlen("oom-kill:");

	while (f < e) {
		const char *c = memchr(f, ',', (size_t)(e - f));
		const char *fe = c ? c : e, *eq = memchr(f, '=', (size_t)(fe - f));
		const char *v = eq ? eq + 1 : fe;
		size_t kn = (size_t)((eq ? eq : fe) - f);
		uint64_t n;

#define KEY(k) (kn == strlen(k) && memcmp(f, k, kn) == 0)
		if (KEY("constraint")) {
			for (int i = OOM_CONSTRAINT_NONE;
			    i <= OOM_CONSTRAINT_MEMCG; i++) {
				const char *name = oom_constraint_name(i);

				if ((size_t)(fe - v) == strlen(name) &&
				    memcmp(v, name, strlen(name)) == 0)
					r->constraint = i;
			}
		} else if (KEY("global_oom")) {
			r->global_oom = true;
		} else if (KEY("oom_memcg")) {
			set_path(st, &r->oom_memcg, v, fe);
		} else if (KEY("task_memcg")) {
			set_path(st, &r->task_memcg, v, fe);
		} else if (KEY("cpuset")) {
			set_path(st, &r->cpuset, v, fe);
		} else if (KEY("mems_allowed")) {
			set_path(st, &r->mems_allowed, v, fe);
		} else if (KEY("task")) {
			set_path(st, &r->chosen_task, v, fe);
		} else if (KEY("pid") && mw_parse_u64(v, fe, &n, NULL) == 0) {
			r->chosen_pid = (int64_t)n;
			r->has_chosen_pid = true;
		}
#undef KEY
		f = fe + 1;
	}
}

/* "(comm) " after a pid: the comm, up to the ") " before the fields. */
static const char *
comm_end(const char *p, const char *e, const char *next_key)
{
	const char *c = find(p, e, next_key);
	const char *last = NULL;

	if (c != NULL)
		return c;
	for (const char *q = p; q < e; q++)
		if (*q == ')')
			last = q;
	return last;
}

/* "[Memory cgroup ]Out of memory: Killed process N (comm) total-vm:..." */
static void
kill_line(struct oom_state *st, const char *p, const char *e, const char *k)
{
	struct oom_report *r = body(st);
	struct oom_kill *kl;
	uint64_t pid, v;
	int64_t a;
	const char *q, *o, *c;

	if (mw_parse_u64(k + strlen("Killed process "), e, &pid, &q) < 0 ||
	    (o = memchr(q, '(', (size_t)(e - q))) == NULL ||
	    (c = comm_end(o + 1, e, ") total-vm:")) == NULL) {
		skip(st);
		return;
	}
	kl = oom_push(st, (void **)&r->kills, r->nkills, &r->kills_cap,
	    sizeof(*kl));
	r->nkills++;
	kl->pid = (int64_t)pid;
	kl->comm = oom_text(st, o + 1, c);
	kl->memcg = find(p, k, "Memory cgroup out of memory") != NULL;
	kl->group = r->oom_group && r->nkills > 1;
	kl->when = st->when;
	for (int f = 0; f < OOM_KILL_NR; f++)
		if (key_kib(c, e, kill_keys[f], &kl->val[f]) == 0)
			kl->present |= 1u << f;
	if (key_u64(c, e, "UID:", &v, NULL) == 0 ||
	    key_u64(q, o, "UID ", &v, NULL) == 0) {
		kl->uid = (int64_t)v;
		kl->has_uid = true;
	}
	if (key_i64(c, e, "oom_score_adj:", &a) == 0 && a >= -1000 &&
	    a <= 1000) {
		kl->adj = (int)a;
		kl->has_adj = true;
	}
}

/* "oom_reaper: reaped process N (comm), now anon-rss:NkB, ..." */
static void
reaper(struct oom_state *st, const char *p, const char *e)
{
	struct oom_report *r = st->cur;
	uint64_t pid;

	if (r == NULL || mw_parse_u64(p + strlen("oom_reaper: reaped process "),
	    e, &pid, NULL) < 0)
		return;
	for (size_t i = 0; i < r->nkills; i++) {
		struct oom_kill *k = &r->kills[i];

		if (k->pid != (int64_t)pid || k->reaped)
			continue;
		k->reaped = key_kib(p, e, "anon-rss:", &k->reaped_anon) == 0 &&
		    key_kib(p, e, "file-rss:", &k->reaped_file) == 0 &&
		    key_kib(p, e, "shmem-rss:", &k->reaped_shmem) == 0;
		r->last_line = st->line;
		return;
	}
}

/* "Out of memory: Kill process N (comm) score S or sacrifice child" */
static void
selected(struct oom_state *st, const char *e, const char *k)
{
	struct oom_report *r = body(st);
	uint64_t pid, score;
	const char *q, *o, *c;

	if (mw_parse_u64(k + strlen("Kill process "), e, &pid, &q) < 0 ||
	    (o = memchr(q, '(', (size_t)(e - q))) == NULL ||
	    (c = comm_end(o + 1, e, ") score ")) == NULL ||
	    key_u64(c, e, "score ", &score, NULL) < 0) {
		skip(st);
		return;
	}
	r->selected_pid = (int64_t)pid;
	r->selected_comm = oom_text(st, o + 1, c);
	r->selected_score = score;
	r->has_selected = true;
}

/* "memory: usage 65536kB, limit 65536kB, failcnt 68" and its kin. */
static void
counter(struct oom_state *st, const char *p, const char *e, int which)
{
	struct oom_report *r = body(st);
	struct oom_memcg_counter *c = &r->memcg[which];

	if (key_kib(p, e, "usage ", &c->usage) < 0 ||
	    key_kib(p, e, "limit ", &c->limit) < 0 ||
	    key_u64(p, e, "failcnt ", &c->failcnt, NULL) < 0) {
		skip(st);
		return;
	}
	c->present = true;
	if (r->constraint == OOM_CONSTRAINT_UNKNOWN)
		r->constraint = OOM_CONSTRAINT_MEMCG;
}

static void
add_kv(struct oom_state *st, struct proc_kv **v, size_t *n, size_t *cap,
    const char *k, const char *ke, uint64_t val)
{
	struct proc_kv *kv = oom_push(st, (void **)v, *n, cap, sizeof(**v));

	kv->name = oom_text(st, k, ke).s;
	kv->value = val;
	(*n)++;
}

/* "name 1234" (memcg stats, v1 since 4.19 and v2): false if not one. */
static bool
stat_line(struct oom_state *st, const char *p, const char *e)
{
	struct oom_report *r = st->cur;
	const char *s = p, *q;
	uint64_t v;

	while (s < e && ((*s >= 'a' && *s <= 'z') || *s == '_' ||
	    (*s >= '0' && *s <= '9')))
		s++;
	if (s == p || s >= e || *s != ' ' ||
	    mw_parse_u64(s + 1, e, &v, &q) < 0 || q != e)
		return false;
	add_kv(st, &r->stats, &r->nstats, &r->stats_cap, p, s, v);
	r->last_line = st->line;
	return true;
}

/* "Memory cgroup stats for PATH:" and, before 4.19, " cache:108KB ..." */
static void
stats_header(struct oom_state *st, const char *p, const char *e)
{
	struct oom_report *r = body(st);
	const char *path = p + strlen("Memory cgroup stats for ");
	const char *c = find(path, e, ": ");

	if (c == NULL && e > path && e[-1] == ':')
		c = e - 1;
	if (c == NULL) {
		skip(st);
		return;
	}
	r->stats_path = oom_text(st, path, c);
	st->mode = OOM_MODE_STATS;
	for (const char *cur = c + 1, *t, *te; lex_token(&cur, e, &t, &te);) {
		const char *colon = memchr(t, ':', (size_t)(te - t));
		uint64_t v, b;
		const char *q;

		if (colon == NULL || mw_parse_u64(colon + 1, te, &v, &q) < 0 ||
		    te - q != 2 || q[0] != 'K' || !mw_kib_to_bytes(v, &b))
			continue;
		add_kv(st, &r->stats, &r->nstats, &r->stats_cap, t, colon, b);
	}
}

/* "Task in /A killed as a result of limit of /B" (before 4.19) */
static void
task_in(struct oom_state *st, const char *p, const char *e, const char *k)
{
	struct oom_report *r = body(st);
	const char *lim = k + strlen(" killed as a result of limit of ");

	r->task_memcg = oom_text(st, p + strlen("Task in "), k);
	set_path(st, &r->oom_memcg, lim, e);
	if (r->constraint == OOM_CONSTRAINT_UNKNOWN)
		r->constraint = OOM_CONSTRAINT_MEMCG;
}

/* "[  pid  ]   uid  tgid total_vm      rss ... name": the columns. */
static bool
table_header(struct oom_state *st, const char *p, const char *e)
{
	const char *c = memchr(p, ']', (size_t)(e - p)), *cur, *t, *te;
	struct oom_report *r;

	if (c == NULL || find(p, c, "pid") == NULL ||
	    find(c, e, " name") == NULL || find(c, e, "rss") == NULL)
		return false;
	r = body(st);
	r->has_table = true;
	st->ncol = 0;
	for (cur = c + 1; st->ncol < OOM_COL_NR &&
	    lex_token(&cur, e, &t, &te);) {
		int col = -1;

		if (te - t == 4 && memcmp(t, "name", 4) == 0)
			break;
		for (int i = 0; i < OOM_COL_NR; i++)
			if ((size_t)(te - t) == strlen(col_names[i]) &&
			    memcmp(t, col_names[i], (size_t)(te - t)) == 0)
				col = i;
		st->col[st->ncol++] = col;
		if (col >= 0)
			r->columns |= 1u << col;
	}
	st->mode = OOM_MODE_TABLE;
	return true;
}

/* "[ 1905]     0  1905     3236     1714 ... name with blanks" */
static bool
table_row(struct oom_state *st, const char *p, const char *e)
{
	struct oom_report *r = st->cur;
	struct oom_task row;
	const char *q;
	uint64_t pid;

	memset(&row, 0, sizeof(row));
	if (p >= e || *p != '[' ||
	    mw_parse_u64(lex_skip_blank(p + 1, e), e, &pid, &q) < 0 ||
	    q >= e || *q != ']')
		return false;
	q++;
	for (size_t i = 0; i < st->ncol; i++) {
		int64_t v;

		q = lex_skip_blank(q, e);
		if (mw_parse_i64(q, e, &v, &q) < 0 || (q < e && *q != ' ')) {
			skip(st);
			return true;
		}
		if (st->col[i] >= 0) {
			row.val[st->col[i]] = v;
			row.present |= 1u << st->col[i];
		}
	}
	q = lex_skip_blank(q, e);
	row.pid = (int64_t)pid;
	row.name = oom_text(st, q, e);
	*(struct oom_task *)oom_push(st, (void **)&r->tasks, r->ntasks,
	    &r->tasks_cap, sizeof(row)) = row;
	r->ntasks++;
	r->last_line = st->line;
	return true;
}

/* "Node 0 " (optional) then a zone name; the name into z. */
static const char *
zone_name(const char *p, const char *e, struct oom_zone *z)
{
	const char *t, *te;
	uint64_t node;

	z->node = -1;
	if (lex_starts(p, e, "Node ") &&
	    mw_parse_u64(p + 5, e, &node, &p) == 0 && node < 1u << 20) {
		z->node = (int)node;
		p = lex_skip_blank(p, e);
	}
	t = p;
	for (te = t; te < e && *te != ' ' && *te != ':'; te++)
		;
	if (te == t || te - t >= PROC_ZONE_NAME_MAX ||
	    !lex_printable(t, te, false))
		return NULL;
	memcpy(z->name, t, (size_t)(te - t));
	z->name[te - t] = '\0';
	return te;
}

static struct oom_zone *
zone_of(struct oom_state *st, struct oom_report *r, const struct oom_zone *z)
{
	struct oom_zone *n;

	for (size_t i = 0; i < r->nzones; i++)
		if (r->zones[i].node == z->node &&
		    strcmp(r->zones[i].name, z->name) == 0)
			return &r->zones[i];
	n = oom_push(st, (void **)&r->zones, r->nzones, &r->zones_cap,
	    sizeof(*n));
	r->nzones++;
	n->node = z->node;
	memcpy(n->name, z->name, sizeof(n->name));
	return n;
}

/* "Node 0 DMA32 free:63948kB boost:0kB min:13184kB ...", or the buddy
 * line "Node 0 DMA32: 9*4kB (UM) 7*8kB ... = 53516kB". */
static bool
zone_line(struct oom_state *st, const char *p, const char *e)
{
	struct oom_report *r;
	struct oom_zone z, *zp;
	const char *q = zone_name(p, e, &z);

	if (q == NULL)
		return false;
	if (lex_starts(q, e, " free:")) {
		if ((r = open_report(st)) == NULL)
			return true;
		zp = zone_of(st, r, &z);
		for (int f = 0; f < OOM_ZONE_NR; f++)
			if (key_kib(q, e, zone_keys[f], &zp->val[f]) == 0)
				zp->present |= 1u << f;
		st->mode = OOM_MODE_NONE;
		return true;
	}
	if (!lex_starts(q, e, ": ") || find(q, e, "*") == NULL)
		return false;
	if ((r = open_report(st)) == NULL)
		return true;
	zp = zone_of(st, r, &z);
	zp->norders = 0;
	for (const char *cur = q + 2, *t, *te; lex_token(&cur, e, &t, &te);) {
		uint64_t n, kib;
		const char *s;

		if (mw_parse_u64(t, te, &n, &s) < 0 || s >= te || *s != '*' ||
		    mw_parse_u64(s + 1, te, &kib, &s) < 0 || te - s != 2 ||
		    zp->norders >= OOM_ORDERS_MAX)
			continue;
		if (zp->norders == 0 && !mw_kib_to_bytes(kib, &zp->block0))
			break;
		zp->blocks[zp->norders++] = n;
	}
	return true;
}

/* "lowmem_reserve[]: 0 2688 3624 3624" after a zone line. */
static void
reserve(struct oom_state *st, const char *p, const char *e)
{
	struct oom_report *r = open_report(st);
	struct oom_zone *z;
	uint64_t v;

	if (r == NULL || r->nzones == 0)
		return;
	z = &r->zones[r->nzones - 1];
	z->nreserve = 0;
	p += strlen("lowmem_reserve[]:");
	while (z->nreserve < OOM_RESERVE_MAX && lex_u64(&p, e, &v) == 0)
		z->reserve[z->nreserve++] = v;
}

/* "active_anon:843374 inactive_anon:322563 ..." after "Mem-Info:" */
static bool
meminfo(struct oom_state *st, const char *p, const char *e)
{
	struct oom_report *r = st->cur;
	const char *cur = p, *t, *te;
	size_t n = 0;

	if (lex_starts(p, e, "Node "))
		return false;
	while (lex_token(&cur, e, &t, &te)) {
		const char *c = memchr(t, ':', (size_t)(te - t)), *q;
		uint64_t v;

		if (c == NULL || mw_parse_u64(c + 1, te, &v, &q) < 0 || q != te)
			return n > 0;
		add_kv(st, &r->meminfo, &r->nmeminfo, &r->meminfo_cap, t, c, v);
		n++;
	}
	return n > 0;
}

/* Lines show_mem() prints that stand alone. */
static bool
mem_misc(struct oom_state *st, const char *p, const char *e)
{
	struct oom_report *r;
	uint64_t v;
	const char *q;

	if (lex_starts(p, e, "Free swap") || lex_starts(p, e, "Total swap")) {
		if ((r = open_report(st)) == NULL ||
		    key_kib(p, e, "= ", &v) < 0)
			return true;
		if (p[0] == 'F') {
			r->swap_free = v;
			r->has_swap_free = true;
		} else {
			r->swap_total = v;
			r->has_swap_total = true;
		}
		return true;
	}
	if (mw_parse_u64(p, e, &v, &q) == 0 && q < e &&
	    (lex_starts(q, e, " pages RAM") ||
	    lex_starts(q, e, " pages reserved"))) {
		if ((r = open_report(st)) == NULL)
			return true;
		if (q[7] == 'R') {
			r->ram_pages = v;
			r->has_ram_pages = true;
		} else {
			r->reserved_pages = v;
			r->has_reserved_pages = true;
		}
		return true;
	}
	if (lex_starts(p, e, "Node ") && (q = find(p, e,
	    "all_unreclaimable? ")) != NULL) {
		if ((r = open_report(st)) != NULL &&
		    r->all_unreclaimable < 1)
			r->all_unreclaimable = q[19] == 'y';
		return true;
	}
	return false;
}

static const struct {
	const char *prefix;
	int which;
} counters[] = {
	{ "memory: usage ", OOM_MEMCG_MEMORY },
	{ "memory+swap: usage ", OOM_MEMCG_MEMSW },
	{ "swap: usage ", OOM_MEMCG_SWAP },
	{ "kmem: usage ", OOM_MEMCG_KMEM },
};

/* Lines of a block in progress; true when the line was one. */
static bool
in_block(struct oom_state *st, const char *t, const char *e)
{
	switch (st->mode) {
	case OOM_MODE_TABLE:
		if (table_row(st, t, e))
			return true;
		break;
	case OOM_MODE_STATS:
		if (stat_line(st, t, e))
			return true;
		break;
	case OOM_MODE_MEMINFO:
		if (meminfo(st, t, e))
			return true;
		break;
	case OOM_MODE_NONE:
		break;
	}
	st->mode = OOM_MODE_NONE;
	return false;
}

void
oom_parse_text(struct oom_state *st, const char *p, const char *e)
{
	const char *t = lex_skip_blank(p, e), *k;

	if ((k = find(t, e, " invoked oom-killer:")) != NULL) {
		header(st, t, e, k);
		return;
	}
	if (st->cur != NULL && in_block(st, t, e))
		return;
	if (lex_starts(t, e, "oom-kill:"))
		summary(st, t, e);
	else if (lex_starts(t, e, "oom_reaper: reaped process "))
		reaper(st, t, e);
	else if ((k = find(t, e, "Killed process ")) != NULL &&
	    find(k, e, "total-vm:") != NULL)
		kill_line(st, t, e, k);
	else if ((k = find(t, e, "Kill process ")) != NULL &&
	    find(k, e, " score ") != NULL)
		selected(st, e, k);
	else if (lex_starts(t, e, "Memory cgroup stats for "))
		stats_header(st, t, e);
	else if (lex_starts(t, e, "Task in ") && (k = find(t, e,
	    " killed as a result of limit of ")) != NULL)
		task_in(st, t, e, k);
	else if (lex_starts(t, e, "Tasks in ") &&
	    find(t, e, "memory.oom.group") != NULL && st->cur != NULL) {
		k = find(t, e, " are going to be killed");
		st->cur->oom_group = true;
		if (k != NULL)
			st->cur->group_path = oom_text(st, t + 9, k);
	} else if (lex_starts(t, e, "Tasks state (memory values in pages)"))
		body(st);
	else if (t < e && *t == '[' && table_header(st, t, e))
		;
	else if (lex_starts(t, e, "Mem-Info:")) {
		if (open_report(st) != NULL)
			st->mode = OOM_MODE_MEMINFO;
	} else if (lex_starts(t, e, "CPU: ") && find(t, e, " Comm: "))
		cpu_line(st, t, e);
	else if (lex_starts(t, e, "lowmem_reserve[]:"))
		reserve(st, t, e);
	else if (lex_starts(t, e, "Out of memory and no killable processes")) {
		body(st)->no_killable = true;
	} else if (lex_starts(t, e, "Kernel panic - not syncing")) {
		if (st->cur != NULL) {
			st->cur->panic = true;
			if (find(t, e, "no killable processes") != NULL)
				st->cur->no_killable = true;
		}
	} else if (!mem_misc(st, t, e) && !zone_line(st, t, e)) {
		for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]);
		    i++)
			if (lex_starts(t, e, counters[i].prefix))
				counter(st, t, e, counters[i].which);
	}
}
