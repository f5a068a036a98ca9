/* render/json_proc_read.h: a process-snapshot document read as a stream. */
#ifndef MW_RENDER_JSON_PROC_READ_H
#define MW_RENDER_JSON_PROC_READ_H

#include <stdbool.h>
#include <stddef.h>

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

/*
 * The same a mapping at a time, for a caller that reads another document
 * beside this one (diff A B). mwjson_proc_stream_begin() reads up to the
 * mappings: 1 when it stopped at them, 0 when the document has no array
 * of them (read whole), or -EINVAL. Each mwjson_proc_stream_vma() reads
 * one more: 1, and *v its row (the last of snap->vmas, which the caller
 * may drop) or NULL for a mapping the document will be refused for, and
 * *text and *len its text when it was read at once in memwatch's layout
 * (valid until the next call), else NULL; 0 after the last; -EINVAL.
 * mwjson_proc_stream_end() reads the rest and gives what
 * mwjson_proc_snapshot_read() gives, and frees the stream.
 */
struct mwjson_proc_stream;
int mwjson_proc_stream_begin(struct mwjson_proc_stream **ps,
    struct mwjson_rd *rd, const char *const *kinds,
    struct proc_snapshot *snap);
int mwjson_proc_stream_vma(struct mwjson_proc_stream *ps, const struct vma **v,
    const char **text, size_t *len);
int mwjson_proc_stream_end(struct mwjson_proc_stream *ps, bool *other_kind);
/*
 * mwjson_proc_snapshot_read_some() with same(arg, q, end, &len): before a
 * mapping at q in memwatch's layout is read, a row of the caller's whose
 * text is [q, q + len) stands for it, or NULL. keep must be given.
 */
int mwjson_proc_snapshot_read_same(struct mwjson_rd *rd,
    const char *const *kinds, struct proc_snapshot *snap, bool *other_kind,
    bool (*keep)(void *arg, const struct vma *v),
    const struct vma *(*same)(void *arg, const char *q, const char *end,
    size_t *len), void *arg);

#endif
