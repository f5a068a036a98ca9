/* parse/vmallocinfo.h: /proc/vmallocinfo, pages summed by caller; no I/O.
 *
 * A line is "0xSTART-0xEND SIZE CALLER+0xOFF/0xLEN [pages=N] [phys=...]
 * [ioremap|vmalloc|vmap|user|vpages] [N0=...]". Only lines with pages=N
 * hold RAM (an ioremap or a vmap of pages owned elsewhere has none).
 */
#ifndef MW_PARSE_VMALLOCINFO_H
#define MW_PARSE_VMALLOCINFO_H

#include <stddef.h>
#include <stdint.h>

struct mw_arena;

struct vmalloc_caller {
	const char *name;	/* the function, without +0xOFF/0xLEN */
	uint64_t pages;
	size_t areas;
};

struct vmallocinfo {
	struct vmalloc_caller *callers;	/* most pages first */
	size_t len;
	uint64_t pages;		/* every pages=N summed */
	size_t skipped;
};

/* 0, or -EINVAL when buf holds text but no area line. Callers in arena. */
int vmallocinfo_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct vmallocinfo *vi);

#endif
