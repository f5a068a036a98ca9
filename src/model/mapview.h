/* model/mapview.h: one process's mappings, live, with deltas since opened.
 *
 * The live view's drill-down: mapview_open() reads /proc/PID/smaps (through
 * source.c, parsed by parse/smaps.c) and keeps it as the baseline; each
 * mapview_refresh() reads it again and gives every current mapping its
 * change since then. Mappings are matched to the baseline by the diff
 * engine (model/diff.h): by identity (the same file, or anonymous memory of
 * the same name), grown at either end, split or merged; a mapping with no
 * match is new and its whole size counts as change. Only this one process's
 * full smaps is read; the buffer and arenas are reused between refreshes.
 */
#ifndef MW_MODEL_MAPVIEW_H
#define MW_MODEL_MAPVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/diff.h"
#include "parse/smaps.h"
#include "util/arena.h"
#include "util/buf.h"

struct mw_err;
struct mw_source;

/* The columns the drill-down shows. */
enum mv_col { MV_SIZE, MV_RSS, MV_PSS, MV_SWAP, MV_NR };

struct mv_row {
	const struct vma *vma;	/* in the current parse */
	enum diff_change change;	/* against the baseline */
	bool added;		/* not in the baseline */
	bool known[MV_NR];	/* the kernel printed the field */
	int64_t delta[MV_NR];	/* bytes since opened (0 when unknown);
				 * a split or merge's on its first row */
};

struct mapview {
	pid_t pid;
	struct mw_buf text;	/* the last smaps read */
	struct mw_arena base_arena, cur_arena;
	struct vma_vec base, cur;
	struct vma_diff diff;	/* the last matching */
	struct mv_row *rows;	/* one per cur mapping, in address order */
	size_t len, cap;
	size_t removed;		/* baseline mappings no longer there */
	uint64_t base_total[MV_NR];	/* sums over the baseline */
	uint64_t total[MV_NR];	/* sums over cur */
	int64_t total_delta[MV_NR];	/* total - base_total */
	uint64_t cost_ns;	/* the last read and parse */
};

/* Read the baseline. 0, or -errno with err filled (gone, denied). */
int mapview_open(struct mapview *mv, const struct mw_source *src, pid_t pid,
    struct mw_err *err);
/*
 * Read again and compute deltas. When the file cannot be read (the process
 * exited) the last rows stay; when it cannot be parsed there are none.
 */
int mapview_refresh(struct mapview *mv, const struct mw_source *src,
    struct mw_err *err);
void mapview_close(struct mapview *mv);

#endif
