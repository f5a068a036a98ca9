/* model/cgroup_files.c: the memory cgroup files capture copies, listed
 * through the source. */
#include "config.h"
#include "model/cgroup.h"

#include <stddef.h>

#include "source.h"
#include "util/buf.h"

/* One cgroup's files, then its children's, below the sys root. */
static int
files_below(const struct mw_source *src, const struct cg_hier *h,
    struct mw_buf *dir, int depth,
    int (*fn)(enum mw_root root, const char *rel, void *arg), void *arg)
{
	static const char *const more[] = { "cgroup.procs", "memory.stat",
	    "memory.events", "memory.events.local", "memory.oom_control",
	    "memory.pressure", "cgroup.controllers" };
	size_t dl = dir->len, n = 0;
	char **names = NULL;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < sizeof(more) / sizeof(more[0]) +
	    CG_NR; i++) {
		const char *f = i < sizeof(more) / sizeof(more[0]) ? more[i] :
		    h->version == 2 ? cg_fields[i - sizeof(more) /
		    sizeof(more[0])].v2 : cg_fields[i - sizeof(more) /
		    sizeof(more[0])].v1;

		if (f == NULL)
			continue;
		mw_buf_setlen(dir, dl);
		mw_buf_addc(dir, '/');
		mw_buf_adds(dir, f);
		if (mw_source_exists_at(src, MW_ROOT_SYS, dir->data))
			rc = fn(MW_ROOT_SYS, dir->data, arg);
	}
	mw_buf_setlen(dir, dl);
	if (rc != 0 || depth > 64 ||
	    mw_source_list_at(src, MW_ROOT_SYS, dir->data, &names, &n, NULL) < 0)
		return rc;
	for (size_t k = 0; rc == 0 && k < n; k++) {
		mw_buf_setlen(dir, dl);
		mw_buf_addc(dir, '/');
		mw_buf_adds(dir, names[k]);
		mw_buf_adds(dir, "/cgroup.procs");
		if (!mw_source_exists_at(src, MW_ROOT_SYS, dir->data))
			continue;
		mw_buf_setlen(dir, dl);
		mw_buf_addc(dir, '/');
		mw_buf_adds(dir, names[k]);
		rc = files_below(src, h, dir, depth + 1, fn, arg);
	}
	mw_buf_setlen(dir, dl);
	mw_source_list_free(names, n);
	return rc;
}

int
cg_files(const struct mw_source *src,
    int (*fn)(enum mw_root root, const char *rel, void *arg), void *arg)
{
	struct cg_hier h;
	struct mw_buf dir;
	int rc;

	rc = fn(MW_ROOT_PROC, "self/mountinfo", arg);
	if (rc != 0 || cg_hier_find(src, &h, NULL) < 0)
		return rc;
	mw_buf_init(&dir);
	mw_buf_adds(&dir, h.rel);
	rc = files_below(src, &h, &dir, 0, fn, arg);
	mw_buf_free(&dir);
	return rc;
}
