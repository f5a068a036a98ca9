/* render/json_watch.h: a watch's recording (NDJSON "watch-sample" lines)
 * and its "watch" document, both ways. Layout in memwatch-json(5).
 */
#ifndef MW_RENDER_JSON_WATCH_H
#define MW_RENDER_JSON_WATCH_H

#include <stdio.h>
#include <jansson.h>

struct mw_buf;
struct mw_err;
struct watch;
struct watch_info;
struct watch_places;
struct watch_sample;
struct watch_verdict;

/* Lines of a recording, appended to out. */
void mwjson_watch_header_line(struct mw_buf *out, const struct watch_info *i,
    const struct watch *w);
/* p: the mapping read taken with this sample, or NULL. */
void mwjson_watch_sample_line(struct mw_buf *out,
    const struct watch_sample *s, const struct watch_places *p);
void mwjson_watch_end_line(struct mw_buf *out, const struct watch_info *i);

/* The "watch" document, with the "stacks" document traced beside it under
 * "stacks" when stacks is not NULL (the reference is taken); 0 or -EIO. */
int mwjson_watch_doc(FILE *f, const struct watch_info *i,
    const struct watch *w, const struct watch_verdict *v, json_t *stacks);

/*
 * A recording of one process into i and w (initialised by the caller).
 * A last line cut short (the recorder killed mid-write) is left out.
 * 0, or -errno with err filled (file, line and what is wrong).
 */
int mwjson_watch_load(const char *path, struct watch_info *i,
    struct watch *w, struct mw_err *err);
/* The same from an open stream; path names it in messages. */
int mwjson_watch_read(FILE *f, const char *path, struct watch_info *i,
    struct watch *w, struct mw_err *err);

#endif
