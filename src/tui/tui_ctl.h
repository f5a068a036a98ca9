/* tui/tui_ctl.h: the controller's steps, shared by tui/tui.c (the loop)
 * and tui/tui_keys.c (the keys); the drawing never calls them. */
#ifndef MW_TUI_TUI_CTL_H
#define MW_TUI_TUI_CTL_H

#include <stdbool.h>

#include "render/tui_int.h"

/* The loop's model steps, for the keys (tui.c). */
void tui_reorder(struct tui *t);	/* keeps the selected process */
void tui_to_top(struct tui *t);		/* the first row of the order */
void tui_note_shown(struct tui *t);
void tui_open_maps(struct tui *t);
void tui_close_maps(struct tui *t);
/* z, b, l: the system view read again, then built (tui.c). */
void tui_sys_refresh(struct tui *t);

/* One key (tui_keys.c); false when the view should end. */
bool tui_handle_key(struct tui *t, int ch);

#endif
