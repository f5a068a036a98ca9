/* parse/pagemap.h: /proc/PID/pagemap entries into page counts; no I/O.
 *
 * pagemap holds one little-endian u64 per virtual page
 * (Documentation/admin-guide/mm/pagemap.rst). The decoder is pure: bytes
 * in, counts out, so it can be fuzzed. Each entry is exactly one of
 *   present    bit 63: in RAM
 *   guard      bits 62 and 58: a MADV_GUARD_INSTALL marker (6.15+), which
 *              the kernel reports in swap format but is not swap
 *   swapped    bit 62 otherwise: a swap-format entry (swap, migration)
 *   untouched  neither: never faulted in, or dropped (swapped-out shmem
 *              also reads like this)
 * and may carry the flags file (61), exclusive (56), soft-dirty (55) and
 * uffd-wp (57). PFNs (bits 0-54) are ignored: they are zero without
 * CAP_SYS_ADMIN.
 */
#ifndef MW_PARSE_PAGEMAP_H
#define MW_PARSE_PAGEMAP_H

#include <stddef.h>
#include <stdint.h>

#define PAGEMAP_ENTRY_SIZE	8
#define PAGEMAP_PRESENT		((uint64_t)1 << 63)
#define PAGEMAP_SWAPPED		((uint64_t)1 << 62)
#define PAGEMAP_FILE		((uint64_t)1 << 61)
#define PAGEMAP_GUARD		((uint64_t)1 << 58)
#define PAGEMAP_UFFD_WP		((uint64_t)1 << 57)
#define PAGEMAP_EXCLUSIVE	((uint64_t)1 << 56)
#define PAGEMAP_SOFT_DIRTY	((uint64_t)1 << 55)

enum pagemap_state {
	PAGEMAP_UNTOUCHED,
	PAGEMAP_IN_RAM,
	PAGEMAP_IN_SWAP,
	PAGEMAP_GUARD_PAGE,
	PAGEMAP_STATE_NR
};

/* Page counts; every entry adds to pages and to one state. */
struct pagemap_counts {
	uint64_t pages;
	uint64_t state[PAGEMAP_STATE_NR];
	uint64_t file;		/* present or swapped, bit 61 */
	uint64_t exclusive;	/* present, mapped exactly once (bit 56) */
	uint64_t soft_dirty;	/* bit 55 */
	uint64_t uffd_wp;	/* bit 57 */
};

/* Per block of pages, for the residency map. */
struct pagemap_block {
	uint32_t pages;
	uint32_t state[PAGEMAP_STATE_NR];
};

/*
 * PAGEMAP_SCAN (ioctl on pagemap, 6.7+) reports ranges of pages by
 * category instead of one entry per page, skipping empty page tables: the
 * only practical way through a mapping of terabytes (sanitizer shadow
 * memory, large reservations). Categories (include/uapi/linux/fs.h):
 */
#define PAGEMAP_IS_FILE		((uint64_t)1 << 2)
#define PAGEMAP_IS_PRESENT	((uint64_t)1 << 3)
#define PAGEMAP_IS_SWAPPED	((uint64_t)1 << 4)
#define PAGEMAP_IS_GUARD	((uint64_t)1 << 8)	/* 6.15+ */

/*
 * Add npages pages in the categories cats, numbered first.. within their
 * mapping, to *c and to blocks as pagemap_decode() does. Untouched pages
 * are not reported by a scan: pagemap_scan_finish() derives them.
 */
void pagemap_add_region(uint64_t first, uint64_t npages, uint64_t cats,
    uint64_t per_block, struct pagemap_counts *c,
    struct pagemap_block *blocks, size_t nblocks);
/* Set c->pages to npages and count the rest as untouched, blocks too. */
void pagemap_scan_finish(uint64_t npages, uint64_t per_block,
    struct pagemap_counts *c, struct pagemap_block *blocks, size_t nblocks);

/* The state of one entry. */
enum pagemap_state pagemap_entry_state(uint64_t e);
/* Entry i of buf (little endian, whatever the host order). */
uint64_t pagemap_entry(const unsigned char *buf, size_t i);

/*
 * Decode the whole entries of buf[0..len) (a trailing partial entry is
 * ignored) and add them to *c. When blocks is not NULL, entry i, the page
 * numbered first + i within its mapping, also adds to
 * blocks[(first + i) / per_block] if that index is below nblocks
 * (per_block 0 counts as 1). Returns the number of entries decoded.
 */
size_t pagemap_decode(const unsigned char *buf, size_t len, uint64_t first,
    uint64_t per_block, struct pagemap_counts *c,
    struct pagemap_block *blocks, size_t nblocks);

#endif
