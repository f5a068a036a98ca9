/* render/tui_groups.c: totals per user (U), command name (C) or memory
 * cgroup (O); a group opened (Enter, +) lists its processes under it.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "render/tui_int.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/units.h"
#include "util/xmalloc.h"

/* Open groups are kept by name: the groups are built again each refresh. */
static bool
is_open(const struct tui *t, const char *name)
{
	if (name == NULL)
		return t->g_open_null;
	for (size_t i = 0; i < t->g_nopen; i++)
		if (strcmp(t->g_open[i], name) == 0)
			return true;
	return false;
}

static void
set_open(struct tui *t, const char *name, bool open)
{
	size_t i = 0;

	if (name == NULL) {
		t->g_open_null = open;
		return;
	}
	while (i < t->g_nopen && strcmp(t->g_open[i], name) != 0)
		i++;
	if (open && i == t->g_nopen) {
		if (t->g_nopen == t->g_open_cap) {
			t->g_open_cap = t->g_open_cap ? t->g_open_cap * 2 : 8;
			t->g_open = mw_xreallocarray(t->g_open, t->g_open_cap,
			    sizeof(*t->g_open));
		}
		t->g_open[t->g_nopen] = mw_xmalloc(strlen(name) + 1);
		strcpy(t->g_open[t->g_nopen++], name);
	} else if (!open && i < t->g_nopen) {
		free(t->g_open[i]);
		t->g_open[i] = t->g_open[--t->g_nopen];
	}
}

static void
close_all(struct tui *t)
{
	for (size_t i = 0; i < t->g_nopen; i++)
		free(t->g_open[i]);
	t->g_nopen = 0;
	t->g_open_null = false;
}

void
tui_groups_free(struct tui *t)
{
	close_all(t);
	free(t->g_open);
	free(t->groups);
	free(t->g_of);
	free(t->glines);
	t->g_open = NULL;
	t->groups = NULL;
	t->g_of = NULL;
	t->glines = NULL;
	t->g_open_cap = t->ngroups = t->nglines = 0;
}

/* The lines: each group, and under an open one its rows in idx order. */
static void
build_lines(struct tui *t)
{
	size_t *start = mw_xcalloc(t->ngroups + 1, sizeof(*start));
	size_t *rows = mw_xreallocarray(NULL, t->nidx + 1, sizeof(*rows));
	size_t n = 0;

	for (size_t i = 0; i < t->nidx; i++)
		start[t->g_of[i] + 1]++;
	for (size_t g = 0; g < t->ngroups; g++)
		start[g + 1] += start[g];
	for (size_t i = 0; i < t->nidx; i++)	/* stable: idx order kept */
		rows[start[t->g_of[i]]++] = i;
	t->glines = mw_xreallocarray(t->glines, t->ngroups + t->nidx + 1,
	    sizeof(*t->glines));
	for (size_t g = 0, r = 0; g < t->ngroups; g++) {
		bool open = is_open(t, t->groups[g].name);

		t->glines[n++] = (struct tui_gline){ g, SIZE_MAX };
		for (; r < start[g]; r++)
			if (open)
				t->glines[n++] = (struct tui_gline){ g, rows[r] };
	}
	t->nglines = n;
	free(rows);
	free(start);
}

static bool
same_name(const struct tui *t, const char *name)
{
	return t->g_null ? name == NULL : name != NULL &&
	    strcmp(name, t->g_name) == 0;
}

/* The selection back on its line: its process, else its group. */
static void
reselect(struct tui *t)
{
	size_t group_line = SIZE_MAX;
	int body = tui_body_lines(t);

	for (size_t i = 0; i < t->nglines; i++) {
		const struct tui_gline *l = &t->glines[i];

		if (!same_name(t, t->groups[l->group].name))
			continue;
		if (l->pos == SIZE_MAX) {
			group_line = i;
			if (t->g_pid == 0)
				break;
		} else if (t->pt.rows[t->idx[l->pos]].pid == t->g_pid) {
			group_line = i;
			break;
		}
	}
	if (group_line != SIZE_MAX)
		t->g_sel = group_line;
	if (t->g_sel >= t->nglines)
		t->g_sel = t->nglines ? t->nglines - 1 : 0;
	if (body < 1)
		body = 1;
	if (t->g_top > t->g_sel)
		t->g_top = t->g_sel;
	if (t->g_sel >= t->g_top + (size_t)body)
		t->g_top = t->g_sel - (size_t)body + 1;
	tui_groups_keep(t);
}

void
tui_groups_build(struct tui *t)
{
	free(t->groups);
	t->g_of = mw_xreallocarray(t->g_of, t->nidx + 1, sizeof(*t->g_of));
	t->ngroups = proctable_group(&t->pt, t->idx, t->nidx, t->group_by,
	    &t->groups, t->g_of);
	if (t->group_by == PT_GROUP_CGROUP)
		proctable_group_usage(&t->pt, t->groups, t->ngroups);
	build_lines(t);
	reselect(t);
}

void
tui_groups_keep(struct tui *t)
{
	const struct tui_gline *l;
	const char *name;

	if (t->g_sel >= t->nglines)
		return;
	l = &t->glines[t->g_sel];
	name = t->groups[l->group].name;
	t->g_null = name == NULL;
	snprintf(t->g_name, sizeof(t->g_name), "%s", name ? name : "");
	t->g_pid = l->pos == SIZE_MAX ? 0 : t->pt.rows[t->idx[l->pos]].pid;
}

void
tui_groups_fold(struct tui *t, int how)
{
	const struct tui_gline *l;
	const char *name;
	bool open;

	if (t->g_sel >= t->nglines)
		return;
	l = &t->glines[t->g_sel];
	name = t->groups[l->group].name;
	open = how < 0 ? !is_open(t, name) : how > 0;
	if (!open)
		t->g_pid = 0;	/* its rows go: the group's line is selected */
	set_open(t, name, open);
	build_lines(t);
	reselect(t);
}

void
tui_groups_fold_all(struct tui *t)
{
	bool any = t->g_nopen > 0 || t->g_open_null;

	close_all(t);
	for (size_t g = 0; !any && g < t->ngroups; g++)
		set_open(t, t->groups[g].name, true);
	t->g_pid = 0;
	build_lines(t);
	reselect(t);
}

static void
add_num(struct mw_buf *b, int width, bool known, uint64_t v, bool exact)
{
	char s[MW_FMT_BYTES_LEN];

	mw_buf_printf(b, " %*s", width, known ? mw_fmt_bytes(s, v, exact) : "?");
}

/* The name column's width: a cgroup's path takes what is left. */
static int
name_width(const struct tui *t, int nw)
{
	int room = t->cols - 2 - (6 + 1) - (7 + 1) - 6 * (nw + 1) - 2;

	if (t->group_by != PT_GROUP_CGROUP || room < 20)
		return 20;
	return room;
}

static void
draw_group(const struct tui *t, int y, const struct pt_group *g, int nw,
    bool selected)
{
	const char *name = g->name != NULL ? g->name : "?";
	size_t w = (size_t)name_width(t, nw);
	struct mw_buf b;

	mw_buf_init(&b);
	mw_buf_adds(&b, is_open(t, g->name) ? "- " : "+ ");
	if (t->group_by == PT_GROUP_CGROUP)
		mw_escape_fit_tail(&b, name, strlen(name), w);
	else
		mw_escape_fit(&b, name, strlen(name), w, true);
	mw_buf_printf(&b, " %6zu %7zu", g->procs, g->procs - g->known);
	add_num(&b, nw, true, g->rss, t->o->exact);
	/* A sum over some rows only is a floor: say so with '*'. */
	add_num(&b, nw, g->known > 0, g->pss, t->o->exact);
	add_num(&b, nw, g->known > 0, g->uss, t->o->exact);
	add_num(&b, nw, g->known > 0, g->swap, t->o->exact);
	if (t->group_by == PT_GROUP_CGROUP) {
		/* The cgroup's own charge against what binds it. */
		add_num(&b, nw, g->has_usage, g->usage, t->o->exact);
		if (g->has_limit || g->name == NULL)
			add_num(&b, nw, g->has_limit, g->limit, t->o->exact);
		else
			mw_buf_printf(&b, " %*s", nw, "max");
	}
	if (g->known > 0 && g->known < g->procs)
		mw_buf_adds(&b, " *");
	if (selected)
		mw_buf_printf(&b, "%*s", t->cols > (int)b.len ?
		    t->cols - (int)b.len : 0, "");
	tui_put(y, 0, TP_NONE, selected ? A_REVERSE : A_BOLD, b.data);
	mw_buf_free(&b);
}

/* A process under its open group: pid and command in the name column. */
static void
draw_member(const struct tui *t, int y, const struct pt_row *r, int nw,
    bool selected)
{
	size_t w = (size_t)name_width(t, nw);
	struct mw_buf b;

	mw_buf_init(&b);
	mw_buf_printf(&b, "  %7d ", (int)r->pid);
	if (r->have_stat)
		mw_escape_fit(&b, r->comm, strlen(r->comm), w - 8, true);
	else
		mw_escape_fit(&b, "?", 1, w - 8, true);
	mw_buf_printf(&b, " %6s %7s", "", r->rollup ? "" : "?");
	add_num(&b, nw, r->rollup || r->have_stat, r->rss, t->o->exact);
	add_num(&b, nw, r->rollup, r->pss, t->o->exact);
	add_num(&b, nw, r->rollup, r->uss, t->o->exact);
	add_num(&b, nw, r->rollup, r->swap, t->o->exact);
	if (selected)
		mw_buf_printf(&b, "%*s", t->cols > (int)b.len ?
		    t->cols - (int)b.len : 0, "");
	tui_put(y, 0, TP_NONE, selected ? A_REVERSE :
	    r->rollup ? A_NORMAL : A_DIM, b.data);
	mw_buf_free(&b);
}

static const char *const by_words[] = {
	[PT_GROUP_USER] = "user", [PT_GROUP_COMM] = "command name",
	[PT_GROUP_CGROUP] = "memory cgroup",
};
static const char *const by_titles[] = {
	[PT_GROUP_USER] = "USER", [PT_GROUP_COMM] = "COMMAND",
	[PT_GROUP_CGROUP] = "CGROUP",
};

void
tui_draw_groups(const struct tui *t)
{
	int nw = t->o->exact ? 14 : 6, body = tui_body_lines(t);
	int w = name_width(t, nw);
	struct mw_buf b;

	mw_buf_init(&b);
	mw_buf_printf(&b, "memwatch top - totals per %s: %zu rows, %zu processes%s",
	    by_words[t->group_by], t->ngroups, t->nidx,
	    t->kthreads ? "" : " (no kthreads: K)");
	tui_put(0, 0, TP_TITLE, A_BOLD, b.data);
	tui_put(1, 0, TP_NONE, A_NORMAL,
	    "UNREAD: smaps_rollup unreadable; their RSS counts (from stat)");
	tui_put(2, 0, TP_NONE, A_NORMAL, t->group_by == PT_GROUP_CGROUP ?
	    "*: of the readable only; USAGE the cgroup's charge (cache too), LIMIT the tightest" :
	    "*: PSS, USS, SWAP of the readable processes only");
	tui_put(3, 0, TP_NONE, A_NORMAL,
	    "+ closed, - open: Enter, + and - open and close a group, * all of them");
	mw_buf_reset(&b);
	mw_buf_printf(&b, "  %-*s %6s %7s %*s %*s %*s %*s", w,
	    by_titles[t->group_by], "PROCS", "UNREAD", nw, "RSS", nw, "PSS",
	    nw, "USS", nw, "SWAP");
	if (t->group_by == PT_GROUP_CGROUP)
		mw_buf_printf(&b, " %*s %*s", nw, "USAGE", nw, "LIMIT");
	mw_buf_printf(&b, "%*s", t->cols > (int)b.len ? t->cols - (int)b.len :
	    0, "");
	tui_put(4, 0, TP_NONE, A_REVERSE, b.data);
	mw_buf_free(&b);
	for (int i = 0; i < body && t->g_top + (size_t)i < t->nglines; i++) {
		size_t at = t->g_top + (size_t)i;
		const struct tui_gline *l = &t->glines[at];

		if (l->pos == SIZE_MAX)
			draw_group(t, TUI_HEAD_LINES + i, &t->groups[l->group],
			    nw, at == t->g_sel);
		else
			draw_member(t, TUI_HEAD_LINES + i,
			    &t->pt.rows[t->idx[l->pos]], nw, at == t->g_sel);
	}
	if (t->ngroups == 0)
		tui_put(TUI_HEAD_LINES, 2, TP_NONE, A_NORMAL, "no processes");
	tui_status(t, t->msg[0] ? t->msg :
	    "Esc back  Enter + - * open/close  f filter by it  U C O per user, command, cgroup  q quit");
}
