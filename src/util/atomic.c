/* util/atomic.c: temp file, fsync, rename. */
#include "config.h"
#include "util/atomic.h"

#include <errno.h>
#include <fcntl.h>
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

int
mw_write_atomic(const char *path, const void *data, size_t len,
    struct mw_err *err)
{
	size_t plen = strlen(path);
	char *tmp = mw_xmalloc(plen + 16);
	int fd, rc;

	snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = -errno;
		mw_err_set(err, rc, 1,
		    "cannot write %s (%s); check that its directory exists and is writable",
		    path, strerror(-rc));
		free(tmp);
		return rc;
	}
	rc = write_all(fd, data, len);
	if (rc == 0 && fchmod(fd, 0644) < 0)
		rc = -errno;
	if (rc == 0 && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(tmp, path) < 0)
		rc = -errno;
	if (rc < 0) {
		unlink(tmp);
		mw_err_set(err, rc, 1,
		    "cannot write %s (%s); free some space or choose another place, the old file is unchanged",
		    path, strerror(-rc));
	}
	free(tmp);
	return rc;
}
