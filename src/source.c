/* source.c: reading /proc (or a captured tree) below one root. */
#include "config.h"
#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/magic.h>
#ifdef HAVE_LINUX_OPENAT2_H
#include <linux/openat2.h>
#endif

#include "util/buf.h"
#include "util/err.h"
#include "util/units.h"
#include "util/xmalloc.h"

#define READ_CHUNK (128 * 1024)

/* The sys and dev roots: the live ones beside a live /proc, else DIR/sys and DIR/dev. */
static void
open_others(struct mw_source *src, const char *root)
{
	static const char *const live[MW_ROOT_N] = { NULL, "/sys", "/dev" };
	static const char *const below[MW_ROOT_N] = { NULL, "sys", "dev" };
	int r;

	for (r = MW_ROOT_SYS; r < MW_ROOT_N; r++) {
		struct mw_buf b;

		mw_buf_init(&b);
		if (src->live)
			mw_buf_printf(&b, "%s", live[r]);
		else
			mw_buf_printf(&b, "%s/%s", root, below[r]);
		src->other[r] = mw_buf_detach(&b, NULL);
		src->other_fd[r] = src->live ?
		    open(src->other[r], O_PATH | O_DIRECTORY | O_CLOEXEC) :
		    openat(src->root_fd, below[r],
			O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	}
}

int
mw_source_open(struct mw_source *src, const char *root, struct mw_err *err)
{
	struct statfs fs;
	struct stat st;
	int fd, r;

	for (r = 0; r < MW_ROOT_N; r++) {
		src->other[r] = NULL;
		src->other_fd[r] = -1;
	}
	if (root == NULL)
		root = "/proc";
	src->root = mw_xstrdup(root);
	src->max_size = MW_SOURCE_MAX_SIZE;
	fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		free(src->root);
		src->root = NULL;
		src->root_fd = -1;
		return mw_err_set(err, -e, MW_EXIT_TARGET,
		    "cannot open proc root %s (%s); give a directory made by 'memwatch capture' or /proc",
		    root, strerror(e));
	}
	src->root_fd = fd;
	src->live = fstat(fd, &st) == 0 && strcmp(root, "/proc") == 0;
	src->procfs = src->live && fstatfs(fd, &fs) == 0 &&
	    fs.f_type == PROC_SUPER_MAGIC;
	open_others(src, root);
	return 0;
}

void
mw_source_close(struct mw_source *src)
{
	int r;

	if (src->root_fd >= 0)
		close(src->root_fd);
	src->root_fd = -1;
	free(src->root);
	src->root = NULL;
	for (r = MW_ROOT_SYS; r < MW_ROOT_N; r++) {
		if (src->other[r] != NULL && src->other_fd[r] >= 0)
			close(src->other_fd[r]);
		src->other_fd[r] = -1;
		free(src->other[r]);
		src->other[r] = NULL;
	}
}

/* A root's directory fd (-1: absent) and its path for messages. */
static int
root_fd(const struct mw_source *src, enum mw_root root)
{
	if (root == MW_ROOT_PROC)
		return src->root_fd;
	if ((unsigned)root >= MW_ROOT_N || src->other[root] == NULL)
		return -1;
	return src->other_fd[root];
}

const char *
mw_source_root_path(const struct mw_source *src, enum mw_root root)
{
	if (root == MW_ROOT_PROC)
		return src->root != NULL ? src->root : "/proc";
	if ((unsigned)root >= MW_ROOT_N || src->other[root] == NULL)
		return "?";
	return src->other[root];
}

/* Refuse what could climb out of the root whatever the kernel supports. */
static bool
rel_ok(const char *rel)
{
	const char *p = rel;

	if (*rel == '\0' || *rel == '/')
		return false;
	while (*p != '\0') {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
			return false;
		p = strchr(p, '/');
		if (p == NULL)
			break;
		p++;
	}
	return true;
}

static int
open_below(int dirfd, const char *rel, int flags)
{
#if defined(HAVE_LINUX_OPENAT2_H) && defined(SYS_openat2)
	struct open_how how;
	int fd;

	memset(&how, 0, sizeof(how));
	how.flags = (uint64_t)flags;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	fd = (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof(how));
	if (fd >= 0 || errno != ENOSYS)
		return fd;
#endif
	return openat(dirfd, rel, flags);
}

/*
 * What a root may hand out: regular files and directories (every file of
 * /proc and /sys is one), and below the dev root character devices
 * (/dev/kmsg). A FIFO, a socket or a device elsewhere in a captured tree
 * would block a reader or never end.
 */
static bool
type_ok(const struct mw_source *src, enum mw_root root, int fd)
{
	struct stat st;

	(void)src;
	if (fstat(fd, &st) < 0)
		return false;
	if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
		return true;
	return root == MW_ROOT_DEV && S_ISCHR(st.st_mode);
}

/* base: the root's path (mw_source_root_path()), for the message. */
static int
root_errno(const struct mw_source *src, const char *base, const char *rel,
    int e, struct mw_err *err)
{
	char why[512], todo[256];

	switch (e) {
	case ENOENT:
	case ESRCH:
		return mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
		    "cannot read %s/%s (no such file or process); check the pid with ps or the --proc-root tree",
		    base, rel);
	case EACCES:
	case EPERM:
		if (err == NULL || err->msg[0] != '\0')
			return -EACCES;
		mw_source_denied_why(src, rel, why, sizeof(why), todo, sizeof(todo));
		return mw_err_set(err, -EACCES, MW_EXIT_TARGET,
		    "cannot read %s/%s (%s); %s", base, rel, why, todo);
	case EXDEV:
	case ELOOP:
		return mw_err_set(err, -EXDEV, MW_EXIT_TARGET,
		    "cannot read %s/%s (it leads outside the proc root); capture the tree again with 'memwatch capture'",
		    base, rel);
	default:
		return mw_err_set(err, -e, MW_EXIT_TARGET,
		    "cannot read %s/%s (%s); check the file", base, rel,
		    strerror(e));
	}
}

static int
source_errno(const struct mw_source *src, const char *rel, int e,
    struct mw_err *err)
{
	return root_errno(src, src->root, rel, e, err);
}

int
mw_source_open_fd_at(const struct mw_source *src, enum mw_root root,
    const char *rel, int extra_flags, struct mw_err *err)
{
	const char *base = mw_source_root_path(src, root);
	int dirfd = root_fd(src, root), fd;

	if (dirfd < 0)
		return mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
		    "cannot read %s/%s (not in the captured tree); capture it again with 'memwatch capture'",
		    base, rel);
	if (!rel_ok(rel))
		return root_errno(src, base, rel, EXDEV, err);
	/*
	 * procfs holds no FIFO, socket or device: its files are opened as
	 * they are read (a file of /proc costs an open, reads and a close,
	 * and a table reads two of every process).
	 */
	if (root == MW_ROOT_PROC && src->procfs) {
		fd = open_below(dirfd, rel,
		    O_RDONLY | O_CLOEXEC | O_NOCTTY | extra_flags);
		return fd >= 0 ? fd : root_errno(src, base, rel, errno, err);
	}
	/* Never blocking: a FIFO's open waits for a writer forever. */
	fd = open_below(dirfd, rel,
	    O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | extra_flags);
	if (fd < 0)
		return root_errno(src, base, rel, errno, err);
	if (!type_ok(src, root, fd)) {
		close(fd);
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "cannot read %s/%s (not a regular file); check the --proc-root tree",
		    base, rel);
	}
	if (!(extra_flags & O_NONBLOCK) && fcntl(fd, F_SETFL,
	    fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		int e = errno;

		close(fd);
		return root_errno(src, base, rel, e, err);
	}
	return fd;
}

int
mw_source_open_fd(const struct mw_source *src, const char *rel,
    struct mw_err *err)
{
	return mw_source_open_fd_at(src, MW_ROOT_PROC, rel, 0, err);
}

static int
open_file_at(const struct mw_source *src, enum mw_root root,
    const char *rel, struct mw_err *err)
{
	const char *base = mw_source_root_path(src, root);
	struct stat st;
	int fd;

	fd = mw_source_open_fd_at(src, root, rel, 0, err);
	if (fd < 0 || (root == MW_ROOT_PROC && src->procfs))
		return fd;	/* procfs says no size (0): read to the end */
	if (fstat(fd, &st) < 0)
		return fd;
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "cannot read %s/%s (not a regular file); check the --proc-root tree",
		    base, rel);
	}
	/* A captured file says its size: refuse it before reading. */
	if ((uint64_t)st.st_size > src->max_size) {
		close(fd);
		return mw_err_set(err, -EFBIG, MW_EXIT_TARGET,
		    "cannot read %s/%s (larger than %zu MiB); check the file",
		    base, rel, src->max_size >> 20);
	}
	return fd;
}

int
mw_source_open_file(const struct mw_source *src, const char *rel,
    struct mw_err *err)
{
	return open_file_at(src, MW_ROOT_PROC, rel, err);
}

/*
 * A process's file that procfs prints as one record (single_open): one
 * read with room to spare returns all of it, so a short read is its end
 * and the read that would return 0 is not made (a table reads two such
 * files of every process).
 */
static bool
one_record(const struct mw_source *src, enum mw_root root, const char *rel)
{
	const char *name = strchr(rel, '/');

	if (root != MW_ROOT_PROC || !src->procfs || name == NULL ||
	    (unsigned char)(rel[0] - '1') > 8)
		return false;
	name++;
	return strcmp(name, "stat") == 0 || strcmp(name, "statm") == 0 ||
	    strcmp(name, "status") == 0 || strcmp(name, "smaps_rollup") == 0;
}

int
mw_source_read_fd(const struct mw_source *src, enum mw_root root,
    const char *rel, int fd, struct mw_buf *out, struct mw_err *err)
{
	const char *base = mw_source_root_path(src, root);
	bool once = one_record(src, root, rel);
	size_t want;
	ssize_t n;
	int rc = 0;

	for (;;) {
		mw_buf_grow(out, READ_CHUNK);
		want = out->cap - out->len - 1;
		n = read(fd, out->data + out->len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = root_errno(src, base, rel, errno, err);
			goto out_close;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		if (out->len > src->max_size) {
			rc = mw_err_set(err, -EFBIG, MW_EXIT_TARGET,
			    "cannot read %s/%s (larger than %zu MiB); check the file",
			    base, rel, src->max_size >> 20);
			goto out_close;
		}
		if (once && (size_t)n < want)
			break;
	}
	out->data[out->len] = '\0';
out_close:
	close(fd);
	if (rc < 0)
		mw_buf_reset(out);
	return rc;
}

int
mw_source_read_at(const struct mw_source *src, enum mw_root root,
    const char *rel, struct mw_buf *out, struct mw_err *err)
{
	int fd;

	mw_buf_reset(out);
	fd = open_file_at(src, root, rel, err);
	return fd < 0 ? fd : mw_source_read_fd(src, root, rel, fd, out, err);
}

int
mw_source_read(const struct mw_source *src, const char *rel,
    struct mw_buf *out, struct mw_err *err)
{
	return mw_source_read_at(src, MW_ROOT_PROC, rel, out, err);
}

ssize_t
mw_source_read_chunk(const struct mw_source *src, const char *rel, int fd,
    struct mw_buf *out, size_t chunk, size_t *total, struct mw_err *err)
{
	ssize_t n;

	mw_buf_grow(out, chunk);
	do
		n = read(fd, out->data + out->len, chunk);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return source_errno(src, rel, errno, err);
	*total += (size_t)n;
	if (*total > src->max_size)
		return mw_err_set(err, -EFBIG, MW_EXIT_TARGET,
		    "cannot read %s/%s (larger than %zu MiB); check the file",
		    src->root, rel, src->max_size >> 20);
	mw_buf_setlen(out, out->len + (size_t)n);
	return n;
}

bool
mw_source_exists_at(const struct mw_source *src, enum mw_root root,
    const char *rel)
{
	struct stat st;
	int dirfd = root_fd(src, root);

	if (dirfd < 0 || !rel_ok(rel))
		return false;
	return fstatat(dirfd, rel, &st, 0) == 0;
}

bool
mw_source_exists(const struct mw_source *src, const char *rel)
{
	return mw_source_exists_at(src, MW_ROOT_PROC, rel);
}

int
mw_source_mtime(const struct mw_source *src, const char *rel, time_t *t)
{
	struct stat st;
	int fd, rc = 0;

	/* Resolved as a read would be: a file refused there gives no time. */
	if (!rel_ok(rel))
		return -EXDEV;
	fd = open_below(src->root_fd, rel, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		rc = -errno;
	else if (!S_ISREG(st.st_mode))
		rc = -EINVAL;
	else
		*t = st.st_mtime;
	close(fd);
	return rc;
}

static int
pid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

int
mw_source_pids(const struct mw_source *src, pid_t **pids, size_t *n,
    struct mw_err *err)
{
	struct dirent *de;
	size_t cap = 256, len = 0;
	pid_t *v;
	DIR *d;
	int fd;

	fd = openat(src->root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return source_errno(src, ".", errno, err);
	}
	v = mw_xreallocarray(NULL, cap, sizeof(*v));
	while ((de = readdir(d)) != NULL) {
		pid_t p;

		if (mw_parse_pid(de->d_name, &p) < 0)
			continue;
		if (len == cap) {
			cap *= 2;
			v = mw_xreallocarray(v, cap, sizeof(*v));
		}
		v[len++] = p;
	}
	closedir(d);
	qsort(v, len, sizeof(*v), pid_cmp);
	*pids = v;
	*n = len;
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
mw_source_list_at(const struct mw_source *src, enum mw_root root,
    const char *rel, char ***names, size_t *n, struct mw_err *err)
{
	size_t cap = 16, len = 0;
	struct dirent *de;
	char **v;
	DIR *d;
	int fd;

	fd = mw_source_open_fd_at(src, root, rel, O_DIRECTORY, err);
	if (fd < 0)
		return fd;
	if ((d = fdopendir(fd)) == NULL) {
		int e = errno;

		close(fd);
		return root_errno(src, mw_source_root_path(src, root), rel, e, err);
	}
	v = mw_xreallocarray(NULL, cap, sizeof(*v));
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (len == cap) {
			cap *= 2;
			v = mw_xreallocarray(v, cap, sizeof(*v));
		}
		v[len++] = mw_xstrdup(de->d_name);
	}
	closedir(d);
	qsort(v, len, sizeof(*v), name_cmp);
	*names = v;
	*n = len;
	return (int)(len > INT_MAX ? INT_MAX : len);
}

void
mw_source_list_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int
mw_source_statfs(const struct mw_source *src, const char *path,
    uint64_t *size, uint64_t *used)
{
	struct statfs st;

	if (!src->live)
		return -ENOENT;
	if (statfs(path, &st) < 0)
		return -errno;
	if (st.f_blocks == 0)
		return -ENODATA;
	*size = (uint64_t)st.f_blocks * (uint64_t)st.f_bsize;
	*used = (uint64_t)(st.f_blocks - st.f_bfree) * (uint64_t)st.f_bsize;
	return 0;
}
