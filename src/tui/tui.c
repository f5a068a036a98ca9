/* tui/tui.c: the live view's loop: terminal, signals, keys, refresh. */
#include "config.h"
#include "tui/tui.h"

#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "model/system.h"
#include "render/tui_int.h"
#include "tui/tui_ctl.h"
#include "util/err.h"
#include "util/time.h"
#include "util/xmalloc.h"

#define KEY_ESC 27
#define POLL_MS 250		/* the longest wait for a key or a signal */

static volatile sig_atomic_t tui_signal;
static bool tui_active;
static bool tui_hooked;
static SCREEN *tui_screen;

static void
on_signal(int sig)
{
	tui_signal = sig;
}

/* Ends curses once; safe from atexit and the out-of-memory hook. */
static void
tui_end(void)
{
	if (!tui_active)
		return;
	tui_active = false;
	endwin();
	if (tui_screen != NULL)
		delscreen(tui_screen);
	tui_screen = NULL;
	fflush(stdout);
}

static void
catch_signals(bool on)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on ? on_signal : SIG_DFL;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static int
start_curses(struct tui *t, struct mw_err *err)
{
	const char *term = getenv("TERM");

	tui_screen = newterm(NULL, stdout, stdin);
	if (tui_screen == NULL)
		return mw_err_set(err, -ENOTTY, MW_EXIT_TARGET,
		    "cannot start the terminal (TERM=%s is unknown); set TERM, or use 'memwatch top -b'",
		    term != NULL ? term : "");
	tui_active = true;
	if (!tui_hooked) {
		atexit(tui_end);
		tui_hooked = true;
	}
	mw_set_oom_hook(tui_end);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	t->color = t->o->color && has_colors();
	if (t->color) {
		start_color();
		use_default_colors();
		init_pair(TP_TITLE, COLOR_CYAN, -1);
		init_pair(TP_UP, COLOR_RED, -1);
		init_pair(TP_DOWN, COLOR_GREEN, -1);
		init_pair(TP_USED, COLOR_GREEN, -1);
		init_pair(TP_CACHE, COLOR_YELLOW, -1);
		init_pair(TP_DIM, COLOR_BLUE, -1);
	}
	return 0;
}

/* The pids on screen: the model keeps their stat fresh. */
void
tui_note_shown(struct tui *t)
{
	int body = tui_body_lines(t);
	size_t n = 0;

	if (body < 0)		/* a terminal too small to show rows */
		body = 0;
	if (t->shown_cap < (size_t)body + 1) {
		t->shown_cap = (size_t)body + 1;
		t->shown = mw_xreallocarray(t->shown, t->shown_cap,
		    sizeof(*t->shown));
	}
	for (size_t i = t->top; i < t->nidx && n < (size_t)body; i++)
		t->shown[n++] = t->pt.rows[t->idx[i]].pid;
	if (t->mv_open)
		t->shown[n++] = t->mv_pid;
	t->nshown = n;
}

/* The rows in tree order, with their subtrees' sums in t->trows. */
static void
tree_order(struct tui *t)
{
	proctable_tree(&t->pt, t->idx, t->nidx, t->trows);
	for (size_t i = 0; i < t->nidx; i++)
		t->idx[i] = t->trows[i].row;
}

/* Order the rows again and keep the selection on its process. */
void
tui_reorder(struct tui *t)
{
	int body = tui_body_lines(t);
	struct pt_select sel = {
		.key = t->key, .reverse = t->reverse, .filter = t->filter,
		.user = t->user, .kthreads = t->kthreads,
	};

	if (t->idx_cap < t->pt.len + 1) {
		t->idx_cap = t->pt.len + t->pt.len / 4 + 16;
		t->idx = mw_xreallocarray(t->idx, t->idx_cap, sizeof(*t->idx));
		t->trows = mw_xreallocarray(t->trows, t->idx_cap,
		    sizeof(*t->trows));
	}
	t->nidx = proctable_select(&t->pt, &sel, t->idx);
	if (t->tree)
		tree_order(t);
	if (t->mode == TM_GROUPS)
		tui_groups_build(t);
	for (size_t i = 0; i < t->nidx && t->sel_pid != 0; i++)
		if (t->pt.rows[t->idx[i]].pid == t->sel_pid) {
			t->sel = i;
			break;
		}
	if (t->sel >= t->nidx)
		t->sel = t->nidx ? t->nidx - 1 : 0;
	if (body < 1)
		body = 1;
	if (t->sel < t->top)
		t->top = t->sel;
	if (t->sel >= t->top + (size_t)body)
		t->top = t->sel - (size_t)body + 1;
	if (t->top + (size_t)body > t->nidx)
		t->top = t->nidx > (size_t)body ? t->nidx - (size_t)body : 0;
	t->sel_pid = t->nidx ? t->pt.rows[t->idx[t->sel]].pid : 0;
	tui_note_shown(t);
}

/* After a new order: its first row, at the top of the window. */
void
tui_to_top(struct tui *t)
{
	t->sel = t->top = 0;
	t->sel_pid = 0;
	tui_reorder(t);
}

/* The drilled process exited or its pid now belongs to another one. */
static void
check_drilled(struct tui *t)
{
	const struct pt_row *r = proctable_find(&t->pt, t->mv_pid);

	if (r != NULL && r->have_stat && t->mv_start == 0)
		t->mv_start = r->start;	/* opened before its stat was read */
	/* A zombie's smaps is empty: it has exited, its parent not waited */
	if (r == NULL || (r->have_stat && r->start != t->mv_start) ||
	    r->state == 'Z' || r->state == 'X')
		t->mv_gone = true;
}

void
tui_sys_refresh(struct tui *t)
{
	if (t->mode != TM_ZONES && t->mode != TM_BUDDY && t->mode != TM_SLABS)
		return;
	sys_snapshot_take(t->o->src, tui_sys_parts(t->mode), tui_sys_slot(t));
	tui_sys_build(t);
}

static int
refresh_model(struct tui *t, struct mw_err *err)
{
	int rc;

	rc = proctable_refresh(&t->pt, t->shown, t->nshown, err);
	if (rc < 0)
		return rc;
	t->refreshed_at = time(NULL);
	if (t->mv_open && !t->mv_gone) {
		check_drilled(t);
		if (!t->mv_gone && mapview_refresh(&t->mv, t->o->src, NULL) < 0)
			t->mv_gone = true;
		tui_maps_order(t);
	}
	if (t->mode == TM_ZONES || t->mode == TM_BUDDY || t->mode == TM_SLABS)
		tui_sys_refresh(t);
	tui_reorder(t);
	return 0;
}

void
tui_open_maps(struct tui *t)
{
	const struct pt_row *r;
	struct mw_err e;

	if (t->nidx == 0)
		return;
	r = &t->pt.rows[t->idx[t->sel]];
	if (r->kthread) {
		snprintf(t->msg, sizeof(t->msg),
		    "%d is a kernel thread: no memory map of its own (z b l: the kernel's)",
		    (int)r->pid);
		return;
	}
	mw_err_clear(&e);
	if (t->mv_open)
		mapview_close(&t->mv);
	t->mv_open = false;
	t->mv_pid = r->pid;
	t->mv_start = r->start;
	snprintf(t->mv_comm, sizeof(t->mv_comm), "%s", r->comm);
	t->mv_gone = false;
	t->mv_sel = t->mv_top = 0;
	t->mv_err[0] = '\0';
	t->mv_opened_ms = mw_now_ms();
	if (mapview_open(&t->mv, t->o->src, r->pid, &e) < 0) {
		snprintf(t->mv_err, sizeof(t->mv_err), "%s", e.msg);
		mapview_close(&t->mv);
	} else {
		t->mv_open = true;
		t->mv_gone = r->state == 'Z';
	}
	t->mode = TM_MAPS;
	tui_maps_order(t);
	tui_note_shown(t);
}

void
tui_close_maps(struct tui *t)
{
	if (t->mv_open)
		mapview_close(&t->mv);
	t->mv_open = false;
	t->mode = TM_PROCS;
	tui_note_shown(t);
}

/*
 * The request for a larger terminal, in as many lines as the width needs
 * (cut at spaces), so that all of it is read in any terminal.
 */
static void
draw_too_small(const struct tui *t)
{
	char s[128];
	const char *p = s;
	int y = 0, w = t->cols > 0 ? t->cols : 1;

	snprintf(s, sizeof(s),
	    "memwatch top needs %dx%d (now %dx%d): enlarge the window, or q to quit",
	    TUI_MIN_COLS, TUI_MIN_LINES, t->cols, t->lines);
	while (*p != '\0' && y < (t->lines > 0 ? t->lines : 1)) {
		int n = (int)strlen(p);

		if (n > w) {
			n = w;
			while (n > 0 && p[n] != ' ')
				n--;
			if (n == 0)
				n = w;
		}
		mvaddnstr(y++, 0, p, n);
		p += n;
		while (*p == ' ')
			p++;
	}
}

static void
draw(const struct tui *t)
{
	erase();
	if (t->lines < TUI_MIN_LINES || t->cols < TUI_MIN_COLS) {
		draw_too_small(t);
	} else if (t->help) {
		if (t->mode == TM_MAPS)
			tui_draw_maps_help(t);
		else
			tui_draw_help(t);
	} else {
		switch (t->mode) {
		case TM_PROCS:
			tui_draw_procs(t);
			break;
		case TM_MAPS:
			tui_draw_maps(t);
			break;
		case TM_GROUPS:
			tui_draw_groups(t);
			break;
		case TM_ZONES:
		case TM_BUDDY:
		case TM_SLABS:
			tui_draw_sys(t);
			break;
		}
	}
	wnoutrefresh(stdscr);
	doupdate();
}

static int
wait_ms(const struct tui *t)
{
	uint64_t now = mw_now_ms();

	if (t->paused || t->next_ms <= now)
		return t->paused ? POLL_MS : 0;
	return t->next_ms - now > POLL_MS ? POLL_MS : (int)(t->next_ms - now);
}

static int
loop(struct tui *t, struct mw_err *err)
{
	uint64_t every = (uint64_t)(t->o->interval * 1000.0);
	int rc = 0;

	if (every < 100)
		every = 100;
	bool dirty = true;

	while (!tui_signal) {
		int ch;

		t->lines = LINES;
		t->cols = COLS;
		if (dirty)	/* a timeout without news draws nothing */
			draw(t);
		if (t->o->frames != 0 && t->frames >= t->o->frames)
			break;	/* -n: that was the last frame */
		timeout(wait_ms(t));
		ch = getch();
		dirty = ch != ERR;
		if (ch == KEY_RESIZE) {
			t->lines = LINES;
			t->cols = COLS;
			tui_reorder(t);
			tui_sys_build(t);
		} else if (ch != ERR && !tui_handle_key(t, ch)) {
			break;
		}
		if (!t->paused && mw_now_ms() >= t->next_ms) {
			rc = refresh_model(t, err);
			if (rc < 0)
				break;
			t->next_ms = mw_now_ms() + every;
			dirty = true;
			t->frames++;
		}
	}
	return rc;
}

static int
model_start(struct tui *t, const struct tui_opts *o, struct mw_err *err)
{
	const char *cs = nl_langinfo(CODESET);
	int rc;

	memset(t, 0, sizeof(*t));
	t->o = o;
	t->key = o->sort;
	t->reverse = o->reverse;
	t->utf8 = cs != NULL && strcmp(cs, "UTF-8") == 0;
	if (o->filter != NULL) {
		snprintf(t->filter, sizeof(t->filter), "%s", o->filter);
		t->filter_len = strlen(t->filter);
	}
	t->lines = TUI_MIN_LINES;
	t->cols = TUI_MIN_COLS;
	t->kthreads = o->kthreads;
	t->cmdline = o->cmdline;
	t->tree = o->tree;
	if (o->user != NULL)
		snprintf(t->user, sizeof(t->user), "%s", o->user);
	rc = proctable_open(&t->pt, o->src, PT_OPEN_CMDLINE, err);
	if (rc < 0)
		return rc;
	proctable_only(&t->pt, o->pids, o->npids);
	rc = refresh_model(t, err);
	t->frames = 1;
	if (rc == 0 && o->npids > 0 && t->pt.len == 0)
		rc = mw_err_set(err, -ESRCH, MW_EXIT_TARGET,
		    "no such process %d (none of the --pid processes exists); check the pids with ps",
		    (int)o->pids[0]);
	if (rc < 0) {
		proctable_close(&t->pt);
		free(t->idx);
		free(t->trows);
		free(t->shown);
	}
	return rc;
}

static void
model_end(struct tui *t)
{
	if (t->mv_open)
		mapview_close(&t->mv);
	tui_sys_free(t);
	proctable_close(&t->pt);
	free(t->idx);
	free(t->trows);
	free(t->shown);
	free(t->groups);
	free(t->mv_idx);
}

int
tui_run(const struct tui_opts *o, struct mw_err *err)
{
	struct tui t;
	int rc, sig;

	rc = model_start(&t, o, err);
	if (rc < 0)
		return rc;
	tui_signal = 0;
	catch_signals(true);
	rc = start_curses(&t, err);
	if (rc == 0) {
		t.lines = LINES;
		t.cols = COLS;
		tui_reorder(&t);
		t.next_ms = mw_now_ms() + (uint64_t)(o->interval * 1000.0);
		rc = loop(&t, err);
	}
	tui_end();
	mw_set_oom_hook(NULL);
	model_end(&t);
	sig = tui_signal;
	catch_signals(false);
	if (sig != 0)
		raise(sig);
	return rc;
}
