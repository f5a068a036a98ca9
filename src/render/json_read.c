/* render/json_read.c: a memwatch document as tokens, read a piece at a time. */
#include "config.h"
#include "render/json_read.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/err.h"
#include "util/xmalloc.h"

#define PIECE ((size_t)256 * 1024)
/* Not a snapshot of ours past this (see render/json.c). */
#define MAX_FILE ((uint64_t)256 << 20)

struct mwjson_key_ent {
	uint64_t hash;
	size_t off;		/* in keytext */
	uint32_t len;
	uint32_t obj;		/* 0: a free slot */
};

static const char hint[] = "give a file written by 'memwatch ... snapshot'";

static void
rd_init(struct mwjson_rd *r, const char *path, struct mw_err *err)
{
	memset(r, 0, sizeof(*r));
	r->path = path;
	r->fd = -1;
	r->err = err;
	mw_buf_init(&r->buf);
	mw_buf_init(&r->str);
	mw_buf_init(&r->keytext);
	jtok_init(&r->t, r->buf.data, r->buf.data, false);
}

int
mwjson_rd_open(struct mwjson_rd *r, const char *path, struct mw_err *err)
{
	struct stat st;
	int e;

	rd_init(r, path, err);
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		e = errno;
		return mw_err_set(err, -e, MW_EXIT_TARGET,
		    "cannot read %s (%s); check the path and its permissions",
		    path, strerror(e));
	}
	if (fstat(r->fd, &st) < 0)
		memset(&st, 0, sizeof(st));
	if (S_ISDIR(st.st_mode))
		return mw_err_set(err, -EISDIR, MW_EXIT_TARGET,
		    "cannot load %s (a directory); %s", path, hint);
	if (S_ISREG(st.st_mode))
		r->size = (uint64_t)st.st_size;
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > MAX_FILE)
		return mw_err_set(err, -EFBIG, MW_EXIT_TARGET,
		    "cannot load %s (larger than 256 MiB, not a memwatch snapshot); %s",
		    path, hint);
	return 0;
}

void
mwjson_rd_mem(struct mwjson_rd *r, const char *data, size_t len,
    size_t piece, const char *name, struct mw_err *err)
{
	rd_init(r, name, err);
	r->mem = data;
	r->mem_len = len;
	r->piece = piece ? piece : 1;
}

void
mwjson_rd_close(struct mwjson_rd *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	mw_buf_free(&r->buf);
	mw_buf_free(&r->str);
	mw_buf_free(&r->keytext);
	free(r->keys);
	r->keys = NULL;
}

/* The rest of fd into a new memory file: its descriptor, or -errno. */
static int
spool_fd(int fd, const char *path, struct mw_err *err)
{
	char buf[65536];
	uint64_t total = 0;
	ssize_t got;
	int m = memfd_create("memwatch-document", MFD_CLOEXEC);

	if (m < 0)
		return mw_err_set(err, -errno, MW_EXIT_TARGET,
		    "cannot read %s (%s: no memory to hold it); %s", path,
		    strerror(errno), hint);
	for (;;) {
		got = read(fd, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		total += (uint64_t)got;
		if (total > MAX_FILE) {
			close(m);
			return mw_err_set(err, -EFBIG, MW_EXIT_TARGET,
			    "cannot load %s (larger than 256 MiB, not a memwatch snapshot); %s",
			    path, hint);
		}
		if (write(m, buf, (size_t)got) != got) {
			got = -1;
			break;
		}
	}
	if (got < 0) {
		int e = errno;

		close(m);
		return mw_err_set(err, -e, MW_EXIT_TARGET,
		    "cannot read %s (%s); check the file", path, strerror(e));
	}
	return m;
}

/* The N of "/dev/fd/N" or "/proc/self/fd/N", or -1. */
static int
fd_of_path(const char *path)
{
	const char *p;
	char *end;
	long n;

	if (strncmp(path, "/dev/fd/", 8) == 0)
		p = path + 8;
	else if (strncmp(path, "/proc/self/fd/", 14) == 0)
		p = path + 14;
	else
		return -1;
	errno = 0;
	n = strtol(p, &end, 10);
	return errno != 0 || end == p || *end != '\0' || n < 0 ||
	    n > INT_MAX ? -1 : (int)n;
}

int
mwjson_rd_spool(const char *path, const char **read_path,
    struct mw_err *err)
{
	char name[32];
	struct stat st;
	int n = fd_of_path(path), fd, m;

	*read_path = path;
	/* a shell's <(...): the memory takes the pipe's number */
	if (n >= 0 && fstat(n, &st) == 0 && (S_ISFIFO(st.st_mode) ||
	    S_ISSOCK(st.st_mode))) {
		if ((m = spool_fd(n, path, err)) < 0)
			return m;
		if (dup2(m, n) < 0) {
			int e = errno;

			close(m);
			return mw_err_set(err, -e, MW_EXIT_TARGET,
			    "cannot read %s (%s); check the file", path,
			    strerror(e));
		}
		close(m);
		return 1;
	}
	/* a named pipe, opened (and waited for) once: read from memory */
	if (n >= 0 || stat(path, &st) < 0 || !S_ISFIFO(st.st_mode))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return mw_err_set(err, -errno, MW_EXIT_TARGET,
		    "cannot read %s (%s); check the path and its permissions",
		    path, strerror(errno));
	m = spool_fd(fd, path, err);
	close(fd);
	if (m < 0)
		return m;
	snprintf(name, sizeof(name), "/dev/fd/%d", m);
	*read_path = mw_xstrdup(name);	/* the memory stays open */
	return 1;
}

/* Line and column (1-based, in bytes) of file offset off. */
static void
position(struct mwjson_rd *r, uint64_t off, long *line, long *col)
{
	char b[65536];
	uint64_t pos = 0;
	const char *p = r->mem;
	ssize_t n;

	*line = 1;
	*col = 1;
	while (pos < off) {
		if (r->fd >= 0) {
			n = pread(r->fd, b, off - pos < sizeof(b) ?
			    (size_t)(off - pos) : sizeof(b), (off_t)pos);
			if (n <= 0)
				return;
			p = b;
		} else {
			n = (ssize_t)(off - pos);
			p = r->mem + pos;
		}
		for (ssize_t i = 0; i < n; i++) {
			if (p[i] == '\n')
				++*line, *col = 1;
			else if (((unsigned char)p[i] & 0xc0) != 0x80)
				++*col;
		}
		pos += (uint64_t)n;
	}
}

int
mwjson_rd_fail(struct mwjson_rd *r, const char *at, const char *why)
{
	long line, col;

	position(r, r->base + (uint64_t)(at - r->buf.data), &line, &col);
	return mw_err_set(r->err, -EINVAL, MW_EXIT_TARGET,
	    "%s:%ld:%ld: not valid JSON (%s%s); %s", r->path, line, col, why,
	    strstr(why, "end of file") != NULL ?
	    ": the file ends early, truncated?" : "", hint);
}

/* The first byte that is not white space in the new text, checked once. */
static int
check_first(struct mwjson_rd *r, size_t from)
{
	for (size_t i = from; i < r->buf.len && !r->seen_first; i++) {
		unsigned char c = (unsigned char)r->buf.data[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		r->seen_first = true;
		if (c == 0xef && i + 2 < r->buf.len &&
		    (unsigned char)r->buf.data[i + 1] == 0xbb &&
		    (unsigned char)r->buf.data[i + 2] == 0xbf)
			return mw_err_set(r->err, -EINVAL, MW_EXIT_TARGET,
			    "cannot load %s (it starts with a UTF-8 byte-order mark, which JSON does not allow); remove the first 3 bytes or %s",
			    r->path, hint);
		if (c == 0 || c >= 0x80)
			return mw_err_set(r->err, -EINVAL, MW_EXIT_TARGET,
			    "cannot load %s (binary data, not JSON); %s",
			    r->path, hint);
	}
	return 0;
}

/* More text after the window, keeping its unread part; 0 or -errno. */
static int
refill(struct mwjson_rd *r)
{
	size_t keep = (size_t)(r->t.end - r->t.p), from;
	size_t skip = (size_t)(r->t.p - r->buf.data);
	ssize_t n = 0;
	bool eof = false;

	if (keep > 0)
		memmove(r->buf.data, r->t.p, keep);
	r->base += skip;
	r->buf.len = keep;
	/* A token longer than half the buffer doubles it: linear in all. */
	mw_buf_grow(&r->buf, keep > PIECE / 2 ? keep * 2 : PIECE);
	from = r->buf.len;
	while (!eof && r->buf.len + 1 < r->buf.cap) {
		size_t room = r->buf.cap - 1 - r->buf.len;

		if (r->fd < 0) {
			n = (ssize_t)(r->mem_len - r->mem_off);
			if ((size_t)n > r->piece)
				n = (ssize_t)r->piece;
			memcpy(r->buf.data + r->buf.len, r->mem + r->mem_off,
			    (size_t)n < room ? (size_t)n : room);
			n = (size_t)n < room ? n : (ssize_t)room;
			r->mem_off += (size_t)n;
			eof = r->mem_off == r->mem_len;
			mw_buf_setlen(&r->buf, r->buf.len + (size_t)n);
			break;
		}
		n = read(r->fd, r->buf.data + r->buf.len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return mw_err_set(r->err, -errno, MW_EXIT_TARGET,
			    "cannot read %s (%s); check the file", r->path,
			    strerror(errno));
		eof = n == 0;
		mw_buf_setlen(&r->buf, r->buf.len + (size_t)n);
	}
	r->total += r->buf.len - from;
	if (r->total > MAX_FILE)
		return mw_err_set(r->err, -EFBIG, MW_EXIT_TARGET,
		    "cannot load %s (larger than 256 MiB, not a memwatch snapshot); %s",
		    r->path, hint);
	if (eof && r->total == 0)
		return mw_err_set(r->err, -EINVAL, MW_EXIT_TARGET,
		    "cannot load %s (the file is empty); %s", r->path, hint);
	if (check_first(r, from) < 0)
		return -EINVAL;
	r->t.p = r->buf.data;
	r->t.end = r->buf.data + r->buf.len;
	r->t.last = eof;
	return 0;
}

enum jtok_type
mwjson_rd_next(struct mwjson_rd *r)
{
	enum jtok_type k;

	while ((k = jtok_next(&r->t)) == JT_MORE)
		if (refill(r) < 0)
			return JT_ERR;
	if (k == JT_ERR)
		mwjson_rd_fail(r, r->t.at, r->t.err);
	return k;
}

const char *
mwjson_rd_str(struct mwjson_rd *r, size_t *n)
{
	if (!r->t.esc) {
		*n = r->t.n;
		return r->t.s;
	}
	mw_buf_reset(&r->str);
	jtok_unescape(r->t.s, r->t.n, &r->str);
	*n = r->str.len;
	return r->str.data;
}

uint32_t
mwjson_rd_obj(struct mwjson_rd *r)
{
	return ++r->objs;
}

static uint64_t
key_hash(uint32_t obj, const char *k, size_t n)
{
	uint64_t h = 1469598103934665603ull ^ obj;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
	return h ^ (h >> 29);
}

static void
keys_grow(struct mwjson_rd *r)
{
	struct mwjson_key_ent *old = r->keys;
	size_t oldcap = r->capkeys;

	r->capkeys = oldcap ? oldcap * 2 : 256;
	r->keys = mw_xcalloc(r->capkeys, sizeof(*r->keys));
	for (size_t i = 0; i < oldcap; i++) {
		size_t j = old[i].hash & (r->capkeys - 1);

		if (old[i].obj == 0)
			continue;
		while (r->keys[j].obj != 0)
			j = (j + 1) & (r->capkeys - 1);
		r->keys[j] = old[i];
	}
	free(old);
}

int
mwjson_rd_key(struct mwjson_rd *r, uint32_t obj, const char *k, size_t n)
{
	uint64_t h = key_hash(obj, k, n);
	size_t j;

	if ((r->nkeys + 1) * 2 > r->capkeys)
		keys_grow(r);
	for (j = h & (r->capkeys - 1); r->keys[j].obj != 0;
	    j = (j + 1) & (r->capkeys - 1)) {
		const struct mwjson_key_ent *e = &r->keys[j];

		if (e->hash == h && e->obj == obj && e->len == n &&
		    memcmp(r->keytext.data + e->off, k, n) == 0)
			return mwjson_rd_fail(r, r->t.at, "duplicate object key"),
			    JT_ERR;
	}
	r->keys[j].hash = h;
	r->keys[j].obj = obj;
	r->keys[j].len = (uint32_t)n;
	r->keys[j].off = r->keytext.len;
	mw_buf_add(&r->keytext, k, n);
	r->nkeys++;
	return 0;
}

int
mwjson_rd_key_next(struct mwjson_rd *r, uint32_t obj, const char **k,
    size_t *n)
{
	enum jtok_type t = mwjson_rd_next(r);

	if (t == JT_OBJ_END)
		return 0;
	if (t != JT_KEY)
		return -1;
	*k = mwjson_rd_str(r, n);
	return mwjson_rd_key(r, obj, *k, *n) < 0 ? -1 : 1;
}

int
mwjson_rd_skip_value(struct mwjson_rd *r)
{
	enum jtok_type t = mwjson_rd_next(r);

	if (t == JT_OBJ || t == JT_ARR)
		return mwjson_rd_skip(r, t) < 0 ? -1 : 0;
	return t == JT_ERR || t == JT_OBJ_END || t == JT_ARR_END ||
	    t == JT_EOF ? -1 : 0;
}

/* Skip the rest of an object (keys checked) or an array. */
static int
skip_container(struct mwjson_rd *r, bool obj)
{
	uint32_t id = obj ? mwjson_rd_obj(r) : 0;
	enum jtok_type k;
	const char *s;
	size_t n;

	for (;;) {
		k = mwjson_rd_next(r);
		if (k == JT_ERR || k == JT_OBJ_END || k == JT_ARR_END)
			return k == JT_ERR ? JT_ERR : 0;
		if (k == JT_KEY) {
			s = mwjson_rd_str(r, &n);
			if (mwjson_rd_key(r, id, s, n) < 0)
				return JT_ERR;
			continue;
		}
		if (mwjson_rd_skip(r, k) < 0)
			return JT_ERR;
	}
}

int
mwjson_rd_skip(struct mwjson_rd *r, enum jtok_type tok)
{
	if (tok == JT_ERR)
		return JT_ERR;
	if (tok == JT_OBJ || tok == JT_ARR)
		return skip_container(r, tok == JT_OBJ);
	return 0;
}
