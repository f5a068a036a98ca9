/* cmd/capture.c: copy the /proc files memwatch reads into a tree for --proc-root. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/syscmd.h"
#include "model/system.h"
#include "render/json.h"
#include "util/atomic.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/units.h"
#include "util/xmalloc.h"

/* The same set as samples/capture-proc. */
static const char *const system_files[] = { "meminfo", "buddyinfo",
	"zoneinfo", "slabinfo", "pagetypeinfo", "vmstat" };
static const char *const pid_files[] = { "smaps", "smaps_rollup", "status",
	"stat", "statm", "maps", "cmdline", "comm", "oom_score",
	"oom_score_adj" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct capture {
	struct mw_ctx *ctx;
	const char *dir;
	struct mw_buf data;
	size_t written;
	uint64_t bytes;
	json_t *skipped;	/* [{"file", "reason"}] */
	json_t *files;
	size_t copied;		/* files copied from the proc root */
	bool fresh;		/* DIR was missing or empty: undo on failure */
	bool created;		/* ... and this run created it */
};

static void
skip(struct capture *c, const char *rel, const char *why)
{
	json_t *o = json_object();

	mwjson_set(o, "file", mwjson_cstr(rel));
	mwjson_set(o, "reason", mwjson_cstr(why));
	json_array_append_new(c->skipped, o);
}

static int
put(struct capture *c, const char *rel, const char *data, size_t len)
{
	char path[PATH_MAX];
	struct mw_err e;
	int rc;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", c->dir, rel) >=
	    sizeof(path))
		return mw_err_set(&c->ctx->err, -ENAMETOOLONG, MW_EXIT_TARGET,
		    "cannot write into %s (path too long); choose a shorter -o DIR",
		    c->dir);
	mw_err_clear(&e);
	rc = mw_write_atomic(path, data, len, &e);
	if (rc < 0)
		return mw_err_set(&c->ctx->err, rc, MW_EXIT_TARGET,
		    "cannot write %s (%s); free some space or choose another -o DIR%s",
		    path, strerror(-rc), c->fresh ?
		    ", nothing of this capture was kept" : "");
	c->written++;
	c->bytes += len;
	json_array_append_new(c->files, mwjson_cstr(rel));
	return 0;
}

/* Copy rel when readable; an unreadable file is listed, not fatal. */
static int
copy(struct capture *c, const char *rel)
{
	struct mw_err err;

	mw_err_clear(&err);
	if (mw_source_read(&c->ctx->src, rel, &c->data, &err) < 0) {
		skip(c, rel, err.msg);
		return 0;
	}
	if (put(c, rel, c->data.data, c->data.len) < 0)
		return -EIO;
	c->copied++;
	return 0;
}

static int make_dir(struct capture *c, const char *path);

/* The kernel log as DIR/dev/kmsg (for oom): every record the ring still
 * holds; unreadable (dmesg_restrict), it is listed, not fatal. */
static int
copy_kmsg(struct capture *c)
{
	char path[PATH_MAX];
	struct mw_err err;
	bool is_file;
	ssize_t n;
	int fd;

	mw_err_clear(&err);
	mw_buf_reset(&c->data);
	fd = mw_source_kmsg_open(&c->ctx->src, &is_file, &err);
	n = fd < 0 ? fd : mw_source_kmsg_read(&c->ctx->src, fd, &c->data, &err);
	if (fd >= 0)
		close(fd);
	if (n < 0) {
		skip(c, "dev/kmsg", err.msg);
		return 0;
	}
	snprintf(path, sizeof(path), "%s/dev", c->dir);
	if (make_dir(c, path) < 0 ||
	    put(c, "dev/kmsg", c->data.data, c->data.len) < 0)
		return -EIO;
	return 0;
}

static int
make_dir(struct capture *c, const char *path)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	return mw_err_set(&c->ctx->err, -errno, MW_EXIT_TARGET,
	    "cannot create %s (%s); choose another -o DIR", path,
	    strerror(errno));
}

/* 0: missing or empty; 1: a previous capture; -1: something else. */
static int
dir_state(const char *dir)
{
	struct dirent *de;
	char probe[PATH_MAX];
	bool empty = true;
	DIR *d = opendir(dir);

	if (d == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			empty = false;
	closedir(d);
	if (empty)
		return 0;
	snprintf(probe, sizeof(probe), "%s/kernel-release", dir);
	return access(probe, F_OK) == 0 ? 1 : -1;
}

static int
prepare(struct capture *c, bool force)
{
	int st = dir_state(c->dir);

	if (st < 0)
		return mw_err_set(&c->ctx->err, -EEXIST, MW_EXIT_TARGET,
		    "%s exists and is not empty (and is not a capture); give a new -o DIR",
		    c->dir);
	if (st > 0 && !force)
		return mw_err_set(&c->ctx->err, -EEXIST, MW_EXIT_TARGET,
		    "%s already holds a capture; give a new -o DIR, or --force to refresh it",
		    c->dir);
	c->fresh = st == 0;
	if (mkdir(c->dir, 0755) == 0) {
		c->created = true;
		return 0;
	}
	return make_dir(c, c->dir);
}

/*
 * After a failure (disk full, nothing readable) in a directory this run
 * started with empty: remove what was written, so that no half capture
 * is left to be read back as if it were whole.
 */
static void
undo(struct capture *c, pid_t *pids, size_t npids)
{
	char path[PATH_MAX];

	if (!c->fresh)
		return;
	for (size_t i = 0; i < json_array_size(c->files); i++) {
		snprintf(path, sizeof(path), "%s/%s", c->dir,
		    json_string_value(json_array_get(c->files, i)));
		unlink(path);
	}
	for (size_t i = 0; i < npids; i++) {
		snprintf(path, sizeof(path), "%s/%d", c->dir, (int)pids[i]);
		rmdir(path);
	}
	snprintf(path, sizeof(path), "%s/dev", c->dir);
	rmdir(path);
	if (c->created)
		rmdir(c->dir);
}

static int
identity(struct capture *c)
{
	struct sys_snapshot s;
	char line[64];
	int rc = 0;

	sys_snapshot_init(&s);
	sys_snapshot_take(&c->ctx->src, 0, &s);
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
	char rel[64], path[PATH_MAX];

	snprintf(rel, sizeof(rel), "%d", (int)pid);
	snprintf(path, sizeof(path), "%s/%s", c->dir, rel);
	if (make_dir(c, path) < 0)
		return -EIO;
	for (size_t i = 0; i < NELEM(pid_files); i++) {
		snprintf(rel, sizeof(rel), "%d/%s", (int)pid, pid_files[i]);
		if (copy(c, rel) < 0)
			return -EIO;
	}
	return 0;
}

static char *
default_dir(void)
{
	char host[256], stamp[32], *d;
	struct tm tm;
	time_t now = time(NULL);
	struct mw_buf b;

	if (gethostname(host, sizeof(host)) != 0)
		strcpy(host, "localhost");
	host[sizeof(host) - 1] = '\0';
	for (char *p = host; *p; p++)
		if (*p == '/' || (unsigned char)*p < 0x20)
			*p = '_';
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	mw_buf_init(&b);
	mw_buf_printf(&b, "memwatch-capture-%s-%s", host, stamp);
	d = mw_buf_detach(&b, NULL);
	return d;
}

static int
report(struct capture *c)
{
	json_t *doc;
	char sz[MW_FMT_BYTES_LEN];

	if (c->ctx->json) {
		doc = mwjson_doc_new("capture");
		mwjson_set(doc, "dir", mwjson_cstr(c->dir));
		mwjson_set(doc, "files", json_incref(c->files));
		mwjson_set(doc, "bytes", mwjson_u64(c->bytes));
		mwjson_set(doc, "skipped", json_incref(c->skipped));
		return syscmd_print(doc);
	}
	{
		struct mw_buf t, d;

		mw_buf_init(&t);
		mw_buf_init(&d);
		mw_escape_term(&d, c->dir, strlen(c->dir));
		printf("Captured %zu files (%s) into %s\n", c->written,
		    mw_fmt_bytes(sz, c->bytes, c->ctx->bytes), d.data);
		for (size_t i = 0; i < json_array_size(c->skipped); i++) {
			json_t *o = json_array_get(c->skipped, i);
			const char *why = json_string_value(json_object_get(o, "reason"));

			mw_buf_reset(&t);
			mw_escape_term(&t, why, strlen(why));
			printf("  skipped: %s\n", t.data);
		}
		printf("Read it back with: memwatch --proc-root %s system\n",
		    d.data);
		mw_buf_free(&t);
		mw_buf_free(&d);
	}
	return MW_EXIT_OK;
}

static int
run(struct capture *c, pid_t *pids, size_t npids, bool force)
{
	if (prepare(c, force) < 0)
		return cmd_fail(c->ctx);
	if (identity(c) < 0)
		goto fail;
	for (size_t i = 0; i < NELEM(system_files); i++)
		if (copy(c, system_files[i]) < 0)
			goto fail;
	if (c->ctx->src.live && copy_kmsg(c) < 0)
		goto fail;
	for (size_t i = 0; i < npids; i++)
		if (capture_pid(c, pids[i]) < 0)
			goto fail;
	if (c->copied == 0) {
		json_t *o = json_array_get(c->skipped, 0);

		mw_err_set(&c->ctx->err, -ENOENT, MW_EXIT_TARGET,
		    "nothing captured (no file below %s could be read, e.g. %s); give a /proc tree, or run as root",
		    c->ctx->src.root, o != NULL ?
		    json_string_value(json_object_get(o, "file")) : "meminfo");
		goto fail;
	}
	return report(c);
fail:
	undo(c, pids, npids);
	return cmd_fail(c->ctx);
}

/* The PID operands, each checked to exist below the root. */
static int
parse_pids(struct mw_ctx *ctx, int argc, char **argv, pid_t **out,
    size_t *n)
{
	pid_t *pids = mw_xreallocarray(NULL, (size_t)argc + 1, sizeof(*pids));
	char rel[32];

	*n = 0;
	for (int i = 0; i < argc; i++) {
		uint64_t v;

		if (mw_parse_u64_str(argv[i], &v) < 0 || v == 0 || v > INT_MAX) {
			free(pids);
			cmd_usage_error(ctx, "'%s' is not a process id", argv[i]);
			return -EINVAL;
		}
		snprintf(rel, sizeof(rel), "%d", (int)v);
		if (!mw_source_exists(&ctx->src, rel)) {
			free(pids);
			return mw_err_set(&ctx->err, -ENOENT, MW_EXIT_TARGET,
			    "no such process %d (not in %s); check the pid with ps",
			    (int)v, ctx->src.root);
		}
		pids[(*n)++] = (pid_t)v;
	}
	*out = pids;
	return 0;
}

static int
cmd_capture(struct mw_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct capture c = { .ctx = ctx };
	char *dir = NULL;
	bool force = false;
	pid_t *pids = NULL;
	size_t n = 0;
	int ch, rc;

	while ((ch = cmd_getopt(ctx, argc, argv, "o:fh", longopts)) != -1) {
		if (ch == 'o')
			c.dir = optarg;
		else if (ch == 'f')
			force = true;
		else if (ch == 'h')
			return cmd_help(&mw_cmd_capture);
		else
			return MW_EXIT_USAGE;
	}
	if (parse_pids(ctx, argc - optind, argv + optind, &pids, &n) != 0)
		return cmd_fail(ctx);
	if (c.dir == NULL)
		c.dir = dir = default_dir();
	mw_buf_init(&c.data);
	c.files = json_array();
	c.skipped = json_array();
	rc = run(&c, pids, n, force);
	json_decref(c.files);
	json_decref(c.skipped);
	mw_buf_free(&c.data);
	free(dir);
	free(pids);
	return rc;
}

const struct mw_cmd mw_cmd_capture = {
	.name = "capture",
	.fn = cmd_capture,
	.summary = "copy the /proc files memwatch reads into a tree for --proc-root",
	.usage = "memwatch capture [-o DIR] [--force] [PID...]",
	.options =
	"  -o, --output DIR    where to write (default memwatch-capture-HOST-TIME);\n"
	"                      it must be missing or empty\n"
	"  -f, --force         refresh DIR when it holds an earlier capture\n"
	"                      (never writes into another non-empty directory)\n"
	"Files: meminfo buddyinfo zoneinfo slabinfo pagetypeinfo vmstat, and per\n"
	"PID smaps smaps_rollup status stat statm maps cmdline comm oom_score\n"
	"oom_score_adj, plus kernel-release and page-size. Unreadable files (root-\n"
	"only ones, another user's process) are listed as skipped.\n",
};
