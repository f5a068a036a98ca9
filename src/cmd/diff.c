/* cmd/diff.c: memwatch PID diff [-i SECONDS | FILE] and memwatch diff A B. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/sysdiff.h"
#include "model/diff.h"
#include "model/snapshot.h"
#include "render/diff_view.h"
#include "render/json.h"
#include "render/json_diff.h"
#include "render/json_proc.h"
#include "render/json_proc_pair.h"
#include "render/json_proc_read.h"
#include "render/json_read.h"
#include "render/text_diff.h"
#include "util/time.h"
#include "util/xmalloc.h"
#include "util/units.h"

struct diff_opts {
	double interval;
	bool has_interval;
	bool all;
	bool force;
};

static int
set_interval(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct diff_opts *o = opts;

	if (mw_parse_seconds(arg, &o->interval) < 0)
		return cmd_usage_error(ctx,
		    "-i takes seconds (a number such as 1 or 0.5), not '%s'",
		    arg);
	o->has_interval = true;
	return 0;
}

static const struct mw_opt diff_opts[] = {
	CMD_CALL('i', "interval", "SECONDS",
	    "time between the two snapshots (default 1;\n"
	    "fractions allowed)", set_interval),
	CMD_FLAG('a', "all", "show unchanged mappings too", struct diff_opts,
	    all),
	CMD_FLAG('f', "force",
	    "compare even when the two sides are not the same\n"
	    "process (another pid, or the pid was reused)",
	    struct diff_opts, force),
	CMD_OPT_END,
};

static const struct mw_opt diff_files_opts[] = {
	CMD_FLAG('a', "all", "show unchanged mappings too", struct diff_opts,
	    all),
	CMD_FLAG('f', "force",
	    "compare snapshots of two different processes\n"
	    "(another pid, or the pid was reused)", struct diff_opts, force),
	CMD_CALL('i', "interval", "SECONDS",
	    "not here: two live snapshots are 'memwatch PID diff -i'",
	    set_interval),
	CMD_OPT_END,
};

/* Options of both forms; CMD_RUN to go on, else the exit status. */
static int
diff_getopt(struct mw_ctx *ctx, int argc, char **argv,
    const struct mw_cmd *cmd, struct diff_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->interval = 1;
	return cmd_parse(ctx, cmd, argc, argv, o);
}

/*
 * Print the diff of b and a; same more mappings were the same on both
 * sides and left out of both (see struct same_rows).
 */
static int
render(struct mw_ctx *ctx, const struct proc_snapshot *b,
    const struct proc_snapshot *a, struct diff_view *view, size_t same)
{
	struct proc_diff pd;
	int rc;

	view->bytes = ctx->bytes;
	view->color = ctx->use_color;
	proc_diff_compute(&pd, b, a);
	pd.vmas.count[DIFF_SAME] += same;
	if (ctx->json) {
		rc = mwjson_diff_print(&pd, view, stdout);
	} else {
		rc = text_diff_print(stdout, &pd, view);
	}
	proc_diff_free(&pd);
	return cmd_output_result(ctx, rc);
}

/* Refuse two sides that are not one process, unless --force. */
static int
same_process(struct mw_ctx *ctx, const struct proc_snapshot *b,
    const struct proc_snapshot *a, const char *bname, const char *aname,
    const struct diff_opts *o, struct diff_view *view)
{
	view->same_process = proc_id_same(proc_snapshot_id(b),
	    proc_snapshot_id(a));
	if (view->same_process || o->force)
		return 0;
	if (b->pid != a->pid)
		return mw_err_set(&ctx->err, -EINVAL, MW_EXIT_TARGET,
		    "cannot compare %s with %s (pid %d against pid %d: not the same process); give snapshots of one process, or --force to compare anyway",
		    bname, aname, (int)b->pid, (int)a->pid);
	return mw_err_set(&ctx->err, -EINVAL, MW_EXIT_TARGET,
	    "cannot compare %s with %s (pid %d was reused: it started at tick %llu, now at tick %llu, so it is another process); take a new snapshot, or --force to compare anyway",
	    bname, aname, (int)b->pid, (unsigned long long)b->start_ticks,
	    (unsigned long long)a->start_ticks);
}

/* Check identity, print the diff, release both snapshots. */
static int
compare(struct mw_ctx *ctx, struct proc_snapshot *b, struct proc_snapshot *a,
    const char *bname, const char *aname, const struct diff_opts *o,
    struct diff_view *view)
{
	int rc = same_process(ctx, b, a, bname, aname, o, view);

	rc = rc == 0 ? render(ctx, b, a, view, 0) : cmd_fail(ctx);
	snapshot_free(a);
	snapshot_free(b);
	return rc;
}

/* The second live snapshot, with the interval's own messages. */
static int
take_after(struct mw_ctx *ctx, const char *when, struct proc_snapshot *a)
{
	struct mw_err e;
	int rc;

	mw_err_clear(&e);
	rc = snapshot_take(&ctx->src, ctx->pid, SNAP_VMAS, a, &e);
	if (rc == -ENOENT)
		return mw_err_set(&ctx->err, rc, MW_EXIT_TARGET,
		    "process %d exited %s (gone); nothing to compare it with, diff a process that keeps running",
		    (int)ctx->pid, when);
	if (rc < 0)
		return mw_err_set(&ctx->err, rc, e.exit, "%s", e.msg);
	return 0;
}

static int
diff_live(struct mw_ctx *ctx, const struct diff_opts *o)
{
	struct proc_snapshot b, a;
	struct diff_view view = { .interval = o->interval, .all = o->all };
	char when[64], name[32];

	if (snapshot_take(&ctx->src, ctx->pid, SNAP_VMAS, &b, &ctx->err) < 0)
		return cmd_fail(ctx);
	cmd_sleep_progress(o->interval, "diff: between the two snapshots");
	snprintf(when, sizeof(when), "during the %g s interval", o->interval);
	if (take_after(ctx, when, &a) < 0) {
		snapshot_free(&b);
		return cmd_fail(ctx);
	}
	snprintf(name, sizeof(name), "pid %d", (int)ctx->pid);
	/* The pid was reused during the interval: another process now. */
	if (!proc_id_same(proc_snapshot_id(&b), proc_snapshot_id(&a)) &&
	    !o->force) {
		mw_err_set(&ctx->err, -ESRCH, MW_EXIT_TARGET,
		    "process %d exited %s and its pid was reused (start time changed); nothing to compare, or --force to compare anyway",
		    (int)ctx->pid, when);
		snapshot_free(&a);
		snapshot_free(&b);
		return cmd_fail(ctx);
	}
	return compare(ctx, &b, &a, name, name, o, &view);
}

static int
diff_saved(struct mw_ctx *ctx, const char *file, const struct diff_opts *o)
{
	struct proc_snapshot b, a;
	struct diff_view view = { .before_file = file, .interval = -1,
	    .all = o->all };
	char name[32];
	int rc;

	cmd_progress_file("reading", file);
	rc = mwjson_proc_snapshot_load(file, &b, &ctx->err);
	cmd_progress_done();
	if (rc < 0)
		return cmd_fail(ctx);
	snprintf(name, sizeof(name), "the live pid %d", (int)ctx->pid);
	if (b.pid != ctx->pid && !o->force) {
		mw_err_set(&ctx->err, -EINVAL, MW_EXIT_TARGET,
		    "cannot compare %s with %s (it is a snapshot of pid %d); give a snapshot of pid %d, or --force to compare anyway",
		    file, name, (int)b.pid, (int)ctx->pid);
		snapshot_free(&b);
		return cmd_fail(ctx);
	}
	if (take_after(ctx, "before it could be read", &a) < 0) {
		snapshot_free(&b);
		return cmd_fail(ctx);
	}
	return compare(ctx, &b, &a, file, name, o, &view);
}

static int
cmd_diff(struct mw_ctx *ctx, int argc, char **argv)
{
	struct diff_opts o;
	int rc = diff_getopt(ctx, argc, argv, &mw_cmd_diff, &o);

	if (rc != CMD_RUN)
		return rc;
	if (ctx->nargs == 0)
		return diff_live(ctx, &o);
	if (o.has_interval)
		return cmd_usage_error(ctx,
		    "-i is for two live snapshots; with FILE the saved snapshot is compared with now");
	return diff_saved(ctx, ctx->args[0], &o);
}

static const char *const file_kinds[] = { "process-snapshot",
    "system-snapshot", NULL };

/* Both files; without --all the rows the same in both are not kept. */
static int
load_both(struct mw_ctx *ctx, const struct diff_view *view, bool *bsys,
    struct proc_snapshot *b, bool *asys, struct proc_snapshot *a,
    size_t *same)
{
	int rc;

	cmd_progress_file("reading", view->before_file);
	rc = mwjson_proc_pair_read(view->before_file, view->after_file,
	    file_kinds, view->all, b, bsys, a, asys, same, &ctx->err);
	cmd_progress_done();
	return rc;
}

static int
cmd_diff_files(struct mw_ctx *ctx, int argc, char **argv)
{
	struct diff_opts o;
	struct proc_snapshot b, a;
	struct diff_view view = { .interval = -1 };
	bool bsys = false, asys = false;
	size_t same = 0;
	int rc = diff_getopt(ctx, argc, argv, &mw_cmd_diff_files, &o);

	if (rc != CMD_RUN)
		return rc;
	if (o.has_interval)
		return cmd_usage_error(ctx,
		    "-i is for a live process: memwatch PID diff -i SECONDS");
	if (ctx->nargs != 2)
		return cmd_usage_error(ctx,
		    "diff needs two snapshot files, A and B (for a process: memwatch PID diff)");
	view.before_file = ctx->args[0];
	view.after_file = ctx->args[1];
	view.all = o.all;
	snapshot_init(&a);
	snapshot_init(&b);
	/* a system snapshot is read twice: once to learn its kind */
	if (mwjson_rd_spool(ctx->args[0], &view.before_file, &ctx->err) < 0 ||
	    mwjson_rd_spool(ctx->args[1], &view.after_file, &ctx->err) < 0 ||
	    load_both(ctx, &view, &bsys, &b, &asys, &a, &same) < 0) {
		rc = cmd_fail(ctx);
	} else if (bsys != asys) {
		mw_err_set(&ctx->err, -EINVAL, MW_EXIT_TARGET,
		    "cannot compare %s with %s (a %s snapshot and a %s snapshot); give two snapshots of the same kind",
		    view.before_file, view.after_file,
		    bsys ? "system" : "process", asys ? "system" : "process");
		rc = cmd_fail(ctx);
	} else if (bsys) {
		rc = sysdiff_files(ctx, view.before_file,
		    view.after_file);
	} else {
		rc = same_process(ctx, &b, &a, view.before_file,
		    view.after_file, &o, &view);
		rc = rc == 0 ? render(ctx, &b, &a, &view, same) : cmd_fail(ctx);
	}
	snapshot_free(&a);
	snapshot_free(&b);
	return rc;
}

const struct mw_cmd mw_cmd_diff = {
	.name = "diff",
	.fn = cmd_diff,
	.summary = "what changed: two snapshots SECONDS apart, or a saved one against now",
	.usage = "memwatch PID diff [-i SECONDS | FILE] [--all] [--force]",
	.opts = diff_opts,
	.operands = 1,
};

const struct mw_cmd mw_cmd_diff_files = {
	.name = "diff",
	.fn = cmd_diff_files,
	.summary = "compare two saved snapshots (process or system)",
	.usage = "memwatch diff [--all] [--force] A B",
	.opts = diff_files_opts,
	.operands = CMD_ANY_OPERANDS,
};
