/* cmd/diff.c: memwatch PID diff [-i SECONDS | FILE] and memwatch diff A B. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "model/diff.h"
#include "model/snapshot.h"
#include "render/diff_view.h"
#include "render/json.h"
#include "render/json_diff.h"
#include "render/json_proc.h"
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

static const char diff_options[] =
"  -i, --interval SECONDS  time between the two snapshots (default 1;\n"
"                          fractions allowed)\n"
"  -a, --all               show unchanged mappings too\n"
"  -f, --force             compare even when the two sides are not the same\n"
"                          process (another pid, or the pid was reused)\n";

/* Options of both forms; -1 to go on, else the exit status. */
static int
diff_getopt(struct mw_ctx *ctx, int argc, char **argv,
    const struct mw_cmd *cmd, struct diff_opts *o)
{
	static const struct option longopts[] = {
		{ "interval", required_argument, NULL, 'i' },
		{ "all", no_argument, NULL, 'a' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->interval = 1;
	while ((c = cmd_getopt(ctx, argc, argv, "i:afh", longopts)) != -1) {
		switch (c) {
		case 'i':
			if (mw_parse_seconds(optarg, &o->interval) < 0)
				return cmd_usage_error(ctx,
				    "-i takes seconds (a number such as 1 or 0.5), not '%s'",
				    optarg);
			o->has_interval = true;
			break;
		case 'a':
			o->all = true;
			break;
		case 'f':
			o->force = true;
			break;
		case 'h':
			return cmd_help(cmd);
		default:
			return MW_EXIT_USAGE;
		}
	}
	return -1;
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
	json_t *doc;
	int rc;

	view->bytes = ctx->bytes;
	view->color = ctx->use_color;
	proc_diff_compute(&pd, b, a);
	pd.vmas.count[DIFF_SAME] += same;
	if (ctx->json) {
		doc = mwjson_diff(&pd, view);
		rc = mwjson_print(doc, stdout, false);
		json_decref(doc);
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

	if (rc >= 0)
		return rc;
	if (argc - optind > 1)
		return cmd_usage_error(ctx, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (optind == argc)
		return diff_live(ctx, &o);
	if (o.has_interval)
		return cmd_usage_error(ctx,
		    "-i is for two live snapshots; with FILE the saved snapshot is compared with now");
	return diff_saved(ctx, argv[optind], &o);
}

static const char *const file_kinds[] = { "process-snapshot",
    "system-snapshot", NULL };

/*
 * Rows of B the same as A's in every respect (range, identity, every
 * field) need not be kept: such a pair is a cluster of its own, "unchanged",
 * when neither side's mappings overlap (smaps never has them overlap, and
 * A is checked first, B as it is read). They are left out of B as it is
 * read and out of A after, and counted; a B found out of order has them
 * put back. Memory is then A's rows and what changed, not twice the rows.
 */
struct same_rows {
	struct proc_snapshot *a;
	unsigned char *mark;	/* A's rows left out of B */
	size_t j;		/* A's row at or after the last B row */
	size_t n;		/* rows left out */
	uint64_t last_end;	/* B's last row's end */
	bool off;		/* not (any more): keep every row */
};

static bool
ordered(const struct vma_vec *vv)
{
	for (size_t i = 1; i < vv->len; i++)
		if (vv->v[i].start < vv->v[i - 1].end)
			return false;
	return true;
}

static bool
same_keep(void *arg, const struct vma *v)
{
	struct same_rows *sr = arg;
	const struct vma_vec *av = &sr->a->vmas;
	const struct vma *w;

	if (!sr->off && (v->start < sr->last_end || v->end < v->start))
		sr->off = true;	/* B is not in order: keep all from here */
	sr->last_end = v->end;
	if (sr->off)
		return true;
	while (sr->j < av->len && av->v[sr->j].start < v->start)
		sr->j++;
	if (sr->j == av->len)
		return true;
	w = &av->v[sr->j];
	if (w->start != v->start || w->end != v->end ||
	    (w->inode == 0) != (v->inode == 0) || diff_vma_moved(w, v))
		return true;
	sr->mark[sr->j] = 1;
	sr->n++;
	return false;
}

/* B read: A's rows left out of B leave A too, or come back to B. */
static void
same_finish(struct same_rows *sr, struct proc_snapshot *b)
{
	struct vma_vec *av = &sr->a->vmas;
	size_t k = 0;

	for (size_t i = 0; i < av->len; i++) {
		if (!sr->mark[i])
			av->v[k++] = av->v[i];
		else if (sr->off)	/* the same row, and A outlives B */
			*vma_vec_push(&b->vmas) = av->v[i], av->v[k++] = av->v[i];
	}
	av->len = k;
	if (sr->off)
		sr->n = 0;
}

/*
 * Load one side of diff A B: its kind into *sys, and for a process
 * snapshot the snapshot itself, read as a stream (no tree of the document).
 * With sr, rows the same as sr->a's are left out (see struct same_rows).
 */
static int
load_side(struct mw_ctx *ctx, const char *path, bool *sys,
    struct proc_snapshot *s, struct same_rows *sr)
{
	struct mwjson_rd rd;
	int rc;

	snapshot_init(s);
	cmd_progress_file("reading", path);
	rc = mwjson_rd_open(&rd, path, &ctx->err);
	if (rc == 0)
		rc = mwjson_proc_snapshot_read_some(&rd, file_kinds, s, sys,
		    sr != NULL ? same_keep : NULL, sr);
	mwjson_rd_close(&rd);
	cmd_progress_done();
	return rc;
}

/* A, then B: without --all, B's rows the same as A's are not kept. */
static int
load_both(struct mw_ctx *ctx, const struct diff_view *view, bool *bsys,
    struct proc_snapshot *b, bool *asys, struct proc_snapshot *a,
    size_t *same)
{
	struct same_rows sr;
	int rc;

	*same = 0;
	if (load_side(ctx, view->before_file, bsys, b, NULL) < 0)
		return -EINVAL;
	memset(&sr, 0, sizeof(sr));
	sr.a = b;
	sr.off = view->all || *bsys || !b->has_vmas || !ordered(&b->vmas);
	sr.mark = sr.off ? NULL : mw_xcalloc(b->vmas.len + 1, 1);
	rc = load_side(ctx, view->after_file, asys, a, sr.off ? NULL : &sr);
	if (rc == 0 && !sr.off && !*asys && a->has_vmas) {
		same_finish(&sr, a);
		*same = sr.n;
	} else if (rc == 0 && sr.mark != NULL) {
		sr.off = true;
		same_finish(&sr, a);
	}
	free(sr.mark);
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

	if (rc >= 0)
		return rc;
	if (o.has_interval)
		return cmd_usage_error(ctx,
		    "-i is for a live process: memwatch PID diff -i SECONDS");
	if (argc - optind != 2)
		return cmd_usage_error(ctx,
		    "diff needs two snapshot files, A and B (for a process: memwatch PID diff)");
	view.before_file = argv[optind];
	view.after_file = argv[optind + 1];
	view.all = o.all;
	snapshot_init(&a);
	snapshot_init(&b);
	if (load_both(ctx, &view, &bsys, &b, &asys, &a, &same) < 0) {
		rc = cmd_fail(ctx);
	} else if (bsys != asys) {
		mw_err_set(&ctx->err, -EINVAL, MW_EXIT_TARGET,
		    "cannot compare %s with %s (a %s snapshot and a %s snapshot); give two snapshots of the same kind",
		    view.before_file, view.after_file,
		    bsys ? "system" : "process", asys ? "system" : "process");
		rc = cmd_fail(ctx);
	} else if (bsys) {
		rc = cmd_system_diff_files(ctx, view.before_file,
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
	.options = diff_options,
};

const struct mw_cmd mw_cmd_diff_files = {
	.name = "diff",
	.fn = cmd_diff_files,
	.summary = "compare two saved snapshots (process or system)",
	.usage = "memwatch diff [--all] [--force] A B",
	.options =
	"  -a, --all               show unchanged mappings too\n"
	"  -f, --force             compare snapshots of two different processes\n"
	"                          (another pid, or the pid was reused)\n",
};
