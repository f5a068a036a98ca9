/* model/capture.c: copy the /proc (and /sys) files memwatch reads into a
 * tree that --proc-root reads back; every read goes through src/source.c. */
#include "config.h"

#include "model/capture.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model/cgroup.h"
#include "model/mmstate.h"
#include "model/system.h"
#include "source.h"
#include "util/atomic.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xmalloc.h"

/* The same set as samples/capture-proc. */
static const char *const system_files[] = { "meminfo", "buddyinfo",
	"zoneinfo", "slabinfo", "pagetypeinfo", "vmstat" };
static const char *const pid_files[] = { "smaps", "smaps_rollup", "status",
	"stat", "statm", "maps", "cmdline", "comm", "oom_score",
	"oom_score_adj" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct capture {
	struct mw_source *src;
	struct mw_err *err;
	const char *dir;
	struct mw_buf data;
	struct capture_result *r;
	size_t copied;		/* files copied from the proc root */
	int parent_fd;		/* DIR's parent directory */
	char *base;		/* DIR's last component */
	char *tmp;		/* the tree being written, in the parent */
	int tmp_fd;		/* ... opened: every write goes below it */
	bool replace;		/* DIR exists (empty, or --force) */
};

static void
skip(struct capture *c, const char *rel, const char *why)
{
	struct capture_result *r = c->r;

	r->skipped = mw_xreallocarray(r->skipped, r->nskipped + 1,
	    sizeof(*r->skipped));
	r->skipped[r->nskipped].file = mw_xstrdup(rel);
	r->skipped[r->nskipped].reason = mw_xstrdup(why);
	r->nskipped++;
}

/*
 * rel ("meminfo", "1234/smaps", "sys/vm/x") below the temporary tree:
 * each directory made and entered with openat-relative, no-follow calls,
 * the file created exclusively. Nothing on the way is followed, so a
 * directory swapped for a symlink cannot lead a write elsewhere.
 */
static int
put_at(int top, const char *rel, const char *data, size_t len)
{
	char name[NAME_MAX + 1];
	const char *p = rel, *slash;
	int dir = top, fd, rc;

	while ((slash = strchr(p, '/')) != NULL) {
		if ((size_t)(slash - p) > NAME_MAX || slash == p) {
			rc = -EINVAL;
			goto out;
		}
		memcpy(name, p, (size_t)(slash - p));
		name[slash - p] = '\0';
		if (mkdirat(dir, name, 0755) < 0 && errno != EEXIST) {
			rc = -errno;
			goto out;
		}
		fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		if (fd < 0) {
			rc = -errno;
			goto out;
		}
		if (dir != top)
			close(dir);
		dir = fd;
		p = slash + 1;
	}
	fd = openat(dir, p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	rc = mw_write_all(fd, data, len);
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
out:
	if (dir != top)
		close(dir);
	return rc;
}

static int
put(struct capture *c, const char *rel, const char *data, size_t len)
{
	int rc = put_at(c->tmp_fd, rel, data, len);

	if (rc < 0)
		return mw_err_set(c->err, rc, MW_EXIT_TARGET,
		    "cannot write %s/%s (%s); free some space or choose another -o DIR, nothing of this capture was kept",
		    c->dir, rel, strerror(-rc));
	c->r->files = mw_xreallocarray(c->r->files, c->r->nfiles + 1,
	    sizeof(*c->r->files));
	c->r->files[c->r->nfiles++] = mw_xstrdup(rel);
	c->r->bytes += len;
	return 0;
}

/* Copy rel when readable; an unreadable file is listed, not fatal. */
static int
copy(struct capture *c, const char *rel)
{
	struct mw_err err;

	mw_err_clear(&err);
	if (mw_source_read(c->src, rel, &c->data, &err) < 0) {
		skip(c, rel, err.msg);
		return 0;
	}
	if (put(c, rel, c->data.data, c->data.len) < 0)
		return -EIO;
	c->copied++;
	return 0;
}

/* The kernel log as DIR/dev/kmsg (for oom): every record the ring still
 * holds; unreadable (dmesg_restrict), it is listed, not fatal. */
static int
copy_kmsg(struct capture *c)
{
	struct mw_err err;
	bool is_file;
	ssize_t n;
	int fd;

	mw_err_clear(&err);
	mw_buf_reset(&c->data);
	fd = mw_source_kmsg_open(c->src, &is_file, &err);
	n = fd < 0 ? fd : mw_source_kmsg_read(c->src, fd, &c->data, &err);
	if (fd >= 0)
		close(fd);
	if (n < 0) {
		skip(c, "dev/kmsg", err.msg);
		return 0;
	}
	return put(c, "dev/kmsg", c->data.data, c->data.len) < 0 ? -EIO : 0;
}

/*
 * A file of vmstat, PSI, the memory settings (model/mmstate.h) or the
 * memory cgroups (model/cgroup.h): those of the sys root go below DIR/sys,
 * as --proc-root reads them back.
 */
static int
copy_mm(enum mw_root root, const char *rel, void *arg)
{
	struct capture *c = arg;
	char out[PATH_MAX];
	struct mw_err err;

	if (root == MW_ROOT_PROC && strcmp(rel, "vmstat") == 0)
		return 0;	/* one of system_files */
	snprintf(out, sizeof(out), "%s%s", root == MW_ROOT_SYS ? "sys/" : "",
	    rel);
	mw_err_clear(&err);
	if (mw_source_read_at(c->src, root, rel, &c->data, &err) < 0) {
		skip(c, out, err.msg);
		return 0;
	}
	if (put(c, out, c->data.data, c->data.len) < 0)
		return -EIO;
	c->copied++;
	return 0;
}

/* Remove the tree name below dirfd, following nothing. */
static void
rm_tree(int at, const char *name, int depth)
{
	struct dirent *de;
	DIR *d;
	int fd;

	if (unlinkat(at, name, 0) == 0 || errno == ENOENT || depth > 16)
		return;
	fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			rm_tree(dirfd(d), de->d_name, depth + 1);
	closedir(d);
	unlinkat(at, name, AT_REMOVEDIR);
}

/* 0: empty; 1: a previous capture; -1: something else. */
static int
dir_state(int fd)
{
	struct dirent *de;
	bool empty = true;
	struct stat st;
	DIR *d;
	int dup_fd = dup(fd);

	if (dup_fd < 0 || (d = fdopendir(dup_fd)) == NULL) {
		if (dup_fd >= 0)
			close(dup_fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			empty = false;
	closedir(d);
	if (empty)
		return 0;
	return fstatat(fd, "kernel-release", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode) ? 1 : -1;
}

/*
 * DIR as it stands: missing (fine), or a directory of the caller's (or
 * root's) that no one else can write, empty or an earlier capture (with
 * --force). Anything else is refused.
 */
static int
check_existing(struct capture *c, bool force)
{
	struct stat st;
	int fd, state;

	if (fstatat(c->parent_fd, c->base, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;
	if (!S_ISDIR(st.st_mode))
		return mw_err_set(c->err, -EEXIST, MW_EXIT_TARGET,
		    "%s exists and is not a directory (%s); give a new -o DIR",
		    c->dir, S_ISLNK(st.st_mode) ? "a symlink" : "a file");
	if ((st.st_uid != geteuid() && st.st_uid != 0) ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)))
		return mw_err_set(c->err, -EPERM, MW_EXIT_TARGET,
		    "%s can be written by another user than you (owner uid %u, mode %03o); give a new -o DIR",
		    c->dir, (unsigned)st.st_uid, (unsigned)(st.st_mode & 0777));
	fd = openat(c->parent_fd, c->base, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC);
	state = fd < 0 ? -1 : dir_state(fd);
	if (fd >= 0)
		close(fd);
	if (state < 0)
		return mw_err_set(c->err, -EEXIST, MW_EXIT_TARGET,
		    "%s exists and is not empty (and is not a capture); give a new -o DIR",
		    c->dir);
	if (state > 0 && !force)
		return mw_err_set(c->err, -EEXIST, MW_EXIT_TARGET,
		    "%s already holds a capture; give a new -o DIR, or --force to refresh it",
		    c->dir);
	c->replace = true;
	return 0;
}

/* A directory of this run's own beside DIR, where the tree is written. */
static int
make_tmp(struct capture *c)
{
	struct mw_buf b;
	unsigned r = (unsigned)getpid() ^ (unsigned)time(NULL);

	mw_buf_init(&b);
	for (int i = 0; i < 100; i++) {
		mw_buf_reset(&b);
		r = r * 1103515245u + 12345u;
		mw_buf_printf(&b, ".%s.tmp%06x", c->base, r & 0xffffff);
		if (mkdirat(c->parent_fd, b.data, 0700) == 0) {
			c->tmp = mw_buf_detach(&b, NULL);
			c->tmp_fd = openat(c->parent_fd, c->tmp, O_RDONLY |
			    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			return c->tmp_fd < 0 ? -errno : 0;
		}
		if (errno != EEXIST)
			break;
	}
	mw_buf_free(&b);
	return -errno;
}

static int
prepare(struct capture *c, bool force)
{
	char *copy = mw_xstrdup(c->dir), *copy2 = mw_xstrdup(c->dir);
	int rc = 0;

	c->base = mw_xstrdup(basename(copy));
	c->parent_fd = open(dirname(copy2), O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC);
	free(copy);
	free(copy2);
	if (c->parent_fd < 0 || strcmp(c->base, "/") == 0 ||
	    strcmp(c->base, ".") == 0 || strcmp(c->base, "..") == 0)
		rc = mw_err_set(c->err, c->parent_fd < 0 ? -errno : -EINVAL,
		    MW_EXIT_TARGET, "cannot create %s (%s); choose another -o DIR",
		    c->dir, c->parent_fd < 0 ? strerror(errno) : "not a new name");
	if (rc == 0)
		rc = check_existing(c, force);
	if (rc == 0 && (rc = make_tmp(c)) < 0)
		mw_err_set(c->err, rc, MW_EXIT_TARGET,
		    "cannot create %s (%s); choose another -o DIR", c->dir,
		    strerror(-rc));
	return rc;
}

/*
 * The whole tree, synced, takes DIR's name in one rename: a capture
 * killed half-way leaves only its temporary directory (".DIR.tmpXXXXXX"),
 * never a DIR that reads back as if it were complete. An existing DIR
 * (empty, or an earlier capture) is exchanged and then removed.
 */
static int
finish(struct capture *c)
{
	int rc = 0;

	if (syncfs(c->tmp_fd) < 0 || fchmod(c->tmp_fd, 0755) < 0)
		rc = -errno;
	if (rc == 0 && renameat2(c->parent_fd, c->tmp, c->parent_fd, c->base,
	    c->replace ? RENAME_EXCHANGE : RENAME_NOREPLACE) < 0)
		rc = -errno;
	if (rc < 0)
		return mw_err_set(c->err, rc, MW_EXIT_TARGET,
		    "cannot put the capture in place as %s (%s); choose another -o DIR, nothing of this capture was kept",
		    c->dir, strerror(-rc));
	if (c->replace)
		rm_tree(c->parent_fd, c->tmp, 0);	/* the old DIR now */
	free(c->tmp);
	c->tmp = NULL;
	return 0;
}

/* After a failure: the temporary tree goes, DIR is as it was. */
static void
undo(struct capture *c)
{
	if (c->tmp != NULL)
		rm_tree(c->parent_fd, c->tmp, 0);
}

static int
identity(struct capture *c)
{
	struct sys_snapshot s;
	char line[64];
	int rc = 0;

	sys_snapshot_init(&s);
	sys_snapshot_take(c->src, 0, &s);
	if (s.kernel != NULL) {
		struct mw_buf k;

		mw_buf_init(&k);
		mw_buf_printf(&k, "%s\n", s.kernel);
		rc = put(c, "kernel-release", k.data, k.len);
		mw_buf_free(&k);
	}
	if (rc == 0 && s.page_size_from != PAGE_SIZE_ASSUMED) {
		snprintf(line, sizeof(line), "%" PRIu64 "\n", s.page_size);
		rc = put(c, "page-size", line, strlen(line));
	}
	sys_snapshot_free(&s);
	return rc;
}

static int
capture_pid(struct capture *c, pid_t pid)
{
	char rel[64];

	for (size_t i = 0; i < NELEM(pid_files); i++) {
		snprintf(rel, sizeof(rel), "%d/%s", (int)pid, pid_files[i]);
		if (copy(c, rel) < 0)
			return -EIO;
	}
	return 0;
}

static int
run(struct capture *c, const pid_t *pids, size_t npids, bool force)
{
	if (prepare(c, force) < 0) {
		undo(c);
		return -EIO;
	}
	if (identity(c) < 0)
		goto fail;
	for (size_t i = 0; i < NELEM(system_files); i++)
		if (copy(c, system_files[i]) < 0)
			goto fail;
	if (mm_files(c->src, copy_mm, c) < 0)
		goto fail;
	if (cg_files(c->src, copy_mm, c) < 0)
		goto fail;
	if (c->src->live && copy_kmsg(c) < 0)
		goto fail;
	for (size_t i = 0; i < npids; i++)
		if (capture_pid(c, pids[i]) < 0)
			goto fail;
	if (c->copied == 0) {
		mw_err_set(c->err, -ENOENT, MW_EXIT_TARGET,
		    "nothing captured (no file below %s could be read, e.g. %s); give a /proc tree, or run as root",
		    c->src->root, c->r->nskipped > 0 ?
		    c->r->skipped[0].file : "meminfo");
		goto fail;
	}
	if (finish(c) < 0)
		goto fail;
	return 0;
fail:
	undo(c);
	return -EIO;
}

int
capture_run(struct mw_source *src, const char *dir, const pid_t *pids,
    size_t npids, bool force, struct capture_result *out, struct mw_err *err)
{
	struct capture c = { .src = src, .err = err, .dir = dir, .r = out,
	    .parent_fd = -1, .tmp_fd = -1 };
	int rc;

	memset(out, 0, sizeof(*out));
	mw_buf_init(&c.data);
	rc = run(&c, pids, npids, force);
	mw_buf_free(&c.data);
	if (c.tmp_fd >= 0)
		close(c.tmp_fd);
	if (c.parent_fd >= 0)
		close(c.parent_fd);
	free(c.tmp);
	free(c.base);
	return rc;
}

void
capture_result_free(struct capture_result *r)
{
	for (size_t i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	for (size_t i = 0; i < r->nskipped; i++) {
		free(r->skipped[i].file);
		free(r->skipped[i].reason);
	}
	free(r->files);
	free(r->skipped);
	memset(r, 0, sizeof(*r));
}

