/* model/frag.c: unusable free space and fragmentation index per order. */
#include "config.h"
#include "model/frag.h"

#include <stdio.h>

/* fill_contig_page_info(); 128-bit sums so no count can wrap. */
struct contig {
	unsigned __int128 free_pages, blocks_total, blocks_suitable;
};

static void
contig_info(const uint64_t *count, unsigned norders, unsigned j,
    struct contig *c)
{
	c->free_pages = c->blocks_total = c->blocks_suitable = 0;
	for (unsigned o = 0; o < norders && o < 64; o++) {
		unsigned __int128 n = count[o];

		c->blocks_total += n;
		c->free_pages += n << o;
		if (o >= j)
			c->blocks_suitable += n << (o - j);
	}
}

/* unusable_free_index() */
int
frag_unusable_index(const uint64_t *count, unsigned norders, unsigned j)
{
	struct contig c;

	contig_info(count, norders, j, &c);
	if (c.free_pages == 0)
		return 1000;
	return (int)((c.free_pages - (c.blocks_suitable << j)) * 1000 /
	    c.free_pages);
}

/* __fragmentation_index() */
int
frag_fragmentation_index(const uint64_t *count, unsigned norders,
    unsigned j)
{
	struct contig c;
	unsigned __int128 x;

	if (j >= norders)
		return 0;
	contig_info(count, norders, j, &c);
	if (c.blocks_total == 0)
		return 0;
	if (c.blocks_suitable != 0)
		return FRAG_SUITABLE;
	x = (1000 + c.free_pages * 1000 / ((unsigned __int128)1 << j)) /
	    c.blocks_total;
	/* The kernel's unsigned result converted to int: may be negative. */
	return (int)(1000 - (int64_t)x);
}

void
frag_compute(const uint64_t *count, unsigned norders, int *unusable,
    int *frag)
{
	for (unsigned j = 0; j < norders; j++) {
		unusable[j] = frag_unusable_index(count, norders, j);
		frag[j] = frag_fragmentation_index(count, norders, j);
	}
}

const char *
frag_fmt(char out[FRAG_FMT_LEN], int v, bool pad2)
{
	snprintf(out, FRAG_FMT_LEN, pad2 ? "%2d.%03d" : "%d.%03d", v / 1000,
	    v % 1000);
	return out;
}

bool
frag_can_serve(const uint64_t *count, unsigned norders, unsigned order)
{
	for (unsigned o = order; o < norders; o++)
		if (count[o] > 0)
			return true;
	return false;
}
