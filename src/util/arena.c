/* util/arena.c: chunked bump allocation. */
#include "config.h"
#include "util/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

#define ARENA_CHUNK (64 * 1024)
#define ARENA_ALIGN 16

struct mw_arena_chunk {
	struct mw_arena_chunk *next;
	size_t size;		/* usable bytes after the header */
	_Alignas(ARENA_ALIGN) unsigned char mem[];
};

void
mw_arena_init(struct mw_arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->total = 0;
}

void
mw_arena_free(struct mw_arena *a)
{
	struct mw_arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	mw_arena_init(a);
}

void *
mw_arena_alloc(struct mw_arena *a, size_t size)
{
	struct mw_arena_chunk *c;
	size_t need, csize;
	void *p;

	need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need < size)
		need = SIZE_MAX;	/* overflow: make xmalloc fail loudly */
	if (need == 0)
		need = ARENA_ALIGN;
	if (a->head == NULL || a->head->size - a->used < need) {
		csize = need > ARENA_CHUNK ? need : ARENA_CHUNK;
		c = mw_xmalloc(sizeof(*c) + csize);
		c->size = csize;
		c->next = a->head;
		a->head = c;
		a->used = 0;
	}
	p = a->head->mem + a->used;
	a->used += need;
	a->total += need;
	return p;
}

char *
mw_arena_strndup(struct mw_arena *a, const char *s, size_t n)
{
	char *d = mw_arena_alloc(a, n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}
