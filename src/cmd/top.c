/* cmd/top.c: live view of processes' memory (batch mode with -b). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "model/proctable.h"
#include "render/json_top.h"
#include "render/text_top.h"
#include "tui/tui.h"
#include "util/err.h"
#include "util/time.h"
#include "util/units.h"
#include "util/xmalloc.h"

struct top_opts {
	double interval;
	bool batch;
	uint64_t frames;	/* 0: until interrupted */
	uint64_t rows;		/* --top; 0: all */
	enum pt_key sort;
	bool reverse;
	const char *filter;
	pid_t pids[PT_ONLY_MAX];	/* --pid */
	size_t npids;
	char user[PT_USER_LEN];	/* -u: a name ("" for every user) */
	bool kthreads;		/* -K */
	bool cmdline;		/* -c */
	bool tree;		/* --tree */
	int by;			/* --by: a pt_group_by, or -1 */
};

/*
 * -u USER: a name, or a uid turned into its name as the table shows it
 * (the number itself when it has none).
 */
static int
set_user(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct top_opts *o = opts;
	struct passwd *pw;
	uint64_t uid;

	if (*arg == '\0' || strlen(arg) >= sizeof(o->user))
		return cmd_usage_error(ctx, "-u takes a user name or uid, not '%s'",
		    arg);
	snprintf(o->user, sizeof(o->user), "%s", arg);
	if (mw_parse_u64_str(arg, &uid) == 0 && uid <= UINT32_MAX &&
	    (pw = getpwuid((uid_t)uid)) != NULL &&
	    strlen(pw->pw_name) < sizeof(o->user))
		snprintf(o->user, sizeof(o->user), "%s", pw->pw_name);
	return 0;
}

/* "12,345" (the option may be repeated) into o->pids. */
static int
add_pids(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct top_opts *o = opts;
	const char *p = arg, *next;
	uint64_t v;

	for (;;) {
		if (mw_parse_u64(p, p + strlen(p), &v, &next) < 0 || v == 0 ||
		    v > INT_MAX || (*next != ',' && *next != '\0'))
			return cmd_usage_error(ctx,
			    "--pid takes process ids separated by commas, not '%s'", arg);
		if (o->npids == PT_ONLY_MAX)
			return cmd_usage_error(ctx,
			    "--pid takes at most %d processes", PT_ONLY_MAX);
		o->pids[o->npids++] = (pid_t)v;
		if (*next == '\0')
			return 0;
		p = next + 1;
	}
}

static int
set_delay(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct top_opts *o = opts;

	if (mw_parse_seconds(arg, &o->interval) < 0 || o->interval > 86400)
		return cmd_usage_error(ctx,
		    "-d takes seconds (fractions allowed), not '%s'", arg);
	return 0;
}

static int
set_frames(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct top_opts *o = opts;

	return cmd_parse_count(ctx, "-n", "a number of frames above 0", 1,
	    UINT64_MAX, arg, &o->frames);
}

static int
set_sort(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct top_opts *o = opts;
	int k;

	if ((k = pt_key_by_name(arg)) < 0)
		return cmd_usage_error(ctx,
		    "--sort takes pid, user, comm, vsz, rss, pss, uss, swap or growth, not '%s'",
		    arg);
	o->sort = (enum pt_key)k;
	return 0;
}

static int
set_rows(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct top_opts *o = opts;

	return cmd_parse_count(ctx, "--top", "a number of rows above 0", 1,
	    UINT64_MAX, arg, &o->rows);
}

static int
set_by(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct top_opts *o = opts;

	if ((o->by = pt_group_by_name(arg)) < 0)
		return cmd_usage_error(ctx, "--by takes user or comm, not '%s'",
		    arg);
	return 0;
}

static const struct mw_opt top_opts[] = {
	CMD_CALL('d', "delay", "SECONDS",
	    "time between refreshes (default 2, fractions allowed)", set_delay),
	CMD_CALL('s', "sort", "KEY",
	    "pid, user, comm, vsz, rss, pss (default), uss, swap, growth",
	    set_sort),
	CMD_FLAG('r', "reverse", "reverse the sort", struct top_opts, reverse),
	CMD_STRING('f', "filter", "TEXT",
	    "show only processes whose command, command line or pid\n"
	    "contains TEXT", struct top_opts, filter),
	CMD_CALL('u', "user", "USER",
	    "show only USER's processes (a name or a uid)", set_user),
	CMD_FLAG('K', "kernel-threads",
	    "list kernel threads (counted apart, not listed, by\n"
	    "default)", struct top_opts, kthreads),
	CMD_FLAG('c', "cmdline", "the command line instead of the command name",
	    struct top_opts, cmdline),
	CMD_FLAG(0, "tree",
	    "children under their parents, with each subtree's PSS",
	    struct top_opts, tree),
	CMD_CALL('p', "pid", "PID,...",
	    "watch only these processes (read only their files;\n"
	    "repeatable, at most 255)", add_pids),
	CMD_FLAG('b', "batch",
	    "print text frames instead of the live view (NDJSON\n"
	    "\"top-frame\" lines with --json, which implies -b)",
	    struct top_opts, batch),
	CMD_CALL('n', "iterations", "N",
	    "stop after N frames, or N refreshes in the live view\n"
	    "(default: until interrupted or q)", set_frames),
	CMD_CALL('t', "top", "N",
	    "batch: at most N rows per frame (default: all)", set_rows),
	CMD_CALL(0, "by", "user|comm",
	    "batch: totals per user or per command name instead of\n"
	    "processes", set_by),
	CMD_OPT_END,
};

/* Frames until -n is reached or a signal asks to stop. */
static volatile sig_atomic_t batch_stop;

static void
on_stop(int sig)
{
	batch_stop = sig;
}

/* One frame of rows idx[0..n), as the options ask: rows, tree, totals. */
static int
frame(struct mw_ctx *ctx, const struct top_opts *o, const struct proctable *pt,
    size_t *idx, size_t n)
{
	struct text_top_view v = {
		.key = o->sort, .exact = ctx->bytes, .cmdline = o->cmdline,
		.kthreads = o->kthreads || o->npids > 0,
	};
	struct pt_tree_row *tree = NULL;
	struct pt_group *g = NULL;
	char why[512], todo[256], denied[800];
	int rc;

	if (pt->unreadable > 0 && mw_source_privileged()) {
		v.denied = "";	/* not for want of privilege */
	} else if (pt->unreadable > 0) {
		mw_source_denied_why(&ctx->src, "1/smaps_rollup", why,
		    sizeof(why), todo, sizeof(todo));
		snprintf(denied, sizeof(denied), "%s (%s)", todo, why);
		v.denied = denied;
	}
	if (o->by >= 0) {
		size_t ng = proctable_group(pt, idx, n, (enum pt_group_by)o->by,
		    &g);

		if (o->rows != 0 && ng > o->rows)
			ng = (size_t)o->rows;
		rc = ctx->json ? mwjson_top_groups(stdout, pt, g, ng,
		    (enum pt_group_by)o->by, time(NULL), o->interval) :
		    text_top_groups(stdout, pt, idx, n, g, ng,
		    (enum pt_group_by)o->by, time(NULL), &v);
		free(g);
		return rc;
	}
	if (o->tree && n > 0) {
		tree = mw_xreallocarray(NULL, n, sizeof(*tree));
		proctable_tree(pt, idx, n, tree);
		for (size_t i = 0; i < n; i++)
			idx[i] = tree[i].row;
		v.tree = tree;
	}
	if (o->rows != 0 && n > o->rows)
		n = (size_t)o->rows;
	if (ctx->json)
		rc = mwjson_top_frame(stdout, pt, idx, n, time(NULL),
		    o->interval);
	else
		rc = text_top_frame(stdout, pt, idx, n, time(NULL), &v);
	free(tree);
	return rc;
}

static int
batch(struct mw_ctx *ctx, const struct top_opts *o)
{
	struct pt_select sel = {
		.key = o->sort, .reverse = o->reverse, .filter = o->filter,
		.user = o->user, .kthreads = o->kthreads || o->npids > 0,
	};
	struct proctable pt;
	size_t *idx = NULL, n;
	unsigned flags = PT_OPEN_FULL;
	int rc;

	/* Listed pids are read without libproc2: loading it costs more. */
	if (o->npids > 0)
		flags |= PT_OPEN_LISTED;
	if (o->cmdline || ctx->json)
		flags |= PT_OPEN_CMDLINE;
	rc = proctable_open(&pt, &ctx->src, flags, &ctx->err);
	if (rc < 0)
		return cmd_fail(ctx);
	proctable_only(&pt, o->pids, o->npids);
	signal(SIGINT, on_stop);
	signal(SIGTERM, on_stop);
	for (uint64_t f = 0; o->frames == 0 || f < o->frames; f++) {
		if (f > 0)
			mw_sleep(o->interval);
		if (batch_stop || (rc = proctable_refresh(&pt, NULL, 0,
		    &ctx->err)) < 0)
			break;
		if (f == 0 && o->npids > 0 && pt.len == 0) {
			rc = mw_err_set(&ctx->err, -ESRCH, MW_EXIT_TARGET,
			    "no such process %d (none of the --pid processes exists); check the pids with ps",
			    (int)o->pids[0]);
			break;
		}
		idx = mw_xreallocarray(idx, pt.len + 1, sizeof(*idx));
		n = proctable_select(&pt, &sel, idx);
		rc = frame(ctx, o, &pt, idx, n);
		if (rc == 0 && fflush(stdout) != 0)
			rc = cmd_output_error(ctx, errno);
		if (rc < 0)
			break;
		if (!ctx->json && (o->frames == 0 || f + 1 < o->frames))
			putchar('\n');
	}
	free(idx);
	proctable_close(&pt);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	return cmd_output_result(ctx, rc);
}

static int
cmd_top(struct mw_ctx *ctx, int argc, char **argv)
{
	struct top_opts o = { .interval = 2.0, .sort = PT_KEY_PSS, .by = -1 };
	struct tui_opts t;
	int rc;

	if ((rc = cmd_parse(ctx, &mw_cmd_top, argc, argv, &o)) != CMD_RUN)
		return rc;
	if (ctx->proc_root != NULL) {
		mw_err_set(&ctx->err, -EINVAL, MW_EXIT_USAGE,
		    "top reads the live /proc only (libproc2 cannot read --proc-root %s); drop --proc-root, or use 'memwatch --proc-root DIR PID show'",
		    ctx->proc_root);
		return MW_EXIT_USAGE;
	}
	if (ctx->json)
		o.batch = true;
	if (o.batch)
		return batch(ctx, &o);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		mw_err_set(&ctx->err, -ENOTTY, MW_EXIT_USAGE,
		    "top needs a terminal (standard input or output is not one); use 'memwatch top -b' for text frames, -b --json for NDJSON");
		return MW_EXIT_USAGE;
	}
	memset(&t, 0, sizeof(t));
	t.filter = o.filter;
	t.user = o.user[0] ? o.user : NULL;
	t.kthreads = o.kthreads;
	t.cmdline = o.cmdline;
	t.tree = o.tree;
	t.pids = o.pids;
	t.npids = o.npids;
	t.src = &ctx->src;
	t.interval = o.interval < 0.1 ? 0.1 : o.interval;
	t.frames = o.frames;
	t.sort = o.sort;
	t.reverse = o.reverse;
	t.color = ctx->use_color;
	t.exact = ctx->bytes;
	if (tui_run(&t, &ctx->err) < 0)
		return cmd_fail(ctx);
	return MW_EXIT_OK;
}

const struct mw_cmd mw_cmd_top = {
	.name = "top",
	.fn = cmd_top,
	.summary = "live view of processes' memory (batch mode with -b)",
	.usage = "memwatch top [-d SECONDS] [-s KEY] [-r] [-f TEXT] [-u USER] [-p PID,...] [-K] [-c] [--tree] [-b [-n N] [--top N] [--by user|comm]]",
	.opts = top_opts,
	.notes =
	"Keys in the live view: press ? (see memwatch(1)).\n",
};
