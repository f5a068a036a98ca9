/* model/cgroup_usage.c: a memory cgroup's usage and binding limit. */
#include "config.h"
#include "model/cgroup_usage.h"

#include <string.h>

#include "model/cgroup.h"
#include "parse/cgroupfs.h"
#include "source.h"
#include "util/buf.h"

/* One value file of the cgroup whose directory is dir; false if unread. */
static bool
read_value(const struct mw_source *src, struct mw_buf *dir, size_t dl,
    const char *file, struct mw_buf *b, uint64_t *v, bool *unlimited)
{
	mw_buf_setlen(dir, dl);
	mw_buf_addc(dir, '/');
	mw_buf_adds(dir, file);
	*unlimited = false;
	return mw_source_read_at(src, MW_ROOT_SYS, dir->data, b, NULL) == 0 &&
	    cg_parse_value(b->data, b->len, v, unlimited) == 0;
}

/* The limits set on the cgroup of dir into u, when tighter. */
static void
own_limits(const struct mw_source *src, const struct cg_hier *h,
    struct mw_buf *dir, struct mw_buf *b, struct cg_usage *u)
{
	static const char *const v2[] = { "memory.max", "memory.high" };
	static const char *const v1[] = { "memory.limit_in_bytes" };
	const char *const *files = h->version == 2 ? v2 : v1;
	size_t n = h->version == 2 ? 2 : 1, dl = dir->len;
	uint64_t v;
	bool unl;

	for (size_t i = 0; i < n; i++)
		if (read_value(src, dir, dl, files[i], b, &v, &unl) && !unl &&
		    (!u->has_limit || v < u->limit)) {
			u->limit = v;
			u->has_limit = true;
		}
	mw_buf_setlen(dir, dl);
}

void
cg_usage_read(const struct mw_source *src, const struct cg_hier *h,
    const char *path, struct cg_usage *u)
{
	struct mw_buf dir, b;
	size_t base, end;
	bool unl;

	memset(u, 0, sizeof(*u));
	mw_buf_init(&dir);
	mw_buf_init(&b);
	mw_buf_adds(&dir, h->rel);
	base = dir.len;
	if (strcmp(path, "/") != 0)
		mw_buf_adds(&dir, path);
	end = dir.len;
	u->has_usage = read_value(src, &dir, end,
	    h->version == 2 ? "memory.current" : "memory.usage_in_bytes", &b,
	    &u->usage, &unl);
	/* This cgroup, then each parent up to the root: cut the last part. */
	for (;;) {
		mw_buf_setlen(&dir, end);
		own_limits(src, h, &dir, &b, u);
		if (end == base)
			break;
		while (end > base && dir.data[end - 1] != '/')
			end--;
		if (end > base)
			end--;	/* the '/' before that part */
	}
	mw_buf_free(&dir);
	mw_buf_free(&b);
}
