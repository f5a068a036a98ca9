/* render/tui_int.h: the live view's state, shared by the controller
 * (tui/tui*.c) and the drawing (render/tui*.c) only.
 *
 * The controller (tui/tui.c, tui/tui_keys.c) updates the state from keys
 * and the model; the draw functions (tui_procs.c, tui_maps.c, tui_sys.c,
 * tui_groups.c) only read it and draw into stdscr.
 */
#ifndef MW_RENDER_TUI_INT_H
#define MW_RENDER_TUI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "model/mapview.h"
#include "model/proctable.h"
#include "render/tui.h"
#include "util/buf.h"

#define TUI_MIN_COLS 80
#define TUI_MIN_LINES 24
#define TUI_HEAD_LINES 5	/* title, memory, swap, totals, column titles */
#define TUI_SPARK_W 8

enum tui_mode { TM_PROCS, TM_MAPS, TM_ZONES, TM_BUDDY, TM_SLABS, TM_GROUPS };

/* What the status line is reading from the keyboard. */
enum tui_prompt { TPR_NONE, TPR_FILTER, TPR_SEARCH, TPR_USER };

/* The drill-down's order: address, or a column, largest first. */
enum tui_mv_key { TMV_ADDR, TMV_SIZE, TMV_RSS, TMV_PSS, TMV_SWAP,
	TMV_CHANGE, TMV_NR };

/* Colour pairs; without colour every pair is plain and attributes remain. */
enum tui_pair {
	TP_NONE, TP_TITLE, TP_UP, TP_DOWN, TP_USED, TP_CACHE, TP_DIM,
	TP_NR
};

struct tui_sys;

/* A line of TM_GROUPS: a group, or one of its rows when it is open. */
struct tui_gline {
	size_t group;		/* into groups */
	size_t pos;		/* into idx; SIZE_MAX: the group's own line */
};

struct tui {
	const struct tui_opts *o;
	struct proctable pt;
	size_t *idx;		/* rows shown, in order (into pt.rows) */
	size_t nidx, idx_cap;
	enum pt_key key;
	bool reverse;
	char filter[64];
	size_t filter_len;
	bool filtering;		/* typing after '/' */
	enum tui_prompt prompt;	/* search or user being typed */
	char input[64];		/* what is typed for them */
	size_t input_len;
	char search[64];	/* the last search (F3 again: the next) */
	char user[PT_USER_LEN];	/* u: only this user's rows; "": all */
	bool kthreads;		/* K: kernel threads listed */
	bool cmdline;		/* c: the command line, not the name */
	bool tree;		/* t: children under their parents */
	struct pt_tree_row *trows;	/* tree: one per idx, same order */
	bool cgcol;		/* o: the CGROUP column */
	enum pt_group_by group_by;	/* TM_GROUPS: per user, command, cgroup */
	struct pt_group *groups;
	size_t ngroups;
	size_t *g_of;		/* the group of each idx position */
	struct tui_gline *glines;	/* TM_GROUPS's lines, top to bottom */
	size_t nglines, g_sel, g_top;	/* g_sel, g_top: into glines */
	/* The selected line, kept across refreshes: its group, its pid. */
	char g_name[4096];
	bool g_null;		/* the group of unknown cgroups */
	pid_t g_pid;		/* 0: the group's own line */
	/* Open groups (their rows listed under them), by name. */
	char **g_open;
	size_t g_nopen, g_open_cap;
	bool g_open_null;
	enum tui_mode mv_back;	/* Esc in the drill-down returns here */
	size_t sel;		/* selected position in idx */
	size_t top;		/* first position shown */
	pid_t sel_pid;		/* the selection follows its process */
	pid_t *shown;		/* pids on screen: their stat is kept fresh */
	size_t nshown, shown_cap;
	bool paused, help, color, utf8;
	size_t help_top;	/* the first help line shown (Space: more) */
	enum tui_mode mode;
	uint64_t next_ms;	/* next refresh (monotonic ms) */
	time_t refreshed_at;	/* wall clock of the last refresh */
	unsigned long long frames;	/* refreshes since the start (-n) */
	int lines, cols;
	/* the drill-down */
	struct mapview mv;
	bool mv_open;
	bool mv_gone;		/* the process exited or its pid was reused */
	pid_t mv_pid;
	unsigned long long mv_start;
	char mv_comm[PT_COMM_LEN];
	char mv_err[1024];
	uint64_t mv_opened_ms;
	size_t mv_sel, mv_top;
	enum tui_mv_key mv_key;	/* s in the drill-down */
	size_t *mv_idx;		/* mv.rows in that order */
	size_t mv_idx_cap;
	bool mv_kthread;	/* the drilled process is a kernel thread */
	/* z, b, l */
	struct tui_sys *sys;
	size_t sys_top;
	char msg[256];		/* one line for the status bar */
};

/* Rows of the table area (between the header and the status line). */
int tui_body_lines(const struct tui *t);

/* Orders and groups built from the model's tables. */
void tui_maps_order(struct tui *t);	/* mv_idx from mv_key */
void tui_groups_build(struct tui *t);
void tui_groups_keep(struct tui *t);	/* the selection follows its name */
void tui_groups_free(struct tui *t);
/* Open (1), close (0) or flip (-1) the selected line's group. */
void tui_groups_fold(struct tui *t, int how);
void tui_groups_fold_all(struct tui *t);	/* all open, or all closed */

/* Drawing; each reads t only. */
void tui_draw_procs(const struct tui *t);
void tui_draw_help(const struct tui *t);
size_t tui_help_more(const struct tui *t);	/* help lines below */
void tui_draw_maps(const struct tui *t);
void tui_draw_maps_help(const struct tui *t);
void tui_draw_groups(const struct tui *t);
void tui_draw_sys(const struct tui *t);

/* Shared drawing helpers (tui_procs.c). */
void tui_put(int y, int x, int pair, int attr, const char *s);
void tui_status(const struct tui *t, const char *text);
/* s over lines y..last, cut at spaces; returns the line after it. */
int tui_put_wrapped(int y, int x, int pair, int attr, const char *s, int last);
/* A bar of width cells: shares of total, drawn with chars and pairs. */
void tui_bar(int y, int x, int width, uint64_t total, const uint64_t *parts,
    const int *pairs, const char *chars, size_t nparts);

/* The system views' data (tui_sys.c): the snapshot to fill for t->mode
 * (the old one freed) and the parts it needs; then build its lines. */
struct sys_snapshot *tui_sys_slot(struct tui *t);
unsigned tui_sys_parts(enum tui_mode m);
void tui_sys_build(struct tui *t);	/* lines for this width */
void tui_sys_free(struct tui *t);
size_t tui_sys_lines(const struct tui *t);

#endif
