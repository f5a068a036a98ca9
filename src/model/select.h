/* model/select.h: which mappings a view shows, and in what order.
 *
 * Sorting works on an index array (qsort on {key, index} pairs), so rows
 * are never copied. Ties and addr keep the address order.
 */
#ifndef MW_MODEL_SELECT_H
#define MW_MODEL_SELECT_H

#include <stddef.h>
#include <stdint.h>

struct vma_vec;

enum select_sort {
	SELECT_ADDR, SELECT_SIZE, SELECT_RSS, SELECT_PSS, SELECT_SWAP,
	SELECT_SORT_NR
};

struct select_opts {
	enum select_sort sort;
	uint32_t kinds;		/* bit enum vma_kind; 0: every kind */
	size_t top;		/* 0: no limit */
};

/* "rss" -> SELECT_RSS, or -1. */
int select_sort_by_name(const char *name);
/*
 * Fill idx (vv->len entries allocated by the caller) with the rows to show,
 * in order; returns how many.
 */
size_t select_vmas(const struct vma_vec *vv, const struct select_opts *o,
    uint32_t *idx);

#endif
