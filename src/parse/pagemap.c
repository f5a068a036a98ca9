/* parse/pagemap.c: pagemap entries into page counts; no I/O. */
#include "config.h"
#include "parse/pagemap.h"

uint64_t
pagemap_entry(const unsigned char *buf, size_t i)
{
	const unsigned char *p = buf + i * PAGEMAP_ENTRY_SIZE;
	uint64_t e = 0;

	for (int b = 7; b >= 0; b--)
		e = e << 8 | p[b];
	return e;
}

enum pagemap_state
pagemap_entry_state(uint64_t e)
{
	if (e & PAGEMAP_PRESENT)
		return PAGEMAP_IN_RAM;
	/* A PTE marker for a guard region is swap-format with bit 58. */
	if ((e & PAGEMAP_SWAPPED) && (e & PAGEMAP_GUARD))
		return PAGEMAP_GUARD_PAGE;
	if (e & PAGEMAP_SWAPPED)
		return PAGEMAP_IN_SWAP;
	return PAGEMAP_UNTOUCHED;
}

static void
count_flags(uint64_t e, enum pagemap_state s, struct pagemap_counts *c)
{
	if ((e & PAGEMAP_FILE) &&
	    (s == PAGEMAP_IN_RAM || s == PAGEMAP_IN_SWAP))
		c->file++;
	if ((e & PAGEMAP_EXCLUSIVE) && s == PAGEMAP_IN_RAM)
		c->exclusive++;
	if (e & PAGEMAP_SOFT_DIRTY)
		c->soft_dirty++;
	if (e & PAGEMAP_UFFD_WP)
		c->uffd_wp++;
}

size_t
pagemap_decode(const unsigned char *buf, size_t len, uint64_t first,
    uint64_t per_block, struct pagemap_counts *c,
    struct pagemap_block *blocks, size_t nblocks)
{
	size_t n = len / PAGEMAP_ENTRY_SIZE;

	if (per_block == 0)
		per_block = 1;
	for (size_t i = 0; i < n; i++) {
		uint64_t e = pagemap_entry(buf, i), bi;
		enum pagemap_state s = pagemap_entry_state(e);

		c->pages++;
		c->state[s]++;
		if (e & (PAGEMAP_FILE | PAGEMAP_EXCLUSIVE | PAGEMAP_SOFT_DIRTY |
		    PAGEMAP_UFFD_WP))
			count_flags(e, s, c);
		if (blocks == NULL)
			continue;
		bi = (first + i) / per_block;
		if (bi < nblocks) {
			blocks[bi].pages++;
			blocks[bi].state[s]++;
		}
	}
	return n;
}

static enum pagemap_state
region_state(uint64_t cats)
{
	if (cats & PAGEMAP_IS_PRESENT)
		return PAGEMAP_IN_RAM;
	if (cats & PAGEMAP_IS_GUARD)
		return PAGEMAP_GUARD_PAGE;
	if (cats & PAGEMAP_IS_SWAPPED)
		return PAGEMAP_IN_SWAP;
	return PAGEMAP_UNTOUCHED;
}

void
pagemap_add_region(uint64_t first, uint64_t npages, uint64_t cats,
    uint64_t per_block, struct pagemap_counts *c,
    struct pagemap_block *blocks, size_t nblocks)
{
	enum pagemap_state s = region_state(cats);

	if (per_block == 0)
		per_block = 1;
	c->pages += npages;
	c->state[s] += npages;
	if ((cats & PAGEMAP_IS_FILE) &&
	    (s == PAGEMAP_IN_RAM || s == PAGEMAP_IN_SWAP))
		c->file += npages;
	/* One block at a time: a region may cover millions of pages. */
	while (npages > 0 && blocks != NULL) {
		uint64_t bi = first / per_block, n;

		if (bi >= nblocks)
			break;
		n = per_block - first % per_block;
		if (n > npages)
			n = npages;
		blocks[bi].pages += (uint32_t)n;
		blocks[bi].state[s] += (uint32_t)n;
		first += n;
		npages -= n;
	}
}

void
pagemap_scan_finish(uint64_t npages, uint64_t per_block,
    struct pagemap_counts *c, struct pagemap_block *blocks, size_t nblocks)
{
	uint64_t seen = c->pages;

	if (per_block == 0)
		per_block = 1;
	c->pages = npages > seen ? npages : seen;
	c->state[PAGEMAP_UNTOUCHED] += c->pages - seen;
	for (size_t i = 0; blocks != NULL && i < nblocks; i++) {
		uint64_t first = (uint64_t)i * per_block, want;

		if (first >= npages)
			break;
		want = npages - first < per_block ? npages - first : per_block;
		if (blocks[i].pages < want) {
			blocks[i].state[PAGEMAP_UNTOUCHED] +=
			    (uint32_t)(want - blocks[i].pages);
			blocks[i].pages = (uint32_t)want;
		}
	}
}
