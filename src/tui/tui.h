/* tui/tui.h: the live view (ncurses); the only entry point into it.
 *
 * The controller (tui/tui.c, tui/tui_keys.c) reads the model, takes keys
 * and refreshes; render/tui_*.c draw. This header does not include
 * curses: commands call tui_run() and know nothing else of the terminal.
 */
#ifndef MW_TUI_TUI_H
#define MW_TUI_TUI_H

#include "render/tui.h"

struct mw_err;

/*
 * Run the view until 'q' (0) or an error (-errno, err filled). The
 * terminal is restored on every path: quit, error, out of memory (through
 * mw_set_oom_hook) and SIGINT/SIGTERM/SIGHUP, after which the signal is
 * raised again with its default action.
 */
int tui_run(const struct tui_opts *o, struct mw_err *err);

#endif
