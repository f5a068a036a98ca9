/* render/json_proc_pair.h: diff A B's two snapshot files, read side by side.
 *
 * A mapping the same in both files, in every respect, need not be kept:
 * in a diff of two files whose mappings do not overlap (smaps never has
 * them overlap) such a pair is a cluster of its own, "unchanged". Both
 * files are read at once, a mapping of each in turn, and where B's text
 * of a mapping is A's, byte for byte, it is not read again: memory is what
 * changed, and the time about one file's reading.
 */
#ifndef MW_RENDER_JSON_PROC_PAIR_H
#define MW_RENDER_JSON_PROC_PAIR_H

#include <stdbool.h>
#include <stddef.h>

struct mw_err;
struct proc_snapshot;

/*
 * Read before_path into *before and after_path into *after (each of the
 * kinds, NULL-terminated; *bsys and *asys say which is not a process
 * snapshot, as mwjson_proc_snapshot_read() does). Unless keep_all, the
 * mappings the same in both are left out of both and counted in *same.
 * 0, or -EINVAL with err set: before's error first, as if read one after
 * the other. Both snapshots are initialised here; the caller frees them.
 */
int mwjson_proc_pair_read(const char *before_path, const char *after_path,
    const char *const *kinds, bool keep_all, struct proc_snapshot *before,
    bool *bsys, struct proc_snapshot *after, bool *asys, size_t *same,
    struct mw_err *err);

#endif
