/* source_kept.c: a file of every process kept open between the passes of
 * a table (see struct mw_kept in source.h), and the limit on open files. */
#include "config.h"
#include "source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/xmalloc.h"

/*
 * The soft limit is raised no further than this for kept files, which
 * take at most half of it: the rest is the room of everything else
 * (serve's connections: 1,024).
 */
#define KEPT_LIMIT 65536

size_t
mw_source_fd_room(size_t want)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return 0;
	if (rl.rlim_cur < want && rl.rlim_cur != RLIM_INFINITY) {
		rlim_t cur = rl.rlim_cur;

		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ||
		    rl.rlim_max > want ? want : rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			rl.rlim_cur = cur;
	}
	return rl.rlim_cur == RLIM_INFINITY ? SIZE_MAX : (size_t)rl.rlim_cur;
}

void
mw_kept_init(struct mw_kept *k, const char *name, size_t max)
{
	size_t room;

	memset(k, 0, sizeof(*k));
	k->name = name;
	if (max == 0) {
		room = mw_source_fd_room(KEPT_LIMIT);
		max = room >= 512 ? room / 2 : 0;
	}
	k->max = max;
}

void
mw_kept_free(struct mw_kept *k)
{
	for (size_t i = 0; i < k->len; i++)
		close(k->v[i].fd);
	free(k->v);
	k->v = NULL;
	k->len = k->cap = 0;
}

void
mw_kept_pass(struct mw_kept *k)
{
	size_t n = 0;

	for (size_t i = 0; i < k->len; i++) {
		if (k->v[i].pass != k->pass)
			close(k->v[i].fd);
		else
			k->v[n++] = k->v[i];
	}
	k->len = n;
	k->pass++;
}

/* The index of pid in k->v, or where it would go. */
static size_t
kept_find(const struct mw_kept *k, pid_t pid)
{
	size_t lo = 0, hi = k->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k->v[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
kept_drop(struct mw_kept *k, size_t i)
{
	close(k->v[i].fd);
	memmove(&k->v[i], &k->v[i + 1], (k->len - i - 1) * sizeof(k->v[0]));
	k->len--;
}

/*
 * fd from offset 0 into out (reset first): a record file of procfs, whose
 * read stops short at its end (no second call to see the end).
 */
static int
reread(const struct mw_source *src, int fd, struct mw_buf *out)
{
	off_t off = 0;
	ssize_t n;

	mw_buf_reset(out);
	for (;;) {
		size_t want;

		mw_buf_grow(out, 4096);
		want = out->cap - out->len - 1;
		n = pread(fd, out->data + out->len, want, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || out->len + (size_t)n > src->max_size) {
			n = n < 0 ? -errno : -EFBIG;
			mw_buf_reset(out);
			return (int)n;
		}
		out->len += (size_t)n;
		off += n;
		if ((size_t)n < want)
			break;
	}
	out->data[out->len] = '\0';
	return 0;
}

int
mw_source_read_kept(const struct mw_source *src, struct mw_kept *k,
    pid_t pid, struct mw_buf *out, bool *renewed)
{
	char rel[64];
	size_t i;
	int fd, rc;

	*renewed = false;
	if (!src->procfs || pid <= 0)
		return mw_source_read_pid(src, pid, k->name, out, NULL);
	i = kept_find(k, pid);
	if (i < k->len && k->v[i].pid == pid) {
		if (reread(src, k->v[i].fd, out) == 0 && out->len > 0) {
			k->v[i].pass = k->pass;
			return 0;
		}
		kept_drop(k, i);	/* its process is gone */
		*renewed = true;
	}
	if (!mw_source_pid_rel(rel, pid, k->name)) {
		mw_buf_reset(out);
		return -ENAMETOOLONG;
	}
	fd = mw_source_open_file(src, rel, NULL);
	if (fd < 0) {
		mw_buf_reset(out);
		return fd;
	}
	rc = reread(src, fd, out);
	if (rc < 0 || k->len >= k->max) {
		close(fd);
		return rc;
	}
	if (k->len == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 256;
		k->v = mw_xreallocarray(k->v, k->cap, sizeof(k->v[0]));
	}
	memmove(&k->v[i + 1], &k->v[i], (k->len - i) * sizeof(k->v[0]));
	k->v[i] = (struct mw_kept_file){ pid, fd, k->pass };
	k->len++;
	return 0;
}
