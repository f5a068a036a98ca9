/* render/tui_procs.c: the process table and its header. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "render/tui_int.h"
#include "model/growth.h"
#include "render/text_watch.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/units.h"

static const char *const spark_utf8[8] = {
	"\u2581", "\u2582", "\u2583", "\u2584",
	"\u2585", "\u2586", "\u2587", "\u2588",
};
static const char spark_ascii[] = "_.-:=+*#";

/* Bytes of the UTF-8 character at s (1 for a stray byte). */
static size_t
char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;

	if (c < 0xc0)
		return 1;
	if (c < 0xe0)
		return 2;
	if (c < 0xf0)
		return 3;
	return 4;
}

void
tui_put(int y, int x, int pair, int attr, const char *s)
{
	int room = COLS - x;
	size_t n = 0, w = 0;

	if (room <= 0 || y < 0 || y >= LINES)
		return;
	while (s[n] != '\0') {
		size_t l = char_len(s + n), cw;

		for (size_t i = 1; i < l; i++)
			if (s[n + i] == '\0')
				l = i;
		cw = mw_text_width(s + n, l);
		if (w + cw > (size_t)room)
			break;
		w += cw;
		n += l;
	}
	attrset(attr | COLOR_PAIR(pair));
	mvaddnstr(y, x, s, (int)n);
	attrset(A_NORMAL);
}

int
tui_put_wrapped(int y, int x, int pair, int attr, const char *s, int last)
{
	char line[512];
	int w = COLS - x;

	while (*s != '\0' && y <= last && w > 0) {
		int n = (int)strlen(s);

		if (n > w) {
			n = w;
			while (n > 0 && s[n] != ' ')
				n--;
			if (n == 0)
				n = w;
		}
		snprintf(line, sizeof(line), "%.*s", n, s);
		tui_put(y++, x, pair, attr, line);
		s += n;
		while (*s == ' ')
			s++;
	}
	return y;
}

void
tui_status(const struct tui *t, const char *text)
{
	tui_put(t->lines - 1, 0, TP_NONE, A_NORMAL, text);
}

void
tui_bar(int y, int x, int width, uint64_t total, const uint64_t *parts,
    const int *pairs, const char *chars, size_t nparts)
{
	int at = x;

	tui_put(y, at++, TP_NONE, A_BOLD, "[");
	for (size_t i = 0; i < nparts && total > 0; i++) {
		uint64_t cells = (uint64_t)((double)parts[i] * width /
		    (double)total + 0.5);
		char c[2] = { chars[i], '\0' };

		for (uint64_t k = 0; k < cells && at < x + 1 + width; k++)
			tui_put(y, at++, pairs[i], A_BOLD, c);
	}
	tui_put(y, x + 1 + width, TP_NONE, A_BOLD, "]");
}

int
tui_body_lines(const struct tui *t)
{
	return t->lines - TUI_HEAD_LINES - 1;
}

/* Widths of the table's columns for this terminal. */
struct cols {
	int num;		/* a size column */
	int comm;		/* COMMAND */
	int spark;		/* HISTORY cells, 0: no room */
	int cg;			/* CGROUP, 0: not shown */
	int cg_x;		/* where it starts */
};

/*
 * COMMAND gets up to 16 columns (comm is at most 15 bytes), HISTORY up to
 * PT_HIST cells from what is left, and at least TUI_SPARK_W before COMMAND
 * shrinks below 16. A command line or a tree takes every column the
 * numbers leave; the tree's last column is its subtree's PSS. CGROUP, last
 * when shown, takes 2/5 of the room first (10 to 48 columns).
 */
static struct cols
layout(const struct tui *t)
{
	struct cols c;
	int fixed, room;

	c.num = t->o->exact ? 14 : 6;
	fixed = 7 + 1 + 8 + 1 + 5 * (c.num + 1) + (c.num + 2);
	room = t->cols - fixed;
	c.cg = 0;
	if (t->cgcol) {
		c.cg = room * 2 / 5;
		c.cg = c.cg > 48 ? 48 : c.cg < 10 ? 10 : c.cg;
		room -= c.cg + 1;
	}
	if (t->cmdline || t->tree) {
		c.spark = 0;
		c.comm = room - (t->tree ? c.num + 3 : 0);
		c.comm = c.comm < 8 ? 8 : c.comm;
	} else {
		c.comm = room - 1 - TUI_SPARK_W;
		c.comm = c.comm > 16 ? 16 : c.comm < 8 ? 8 : c.comm;
		c.spark = room - c.comm - 1;
		c.spark = c.spark > PT_HIST ? PT_HIST : c.spark < 4 ? 0 :
		    c.spark;
	}
	c.cg_x = 17 + c.comm + 5 * (c.num + 1) + c.num + 2 +
	    (c.spark > 0 ? c.spark + 1 : t->tree ? c.num + 3 : 0);
	return c;
}

static void
draw_title(const struct tui *t)
{
	char s[256], ts[16];
	struct tm tm;

	localtime_r(&t->refreshed_at, &tm);
	strftime(ts, sizeof(ts), "%H:%M:%S", &tm);
	snprintf(s, sizeof(s),
	    "memwatch top - %zu processes, %zu kernel threads%s, %zu unreadable - sort %s%s%s - every %.3gs%s",
	    t->pt.len - t->pt.kthreads, t->pt.kthreads,
	    t->kthreads ? "" : " (K)", t->pt.unreadable, pt_key_name(t->key),
	    t->reverse ? " (reversed)" : "", t->tree ? ", tree" : "",
	    t->o->interval, t->paused ? " - PAUSED" : "");
	/* Narrow: the same facts, shorter, so that the clock still fits. */
	if ((int)strlen(s) > t->cols - (int)strlen(ts) - 1)
		snprintf(s, sizeof(s),
		    "memwatch top - %zu procs, %zu kthreads%s, %zu unreadable - %s%s%s%s",
		    t->pt.len - t->pt.kthreads, t->pt.kthreads,
		    t->kthreads ? "" : " (K)", t->pt.unreadable,
		    pt_key_name(t->key), t->reverse ? " rev" : "",
		    t->tree ? ", tree" : "", t->paused ? " - PAUSED" : "");
	tui_put(0, 0, TP_TITLE, A_BOLD, s);
	tui_put(0, t->cols - (int)strlen(ts), TP_TITLE, A_BOLD, ts);
}

/* "Mem [bar] text": the bar takes what the text leaves. */
static void
mem_line(int y, int bw, const char *text, uint64_t total,
    const uint64_t *parts, size_t nparts)
{
	static const int pairs[2] = { TP_USED, TP_CACHE };

	tui_bar(y, 4, bw, total, parts, pairs, "#-", nparts);
	tui_put(y, bw + 7, TP_NONE, A_NORMAL, text);
}

static void
draw_memory(const struct tui *t)
{
	const struct pt_mem *m = &t->pt.mem;
	uint64_t parts[2], cache, used, swap_used;
	char a[MW_FMT_BYTES_LEN], b[MW_FMT_BYTES_LEN], c[MW_FMT_BYTES_LEN];
	char d[MW_FMT_BYTES_LEN], s[160];
	int bw;

	tui_put(1, 0, TP_TITLE, A_BOLD, "Mem");
	tui_put(2, 0, TP_TITLE, A_BOLD, "Swp");
	if (!m->known) {
		tui_put(1, 5, TP_NONE, A_NORMAL, "? (meminfo unreadable)");
		return;
	}
	cache = m->buffers + m->cached;
	/* procps 4 free(1): used is total - available. */
	used = m->total > m->avail ? m->total - m->avail : 0;
	parts[0] = used;
	parts[1] = m->total - used > cache ? cache : m->total - used;
	snprintf(s, sizeof(s), "used %s, buff/cache %s, avail %s of %s",
	    mw_fmt_bytes(a, used, t->o->exact),
	    mw_fmt_bytes(b, cache, t->o->exact),
	    mw_fmt_bytes(c, m->avail, t->o->exact),
	    mw_fmt_bytes(d, m->total, t->o->exact));
	bw = t->cols - 7 - (int)strlen(s);	/* the bar takes what is left */
	bw = bw > t->cols / 2 ? t->cols / 2 : bw < 10 ? 10 : bw;
	mem_line(1, bw, s, m->total, parts, 2);
	swap_used = m->swap_total > m->swap_free ?
	    m->swap_total - m->swap_free : 0;
	parts[0] = swap_used;
	if (m->swap_total == 0)
		snprintf(s, sizeof(s), "no swap");
	else
		snprintf(s, sizeof(s), "used %s of %s",
		    mw_fmt_bytes(a, swap_used, t->o->exact),
		    mw_fmt_bytes(b, m->swap_total, t->o->exact));
	/* Memory pressure beside swap: PSI's 10 s averages. */
	if (m->psi_known && m->psi.some.have)
		snprintf(s + strlen(s), sizeof(s) - strlen(s),
		    "  PSI some %u.%02u%% full %u.%02u%% (10 s)",
		    m->psi.some.avg10 / 100, m->psi.some.avg10 % 100,
		    m->psi.full.avg10 / 100, m->psi.full.avg10 % 100);
	mem_line(2, bw, s, m->swap_total, parts, 1);
}

static void
draw_totals(const struct tui *t)
{
	char a[MW_FMT_BYTES_LEN], s[256];
	uint64_t pss = 0;
	size_t known = 0;

	for (size_t i = 0; i < t->nidx; i++) {
		const struct pt_row *r = &t->pt.rows[t->idx[i]];

		if (r->rollup) {
			pss += r->pss;
			known++;
		}
	}
	snprintf(s, sizeof(s),
	    "PSS listed %s in %zu of %zu rows%s%s%s%s%s - refresh %.1f ms (cpu %.1f ms)",
	    mw_fmt_bytes(a, pss, t->o->exact), known, t->nidx,
	    t->filter_len ? " matching '" : "", t->filter,
	    t->filter_len ? "'" : "", t->user[0] ? " of user " : "", t->user,
	    (double)t->pt.cost_ns / 1e6, (double)t->pt.cost_cpu_ns / 1e6);
	tui_put(3, 0, TP_NONE, A_NORMAL, s);
}

static void
draw_titles(const struct tui *t, const struct cols *c)
{
	static const char *const names[] = { "VSZ", "RSS", "PSS", "USS",
	    "SWAP" };
	static const enum pt_key keys[] = { PT_KEY_VSZ, PT_KEY_RSS, PT_KEY_PSS,
	    PT_KEY_USS, PT_KEY_SWAP };
	struct mw_buf b;
	int x = 0;

	mw_buf_init(&b);
	mw_buf_printf(&b, "%*s", t->cols, "");
	tui_put(4, 0, TP_NONE, A_REVERSE, b.data);
	tui_put(4, 0, TP_NONE, A_REVERSE | (t->key == PT_KEY_PID ? A_BOLD : 0),
	    "    PID");
	tui_put(4, 8, TP_NONE, A_REVERSE | (t->key == PT_KEY_USER ? A_BOLD : 0),
	    "USER");
	tui_put(4, 17, TP_NONE, A_REVERSE | (t->key == PT_KEY_COMM ? A_BOLD : 0),
	    t->cmdline ? "COMMAND LINE" : "COMMAND");
	x = 17 + c->comm;
	for (int i = 0; i < 5; i++) {
		mw_buf_reset(&b);
		mw_buf_printf(&b, " %*s", c->num, names[i]);
		tui_put(4, x, TP_NONE, A_REVERSE |
		    (t->key == keys[i] ? A_BOLD | A_UNDERLINE : 0), b.data);
		x += c->num + 1;
	}
	mw_buf_reset(&b);
	mw_buf_printf(&b, " %*s", c->num + 1, "GROWTH");
	tui_put(4, x, TP_NONE, A_REVERSE |
	    (t->key == PT_KEY_GROWTH ? A_BOLD | A_UNDERLINE : 0), b.data);
	x += c->num + 2;
	if (c->spark > 0)
		tui_put(4, x, TP_NONE, A_REVERSE, " HISTORY");
	else if (t->tree)
		tui_put(4, x, TP_NONE, A_REVERSE, " TREE PSS");
	if (c->cg > 0)
		tui_put(4, c->cg_x, TP_NONE, A_REVERSE, " CGROUP");
	mw_buf_free(&b);
}

static void
add_num(struct mw_buf *b, int width, bool known, uint64_t v, bool exact)
{
	char s[MW_FMT_BYTES_LEN];

	mw_buf_printf(b, " %*s", width, known ? mw_fmt_bytes(s, v, exact) : "?");
}

static void
spark(const struct tui *t, const struct pt_row *r, unsigned width,
    struct mw_buf *b)
{
	unsigned n = r->nhist < width ? r->nhist : width;
	const uint64_t *h = r->hist + r->nhist - n;
	uint64_t lo = UINT64_MAX, hi = 0, span;

	for (unsigned i = 0; i < n; i++) {
		lo = h[i] < lo ? h[i] : lo;
		hi = h[i] > hi ? h[i] : hi;
	}
	mw_buf_addc(b, ' ');
	for (unsigned i = n; i < width; i++)
		mw_buf_addc(b, ' ');
	/* A change below 1/32 of the value stays near the floor. */
	span = hi - lo > hi / 32 ? hi - lo : hi / 32;
	for (unsigned i = 0; i < n; i++) {
		unsigned lvl = span > 0 ? (unsigned)((double)(h[i] - lo) * 7 /
		    (double)span + 0.5) : 0;

		if (t->utf8)
			mw_buf_adds(b, spark_utf8[lvl]);
		else
			mw_buf_addc(b, spark_ascii[lvl]);
	}
}

/*
 * '~' just before the last cell's digits (width + 1 bytes at the end of
 * b): its rollup values were kept from an earlier refresh.
 */
static void
mark_stale(struct mw_buf *b, size_t cell)
{
	char *p = b->data + b->len - cell, *e = b->data + b->len;

	while (p + 1 < e && p[1] == ' ')
		p++;
	*p = '~';
}

/* The tree's branch before a command: "  |- " per level. */
static size_t
branch(const struct tui *t, const struct pt_tree_row *tr, struct mw_buf *b)
{
	size_t w = 0;

	for (unsigned d = 1; d < tr->depth && w + 8 < 40; d++, w += 2)
		mw_buf_adds(b, "  ");
	if (tr->depth > 0) {
		mw_buf_adds(b, t->utf8 ? (tr->last ? "\u2514\u2500 " :
		    "\u251c\u2500 ") : (tr->last ? "`- " : "|- "));
		w += 3;
	}
	return w;
}

/*
 * A command line in room columns: whole when it fits, else without the
 * program's directory (the name and arguments say more than the path).
 */
static void
add_cmdline(struct mw_buf *b, const char *cmd, size_t room)
{
	size_t n = strlen(cmd), prog = strcspn(cmd, " ");
	const char *last = NULL;

	if (mw_text_width(cmd, n) > room) {
		for (size_t i = 0; i < prog; i++)
			if (cmd[i] == '/')
				last = cmd + i;
		if (last != NULL && last[1] != '\0' && last[1] != ' ')
			cmd = last + 1;
		n = strlen(cmd);
	}
	mw_escape_fit(b, cmd, n, room, true);
}

/* COMMAND: the name, the command line, the tree's branch before either. */
static void
add_command(const struct tui *t, const struct cols *c, size_t at,
    const struct pt_row *r, struct mw_buf *b)
{
	size_t w = t->tree ? branch(t, &t->trows[at], b) : 0;
	size_t room = (size_t)c->comm > w + 1 ? (size_t)c->comm - w : 1;

	if (!r->have_stat)
		mw_escape_fit(b, "?", 1, room, true);
	else if (t->cmdline && r->have_cmdline)
		add_cmdline(b, r->cmdline, room);
	else
		mw_escape_fit(b, r->comm, strlen(r->comm), room, true);
}

/* TREE PSS: the subtree's sum, '>' before it when a PSS was unknown. */
static void
add_tree_pss(const struct tui *t, const struct cols *c,
    const struct pt_tree_row *tr, struct mw_buf *b)
{
	char a[MW_FMT_BYTES_LEN + 1];

	snprintf(a, sizeof(a), "%s", tr->pss_partial ? ">" : "");
	mw_fmt_bytes(a + strlen(a), tr->pss, t->o->exact);
	mw_buf_printf(b, " %*s", c->num + 2, a);
}

static void
draw_row(const struct tui *t, const struct cols *c, int y, size_t at,
    bool selected)
{
	const struct pt_row *r = &t->pt.rows[t->idx[at]];
	char g[MW_FMT_BYTES_LEN];
	int attr = selected ? A_REVERSE : A_NORMAL, x, pair = TP_NONE;
	struct mw_buf b;
	int64_t growth;
	enum trend_verdict tv;
	bool known;

	mw_buf_init(&b);
	if (selected) {
		mw_buf_printf(&b, "%*s", t->cols, "");
		tui_put(y, 0, TP_NONE, attr, b.data);
		mw_buf_reset(&b);
	}
	mw_buf_printf(&b, "%7d ", (int)r->pid);
	mw_escape_fit(&b, r->user, strlen(r->user), 8, true);
	mw_buf_addc(&b, ' ');
	add_command(t, c, at, r, &b);
	add_num(&b, c->num, r->have_stat, r->vsz, t->o->exact);
	add_num(&b, c->num, r->rollup || r->have_stat, r->rss, t->o->exact);
	add_num(&b, c->num, r->rollup, r->pss, t->o->exact);
	if (pt_row_stale(&t->pt, r))
		mark_stale(&b, (size_t)c->num + 1);
	add_num(&b, c->num, r->rollup, r->uss, t->o->exact);
	add_num(&b, c->num, r->rollup, r->swap, t->o->exact);
	tui_put(y, 0, TP_NONE, attr | (r->rollup ? 0 : A_DIM), b.data);
	x = 17 + c->comm + 5 * (c->num + 1);
	mw_buf_reset(&b);
	known = pt_row_trend(r, &growth, &tv);
	if (known && (tv == TREND_GROWING || tv == TREND_SHRINKING))
		pair = tv == TREND_GROWING ? TP_UP : TP_DOWN;
	mw_buf_printf(&b, " %*s", c->num + 1,
	    known ? text_growth_cell(g, growth, tv, t->o->exact) : "?");
	tui_put(y, x, pair, attr | (pair != TP_NONE ? A_BOLD : 0), b.data);
	x += c->num + 2;
	if (c->spark > 0 && r->rollup) {
		mw_buf_reset(&b);
		spark(t, r, (unsigned)c->spark, &b);
		tui_put(y, x, TP_TITLE, attr, b.data);
	} else if (t->tree) {
		mw_buf_reset(&b);
		add_tree_pss(t, c, &t->trows[at], &b);
		tui_put(y, x, TP_NONE, attr, b.data);
	}
	if (c->cg > 0) {
		const char *cg = pt_row_cgroup(&t->pt, r);

		mw_buf_reset(&b);
		mw_buf_addc(&b, ' ');
		mw_escape_fit_tail(&b, cg != NULL ? cg : "?",
		    cg != NULL ? strlen(cg) : 1, (size_t)c->cg);
		tui_put(y, c->cg_x, TP_NONE, attr, b.data);
	}
	mw_buf_free(&b);
}

static void
draw_status(const struct tui *t)
{
	char s[512];

	if (t->filtering)
		snprintf(s, sizeof(s), "filter (command, command line or pid): %s_",
		    t->filter);
	else if (t->prompt == TPR_SEARCH)
		snprintf(s, sizeof(s), "search (F3 next, Enter done): %s_%s%s",
		    t->input, t->msg[0] ? "  " : "", t->msg);
	else if (t->prompt == TPR_USER)
		snprintf(s, sizeof(s), "user (Enter; empty: every user): %s_",
		    t->input);
	else if (t->msg[0] != '\0')
		snprintf(s, sizeof(s), "%s", t->msg);
	else
		snprintf(s, sizeof(s),
		    "q quit  ? help  / filter  F3 search  s < > sort  r reverse  Enter mappings  t tree  c cmdline  o cgroup  u user  K kthreads  U C O totals  z b l system  p pause");
	tui_put(t->lines - 1, 0, TP_NONE,
	    t->filtering || t->prompt != TPR_NONE ? A_BOLD : A_NORMAL, s);
}

void
tui_draw_procs(const struct tui *t)
{
	struct cols c = layout(t);
	int body = tui_body_lines(t);

	draw_title(t);
	draw_memory(t);
	draw_totals(t);
	draw_titles(t, &c);
	for (int i = 0; i < body && t->top + (size_t)i < t->nidx; i++) {
		size_t at = t->top + (size_t)i;

		draw_row(t, &c, TUI_HEAD_LINES + i, at, at == t->sel);
	}
	if (t->nidx == 0)
		tui_put(TUI_HEAD_LINES, 2, TP_NONE, A_NORMAL,
		    t->filter_len || t->user[0] ?
		    "no process matches the filter or user (Esc clears them)" :
		    "no processes");
	draw_status(t);
}
