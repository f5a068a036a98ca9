/* model/pages.h: page residency of a process's mappings, from pagemap.
 *
 * pages_take() reads the process's smaps (for the mappings) and then
 * /proc/PID/pagemap in chunks of 8192 entries (64 KiB), counting present,
 * swapped, guard and never-touched pages per mapping and, for the map,
 * per block of per_block pages. A mapping of 1 GiB or more is asked with
 * the PAGEMAP_SCAN ioctl where the kernel has it (6.7+), which skips empty
 * page tables (a sanitizer's terabytes of shadow memory read in
 * milliseconds); its exclusive, soft-dirty and uffd-wp counts are then
 * unknown. [vsyscall] is outside the page tables that pagemap walks: it
 * is listed with read false.
 *
 * The report owns its snapshot, rows and blocks; pages_free() releases
 * them.
 */
#ifndef MW_MODEL_PAGES_H
#define MW_MODEL_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/snapshot.h"
#include "parse/pagemap.h"

struct mw_source;
struct mw_err;

struct pages_vma {
	const struct vma *vma;		/* in the report's snapshot */
	struct pagemap_counts counts;
	bool read;			/* pagemap covered the mapping */
	bool scanned;			/* by PAGEMAP_SCAN: no per-page flags */
	bool too_large;			/* not read: over PAGES_READ_MAX */
	uint64_t per_block;		/* pages per map cell, >= 1 */
	size_t first_block;		/* its cells in report->blocks */
	size_t nblocks;
};

struct pages_report {
	struct proc_snapshot snap;
	uint64_t page_size;
	struct pages_vma *v;
	size_t len;
	struct pagemap_block *blocks;
	size_t nblocks;
	struct pagemap_counts total;	/* over the rows read */
	bool no_scan, no_guard;		/* what PAGEMAP_SCAN lacked here */
};

/*
 * The most pagemap entries read one by one in a report (256 GiB of address
 * space in 4 KiB pages, 512 MiB of entries): a mapping PAGEMAP_SCAN cannot count
 * (before 6.7, a captured tree) that would pass it is left unread and
 * marked too_large, so that an absurd range in smaps over a huge sparse
 * pagemap file costs nothing.
 */
#define PAGES_READ_MAX ((uint64_t)1 << 26)

/*
 * Read the residency of pid's mappings into r. With addr not NULL, only the
 * mapping holding *addr (-ERANGE with err filled when none does). cells is
 * the most map cells a mapping gets (0: no map). Errors as snapshot_take(),
 * and -ENOENT when the process exits while pagemap is read.
 */
int pages_take(const struct mw_source *src, pid_t pid, const uint64_t *addr,
    size_t cells, struct pages_report *r, struct mw_err *err);
void pages_free(struct pages_report *r);

#endif
