/* util/atomic.c: temp file, fsync, rename (rules in atomic.h). */
#include "config.h"
#include "util/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/err.h"
#include "util/xmalloc.h"

int
mw_write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Make the rename itself durable; some file systems refuse, harmlessly. */
static void
sync_dir(const char *path)
{
	char *copy = mw_xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(copy);
}

/* The file mode a new file would get (0666 less the umask), or the old one's. */
static mode_t
target_mode(bool exists, const struct stat *st)
{
	mode_t mask;

	if (exists)
		return st->st_mode & 07777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* No signal may leave the temporary file behind. */
static void
hold_signals(struct mw_atomic *w)
{
	sigset_t stop;

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigaddset(&stop, SIGQUIT);
	sigprocmask(SIG_BLOCK, &stop, &w->old);
	w->held = true;
}

/* Close, remove the temporary file, restore the signals: w is idle. */
static void
cleanup(struct mw_atomic *w)
{
	if (w->fd >= 0)
		close(w->fd);
	if (w->tmp != NULL)
		unlink(w->tmp);
	free(w->tmp);
	free(w->path);
	if (w->held)
		sigprocmask(SIG_SETMASK, &w->old, NULL);
	w->fd = -1;
	w->tmp = NULL;
	w->path = NULL;
	w->held = false;
}

/* The message for a failed write; w cleaned up. */
static int
fail(struct mw_atomic *w, int rc, struct mw_err *err)
{
	if (w->tmp != NULL)
		mw_err_set(err, rc, MW_EXIT_TARGET,
		    "cannot write %s (%s); free some space or choose another place, the old file is unchanged",
		    w->path, strerror(-rc));
	else
		mw_err_set(err, rc, MW_EXIT_TARGET,
		    "cannot write %s (%s); check the device or pipe",
		    w->path, strerror(-rc));
	cleanup(w);
	return rc;
}

/* A device or pipe (-o /dev/stdout): written in place, nothing to rename. */
static int
begin_special(struct mw_atomic *w, const char *path, struct mw_err *err)
{
	int rc;

	/* A FIFO without a reader would block the open for ever: ENXIO. */
	w->fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (w->fd < 0) {
		rc = -errno;
		return mw_err_set(err, rc, MW_EXIT_TARGET,
		    "cannot write %s (%s); check the path and its permissions",
		    path, rc == -ENXIO ? "a FIFO nothing reads" : strerror(-rc));
	}
	(void)fcntl(w->fd, F_SETFL, fcntl(w->fd, F_GETFL) & ~O_NONBLOCK);
	w->path = mw_xstrdup(path);
	return 0;
}

/*
 * What the kernel's fs.protected_symlinks does, done here whatever it is
 * set to: a symlink in a sticky, world-writable directory (/tmp) is
 * followed only when the caller or the directory's owner owns it.
 * Every symlink on the way to path is checked. 0, or -EPERM with the
 * offending link's path in bad (PATH_MAX bytes).
 */
static int
links_ok(const char *path, char *bad)
{
	char prefix[PATH_MAX], dir[PATH_MAX];
	size_t n = strlen(path), i;
	struct stat ls, ds;

	if (n >= PATH_MAX)
		return 0;	/* the open will say ENAMETOOLONG */
	for (i = 1; i <= n; i++) {
		if (i < n && path[i] != '/')
			continue;
		memcpy(prefix, path, i);
		prefix[i] = '\0';
		if (lstat(prefix, &ls) < 0 || !S_ISLNK(ls.st_mode))
			continue;
		memcpy(dir, prefix, i + 1);
		if (stat(dirname(dir), &ds) < 0)
			continue;
		if ((ds.st_mode & (S_ISVTX | S_IWOTH)) != (S_ISVTX | S_IWOTH) ||
		    ls.st_uid == geteuid() || ls.st_uid == ds.st_uid)
			continue;
		memcpy(bad, prefix, i + 1);
		return -EPERM;
	}
	return 0;
}

/*
 * An existing target memwatch may replace or write: owned by the caller
 * or by root. Another user's file (or FIFO) in a shared directory is
 * theirs: root replacing it would write where they chose.
 */
static bool
owner_ok(const struct stat *st)
{
	return st->st_uid == geteuid() || st->st_uid == 0;
}

static int
check_target(const char *path, struct stat *st, bool *exists,
    struct mw_err *err)
{
	char bad[PATH_MAX];

	if (links_ok(path, bad) < 0)
		return mw_err_set(err, -EPERM, MW_EXIT_TARGET,
		    "cannot write %s (%s is a symlink in a sticky directory, owned by another user; memwatch does not follow it); give the path it points to, if you trust it",
		    path, bad);
	*exists = stat(path, st) == 0;
	if (*exists && S_ISDIR(st->st_mode))
		return mw_err_set(err, -EISDIR, MW_EXIT_TARGET,
		    "cannot write %s (a directory); give a file name", path);
	if (*exists && S_ISBLK(st->st_mode))
		return mw_err_set(err, -EPERM, MW_EXIT_TARGET,
		    "cannot write %s (a block device; memwatch does not write over a disk); give a file name",
		    path);
	if (*exists && !owner_ok(st))
		return mw_err_set(err, -EPERM, MW_EXIT_TARGET,
		    "cannot write %s (it belongs to another user, uid %u; memwatch does not replace it); remove it first or give another path",
		    path, (unsigned)st->st_uid);
	return 0;
}

int
mw_atomic_begin(struct mw_atomic *w, const char *path, struct mw_err *err)
{
	struct stat st;
	char *real = NULL;
	size_t plen;
	bool exists;
	int rc;

	memset(w, 0, sizeof(*w));
	w->fd = -1;
	if ((rc = check_target(path, &st, &exists, err)) < 0)
		return rc;
	if (exists && !S_ISREG(st.st_mode))
		return begin_special(w, path, err);
	/* Through a symlink: replace the file it names, not the link. */
	if (exists)
		real = realpath(path, NULL);
	w->path = real != NULL ? real : mw_xstrdup(path);
	w->mode = target_mode(exists, &st);
	plen = strlen(w->path);
	w->tmp = mw_xmalloc(plen + 16);
	snprintf(w->tmp, plen + 16, "%s.tmpXXXXXX", w->path);
	hold_signals(w);
	w->fd = mkstemp(w->tmp);
	if (w->fd < 0) {
		rc = -errno;
		mw_err_set(err, rc, MW_EXIT_TARGET,
		    "cannot write %s (%s); check that its directory exists and is writable",
		    w->path, strerror(-rc));
		free(w->tmp);
		w->tmp = NULL;
		cleanup(w);
		return rc;
	}
	return 0;
}

int
mw_atomic_write(struct mw_atomic *w, const void *data, size_t len,
    struct mw_err *err)
{
	int rc;

	if (w->fd < 0)
		return mw_err_set(err, -EBADF, MW_EXIT_TARGET,
		    "cannot write (%s); write the file again", strerror(EBADF));
	rc = mw_write_all(w->fd, data, len);
	return rc < 0 ? fail(w, rc, err) : 0;
}

int
mw_atomic_commit(struct mw_atomic *w, struct mw_err *err)
{
	int rc = 0;

	if (w->fd < 0)
		return mw_err_set(err, -EBADF, MW_EXIT_TARGET,
		    "cannot write (%s); write the file again", strerror(EBADF));
	if (w->tmp == NULL) {
		rc = close(w->fd) < 0 ? -errno : 0;
		w->fd = -1;
		return rc < 0 ? fail(w, rc, err) : (cleanup(w), 0);
	}
	if (fchmod(w->fd, w->mode) < 0 || fsync(w->fd) < 0)
		rc = -errno;
	if (close(w->fd) < 0 && rc == 0)
		rc = -errno;
	w->fd = -1;
	if (rc == 0 && rename(w->tmp, w->path) < 0)
		rc = -errno;
	if (rc < 0)
		return fail(w, rc, err);
	sync_dir(w->path);
	free(w->tmp);
	w->tmp = NULL;	/* renamed: nothing to remove */
	cleanup(w);
	return 0;
}

void
mw_atomic_abort(struct mw_atomic *w)
{
	cleanup(w);
}

int
mw_write_atomic(const char *path, const void *data, size_t len,
    struct mw_err *err)
{
	struct mw_atomic w;
	int rc;

	rc = mw_atomic_begin(&w, path, err);
	if (rc == 0)
		rc = mw_atomic_write(&w, data, len, err);
	if (rc == 0)
		rc = mw_atomic_commit(&w, err);
	return rc;
}
