/* tui/tui_keys.c: the live view's keys, top's and htop's habits. */
#include "config.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "render/tui_int.h"
#include "tui/tui_ctl.h"
#include "util/time.h"

#define KEY_ESC 27

/* Move a cursor within [0, n) and keep it inside the window. */
static void
move_cursor(size_t *sel, size_t *top, size_t n, int body, long step)
{
	long s = (long)*sel + step;

	if (n == 0) {
		*sel = *top = 0;
		return;
	}
	if (s < 0)
		s = 0;
	if (s >= (long)n)
		s = (long)n - 1;
	*sel = (size_t)s;
	if (body < 1)
		body = 1;
	if (*sel < *top)
		*top = *sel;
	if (*sel >= *top + (size_t)body)
		*top = *sel - (size_t)body + 1;
}

/* The step of a navigation key, or 0 when ch is not one. */
static long
nav_step(int ch, int body)
{
	switch (ch) {
	case KEY_UP: case 'k': return -1;
	case KEY_DOWN: case 'j': return 1;
	case KEY_PPAGE: return -(long)(body > 1 ? body - 1 : 1);
	case KEY_NPAGE: case ' ': return body > 1 ? body - 1 : 1;
	case KEY_HOME: case 'g': return -((long)1 << 40);
	case KEY_END: case 'G': return (long)1 << 40;
	default: return 0;
	}
}

/* "unknown key X: ? for help" in the status line. */
static void
unknown_key(struct tui *t, int ch)
{
	const char *name = keyname(ch);
	char c[2] = { (char)ch, '\0' };

	if (ch >= 0x21 && ch < 0x7f)
		name = c;
	snprintf(t->msg, sizeof(t->msg), "unknown key %s: ? for help",
	    name != NULL ? name : "?");
}

static bool
is_enter(int ch)
{
	return ch == '\n' || ch == '\r' || ch == KEY_ENTER;
}

/* A line being typed: true when ch was an edit (not Enter or Esc). */
static bool
edit_line(char *s, size_t *len, size_t size, int ch)
{
	if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (*len > 0)
			(*len)--;
	} else if (ch >= 0x20 && ch < 0x7f && *len + 1 < size) {
		s[(*len)++] = (char)ch;
	} else {
		return false;
	}
	s[*len] = '\0';
	return true;
}

static void
filter_key(struct tui *t, int ch)
{
	if (ch == KEY_ESC) {
		t->filter_len = 0;
		t->filtering = false;
	} else if (is_enter(ch)) {
		t->filtering = false;
	} else {
		edit_line(t->filter, &t->filter_len, sizeof(t->filter), ch);
	}
	t->filter[t->filter_len] = '\0';
	tui_to_top(t);
}

/* F3: the next row from `from` (wrapping) whose command holds the text. */
static void
search_from(struct tui *t, size_t from)
{
	struct pt_select sel = { .filter = t->input, .kthreads = true };

	if (t->input_len == 0 || t->nidx == 0)
		return;
	for (size_t k = 0; k < t->nidx; k++) {
		size_t i = (from + k) % t->nidx;

		if (pt_row_matches(&t->pt.rows[t->idx[i]], &sel)) {
			move_cursor(&t->sel, &t->top, t->nidx,
			    tui_body_lines(t), (long)i - (long)t->sel);
			t->sel_pid = t->pt.rows[t->idx[i]].pid;
			tui_note_shown(t);
			return;
		}
	}
	snprintf(t->msg, sizeof(t->msg), "no row matches '%s'", t->input);
}

/* The user filter: a name, or a uid that has one (as -u takes it). */
static void
set_user(struct tui *t, const char *in)
{
	struct passwd *pw = NULL;

	if (in[0] != '\0' && strspn(in, "0123456789") == strlen(in) &&
	    strlen(in) < 11)
		pw = getpwuid((uid_t)strtoul(in, NULL, 10));
	if (pw != NULL && strlen(pw->pw_name) < sizeof(t->user))
		in = pw->pw_name;
	snprintf(t->user, sizeof(t->user), "%.*s", (int)sizeof(t->user) - 1,
	    in);
}

static void
prompt_key(struct tui *t, int ch)
{
	bool search = t->prompt == TPR_SEARCH;

	t->msg[0] = '\0';
	if (ch == KEY_ESC) {
		t->prompt = TPR_NONE;
	} else if (is_enter(ch)) {
		if (search)
			snprintf(t->search, sizeof(t->search), "%s", t->input);
		else
			set_user(t, t->input);
		t->prompt = TPR_NONE;
		if (!search)
			tui_to_top(t);
	} else if (search && (ch == KEY_F(3) || ch == KEY_DOWN)) {
		search_from(t, t->sel + 1);
	} else if (edit_line(t->input, &t->input_len, sizeof(t->input), ch) &&
	    search) {
		search_from(t, t->sel);
	}
}

static void
open_prompt(struct tui *t, enum tui_prompt p, const char *text)
{
	t->prompt = p;
	snprintf(t->input, sizeof(t->input), "%s", text);
	t->input_len = strlen(t->input);
}

static void
set_sort(struct tui *t, enum pt_key key)
{
	t->key = key;
	snprintf(t->msg, sizeof(t->msg), "sorted by %s%s",
	    pt_key_name(t->key), t->reverse ? ", reversed" : "");
	tui_to_top(t);		/* the top of the new order, not the old row */
}

static void
sort_key(struct tui *t, int ch)
{
	enum pt_key k = t->key;

	if (ch == 's' || ch == '>' || ch == KEY_F(6))
		k = (enum pt_key)((t->key + 1) % PT_KEY_NR);
	else if (ch == '<')
		k = (enum pt_key)((t->key + PT_KEY_NR - 1) % PT_KEY_NR);
	else if (ch == 'M')
		k = PT_KEY_PSS;
	else if (ch == 'N')
		k = PT_KEY_PID;
	else
		t->reverse = !t->reverse;
	set_sort(t, k);
}

static void
toggle(struct tui *t, bool *flag, const char *on, const char *off)
{
	*flag = !*flag;
	snprintf(t->msg, sizeof(t->msg), "%s", *flag ? on : off);
	tui_reorder(t);
}

static void
groups_mode(struct tui *t, enum pt_group_by by)
{
	if (t->mode == TM_GROUPS && t->group_by == by) {
		t->mode = TM_PROCS;
		return;
	}
	t->mode = TM_GROUPS;
	t->group_by = by;
	t->g_sel = t->g_top = 0;
	t->g_name[0] = '\0';
	tui_groups_build(t);
}

static void
sys_mode(struct tui *t, enum tui_mode m)
{
	if (t->mode == TM_MAPS)
		tui_close_maps(t);
	t->mode = t->mode == m ? TM_PROCS : m;
	t->sys_top = 0;
	if (t->mode != TM_PROCS)
		tui_sys_refresh(t);
}

/* Keys that change what the table lists; false when ch is none. */
static bool
list_key(struct tui *t, int ch)
{
	switch (ch) {
	case 'K':
		toggle(t, &t->kthreads, "kernel threads shown (K hides them)",
		    "kernel threads hidden (K shows them)");
		return true;
	case 'c':
		toggle(t, &t->cmdline, "command lines shown (c: names)",
		    "command names shown (c: command lines)");
		return true;
	case 't': case KEY_F(5):
		t->tree = !t->tree;
		snprintf(t->msg, sizeof(t->msg), "%s", t->tree ?
		    "tree: children under their parents, TREE PSS sums each subtree" :
		    "tree off");
		tui_to_top(t);
		return true;
	case 'u':
		open_prompt(t, TPR_USER, t->nidx && !t->user[0] ?
		    t->pt.rows[t->idx[t->sel]].user : t->user);
		return true;
	case 'U':
		groups_mode(t, PT_GROUP_USER);
		return true;
	case 'C':
		groups_mode(t, PT_GROUP_COMM);
		return true;
	default:
		return false;
	}
}

/* Keys of the process table. */
static void
procs_key(struct tui *t, int ch)
{
	long step = nav_step(ch, tui_body_lines(t));

	if (step != 0) {
		move_cursor(&t->sel, &t->top, t->nidx, tui_body_lines(t), step);
		t->sel_pid = t->nidx ? t->pt.rows[t->idx[t->sel]].pid : 0;
		tui_note_shown(t);
		return;
	}
	if (list_key(t, ch))
		return;
	switch (ch) {
	case '/': case '\\': case KEY_F(4):
		t->filtering = true;
		break;
	case KEY_F(3):
		open_prompt(t, TPR_SEARCH, t->search);
		search_from(t, t->sel + (t->input_len > 0));
		break;
	case 's': case '<': case '>': case 'r': case 'M': case 'N':
	case KEY_F(6):
		sort_key(t, ch);
		break;
	case '\n': case '\r': case KEY_ENTER: case KEY_RIGHT:
		tui_open_maps(t);
		break;
	case KEY_ESC:
		if (t->filter_len > 0) {
			t->filter_len = 0;
			t->filter[0] = '\0';
		} else {
			t->user[0] = '\0';
		}
		tui_to_top(t);
		break;
	default:
		unknown_key(t, ch);
		break;
	}
}

static const char *const mv_key_names[TMV_NR] = {
	"address", "size", "rss", "pss", "swap", "growth (rss since opened)",
};

static void
maps_key(struct tui *t, int ch)
{
	int body = t->lines - 5;
	long step = nav_step(ch, body);

	if (step != 0) {
		move_cursor(&t->mv_sel, &t->mv_top, t->mv_open ? t->mv.len : 0,
		    body, step);
	} else if (ch == KEY_ESC || ch == KEY_LEFT || ch == 'h') {
		tui_close_maps(t);
	} else if (ch == 's' || ch == '>' || ch == '<' || ch == KEY_F(6)) {
		t->mv_key = (enum tui_mv_key)((t->mv_key + (ch == '<' ?
		    TMV_NR - 1 : 1)) % TMV_NR);
		t->mv_sel = t->mv_top = 0;
		tui_maps_order(t);
		snprintf(t->msg, sizeof(t->msg), "mappings sorted by %s",
		    mv_key_names[t->mv_key]);
	} else {
		unknown_key(t, ch);
	}
}

static void
groups_key(struct tui *t, int ch)
{
	long step = nav_step(ch, tui_body_lines(t));
	const struct pt_group *g;

	if (step != 0) {
		move_cursor(&t->g_sel, &t->g_top, t->ngroups,
		    tui_body_lines(t), step);
		tui_groups_keep(t);
	} else if (ch == KEY_ESC) {
		t->mode = TM_PROCS;
	} else if (is_enter(ch) && t->ngroups > 0) {
		g = &t->groups[t->g_sel];
		if (t->group_by == PT_GROUP_USER) {
			snprintf(t->user, sizeof(t->user), "%.*s",
			    (int)sizeof(t->user) - 1, g->name);
		} else {
			snprintf(t->filter, sizeof(t->filter), "%s", g->name);
			t->filter_len = strlen(t->filter);
		}
		t->mode = TM_PROCS;
		tui_to_top(t);
	} else if (!list_key(t, ch)) {
		unknown_key(t, ch);
	}
}

static void
sys_key(struct tui *t, int ch)
{
	size_t n = tui_sys_lines(t);
	size_t sel = t->sys_top;
	size_t top = t->sys_top;
	long step = nav_step(ch, t->lines - 3);

	if (step != 0) {
		move_cursor(&sel, &top, n, 1, step);
		t->sys_top = sel;
	} else if (ch == KEY_ESC) {
		t->mode = TM_PROCS;
	} else {
		unknown_key(t, ch);
	}
}

bool
tui_handle_key(struct tui *t, int ch)
{
	if (t->filtering) {
		filter_key(t, ch);
		return true;
	}
	if (t->prompt != TPR_NONE) {
		prompt_key(t, ch);
		return true;
	}
	t->msg[0] = '\0';
	if (t->help) {		/* any key but q closes the help */
		if ((ch == ' ' || ch == KEY_DOWN || ch == KEY_NPAGE) &&
		    t->mode != TM_MAPS && tui_help_more(t) > 0) {
			t->help_top += (size_t)t->lines / 2;
			return true;
		}
		t->help = false;
		return ch != 'q' && ch != KEY_F(10);
	}
	switch (ch) {
	case 'q': case KEY_F(10):
		return false;
	case '?': case KEY_F(1):
		t->help = true;
		t->help_top = 0;
		return true;
	case 'p':
		t->paused = !t->paused;
		t->next_ms = mw_now_ms();
		tui_sys_build(t);	/* its title says PAUSED */
		return true;
	case 'z':
		sys_mode(t, TM_ZONES);
		return true;
	case 'b':
		sys_mode(t, TM_BUDDY);
		return true;
	case 'l':
		sys_mode(t, TM_SLABS);
		return true;
	default:
		break;
	}
	switch (t->mode) {
	case TM_PROCS:
		procs_key(t, ch);
		break;
	case TM_MAPS:
		maps_key(t, ch);
		break;
	case TM_GROUPS:
		groups_key(t, ch);
		break;
	case TM_ZONES:
	case TM_BUDDY:
	case TM_SLABS:
		sys_key(t, ch);
		break;
	}
	return true;
}
