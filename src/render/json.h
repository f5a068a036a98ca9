/* render/json.h: the only jansson code; shared helpers for every document.
 *
 * Ownership follows jansson: *_new functions and json_object_set_new take
 * the reference they are given, even on failure. Helpers here that return
 * json_t * return a new reference (never NULL: out of memory exits).
 */
#ifndef MW_RENDER_JSON_H
#define MW_RENDER_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>

struct mw_buf;
struct mw_err;

/* {"kind": kind, "schema": 1, "memwatch": VERSION}. */
json_t *mwjson_doc_new(const char *kind);
/* Snapshot header fields: taken_at (RFC 3339 UTC), kernel, page_size. */
void mwjson_put_stamp(json_t *doc, time_t taken_at, const char *kernel,
    uint64_t page_size);
/* An unsigned integer; values above INT64_MAX are clamped (never seen). */
json_t *mwjson_u64(uint64_t v);
json_t *mwjson_i64(int64_t v);
/* Untrusted bytes as a valid UTF-8 string (escape.h JSON rule). */
json_t *mwjson_str(const char *s, size_t n);
json_t *mwjson_cstr(const char *s);
/* "0x7f5678b34000". */
json_t *mwjson_addr(uint64_t addr);
/* obj[key] = value (the reference is taken). */
void mwjson_set(json_t *obj, const char *key, json_t *value);
/* The same for a key of memwatch's own (a row's, ASCII): not checked. */
void mwjson_set_own(json_t *obj, const char *key, json_t *value);

/* Print doc compactly (one line, for NDJSON) or indented; returns 0/-EIO. */
int mwjson_print(json_t *doc, FILE *f, bool compact);
/* The same, and doc's reference is taken (a command prints what a
 * render/json_*.c builder made without holding it). */
int mwjson_emit(json_t *doc, FILE *f, bool compact);
/* mwjson_write_file(), the reference taken. */
int mwjson_save(json_t *doc, const char *path, struct mw_err *err);
/* To path atomically (mwjson_save()), or indented to standard output
 * when path is NULL or "-"; the reference taken; 0 or -errno. */
int mwjson_emit_to(json_t *doc, const char *path, struct mw_err *err);
/* The jansson version linked, for --version. */
const char *mwjson_lib_version(void);
/* A double as the shortest text that reads back as it, with a '.' or an
 * exponent ("0.008", "1.0", "1e-5"); returns its length. */
#define MWJSON_REAL_LEN 40
size_t mwjson_real_text(char out[MWJSON_REAL_LEN], double v);
/* Append doc to out as mwjson_print() lays it out, without the newline. */
void mwjson_dump_indented(json_t *doc, struct mw_buf *out);
/* Append doc to out as one compact line, with its newline (NDJSON). */
int mwjson_dump_line(json_t *doc, struct mw_buf *out);
/* Serialise doc (indented, trailing newline) into an atomically written file. */
int mwjson_write_file(json_t *doc, const char *path, struct mw_err *err);

/*
 * Load a memwatch document from path: it must be a JSON object with a
 * "kind" in kinds (NULL-terminated list) and "schema" 1. Errors name the
 * file and jansson's line:column. Returns 0 and a new reference in *doc.
 */
int mwjson_load(const char *path, const char *const *kinds, json_t **doc,
    struct mw_err *err);

/* "process-snapshot or system-snapshot": the kinds, for messages. */
void mwjson_kinds_text(char *out, size_t n, const char *const *kinds);

/*
 * Readers for loaded documents: fetch obj[key] as the type asked for.
 * Missing keys return -ENOENT (leave *v alone); a wrong type or range is
 * -EINVAL. Strings are borrowed from the document.
 */
int mwjson_get_u64(const json_t *obj, const char *key, uint64_t *v);
int mwjson_get_i64(const json_t *obj, const char *key, int64_t *v);
int mwjson_get_str(const json_t *obj, const char *key, const char **s);

#endif
