/* render/json_record.h: recordings, read and written one way for every
 * command that records (PID watch --record, leaks --record).
 *
 * A recording is JSON Lines: each line one "watch-sample" object, the
 * first a header naming what was recorded ("recording"), the last saying
 * how the watch ended. A last line without its newline was cut short (a
 * kill, a full disk) and is left out when read.
 */
#ifndef MW_RENDER_JSON_RECORD_H
#define MW_RENDER_JSON_RECORD_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

struct mw_buf;
struct mw_err;
struct watch_info;

/* Reading one recording: where, which line, and who writes such files. */
struct mwjson_rec {
	const char *path;
	size_t line;		/* 1 for the header */
	struct mw_err *err;
	const char *recording;	/* the header's "recording": "process" */
	const char *writer;	/* "memwatch PID watch --record" */
	const char *of;		/* what it records: "one process" */
	const char *other;	/* reads other recordings: "memwatch leaks" */
	const char *other_of;	/* before their "recording": "" or "one " */
};

/* Seconds to the millisecond: what a recording keeps. */
json_t *mwjson_rec_seconds(double t);
/* The last line: the time watched and how the watch ended. */
void mwjson_rec_end_line(struct mw_buf *out, const struct watch_info *i);

/* The current line is wrong (what), as one message; -EINVAL. */
int mwjson_rec_bad(struct mwjson_rec *r, const char *what);
/* The header's "schema" and "recording" checked against r. 0 or -EINVAL. */
int mwjson_rec_header(struct mwjson_rec *r, const json_t *d);
/*
 * Every complete line of f, parsed and checked to be a "watch-sample"
 * object, to fn (r->line says which; 1 is the header). 0, fn's first
 * error, or -EIO / -EINVAL with r->err filled (an empty file is an error).
 */
int mwjson_rec_read(FILE *f, struct mwjson_rec *r,
    int (*fn)(struct mwjson_rec *r, json_t *d, void *arg), void *arg);
/* The same from r->path. */
int mwjson_rec_load(struct mwjson_rec *r,
    int (*fn)(struct mwjson_rec *r, json_t *d, void *arg), void *arg);

#endif
