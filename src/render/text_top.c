/* render/text_top.c: one frame of the process table as plain text. */
#include "config.h"
#include "render/text_top.h"

#include <errno.h>
#include <string.h>

#include "model/growth.h"
#include "render/text_watch.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/time.h"
#include "util/units.h"

#define TEXT_TOP_CGROUP_W 30	/* CGROUP's width when not last */

/* " %*s", printf-free: cells are many. */
static void
num_text(struct mw_buf *b, int width, const char *t)
{
	mw_buf_addc(b, ' ');
	mw_buf_add_right(b, t, strlen(t), (size_t)width);
}

/* An amount's cell, "?" when unknown. */
static void
num(struct mw_buf *b, int width, bool known, uint64_t v, bool exact)
{
	char s[MW_FMT_BYTES_LEN];

	num_text(b, width, known ? mw_fmt_bytes(s, v, exact) : "?");
}

static void
header(struct mw_buf *b, const struct proctable *pt, const size_t *idx,
    size_t n, time_t taken_at, const struct text_top_view *v)
{
	bool exact = v->exact;
	char ts[MW_RFC3339_LEN], a[MW_FMT_BYTES_LEN], c[MW_FMT_BYTES_LEN];
	char d[MW_FMT_BYTES_LEN], e[MW_FMT_BYTES_LEN];
	const struct pt_mem *m = &pt->mem;
	uint64_t pss = 0, cache = m->buffers + m->cached, used;
	size_t known = 0;

	for (size_t i = 0; i < n; i++)
		if (pt->rows[idx[i]].rollup) {
			pss += pt->rows[idx[i]].pss;
			known++;
		}
	mw_buf_printf(b, "memwatch top  %s  %zu process%s (%zu unreadable), %zu kernel thread%s%s  sort %s  refresh %.1f ms\n",
	    mw_rfc3339(ts, taken_at), pt->len - pt->kthreads,
	    pt->len - pt->kthreads == 1 ? "" : "es", pt->unreadable,
	    pt->kthreads, pt->kthreads == 1 ? "" : "s",
	    v->kthreads ? "" : " (not listed; -K lists them)",
	    pt_key_name(v->key), (double)pt->cost_ns / 1e6);
	if (m->known) {
		/* procps 4 free(1): used is total - available. */
		used = m->total > m->avail ? m->total - m->avail : 0;
		mw_buf_printf(b, "Mem: %s total, %s used, %s buff/cache, %s available\n",
		    mw_fmt_bytes(a, m->total, exact), mw_fmt_bytes(c, used, exact),
		    mw_fmt_bytes(d, cache, exact),
		    mw_fmt_bytes(e, m->avail, exact));
		mw_buf_printf(b, "Swap: %s total, %s used\n",
		    mw_fmt_bytes(a, m->swap_total, exact),
		    mw_fmt_bytes(c, m->swap_total > m->swap_free ?
		    m->swap_total - m->swap_free : 0, exact));
	}
	if (m->psi_known && m->psi.some.have) {
		const struct psi_line *x = &m->psi.some, *y = &m->psi.full;

		mw_buf_printf(b, "PSI memory: some %u.%02u%% %u.%02u%% %u.%02u%%",
		    x->avg10 / 100, x->avg10 % 100, x->avg60 / 100,
		    x->avg60 % 100, x->avg300 / 100, x->avg300 % 100);
		if (y->have)
			mw_buf_printf(b, ", full %u.%02u%% %u.%02u%% %u.%02u%%",
			    y->avg10 / 100, y->avg10 % 100, y->avg60 / 100,
			    y->avg60 % 100, y->avg300 / 100, y->avg300 % 100);
		mw_buf_adds(b, " (10 s, 60 s, 300 s)\n");
	} else {
		mw_buf_adds(b, "PSI memory: unknown (no /proc/pressure/memory)\n");
	}
	mw_buf_printf(b, "PSS listed: %s in %zu of %zu rows\n",
	    mw_fmt_bytes(a, pss, exact), known, n);
	/* Unknown is not zero: say once what "?" means and how to see it. */
	if (pt->unreadable > 0 && v->denied != NULL && *v->denied == '\0')
		mw_buf_printf(b, "? unknown: the smaps_rollup of %zu process%s could not be read (exiting, or denied although memwatch has CAP_SYS_PTRACE); they rank by their RSS\n",
		    pt->unreadable, pt->unreadable == 1 ? "" : "es");
	else if (pt->unreadable > 0)
		mw_buf_printf(b, "? unknown: the smaps_rollup of %zu process%s is not readable by this user; %s; they rank by their RSS\n",
		    pt->unreadable, pt->unreadable == 1 ? "" : "es",
		    v->denied != NULL ? v->denied :
		    "run as root or with CAP_SYS_PTRACE");
	mw_buf_addc(b, '\n');
}

/* COMMAND: the tree's branch, then the name or the command line. */
static void
command(struct mw_buf *b, const struct pt_row *r, const struct text_top_view *v,
    size_t at, bool last_col)
{
	size_t w = 0, room;

	if (v->tree != NULL) {
		for (unsigned d = 1; d < v->tree[at].depth && w < 32; d++, w += 2)
			mw_buf_adds(b, "  ");
		if (v->tree[at].depth > 0) {
			mw_buf_adds(b, v->tree[at].last ? "`- " : "|- ");
			w += 3;
		}
	}
	room = w < 15 ? 15 - w : 1;
	if (!r->have_stat)
		mw_escape_fit(b, "?", 1, room, true);
	else if (v->cmdline && r->have_cmdline && last_col)
		mw_escape_term(b, r->cmdline, strlen(r->cmdline));
	else if (v->cmdline && r->have_cmdline)
		mw_escape_fit(b, r->cmdline, strlen(r->cmdline), room, true);
	else
		mw_escape_fit(b, r->comm, strlen(r->comm), room, true);
}

/* CGROUP: whole when last, else cut on the left to keep its leaf. */
static void
cgroup_cell(struct mw_buf *b, const char *cg, bool last)
{
	mw_buf_addc(b, ' ');
	if (cg == NULL)
		cg = "?";
	if (last)
		mw_escape_term(b, cg, strlen(cg));
	else
		mw_escape_fit_tail(b, cg, strlen(cg), TEXT_TOP_CGROUP_W);
}

static void
row(struct mw_buf *b, const struct proctable *pt, const struct pt_row *r,
    const struct text_top_view *v, size_t at, int w)
{
	char g[32];
	bool exact = v->exact;
	int64_t growth;
	enum trend_verdict tv;
	bool gk = pt_row_trend(r, &growth, &tv);
	char pid[24], *p = mw_utoa_end(pid + sizeof(pid), (uint64_t)r->pid);

	mw_buf_add_right(b, p, (size_t)(pid + sizeof(pid) - p), 7);
	mw_buf_addc(b, ' ');
	mw_escape_fit(b, r->user, strlen(r->user), 8, true);
	mw_buf_addc(b, ' ');
	/* A command line goes last, whole: it is as long as it is. */
	if (!v->cmdline)
		command(b, r, v, at, false);
	num(b, w, r->have_stat, r->vsz, exact);
	num(b, w, r->rollup || r->have_stat, r->rss, exact);
	num(b, w, r->rollup, r->pss, exact);
	num(b, w, r->rollup, r->uss, exact);
	num(b, w, r->rollup, r->swap, exact);
	num_text(b, w + 1, gk ? text_growth_cell(g, growth, tv, exact) : "?");
	if (v->tree != NULL) {
		char t[MW_FMT_BYTES_LEN + 1];

		snprintf(t, sizeof(t), "%s", v->tree[at].pss_partial ? ">" : "");
		mw_fmt_bytes(t + strlen(t), v->tree[at].pss, exact);
		num_text(b, w + 2, t);
	}
	if (v->cgroup)
		cgroup_cell(b, pt_row_cgroup(pt, r), !v->cmdline);
	if (v->cmdline) {
		mw_buf_addc(b, ' ');
		command(b, r, v, at, true);
	}
	mw_buf_addc(b, '\n');
}

int
text_top_frame(FILE *f, const struct proctable *pt, const size_t *idx,
    size_t n, time_t taken_at, const struct text_top_view *v)
{
	int w = v->exact ? 14 : 6;
	struct mw_buf b;
	int rc = 0;

	mw_buf_init(&b);
	header(&b, pt, idx, n, taken_at, v);
	mw_buf_printf(&b, "%7s %-8s ", "PID", "USER");
	if (!v->cmdline)
		mw_buf_printf(&b, "%-15s ", "COMMAND");
	mw_buf_printf(&b, "%*s %*s %*s %*s %*s %*s", w, "VSZ", w, "RSS", w,
	    "PSS", w, "USS", w, "SWAP", w + 1, "GROWTH");
	if (v->tree != NULL)
		mw_buf_printf(&b, " %*s", w + 2, "TREE_PSS");
	if (v->cgroup)
		mw_buf_printf(&b, " %-*s", v->cmdline ? TEXT_TOP_CGROUP_W : 0,
		    "CGROUP");
	mw_buf_adds(&b, v->cmdline ? " COMMAND\n" : "\n");
	for (size_t i = 0; i < n; i++)
		row(&b, pt, &pt->rows[idx[i]], v, i, w);
	if (fwrite(b.data, 1, b.len, f) != b.len)
		rc = -EIO;
	mw_buf_free(&b);
	return rc;
}

int
text_top_groups(FILE *f, const struct proctable *pt, const size_t *idx,
    size_t nidx, const struct pt_group *g, size_t n, enum pt_group_by by,
    time_t taken_at, const struct text_top_view *v)
{
	int w = v->exact ? 14 : 6;
	struct mw_buf b;
	int rc = 0;

	mw_buf_init(&b);
	header(&b, pt, idx, nidx, taken_at, v);
	if (by != PT_GROUP_CGROUP)
		mw_buf_printf(&b, "%-16s ", by == PT_GROUP_USER ? "USER" :
		    "COMMAND");
	mw_buf_printf(&b, "%6s %6s %*s %*s %*s %*s", "PROCS", "UNREAD", w,
	    "RSS", w, "PSS", w, "USS", w, "SWAP");
	if (by == PT_GROUP_CGROUP)
		mw_buf_printf(&b, " %*s %*s CGROUP", w, "USAGE", w, "LIMIT");
	mw_buf_addc(&b, '\n');
	for (size_t i = 0; i < n; i++) {
		const char *name = g[i].name != NULL ? g[i].name : "?";

		if (by != PT_GROUP_CGROUP) {
			mw_escape_fit(&b, name, strlen(name), 16, true);
			mw_buf_addc(&b, ' ');
		}
		mw_buf_printf(&b, "%6zu %6zu", g[i].procs,
		    g[i].procs - g[i].known);
		num(&b, w, true, g[i].rss, v->exact);
		num(&b, w, g[i].known > 0, g[i].pss, v->exact);
		num(&b, w, g[i].known > 0, g[i].uss, v->exact);
		num(&b, w, g[i].known > 0, g[i].swap, v->exact);
		if (by == PT_GROUP_CGROUP) {
			/* The cgroup's own charge; LIMIT "max": none set. */
			num(&b, w, g[i].has_usage, g[i].usage, v->exact);
			if (g[i].has_limit || g[i].name == NULL)
				num(&b, w, g[i].has_limit, g[i].limit, v->exact);
			else
				num_text(&b, w, "max");
			cgroup_cell(&b, g[i].name, true);
		}
		mw_buf_addc(&b, '\n');
	}
	if (fwrite(b.data, 1, b.len, f) != b.len)
		rc = errno != 0 ? -errno : -EIO;
	mw_buf_free(&b);
	return rc;
}
