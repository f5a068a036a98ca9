/* render/json_proc_read.h: a process-snapshot document read as a stream. */
#ifndef MW_RENDER_JSON_PROC_READ_H
#define MW_RENDER_JSON_PROC_READ_H

#include <stdbool.h>

struct mwjson_rd;
struct proc_snapshot;

/*
 * Read the document rd is open on into snap (initialised here): the same
 * snapshot, and the same errors in the same order, as jansson's tree of it
 * given to mwjson_load() and mwjson_proc_snapshot_from(). Its "kind" must
 * be one of kinds (NULL-terminated); when it is one of them but not
 * "process-snapshot", *other_kind is set and snap left empty (the caller
 * reads it another way). 0, or -EINVAL with rd's err set.
 */
int mwjson_proc_snapshot_read(struct mwjson_rd *rd, const char *const *kinds,
    struct proc_snapshot *snap, bool *other_kind);
/*
 * The same, but a mapping for which keep(arg, row) is false is left out of
 * snap->vmas once read (it still counts in the sums and snap->mappings):
 * diff A B leaves out what is the same in A.
 */
struct vma;
int mwjson_proc_snapshot_read_some(struct mwjson_rd *rd,
    const char *const *kinds, struct proc_snapshot *snap, bool *other_kind,
    bool (*keep)(void *arg, const struct vma *v), void *arg);

#endif
