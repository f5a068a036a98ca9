/* source_pid.c: a process's files, "PID/name" below the proc root, read
 * through source.c; the names are written without printf, as a table
 * reads two files of every process. */
#include "config.h"
#include "source.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/digits.h"

bool
mw_source_pid_rel(char rel[64], pid_t pid, const char *name)
{
	size_t n = strlen(name);
	char *w;

	if (pid <= 0 || n > 64 - 24)
		return snprintf(rel, 64, "%d/%s", (int)pid, name) < 64;
	w = mw_put_u64(rel, (uint64_t)pid);
	*w++ = '/';
	memcpy(w, name, n + 1);
	return true;
}

int
mw_source_read_pid(const struct mw_source *src, pid_t pid, const char *name,
    struct mw_buf *out, struct mw_err *err)
{
	char rel[64];

	mw_source_pid_rel(rel, pid, name);
	return mw_source_read(src, rel, out, err);
}

int
mw_source_read_pid_owner(const struct mw_source *src, pid_t pid,
    const char *name, struct mw_buf *out, uint32_t *uid, struct mw_err *err)
{
	struct stat st;
	char rel[64];
	int fd;

	mw_source_pid_rel(rel, pid, name);
	mw_buf_reset(out);
	fd = mw_source_open_file(src, rel, err);
	if (fd < 0)
		return fd;
	*uid = fstat(fd, &st) == 0 ? (uint32_t)st.st_uid : UINT32_MAX;
	return mw_source_read_fd(src, MW_ROOT_PROC, rel, fd, out, err);
}
