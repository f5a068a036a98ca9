/* tests/unit/test_source.c: source.c reads below its root and maps errors. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"
#include "tap.h"
#include "util/buf.h"
#include "util/err.h"

static char root[] = "/tmp/mw-source-XXXXXX";

static void
put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

int
main(void)
{
	struct mw_source src;
	struct mw_err err;
	struct mw_buf b;
	char path[512], big[100000];
	pid_t *pids;
	size_t n;
	int rc, fd;

	if (mkdtemp(root) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/42", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/7", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/notapid", root);
	mkdir(path, 0755);
	put("42/status", "Name:\tx\n");
	put("secret", "outside\n");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	put("big", big);
	snprintf(path, sizeof(path), "%s/42/escape", root);
	symlink("/etc/hostname", path);
	snprintf(path, sizeof(path), "%s/42/up", root);
	symlink("../../../../../../../etc/hostname", path);

	mw_buf_init(&b);
	mw_err_clear(&err);
	ok(mw_source_open(&src, root, &err) == 0, "open a tree");
	ok(!src.live, "a tree is not live");
	rc = mw_source_read_pid(&src, 42, "status", &b, &err);
	ok(rc == 0 && b.len == 8 && strcmp(b.data, "Name:\tx\n") == 0,
	    "read a pid file whole, NUL-terminated");
	mw_err_clear(&err);
	rc = mw_source_read(&src, "42/smaps", &b, &err);
	ok(rc == -ENOENT && strstr(err.msg, "no such file or process") != NULL,
	    "missing file is gone: %s", err.msg);
	mw_err_clear(&err);
	rc = mw_source_read(&src, "../etc/hostname", &b, &err);
	ok(rc == -EXDEV && strstr(err.msg, "outside the proc root") != NULL,
	    "'..' refused: %s", err.msg);
	mw_err_clear(&err);
	rc = mw_source_read(&src, "/etc/hostname", &b, &err);
	ok(rc == -EXDEV, "absolute path refused");
	mw_err_clear(&err);
	rc = mw_source_read(&src, "42/escape", &b, &err);
	ok(rc < 0 && b.len == 0, "absolute symlink out of the root refused (%d)", rc);
	mw_err_clear(&err);
	rc = mw_source_read(&src, "42/up", &b, &err);
	ok(rc < 0, "relative symlink climbing out refused (%d)", rc);
	mw_err_clear(&err);
	rc = mw_source_read(&src, "42", &b, &err);
	ok(rc < 0 && strstr(err.msg, "42") != NULL, "a directory is refused: %s",
	    err.msg);
	src.max_size = 4096;
	mw_err_clear(&err);
	rc = mw_source_read(&src, "big", &b, &err);
	ok(rc == -EFBIG && b.len == 0, "size cap enforced, buffer emptied");
	src.max_size = MW_SOURCE_MAX_SIZE;
	rc = mw_source_read(&src, "big", &b, &err);
	ok(rc == 0 && b.len == sizeof(big) - 1, "short-read loop reads it all");
	ok(mw_source_exists(&src, "42") && !mw_source_exists(&src, "43"),
	    "exists");
	ok(mw_source_pids(&src, &pids, &n, &err) == 0 && n == 2 &&
	    pids[0] == 7 && pids[1] == 42, "pids listed numerically, sorted");
	free(pids);
	mw_source_close(&src);

	mw_err_clear(&err);
	ok(mw_source_open(&src, "/nonexistent/tree", &err) == -ENOENT &&
	    strstr(err.msg, "/nonexistent/tree") != NULL,
	    "bad root named: %s", err.msg);

	ok(mw_source_open(&src, NULL, &err) == 0 && src.live, "live /proc");
	rc = mw_source_read_pid(&src, getpid(), "smaps", &b, &err);
	ok(rc == 0 && b.len > 1000, "reads own smaps from /proc");
	fd = mw_source_open_fd(&src, "self/pagemap", &err);
	if (fd >= 0) {
		uint64_t e[4];
		ssize_t r = mw_source_pread(fd, e, sizeof(e),
		    ((uintptr_t)&e / (uint64_t)sysconf(_SC_PAGESIZE)) * 8);

		ok(r == (ssize_t)sizeof(e) && (e[0] >> 63) == 1,
		    "pagemap pread: the stack page is present");
		close(fd);
	} else {
		tap_skip("pagemap not readable here");
	}
	mw_source_close(&src);
	mw_buf_free(&b);
	snprintf(path, sizeof(path), "rm -rf %s", root);
	if (system(path) != 0)
		tap_diag("cleanup failed");
	return tap_done();
}
