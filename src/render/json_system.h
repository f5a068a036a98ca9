/* render/json_system.h: the system documents, written and read with jansson.
 *
 * Writers return a new document (kind, schema, memwatch version included);
 * amounts are bytes, counts are counts, the fragmentation indices are the
 * kernel's values (reals, -1 when a suitable block exists) with their exact
 * x1000 integers alongside. The reader loads a "system-snapshot" back into
 * a struct sys_snapshot (for 'system diff FILE' and 'diff A B').
 */
#ifndef MW_RENDER_JSON_SYSTEM_H
#define MW_RENDER_JSON_SYSTEM_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "model/system.h"

struct mw_err;
struct sys_diff;
struct finding_list;

/* kind "zones": every zone with watermarks, counters; nodes' stats. */
json_t *mwjson_zones(const struct sys_snapshot *s);
/* kind "buddy": free blocks per order, indices; pagetypeinfo if read. */
json_t *mwjson_buddy(const struct sys_snapshot *s);
/*
 * kind "slabs": caches in order[0..n) (order from sys_slab_order), totals
 * of all caches; with prev, each cache gains its change since prev over
 * interval seconds.
 */
json_t *mwjson_slabs(const struct sys_snapshot *s, const size_t *order,
    size_t n, const char *sort, const struct sys_snapshot *prev,
    double interval);
/* kind "system-snapshot": everything the snapshot holds. */
json_t *mwjson_system_snapshot(const struct sys_snapshot *s);
/* kind "explain" for the system. */
json_t *mwjson_system_explain(const struct sys_snapshot *s,
    const struct finding_list *f, bool bytes);
/* kind "diff" for two system snapshots. */
json_t *mwjson_system_diff(const struct sys_diff *d, bool bytes);

/*
 * A loaded system-snapshot document into s (sys_snapshot_init() first).
 * what names the document in messages (a file name). 0, or -EINVAL with
 * err saying which field is missing or of the wrong type.
 */
int mwjson_system_from_doc(const json_t *doc, const char *what,
    struct sys_snapshot *s, struct mw_err *err);
/*
 * "tmpfs": [{"mount", "type", "used"}] of a snapshot that measured its
 * tmpfs mounts, written into doc and read back (absent: not measured,
 * which an older snapshot also is). Read: 0 or -EINVAL with err set.
 */
void mwjson_system_put_tmpfs(json_t *doc, const struct sys_snapshot *s);
int mwjson_system_read_tmpfs(const json_t *doc, const char *what,
    struct sys_snapshot *s, struct mw_err *err);
/* Load path (mwjson_load) and read it as above. */
int mwjson_system_load(const char *path, struct sys_snapshot *s,
    struct mw_err *err);

#endif
