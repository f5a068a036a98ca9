/* render/json_read.h: memwatch's JSON documents read as a stream of tokens.
 *
 * A document is read from a file a piece at a time (or from memory, in
 * pieces of a given size, for tests), through parse/jsontok.c: no tree is
 * built, so memory stays at the size of the largest token plus what the
 * caller keeps. The reader refuses what jansson refuses (duplicate keys
 * too, through mwjson_rd_key()), and its errors read like the loader's:
 * "FILE:LINE:COLUMN: not valid JSON (why)".
 */
#ifndef MW_RENDER_JSON_READ_H
#define MW_RENDER_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/jsontok.h"
#include "util/buf.h"

struct mw_err;

struct mwjson_key_ent;

struct mwjson_rd {
	const char *path;	/* for messages */
	int fd;			/* -1: reading from memory */
	const char *mem;	/* the document in memory, and how much of it */
	size_t mem_len, mem_off, piece;	/* is handed over per refill */
	struct mw_buf buf;	/* the window's text */
	uint64_t base;		/* file offset of buf.data[0] */
	uint64_t total;		/* bytes read */
	uint64_t size;		/* the file's size when known, else 0 */
	bool seen_first;	/* a byte that is not white space was read */
	struct jtok t;
	struct mw_err *err;
	struct mw_buf str;	/* the decoded string of mwjson_rd_str() */
	/* keys seen, per object, to refuse duplicates */
	struct mwjson_key_ent *keys;
	size_t nkeys, capkeys;
	struct mw_buf keytext;
	uint32_t objs;		/* object ids handed out */
};

/*
 * Open path for reading (a directory, an empty, oversized or binary file
 * gets its own message). 0 or a negative errno with err set.
 */
int mwjson_rd_open(struct mwjson_rd *r, const char *path, struct mw_err *err);
/* The same over data[0..len), handed to the tokenizer piece bytes at a time. */
void mwjson_rd_mem(struct mwjson_rd *r, const char *data, size_t len,
    size_t piece, const char *name, struct mw_err *err);
void mwjson_rd_close(struct mwjson_rd *r);
/*
 * A document on a pipe made readable more than once: its bytes, up to
 * 256 MiB, moved to memory. Given as /dev/fd/N or /proc/self/fd/N (a
 * shell's <(...)), fd N then names the memory and *read_path is path; a
 * named pipe is opened once (waiting for its writer, as any reader does)
 * and *read_path names the memory ("/dev/fd/M"). 1 when done, 0 when path
 * is no pipe (*read_path is path), or a negative errno with err set.
 */
int mwjson_rd_spool(const char *path, const char **read_path,
    struct mw_err *err);

/* The next token; on JT_ERR err is set. Never JT_MORE. */
enum jtok_type mwjson_rd_next(struct mwjson_rd *r);
/* The last JT_KEY or JT_STR decoded; valid until the next call. */
const char *mwjson_rd_str(struct mwjson_rd *r, size_t *n);
/* A new object id, for mwjson_rd_key(). */
uint32_t mwjson_rd_obj(struct mwjson_rd *r);
/* Record key k[0..n) of object obj: 0, or JT_ERR (err set) if it repeats. */
int mwjson_rd_key(struct mwjson_rd *r, uint32_t obj, const char *k, size_t n);
/*
 * The next key of object obj (its JT_OBJ read), decoded into *k[0..*n)
 * and recorded: 1, valid until the next call; 0 after the object's last
 * value; -1 on anything else (a repeated key: err set).
 *
 *	while ((rc = mwjson_rd_key_next(rd, obj, &k, &n)) > 0)
 *		... read or skip the value of k ...
 */
int mwjson_rd_key_next(struct mwjson_rd *r, uint32_t obj, const char **k,
    size_t *n);
/* Skip the value that comes next: 0, or -1 when there is none. */
int mwjson_rd_skip_value(struct mwjson_rd *r);
/* Skip the value that token tok began, refusing what jansson refuses. */
int mwjson_rd_skip(struct mwjson_rd *r, enum jtok_type tok);
/* Set err to "FILE:LINE:COL: not valid JSON (why)" for the byte at; -EINVAL. */
int mwjson_rd_fail(struct mwjson_rd *r, const char *at, const char *why);

#endif
