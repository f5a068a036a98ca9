/* render/tui_help.c: the process table's help screen (? or F1). */
#include "config.h"

#include <stddef.h>

#include <curses.h>

#include "render/tui_int.h"

static const char *const help_lines[] = {
	"memwatch top: processes' memory, live",
	"",
	"  Up Down j k     move the selection        PgUp PgDn    a page",
	"  Home End g G    first, last row",
	"  /  \\  F4        filter by command, command line or pid (Enter",
	"                  keeps it, Esc clears it)",
	"  F3              search: jump to the next match (F3 again: the next)",
	"  s  >  F6        sort by the next column    <    the previous one",
	"  M  N  r         sort by PSS, by pid; reverse the sort",
	"  t  F5           tree: children under parents, TREE PSS per subtree",
	"  c               command lines instead of names",
	"  u               one user's processes only (empty: every user)",
	"  K               kernel threads, hidden and counted apart by default",
	"  o               the CGROUP column: each process's memory cgroup (a",
	"                  long path loses its start: ~ marks the cut)",
	"  U  C  O         totals per user, per command name, per memory cgroup;",
	"                  on a group: Enter + - open and close it (its",
	"                  processes under it; Enter on one: its mappings), * all,",
	"                  f the table of that user or command",
	"  Enter  Right    the selected process's mappings, live, with the",
	"                  change of Size, Rss, Pss, Swap since opened",
	"  Esc             back; in the table it clears the filter, then the user",
	"  z  b  l         zones, buddy free lists, slab caches",
	"  p               pause (keys still work)",
	"  ?  F1           this help (any key closes it)     q  F10  quit",
	"",
	"Columns: VSZ address space (stat); RSS resident; PSS proportional set",
	"size (shared pages divided among sharers); USS private pages; SWAP",
	"swapped out; GROWTH the trend of PSS over the last 16 refreshes",
	"(Theil-Sen) and its verdict: + growing steadily, ^ grew then levelled",
	"off, ~ sawtooth, = flat, - shrinking, ? not enough samples yet;",
	"HISTORY the last PSS samples. '?' marks a value that cannot be read",
	"(another user's smaps_rollup without privilege): such a row ranks by",
	"its RSS from stat, the most its PSS can be. '~' before PSS:",
	"read at an earlier refresh (statm did not move), at most 10 old.",
	"CGROUP: the memory cgroup (v1 memory hierarchy, or v2 when it holds",
	"the memory controller), read when shown or grouped by, at a",
	"process's first two refreshes, then every 30 refreshes: a moved",
	"process shows its new cgroup within 30 refreshes; ? unknown.",
};

void
tui_draw_help(const struct tui *t)
{
	size_t n = sizeof(help_lines) / sizeof(help_lines[0]);
	size_t room = t->lines > 1 ? (size_t)t->lines - 1 : 1;
	size_t top = t->help_top < n ? t->help_top : 0;

	for (size_t i = 0; top + i < n && i < room; i++)
		tui_put((int)i, 0, top + i == 0 ? TP_TITLE : TP_NONE,
		    top + i == 0 ? A_BOLD : A_NORMAL, help_lines[top + i]);
	tui_status(t, top + room < n ?
	    "Space or Down: more   any other key: back   q: quit" :
	    "press any key to go back, q to quit");
}

/* Lines of the help that a terminal of this height leaves unseen. */
size_t
tui_help_more(const struct tui *t)
{
	size_t n = sizeof(help_lines) / sizeof(help_lines[0]);
	size_t room = t->lines > 1 ? (size_t)t->lines - 1 : 1;

	return t->help_top + room < n ? n - t->help_top - room : 0;
}
