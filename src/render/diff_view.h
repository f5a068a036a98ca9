/* render/diff_view.h: how a diff came about and what a renderer shows. */
#ifndef MW_RENDER_DIFF_VIEW_H
#define MW_RENDER_DIFF_VIEW_H

#include <stdbool.h>

struct diff_view {
	const char *before_file;	/* NULL: taken live */
	const char *after_file;
	double interval;	/* seconds between live snapshots; < 0: none */
	bool all;		/* unchanged mappings too (--all) */
	bool bytes;		/* exact byte counts (--bytes) */
	bool color;		/* colour the change words (--color) */
	bool same_process;	/* same (pid, start time) on both sides */
};

#endif
