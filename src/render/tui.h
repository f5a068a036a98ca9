/* render/tui.h: the live view's options, what the controller (tui/tui.c)
 * and the drawing (render/tui_*.c) both read. No curses here. */
#ifndef MW_RENDER_TUI_H
#define MW_RENDER_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/proctable.h"

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
	const pid_t *pids;	/* watch only these (--pid), npids of them */
	size_t npids;
	const struct mw_source *src;	/* for the drill-down and z/b/l */
};

#endif
