/* render/tui.c: the live view's loop: terminal, signals, keys, refresh. */
#include "config.h"
#include "render/tui.h"

#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "render/tui_int.h"
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
static void
note_shown(struct tui *t)
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

/* Order the rows again and keep the selection on its process. */
static void
reorder(struct tui *t)
{
	int body = tui_body_lines(t);

	if (t->idx_cap < t->pt.len + 1) {
		t->idx_cap = t->pt.len + t->pt.len / 4 + 16;
		t->idx = mw_xreallocarray(t->idx, t->idx_cap, sizeof(*t->idx));
	}
	t->nidx = proctable_order(&t->pt, t->key, t->reverse, t->filter,
	    t->idx);
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
	note_shown(t);
}

/* The drilled process exited or its pid now belongs to another one. */
static void
check_drilled(struct tui *t)
{
	const struct pt_row *r = proctable_find(&t->pt, t->mv_pid);

	if (r != NULL && r->have_stat && t->mv_start == 0)
		t->mv_start = r->start;	/* opened before its stat was read */
	if (r == NULL || (r->have_stat && r->start != t->mv_start))
		t->mv_gone = true;
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
	}
	if (t->mode == TM_ZONES || t->mode == TM_BUDDY || t->mode == TM_SLABS)
		tui_sys_refresh(t);
	reorder(t);
	return 0;
}

static void
open_maps(struct tui *t)
{
	const struct pt_row *r;
	struct mw_err e;

	if (t->nidx == 0)
		return;
	r = &t->pt.rows[t->idx[t->sel]];
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
	}
	t->mode = TM_MAPS;
	note_shown(t);
}

static void
close_maps(struct tui *t)
{
	if (t->mv_open)
		mapview_close(&t->mv);
	t->mv_open = false;
	t->mode = TM_PROCS;
	note_shown(t);
}

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

static void
filter_key(struct tui *t, int ch)
{
	if (ch == KEY_ESC) {
		t->filter_len = 0;
		t->filtering = false;
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		t->filtering = false;
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (t->filter_len > 0)
			t->filter_len--;
	} else if (ch >= 0x20 && ch < 0x7f &&
	    t->filter_len + 1 < sizeof(t->filter)) {
		t->filter[t->filter_len++] = (char)ch;
	}
	t->filter[t->filter_len] = '\0';
	reorder(t);
}

static void
sort_key(struct tui *t, int ch)
{
	if (ch == 's' || ch == '>')
		t->key = (enum pt_key)((t->key + 1) % PT_KEY_NR);
	else if (ch == '<')
		t->key = (enum pt_key)((t->key + PT_KEY_NR - 1) % PT_KEY_NR);
	else
		t->reverse = !t->reverse;
	snprintf(t->msg, sizeof(t->msg), "sorted by %s%s",
	    pt_key_name(t->key), t->reverse ? ", reversed" : "");
	reorder(t);
}

static void
sys_mode(struct tui *t, enum tui_mode m)
{
	if (t->mode == TM_MAPS)
		close_maps(t);
	t->mode = t->mode == m ? TM_PROCS : m;
	t->sys_top = 0;
	if (t->mode != TM_PROCS)
		tui_sys_refresh(t);
}

/* Keys of the process table; false when the view should end. */
static bool
procs_key(struct tui *t, int ch)
{
	long step = nav_step(ch, tui_body_lines(t));

	if (step != 0) {
		move_cursor(&t->sel, &t->top, t->nidx, tui_body_lines(t), step);
		t->sel_pid = t->nidx ? t->pt.rows[t->idx[t->sel]].pid : 0;
		note_shown(t);
		return true;
	}
	switch (ch) {
	case '/':
		t->filtering = true;
		break;
	case 's': case '<': case '>': case 'r':
		sort_key(t, ch);
		break;
	case '\n': case '\r': case KEY_ENTER:
		open_maps(t);
		break;
	case KEY_ESC:
		if (t->filter_len > 0) {
			t->filter_len = 0;
			t->filter[0] = '\0';
			reorder(t);
		}
		break;
	default:
		break;
	}
	return true;
}

static void
maps_key(struct tui *t, int ch)
{
	int body = t->lines - 5;
	long step = nav_step(ch, body);

	if (step != 0)
		move_cursor(&t->mv_sel, &t->mv_top, t->mv_open ? t->mv.len : 0,
		    body, step);
	else if (ch == KEY_ESC || ch == KEY_LEFT || ch == 'h')
		close_maps(t);
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
	}
}

/* One key; false to quit. */
static bool
handle_key(struct tui *t, int ch)
{
	if (t->filtering) {
		filter_key(t, ch);
		return true;
	}
	t->msg[0] = '\0';
	if (t->help) {		/* any key but q closes the help */
		t->help = false;
		return ch != 'q';
	}
	switch (ch) {
	case 'q':
		return false;
	case '?':
		t->help = true;
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
		return procs_key(t, ch);
	case TM_MAPS:
		maps_key(t, ch);
		break;
	case TM_ZONES:
	case TM_BUDDY:
	case TM_SLABS:
		sys_key(t, ch);
		break;
	}
	return true;
}

static void
draw(const struct tui *t)
{
	erase();
	if (t->lines < TUI_MIN_LINES || t->cols < TUI_MIN_COLS) {
		char s[128];

		snprintf(s, sizeof(s),
		    "memwatch top needs %dx%d (now %dx%d): enlarge the window",
		    TUI_MIN_COLS, TUI_MIN_LINES, t->cols, t->lines);
		mvaddnstr(0, 0, s, t->cols > 0 ? t->cols : 1);
	} else if (t->help) {
		tui_draw_help(t);
	} else {
		switch (t->mode) {
		case TM_PROCS:
			tui_draw_procs(t);
			break;
		case TM_MAPS:
			tui_draw_maps(t);
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
			reorder(t);
			tui_sys_build(t);
		} else if (ch != ERR && !handle_key(t, ch)) {
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
	rc = proctable_open(&t->pt, o->src, 0, err);
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
	free(t->shown);
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
		reorder(&t);
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
