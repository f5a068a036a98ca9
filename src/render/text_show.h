/* render/text_show.h: memwatch PID show as an aligned text table. */
#ifndef MW_RENDER_TEXT_SHOW_H
#define MW_RENDER_TEXT_SHOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct proc_snapshot;
struct map_table;
struct map_row;
struct mw_buf;

struct show_view {
	const uint32_t *idx;	/* rows of the table to print, in order */
	size_t n;
	bool filtered;		/* idx is not every mapping in address order */
	bool bytes;		/* exact byte counts */
	bool color;
	size_t width;		/* columns available */
	bool whole_paths;	/* not a terminal: paths are not cut */
};

/* The table's columns, worked out from the rows shown. */
struct show_layout {
	size_t digits;		/* hex digits of an address */
	bool range;		/* START-END, else START only */
	size_t addrw, kindw, numw, pathw;
	bool bytes, color;
	unsigned char kind_len[16];	/* strlen of each vma_kind_name() */
};

/*
 * Identity and totals from snap (whose mappings need not be kept), one
 * row per selected mapping of rows and a totals line, into f through one
 * buffer. VSZ leaves out [vsyscall], which is no mapping of the process
 * (status VmSize does the same). 0 or -EIO.
 */
int render_show(FILE *f, const struct proc_snapshot *snap,
    const struct map_table *rows, const struct show_view *view);

/* Path bytes escaped and fitted into at most width columns; a path too
 * long loses its start, shown as '~' (the file name stays). scratch is
 * reused between calls. Returns the columns used. */
size_t render_path(struct mw_buf *out, struct mw_buf *scratch,
    const char *p, size_t n, size_t width);

#endif
