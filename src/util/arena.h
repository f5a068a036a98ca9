/* util/arena.h: a bump allocator whose memory is released whole.
 *
 * Snapshots keep their rows' strings here: one mw_arena_free() releases
 * everything. Allocation never fails (see xmalloc.h); a zero size returns a
 * valid, unique pointer.
 */
#ifndef MW_UTIL_ARENA_H
#define MW_UTIL_ARENA_H

#include <stddef.h>

struct mw_arena_chunk;

struct mw_arena {
	struct mw_arena_chunk *head;
	size_t used;		/* bytes used in head */
	size_t total;		/* bytes handed out, for accounting */
};

void mw_arena_init(struct mw_arena *a);
void mw_arena_free(struct mw_arena *a);	/* releases all; a is reusable */
void *mw_arena_alloc(struct mw_arena *a, size_t size);	/* 16-aligned */
/* A NUL-terminated copy of s[0..n). */
char *mw_arena_strndup(struct mw_arena *a, const char *s, size_t n);

#endif
