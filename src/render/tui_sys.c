/* render/tui_sys.c: the z, b and l views (zones, buddy, slabs). */
#include "config.h"

#include <stdlib.h>

#include <curses.h>

#include "render/tui_int.h"

void
tui_sys_refresh(struct tui *t)
{
}

void
tui_sys_build(struct tui *t)
{
}

void
tui_sys_free(struct tui *t)
{
}

size_t
tui_sys_lines(const struct tui *t)
{
	return 0;
}

void
tui_draw_sys(const struct tui *t)
{
	tui_put(0, 0, TP_TITLE, A_BOLD, t->mode == TM_ZONES ? "zones" :
	    t->mode == TM_BUDDY ? "buddy" : "slabs");
	tui_put(2, 0, TP_NONE, A_NORMAL, "this view needs the system model");
	tui_status(t, "Esc back  q quit");
}
