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

static const char *const kill_keys[OOM_KILL_NR] = {
	[OOM_KILL_TOTAL_VM] = "total-vm:", [OOM_KILL_ANON_RSS] = "anon-rss:",
	[OOM_KILL_FILE_RSS] = "file-rss:",
	[OOM_KILL_SHMEM_RSS] = "shmem-rss:", [OOM_KILL_PGTABLES] = "pgtables:",
};

const char *
oom_find(const char *p, const char *e, const char *lit)
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
int
oom_key_u64(const char *p, const char *e, const char *key, uint64_t *v,
    const char **next)
{
	const char *k = p;

	while ((k = oom_find(k, e, key)) != NULL) {
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
int
oom_key_kib(const char *p, const char *e, const char *key, uint64_t *bytes)
{
	uint64_t v;
	const char *q;

	if (oom_key_u64(p, e, key, &v, &q) < 0 || e - q < 2 ||
	    (q[0] != 'k' && q[0] != 'K') || q[1] != 'B')
		return -1;
	return mw_kib_to_bytes(v, bytes) ? 0 : -1;
}

static int
key_i64(const char *p, const char *e, const char *key, int64_t *v)
{
	const char *k = oom_find(p, e, key);

	if (k == NULL)
		return -1;
	return mw_parse_i64(k + strlen(key), e, v, NULL) == 0 ? 0 : -1;
}

void
oom_skip(struct oom_state *st)
{
	st->log->skipped++;
}

/* The report a body line belongs to: the current one, or a new one
 * without header when there is none or it is complete. */
struct oom_report *
oom_body(struct oom_state *st)
{
	struct oom_report *r = st->cur;

	if (r == NULL || (r->nkills > 0 && !r->oom_group))
		r = oom_new_report(st, false);
	r->last_line = st->line;
	return r;
}

/* The current report when still open, for lines show_mem() also prints
 * outside OOM reports (Mem-Info, zones, swap): never a new one. */
struct oom_report *
oom_open_report(struct oom_state *st)
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
	if ((g = oom_find(p, e, "gfp_mask=0x")) != NULL &&
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
	if ((g = oom_find(p, e, "nodemask=")) != NULL) {
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
	struct oom_report *r = oom_open_report(st);
	const char *h = oom_find(p, e, " #"), *b;

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
	struct oom_report *r = oom_body(st);
	const char *f = p + strlen("oom-kill:");

	while (f < e) {
		const char *c = memchr(f, ',', (size_t)(e - f));
		const char *fe = c ? c : e;
		const char *eq = memchr(f, '=', (size_t)(fe - f));
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
	const char *c = oom_find(p, e, next_key);
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
	struct oom_report *r = oom_body(st);
	struct oom_kill *kl;
	uint64_t pid, v;
	int64_t a;
	const char *q, *o, *c;

	if (mw_parse_u64(k + strlen("Killed process "), e, &pid, &q) < 0 ||
	    (o = memchr(q, '(', (size_t)(e - q))) == NULL ||
	    (c = comm_end(o + 1, e, ") total-vm:")) == NULL) {
		oom_skip(st);
		return;
	}
	kl = oom_push(st, (void **)&r->kills, r->nkills, &r->kills_cap,
	    sizeof(*kl));
	r->nkills++;
	kl->pid = (int64_t)pid;
	kl->comm = oom_text(st, o + 1, c);
	kl->memcg = oom_find(p, k, "Memory cgroup out of memory") != NULL;
	kl->group = r->oom_group && r->nkills > 1;
	kl->when = st->when;
	for (int f = 0; f < OOM_KILL_NR; f++)
		if (oom_key_kib(c, e, kill_keys[f], &kl->val[f]) == 0)
			kl->present |= 1u << f;
	if (oom_key_u64(c, e, "UID:", &v, NULL) == 0 ||
	    oom_key_u64(q, o, "UID ", &v, NULL) == 0) {
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
		k->reaped = oom_key_kib(p, e, "anon-rss:", &k->reaped_anon) == 0 &&
		    oom_key_kib(p, e, "file-rss:", &k->reaped_file) == 0 &&
		    oom_key_kib(p, e, "shmem-rss:", &k->reaped_shmem) == 0;
		r->last_line = st->line;
		return;
	}
}

/* "Out of memory: Kill process N (comm) score S or sacrifice child" */
static void
selected(struct oom_state *st, const char *e, const char *k)
{
	struct oom_report *r = oom_body(st);
	uint64_t pid, score;
	const char *q, *o, *c;

	if (mw_parse_u64(k + strlen("Kill process "), e, &pid, &q) < 0 ||
	    (o = memchr(q, '(', (size_t)(e - q))) == NULL ||
	    (c = comm_end(o + 1, e, ") score ")) == NULL ||
	    oom_key_u64(c, e, "score ", &score, NULL) < 0) {
		oom_skip(st);
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
	struct oom_report *r = oom_body(st);
	struct oom_memcg_counter *c = &r->memcg[which];

	if (oom_key_kib(p, e, "usage ", &c->usage) < 0 ||
	    oom_key_kib(p, e, "limit ", &c->limit) < 0 ||
	    oom_key_u64(p, e, "failcnt ", &c->failcnt, NULL) < 0) {
		oom_skip(st);
		return;
	}
	c->present = true;
	if (r->constraint == OOM_CONSTRAINT_UNKNOWN)
		r->constraint = OOM_CONSTRAINT_MEMCG;
}

void
oom_add_kv(struct oom_state *st, struct proc_kv **v, size_t *n, size_t *cap,
    const char *k, const char *ke, uint64_t val)
{
	struct proc_kv *kv;

	/* Kernel counter names are printable ASCII; anything else is
	 * damage, and refusing it keeps every name a safe JSON key. */
	if (!lex_printable(k, ke, false)) {
		oom_skip(st);
		return;
	}
	kv = oom_push(st, (void **)v, *n, cap, sizeof(**v));
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
	oom_add_kv(st, &r->stats, &r->nstats, &r->stats_cap, p, s, v);
	r->last_line = st->line;
	return true;
}

/* "Memory cgroup stats for PATH:" and, before 4.19, " cache:108KB ..." */
static void
stats_header(struct oom_state *st, const char *p, const char *e)
{
	struct oom_report *r = oom_body(st);
	const char *path = p + strlen("Memory cgroup stats for ");
	const char *c = oom_find(path, e, ": ");

	if (c == NULL && e > path && e[-1] == ':')
		c = e - 1;
	if (c == NULL) {
		oom_skip(st);
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
		oom_add_kv(st, &r->stats, &r->nstats, &r->stats_cap, t, colon,
		    b);
	}
}

/* "Task in /A killed as a result of limit of /B" (before 4.19) */
static void
task_in(struct oom_state *st, const char *p, const char *e, const char *k)
{
	struct oom_report *r = oom_body(st);
	const char *lim = k + strlen(" killed as a result of limit of ");

	r->task_memcg = oom_text(st, p + strlen("Task in "), k);
	set_path(st, &r->oom_memcg, lim, e);
	if (r->constraint == OOM_CONSTRAINT_UNKNOWN)
		r->constraint = OOM_CONSTRAINT_MEMCG;
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
		if (oom_table_row(st, t, e))
			return true;
		break;
	case OOM_MODE_STATS:
		if (stat_line(st, t, e))
			return true;
		break;
	case OOM_MODE_MEMINFO:
		if (oom_meminfo(st, t, e))
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

	if ((k = oom_find(t, e, " invoked oom-killer:")) != NULL) {
		header(st, t, e, k);
		return;
	}
	if (st->cur != NULL && in_block(st, t, e))
		return;
	if (lex_starts(t, e, "oom-kill:"))
		summary(st, t, e);
	else if (lex_starts(t, e, "oom_reaper: reaped process "))
		reaper(st, t, e);
	else if ((k = oom_find(t, e, "Killed process ")) != NULL &&
	    oom_find(k, e, "total-vm:") != NULL)
		kill_line(st, t, e, k);
	else if ((k = oom_find(t, e, "Kill process ")) != NULL &&
	    oom_find(k, e, " score ") != NULL)
		selected(st, e, k);
	else if (lex_starts(t, e, "Memory cgroup stats for "))
		stats_header(st, t, e);
	else if (lex_starts(t, e, "Task in ") && (k = oom_find(t, e,
	    " killed as a result of limit of ")) != NULL)
		task_in(st, t, e, k);
	else if (lex_starts(t, e, "Tasks in ") &&
	    oom_find(t, e, "memory.oom.group") != NULL && st->cur != NULL) {
		k = oom_find(t, e, " are going to be killed");
		st->cur->oom_group = true;
		if (k != NULL)
			st->cur->group_path = oom_text(st, t + 9, k);
	} else if (lex_starts(t, e, "Tasks state (memory values in pages)"))
		oom_body(st);
	else if (t < e && *t == '[' && oom_table_header(st, t, e))
		;
	else if (lex_starts(t, e, "Mem-Info:")) {
		if (oom_open_report(st) != NULL)
			st->mode = OOM_MODE_MEMINFO;
	} else if (lex_starts(t, e, "CPU: ") && oom_find(t, e, " Comm: "))
		cpu_line(st, t, e);
	else if (lex_starts(t, e, "lowmem_reserve[]:"))
		oom_reserve(st, t, e);
	else if (lex_starts(t, e, "Out of memory and no killable processes")) {
		oom_body(st)->no_killable = true;
	} else if (lex_starts(t, e, "Kernel panic - not syncing")) {
		if (st->cur != NULL) {
			st->cur->panic = true;
			if (oom_find(t, e, "no killable processes") != NULL)
				st->cur->no_killable = true;
		}
	} else if (!oom_mem_misc(st, t, e) && !oom_zone_line(st, t, e)) {
		for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]);
		    i++)
			if (lex_starts(t, e, counters[i].prefix))
				counter(st, t, e, counters[i].which);
	}
}
