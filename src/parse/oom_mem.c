/* parse/oom_mem.c: an OOM report's task table and show_mem() lines; no I/O.
 *
 * The "[ pid ]" table is read by its header's column names; zones,
 * buddy lines, lowmem_reserve, Mem-Info counters and swap totals are
 * mm/show_mem.c's (mm/page_alloc.c's before 5.19).
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

/* "[  pid  ]   uid  tgid total_vm      rss ... name": the columns. */
bool
oom_table_header(struct oom_state *st, const char *p, const char *e)
{
	const char *c = memchr(p, ']', (size_t)(e - p)), *cur, *t, *te;
	struct oom_report *r;

	if (c == NULL || oom_find(p, c, "pid") == NULL ||
	    oom_find(c, e, " name") == NULL || oom_find(c, e, "rss") == NULL)
		return false;
	r = oom_body(st);
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
bool
oom_table_row(struct oom_state *st, const char *p, const char *e)
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
			oom_skip(st);
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
bool
oom_zone_line(struct oom_state *st, const char *p, const char *e)
{
	struct oom_report *r;
	struct oom_zone z, *zp;
	const char *q = zone_name(p, e, &z);

	if (q == NULL)
		return false;
	if (lex_starts(q, e, " free:")) {
		if ((r = oom_open_report(st)) == NULL)
			return true;
		zp = zone_of(st, r, &z);
		for (int f = 0; f < OOM_ZONE_NR; f++)
			if (oom_key_kib(q, e, zone_keys[f], &zp->val[f]) == 0)
				zp->present |= 1u << f;
		st->mode = OOM_MODE_NONE;
		return true;
	}
	if (!lex_starts(q, e, ": ") || oom_find(q, e, "*") == NULL)
		return false;
	if ((r = oom_open_report(st)) == NULL)
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
		/* "(H)": every block of this size is high-atomic reserve */
		if (lex_token(&cur, e, &t, &te)) {
			const char *h = t + 1;

			while (h < te && *h == 'H')
				h++;
			if (*t == '(' && h == te - 1 && *h == ')' && h > t + 1)
				zp->highatomic |= 1u << (zp->norders - 1);
			else if (*t != '(')
				cur = t;	/* the next block: read again */
		}
	}
	return true;
}

/* "lowmem_reserve[]: 0 2688 3624 3624" after a zone line. */
void
oom_reserve(struct oom_state *st, const char *p, const char *e)
{
	struct oom_report *r = oom_open_report(st);
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
bool
oom_meminfo(struct oom_state *st, const char *p, const char *e)
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
		oom_add_kv(st, &r->meminfo, &r->nmeminfo, &r->meminfo_cap, t, c,
		    v);
		n++;
	}
	return n > 0;
}

/* Lines show_mem() prints that stand alone. */
bool
oom_mem_misc(struct oom_state *st, const char *p, const char *e)
{
	struct oom_report *r;
	uint64_t v;
	const char *q;

	if (lex_starts(p, e, "Free swap") || lex_starts(p, e, "Total swap")) {
		if ((r = oom_open_report(st)) == NULL ||
		    oom_key_kib(p, e, "= ", &v) < 0)
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
		if ((r = oom_open_report(st)) == NULL)
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
	/* A node's line (4.8+); before, zone lines carry it, read there. */
	if (lex_starts(p, e, "Node ") && oom_find(p, e, " free:") == NULL &&
	    (q = oom_find(p, e, "all_unreclaimable? ")) != NULL) {
		if ((r = oom_open_report(st)) != NULL &&
		    r->all_unreclaimable < 1)
			r->all_unreclaimable = q[19] == 'y';
		return true;
	}
	return false;
}

