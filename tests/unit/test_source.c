/* tests/unit/test_source.c: source.c reads below its root and maps errors. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "source.h"
#include "tap.h"
#include "util/buf.h"
#include "util/err.h"

static char root[] = "/tmp/mw-source-XXXXXX";

/*
 * Read rel a chunk at a time as snapshot.c reads smaps, and compare the
 * text with a whole read. stop_after > 0 stops early; cap > 0 is the size
 * cap while read. *last is the last read's result.
 */
static bool
chunks_same(struct mw_source *src, const char *rel, size_t chunk,
    int stop_after, size_t cap, ssize_t *last)
{
	struct mw_buf whole, got;
	struct mw_err err;
	size_t total = 0;
	bool same;
	int fd, chunks = 0;
	ssize_t n;

	mw_buf_init(&whole);
	mw_buf_init(&got);
	mw_err_clear(&err);
	if (mw_source_read(src, rel, &whole, NULL) < 0 ||
	    (fd = mw_source_open_file(src, rel, &err)) < 0) {
		mw_buf_free(&whole);
		return false;
	}
	if (cap > 0)	/* a /proc file says no size: the cap acts while read */
		src->max_size = cap;
	do
		n = mw_source_read_chunk(src, rel, fd, &got, chunk, &total,
		    &err);
	while (n > 0 && !(stop_after > 0 && ++chunks == stop_after));
	*last = n;
	close(fd);
	src->max_size = MW_SOURCE_MAX_SIZE;
	same = stop_after > 0 || n < 0 ||
	    (got.len == whole.len && memcmp(got.data, whole.data, got.len) == 0);
	mw_buf_free(&whole);
	mw_buf_free(&got);
	return same;
}

/*
 * A stopped child's one-record files (stat, statm, status, smaps_rollup),
 * read in one read on procfs, equal the same files read to their end; its
 * smaps (many records) too; the owner comes with the stat file.
 */
static void
test_one_record(struct mw_source *src)
{
	static const char *const names[] = {
		"stat", "statm", "status", "smaps_rollup", "smaps",
	};
	struct mw_buf b;
	struct stat st;
	char path[64];
	size_t same = 0, len;
	uint32_t uid = 0;
	pid_t child = fork();
	int status;

	if (child == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	if (child < 0 || waitpid(child, &status, WUNTRACED) != child) {
		tap_skip("no stopped child");
		return;
	}
	mw_buf_init(&b);
	/*
	 * Its shared pages' PSS moves as other processes map and unmap
	 * them (and its pages shared with this process turn private as
	 * this one writes): two reads back to back agree once nothing moved
	 * between them, which a bounded number of tries finds.
	 */
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		bool agree = false;

		snprintf(path, sizeof(path), "/proc/%d/%s", (int)child,
		    names[i]);
		for (int t = 0; t < 50 && !agree; t++) {
			char *want = tap_slurp(path, &len);

			agree = want != NULL && mw_source_read_pid(src, child,
			    names[i], &b, NULL) == 0 && b.len == len &&
			    len > 0 && memcmp(b.data, want, len) == 0;
			free(want);
		}
		if (agree)
			same++;
		else
			tap_diag("%s differs (%zu bytes, read %zu)", names[i],
			    len, b.len);
	}
	is_u64(same, 5, "live: a stopped child's stat, statm, status, "
	    "smaps_rollup and smaps read whole");
	snprintf(path, sizeof(path), "/proc/%d", (int)child);
	ok(mw_source_read_pid_owner(src, child, "stat", &b, &uid, NULL) == 0 &&
	    stat(path, &st) == 0 && uid == st.st_uid &&
	    strncmp(b.data, path + 6, strlen(path + 6)) == 0,
	    "live: stat read with its owner, the directory's (%u)",
	    (unsigned)uid);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	mw_buf_free(&b);
}

/* A stopped child, or -1. */
static pid_t
stopped_child(void)
{
	pid_t child = fork();
	int status;

	if (child == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	if (child > 0 && waitpid(child, &status, WUNTRACED) != child) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		return -1;
	}
	return child;
}

/* A stopped child with pid want (clone3's set_tid, as root), or -1. */
static pid_t
child_with_pid(pid_t want)
{
#ifdef SYS_clone3
	struct clone_args {
		uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
		uint64_t stack, stack_size, tls, set_tid, set_tid_size;
	} args;
	pid_t tid = want, child;
	int status;

	memset(&args, 0, sizeof(args));
	args.exit_signal = SIGCHLD;
	args.set_tid = (uint64_t)(uintptr_t)&tid;
	args.set_tid_size = 1;
	child = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (child == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	if (child > 0 && waitpid(child, &status, WUNTRACED) == child)
		return child;
#else
	(void)want;
#endif
	return -1;
}

static bool
fd_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

/*
 * struct mw_kept on procfs: a process's statm read again through the file
 * kept open, closed when its pid was not read in a pass, and opened again
 * (renewed) when its process is gone, even when the pid is another's.
 */
static void
test_kept(struct mw_source *src)
{
	char path[64], *want;
	struct rlimit rl;
	struct mw_kept k;
	size_t room;
	struct mw_buf b;
	bool renewed = true;
	size_t len;
	pid_t a = stopped_child(), c;
	int fd;

	if (a < 0) {
		tap_skip("no stopped child");
		return;
	}
	mw_buf_init(&b);
	mw_kept_init(&k, "statm", 0);
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		rl.rlim_cur = 0;
	room = rl.rlim_cur == RLIM_INFINITY ? SIZE_MAX : (size_t)rl.rlim_cur;
	is_u64(k.max, room >= 512 ? room / 2 : 0,
	    "kept files: half the soft limit on open files, once raised");
	if (k.max == 0) {
		tap_skip("the soft limit on open files is under 512");
		kill(a, SIGKILL);
		waitpid(a, NULL, 0);
		mw_buf_free(&b);
		return;
	}
	snprintf(path, sizeof(path), "/proc/%d/statm", (int)a);
	want = tap_slurp(path, &len);
	ok(mw_source_read_kept(src, &k, a, &b, &renewed) == 0 && !renewed &&
	    want != NULL && b.len == len && memcmp(b.data, want, len) == 0 &&
	    k.len == 1 && k.v[0].pid == a, "first read: statm, kept open");
	fd = k.len == 1 ? k.v[0].fd : -1;
	ok(mw_source_read_kept(src, &k, a, &b, &renewed) == 0 && !renewed &&
	    b.len == len && memcmp(b.data, want, len) == 0 && k.len == 1 &&
	    k.v[0].fd == fd, "second read: the same file, read again");
	free(want);
	mw_kept_pass(&k);
	ok(k.len == 1 && fd_open(fd), "read in the pass: still open");
	mw_kept_pass(&k);
	ok(k.len == 0 && !fd_open(fd), "not read in a pass: closed");

	ok(mw_source_read_kept(src, &k, a, &b, &renewed) == 0 && k.len == 1,
	    "read again: kept again");
	kill(a, SIGKILL);
	waitpid(a, NULL, 0);
	ok(mw_source_read_kept(src, &k, a, &b, &renewed) < 0 && renewed &&
	    k.len == 0, "its process gone: an error, the file closed");

	/* the same pid, another process: its own statm, renewed */
	ok(mw_source_read_kept(src, &k, a, &b, &renewed) < 0, "no process");
	c = child_with_pid(a);
	if (c == a) {
		mw_kept_pass(&k);
		ok(mw_source_read_kept(src, &k, c, &b, &renewed) == 0 &&
		    !renewed && k.len == 1, "pid %d taken again: read", (int)c);
		kill(c, SIGKILL);
		waitpid(c, NULL, 0);
		c = child_with_pid(a);
	}
	if (c == a) {
		ok(mw_source_read_kept(src, &k, c, &b, &renewed) == 0 &&
		    renewed && k.len == 1 && b.len > 0,
		    "a kept pid taken by another process: renewed");
		kill(c, SIGKILL);
		waitpid(c, NULL, 0);
	} else {
		if (c > 0) {
			kill(c, SIGKILL);
			waitpid(c, NULL, 0);
		}
		tap_skip("no child with a chosen pid (clone3 set_tid)");
	}
	mw_kept_free(&k);

	/* at most max kept */
	mw_kept_init(&k, "statm", 1);
	fd = mw_source_read_kept(src, &k, getpid(), &b, &renewed) == 0 &&
	    mw_source_read_kept(src, &k, getppid(), &b, &renewed) == 0;
	ok(fd && k.len == 1 && k.v[0].pid == getpid(),
	    "no more than max kept (%zu), the others read afresh", k.len);
	mw_kept_free(&k);
	mw_buf_free(&b);
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
	tap_put(root, "42/status", "Name:\tx\n");
	tap_put(root, "secret", "outside\n");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	tap_put(root, "big", big);
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
	{
		static const size_t chunks[] = { 1, 7, 4096, 65536, 200000 };
		bool all = true;
		ssize_t last;

		for (size_t i = 0; i < 5; i++)
			if (!chunks_same(&src, "big", chunks[i], 0, 0, &last) ||
			    last != 0) {
				tap_diag("chunk %zu: differs (%zd)", chunks[i], last);
				all = false;
			}
		ok(all, "read in chunks: the same text for chunks of 1 byte to 200 kB");
		ok(chunks_same(&src, "big", 100, 3, 0, &last) && last > 0,
		    "read in chunks: stopped after three chunks");
		ok(chunks_same(&src, "42/status", 4096, 0, 0, &last) && last == 0,
		    "read in chunks: a file shorter than a chunk");
		ok(chunks_same(&src, "big", 4096, 0, 50000, &last) &&
		    last == -EFBIG, "read in chunks: the size cap ends it with -EFBIG");
	}
	ok(mw_source_exists(&src, "42") && !mw_source_exists(&src, "43"),
	    "exists");
	ok(mw_source_pids(&src, &pids, &n, &err) == 0 && n == 2 &&
	    pids[0] == 7 && pids[1] == 42, "pids listed numerically, sorted");
	free(pids);
	mw_err_clear(&err);
	rc = mw_source_read_at(&src, MW_ROOT_SYS, "kernel/mm/x", &b, &err);
	ok(rc == -ENOENT && strstr(err.msg, "not in the captured tree") != NULL,
	    "a tree without sys/: the sys root is absent: %s", err.msg);
	ok(!mw_source_exists_at(&src, MW_ROOT_DEV, "kmsg"),
	    "a tree without dev/: nothing exists there");
	mw_source_close(&src);

	/* The same tree with sys/ and dev/: the roots follow DIR. */
	snprintf(path, sizeof(path), "%s/sys", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/sys/mm", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/dev", root);
	mkdir(path, 0755);
	tap_put(root, "sys/mm/enabled", "always [madvise] never\n");
	tap_put(root, "sys/mm/defrag", "madvise\n");
	tap_put(root, "dev/kmsg", "6,1,2,-;hello\n");
	snprintf(path, sizeof(path), "%s/sys/mm/out", root);
	symlink("../../secret", path);
	mw_err_clear(&err);
	ok(mw_source_open(&src, root, &err) == 0, "open a tree with sys/ and dev/");
	rc = mw_source_read_at(&src, MW_ROOT_SYS, "mm/enabled", &b, &err);
	ok(rc == 0 && strcmp(b.data, "always [madvise] never\n") == 0,
	    "read below the sys root");
	rc = mw_source_read_at(&src, MW_ROOT_DEV, "kmsg", &b, &err);
	ok(rc == 0 && strcmp(b.data, "6,1,2,-;hello\n") == 0,
	    "read below the dev root");
	ok(strstr(mw_source_root_path(&src, MW_ROOT_SYS), "/sys") != NULL &&
	    strncmp(mw_source_root_path(&src, MW_ROOT_SYS), root,
	    strlen(root)) == 0, "the sys root is DIR/sys");
	mw_err_clear(&err);
	rc = mw_source_read_at(&src, MW_ROOT_SYS, "mm/out", &b, &err);
	ok(rc < 0, "a link from sys/ up into the proc root is refused (%d)", rc);
	mw_err_clear(&err);
	rc = mw_source_read_at(&src, MW_ROOT_SYS, "../secret", &b, &err);
	ok(rc == -EXDEV, "'..' refused below the sys root");
	{
		char **names;
		size_t nn;

		rc = mw_source_list_at(&src, MW_ROOT_SYS, "mm", &names, &nn,
		    &err);
		ok(rc == 3 && nn == 3 && strcmp(names[0], "defrag") == 0 &&
		    strcmp(names[1], "enabled") == 0 &&
		    strcmp(names[2], "out") == 0, "list a directory, sorted");
		if (rc >= 0)
			mw_source_list_free(names, nn);
		mw_err_clear(&err);
		rc = mw_source_list_at(&src, MW_ROOT_SYS, "mm/enabled", &names,
		    &nn, &err);
		ok(rc < 0, "listing a file fails: %s", err.msg);
	}
	mw_source_close(&src);

	mw_err_clear(&err);
	ok(mw_source_open(&src, "/nonexistent/tree", &err) == -ENOENT &&
	    strstr(err.msg, "/nonexistent/tree") != NULL,
	    "bad root named: %s", err.msg);

	ok(mw_source_open(&src, NULL, &err) == 0 && src.live, "live /proc");
	rc = mw_source_read_pid(&src, getpid(), "smaps", &b, &err);
	ok(rc == 0 && b.len > 1000, "reads own smaps from /proc");
	test_one_record(&src);
	test_kept(&src);
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
	mw_err_clear(&err);
	rc = mw_source_read_at(&src, MW_ROOT_SYS, "kernel/mm/transparent_hugepage/enabled",
	    &b, &err);
	if (rc == 0)
		ok(strchr(b.data, '[') != NULL, "live: /sys read below the sys root");
	else
		tap_skip("no THP settings in /sys here");
	ok(strcmp(mw_source_root_path(&src, MW_ROOT_SYS), "/sys") == 0 &&
	    strcmp(mw_source_root_path(&src, MW_ROOT_DEV), "/dev") == 0,
	    "live: the sys and dev roots are /sys and /dev");
	mw_source_close(&src);
	mw_buf_free(&b);
	snprintf(path, sizeof(path), "rm -rf %s", root);
	if (system(path) != 0)
		tap_diag("cleanup failed");
	return tap_done();
}
