/* render/tui.h: the live view (ncurses); the only entry point into it.
 *
 * This header does not include curses: commands call tui_run() and know
 * nothing else of the terminal.
 */
#ifndef MW_RENDER_TUI_H
#define MW_RENDER_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/proctable.h"

struct mw_err;
struct mw_source;

struct tui_opts {
	double interval;	/* seconds between refreshes */
	unsigned long long frames;	/* quit after this many refreshes; 0: never */
	enum pt_key sort;
	bool reverse;
	bool color;		/* colour wanted (--color, NO_COLOR resolved) */
	bool exact;		/* --bytes */
	const char *filter;	/* initial filter, or NULL */
	const char *user;	/* only this user's processes, or NULL */
	bool kthreads;		/* list kernel threads */
	bool cmdline;		/* the command line instead of the name */
	bool tree;		/* children under their parents */
	bool cgroup;		/* the CGROUP column */
	bool by_cgroup;		/* start with the totals per cgroup */
	const pid_t *pids;	/* watch only these (--pid), npids of them */
	size_t npids;
	const struct mw_source *src;	/* for the drill-down and z/b/l */
};

/*
 * Run the view until 'q' (0) or an error (-errno, err filled). The
 * terminal is restored on every path: quit, error, out of memory (through
 * mw_set_oom_hook) and SIGINT/SIGTERM/SIGHUP, after which the signal is
 * raised again with its default action.
 */
int tui_run(const struct tui_opts *o, struct mw_err *err);

#endif
