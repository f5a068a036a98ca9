/* model/frag.h: the kernel's fragmentation indices (mm/vmstat.c).
 *
 * For a zone's free block counts n_o (o = 0..norders-1) and a target order
 * j, the unusable free space index and the fragmentation index, both scaled
 * by 1000 as the kernel computes them (integer divisions in its order):
 *
 *   free_pages = sum n_o << o, blocks = sum n_o,
 *   suitable = sum over o >= j of n_o << (o - j)
 *   unusable = free_pages ? (free_pages - (suitable << j)) * 1000 / free_pages
 *                         : 1000
 *   frag     = !blocks ? 0 : suitable ? -1000
 *            : 1000 - (1000 + free_pages * 1000 / 2^j) / blocks
 *
 * The fragmentation index can be below 0 (the kernel's formula allows it
 * when the only blocks are just under the order); the kernel prints such a
 * value as "0.-500" and so does frag_fmt().
 */
#ifndef MW_MODEL_FRAG_H
#define MW_MODEL_FRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FRAG_SUITABLE (-1000)	/* a free block of the order exists */
#define FRAG_FMT_LEN 24

/* Indices for order j; j must be < norders. */
int frag_unusable_index(const uint64_t *count, unsigned norders, unsigned j);
int frag_fragmentation_index(const uint64_t *count, unsigned norders,
    unsigned j);
/* Every order at once into unusable[] and frag[] (norders entries each). */
void frag_compute(const uint64_t *count, unsigned norders, int *unusable,
    int *frag);
/*
 * The kernel's rendering: "%d.%03d" of (v / 1000, v % 1000); pad2 widens
 * the integer part to two columns as extfrag_index does ("-1.000", " 0.816").
 */
const char *frag_fmt(char out[FRAG_FMT_LEN], int v, bool pad2);
/* Could a block of 2^order pages be taken from these free lists now? */
bool frag_can_serve(const uint64_t *count, unsigned norders, unsigned order);

#endif
