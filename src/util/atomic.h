/* util/atomic.h: writing a file so that readers see all of it or none.
 *
 * The data goes to a temporary file in the same directory, is fsync'ed and
 * renamed over the target (the directory is synced too). On any failure
 * (no space, read-only file system, no permission) the temporary file is
 * removed and an existing target is left as it was; SIGINT, SIGTERM, SIGHUP
 * and SIGQUIT wait until the file is complete or cleaned up.
 *
 * A new file gets 0666 less the umask, a replaced one keeps its mode. A
 * symlink is followed: the file it names is replaced; but as the kernel's
 * fs.protected_symlinks would, whatever it is set to, a symlink in a
 * sticky world-writable directory (/tmp) is refused unless the caller or
 * the directory's owner owns it. An existing target owned by another
 * user than the caller or root is refused, never replaced. A target that
 * is a character device or a pipe (-o /dev/stdout) is written in place
 * (a FIFO nothing reads is refused, not waited on); a block device and a
 * directory are refused.
 *
 * The same, written in pieces (a document too large to hold whole):
 * mw_atomic_begin(), any number of mw_atomic_write(), then
 * mw_atomic_commit() or, to give up, mw_atomic_abort(). The signals above
 * are held from begin to commit or abort, so an interrupted write leaves
 * no temporary file. After any failure the writer is cleaned up already
 * (the temporary file removed, the signals restored); abort is then a
 * no-op, as it is after commit.
 */
#ifndef MW_UTIL_ATOMIC_H
#define MW_UTIL_ATOMIC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct mw_err;

/* 0, or -errno with err filled ("cannot write PATH (why); what to do"). */
/* All of [p, p + len) to fd, across short writes and EINTR; 0 or -errno. */
int mw_write_all(int fd, const char *p, size_t len);

int mw_write_atomic(const char *path, const void *data, size_t len,
    struct mw_err *err);

struct mw_atomic {
	char *path;		/* the file written: a symlink resolved */
	char *tmp;		/* the temporary file; NULL: written in place */
	int fd;			/* -1 when not writing */
	mode_t mode;		/* for the renamed file */
	bool held;		/* signals held; old is the mask to restore */
	sigset_t old;
};

/* Start writing path. 0, or -errno with err filled (nothing left). */
int mw_atomic_begin(struct mw_atomic *w, const char *path,
    struct mw_err *err);
/* Append len bytes. 0, or -errno with err filled and w cleaned up. */
int mw_atomic_write(struct mw_atomic *w, const void *data, size_t len,
    struct mw_err *err);
/* Sync and rename into place. 0, or -errno with err filled and w cleaned
 * up (the target unchanged). */
int mw_atomic_commit(struct mw_atomic *w, struct mw_err *err);
/* Give up: the temporary file removed, the target unchanged. */
void mw_atomic_abort(struct mw_atomic *w);

#endif
