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
 * Rows drawn while smaps is still being read, so that drawing them
 * overlaps the kernel's writing of the rest, in a layout guessed before
 * the rows are known: 16 address digits and a kind column as wide as
 * "vsyscall" (an x86-64 process, whose last mapping is [vsyscall]).
 * render_show() prints this text when the rows' own layout is the same,
 * and draws them again when it is not. Only for every mapping in address
 * order, amounts in units (not --bytes).
 */
struct show_early {
	bool on;
	struct show_layout l;
	struct mw_buf *text, *scratch;
	size_t rows;		/* drawn so far */
};

void show_early_init(struct show_early *e, const struct show_view *view);
void show_early_row(struct show_early *e, const struct map_row *r);
void show_early_free(struct show_early *e);

/*
 * Identity and totals from snap (whose mappings need not be kept), one
 * row per selected mapping of rows and a totals line, into f through one
 * buffer. VSZ leaves out [vsyscall], which is no mapping of the process
 * (status VmSize does the same). early (may be NULL) gives rows drawn
 * already. 0 or -EIO.
 */
int render_show(FILE *f, const struct proc_snapshot *snap,
    const struct map_table *rows, const struct show_view *view,
    const struct show_early *early);

/* Path bytes escaped and fitted into at most width columns; a path too
 * long loses its start, shown as '~' (the file name stays). scratch is
 * reused between calls. Returns the columns used. */
size_t render_path(struct mw_buf *out, struct mw_buf *scratch,
    const char *p, size_t n, size_t width);

#endif
