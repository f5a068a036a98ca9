/* render/oom.h: OOM kills as text and as the "oom" JSON document. */
#ifndef MW_RENDER_OOM_H
#define MW_RENDER_OOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

struct mw_buf;
struct oom_event;
struct oom_events;

/* "pid 9667 python3 killed: memory cgroup /x at its limit at TIME\n" */
void render_oom_headline(struct mw_buf *b, const struct oom_event *e,
    bool color);
/* Every event, newest first, its findings wrapped to width; source names
 * where they came from ("the kernel log", a file). 0 or -EIO. */
int render_oom_text(FILE *f, const struct oom_events *ev, const char *source,
    bool bytes, bool color, size_t width);
/* The "oom" document (memwatch-json(5)). 0 or -EIO. */
int render_oom_json(FILE *f, const struct oom_events *ev, const char *source,
    bool bytes);
/* One event as the object of the document's "kills" (a new reference). */
json_t *render_oom_event_json(const struct oom_event *e, bool bytes);
/* The same on one line (NDJSON, for --follow). */
int render_oom_json_line(FILE *f, const struct oom_events *ev,
    const char *source, bool bytes);

/*
 * A kill as written by oom --follow --record: an "oom" document with the
 * one kill, the report's lines as the log had them ("report") and the
 * samples taken before it ("samples"), atomically to path. 0 or -errno
 * with err filled.
 */
struct oom_ring;
struct mw_err;
int render_oom_record(const char *path, const struct oom_event *e,
    const char *report, size_t report_len, const struct oom_ring *ring,
    struct mw_err *err);

#endif
