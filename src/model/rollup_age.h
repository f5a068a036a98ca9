/* model/rollup_age.h: read a process's smaps_rollup again only when its
 * memory moved.
 *
 * smaps_rollup walks every page table of a process (the cost of a memory
 * table); statm is three counters the kernel keeps (size, resident,
 * shared pages), about a tenth of the cost. A table refreshed often reads
 * statm every time and the rollup only when statm moved, when it was never
 * read, or when it is every refreshes old: PSS also moves when other
 * processes map or unmap pages this one shares, which statm does not show,
 * so a kept rollup is at most every refreshes old. The process table of
 * the live view and serve's sampler both use it; each keeps one struct
 * rollup_age per process, and every process's statm open (struct mw_kept
 * of source.h): an open and a close cost more than reading it.
 */
#ifndef MW_MODEL_ROLLUP_AGE_H
#define MW_MODEL_ROLLUP_AGE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct mw_buf;
struct mw_kept;
struct mw_source;

/* The rollup is read again at least this often (refreshes). */
#define ROLLUP_EVERY 10

struct rollup_age {
	uint64_t statm[3];	/* size, resident, shared at the last read */
	uint32_t gen;		/* the refresh of that read */
	bool known;		/* a rollup was read (and could be) */
};

enum rollup_due {
	ROLLUP_KEEP,		/* the values read before still hold */
	ROLLUP_READ,		/* read it now */
	ROLLUP_NONE,		/* no address space (kernel thread, zombie) */
};

/*
 * Whether pid's rollup is to be read at refresh gen, from its statm (read
 * through src into b, its file kept open in kept). ROLLUP_READ records statm and gen in a, as if the
 * read succeeds: when it does not, set a->known false. A statm that cannot
 * be read gives ROLLUP_READ (the rollup read then tells what happened).
 */
enum rollup_due rollup_due(const struct mw_source *src, struct mw_kept *kept,
    pid_t pid, struct rollup_age *a, uint32_t gen, unsigned every,
    struct mw_buf *b);

#endif
