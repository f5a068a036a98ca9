/* source_kmsg.c: the kernel log's records, from /dev/kmsg or a capture.
 *
 * Part of the source module (source.h): the only code that opens the
 * kernel log. Live, /dev/kmsg is opened non-blocking below the dev root
 * and every record still in the ring is read until -EAGAIN; a captured
 * tree's DIR/dev/kmsg is a regular file of the same records.
 */
#include "config.h"
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/err.h"

/* A record is at most 1024 bytes of text plus its header and
 * dictionary (kernel/printk/printk.c CONSOLE_EXT_LOG_MAX = 8192). */
#define KMSG_RECORD_MAX 8192

int
mw_source_kmsg_open(const struct mw_source *src, bool *is_file,
    struct mw_err *err)
{
	const char *base = mw_source_root_path(src, MW_ROOT_DEV);
	struct mw_err e;
	struct stat st;
	int fd;

	mw_err_clear(&e);
	fd = mw_source_open_fd_at(src, MW_ROOT_DEV, "kmsg", O_NONBLOCK, &e);
	if (fd == -EACCES)
		return mw_err_set(err, -EACCES, MW_EXIT_TARGET,
		    "cannot read the kernel log %s/kmsg (permission denied); run as root or with CAP_SYSLOG, or set kernel.dmesg_restrict=0, or give a saved log: memwatch oom FILE",
		    base);
	if (fd < 0) {
		mw_err_set(err, e.code, e.exit, "%s", e.msg);
		return fd;
	}
	if (fstat(fd, &st) < 0 || (S_ISCHR(st.st_mode) && !src->live) ||
	    (!S_ISCHR(st.st_mode) && !S_ISREG(st.st_mode))) {
		close(fd);
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "cannot read %s/kmsg (not the kernel log nor a file of its records); check the --proc-root tree",
		    base);
	}
	*is_file = S_ISREG(st.st_mode);
	return fd;
}

int
mw_source_kmsg_seek_end(int fd)
{
	return lseek(fd, 0, SEEK_END) < 0 ? -errno : 0;
}

ssize_t
mw_source_kmsg_read(const struct mw_source *src, int fd, struct mw_buf *out,
    struct mw_err *err)
{
	ssize_t records = 0;

	for (;;) {
		ssize_t n;

		if (out->len + KMSG_RECORD_MAX > src->max_size)
			return mw_err_set(err, -EFBIG, MW_EXIT_TARGET,
			    "the kernel log is larger than %zu MiB; give a shorter file",
			    src->max_size >> 20);
		mw_buf_grow(out, KMSG_RECORD_MAX + 1);
		n = read(fd, out->data + out->len, KMSG_RECORD_MAX);
		if (n == 0)
			break;
		if (n < 0) {
			/* EPIPE: records the ring overwrote meanwhile */
			if (errno == EINTR || errno == EPIPE)
				continue;
			if (errno == EAGAIN)
				break;
			if (errno == EACCES || errno == EPERM)
				return mw_err_set(err, -EACCES, MW_EXIT_TARGET,
				    "cannot read the kernel log (permission denied); run as root or with CAP_SYSLOG, or set kernel.dmesg_restrict=0");
			return mw_err_set(err, -errno, MW_EXIT_TARGET,
			    "cannot read the kernel log (%s); check /dev/kmsg",
			    strerror(errno));
		}
		mw_buf_setlen(out, out->len + (size_t)n);
		if (out->data[out->len - 1] != '\n')
			mw_buf_addc(out, '\n');
		records++;
	}
	return records;
}
