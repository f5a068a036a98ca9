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

static int
write_all(int fd, const char *p, size_t len)
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

/* A device or pipe (-o /dev/stdout): written in place, nothing to rename. */
static int
write_special(const char *path, const void *data, size_t len,
    struct mw_err *err)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	int rc;

	if (fd < 0) {
		rc = -errno;
		return mw_err_set(err, rc, MW_EXIT_TARGET,
		    "cannot write %s (%s); check the path and its permissions",
		    path, strerror(-rc));
	}
	rc = write_all(fd, data, len);
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc < 0)
		mw_err_set(err, rc, MW_EXIT_TARGET, "cannot write %s (%s); check the device or pipe",
		    path, strerror(-rc));
	return rc;
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

/* Temp file beside path, filled, synced and renamed over it. */
static int
replace(const char *path, const void *data, size_t len, mode_t mode,
    struct mw_err *err)
{
	size_t plen = strlen(path);
	char *tmp = mw_xmalloc(plen + 16);
	int fd, rc;

	snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = -errno;
		mw_err_set(err, rc, MW_EXIT_TARGET,
		    "cannot write %s (%s); check that its directory exists and is writable",
		    path, strerror(-rc));
		free(tmp);
		return rc;
	}
	rc = write_all(fd, data, len);
	if (rc == 0 && fchmod(fd, mode) < 0)
		rc = -errno;
	if (rc == 0 && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(tmp, path) < 0)
		rc = -errno;
	if (rc < 0) {
		unlink(tmp);
		mw_err_set(err, rc, MW_EXIT_TARGET,
		    "cannot write %s (%s); free some space or choose another place, the old file is unchanged",
		    path, strerror(-rc));
	} else {
		sync_dir(path);
	}
	free(tmp);
	return rc;
}

int
mw_write_atomic(const char *path, const void *data, size_t len,
    struct mw_err *err)
{
	sigset_t stop, old;
	struct stat st;
	char *real = NULL;
	bool exists;
	int rc;

	exists = stat(path, &st) == 0;
	if (exists && S_ISDIR(st.st_mode))
		return mw_err_set(err, -EISDIR, MW_EXIT_TARGET,
		    "cannot write %s (a directory); give a file name", path);
	if (exists && !S_ISREG(st.st_mode))
		return write_special(path, data, len, err);
	/* Through a symlink: replace the file it names, not the link. */
	if (exists)
		real = realpath(path, NULL);
	/* No signal may leave the temporary file behind. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigaddset(&stop, SIGQUIT);
	sigprocmask(SIG_BLOCK, &stop, &old);
	rc = replace(real != NULL ? real : path, data, len,
	    target_mode(exists, &st), err);
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(real);
	return rc;
}
