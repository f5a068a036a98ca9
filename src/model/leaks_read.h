/* model/leaks_read.h: a round of readings for model/leaks.h: every
 * process of the live process table and every slab cache. */
#ifndef MW_MODEL_LEAKS_READ_H
#define MW_MODEL_LEAKS_READ_H

#include <stddef.h>
#include <stdint.h>

struct leaks;
struct mw_arena;
struct mw_buf;
struct mw_source;
struct proctable;

/* Every row of pt whose rollup was read (Rss + Swap); the count. */
size_t leaks_read_procs(struct leaks *l, const struct proctable *pt);
/* /proc/slabinfo's caches (bytes of their slabs): the count, or -errno
 * (-EACCES without root). */
int leaks_read_slabs(struct leaks *l, const struct mw_source *src,
    struct mw_buf *buf, uint64_t page_size);

#endif
