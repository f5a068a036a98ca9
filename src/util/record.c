/* util/record.c: a recording's lines, each written whole as it is made. */
#include "config.h"
#include "util/record.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "util/err.h"

int
mw_record_open(const char *path, struct mw_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_APPEND,
	    0666);

	if (fd >= 0)
		return fd;
	if (errno == EEXIST)
		return mw_err_set(err, -EEXIST, MW_EXIT_USAGE,
		    "cannot record to %s (it exists); remove it or choose another file",
		    path);
	return mw_err_set(err, -errno, MW_EXIT_TARGET,
	    "cannot create %s (%s); check the directory and its permissions",
	    path, strerror(errno));
}

int
mw_record_write(int fd, const char *path, const char *data, size_t len,
    struct mw_err *err)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return mw_err_set(err, -errno, MW_EXIT_TARGET,
			    "cannot write %s (%s); the lines before this one are kept, check the disk",
			    path, strerror(errno));
		data += n;
		len -= (size_t)n;
	}
	return 0;
}
