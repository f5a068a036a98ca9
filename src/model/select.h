/* model/select.h: which mappings a view shows, and in what order.
 *
 * A view keeps a compact row per mapping (struct map_row: what the
 * mapping table, --sort, --kind and --top need, about 72 bytes and the
 * path) rather than the full smaps row, so the table of a process with
 * tens of thousands of mappings stays small; rows are filled as the
 * mappings stream past (snapshot_stream) or from a kept snapshot.
 *
 * Sorting works on an index array (qsort on {key, index} pairs), so rows
 * are never copied. Ties and addr keep the address order.
 */
#ifndef MW_MODEL_SELECT_H
#define MW_MODEL_SELECT_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

struct vma;

enum select_sort {
	SELECT_ADDR, SELECT_SIZE, SELECT_RSS, SELECT_PSS, SELECT_SWAP,
	SELECT_SORT_NR
};

struct select_opts {
	enum select_sort sort;
	uint32_t kinds;		/* bit enum vma_kind; 0: every kind */
	size_t top;		/* 0: no limit */
};

/* The smaps fields a row keeps (index into map_row.val). */
enum map_field { MAP_RSS, MAP_PSS, MAP_PRIVATE_DIRTY, MAP_SWAP, MAP_NR };

struct map_row {
	uint64_t start, end;	/* end exclusive */
	uint64_t val[MAP_NR];	/* bytes; 0 where not present */
	const char *path;	/* in the table's arena; NULL: no name */
	uint32_t path_len;
	uint8_t present;	/* bit f: val[f] was printed */
	uint8_t kind;		/* enum vma_kind */
	char perms[4];		/* "rw-p", not NUL-terminated */
};

/* The rows in address order; the table owns them and their paths. */
struct map_table {
	struct map_row *v;
	size_t len, cap;
	struct mw_arena arena;
	const char *last_path;	/* shared with the next row if equal */
	size_t last_len;
};

void map_table_init(struct map_table *t);
void map_table_free(struct map_table *t);
/* Append v (its path copied unless the row before has the same one). */
void map_table_add(struct map_table *t, const struct vma *v);

static inline int
map_has(const struct map_row *r, enum map_field f)
{
	return (r->present >> f) & 1u;
}

/* "rss" -> SELECT_RSS, or -1. */
int select_sort_by_name(const char *name);
/*
 * Fill idx (t->len entries allocated by the caller) with the rows to show,
 * in order; returns how many.
 */
size_t select_rows(const struct map_table *t, const struct select_opts *o,
    uint32_t *idx);

#endif
