/* util/atomic.h: writing a file so that readers see all of it or none.
 *
 * The data goes to a temporary file in the same directory, is fsync'ed and
 * renamed over the target (the directory is synced too). On any failure
 * (no space, read-only file system, no permission) the temporary file is
 * removed and an existing target is left as it was; SIGINT, SIGTERM, SIGHUP
 * and SIGQUIT wait until the file is complete or cleaned up.
 *
 * A new file gets 0666 less the umask, a replaced one keeps its mode. A
 * symlink is followed: the file it names is replaced. A target that is a
 * device or a pipe (-o /dev/stdout) is written in place; a directory is
 * refused.
 */
#ifndef MW_UTIL_ATOMIC_H
#define MW_UTIL_ATOMIC_H

#include <stddef.h>

struct mw_err;

/* 0, or -errno with err filled ("cannot write PATH (why); what to do"). */
int mw_write_atomic(const char *path, const void *data, size_t len,
    struct mw_err *err);

#endif
