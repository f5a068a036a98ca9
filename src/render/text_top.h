/* render/text_top.h: the process table as a text frame (top -b). */
#ifndef MW_RENDER_TEXT_TOP_H
#define MW_RENDER_TEXT_TOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "model/proctable.h"

/* How a frame is drawn. */
struct text_top_view {
	enum pt_key key;
	bool exact;		/* byte counts instead of units */
	bool cmdline;		/* COMMAND is the whole command line */
	bool kthreads;		/* kernel threads are listed */
	bool cgroup;		/* a CGROUP column (the table reads them) */
	const struct pt_tree_row *tree;	/* tree rows for idx, or NULL */
	const char *denied;	/* why rollups are unreadable, what to do;
				 * "": not for want of privilege */
};

/*
 * Print a header (time, memory, swap, totals, the refresh's cost) and rows
 * idx[0..n) of pt as a table; '?' marks what could not be read. With a
 * tree, idx is in tree order and tree[i] belongs to idx[i]: COMMAND is
 * indented under its parent and TREE_PSS sums each subtree. 0, or -EIO
 * when f fails.
 */
int text_top_frame(FILE *f, const struct proctable *pt, const size_t *idx,
    size_t n, time_t taken_at, const struct text_top_view *v);

/*
 * The same header, then totals per user, command or cgroup: g[0..n). A
 * cgroup's path comes last and whole.
 */
int text_top_groups(FILE *f, const struct proctable *pt, const size_t *idx,
    size_t nidx, const struct pt_group *g, size_t n, enum pt_group_by by,
    time_t taken_at, const struct text_top_view *v);

#endif
