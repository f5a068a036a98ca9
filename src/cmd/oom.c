/* cmd/oom.c: OOM kills from the kernel's own report, explained.
 *
 * Without FILE the kernel log is read through the source module
 * (/dev/kmsg, or DIR/dev/kmsg of a capture); FILE is a saved log
 * (dmesg, journalctl -k, syslog, kmsg records), "-" standard input.
 * --follow is cmd/oom_follow.c.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/oom.h"
#include "model/oom.h"
#include "render/oom.h"
#include "render/term.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/time.h"
#include "util/units.h"

/* "2h", "90m", "30s", "1d" ago, or an RFC 3339 time. */
static int
parse_since(const char *arg, time_t now, time_t *t)
{
	static const struct {
		char c;
		uint64_t mul;
	} units[] = { { 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 } };
	const char *end;
	uint64_t n;

	if (mw_parse_rfc3339(arg, t) == 0)
		return 0;
	if (mw_parse_u64(arg, arg + strlen(arg), &n, &end) < 0)
		return -EINVAL;
	if (*end == '\0') {
		*t = now - (time_t)n;
		return n <= UINT64_C(1) << 40 ? 0 : -ERANGE;
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (end[0] == units[i].c && end[1] == '\0') {
			if (n > (UINT64_C(1) << 40) / units[i].mul)
				return -ERANGE;
			*t = now - (time_t)(n * units[i].mul);
			return 0;
		}
	return -EINVAL;
}

/* A saved log, whole ("-": standard input). 0 or the exit status. */
static int
read_log(struct mw_ctx *ctx, const char *path, struct mw_buf *out)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO :
	    open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	struct stat st;

	memset(&st, 0, sizeof(st));
	if (fd < 0)
		return mw_err_set(&ctx->err, -errno, MW_EXIT_TARGET,
		    "cannot read %s (%s); give a saved kernel log (dmesg, journalctl -k, syslog)",
		    path, strerror(errno)), MW_EXIT_TARGET;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return mw_err_set(&ctx->err, -EISDIR, MW_EXIT_TARGET,
		    "cannot read %s (a directory); give a saved kernel log, or --proc-root DIR for a capture",
		    path), MW_EXIT_TARGET;
	}
	/* /dev/kmsg as FILE would block at its end: it is read without. */
	if (fd != STDIN_FILENO && S_ISCHR(st.st_mode)) {
		close(fd);
		return mw_err_set(&ctx->err, -EINVAL, MW_EXIT_TARGET,
		    "cannot read %s as a saved log (a device); give no FILE to read the kernel log",
		    path), MW_EXIT_TARGET;
	}
	for (;;) {
		ssize_t n;

		if (out->len > ctx->src.max_size) {
			if (fd != STDIN_FILENO)
				close(fd);
			return mw_err_set(&ctx->err, -EFBIG, MW_EXIT_TARGET,
			    "cannot read %s (larger than %zu MiB); cut the log to the time you need",
			    path, ctx->src.max_size >> 20), MW_EXIT_TARGET;
		}
		mw_buf_grow(out, 65536);
		n = read(fd, out->data + out->len, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			if (fd != STDIN_FILENO)
				close(fd);
			return mw_err_set(&ctx->err, -e, MW_EXIT_TARGET,
			    "cannot read %s (%s); check the file", path,
			    strerror(e)), MW_EXIT_TARGET;
		}
		if (n == 0)
			break;
		mw_buf_setlen(out, out->len + (size_t)n);
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return 0;
}

/* The kernel log, all the ring still holds. 0 or the exit status. */
static int
read_kernel_log(struct mw_ctx *ctx, struct mw_buf *out)
{
	bool is_file;
	int fd = mw_source_kmsg_open(&ctx->src, &is_file, &ctx->err);
	ssize_t n;

	if (fd < 0)
		return cmd_fail(ctx);
	n = mw_source_kmsg_read(&ctx->src, fd, out, &ctx->err);
	close(fd);
	return n < 0 ? cmd_fail(ctx) : 0;
}

static int
show(struct mw_ctx *ctx, const struct cmd_oom_opts *o)
{
	struct mw_buf log;
	struct mw_arena arena;
	struct oom_log parsed;
	struct oom_events ev;
	struct oom_clock clk;
	const char *source = o->file != NULL ? o->file : "the kernel log";
	int rc;

	memset(&clk, 0, sizeof(clk));
	clk.now = time(NULL);
	mw_buf_init(&log);
	rc = o->file != NULL ? read_log(ctx, o->file, &log) :
	    read_kernel_log(ctx, &log);
	if (rc != 0) {
		mw_buf_free(&log);
		return rc;
	}
	/* Seconds since boot are this boot's only in the live log. */
	if (o->file == NULL && ctx->src.live)
		clk.has_boot = oom_boot_time(&ctx->src, &clk.boot) == 0;
	mw_arena_init(&arena);
	oom_parse(log.data, log.len, &arena, &parsed);
	oom_events_build(&parsed, &clk, o->since, o->has_since, &ev);
	if (ctx->json)
		rc = render_oom_json(stdout, &ev, source, ctx->bytes);
	else
		rc = render_oom_text(stdout, &ev, source, ctx->bytes,
		    ctx->use_color,
		    term_width(stdout, 80));
	oom_events_free(&ev);
	mw_arena_free(&arena);
	mw_buf_free(&log);
	if (rc < 0)
		return mw_err_set(&ctx->err, -EIO, MW_EXIT_TARGET,
		    "cannot write the report (output error); check the output"),
		    MW_EXIT_TARGET;
	return MW_EXIT_OK;
}

static int
set_since(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct cmd_oom_opts *o = opts;

	if (parse_since(arg, time(NULL), &o->since) < 0)
		return cmd_usage_error(ctx,
		    "--since takes a duration (30s, 15m, 2h, 1d) or an RFC 3339 time, not '%s'",
		    arg);
	o->has_since = true;
	return 0;
}

static int
set_interval(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct cmd_oom_opts *o = opts;

	if (mw_parse_seconds(arg, &o->interval) < 0 || o->interval < 0.1 ||
	    o->interval > 3600)
		return cmd_usage_error(ctx,
		    "--interval takes seconds from 0.1 to 3600, not '%s'", arg);
	return 0;
}

static int
set_count(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct cmd_oom_opts *o = opts;
	uint64_t n;

	if (cmd_parse_count(ctx, "--count", "a number of kills", 1, 1000000,
	    arg, &n) != 0)
		return MW_EXIT_USAGE;
	o->count = (size_t)n;
	return 0;
}

static const struct mw_opt oom_opts[] = {
	CMD_OPERAND("FILE",
	    "a saved kernel log: dmesg, journalctl -k, syslog or\n"
	    "/dev/kmsg records ('-': standard input); without it\n"
	    "the kernel log (root, CAP_SYSLOG or\n"
	    "kernel.dmesg_restrict=0), or DIR/dev/kmsg with\n"
	    "--proc-root DIR"),
	CMD_CALL('s', "since", "TIME",
	    "only kills after TIME: a duration ago (30s, 15m, 2h,\n"
	    "1d) or an RFC 3339 time; kills of unknown time stay", set_since),
	CMD_FLAG('f', "follow", "wait for new kills and print each as it happens",
	    struct cmd_oom_opts, follow),
	CMD_STRING('r', "record", "DIR",
	    "with --follow: keep samples of the machine (meminfo,\n"
	    "zones, PSI, the largest processes by PSS) and write\n"
	    "each kill to DIR with the samples before it",
	    struct cmd_oom_opts, record),
	CMD_CALL('i', "interval", "S",
	    "with --follow: seconds between samples (default 10)", set_interval),
	CMD_CALL('n', "count", "N", "with --follow: exit after N kills",
	    set_count),
	CMD_OPT_END,
};

static int
cmd_oom(struct mw_ctx *ctx, int argc, char **argv)
{
	struct cmd_oom_opts o;
	int rc;

	memset(&o, 0, sizeof(o));
	o.interval = 10;
	if ((rc = cmd_parse(ctx, &mw_cmd_oom, argc, argv, &o)) != CMD_RUN)
		return rc;
	if (ctx->nargs > 0)
		o.file = ctx->args[0];
	if (o.record != NULL && !o.follow)
		return cmd_usage_error(ctx, "--record works with --follow");
	if (o.has_since && o.follow)
		return cmd_usage_error(ctx,
		    "--since works without --follow (which shows new kills only)");
	if ((o.count > 0) && !o.follow)
		return cmd_usage_error(ctx, "--count works with --follow");
	if (o.follow && o.file != NULL)
		return cmd_usage_error(ctx,
		    "--follow reads the running kernel's log, not a file");
	if (o.follow)
		return cmd_oom_follow(ctx, &o);
	return show(ctx, &o);
}

const struct mw_cmd mw_cmd_oom = {
	.name = "oom",
	.fn = cmd_oom,
	.summary = "OOM kills from the kernel's report, explained",
	.usage = "memwatch oom [FILE] [--since TIME]\n"
	"       memwatch oom --follow [--record DIR] [-i SECONDS] [-n COUNT]",
	.opts = oom_opts,
	.operands = 1,
};
