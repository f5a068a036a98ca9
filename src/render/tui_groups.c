/* render/tui_groups.c: totals per user (U) or per command name (C). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "render/tui_int.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/units.h"

void
tui_groups_build(struct tui *t)
{
	free(t->groups);
	t->ngroups = proctable_group(&t->pt, t->idx, t->nidx, t->group_by,
	    &t->groups);
	for (size_t i = 0; i < t->ngroups && t->g_name[0] != '\0'; i++)
		if (strcmp(t->groups[i].name, t->g_name) == 0) {
			t->g_sel = i;
			break;
		}
	if (t->g_sel >= t->ngroups)
		t->g_sel = t->ngroups ? t->ngroups - 1 : 0;
	if (t->g_top > t->g_sel)
		t->g_top = t->g_sel;
	tui_groups_keep(t);
}

void
tui_groups_keep(struct tui *t)
{
	t->g_name[0] = '\0';
	if (t->g_sel < t->ngroups)
		memcpy(t->g_name, t->groups[t->g_sel].name, sizeof(t->g_name));
}

static void
add_num(struct mw_buf *b, int width, bool known, uint64_t v, bool exact)
{
	char s[MW_FMT_BYTES_LEN];

	mw_buf_printf(b, " %*s", width, known ? mw_fmt_bytes(s, v, exact) : "?");
}

static void
draw_group(const struct tui *t, int y, const struct pt_group *g, int nw,
    bool selected)
{
	struct mw_buf b;

	mw_buf_init(&b);
	mw_escape_fit(&b, g->name, strlen(g->name), 20, true);
	mw_buf_printf(&b, " %6zu %7zu", g->procs, g->procs - g->known);
	add_num(&b, nw, true, g->rss, t->o->exact);
	/* A sum over some rows only is a floor: say so with '>'. */
	add_num(&b, nw, g->known > 0, g->pss, t->o->exact);
	add_num(&b, nw, g->known > 0, g->uss, t->o->exact);
	add_num(&b, nw, g->known > 0, g->swap, t->o->exact);
	if (g->known > 0 && g->known < g->procs)
		mw_buf_adds(&b, " *");
	if (selected)
		mw_buf_printf(&b, "%*s", t->cols > (int)b.len ?
		    t->cols - (int)b.len : 0, "");
	tui_put(y, 0, TP_NONE, selected ? A_REVERSE : A_NORMAL, b.data);
	mw_buf_free(&b);
}

void
tui_draw_groups(const struct tui *t)
{
	int nw = t->o->exact ? 14 : 6, body = tui_body_lines(t);
	bool user = t->group_by == PT_GROUP_USER;
	struct mw_buf b;

	mw_buf_init(&b);
	mw_buf_printf(&b, "memwatch top - totals per %s: %zu rows, %zu processes%s",
	    user ? "user" : "command name", t->ngroups, t->nidx,
	    t->kthreads ? "" : " (no kthreads: K)");
	tui_put(0, 0, TP_TITLE, A_BOLD, b.data);
	tui_put(1, 0, TP_NONE, A_NORMAL,
	    "UNREAD: smaps_rollup unreadable; their RSS counts (from stat)");
	tui_put(2, 0, TP_NONE, A_NORMAL,
	    "*: PSS, USS, SWAP of the readable processes only");
	mw_buf_reset(&b);
	mw_buf_printf(&b, "%-20s %6s %7s %*s %*s %*s %*s%*s",
	    user ? "USER" : "COMMAND", "PROCS", "UNREAD", nw, "RSS", nw, "PSS",
	    nw, "USS", nw, "SWAP", t->cols > 60 ? t->cols - 60 : 0, "");
	tui_put(4, 0, TP_NONE, A_REVERSE, b.data);
	mw_buf_free(&b);
	for (int i = 0; i < body && t->g_top + (size_t)i < t->ngroups; i++) {
		size_t at = t->g_top + (size_t)i;

		draw_group(t, TUI_HEAD_LINES + i, &t->groups[at], nw,
		    at == t->g_sel);
	}
	if (t->ngroups == 0)
		tui_put(TUI_HEAD_LINES, 2, TP_NONE, A_NORMAL, "no processes");
	tui_status(t, t->msg[0] ? t->msg :
	    "Esc back  Enter its processes  U per user  C per command  q quit");
}
