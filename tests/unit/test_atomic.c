/* tests/unit/test_atomic.c: util/atomic.c, whole and in pieces.
 *
 * In a temporary directory: a streamed file appears only at commit, with
 * every piece; an abort (or a failure) leaves the old file exactly as it
 * was and no temporary file; modes, symlinks, a pipe and a directory as
 * atomic.h says.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "util/atomic.h"
#include "util/err.h"

static char dir[] = "/tmp/mw-atomic-XXXXXX";

/* Entries of dir, "." and ".." left out. */
static int
entries(void)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

/* The file's content, or "(none)". Static: one at a time. */
static const char *
content(const char *path)
{
	static char buf[256];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return "(none)";
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static void
test_commit(const char *target)
{
	struct mw_atomic w;
	struct mw_err err;
	int rc;

	mw_err_clear(&err);
	put(target, "old");
	rc = mw_atomic_begin(&w, target, &err);
	ok(rc == 0, "begin (%s)", err.msg);
	if (rc != 0)
		return;
	ok(mw_atomic_write(&w, "one ", 4, &err) == 0 &&
	    mw_atomic_write(&w, "", 0, &err) == 0 &&
	    mw_atomic_write(&w, "two", 3, &err) == 0, "two pieces written");
	is_str(content(target), "old", "before commit the target is the old file");
	ok(entries() == 2, "... beside one temporary file");
	ok(mw_atomic_commit(&w, &err) == 0, "commit");
	is_str(content(target), "one two", "after commit: every piece, in order");
	ok(entries() == 1, "... and no temporary file left");
	mw_atomic_abort(&w);
	is_str(content(target), "one two", "abort after commit changes nothing");
}

static void
test_abort(const char *target)
{
	struct mw_atomic w;
	struct mw_err err;
	struct stat st;

	mw_err_clear(&err);
	put(target, "old");
	chmod(target, 0640);
	if (!ok(mw_atomic_begin(&w, target, &err) == 0, "begin"))
		return;
	mw_atomic_write(&w, "half a docu", 11, &err);
	mw_atomic_abort(&w);
	is_str(content(target), "old", "abort: the old file is unchanged");
	ok(entries() == 1, "... and the temporary file is gone");
	mw_atomic_abort(&w);
	ok(entries() == 1, "a second abort is harmless");
	/* A replaced file keeps its mode. */
	mw_write_atomic(target, "new", 3, &err);
	ok(stat(target, &st) == 0 && (st.st_mode & 07777) == 0640,
	    "a replaced file keeps its mode (0640)");
	is_str(content(target), "new", "mw_write_atomic writes through the same path");
	unlink(target);
}

/* Failures: a missing directory, a directory target, a write that fails. */
static void
test_fail(void)
{
	char path[256], link[256], real[256];
	struct mw_atomic w;
	struct mw_err err;
	int p[2];

	mw_err_clear(&err);
	snprintf(path, sizeof(path), "%s/nodir/x.json", dir);
	ok(mw_atomic_begin(&w, path, &err) == -ENOENT &&
	    strstr(err.msg, "check that its directory exists") != NULL,
	    "a missing directory: -ENOENT, and says so");
	mw_atomic_abort(&w);
	mw_err_clear(&err);
	ok(mw_atomic_begin(&w, dir, &err) == -EISDIR &&
	    strstr(err.msg, "(a directory)") != NULL,
	    "a directory is refused");
	mw_atomic_abort(&w);
	ok(entries() == 0, "nothing was created by the failures");

	/* Through a symlink: the file it names is replaced, the link kept. */
	snprintf(real, sizeof(real), "%s/real", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	put(real, "old");
	ok(symlink("real", link) == 0, "symlink");
	mw_err_clear(&err);
	ok(mw_write_atomic(link, "new", 3, &err) == 0, "write through a symlink");
	is_str(content(real), "new", "... replaces the file it names");
	{
		struct stat st;

		ok(lstat(link, &st) == 0 && S_ISLNK(st.st_mode),
		    "... and the link stays a link");
	}
	unlink(link);
	unlink(real);

	/* A pipe is written in place (through /proc/self/fd). */
	if (pipe(p) == 0) {
		char buf[16] = "";
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/self/fd/%d", p[1]);
		mw_err_clear(&err);
		ok(mw_atomic_begin(&w, path, &err) == 0 &&
		    mw_atomic_write(&w, "pipe", 4, &err) == 0 &&
		    mw_atomic_commit(&w, &err) == 0, "a pipe is written in place");
		close(p[1]);
		n = read(p[0], buf, sizeof(buf) - 1);
		ok(n == 4 && memcmp(buf, "pipe", 4) == 0, "... with the data");
		close(p[0]);
	}

	/* A write that fails (/dev/full: ENOSPC) cleans up at once. */
	snprintf(path, sizeof(path), "%s/full", dir);
	put(path, "old");
	mw_err_clear(&err);
	if (mw_atomic_begin(&w, path, &err) == 0) {
		/* Swap the temporary file's fd for /dev/full. */
		int full = open("/dev/full", O_WRONLY);

		if (full >= 0) {
			dup2(full, w.fd);
			close(full);
			ok(mw_atomic_write(&w, "data", 4, &err) == -ENOSPC &&
			    strstr(err.msg, "the old file is unchanged") != NULL,
			    "a failed write: -ENOSPC, the message says the old file is kept");
			ok(w.fd == -1 && w.tmp == NULL,
			    "... and the writer is cleaned up");
			is_str(content(path), "old", "... the target unchanged");
			ok(entries() == 1, "... no temporary file left");
		} else {
			mw_atomic_abort(&w);
			tap_skip("no /dev/full");
		}
	}
	mw_atomic_abort(&w);
	unlink(path);
}

int
main(void)
{
	char target[256];

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp (%s)", strerror(errno));
		return tap_done();
	}
	snprintf(target, sizeof(target), "%s/doc.json", dir);
	test_commit(target);
	unlink(target);
	test_abort(target);
	test_fail();
	rmdir(dir);
	return tap_done();
}
