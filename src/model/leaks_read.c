/* model/leaks_read.c: one round of readings for the leak hunt. */
#include "config.h"
#include "model/leaks_read.h"

#include "model/leaks.h"
#include "model/proctable.h"
#include "parse/slabinfo.h"
#include "source.h"
#include "util/arena.h"
#include "util/buf.h"

size_t
leaks_read_procs(struct leaks *l, const struct proctable *pt)
{
	size_t n = 0;

	for (size_t i = 0; i < pt->len; i++) {
		const struct pt_row *r = &pt->rows[i];
		struct leak_entry *e;
		bool is_new;

		if (!r->rollup || !r->have_stat)
			continue;
		e = leaks_proc(l, r->pid, r->start, r->comm, &is_new);
		leaks_value(l, e, r->rss + r->swap);
		n++;
	}
	return (size_t)n;
}

int
leaks_read_slabs(struct leaks *l, const struct mw_source *src,
    struct mw_buf *buf, uint64_t page_size)
{
	struct mw_arena a;
	struct slabinfo si;
	int rc;

	rc = mw_source_read(src, "slabinfo", buf, NULL);
	if (rc < 0)
		return rc;
	mw_arena_init(&a);
	rc = slabinfo_parse(buf->data, buf->len, &a, &si);
	for (size_t i = 0; rc == 0 && i < si.len; i++) {
		uint64_t b;
		bool is_new;
		struct leak_entry *e;

		if (!slab_cache_bytes(&si.caches[i], page_size, &b))
			continue;
		e = leaks_slab(l, si.caches[i].name, &is_new);
		leaks_value(l, e, b);
	}
	rc = rc < 0 ? rc : (int)si.len;
	mw_arena_free(&a);
	return rc;
}
