/* render/json_cgroup.h: the "cgroups", "cgroup-snapshot" and "cgroup-diff"
 * documents, and reading a cgroup snapshot back.
 *
 * A cgroup is {"path", "depth", the cg_fields[] keys, "limit", "stat",
 * "events", "events_local", "pressure", "processes"}: a figure that could
 * not be read is absent; a limit that is not set ("max") is null.
 */
#ifndef MW_RENDER_JSON_CGROUP_H
#define MW_RENDER_JSON_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

struct cg_tree;
struct cg_hier;
struct cgroup;
struct fleet;
struct finding_list;
struct mw_err;
struct mw_arena;

json_t *mwjson_cgroup(const struct cgroup *c);
/* {"kind": "cgroups", "version", "mount", "cgroups": [...]}. */
json_t *mwjson_cgroups(const struct cg_tree *t, const struct cg_hier *h,
    const size_t *order, size_t n);
/* {"kind": "cgroup-snapshot", "taken_at", "version", "mount", "cgroup",
 * "processes": [{"pid", "comm", "rss", "pss", ...}], "findings"?}. */
json_t *mwjson_cgroup_snapshot(const struct cgroup *c, const struct cg_hier *h,
    time_t taken_at, const struct fleet *fl, size_t listed,
    const struct finding_list *fs, bool bytes);
/* {"kind": "cgroup-diff", "before", "after", "delta", "stat_delta"}. */
json_t *mwjson_cgroup_diff(const struct cgroup *a, const struct cgroup *b,
    const struct cg_hier *h, const char *a_from, const char *b_from,
    time_t a_at, time_t b_at);

/*
 * Read a cgroup-snapshot document from path into c (strings in arena), its
 * hierarchy version into h->version and mount, its time into *taken_at.
 * 0 or -errno with err filled (file, what is wrong).
 */
int mwjson_cgroup_load(const char *path, struct mw_arena *arena,
    struct cgroup *c, struct cg_hier *h, time_t *taken_at, struct mw_err *err);

#endif
