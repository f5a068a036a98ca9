/* render/json_proc.h: process snapshots as JSON, both directions.
 *
 * Document "process-snapshot" (memwatch-json(5)): process identity,
 * status, every mapping with every field the kernel printed (unknown
 * fields under "extra"), then the totals: last, so that a document written
 * while the mappings are read (mwjson_stream_*) is the same as one written
 * from a whole snapshot. The loader rebuilds a struct proc_snapshot
 * (strings unescaped into its arena) so a saved file can be diffed.
 */
#ifndef MW_RENDER_JSON_PROC_H
#define MW_RENDER_JSON_PROC_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <jansson.h>

#include "parse/smaps.h"
#include "util/buf.h"

struct proc_snapshot;
struct vma;
struct field_row;
struct mw_err;

/*
 * A mapping as a JSON object (a new reference), from the rows the text
 * writer walks: printed, the same bytes as that writer's.
 */
json_t *mwjson_vma(const struct vma *v);
/* Its "extra" object (a kernel field printed twice: the last wins). */
json_t *mwjson_vma_extra(const struct vma *v);
/* The smaps fields of v that are present, added to obj (totals, deltas). */
void mwjson_put_fields(json_t *obj, const struct vma *v);
/* {"pid", "comm", "cmdline": [...], "user", ...}. */
json_t *mwjson_process(const struct proc_snapshot *snap);
/* The head of the document: kind, stamp, process, status. */
json_t *mwjson_proc_head(const struct proc_snapshot *snap);
/* "totals": the smaps fields summed, uss, mappings, source. */
json_t *mwjson_proc_totals(const struct proc_snapshot *snap);
/* The whole "process-snapshot" document as a tree. */
json_t *mwjson_proc_snapshot(const struct proc_snapshot *snap);

/*
 * The "process-snapshot" document as text, byte for byte what
 * mwjson_print(mwjson_proc_snapshot(snap), f, false) writes (final newline
 * included), but without a tree per mapping. Only the mappings idx[0..n)
 * are written, in that order (idx NULL: all of them); the totals still
 * cover every mapping. Appends to out; when flush is not NULL it is called
 * whenever out holds MWJSON_FLUSH_AT bytes or more, and at the end, and
 * must empty out. Returns 0 or the first negative flush() result.
 */
#define MWJSON_FLUSH_AT ((size_t)256 * 1024)
int mwjson_proc_snapshot_text(const struct proc_snapshot *snap,
    const uint32_t *idx, size_t n, struct mw_buf *out,
    int (*flush)(struct mw_buf *out, void *arg), void *arg);

/*
 * The same document one mapping at a time, for snapshot_stream(): init,
 * mwjson_stream_vma() per mapping (the first call writes the head from
 * snap, which must then hold all but the totals), mwjson_stream_end() once
 * the totals are known, and mwjson_stream_free() in any case. out and
 * flush as above; vma and end return 0 or the negative flush() result.
 * Nothing is flushed before MWJSON_FLUSH_AT bytes are held, so a stream
 * given up early (the process was a zombie) has written nothing.
 */
/* ",\n      \"name\": ", the text before a field's value in a mapping. */
struct mwjson_key {
	char text[32];
	unsigned char len;
};

#define MWJSON_VMA_ROWS_MAX 24

struct mwjson_stream {
	struct mw_buf *out;
	int (*flush)(struct mw_buf *out, void *arg);
	void *arg;
	struct mw_buf scratch;	/* for escaping */
	struct mwjson_key key[SMAPS_NR];	/* by smaps field */
	const struct field_row *rows;	/* a mapping's keys */
	size_t nrows;
	struct mwjson_key row_key[MWJSON_VMA_ROWS_MAX];	/* by row */
	size_t n;		/* mappings written */
	bool head;		/* the head is written */
	/* more keys of a mapping (mwjson_stream_set_tail), or NULL */
	void (*tail)(struct mw_buf *out, const struct vma *v, void *arg);
	void *tail_arg;
};

void mwjson_stream_init(struct mwjson_stream *js, struct mw_buf *out,
    int (*flush)(struct mw_buf *out, void *arg), void *arg);
int mwjson_stream_vma(struct mwjson_stream *js,
    const struct proc_snapshot *snap, const struct vma *v);
/*
 * After its last field, each mapping gets what tail appends to out: nothing,
 * or ",\n      \"key\": value" for keys not in the snapshot itself
 * (show's "numa"), indented as the rest of the document.
 */
void mwjson_stream_set_tail(struct mwjson_stream *js,
    void (*tail)(struct mw_buf *out, const struct vma *v, void *arg),
    void *arg);
int mwjson_stream_end(struct mwjson_stream *js,
    const struct proc_snapshot *snap);
void mwjson_stream_free(struct mwjson_stream *js);

/* A mapping object back into *v (strings into arena). 0 or -EINVAL. */
struct mw_arena;
int mwjson_vma_load(const json_t *obj, struct mw_arena *arena,
    struct vma *v, const char **why);
/*
 * Load a "process-snapshot" file into snap (initialised here). Errors name
 * the file and what is wrong.
 */
int mwjson_proc_snapshot_load(const char *path, struct proc_snapshot *snap,
    struct mw_err *err);
/* The same from an already loaded document; path is for messages. */
int mwjson_proc_snapshot_from(const json_t *doc, const char *path,
    struct proc_snapshot *snap, struct mw_err *err);

#endif
