/* parse/smaps_rows.c: smaps text into a vector of rows, and where text
 * read in pieces may be cut; no I/O. */
#include "config.h"
#include "parse/smaps.h"
#include "parse/smaps_int.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

void
vma_vec_init(struct vma_vec *vv)
{
	vv->v = NULL;
	vv->len = 0;
	vv->cap = 0;
}

void
vma_vec_free(struct vma_vec *vv)
{
	free(vv->v);
	vma_vec_init(vv);
}

void
vma_vec_reserve(struct vma_vec *vv, size_t n)
{
	if (n > vv->cap) {
		vv->cap = n;
		vv->v = mw_xreallocarray(vv->v, vv->cap, sizeof(*vv->v));
	}
}

struct vma *
vma_vec_push(struct vma_vec *vv)
{
	if (vv->len == vv->cap) {
		vv->cap = vv->cap ? vv->cap * 2 : 64;
		vv->v = mw_xreallocarray(vv->v, vv->cap, sizeof(*vv->v));
	}
	memset(&vv->v[vv->len], 0, sizeof(*vv->v));
	return &vv->v[vv->len++];
}

size_t
smaps_complete_from(const char *buf, size_t len, size_t *scanned,
    size_t *last_nl)
{
	const char *end = buf + len, *p = end;
	const char *stop = buf + (*scanned < len ? *scanned : len);
	size_t old_nl = *last_nl;
	bool first = true;

	*scanned = len;
	/* Back from the end, line start by line start, over the new text. */
	while (p > stop) {
		const char *nl = p - 1;

		while (nl > stop && *nl != '\n')
			nl--;
		if (*nl != '\n')
			break;
		if (first)
			*last_nl = (size_t)(nl - buf);
		first = false;
		if (nl + 1 < end && smaps_is_header(nl + 1, end))
			return (size_t)(nl + 1 - buf);
		p = nl;
	}
	/* The line that was still growing at the last look. */
	if (old_nl != SIZE_MAX && old_nl < len && buf + old_nl < stop &&
	    old_nl + 1 < len && smaps_is_header(buf + old_nl + 1, end))
		return old_nl + 1;
	return 0;
}

size_t
smaps_complete(const char *buf, size_t len)
{
	size_t scanned = 0, nl = SIZE_MAX;

	return smaps_complete_from(buf, len, &scanned, &nl);
}

int
smaps_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct vma_vec *out, size_t *skipped)
{
	struct smaps_iter it;
	size_t before = out->len;

	smaps_iter_init(&it, buf, len);
	/*
	 * Parsed in place: no copy of the row. The kernel lists mappings in
	 * ascending address order, none overlapping: a row that breaks it is
	 * malformed (a file repeated or spliced) and is dropped, or a hostile
	 * tree could grow the table without bound. The row before may come
	 * from an earlier call (smaps parsed a chunk at a time).
	 */
	for (;;) {
		struct vma *v = vma_vec_push(out);

		if (smaps_next(&it, arena, v) != 1) {
			out->len--;	/* the row that found the end */
			break;
		}
		if (out->len > 1 && v->start < out->v[out->len - 2].end) {
			it.skipped++;
			out->len--;
		}
	}
	if (skipped != NULL)
		*skipped = it.skipped;
	if (out->len == before && it.skipped > 0)
		return -EINVAL;
	return 0;
}
